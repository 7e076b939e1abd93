"""GET /api/relatorios/comparativo: two periods per categoria against gerador_resultado's Oraculo
(Python over the tables' rows) — branch sums, variation in R$ and % (null without a base), the
resultado without nao_operacional, by competência and caixa, per centro de custo; defaults,
validation, tenancy, and the XLSX export with the JSON's numbers."""
import io
import sys
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import pytest

from shared import config

from relatorios.comparativo import um_ano_antes

sys.path.insert(0, str(Path(__file__).parent))
from gerador_resultado import PLANO, Oraculo, gerar  # noqa: E402
from test_exportacoes import baixar  # noqa: E402

EMPRESA, OUTRA = 1941, 1942
TIPOS = {"receitas": "RECEITA", "despesas": "DESPESA"}


@pytest.fixture
def resultado(resultado_gerado):
    """Empresa 1941's generated two years, made once for the module."""
    return resultado_gerado(EMPRESA, semente=21, quantos=300)


def _moeda(valor: Decimal) -> str:
    return f"{valor:.2f}"


def _comparacao(a: Decimal, b: Decimal) -> dict:
    percentual = None if not a else f"{((b - a) * 100 / abs(a)).quantize(Decimal('0.01'), ROUND_HALF_UP):.2f}"
    return {"a": _moeda(a), "b": _moeda(b), "variacao": _moeda(b - a), "variacao_percentual": percentual}


def esperado(oraculo: Oraculo, regime: str, a: tuple, b: tuple, centro="todos") -> dict:
    """The whole body, computed from the Oraculo's rows alone."""
    corpo = {"a": {"de": a[0].isoformat(), "ate": a[1].isoformat()},
             "b": {"de": b[0].isoformat(), "ate": b[1].isoformat()}}
    proprios = {p: oraculo.somar(regime, *periodo, None, centro) for p, periodo in (("a", a), ("b", b))}
    ids = {nome: next(c["id"] for c in oraculo.categorias if c["nome"] == nome) for nome, *_ in PLANO}
    niveis = {}
    for nome, pai, *_ in PLANO:
        niveis[nome] = niveis[pai] + 1 if pai else 1

    def soma(periodo, categorias) -> Decimal:
        return sum((proprios[periodo].get(c, Decimal(0)) for c in categorias), Decimal(0))

    totais = {}
    for chave, tipo in TIPOS.items():
        do_tipo = [c["id"] for c in oraculo.categorias if c["tipo"] == tipo]
        totais[tipo] = (soma("a", do_tipo), soma("b", do_tipo))
        itens = []
        for nome, _, tipo_da_categoria, _ in PLANO:  # PLANO is in the plano de contas' order
            ramo = oraculo.ramo(ids[nome])
            if tipo_da_categoria == tipo and (soma("a", ramo) or soma("b", ramo)):
                itens.append({"categoria_id": ids[nome], "nome": nome, "nivel": niveis[nome],
                              **_comparacao(soma("a", ramo), soma("b", ramo))})
        corpo[chave] = {"total": _comparacao(*totais[tipo]), "itens": itens}
    fora = {}
    for periodo in ("a", "b"):
        fora[periodo] = sum((v if oraculo.grupo(c) == "nao_operacional" else 0) *
                            (1 if next(x["tipo"] for x in oraculo.categorias if x["id"] == c) == "RECEITA" else -1)
                            for c, v in proprios[periodo].items())
    corpo["fora_do_resultado"] = _comparacao(Decimal(fora["a"]), Decimal(fora["b"]))
    corpo["resultado"] = _comparacao(totais["RECEITA"][0] - totais["DESPESA"][0] - fora["a"],
                                     totais["RECEITA"][1] - totais["DESPESA"][1] - fora["b"])
    return corpo


def _consulta(a: tuple, b: tuple, **mais) -> str:
    filtros = {"a_de": a[0], "a_ate": a[1], "b_de": b[0], "b_ate": b[1], **mais}
    return "&".join(f"{chave}={valor}" for chave, valor in filtros.items())


PERIODOS = [((-400, -200), (-199, 0)), ((-730, -366), (-365, -1)), ((-60, -31), (-30, 0)), ((-100, -100), (-5, 30))]


@pytest.mark.parametrize("regime", ["competencia", "caixa"])
@pytest.mark.parametrize("dias", PERIODOS)
def test_every_figure_against_the_oraculo(como, sql_dono, resultado, regime, dias):
    hoje = config.hoje()
    a, b = [tuple(hoje + timedelta(days=d) for d in par) for par in dias]
    resposta = como(EMPRESA).get(f"/api/relatorios/comparativo?{_consulta(a, b, regime=regime)}")
    assert resposta.status_code == 200, resposta.get_json()
    corpo = resposta.get_json()
    assert corpo == esperado(Oraculo(sql_dono, EMPRESA), regime, a, b)
    # The first level adds to the total, and the resultado with what is outside it to receitas − despesas.
    for chave in TIPOS:
        for periodo in ("a", "b"):
            assert sum(Decimal(i[periodo]) for i in corpo[chave]["itens"] if i["nivel"] == 1) == \
                Decimal(corpo[chave]["total"][periodo])
    for periodo in ("a", "b"):
        assert Decimal(corpo["resultado"][periodo]) + Decimal(corpo["fora_do_resultado"][periodo]) == \
            Decimal(corpo["receitas"]["total"][periodo]) - Decimal(corpo["despesas"]["total"][periodo])


@pytest.mark.parametrize("regime", ["competencia", "caixa"])
def test_per_centro_de_custo_and_sem_centro(como, sql_dono, resultado, regime):
    hoje = config.hoje()
    a, b = (hoje - timedelta(days=700), hoje - timedelta(days=351)), (hoje - timedelta(days=350), hoje)
    oraculo = Oraculo(sql_dono, EMPRESA)
    resultados_b = Decimal(0)
    for centro in [*resultado.centros.values(), None]:
        filtro = 0 if centro is None else centro
        corpo = como(EMPRESA).get(
            f"/api/relatorios/comparativo?{_consulta(a, b, regime=regime, centro_custo_id=filtro)}").get_json()
        assert corpo == esperado(oraculo, regime, a, b, centro)
        resultados_b += Decimal(corpo["resultado"]["b"])
    # Every centro and "sem centro" together are the whole.
    inteiro = como(EMPRESA).get(f"/api/relatorios/comparativo?{_consulta(a, b, regime=regime)}").get_json()
    assert resultados_b == Decimal(inteiro["resultado"]["b"])


def test_without_a_base_the_percentage_is_null(como, resultado):
    hoje = config.hoje()
    a, b = (date(2001, 1, 1), date(2001, 12, 31)), (hoje - timedelta(days=365), hoje)
    corpo = como(EMPRESA).get(f"/api/relatorios/comparativo?{_consulta(a, b, regime='caixa')}").get_json()
    itens = corpo["receitas"]["itens"] + corpo["despesas"]["itens"]
    assert itens
    for item in itens:
        assert item["a"] == "0.00" and item["variacao"] == item["b"] and item["variacao_percentual"] is None


def test_defaults_b_this_month_and_a_the_same_month_a_year_before(como, resultado):
    hoje = config.hoje()
    inicio = hoje.replace(day=1)
    fim = (inicio + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    corpo = como(EMPRESA).get("/api/relatorios/comparativo").get_json()
    assert corpo["b"] == {"de": inicio.isoformat(), "ate": fim.isoformat()}
    assert corpo["a"] == {"de": um_ano_antes(inicio, fim=False).isoformat(), "ate": um_ano_antes(fim, fim=True).isoformat()}
    assert corpo == como(EMPRESA).get(
        f"/api/relatorios/comparativo?{_consulta((corpo['a']['de'], corpo['a']['ate']), (inicio, fim))}"
        "&regime=competencia").get_json()
    # One date of B is enough: its month; and A follows it.
    marco = como(EMPRESA).get("/api/relatorios/comparativo?b_de=2024-02-10").get_json()
    assert marco["b"] == {"de": "2024-02-10", "ate": "2024-02-29"}
    assert marco["a"] == {"de": "2023-02-10", "ate": "2023-02-28"}


def test_a_year_before_keeps_the_end_of_february():
    assert um_ano_antes(date(2024, 2, 29), fim=True) == date(2023, 2, 28)
    assert um_ano_antes(date(2024, 2, 29), fim=False) == date(2023, 2, 28)
    assert um_ano_antes(date(2025, 2, 28), fim=True) == date(2024, 2, 29)
    assert um_ano_antes(date(2025, 2, 28), fim=False) == date(2024, 2, 28)
    assert um_ano_antes(date(2026, 12, 15), fim=True) == date(2025, 12, 15)


@pytest.mark.parametrize("consulta, campo", [
    ("a_de=ontem", "a_de"), ("b_ate=2026-13-01", "b_ate"), ("a_de=2026-05-01&a_ate=2026-04-30", "a_ate"),
    ("b_de=2026-05-01&b_ate=2026-04-30", "b_ate"), ("b_de=2019-01-01&b_ate=2026-01-01", "b_ate"),
    ("regime=misto", "regime"), ("centro_custo_id=-1", "centro_custo_id"), ("centro_custo_id=x", "centro_custo_id"),
    ("tipo=RECEITA", "tipo"),
])
def test_validation_errors_name_the_field(como, consulta, campo):
    resposta = como(EMPRESA).get(f"/api/relatorios/comparativo?{consulta}")
    assert resposta.status_code == 400
    assert campo in resposta.get_json()["campos"]


def test_another_empresas_centro_is_404_and_its_amounts_never_show(como, sql_dono, resultado):
    outra = gerar(sql_dono, OUTRA, semente=22, quantos=40)
    hoje = config.hoje()
    a, b = (hoje - timedelta(days=700), hoje - timedelta(days=351)), (hoje - timedelta(days=350), hoje + timedelta(days=90))
    alheio = next(iter(resultado.centros.values()))
    resposta = como(OUTRA).get(f"/api/relatorios/comparativo?centro_custo_id={alheio}")
    assert resposta.status_code == 404
    assert "centro_custo_id" in resposta.get_json()["campos"]
    corpo = como(OUTRA).get(f"/api/relatorios/comparativo?{_consulta(a, b)}").get_json()
    ids = {i["categoria_id"] for chave in TIPOS for i in corpo[chave]["itens"]}
    assert ids and ids <= set(outra.categorias.values())
    assert corpo == esperado(Oraculo(sql_dono, OUTRA), "competencia", a, b)


def test_the_xlsx_has_the_jsons_numbers(como, resultado):
    hoje = config.hoje()
    filtros = {"a_de": (hoje - timedelta(days=700)).isoformat(), "a_ate": (hoje - timedelta(days=351)).isoformat(),
               "b_de": (hoje - timedelta(days=350)).isoformat(), "b_ate": hoje.isoformat(), "regime": "caixa"}
    cliente = como(EMPRESA)
    corpo = cliente.get("/api/relatorios/comparativo", query_string=filtros).get_json()
    linhas = [[c.value for c in linha]
              for linha in openpyxl.load_workbook(io.BytesIO(baixar(cliente, "comparativo", "xlsx", **filtros).data)
                                                  ).active.iter_rows()]

    def numeros(linha):
        return [Decimal(str(v)).quantize(Decimal("0.01")) for v in linha[1:4]] + [
            None if linha[4] is None else (Decimal(str(linha[4])) * 100).quantize(Decimal("0.01"))]

    def do_json(c):
        return [Decimal(c["a"]), Decimal(c["b"]), Decimal(c["variacao"]),
                None if c["variacao_percentual"] is None else Decimal(c["variacao_percentual"])]

    por_nome = {}
    for linha in linhas:
        if isinstance(linha[0], str) and len(linha) >= 5 and all(isinstance(v, (int, float)) for v in linha[1:4]):
            por_nome.setdefault(linha[0].strip(), []).append(numeros(linha))
    for item in corpo["receitas"]["itens"] + corpo["despesas"]["itens"]:
        assert do_json(item) in por_nome[item["nome"]]
    assert por_nome["Resultado do período"] == [do_json(corpo["resultado"])]
    assert do_json(corpo["receitas"]["total"]) in por_nome["Total"]
    assert do_json(corpo["despesas"]["total"]) in por_nome["Total"]
