"""What confirmed conciliações teach: this memo pattern was this pessoa's and categoria's.

A memo's pattern is the memo folded (lowercase, no accents) without digits and punctuation:
"PIX RECEBIDO 12/03 ANA SOUZA 123.456.789-00" and "PIX RECEBIDO 02/04 ANA SOUZA" both give
"pix recebido ana souza", so next month's transfer from Ana is recognised by what the staff
confirmed this month, with no external service.
"""
import re

from psycopg2.extras import execute_values

from shared.texto import palavras

MAXIMO = 200
_SEM_LETRAS = re.compile(r"^[\d_]+$")


def padrao(memo: str) -> str | None:
    """The memo's pattern, or None when it has no words but numbers (nothing to learn from)."""
    texto = " ".join(p for p in palavras(memo) if not _SEM_LETRAS.match(p))
    return texto[:MAXIMO].strip() or None


def direcao(valor) -> str:
    return "ENTRADA" if valor > 0 else "SAIDA"


def aprender(cur, conciliacao_id: int, sentido: int) -> None:
    """Counts the lesson of a conciliação (sentido=1, after it is recorded) or takes it back
    (sentido=-1, before it is undone): each of its transactions' pattern with each of its
    lançamentos' pessoa and categoria. Lançamentos it created count too: a rule or a person
    chose their categoria for this memo."""
    cur.execute(
        """SELECT DISTINCT t.memo, t.valor > 0 AS entrada, l.categoria_id, l.cliente_id, l.fornecedor_id
             FROM financeiro.extrato_transacoes t
             JOIN financeiro.baixas b ON b.empresa_id = t.empresa_id AND b.conciliacao_id = t.conciliacao_id
             JOIN financeiro.lancamentos l ON l.empresa_id = b.empresa_id AND l.id = b.lancamento_id
            WHERE t.empresa_id = plataforma.empresa_atual() AND t.conciliacao_id = %s""",
        (conciliacao_id,),
    )
    licoes = {
        (p, "ENTRADA" if linha["entrada"] else "SAIDA", linha["categoria_id"], linha["cliente_id"], linha["fornecedor_id"])
        for linha in cur.fetchall()
        if (p := padrao(linha["memo"])) is not None
    }
    if not licoes:
        return
    if sentido > 0:
        execute_values(
            cur,
            """INSERT INTO financeiro.conciliacao_padroes AS c
                      (empresa_id, padrao, direcao, categoria_id, cliente_id, fornecedor_id, vezes)
               SELECT plataforma.empresa_atual(), v.padrao, v.direcao, v.categoria_id, v.cliente_id, v.fornecedor_id, 1
                 FROM (VALUES %s) AS v (padrao, direcao, categoria_id, cliente_id, fornecedor_id)
               ON CONFLICT ON CONSTRAINT conciliacao_padroes_unico
               DO UPDATE SET vezes = c.vezes + 1, ultima_em = now()""",
            sorted(licoes, key=str), template="(%s, %s, %s::bigint, %s::bigint, %s::bigint)",
        )
        return
    for licao in licoes:
        cur.execute(
            """WITH menos AS (
                   UPDATE financeiro.conciliacao_padroes SET vezes = vezes - 1
                    WHERE empresa_id = plataforma.empresa_atual() AND padrao = %s AND direcao = %s
                      AND categoria_id = %s AND cliente_id IS NOT DISTINCT FROM %s
                      AND fornecedor_id IS NOT DISTINCT FROM %s AND vezes > 1
                   RETURNING 1)
               DELETE FROM financeiro.conciliacao_padroes
                WHERE empresa_id = plataforma.empresa_atual() AND padrao = %s AND direcao = %s
                  AND categoria_id = %s AND cliente_id IS NOT DISTINCT FROM %s
                  AND fornecedor_id IS NOT DISTINCT FROM %s AND vezes = 1""",
            (*licao, *licao),
        )


def aprendidos(cur, memo: str, valor) -> list[dict]:
    """What was learned for this memo's pattern and direction, most confirmed first:
    rows of categoria_id, cliente_id, fornecedor_id, vezes."""
    p = padrao(memo)
    if p is None:
        return []
    cur.execute(
        """SELECT categoria_id, cliente_id, fornecedor_id, vezes
             FROM financeiro.conciliacao_padroes
            WHERE empresa_id = plataforma.empresa_atual() AND padrao = %s AND direcao = %s
            ORDER BY vezes DESC, ultima_em DESC
            LIMIT 20""",
        (p, direcao(valor)),
    )
    return cur.fetchall()
