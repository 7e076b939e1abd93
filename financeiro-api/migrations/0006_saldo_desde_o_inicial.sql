-- A conta's saldo_inicial is its balance on data_saldo_inicial: movement dated before that day is
-- already in it. saldos_conta (which cadastros adds to saldo_inicial for saldo_atual) counts only
-- the movement from that day on, so a payment recorded with an earlier date is not counted twice.
-- Reading cadastros.contas here is a read model's read (DESIGN.md rule 1); security_invoker as
-- before, so the reader's row-level security applies to both tables.
CREATE OR REPLACE VIEW financeiro.saldos_conta WITH (security_invoker = true) AS
    SELECT m.empresa_id, m.conta_id, sum(m.movimento)::numeric(14,2) AS movimento
      FROM financeiro.movimentos_dia m
      JOIN cadastros.contas c ON c.empresa_id = m.empresa_id AND c.id = m.conta_id
     WHERE m.data >= c.data_saldo_inicial
       AND m.data <= (now() AT TIME ZONE 'America/Sao_Paulo')::date
     GROUP BY m.empresa_id, m.conta_id;
