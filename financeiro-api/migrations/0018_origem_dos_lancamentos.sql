-- Where a lançamento came from, when another service made it as part of a whole it keeps in step
-- (PUT /api/lancamentos/origens/<origem>, financeiro/origens.py): "folha:12" (a payroll of
-- rh-api), "contrato:7" (an operacional contract's parcelas). The lançamentos of one origem are
-- exactly what its creator last asked for, each known by its `chave_origem`. No foreign key across
-- schemas: the origem is its creator's, kept here as a reference only.
ALTER TABLE financeiro.lancamentos
    ADD COLUMN origem text CONSTRAINT lancamentos_origem_formato CHECK (origem ~ '^[a-z_]{1,30}:[0-9]{1,19}$');

-- A contract's parcelas already have theirs. Row-level security is forced on the table (the owner
-- too is subject to it) and a migration has no empresa: lifted for this transaction only.
ALTER TABLE financeiro.lancamentos NO FORCE ROW LEVEL SECURITY;
UPDATE financeiro.lancamentos SET origem = 'contrato:' || contrato_id WHERE contrato_id IS NOT NULL;
ALTER TABLE financeiro.lancamentos FORCE ROW LEVEL SECURITY;

ALTER TABLE financeiro.lancamentos
    -- A key names a lançamento of an origem; a contract's parcela is of that contract's origem.
    ADD CONSTRAINT lancamentos_chave_de_uma_origem CHECK (chave_origem IS NULL OR origem IS NOT NULL),
    ADD CONSTRAINT lancamentos_origem_do_contrato CHECK (contrato_id IS NULL OR origem = 'contrato:' || contrato_id);

CREATE INDEX lancamentos_origem ON financeiro.lancamentos (empresa_id, origem) WHERE origem IS NOT NULL;

-- The ledger's view gains the origem (a new column at the end).
CREATE OR REPLACE VIEW financeiro.v_lancamentos WITH (security_invoker = true) AS
    SELECT empresa_id, id, tipo, descricao, valor, valor_pago, valor - valor_pago AS valor_aberto, status,
           data_vencimento, data_pagamento, competencia, conta_id, categoria_id, cliente_id, fornecedor_id,
           serie_id, documento,
           status IN ('PENDENTE', 'PARCIAL') AND data_vencimento < plataforma.hoje() AS vencido,
           contrato_id, origem
      FROM financeiro.lancamentos;
