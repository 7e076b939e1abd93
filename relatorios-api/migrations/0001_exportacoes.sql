-- relatorios-api's only schema: the export jobs (issue 16). Every report reads the other
-- services' views; what it keeps is the file a user asked for, until it is fetched or gets old.
CREATE SCHEMA relatorios;

CREATE TABLE relatorios.exportacoes (
    empresa_id     bigint       NOT NULL,
    id             bigint       GENERATED ALWAYS AS IDENTITY,
    -- Who asked, as the job acts wherever it runs (its audit rows, its log lines).
    usuario_id     bigint,
    username       text,
    correlation_id text,
    relatorio      text         NOT NULL CHECK (length(relatorio) BETWEEN 1 AND 60),
    formato        text         NOT NULL CHECK (formato IN ('xlsx', 'pdf')),
    -- The report's query as validated when asked for: the file shows what the screen showed.
    parametros     jsonb        NOT NULL DEFAULT '{}',
    status         text         NOT NULL DEFAULT 'pendente'
                                CHECK (status IN ('pendente', 'processando', 'pronto', 'erro')),
    progresso      smallint     NOT NULL DEFAULT 0 CHECK (progresso BETWEEN 0 AND 100),
    erro           text         CHECK (length(erro) <= 1000),
    arquivo        bytea,
    nome_arquivo   text         CHECK (length(nome_arquivo) <= 200),
    tipo_conteudo  text,
    -- The lease: whoever holds the job renews it while it works (the heartbeat); once it runs out
    -- the holder is gone and the next look at the job takes it up. `tentativas` counts the
    -- holders, so a job that kills every process that runs it ends as an error.
    reservado_ate  timestamptz,
    tentativas     smallint     NOT NULL DEFAULT 0,
    criado_em      timestamptz  NOT NULL DEFAULT now(),
    concluido_em   timestamptz,
    PRIMARY KEY (empresa_id, id),
    CHECK ((status = 'pronto') = (arquivo IS NOT NULL)),
    CHECK ((status = 'pronto') <= (nome_arquivo IS NOT NULL AND tipo_conteudo IS NOT NULL))
);
-- Old files are deleted by age.
CREATE INDEX exportacoes_criado_em ON relatorios.exportacoes (empresa_id, criado_em);

SELECT plataforma.isolar_por_empresa('relatorios.exportacoes');
