"""Inadimplência (aging): the receivables open on a data base, by faixa de atraso and by cliente.

"Open on the data base" by the lançamentos' own dates, whenever they were typed in: a receita not
cancelled whose valor is more than what its baixas dated up to the data base settled. A payment
dated after the data base does not count, a lançamento typed in today but due last year does. A
cancelled one counts nowhere (nothing records when it was cancelled, and it never had a baixa).
Faixas by the days between vencimento and data base: up to 0 `a_vencer`, then 1–30, 31–60, 61–90
and more than 90. Every total is the sum of the same rows' Decimals, so the faixas add up exactly
to the total, and the clientes too.

Not a scan of the ledger: what can be open on a date is what is open now (index
`lancamentos_status`) or was paid in full after that date (index `lancamentos_pagamento`). Its
baixas up to the date are all of them when its latest baixa (`data_pagamento`) is not after the
date, so their sum is `valor_pago` (both kept by the baixas' trigger from the same rows, and a
baixa's valor is positive); only one paid in part after the date sums its baixas up to it, from
`baixas_lancamento`. So the cost follows the open items and the payments since the data base, not
the ledger's size.

By centro de custo (`centro_custo_id`; 0: sem centro de custo): a receita without rateio lines is
wholly "sem centro"; one split by rateio counts in each centro its part of the amount open on the
data base, split in the proportion of the lançamento's rateio lines (financeiro.v_rateios) in whole
cents adding up exactly to it (largest remainder, the lower centro id on a tie: the rule of
financeiro.v_baixas_por_centro and v_abertos_por_centro, here on the amount open on a past date).

Reads only read contracts: financeiro.v_lancamentos, financeiro.v_baixas, financeiro.v_rateios,
cadastros.v_clientes; and for the indicadores' totals (`em_aberto`) financeiro.v_totais_mes.
"""
from datetime import date
from decimal import Decimal

import psycopg2.extensions
from pydantic import Field

from shared.api import MAX_ID, Data, Modelo, Opcional
from shared.calendario import primeiro_do_mes
from shared.config import hoje
from shared.errors import NaoEncontrado

from relatorios.comum import ZERO, exigir_centro_custo, moeda
from relatorios.somas import SEM_CENTRO

FAIXAS = ("a_vencer", "1_30", "31_60", "61_90", "mais_90")
SEM_CLIENTE = "Sem cliente"


class Parametros(Modelo):
    data_base: Opcional[Data] = Field(None, description="A data em que a posição é tirada; padrão: hoje")
    centro_custo_id: Opcional[int] = Field(
        None, ge=0, description="Só a parte deste centro de custo do que estava em aberto (rateios repartidos "
                                "na proporção, ao centavo); 0: o que não tem centro de custo")

    def dia(self) -> date:
        return self.data_base or hoje()


# The receitas open on %(data_base)s with their open amount then, days overdue and faixa. The two
# halves are disjoint (open now / paid in full after the date) and each reads its own index.
_ABERTOS = """
    WITH candidatos AS (
        SELECT l.id, l.cliente_id, l.descricao, l.documento, l.data_vencimento, l.valor, l.valor_pago,
               l.data_pagamento
          FROM financeiro.v_lancamentos l
         WHERE l.empresa_id = plataforma.empresa_atual() AND l.status IN ('PENDENTE', 'PARCIAL')
           AND l.tipo = '{tipo}'{filtro}
        UNION ALL
        SELECT l.id, l.cliente_id, l.descricao, l.documento, l.data_vencimento, l.valor, l.valor_pago,
               l.data_pagamento
          FROM financeiro.v_lancamentos l
         WHERE l.empresa_id = plataforma.empresa_atual() AND l.status = 'PAGO'
           AND l.data_pagamento > %(data_base)s AND l.tipo = '{tipo}'{filtro}
    ), abertos AS (
        SELECT c.id, c.cliente_id, c.descricao, c.documento, c.data_vencimento, c.valor,
               c.valor - CASE WHEN c.data_pagamento IS NULL OR c.data_pagamento <= %(data_base)s THEN c.valor_pago
                              ELSE coalesce((SELECT sum(b.valor) FROM financeiro.v_baixas b
                                              WHERE b.empresa_id = plataforma.empresa_atual()
                                                AND b.lancamento_id = c.id AND b.data <= %(data_base)s), 0)
                         END AS aberto,
               greatest(%(data_base)s - c.data_vencimento, 0) AS dias_atraso
          FROM candidatos c
    ){do_centro}
    SELECT *, CASE WHEN dias_atraso = 0 THEN 'a_vencer' WHEN dias_atraso <= 30 THEN '1_30'
                   WHEN dias_atraso <= 60 THEN '31_60' WHEN dias_atraso <= 90 THEN '61_90'
                   ELSE 'mais_90' END AS faixa
      FROM {origem}
     WHERE {condicao}aberto > 0"""

# A centro's part of each open amount: whole cents of the exact share, then a cent more to the
# largest fractions left (the lower centro id on a tie), so the parts add up exactly to `aberto`.
_DO_CENTRO = """, partes AS (
        SELECT a.id, a.cliente_id, a.descricao, a.documento, a.data_vencimento, a.valor, a.dias_atraso,
               a.aberto AS total, r.centro_custo_id, trunc(a.aberto * r.valor / a.valor, 2) AS piso,
               a.aberto * r.valor / a.valor - trunc(a.aberto * r.valor / a.valor, 2) AS fracao
          FROM abertos a
          JOIN financeiro.v_rateios r ON r.empresa_id = plataforma.empresa_atual() AND r.lancamento_id = a.id
         WHERE a.aberto > 0
    ), do_centro AS (
        SELECT id, cliente_id, descricao, documento, data_vencimento, valor, dias_atraso, centro_custo_id,
               piso + CASE WHEN row_number() OVER (PARTITION BY id ORDER BY fracao DESC, centro_custo_id)
                                <= (total - sum(piso) OVER (PARTITION BY id)) * 100 THEN 0.01 ELSE 0 END AS aberto
          FROM partes
    )"""


def _abertos(filtro: str, centro_custo_id: int | None, tipo: str = "RECEITA") -> str:
    """The query of the receitas (or despesas: `tipo`) open on %(data_base)s (`filtro` narrows the
    lançamentos), each with the whole open amount or, for a centro (%(centro)s), that centro's part of it."""
    if centro_custo_id is None:
        return _ABERTOS.format(tipo=tipo, filtro=filtro, do_centro="", origem="abertos", condicao="")
    if centro_custo_id == SEM_CENTRO:
        return _ABERTOS.format(tipo=tipo, filtro=filtro + """ AND NOT EXISTS (SELECT 1 FROM financeiro.v_rateios r
                                    WHERE r.empresa_id = l.empresa_id AND r.lancamento_id = l.id)""",
                               do_centro="", origem="abertos", condicao="")
    return _ABERTOS.format(tipo=tipo, filtro=filtro, do_centro=_DO_CENTRO, origem="do_centro",
                           condicao="centro_custo_id = %(centro)s AND ")


def _faixas_vazias() -> dict:
    return {faixa: {"valor": ZERO, "quantidade": 0} for faixa in FAIXAS}


def _como_lista(faixas: dict) -> list[dict]:
    return [{"faixa": faixa, "valor": moeda(faixas[faixa]["valor"]), "quantidade": faixas[faixa]["quantidade"]}
            for faixa in FAIXAS]


def calcular(cur, parametros: Parametros) -> dict:
    """The route's JSON body: {data_base, total, faixas: [{faixa, valor, quantidade}], clientes: [{cliente_id, nome, total,
    faixas: {faixa: valor}}]}, clientes by total (largest first), then name."""
    exigir_centro_custo(cur, parametros.centro_custo_id)
    data_base = parametros.dia()
    # Tuples, not the transaction's dict rows: at 1,000,000 lançamentos some 10,000 rows (a cliente's
    # faixa each), for which building a dict apiece took as long as the query (bench part 9).
    with cur.connection.cursor(cursor_factory=psycopg2.extensions.cursor) as tuplas:
        tuplas.execute(
            f"""SELECT a.cliente_id, coalesce(cl.nome, %(sem_cliente)s) AS nome, a.faixa,
                       sum(a.aberto) AS valor, count(*) AS quantidade
                  FROM ({_abertos('', parametros.centro_custo_id)}) a
                  LEFT JOIN cadastros.v_clientes cl ON cl.empresa_id = plataforma.empresa_atual() AND cl.id = a.cliente_id
                 GROUP BY a.cliente_id, cl.nome, a.faixa""",
            {"data_base": data_base, "sem_cliente": SEM_CLIENTE, "centro": parametros.centro_custo_id},
        )
        linhas = tuplas.fetchall()
    faixas, clientes = _faixas_vazias(), {}
    for cliente_id, nome, faixa, valor, quantidade in linhas:
        faixas[faixa]["valor"] += valor
        faixas[faixa]["quantidade"] += quantidade
        cliente = clientes.get(cliente_id)
        if cliente is None:
            cliente = clientes[cliente_id] = {"cliente_id": cliente_id, "nome": nome, "total": ZERO,
                                              "faixas": dict.fromkeys(FAIXAS, ZERO)}
        cliente["total"] += valor
        cliente["faixas"][faixa] += valor
    ordenados = sorted(clientes.values(), key=lambda c: (-c["total"], c["nome"].lower(), c["cliente_id"] or 0))
    return {
        "data_base": data_base.isoformat(),
        "total": moeda(sum((f["valor"] for f in faixas.values()), ZERO)),
        "faixas": _como_lista(faixas),
        "clientes": [{**c, "total": moeda(c["total"]), "faixas": {f: moeda(v) for f, v in c["faixas"].items()}}
                     for c in ordenados],
    }


def cliente(cur, cliente_id: int) -> dict:
    """{id, nome} of the empresa's cliente; 404 for any other id (another empresa's included)."""
    linha = None
    if cliente_id <= MAX_ID:
        cur.execute("""SELECT id, nome FROM cadastros.v_clientes
                        WHERE empresa_id = plataforma.empresa_atual() AND id = %s""", (cliente_id,))
        linha = cur.fetchone()
    if linha is None:
        raise NaoEncontrado("Cliente não encontrado")
    return linha


def do_cliente(cur, cliente_id: int, parametros: Parametros) -> dict:
    """The drill-down: the cliente's receitas open on the data base, by vencimento, each with what
    was open then, its days overdue and faixa; with the cliente's total and faixas."""
    quem = cliente(cur, cliente_id)
    exigir_centro_custo(cur, parametros.centro_custo_id)
    data_base = parametros.dia()
    cur.execute(
        f"""SELECT id AS lancamento_id, descricao, documento, data_vencimento, valor, aberto, dias_atraso, faixa
              FROM ({_abertos(' AND l.cliente_id = %(cliente_id)s', parametros.centro_custo_id)}) a
             ORDER BY data_vencimento, id""",
        {"data_base": data_base, "cliente_id": cliente_id, "centro": parametros.centro_custo_id},
    )
    lancamentos = cur.fetchall()
    faixas = _faixas_vazias()
    for item in lancamentos:
        faixas[item["faixa"]]["valor"] += item["aberto"]
        faixas[item["faixa"]]["quantidade"] += 1
    return {
        "data_base": data_base.isoformat(),
        "cliente": quem,
        "total": moeda(sum((item["aberto"] for item in lancamentos), ZERO)),
        "faixas": _como_lista(faixas),
        "lancamentos": [{**item, "data_vencimento": item["data_vencimento"].isoformat(), "valor": moeda(item["valor"]),
                         "aberto": moeda(item["aberto"])} for item in lancamentos],
    }


# What was open on %(data_base)s per tipo, without a centro: what is open now — the rollup of the
# open lançamentos per month of vencimento (financeiro.v_totais_mes; open means 0 <= valor_pago <
# valor, so each counts valor - valor_pago > 0) — plus every baixa dated after the day, since for
# a lançamento paid (in part or whole) after it, valor minus its baixas up to the day is valor -
# valor_pago plus its baixas after it (a cancelled one has none). Past due: the rollup's months before
# the day's, the days of its month before it from the index of the open ones, the baixas after the
# day of those due before it. The cost follows the payments since the day, not the open items:
# at 1,000,000 lançamentos reading the open items themselves was most of the indicadores' time.
_ABERTO_POR_TIPO = """
    SELECT tipo, sum(total) AS total, sum(vencido) AS vencido
      FROM (SELECT t.tipo, t.valor - t.valor_pago AS total,
                   CASE WHEN t.mes < %(mes)s THEN t.valor - t.valor_pago ELSE 0 END AS vencido
              FROM financeiro.v_totais_mes t
             WHERE t.empresa_id = plataforma.empresa_atual() AND t.status IN ('PENDENTE', 'PARCIAL')
            UNION ALL
            SELECT l.tipo, 0, l.valor - l.valor_pago
              FROM financeiro.v_lancamentos l
             WHERE l.empresa_id = plataforma.empresa_atual() AND l.status IN ('PENDENTE', 'PARCIAL')
               AND l.data_vencimento >= %(mes)s AND l.data_vencimento < %(data_base)s
            UNION ALL
            SELECT l.tipo, b.valor, CASE WHEN l.data_vencimento < %(data_base)s THEN b.valor ELSE 0 END
              FROM financeiro.v_baixas b
              JOIN financeiro.v_lancamentos l ON l.empresa_id = b.empresa_id AND l.id = b.lancamento_id
             WHERE b.empresa_id = plataforma.empresa_atual() AND b.data > %(data_base)s) partes
     GROUP BY tipo"""


def em_aberto(cur, data_base: date, centro_custo_id: int | None = None) -> dict[str, dict[str, Decimal]]:
    """{"RECEITA": {total, vencido}, "DESPESA": {...}}, in one statement: what was open on `data_base`
    of the receitas and of the despesas by the rule above (a centro's part for a centro), and of it
    what was past due then (the faixas after `a_vencer`) — the indicadores' prazos médios and
    inadimplência."""
    if centro_custo_id is None:
        sql = _ABERTO_POR_TIPO
    else:
        sql = " UNION ALL ".join(
            f"""SELECT '{tipo}' AS tipo, sum(aberto) AS total, sum(aberto) FILTER (WHERE dias_atraso > 0) AS vencido
                  FROM ({_abertos('', centro_custo_id, tipo)}) a""" for tipo in ("RECEITA", "DESPESA"))
    cur.execute(sql, {"data_base": data_base, "mes": primeiro_do_mes(data_base), "centro": centro_custo_id})
    lidos = {linha["tipo"]: linha for linha in cur.fetchall()}
    return {tipo: {campo: (lidos.get(tipo) or {}).get(campo) or ZERO for campo in ("total", "vencido")}
            for tipo in ("RECEITA", "DESPESA")}
