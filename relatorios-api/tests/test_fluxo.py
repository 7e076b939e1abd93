"""GET /api/relatorios/fluxo-caixa: every figure against a second computation straight over the
baixas, the lançamentos and the contas (never the rollup financeiro.movimentos_dia), the tie to
cadastros' own saldo_atual, the periods adding up, validation and tenancy; by centro de custo,
against gerador_resultado's second computation of each baixa's part per centro."""
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from relatorios.arquivos.documento import filtros
from relatorios.fluxo import periodos
from shared import catalogo_eventos as eventos, config

sys.path.insert(0, str(Path(__file__).parent))
from gerador_resultado import Oraculo as OraculoDoResultado  # noqa: E402


def _moeda(valor) -> str:
    return f"{Decimal(valor):.2f}"


class Oraculo:
    """The realized flow of one empresa, from its baixas: each one counted on its own conta and
    date, from the conta's opening-balance date up to today."""

    def __init__(self, sql_dono, empresa_id: int):
        self.contas = {c["id"]: c for c in sql_dono(
            "SELECT id, saldo_inicial, data_saldo_inicial FROM cadastros.contas WHERE empresa_id = %s", (empresa_id,))}
        self.baixas = sql_dono(
            """SELECT b.conta_id, b.data, l.tipo, b.valor + b.juros + b.multa - b.desconto AS dinheiro
                 FROM financeiro.baixas b
                 JOIN financeiro.lancamentos l ON l.empresa_id = b.empresa_id AND l.id = b.lancamento_id
                WHERE b.empresa_id = %s""", (empresa_id,))

    def _contadas(self, conta_id):
        hoje = config.hoje()
        return [b for b in self.baixas if (conta_id is None or b["conta_id"] == conta_id)
                and self.contas[b["conta_id"]]["data_saldo_inicial"] <= b["data"] <= hoje]

    def fluxo(self, de, ate, agrupamento, conta_id=None) -> dict:
        contadas = self._contadas(conta_id)
        saldo = sum(c["saldo_inicial"] for i, c in self.contas.items() if conta_id in (None, i))
        saldo += sum(b["dinheiro"] if b["tipo"] == "RECEITA" else -b["dinheiro"] for b in contadas if b["data"] < de)
        inicial, linhas = saldo, []
        for inicio, fim in periodos(de, ate, agrupamento):
            entradas = sum((b["dinheiro"] for b in contadas if inicio <= b["data"] <= fim and b["tipo"] == "RECEITA"),
                           Decimal(0))
            saidas = sum((b["dinheiro"] for b in contadas if inicio <= b["data"] <= fim and b["tipo"] == "DESPESA"),
                         Decimal(0))
            saldo += entradas - saidas
            linhas.append({"inicio": inicio.isoformat(), "fim": fim.isoformat(), "entradas": _moeda(entradas),
                           "saidas": _moeda(saidas), "saldo_final": _moeda(saldo)})
        return {"saldo_inicial": _moeda(inicial),
                "entradas": _moeda(sum(Decimal(l["entradas"]) for l in linhas)),
                "saidas": _moeda(sum(Decimal(l["saidas"]) for l in linhas)),
                "saldo_final": _moeda(saldo), "periodos": linhas}


@pytest.fixture(scope="module")
def duas(razao):
    return razao(1601, semente=3), razao(1602, semente=4)


def _consulta(de, ate, agrupamento, conta_id=None):
    consulta = {"de": de.isoformat(), "ate": ate.isoformat(), "agrupamento": agrupamento}
    return consulta if conta_id is None else {**consulta, "conta_id": conta_id}


HOJE = config.hoje()
CASOS = [
    (HOJE - timedelta(days=400), HOJE, "mes"),
    (HOJE - timedelta(days=90), HOJE, "semana"),
    (HOJE - timedelta(days=40), HOJE + timedelta(days=20), "dia"),  # after today: nothing moves yet
    (HOJE - timedelta(days=1500), HOJE - timedelta(days=200), "mes"),  # from before the opening dates
]


@pytest.mark.parametrize("de, ate, agrupamento", CASOS)
@pytest.mark.parametrize("por_conta", [False, True])
def test_every_figure_equals_a_computation_over_the_baixas(como, duas, sql_dono, de, ate, agrupamento, por_conta):
    razao = duas[0]
    oraculo = Oraculo(sql_dono, razao.empresa_id)
    for conta_id in (razao.contas if por_conta else [None]):
        resposta = como(razao.empresa_id).get("/api/relatorios/fluxo-caixa",
                                              query_string=_consulta(de, ate, agrupamento, conta_id))
        assert resposta.status_code == 200, resposta.get_json()
        assert resposta.get_json() == oraculo.fluxo(de, ate, agrupamento, conta_id)


# The fixtures are factories over the module's generated ledger: nothing to reset between inputs.
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(inicio=st.integers(-450, 60), dias=st.integers(0, 500), agrupamento=st.sampled_from(["dia", "semana", "mes"]),
       conta=st.integers(-1, 2))
def test_any_period_adds_up_and_matches(como, duas, sql_dono, inicio, dias, agrupamento, conta):
    razao = duas[1]
    de = HOJE + timedelta(days=inicio)
    ate = de + timedelta(days=dias)
    conta_id = None if conta < 0 else razao.contas[conta]
    corpo = como(razao.empresa_id).get("/api/relatorios/fluxo-caixa",
                                       query_string=_consulta(de, ate, agrupamento, conta_id)).get_json()
    assert corpo == Oraculo(sql_dono, razao.empresa_id).fluxo(de, ate, agrupamento, conta_id)
    d = lambda v: Decimal(v)  # noqa: E731
    assert d(corpo["saldo_inicial"]) + d(corpo["entradas"]) - d(corpo["saidas"]) == d(corpo["saldo_final"])
    assert sum(d(p["entradas"]) for p in corpo["periodos"]) == d(corpo["entradas"])
    assert sum(d(p["saidas"]) for p in corpo["periodos"]) == d(corpo["saidas"])
    assert corpo["periodos"][0]["inicio"] == de.isoformat() and corpo["periodos"][-1]["fim"] == ate.isoformat()


def test_until_today_it_ends_at_the_contas_saldo_atual(como, duas, saldos_atuais):
    razao = duas[0]
    saldos = saldos_atuais(razao.empresa_id)
    assert set(razao.contas) <= set(saldos)
    cliente = como(razao.empresa_id)
    de = HOJE - timedelta(days=365)
    todas = cliente.get("/api/relatorios/fluxo-caixa", query_string=_consulta(de, HOJE, "mes")).get_json()
    assert Decimal(todas["saldo_final"]) == sum(saldos[c] for c in razao.contas)
    for conta_id in razao.contas:
        uma = cliente.get("/api/relatorios/fluxo-caixa", query_string=_consulta(de, HOJE, "dia", conta_id)).get_json()
        assert Decimal(uma["saldo_final"]) == saldos[conta_id]


def test_a_day_whose_money_in_and_out_cancel_out_still_shows_both(como, duas):
    razao = duas[0]
    dia = HOJE - timedelta(days=10)
    corpo = como(razao.empresa_id).get("/api/relatorios/fluxo-caixa",
                                       query_string=_consulta(dia, dia, "dia", razao.contas[0])).get_json()
    assert Decimal(corpo["periodos"][0]["entradas"]) >= Decimal("123.45")
    assert Decimal(corpo["periodos"][0]["saidas"]) >= Decimal("123.45")


@given(inicio=st.dates(date(2000, 1, 1), date(2030, 1, 1)), dias=st.integers(0, 800),
       agrupamento=st.sampled_from(["dia", "semana", "mes"]))
def test_periods_cover_the_range_without_gaps(inicio, dias, agrupamento):
    cortes = periodos(inicio, inicio + timedelta(days=dias), agrupamento)
    assert cortes[0][0] == inicio and cortes[-1][1] == inicio + timedelta(days=dias)
    for (_, fim), (proximo, _) in zip(cortes, cortes[1:]):
        assert proximo == fim + timedelta(days=1)
    for comeco, fim in cortes:
        assert comeco <= fim
        if agrupamento == "semana":
            assert (fim - comeco).days <= 6 and (fim.weekday() == 6 or fim == cortes[-1][1])
        if agrupamento == "mes":
            assert (comeco.year, comeco.month) == (fim.year, fim.month)


def test_defaults_to_this_month_until_today(como, duas):
    corpo = como(duas[0].empresa_id).get("/api/relatorios/fluxo-caixa").get_json()
    assert corpo["periodos"] == [{**corpo["periodos"][0], "inicio": HOJE.replace(day=1).isoformat(),
                                  "fim": HOJE.isoformat()}]


@pytest.mark.parametrize("consulta, campo", [
    ({"de": "2026-03-01", "ate": "2026-02-01"}, "ate"),
    ({"de": "2020-01-01", "ate": "2025-01-01"}, "ate"),  # five years and a day
    ({"agrupamento": "ano"}, "agrupamento"),
    ({"de": "01/02/2026"}, "de"),
    ({"conta_id": "x"}, "conta_id"),
    ({"conta_id": "0"}, "conta_id"),
    ({"outro": "1"}, "outro"),
])
def test_invalid_queries_name_the_field(como, duas, consulta, campo):
    resposta = como(duas[0].empresa_id).get("/api/relatorios/fluxo-caixa", query_string=consulta)
    assert resposta.status_code == 400
    assert campo in resposta.get_json()["campos"]


def test_five_years_exactly_is_accepted(como, duas):
    resposta = como(duas[0].empresa_id).get("/api/relatorios/fluxo-caixa",
                                             query_string={"de": "2020-01-01", "ate": "2024-12-31"})
    assert resposta.status_code == 200


def test_another_empresas_conta_is_not_found_and_shows_nothing(como, duas):
    minha, outra = duas
    resposta = como(minha.empresa_id).get("/api/relatorios/fluxo-caixa",
                                          query_string={"conta_id": outra.contas[0]})
    assert resposta.status_code == 404
    assert resposta.get_json()["campos"] == {"conta_id": "Conta não encontrada"}
    assert "periodos" not in resposta.get_json()


def test_each_empresa_sees_only_its_own_money(como, duas, sql_dono):
    de = HOJE - timedelta(days=400)
    for razao in duas:
        corpo = como(razao.empresa_id).get("/api/relatorios/fluxo-caixa",
                                           query_string=_consulta(de, HOJE, "mes")).get_json()
        assert corpo == Oraculo(sql_dono, razao.empresa_id).fluxo(de, HOJE, "mes")
    vazia = como(1699).get("/api/relatorios/fluxo-caixa", query_string=_consulta(de, HOJE, "mes")).get_json()
    assert vazia["saldo_final"] == "0.00" and vazia["entradas"] == "0.00"


def test_needs_the_reading_permission(como, duas):
    resposta = como(duas[0].empresa_id, perms=["financeiro:ler"]).get("/api/relatorios/fluxo-caixa")
    assert resposta.status_code == 403


def test_a_new_baixa_is_seen_at_once_despite_the_cache(como, duas, sql_dono):
    razao = duas[1]
    cliente = como(razao.empresa_id)
    antes = cliente.get("/api/relatorios/fluxo-caixa", query_string=_consulta(HOJE, HOJE, "dia")).get_json()
    lancamento = sql_dono("""INSERT INTO financeiro.lancamentos (empresa_id, tipo, descricao, valor, data_vencimento,
                                                                 competencia, categoria_id, conta_id)
                             SELECT empresa_id, 'RECEITA', 'Nova', 10, %(hoje)s, date_trunc('month', %(hoje)s)::date,
                                    id, %(conta)s FROM cadastros.categorias
                              WHERE empresa_id = %(e)s AND tipo = 'RECEITA' LIMIT 1 RETURNING id""",
                          {"hoje": HOJE, "conta": razao.contas[0], "e": razao.empresa_id}, empresa_id=razao.empresa_id)
    sql_dono("INSERT INTO financeiro.baixas (empresa_id, lancamento_id, conta_id, data, valor) VALUES (%s, %s, %s, %s, 10)",
             (razao.empresa_id, lancamento[0]["id"], razao.contas[0], HOJE), empresa_id=razao.empresa_id)
    # A write through financeiro publishes its event; this one went behind the API, so it publishes it.
    cliente.application.extensions["erp"].barramento.publicar(eventos.LANCAMENTO_ALTERADO.nome, razao.empresa_id)
    esperado = _moeda(Decimal(antes["entradas"]) + 10)
    limite = time.monotonic() + 2  # the event reaches the process's memo of generations asynchronously
    while (cliente.get("/api/relatorios/fluxo-caixa", query_string=_consulta(HOJE, HOJE, "dia"))
           .get_json()["entradas"] != esperado and time.monotonic() < limite):
        time.sleep(0.05)
    assert cliente.get("/api/relatorios/fluxo-caixa", query_string=_consulta(HOJE, HOJE, "dia")) \
        .get_json()["entradas"] == esperado


def test_the_generated_ledger_has_every_case_the_rules_tell_apart(duas, sql_dono):
    """Otherwise the equalities above could hold for want of cases."""
    razao = duas[0]
    casos = sql_dono("""SELECT bool_or(b.data < c.data_saldo_inicial) AS antes_do_saldo_inicial,
                               bool_or(b.data > %(hoje)s) AS depois_de_hoje,
                               bool_or(b.conta_id <> l.conta_id) AS outra_conta,
                               bool_or(b.juros > 0) AND bool_or(b.desconto > 0) AS juros_e_desconto
                          FROM financeiro.baixas b
                          JOIN cadastros.contas c ON c.empresa_id = b.empresa_id AND c.id = b.conta_id
                          JOIN financeiro.lancamentos l ON l.empresa_id = b.empresa_id AND l.id = b.lancamento_id
                         WHERE b.empresa_id = %(e)s""", {"hoje": HOJE, "e": razao.empresa_id})
    assert all(casos[0].values()), casos


@pytest.fixture(scope="module")
def oraculos(database):
    return {}


@pytest.fixture
def estudio(resultado_gerado, oraculos, sql_dono):
    """Empresa 1611's two-year result with centros de custo and rateios, and its oraculo, made once for the module."""
    resultado = resultado_gerado(1611, semente=21)
    oraculos.setdefault(1611, OraculoDoResultado(sql_dono, 1611))
    return resultado, oraculos[1611]


def _do_centro(oraculo, de, ate, agrupamento, centro, conta_id=None) -> dict:
    """The centro's flow from the oracle's baixa parts: a balance starting at zero."""
    fatos = [f for f in oraculo.fatos("caixa") if f["centro_custo_id"] == centro and f["data"] <= HOJE
             and conta_id in (None, f["conta_id"])]
    saldo, linhas = Decimal(0), []
    for inicio, fim in periodos(de, ate, agrupamento):
        entradas = sum((f["valor"] for f in fatos if inicio <= f["data"] <= fim and f["tipo"] == "RECEITA"), Decimal(0))
        saidas = sum((f["valor"] for f in fatos if inicio <= f["data"] <= fim and f["tipo"] == "DESPESA"), Decimal(0))
        saldo += entradas - saidas
        linhas.append({"inicio": inicio.isoformat(), "fim": fim.isoformat(), "entradas": _moeda(entradas),
                       "saidas": _moeda(saidas), "saldo_final": _moeda(saldo)})
    return {"saldo_inicial": "0.00", "entradas": _moeda(sum(Decimal(l["entradas"]) for l in linhas)),
            "saidas": _moeda(sum(Decimal(l["saidas"]) for l in linhas)), "saldo_final": _moeda(saldo),
            "periodos": linhas}


@pytest.mark.parametrize("de, ate, agrupamento", CASOS[:3])
def test_by_centro_each_figure_is_the_centros_part_of_the_baixas(como, estudio, de, ate, agrupamento):
    resultado, oraculo = estudio
    api = como(resultado.empresa_id)
    geral = api.get("/api/relatorios/fluxo-caixa", query_string=_consulta(de, ate, agrupamento)).get_json()
    partes = []
    for centro in [*resultado.centros.values(), None]:
        for conta_id in (None, resultado.contas[0]):
            consulta = {**_consulta(de, ate, agrupamento, conta_id), "centro_custo_id": centro or 0}
            resposta = api.get("/api/relatorios/fluxo-caixa", query_string=consulta)
            assert resposta.status_code == 200, resposta.get_json()
            assert resposta.get_json() == _do_centro(oraculo, de, ate, agrupamento, centro, conta_id)
            if conta_id is None:
                partes.append(resposta.get_json())
    # The centros and "sem centro" split every period's money exactly.
    for n, periodo in enumerate(geral["periodos"]):
        for campo in ("entradas", "saidas"):
            assert sum(Decimal(p["periodos"][n][campo]) for p in partes) == Decimal(periodo[campo])


def test_sem_centro_counts_the_same_days_as_the_whole_flow(como, duas):
    """The razao's lançamentos have no rateio: "sem centro" is all their money, on the days that count
    (from each conta's opening-balance date up to today), from a balance of zero."""
    razao = duas[0]
    de, ate = HOJE - timedelta(days=400), HOJE + timedelta(days=30)
    api = como(razao.empresa_id)
    todo = api.get("/api/relatorios/fluxo-caixa", query_string=_consulta(de, ate, "mes")).get_json()
    sem = api.get("/api/relatorios/fluxo-caixa", query_string={**_consulta(de, ate, "mes"), "centro_custo_id": 0})
    corpo = sem.get_json()
    assert corpo["saldo_inicial"] == "0.00"
    assert [(p["entradas"], p["saidas"]) for p in corpo["periodos"]] == [
        (p["entradas"], p["saidas"]) for p in todo["periodos"]]
    assert Decimal(corpo["saldo_final"]) == Decimal(todo["entradas"]) - Decimal(todo["saidas"])


def test_a_centro_filter_is_validated_and_another_empresas_is_not_found(como, duas, estudio):
    api = como(duas[0].empresa_id)
    for valor in ("-1", "x"):
        resposta = api.get("/api/relatorios/fluxo-caixa", query_string={"centro_custo_id": valor})
        assert resposta.status_code == 400 and "centro_custo_id" in resposta.get_json()["campos"]
    resposta = api.get("/api/relatorios/fluxo-caixa",
                       query_string={"centro_custo_id": next(iter(estudio[0].centros.values()))})
    assert resposta.status_code == 404
    assert resposta.get_json()["campos"] == {"centro_custo_id": "Centro de custo não encontrado"}


def test_an_export_names_centro_zero_as_sem_centro_de_custo():
    assert filtros(None, {"centro_custo_id": 0}) == [("Centro de custo", "Sem centro de custo")]
