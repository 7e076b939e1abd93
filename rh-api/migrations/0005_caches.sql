-- Cachês (issue 19): what the studio pays the freelancers of an evento's team (operacional's
-- equipe, read through operacional.v_equipe_eventos), by RPA for the autônomos. The payables are
-- financeiro's, reached through its HTTP API under the origem cache:<evento_id> (rh/caches.py).

-- Per empresa: the cota patronal on contribuinte individual and the RPA numbering.
CREATE TABLE rh.configuracao_caches (
    empresa_id     bigint      NOT NULL PRIMARY KEY,
    -- Lei 8.212/1991 art. 22 III: 20 % on what is paid to a contribuinte individual, unless the
    -- empresa is in the Simples Nacional (Anexo III/V: the cota is inside the DAS).
    cota_patronal  text        NOT NULL DEFAULT 'SIMPLES_NACIONAL' CHECK (cota_patronal IN ('SIMPLES_NACIONAL', '20')),
    -- A DESPESA categoria of cadastros; NULL: the first whose name speaks of cachê or terceiros.
    categoria_id   bigint,
    -- The last RPA number drawn (numbering is per empresa, never reused).
    ultimo_rpa     bigint      NOT NULL DEFAULT 0 CHECK (ultimo_rpa >= 0),
    atualizado_em  timestamptz NOT NULL DEFAULT now()
);
SELECT plataforma.isolar_por_empresa('rh.configuracao_caches');

-- The payment of an evento's cachês: the whole financeiro keeps in step (origem cache:<id>), a run
-- as rh.folhas is one (rh/envio.py keeps both in step the same way).
CREATE TABLE rh.caches_eventos (
    empresa_id           bigint      NOT NULL,
    -- The evento's id in operacional (operacional.v_eventos), which names the origem.
    id                   bigint      NOT NULL,
    evento_nome          text        NOT NULL,
    -- + 1 per change (a cachê added or cancelled); financeiro has heard versao_sincronizada.
    versao               integer     NOT NULL DEFAULT 1 CHECK (versao >= 1),
    versao_sincronizada  integer     NOT NULL DEFAULT 0 CHECK (versao_sincronizada BETWEEN 0 AND versao),
    situacao             text        GENERATED ALWAYS AS (
                             CASE WHEN versao_sincronizada = versao THEN 'PROCESSADA'
                                  ELSE 'PENDENTE_FINANCEIRO' END) STORED,
    -- {"conta_id", "categoria_id", "categoria_encargos_id", "centro_custo_id"}, fixed when
    -- registered so a retry sends the very same state.
    destino              jsonb       NOT NULL,
    -- {chave: lancamento_id} as financeiro last answered.
    lancamento_ids       jsonb       NOT NULL DEFAULT '{}',
    criado_em            timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (empresa_id, id)
);
SELECT plataforma.isolar_por_empresa('rh.caches_eventos');

-- One person's cachê for one evento, as computed then (name and CPF included: the fornecedor may
-- change later; the RPA does not).
CREATE TABLE rh.caches (
    empresa_id      bigint        NOT NULL,
    id              bigint        GENERATED ALWAYS AS IDENTITY,
    evento_id       bigint        NOT NULL,
    fornecedor_id   bigint        NOT NULL,
    nome            text          NOT NULL,
    cpf_cnpj        text,
    papel           text          NOT NULL,
    -- NULL for one paid by nota (a PJ, or a pessoa física not flagged as autônomo).
    numero_rpa      bigint,
    data_pagamento  date          NOT NULL,
    -- The first day of data_pagamento's month: the month whose cachês add up for the teto and IRRF.
    competencia     date          NOT NULL CHECK (extract(day FROM competencia) = 1),
    bruto           numeric(14,2) NOT NULL CHECK (bruto > 0),
    inss            numeric(14,2) NOT NULL CHECK (inss >= 0),
    irrf            numeric(14,2) NOT NULL CHECK (irrf >= 0),
    liquido         numeric(14,2) NOT NULL CHECK (liquido = bruto - inss - irrf),
    -- The cota patronal owed apart (20 %), 0 in the Simples Nacional.
    inss_patronal   numeric(14,2) NOT NULL DEFAULT 0 CHECK (inss_patronal >= 0),
    -- [{"codigo", "descricao", "tipo", "referencia", "valor", "memo"}], the calculation memo.
    rubricas        jsonb         NOT NULL,
    criado_em       timestamptz   NOT NULL DEFAULT now(),
    usuario_id      bigint,
    cancelado_em    timestamptz,
    PRIMARY KEY (empresa_id, id),
    FOREIGN KEY (empresa_id, evento_id) REFERENCES rh.caches_eventos (empresa_id, id),
    CONSTRAINT caches_numero_rpa_unico UNIQUE (empresa_id, numero_rpa)
);
-- One live cachê per person per evento (the API answers 409; rh/caches.py knows this name); a
-- cancelled one leaves room for paying that person again.
CREATE UNIQUE INDEX caches_pessoa_evento_unica ON rh.caches (empresa_id, evento_id, fornecedor_id)
    WHERE cancelado_em IS NULL;
CREATE INDEX caches_pessoa_mes ON rh.caches (empresa_id, fornecedor_id, competencia);
CREATE INDEX caches_competencia ON rh.caches (empresa_id, competencia, id);
SELECT plataforma.isolar_por_empresa('rh.caches');
