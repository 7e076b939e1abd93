-- The platform schema: what every service writes through the shared package.
CREATE SCHEMA IF NOT EXISTS plataforma;

-- The tenant of the current transaction; NULL when unset, so a forgotten set_config sees nothing.
CREATE FUNCTION plataforma.empresa_atual() RETURNS bigint
    LANGUAGE sql STABLE
    AS $$ SELECT nullif(current_setting('app.empresa_id', true), '')::bigint $$;

-- Every write of every service: who, empresa, when, what changed, under which user action.
CREATE TABLE plataforma.auditoria (
    empresa_id      bigint      NOT NULL,
    id              bigint      GENERATED ALWAYS AS IDENTITY,
    em              timestamptz NOT NULL DEFAULT now(),
    servico         text        NOT NULL,
    usuario_id      bigint,
    username        text,
    acao            text        NOT NULL,
    entidade        text        NOT NULL,
    entidade_id     text,
    antes           jsonb,
    depois          jsonb,
    correlation_id  text,
    PRIMARY KEY (empresa_id, id)
);
CREATE INDEX auditoria_empresa_em ON plataforma.auditoria (empresa_id, em DESC, id DESC);
CREATE INDEX auditoria_entidade ON plataforma.auditoria (empresa_id, entidade, entidade_id);

ALTER TABLE plataforma.auditoria ENABLE ROW LEVEL SECURITY;
ALTER TABLE plataforma.auditoria FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON plataforma.auditoria
    USING (empresa_id = plataforma.empresa_atual())
    WITH CHECK (empresa_id = plataforma.empresa_atual());
