-- plataforma.isolar_por_empresa(tabela): makes a new table a tenant table (DESIGN.md rule 3) in
-- one call from a service's migration, rather than the same three statements written again for
-- every table: row-level security enabled and forced (the owner too is subject to it), and the
-- one policy every tenant table has — a row exists, and may be written, only for the empresa of
-- the current transaction (plataforma.empresa_atual()).
CREATE FUNCTION plataforma.isolar_por_empresa(tabela regclass) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tabela);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tabela);
    EXECUTE format('CREATE POLICY tenant ON %s
                        USING (empresa_id = plataforma.empresa_atual())
                        WITH CHECK (empresa_id = plataforma.empresa_atual())', tabela);
END $$;
-- Migrations call it as the tables' owner; for anyone else it fails, as ALTER TABLE and
-- CREATE POLICY need the table's owner.
