-- Conciliação: statement transactions matched with the ledger. A conciliação joins one or more
-- transactions of one conta to the baixas that account for their money: baixas it recorded on
-- open lançamentos (and, from a rule or the "criar lançamento" action, a lançamento it created)
-- or baixas that were already in the ledger. Undoing it removes exactly what it added and unlinks
-- the rest (financeiro/conciliacao/confirmacao.py).

-- The staff's rules, applied in `ordem`: conditions on a transaction (all that are set must hold)
-- and what to do with one that meets them.
CREATE TABLE financeiro.regras (
    empresa_id     bigint        NOT NULL,
    id             bigint        GENERATED ALWAYS AS IDENTITY,
    nome           text          NOT NULL CHECK (length(nome) BETWEEN 1 AND 100),
    ordem          integer       NOT NULL CHECK (ordem >= 0),
    ativa          boolean       NOT NULL DEFAULT true,
    -- Conditions. memo_contem is stored folded (lowercase, no accents: shared.texto.normalizar)
    -- and compared with the folded memo; memo_regex is a PostgreSQL regular expression, matched
    -- case-insensitively, in SQL (one dialect for the dry run and for the real thing).
    memo_contem    text          CHECK (length(memo_contem) BETWEEN 1 AND 200),
    memo_regex     text          CHECK (length(memo_regex) BETWEEN 1 AND 200),
    valor_minimo   numeric(14,2) CHECK (valor_minimo > 0),  -- of the transaction's absolute valor
    valor_maximo   numeric(14,2) CHECK (valor_maximo > 0),
    direcao        text          CHECK (direcao IN ('ENTRADA', 'SAIDA')),
    conta_id       bigint,
    -- What it does: SUGERIR a new lançamento with this categoria and pessoa; CRIAR_LANCAMENTO
    -- (created paid and reconciled by the automatic conciliação); CONCILIAR: confirm the best
    -- suggestion when its score reaches score_minimo.
    acao           text          NOT NULL CHECK (acao IN ('SUGERIR', 'CRIAR_LANCAMENTO', 'CONCILIAR')),
    categoria_id   bigint,
    cliente_id     bigint,
    fornecedor_id  bigint,
    descricao      text          CHECK (length(descricao) BETWEEN 1 AND 200),
    score_minimo   numeric(3,2)  CHECK (score_minimo BETWEEN 0 AND 1),
    criado_em      timestamptz   NOT NULL DEFAULT now(),
    atualizado_em  timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (empresa_id, id),
    FOREIGN KEY (empresa_id, conta_id) REFERENCES cadastros.contas (empresa_id, id),
    FOREIGN KEY (empresa_id, categoria_id) REFERENCES cadastros.categorias (empresa_id, id),
    FOREIGN KEY (empresa_id, cliente_id) REFERENCES cadastros.clientes (empresa_id, id),
    FOREIGN KEY (empresa_id, fornecedor_id) REFERENCES cadastros.fornecedores (empresa_id, id),
    -- A rule that looks at neither the memo nor the valor would take every transaction of a conta.
    CONSTRAINT regras_alguma_condicao
        CHECK (memo_contem IS NOT NULL OR memo_regex IS NOT NULL OR valor_minimo IS NOT NULL OR valor_maximo IS NOT NULL),
    CONSTRAINT regras_faixa_de_valor CHECK (valor_minimo IS NULL OR valor_maximo IS NULL OR valor_minimo <= valor_maximo),
    CONSTRAINT regras_acao_completa CHECK (CASE acao
        WHEN 'CONCILIAR' THEN score_minimo IS NOT NULL AND categoria_id IS NULL AND cliente_id IS NULL AND fornecedor_id IS NULL
        ELSE categoria_id IS NOT NULL AND direcao IS NOT NULL AND score_minimo IS NULL END),
    CONSTRAINT regras_uma_pessoa CHECK (cliente_id IS NULL OR fornecedor_id IS NULL)
);
CREATE INDEX regras_ordem ON financeiro.regras (empresa_id, ordem, id);

-- The automatic conciliação of a statement, run in the background; its row is its progress.
-- A worker holds it while `reservado_ate` is in the future and extends it as it goes; one whose
-- worker died is taken up again by the next look at its progress.
CREATE TABLE financeiro.conciliacao_execucoes (
    empresa_id     bigint        NOT NULL,
    id             bigint        GENERATED ALWAYS AS IDENTITY,
    extrato_id     bigint        NOT NULL,
    score_minimo   numeric(3,2)  NOT NULL CHECK (score_minimo BETWEEN 0 AND 1),
    status         text          NOT NULL DEFAULT 'PENDENTE'
                                 CHECK (status IN ('PENDENTE', 'EXECUTANDO', 'CONCLUIDA', 'FALHOU')),
    total          integer       NOT NULL CHECK (total >= 0),
    processadas    integer       NOT NULL DEFAULT 0 CHECK (processadas >= 0),
    conciliadas    integer       NOT NULL DEFAULT 0 CHECK (conciliadas >= 0),
    criadas        integer       NOT NULL DEFAULT 0 CHECK (criadas >= 0),   -- lançamentos a rule created
    -- The last transaction done: a resumed run goes on after it.
    ultima_transacao_id bigint,
    erro           text          CHECK (length(erro) <= 1000),
    usuario_id     bigint,
    username       text,
    correlation_id text,
    reservado_ate  timestamptz,
    criado_em      timestamptz   NOT NULL DEFAULT now(),
    concluido_em   timestamptz,
    PRIMARY KEY (empresa_id, id),
    FOREIGN KEY (empresa_id, extrato_id) REFERENCES financeiro.extratos (empresa_id, id)
);
-- One run at a time per statement.
CREATE UNIQUE INDEX conciliacao_execucoes_uma_por_extrato ON financeiro.conciliacao_execucoes (empresa_id, extrato_id)
    WHERE status IN ('PENDENTE', 'EXECUTANDO');
CREATE INDEX conciliacao_execucoes_extrato ON financeiro.conciliacao_execucoes (empresa_id, extrato_id, id);

CREATE TABLE financeiro.conciliacoes (
    empresa_id            bigint        NOT NULL,
    id                    bigint        GENERATED ALWAYS AS IDENTITY,
    conta_id              bigint        NOT NULL,
    -- MANUAL: someone confirmed it; AUTOMATICA: the automatic conciliação, above its threshold;
    -- REGRA: a rule (regra_id, and its name as it was, should the rule be deleted).
    origem                text          NOT NULL CHECK (origem IN ('MANUAL', 'AUTOMATICA', 'REGRA')),
    regra_id              bigint,
    regra_nome            text,
    execucao_id           bigint,
    score                 numeric(4,3)  CHECK (score BETWEEN 0 AND 1),
    motivos               text[]        NOT NULL DEFAULT '{}',
    -- The lançamento this conciliação created from the transaction: undoing it deletes it.
    lancamento_criado_id  bigint,
    usuario_id            bigint,
    criado_em             timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (empresa_id, id),
    FOREIGN KEY (empresa_id, conta_id) REFERENCES cadastros.contas (empresa_id, id),
    FOREIGN KEY (empresa_id, regra_id) REFERENCES financeiro.regras (empresa_id, id) ON DELETE SET NULL (regra_id),
    FOREIGN KEY (empresa_id, execucao_id) REFERENCES financeiro.conciliacao_execucoes (empresa_id, id),
    FOREIGN KEY (empresa_id, lancamento_criado_id) REFERENCES financeiro.lancamentos (empresa_id, id),
    CHECK ((origem = 'REGRA') = (regra_nome IS NOT NULL))
);
CREATE INDEX conciliacoes_regra ON financeiro.conciliacoes (empresa_id, regra_id) WHERE regra_id IS NOT NULL;
CREATE INDEX conciliacoes_execucao ON financeiro.conciliacoes (empresa_id, execucao_id) WHERE execucao_id IS NOT NULL;

-- A transaction belongs to at most one conciliação; `conciliado` stays, for the indexes and
-- readers that have it, and always agrees.
ALTER TABLE financeiro.extrato_transacoes
    ADD COLUMN conciliacao_id bigint,
    ADD FOREIGN KEY (empresa_id, conciliacao_id) REFERENCES financeiro.conciliacoes (empresa_id, id),
    ADD CONSTRAINT extrato_transacoes_conciliado_coerente CHECK (conciliado = (conciliacao_id IS NOT NULL));
CREATE INDEX extrato_transacoes_conciliacao ON financeiro.extrato_transacoes (empresa_id, conciliacao_id)
    WHERE conciliacao_id IS NOT NULL;
-- N:1 suggestions look for the conta's other open transactions of nearby dates.
CREATE INDEX extrato_transacoes_abertas ON financeiro.extrato_transacoes (empresa_id, conta_id, data)
    INCLUDE (valor) WHERE NOT conciliado AND descartada_em IS NULL;

-- A baixa a conciliação accounts for, and whether that conciliação recorded it (undo deletes
-- it) or found it in the ledger (undo only unlinks it).
ALTER TABLE financeiro.baixas
    ADD COLUMN conciliacao_id bigint,
    ADD COLUMN registrada_na_conciliacao boolean NOT NULL DEFAULT false,
    ADD FOREIGN KEY (empresa_id, conciliacao_id) REFERENCES financeiro.conciliacoes (empresa_id, id),
    ADD CHECK (NOT registrada_na_conciliacao OR conciliacao_id IS NOT NULL);
CREATE INDEX baixas_conciliacao ON financeiro.baixas (empresa_id, conciliacao_id) WHERE conciliacao_id IS NOT NULL;
-- Suggestions look for the conta's baixas not yet reconciled, by date and money moved.
CREATE INDEX baixas_a_conciliar ON financeiro.baixas (empresa_id, conta_id, data)
    INCLUDE (valor_movimentado, lancamento_id) WHERE conciliacao_id IS NULL;

-- Linking a baixa to a conciliação moves no money: only a change of what it pays, when, from
-- where or how much recomputes the lançamento and the day's movement.
DROP TRIGGER baixas_aplicadas ON financeiro.baixas;
CREATE TRIGGER baixas_aplicadas
    AFTER INSERT OR DELETE OR UPDATE OF lancamento_id, conta_id, data, valor, juros, multa, desconto
    ON financeiro.baixas FOR EACH ROW EXECUTE FUNCTION financeiro.baixa_aplicada();

-- Open lançamentos by how much is still open: a transaction's candidates by amount. In cents, as an
-- integer: under row-level security an index is read only through leakproof operators
-- (cadastros-api/README.md), which integer comparisons are and numeric ones are not — an index on
-- (valor - valor_pago) would only ever be read by its first two columns.
ALTER TABLE financeiro.lancamentos
    ADD COLUMN aberto_centavos bigint GENERATED ALWAYS AS (((valor - valor_pago) * 100)::bigint) STORED;
CREATE INDEX lancamentos_em_aberto ON financeiro.lancamentos (empresa_id, tipo, aberto_centavos, data_vencimento)
    INCLUDE (conta_id, cliente_id, fornecedor_id)
    WHERE status IN ('PENDENTE', 'PARCIAL');
-- ... and by due date, for the nearby ones and for 1:N.
CREATE INDEX lancamentos_em_aberto_vencimento ON financeiro.lancamentos (empresa_id, tipo, data_vencimento)
    INCLUDE (valor, valor_pago, conta_id, cliente_id, fornecedor_id)
    WHERE status IN ('PENDENTE', 'PARCIAL');

-- What confirmed conciliações taught: a memo's pattern (financeiro/conciliacao/padroes.py: the
-- folded memo without digits) was reconciled with lançamentos of this pessoa and categoria
-- `vezes` times. Undoing a conciliação takes its lesson back.
CREATE TABLE financeiro.conciliacao_padroes (
    empresa_id     bigint      NOT NULL,
    id             bigint      GENERATED ALWAYS AS IDENTITY,
    padrao         text        COLLATE "C" NOT NULL CHECK (length(padrao) BETWEEN 1 AND 200),
    direcao        text        NOT NULL CHECK (direcao IN ('ENTRADA', 'SAIDA')),
    categoria_id   bigint      NOT NULL,
    cliente_id     bigint,
    fornecedor_id  bigint,
    vezes          integer     NOT NULL CHECK (vezes > 0),
    ultima_em      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (empresa_id, id),
    FOREIGN KEY (empresa_id, categoria_id) REFERENCES cadastros.categorias (empresa_id, id),
    FOREIGN KEY (empresa_id, cliente_id) REFERENCES cadastros.clientes (empresa_id, id),
    FOREIGN KEY (empresa_id, fornecedor_id) REFERENCES cadastros.fornecedores (empresa_id, id),
    CONSTRAINT conciliacao_padroes_unico
        UNIQUE NULLS NOT DISTINCT (empresa_id, padrao, direcao, categoria_id, cliente_id, fornecedor_id),
    CHECK (cliente_id IS NULL OR fornecedor_id IS NULL)
);

SELECT plataforma.isolar_por_empresa(tabela)
  FROM unnest(ARRAY['financeiro.regras', 'financeiro.conciliacao_execucoes', 'financeiro.conciliacoes',
                     'financeiro.conciliacao_padroes']::regclass[]) AS tabela;

-- The rollups hold no row that sums to nothing: a row at zero is the same as no row, and without
-- them undoing a conciliação leaves the rollups exactly as they were, not with rows at zero.
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
        INSERT INTO financeiro.movimentos_dia AS m (empresa_id, conta_id, data, movimento)
             VALUES (b.empresa_id, b.conta_id, b.data, quanto * sinal * b.valor_movimentado)
        ON CONFLICT (empresa_id, conta_id, data)
             DO UPDATE SET movimento = m.movimento + EXCLUDED.movimento;
        DELETE FROM financeiro.movimentos_dia
         WHERE empresa_id = b.empresa_id AND conta_id = b.conta_id AND data = b.data AND movimento = 0;
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

CREATE OR REPLACE FUNCTION financeiro.totais_mes_aplicar() RETURNS trigger LANGUAGE plpgsql AS $$
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
    -- A group with no lançamento left sums to zero in every column.
    EXECUTE format($sql$
        DELETE FROM financeiro.totais_mes t
         USING (SELECT DISTINCT empresa_id, date_trunc('month', data_vencimento)::date AS mes, tipo, status,
                       conta_id, categoria_id FROM (%s) m) g
         WHERE t.empresa_id = g.empresa_id AND t.mes = g.mes AND t.tipo = g.tipo AND t.status = g.status
           AND t.conta_id = g.conta_id AND t.categoria_id = g.categoria_id AND t.quantidade = 0
        $sql$, mudancas);
    RETURN NULL;
END $$;

DELETE FROM financeiro.movimentos_dia WHERE movimento = 0;
DELETE FROM financeiro.totais_mes WHERE quantidade = 0;
