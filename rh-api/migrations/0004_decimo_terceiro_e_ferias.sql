-- The 13º salário and férias as runs of their own (issue 19, phase 3).
--
-- A folha now has a tipo: the month (MENSAL) or a parcela of the 13º. Each is processed once per
-- competência; the constraint keeps its name, which the API turns into a 409 naming competencia.
ALTER TABLE rh.folhas
    ADD COLUMN tipo text NOT NULL DEFAULT 'MENSAL'
        CHECK (tipo IN ('MENSAL', 'DECIMO_TERCEIRO_1', 'DECIMO_TERCEIRO_2'));
ALTER TABLE rh.folhas DROP CONSTRAINT folhas_competencia_unica;
ALTER TABLE rh.folhas ADD CONSTRAINT folhas_competencia_unica UNIQUE (empresa_id, competencia, tipo);

-- One funcionário's férias: the period, its payslip as computed (like rh.folha_holerites) and its
-- payables in financeiro (origem ferias:<id>), kept in step the way rh.folhas' are (rh/envio.py).
-- Cancelling keeps the row (cancelada_em) and cancels the open payables.
CREATE TABLE rh.ferias (
    empresa_id           bigint        NOT NULL,
    id                   bigint        GENERATED ALWAYS AS IDENTITY,
    funcionario_id       bigint        NOT NULL,
    inicio               date          NOT NULL,
    dias                 integer       NOT NULL CHECK (dias BETWEEN 5 AND 30),
    fim                  date          GENERATED ALWAYS AS (inicio + dias - 1) STORED,
    pagamento            date          NOT NULL,
    versao               integer       NOT NULL DEFAULT 1 CHECK (versao >= 1),
    versao_sincronizada  integer       NOT NULL DEFAULT 0 CHECK (versao_sincronizada BETWEEN 0 AND versao),
    cancelada_em         timestamptz,
    situacao             text          GENERATED ALWAYS AS (
                             CASE WHEN versao_sincronizada < versao THEN 'PENDENTE_FINANCEIRO'
                                  WHEN cancelada_em IS NOT NULL THEN 'CANCELADA'
                                  ELSE 'PROCESSADA' END) STORED,
    nome                 text          NOT NULL,
    vinculo              text          NOT NULL,
    bruto                numeric(14,2) NOT NULL,
    descontos            numeric(14,2) NOT NULL,
    liquido              numeric(14,2) NOT NULL CHECK (liquido = bruto - descontos),
    inss                 numeric(14,2) NOT NULL,
    irrf                 numeric(14,2) NOT NULL,
    fgts                 numeric(14,2) NOT NULL,
    deducao_irrf         text          NOT NULL,
    -- [{"codigo", "descricao", "tipo", "referencia", "valor", "memo"}], the calculation memo.
    rubricas             jsonb         NOT NULL,
    avisos               jsonb         NOT NULL DEFAULT '[]',
    destino              jsonb         NOT NULL,
    lancamento_ids       jsonb         NOT NULL DEFAULT '{}',
    processada_em        timestamptz   NOT NULL DEFAULT now(),
    usuario_id           bigint,
    reprocessada_em      timestamptz,
    -- No foreign key to rh.funcionarios: like a folha's payslip, it stands when the funcionário goes.
    PRIMARY KEY (empresa_id, id)
);
SELECT plataforma.isolar_por_empresa('rh.ferias');
-- The monthly run looks up the férias overlapping its month; the overlap check, a funcionário's.
CREATE INDEX ferias_periodo ON rh.ferias (empresa_id, inicio, fim) WHERE cancelada_em IS NULL;
CREATE INDEX ferias_funcionario ON rh.ferias (empresa_id, funcionario_id, inicio DESC, id DESC);
