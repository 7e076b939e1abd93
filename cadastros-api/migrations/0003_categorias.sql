-- Categorias: the chart of categories (plano de contas), a tree of at most 4 levels whose
-- lançamentos are classified by. A category's code ("1.01.02") is its position in the tree, so it
-- is derived (the view below), never stored: moving a branch renumbers it with nothing to sync.
CREATE TABLE cadastros.categorias (
    empresa_id     bigint      NOT NULL,
    id             bigint      GENERATED ALWAYS AS IDENTITY,
    nome           text        NOT NULL CHECK (length(nome) BETWEEN 1 AND 100),
    -- cadastros.texto.normalizar(nome), written by the service: PostgreSQL here has no unaccent,
    -- and "Água" / "agua" must be the same name both to search and to refuse a duplicate.
    nome_busca     text        NOT NULL,
    tipo           text        NOT NULL CHECK (tipo IN ('RECEITA', 'DESPESA')),
    parent_id      bigint,
    -- 0-based position among its siblings, kept dense (0..n-1) by the service under a lock.
    ordem          integer     NOT NULL CHECK (ordem >= 0),
    ativa          boolean     NOT NULL DEFAULT true,
    criado_em      timestamptz NOT NULL DEFAULT now(),
    atualizado_em  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (empresa_id, id),
    FOREIGN KEY (empresa_id, parent_id) REFERENCES cadastros.categorias (empresa_id, id),
    -- Two siblings never share a position (the roots are siblings of one another). Checked at the
    -- end of each statement, so a renumbering may shift positions past one another.
    CONSTRAINT categorias_ordem_unica UNIQUE NULLS NOT DISTINCT (empresa_id, parent_id, ordem)
        DEFERRABLE INITIALLY IMMEDIATE
);

-- Nor a name (the API answers 409 naming `nome`).
CREATE UNIQUE INDEX categorias_nome_unico ON cadastros.categorias (empresa_id, parent_id, nome_busca)
    NULLS NOT DISTINCT;

ALTER TABLE cadastros.categorias ENABLE ROW LEVEL SECURITY;
ALTER TABLE cadastros.categorias FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON cadastros.categorias
    USING (empresa_id = plataforma.empresa_atual())
    WITH CHECK (empresa_id = plataforma.empresa_atual());

-- Every category with its place in the tree: `nivel` (1 for a root), `caminho` (the positions from
-- the root down; ordering by it lists the tree depth-first, as the codes read) and `codigo` (the
-- root's 1-based position, then two digits per level: "1", "1.01", "1.01.02"). The service and
-- the read models (relatórios) use it; security_invoker, so RLS applies to whoever reads it.
CREATE VIEW cadastros.categorias_arvore WITH (security_invoker = true) AS
WITH RECURSIVE arvore AS (
    SELECT c.*, 1 AS nivel, ARRAY[c.ordem] AS caminho, (c.ordem + 1)::text AS codigo
      FROM cadastros.categorias c
     WHERE c.parent_id IS NULL
    UNION ALL
    SELECT f.*, a.nivel + 1, a.caminho || f.ordem,
           -- lpad would cut "100" to "10": pad to two digits, never shorten.
           a.codigo || '.' || CASE WHEN f.ordem < 9 THEN '0' ELSE '' END || (f.ordem + 1)::text
      FROM cadastros.categorias f
      JOIN arvore a ON f.empresa_id = a.empresa_id AND f.parent_id = a.id
)
SELECT empresa_id, id, nome, nome_busca, tipo, parent_id, ordem, ativa, criado_em, atualizado_em,
       nivel, caminho, codigo
  FROM arvore;
