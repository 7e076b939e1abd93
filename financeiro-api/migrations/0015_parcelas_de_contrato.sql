-- The receivables of an operacional contract (PUT /api/lancamentos/contratos/<id>): which contract
-- a lançamento is a parcela of, and the key its creator gave it, so saving the contract again finds
-- each parcela instead of creating it twice. No foreign key across schemas: the contract is
-- operacional's, and financeiro keeps its id as a reference only.
ALTER TABLE financeiro.lancamentos
    ADD COLUMN contrato_id bigint,
    -- The creator's idempotency key, e.g. "contrato:12:parcela:3": one lançamento per key and empresa.
    ADD COLUMN chave_origem text CHECK (length(chave_origem) BETWEEN 1 AND 100),
    -- Which parcela of the contract (as the contract numbers them), for its list and its name.
    ADD COLUMN contrato_parcela integer CHECK (contrato_parcela >= 1),
    ADD CONSTRAINT lancamentos_parcela_de_contrato
        CHECK ((contrato_id IS NULL) = (contrato_parcela IS NULL) AND (contrato_id IS NULL OR chave_origem IS NOT NULL));

CREATE UNIQUE INDEX lancamentos_chave_origem ON financeiro.lancamentos (empresa_id, chave_origem)
    WHERE chave_origem IS NOT NULL;
CREATE INDEX lancamentos_contrato ON financeiro.lancamentos (empresa_id, contrato_id)
    WHERE contrato_id IS NOT NULL;

-- Read contract: each contract's parcelas as financeiro holds them (what is paid, what is open,
-- what was cancelled), for operacional to show a contract's receivables without asking over HTTP.
CREATE VIEW financeiro.v_parcelas_de_contrato WITH (security_invoker = true) AS
    SELECT empresa_id, contrato_id, id AS lancamento_id, chave_origem, contrato_parcela AS numero, valor,
           valor_pago, data_vencimento, status, data_pagamento
      FROM financeiro.lancamentos
     WHERE contrato_id IS NOT NULL;

-- The ledger's view gains the contract a lançamento is a parcela of (a new column at the end).
CREATE OR REPLACE VIEW financeiro.v_lancamentos WITH (security_invoker = true) AS
    SELECT empresa_id, id, tipo, descricao, valor, valor_pago, valor - valor_pago AS valor_aberto, status,
           data_vencimento, data_pagamento, competencia, conta_id, categoria_id, cliente_id, fornecedor_id,
           serie_id, documento,
           status IN ('PENDENTE', 'PARCIAL') AND data_vencimento < plataforma.hoje() AS vencido,
           contrato_id
      FROM financeiro.lancamentos;
