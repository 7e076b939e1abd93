-- The spine of operacional (issue 17): tipos de evento, eventos and the agenda's sessões. The
-- rest of the module (equipe, checklist, contratos, equipamentos, alocações) arrives in the
-- numbered files after this one and points at these tables.

-- What kinds of job the studio does; each empresa edits its own list (a new empresa gets the
-- usual ones from operacional/eventos.py on its first use).
CREATE TABLE operacional.tipos_evento (
    empresa_id     bigint      NOT NULL,
    id             bigint      GENERATED ALWAYS AS IDENTITY,
    nome           text        NOT NULL CHECK (length(nome) BETWEEN 1 AND 60),
    -- shared.texto.normalizar(nome): "Aniversário" and "aniversario" are one tipo.
    nome_busca     text        NOT NULL,
    ativo          boolean     NOT NULL DEFAULT true,
    criado_em      timestamptz NOT NULL DEFAULT now(),
    atualizado_em  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (empresa_id, id)
);
CREATE UNIQUE INDEX tipos_evento_nome_unico ON operacional.tipos_evento (empresa_id, nome_busca);
SELECT plataforma.isolar_por_empresa('operacional.tipos_evento');

-- An evento (a job): the record a contract, sessões, team, checklist and costs hang from.
CREATE TABLE operacional.eventos (
    empresa_id      bigint      NOT NULL,
    id              bigint      GENERATED ALWAYS AS IDENTITY,
    nome            text        NOT NULL CHECK (length(nome) BETWEEN 1 AND 120),
    tipo_id         bigint,
    -- cadastros' cliente (read through cadastros.v_clientes; no foreign key across schemas).
    cliente_id      bigint,
    data_inicio     date        NOT NULL,
    data_fim        date        CHECK (data_fim >= data_inicio),
    local           text        CHECK (length(local) <= 200),
    etapa           text        NOT NULL DEFAULT 'lead' CHECK (etapa IN (
                        'lead', 'orcamento', 'contratado', 'em_producao', 'entregue', 'concluido',
                        'perdido', 'cancelado')),
    -- The evento's own centro de custo in cadastros, created through its API; NULL until then.
    centro_custo_id bigint,
    observacoes     text        CHECK (length(observacoes) <= 2000),
    criado_em       timestamptz NOT NULL DEFAULT now(),
    atualizado_em   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (empresa_id, id),
    FOREIGN KEY (empresa_id, tipo_id) REFERENCES operacional.tipos_evento (empresa_id, id)
);
CREATE INDEX eventos_data ON operacional.eventos (empresa_id, data_inicio, id);
CREATE INDEX eventos_etapa ON operacional.eventos (empresa_id, etapa, data_inicio);
SELECT plataforma.isolar_por_empresa('operacional.eventos');

-- The time a sessão takes with its buffers. PostgreSQL calls timestamptz ± interval only STABLE
-- because a day or month interval depends on the time zone; an interval of minutes does not, so
-- this is honestly IMMUTABLE, which a generated column needs.
CREATE FUNCTION operacional.periodo_com_folgas(inicio timestamptz, fim timestamptz, antes_min integer, depois_min integer)
RETURNS tstzrange LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT tstzrange(inicio - make_interval(mins => antes_min), fim + make_interval(mins => depois_min), '[)')
$$;

-- A sessão of the agenda: a stretch of the studio's time (an ensaio, a ceremony, a meeting).
-- `antes_min` / `depois_min` are the travel and setup around it: the people and the gear are
-- taken for `periodo`, not only from inicio to fim.
CREATE TABLE operacional.sessoes (
    empresa_id    bigint      NOT NULL,
    id            bigint      GENERATED ALWAYS AS IDENTITY,
    titulo        text        NOT NULL CHECK (length(titulo) BETWEEN 1 AND 120),
    tipo          text        NOT NULL DEFAULT 'ensaio'
                              CHECK (tipo IN ('ensaio', 'cerimonia', 'festa', 'reuniao', 'entrega', 'outro')),
    inicio        timestamptz NOT NULL,
    fim           timestamptz NOT NULL,
    antes_min     integer     NOT NULL DEFAULT 0 CHECK (antes_min BETWEEN 0 AND 1440),
    depois_min    integer     NOT NULL DEFAULT 0 CHECK (depois_min BETWEEN 0 AND 1440),
    periodo       tstzrange   GENERATED ALWAYS AS (
                      operacional.periodo_com_folgas(inicio, fim, antes_min, depois_min)) STORED,
    local         text        CHECK (length(local) <= 200),
    evento_id     bigint,
    -- The iCalendar UID: made once, kept across edits, and the key an ICS import matches on.
    uid           text        NOT NULL CHECK (length(uid) BETWEEN 1 AND 255),
    observacoes   text        CHECK (length(observacoes) <= 2000),
    criado_em     timestamptz NOT NULL DEFAULT now(),
    atualizado_em timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (empresa_id, id),
    CHECK (fim > inicio),
    FOREIGN KEY (empresa_id, evento_id) REFERENCES operacional.eventos (empresa_id, id)
);
CREATE UNIQUE INDEX sessoes_uid ON operacional.sessoes (empresa_id, uid);
CREATE INDEX sessoes_inicio ON operacional.sessoes (empresa_id, inicio, id);
-- "Sessões that touch this range" (the calendar's month): a GiST index on the range itself.
CREATE INDEX sessoes_periodo ON operacional.sessoes USING gist (periodo);
CREATE INDEX sessoes_evento ON operacional.sessoes (empresa_id, evento_id) WHERE evento_id IS NOT NULL;
SELECT plataforma.isolar_por_empresa('operacional.sessoes');

-- Read contract (README "Read contract"): the dashboard and relatórios read these.
CREATE VIEW operacional.v_eventos WITH (security_invoker = true) AS
    SELECT e.empresa_id, e.id, e.nome, e.tipo_id, t.nome AS tipo, e.cliente_id, e.data_inicio, e.data_fim,
           e.local, e.etapa, e.centro_custo_id
      FROM operacional.eventos e
      LEFT JOIN operacional.tipos_evento t ON t.empresa_id = e.empresa_id AND t.id = e.tipo_id;

CREATE VIEW operacional.v_sessoes WITH (security_invoker = true) AS
    SELECT empresa_id, id, titulo, tipo, inicio, fim, periodo, local, evento_id
      FROM operacional.sessoes;
