-- financeiro's read contract: what other services (cadastros' saldo_atual, the dashboard, the
-- reports) may read of this schema with SQL (DESIGN.md rule 1), as views with stable columns; the
-- tables behind them — the ledger, its rollups — stay private and may change. Each view is
-- security_invoker, so the reader's row-level security applies. Columns are only ever added to.
-- Listed in financeiro-api/README.md.

-- A conta's paid movement from its opening-balance date to today (the studio's): saldo_atual is
-- cadastros' saldo_inicial plus this. The view saldos_conta, renamed as the contract names views,
-- now reading cadastros through its own contract and "today" through plataforma.hoje().
ALTER VIEW financeiro.saldos_conta RENAME TO v_saldos_conta;
CREATE OR REPLACE VIEW financeiro.v_saldos_conta WITH (security_invoker = true) AS
    SELECT m.empresa_id, m.conta_id, sum(m.movimento)::numeric(14,2) AS movimento
      FROM financeiro.movimentos_dia m
      JOIN cadastros.v_contas c ON c.empresa_id = m.empresa_id AND c.id = m.conta_id
     WHERE m.data >= c.data_saldo_inicial
       AND m.data <= plataforma.hoje()
     GROUP BY m.empresa_id, m.conta_id;

-- The ledger, one row per lançamento, with what follows from its baixas (status, valor_pago,
-- data_pagamento) and `vencido` (open and due before today). Its indexes serve readers as they
-- serve financeiro: a range of data_vencimento reads lancamentos_vencimento alone.
CREATE VIEW financeiro.v_lancamentos WITH (security_invoker = true) AS
    SELECT empresa_id, id, tipo, descricao, valor, valor_pago, valor - valor_pago AS valor_aberto, status,
           data_vencimento, data_pagamento, competencia, conta_id, categoria_id, cliente_id, fornecedor_id,
           serie_id, documento,
           status IN ('PENDENTE', 'PARCIAL') AND data_vencimento < plataforma.hoje() AS vencido
      FROM financeiro.lancamentos;

-- The ledger summed per month of vencimento (`mes`, its first day) and per tipo, status, conta and
-- categoria: whole months of a period read from here, a few rows each, never the ledger.
CREATE VIEW financeiro.v_totais_mes WITH (security_invoker = true) AS
    SELECT empresa_id, mes, tipo, status, conta_id, categoria_id, quantidade, valor, valor_pago
      FROM financeiro.totais_mes;
