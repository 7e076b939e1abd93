"""The cash-flow reports in Chromium, against the live services, through the frontend only.

A studio with R$ 1.000,00 in its conta receives R$ 500,00 today and owes R$ 200,00 in five days.
The owner opens Relatórios from the menu: the realized flow ends today at the conta's saldo atual;
grouping by day goes into the address; today's row leads to the ledger's payments of today. The
projection starts at that balance and flags the lowest day; its horizon goes into the address; a
day leads to the ledger's open lançamentos of that day.

By centro de custo (another studio): R$ 600,00 received today split half and half between
Casamentos and Ensaios, R$ 100,00 paid today and R$ 200,00 due in five days for Casamentos. The
flow of Casamentos starts at zero and ends at R$ 200,00; its Entradas card opens the ledger with the
centro chosen; its projection starts at zero and falls to −R$ 200,00.
"""
import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from shared.config import hoje

SENHA = "senha-forte-123"
PERMISSOES = ["relatorios:ler", "financeiro:escrever", "cadastros:escrever"]


@pytest.fixture(scope="module")
def estudio(admin_http, nova_equipe):
    equipe = nova_equipe("Estúdio Fluxo", {"dona": PERMISSOES})
    sufixo = equipe["sufixo"]
    http = type(admin_http)(admin_http.base)
    http.entrar(equipe["dona"]["username"], SENHA)
    try:
        conta = http.criar("/api/contas", nome=f"Itaú {sufixo}", tipo="CAIXA", saldo_inicial="1000.00",
                           data_saldo_inicial=(hoje() - timedelta(days=30)).isoformat())
        ensaios = http.criar("/api/categorias", nome=f"Ensaios {sufixo}", tipo="RECEITA")
        aluguel = http.criar("/api/categorias", nome=f"Aluguel {sufixo}", tipo="DESPESA")
        receita = http.criar("/api/lancamentos", tipo="RECEITA", descricao=f"Ensaio gestante {sufixo}", valor="500.00",
                             data_vencimento=hoje().isoformat(), categoria_id=ensaios["id"], conta_id=conta["id"])
        http.criar(f"/api/lancamentos/{receita['id']}/baixas", valor="500.00", data=hoje().isoformat(),
                   conta_id=conta["id"])
        http.criar("/api/lancamentos", tipo="DESPESA", descricao=f"Aluguel do estúdio {sufixo}", valor="200.00",
                   data_vencimento=(hoje() + timedelta(days=5)).isoformat(), categoria_id=aluguel["id"],
                   conta_id=conta["id"])
    finally:
        http.close()
    return equipe


def _cartao(pagina, resumo: str, rotulo: str):
    return pagina.get_by_role("region", name=resumo).locator(".cartao").filter(has_text=re.compile(f"^{rotulo}"))


def _data(dia) -> str:
    return dia.strftime("%d/%m/%Y")


def test_fluxo_realizado_e_projetado_do_menu_ao_livro(abrir_pagina, entrar, estudio):
    sufixo = estudio["sufixo"]
    pagina = abrir_pagina()
    entrar(pagina, estudio["dona"]["username"], SENHA)
    pagina.get_by_role("navigation", name="Módulos").get_by_role("link", name="Relatórios").click()
    expect(pagina).to_have_url(re.compile(r"/relatorios$"))
    expect(pagina.get_by_role("heading", name="Relatórios", exact=True)).to_be_visible()
    expect(pagina.get_by_role("link", name="Fluxo de caixa", exact=True)).to_have_attribute("aria-current", "page")

    # The realized flow of the last 12 months ends today, at the conta's saldo atual.
    expect(_cartao(pagina, "Resumo do fluxo de caixa", "Entradas").locator(".cartao-valor")).to_have_text("R$ 500,00")
    expect(_cartao(pagina, "Resumo do fluxo de caixa", f"Saldo em {_data(hoje())}").locator(".cartao-valor")) \
        .to_have_text("R$ 1.500,00")
    expect(pagina.get_by_role("img", name=re.compile("^Gráfico do fluxo de caixa"))).to_be_visible()

    # Grouped by day: the address says so, and today's row has the money.
    pagina.get_by_label("Agrupar").select_option("dia")
    expect(pagina).to_have_url(re.compile(r"/relatorios\?.*agrupamento=dia"))
    tabela = pagina.get_by_role("table", name="Fluxo de caixa por período")
    linha = tabela.get_by_role("row").filter(has=pagina.get_by_role("link", name=_data(hoje()), exact=True))
    expect(linha).to_contain_text("R$ 500,00")
    expect(linha).to_contain_text("R$ 1.500,00")
    expect(tabela.locator("tfoot")).to_contain_text("R$ 1.500,00")

    # Down to the ledger: the payments of that day.
    linha.get_by_role("link", name=_data(hoje())).click()
    expect(pagina).to_have_url(re.compile(
        rf"/financeiro\?data=pagamento&de={hoje().isoformat()}&ate={hoje().isoformat()}$"))
    livro = pagina.get_by_role("table", name="Lançamentos").locator("tbody tr")
    expect(livro).to_have_count(1)
    expect(livro.first).to_contain_text(f"Ensaio gestante {sufixo}")
    pagina.go_back()
    expect(pagina).to_have_url(re.compile(r"/relatorios\?.*agrupamento=dia"))

    # The projection: from today's balance, the rent five days ahead is the lowest point.
    pagina.get_by_role("link", name="Projeção de caixa").click()
    expect(pagina).to_have_url(re.compile(r"/relatorios/projecao$"))
    resumo = "Resumo da projeção"
    expect(_cartao(pagina, resumo, "Saldo hoje").locator(".cartao-valor")).to_have_text("R$ 1.500,00")
    dia_do_aluguel = hoje() + timedelta(days=5)
    menor = _cartao(pagina, resumo, "Menor saldo previsto")
    expect(menor.locator(".cartao-valor")).to_have_text("R$ 1.300,00")
    expect(menor).to_contain_text(f"em {_data(dia_do_aluguel)}")
    expect(pagina.get_by_role("img", name=re.compile(r"menor é R\$\s1\.300,00"))).to_be_visible()

    pagina.get_by_label("Período").select_option("30")
    expect(pagina).to_have_url(re.compile(r"/relatorios/projecao\?dias=30$"))
    tabela = pagina.get_by_role("table", name="Saldo previsto dia a dia")
    expect(tabela.locator("tbody tr")).to_have_count(2)  # today, and the rent's day
    expect(tabela.locator("tr.linha-menor-saldo")).to_contain_text("menor saldo")
    tabela.get_by_role("link", name=_data(dia_do_aluguel)).click()
    expect(pagina).to_have_url(re.compile(rf"/financeiro\?de={dia_do_aluguel.isoformat()}&ate="
                                          rf"{dia_do_aluguel.isoformat()}&status=PENDENTE&status=PARCIAL$"))
    livro = pagina.get_by_role("table", name="Lançamentos").locator("tbody tr")
    expect(livro).to_have_count(1)
    expect(livro.first).to_contain_text(f"Aluguel do estúdio {sufixo}")


def test_no_celular_os_periodos_viram_cartoes(abrir_pagina, entrar, estudio):
    pagina = abrir_pagina()
    pagina.set_viewport_size({"width": 390, "height": 844})
    entrar(pagina, estudio["dona"]["username"], SENHA)
    pagina.goto("/relatorios?agrupamento=dia&periodo=mes")
    tabela = pagina.get_by_role("table", name="Fluxo de caixa por período")
    linha = tabela.locator("tbody tr").filter(has=pagina.get_by_role("link", name=_data(hoje()), exact=True))
    expect(linha).to_be_visible()
    assert linha.evaluate("tr => getComputedStyle(tr).display") == "block"
    assert pagina.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture(scope="module")
def estudio_por_centro(admin_http, nova_equipe):
    equipe = nova_equipe("Estúdio Centros", {"dona": PERMISSOES})
    sufixo = equipe["sufixo"]
    http = type(admin_http)(admin_http.base)
    http.entrar(equipe["dona"]["username"], SENHA)
    try:
        conta = http.criar("/api/contas", nome=f"Itaú {sufixo}", tipo="CAIXA", saldo_inicial="1000.00",
                           data_saldo_inicial=(hoje() - timedelta(days=30)).isoformat())
        casamentos = http.criar("/api/centros-custo", nome=f"Casamentos {sufixo}")
        ensaios = http.criar("/api/centros-custo", nome=f"Ensaios {sufixo}")
        receitas = http.criar("/api/categorias", nome=f"Serviços {sufixo}", tipo="RECEITA")
        despesas = http.criar("/api/categorias", nome=f"Freelancers {sufixo}", tipo="DESPESA")
        comum = {"conta_id": conta["id"], "data_vencimento": hoje().isoformat()}
        receita = http.criar("/api/lancamentos", tipo="RECEITA", descricao=f"Pacote {sufixo}", valor="600.00",
                             categoria_id=receitas["id"], **comum,
                             rateio=[{"centro_custo_id": casamentos["id"], "percentual": "50"},
                                     {"centro_custo_id": ensaios["id"], "percentual": "50"}])
        despesa = http.criar("/api/lancamentos", tipo="DESPESA", descricao=f"Segundo fotógrafo {sufixo}",
                             valor="100.00", categoria_id=despesas["id"], centro_custo_id=casamentos["id"], **comum)
        for pago in (receita, despesa):
            http.criar(f"/api/lancamentos/{pago['id']}/baixas", valor=pago["valor"], data=hoje().isoformat(),
                       conta_id=conta["id"])
        http.criar("/api/lancamentos", tipo="DESPESA", descricao=f"Álbum do casal {sufixo}", valor="200.00",
                   categoria_id=despesas["id"], centro_custo_id=casamentos["id"], conta_id=conta["id"],
                   data_vencimento=(hoje() + timedelta(days=5)).isoformat())
    finally:
        http.close()
    return {**equipe, "casamentos": casamentos}


def test_por_centro_de_custo_o_saldo_comeca_em_zero_e_o_livro_mantem_o_centro(abrir_pagina, entrar,
                                                                                estudio_por_centro):
    sufixo = estudio_por_centro["sufixo"]
    centro = estudio_por_centro["casamentos"]["id"]
    pagina = abrir_pagina()
    entrar(pagina, estudio_por_centro["dona"]["username"], SENHA)
    pagina.goto("/relatorios")
    resumo = "Resumo do fluxo de caixa"
    expect(_cartao(pagina, resumo, "Entradas").locator(".cartao-valor")).to_have_text("R$ 600,00")
    pagina.get_by_label("Centro de custo").select_option(label=f"Casamentos {sufixo}")
    expect(pagina).to_have_url(re.compile(rf"/relatorios\?.*centro_custo_id={centro}"))
    expect(_cartao(pagina, resumo, "Entradas").locator(".cartao-valor")).to_have_text("R$ 300,00")
    expect(_cartao(pagina, resumo, "Saídas").locator(".cartao-valor")).to_have_text("R$ 100,00")
    expect(_cartao(pagina, resumo, "Saldo em").first.locator(".cartao-valor")).to_have_text("R$ 0,00")
    expect(_cartao(pagina, resumo, f"Saldo em {_data(hoje())}").locator(".cartao-valor")).to_have_text("R$ 200,00")
    expect(pagina.get_by_text("Por centro de custo o saldo começa em zero")).to_be_visible()

    # The Entradas card: the ledger's receipts of the period, of that centro.
    _cartao(pagina, resumo, "Entradas").click()
    expect(pagina).to_have_url(re.compile(rf"/financeiro\?data=pagamento&.*centro_custo_id={centro}&tipo=RECEITA$"))
    expect(pagina.get_by_label("Centro de custo")).to_have_value(str(centro))
    livro = pagina.get_by_role("table", name="Lançamentos").locator("tbody tr")
    expect(livro).to_have_count(1)
    expect(livro.first).to_contain_text(f"Pacote {sufixo}")

    # The projection of the centro: from zero, the album's day is the lowest.
    pagina.goto(f"/relatorios/projecao?centro_custo_id={centro}")
    resumo = "Resumo da projeção"
    expect(_cartao(pagina, resumo, "Saldo hoje").locator(".cartao-valor")).to_have_text("R$ 0,00")
    menor = _cartao(pagina, resumo, "Menor saldo previsto")
    expect(menor.locator(".cartao-valor")).to_contain_text("200,00")
    expect(menor).to_contain_text(f"em {_data(hoje() + timedelta(days=5))}")
    menor.click()
    expect(pagina).to_have_url(re.compile(rf"/financeiro\?.*centro_custo_id={centro}$"))
    expect(pagina.get_by_role("table", name="Lançamentos").locator("tbody tr")).to_have_count(1)
