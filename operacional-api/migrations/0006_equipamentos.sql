-- Equipamentos e kits (issue 17): the studio's gear, kits as sets of it, and the reservas that
-- take an item for a stretch of time (a sessão's periodo, or a maintenance window). No item can
-- be reserved twice for overlapping times: PostgreSQL refuses it (the exclusion constraint below),
-- so two requests racing for the same item can never both win, whatever the application does.

CREATE TABLE operacional.equipamentos (
    empresa_id     bigint        NOT NULL,
    id             bigint        GENERATED ALWAYS AS IDENTITY,
    nome           text          NOT NULL CHECK (length(nome) BETWEEN 1 AND 120),
    categoria      text          NOT NULL DEFAULT 'outro' CHECK (categoria IN (
                       'camera', 'lente', 'flash', 'drone', 'iluminacao', 'audio', 'suporte', 'outro')),
    marca          text          CHECK (length(marca) BETWEEN 1 AND 60),
    modelo         text          CHECK (length(modelo) BETWEEN 1 AND 60),
    numero_serie   text          CHECK (length(numero_serie) BETWEEN 1 AND 80),
    valor          numeric(14,2) CHECK (valor >= 0),
    data_aquisicao date,
    -- disponivel / em_manutencao (out of use until someone says it is back) / baixado (sold, lost,
    -- broken for good: kept for the history, never reserved again).
    estado         text          NOT NULL DEFAULT 'disponivel'
                                 CHECK (estado IN ('disponivel', 'em_manutencao', 'baixado')),
    observacoes    text          CHECK (length(observacoes) <= 2000),
    -- shared.texto.normalizar of nome, marca, modelo and serial: what the list's `q` searches.
    busca          text          NOT NULL,
    criado_em      timestamptz   NOT NULL DEFAULT now(),
    atualizado_em  timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (empresa_id, id)
);
-- A serial number names one physical item: unique in the empresa, whatever the case it was typed in.
CREATE UNIQUE INDEX equipamentos_numero_serie_unico ON operacional.equipamentos (empresa_id, lower(numero_serie))
    WHERE numero_serie IS NOT NULL;
CREATE INDEX equipamentos_nome ON operacional.equipamentos (empresa_id, nome, id);
SELECT plataforma.isolar_por_empresa('operacional.equipamentos');

CREATE TABLE operacional.kits (
    empresa_id    bigint      NOT NULL,
    id            bigint      GENERATED ALWAYS AS IDENTITY,
    nome          text        NOT NULL CHECK (length(nome) BETWEEN 1 AND 120),
    descricao     text        CHECK (length(descricao) <= 2000),
    criado_em     timestamptz NOT NULL DEFAULT now(),
    atualizado_em timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (empresa_id, id)
);
CREATE UNIQUE INDEX kits_nome_unico ON operacional.kits (empresa_id, lower(nome));
SELECT plataforma.isolar_por_empresa('operacional.kits');

-- A kit's items; an item may be in several kits. Deleting a kit or an item takes it out of here.
CREATE TABLE operacional.kit_itens (
    empresa_id     bigint NOT NULL,
    kit_id         bigint NOT NULL,
    equipamento_id bigint NOT NULL,
    PRIMARY KEY (empresa_id, kit_id, equipamento_id),
    FOREIGN KEY (empresa_id, kit_id) REFERENCES operacional.kits (empresa_id, id) ON DELETE CASCADE,
    FOREIGN KEY (empresa_id, equipamento_id) REFERENCES operacional.equipamentos (empresa_id, id) ON DELETE CASCADE
);
CREATE INDEX kit_itens_equipamento ON operacional.kit_itens (empresa_id, equipamento_id);
SELECT plataforma.isolar_por_empresa('operacional.kit_itens');

-- An item taken for a stretch of time: for a sessão (sessao_id; kit_id says which kit brought it,
-- when one did) or for maintenance (no sessão, a motivo). A sessão's reservas follow its periodo
-- (the trigger below) and go when it is deleted.
CREATE TABLE operacional.reservas_equipamento (
    empresa_id     bigint      NOT NULL,
    id             bigint      GENERATED ALWAYS AS IDENTITY,
    equipamento_id bigint      NOT NULL,
    sessao_id      bigint,
    kit_id         bigint,
    motivo         text        CHECK (length(motivo) BETWEEN 1 AND 500),
    manutencao     boolean     GENERATED ALWAYS AS (sessao_id IS NULL) STORED,
    periodo        tstzrange   NOT NULL CHECK (NOT isempty(periodo) AND NOT lower_inf(periodo)
                                               AND NOT upper_inf(periodo)),
    -- periodo's ends as plain columns, for the reads by time (see the indexes below).
    inicio         timestamptz GENERATED ALWAYS AS (lower(periodo)) STORED,
    fim            timestamptz GENERATED ALWAYS AS (upper(periodo)) STORED,
    criado_em      timestamptz NOT NULL DEFAULT now(),
    criado_por     bigint,
    PRIMARY KEY (empresa_id, id),
    -- A reserva is either a sessão's (maybe through a kit) or a maintenance window with its motivo.
    CHECK ((sessao_id IS NULL) = (motivo IS NOT NULL)),
    CHECK (sessao_id IS NOT NULL OR kit_id IS NULL),
    -- A sessão lasts at most 14 days (sessoes_duracao_maxima, 0005) plus at most a day of buffers
    -- on each side: what bounds the scan of "reservas of sessões that touch this window".
    CONSTRAINT reservas_equipamento_duracao
        CHECK (sessao_id IS NULL OR upper(periodo) - lower(periodo) <= interval '16 days'),
    FOREIGN KEY (empresa_id, equipamento_id) REFERENCES operacional.equipamentos (empresa_id, id),
    FOREIGN KEY (empresa_id, sessao_id) REFERENCES operacional.sessoes (empresa_id, id) ON DELETE CASCADE,
    -- Deleting a kit keeps what it allocated; only the note of which kit brought it goes.
    FOREIGN KEY (empresa_id, kit_id) REFERENCES operacional.kits (empresa_id, id) ON DELETE SET NULL (kit_id),
    -- No double booking. "Same empresa and same item" is written as overlapping singleton ranges
    -- ([n, n] && [m, m] holds exactly when n = m) because plain equality in a GiST exclusion needs
    -- the btree_gist extension, which the embedded PostgreSQL does not ship; core GiST has the
    -- range operators. Ranges are '[)': one reserva ending at 12:00 and another starting at 12:00
    -- do not overlap.
    CONSTRAINT reservas_equipamento_sem_sobreposicao EXCLUDE USING gist (
        int8range(empresa_id, empresa_id, '[]') WITH &&,
        int8range(equipamento_id, equipamento_id, '[]') WITH &&,
        periodo WITH &&)
);
-- "What is taken in this window" (availability). Under row-level security PostgreSQL reads an index
-- only through leakproof operators; the range operators (&&) are not, so a GiST index on periodo
-- would never serve an API read (the exclusion constraint's own checks do not go through RLS).
-- Comparisons of timestamptz are leakproof: the btree on (empresa_id, inicio) finds a sessão's
-- reservas that touch a window between `window start − 16 days` and its end (the CHECK above), and
-- maintenance windows, unbounded but few, have their own.
CREATE INDEX reservas_equipamento_inicio ON operacional.reservas_equipamento (empresa_id, inicio)
    INCLUDE (fim, equipamento_id) WHERE sessao_id IS NOT NULL;
CREATE INDEX reservas_equipamento_manutencao ON operacional.reservas_equipamento (empresa_id, inicio)
    INCLUDE (fim, equipamento_id) WHERE sessao_id IS NULL;
-- An item's own reservas: its agenda, a conflict's details, the foreign key from equipamentos.
CREATE INDEX reservas_equipamento_item ON operacional.reservas_equipamento (empresa_id, equipamento_id, inicio);
CREATE INDEX reservas_equipamento_sessao ON operacional.reservas_equipamento (empresa_id, sessao_id)
    WHERE sessao_id IS NOT NULL;
CREATE INDEX reservas_equipamento_kit ON operacional.reservas_equipamento (empresa_id, kit_id)
    WHERE kit_id IS NOT NULL;
SELECT plataforma.isolar_por_empresa('operacional.reservas_equipamento');

-- The reservas that overlap `p_periodo` for these items, other than `p_sessao`'s own, as JSON with
-- what a person needs to read the conflict (item, sessão or maintenance, times), by start time.
CREATE FUNCTION operacional.conflitos_de_reserva(p_equipamentos bigint[], p_periodo tstzrange, p_sessao bigint)
RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT coalesce(jsonb_agg(jsonb_build_object(
               'equipamento_id', r.equipamento_id, 'equipamento', e.nome, 'reserva_id', r.id,
               'sessao_id', r.sessao_id, 'sessao', s.titulo, 'inicio', r.inicio, 'fim', r.fim, 'motivo', r.motivo)
             ORDER BY r.inicio, r.equipamento_id, r.id), '[]'::jsonb)
      FROM operacional.reservas_equipamento r
      JOIN operacional.equipamentos e ON e.empresa_id = r.empresa_id AND e.id = r.equipamento_id
      LEFT JOIN operacional.sessoes s ON s.empresa_id = r.empresa_id AND s.id = r.sessao_id
     WHERE r.empresa_id = plataforma.empresa_atual()
       AND r.equipamento_id = ANY (p_equipamentos)
       AND r.periodo && p_periodo
       AND (p_sessao IS NULL OR r.sessao_id IS DISTINCT FROM p_sessao)
$$;

-- Reserves `p_equipamentos` for `p_periodo` (for sessão `p_sessao`, through kit `p_kit`; or, with
-- no sessão, for maintenance because of `p_motivo`), all or none; the new reservas' ids. A double
-- booking fails with the exclusion violation, raised again with the conflicts as JSON in its DETAIL:
-- by then the other request has committed (the constraint waited for it), so they are visible here.
-- Two transactions inserting overlapping reservas of one item at once would each find the other's
-- row in progress and wait for it: a deadlock, which PostgreSQL breaks after a second by aborting
-- one — still no double booking, but a "try again" instead of the conflict's name. Taking each
-- item's lock first (in id order, so kits never lock in a cycle) makes the second wait for the
-- first's commit and then meet its reserva as an ordinary exclusion violation.
CREATE FUNCTION operacional.travar_equipamentos(p_equipamentos bigint[]) RETURNS void LANGUAGE sql AS $$
    SELECT count(pg_advisory_xact_lock(hashtextextended('operacional.equipamento:' || item, 0)))
      FROM (SELECT DISTINCT item FROM unnest(p_equipamentos) AS item ORDER BY item) itens
$$;

CREATE FUNCTION operacional.reservar(p_equipamentos bigint[], p_sessao bigint, p_kit bigint, p_motivo text,
                                     p_periodo tstzrange, p_por bigint)
RETURNS SETOF bigint LANGUAGE plpgsql AS $$
BEGIN
    PERFORM operacional.travar_equipamentos(p_equipamentos);
    RETURN QUERY
        WITH novas AS (
            INSERT INTO operacional.reservas_equipamento
                   (empresa_id, equipamento_id, sessao_id, kit_id, motivo, periodo, criado_por)
            SELECT plataforma.empresa_atual(), item, p_sessao, p_kit, p_motivo, p_periodo, p_por
              FROM unnest(p_equipamentos) AS item
            RETURNING id)
        SELECT id FROM novas ORDER BY id;
EXCEPTION WHEN exclusion_violation THEN
    RAISE EXCEPTION 'equipamento já reservado nesse horário'
        USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'reservas_equipamento_sem_sobreposicao',
              DETAIL = operacional.conflitos_de_reserva(p_equipamentos, p_periodo, NULL)::text;
END $$;

-- A sessão that moves (or whose buffers change) takes its reservas along, in the same statement.
-- When that double-books an item the exclusion constraint fails the sessão's UPDATE; the error is
-- raised again with the conflicts as JSON in its DETAIL (operacional/alocacoes.py reads it), since
-- the caller's transaction is aborted by then and could no longer look them up itself.
CREATE FUNCTION operacional.reservas_seguem_sessao() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM operacional.travar_equipamentos(ARRAY(
        SELECT equipamento_id FROM operacional.reservas_equipamento
         WHERE empresa_id = NEW.empresa_id AND sessao_id = NEW.id));
    BEGIN
        UPDATE operacional.reservas_equipamento SET periodo = NEW.periodo
         WHERE empresa_id = NEW.empresa_id AND sessao_id = NEW.id;
    EXCEPTION WHEN exclusion_violation THEN
        RAISE EXCEPTION 'equipamento já reservado no novo horário da sessão %', NEW.id
            USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'reservas_equipamento_sem_sobreposicao',
                  DETAIL = operacional.conflitos_de_reserva(
                      ARRAY(SELECT equipamento_id FROM operacional.reservas_equipamento
                             WHERE empresa_id = NEW.empresa_id AND sessao_id = NEW.id),
                      NEW.periodo, NEW.id)::text;
    END;
    RETURN NULL;
END $$;

CREATE TRIGGER reservas_seguem_sessao
    AFTER UPDATE OF inicio, fim, antes_min, depois_min ON operacional.sessoes
    FOR EACH ROW WHEN (OLD.periodo IS DISTINCT FROM NEW.periodo)
    EXECUTE FUNCTION operacional.reservas_seguem_sessao();

-- Check-out / check-in: who took an item, when, for which sessão, and how it came back. An open
-- movimento (no retorno yet) is the item being out; at most one per item, so two check-outs of
-- the same item cannot both be stored.
CREATE TABLE operacional.movimentos_equipamento (
    empresa_id        bigint      NOT NULL,
    id                bigint      GENERATED ALWAYS AS IDENTITY,
    equipamento_id    bigint      NOT NULL,
    -- Who has it: a staff member (auth.v_membros) or a freelancer (cadastros.v_fornecedores).
    usuario_id        bigint,
    fornecedor_id     bigint,
    sessao_id         bigint,
    saida_em          timestamptz NOT NULL DEFAULT now(),
    saida_observacao  text        CHECK (length(saida_observacao) <= 1000),
    saida_por         bigint,
    retorno_em        timestamptz,
    condicao          text        CHECK (condicao IN ('ok', 'avariado', 'incompleto', 'extraviado')),
    retorno_observacao text       CHECK (length(retorno_observacao) <= 1000),
    retorno_por       bigint,
    PRIMARY KEY (empresa_id, id),
    CHECK (num_nonnulls(usuario_id, fornecedor_id) = 1),
    CHECK ((retorno_em IS NULL) = (condicao IS NULL)),
    FOREIGN KEY (empresa_id, equipamento_id) REFERENCES operacional.equipamentos (empresa_id, id),
    -- The history outlives the sessão it was taken for.
    FOREIGN KEY (empresa_id, sessao_id) REFERENCES operacional.sessoes (empresa_id, id) ON DELETE SET NULL (sessao_id)
);
CREATE UNIQUE INDEX movimentos_equipamento_um_fora ON operacional.movimentos_equipamento (empresa_id, equipamento_id)
    WHERE retorno_em IS NULL;
CREATE INDEX movimentos_equipamento_historico ON operacional.movimentos_equipamento
    (empresa_id, equipamento_id, saida_em DESC);
SELECT plataforma.isolar_por_empresa('operacional.movimentos_equipamento');

-- Read contract: the dashboard and the demo read the gear and what each sessão has allocated.
CREATE VIEW operacional.v_equipamentos WITH (security_invoker = true) AS
    SELECT empresa_id, id, nome, categoria, marca, modelo, numero_serie, valor, estado
      FROM operacional.equipamentos;

CREATE VIEW operacional.v_reservas_equipamento WITH (security_invoker = true) AS
    SELECT empresa_id, id, equipamento_id, sessao_id, kit_id, manutencao, motivo, periodo
      FROM operacional.reservas_equipamento;
