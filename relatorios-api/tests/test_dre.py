"""GET /api/relatorios/dre against gerador_resultado's Oraculo (Python over the tables' rows): each
group line is the sum of its group's categorias per month and per centro de custo, the subtotals
follow the DRE's formulas, the vertical and horizontal analyses, both regimes, the centro filter,
colunas=centro adding up to the total, validation, tenancy, and the XLSX export."""
import io
import sys
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import pytest

from shared import config
from shared.calendario import fim_do_mes, primeiro_do_mes, somar_meses

from relatorios import dre

sys.path.insert(0, str(Path(__file__).parent))
from gerador_resultado import Oraculo, gerar  # noqa: E402
from test_exportacoes import baixar  # noqa: E402

EMPRESA = 1951
ZERO = Decimal(0)

# The DRE as the test reads the issue, written apart from relatorios/dre.py.
GRUPOS = ("receita_bruta", "deducoes", "custos_servicos", "despesas_operacionais", "receitas_financeiras",
          "despesas_financeiras", "outras_receitas", "outras_despesas")


def esperado(oraculo: Oraculo, proprios: dict[int, Decimal]) -> dict[str, Decimal]:
    g = {grupo: ZERO for grupo in GRUPOS}
    fora = {"RECEITA": ZERO, "DESPESA": ZERO}
    tipos = {c["id"]: c["tipo"] for c in oraculo.categorias}
    for categoria_id, valor in proprios.items():
        grupo = oraculo.grupo(categoria_id)
        if grupo == "nao_operacional":
            fora[tipos[categoria_id]] += valor
        else:
            g[grupo] += valor
    liquida = g["receita_bruta"] - g["deducoes"]
    bruto = liquida - g["custos_servicos"]
    operacional = bruto - g["despesas_operacionais"]
    financeiro = g["receitas_financeiras"] - g["despesas_financeiras"]
    return {**g, "receita_liquida": liquida, "lucro_bruto": bruto, "resultado_operacional": operacional,
            "resultado_financeiro": financeiro,
            "resultado_do_periodo": operacional + financeiro + g["outras_receitas"] - g["outras_despesas"],
            "nao_operacional_entradas": fora["RECEITA"], "nao_operacional_saidas": fora["DESPESA"]}


def figuras(corpo: dict) -> dict[str, dict]:
    return {linha["chave"]: linha for linha in corpo["linhas"] + corpo["fora_do_resultado"]}


def pct(parte: Decimal, todo: Decimal) -> str | None:
    return f"{(parte * 100 / todo).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):.2f}" if todo else None


@pytest.fixture
def resultado(resultado_gerado):
    """Empresa 1951's generated two-year result, made once for the module."""
    return resultado_gerado(EMPRESA, semente=21, quantos=260)


def pedir(como, esperado_status=200, **consulta) -> dict:
    resposta = como(EMPRESA).get("/api/relatorios/dre", query_string=consulta)
    assert resposta.status_code == esperado_status, resposta.get_json()
    return resposta.get_json()


def doze_meses() -> tuple[date, date]:
    hoje = config.hoje()
    return somar_meses(hoje, -11), fim_do_mes(hoje)


@pytest.mark.parametrize("regime", ["competencia", "caixa"])
def test_each_month_is_the_oracles_groups_and_the_dre_formulas(como, sql_dono, resultado, regime):
    de, ate = doze_meses()
    corpo = pedir(como, regime=regime)
    assert (corpo["de"], corpo["ate"], corpo["regime"]) == (str(de), str(ate), regime)  # the 12 months by default
    assert [c["chave"] for c in corpo["colunas"]] == [f"{somar_meses(de, i):%Y-%m}" for i in range(12)]
    oraculo = Oraculo(sql_dono, EMPRESA)
    linhas = figuras(corpo)
    for i, coluna in enumerate(corpo["colunas"]):
        mes = esperado(oraculo, oraculo.somar(regime, date.fromisoformat(coluna["de"]),
                                              date.fromisoformat(coluna["ate"])))
        assert {chave: Decimal(linha["valores"][i]) for chave, linha in linhas.items()} == mes, coluna
        for chave, linha in linhas.items():
            assert linha["vertical"][i] == pct(mes[chave], mes["receita_liquida"])
    periodo = esperado(oraculo, oraculo.somar(regime, de, ate))
    assert {chave: Decimal(linha["total"]) for chave, linha in linhas.items()} == periodo
    assert {chave: Decimal(linha["total"]) for chave, linha in linhas.items()} == {
        chave: sum(map(Decimal, linha["valores"])) for chave, linha in linhas.items()}
    assert any(periodo[g] for g in GRUPOS) and periodo["nao_operacional_entradas"]
    assert [linha["tipo"] for linha in corpo["linhas"]].count("subtotal") == 5


@pytest.mark.parametrize("regime", ["competencia", "caixa"])
def test_resultado_gives_every_lines_value_for_the_period(resultado, sql_dono, database, regime):
    import psycopg2
    import psycopg2.extras
    de, ate = doze_meses()
    oraculo = Oraculo(sql_dono, EMPRESA)
    conn = psycopg2.connect(database.owner_url)
    try:
        with conn, conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
            cur.execute("SELECT set_config('app.empresa_id', %s, true)", (str(EMPRESA),))
            assert dre.resultado(cur, regime, de, ate) == esperado(oraculo, oraculo.somar(regime, de, ate))
            centro = resultado.centros["Casamentos"]
            assert dre.resultado(cur, regime, de, ate, centro) == esperado(
                oraculo, oraculo.somar(regime, de, ate, centro=centro))
            assert dre.resultado(cur, regime, de, ate, 0) == esperado(oraculo, oraculo.somar(regime, de, ate, centro=None))
    finally:
        conn.close()


def test_group_lines_open_into_their_categorias_tree(como, sql_dono, resultado):
    hoje = config.hoje()
    de, ate = hoje - timedelta(days=700), hoje
    corpo = pedir(como, de=str(de), ate=str(ate), colunas="total")
    oraculo = Oraculo(sql_dono, EMPRESA)
    proprios = oraculo.somar("competencia", de, ate)
    for linha in corpo["linhas"] + corpo["fora_do_resultado"]:
        if linha["tipo"] == "subtotal":
            assert linha["categorias"] == []
            continue
        for item in linha["categorias"]:
            ramo = oraculo.ramo(item["categoria_id"])
            valor = sum((v for c, v in proprios.items() if c in ramo and linha["chave"] in (
                oraculo.grupo(c), f"nao_operacional_{'entradas' if _tipo(oraculo, c) == 'RECEITA' else 'saidas'}"
                if oraculo.grupo(c) == "nao_operacional" else None)), ZERO)
            assert Decimal(item["total"]) == valor == Decimal(item["valores"][0]), item
        assert sum(Decimal(i["total"]) for i in linha["categorias"] if i["nivel"] == 1) == Decimal(linha["total"])
    receita = figuras(corpo)["receita_bruta"]["categorias"]
    assert [(i["nome"], i["nivel"]) for i in receita] == [
        ("Ensaios", 1), ("Gestante", 2), ("Família", 2), ("Newborn", 3), ("Casamentos", 1)]
    pessoal = figuras(corpo)["despesas_operacionais"]["categorias"]
    assert ("Pró-labore", 2) in [(i["nome"], i["nivel"]) for i in pessoal]


def _tipo(oraculo, categoria_id) -> str:
    return next(c["tipo"] for c in oraculo.categorias if c["id"] == categoria_id)


@pytest.mark.parametrize("regime", ["competencia", "caixa"])
def test_colunas_centro_add_up_to_the_total_and_each_is_the_oracles(como, sql_dono, resultado, regime):
    de, ate = doze_meses()
    por_centro = pedir(como, regime=regime, colunas="centro")
    total = pedir(como, regime=regime, colunas="total")
    centros = {**{str(i): i for i in resultado.centros.values()}, "0": None}
    assert [c["chave"] for c in por_centro["colunas"]] == [str(resultado.centros[n]) for n in sorted(
        resultado.centros)] + ["0"]
    assert por_centro["colunas"][-1]["rotulo"] == "Sem centro de custo"
    oraculo = Oraculo(sql_dono, EMPRESA)
    linhas, totais = figuras(por_centro), figuras(total)
    for i, coluna in enumerate(por_centro["colunas"]):
        centro = esperado(oraculo, oraculo.somar(regime, de, ate, centro=centros[coluna["chave"]]))
        assert {chave: Decimal(linha["valores"][i]) for chave, linha in linhas.items()} == centro
    for chave, linha in linhas.items():
        assert sum(map(Decimal, linha["valores"])) == Decimal(totais[chave]["valores"][0]) == Decimal(linha["total"])


@pytest.mark.parametrize("regime", ["competencia", "caixa"])
def test_the_centro_filter_an_id_or_0_for_sem_centro(como, sql_dono, resultado, regime):
    de, ate = doze_meses()
    oraculo = Oraculo(sql_dono, EMPRESA)
    for filtro, centro in ((resultado.centros["Ensaios"], resultado.centros["Ensaios"]), (0, None)):
        corpo = pedir(como, regime=regime, centro_custo_id=filtro)
        assert corpo["centro_custo_id"] == filtro
        assert {chave: Decimal(linha["total"]) for chave, linha in figuras(corpo).items()} == esperado(
            oraculo, oraculo.somar(regime, de, ate, centro=centro))
        apenas = pedir(como, regime=regime, centro_custo_id=filtro, colunas="centro")
        assert [c["centro_custo_id"] for c in apenas["colunas"]] == [filtro]


def test_an_inactive_centro_asked_for_is_its_column_even_without_amounts(como, sql_dono, resultado):
    antigo = sql_dono("""INSERT INTO cadastros.centros_custo (empresa_id, nome, nome_busca, ativo)
                         VALUES (%s, 'Antigo', 'antigo', false) RETURNING id""", (EMPRESA,))[0]["id"]
    assert [c["chave"] for c in pedir(como, colunas="centro")["colunas"]] == [
        str(resultado.centros[n]) for n in sorted(resultado.centros)] + ["0"]
    corpo = pedir(como, colunas="centro", centro_custo_id=antigo)
    assert corpo["colunas"][0]["rotulo"] == "Antigo" and len(corpo["colunas"]) == 1
    assert all(linha["valores"] == ["0.00"] for linha in corpo["linhas"])


def test_horizontal_against_the_month_before_and_the_previous_period(como, sql_dono, resultado):
    de, ate = doze_meses()
    corpo = pedir(como)
    antes_de, antes_ate = somar_meses(de, -12), de - timedelta(days=1)
    assert corpo["periodo_anterior"] == {"de": str(antes_de), "ate": str(antes_ate)}
    oraculo = Oraculo(sql_dono, EMPRESA)
    anterior = esperado(oraculo, oraculo.somar("competencia", antes_de, antes_ate))
    ultimo_antes = esperado(oraculo, oraculo.somar("competencia", primeiro_do_mes(antes_ate), antes_ate))
    for chave, linha in figuras(corpo).items():
        referencias = [ultimo_antes[chave], *map(Decimal, linha["valores"][:-1])]
        for atual, referencia, variacao in zip(map(Decimal, linha["valores"]), referencias, linha["horizontal"]):
            assert variacao == {"anterior": f"{referencia:.2f}", "valor": f"{atual - referencia:.2f}",
                                "percentual": pct(atual - referencia, abs(referencia))}
        total = Decimal(linha["total"])
        assert linha["horizontal_total"] == {"anterior": f"{anterior[chave]:.2f}",
                                             "valor": f"{total - anterior[chave]:.2f}",
                                             "percentual": pct(total - anterior[chave], abs(anterior[chave]))}
        assert linha["vertical_total"] == pct(total, Decimal(figuras(corpo)["receita_liquida"]["total"]))


def test_previous_period_by_caixa_of_days_is_as_many_days_before():
    assert dre.periodo_anterior("caixa", date(2026, 3, 10), date(2026, 3, 19)) == (date(2026, 2, 28), date(2026, 3, 9))
    assert dre.periodo_anterior("caixa", date(2026, 1, 1), date(2026, 3, 31)) == (date(2025, 10, 1), date(2025, 12, 31))
    assert dre.periodo_anterior("competencia", date(2026, 3, 10), date(2026, 4, 2)) == (
        date(2026, 1, 1), date(2026, 2, 28))


def test_an_empty_period_has_every_line_zero_and_no_vertical(como, resultado):
    corpo = pedir(como, de="2001-01-01", ate="2001-03-31", colunas="mes")
    assert len(corpo["colunas"]) == 3
    for linha in corpo["linhas"] + corpo["fora_do_resultado"]:
        assert linha["valores"] == ["0.00"] * 3 and linha["total"] == "0.00" and linha["categorias"] == []
        assert linha["vertical"] == [None] * 3 and linha["vertical_total"] is None
        assert linha["horizontal_total"] == {"anterior": "0.00", "valor": "0.00", "percentual": None}


@pytest.mark.parametrize("consulta, campo", [
    ({"regime": "misto"}, "regime"), ({"colunas": "ano"}, "colunas"), ({"centro_custo_id": "-1"}, "centro_custo_id"),
    ({"centro_custo_id": "x"}, "centro_custo_id"), ({"de": "2026-05-01", "ate": "2026-04-30"}, "ate"),
    ({"de": "2019-01-01", "ate": "2026-01-01"}, "ate"), ({"de": "ontem"}, "de"), ({"tipo": "RECEITA"}, "tipo"),
])
def test_validation_errors_name_the_field(como, consulta, campo):
    resposta = como(EMPRESA).get("/api/relatorios/dre", query_string=consulta)
    assert resposta.status_code == 400
    assert campo in resposta.get_json()["campos"]


def test_reading_needs_the_reports_permission(como):
    assert como(EMPRESA, perms=[]).get("/api/relatorios/dre").status_code == 403


def test_another_empresas_centro_is_404_and_its_amounts_never_show(como, sql_dono, resultado):
    outra = gerar(sql_dono, EMPRESA + 1, semente=22, quantos=60)
    resposta = como(EMPRESA).get("/api/relatorios/dre", query_string={"centro_custo_id": outra.centros["Ensaios"]})
    assert resposta.status_code == 404
    assert "centro_custo_id" in resposta.get_json()["campos"]
    assert como(EMPRESA).get("/api/relatorios/dre?centro_custo_id=999999").status_code == 404
    de, ate = doze_meses()
    oraculo = Oraculo(sql_dono, EMPRESA + 1)
    corpo = como(EMPRESA + 1).get("/api/relatorios/dre?colunas=centro").get_json()
    assert {chave: Decimal(linha["total"]) for chave, linha in figuras(corpo).items()} == esperado(
        oraculo, oraculo.somar("competencia", de, ate))
    nomes = {i["nome"] for linha in corpo["linhas"] for i in linha["categorias"]}
    ids = {i["categoria_id"] for linha in corpo["linhas"] for i in linha["categorias"]}
    assert ids <= set(outra.categorias.values()) and nomes
    assert {c["centro_custo_id"] for c in corpo["colunas"]} == {*outra.centros.values(), 0}


# --- the export -----------------------------------------------------------------------------


def test_the_xlsx_has_the_screens_lines_and_numbers(como, sql_dono, resultado):
    cliente = como(EMPRESA)
    corpo = pedir(como, regime="caixa")
    arquivo = baixar(cliente, "dre", "xlsx", regime="caixa")
    folha = openpyxl.load_workbook(io.BytesIO(arquivo.data)).active
    linhas = [[c.value for c in linha] for linha in folha.iter_rows()]
    cabecalho = next(linha for linha in linhas if linha[0] == "Linha da DRE")
    assert cabecalho[1:] == [c["rotulo"] for c in corpo["colunas"]] + ["Total", "% vertical"]
    for linha in corpo["linhas"] + corpo["fora_do_resultado"]:
        na_planilha = next(l for l in linhas if l[0] == linha["rotulo"])
        numeros = [Decimal(str(v)).quantize(Decimal("0.01")) for v in na_planilha[1:len(corpo["colunas"]) + 2]]
        assert numeros == [Decimal(v) for v in [*linha["valores"], linha["total"]]]
        vertical = na_planilha[len(corpo["colunas"]) + 2]
        if linha["vertical_total"] is None:
            assert vertical in (None, "")
        else:
            assert abs(Decimal(str(vertical)) * 100 - Decimal(linha["vertical_total"])) < Decimal("0.0001")
        for item in linha["categorias"]:
            celulas = next(l for l in linhas if l[0] == "    " * item["nivel"] + item["nome"])
            assert Decimal(str(celulas[len(corpo["colunas"]) + 1])).quantize(Decimal("0.01")) == Decimal(item["total"])



@pytest.fixture
def pdf_de_doze_meses(como, resultado, tmp_path):
    """Page 1 of the default DRE's PDF drawn by PDFium: (width, height, the box the ink covers)."""
    import pypdfium2 as pdfium
    pagina = pdfium.PdfDocument(baixar(como(EMPRESA), "dre", "pdf").data)[0]
    imagem = pagina.render(scale=1).to_pil().convert("L")
    imagem.save(tmp_path / "dre.png")
    return (*pagina.get_size(), imagem.point(lambda cinza: 255 if cinza < 200 else 0).getbbox())


def test_the_pdf_of_twelve_months_is_landscape_and_stays_inside_the_page(pdf_de_doze_meses):
    largura, altura, (esquerda, _, direita, _) = pdf_de_doze_meses
    assert largura > altura
    margem = 14 * 72 / 25.4
    assert esquerda >= margem - 2 and direita <= largura - margem + 2, (esquerda, direita, largura)
