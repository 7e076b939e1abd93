"""Fluxo de caixa realizado: the money that moved in the contas (every baixa, on its own conta and
payment date; juros and multa in, desconto off), per day, week or month, with the balance before
and after each period.

It reads the daily rollup financeiro keeps (financeiro.v_movimentos_dia, a row per conta and day
with baixas) and the contas' opening balances (cadastros.v_contas), never the ledger. The balances
follow the rule of saldo_atual: a conta's saldo_inicial is its balance on data_saldo_inicial, so
movement dated before that day is already in it and counts nowhere here, and a payment dated after
today has not happened yet. Hence saldo_inicial + entradas − saídas = saldo_final, the periods add
up to the totals, and with `ate` today saldo_final is the sum of the contas' saldo_atual.

Scope: one conta (active or not), or every conta of the empresa — a closed conta's past money moved too.

By centro de custo (`centro_custo_id`; 0: sem centro de custo), with or without a conta: entradas and
saídas are the centro's part of each baixa (financeiro.v_baixas_por_centro: a baixa of a lançamento
split by rateio is split in the same proportion, to the cent), on the same days as above. A centro
has no bank balance, so saldo_inicial is zero and each saldo_final is the centro's accumulated cash
result in the period; the identity and the periods adding up hold all the same.
"""
from bisect import bisect_right
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

from pydantic import Field, model_validator

from shared.api import Data, IdDeFiltro, Modelo, Opcional
from shared.calendario import fim_do_mes, primeiro_do_mes
from shared.config import hoje

from relatorios.comum import ZERO, exigir_centro_custo, exigir_conta, moeda, validar_periodo
from relatorios.somas import SEM_CENTRO


class Parametros(Modelo):
    de: Opcional[Data] = Field(None, description="Primeiro dia (data do pagamento); padrão: o 1º dia do mês de `ate`, "
                                                 "ou do mês atual")
    ate: Opcional[Data] = Field(None, description="Último dia; padrão: o último dia do mês de `de`, ou hoje")
    agrupamento: Literal["dia", "semana", "mes"] = Field(
        "mes", description="Um período por dia, por semana (de segunda a domingo) ou por mês")
    conta_id: Opcional[IdDeFiltro] = Field(None, description="Só esta conta; sem ela, todas as contas da empresa")
    centro_custo_id: Opcional[int] = Field(
        None, ge=0, description="Só a parte deste centro de custo de cada pagamento (rateios repartidos na proporção, "
                                "ao centavo); 0: o que não tem centro de custo. O saldo começa em zero: é o resultado "
                                "de caixa acumulado do centro")

    @model_validator(mode="after")
    def _periodo(self):
        if self.de is None and self.ate is None:
            self.ate = hoje()
        self.de = self.de or primeiro_do_mes(self.ate)
        self.ate = self.ate or fim_do_mes(self.de)
        validar_periodo(self.de, self.ate)
        return self


def periodos(de: date, ate: date, agrupamento: str) -> list[tuple[date, date]]:
    """[de, ate] cut into days, weeks (Monday to Sunday) or calendar months, the ends clipped."""
    cortes = []
    inicio = de
    while inicio <= ate:
        if agrupamento == "dia":
            fim = inicio
        elif agrupamento == "semana":
            fim = inicio + timedelta(days=6 - inicio.weekday())
        else:
            fim = fim_do_mes(inicio)
        fim = min(fim, ate)
        cortes.append((inicio, fim))
        inicio = fim + timedelta(days=1)
    return cortes


def _da_conta(conta_id: int | None, alias: str) -> str:
    return "" if conta_id is None else f" AND {alias}.conta_id = %(conta_id)s"


# The days that count: from the conta's opening-balance date, up to today.
_MOVIMENTOS = """
    FROM financeiro.v_movimentos_dia m
    JOIN cadastros.v_contas c ON c.empresa_id = m.empresa_id AND c.id = m.conta_id
   WHERE m.empresa_id = plataforma.empresa_atual() AND m.data >= c.data_saldo_inicial AND m.data <= %(hoje)s"""


def _saldo_antes(cur, de: date, conta_id: int | None, dia: date) -> Decimal:
    """The contas' balance at the start of `de`: their saldos iniciais and what moved before it."""
    filtro = {"de": de, "hoje": dia, "conta_id": conta_id}
    cur.execute(f"""SELECT coalesce(sum(c.saldo_inicial), 0) AS saldo FROM cadastros.v_contas c
                     WHERE c.empresa_id = plataforma.empresa_atual()
                       {'' if conta_id is None else 'AND c.id = %(conta_id)s'}""", filtro)
    inicial = cur.fetchone()["saldo"]
    cur.execute(f"SELECT coalesce(sum(m.entradas - m.saidas), 0) AS movimento {_MOVIMENTOS} AND m.data < %(de)s"
                f"{_da_conta(conta_id, 'm')}", filtro)
    return inicial + cur.fetchone()["movimento"]


def _por_dia(cur, de: date, ate: date, conta_id: int | None, dia: date) -> dict:
    cur.execute(f"""SELECT m.data, sum(m.entradas) AS entradas, sum(m.saidas) AS saidas {_MOVIMENTOS}
                      AND m.data BETWEEN %(de)s AND %(ate)s{_da_conta(conta_id, 'm')}
                     GROUP BY m.data""", {"de": de, "ate": ate, "hoje": dia, "conta_id": conta_id})
    return {linha["data"]: (linha["entradas"], linha["saidas"]) for linha in cur.fetchall()}


def _do_centro_por_dia(cur, p: Parametros, dia: date) -> dict:
    """The centro's part of the baixas per day, on the days that count (as in _MOVIMENTOS)."""
    centro = "IS NULL" if p.centro_custo_id == SEM_CENTRO else "= %(centro)s"
    cur.execute(f"""SELECT b.data,
                           coalesce(sum(b.valor_movimentado) FILTER (WHERE l.tipo = 'RECEITA'), 0) AS entradas,
                           coalesce(sum(b.valor_movimentado) FILTER (WHERE l.tipo = 'DESPESA'), 0) AS saidas
                      FROM financeiro.v_baixas_por_centro b
                      JOIN financeiro.v_lancamentos l ON l.empresa_id = b.empresa_id AND l.id = b.lancamento_id
                      JOIN cadastros.v_contas c ON c.empresa_id = b.empresa_id AND c.id = b.conta_id
                     WHERE b.empresa_id = plataforma.empresa_atual() AND b.data BETWEEN %(de)s AND %(ate)s
                       AND b.data >= c.data_saldo_inicial AND b.data <= %(hoje)s
                       AND b.centro_custo_id {centro}{_da_conta(p.conta_id, 'b')}
                     GROUP BY b.data""",
                {"de": p.de, "ate": p.ate, "hoje": dia, "conta_id": p.conta_id, "centro": p.centro_custo_id})
    return {linha["data"]: (linha["entradas"], linha["saidas"]) for linha in cur.fetchall()}


def calcular(cur, parametros: Parametros) -> dict:
    """The report as the route answers it (money as strings, dates as AAAA-MM-DD)."""
    p = parametros
    exigir_conta(cur, p.conta_id)
    exigir_centro_custo(cur, p.centro_custo_id)
    dia = hoje()
    if p.centro_custo_id is None:
        saldo = inicial = _saldo_antes(cur, p.de, p.conta_id, dia)
        por_dia = _por_dia(cur, p.de, p.ate, p.conta_id, dia)
    else:
        saldo = inicial = ZERO
        por_dia = _do_centro_por_dia(cur, p, dia)
    cortes = periodos(p.de, p.ate, p.agrupamento)
    inicios = [inicio for inicio, _ in cortes]
    somas = [[ZERO, ZERO] for _ in cortes]
    for data, (entradas, saidas) in por_dia.items():
        soma = somas[bisect_right(inicios, data) - 1]
        soma[0] += entradas
        soma[1] += saidas
    linhas = []
    for (inicio, fim), (entradas, saidas) in zip(cortes, somas):
        saldo += entradas - saidas
        linhas.append({"inicio": inicio.isoformat(), "fim": fim.isoformat(), "entradas": moeda(entradas),
                       "saidas": moeda(saidas), "saldo_final": moeda(saldo)})
    entradas_total = sum((e for e, _ in somas), ZERO)
    saidas_total = sum((s for _, s in somas), ZERO)
    return {"saldo_inicial": moeda(inicial), "entradas": moeda(entradas_total), "saidas": moeda(saidas_total),
            "saldo_final": moeda(saldo), "periodos": linhas}
