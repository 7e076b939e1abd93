-- cadastros' read contract: what other services may read of this schema with SQL (DESIGN.md rule 1),
-- as views with stable columns; the tables behind them stay private and may change. Each view is
-- security_invoker, so the reader's row-level security applies: a reader sees its empresa's rows
-- only. A view's columns are only ever added to: removing or changing one is a change of the
-- contract, made with every reader in the same change. Listed in cadastros-api/README.md.
CREATE VIEW cadastros.v_contas WITH (security_invoker = true) AS
    SELECT empresa_id, id, nome, tipo, banco, agencia, numero, saldo_inicial, data_saldo_inicial, ativa
      FROM cadastros.contas;

CREATE VIEW cadastros.v_categorias WITH (security_invoker = true) AS
    SELECT empresa_id, id, nome, tipo, parent_id, ativa
      FROM cadastros.categorias;

CREATE VIEW cadastros.v_clientes WITH (security_invoker = true) AS
    SELECT empresa_id, id, nome, nome_busca, tipo_pessoa, cpf_cnpj, email, ativo
      FROM cadastros.clientes;

CREATE VIEW cadastros.v_fornecedores WITH (security_invoker = true) AS
    SELECT empresa_id, id, nome, nome_busca, tipo_pessoa, cpf_cnpj, email, ativo
      FROM cadastros.fornecedores;

-- The words of each pessoa's name (folded as shared.texto.palavras), one row per word: what finds
-- a pessoa named in a bank memo by an index range.
CREATE VIEW cadastros.v_clientes_palavras WITH (security_invoker = true) AS
    SELECT empresa_id, palavra, pessoa_id, nome_busca, ativo
      FROM cadastros.clientes_palavras;

CREATE VIEW cadastros.v_fornecedores_palavras WITH (security_invoker = true) AS
    SELECT empresa_id, palavra, pessoa_id, nome_busca, ativo
      FROM cadastros.fornecedores_palavras;

-- A conta created without an opening-balance date has today's, on the studio's calendar.
ALTER TABLE cadastros.contas ALTER COLUMN data_saldo_inicial SET DEFAULT plataforma.hoje();
