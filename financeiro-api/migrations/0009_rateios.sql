-- Centros de custo on lançamentos (issue 16): a lançamento may belong to one centro de custo
-- (cadastros.centros_custo) or be split (rateio) across several. Each line holds the part of the
-- lançamento's valor that is that centro's; the lines of a lançamento add up exactly to its valor
-- (financeiro/rateio.py keeps that on every write, including a change of valor). A lançamento
-- without lines has no centro de custo ("sem centro de custo" in the reports).
CREATE TABLE financeiro.rateios (
    empresa_id       bigint        NOT NULL,
    lancamento_id    bigint        NOT NULL,
    centro_custo_id  bigint        NOT NULL,
    valor            numeric(14,2) NOT NULL CHECK (valor > 0),
    -- The share asked for, when the split was asked in percentages: a new valor is split again by
    -- it. Without it (one centro, or fixed amounts) a new valor is split in proportion to `valor`.
    percentual       numeric(5,2)  CHECK (percentual > 0 AND percentual <= 100),
    PRIMARY KEY (empresa_id, lancamento_id, centro_custo_id),
    FOREIGN KEY (empresa_id, lancamento_id) REFERENCES financeiro.lancamentos (empresa_id, id) ON DELETE CASCADE,
    FOREIGN KEY (empresa_id, centro_custo_id) REFERENCES cadastros.centros_custo (empresa_id, id)
);
-- The ledger's filter by centro, and cadastros deleting a centro (its foreign key) look here.
CREATE INDEX rateios_centro ON financeiro.rateios (empresa_id, centro_custo_id, lancamento_id);

SELECT plataforma.isolar_por_empresa('financeiro.rateios');

-- Read contract (financeiro-api/README.md): each lançamento's part per centro de custo. A
-- lançamento with no rows here has no centro de custo.
CREATE VIEW financeiro.v_rateios WITH (security_invoker = true) AS
    SELECT empresa_id, lancamento_id, centro_custo_id, valor
      FROM financeiro.rateios;
