"""The migrator: each file exactly once, however many services start together, and a role that
row-level security cannot be bypassed with."""
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor

import psycopg2
import pytest

from shared import migrator
from shared.config import SERVICOS
from shared.migrator import migrar
from tools import embedded

APP_ROLE = "erp_app"
ERP_SCHEMAS = [migrator.PLATAFORMA] + [pacote for pacote, _ in SERVICOS.values()]


@pytest.fixture
def empty_database(pg_owner_url):
    name = f"erp_m_{secrets.token_hex(4)}"
    url = embedded.create_database(pg_owner_url, name)
    yield url
    embedded.drop_database(pg_owner_url, name)


def _all_files() -> list[str]:
    return [
        f"{servico}/{arquivo.name}"
        for servico, pasta in migrator.pastas_de_migracao()
        for arquivo in sorted(pasta.glob("*.sql"))
    ]


def _query(url: str, sql: str, params=None) -> list[tuple]:
    conn = psycopg2.connect(url)
    try:
        with conn.cursor() as cur:
            cur.execute(sql, params)
            return cur.fetchall()
    finally:
        conn.close()


def test_second_run_applies_nothing(empty_database):
    assert migrar(empty_database, APP_ROLE, "") == _all_files()
    assert migrar(empty_database, APP_ROLE, "") == []


def test_eight_services_starting_together_apply_each_file_once(empty_database):
    barrier = threading.Barrier(8)

    def start_of_a_service(_):
        barrier.wait()
        return migrar(empty_database, APP_ROLE, "")

    with ThreadPoolExecutor(max_workers=8) as pool:
        applied = [name for result in pool.map(start_of_a_service, range(8)) for name in result]

    assert sorted(applied) == sorted(_all_files())
    recorded = _query(empty_database, "SELECT servico || '/' || arquivo FROM public.schema_migrations")
    assert sorted(r[0] for r in recorded) == sorted(_all_files())


def test_a_file_changed_after_being_applied_stops_everything(empty_database, tmp_path, monkeypatch):
    platform_only = [(s, p) for s, p in migrator.pastas_de_migracao() if s == migrator.PLATAFORMA]
    monkeypatch.setattr(migrator, "pastas_de_migracao", lambda servicos=None: platform_only + [("teste", tmp_path)])
    (tmp_path / "0001_a.sql").write_text("CREATE TABLE public.teste_a (id int);")
    migrar(empty_database, APP_ROLE, "")

    (tmp_path / "0001_a.sql").write_text("CREATE TABLE public.teste_a (id bigint);")
    (tmp_path / "0002_b.sql").write_text("CREATE TABLE public.teste_b (id int);")
    with pytest.raises(RuntimeError, match="teste/0001_a.sql foi alterada"):
        migrar(empty_database, APP_ROLE, "")

    # One transaction: the new file beside the changed one was not applied either.
    assert _query(empty_database, "SELECT to_regclass('public.teste_b')") == [(None,)]


def test_a_database_migrated_before_a_file_took_in_another_is_up_to_date(empty_database):
    """financeiro's 0022 was rewritten to take in 0024 after both had landed: a database that applied
    the earlier 0022 and 0024 starts, and nothing is applied again."""
    migrar(empty_database, APP_ROLE, "")
    [anterior] = migrator.EQUIVALENTES[("financeiro-api", "0022_totais_por_prefixo.sql")]
    conn = psycopg2.connect(empty_database)
    try:
        with conn, conn.cursor() as cur:
            cur.execute("""UPDATE public.schema_migrations SET checksum = %s
                            WHERE servico = 'financeiro-api' AND arquivo = '0022_totais_por_prefixo.sql'""",
                        (anterior,))
            cur.execute("""INSERT INTO public.schema_migrations (servico, arquivo, checksum)
                           VALUES ('financeiro-api', '0024_busca_um_escritor_por_empresa.sql', %s)""", ("0" * 64,))
    finally:
        conn.close()
    assert migrar(empty_database, APP_ROLE, "") == []


def test_app_role_can_log_in_but_neither_bypasses_rls_nor_owns_erp_tables(database):
    (role,) = _query(
        database.owner_url,
        "SELECT rolcanlogin, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = %s",
        (APP_ROLE,),
    )
    assert role == (True, False, False)

    owned = _query(
        database.owner_url,
        """SELECT n.nspname || '.' || c.relname
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relowner = (SELECT oid FROM pg_roles WHERE rolname = %s)
              AND n.nspname = ANY(%s)
           UNION ALL
           SELECT nspname FROM pg_namespace
            WHERE nspowner = (SELECT oid FROM pg_roles WHERE rolname = %s)""",
        (APP_ROLE, ERP_SCHEMAS, APP_ROLE),
    )
    assert owned == []
    assert _query(database.app_url, "SELECT current_user") == [(APP_ROLE,)]


def test_one_service_alone_brings_the_schemas_it_builds_on_first(empty_database):
    # A pre-deploy migrates only its own service: financeiro's foreign keys to cadastros' tables
    # need cadastros' migrations applied before, whatever order the services deploy in.
    aplicados = migrar(empty_database, APP_ROLE, "", ["financeiro-api"])
    servicos = list(dict.fromkeys(nome.split("/")[0] for nome in aplicados))
    assert servicos == [migrator.PLATAFORMA, "cadastros-api", "financeiro-api"]
    assert migrar(empty_database, APP_ROLE, "", ["cadastros-api"]) == []


def test_every_dependency_is_migrated_before_its_dependent_in_a_full_run():
    ordem = [servico for servico, _ in migrator.pastas_de_migracao()]
    for servico, dependencias in migrator.DEPENDE_DE.items():
        assert all(ordem.index(d) < ordem.index(servico) for d in dependencias)
