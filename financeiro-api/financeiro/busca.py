"""The ledger's search by words (`q`), in SQL: which lançamentos have a word started by each term,
and which terms the rollup by word prefix sums (migrations/0022_totais_por_prefixo.sql).

The words are financeiro.lancamentos_palavras (lancamentos.indexar writes them), read by btree
prefix ranges: under row-level security only leakproof operators reach an index.
"""

# A number's prefix longer than this (a year has 4 digits) is not in the rollup: NF numbers made
# its rows one per number, and so long a prefix is few lançamentos', which their ids sum as fast.
# The same rule as financeiro.prefixo_no_resumo (migrations/0022_totais_por_prefixo.sql).
DIGITOS_NO_RESUMO = 4

# Above this many lançamentos for each word of q, a page walks the dates and checks the words
# (the planner's choice among semi-joins per word): when two common words go together ("ensaio
# gestante", 30,728 at a million) their ids are too many to sort. Below, the ids the words share
# are fewer than those of the rarest word, so sorting them costs no more than reading it did.
RARA = 20_000


def no_resumo(termo: str) -> bool:
    """Whether the rollup by prefix has `termo` (a word of q, folded as stored)."""
    return not (termo.isascii() and termo.isdigit() and len(termo) > DIGITOS_NO_RESUMO)


def ids(numeros: list[int]) -> str:
    """The lançamentos with a word started by each of the terms `%(termo<n>)s` numbered `numeros`,
    from the words' btree alone (index only): the first term's range semi-joined with the others'.
    As a semi-join per word against the ledger, `q=casamento silva` read the rarer word's 9,914
    rows at a million lançamentos to check the other on each."""
    faixa = ("p{n}.empresa_id = plataforma.empresa_atual()"
             " AND p{n}.palavra >= %(termo{n})s AND p{n}.palavra < %(termo{n}_fim)s")
    primeiro, *outros = numeros
    semi = "".join(f""" AND p{primeiro}.lancamento_id IN (SELECT p{n}.lancamento_id
                                                          FROM financeiro.lancamentos_palavras p{n}
                                                         WHERE {faixa.format(n=n)})""" for n in outros)
    return (f"SELECT p{primeiro}.lancamento_id FROM financeiro.lancamentos_palavras p{primeiro}"
            f" WHERE {faixa.format(n=primeiro)}{semi}")


def alguma_rara(cur, termos: list[str]) -> bool:
    """Whether some term of q starts words of at most RARA lançamentos, by the rollup's counts (a
    few rows each); a number's long prefix, not in the rollup, is rare."""
    if not all(no_resumo(termo) for termo in termos):
        return True
    cur.execute("""SELECT coalesce(sum(r.quantidade), 0) AS quantos FROM unnest(%s::text[]) AS t (termo)
                     LEFT JOIN financeiro.totais_prefixo r
                       ON r.empresa_id = plataforma.empresa_atual() AND r.prefixo = t.termo COLLATE "C"
                    GROUP BY t.termo""", (termos,))
    return any(linha["quantos"] <= RARA for linha in cur.fetchall())
