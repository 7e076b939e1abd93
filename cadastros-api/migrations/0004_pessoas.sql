-- Clientes e fornecedores: the people and companies a lançamento receives from or pays to. Two
-- tables with the same columns (a lançamento points at one or the other, each with its own
-- foreign key), written by one module, cadastros/pessoas.py.
CREATE TABLE cadastros.clientes (
    empresa_id     bigint      NOT NULL,
    id             bigint      GENERATED ALWAYS AS IDENTITY,
    nome           text        NOT NULL CHECK (length(nome) BETWEEN 1 AND 200),
    -- The words of nome, lowercase and without accents, separated by one space
    -- (cadastros.texto.palavras), written by the service: PostgreSQL here has no unaccent. Lists
    -- are ordered by it; COLLATE "C": byte order is the right order for folded text.
    nome_busca     text        COLLATE "C" NOT NULL,
    tipo_pessoa    text        NOT NULL CHECK (tipo_pessoa IN ('FISICA', 'JURIDICA')),
    -- Only letters and digits, uppercase (cadastros.documentos): 11 digits for a CPF, 14 characters
    -- for a CNPJ (alphanumeric from July 2026, its check digits always digits). COLLATE "C" here
    -- and below: the prefix searches are byte ranges (see the note on searching).
    cpf_cnpj       text        COLLATE "C" CHECK (cpf_cnpj ~ '^([0-9]{11}|[0-9A-Z]{12}[0-9]{2})$'),
    email          text        COLLATE "C" CHECK (length(email) <= 254 AND email = lower(email)),
    telefone       text        CHECK (telefone ~ '^[0-9]{10,11}$'),  -- with DDD, digits only
    cep            text        CHECK (cep ~ '^[0-9]{8}$'),
    logradouro     text        CHECK (length(logradouro) <= 200),
    numero         text        CHECK (length(numero) <= 20),
    complemento    text        CHECK (length(complemento) <= 100),
    bairro         text        CHECK (length(bairro) <= 100),
    cidade         text        CHECK (length(cidade) <= 100),
    uf             text        CHECK (uf ~ '^[A-Z]{2}$'),
    observacoes    text        CHECK (length(observacoes) <= 2000),
    ativo          boolean     NOT NULL DEFAULT true,
    criado_em      timestamptz NOT NULL DEFAULT now(),
    atualizado_em  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (empresa_id, id),
    -- The API answers 409 naming cpf_cnpj (cadastros/pessoas.py knows the name this gets:
    -- <tabela>_empresa_id_cpf_cnpj_key, also in the copy below). NULLs are distinct: many
    -- records may have no document.
    UNIQUE (empresa_id, cpf_cnpj)
);

-- Searching (`q`). Under row-level security PostgreSQL reads an index only through leakproof
-- operators, which keep the other empresas' rows from leaking through errors: `=`, `<`, `>=` on
-- text are; LIKE and full-text `@@` are not, so a GIN or a LIKE would be filtered row by row over
-- the whole empresa. Every search is therefore a btree range: "starts with p" is
-- [p, p || U+10FFFF), exact in byte order (COLLATE "C") because no stored value holds U+10FFFF.

-- A search first finds the page's (nome_busca, id) in an index alone (INCLUDE: what the filters
-- `ativo`, `tipo_pessoa` and the page's order read), then reads those rows.
-- The list in name order, and its pages.
CREATE INDEX clientes_nome ON cadastros.clientes (empresa_id, nome_busca, id) INCLUDE (ativo, tipo_pessoa);
-- By e-mail prefix.
CREATE INDEX clientes_email ON cadastros.clientes (empresa_id, email) INCLUDE (nome_busca, id, ativo, tipo_pessoa);
-- By CPF/CNPJ prefix: the unique constraint's index (few rows share a prefix long enough to mean
-- something, so reading them is cheap).

-- By the prefix of any word of the name ("jo sil" finds "João da Silva"): one row per word, with
-- copies of what a search filters and orders by, so that it reads this index alone; the service
-- rewrites a record's rows whenever one of those changes.
CREATE TABLE cadastros.clientes_palavras (
    empresa_id   bigint  NOT NULL,
    palavra      text    COLLATE "C" NOT NULL,
    pessoa_id    bigint  NOT NULL,
    nome_busca   text    COLLATE "C" NOT NULL,
    ativo        boolean NOT NULL,
    tipo_pessoa  text    NOT NULL,
    PRIMARY KEY (empresa_id, palavra, pessoa_id) INCLUDE (nome_busca, ativo, tipo_pessoa)
);
CREATE INDEX clientes_palavras_pessoa ON cadastros.clientes_palavras (empresa_id, pessoa_id);
ALTER TABLE cadastros.clientes_palavras ADD FOREIGN KEY (empresa_id, pessoa_id)
    REFERENCES cadastros.clientes (empresa_id, id) ON DELETE CASCADE;

-- Fornecedores: the same columns, checks, defaults, identity and indexes (LIKE copies no foreign
-- key: its own is added).
CREATE TABLE cadastros.fornecedores (LIKE cadastros.clientes INCLUDING ALL);
CREATE TABLE cadastros.fornecedores_palavras (LIKE cadastros.clientes_palavras INCLUDING ALL);
ALTER TABLE cadastros.fornecedores_palavras ADD FOREIGN KEY (empresa_id, pessoa_id)
    REFERENCES cadastros.fornecedores (empresa_id, id) ON DELETE CASCADE;

DO $$
DECLARE
    tabela text;
BEGIN
    FOREACH tabela IN ARRAY ARRAY['clientes', 'clientes_palavras', 'fornecedores', 'fornecedores_palavras'] LOOP
        EXECUTE format('ALTER TABLE cadastros.%I ENABLE ROW LEVEL SECURITY', tabela);
        EXECUTE format('ALTER TABLE cadastros.%I FORCE ROW LEVEL SECURITY', tabela);
        EXECUTE format('CREATE POLICY tenant ON cadastros.%I
                            USING (empresa_id = plataforma.empresa_atual())
                            WITH CHECK (empresa_id = plataforma.empresa_atual())', tabela);
    END LOOP;
END $$;
