"""The test harness every test folder shares (`tests/` and each `<servico>/tests/`).

Servers: TEST_DATABASE_URL / TEST_REDIS_URL when set (a PostgreSQL where tests may create
databases and whose `erp_app` role may log in without a password; a Redis tests may flush);
otherwise a private PostgreSQL under .erp/test-pg (its data kept between runs for speed, the server
stopped at the end) and a private redis-server for the session.

Databases: the migrations run once per session into a template; each test module gets its own copy
(`database`), so modules never see each other's rows and never pay for migrations again.

Nothing here needs the service packages, so tests of shared/ and tools/ run before services exist;
only `live_services` starts them, and only for the tests that ask for it.
"""
import atexit
import importlib
import itertools
import json
import logging
import os
import secrets
import shutil
import socket
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

# Before shared.config is imported: tests must not pick up a developer's `make run` state
# (.erp/runtime.env, .erp/keys) through the config fallbacks, nor may the services they start.
_STATE_DIR = tempfile.mkdtemp(prefix="erp-test-state-")
os.environ["ERP_STATE_DIR"] = _STATE_DIR
atexit.register(shutil.rmtree, _STATE_DIR, True)

import jwt  # noqa: E402
import psycopg2  # noqa: E402
import psycopg2.extras  # noqa: E402
import pytest  # noqa: E402
import redis  # noqa: E402
import requests  # noqa: E402
from hypothesis import settings  # noqa: E402

from shared.config import REPO_ROOT, SERVICOS, app_database_url, url_variable  # noqa: E402
from shared.migrator import migrar  # noqa: E402
from tools import embedded, run  # noqa: E402

APP_ROLE = "erp_app"
ADMIN_PASSWORD = "admin-teste-123"
# The live services' ERP_GATEWAY_SECRET (shared/encaminhamento.py), as `make run` generates one;
# apps built in-process (service_env) get none unless a test gives it.
GATEWAY_SECRET = secrets.token_urlsafe(32)

# Each service folder on the path, so its tests `import financeiro`; the package names differ,
# so all of them can be there at once.
for _servico in SERVICOS:
    sys.path.insert(0, str(REPO_ROOT / _servico))

# Examples that go to the database take uneven time on a 2-core CI machine: no per-example deadline.
settings.register_profile("erp", deadline=None)
settings.load_profile("erp")


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session):
    # Before the session's servers stop: apps built in-process keep daemon threads (the event
    # subscriber) that would log their reconnection attempts below pytest's closing summary.
    logging.disable(logging.INFO)


@dataclass(frozen=True)
class ScratchDatabase:
    name: str
    owner_url: str  # the tables' owner: migrations, fixtures that bypass RLS on purpose
    app_url: str  # the app role, as the services connect: RLS applies


@dataclass(frozen=True)
class JwtKeys(embedded.KeyPair):
    other: embedded.KeyPair  # an unrelated pair, for "signed with another key" tests


@pytest.fixture(scope="session")
def pg_owner_url():
    """Owner URL of a PostgreSQL server (database `postgres`) where tests create databases."""
    external = os.environ.get("TEST_DATABASE_URL")
    if external:
        yield external
        return
    server = embedded.EmbeddedPostgres(REPO_ROOT / ".erp" / "test-pg", embedded.TEST_SETTINGS)
    yield server.start()
    server.stop()


@pytest.fixture(scope="session")
def _private_redis(tmp_path_factory):
    if os.environ.get("TEST_REDIS_URL"):
        yield None
        return
    server = embedded.EmbeddedRedis(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def redis_url(_private_redis):
    return os.environ.get("TEST_REDIS_URL") or _private_redis.url


@pytest.fixture
def redis_server(_private_redis):
    """The session's Redis as a handle with stop() and start(), for outage tests.

    Started again after the test, whatever it did. Skips when TEST_REDIS_URL is external.
    """
    if _private_redis is None:
        pytest.skip("TEST_REDIS_URL aponta para um Redis externo, que os testes não derrubam")
    yield _private_redis
    _private_redis.start()


@pytest.fixture(scope="session")
def jwt_keys(tmp_path_factory):
    folder = tmp_path_factory.mktemp("jwt")
    current, other = (
        embedded.load_key_pair(folder / name, embedded.ensure_jwt_keys(folder / name)) for name in ("a", "b")
    )
    return JwtKeys(current.kid, current.private_pem, current.public_pem, other=other)


@pytest.fixture(scope="session")
def assinar_token(jwt_keys):
    """Signs a token as auth-api would, for tests of the other services' side of authentication.

    `assinar_token(perms=["cadastros:ler"], emp=2)` changes claims; a value of `...` drops one.
    """
    def assinar(**mudancas) -> str:
        agora = int(time.time())
        claims = {"iss": "erp-web-auth", "aud": "erp-web", "iat": agora, "exp": agora + 300, "sub": "1",
                  "sid": "sessao-de-teste", "usr": "teste", "emp": 1, "perms": [], "csrf": "x"}
        claims.update(mudancas)
        claims = {k: v for k, v in claims.items() if v is not ...}
        return jwt.encode(claims, jwt_keys.private_pem, algorithm="EdDSA", headers={"kid": jwt_keys.kid})
    return assinar


@pytest.fixture
def como(app, assinar_token, permissoes_de_escrita):
    """`como(empresa_id, perms=..., usuario_id=...)` → a test client of the service's `app` acting
    as a user of that empresa, with the service's `permissoes_de_escrita` unless `perms` is given.

    The service's tests/conftest.py provides `app` and `permissoes_de_escrita`; the token is signed
    as auth-api would sign it, so no auth-api is needed.
    """
    def cliente(empresa_id: int = 1, perms=None, usuario_id: int = 1):
        c = app.test_client()
        permissoes = permissoes_de_escrita if perms is None else perms
        token = assinar_token(emp=empresa_id, perms=list(permissoes), sub=str(usuario_id))
        c.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        return c
    return cliente


# Ids no other test of the session uses: each test's rows live in an empresa of its own.
_empresas_de_teste = itertools.count(1001)


@pytest.fixture
def nova_empresa():
    """`nova_empresa()` → an empresa id no other test uses."""
    return lambda: next(_empresas_de_teste)


@pytest.fixture
def empresa(nova_empresa):
    return nova_empresa()


@pytest.fixture
def cliente(como, empresa):
    """A user with the service's write permission in an empresa of this test alone."""
    return como(empresa)


@pytest.fixture(scope="session")
def template_db(pg_owner_url):
    """Name of a database with every migration applied, to copy from; dropped at session end."""
    name = f"erp_template_{secrets.token_hex(4)}"
    url = embedded.create_database(pg_owner_url, name)
    try:
        migrar(url, APP_ROLE, "")
        yield name
    finally:
        embedded.drop_database(pg_owner_url, name)


def _copy_of(template: str, owner_url: str, prefix: str) -> ScratchDatabase:
    name = f"{prefix}_{secrets.token_hex(4)}"
    url = embedded.create_database(owner_url, name, template=template)
    return ScratchDatabase(name, url, app_database_url(url, APP_ROLE, ""))


@pytest.fixture(scope="module")
def database(pg_owner_url, template_db):
    """This module's own migrated database."""
    db = _copy_of(template_db, pg_owner_url, "erp_t")
    yield db
    embedded.drop_database(pg_owner_url, db.name)


@pytest.fixture
def sql_dono(database):
    """Runs one statement as the tables' owner, behind the API's back (setup and inspection);
    with `empresa_id`, as that empresa (for an owner that row-level security still applies to)."""
    def sql_dono(consulta: str, parametros=(), empresa_id: int | None = None) -> list[dict] | None:
        conn = psycopg2.connect(database.owner_url)
        try:
            with conn, conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
                if empresa_id is not None:
                    cur.execute("SELECT set_config('app.empresa_id', %s, true)", (str(empresa_id),))
                cur.execute(consulta, parametros)
                return cur.fetchall() if cur.description else None
        finally:
            conn.close()
    return sql_dono


def _overrides(db: ScratchDatabase, redis_url: str, jwt_keys: JwtKeys) -> dict:
    return {
        "DATABASE_URL": db.owner_url,
        "APP_DATABASE_URL": db.app_url,
        "REDIS_URL": redis_url,
        "JWT_PUBLIC_KEYS": json.dumps({jwt_keys.kid: jwt_keys.public_pem}),
        "JWT_PRIVATE_KEY": jwt_keys.private_pem,
        "JWT_KID": jwt_keys.kid,
        "ERP_ADMIN_PASSWORD": ADMIN_PASSWORD,
    }


@pytest.fixture(scope="module")
def service_env(database, redis_url, jwt_keys):
    """Overrides for `Config.from_env(servico, service_env)`: this module's database, Redis, keys."""
    # Ids restart in every copy of the template, so a cache entry or a revoked session left in
    # Redis by an earlier module would apply to this module's rows: every module starts empty.
    with redis.Redis.from_url(redis_url) as client:
        client.flushdb()
    return _overrides(database, redis_url, jwt_keys)


class LiveServices:
    """The eight services under gunicorn on free ports, started the way `make run` starts them."""

    def __init__(self, env: dict, ports: dict, log_dir: Path, database: ScratchDatabase, redis_server):
        self.env = env  # the variables given to every service (plus its own PORT and PYTHONPATH)
        self.ports = ports
        self.log_dir = log_dir
        self.database = database
        self.redis = redis_server  # an EmbeddedRedis to stop() and start(), or None if external
        self._processes = {}

    def url(self, servico: str) -> str:
        return f"http://127.0.0.1:{self.ports[servico]}"

    def log(self, servico: str) -> str:
        """Everything the service printed so far (its JSON log lines included)."""
        return (self.log_dir / f"{servico}.log").read_text(errors="replace")

    def bootstrap(self, *args: str) -> None:
        self._executar("bootstrap", lambda base, output: run.run_bootstrap(self.ports, base, list(args), output))

    def demo(self, empresa_id: int) -> None:
        """Every module's part of the demo studio, in `empresa_id`, as `make run` writes it."""
        self._executar("demo", lambda base, output: run.run_demos(self.ports, base, output, empresa_id))
        self._executar("demo", lambda base, output: run.run_demos_ao_vivo(self.ports, base, output, empresa_id))

    def _executar(self, nome: str, comando) -> None:
        """Runs one of the runner's steps with the services' variables; its output in the failure."""
        output_path = self.log_dir / f"{nome}.log"
        with open(output_path, "ab") as output:
            try:
                comando({**os.environ, **self.env}, output)
            except run.ServiceFailed as error:
                raise run.ServiceFailed(f"{error}\n{output_path.read_text(errors='replace')}") from None

    def start(self, *servicos: str) -> None:
        """Starts the given services (all when none is named) and waits for their /health."""
        started = {}
        for servico in servicos or SERVICOS:
            if servico in self._processes and self._processes[servico].poll() is None:
                continue
            with open(self.log_dir / f"{servico}.log", "ab") as output:
                started[servico] = run.start_service(servico, self.ports, {**os.environ, **self.env}, output)
        self._processes.update(started)
        try:
            run.wait_healthy(started, self.ports)
        except run.ServiceFailed as error:
            logs = "\n".join(f"--- {s}\n{self.log(s)[-3000:]}" for s in started)
            raise run.ServiceFailed(f"{error}\n{logs}") from None

    def stop(self, *servicos: str) -> None:
        """Stops the given services (all when none is named)."""
        names = servicos or list(self._processes)
        run.stop_processes([self._processes.pop(s) for s in names if s in self._processes])


def _free_ports(count: int) -> list[int]:
    # The kernel's picks from the ephemeral range: never 5000-5007, where `make run` may be up.
    # All sockets stay open until every port is picked, so no port is handed out twice.
    sockets = [socket.socket() for _ in range(count)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


@pytest.fixture(scope="session")
def live_services(pg_owner_url, template_db, _private_redis, redis_url, jwt_keys, tmp_path_factory):
    """Real service processes, for tests that need HTTP between services, gunicorn, or outages.

    Own database (bootstrapped: admin / ADMIN_PASSWORD) and own Redis, so the module-level
    fixtures' flushes never touch them. Session-wide: a test that stops a service starts it again.
    """
    state = tmp_path_factory.mktemp("live")
    db = _copy_of(template_db, pg_owner_url, "erp_live")
    own_redis = None
    if _private_redis is None:
        # The last of Redis's 16 logical databases, away from the one the modules flush.
        live_redis_url = embedded.redis_url_with_db(redis_url, 15)
    else:
        own_redis = embedded.EmbeddedRedis(state / "redis")
        live_redis_url = own_redis.start()
    ports = dict(zip(SERVICOS, _free_ports(len(SERVICOS))))
    env = {
        **_overrides(db, live_redis_url, jwt_keys),
        **{url_variable(s): f"http://127.0.0.1:{p}" for s, p in ports.items()},
        "WEB_CONCURRENCY": "2",
        "ERP_GATEWAY_SECRET": GATEWAY_SECRET,
    }
    services = LiveServices(env, ports, state, db, own_redis)
    try:
        services.bootstrap()
        services.start()
        yield services
    finally:
        services.stop()
        if own_redis is not None:
            own_redis.stop()
        embedded.drop_database(pg_owner_url, db.name)


# ---------------------------------------------------------------- browser

CHROMIUM = os.environ.get("ERP_CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flag Chromium keeps dialling Google's hosts, which this
# network refuses; no sandbox because CI runs as root.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def navegador():
    """Debian's Chromium driven by Playwright (never a browser Playwright downloads).

    Missing Chromium skips the browser tests on a developer machine; `.ci/run` installs it and
    sets ERP_EXIGIR_NAVEGADOR=1, which turns the skip into a failure.
    """
    if not Path(CHROMIUM).is_file():
        mensagem = f"Chromium não encontrado em {CHROMIUM}: apt-get install -y chromium (ou defina ERP_CHROMIUM)"
        if os.environ.get("ERP_EXIGIR_NAVEGADOR"):
            pytest.fail(mensagem)
        pytest.skip(mensagem)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def abrir_pagina(navegador, live_services):
    """`abrir_pagina()` → a Playwright page in a fresh browser context (its own cookies) on the live
    frontend. Any uncaught script error, or anything the Content-Security-Policy refused, fails the
    test: both mean the app broke in a way the user would see.
    """
    contextos, problemas = [], []

    def abrir():
        contexto = navegador.new_context(base_url=live_services.url("frontend"), locale="pt-BR",
                                         timezone_id="America/Sao_Paulo")
        contextos.append(contexto)
        pagina = contexto.new_page()
        pagina.set_default_timeout(10_000)
        pagina.on("pageerror", lambda erro: problemas.append(f"erro de script: {erro}"))
        pagina.on("console", lambda msg: msg.type == "error" and "Content Security Policy" in msg.text
                  and problemas.append(f"CSP: {msg.text}"))
        return pagina

    yield abrir
    for contexto in contextos:
        contexto.close()
    assert not problemas, "\n".join(problemas)


class ClienteHttp(requests.Session):
    """HTTP to the live frontend as a script would: paths relative to it, a bearer token once logged in."""

    def __init__(self, base: str):
        super().__init__()
        self.base = base
        self.trust_env = False

    def request(self, method, url, *args, **kwargs):
        return super().request(method, self.base + url if url.startswith("/") else url, *args, **kwargs)

    def entrar(self, username: str, password: str, **extra) -> dict:
        resposta = self.post("/api/login", json={"username": username, "password": password, **extra})
        assert resposta.status_code == 200, resposta.text
        self.headers["Authorization"] = f"Bearer {resposta.json()['token']}"
        return resposta.json()

    def criar(self, caminho: str, **corpo) -> dict:
        """POSTs a record for a test's setup; anything but 201 fails the test there, naming the path."""
        resposta = self.post(caminho, json=corpo)
        assert resposta.status_code == 201, (caminho, resposta.text)
        return resposta.json()


@pytest.fixture(scope="module")
def admin_http(live_services):
    """The platform admin, logged in through the live frontend, for test setup (a module's tests
    last less than the access token's 10 minutes)."""
    cliente = ClienteHttp(live_services.url("frontend"))
    cliente.entrar("admin", ADMIN_PASSWORD)
    yield cliente
    cliente.close()


SENHA_DE_TESTE = "senha-forte-123"


@pytest.fixture(scope="module")
def nova_equipe(admin_http):
    """`nova_equipe(nome, {papel: [permissões]})` → a new empresa ("<nome> <sufixo>") and one user
    per papel in it, created through the live frontend: {"empresa", "sufixo", papel: user} (each
    user's dict has its username and password SENHA_DE_TESTE)."""
    def criar(nome: str, papeis: dict[str, list[str]]) -> dict:
        sufixo = secrets.token_hex(3)
        empresa = admin_http.post("/api/empresas", json={"nome": f"{nome} {sufixo}"})
        assert empresa.status_code == 201, empresa.text
        equipe = {"empresa": empresa.json(), "sufixo": sufixo}
        for papel, permissoes in papeis.items():
            pessoa = {"username": f"{papel}-{sufixo}", "nome": f"{papel.title()} {sufixo}", "password": SENHA_DE_TESTE,
                      "empresas": [empresa.json()["id"]], "permissoes": permissoes, "trocar_senha": False}
            criado = admin_http.post("/api/usuarios", json=pessoa)
            assert criado.status_code == 201, criado.text
            equipe[papel] = pessoa
        return equipe
    return criar


def entrar_no_app(pagina, username: str, password: str, esperar: bool = True) -> None:
    """Logs in through the SPA's login page, as a person would; waits for the shell unless told not to."""
    from playwright.sync_api import expect

    pagina.goto("/")
    expect(pagina.get_by_role("button", name="Entrar")).to_be_visible()
    pagina.get_by_label("Usuário").fill(username)
    pagina.get_by_label("Senha").fill(password)
    pagina.get_by_role("button", name="Entrar").click()
    if esperar:
        expect(pagina.get_by_role("navigation", name="Módulos")).to_be_visible()


@pytest.fixture(scope="session")
def entrar():
    """`entrar(pagina, username, password)`: the SPA's login, for browser tests of every module."""
    return entrar_no_app


# ---------------------------------------------------------------- a service in a thread


class ServicoEmThread:
    """A Flask app served over real HTTP by werkzeug in a thread of the test process, on a fixed
    port of 127.0.0.1: another service's URL for code that calls it (shared/servicos.py).

    `parar()` closes the listening socket, so connections are refused afterwards (the service is
    down); `iniciar()` serves again on the same port (it is back).
    """

    def __init__(self, app):
        self.app = app
        self.porta = _free_ports(1)[0]
        self.url = f"http://127.0.0.1:{self.porta}"
        self._servidor = None
        self._thread = None

    def iniciar(self) -> "ServicoEmThread":
        from werkzeug.serving import make_server

        if self._servidor is None:
            self._servidor = make_server("127.0.0.1", self.porta, self.app, threaded=True)
            # A short poll: shutdown() waits for it, and tests stop and start these often.
            self._thread = threading.Thread(target=self._servidor.serve_forever, kwargs={"poll_interval": 0.02},
                                            name=f"servico-{self.porta}", daemon=True)
            self._thread.start()
        return self

    def parar(self) -> None:
        if self._servidor is not None:
            self._servidor.shutdown()
            self._servidor.server_close()
            self._thread.join(timeout=10)
            self._servidor = self._thread = None


@pytest.fixture
def servico_em_thread():
    """`iniciar("financeiro-api", service_env)` → a `ServicoEmThread` running that service's real
    app (its package's `create_app(service_env)`: this module's database and Redis) at `.url`;
    `iniciar(app)` serves any Flask app given instead. Every one is stopped at the test's end.

    The service folders are on sys.path (above), so a service's package is imported by its name in
    shared.config.SERVICOS (`financeiro`, `cadastros`); those names differ, so all can coexist in
    one process. Pass `.url` to the caller as its `<SERVICO>_API_URL` override.
    """
    servicos = []

    def iniciar(servico, service_env: dict | None = None) -> ServicoEmThread:
        if isinstance(servico, str):
            pacote = importlib.import_module(SERVICOS[servico][0])
            app = pacote.create_app(service_env)
        else:
            app = servico
        em_thread = ServicoEmThread(app).iniciar()
        servicos.append(em_thread)
        return em_thread

    yield iniciar
    for em_thread in servicos:
        em_thread.parar()
