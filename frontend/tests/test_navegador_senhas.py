"""Passwords in Chromium, against the live services, through the frontend only.

A photographer changes their own password from the account menu in the header (a wrong current
password, a common new one and a mistyped confirmation each say what is wrong next to the field);
their other sessions end. The studio's manager resets a colleague's forgotten password and reads the
temporary one once; the colleague logs in with it, sees only "Troque a sua senha" (no module, and
every module's API refuses the session) until they choose their own, then the app as usual.
"""
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

SENHA = "senha-forte-123"
NOVA = "luz-natural-no-estudio-7"
TELAS = Path(os.environ.get("ERP_TELAS", "/tmp/telas"))
CELULAR = {"width": 390, "height": 844}
NOVA_SENHA = re.compile(r"^Nova senha")  # not "Confirme a nova senha"


@pytest.fixture(scope="module")
def equipe(nova_equipe):
    return nova_equipe("Estúdio Senhas", {
        "gerente": ["admin", "cadastros:escrever", "financeiro:escrever"],
        "fotografa": ["cadastros:ler", "financeiro:ler"],
        "assistente": ["cadastros:ler"],
    })


def foto(pagina, nome: str) -> None:
    TELAS.mkdir(parents=True, exist_ok=True)
    pagina.screenshot(path=str(TELAS / f"senhas-{nome}.png"), full_page=True)


def nao_mais_larga_que_a_janela(pagina) -> None:
    largura = pagina.evaluate("document.documentElement.scrollWidth")
    assert largura <= pagina.viewport_size["width"], largura


def abrir_menu_da_conta(pagina, nome: str):
    botao = pagina.get_by_role("banner").get_by_role("button", name=nome, exact=True)
    expect(botao).to_have_attribute("aria-expanded", "false")
    botao.click()
    expect(botao).to_have_attribute("aria-expanded", "true")
    return botao


def test_troca_a_propria_senha_pelo_menu_da_conta(abrir_pagina, entrar, equipe, admin_http):
    pessoa = equipe["fotografa"]
    # The same person on another device: that session ends when the password changes.
    outro_aparelho = type(admin_http)(admin_http.base)
    outro_aparelho.entrar(pessoa["username"], SENHA)
    pagina = abrir_pagina()
    entrar(pagina, pessoa["username"], SENHA)

    botao = abrir_menu_da_conta(pagina, pessoa["nome"])
    menu = pagina.locator("#menu-da-conta")
    expect(menu).to_contain_text(pessoa["username"])
    # Esc closes the menu and gives the focus back to its button.
    pagina.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(botao).to_be_focused()
    botao.click()
    menu.get_by_role("button", name="Trocar senha").click()
    dialogo = pagina.get_by_role("dialog", name="Trocar senha")
    expect(dialogo.get_by_label("Senha atual")).to_be_focused()
    foto(pagina, "trocar-notebook")

    def tentar(atual: str, nova: str, confirmacao: str | None = None) -> None:
        dialogo.get_by_label("Senha atual").fill(atual)
        dialogo.get_by_label(NOVA_SENHA).fill(nova)
        dialogo.get_by_label("Confirme a nova senha").fill(nova if confirmacao is None else confirmacao)
        dialogo.get_by_role("button", name="Trocar senha").click()

    tentar("nao-e-a-minha", NOVA)
    expect(dialogo.locator("#campo-senha_atual-erro")).to_have_text("Senha atual incorreta")
    expect(dialogo.get_by_label("Senha atual")).to_be_focused()
    tentar(SENHA, "Flamengo2024")
    expect(dialogo.locator("#campo-nova_senha-erro")).to_contain_text("muito comum")
    tentar(SENHA, NOVA, "luz-natural-no-estudio-8")
    expect(dialogo.locator("#campo-confirmacao-erro")).to_have_text("A confirmação não é igual à nova senha")

    tentar(SENHA, NOVA)

    expect(dialogo).to_be_hidden()
    expect(pagina.get_by_role("status").filter(has_text="Senha alterada")).to_be_visible()
    expect(botao).to_be_focused()
    # This session goes on; the other device's is over.
    pagina.get_by_role("navigation", name="Módulos").get_by_role("link", name="Cadastros").click()
    expect(pagina.get_by_role("heading", name="Cadastros")).to_be_visible()
    assert outro_aparelho.get("/api/check-auth").status_code == 401
    pagina.get_by_role("button", name="Sair").click()
    entrar(pagina, pessoa["username"], SENHA, esperar=False)
    expect(pagina.get_by_role("alert")).to_have_text("Usuário ou senha inválidos")
    pagina.get_by_label("Senha").fill(NOVA)
    pagina.get_by_role("button", name="Entrar").click()
    expect(pagina.get_by_role("navigation", name="Módulos")).to_be_visible()


def test_senha_redefinida_pelo_gerente_obriga_a_troca_no_primeiro_acesso(abrir_pagina, entrar, equipe):
    gerente, assistente = equipe["gerente"], equipe["assistente"]
    pagina = abrir_pagina()
    entrar(pagina, gerente["username"], SENHA)
    pagina.goto("/administracao/usuarios")
    pagina.get_by_role("row").filter(has_text=assistente["username"]).click()
    edicao = pagina.get_by_role("dialog", name=f"Editar {assistente['username']}")
    expect(edicao).to_contain_text("A pessoa escolhe a própria senha")
    foto(pagina, "edicao-notebook")
    edicao.get_by_role("button", name="Redefinir senha…").click()
    confirmacao = pagina.get_by_role("dialog", name="Redefinir senha")
    expect(confirmacao).to_contain_text("as sessões abertas terminam agora")
    confirmacao.get_by_role("button", name="Gerar senha temporária").click()

    mostrada = pagina.get_by_role("dialog", name="Senha temporária")
    expect(mostrada).to_contain_text("não será mostrada de novo")
    temporaria = mostrada.get_by_label("Senha temporária").inner_text().strip()
    assert re.fullmatch(r"[a-z2-9]{4}(-[a-z2-9]{4}){3}", temporaria), temporaria
    foto(pagina, "temporaria-notebook")
    mostrada.get_by_role("button", name="Concluir").click()
    expect(mostrada).to_be_hidden()
    linha = pagina.get_by_role("row").filter(has_text=assistente["username"])
    expect(linha).to_contain_text("troca de senha pendente")
    pagina.get_by_role("button", name="Sair").click()

    # The first login with the temporary password: only the change, whatever the address.
    pagina.set_viewport_size(CELULAR)
    entrar(pagina, assistente["username"], temporaria, esperar=False)
    expect(pagina.get_by_role("heading", name="Troque a sua senha")).to_be_visible()
    expect(pagina.get_by_role("navigation", name="Módulos")).to_have_count(0)
    assert pagina.title().startswith("Troque a sua senha")
    nao_mais_larga_que_a_janela(pagina)
    foto(pagina, "troca-obrigatoria-celular")
    pagina.goto("/cadastros/clientes")
    expect(pagina.get_by_role("heading", name="Troque a sua senha")).to_be_visible()
    expect(pagina).to_have_url(re.compile(r"/entrar\?proximo="))
    # Not only the screen: every module's API refuses this session (its cookie) until the change.
    for caminho in ("/api/clientes", "/api/contas", "/api/usuarios", "/api/modulos"):
        recusada = pagina.request.get(caminho)
        assert recusada.status == 403, (caminho, recusada.status)
        assert recusada.json() == {"error": "Troque a sua senha para continuar", "code": "sem_permissao"}

    pagina.get_by_label("Senha atual (a que você acabou de usar)").fill(temporaria)
    pagina.get_by_label(NOVA_SENHA).fill(assistente["username"])
    pagina.get_by_label("Confirme a nova senha").fill(assistente["username"])
    pagina.get_by_role("button", name="Salvar e continuar").click()
    expect(pagina.locator("#campo-nova_senha-erro")).to_have_text("A senha não pode ser igual ao usuário ou ao nome")
    pagina.get_by_label(NOVA_SENHA).fill(NOVA)
    pagina.get_by_label("Confirme a nova senha").fill(NOVA)
    pagina.get_by_role("button", name="Salvar e continuar").click()

    # Then the app as usual, where they had asked to go.
    expect(pagina.get_by_role("navigation", name="Módulos")).to_be_visible()
    expect(pagina).to_have_url(re.compile(r"/cadastros/clientes$"))
    assert pagina.request.get("/api/clientes").status == 200
    nao_mais_larga_que_a_janela(pagina)
    pagina.get_by_role("button", name="Sair").click()
    entrar(pagina, assistente["username"], temporaria, esperar=False)
    expect(pagina.get_by_role("alert")).to_have_text("Usuário ou senha inválidos")


def test_no_celular_o_menu_da_conta_cabe_e_leva_a_troca(abrir_pagina, entrar, equipe):
    gerente = equipe["gerente"]
    pagina = abrir_pagina()
    pagina.set_viewport_size(CELULAR)
    entrar(pagina, gerente["username"], SENHA)
    nao_mais_larga_que_a_janela(pagina)

    botao = abrir_menu_da_conta(pagina, gerente["nome"])
    # The initials on the screen; the name, visually hidden, stays the button's name.
    expect(botao.locator(".iniciais")).to_have_text(re.compile(r"^[A-Z0-9]{2}$"))
    assert botao.locator(".nome-usuario").bounding_box()["width"] <= 1
    nao_mais_larga_que_a_janela(pagina)
    foto(pagina, "menu-da-conta-celular")
    pagina.locator("#menu-da-conta").get_by_role("button", name="Trocar senha").click()

    dialogo = pagina.get_by_role("dialog", name="Trocar senha")
    expect(dialogo).to_be_visible()
    nao_mais_larga_que_a_janela(pagina)
    caixa = dialogo.bounding_box()
    assert caixa["x"] >= 0 and caixa["x"] + caixa["width"] <= CELULAR["width"]
    foto(pagina, "trocar-celular")
    pagina.keyboard.press("Escape")
    expect(dialogo).to_have_count(0)
    # A click anywhere else closes the open menu too.
    botao.click()
    expect(pagina.locator("#menu-da-conta")).to_be_visible()
    pagina.get_by_role("main").click(position={"x": 10, "y": 10})
    expect(pagina.locator("#menu-da-conta")).to_be_hidden()


def test_novo_usuario_sem_senha_digitada_recebe_uma_gerada_que_troca_no_primeiro_acesso(abrir_pagina, entrar, equipe):
    gerente = equipe["gerente"]
    username = f"estagiaria-{equipe['sufixo']}"
    pagina = abrir_pagina()
    entrar(pagina, gerente["username"], SENHA)
    pagina.goto("/administracao/usuarios")
    pagina.get_by_role("button", name="Novo usuário").click()
    dialogo = pagina.get_by_role("dialog", name="Novo usuário")
    expect(dialogo.get_by_label("Senha inicial")).not_to_have_attribute("required", "")
    dialogo.get_by_label("Nome").fill("Bia Estagiária")
    dialogo.get_by_label("Usuário (login)").fill(username)
    dialogo.get_by_label("Cadastros: Ler").check()
    dialogo.get_by_role("button", name="Criar usuário").click()

    mostrada = pagina.get_by_role("dialog", name="Senha temporária")
    expect(mostrada).to_contain_text("A senha inicial de Bia Estagiária")
    expect(mostrada).not_to_contain_text("sessões abertas")
    gerada = mostrada.get_by_label("Senha temporária").inner_text().strip()
    assert re.fullmatch(r"[a-z2-9]{4}(-[a-z2-9]{4}){3}", gerada), gerada
    mostrada.get_by_role("button", name="Concluir").click()
    expect(pagina.get_by_role("row").filter(has_text=username)).to_contain_text("troca de senha pendente")
    pagina.get_by_role("button", name="Sair").click()

    entrar(pagina, username, gerada, esperar=False)
    expect(pagina.get_by_role("heading", name="Troque a sua senha")).to_be_visible()
