-- Payments per centro de custo (issue 16): the reports by regime de caixa read a centro's part of
-- each baixa. A baixa of a lançamento split by rateio is split in the same proportion as the
-- lançamento (its rateio lines over its valor), in whole cents that add up exactly to the baixa's
-- valor_movimentado: the whole cents of each exact share, then one cent more to each of the
-- largest fractions left over (the lower centro id on a tie) — financeiro/rateio.py's rule, in SQL.
-- A baixa of a lançamento without rateio lines is one row with centro_custo_id NULL.
--
-- The window partitions by (empresa_id, data, id) rather than the baixa alone so that a filter on
-- `data` is pushed below it: a period of payments reads the index `baixas_data`'s range, never
-- every baixa.
CREATE VIEW financeiro.v_baixas_por_centro WITH (security_invoker = true) AS
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
               row_number() OVER (PARTITION BY empresa_id, data, baixa_id
                                  ORDER BY exato - piso DESC, centro_custo_id) AS posicao,
               (total - sum(piso) OVER (PARTITION BY empresa_id, data, baixa_id)) * 100 AS centavos_restantes
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
