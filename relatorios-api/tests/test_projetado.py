"""GET /api/relatorios/fluxo-caixa/projetado: every day against a second computation over the
lançamentos and their baixas (what is open is valor minus the baixas' principal, not the
trigger-kept valor_pago), the start at cadastros' saldo_atual, the two ways of treating what is
overdue, the late-payment scenario, validation and tenancy; by centro de custo, each open amount
split by its rateio lines with gerador_resultado's `repartir`."""
import sys
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from shared import config

sys.path.insert(0, str(Path(__file__).parent))
from gerador_resultado import repartir  # noqa: E402

HOJE = config.hoje()


def _moeda(valor) -> str:
    return f"{Decimal(valor):.2f}"


class Oraculo:
    def __init__(self, sql_dono, empresa_id: int):
        self.abertos = sql_dono(
            """SELECT l.id, l.tipo, l.conta_id, l.cliente_id, l.data_vencimento,
                      l.valor - coalesce((SELECT sum(b.valor) FROM financeiro.baixas b
                                           WHERE b.empresa_id = l.empresa_id AND b.lancamento_id = l.id), 0) AS aberto
                 FROM financeiro.lancamentos l
                WHERE l.empresa_id = %s AND NOT l.cancelado""", (empresa_id,))
        self.abertos = [a for a in self.abertos if a["aberto"] > 0]
        self.rateios = defaultdict(list)
        for r in sql_dono("SELECT lancamento_id, centro_custo_id, valor FROM financeiro.rateios WHERE empresa_id = %s",
                          (empresa_id,)):
            self.rateios[r["lancamento_id"]].append((r["centro_custo_id"], r["valor"]))
        self.saldos = {c["id"]: c["saldo_inicial"] + c["movimento"] for c in sql_dono(
            """SELECT c.id, c.saldo_inicial, coalesce((
                      SELECT sum(CASE l.tipo WHEN 'RECEITA' THEN 1 ELSE -1 END
                                 * (b.valor + b.juros + b.multa - b.desconto))
                        FROM financeiro.baixas b
                        JOIN financeiro.lancamentos l ON l.empresa_id = b.empresa_id AND l.id = b.lancamento_id
                       WHERE b.empresa_id = c.empresa_id AND b.conta_id = c.id
                         AND b.data BETWEEN c.data_saldo_inicial AND %(hoje)s), 0) AS movimento
                 FROM cadastros.contas c WHERE c.empresa_id = %(e)s""", {"hoje": HOJE, "e": empresa_id})}

    def _do_centro(self, centro) -> list[dict]:
        """The open items with the centro's part (None: sem centro) of their open amount, when not zero."""
        itens = []
        for a in self.abertos:
            linhas = self.rateios.get(a["id"])
            parte = (repartir(a["aberto"], linhas) if linhas else {None: a["aberto"]}).get(centro, Decimal(0))
            if parte:
                itens.append({**a, "aberto": parte})
        return itens

    def projetado(self, dias=90, conta_id=None, vencidos="hoje", atraso_dias=0, clientes=(), centro="todos") -> dict:
        """`centro` an id, None (sem centro) or "todos"; a centro's projection starts at zero."""
        saldo = sum(v for c, v in self.saldos.items() if conta_id in (None, c)) if centro == "todos" else Decimal(0)
        inicio = saldo
        por_dia, atrasados = {}, {"RECEITA": [0, Decimal(0)], "DESPESA": [0, Decimal(0)]}
        for a in self.abertos if centro == "todos" else self._do_centro(centro):
            if conta_id is not None and a["conta_id"] != conta_id:
                continue
            data = a["data_vencimento"]
            if a["tipo"] == "RECEITA" and (not clientes or a["cliente_id"] in clientes):
                data += timedelta(days=atraso_dias)
            if data < HOJE:
                atrasados[a["tipo"]][0] += 1
                atrasados[a["tipo"]][1] += a["aberto"]
                if vencidos == "excluir":
                    continue
                data = HOJE
            chave = (data, a["tipo"])
            por_dia[chave] = por_dia.get(chave, Decimal(0)) + a["aberto"]
        linhas = []
        for n in range(dias):
            data = HOJE + timedelta(days=n)
            entradas, saidas = por_dia.get((data, "RECEITA"), Decimal(0)), por_dia.get((data, "DESPESA"), Decimal(0))
            saldo += entradas - saidas
            linhas.append({"data": data.isoformat(), "entradas": _moeda(entradas), "saidas": _moeda(saidas),
                           "saldo": _moeda(saldo)})
        menor = min(linhas, key=lambda l: Decimal(l["saldo"]))  # the first of the lowest
        return {"saldo_atual": _moeda(inicio), "dias": linhas, "menor_saldo": {"data": menor["data"],
                                                                               "valor": menor["saldo"]},
                "vencidos": {nome: {"quantidade": atrasados[tipo][0], "valor": _moeda(atrasados[tipo][1])}
                             for nome, tipo in (("receber", "RECEITA"), ("pagar", "DESPESA"))}}


@pytest.fixture(scope="module")
def duas(razao):
    return razao(1701, semente=5), razao(1702, semente=6)


def _consulta(**parametros) -> dict:
    return {k: v for k, v in parametros.items() if v not in (None, ())}


@pytest.mark.parametrize("vencidos", ["hoje", "excluir"])
def test_each_day_equals_a_computation_over_the_ledger(como, duas, sql_dono, vencidos):
    razao = duas[0]
    oraculo = Oraculo(sql_dono, razao.empresa_id)
    for conta_id in [None, *razao.contas]:
        resposta = como(razao.empresa_id).get("/api/relatorios/fluxo-caixa/projetado",
                                              query_string=_consulta(conta_id=conta_id, vencidos=vencidos))
        assert resposta.status_code == 200, resposta.get_json()
        assert resposta.get_json() == oraculo.projetado(conta_id=conta_id, vencidos=vencidos)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(dias=st.integers(1, 365), conta=st.integers(-1, 2), vencidos=st.sampled_from(["hoje", "excluir"]),
       atraso=st.integers(0, 60), quais=st.sampled_from([(), (0,), (0, 1)]))
def test_any_horizon_and_scenario_matches(como, duas, sql_dono, dias, conta, vencidos, atraso, quais):
    razao = duas[1]
    conta_id = None if conta < 0 else razao.contas[conta]
    clientes = tuple(razao.clientes[i] for i in quais) if atraso else ()
    corpo = como(razao.empresa_id).get("/api/relatorios/fluxo-caixa/projetado", query_string=_consulta(
        dias=dias, conta_id=conta_id, vencidos=vencidos, atraso_dias=atraso or None, clientes=list(clientes))).get_json()
    esperado = Oraculo(sql_dono, razao.empresa_id).projetado(dias, conta_id, vencidos, atraso, clientes)
    assert corpo == esperado
    assert len(corpo["dias"]) == dias and corpo["dias"][0]["data"] == HOJE.isoformat()


def test_starts_at_the_saldo_atual_cadastros_shows(como, duas, saldos_atuais):
    razao = duas[0]
    saldos = saldos_atuais(razao.empresa_id)
    corpo = como(razao.empresa_id).get("/api/relatorios/fluxo-caixa/projetado").get_json()
    assert Decimal(corpo["saldo_atual"]) == sum(saldos[c] for c in razao.contas)


def test_a_late_cliente_pays_later_and_the_lowest_day_is_flagged(como, razao, sql_dono):
    """By hand: R$ 100 in the conta, a despesa of 300 due in 5 days, 250 from Ana due in 3 days and
    50 from Bruno due in 3 days. On time the balance never goes below 100; with Ana 15 days late it
    falls to −150 on day 5 and recovers on day 18."""
    r = razao(1703, semente=9, quantos=0)
    sql_dono("DELETE FROM financeiro.baixas WHERE empresa_id = %s", (r.empresa_id,), empresa_id=r.empresa_id)
    sql_dono("DELETE FROM financeiro.lancamentos WHERE empresa_id = %s", (r.empresa_id,), empresa_id=r.empresa_id)
    sql_dono("UPDATE cadastros.contas SET saldo_inicial = CASE id WHEN %s THEN 100 ELSE 0 END WHERE empresa_id = %s",
             (r.contas[0], r.empresa_id), empresa_id=r.empresa_id)
    for tipo, valor, dias, cliente in (("DESPESA", 300, 5, None), ("RECEITA", 250, 3, r.clientes[0]),
                                       ("RECEITA", 50, 3, r.clientes[1])):
        sql_dono("""INSERT INTO financeiro.lancamentos (empresa_id, tipo, descricao, valor, data_vencimento, competencia,
                                                        categoria_id, conta_id, cliente_id)
                    SELECT empresa_id, tipo, 'À mão', %(valor)s, %(dia)s, date_trunc('month', %(dia)s)::date, id,
                           %(conta)s, %(cliente)s FROM cadastros.categorias WHERE empresa_id = %(e)s AND tipo = %(tipo)s""",
                 {"valor": valor, "dia": HOJE + timedelta(days=dias), "conta": r.contas[0], "cliente": cliente,
                  "e": r.empresa_id, "tipo": tipo}, empresa_id=r.empresa_id)
    cliente = como(r.empresa_id)
    em_dia = cliente.get("/api/relatorios/fluxo-caixa/projetado", query_string={"dias": 30}).get_json()
    assert em_dia["menor_saldo"] == {"data": HOJE.isoformat(), "valor": "100.00"}
    assert em_dia["dias"][3]["entradas"] == "300.00" and em_dia["dias"][5]["saldo"] == "100.00"
    atrasada = cliente.get("/api/relatorios/fluxo-caixa/projetado", query_string={
        "dias": 30, "atraso_dias": 15, "clientes": [r.clientes[0]]}).get_json()
    assert atrasada["dias"][3]["entradas"] == "50.00" and atrasada["dias"][18]["entradas"] == "250.00"
    assert atrasada["menor_saldo"] == {"data": (HOJE + timedelta(days=5)).isoformat(), "valor": "-150.00"}
    assert atrasada["dias"][-1]["saldo"] == "100.00"


@pytest.mark.parametrize("consulta, campo", [
    ({"dias": "0"}, "dias"),
    ({"dias": "366"}, "dias"),
    ({"vencidos": "ignorar"}, "vencidos"),
    ({"atraso_dias": "-1"}, "atraso_dias"),
    ({"clientes": "7"}, "atraso_dias"),  # clientes without the days late
    ({"clientes": "abc", "atraso_dias": "5"}, "clientes.0"),
    ({"conta_id": "-3"}, "conta_id"),
])
def test_invalid_queries_name_the_field(como, duas, consulta, campo):
    resposta = como(duas[0].empresa_id).get("/api/relatorios/fluxo-caixa/projetado", query_string=consulta)
    assert resposta.status_code == 400
    assert campo in resposta.get_json()["campos"]


def test_another_empresas_conta_or_clientes_show_nothing(como, duas, sql_dono):
    minha, outra = duas
    cliente = como(minha.empresa_id)
    resposta = cliente.get("/api/relatorios/fluxo-caixa/projetado", query_string={"conta_id": outra.contas[1]})
    assert resposta.status_code == 404 and "dias" not in resposta.get_json()
    # Another empresa's clientes match none of this empresa's receivables: the scenario changes nothing.
    com_outros = cliente.get("/api/relatorios/fluxo-caixa/projetado", query_string={
        "atraso_dias": 30, "clientes": outra.clientes}).get_json()
    assert com_outros == Oraculo(sql_dono, minha.empresa_id).projetado()
    vazia = como(1799).get("/api/relatorios/fluxo-caixa/projetado", query_string={"dias": 3}).get_json()
    assert vazia["saldo_atual"] == "0.00" and all(d["saldo"] == "0.00" for d in vazia["dias"])


@pytest.fixture
def estudio(resultado_gerado):
    """Empresa 1711's two-year result with centros de custo, rateios and part-paid items, made once."""
    return resultado_gerado(1711, semente=31)


@pytest.mark.parametrize("vencidos", ["hoje", "excluir"])
def test_by_centro_each_day_counts_the_centros_part_of_what_is_open(como, estudio, sql_dono, vencidos):
    oraculo = Oraculo(sql_dono, estudio.empresa_id)
    assert any(len(oraculo.rateios[a["id"]]) > 1 for a in oraculo.abertos), "no split open item to test"
    api = como(estudio.empresa_id)
    cenario = {"dias": 120, "vencidos": vencidos, "atraso_dias": 10, "clientes": [estudio.clientes[0]]}
    geral = api.get("/api/relatorios/fluxo-caixa/projetado", query_string=cenario).get_json()
    partes = []
    for centro in [*estudio.centros.values(), None]:
        for conta_id in (None, estudio.contas[1]):
            resposta = api.get("/api/relatorios/fluxo-caixa/projetado", query_string=_consulta(
                **cenario, conta_id=conta_id, centro_custo_id=centro or 0))
            assert resposta.status_code == 200, resposta.get_json()
            assert resposta.get_json() == oraculo.projetado(120, conta_id, vencidos, 10, (estudio.clientes[0],), centro)
            if conta_id is None:
                partes.append(resposta.get_json())
    # The centros and "sem centro" split every day's open amounts exactly.
    for n, dia in enumerate(geral["dias"]):
        for campo in ("entradas", "saidas"):
            assert sum(Decimal(p["dias"][n][campo]) for p in partes) == Decimal(dia[campo])


def test_a_centro_filter_is_validated_and_another_empresas_is_not_found(como, duas, estudio):
    api = como(duas[0].empresa_id)
    for valor in ("-1", "x"):
        resposta = api.get("/api/relatorios/fluxo-caixa/projetado", query_string={"centro_custo_id": valor})
        assert resposta.status_code == 400 and "centro_custo_id" in resposta.get_json()["campos"]
    resposta = api.get("/api/relatorios/fluxo-caixa/projetado",
                       query_string={"centro_custo_id": next(iter(estudio.centros.values()))})
    assert resposta.status_code == 404
    assert resposta.get_json()["campos"] == {"centro_custo_id": "Centro de custo não encontrado"}
