-- The totals of the ledger searched by `q` over all time (issue 20): the ids the words' btree
-- gives (lancamentos_palavras) are looked up one by one in this index, which carries what the
-- totals sum and filter by, so no row of the table is read (index only). As a semi-join the
-- planner read the empresa's whole ledger for them instead: 388 ms for `q=casamento` in 1,000,000
-- lançamentos (financeiro/lancamentos.py, Filtro.sql). It is leakproof-safe under row-level
-- security: its conditions are `=` on bigint.
CREATE INDEX lancamentos_somas ON financeiro.lancamentos (empresa_id, id)
    INCLUDE (tipo, status, valor, valor_pago, data_vencimento);
