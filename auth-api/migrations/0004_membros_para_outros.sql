-- auth's read contract, continued: the current empresa's members (the people who log in), for
-- what another service names or picks as a person of the empresa — operacional's team of an evento
-- or a sessão. Only the empresa's own members: auth.membros' row-level security would also show
-- the current user's memberships in other empresas, which the WHERE leaves out. auth.usuarios is a
-- platform table without tenant security: the join through the empresa's memberships is what
-- keeps a reader to its own people. Listed in auth-api/README.md; its columns are only ever added to.
CREATE VIEW auth.v_membros WITH (security_invoker = true) AS
    SELECT m.empresa_id, u.id AS usuario_id, u.nome, u.ativo
      FROM auth.membros m
      JOIN auth.usuarios u ON u.id = m.usuario_id
     WHERE m.empresa_id = plataforma.empresa_atual();
