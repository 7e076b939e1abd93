-- An export's file in parts of about a MiB (issue: a year's razão, ~100,000 rows, must not grow
-- the workers' memory with its rows). One bytea of the whole file was held whole three times over
-- to store it (the bytes, psycopg2's hex escape of twice their size, the query text) and twice
-- to serve it; a part at a time, each is held once and only a part's worth at a time.
CREATE TABLE relatorios.exportacao_partes (
    empresa_id     bigint  NOT NULL,
    exportacao_id  bigint  NOT NULL,
    ordem          integer NOT NULL CHECK (ordem >= 0),
    dados          bytea   NOT NULL,
    PRIMARY KEY (empresa_id, exportacao_id, ordem),
    -- Old files go with their job (relatorios/exportacoes.py deletes the jobs older than a day).
    FOREIGN KEY (empresa_id, exportacao_id) REFERENCES relatorios.exportacoes (empresa_id, id) ON DELETE CASCADE
);

SELECT plataforma.isolar_por_empresa('relatorios.exportacao_partes');

-- The files already made become one part each.
ALTER TABLE relatorios.exportacoes ADD COLUMN tamanho bigint CHECK (tamanho >= 0);
INSERT INTO relatorios.exportacao_partes (empresa_id, exportacao_id, ordem, dados)
SELECT empresa_id, id, 0, arquivo FROM relatorios.exportacoes WHERE arquivo IS NOT NULL;
UPDATE relatorios.exportacoes SET tamanho = length(arquivo) WHERE arquivo IS NOT NULL;

-- Dropping the column drops its CHECK (status pronto ⇔ file present); a finished job now has its
-- size, written in the transaction that writes its parts.
ALTER TABLE relatorios.exportacoes DROP COLUMN arquivo;
ALTER TABLE relatorios.exportacoes ADD CONSTRAINT exportacoes_pronto_tem_tamanho
    CHECK ((status = 'pronto') = (tamanho IS NOT NULL));
