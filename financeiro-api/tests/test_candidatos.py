"""Looking candidates up (financeiro/conciliacao/candidatos.py) reads indexes, even through
cadastros' read contract and under row-level security: the plans, as the app role runs them."""
from datetime import date
from decimal import Decimal

from financeiro.conciliacao import candidatos
from financeiro.conciliacao.memo import Transacao


class Explicar:
    """A cursor that plans what it is given instead of running it."""

    def __init__(self, cur):
        self.cur = cur
        self.planos: list[str] = []

    def execute(self, sql, parametros):
        self.cur.execute("EXPLAIN " + sql, parametros)
        self.planos.append("\n".join(linha["QUERY PLAN"] for linha in self.cur.fetchall()))

    def fetchall(self):
        return []


def test_the_pessoas_a_memo_names_are_found_by_the_word_tables_primary_keys(app, empresa, sql_dono):
    # Enough pessoas that reading all of them would cost more than a range of an index.
    for tabela in ("clientes", "fornecedores"):
        sql_dono(f"""INSERT INTO cadastros.{tabela} (empresa_id, nome, nome_busca, tipo_pessoa)
                     SELECT %(e)s, 'Pessoa ' || n || ' Silva', 'pessoa ' || n || ' silva', 'FISICA'
                       FROM generate_series(1, 5000) AS n""", {"e": empresa})
        sql_dono(f"""INSERT INTO cadastros.{tabela}_palavras (empresa_id, palavra, pessoa_id, nome_busca, ativo,
                                                               tipo_pessoa)
                     SELECT empresa_id, unnest(string_to_array(nome_busca, ' ')), id, nome_busca, ativo, tipo_pessoa
                       FROM cadastros.{tabela} WHERE empresa_id = %s""", (empresa,))
        sql_dono(f"ANALYZE cadastros.{tabela}, cadastros.{tabela}_palavras")
    for entrada, tabela in ((True, "clientes"), (False, "fornecedores")):
        t = Transacao(1, 1, date(2026, 3, 10), Decimal("500.00"), entrada, "PIX RECEBIDO ANA SOUZA BRAN")
        with app.extensions["erp"].db.transacao(empresa) as cur:
            explicar = Explicar(cur)
            candidatos.pessoas_no_memo(explicar, t, {})
        [plano] = explicar.planos
        # The views inline: each word of the memo is one equality, the last one (cut by the bank?)
        # a prefix range, both on the words' primary key; no table is read whole.
        linhas = plano.splitlines()
        pela_chave = [linhas[i + 1] for i, linha in enumerate(linhas)
                      if f"Index Only Scan using {tabela}_palavras_pkey" in linha]
        assert len(pela_chave) == 2, plano
        assert "(palavra = q.palavra)" in pela_chave[0], plano
        assert "(palavra > p.ultima) AND (palavra < (p.ultima ||" in pela_chave[1], plano
        assert "Seq Scan" not in plano, plano


def test_a_batch_reads_the_nearby_transactions_once_per_run_of_overlapping_days():
    """outras_transacoes reads a conta's open transactions once for each run of the batch's
    transactions whose windows (OUTRAS_TRANSACOES days around each) overlap."""
    def t(i, conta, dia):
        return Transacao(i, conta, date(2026, 3, dia), Decimal("10.00"), True, "PIX")

    faixas = candidatos._faixas_de_dias([t(1, 7, 10), t(2, 7, 16), t(3, 7, 4), t(4, 8, 10), t(5, 7, 24)], 3)
    assert [(conta, de.day, ate.day, [x.id for x in ts]) for conta, de, ate, ts in faixas] == [
        (7, 1, 19, [3, 1, 2]),  # 4 → 10 → 16: each window meets the one before
        (7, 21, 27, [5]),       # 24 - 3 = 21, after 19: a read of its own
        (8, 7, 13, [4])]        # another conta
