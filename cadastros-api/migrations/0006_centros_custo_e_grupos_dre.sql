-- Centros de custo and the DRE group of each categoria (issue 16: the reports).

-- Centros de custo: what a lançamento's result belongs to besides its categoria — a line of
-- business ("Casamentos", "Ensaios"), the studio's structure, later each evento. financeiro's
-- lançamentos point at one or split across several (financeiro.rateios), so a centro in use is
-- deactivated, not deleted (its foreign key answers 409).
CREATE TABLE cadastros.centros_custo (
    empresa_id     bigint      NOT NULL,
    id             bigint      GENERATED ALWAYS AS IDENTITY,
    nome           text        NOT NULL CHECK (length(nome) BETWEEN 1 AND 100),
    -- shared.texto.normalizar(nome), written by the service: "Estúdio" and "estudio" are one name.
    nome_busca     text        NOT NULL,
    -- The accountant's code, when the studio uses one ("CC-01"); unique when given.
    codigo         text        CHECK (length(codigo) BETWEEN 1 AND 20),
    -- Who made the centro when not a person: 'evento' for the one operacional-api will create for
    -- each evento (issue to come). NULL: created in Cadastros. Read-only through the API.
    origem         text        CHECK (length(origem) BETWEEN 1 AND 30),
    ativo          boolean     NOT NULL DEFAULT true,
    criado_em      timestamptz NOT NULL DEFAULT now(),
    atualizado_em  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (empresa_id, id)
);
CREATE UNIQUE INDEX centros_custo_nome_unico ON cadastros.centros_custo (empresa_id, nome_busca);
CREATE UNIQUE INDEX centros_custo_codigo_unico ON cadastros.centros_custo (empresa_id, codigo);
SELECT plataforma.isolar_por_empresa('cadastros.centros_custo');

-- Read contract (README "Read contract"): financeiro's rateios and the reports name centros by it.
CREATE VIEW cadastros.v_centros_custo WITH (security_invoker = true) AS
    SELECT empresa_id, id, nome, codigo, ativo
      FROM cadastros.centros_custo;

-- The DRE group: the line of the income statement (DRE gerencial) a categoria's amounts add to.
--   receita_bruta          Receita bruta: what the studio sells (RECEITA)
--   deducoes               Deduções da receita: taxes on sales (Simples, ISS), refunds (DESPESA)
--   custos_servicos        Custos dos serviços: what a job itself costs — freelancers, lab, albums (DESPESA)
--   despesas_operacionais  Despesas operacionais: running the studio, pró-labore included (DESPESA)
--   receitas_financeiras   Receitas financeiras: interest and yields received (RECEITA)
--   despesas_financeiras   Despesas financeiras: bank and card fees, interest paid (DESPESA)
--   outras_receitas        Outras receitas não operacionais: selling used gear... (RECEITA)
--   outras_despesas        Outras despesas não operacionais (DESPESA)
--   nao_operacional        Not a result at all: transfers, capital contributions, partners'
--                          withdrawals and profit distribution, loans taken or repaid (either tipo);
--                          the DRE leaves it out, the cash flow keeps it.
ALTER TABLE cadastros.categorias ADD COLUMN grupo_dre text;

-- The group a categoria named `nome_busca` gets when no one chose one: its own name's when the name
-- says it ("Impostos", "Tarifas bancárias", "Pró-labore"), else its parent's (`grupo_da_mae`), else its
-- tipo's (receita bruta, despesa operacional). Used once below for the existing categorias and on
-- every insert by the trigger after it, so every way of creating one (the API, the model chart, the
-- demo, other services' test fixtures) gets the same default.
CREATE FUNCTION cadastros.grupo_dre_sugerido(tipo text, nome_busca text, grupo_da_mae text)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(
        CASE
            WHEN nome_busca ~ '\m(pro.?labore)\M' AND tipo = 'DESPESA' THEN 'despesas_operacionais'
            WHEN nome_busca ~ '\m(transferencias?|aportes?|emprestimos?|retiradas?|distribuicao de lucros?)\M'
                THEN 'nao_operacional'
            WHEN tipo = 'RECEITA' AND nome_busca ~ '\m(juros|rendimentos?)\M' THEN 'receitas_financeiras'
            WHEN tipo = 'RECEITA' AND nome_busca ~ '^outras receitas' THEN 'outras_receitas'
            WHEN tipo = 'DESPESA' AND nome_busca ~ '\m(impostos?|simples nacional|iss|icms|pis|cofins)\M|^das\M'
                THEN 'deducoes'
            WHEN tipo = 'DESPESA' AND nome_busca ~ '\m(tarifas?|juros|iof|taxas? (de|do|da) cartao|taxas? bancarias?)\M'
                THEN 'despesas_financeiras'
            WHEN tipo = 'DESPESA' AND nome_busca ~ '\m(freelancers?|laboratorio|albuns)\M' THEN 'custos_servicos'
            WHEN tipo = 'DESPESA' AND nome_busca ~ '^outras despesas' THEN 'outras_despesas'
        END,
        grupo_da_mae,
        CASE tipo WHEN 'RECEITA' THEN 'receita_bruta' ELSE 'despesas_operacionais' END)
$$;

-- Existing categorias, from the roots down (a parent's group is settled before its children's).
WITH RECURSIVE grupos AS (
    SELECT empresa_id, id, cadastros.grupo_dre_sugerido(tipo, nome_busca, NULL) AS grupo
      FROM cadastros.categorias WHERE parent_id IS NULL
    UNION ALL
    SELECT f.empresa_id, f.id, cadastros.grupo_dre_sugerido(f.tipo, f.nome_busca, g.grupo)
      FROM cadastros.categorias f JOIN grupos g ON f.empresa_id = g.empresa_id AND f.parent_id = g.id
)
UPDATE cadastros.categorias c SET grupo_dre = g.grupo
  FROM grupos g WHERE c.empresa_id = g.empresa_id AND c.id = g.id;

CREATE FUNCTION cadastros.categorias_grupo_dre_padrao() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.grupo_dre IS NULL THEN
        NEW.grupo_dre := cadastros.grupo_dre_sugerido(NEW.tipo, NEW.nome_busca,
            (SELECT grupo_dre FROM cadastros.categorias WHERE empresa_id = NEW.empresa_id AND id = NEW.parent_id));
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER grupo_dre_padrao BEFORE INSERT ON cadastros.categorias
    FOR EACH ROW EXECUTE FUNCTION cadastros.categorias_grupo_dre_padrao();

ALTER TABLE cadastros.categorias ALTER COLUMN grupo_dre SET NOT NULL;
-- A receita's group is a receita group, a despesa's a despesa group (the API names `grupo_dre`
-- before this fires).
ALTER TABLE cadastros.categorias ADD CONSTRAINT categorias_grupo_dre_do_tipo CHECK (
    (tipo = 'RECEITA' AND grupo_dre IN ('receita_bruta', 'receitas_financeiras', 'outras_receitas', 'nao_operacional'))
    OR (tipo = 'DESPESA' AND grupo_dre IN ('deducoes', 'custos_servicos', 'despesas_operacionais',
                                           'despesas_financeiras', 'outras_despesas', 'nao_operacional')));

-- The views over categorias gain the column at their end (a view's columns are only added to);
-- v_categorias also `ordem`, the position among siblings, so a report lists the tree as the plano
-- de contas reads (relatorios-api's análise).
CREATE OR REPLACE VIEW cadastros.v_categorias WITH (security_invoker = true) AS
    SELECT empresa_id, id, nome, tipo, parent_id, ativa, grupo_dre, ordem
      FROM cadastros.categorias;

CREATE OR REPLACE VIEW cadastros.categorias_arvore WITH (security_invoker = true) AS
WITH RECURSIVE arvore AS (
    SELECT c.*, 1 AS nivel, ARRAY[c.ordem] AS caminho, (c.ordem + 1)::text AS codigo
      FROM cadastros.categorias c
     WHERE c.parent_id IS NULL
    UNION ALL
    SELECT f.*, a.nivel + 1, a.caminho || f.ordem,
           a.codigo || '.' || CASE WHEN f.ordem < 9 THEN '0' ELSE '' END || (f.ordem + 1)::text
      FROM cadastros.categorias f
      JOIN arvore a ON f.empresa_id = a.empresa_id AND f.parent_id = a.id
)
SELECT empresa_id, id, nome, nome_busca, tipo, parent_id, ordem, ativa, criado_em, atualizado_em,
       nivel, caminho, codigo, grupo_dre
  FROM arvore;
