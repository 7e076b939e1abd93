"""relatorios.somas, the amounts every result report adds up, against the second computation of
gerador_resultado (Python over the tables' rows): by competência and caixa, per month, per centro de
custo (rateios split to the cent, baixas in the lançamento's proportion) and for "sem centro"."""
import sys
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import psycopg2
import psycopg2.extras
import pytest

from relatorios import somas
from shared import config

sys.path.insert(0, str(Path(__file__).parent))
from gerador_resultado import Oraculo, gerar  # noqa: E402

EMPRESA = 1931


@pytest.fixture(scope="module")
def gerados(database):
    return {}


@pytest.fixture
def resultado(gerados, sql_dono):
    """Empresa 1931's generated result, made once for the module."""
    if not gerados:
        gerados["resultado"] = gerar(sql_dono, EMPRESA, semente=11, quantos=250)
    return gerados["resultado"]


@pytest.fixture
def cur(database, resultado):
    conn = psycopg2.connect(database.owner_url)
    with conn, conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        cur.execute("SELECT set_config('app.empresa_id', %s, true)", (str(EMPRESA),))
        yield cur
    conn.close()


PERIODOS = [(-700, 90), (-365, 0), (-45, -3)]


@pytest.mark.parametrize("regime", ["competencia", "caixa"])
@pytest.mark.parametrize("dias", PERIODOS)
def test_per_categoria_and_centro_as_the_rows_add_up(cur, sql_dono, resultado, regime, dias):
    hoje = config.hoje()
    de, ate = hoje + timedelta(days=dias[0]), hoje + timedelta(days=dias[1])
    oraculo = Oraculo(sql_dono, EMPRESA)
    for tipo in ("RECEITA", "DESPESA", None):
        assert somas.por_categoria(somas.somar(cur, regime, de, ate, tipo=tipo)) == oraculo.somar(regime, de, ate, tipo)
        for centro in [*resultado.centros.values(), None]:
            filtro = somas.SEM_CENTRO if centro is None else centro
            assert somas.por_categoria(somas.somar(cur, regime, de, ate, tipo=tipo, centro_custo_id=filtro)) == \
                oraculo.somar(regime, de, ate, tipo, centro)
    por_centro = defaultdict(Decimal)
    for linha in somas.somar(cur, regime, de, ate, por_centro=True):
        por_centro[(linha["centro_custo_id"], linha["categoria_id"])] += linha["valor"]
    esperado = {(centro, c): v for centro in [*resultado.centros.values(), None]
                for c, v in oraculo.somar(regime, de, ate, None, centro).items()}
    assert dict(por_centro) == esperado


@pytest.mark.parametrize("regime", ["competencia", "caixa"])
def test_per_month_adds_up_to_the_period(cur, sql_dono, resultado, regime):
    hoje = config.hoje()
    de, ate = hoje - timedelta(days=400), hoje
    linhas = somas.somar(cur, regime, de, ate, tipo="RECEITA", por_mes=True, por_centro=True)
    assert {linha["mes"].day for linha in linhas} == {1}
    oraculo = Oraculo(sql_dono, EMPRESA)
    for linha in linhas[:20]:
        fim_do_mes = (linha["mes"] + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        inicio = max(linha["mes"], de) if regime == "caixa" else linha["mes"]
        centro = linha["centro_custo_id"]
        mes = oraculo.somar(regime, inicio, min(fim_do_mes, ate), "RECEITA", centro)
        assert sum(l["valor"] for l in linhas if l["mes"] == linha["mes"] and l["centro_custo_id"] == centro
                   and l["categoria_id"] == linha["categoria_id"]) == mes[linha["categoria_id"]]


def test_a_baixa_split_by_centro_adds_up_to_the_money_that_moved(sql_dono, resultado):
    partes = sql_dono("""SELECT baixa_id, sum(valor_movimentado) AS soma, count(*) AS linhas
                           FROM financeiro.v_baixas_por_centro GROUP BY baixa_id""", empresa_id=EMPRESA)
    baixas = {b["id"]: b["valor_movimentado"] for b in sql_dono(
        "SELECT id, valor_movimentado FROM financeiro.baixas WHERE empresa_id = %s", (EMPRESA,))}
    assert {p["baixa_id"]: p["soma"] for p in partes} == baixas
    assert any(p["linhas"] > 1 for p in partes)


def test_another_empresas_rows_are_not_summed(cur, sql_dono, resultado):
    hoje = config.hoje()
    gerar(sql_dono, EMPRESA + 1, semente=12, quantos=40)
    antes = somas.somar(cur, "caixa", hoje - timedelta(days=700), hoje, por_centro=True)
    meus = set(resultado.categorias.values())
    assert antes and {linha["categoria_id"] for linha in antes} <= meus


def _meses_atras(quantos: int):
    inicio = config.hoje().replace(day=1)
    for _ in range(quantos):
        inicio = (inicio - timedelta(days=1)).replace(day=1)
    return inicio


@pytest.mark.parametrize("regime", ["competencia", "caixa"])
@pytest.mark.parametrize("periodo", ["meses inteiros", "dentro de um mês", "um dia"])
def test_whole_months_from_the_rollup_and_days_from_the_rows_agree_with_the_rows(cur, sql_dono, resultado, regime,
                                                                                periodo):
    """A caixa period of whole months is read from financeiro.v_resultado_mes alone, one inside a
    month from the baixas alone: both as the rows add up, per centro too."""
    if periodo == "meses inteiros":
        de, ate = _meses_atras(7), _meses_atras(1) - timedelta(days=1)
    elif periodo == "dentro de um mês":
        de, ate = _meses_atras(2) + timedelta(days=4), _meses_atras(2) + timedelta(days=19)
    else:
        de = ate = _meses_atras(3) + timedelta(days=9)
    oraculo = Oraculo(sql_dono, EMPRESA)
    for centro in [*resultado.centros.values(), None]:
        filtro = somas.SEM_CENTRO if centro is None else centro
        assert somas.por_categoria(somas.somar(cur, regime, de, ate, centro_custo_id=filtro)) == \
            oraculo.somar(regime, de, ate, None, centro)
    assert somas.por_categoria(somas.somar(cur, regime, de, ate, por_mes=True, por_centro=True)) == \
        oraculo.somar(regime, de, ate, None)
