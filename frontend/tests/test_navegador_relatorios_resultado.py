"""The DRE gerencial, the comparativo and the indicadores in Chromium, against the live services,
through the frontend.

This month the studio sold a wedding of R$ 10.000,00 (centro Casamentos; R$ 4.000,00 received
today), paid R$ 600,00 of tax on it, owes a freelancer R$ 2.000,00 (centro Casamentos) and
R$ 1.500,00 of rent; its owner put R$ 5.000,00 in. The same month a year ago it sold a wedding of
R$ 8.000,00, received then, and R$ 1.000,00 of rent. So this month against that one the weddings
grew R$ 2.000,00 (+25,00%) and, by caixa, fell to R$ 4.000,00 (−50,00%); the rent grew 50,00%
(bad news, in red); the tax has no base ("—"). The margem líquida is the
DRE's resultado over its receita líquida: 5.900,00 ÷ 9.400,00 = 62,77 %. In the DRE of the last
twelve months by competência the result is 10.000 − 600 − 2.000 − 1.500 = R$ 5.900,00 with the
aporte apart; the centro Casamentos alone makes 10.000 − 2.000 = R$ 8.000,00; by caixa only the
R$ 4.000,00 received counts.
"""
import io
import re
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from shared.config import hoje

sys.path.insert(0, str(Path(__file__).parent))
from test_navegador_relatorios_exportar import exportar, reais  # noqa: E402

SENHA = "senha-forte-123"


def um_ano_antes(dia):
    return dia.replace(year=dia.year - 1, day=min(dia.day, 28))


@pytest.fixture(scope="module")
def estudio(admin_http, nova_equipe):
    equipe = nova_equipe("Estúdio Comparativo", {"dona": ["relatorios:ler", "financeiro:escrever",
                                                          "cadastros:escrever"]})
    sufixo = equipe["sufixo"]
    http = type(admin_http)(admin_http.base)
    http.entrar(equipe["dona"]["username"], SENHA)
    dia, antes = hoje(), um_ano_antes(hoje())
    try:
        conta = http.criar("/api/contas", nome=f"Caixa {sufixo}", tipo="CAIXA", saldo_inicial="0.00",
                           data_saldo_inicial=antes.replace(day=1).isoformat())
        centro = http.criar("/api/centros-custo", nome=f"Casamentos {sufixo}")
        categorias = {nome: http.criar("/api/categorias", nome=f"{nome} {sufixo}", tipo=tipo, grupo_dre=grupo)
                      for nome, tipo, grupo in (("Casamentos", "RECEITA", "receita_bruta"),
                                                ("Impostos", "DESPESA", "deducoes"),
                                                ("Freelancers", "DESPESA", "custos_servicos"),
                                                ("Aluguel", "DESPESA", "despesas_operacionais"),
                                                ("Aporte", "RECEITA", "nao_operacional"))}

        def lancar(categoria, tipo, valor, quando=dia, **extra):
            return http.criar("/api/lancamentos", tipo=tipo, descricao=f"{categoria} {sufixo}", valor=valor,
                              data_vencimento=quando.isoformat(), competencia=quando.strftime("%Y-%m"),
                              categoria_id=categorias[categoria]["id"], conta_id=conta["id"], **extra)

        casamento = lancar("Casamentos", "RECEITA", "10000.00", centro_custo_id=centro["id"])
        http.criar(f"/api/lancamentos/{casamento['id']}/baixas", valor="4000.00", data=dia.isoformat(),
                   conta_id=conta["id"])
        lancar("Impostos", "DESPESA", "600.00")
        lancar("Freelancers", "DESPESA", "2000.00", centro_custo_id=centro["id"])
        lancar("Aluguel", "DESPESA", "1500.00")
        lancar("Aporte", "RECEITA", "5000.00")
        lancar("Aluguel", "DESPESA", "1000.00", quando=antes)
        passado = lancar("Casamentos", "RECEITA", "8000.00", quando=antes)
        http.criar(f"/api/lancamentos/{passado['id']}/baixas", valor="8000.00", data=antes.isoformat(),
                   conta_id=conta["id"])
    finally:
        http.close()
    return {**equipe, "centro": centro, "categorias": categorias}


def linha(pagina, tabela: str, nome: str):
    return pagina.get_by_role("table", name=re.compile(f"^{tabela}:")).get_by_role("row").filter(
        has=pagina.get_by_role("link", name=nome, exact=True))


def figuras(linha_da_tabela) -> list:
    """The row's money, and its variation in % as written ("+25,00%", "—")."""
    celulas = linha_da_tabela.get_by_role("cell")
    return [reais(celulas.nth(i).inner_text()) for i in (1, 2, 3)] + [
        celulas.nth(4).inner_text().replace("▲", "").replace("▼", "").strip()]


def do_json(item) -> list:
    percentual = item["variacao_percentual"]
    return [Decimal(item["a"]), Decimal(item["b"]), Decimal(item["variacao"]),
            "—" if percentual is None else f"{'' if percentual.startswith('-') else '+'}{percentual.replace('.', ',')}%"]


def abrir_relatorio(pagina, entrar, estudio, aba: str):
    entrar(pagina, estudio["dona"]["username"], SENHA)
    pagina.get_by_role("navigation", name="Módulos").get_by_role("link", name="Relatórios").click()
    pagina.get_by_role("link", name=aba, exact=True).click()


def test_o_comparativo_deste_mes_com_o_do_ano_passado_abre_o_razao_e_exporta(abrir_pagina, entrar, estudio):
    sufixo = estudio["sufixo"]
    casamentos, aluguel, impostos = f"Casamentos {sufixo}", f"Aluguel {sufixo}", f"Impostos {sufixo}"
    pagina = abrir_pagina()
    abrir_relatorio(pagina, entrar, estudio, "Comparativo")
    expect(pagina).to_have_url(re.compile(r"/relatorios/comparativo$"))

    # This month against the same month a year ago: every row is the JSON's.
    expect(linha(pagina, "Receitas", casamentos)).to_contain_text("+25,00%")
    assert figuras(linha(pagina, "Receitas", casamentos)) == [
        Decimal("8000.00"), Decimal("10000.00"), Decimal("2000.00"), "+25,00%"]
    assert figuras(linha(pagina, "Despesas", aluguel)) == [
        Decimal("1000.00"), Decimal("1500.00"), Decimal("500.00"), "+50,00%"]
    assert figuras(linha(pagina, "Despesas", impostos)) == [Decimal("0.00"), Decimal("600.00"), Decimal("600.00"), "—"]
    corpo = pagina.evaluate("async () => (await fetch('/api/relatorios/comparativo')).json()")
    for chave, tabela in (("receitas", "Receitas"), ("despesas", "Despesas")):
        for item in corpo[chave]["itens"]:
            assert figuras(linha(pagina, tabela, item["nome"])) == do_json(item), item["nome"]
    assert corpo["resultado"]["b"] == "5900.00"
    # A receita that grew is good news, a despesa that grew is not.
    expect(linha(pagina, "Receitas", casamentos).locator(".variacao")).to_have_class(re.compile(r"\bboa\b"))
    expect(linha(pagina, "Despesas", aluguel).locator(".variacao")).to_have_class(re.compile(r"\bruim\b"))

    # By caixa: only the R$ 4.000,00 received this month, half of last year's.
    pagina.get_by_label("Regime").select_option("caixa")
    expect(pagina).to_have_url(re.compile(r"regime=caixa"))
    expect(linha(pagina, "Receitas", casamentos)).to_contain_text("-50,00%")
    assert figuras(linha(pagina, "Receitas", casamentos)) == [
        Decimal("8000.00"), Decimal("4000.00"), Decimal("-4000.00"), "-50,00%"]

    # Exported, the file has the screen's rows and figures.
    folha = openpyxl.load_workbook(io.BytesIO(exportar(pagina, "Excel (XLSX)"))).active
    linhas = [[celula.value for celula in l] for l in folha.iter_rows()]
    assert linhas[0][0] == "Comparativo"
    assert "Regime: Caixa" in linhas[2][0]
    exportada = next(l for l in linhas if l[0] == casamentos)
    assert [Decimal(str(v)) for v in exportada[1:4]] == [Decimal(8000), Decimal(4000), Decimal(-4000)]
    assert Decimal(str(exportada[4])) == Decimal("-0.5")

    # The categoria opens the ledger with period B's payment dates and its filter.
    linha(pagina, "Receitas", casamentos).get_by_role("link", name=casamentos).click()
    expect(pagina).to_have_url(re.compile(
        rf"/financeiro\?(?=.*data=pagamento)(?=.*tipo=RECEITA)"
        rf"(?=.*categoria_id={estudio['categorias']['Casamentos']['id']})(?=.*de={hoje().replace(day=1).isoformat()})"))
    livro = pagina.get_by_role("table", name="Lançamentos").locator("tbody tr")
    expect(livro).to_have_count(1)
    expect(livro.first).to_contain_text(casamentos)


def test_os_indicadores_mostram_cada_formula_com_os_numeros(abrir_pagina, entrar, estudio):
    sufixo = estudio["sufixo"]
    pagina = abrir_pagina()
    abrir_relatorio(pagina, entrar, estudio, "Indicadores")
    expect(pagina).to_have_url(re.compile(r"/relatorios/indicadores$"))

    margem = pagina.get_by_role("article", name="Margem líquida")
    expect(margem).to_contain_text("62,77%")
    expect(margem.locator(".indicador-formula")).to_have_text(
        "Margem líquida = resultado do período ÷ receita líquida = 5.900,00 ÷ 9.400,00 = 62,77 %")
    # Every card shows the JSON's formula, visible, not in a tooltip.
    corpo = pagina.evaluate("async () => (await fetch('/api/relatorios/indicadores')).json()")
    for indicador in corpo["indicadores"]:
        cartao = pagina.get_by_role("article", name=indicador["nome"], exact=True)
        expect(cartao.locator(".indicador-formula")).to_have_text(indicador["formula"])
        expect(cartao.locator(".indicador-formula")).to_be_visible()
        if indicador["unidade"] == "dinheiro" and indicador["valor"] is not None:
            assert reais(cartao.locator(".cartao-valor").inner_text()) == Decimal(indicador["valor"])
    expect(pagina.get_by_role("article", name="Ticket médio")).to_contain_text("R$ 10.000,00")

    # The centro Casamentos alone: the wedding and its freelancer, 8.000 ÷ 10.000.
    pagina.get_by_label(re.compile("^Centro de custo")).select_option(label=f"Casamentos {sufixo}")
    expect(pagina).to_have_url(re.compile(rf"centro_custo_id={estudio['centro']['id']}"))
    expect(margem).to_contain_text("80,00%")
    expect(margem.locator(".indicador-formula")).to_contain_text("8.000,00 ÷ 10.000,00")

    # Exported, the formulas and the figures are the screen's.
    folha = openpyxl.load_workbook(io.BytesIO(exportar(pagina, "Excel (XLSX)"))).active
    linhas = [[c.value for c in l] for l in folha.iter_rows()]
    posicao = next(i for i, l in enumerate(linhas) if l[0] == "Margem líquida")
    assert linhas[posicao][1] == 0.8
    formula = []
    for l in linhas[posicao + 1:]:
        if not (l[0] or "").startswith("    "):
            break
        formula.append(l[0].strip())
    assert " ".join(formula) == (
        "Margem líquida = resultado do período ÷ receita líquida = 8.000,00 ÷ 10.000,00 = 80,00 %")

    # Inadimplência leads to its tab at the same date and centro.
    pagina.get_by_role("article", name="Inadimplência").get_by_role("link").click()
    expect(pagina).to_have_url(re.compile(
        rf"/relatorios/inadimplencia\?(?=.*data_base={corpo['posicao']})(?=.*centro_custo_id={estudio['centro']['id']})"))
    expect(pagina.locator(".resumo-relatorio")).to_contain_text("Total em aberto")


def linha_da_dre(pagina, rotulo: str):
    return pagina.get_by_role("table", name="DRE gerencial").get_by_role("row").filter(
        has=pagina.get_by_role("rowheader", name=re.compile(re.escape(rotulo))))


def total_na_tela(pagina, rotulo: str) -> Decimal:
    """The line's last figure (the Total column, the analyses under it left out)."""
    return reais(linha_da_dre(pagina, rotulo).locator("td").last.locator(".dinheiro").inner_text())


def test_a_dre_do_mes_por_centro_e_por_caixa_abre_o_razao_e_exporta(abrir_pagina, entrar, estudio):
    sufixo = estudio["sufixo"]
    pagina = abrir_pagina()
    abrir_relatorio(pagina, entrar, estudio, "DRE")
    expect(pagina).to_have_url(re.compile(r"/relatorios/dre$"))

    # Twelve months by competência: every line's total is the JSON's, the result and the aporte apart.
    expect(linha_da_dre(pagina, "(=) Resultado do período")).to_contain_text("R$ 5.900,00")
    corpo = pagina.evaluate("async () => (await fetch('/api/relatorios/dre')).json()")
    assert len(corpo["colunas"]) == 12
    for da_dre in corpo["linhas"] + corpo["fora_do_resultado"]:
        assert total_na_tela(pagina, da_dre["rotulo"]) == Decimal(da_dre["total"]), da_dre["rotulo"]
    assert total_na_tela(pagina, "(=) Receita líquida") == Decimal("9400.00")
    assert total_na_tela(pagina, "Aportes e outras entradas") == Decimal("5000.00")
    expect(linha_da_dre(pagina, "(=) Receita líquida")).to_contain_text("100,00%")  # the vertical analysis
    expect(pagina.get_by_role("img", name=re.compile("Gráfico de barras"))).to_be_visible()

    # The centro Casamentos alone: the address keeps it, the figures change.
    pagina.get_by_label(re.compile("^Centro de custo")).select_option(label=f"Casamentos {sufixo}")
    expect(pagina).to_have_url(re.compile(rf"centro_custo_id={estudio['centro']['id']}"))
    expect(linha_da_dre(pagina, "(=) Resultado do período")).to_contain_text("R$ 8.000,00")
    # By caixa only what was received.
    pagina.get_by_label("Regime").select_option("caixa")
    expect(pagina).to_have_url(re.compile(r"regime=caixa"))
    expect(linha_da_dre(pagina, "(=) Resultado do período")).to_contain_text("R$ 4.000,00")
    assert total_na_tela(pagina, "(-) Custos dos serviços") == Decimal("0.00")

    # Exported, the file has the screen's lines and figures.
    folha = openpyxl.load_workbook(io.BytesIO(exportar(pagina, "Excel (XLSX)"))).active
    linhas = [[celula.value for celula in l] for l in folha.iter_rows()]
    assert linhas[0][0] == "DRE gerencial"
    assert "Regime: Caixa" in linhas[2][0] and f"Centro de custo: Casamentos {sufixo}" in linhas[2][0]
    resultado = next(l for l in linhas if l[0] == "(=) Resultado do período")
    assert Decimal(str(resultado[13])) == Decimal("4000.00")  # after the line's name and 12 months: the total

    # Receita bruta opens into its categoria; the categoria opens the ledger with the same filter.
    pagina.get_by_role("button", name="Receita bruta").click()
    expect(pagina.get_by_role("button", name="Receita bruta")).to_have_attribute("aria-expanded", "true")
    pagina.get_by_role("link", name=f"Casamentos {sufixo}").click()
    expect(pagina).to_have_url(re.compile(
        rf"/financeiro\?(?=.*data=pagamento)(?=.*tipo=RECEITA)(?=.*categoria_id={estudio['categorias']['Casamentos']['id']})"
        rf"(?=.*centro_custo_id={estudio['centro']['id']})"))
    livro = pagina.get_by_role("table", name="Lançamentos").locator("tbody tr")
    expect(livro).to_have_count(1)
    expect(livro.first).to_contain_text(f"Casamentos {sufixo}")
