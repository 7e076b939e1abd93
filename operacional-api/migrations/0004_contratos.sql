-- Contratos (issue 17): templates, contracts with their payment plan, and the electronic
-- acceptance. The receivables themselves live in financeiro (created through its HTTP API); here
-- is what the studio agreed and which of financeiro's lançamentos each parcela became.

-- A template: a body with {{ variables }} rendered by a sandboxed Jinja2 (operacional/modelos_contrato.py).
-- `padrao` marks the one made for the empresa on its first use, so that making it is idempotent.
CREATE TABLE operacional.modelos_contrato (
    empresa_id    bigint      NOT NULL,
    id            bigint      GENERATED ALWAYS AS IDENTITY,
    nome          text        NOT NULL CHECK (length(nome) BETWEEN 1 AND 120),
    corpo         text        NOT NULL CHECK (length(corpo) BETWEEN 1 AND 50000),
    padrao        boolean     NOT NULL DEFAULT false,
    criado_em     timestamptz NOT NULL DEFAULT now(),
    atualizado_em timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (empresa_id, id)
);
CREATE UNIQUE INDEX modelos_contrato_nome_unico ON operacional.modelos_contrato (empresa_id, lower(nome));
CREATE UNIQUE INDEX modelos_contrato_um_padrao ON operacional.modelos_contrato (empresa_id) WHERE padrao;
SELECT plataforma.isolar_por_empresa('operacional.modelos_contrato');

-- A contract. The plan is kept as it was asked for (parcelas, bases, offsets), and each parcela it
-- yields is a row of parcelas_contrato. `versao` counts the saves of what financeiro must hold;
-- `versao_sincronizada` is the last one financeiro confirmed: they differ while a sync is pending.
CREATE TABLE operacional.contratos (
    empresa_id          bigint        NOT NULL,
    id                  bigint        GENERATED ALWAYS AS IDENTITY,
    -- cadastros' cliente, conta and categoria (read through its v_* views; no FK across schemas).
    cliente_id          bigint        NOT NULL,
    conta_id            bigint        NOT NULL,
    categoria_id        bigint        NOT NULL,
    evento_id           bigint,
    modelo_id           bigint,
    descricao           text          NOT NULL CHECK (length(descricao) BETWEEN 1 AND 200),
    valor               numeric(14,2) NOT NULL CHECK (valor > 0),
    status              text          NOT NULL DEFAULT 'proposta' CHECK (status IN (
                            'proposta', 'assinado', 'em_execucao', 'concluido', 'cancelado')),
    texto               text          NOT NULL,
    parcelas            integer       NOT NULL CHECK (parcelas BETWEEN 1 AND 120),
    vencimento_base     text          NOT NULL CHECK (vencimento_base IN ('data', 'assinatura', 'evento')),
    primeiro_vencimento date,
    dias                integer       NOT NULL DEFAULT 0 CHECK (dias BETWEEN -3650 AND 3650),
    sinal               numeric(14,2) CHECK (sinal > 0 AND sinal < valor),
    sinal_base          text          CHECK (sinal_base IN ('data', 'assinatura', 'evento')),
    sinal_vencimento    date,
    sinal_dias          integer       CHECK (sinal_dias BETWEEN -3650 AND 3650),
    assinado_em         timestamptz,
    versao              integer       NOT NULL DEFAULT 1,
    versao_sincronizada integer       NOT NULL DEFAULT 0,
    erro_sincronizacao  text,
    criado_em           timestamptz   NOT NULL DEFAULT now(),
    atualizado_em       timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (empresa_id, id),
    CHECK (vencimento_base <> 'data' OR primeiro_vencimento IS NOT NULL),
    CHECK ((sinal IS NULL) = (sinal_base IS NULL)),
    FOREIGN KEY (empresa_id, evento_id) REFERENCES operacional.eventos (empresa_id, id),
    -- The text was rendered when saved: deleting its template leaves the contract as it is.
    FOREIGN KEY (empresa_id, modelo_id) REFERENCES operacional.modelos_contrato (empresa_id, id)
        ON DELETE SET NULL (modelo_id)
);
CREATE INDEX contratos_criado ON operacional.contratos (empresa_id, id DESC);
CREATE INDEX contratos_evento ON operacional.contratos (empresa_id, evento_id) WHERE evento_id IS NOT NULL;
CREATE INDEX contratos_pendentes ON operacional.contratos (empresa_id, id) WHERE versao_sincronizada <> versao;
SELECT plataforma.isolar_por_empresa('operacional.contratos');

-- One parcela of a contract's plan: numero 0 is the sinal, 1..N the parcelas. Its due date is
-- `meses` months after (base + dias), the base being `data_base` ('data'), the signature
-- ('assinatura') or the evento's data_inicio ('evento'); `provisorio` while the base is not known
-- (not signed yet: today stands in). `chave` is the idempotency key of its lançamento in financeiro.
CREATE TABLE operacional.parcelas_contrato (
    empresa_id    bigint        NOT NULL,
    contrato_id   bigint        NOT NULL,
    numero        integer       NOT NULL CHECK (numero BETWEEN 0 AND 120),
    valor         numeric(14,2) NOT NULL CHECK (valor > 0),
    base          text          NOT NULL CHECK (base IN ('data', 'assinatura', 'evento')),
    data_base     date,
    dias          integer       NOT NULL DEFAULT 0,
    meses         integer       NOT NULL DEFAULT 0 CHECK (meses BETWEEN 0 AND 119),
    vencimento    date          NOT NULL,
    provisorio    boolean       NOT NULL DEFAULT false,
    chave         text          NOT NULL,
    lancamento_id bigint,
    PRIMARY KEY (empresa_id, contrato_id, numero),
    CHECK (base <> 'data' OR data_base IS NOT NULL),
    FOREIGN KEY (empresa_id, contrato_id) REFERENCES operacional.contratos (empresa_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX parcelas_contrato_chave ON operacional.parcelas_contrato (empresa_id, chave);
SELECT plataforma.isolar_por_empresa('operacional.parcelas_contrato');

-- The electronic acceptance of a contract: the secret link (only its SHA-256 is kept), the PDF
-- shown to the client, frozen with its SHA-256, and, once accepted, who, when, from where.
CREATE TABLE operacional.aceites (
    empresa_id   bigint      NOT NULL,
    contrato_id  bigint      NOT NULL,
    link_sha256  text        NOT NULL CHECK (link_sha256 ~ '^[0-9a-f]{64}$'),
    pdf          bytea       NOT NULL,
    pdf_sha256   text        NOT NULL CHECK (pdf_sha256 ~ '^[0-9a-f]{64}$'),
    gerado_em    timestamptz NOT NULL DEFAULT now(),
    aceito_em    timestamptz,
    nome         text        CHECK (length(nome) BETWEEN 1 AND 200),
    cpf          text        CHECK (cpf ~ '^[0-9]{11}$'),
    ip           text,
    user_agent   text        CHECK (length(user_agent) <= 500),
    PRIMARY KEY (empresa_id, contrato_id),
    CHECK ((aceito_em IS NULL) = (nome IS NULL) AND (aceito_em IS NULL) = (cpf IS NULL)),
    FOREIGN KEY (empresa_id, contrato_id) REFERENCES operacional.contratos (empresa_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX aceites_link ON operacional.aceites (link_sha256);
SELECT plataforma.isolar_por_empresa('operacional.aceites');

-- The client who opens the link has no session, so no empresa: the tenant policy hides the row.
-- This second policy shows a row (reading only) to the transaction that names its link's hash in
-- `operacional.link_aceite`: only who holds the link can compute that hash, so it opens nothing a
-- guess could. No SECURITY DEFINER function: the tables are FORCE ROW LEVEL SECURITY, so their
-- owner is filtered like anyone (unless it is a superuser, which production need not be) and
-- running as the owner would find nothing more; the hash is what opens the row.
CREATE POLICY pelo_link ON operacional.aceites FOR SELECT
    USING (link_sha256 = current_setting('operacional.link_aceite', true));

-- The empresa and contract of a link's hash, or no row: the one lookup a public request makes,
-- before it opens that empresa's transaction. The setting lasts only for this call.
CREATE FUNCTION operacional.contrato_do_link(hash text)
RETURNS TABLE (empresa_id bigint, contrato_id bigint)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM set_config('operacional.link_aceite', hash, true);
    RETURN QUERY SELECT a.empresa_id, a.contrato_id FROM operacional.aceites a WHERE a.link_sha256 = hash;
    PERFORM set_config('operacional.link_aceite', '', true);
END $$;

-- A sessão of the agenda may belong to a contract (the ensaio it sold).
ALTER TABLE operacional.sessoes ADD COLUMN contrato_id bigint;
ALTER TABLE operacional.sessoes
    ADD FOREIGN KEY (empresa_id, contrato_id) REFERENCES operacional.contratos (empresa_id, id);
CREATE INDEX sessoes_contrato ON operacional.sessoes (empresa_id, contrato_id) WHERE contrato_id IS NOT NULL;

-- Read contract (README "Read contract"): the dashboard and relatórios read these.
CREATE VIEW operacional.v_contratos WITH (security_invoker = true) AS
    SELECT empresa_id, id, cliente_id, evento_id, descricao, valor, status, assinado_em, criado_em
      FROM operacional.contratos;
