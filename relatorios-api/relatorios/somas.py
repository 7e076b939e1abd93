"""The amounts per categoria of a period, by regime, that the análise, the DRE, the comparativo and
the indicadores add up — one reading of the ledger for all of them, so their figures agree.

Regimes:
- competência: the lançamentos not cancelled whose competência month is one the period touches
  (from `de`'s month to `ate`'s), by their valor;
- caixa: the baixas dated in the period, by the money that moved (valor_movimentado: juros and
  multa in, desconto out), the fluxo de caixa's entradas and saídas.

Centro de custo: a lançamento split by rateio counts in each centro by its line's valor
(financeiro.v_rateios); a baixa by its centro's part (financeiro.v_baixas_por_centro, split in the
lançamento's proportion to the cent). `SEM_CENTRO` names what has no centro de custo.

Cost: competência reads an index range of `lancamentos_competencia` (tipo, status, valor and
categoria are in the index), caixa one of `baixas_data` with each baixa's lançamento by its key —
the period's rows, never the ledger's; the routes cache the results per empresa and generation.
"""
from datetime import date
from decimal import Decimal

from shared.calendario import primeiro_do_mes

SEM_CENTRO = 0  # the centro_custo_id filter for "sem centro de custo"; ids start at 1


def somar(cur, regime: str, de: date, ate: date, *, tipo: str | None = None, centro_custo_id: int | None = None,
          por_mes: bool = False, por_centro: bool = False) -> list[dict]:
    """[{categoria_id, valor[, mes][, centro_custo_id]}]: the period's amounts per categoria (and per
    month — its first day — and centro de custo, None for none, when asked), only those not zero.
    `tipo` RECEITA or DESPESA, or both; `centro_custo_id` one centro, SEM_CENTRO, or every one."""
    if regime == "competencia":
        consulta, de, ate = _competencia(centro_custo_id, por_mes, por_centro), primeiro_do_mes(de), primeiro_do_mes(ate)
    else:
        consulta = _caixa(centro_custo_id, por_mes, por_centro)
    cur.execute(consulta, {"de": de, "ate": ate, "tipo": tipo, "centro": centro_custo_id})
    return [linha for linha in cur.fetchall() if linha["valor"]]


def _agrupar(mes: str | None, centro: str | None) -> tuple[str, str]:
    """The SELECT's leading columns and the GROUP BY keys for the groupings asked for."""
    grupos = [(expressao, nome) for expressao, nome in ((mes, "mes"), (centro, "centro_custo_id")) if expressao]
    colunas = "".join(f"{expressao} AS {nome}, " for expressao, nome in grupos)
    return colunas, ", ".join([*(expressao for expressao, _ in grupos), "l.categoria_id"])


def _competencia(centro_custo_id, por_mes: bool, por_centro: bool) -> str:
    valor, juncao, condicao, centro = "l.valor", "", "", None
    if centro_custo_id == SEM_CENTRO:
        condicao = """AND NOT EXISTS (SELECT 1 FROM financeiro.v_rateios r
                                      WHERE r.empresa_id = l.empresa_id AND r.lancamento_id = l.id)"""
    elif centro_custo_id is not None or por_centro:
        valor, centro = "coalesce(r.valor, l.valor)", "r.centro_custo_id"
        juncao = """LEFT JOIN financeiro.v_rateios r ON r.empresa_id = l.empresa_id AND r.lancamento_id = l.id"""
        if centro_custo_id is not None:
            juncao, valor = juncao.replace("LEFT JOIN", "JOIN"), "r.valor"
            condicao = "AND r.centro_custo_id = %(centro)s"
    colunas, chaves = _agrupar("l.competencia" if por_mes else None, centro if por_centro else None)
    return f"""
        SELECT {colunas}l.categoria_id, sum({valor}) AS valor
          FROM financeiro.v_lancamentos l {juncao}
         WHERE l.empresa_id = plataforma.empresa_atual() AND l.competencia BETWEEN %(de)s AND %(ate)s
           AND (%(tipo)s::text IS NULL OR l.tipo = %(tipo)s) AND l.status <> 'CANCELADO' {condicao}
         GROUP BY {chaves}"""


def _caixa(centro_custo_id, por_mes: bool, por_centro: bool) -> str:
    baixas, condicao = "financeiro.v_baixas", ""
    if centro_custo_id is not None or por_centro:
        baixas = "financeiro.v_baixas_por_centro"
        if centro_custo_id == SEM_CENTRO:
            condicao = "AND b.centro_custo_id IS NULL"
        elif centro_custo_id is not None:
            condicao = "AND b.centro_custo_id = %(centro)s"
    colunas, chaves = _agrupar("date_trunc('month', b.data)::date" if por_mes else None,
                               "b.centro_custo_id" if por_centro else None)
    return f"""
        SELECT {colunas}l.categoria_id, sum(b.valor_movimentado) AS valor
          FROM {baixas} b
          JOIN financeiro.v_lancamentos l ON l.empresa_id = b.empresa_id AND l.id = b.lancamento_id
         WHERE b.empresa_id = plataforma.empresa_atual() AND b.data BETWEEN %(de)s AND %(ate)s
           AND (%(tipo)s::text IS NULL OR l.tipo = %(tipo)s) {condicao}
         GROUP BY {chaves}"""


def por_categoria(linhas: list[dict]) -> dict[int, Decimal]:
    """The rows of `somar` summed per categoria alone."""
    somas: dict[int, Decimal] = {}
    for linha in linhas:
        somas[linha["categoria_id"]] = somas.get(linha["categoria_id"], Decimal(0)) + linha["valor"]
    return somas
