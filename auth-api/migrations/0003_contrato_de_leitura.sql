-- auth's read contract (DESIGN.md rule 1): the current empresa's own name, for what another
-- service prints as that empresa's (relatorios-api's exported files). auth.empresas is a platform
-- table without tenant row-level security, so the view itself keeps a reader to its own empresa.
-- Listed in auth-api/README.md; its columns are only ever added to.
CREATE VIEW auth.v_empresas WITH (security_invoker = true) AS
    SELECT id, nome, cnpj
      FROM auth.empresas
     WHERE id = plataforma.empresa_atual();
