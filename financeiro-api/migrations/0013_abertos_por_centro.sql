-- What is open per centro de custo (issue 16): the projected cash flow by centro counts a centro's
-- part of each open lançamento. The open amount (valor − valor_pago) of a lançamento split by
-- rateio is split in the proportion of its rateio lines over its valor, in whole cents adding up
-- exactly to the open amount — the whole cents of each exact share, then one cent more to each of
-- the largest fractions left over (the lower centro id on a tie): the rule of v_baixas_por_centro
-- (0012) and financeiro/rateio.py. An open lançamento without rateio lines is one row with
-- centro_custo_id NULL.
--
-- The window partitions by (empresa_id, data_vencimento, conta_id, tipo, lancamento_id) rather than
-- the lançamento alone (each of them is the lançamento's own) so that a report's filters on the due
-- date, the conta and the tipo are pushed below it: the open lançamentos are read from the index
-- `lancamentos_status` range, never the whole ledger.
CREATE VIEW financeiro.v_abertos_por_centro WITH (security_invoker = true) AS
    WITH partes AS (
        SELECT l.empresa_id, l.id AS lancamento_id, l.tipo, l.conta_id, l.cliente_id, l.data_vencimento,
               r.centro_custo_id, l.valor - l.valor_pago AS total,
               (l.valor - l.valor_pago) * r.valor / l.valor AS exato,
               trunc((l.valor - l.valor_pago) * r.valor / l.valor, 2) AS piso
          FROM financeiro.lancamentos l
          JOIN financeiro.rateios r ON r.empresa_id = l.empresa_id AND r.lancamento_id = l.id
         WHERE l.status IN ('PENDENTE', 'PARCIAL')
    ), ordenadas AS (
        SELECT *,
               row_number() OVER (PARTITION BY empresa_id, data_vencimento, conta_id, tipo, lancamento_id
                                  ORDER BY exato - piso DESC, centro_custo_id) AS posicao,
               (total - sum(piso) OVER (PARTITION BY empresa_id, data_vencimento, conta_id, tipo, lancamento_id))
                   * 100 AS centavos_restantes
          FROM partes
    )
    SELECT empresa_id, lancamento_id, tipo, conta_id, cliente_id, data_vencimento, centro_custo_id,
           piso + CASE WHEN posicao <= centavos_restantes THEN 0.01 ELSE 0 END AS valor_aberto
      FROM ordenadas
    UNION ALL
    SELECT l.empresa_id, l.id, l.tipo, l.conta_id, l.cliente_id, l.data_vencimento, NULL::bigint,
           l.valor - l.valor_pago
      FROM financeiro.lancamentos l
     WHERE l.status IN ('PENDENTE', 'PARCIAL')
       AND NOT EXISTS (SELECT 1 FROM financeiro.rateios r
                        WHERE r.empresa_id = l.empresa_id AND r.lancamento_id = l.id);
