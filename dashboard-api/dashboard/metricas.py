"""The dashboard's figures in SQL: a read model over financeiro and cadastros (DESIGN.md rule 1).

Every function takes the cursor of the caller's tenant transaction, so row-level security limits
each figure to the caller's empresa; the `empresa_id = plataforma.empresa_atual()` conditions are
there for the indexes, not for safety.

Only through the owners' read contracts (their READMEs): financeiro.v_totais_mes,
financeiro.v_lancamentos, financeiro.v_saldos_conta, cadastros.v_contas, cadastros.v_categorias.

Fast at a million lançamentos because nothing here scans the ledger: whole months come from the
rollup v_totais_mes (a few rows per month), and the days that are not whole months — the ends of a
period, the current month before today, the next 30 days — are index ranges of at most two months
over `lancamentos_vencimento`, whose INCLUDE columns answer without visiting the rows. The views
over one table are inlined, so that holds through v_lancamentos as long as a query names only the
ledger's own columns: the open amount is written `valor - valor_pago`, never `valor_aberto`, and
`vencido` is not used (columns the index does not carry would cost a visit to every row).

Cancelled lançamentos count nowhere. Figures by vencimento; "open" is PENDENTE or PARCIAL and its
amount is valor − valor_pago.
"""
from datetime import date, timedelta
from decimal import Decimal

from shared.calendario import faixas, primeiro_do_mes, somar_meses

ABERTOS = ("PENDENTE", "PARCIAL")
VALIDOS = ("PENDENTE", "PARCIAL", "PAGO")  # not CANCELADO: what the ledger filter shows as counted
ZERO = Decimal("0.00")


# ---------------------------------------------------------------- how a period is read


def _da_conta(conta_id: int | None) -> str:
    return "" if conta_id is None else " AND l.conta_id = %(conta_id)s"


def _somas_do_periodo(cur, de: date, ate: date, conta_id: int | None, chaves: str, status=VALIDOS) -> list[dict]:
    """quantidade, valor and valor_pago of the lançamentos due in [de, ate] with one of `status`,
    grouped by `chaves` (columns both the ledger and the rollup have: tipo, categoria_id...): the
    whole months from the rollup, the head and tail days (each shorter than a month) from the
    ledger's index."""
    cabeca, meses, cauda = faixas(de, ate)
    partes, parametros = [], {"conta_id": conta_id, "status": list(status)}
    if meses is not None:
        partes.append(f"""SELECT {chaves}, quantidade, valor, valor_pago FROM financeiro.v_totais_mes l
                           WHERE l.empresa_id = plataforma.empresa_atual() AND l.mes BETWEEN %(mes_de)s AND %(mes_ate)s
                             AND l.status = ANY(%(status)s){_da_conta(conta_id)}""")
        parametros.update(mes_de=meses[0], mes_ate=meses[1])
    for nome, faixa in (("cabeca", cabeca), ("cauda", cauda)):
        if faixa is not None:
            partes.append(f"""SELECT {chaves}, 1, valor, valor_pago FROM financeiro.v_lancamentos l
                               WHERE l.empresa_id = plataforma.empresa_atual()
                                 AND l.data_vencimento BETWEEN %({nome}_de)s AND %({nome}_ate)s
                                 AND l.status = ANY(%(status)s){_da_conta(conta_id)}""")
            parametros.update({f"{nome}_de": faixa[0], f"{nome}_ate": faixa[1]})
    cur.execute(
        f"""SELECT {chaves}, sum(quantidade)::bigint AS quantidade, sum(valor)::numeric(18,2) AS valor,
                   sum(valor_pago)::numeric(18,2) AS valor_pago
              FROM ({' UNION ALL '.join(partes)}) AS p (
                   {chaves}, quantidade, valor, valor_pago)
             GROUP BY {chaves}""",
        parametros,
    )
    return cur.fetchall()


def _por_tipo(linhas: list[dict], campo: str) -> dict:
    return {tipo: next((l[campo] for l in linhas if l["tipo"] == tipo), ZERO) for tipo in ("RECEITA", "DESPESA")}


# ---------------------------------------------------------------- the figures


def conta_existe(cur, conta_id: int) -> bool:
    cur.execute("SELECT 1 FROM cadastros.v_contas WHERE empresa_id = plataforma.empresa_atual() AND id = %s",
                (conta_id,))
    return cur.fetchone() is not None


def saldos_por_conta(cur, conta_id: int | None) -> list[dict]:
    """Each active conta (or the one asked for, active or not) with its balance today:
    saldo_inicial plus its paid movement since data_saldo_inicial (financeiro.v_saldos_conta, as
    cadastros computes saldo_atual)."""
    cur.execute(
        f"""SELECT c.id AS conta_id, c.nome, (c.saldo_inicial + coalesce(s.movimento, 0))::numeric(14,2) AS saldo
              FROM cadastros.v_contas c
              LEFT JOIN financeiro.v_saldos_conta s ON s.empresa_id = c.empresa_id AND s.conta_id = c.id
             WHERE c.empresa_id = plataforma.empresa_atual()
               AND {'c.ativa' if conta_id is None else 'c.id = %(conta_id)s'}
             ORDER BY c.nome, c.id""",
        {"conta_id": conta_id},
    )
    return cur.fetchall()


def do_periodo(cur, de: date, ate: date, conta_id: int | None) -> dict:
    """Receitas and despesas due in the period (valor) and how much of them is paid (valor_pago)."""
    linhas = _somas_do_periodo(cur, de, ate, conta_id, "tipo")
    valor, pago = _por_tipo(linhas, "valor"), _por_tipo(linhas, "valor_pago")
    return {"receitas_mes": valor["RECEITA"], "despesas_mes": valor["DESPESA"],
            "recebido_mes": pago["RECEITA"], "pago_mes": pago["DESPESA"]}


def em_aberto(cur, conta_id: int | None) -> dict:
    """What is still open of every open lançamento, whatever its date: the rollup's open rows."""
    cur.execute(
        f"""SELECT tipo, sum(valor - valor_pago)::numeric(18,2) AS aberto FROM financeiro.v_totais_mes l
             WHERE l.empresa_id = plataforma.empresa_atual() AND l.status = ANY(%(status)s){_da_conta(conta_id)}
             GROUP BY tipo""",
        {"status": list(ABERTOS), "conta_id": conta_id},
    )
    aberto = _por_tipo(cur.fetchall(), "aberto")
    return {"a_receber": aberto["RECEITA"], "a_pagar": aberto["DESPESA"]}


def vencidos(cur, conta_id: int | None, dia: date) -> dict:
    """Open lançamentos due before `dia`, by tipo: how many and how much is open. The months before
    `dia`'s from the rollup, the days of its month before it from the ledger."""
    mes = primeiro_do_mes(dia)
    cur.execute(
        f"""SELECT tipo, sum(quantidade)::bigint AS quantidade, sum(aberto)::numeric(18,2) AS valor FROM (
                SELECT tipo, quantidade, valor - valor_pago AS aberto FROM financeiro.v_totais_mes l
                 WHERE l.empresa_id = plataforma.empresa_atual() AND l.mes < %(mes)s
                   AND l.status = ANY(%(status)s){_da_conta(conta_id)}
                UNION ALL
                SELECT tipo, 1, valor - valor_pago FROM financeiro.v_lancamentos l
                 WHERE l.empresa_id = plataforma.empresa_atual() AND l.data_vencimento >= %(mes)s
                   AND l.data_vencimento < %(dia)s AND l.status = ANY(%(status)s){_da_conta(conta_id)}
            ) AS v GROUP BY tipo""",
        {"mes": mes, "dia": dia, "status": list(ABERTOS), "conta_id": conta_id},
    )
    linhas = cur.fetchall()
    return {
        chave: {"quantidade": int(next((l["quantidade"] for l in linhas if l["tipo"] == tipo), 0)),
                "valor": next((l["valor"] for l in linhas if l["tipo"] == tipo), ZERO)}
        for chave, tipo in (("receber", "RECEITA"), ("pagar", "DESPESA"))
    }


def proximos_vencimentos(cur, conta_id: int | None, dia: date) -> dict:
    """Open lançamentos due in the 7 and in the 30 days from `dia` (counting it), by tipo."""
    cur.execute(
        f"""SELECT tipo,
                   count(*) FILTER (WHERE data_vencimento < %(dia7)s) AS quantidade_7,
                   coalesce(sum(valor - valor_pago) FILTER (WHERE data_vencimento < %(dia7)s), 0) AS valor_7,
                   count(*) AS quantidade_30, sum(valor - valor_pago) AS valor_30
              FROM financeiro.v_lancamentos l
             WHERE l.empresa_id = plataforma.empresa_atual() AND l.data_vencimento >= %(dia)s
               AND l.data_vencimento < %(dia30)s AND l.status = ANY(%(status)s){_da_conta(conta_id)}
             GROUP BY tipo""",
        {"dia": dia, "dia7": dia + timedelta(days=7), "dia30": dia + timedelta(days=30),
         "status": list(ABERTOS), "conta_id": conta_id},
    )
    linhas = {l["tipo"]: l for l in cur.fetchall()}
    dados = {}
    for dias in (7, 30):
        for nome, tipo in (("receber", "RECEITA"), ("pagar", "DESPESA")):
            linha = linhas.get(tipo)
            dados[f"{nome}_{dias}"] = {"quantidade": int(linha[f"quantidade_{dias}"]) if linha else 0,
                                       "valor": linha[f"valor_{dias}"] if linha else ZERO}
    return dados


def por_mes(cur, primeiro: date, ultimo: date, conta_id: int | None) -> list[dict]:
    """Whole months from `primeiro` to `ultimo` (first days), each with its receitas, despesas,
    recebido and pago, zero for a month without lançamentos: the rollup alone."""
    cur.execute(
        f"""SELECT mes, tipo, sum(valor)::numeric(18,2) AS valor, sum(valor_pago)::numeric(18,2) AS valor_pago
              FROM financeiro.v_totais_mes l
             WHERE l.empresa_id = plataforma.empresa_atual() AND l.mes BETWEEN %(primeiro)s AND %(ultimo)s
               AND l.status = ANY(%(status)s){_da_conta(conta_id)}
             GROUP BY mes, tipo""",
        {"primeiro": primeiro, "ultimo": ultimo, "status": list(VALIDOS), "conta_id": conta_id},
    )
    somas = {(l["mes"], l["tipo"]): l for l in cur.fetchall()}
    meses = []
    mes = primeiro
    while mes <= ultimo:
        receita, despesa = somas.get((mes, "RECEITA"), {}), somas.get((mes, "DESPESA"), {})
        meses.append({"mes": mes.strftime("%Y-%m"), "receitas": receita.get("valor", ZERO),
                      "despesas": despesa.get("valor", ZERO), "recebido": receita.get("valor_pago", ZERO),
                      "pago": despesa.get("valor_pago", ZERO)})
        mes = somar_meses(mes, 1)
    return meses


def top_categorias(cur, de: date, ate: date, conta_id: int | None, quantas: int = 5) -> list[dict]:
    """The `quantas` categorias with most despesas and the `quantas` with most receitas due in the
    period (valor), despesas first, each by valor descending."""
    linhas = _somas_do_periodo(cur, de, ate, conta_id, "tipo, categoria_id")
    ids = [l["categoria_id"] for l in linhas]
    cur.execute("""SELECT id, nome FROM cadastros.v_categorias
                    WHERE empresa_id = plataforma.empresa_atual() AND id = ANY(%s)""", (ids,))
    nomes = {l["id"]: l["nome"] for l in cur.fetchall()}
    resultado = []
    for tipo in ("DESPESA", "RECEITA"):
        do_tipo = sorted((l for l in linhas if l["tipo"] == tipo and l["valor"] > 0),
                         key=lambda l: (-l["valor"], nomes.get(l["categoria_id"], ""), l["categoria_id"]))
        resultado += [{"categoria_id": l["categoria_id"], "nome": nomes.get(l["categoria_id"], ""), "tipo": tipo,
                       "valor": l["valor"]} for l in do_tipo[:quantas]]
    return resultado


def variacao_percentual(atual: Decimal, anterior: Decimal) -> Decimal | None:
    """(atual − anterior) / |anterior| in percent, one decimal; None when anterior is zero."""
    if anterior == 0:
        return None
    return ((atual - anterior) * 100 / abs(anterior)).quantize(Decimal("0.1"))
