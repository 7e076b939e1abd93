-- A retorno pays thousands of títulos in one INSERT of baixas. The row trigger baixa_aplicada
-- (0010) costs ~1.5 ms a row there — each row's UPDATE of its lançamento fires the lançamentos'
-- own triggers once per row — so 10,000 liquidações took 16 s. Inserts are now applied once per
-- statement from its transition table: each (conta, data)'s movement upserted once, each
-- lançamento's paid amount and status recomputed once; the same sums as the row trigger, which
-- updates and deletes (one baixa at a time: estorno, conciliação) keep. Row AFTER triggers fire
-- before statement ones, and this one's name sorts before baixas_resultado_inseridas (0014), so
-- the order the lançamento's triggers see is the one they saw before.
CREATE FUNCTION financeiro.baixas_inseridas() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO financeiro.movimentos_dia AS m (empresa_id, conta_id, data, movimento, entradas, saidas)
    SELECT n.empresa_id, n.conta_id, n.data,
           sum(CASE l.tipo WHEN 'RECEITA' THEN n.valor_movimentado ELSE -n.valor_movimentado END),
           coalesce(sum(n.valor_movimentado) FILTER (WHERE l.tipo = 'RECEITA'), 0),
           coalesce(sum(n.valor_movimentado) FILTER (WHERE l.tipo <> 'RECEITA'), 0)
      FROM novos n
      JOIN financeiro.lancamentos l ON l.empresa_id = n.empresa_id AND l.id = n.lancamento_id
     GROUP BY 1, 2, 3
     ORDER BY 1, 2, 3
    ON CONFLICT (empresa_id, conta_id, data)
         DO UPDATE SET movimento = m.movimento + EXCLUDED.movimento,
                       entradas = m.entradas + EXCLUDED.entradas,
                       saidas = m.saidas + EXCLUDED.saidas;
    DELETE FROM financeiro.movimentos_dia m
     USING (SELECT DISTINCT empresa_id, conta_id, data FROM novos) d
     WHERE m.empresa_id = d.empresa_id AND m.conta_id = d.conta_id AND m.data = d.data
       AND m.movimento = 0 AND m.entradas = 0 AND m.saidas = 0;
    UPDATE financeiro.lancamentos l
       SET valor_pago = pago.total,
           data_pagamento = pago.ultima,
           status = financeiro.status_de(l.cancelado, pago.total, l.valor),
           atualizado_em = now()
      FROM (SELECT b.empresa_id, b.lancamento_id, sum(b.valor) AS total, max(b.data) AS ultima
              FROM financeiro.baixas b
             WHERE (b.empresa_id, b.lancamento_id) IN (SELECT DISTINCT empresa_id, lancamento_id FROM novos)
             GROUP BY 1, 2) pago
     WHERE l.empresa_id = pago.empresa_id AND l.id = pago.lancamento_id;
    RETURN NULL;
END $$;

DROP TRIGGER baixas_aplicadas ON financeiro.baixas;
CREATE TRIGGER baixas_aplicadas
    AFTER DELETE OR UPDATE OF lancamento_id, conta_id, data, valor, juros, multa, desconto
    ON financeiro.baixas FOR EACH ROW EXECUTE FUNCTION financeiro.baixa_aplicada();
CREATE TRIGGER baixas_aplicadas_inseridas AFTER INSERT ON financeiro.baixas
    REFERENCING NEW TABLE AS novos FOR EACH STATEMENT EXECUTE FUNCTION financeiro.baixas_inseridas();
