-- The realized cash flow (relatorios-api) shows each period's entradas and saídas apart, not only
-- their net: movimentos_dia keeps both beside `movimento` (= entradas − saídas), maintained by the
-- same baixas' trigger, and the read contract gains financeiro.v_movimentos_dia.
ALTER TABLE financeiro.movimentos_dia
    ADD COLUMN entradas numeric(16,2) NOT NULL DEFAULT 0,
    ADD COLUMN saidas   numeric(16,2) NOT NULL DEFAULT 0;

-- The backfill, from the baixas themselves. Row-level security is forced on these tables (the owner
-- too is subject to it) and a migration has no empresa: lifted for this transaction only.
ALTER TABLE financeiro.movimentos_dia NO FORCE ROW LEVEL SECURITY;
ALTER TABLE financeiro.baixas NO FORCE ROW LEVEL SECURITY;
ALTER TABLE financeiro.lancamentos NO FORCE ROW LEVEL SECURITY;

UPDATE financeiro.movimentos_dia m
   SET entradas = d.entradas, saidas = d.saidas
  FROM (SELECT b.empresa_id, b.conta_id, b.data,
               coalesce(sum(b.valor_movimentado) FILTER (WHERE l.tipo = 'RECEITA'), 0) AS entradas,
               coalesce(sum(b.valor_movimentado) FILTER (WHERE l.tipo = 'DESPESA'), 0) AS saidas
          FROM financeiro.baixas b
          JOIN financeiro.lancamentos l ON l.empresa_id = b.empresa_id AND l.id = b.lancamento_id
         GROUP BY 1, 2, 3) d
 WHERE m.empresa_id = d.empresa_id AND m.conta_id = d.conta_id AND m.data = d.data;

-- A day whose entradas and saídas cancel out had no row (0007 deletes rows at zero); it has one now.
INSERT INTO financeiro.movimentos_dia (empresa_id, conta_id, data, movimento, entradas, saidas)
SELECT b.empresa_id, b.conta_id, b.data, 0,
       coalesce(sum(b.valor_movimentado) FILTER (WHERE l.tipo = 'RECEITA'), 0),
       coalesce(sum(b.valor_movimentado) FILTER (WHERE l.tipo = 'DESPESA'), 0)
  FROM financeiro.baixas b
  JOIN financeiro.lancamentos l ON l.empresa_id = b.empresa_id AND l.id = b.lancamento_id
 GROUP BY 1, 2, 3
HAVING sum(CASE l.tipo WHEN 'RECEITA' THEN b.valor_movimentado ELSE -b.valor_movimentado END) = 0
   AND sum(b.valor_movimentado) <> 0
ON CONFLICT (empresa_id, conta_id, data) DO NOTHING;

ALTER TABLE financeiro.movimentos_dia FORCE ROW LEVEL SECURITY;
ALTER TABLE financeiro.baixas FORCE ROW LEVEL SECURITY;
ALTER TABLE financeiro.lancamentos FORCE ROW LEVEL SECURITY;

-- 0007's trigger, keeping entradas and saídas too; a row goes only when all three are zero.
CREATE OR REPLACE FUNCTION financeiro.baixa_aplicada() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    b       financeiro.baixas;
    sinal   integer;
    quanto  integer;
BEGIN
    FOREACH quanto IN ARRAY CASE TG_OP WHEN 'INSERT' THEN ARRAY[1] WHEN 'DELETE' THEN ARRAY[-1] ELSE ARRAY[-1, 1] END LOOP
        b := CASE WHEN quanto = -1 THEN OLD ELSE NEW END;
        SELECT CASE tipo WHEN 'RECEITA' THEN 1 ELSE -1 END INTO sinal
          FROM financeiro.lancamentos WHERE empresa_id = b.empresa_id AND id = b.lancamento_id;
        INSERT INTO financeiro.movimentos_dia AS m (empresa_id, conta_id, data, movimento, entradas, saidas)
             VALUES (b.empresa_id, b.conta_id, b.data, quanto * sinal * b.valor_movimentado,
                     CASE WHEN sinal = 1 THEN quanto * b.valor_movimentado ELSE 0 END,
                     CASE WHEN sinal = -1 THEN quanto * b.valor_movimentado ELSE 0 END)
        ON CONFLICT (empresa_id, conta_id, data)
             DO UPDATE SET movimento = m.movimento + EXCLUDED.movimento,
                           entradas = m.entradas + EXCLUDED.entradas,
                           saidas = m.saidas + EXCLUDED.saidas;
        DELETE FROM financeiro.movimentos_dia
         WHERE empresa_id = b.empresa_id AND conta_id = b.conta_id AND data = b.data
           AND movimento = 0 AND entradas = 0 AND saidas = 0;
        UPDATE financeiro.lancamentos l
           SET valor_pago = pago.total,
               data_pagamento = pago.ultima,
               status = financeiro.status_de(l.cancelado, pago.total, l.valor),
               atualizado_em = now()
          FROM (SELECT coalesce(sum(valor), 0) AS total, max(data) AS ultima
                  FROM financeiro.baixas
                 WHERE empresa_id = b.empresa_id AND lancamento_id = b.lancamento_id) pago
         WHERE l.empresa_id = b.empresa_id AND l.id = b.lancamento_id;
    END LOOP;
    RETURN NULL;
END $$;

-- Read contract: each conta's money in and out per day of payment (every baixa, on its own conta
-- and date; juros and multa in, desconto off), a row only for a day that had a baixa.
CREATE VIEW financeiro.v_movimentos_dia WITH (security_invoker = true) AS
    SELECT empresa_id, conta_id, data, entradas, saidas
      FROM financeiro.movimentos_dia;
