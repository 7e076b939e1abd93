"""What confirmed conciliações teach: this memo pattern was this pessoa's and categoria's.

A memo's pattern is the memo folded (lowercase, no accents) without digits and punctuation:
"PIX RECEBIDO 12/03 ANA SOUZA 123.456.789-00" and "PIX RECEBIDO 02/04 ANA SOUZA" both give
"pix recebido ana souza", so next month's transfer from Ana is recognised by what the staff
confirmed this month, with no external service.
"""
import re
from collections import Counter

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
    aprender_de(cur, [conciliacao_id], sentido)


def aprender_de(cur, conciliacao_ids: list[int], sentido: int, pendentes: list[tuple[int, int]] = ()) -> None:
    """aprender of several conciliações in one statement (the automatic run's batch), each
    counted once. `pendentes`: (conciliação, lançamento) of their baixas not stored yet (the
    automatic run's, which wait to be stored together)."""
    cur.execute(
        """SELECT DISTINCT t.conciliacao_id, t.memo, t.valor > 0 AS entrada, l.categoria_id, l.cliente_id,
                           l.fornecedor_id
             FROM financeiro.extrato_transacoes t
             JOIN (SELECT conciliacao_id, lancamento_id FROM financeiro.baixas
                    WHERE empresa_id = plataforma.empresa_atual() AND conciliacao_id = ANY(%(ids)s)
                   UNION ALL
                   SELECT * FROM unnest(%(conciliacoes)s::bigint[], %(lancamentos)s::bigint[])
                  ) b (conciliacao_id, lancamento_id) ON b.conciliacao_id = t.conciliacao_id
             JOIN financeiro.lancamentos l ON l.empresa_id = t.empresa_id AND l.id = b.lancamento_id
            WHERE t.empresa_id = plataforma.empresa_atual() AND t.conciliacao_id = ANY(%(ids)s)""",
        {"ids": list(conciliacao_ids), "conciliacoes": [c for c, _ in pendentes],
         "lancamentos": [l for _, l in pendentes]},
    )
    por_conciliacao = {
        (linha["conciliacao_id"], p, "ENTRADA" if linha["entrada"] else "SAIDA", linha["categoria_id"],
         linha["cliente_id"], linha["fornecedor_id"])
        for linha in cur.fetchall()
        if (p := padrao(linha["memo"])) is not None
    }
    licoes = Counter(licao[1:] for licao in por_conciliacao)
    if not licoes:
        return
    if sentido > 0:
        execute_values(
            cur,
            """INSERT INTO financeiro.conciliacao_padroes AS c
                      (empresa_id, padrao, direcao, categoria_id, cliente_id, fornecedor_id, vezes)
               SELECT plataforma.empresa_atual(), v.padrao, v.direcao, v.categoria_id, v.cliente_id, v.fornecedor_id,
                      v.vezes
                 FROM (VALUES %s) AS v (padrao, direcao, categoria_id, cliente_id, fornecedor_id, vezes)
               ON CONFLICT ON CONSTRAINT conciliacao_padroes_unico
               DO UPDATE SET vezes = c.vezes + excluded.vezes, ultima_em = now()""",
            sorted(((*licao, vezes) for licao, vezes in licoes.items()), key=str),
            template="(%s, %s, %s::bigint, %s::bigint, %s::bigint, %s::int)",
        )
        return
    for licao, vezes in licoes.items():
        cur.execute(
            """WITH menos AS (
                   UPDATE financeiro.conciliacao_padroes SET vezes = vezes - %s
                    WHERE empresa_id = plataforma.empresa_atual() AND padrao = %s AND direcao = %s
                      AND categoria_id = %s AND cliente_id IS NOT DISTINCT FROM %s
                      AND fornecedor_id IS NOT DISTINCT FROM %s AND vezes > %s
                   RETURNING 1)
               DELETE FROM financeiro.conciliacao_padroes
                WHERE empresa_id = plataforma.empresa_atual() AND padrao = %s AND direcao = %s
                  AND categoria_id = %s AND cliente_id IS NOT DISTINCT FROM %s
                  AND fornecedor_id IS NOT DISTINCT FROM %s AND vezes <= %s""",
            (vezes, *licao, vezes, *licao, vezes),
        )


def aprendidos(cur, memo: str, valor) -> list[dict]:
    """What was learned for this memo's pattern and direction, most confirmed first:
    rows of categoria_id, cliente_id, fornecedor_id, vezes."""
    p = padrao(memo)
    return [] if p is None else aprendidos_de(cur, [(memo, valor)]).get((p, direcao(valor)), [])


def aprendidos_de(cur, memos: list[tuple[str, object]]) -> dict[tuple[str, str], list[dict]]:
    """aprendidos of several (memo, valor) in one statement (the automatic run's batch), by
    (pattern, direction)."""
    chaves = sorted({(p, direcao(valor)) for memo, valor in memos if (p := padrao(memo)) is not None})
    if not chaves:
        return {}
    cur.execute(
        """SELECT q.padrao, q.direcao, a.categoria_id, a.cliente_id, a.fornecedor_id, a.vezes
             FROM unnest(%s::text[], %s::text[]) AS q (padrao, direcao)
            CROSS JOIN LATERAL (
                  SELECT categoria_id, cliente_id, fornecedor_id, vezes
                    FROM financeiro.conciliacao_padroes
                   WHERE empresa_id = plataforma.empresa_atual() AND padrao = q.padrao AND direcao = q.direcao
                   ORDER BY vezes DESC, ultima_em DESC
                   LIMIT 20) a""",
        ([p for p, _ in chaves], [d for _, d in chaves]),
    )
    licoes: dict[tuple[str, str], list[dict]] = {}
    for linha in cur.fetchall():
        licoes.setdefault((linha.pop("padrao"), linha.pop("direcao")), []).append(linha)
    return licoes
