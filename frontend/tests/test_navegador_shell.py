"""The SPA in Debian's Chromium, against the eight live services, through the frontend only.

What the studio's staff do first: log in (wrong, then right), move between empresas, an empresa
admin gives a receptionist access to Cadastros alone, and leaving leaves nothing behind.
"""
import re
import secrets
import time

import jwt
import pytest
from playwright.sync_api import expect

from frontend.disponibilidade import VALIDADE

SENHA = "senha-forte-123"
TODOS_OS_MODULOS = ["Dashboard", "Financeiro", "Relatórios", "Cadastros", "Operacional", "RH", "Administração"]


@pytest.fixture(scope="module")
def estudio(admin_http):
    """Two empresas and their manager (empresa admin of both, not a platform admin)."""
    sufixo = secrets.token_hex(3)
    empresas = []
    for nome in (f"Estúdio Aurora {sufixo}", f"Estúdio Boreal {sufixo}"):
        criada = admin_http.post("/api/empresas", json={"nome": nome})
        assert criada.status_code == 201, criada.text
        empresas.append(criada.json())
    todas = [f"{m}:{a}" for m in ("cadastros", "financeiro", "relatorios", "operacional", "rh", "dashboard")
             for a in ("ler", "escrever")] + ["admin"]
    gerente = {"username": f"gerente-{sufixo}", "nome": f"Marina Gerente {sufixo}", "password": SENHA,
               "empresas": [e["id"] for e in empresas], "permissoes": todas, "trocar_senha": False}
    criado = admin_http.post("/api/usuarios", json=gerente)
    assert criado.status_code == 201, criado.text
    return {"empresas": empresas, "gerente": gerente, "sufixo": sufixo}


def modulos_na_navegacao(pagina) -> list[str]:
    navegacao = pagina.get_by_role("navigation", name="Módulos")
    expect(navegacao).to_be_visible()
    return [texto.strip() for texto in navegacao.get_by_role("link").all_inner_texts()]


def test_login_errado_e_depois_certo_mostra_o_shell(abrir_pagina, entrar, estudio):
    pagina = abrir_pagina()
    gerente = estudio["gerente"]

    entrar(pagina, gerente["username"], "senha-errada", esperar=False)
    expect(pagina.get_by_role("alert")).to_have_text("Usuário ou senha inválidos")
    expect(pagina.get_by_role("navigation", name="Módulos")).to_have_count(0)

    pagina.get_by_label("Senha").fill(gerente["password"])
    pagina.get_by_role("button", name="Entrar").click()

    expect(pagina.get_by_role("banner")).to_contain_text(gerente["nome"])
    expect(pagina.get_by_role("combobox", name="Empresa")).to_have_value(str(estudio["empresas"][0]["id"]))
    assert modulos_na_navegacao(pagina) == TODOS_OS_MODULOS
    expect(pagina).to_have_url(re.compile(r"/dashboard$"))
    expect(pagina.get_by_role("heading", name="Dashboard", exact=True)).to_be_visible()
    # The token lives in an HttpOnly cookie: nothing in the page's storage, nothing its script can read.
    assert pagina.evaluate("localStorage.length + sessionStorage.length") == 0
    assert "erp_sessao" not in pagina.evaluate("document.cookie")


def test_troca_de_empresa_vale_para_a_sessao_e_sobrevive_ao_recarregar(abrir_pagina, entrar, estudio):
    pagina = abrir_pagina()
    primeira, segunda = estudio["empresas"]
    entrar(pagina, estudio["gerente"]["username"], SENHA)
    seletor = pagina.get_by_role("combobox", name="Empresa")
    expect(seletor).to_have_value(str(primeira["id"]))

    seletor.select_option(str(segunda["id"]))

    expect(pagina.get_by_role("status").filter(has_text=f"Agora você está em {segunda['nome']}")).to_be_visible()
    expect(seletor).to_have_value(str(segunda["id"]))
    pagina.goto("/administracao/auditoria")
    expect(pagina.get_by_role("table")).to_contain_text("passou para esta empresa")
    pagina.reload()
    expect(pagina.get_by_role("combobox", name="Empresa")).to_have_value(str(segunda["id"]))


def test_admin_da_empresa_cria_usuario_so_de_cadastros_que_ve_so_o_que_pode(abrir_pagina, entrar, estudio):
    pagina = abrir_pagina()
    entrar(pagina, estudio["gerente"]["username"], SENHA)
    pagina.get_by_role("navigation", name="Módulos").get_by_role("link", name="Administração").click()
    expect(pagina.get_by_role("heading", name="Administração")).to_be_visible()
    username = f"recepcao-{estudio['sufixo']}"

    pagina.get_by_role("button", name="Novo usuário").click()
    dialogo = pagina.get_by_role("dialog", name="Novo usuário")
    dialogo.get_by_label("Nome").fill("Rita Recepção")
    dialogo.get_by_label("Usuário (login)").fill(username)
    dialogo.get_by_label("Senha inicial").fill("curta")
    dialogo.get_by_label("Cadastros: Escrever").check()
    dialogo.get_by_role("button", name="Criar usuário").click()
    # The server's validation, in pt-BR, next to the field it names; the field gets the focus.
    senha = dialogo.get_by_label("Senha inicial")
    expect(senha).to_have_attribute("aria-invalid", "true")
    expect(senha).to_be_focused()
    expect(dialogo.locator("#campo-password-erro")).to_contain_text("8")

    senha.fill("recepcao-123")
    dialogo.get_by_role("button", name="Criar usuário").click()
    expect(dialogo).to_be_hidden()
    linha = pagina.get_by_role("row").filter(has_text=username)
    expect(linha).to_contain_text("Cadastros (escrever)")
    expect(linha).not_to_contain_text("Financeiro")

    pagina.get_by_role("button", name="Sair").click()
    # The password the manager chose opens only the choice of her own.
    entrar(pagina, username, "recepcao-123", esperar=False)
    expect(pagina.get_by_role("heading", name="Troque a sua senha")).to_be_visible()
    pagina.get_by_label("Senha atual (a que você acabou de usar)").fill("recepcao-123")
    pagina.get_by_label(re.compile(r"^Nova senha")).fill("balcao-da-rita-9")
    pagina.get_by_label("Confirme a nova senha").fill("balcao-da-rita-9")
    pagina.get_by_role("button", name="Salvar e continuar").click()
    assert modulos_na_navegacao(pagina) == ["Cadastros"]
    expect(pagina).to_have_url(re.compile(r"/cadastros$"))
    for caminho, modulo in (("/administracao/usuarios", "Administração"), ("/financeiro", "Financeiro")):
        pagina.goto(caminho)
        expect(pagina.get_by_role("alert")).to_contain_text(f"Você não tem acesso ao módulo {modulo}")
        expect(pagina.get_by_role("table")).to_have_count(0)


def test_novo_usuario_oferece_so_as_empresas_que_o_gerente_administra(abrir_pagina, entrar, estudio, admin_http):
    """Not every empresa of the platform: the manager administers Aurora and Boreal, nothing else."""
    outra = admin_http.post("/api/empresas", json={"nome": f"Estúdio Alheio {estudio['sufixo']}"})
    assert outra.status_code == 201, outra.text
    aurora, boreal = estudio["empresas"]
    pagina = abrir_pagina()
    entrar(pagina, estudio["gerente"]["username"], SENHA)
    pagina.goto("/administracao/usuarios")

    pagina.get_by_role("button", name="Novo usuário").click()
    dialogo = pagina.get_by_role("dialog", name="Novo usuário")
    empresas = dialogo.get_by_role("group", name="Empresas")
    expect(empresas.get_by_label(aurora["nome"])).to_be_checked()
    empresas.get_by_text("Incluir também em outras empresas que você administra (1)").click()
    expect(empresas.get_by_label(boreal["nome"])).not_to_be_checked()
    expect(empresas).not_to_contain_text("Estúdio Alheio")
    expect(empresas.get_by_role("checkbox")).to_have_count(2)
    username = f"duas-casas-{estudio['sufixo']}"
    dialogo.get_by_label("Nome").fill("Duas Casas")
    dialogo.get_by_label("Usuário (login)").fill(username)
    dialogo.get_by_label("Senha inicial").fill("duas-casas-2026")
    empresas.get_by_label(boreal["nome"]).check()
    dialogo.get_by_label("Cadastros: Ler").check()
    dialogo.get_by_role("button", name="Criar usuário").click()
    expect(dialogo).to_be_hidden()

    novo = type(admin_http)(admin_http.base).entrar(username, "duas-casas-2026")
    assert [e["id"] for e in novo["usuario"]["empresas"]] == [aurora["id"], boreal["id"]]
    assert novo["usuario"]["trocar_senha"] is True


def test_depois_de_sair_o_voltar_do_navegador_nao_mostra_nada_privado(abrir_pagina, entrar, estudio, live_services):
    pagina = abrir_pagina()
    gerente = estudio["gerente"]
    entrar(pagina, gerente["username"], SENHA)
    pagina.get_by_role("link", name="Administração").click()
    expect(pagina.get_by_role("table")).to_contain_text(gerente["username"])

    pagina.get_by_role("link", name="Auditoria").click()
    expect(pagina.get_by_role("table")).to_contain_text("entrou no sistema")

    pagina.get_by_role("button", name="Sair").click()
    expect(pagina.get_by_role("button", name="Entrar")).to_be_visible()

    # Back through every page of the app the session had visited, until the blank start page.
    voltas = 0
    while True:
        pagina.go_back()
        if not pagina.url.startswith(live_services.url("frontend")):
            break
        voltas += 1
        expect(pagina.get_by_role("button", name="Entrar")).to_be_visible()
        conteudo = pagina.locator("body").inner_text()
        assert gerente["nome"] not in conteudo and gerente["username"] not in conteudo
        expect(pagina.get_by_role("navigation", name="Módulos")).to_have_count(0)
        assert voltas < 10
    assert voltas >= 2
    assert not {c["name"] for c in pagina.context.cookies()} & {"erp_sessao", "erp_csrf"}


def test_token_expirado_e_renovado_em_silencio_e_o_relogio_renova_antes_de_expirar(abrir_pagina, entrar, estudio, jwt_keys):
    pagina = abrir_pagina()
    pagina.clock.install()
    gerente = estudio["gerente"]
    entrar(pagina, gerente["username"], SENHA)
    expect(pagina.get_by_role("banner")).to_contain_text(gerente["nome"])

    # The access token expires while the session lives: the next request renews and is retried.
    contexto = pagina.context
    cookie = next(c for c in contexto.cookies() if c["name"] == "erp_sessao")
    claims = jwt.decode(cookie["value"], options={"verify_signature": False})
    claims.update(iat=int(time.time()) - 900, exp=int(time.time()) - 300)
    vencido = jwt.encode(claims, jwt_keys.private_pem, algorithm="EdDSA", headers={"kid": jwt_keys.kid})
    contexto.add_cookies([{**cookie, "value": vencido}])
    with pagina.expect_response("**/api/renovar-sessao") as renovacao:
        pagina.get_by_role("link", name="Administração").click()
    assert renovacao.value.status == 200
    expect(pagina.get_by_role("table")).to_contain_text(gerente["username"])

    # A minute before expires_in (600 s), the page renews on its own.
    with pagina.expect_response("**/api/renovar-sessao") as renovacao:
        pagina.clock.fast_forward("09:30")
    assert renovacao.value.status == 200
    expect(pagina.get_by_role("banner")).to_contain_text(gerente["nome"])


def _ate_o_gateway_ver_fora_do_ar(admin_http, modulo: str):
    """Each gateway worker reuses its probe of the services for VALIDADE seconds: once one has seen
    the stop, all have after VALIDADE more."""
    for _ in range(50):
        itens = admin_http.get("/api/modulos").json()["items"]
        if not next(m["disponivel"] for m in itens if m["modulo"] == modulo):
            time.sleep(VALIDADE)
            return
        time.sleep(0.2)
    pytest.fail(f"o gateway não viu {modulo} fora do ar")


def test_modulo_fora_do_ar_aparece_indisponivel_e_os_outros_seguem(abrir_pagina, entrar, estudio, live_services,
                                                                   admin_http):
    pagina = abrir_pagina()
    live_services.stop("rh-api")
    try:
        _ate_o_gateway_ver_fora_do_ar(admin_http, "rh")
        entrar(pagina, estudio["gerente"]["username"], SENHA)
        rh = pagina.get_by_role("navigation", name="Módulos").get_by_role("link", name=re.compile("^RH"))
        expect(rh).to_contain_text("indisponível")
        rh.click()
        expect(pagina.get_by_role("alert")).to_contain_text("O módulo RH está fora do ar no momento")
        pagina.get_by_role("link", name="Administração").click()
        expect(pagina.get_by_role("table")).to_contain_text(estudio["gerente"]["username"])
    finally:
        live_services.start("rh-api")
