-- The ledger's totals at a million lançamentos.
--
-- A filtered list answers with the totals of the whole filtered set. Summing a period of months
-- reads the ledger's index alone and is quick; summing years of it is not (a million index
-- entries: 150 ms to 300 ms, `make bench` part 5). So the sums are also kept per month of
-- vencimento and per what the common filters look at (tipo, status, conta, categoria): the
-- whole months of a filter are read from here, a few rows per month, and only the partial
-- months at the ends of its period from the index (financeiro/lancamentos.py, `totais`).
CREATE TABLE financeiro.totais_mes (
    empresa_id    bigint        NOT NULL,
    mes           date          NOT NULL,  -- the first day of the vencimento's month
    tipo          text          NOT NULL,
    status        text          NOT NULL,
    conta_id      bigint        NOT NULL,
    categoria_id  bigint        NOT NULL,
    quantidade    bigint        NOT NULL,
    valor         numeric(18,2) NOT NULL,
    valor_pago    numeric(18,2) NOT NULL,
    PRIMARY KEY (empresa_id, mes, tipo, status, conta_id, categoria_id)
);
SELECT plataforma.isolar_por_empresa('financeiro.totais_mes');

-- Kept by statement-level triggers on the lançamentos, in the same transaction as the write:
-- each statement's rows (a série of 360 is one INSERT) are added, or taken away, grouped, in key
-- order, so concurrent writers lock the rows they share in the same order.
CREATE FUNCTION financeiro.totais_mes_aplicar() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    mudancas text := CASE TG_OP
        WHEN 'INSERT' THEN 'SELECT *, 1 AS sinal FROM novos'
        WHEN 'DELETE' THEN 'SELECT *, -1 AS sinal FROM antigos'
        ELSE 'SELECT *, -1 AS sinal FROM antigos UNION ALL SELECT *, 1 FROM novos' END;
BEGIN
    EXECUTE format($sql$
        INSERT INTO financeiro.totais_mes AS t
               (empresa_id, mes, tipo, status, conta_id, categoria_id, quantidade, valor, valor_pago)
        SELECT empresa_id, date_trunc('month', data_vencimento)::date, tipo, status, conta_id, categoria_id,
               sum(sinal), sum(sinal * valor), sum(sinal * valor_pago)
          FROM (%s) m
         GROUP BY 1, 2, 3, 4, 5, 6
        HAVING sum(sinal) <> 0 OR sum(sinal * valor) <> 0 OR sum(sinal * valor_pago) <> 0
         ORDER BY 1, 2, 3, 4, 5, 6
        ON CONFLICT (empresa_id, mes, tipo, status, conta_id, categoria_id) DO UPDATE
           SET quantidade = t.quantidade + EXCLUDED.quantidade,
               valor = t.valor + EXCLUDED.valor,
               valor_pago = t.valor_pago + EXCLUDED.valor_pago
        $sql$, mudancas);
    RETURN NULL;
END $$;

CREATE TRIGGER lancamentos_totais_inseridos AFTER INSERT ON financeiro.lancamentos
    REFERENCING NEW TABLE AS novos FOR EACH STATEMENT EXECUTE FUNCTION financeiro.totais_mes_aplicar();
CREATE TRIGGER lancamentos_totais_alterados AFTER UPDATE ON financeiro.lancamentos
    REFERENCING OLD TABLE AS antigos NEW TABLE AS novos FOR EACH STATEMENT EXECUTE FUNCTION financeiro.totais_mes_aplicar();
CREATE TRIGGER lancamentos_totais_excluidos AFTER DELETE ON financeiro.lancamentos
    REFERENCING OLD TABLE AS antigos FOR EACH STATEMENT EXECUTE FUNCTION financeiro.totais_mes_aplicar();

-- Filters by conta, categoria or status over long periods sum from these indexes alone, rather
-- than visiting the rows (bench part 5: 279 ms -> 114 ms for a conta, 145 ms -> 32 ms for a status).
DROP INDEX financeiro.lancamentos_status;
CREATE INDEX lancamentos_status ON financeiro.lancamentos (empresa_id, status, data_vencimento, id)
    INCLUDE (tipo, valor, valor_pago);
DROP INDEX financeiro.lancamentos_conta;
CREATE INDEX lancamentos_conta ON financeiro.lancamentos (empresa_id, conta_id, data_vencimento, id)
    INCLUDE (tipo, status, valor, valor_pago);
DROP INDEX financeiro.lancamentos_categoria;
CREATE INDEX lancamentos_categoria ON financeiro.lancamentos (empresa_id, categoria_id, data_vencimento, id)
    INCLUDE (tipo, status, valor, valor_pago);
