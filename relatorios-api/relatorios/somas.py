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

Cost: the whole months of a period are read from financeiro.v_resultado_mes, the amounts per
month, regime, tipo, categoria and centro that financeiro keeps exact on every write
(migrations/0014_resultado_mes.sql): a year is a few thousand rows at most, whatever the ledger's
size. competência is whole months by definition; a caixa period's partial months at its ends are
read from the baixas of those days (an index range of `baixas_data`, each with its lançamento by
its key, split by centro by v_baixas_por_centro). The routes cache the results per empresa and
generation.
"""
from datetime import date
from decimal import Decimal

from shared.calendario import faixas, primeiro_do_mes

SEM_CENTRO = 0  # the centro_custo_id filter for "sem centro de custo"; ids start at 1


def somar(cur, regime: str, de: date, ate: date, *, tipo: str | None = None, centro_custo_id: int | None = None,
          por_mes: bool = False, por_centro: bool = False) -> list[dict]:
    """[{categoria_id, valor[, mes][, centro_custo_id]}]: the period's amounts per categoria (and per
    month — its first day — and centro de custo, None for none, when asked), only those not zero.
    `tipo` RECEITA or DESPESA, or both; `centro_custo_id` one centro, SEM_CENTRO, or every one."""
    filtros = {"tipo": tipo, "centro": centro_custo_id, "regime": regime}
    if regime == "competencia":
        pedacos = [(_mensal(centro_custo_id, por_mes, por_centro), primeiro_do_mes(de), primeiro_do_mes(ate))]
    else:
        cabeca, meses, cauda = faixas(de, ate)
        dias, mensal = _caixa(centro_custo_id, por_mes, por_centro), _mensal(centro_custo_id, por_mes, por_centro)
        pedacos = [(consulta, *faixa) for consulta, faixa in ((dias, cabeca), (mensal, meses), (dias, cauda)) if faixa]
    somas: dict[tuple, dict] = {}  # the same month, centro and categoria from two readings add up
    for consulta, inicio, fim in pedacos:
        cur.execute(consulta, {**filtros, "de": inicio, "ate": fim})
        for linha in cur.fetchall():
            chave = tuple(valor for campo, valor in linha.items() if campo != "valor")
            if chave in somas:
                somas[chave]["valor"] += linha["valor"]
            else:
                somas[chave] = linha
    return [linha for linha in somas.values() if linha["valor"]]


def _agrupar(mes: str | None, centro: str | None) -> tuple[str, str]:
    """The SELECT's leading columns and the GROUP BY keys for the groupings asked for."""
    grupos = [(expressao, nome) for expressao, nome in ((mes, "mes"), (centro, "centro_custo_id")) if expressao]
    colunas = "".join(f"{expressao} AS {nome}, " for expressao, nome in grupos)
    return colunas, ", ".join([*(expressao for expressao, _ in grupos), "categoria_id"])


def _mensal(centro_custo_id, por_mes: bool, por_centro: bool) -> str:
    """The whole months from %(de)s to %(ate)s (first days) of the rollup, centro 0 being none."""
    condicao = "" if centro_custo_id is None else "AND r.centro_custo_id = %(centro)s"
    colunas, chaves = _agrupar("r.mes" if por_mes else None, "nullif(r.centro_custo_id, 0)" if por_centro else None)
    return f"""
        SELECT {colunas}r.categoria_id, sum(r.valor) AS valor
          FROM financeiro.v_resultado_mes r
         WHERE r.empresa_id = plataforma.empresa_atual() AND r.regime = %(regime)s AND r.mes BETWEEN %(de)s AND %(ate)s
           AND (%(tipo)s::text IS NULL OR r.tipo = %(tipo)s) {condicao}
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


def por_grupo_dre(cur, linhas: list[dict]) -> dict[str, Decimal]:
    """The rows of `somar` summed per DRE group of their categoria (cadastros.v_categorias.grupo_dre:
    receita_bruta, deducoes, custos_servicos...), only the groups with an amount."""
    cur.execute("SELECT id, grupo_dre FROM cadastros.v_categorias WHERE empresa_id = plataforma.empresa_atual()")
    grupo = {categoria["id"]: categoria["grupo_dre"] for categoria in cur.fetchall()}
    somas: dict[str, Decimal] = {}
    for categoria_id, valor in por_categoria(linhas).items():
        somas[grupo[categoria_id]] = somas.get(grupo[categoria_id], Decimal(0)) + valor
    return somas
