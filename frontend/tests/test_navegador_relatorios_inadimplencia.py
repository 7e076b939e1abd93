"""Inadimplência and análise por categoria in Chromium, against the live services, through the frontend.

Carla owes the studio a wedding of R$ 800,00 due 45 days ago, of which she paid R$ 300,00 ten days
ago, and an album of R$ 400,00 due in 10 days. Today the aging shows R$ 500,00 in 31–60 days and
R$ 400,00 a vencer; with the data base 20 days back, before her payment, the wedding's R$ 800,00
is 25 days late. Her row opens her open lançamentos, her extrato, and the ledger with her filter.
The análise by competência shows the two categorias adding to 100%.

By centro de custo: nothing of Carla's is in the studio's one centro, all of it is "sem centro de
custo", and from there her ledger link and the análise's drill-down keep that filter.
"""
import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from shared.config import hoje

SENHA = "senha-forte-123"


@pytest.fixture(scope="module")
def estudio(admin_http, nova_equipe):
    equipe = nova_equipe("Estúdio Aging", {"dona": ["relatorios:ler", "financeiro:escrever", "cadastros:escrever"]})
    sufixo = equipe["sufixo"]
    http = type(admin_http)(admin_http.base)
    http.entrar(equipe["dona"]["username"], SENHA)
    try:
        conta = http.criar("/api/contas", nome=f"Caixa {sufixo}", tipo="CAIXA", saldo_inicial="0.00",
                           data_saldo_inicial=(hoje() - timedelta(days=90)).isoformat())
        casamentos = http.criar("/api/categorias", nome=f"Casamentos {sufixo}", tipo="RECEITA")
        albuns = http.criar("/api/categorias", nome=f"Álbuns {sufixo}", tipo="RECEITA")
        carla = http.criar("/api/clientes", nome=f"Carla Dias {sufixo}")
        estrutura = http.criar("/api/centros-custo", nome=f"Estrutura {sufixo}")
        vencimento = hoje() - timedelta(days=45)
        casamento = http.criar("/api/lancamentos", tipo="RECEITA", descricao=f"Casamento {sufixo}", valor="800.00",
                               data_vencimento=vencimento.isoformat(), competencia=vencimento.strftime("%Y-%m"),
                               categoria_id=casamentos["id"], conta_id=conta["id"], cliente_id=carla["id"])
        http.criar(f"/api/lancamentos/{casamento['id']}/baixas", valor="300.00",
                   data=(hoje() - timedelta(days=10)).isoformat(), conta_id=conta["id"])
        http.criar("/api/lancamentos", tipo="RECEITA", descricao=f"Álbum {sufixo}", valor="400.00",
                   data_vencimento=(hoje() + timedelta(days=10)).isoformat(), competencia=vencimento.strftime("%Y-%m"),
                   categoria_id=albuns["id"], conta_id=conta["id"], cliente_id=carla["id"])
    finally:
        http.close()
    return {**equipe, "carla": carla, "mes": vencimento.strftime("%Y-%m"), "estrutura": estrutura}


def _faixa(pagina, nome: str):
    return pagina.get_by_role("list", name="Em aberto por faixa de atraso").get_by_role("listitem").filter(
        has_text=re.compile(f"^{nome}"))


def test_inadimplencia_na_data_base_e_os_lancamentos_do_cliente(abrir_pagina, entrar, estudio):
    sufixo = estudio["sufixo"]
    pagina = abrir_pagina()
    entrar(pagina, estudio["dona"]["username"], SENHA)
    pagina.get_by_role("navigation", name="Módulos").get_by_role("link", name="Relatórios").click()
    pagina.get_by_role("link", name="Inadimplência").click()
    expect(pagina).to_have_url(re.compile(r"/relatorios/inadimplencia$"))

    # Today: the wedding's rest 45 days late, the album still to come.
    expect(pagina.locator(".resumo-relatorio")).to_contain_text("R$ 900,00")
    expect(_faixa(pagina, "31 a 60 dias")).to_contain_text("R$ 500,00")
    expect(_faixa(pagina, "A vencer")).to_contain_text("R$ 400,00")
    expect(_faixa(pagina, "1 a 30 dias")).to_contain_text("R$ 0,00")

    # Twenty days back, before Carla's payment: all of the wedding was open, 25 days late.
    antes = hoje() - timedelta(days=20)
    pagina.get_by_label("Data base").fill(antes.strftime("%d/%m/%Y"))
    expect(pagina).to_have_url(re.compile(rf"/relatorios/inadimplencia\?data_base={antes.isoformat()}$"))
    expect(pagina.locator(".resumo-relatorio")).to_contain_text("R$ 1.200,00")
    expect(_faixa(pagina, "1 a 30 dias")).to_contain_text("R$ 800,00")
    expect(_faixa(pagina, "31 a 60 dias")).to_contain_text("R$ 0,00")

    # Her row, then her open lançamentos on that date, then the ledger with her filter.
    linha = pagina.get_by_role("table", name="Em aberto por cliente").get_by_role("row").filter(
        has_text=f"Carla Dias {sufixo}")
    expect(linha).to_contain_text("R$ 1.200,00")
    linha.click()
    dialogo = pagina.get_by_role("dialog", name=f"Em aberto: Carla Dias {sufixo}")
    expect(dialogo).to_be_visible()
    expect(pagina).to_have_url(re.compile(rf"cliente={estudio['carla']['id']}"))
    itens = dialogo.get_by_role("table").locator("tbody tr")
    expect(itens).to_have_count(2)
    expect(itens.first).to_contain_text(f"Casamento {sufixo}")
    expect(itens.first).to_contain_text("25 dias")
    expect(itens.first).to_contain_text("R$ 800,00")
    expect(itens.nth(1)).to_contain_text("A vencer")

    # Her extrato up to that day: the wedding charged, nothing paid yet.
    dialogo.get_by_role("button", name="Ver o extrato do cliente").click()
    dialogo = pagina.get_by_role("dialog", name=f"Extrato: Carla Dias {sufixo}")
    extrato = dialogo.get_by_role("table", name="Extrato do cliente").locator("tbody tr")
    expect(extrato).to_have_count(1)
    expect(extrato.first).to_contain_text(f"Cobrança: Casamento {sufixo}")
    expect(dialogo).to_contain_text(f"Saldo em {antes.strftime('%d/%m/%Y')}: R$ 800,00")
    dialogo.get_by_role("link", name="Ver os lançamentos em aberto deste cliente").click()
    expect(pagina).to_have_url(re.compile(rf"/financeiro\?.*cliente_id={estudio['carla']['id']}"))
    livro = pagina.get_by_role("table", name="Lançamentos").locator("tbody tr")
    expect(livro).to_have_count(2)


def test_analise_por_categoria_soma_100_por_cento(abrir_pagina, entrar, estudio):
    sufixo = estudio["sufixo"]
    pagina = abrir_pagina()
    entrar(pagina, estudio["dona"]["username"], SENHA)
    pagina.goto(f"/relatorios/analise?mes={estudio['mes']}")
    tabela = pagina.get_by_role("table", name="Valores por categoria")
    casamentos = tabela.get_by_role("row").filter(has_text=f"Casamentos {sufixo}")
    expect(casamentos).to_contain_text("R$ 800,00")
    expect(casamentos).to_contain_text("66,67%")
    expect(tabela.get_by_role("row").filter(has_text=f"Álbuns {sufixo}")).to_contain_text("33,33%")
    expect(pagina.locator(".resumo-relatorio")).to_contain_text("R$ 1.200,00")

    # By caixa only the payment counts; the address keeps the choice.
    pagina.get_by_label("Regime").select_option("caixa")
    expect(pagina).to_have_url(re.compile(r"regime=caixa"))
    pagina.get_by_role("button", name="Últimos 12 meses").click()
    expect(casamentos).to_contain_text("R$ 300,00")
    expect(casamentos).to_contain_text("100,00%")
    casamentos.click()
    expect(pagina).to_have_url(re.compile(r"/financeiro\?.*data=pagamento"))


def test_por_centro_de_custo_a_inadimplencia_e_a_analise_levam_o_filtro_ao_livro(abrir_pagina, entrar, estudio):
    sufixo = estudio["sufixo"]
    pagina = abrir_pagina()
    entrar(pagina, estudio["dona"]["username"], SENHA)
    pagina.goto("/relatorios/inadimplencia")
    expect(pagina.locator(".resumo-relatorio")).to_contain_text("R$ 900,00")
    pagina.get_by_label("Centro de custo").select_option(label=f"Estrutura {sufixo}")
    expect(pagina).to_have_url(re.compile(rf"centro_custo_id={estudio['estrutura']['id']}"))
    expect(pagina.get_by_text("Nada a receber em aberto nesta data")).to_be_visible()

    pagina.get_by_label("Centro de custo").select_option(label="Sem centro de custo")
    expect(pagina).to_have_url(re.compile(r"centro_custo_id=0"))
    expect(pagina.locator(".resumo-relatorio")).to_contain_text("R$ 900,00")
    pagina.get_by_role("table", name="Em aberto por cliente").get_by_role("row").filter(
        has_text=f"Carla Dias {sufixo}").click()
    dialogo = pagina.get_by_role("dialog", name=f"Em aberto: Carla Dias {sufixo}")
    expect(dialogo.get_by_role("table").locator("tbody tr")).to_have_count(2)
    dialogo.get_by_role("link", name="Ver os lançamentos em aberto deste cliente").click()
    expect(pagina).to_have_url(re.compile(r"/financeiro\?.*centro_custo_id=0"))
    expect(pagina.get_by_label("Centro de custo")).to_have_value("0")
    expect(pagina.get_by_role("table", name="Lançamentos").locator("tbody tr")).to_have_count(2)

    # The análise of the centro: its categoria opens the ledger with the same centro.
    pagina.goto(f"/relatorios/analise?mes={estudio['mes']}&centro_custo_id=0")
    expect(pagina.get_by_label("Centro de custo")).to_have_value("0")
    casamentos = pagina.get_by_role("table", name="Valores por categoria").get_by_role("row").filter(
        has_text=f"Casamentos {sufixo}")
    expect(casamentos).to_contain_text("R$ 800,00")
    casamentos.click()
    expect(pagina).to_have_url(re.compile(r"/financeiro\?.*data=competencia.*categoria_id=\d+&centro_custo_id=0$"))
    livro = pagina.get_by_role("table", name="Lançamentos").locator("tbody tr")
    expect(livro).to_have_count(1)
    expect(livro.first).to_contain_text(f"Casamento {sufixo}")
