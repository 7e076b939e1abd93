-- Lançamentos: money an empresa expects to receive (RECEITA) or to pay (DESPESA), and the
-- payments (baixas) that settle them, in parts, on any dates, from any of its contas.
--
-- What follows from the baixas — how much of a lançamento is paid, its status, the date of its
-- last payment, each conta's movement per day — is kept by triggers in the same transaction as
-- the baixa, so no write path can leave it out of step (DESIGN.md rule 2: derived, never synced
-- by a second party).

-- A group of lançamentos created together: the parcelas of one sale, or the occurrences of a
-- recurrence. Editing "this one and the following" walks a série by `serie_numero`.
CREATE TABLE financeiro.series (
    empresa_id   bigint      NOT NULL,
    id           bigint      GENERATED ALWAYS AS IDENTITY,
    tipo         text        NOT NULL CHECK (tipo IN ('PARCELAMENTO', 'RECORRENCIA')),
    -- How the dates step (a parcelamento with explicit dates has none).
    frequencia   text        CHECK (frequencia IN ('SEMANAL', 'MENSAL', 'ANUAL')),
    quantidade   integer     NOT NULL CHECK (quantidade BETWEEN 1 AND 1000),
    criado_em    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (empresa_id, id),
    CHECK (tipo = 'PARCELAMENTO' OR frequencia IS NOT NULL)
);

CREATE TABLE financeiro.lancamentos (
    empresa_id       bigint        NOT NULL,
    id               bigint        GENERATED ALWAYS AS IDENTITY,
    tipo             text          NOT NULL CHECK (tipo IN ('RECEITA', 'DESPESA')),
    descricao        text          NOT NULL CHECK (length(descricao) BETWEEN 1 AND 200),
    valor            numeric(14,2) NOT NULL CHECK (valor > 0),
    data_vencimento  date          NOT NULL,
    -- The month the revenue or expense belongs to (its first day), which may differ from when
    -- it is due or paid; reports by competência group by it.
    competencia      date          NOT NULL CHECK (extract(day FROM competencia) = 1),
    categoria_id     bigint        NOT NULL,
    conta_id         bigint        NOT NULL,
    cliente_id       bigint,
    fornecedor_id    bigint,
    documento        text          CHECK (length(documento) <= 60),
    observacoes      text          CHECK (length(observacoes) <= 2000),
    cancelado        boolean       NOT NULL DEFAULT false,
    serie_id         bigint,
    serie_numero     integer       CHECK (serie_numero >= 1),
    -- Kept by the baixas' trigger: the principal settled so far, the date of the latest baixa,
    -- and the status they give (CANCELADO when cancelled, which needs nothing paid).
    valor_pago       numeric(14,2) NOT NULL DEFAULT 0 CHECK (valor_pago >= 0 AND valor_pago <= valor),
    data_pagamento   date,
    status           text          NOT NULL DEFAULT 'PENDENTE'
                                   CHECK (status IN ('PENDENTE', 'PARCIAL', 'PAGO', 'CANCELADO')),
    criado_em        timestamptz   NOT NULL DEFAULT now(),
    atualizado_em    timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (empresa_id, id),
    FOREIGN KEY (empresa_id, categoria_id) REFERENCES cadastros.categorias (empresa_id, id),
    FOREIGN KEY (empresa_id, conta_id) REFERENCES cadastros.contas (empresa_id, id),
    FOREIGN KEY (empresa_id, cliente_id) REFERENCES cadastros.clientes (empresa_id, id),
    FOREIGN KEY (empresa_id, fornecedor_id) REFERENCES cadastros.fornecedores (empresa_id, id),
    FOREIGN KEY (empresa_id, serie_id) REFERENCES financeiro.series (empresa_id, id),
    CONSTRAINT lancamentos_uma_pessoa CHECK (cliente_id IS NULL OR fornecedor_id IS NULL),
    CONSTRAINT lancamentos_status_coerente CHECK (
        CASE status
            WHEN 'CANCELADO' THEN cancelado AND valor_pago = 0
            WHEN 'PENDENTE' THEN NOT cancelado AND valor_pago = 0
            WHEN 'PARCIAL' THEN NOT cancelado AND valor_pago > 0 AND valor_pago < valor
            WHEN 'PAGO' THEN NOT cancelado AND valor_pago = valor
        END),
    CONSTRAINT lancamentos_serie_numero UNIQUE (empresa_id, serie_id, serie_numero),
    CHECK ((serie_id IS NULL) = (serie_numero IS NULL))
);

-- The ledger in due-date order, and its pages; INCLUDE lets the filters and the totals of a
-- period read the index alone.
CREATE INDEX lancamentos_vencimento ON financeiro.lancamentos (empresa_id, data_vencimento, id)
    INCLUDE (tipo, status, valor, valor_pago, conta_id, categoria_id);
CREATE INDEX lancamentos_competencia ON financeiro.lancamentos (empresa_id, competencia, id);
CREATE INDEX lancamentos_pagamento ON financeiro.lancamentos (empresa_id, data_pagamento, id)
    WHERE data_pagamento IS NOT NULL;
-- Open items (what is due, overdue) among a history that is mostly paid.
CREATE INDEX lancamentos_status ON financeiro.lancamentos (empresa_id, status, data_vencimento, id);
-- Filters by record, which also serve the foreign keys (cadastros deleting a conta checks here).
CREATE INDEX lancamentos_conta ON financeiro.lancamentos (empresa_id, conta_id, data_vencimento, id);
CREATE INDEX lancamentos_categoria ON financeiro.lancamentos (empresa_id, categoria_id, data_vencimento, id);
CREATE INDEX lancamentos_cliente ON financeiro.lancamentos (empresa_id, cliente_id, data_vencimento, id)
    WHERE cliente_id IS NOT NULL;
CREATE INDEX lancamentos_fornecedor ON financeiro.lancamentos (empresa_id, fornecedor_id, data_vencimento, id)
    WHERE fornecedor_id IS NOT NULL;

-- The text filter `q`: one row per word (prefix-searchable, folded as shared.texto.palavras) of
-- descrição and documento, rewritten by the service. A btree range, because under row-level
-- security an index is read only through leakproof operators (see cadastros-api/README.md).
CREATE TABLE financeiro.lancamentos_palavras (
    empresa_id     bigint NOT NULL,
    palavra        text   COLLATE "C" NOT NULL,
    lancamento_id  bigint NOT NULL,
    PRIMARY KEY (empresa_id, palavra, lancamento_id),
    FOREIGN KEY (empresa_id, lancamento_id) REFERENCES financeiro.lancamentos (empresa_id, id) ON DELETE CASCADE
);
CREATE INDEX lancamentos_palavras_lancamento ON financeiro.lancamentos_palavras (empresa_id, lancamento_id);

-- A payment of (part of) a lançamento. `valor` is the principal it settles; juros and multa are
-- paid on top and desconto off it, so the money that moved in the conta is `valor_movimentado`.
CREATE TABLE financeiro.baixas (
    empresa_id         bigint        NOT NULL,
    id                 bigint        GENERATED ALWAYS AS IDENTITY,
    lancamento_id      bigint        NOT NULL,
    conta_id           bigint        NOT NULL,
    data               date          NOT NULL,
    valor              numeric(14,2) NOT NULL CHECK (valor > 0),
    juros              numeric(14,2) NOT NULL DEFAULT 0 CHECK (juros >= 0),
    multa              numeric(14,2) NOT NULL DEFAULT 0 CHECK (multa >= 0),
    desconto           numeric(14,2) NOT NULL DEFAULT 0 CHECK (desconto >= 0 AND desconto <= valor),
    valor_movimentado  numeric(14,2) GENERATED ALWAYS AS (valor + juros + multa - desconto) STORED,
    observacao         text          CHECK (length(observacao) <= 500),
    usuario_id         bigint,
    criado_em          timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (empresa_id, id),
    FOREIGN KEY (empresa_id, lancamento_id) REFERENCES financeiro.lancamentos (empresa_id, id),
    FOREIGN KEY (empresa_id, conta_id) REFERENCES cadastros.contas (empresa_id, id)
);
CREATE INDEX baixas_lancamento ON financeiro.baixas (empresa_id, lancamento_id, data, id);
CREATE INDEX baixas_conta ON financeiro.baixas (empresa_id, conta_id, data, id);

-- Each conta's net movement per day (receitas in, despesas out, with juros/multa/desconto), kept
-- by the baixas' trigger: a balance is this table's sum, a few thousand rows per conta at most,
-- rather than a scan of every baixa.
CREATE TABLE financeiro.movimentos_dia (
    empresa_id  bigint        NOT NULL,
    conta_id    bigint        NOT NULL,
    data        date          NOT NULL,
    movimento   numeric(16,2) NOT NULL,
    PRIMARY KEY (empresa_id, conta_id, data),
    FOREIGN KEY (empresa_id, conta_id) REFERENCES cadastros.contas (empresa_id, id)
);

SELECT plataforma.isolar_por_empresa(tabela)
  FROM unnest(ARRAY['financeiro.series', 'financeiro.lancamentos', 'financeiro.lancamentos_palavras',
                     'financeiro.baixas', 'financeiro.movimentos_dia']::regclass[]) AS tabela;

-- A lançamento's status, from whether it is cancelled and how much of its valor is paid: the
-- baixas' trigger and the service (changing a valor, cancelling) both ask this one place.
CREATE FUNCTION financeiro.status_de(cancelado boolean, valor_pago numeric, valor numeric) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN cancelado THEN 'CANCELADO'
                WHEN valor_pago = 0 THEN 'PENDENTE'
                WHEN valor_pago < valor THEN 'PARCIAL'
                ELSE 'PAGO' END
$$;

-- After a baixa is written or removed: the lançamento's paid principal, last payment date and
-- status, and the conta's movement of that day. Runs as the caller (no SECURITY DEFINER), so
-- row-level security applies to what it touches too.
CREATE FUNCTION financeiro.baixa_aplicada() RETURNS trigger LANGUAGE plpgsql AS $$
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

CREATE TRIGGER baixas_aplicadas AFTER INSERT OR UPDATE OR DELETE ON financeiro.baixas
    FOR EACH ROW EXECUTE FUNCTION financeiro.baixa_aplicada();

-- The body issue 5 promised (0002): each conta's net paid movement up to today, in the studio's
-- calendar (a payment scheduled for tomorrow is not in today's balance).
CREATE OR REPLACE VIEW financeiro.saldos_conta WITH (security_invoker = true) AS
    SELECT empresa_id, conta_id, sum(movimento)::numeric(14,2) AS movimento
      FROM financeiro.movimentos_dia
     WHERE data <= (now() AT TIME ZONE 'America/Sao_Paulo')::date
     GROUP BY empresa_id, conta_id;
