"""Tenancy is enforced by PostgreSQL, not by good intentions (DESIGN.md rule 3).

Two kinds of proof, both on a real, fully migrated database:

* behaviour: a throwaway tenant table built exactly like the house pattern, plus the real
  `plataforma.auditoria`, queried as the app role through `shared.db.Database.transacao` — the
  same path every request takes. A query that forgets `WHERE empresa_id = ...` still returns only
  the caller's rows, a pooled connection carries nothing to the next empresa, and the app role
  cannot switch any of it off;
* structure: a walk over the catalog that makes EVERY table of the ERP schemas follow that
  pattern, so a future migration that forgets RLS fails this suite instead of leaking data.
"""
import psycopg2
import psycopg2.errors
import pytest

from shared.config import SERVICOS
from shared.db import Database
from shared.migrator import PLATAFORMA

APP_ROLE = "erp_app"
EMPRESA_A, EMPRESA_B = 101, 202

# The schemas the migrator grants to the app role: the platform's and one per service package.
ERP_SCHEMAS = tuple(sorted({PLATAFORMA, *(pacote for pacote, _ in SERVICOS.values())}))

# Platform tables: not tenant data, so no tenant RLS (auth-api/migrations/0001_auth.sql says why).
# Every other table of an ERP schema is a tenant table. A new exception is a decision to write
# down here, in review, not something a migration can do silently.
TABELAS_DE_PLATAFORMA = {
    "auth.empresas",  # the tenants themselves
    "auth.usuarios",  # one login may belong to several empresas (tenancy of users: auth.membros)
    "auth.sessoes",  # a session exists before the choice of empresa (its empresa_id may be NULL)
}


# ---------------------------------------------------------------- helpers


def executar(url: str, *statements, empresa_id=None):
    """Runs statements on a new connection of `url`, in one transaction (tenant set, if given)."""
    conn = psycopg2.connect(url)
    try:
        with conn, conn.cursor() as cur:
            if empresa_id is not None:
                # A non-superuser owner is subject to FORCE RLS too: act as that empresa.
                cur.execute("SELECT set_config('app.empresa_id', %s, true)", (str(empresa_id),))
            for statement in statements:
                cur.execute(*statement) if isinstance(statement, tuple) else cur.execute(statement)
            return cur.fetchall() if cur.description else None
    finally:
        conn.close()


@pytest.fixture(scope="module")
def notas(database):
    """`teste_rls.notas`: a tenant table following the house pattern, with rows of two empresas."""
    executar(
        database.owner_url,
        "CREATE SCHEMA teste_rls",
        """CREATE TABLE teste_rls.notas (
               empresa_id bigint NOT NULL,
               id bigint GENERATED ALWAYS AS IDENTITY,
               texto text NOT NULL,
               PRIMARY KEY (empresa_id, id))""",
        "ALTER TABLE teste_rls.notas ENABLE ROW LEVEL SECURITY",
        "ALTER TABLE teste_rls.notas FORCE ROW LEVEL SECURITY",
        """CREATE POLICY tenant ON teste_rls.notas
               USING (empresa_id = plataforma.empresa_atual())
               WITH CHECK (empresa_id = plataforma.empresa_atual())""",
        f"GRANT USAGE ON SCHEMA teste_rls TO {APP_ROLE}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON teste_rls.notas TO {APP_ROLE}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA teste_rls TO {APP_ROLE}",
    )
    for empresa, textos in ((EMPRESA_A, ["a1", "a2"]), (EMPRESA_B, ["b1"])):
        executar(
            database.owner_url,
            *[("INSERT INTO teste_rls.notas (empresa_id, texto) VALUES (%s, %s)", (empresa, t)) for t in textos],
            empresa_id=empresa,
        )
    return "teste_rls.notas"


@pytest.fixture
def app_db(database):
    """The app role's pool, as a service has it, but with a single connection: every transaction
    of a test reuses the connection of the one before."""
    db = Database(database.app_url, maxconn=1)
    yield db
    db.fechar()


def textos(db: Database, empresa_id) -> list[str]:
    with db.transacao(empresa_id) as cur:
        cur.execute("SELECT texto FROM teste_rls.notas ORDER BY texto")  # no WHERE, on purpose
        return [linha["texto"] for linha in cur.fetchall()]


# ---------------------------------------------------------------- behaviour


def test_select_without_where_returns_only_the_current_empresas_rows(notas, app_db):
    """The policy, not the query, decides which rows exist for the caller."""
    assert textos(app_db, EMPRESA_A) == ["a1", "a2"]
    assert textos(app_db, EMPRESA_B) == ["b1"]
    with app_db.transacao(EMPRESA_A) as cur:
        cur.execute("SELECT count(*) AS n FROM teste_rls.notas WHERE empresa_id <> %s", (EMPRESA_A,))
        assert cur.fetchone()["n"] == 0


def test_without_an_empresa_set_no_row_exists(notas, app_db):
    """A transaction that forgot to set the tenant sees nothing, in any tenant table."""
    assert textos(app_db, None) == []
    with app_db.transacao(None) as cur:
        cur.execute("SELECT count(*) AS n FROM plataforma.auditoria")
        assert cur.fetchone()["n"] == 0
    # A plain connection of the app role, with no set_config at all, sees nothing either.
    assert executar(app_db.url, "SELECT count(*) FROM teste_rls.notas") == [(0,)]


def test_writing_a_row_of_another_empresa_fails_and_stores_nothing(notas, app_db, database):
    """WITH CHECK refuses rows of another empresa, on INSERT and on UPDATE; UPDATE and DELETE
    cannot even see another empresa's rows."""
    with pytest.raises(psycopg2.errors.InsufficientPrivilege, match="row-level security"):
        with app_db.transacao(EMPRESA_A) as cur:
            cur.execute("INSERT INTO teste_rls.notas (empresa_id, texto) VALUES (%s, 'intrusa')", (EMPRESA_B,))
    with pytest.raises(psycopg2.errors.InsufficientPrivilege, match="row-level security"):
        with app_db.transacao(EMPRESA_A) as cur:
            cur.execute("UPDATE teste_rls.notas SET empresa_id = %s WHERE texto = 'a1'", (EMPRESA_B,))
    with app_db.transacao(EMPRESA_A) as cur:
        cur.execute("UPDATE teste_rls.notas SET texto = 'alterada' WHERE texto = 'b1'")
        assert cur.rowcount == 0
        cur.execute("DELETE FROM teste_rls.notas WHERE empresa_id = %s", (EMPRESA_B,))
        assert cur.rowcount == 0

    # Nothing of that reached the table (checked by each empresa, and by the owner per empresa).
    assert textos(app_db, EMPRESA_A) == ["a1", "a2"]
    assert textos(app_db, EMPRESA_B) == ["b1"]
    for empresa, esperado in ((EMPRESA_A, 2), (EMPRESA_B, 1)):
        assert executar(
            database.owner_url, ("SELECT count(*) FROM teste_rls.notas WHERE empresa_id = %s", (empresa,)),
            empresa_id=empresa,
        ) == [(esperado,)]


def test_a_failed_transaction_gives_its_connection_back_to_the_pool(notas, app_db):
    """An error inside a transaction (an RLS violation, a view's 404...) must not leak the pooled
    connection: with a pool of one, the next transaction still gets it."""
    for _ in range(3):
        with pytest.raises(psycopg2.errors.InsufficientPrivilege):
            with app_db.transacao(EMPRESA_A) as cur:
                cur.execute("INSERT INTO teste_rls.notas (empresa_id, texto) VALUES (%s, 'x')", (EMPRESA_B,))
        with pytest.raises(LookupError):
            with app_db.transacao(EMPRESA_A) as cur:
                raise LookupError("not a database error: e.g. NaoEncontrado raised by a view")
    assert textos(app_db, EMPRESA_A) == ["a1", "a2"]


def test_a_pooled_connection_reused_by_another_empresa_sees_nothing_of_the_first(notas, app_db):
    """set_config(..., true) is transaction-local: after the commit the setting is gone, so the
    next user of the same pooled connection starts with no empresa at all."""
    with app_db.transacao(EMPRESA_A) as cur:
        cur.execute("SELECT pg_backend_pid() AS pid, current_setting('app.empresa_id', true) AS emp")
        primeira = cur.fetchone()
        assert primeira["emp"] == str(EMPRESA_A)

    with app_db.conexao() as conn, conn.cursor() as cur:  # the same connection, outside any tenant
        cur.execute("SELECT pg_backend_pid(), current_setting('app.empresa_id', true), "
                    "plataforma.empresa_atual(), (SELECT count(*) FROM teste_rls.notas)")
        pid, setting, empresa_atual, visiveis = cur.fetchone()
        conn.rollback()
    assert pid == primeira["pid"], "the pool of one must hand out the same connection"
    assert setting in ("", None) and empresa_atual is None and visiveis == 0

    with app_db.transacao(EMPRESA_B) as cur:
        cur.execute("SELECT pg_backend_pid() AS pid, array_agg(texto ORDER BY texto) AS textos FROM teste_rls.notas")
        segunda = cur.fetchone()
    assert segunda["pid"] == primeira["pid"]
    assert segunda["textos"] == ["b1"]


def test_the_app_role_cannot_switch_rls_off(notas, app_db, database):
    """Not the owner, no BYPASSRLS, not superuser: DISABLE / NO FORCE / DROP POLICY are refused,
    and `row_security = off` makes queries fail instead of returning every row."""
    (rolsuper, rolbypassrls), = executar(
        database.owner_url, ("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = %s", (APP_ROLE,))
    )
    assert (rolsuper, rolbypassrls) == (False, False)
    owned = executar(
        database.owner_url,
        ("SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = %s", (APP_ROLE,)),
    )
    assert owned == [(0,)], "the app role must own nothing"

    for statement in (
        "ALTER TABLE teste_rls.notas DISABLE ROW LEVEL SECURITY",
        "ALTER TABLE teste_rls.notas NO FORCE ROW LEVEL SECURITY",
        "DROP POLICY tenant ON teste_rls.notas",
        "ALTER TABLE plataforma.auditoria DISABLE ROW LEVEL SECURITY",
        "ALTER TABLE plataforma.auditoria NO FORCE ROW LEVEL SECURITY",
    ):
        with pytest.raises(psycopg2.errors.InsufficientPrivilege, match="must be owner"):
            with app_db.transacao(EMPRESA_A) as cur:
                cur.execute(statement)

    with pytest.raises(psycopg2.errors.InsufficientPrivilege, match="row-level security"):
        with app_db.transacao(EMPRESA_A) as cur:
            cur.execute("SET LOCAL row_security = off")
            cur.execute("SELECT texto FROM teste_rls.notas")
    assert textos(app_db, EMPRESA_A) == ["a1", "a2"]


def test_audit_rows_are_per_empresa_and_append_only_for_the_app_role(notas, app_db):
    """The app role may add audit entries for its own empresa and read them, never change or
    remove one, nor write one for another empresa."""
    inserir = """INSERT INTO plataforma.auditoria (empresa_id, servico, acao, entidade, entidade_id)
                 VALUES ({empresa}, 'teste', 'criar', 'nota', '1')"""
    with app_db.transacao(EMPRESA_A) as cur:
        cur.execute(inserir.format(empresa="plataforma.empresa_atual()"))
    with pytest.raises(psycopg2.errors.InsufficientPrivilege, match="row-level security"):
        with app_db.transacao(EMPRESA_A) as cur:
            cur.execute(inserir.format(empresa=EMPRESA_B))
    for statement in (
        "UPDATE plataforma.auditoria SET acao = 'apagar'",
        "DELETE FROM plataforma.auditoria",
        "TRUNCATE plataforma.auditoria",
    ):
        with pytest.raises(psycopg2.errors.InsufficientPrivilege):
            with app_db.transacao(EMPRESA_A) as cur:
                cur.execute(statement)

    def auditoria(empresa):
        with app_db.transacao(empresa) as cur:
            cur.execute("SELECT empresa_id, acao FROM plataforma.auditoria")
            return [tuple(linha.values()) for linha in cur.fetchall()]

    assert auditoria(EMPRESA_A) == [(EMPRESA_A, "criar")]
    assert auditoria(EMPRESA_B) == []


def test_request_transaction_and_auditar_write_under_the_tokens_empresa(notas, service_env):
    """Through the app factory: `tenant_transaction` takes the empresa from the request's user and
    the write's `Transacao` audits it under that empresa, with the service name, the user and the
    correlation id of the request's Contexto."""
    from flask import g

    from shared.app import criar_app, escrita, tenant_transaction
    from shared.auth import Usuario

    app = criar_app("teste-rls", [], service_env)
    usuario = Usuario(id=7, username="ana", empresa_id=EMPRESA_B, permissoes=frozenset(),
                      sessao_id="s", plataforma_admin=False, csrf="c")
    with app.test_request_context("/api/notas", headers={"X-Correlation-Id": "cid-rls-1"}):
        g.usuario = usuario
        g.correlation_id = "cid-rls-1"
        with escrita() as tx:
            tx.cur.execute("INSERT INTO teste_rls.notas (empresa_id, texto) VALUES (plataforma.empresa_atual(), 'b2') RETURNING id")
            novo = tx.cur.fetchone()["id"]
            tx.auditar("criar", "nota", novo, depois={"texto": "b2"})
        with tenant_transaction() as cur:
            cur.execute("SELECT texto FROM teste_rls.notas ORDER BY texto")
            assert [r["texto"] for r in cur.fetchall()] == ["b1", "b2"]
            cur.execute("SELECT empresa_id, servico, usuario_id, username, entidade_id, depois, correlation_id "
                        "FROM plataforma.auditoria")
            assert cur.fetchall() == [{
                "empresa_id": EMPRESA_B, "servico": "teste-rls", "usuario_id": 7, "username": "ana",
                "entidade_id": str(novo), "depois": {"texto": "b2"}, "correlation_id": "cid-rls-1",
            }]
    app.extensions["erp"].db.fechar()


# ---------------------------------------------------------------- structure: the catalog walk


def catalogo(database, query: str, *params):
    return executar(database.owner_url, (query, (ERP_SCHEMAS, *params)))


def test_every_table_with_empresa_id_has_forced_rls_a_policy_and_empresa_id_first_in_its_key(database):
    """Every table (and partitioned table) of the ERP schemas other than the listed platform
    tables is a tenant table: it has `empresa_id NOT NULL`, first in its primary key, and RLS
    enabled AND forced with at least one policy."""
    tabelas = catalogo(database, """
        SELECT n.nspname || '.' || c.relname,
               c.relrowsecurity,
               c.relforcerowsecurity,
               (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid),
               (SELECT a.attnotnull FROM pg_attribute a
                 WHERE a.attrelid = c.oid AND a.attname = 'empresa_id' AND NOT a.attisdropped),
               (SELECT a.attname FROM pg_constraint k
                  JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
                 WHERE k.conrelid = c.oid AND k.contype = 'p')
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname IN %s AND c.relkind IN ('r', 'p')
         ORDER BY 1""")
    assert any(nome == "plataforma.auditoria" for nome, *_ in tabelas), "the walk must see the real tables"

    nomes = {nome for nome, *_ in tabelas}
    assert TABELAS_DE_PLATAFORMA <= nomes, "the allow-list names tables that no longer exist"

    problemas = []
    for nome, rls, forcada, policies, empresa_not_null, primeira_da_pk in tabelas:
        if nome in TABELAS_DE_PLATAFORMA:
            continue
        if empresa_not_null is None:
            problemas.append(f"{nome}: sem coluna empresa_id e fora da lista de tabelas de plataforma")
            continue
        if not (rls and forcada):
            problemas.append(f"{nome}: falta ENABLE + FORCE ROW LEVEL SECURITY (enable={rls}, force={forcada})")
        if policies == 0:
            problemas.append(f"{nome}: RLS sem nenhuma policy")
        if not empresa_not_null:
            problemas.append(f"{nome}: empresa_id aceita NULL")
        if primeira_da_pk != "empresa_id":
            problemas.append(f"{nome}: a chave primária deve começar por empresa_id (começa por {primeira_da_pk})")
    assert problemas == []


def _sem_filtro(expressao: str) -> bool:
    return expressao.strip("() ").lower() in ("", "true")


def test_every_policy_of_a_tenant_table_is_bound_to_the_current_empresa(database):
    """Every tenant table has a policy on `plataforma.empresa_atual()` (the house pattern), and no
    permissive policy opens it unconditionally: the expression that applies to its command
    (USING to read, update and delete; WITH CHECK — or USING when absent — to write) is never
    missing nor `true`."""
    politicas = catalogo(database, """
        SELECT n.nspname || '.' || c.relname, p.polname, p.polpermissive, p.polcmd,
               coalesce(pg_get_expr(p.polqual, p.polrelid), ''),
               coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '')
          FROM pg_policy p
          JOIN pg_class c ON c.oid = p.polrelid
          JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname IN %s AND c.relkind IN ('r', 'p')""")
    politicas = [p for p in politicas if p[0] not in TABELAS_DE_PLATAFORMA]
    problemas = []
    for tabela, nome, permissiva, comando, using, check in politicas:
        if not permissiva:
            continue  # a restrictive policy only ever narrows
        le = comando in ("r", "w", "d", "*")  # SELECT, UPDATE, DELETE, ALL
        escreve = comando in ("a", "w", "*")  # INSERT, UPDATE, ALL
        if le and _sem_filtro(using):
            problemas.append(f"{tabela}.{nome}: USING sem filtro de empresa ({using or 'ausente'})")
        if escreve and _sem_filtro(check or using):
            problemas.append(f"{tabela}.{nome}: WITH CHECK sem filtro de empresa ({check or using or 'ausente'})")
    presas = {tabela for tabela, _, _, _, using, check in politicas if "empresa_atual()" in using + check}
    problemas += [f"{tabela}: nenhuma policy sobre plataforma.empresa_atual()"
                  for tabela in sorted({t for t, *_ in politicas} - presas)]
    assert problemas == []


def test_foreign_keys_between_tenant_tables_include_empresa_id(database):
    """A row can never point at another empresa's row: every foreign key from one tenant table to
    another pairs empresa_id with empresa_id."""
    chaves = catalogo(database, """
        SELECT k.conname, k.conrelid::regclass::text, k.confrelid::regclass::text,
               ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(n, i)
                       JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.i),
               ARRAY(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY u(n, i)
                       JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.i)
          FROM pg_constraint k
          JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE k.contype = 'f' AND n.nspname IN %s
           AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = k.conrelid AND a.attname = 'empresa_id')
           AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = k.confrelid AND a.attname = 'empresa_id')""")
    problemas = [
        f"{nome} ({origem} -> {destino}): {colunas} -> {referidas} não casa empresa_id com empresa_id"
        for nome, origem, destino, colunas, referidas in chaves
        if ("empresa_id", "empresa_id") not in zip(colunas, referidas)
    ]
    assert problemas == []


def test_views_cannot_bypass_rls_and_there_are_no_materialized_views(database):
    """A view runs with its owner's rights unless `security_invoker`: owned by a superuser (the
    embedded default, and most hosted Postgres), it would return every empresa's rows. A
    materialized view cannot have RLS at all. Both would be open doors for the app role."""
    visoes = catalogo(database, """
        SELECT n.nspname || '.' || c.relname, c.relkind,
               coalesce('security_invoker=true' = ANY(c.reloptions)
                        OR 'security_invoker=on' = ANY(c.reloptions), false)
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname IN %s AND c.relkind IN ('v', 'm')
         ORDER BY 1""")
    problemas = [f"{nome}: materialized view (sem RLS possível)" for nome, tipo, _ in visoes if tipo == "m"]
    problemas += [f"{nome}: view sem WITH (security_invoker = true)" for nome, tipo, invoker in visoes
                  if tipo == "v" and not invoker]
    assert problemas == []


def test_the_app_role_has_access_to_every_erp_schema_but_owns_none_of_it(database):
    """The grants the migrator gives (USAGE on every ERP schema) and nothing more: no schema, table,
    sequence or function of the ERP belongs to the app role."""
    esquemas = catalogo(database, """
        SELECT n.nspname, has_schema_privilege('erp_app', n.oid, 'USAGE'), pg_get_userbyid(n.nspowner)
          FROM pg_namespace n WHERE n.nspname IN %s ORDER BY 1""")
    assert PLATAFORMA in {nome for nome, *_ in esquemas}
    assert all(uso for _, uso, _ in esquemas)
    assert all(dono != APP_ROLE for _, _, dono in esquemas)
    objetos = catalogo(database, """
        SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname IN %s AND pg_get_userbyid(c.relowner) = 'erp_app'
        UNION ALL
        SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
         WHERE n.nspname IN %s AND pg_get_userbyid(p.proowner) = 'erp_app'""", ERP_SCHEMAS)
    assert objetos == []
