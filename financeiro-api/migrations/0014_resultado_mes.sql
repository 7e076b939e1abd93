-- The result per month (issue 16: the reports at a million lançamentos). relatorios-api's análise,
-- DRE, comparativo and indicadores add up amounts per categoria by competência or caixa, per month
-- and per centro de custo (relatorios/somas.py). Read from the rows, a year of caixa per centro is
-- each baixa of the year joined to its lançamento and split by its rateio: too slow for a report
-- asked cold. So those amounts are also kept per month here, and a report reads a year as a few
-- thousand rows at most.
--
-- Exact by construction rather than by bookkeeping: each lançamento's own contribution is stored
-- (resultado_partes), and whenever a statement touches a lançamento — the lançamento itself
-- (tipo, categoria, competência, valor, cancelled or not), its rateio lines (replaced by delete +
-- insert when it changes), its baixas (inserted, or deleted by an estorno), or a cascade — that
-- lançamento's parts are computed again from its rows as they are now: the old ones are taken out
-- of resultado_mes and the new ones put in, in one statement. Whatever order the statements of a
-- transaction come in, the last one to touch a lançamento sees its final rows.
--
-- competência: a lançamento not cancelled counts its valor in its competência month, split by its
-- rateio lines; caixa: each baixa counts its valor_movimentado in its month, split by centro as
-- financeiro.v_baixas_por_centro splits it. centro_custo_id 0: no centro de custo.
CREATE TABLE financeiro.resultado_partes (
    empresa_id       bigint        NOT NULL,
    lancamento_id    bigint        NOT NULL,
    regime           text          NOT NULL CHECK (regime IN ('competencia', 'caixa')),
    mes              date          NOT NULL,
    tipo             text          NOT NULL,
    categoria_id     bigint        NOT NULL,
    centro_custo_id  bigint        NOT NULL,
    valor            numeric(18,2) NOT NULL,
    -- No natural key: a recomputation deletes a lançamento's parts and inserts the new ones in one
    -- statement, whose parts run in no set order, so the same key may briefly be there twice.
    id               bigint        GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (empresa_id, id)
);
CREATE INDEX resultado_partes_lancamento ON financeiro.resultado_partes (empresa_id, lancamento_id);
SELECT plataforma.isolar_por_empresa('financeiro.resultado_partes');

CREATE TABLE financeiro.resultado_mes (
    empresa_id       bigint        NOT NULL,
    regime           text          NOT NULL CHECK (regime IN ('competencia', 'caixa')),
    mes              date          NOT NULL,  -- the first day of the month
    tipo             text          NOT NULL,
    categoria_id     bigint        NOT NULL,
    centro_custo_id  bigint        NOT NULL,  -- 0: no centro de custo
    valor            numeric(18,2) NOT NULL,  -- may be 0 after changes: readers skip it
    PRIMARY KEY (empresa_id, regime, mes, tipo, categoria_id, centro_custo_id)
);
SELECT plataforma.isolar_por_empresa('financeiro.resultado_mes');

-- v_baixas_por_centro splits each baixa in a window partitioned by the baixa; with the lançamento in
-- the partition too (each baixa's own, so the same partitions), a filter on lancamento_id is pushed
-- below the window like one on `data`: recomputing a lançamento reads its baixas, not the ledger's.
CREATE OR REPLACE VIEW financeiro.v_baixas_por_centro WITH (security_invoker = true) AS
    WITH partes AS (
        SELECT b.empresa_id, b.id AS baixa_id, b.lancamento_id, b.conta_id, b.data, r.centro_custo_id,
               b.valor_movimentado AS total,
               b.valor_movimentado * r.valor / l.valor AS exato,
               trunc(b.valor_movimentado * r.valor / l.valor, 2) AS piso
          FROM financeiro.baixas b
          JOIN financeiro.lancamentos l ON l.empresa_id = b.empresa_id AND l.id = b.lancamento_id
          JOIN financeiro.rateios r ON r.empresa_id = b.empresa_id AND r.lancamento_id = b.lancamento_id
    ), ordenadas AS (
        SELECT *,
               row_number() OVER (PARTITION BY empresa_id, data, lancamento_id, baixa_id
                                  ORDER BY exato - piso DESC, centro_custo_id) AS posicao,
               (total - sum(piso) OVER (PARTITION BY empresa_id, data, lancamento_id, baixa_id)) * 100
                   AS centavos_restantes
          FROM partes
    )
    SELECT empresa_id, baixa_id, lancamento_id, conta_id, data, centro_custo_id,
           piso + CASE WHEN posicao <= centavos_restantes THEN 0.01 ELSE 0 END AS valor_movimentado
      FROM ordenadas
    UNION ALL
    SELECT b.empresa_id, b.id, b.lancamento_id, b.conta_id, b.data, NULL::bigint, b.valor_movimentado
      FROM financeiro.baixas b
     WHERE NOT EXISTS (SELECT 1 FROM financeiro.rateios r
                        WHERE r.empresa_id = b.empresa_id AND r.lancamento_id = b.lancamento_id);

-- The lançamentos `ids` of `empresa` (NULL: all of them) computed again. The lançamentos are locked
-- first, so that two transactions recomputing the same one take turns, the second reading the
-- parts the first left. EXECUTE plans with the ids at hand: an index lookup per lançamento.
CREATE FUNCTION financeiro.resultado_recalcular(empresa bigint, ids bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    dos text := CASE WHEN ids IS NULL THEN 'true' ELSE '%s = ANY ($2)' END;
BEGIN
    IF ids IS NOT NULL THEN
        PERFORM 1 FROM financeiro.lancamentos WHERE empresa_id = empresa AND id = ANY (ids) ORDER BY id
            FOR NO KEY UPDATE;
    END IF;
    EXECUTE format($sql$
        WITH antigas AS (
            DELETE FROM financeiro.resultado_partes WHERE empresa_id = $1 AND %s
            RETURNING regime, mes, tipo, categoria_id, centro_custo_id, -valor AS valor
        ), competencia AS (
            SELECT l.id AS lancamento_id, 'competencia' AS regime, l.competencia AS mes, l.tipo, l.categoria_id,
                   coalesce(r.centro_custo_id, 0) AS centro_custo_id, coalesce(r.valor, l.valor) AS valor
              FROM financeiro.lancamentos l
              LEFT JOIN financeiro.rateios r ON r.empresa_id = l.empresa_id AND r.lancamento_id = l.id
             WHERE l.empresa_id = $1 AND %s AND l.status <> 'CANCELADO'
        ), caixa AS (
            SELECT b.lancamento_id, 'caixa', date_trunc('month', b.data)::date, l.tipo, l.categoria_id,
                   coalesce(b.centro_custo_id, 0), sum(b.valor_movimentado)
              FROM financeiro.v_baixas_por_centro b
              JOIN financeiro.lancamentos l ON l.empresa_id = b.empresa_id AND l.id = b.lancamento_id
             WHERE b.empresa_id = $1 AND %s
             GROUP BY 1, 3, 4, 5, 6
        ), novas AS (
            INSERT INTO financeiro.resultado_partes
                   (empresa_id, lancamento_id, regime, mes, tipo, categoria_id, centro_custo_id, valor)
            SELECT $1, p.* FROM (SELECT * FROM competencia UNION ALL SELECT * FROM caixa) p WHERE p.valor <> 0
            RETURNING regime, mes, tipo, categoria_id, centro_custo_id, valor
        )
        INSERT INTO financeiro.resultado_mes AS t (empresa_id, regime, mes, tipo, categoria_id, centro_custo_id, valor)
        SELECT $1, regime, mes, tipo, categoria_id, centro_custo_id, sum(valor)
          FROM (SELECT * FROM antigas UNION ALL SELECT * FROM novas) d
         GROUP BY regime, mes, tipo, categoria_id, centro_custo_id
        HAVING sum(valor) <> 0
         ORDER BY 2, 3, 4, 5, 6
        ON CONFLICT (empresa_id, regime, mes, tipo, categoria_id, centro_custo_id)
           DO UPDATE SET valor = t.valor + EXCLUDED.valor
        $sql$, format(dos, 'lancamento_id'), format(dos, 'l.id'), format(dos, 'b.lancamento_id'))
    USING empresa, ids;
END $$;

-- Statement-level triggers: the lançamentos a statement touched, per empresa. An update of a
-- lançamento that leaves what the result counts as it was (a baixa's new status or valor_pago, a
-- description) recomputes nothing.
CREATE FUNCTION financeiro.resultado_aplicar() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    chave text := CASE TG_TABLE_NAME WHEN 'lancamentos' THEN 'id' ELSE 'lancamento_id' END;
    tocados text;
    alvo record;
BEGIN
    tocados := CASE
        WHEN TG_OP = 'INSERT' THEN format('SELECT empresa_id, %s AS id FROM novos', chave)
        WHEN TG_OP = 'DELETE' THEN format('SELECT empresa_id, %s AS id FROM antigos', chave)
        WHEN TG_TABLE_NAME = 'lancamentos' THEN
            $sql$SELECT n.empresa_id, n.id FROM novos n JOIN antigos a ON a.empresa_id = n.empresa_id AND a.id = n.id
                  WHERE (a.tipo, a.categoria_id, a.competencia, a.valor, a.status = 'CANCELADO')
                        IS DISTINCT FROM (n.tipo, n.categoria_id, n.competencia, n.valor, n.status = 'CANCELADO')$sql$
        ELSE format('SELECT empresa_id, %1$s AS id FROM antigos UNION SELECT empresa_id, %1$s FROM novos', chave) END;
    FOR alvo IN EXECUTE format('SELECT empresa_id, array_agg(DISTINCT id ORDER BY id) AS ids FROM (%s) m
                                 GROUP BY empresa_id ORDER BY empresa_id', tocados)
    LOOP
        PERFORM financeiro.resultado_recalcular(alvo.empresa_id, alvo.ids);
    END LOOP;
    RETURN NULL;
END $$;

CREATE TRIGGER lancamentos_resultado_inseridos AFTER INSERT ON financeiro.lancamentos
    REFERENCING NEW TABLE AS novos FOR EACH STATEMENT EXECUTE FUNCTION financeiro.resultado_aplicar();
CREATE TRIGGER lancamentos_resultado_alterados AFTER UPDATE ON financeiro.lancamentos
    REFERENCING OLD TABLE AS antigos NEW TABLE AS novos FOR EACH STATEMENT EXECUTE FUNCTION financeiro.resultado_aplicar();
CREATE TRIGGER lancamentos_resultado_excluidos AFTER DELETE ON financeiro.lancamentos
    REFERENCING OLD TABLE AS antigos FOR EACH STATEMENT EXECUTE FUNCTION financeiro.resultado_aplicar();
CREATE TRIGGER rateios_resultado_inseridos AFTER INSERT ON financeiro.rateios
    REFERENCING NEW TABLE AS novos FOR EACH STATEMENT EXECUTE FUNCTION financeiro.resultado_aplicar();
CREATE TRIGGER rateios_resultado_alterados AFTER UPDATE ON financeiro.rateios
    REFERENCING OLD TABLE AS antigos NEW TABLE AS novos FOR EACH STATEMENT EXECUTE FUNCTION financeiro.resultado_aplicar();
CREATE TRIGGER rateios_resultado_excluidos AFTER DELETE ON financeiro.rateios
    REFERENCING OLD TABLE AS antigos FOR EACH STATEMENT EXECUTE FUNCTION financeiro.resultado_aplicar();
CREATE TRIGGER baixas_resultado_inseridas AFTER INSERT ON financeiro.baixas
    REFERENCING NEW TABLE AS novos FOR EACH STATEMENT EXECUTE FUNCTION financeiro.resultado_aplicar();
CREATE TRIGGER baixas_resultado_alteradas AFTER UPDATE ON financeiro.baixas
    REFERENCING OLD TABLE AS antigos NEW TABLE AS novos FOR EACH STATEMENT EXECUTE FUNCTION financeiro.resultado_aplicar();
CREATE TRIGGER baixas_resultado_excluidas AFTER DELETE ON financeiro.baixas
    REFERENCING OLD TABLE AS antigos FOR EACH STATEMENT EXECUTE FUNCTION financeiro.resultado_aplicar();

-- The backfill, every empresa at once. Row-level security is forced on these tables and a
-- migration has no empresa: lifted for this transaction only.
ALTER TABLE financeiro.lancamentos NO FORCE ROW LEVEL SECURITY;
ALTER TABLE financeiro.rateios NO FORCE ROW LEVEL SECURITY;
ALTER TABLE financeiro.baixas NO FORCE ROW LEVEL SECURITY;
ALTER TABLE financeiro.resultado_partes NO FORCE ROW LEVEL SECURITY;
ALTER TABLE financeiro.resultado_mes NO FORCE ROW LEVEL SECURITY;
SELECT financeiro.resultado_recalcular(empresa_id, NULL)
  FROM (SELECT DISTINCT empresa_id FROM financeiro.lancamentos ORDER BY 1) e;
ALTER TABLE financeiro.lancamentos FORCE ROW LEVEL SECURITY;
ALTER TABLE financeiro.rateios FORCE ROW LEVEL SECURITY;
ALTER TABLE financeiro.baixas FORCE ROW LEVEL SECURITY;
ALTER TABLE financeiro.resultado_partes FORCE ROW LEVEL SECURITY;
ALTER TABLE financeiro.resultado_mes FORCE ROW LEVEL SECURITY;

-- Read contract (financeiro-api/README.md): the amounts per month, regime, tipo, categoria and
-- centro de custo (0: none), those not zero.
CREATE VIEW financeiro.v_resultado_mes WITH (security_invoker = true) AS
    SELECT empresa_id, regime, mes, tipo, categoria_id, centro_custo_id, valor
      FROM financeiro.resultado_mes
     WHERE valor <> 0;
