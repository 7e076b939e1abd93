-- What relatorios-api's inadimplência, extrato do cliente and análise por categoria read of the
-- payments: a read-contract view of the baixas (listed in financeiro-api/README.md), and the
-- indexes that let a report read a period of them, or a period of competência, without scanning
-- the ledger.

-- One row per baixa that stands. An estorno deletes the baixa (financeiro/baixas.py `estornar`;
-- the audit log keeps what it was), so a reversed payment is simply absent here, exactly as it is
-- absent from valor_pago and from the balances: a report as of any date sees the payments that
-- exist now, by their own dates.
CREATE VIEW financeiro.v_baixas WITH (security_invoker = true) AS
    SELECT empresa_id, id, lancamento_id, conta_id, data, valor, juros, multa, desconto, valor_movimentado
      FROM financeiro.baixas;

-- The análise by caixa regime: a period of payments, whatever the conta, with what it sums.
CREATE INDEX baixas_data ON financeiro.baixas (empresa_id, data, id) INCLUDE (lancamento_id, valor_movimentado);

-- The análise by competência regime: a range of competência months, summed from the index alone.
DROP INDEX financeiro.lancamentos_competencia;
CREATE INDEX lancamentos_competencia ON financeiro.lancamentos (empresa_id, competencia, id)
    INCLUDE (tipo, status, valor, categoria_id);
