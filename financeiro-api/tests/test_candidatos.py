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
