-- financeiro.saldos_conta: each conta's net paid movement, one row per (empresa_id, conta_id).
-- cadastros-api reads it for `saldo_atual` = saldo_inicial + movimento: a balance is derived from
-- the lançamentos, which financeiro owns, never stored or synced by a second service (DESIGN.md
-- rule 2). Other services only read it (rule 1).
--
-- Until financeiro has lançamentos (issue 5) it is an empty set, so every saldo_atual equals its
-- saldo_inicial. Issue 5 replaces its body (CREATE OR REPLACE VIEW in a new file, same columns)
-- with the paid receitas minus the paid despesas up to today.
--
-- security_invoker: the reader's row-level security applies to the tables behind it (a view
-- otherwise reads them with its owner's rights, every empresa's rows). The migrator's grant on
-- all tables of the schema gives the app role SELECT on it.
CREATE VIEW financeiro.saldos_conta WITH (security_invoker = true) AS
    SELECT NULL::bigint AS empresa_id, NULL::bigint AS conta_id, NULL::numeric(14,2) AS movimento
    WHERE false;
