"""The bench's own PostgreSQL, Redis, keys and services, all thrown away at the end.

BENCH_DATABASE_URL (a server where the bench may create and drop databases) and BENCH_REDIS_URL
replace the private servers tools/embedded.py would start.
"""
import json
import os
import secrets
import shutil
import socket
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import redis

from shared.config import REPO_ROOT, SERVICOS, app_database_url
from shared.migrator import migrar
from tools import embedded, run

APP_ROLE = "erp_app"
ADMIN_PASSWORD = "bench-admin-" + secrets.token_hex(4)


@dataclass(frozen=True)
class Banco:
    nome: str
    owner_url: str
    app_url: str


def portas_livres(quantas: int) -> list[int]:
    """Ports the kernel picks (never 5000-5007), all held open until all are picked."""
    soquetes = [socket.socket() for _ in range(quantas)]
    try:
        for s in soquetes:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in soquetes]
    finally:
        for s in soquetes:
            s.close()


class Infra:
    def __init__(self):
        self.pasta = Path(tempfile.mkdtemp(prefix="erp-bench-"))
        self._postgres = None
        self._redis = None
        self._bancos: list[str] = []
        self._processos: list = []
        self.pids: dict[str, int] = {}  # service -> its gunicorn master's pid
        self.pg_url = None
        self.redis_url = None
        self.chaves = None

    # ------------------------------------------------------------ servers

    def iniciar(self) -> "Infra":
        self.pg_url = os.environ.get("BENCH_DATABASE_URL")
        if not self.pg_url:
            self._postgres = embedded.EmbeddedPostgres(self.pasta / "pg", embedded.SERVER_SETTINGS)
            self.pg_url = self._postgres.start()
        self.redis_url = os.environ.get("BENCH_REDIS_URL")
        if not self.redis_url:
            self._redis = embedded.EmbeddedRedis(self.pasta / "redis")
            self.redis_url = self._redis.start()
        pasta_chaves = self.pasta / "keys"
        self.chaves = embedded.load_key_pair(pasta_chaves, embedded.ensure_jwt_keys(pasta_chaves))
        return self

    def versoes(self) -> dict:
        import psycopg2

        conn = psycopg2.connect(self.pg_url)
        try:
            with conn.cursor() as cur:
                cur.execute("SHOW server_version")
                postgres = cur.fetchone()[0]
        finally:
            conn.close()
        with redis.Redis.from_url(self.redis_url) as cliente:
            versao_redis = cliente.info("server")["redis_version"]
        return {"postgres": postgres, "redis": versao_redis}

    def banco_vazio(self, prefixo: str) -> Banco:
        nome = f"{prefixo}_{secrets.token_hex(4)}"
        url = embedded.create_database(self.pg_url, nome)
        self._bancos.append(nome)
        return Banco(nome, url, app_database_url(url, APP_ROLE, ""))

    def banco_migrado(self, prefixo: str) -> Banco:
        banco = self.banco_vazio(prefixo)
        migrar(banco.owner_url, APP_ROLE, "")
        return banco

    # ------------------------------------------------------------ services

    def ambiente(self, banco: Banco, **extra) -> dict:
        """What every service of part 1 gets: this database, this Redis, these keys."""
        return {
            "ERP_STATE_DIR": str(self.pasta / "estado"),  # never a developer's .erp/
            "DATABASE_URL": banco.owner_url,
            "APP_DATABASE_URL": banco.app_url,
            "REDIS_URL": self.redis_url,
            "JWT_PUBLIC_KEYS": json.dumps({self.chaves.kid: self.chaves.public_pem}),
            "JWT_PRIVATE_KEY": self.chaves.private_pem,
            "JWT_KID": self.chaves.kid,
            "ERP_ADMIN_PASSWORD": ADMIN_PASSWORD,
            # Thousands of requests a minute from one user: high enough never to answer 429, while
            # the limiter still does its per-request work in Redis, as in production.
            "RATE_LIMIT_PADRAO": "1000000/minute",
            **extra,
        }

    def iniciar_servicos(self, nomes: list[str], ambiente: dict) -> dict:
        """Starts the named services under gunicorn (tools/run.py's way) on free ports."""
        portas = dict(zip(nomes, portas_livres(len(nomes))))
        base = {**os.environ, **ambiente}
        iniciados = {}
        for nome in nomes:
            with open(self.pasta / f"{nome}.log", "ab") as saida:
                iniciados[nome] = run.start_service(nome, portas, base, saida)
        self._processos += iniciados.values()
        self.pids.update({nome: processo.pid for nome, processo in iniciados.items()})
        try:
            run.wait_healthy(iniciados, portas)
        except run.ServiceFailed as erro:
            logs = "\n".join(f"--- {n}\n{(self.pasta / f'{n}.log').read_text(errors='replace')[-2000:]}" for n in nomes)
            raise run.ServiceFailed(f"{erro}\n{logs}") from None
        return {nome: f"http://127.0.0.1:{porta}" for nome, porta in portas.items()}

    def sessao_http(self, ambiente: dict, empresa_id: int, permissoes: set[str], sessao_id: str):
        """A requests session of a user of `empresa_id` with `permissoes`, its token signed as
        auth-api signs it (so each measured request is verified as a real one is)."""
        import requests

        from auth.tokens import Emissor
        from shared.auth import Usuario
        from shared.config import Config

        usuario = Usuario(id=1, username="bench", empresa_id=empresa_id, permissoes=frozenset(permissoes),
                          sessao_id=sessao_id, plataforma_admin=False, csrf="-")
        http = requests.Session()
        http.trust_env = False
        http.headers["Authorization"] = f"Bearer {Emissor.da_config(Config.from_env('auth-api', ambiente)).emitir(usuario)}"
        return http

    # ------------------------------------------------------------ cleanup

    def parar(self) -> None:
        run.stop_processes(self._processos)
        self._processos = []
        for nome in self._bancos:
            try:
                embedded.drop_database(self.pg_url, nome)
            except Exception as erro:  # cleanup goes on: the server is thrown away anyway
                print(f"aviso: não consegui apagar o banco {nome}: {erro}", file=sys.stderr)
        if self._redis is not None:
            self._redis.stop()
        if self._postgres is not None:
            self._postgres.stop()
        shutil.rmtree(self.pasta, ignore_errors=True)


def adicionar_servicos_ao_path() -> None:
    """So that `import cadastros` works in this process, as the test harness does."""
    for servico in SERVICOS:
        caminho = str(REPO_ROOT / servico)
        if caminho not in sys.path:
            sys.path.insert(0, caminho)
