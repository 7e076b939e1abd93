-- Linking a baixa to a conciliação (UPDATE ... SET conciliacao_id), and unlinking it on undo,
-- changes nothing the result per month counts, yet baixas_resultado_alteradas (0014) recomputed
-- the baixa's lançamento each time: ~9 ms of dynamic SQL per link, on every "payment the ledger
-- already has" the automatic conciliação confirms. An update of baixas now recomputes only the
-- lançamentos of baixas whose lançamento, conta, date or amount moved: what
-- v_baixas_por_centro and resultado_recalcular read of a baixa. The rest of the function is 0014's.
CREATE OR REPLACE FUNCTION financeiro.resultado_aplicar() RETURNS trigger LANGUAGE plpgsql AS $$
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
        WHEN TG_TABLE_NAME = 'baixas' THEN
            $sql$SELECT m.empresa_id, m.id
                   FROM novos n JOIN antigos a ON a.empresa_id = n.empresa_id AND a.id = n.id
                  CROSS JOIN LATERAL (VALUES (a.empresa_id, a.lancamento_id), (n.empresa_id, n.lancamento_id)) AS m (empresa_id, id)
                  WHERE (a.lancamento_id, a.conta_id, a.data, a.valor_movimentado)
                        IS DISTINCT FROM (n.lancamento_id, n.conta_id, n.data, n.valor_movimentado)$sql$
        ELSE format('SELECT empresa_id, %1$s AS id FROM antigos UNION SELECT empresa_id, %1$s FROM novos', chave) END;
    FOR alvo IN EXECUTE format('SELECT empresa_id, array_agg(DISTINCT id ORDER BY id) AS ids FROM (%s) m
                                 GROUP BY empresa_id ORDER BY empresa_id', tocados)
    LOOP
        PERFORM financeiro.resultado_recalcular(alvo.empresa_id, alvo.ids);
    END LOOP;
    RETURN NULL;
END $$;
