"""Applies the numbered SQL migrations of the platform and of each service, each file once.

Run as `python -m shared.migrator [servico ...]` with DATABASE_URL pointing at the owner role.
Every service may run it on start (Railway preDeployCommand): a transaction-scoped advisory lock
serialises them, so eight services starting together apply each file exactly once.

Order: the platform's own files (shared/migrations) first, then each service folder's
`migrations/` in the order of config.SERVICOS, except that a service whose tables refer to another
service's (financeiro's lançamentos have foreign keys to cadastros' contas) comes after it: see
DEPENDE_DE. Migrating one service applies those it depends on first, so each service's pre-deploy
works whatever order Railway deploys them in; its image carries their migrations/ folders for that.
"""
import hashlib
import logging
import sys
from pathlib import Path

import psycopg2

from shared.config import REPO_ROOT, SERVICOS, Config

log = logging.getLogger(__name__)

LOCK_ID = 727_001  # arbitrary, constant: "the ERP migrator"
PLATAFORMA = "plataforma"


# The services whose schemas a service's migrations refer to (foreign keys, views).
DEPENDE_DE = {"financeiro-api": ("cadastros-api",)}

# Earlier texts (sha256) of a file that was rewritten after it landed, which left a database as the
# present text does together with the files removed in the same change. financeiro's 0022 took in
# 0024_busca_um_escritor_por_empresa.sql (commit 68b5b8d; both had landed together in be24154): a
# database that applied the earlier 0022 has 0024 too, and the same functions, triggers and rows
# (pg_dump of the schema compared). Never a way around the rule below: a file is not edited.
EQUIVALENTES = {
    ("financeiro-api", "0022_totais_por_prefixo.sql"): {
        "6cb52b773540c7a5917a0e70df78cbf081a15c9f65b52a09aa3bc4cea0209850"},
}


def _em_ordem(servicos=None) -> list[str]:
    """The services to migrate, each after those it depends on."""
    ordem: list[str] = []

    def incluir(nome: str) -> None:
        for dependencia in DEPENDE_DE.get(nome, ()):
            incluir(dependencia)
        if nome not in ordem:
            ordem.append(nome)

    for nome in SERVICOS:
        if not servicos or nome in servicos:
            incluir(nome)
    return ordem


def pastas_de_migracao(servicos=None) -> list[tuple[str, Path]]:
    pastas = [(PLATAFORMA, REPO_ROOT / "shared" / "migrations")]
    for nome in _em_ordem(servicos):
        pasta = REPO_ROOT / nome / "migrations"
        if pasta.is_dir():
            pastas.append((nome, pasta))
    return pastas


def migrar(database_url: str, app_role: str, app_password: str, servicos=None) -> list[str]:
    """Applies what is missing; returns the names of the files applied now."""
    aplicados = []
    conn = psycopg2.connect(database_url)
    try:
        with conn, conn.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_ID,))
            _garantir_role(cur, app_role, app_password)
            cur.execute(
                """CREATE TABLE IF NOT EXISTS public.schema_migrations (
                       servico text NOT NULL,
                       arquivo text NOT NULL,
                       checksum text NOT NULL,
                       aplicado_em timestamptz NOT NULL DEFAULT now(),
                       PRIMARY KEY (servico, arquivo))"""
            )
            cur.execute("SELECT servico, arquivo, checksum FROM public.schema_migrations")
            feitos = {(s, a): c for s, a, c in cur.fetchall()}
            for servico, pasta in pastas_de_migracao(servicos):
                for arquivo in sorted(pasta.glob("*.sql")):
                    sql = arquivo.read_text(encoding="utf-8")
                    checksum = hashlib.sha256(sql.encode()).hexdigest()
                    anterior = feitos.get((servico, arquivo.name))
                    if anterior is not None:
                        if anterior != checksum and anterior not in EQUIVALENTES.get((servico, arquivo.name), ()):
                            raise RuntimeError(
                                f"migração {servico}/{arquivo.name} foi alterada depois de aplicada; "
                                "crie um novo arquivo em vez de editar o antigo"
                            )
                        continue
                    cur.execute(sql)
                    cur.execute(
                        "INSERT INTO public.schema_migrations (servico, arquivo, checksum) VALUES (%s, %s, %s)",
                        (servico, arquivo.name, checksum),
                    )
                    aplicados.append(f"{servico}/{arquivo.name}")
            _conceder(cur, app_role)
    finally:
        conn.close()
    return aplicados


def _ident(nome: str) -> str:
    if not nome.replace("_", "").isalnum():
        raise ValueError(f"nome de role inválido: {nome!r}")
    return '"' + nome + '"'


def _garantir_role(cur, role: str, password: str) -> None:
    """The app role: may log in, owns nothing, never bypasses RLS."""
    cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,))
    if not cur.fetchone():
        cur.execute(f"CREATE ROLE {_ident(role)} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE")
    cur.execute(f"ALTER ROLE {_ident(role)} NOBYPASSRLS NOSUPERUSER")
    if password:
        cur.execute(f"ALTER ROLE {_ident(role)} PASSWORD %s", (password,))


def _conceder(cur, role: str) -> None:
    """Every service's app-role reads and writes every ERP schema; RLS decides which rows."""
    cur.execute(
        "SELECT nspname FROM pg_namespace WHERE nspname IN %s",
        (tuple([PLATAFORMA] + [pkg for pkg, _ in SERVICOS.values()]),),
    )
    r = _ident(role)
    for (schema,) in cur.fetchall():
        cur.execute(f"GRANT USAGE ON SCHEMA {schema} TO {r}")
        cur.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {r}")
        cur.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {r}")
        cur.execute(f"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA {schema} TO {r}")
    # The audit trail is append-only for the services.
    cur.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON plataforma.auditoria FROM {r}")


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    cfg = Config.from_env("migrator")
    desconhecidos = [s for s in argv if s not in SERVICOS]
    if desconhecidos:
        print(f"serviço desconhecido: {', '.join(desconhecidos)}", file=sys.stderr)
        return 2
    aplicados = migrar(cfg.database_url, cfg.app_db_role, cfg.app_db_password, argv or None)
    for nome in aplicados:
        log.info("migração aplicada: %s", nome)
    log.info("migrações em dia (%d aplicadas agora)", len(aplicados))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
