"""A private stack for the fault tests (test_falhas_*.py): services under gunicorn, its own Redis
and, when asked, its own PostgreSQL cluster, so a test may freeze, kill and restart any of them
without touching the session's `live_services` that other tests share.

Faults are real signals on real processes: SIGSTOP/SIGCONT to a service's process group (its
gunicorn master and workers), SIGKILL to the group or to one worker, `pg_ctl stop` and `start`.
"""
import json
import os
import secrets
import signal
import socket
import time
from pathlib import Path

import psycopg2
import psycopg2.extras
import requests

from shared.config import SERVICOS, app_database_url, url_variable
from shared.migrator import migrar
from tools import embedded, run

APP_ROLE = "erp_app"


def porta_livre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def esperar(condicao, limite: float, passo: float = 0.05, mensagem: str = "a condição não se cumpriu"):
    """Calls `condicao()` until it returns something truthy (returned) or `limite` seconds pass."""
    fim = time.monotonic() + limite
    while True:
        valor = condicao()
        if valor:
            return valor
        if time.monotonic() > fim:
            raise AssertionError(f"{mensagem} em {limite:.0f} s")
        time.sleep(passo)


class Http(requests.Session):
    """HTTP to one base URL, never through a proxy from the environment, with a bounded wait."""

    def __init__(self, base: str, token: str | None = None):
        super().__init__()
        self.base = base
        self.trust_env = False
        if token:
            self.headers["Authorization"] = f"Bearer {token}"

    def request(self, method, url, *args, **kwargs):
        kwargs.setdefault("timeout", 60)
        return super().request(method, self.base + url if url.startswith("/") else url, *args, **kwargs)


def resposta_limpa(resposta: requests.Response, status: int) -> dict:
    """The contract's JSON error envelope with `status`, and nothing of a traceback in it."""
    assert resposta.status_code == status, (resposta.status_code, resposta.text[:500])
    assert resposta.headers["Content-Type"].startswith("application/json"), resposta.text[:500]
    assert "Traceback" not in resposta.text and "psycopg2" not in resposta.text, resposta.text[:500]
    corpo = resposta.json()
    assert corpo["error"] and corpo["code"], corpo
    return corpo


class PostgresProprio:
    """A PostgreSQL cluster of its own (pgserver's binaries, a fresh data directory): stopped and
    started again like a restarted database server, on the same unix socket."""

    def __init__(self, pasta: Path):
        self._servidor = embedded.EmbeddedPostgres(pasta, embedded.TEST_SETTINGS)
        self.owner_url = None
        self._pasta_do_socket = None

    def iniciar_primeira_vez(self) -> str:
        self.owner_url = self._servidor.start()
        self._pasta_do_socket = self._servidor._server.get_postmaster_info().socket_dir
        return self.owner_url

    def _pg_ctl(self, *args: str) -> None:
        from pgserver._commands import pg_ctl

        servidor = self._servidor._server
        pg_ctl(list(args), pgdata=servidor.pgdata, user=servidor.system_user, timeout=30)

    def parar(self, modo: str = "fast") -> None:
        """`fast` ends every session (an in-flight query fails), as a restart or failover does."""
        self._pg_ctl("-w", "-m", modo, "stop")

    def iniciar(self) -> None:
        servidor = self._servidor._server
        self._pg_ctl("-w", "-o", '-h ""', "-o", f"-k {self._pasta_do_socket}", "-l", str(servidor.log), "start")

    def encerrar(self) -> None:
        # pgserver stops only the postmaster it started itself, gone since the first restart: the
        # one running now gets SIGINT, PostgreSQL's fast shutdown.
        arquivo = self._servidor.pgdata / "postmaster.pid"
        if arquivo.exists():
            postmaster = int(arquivo.read_text().split()[0])
            try:
                os.kill(postmaster, signal.SIGINT)
                esperar(lambda: not Path(f"/proc/{postmaster}").exists(), 30, 0.05, "o PostgreSQL não parou")
            except ProcessLookupError:
                pass
        self._servidor.stop()


def novo_banco(owner_url: str, template: str | None = None) -> dict:
    """A database for the stack (migrated, or copied from `template`): {name, owner_url, app_url}."""
    nome = f"erp_falhas_{secrets.token_hex(4)}"
    url = embedded.create_database(owner_url, nome, template=template)
    if template is None:
        migrar(url, APP_ROLE, "")
    return {"name": nome, "owner_url": url, "app_url": app_database_url(url, APP_ROLE, "")}


class Pilha:
    """Some of the services under gunicorn, on ports of their own, over the given database and
    Redis; the services not started still get a URL (a closed port: refused, as a dead service)."""

    def __init__(self, banco: dict, redis_url: str, jwt_keys, pasta: Path, extra: dict | None = None):
        self.banco = banco
        self.pasta = Path(pasta)
        self.portas = {nome: porta_livre() for nome in SERVICOS}
        self.env = {
            "DATABASE_URL": banco["owner_url"],
            "APP_DATABASE_URL": banco["app_url"],
            "REDIS_URL": redis_url,
            "JWT_PUBLIC_KEYS": json.dumps({jwt_keys.kid: jwt_keys.public_pem}),
            "JWT_PRIVATE_KEY": jwt_keys.private_pem,
            "JWT_KID": jwt_keys.kid,
            "ERP_ADMIN_PASSWORD": "admin-falhas-123",
            "ERP_GATEWAY_SECRET": secrets.token_urlsafe(32),
            "WEB_CONCURRENCY": "1",
            **{url_variable(s): f"http://127.0.0.1:{p}" for s, p in self.portas.items()},
            **(extra or {}),
        }
        self.processos = {}
        self.redis = None  # the EmbeddedRedis, for a test that stops or freezes it

    def url(self, servico: str) -> str:
        return f"http://127.0.0.1:{self.portas[servico]}"

    def log(self, servico: str) -> str:
        return (self.pasta / f"{servico}.log").read_text(errors="replace")

    def bootstrap(self) -> None:
        with open(self.pasta / "bootstrap.log", "ab") as saida:
            run.run_bootstrap(self.portas, {**os.environ, **self.env}, [], saida)

    def iniciar(self, *servicos: str, env: dict | None = None) -> None:
        novos = {}
        for servico in servicos:
            with open(self.pasta / f"{servico}.log", "ab") as saida:
                novos[servico] = run.start_service(servico, self.portas, {**os.environ, **self.env, **(env or {})},
                                                   saida)
        self.processos.update(novos)
        try:
            run.wait_healthy(novos, self.portas)
        except run.ServiceFailed as erro:
            raise run.ServiceFailed(f"{erro}\n" + "\n".join(self.log(s)[-3000:] for s in novos)) from None

    def _sinal(self, servico: str, sinal: int) -> None:
        try:
            os.killpg(self.processos[servico].pid, sinal)
        except ProcessLookupError:
            pass

    def congelar(self, servico: str) -> None:
        self._sinal(servico, signal.SIGSTOP)

    def descongelar(self, servico: str) -> None:
        self._sinal(servico, signal.SIGCONT)

    def matar(self, servico: str) -> None:
        """SIGKILL to the master and every worker: the port closes, connections are refused."""
        self._sinal(servico, signal.SIGCONT)
        self._sinal(servico, signal.SIGKILL)
        self.processos.pop(servico).wait()

    @staticmethod
    def matar_worker(pid: int) -> None:
        """SIGKILL to one worker, in the middle of whatever it does; its master starts another."""
        os.kill(pid, signal.SIGKILL)

    def workers(self, servico: str) -> list[int]:
        """The pids of the service's gunicorn workers (the master's children)."""
        mestre = self.processos[servico].pid
        filhos = Path(f"/proc/{mestre}/task/{mestre}/children").read_text().split()
        return [int(pid) for pid in filhos]

    def parar(self) -> None:
        for servico in list(self.processos):
            self._sinal(servico, signal.SIGCONT)
        run.stop_processes(list(self.processos.values()))
        self.processos.clear()


def sql(url: str, consulta: str, parametros=(), empresa_id: int | None = None) -> list[dict] | None:
    """One statement as the tables' owner (setup and inspection), as `empresa_id` when given."""
    conn = psycopg2.connect(url, connect_timeout=5)
    try:
        with conn, conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
            if empresa_id is not None:
                cur.execute("SELECT set_config('app.empresa_id', %s, true)", (str(empresa_id),))
            cur.execute(consulta, parametros)
            return cur.fetchall() if cur.description else None
    finally:
        conn.close()


def escrevendo_em(owner_url: str, tabela: str) -> bool:
    """A transaction on this database has inserted into `tabela` and not yet ended: the write
    a test wants to cut in the middle is under way."""
    return bool(sql(owner_url, """SELECT 1 FROM pg_locks
                                   WHERE database = (SELECT oid FROM pg_database WHERE datname = current_database())
                                     AND relation = %s::regclass AND mode = 'RowExclusiveLock' AND granted""",
                    (tabela,)))


def cadastrar_basico(owner_url: str, empresa_id: int) -> dict:
    """An empresa with a conta and the payroll's categorias, as owner: {conta, salarios, encargos}."""
    sql(owner_url, "INSERT INTO auth.empresas (id, nome) VALUES (%s, %s) ON CONFLICT DO NOTHING",
        (empresa_id, f"Estúdio {empresa_id}"))

    def um(consulta):
        return sql(owner_url, consulta + " RETURNING id", (empresa_id,))[0]["id"]

    return {
        "conta": um("""INSERT INTO cadastros.contas (empresa_id, nome, nome_busca, tipo, banco, saldo_inicial,
                                                     data_saldo_inicial, ativa)
                       VALUES (%s, 'Banco do estúdio', 'banco do estudio', 'CORRENTE', '001', 0, '2026-01-01',
                               true)"""),
        "salarios": um("""INSERT INTO cadastros.categorias (empresa_id, nome, nome_busca, tipo, ordem)
                          VALUES (%s, 'Salários', 'salarios', 'DESPESA', 0)"""),
        "encargos": um("""INSERT INTO cadastros.categorias (empresa_id, nome, nome_busca, tipo, ordem)
                          VALUES (%s, 'Encargos sociais', 'encargos sociais', 'DESPESA', 1)"""),
    }
