"""The conventions every later screen reuses, in Chromium: the list with cursor pagination, its
filters and its states, and keyboard use of the shell, forms and modals.
"""
import secrets

import psycopg2
import pytest
from playwright.sync_api import expect

SENHA = "senha-forte-123"
MEMBROS_EXTRAS = 109  # with the manager, 110 users: pages of 50, 50 and 10


@pytest.fixture(scope="module")
def empresa_grande(admin_http, live_services):
    """An empresa with 110 users; the extra ones go straight into the database (no password
    hashing for people who never log in)."""
    sufixo = secrets.token_hex(3)
    empresa = admin_http.post("/api/empresas", json={"nome": f"Estúdio Lista {sufixo}"}).json()
    gerente = {"username": f"chefe-{sufixo}", "nome": f"Chefe {sufixo}", "password": SENHA,
               "empresas": [empresa["id"]], "permissoes": ["admin", "cadastros:escrever"], "trocar_senha": False}
    assert admin_http.post("/api/usuarios", json=gerente).status_code == 201
    with psycopg2.connect(live_services.database.owner_url) as conexao, conexao.cursor() as cur:
        cur.execute("SELECT set_config('app.empresa_id', %s, true)", (str(empresa["id"]),))
        cur.execute(
            """WITH novos AS (
                   INSERT INTO auth.usuarios (username, nome, senha_hash)
                   SELECT format('pessoa-%%s-%%s', %(sufixo)s, lpad(n::text, 3, '0')),
                          format('Pessoa %%s', lpad(n::text, 3, '0')), 'sem-login'
                   FROM generate_series(1, %(quantos)s) AS n
                   RETURNING id)
               INSERT INTO auth.membros (empresa_id, usuario_id, permissoes)
               SELECT %(empresa)s, id, '{cadastros:ler}' FROM novos""",
            {"sufixo": sufixo, "quantos": MEMBROS_EXTRAS, "empresa": empresa["id"]},
        )
    conexao.close()
    return {"gerente": gerente, "sufixo": sufixo}


def linhas_de_dados(pagina):
    return pagina.get_by_role("table").locator("tbody tr")


def test_lista_pagina_por_cursor_com_rolagem_e_botao_filtra_e_mostra_vazio(abrir_pagina, entrar, empresa_grande):
    pagina = abrir_pagina()
    entrar(pagina, empresa_grande["gerente"]["username"], SENHA)
    pagina.goto("/administracao/usuarios")
    expect(linhas_de_dados(pagina)).to_have_count(50)

    # Infinite scroll: reaching the end of the list asks for the next page by itself.
    pagina.get_by_role("button", name="Carregar mais").scroll_into_view_if_needed()
    expect(linhas_de_dados(pagina)).to_have_count(100)
    # And the button, for whoever prefers it or uses the keyboard.
    pagina.get_by_role("button", name="Carregar mais").click()
    expect(linhas_de_dados(pagina)).to_have_count(110)
    expect(pagina.get_by_role("button", name="Carregar mais")).to_have_count(0)
    nomes = linhas_de_dados(pagina).locator("td:first-child").all_inner_texts()
    assert len(set(nomes)) == 110  # no page repeated or skipped

    pagina.get_by_label("Buscar").fill("Pessoa 10")
    expect(linhas_de_dados(pagina)).to_have_count(10)  # Pessoa 100 .. 109
    pagina.get_by_label("Buscar").fill("ninguém-com-este-nome")
    expect(pagina.get_by_text("Nenhum usuário encontrado com essa busca.")).to_be_visible()


def test_lista_com_servico_fora_do_ar_mostra_o_modulo_e_tenta_de_novo(abrir_pagina, entrar, empresa_grande, live_services):
    pagina = abrir_pagina()
    entrar(pagina, empresa_grande["gerente"]["username"], SENHA)
    pagina.goto("/administracao/usuarios")
    expect(linhas_de_dados(pagina)).to_have_count(50)

    live_services.stop("auth-api")
    try:
        pagina.get_by_role("button", name="Carregar mais").click()
        aviso = pagina.get_by_role("alert")
        expect(aviso).to_contain_text("Autenticação e administração")
        expect(aviso).to_contain_text("indisponível")
        expect(linhas_de_dados(pagina)).to_have_count(50)  # what was loaded stays on screen
    finally:
        live_services.start("auth-api")
    pagina.get_by_role("button", name="Tentar novamente").click()
    expect(linhas_de_dados(pagina)).to_have_count(100)


def test_teclado_pula_para_o_conteudo_abre_e_fecha_modal_e_abre_registro(abrir_pagina, empresa_grande):
    pagina = abrir_pagina()
    pagina.goto("/administracao/usuarios")
    # The login's first field has the focus: type, Tab, type, Enter.
    expect(pagina.get_by_label("Usuário")).to_be_focused()
    pagina.keyboard.type(empresa_grande["gerente"]["username"])
    pagina.keyboard.press("Tab")
    pagina.keyboard.type(SENHA)
    pagina.keyboard.press("Enter")
    # Back where the user was going before the login.
    expect(pagina.get_by_role("heading", name="Administração")).to_be_visible()
    expect(linhas_de_dados(pagina)).to_have_count(50)

    pagina.keyboard.press("Tab")
    expect(pagina.get_by_role("link", name="Pular para o conteúdo")).to_be_focused()
    pagina.keyboard.press("Enter")
    assert pagina.evaluate("document.activeElement.id") == "conteudo"

    novo = pagina.get_by_role("button", name="Novo usuário")
    novo.focus()
    pagina.keyboard.press("Enter")
    dialogo = pagina.get_by_role("dialog", name="Novo usuário")
    expect(dialogo.get_by_label("Nome")).to_be_focused()
    pagina.keyboard.press("Escape")
    expect(dialogo).to_have_count(0)
    expect(novo).to_be_focused()

    linhas_de_dados(pagina).first.focus()
    pagina.keyboard.press("Enter")
    expect(pagina.get_by_role("dialog", name="Editar")).to_be_visible()
