-- The processed payroll (issue 19, phase 2): a month closed by POST /api/folha/processar, its
-- payslips as they were computed, and where its payables go in financeiro. Immutable once stored:
-- only an audited reprocessing (POST /api/folha/<id>/reprocessar) replaces the payslips, bumping
-- versao. The payables themselves are financeiro's, reached through its HTTP API (rh/folhas.py).

-- Where the payroll's payables go, per empresa; a field not set is found by name at processing.
CREATE TABLE rh.configuracao_folha (
    empresa_id             bigint      NOT NULL PRIMARY KEY,
    conta_id               bigint,
    categoria_salarios_id  bigint,
    categoria_encargos_id  bigint,
    centro_custo_id        bigint,
    atualizado_em          timestamptz NOT NULL DEFAULT now()
);
SELECT plataforma.isolar_por_empresa('rh.configuracao_folha');

CREATE TABLE rh.folhas (
    empresa_id           bigint      NOT NULL,
    id                   bigint      GENERATED ALWAYS AS IDENTITY,
    competencia          date        NOT NULL CHECK (extract(day FROM competencia) = 1),
    -- + 1 per reprocessing; financeiro has heard versao_sincronizada (0: nothing yet).
    versao               integer     NOT NULL DEFAULT 1 CHECK (versao >= 1),
    versao_sincronizada  integer     NOT NULL DEFAULT 0 CHECK (versao_sincronizada BETWEEN 0 AND versao),
    situacao             text        GENERATED ALWAYS AS (
                             CASE WHEN versao_sincronizada = versao THEN 'PROCESSADA'
                                  ELSE 'PENDENTE_FINANCEIRO' END) STORED,
    -- {"bruto", "descontos", "liquido", "inss", "irrf", "fgts"}: money as strings "1234.56".
    totais               jsonb       NOT NULL,
    -- Where its payables go ({"conta_id", "categoria_salarios_id", "categoria_encargos_id",
    -- "centro_custo_id"}), fixed at processing so a retry sends the very same state.
    destino              jsonb       NOT NULL,
    -- {chave: lancamento_id} as financeiro last answered.
    lancamento_ids       jsonb       NOT NULL DEFAULT '{}',
    processada_em        timestamptz NOT NULL DEFAULT now(),
    usuario_id           bigint,
    reprocessada_em      timestamptz,
    PRIMARY KEY (empresa_id, id),
    -- The API answers 409 naming competencia (rh/folhas.py knows this name).
    CONSTRAINT folhas_competencia_unica UNIQUE (empresa_id, competencia)
);
SELECT plataforma.isolar_por_empresa('rh.folhas');

-- One funcionário's payslip in a folha, as computed then (name and vínculo included: the
-- funcionário may change or go later; the payslip does not).
CREATE TABLE rh.folha_holerites (
    empresa_id      bigint        NOT NULL,
    folha_id        bigint        NOT NULL,
    funcionario_id  bigint        NOT NULL,
    nome            text          NOT NULL,
    vinculo         text          NOT NULL,
    bruto           numeric(14,2) NOT NULL,
    descontos       numeric(14,2) NOT NULL,
    liquido         numeric(14,2) NOT NULL CHECK (liquido = bruto - descontos),
    inss            numeric(14,2) NOT NULL,
    irrf            numeric(14,2) NOT NULL,
    fgts            numeric(14,2) NOT NULL,
    deducao_irrf    text          NOT NULL,
    -- [{"codigo", "descricao", "tipo", "referencia", "valor", "memo"}], the calculation memo.
    rubricas        jsonb         NOT NULL,
    avisos          jsonb         NOT NULL DEFAULT '[]',
    PRIMARY KEY (empresa_id, folha_id, funcionario_id),
    FOREIGN KEY (empresa_id, folha_id) REFERENCES rh.folhas (empresa_id, id) ON DELETE CASCADE
);
SELECT plataforma.isolar_por_empresa('rh.folha_holerites');

-- A stored payslip is never edited: a reprocessing replaces a folha's payslips whole (DELETE, then
-- INSERT), so an UPDATE can only be a bug.
CREATE FUNCTION rh.holerite_imutavel() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'rh.folha_holerites: um holerite guardado não muda; reprocesse a folha';
END $$;
CREATE TRIGGER folha_holerites_imutaveis BEFORE UPDATE ON rh.folha_holerites
    FOR EACH ROW EXECUTE FUNCTION rh.holerite_imutavel();
