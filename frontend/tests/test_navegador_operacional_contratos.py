"""Contratos in Chromium, against the live services, through the frontend only: the office creates a
contract of 3 parcelas, sees them lançadas in Financeiro's ledger, makes the acceptance link; the
client, logged out, opens it, reads the contract and accepts with name and CPF; the office then sees
the contract signed and the record of the acceptance."""
import re

import pytest
from playwright.sync_api import expect

SENHA = "senha-forte-123"


@pytest.fixture(scope="module")
def estudio(admin_http, nova_equipe):
    """An empresa with its producer (operacional, cadastros and financeiro) and, through the API, the
    cliente, the conta and the receita the contract points at."""
    equipe = nova_equipe("Estúdio Contratos", {"produtora": ["operacional:escrever", "cadastros:escrever",
                                                             "financeiro:ler"]})
    http = type(admin_http)(admin_http.base)
    http.entrar(equipe["produtora"]["username"], SENHA)
    try:
        equipe["cliente"] = http.criar("/api/clientes", nome="Carla Noiva")
        equipe["conta"] = http.criar("/api/contas", nome="Caixa do estúdio", tipo="CAIXA")
        equipe["receita"] = http.criar("/api/categorias", nome="Coberturas", tipo="RECEITA")
    finally:
        http.close()
    return equipe


def test_contrato_com_parcelas_no_financeiro_e_aceite_sem_login(abrir_pagina, entrar, estudio):
    pagina = abrir_pagina()
    entrar(pagina, estudio["produtora"]["username"], SENHA)
    pagina.goto("/operacional/contratos")
    expect(pagina.get_by_text("Nenhum contrato ainda.")).to_be_visible()
    pagina.get_by_role("button", name="Criar o primeiro contrato").click()
    dialogo = pagina.get_by_role("dialog", name="Novo contrato")
    dialogo.get_by_role("combobox", name="Cliente").fill("Carla")
    dialogo.get_by_role("option", name="Carla Noiva").click()
    dialogo.get_by_label("Descrição").fill("Cobertura do casamento de Carla")
    dialogo.get_by_label("Valor total").fill("1.000,00")
    dialogo.get_by_label("Parcelas").fill("3")
    dialogo.get_by_label("Data do primeiro vencimento").fill("31/01/2031")
    dialogo.get_by_label("Conta de recebimento").select_option(label="Caixa do estúdio")
    dialogo.get_by_label("Categoria de receita").select_option(value=str(estudio["receita"]["id"]))
    dialogo.get_by_role("button", name="Criar contrato").click()

    expect(pagina).to_have_url(re.compile(r"/operacional/contratos/\d+$"))
    parcelas = pagina.get_by_role("table", name="Parcelas do contrato").locator("tbody tr")
    expect(parcelas).to_have_count(3)
    expect(parcelas.nth(0)).to_contain_text("31/01/2031")
    expect(parcelas.nth(0)).to_contain_text("333,34")
    expect(parcelas.nth(1)).to_contain_text("28/02/2031")
    expect(parcelas.nth(2)).to_contain_text("333,33")
    expect(parcelas.filter(has_text="Em aberto")).to_have_count(3)
    expect(pagina.get_by_text("Parcelas ainda não lançadas no Financeiro")).to_have_count(0)
    expect(pagina.locator("[data-texto-contrato]")).to_contain_text("Carla Noiva")
    endereco_do_contrato = pagina.url

    # The three receivables are in Financeiro's ledger.
    pagina.goto("/financeiro?periodo=tudo")
    expect(pagina.get_by_role("table").locator("tbody tr").filter(has_text="Cobertura do casamento de Carla")) \
        .to_have_count(3)

    # The acceptance link, to send to the client.
    pagina.goto(endereco_do_contrato)
    pagina.get_by_role("button", name="Gerar link de aceite").click()
    link = pagina.locator("[data-link-aceite]")
    expect(link).to_be_visible()
    caminho = re.sub(r"^https?://[^/]+", "", link.get_attribute("href"))
    assert caminho.startswith("/aceite/")

    # The client: another browser, no session.
    cliente = abrir_pagina()
    cliente.goto(caminho)
    expect(cliente.get_by_role("heading", name=re.compile(r"Contrato nº \d+"))).to_be_visible()
    expect(cliente.locator("[data-texto-contrato]")).to_contain_text("Carla Noiva")
    expect(cliente.get_by_role("link", name="Abrir o contrato em PDF")).to_be_visible()
    cliente.get_by_label("Nome completo").fill("Carla Noiva da Silva")
    cliente.get_by_label("CPF").fill("52998224725")
    cliente.get_by_role("button", name="Li e aceito").click()
    expect(cliente.get_by_text("Contrato aceito")).to_be_visible()
    sha = cliente.locator("[data-sha256]").inner_text()
    assert re.fullmatch(r"[0-9a-f]{64}", sha)
    # A reload shows the acceptance, not the form again.
    cliente.reload()
    expect(cliente.get_by_text("Contrato aceito")).to_be_visible()
    expect(cliente.get_by_role("button", name="Li e aceito")).to_have_count(0)

    # The office sees it signed, who accepted and the same hash.
    pagina.reload()
    expect(pagina.get_by_role("heading", name=re.compile("Contrato nº"))).to_contain_text("Assinado")
    expect(pagina.get_by_text("Carla Noiva da Silva")).to_be_visible()
    expect(pagina.get_by_text(sha)).to_be_visible()


def test_link_errado_mostra_que_nao_existe(abrir_pagina):
    cliente = abrir_pagina()
    cliente.goto("/aceite/" + "x" * 43)
    expect(cliente.get_by_text("Este link de aceite não existe ou foi substituído")).to_be_visible()


def test_financeiro_fora_o_contrato_fica_salvo_e_tentar_de_novo_lanca(abrir_pagina, entrar, estudio, admin_http,
                                                                      live_services):
    http = type(admin_http)(admin_http.base)
    http.entrar(estudio["produtora"]["username"], SENHA)
    live_services.stop("financeiro-api")
    try:
        contrato = http.criar("/api/contratos", cliente_id=estudio["cliente"]["id"], descricao="Ensaio gestante",
                              valor="600.00", parcelas=2, primeiro_vencimento="2031-03-10",
                              conta_id=estudio["conta"]["id"], categoria_id=estudio["receita"]["id"])
        assert contrato["sincronizacao"] == "pendente" and contrato["lancamento_ids"] == []
        # The page tries once by itself, quietly; financeiro still down, the warning stays.
        pagina = abrir_pagina()
        entrar(pagina, estudio["produtora"]["username"], SENHA)
        pagina.goto(f"/operacional/contratos/{contrato['id']}")
        aviso = pagina.get_by_role("alert").filter(has_text="Parcelas ainda não lançadas no Financeiro")
        expect(aviso).to_be_visible()
        parcelas = pagina.get_by_role("table", name="Parcelas do contrato").locator("tbody tr")
        expect(parcelas.filter(has_text="Não lançada")).to_have_count(2)
        expect(aviso.get_by_role("button", name="Tentar de novo")).to_be_enabled()
    finally:
        live_services.start("financeiro-api")
        http.close()
    aviso.get_by_role("button", name="Tentar de novo").click()
    expect(pagina.get_by_text("Parcelas ainda não lançadas no Financeiro")).to_have_count(0)
    expect(parcelas.filter(has_text="Em aberto")).to_have_count(2)
