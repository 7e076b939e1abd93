-- Who a despesa pays when it has no fornecedor: a salary's funcionário, told by rh-api with the
-- payroll's payables (PUT /api/lancamentos/origens/folha:<id>, financeiro/origens.py) — name,
-- CPF/CNPJ and the bank account and/or PIX key, as the route validated them. A pagamentos remessa
-- pays it as it pays a fornecedor (financeiro/remessas.py). The creator's copy, not a record of
-- cadastros: a later PUT replaces it like the lançamento's other fields, while the lançamento is
-- open. Row-level security is the table's already.
ALTER TABLE financeiro.lancamentos
    ADD COLUMN favorecido jsonb CONSTRAINT lancamentos_favorecido_objeto CHECK (jsonb_typeof(favorecido) = 'object');
