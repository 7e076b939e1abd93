"""A brand-new empresa in Chromium, against the live services, through the frontend only.

The studio's owner opens the ERP for the first time: the dashboard lists the first steps, none
done; the suggested chart of categories is one click; the first conta marks its step done; hidden,
the list stays hidden for them (not for a colleague) after a reload. An empty list says what to do
and its button does it. Every screen's "?" opens its help beside the page — a sheet on a phone —
and Esc closes it, the focus back on the "?".
"""
import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from shared.config import hoje

from financeiro.ofx.escritor import Linha, ofx as escrever_ofx

SENHA = "senha-forte-123"
TELAS = Path(os.environ.get("ERP_TELAS", "/tmp/telas"))
TAMANHOS = {"celular": {"width": 390, "height": 844}, "notebook": {"width": 1366, "height": 850}}
DONA = ["admin", "dashboard:ler", "cadastros:escrever", "financeiro:escrever"]


@pytest.fixture
def estudio_novo(nova_equipe):
    """An empresa with nothing in it yet and its owner, alone."""
    return nova_equipe("Estúdio Novo", {"dona": DONA})


def abrir(abrir_pagina, entrar, pessoa: dict, tamanho: str = "notebook"):
    pagina = abrir_pagina()
    pagina.set_viewport_size(TAMANHOS[tamanho])
    entrar(pagina, pessoa["username"], SENHA)
    return pagina


def passos(pagina):
    return pagina.get_by_role("region", name="Primeiros passos")


def passo(pagina, nome: str):
    return passos(pagina).locator(f"li[data-passo='{nome}']")


def foto(pagina, nome: str) -> None:
    TELAS.mkdir(parents=True, exist_ok=True)
    pagina.screenshot(path=str(TELAS / f"primeiros-passos-{nome}.png"))


def cabe_na_janela(pagina) -> None:
    largura = pagina.evaluate("document.documentElement.scrollWidth")
    assert largura <= pagina.viewport_size["width"], f"a página tem {largura} px"


def test_primeiros_passos_do_modelo_de_categorias_a_primeira_conta_e_ocultar(abrir_pagina, entrar, estudio_novo,
                                                                               admin_http):
    pagina = abrir(abrir_pagina, entrar, estudio_novo["dona"])
    pagina.goto("/dashboard")
    expect(passos(pagina)).to_contain_text("0 de 5 feitos")
    expect(passos(pagina).get_by_role("listitem")).to_have_count(5)
    foto(pagina, "dashboard")
    for nome in ("contas", "categorias", "clientes", "extrato", "equipe"):
        expect(passo(pagina, nome)).not_to_have_class(re.compile(r"\bfeito\b"))

    # The studio's chart in one click: the step is done, and the categories are there.
    passos(pagina).get_by_role("button", name="Usar o plano de contas sugerido").click()
    expect(pagina.get_by_role("status").filter(has_text=re.compile(r"Plano de contas pronto: \d+ categorias criadas"))) \
        .to_be_visible()
    expect(passo(pagina, "categorias")).to_have_class(re.compile(r"\bfeito\b"))
    expect(passos(pagina)).to_contain_text("1 de 5 feitos")

    # The step's link leads to the screen that does it; its empty list says what to do.
    passo(pagina, "contas").get_by_role("link", name="Cadastrar contas").click()
    expect(pagina).to_have_url(re.compile(r"/cadastros/contas$"))
    vazio = pagina.locator(".estado-vazio")
    expect(vazio).to_contain_text("Nenhuma conta cadastrada ainda.")
    vazio.get_by_role("button", name="Cadastrar a primeira conta").click()
    dialogo = pagina.get_by_role("dialog", name="Nova conta")
    dialogo.get_by_label("Nome").fill("Caixa do estúdio")
    dialogo.get_by_label("Tipo").select_option("CAIXA")
    dialogo.get_by_role("button", name="Criar conta").click()
    expect(pagina.get_by_role("table", name="Contas").locator("tbody tr")).to_have_count(1)

    pagina.goto("/cadastros/categorias")
    for nome in ("Casamentos", "Ensaios", "Gestante", "Aluguel e condomínio", "Freelancers"):
        expect(pagina.locator(".no-linha .nome").filter(has_text=re.compile(f"^{nome}$"))).to_have_count(1)

    pagina.goto("/dashboard")
    expect(passo(pagina, "contas")).to_have_class(re.compile(r"\bfeito\b"))
    expect(passos(pagina)).to_contain_text("2 de 5 feitos")
    expect(passo(pagina, "contas").get_by_role("link")).to_have_count(0)

    # Hidden: gone, and still gone after a reload — for this person in this empresa only.
    passos(pagina).get_by_role("button", name="Ocultar").click()
    expect(passos(pagina)).to_have_count(0)
    pagina.reload()
    expect(pagina.get_by_role("region", name="Resumo")).to_be_visible()
    expect(passos(pagina)).to_have_count(0)
    # A partner joins (the team's step: someone besides the owner) and still sees the list.
    socia = {"username": f"socia-{estudio_novo['sufixo']}", "nome": "Sócia", "password": SENHA, "trocar_senha": False,
             "empresas": [estudio_novo["empresa"]["id"]], "permissoes": DONA}
    assert admin_http.post("/api/usuarios", json=socia).status_code == 201
    colega = abrir(abrir_pagina, entrar, socia)
    colega.goto("/dashboard")
    expect(passos(colega)).to_contain_text("3 de 5 feitos")
    expect(passo(colega, "equipe")).to_have_class(re.compile(r"\bfeito\b"))


def test_a_lista_vazia_diz_o_que_fazer_e_o_botao_faz(abrir_pagina, entrar, estudio_novo, admin_http):
    pagina = abrir(abrir_pagina, entrar, estudio_novo["dona"], "celular")

    pagina.goto("/cadastros/clientes")
    vazio = pagina.locator(".estado-vazio")
    expect(vazio).to_contain_text("Nenhum cliente cadastrado ainda.")
    foto(pagina, "clientes-vazio")
    vazio.get_by_role("button", name="Importar planilha de clientes").click()
    expect(pagina.get_by_role("dialog", name="Importar clientes")).to_be_visible()
    pagina.keyboard.press("Escape")

    pagina.goto("/cadastros/categorias")
    pagina.locator(".estado-vazio").get_by_role("button", name="Usar o plano de contas sugerido").click()
    expect(pagina.get_by_role("button", name="Editar Casamentos")).to_be_visible()
    expect(pagina.locator(".estado-vazio")).to_have_count(0)

    pagina.goto("/financeiro")
    vazio = pagina.locator(".estado-vazio")
    expect(vazio).to_contain_text("Nenhum lançamento ainda.")
    vazio.get_by_role("button", name="Criar o primeiro lançamento").click()
    expect(pagina.get_by_role("dialog", name="Novo lançamento")).to_be_visible()
    pagina.keyboard.press("Escape")

    pagina.goto("/financeiro/conciliacao")
    vazio = pagina.locator(".estado-vazio")
    expect(vazio).to_contain_text("Nenhum extrato importado ainda.")
    vazio.get_by_role("link", name="Importar extrato").click()
    expect(pagina).to_have_url(re.compile(r"/financeiro/extratos$"))
    # No conta yet: the statements' screen leads to where one is created.
    pagina.locator(".estado-vazio").get_by_role("link", name="Cadastrar a conta").click()
    expect(pagina).to_have_url(re.compile(r"/cadastros/contas$"))
    cabe_na_janela(pagina)

    # Set up — a conta, the categorias, a cliente, a statement —, the empresa's dashboard no longer
    # lists the first steps, though its owner, alone, invited no one.
    http = type(admin_http)(admin_http.base)
    http.entrar(estudio_novo["dona"]["username"], SENHA)
    conta = http.criar("/api/contas", nome="Itaú", tipo="CORRENTE", banco="341", agencia="1234-5", numero="123456-7")
    http.criar("/api/clientes", nome="Ana Souza")
    extrato = escrever_ofx([Linha(hoje(), "150.00", "PIX RECEBIDO ANA SOUZA", "P-1")], inicio=hoje() - timedelta(days=3),
                           fim=hoje(), conta="123456-7", agencia="1234", saldo="150.00")
    enviado = http.post("/api/extratos/upload", data={"conta_id": conta["id"]}, files={"arquivo": ("itau.ofx", extrato)})
    assert enviado.status_code == 201, enviado.text
    http.close()
    with pagina.expect_response(re.compile(r"/api/extratos\?limit=1")), \
            pagina.expect_response(re.compile(r"/api/usuarios\?limit=2")):
        pagina.goto("/dashboard")
    expect(pagina.get_by_role("region", name="Resumo")).to_be_visible()
    expect(passos(pagina)).to_have_count(0)


@pytest.mark.parametrize("tamanho", TAMANHOS)
def test_a_ajuda_de_cada_tela_abre_ao_lado_e_fecha_com_esc(abrir_pagina, entrar, estudio_novo, tamanho):
    pagina = abrir(abrir_pagina, entrar, estudio_novo["dona"], tamanho)
    janela = TAMANHOS[tamanho]

    pagina.goto("/cadastros/contas")
    botao = pagina.get_by_role("button", name="Ajuda: Contas")
    expect(botao).to_have_attribute("aria-expanded", "false")
    botao.click()
    painel = pagina.get_by_role("complementary", name="Ajuda: Contas")
    expect(painel).to_be_visible()
    expect(painel).to_be_focused()
    expect(painel).to_contain_text("Nova conta")
    expect(botao).to_have_attribute("aria-expanded", "true")
    caixa = painel.bounding_box()
    if tamanho == "celular":  # a sheet from the bottom, the whole width
        assert caixa["x"] == 0 and caixa["width"] == janela["width"], caixa
        assert abs(caixa["y"] + caixa["height"] - janela["height"]) <= 1 and caixa["y"] > 0, caixa
    else:  # a drawer on the right, the page still in view beside it
        assert abs(caixa["x"] + caixa["width"] - janela["width"]) <= 1 and caixa["width"] < janela["width"] / 2, caixa
    cabe_na_janela(pagina)
    foto(pagina, f"ajuda-{tamanho}")

    # Another tab of the module: the open panel follows the screen.
    pagina.get_by_role("navigation", name="Seções de cadastros").get_by_role("link", name="Categorias").click()
    expect(pagina.get_by_role("complementary", name="Ajuda: Categorias")).to_contain_text("plano de contas")
    pagina.get_by_role("complementary", name="Ajuda: Categorias").focus()
    pagina.keyboard.press("Escape")
    expect(pagina.get_by_role("complementary")).to_have_count(0)
    expect(pagina.get_by_role("button", name="Ajuda: Categorias")).to_be_focused()
    expect(pagina.get_by_role("button", name="Ajuda: Categorias")).to_have_attribute("aria-expanded", "false")

    # Minha conta: from the account menu in the header; Esc gives the focus back to the menu's button.
    conta = pagina.get_by_role("banner").get_by_role("button", name=estudio_novo["dona"]["nome"], exact=True)
    conta.click()
    pagina.get_by_role("button", name="Ajuda com a minha conta").click()
    ajuda_da_conta = pagina.get_by_role("complementary", name="Ajuda: Minha conta")
    expect(ajuda_da_conta).to_be_focused()
    expect(ajuda_da_conta).to_contain_text("Trocar senha")
    cabe_na_janela(pagina)
    pagina.keyboard.press("Escape")
    expect(ajuda_da_conta).to_have_count(0)
    expect(conta).to_be_focused()

    # Every screen has its help, and its × closes it too.
    for rota, titulo in (("/dashboard", "Dashboard"), ("/financeiro", "Lançamentos"), ("/financeiro/extratos", "Extratos"),
                         ("/financeiro/conciliacao", "Conciliação"), ("/cadastros/clientes", "Clientes"),
                         ("/cadastros/fornecedores", "Fornecedores"), ("/administracao/usuarios", "Usuários"),
                         ("/administracao/auditoria", "Auditoria")):
        pagina.goto(rota)
        pagina.get_by_role("button", name=f"Ajuda: {titulo}").click()
        painel = pagina.get_by_role("complementary", name=f"Ajuda: {titulo}")
        expect(painel.locator("p")).not_to_have_count(0)
        cabe_na_janela(pagina)
        painel.get_by_role("button", name="Fechar a ajuda").click()
        expect(painel).to_have_count(0)
