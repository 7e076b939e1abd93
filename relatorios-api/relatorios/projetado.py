"""Fluxo de caixa projetado: from today's balance, a day-by-day balance for the next 1–365 days
from what is open — receivables in, payables out, each on its due date (a série's occurrences are
lançamentos like any other, so recurring bills are in).

Overdue open items (due before today) are either expected today (`vencidos=hoje`) or left out of
the days (`vencidos=excluir`); either way their totals come apart in `vencidos`. The scenario
`atraso_dias` moves the receivables of the chosen clientes (of every cliente, when none is chosen)
that many days later before anything else is decided: "what if they pay 15 days late".

Reads cadastros.v_contas and financeiro.v_saldos_conta for today's balance (saldo_atual, exactly as
cadastros computes it) and financeiro.v_lancamentos for the open amounts (an index range of the
open lançamentos: the ledger's partial index on PENDENTE/PARCIAL). Scope: one conta, or all of the
empresa's; a lançamento counts in the conta it is booked to.

By centro de custo (`centro_custo_id`; 0: sem centro de custo), with or without a conta: each open
item counts with the centro's part of its open amount (financeiro.v_abertos_por_centro: split in the
proportion of the lançamento's rateio lines, to the cent). A centro has no bank balance, so the
projection starts at zero: each day's saldo is the centro's accumulated expected cash result.
"""
from datetime import date, timedelta
from typing import Literal

from pydantic import Field, model_validator

from shared.api import IdDeFiltro, Modelo, Opcional
from shared.config import hoje
from shared.errors import Validacao

from relatorios.comum import ZERO, exigir_centro_custo, exigir_conta, moeda
from relatorios.somas import SEM_CENTRO

ABERTOS = ["PENDENTE", "PARCIAL"]


class Parametros(Modelo):
    dias: int = Field(90, ge=1, le=365, description="Quantos dias projetar, contando hoje (1 a 365)")
    conta_id: Opcional[IdDeFiltro] = Field(None, description="Só esta conta; sem ela, todas as contas da empresa")
    centro_custo_id: Opcional[int] = Field(
        None, ge=0, description="Só a parte deste centro de custo do que está em aberto (rateios repartidos na "
                                "proporção, ao centavo); 0: o que não tem centro de custo. O saldo começa em zero: é "
                                "o resultado de caixa previsto acumulado do centro")
    vencidos: Literal["hoje", "excluir"] = Field(
        "hoje", description="O que está vencido e em aberto: esperado para hoje, ou fora da projeção "
                            "(os totais vêm à parte em `vencidos` nos dois casos)")
    atraso_dias: int = Field(0, ge=0, le=365, description="Cenário: as receitas destes clientes chegam tantos dias "
                                                          "depois do vencimento")
    clientes: list[IdDeFiltro] = Field(default_factory=list, max_length=100,
                                       description="Os clientes do cenário (repita o parâmetro); sem nenhum, todos")

    @model_validator(mode="after")
    def _cenario(self):
        if self.clientes and not self.atraso_dias:
            raise Validacao("Verifique os campos destacados",
                            {"atraso_dias": "Informe quantos dias de atraso para os clientes escolhidos"})
        return self


def _saldo_atual(cur, conta_id: int | None):
    cur.execute(f"""SELECT coalesce(sum(c.saldo_inicial + coalesce(s.movimento, 0)), 0) AS saldo
                      FROM cadastros.v_contas c
                      LEFT JOIN financeiro.v_saldos_conta s ON s.empresa_id = c.empresa_id AND s.conta_id = c.id
                     WHERE c.empresa_id = plataforma.empresa_atual()
                       {'' if conta_id is None else 'AND c.id = %(conta_id)s'}""", {"conta_id": conta_id})
    return cur.fetchone()["saldo"]


def _abertos(cur, p: Parametros, ultimo: date) -> list[dict]:
    """The open amounts by tipo and expected day (the due date, moved by the scenario), up to `ultimo`."""
    atrasa = "l.tipo = 'RECEITA'" + (" AND l.cliente_id = ANY(%(clientes)s)" if p.clientes else "")
    if p.centro_custo_id is None:
        origem, condicao = "financeiro.v_lancamentos", "AND l.status = ANY(%(abertos)s)"
    else:  # the view holds only what is open; a centro's part of a few cents' item may be zero
        centro = "IS NULL" if p.centro_custo_id == SEM_CENTRO else "= %(centro)s"
        origem, condicao = "financeiro.v_abertos_por_centro", f"AND l.centro_custo_id {centro} AND l.valor_aberto > 0"
    cur.execute(
        f"""SELECT tipo, data, count(*) AS quantidade, sum(aberto) AS valor FROM (
                SELECT l.tipo, l.valor_aberto AS aberto,
                       CASE WHEN {atrasa} THEN l.data_vencimento + %(atraso)s ELSE l.data_vencimento END AS data
                  FROM {origem} l
                 WHERE l.empresa_id = plataforma.empresa_atual() {condicao}
                   AND l.data_vencimento <= %(ultimo)s
                   {'' if p.conta_id is None else 'AND l.conta_id = %(conta_id)s'}) AS a
             WHERE data <= %(ultimo)s
             GROUP BY tipo, data""",
        {"atraso": p.atraso_dias, "clientes": p.clientes, "abertos": ABERTOS, "ultimo": ultimo,
         "conta_id": p.conta_id, "centro": p.centro_custo_id})
    return cur.fetchall()


def calcular(cur, parametros: Parametros) -> dict:
    """The report as the route answers it (money as strings, dates as AAAA-MM-DD)."""
    p = parametros
    exigir_conta(cur, p.conta_id)
    exigir_centro_custo(cur, p.centro_custo_id)
    dia = hoje()
    ultimo = dia + timedelta(days=p.dias - 1)
    saldo = saldo_atual = _saldo_atual(cur, p.conta_id) if p.centro_custo_id is None else ZERO
    previsto: dict = {}  # (data, tipo) -> valor
    vencidos = {"RECEITA": [0, ZERO], "DESPESA": [0, ZERO]}
    for linha in _abertos(cur, p, ultimo):
        data = linha["data"]
        if data < dia:
            vencidos[linha["tipo"]][0] += linha["quantidade"]
            vencidos[linha["tipo"]][1] += linha["valor"]
            if p.vencidos == "excluir":
                continue
            data = dia
        chave = (data, linha["tipo"])
        previsto[chave] = previsto.get(chave, ZERO) + linha["valor"]
    linhas, menor = [], None
    for n in range(p.dias):
        data = dia + timedelta(days=n)
        entradas, saidas = previsto.get((data, "RECEITA"), ZERO), previsto.get((data, "DESPESA"), ZERO)
        saldo += entradas - saidas
        if menor is None or saldo < menor[1]:
            menor = (data, saldo)
        linhas.append({"data": data.isoformat(), "entradas": moeda(entradas), "saidas": moeda(saidas),
                       "saldo": moeda(saldo)})
    return {
        "saldo_atual": moeda(saldo_atual),
        "dias": linhas,
        "menor_saldo": {"data": menor[0].isoformat(), "valor": moeda(menor[1])},
        "vencidos": {nome: {"quantidade": vencidos[tipo][0], "valor": moeda(vencidos[tipo][1])}
                     for nome, tipo in (("receber", "RECEITA"), ("pagar", "DESPESA"))},
    }
