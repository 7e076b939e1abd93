"""`make run`: the whole ERP on this machine with one command.

Uses DATABASE_URL / REDIS_URL when they are set; otherwise starts a private PostgreSQL and Redis
under .erp/ (their data is kept for the next run). Then the JWT keys and the gateway's secret, the
migrations, the auth-api bootstrap (admin and demo data), and the eight services under gunicorn,
their output interleaved with the service name in front. Only the frontend (the gateway) listens on
every interface; the seven APIs bind to loopback. Ctrl-C (or SIGTERM, SIGHUP) stops everything and
exits 0; further signals during the stop are ignored, so it always stops every child it started.

The functions that start, watch and stop services are also used by the test harness (conftest.py).
"""
import argparse
import atexit
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import contextmanager

import psycopg2

from shared.config import REPO_ROOT, RUNTIME_ENV, SERVICOS, STATE_DIR, Config, url_variable
from shared.demo_ao_vivo import VARIAVEL_TOKEN
from shared.migrator import migrar
from tools import embedded

GUNICORN_CONF = REPO_ROOT / "shared" / "gunicorn_conf.py"
NAME_WIDTH = max(map(len, SERVICOS))
HEALTH_TIMEOUT = 60
STOP_TIMEOUT = 10
# SIGHUP too: closing the terminal must not leave the services (each in its own session) running.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
# Health checks go straight to loopback, never through an HTTP proxy from the environment.
_http = urllib.request.build_opener(urllib.request.ProxyHandler({}))


# Settings one service runs with, beyond shared/gunicorn_conf.py's defaults (their Dockerfiles set
# the same). An open Server-Sent Events stream holds a thread for as long as the page is open: in
# dashboard-api, which writes it, and in the frontend, which forwards it. So both run gthread with
# many threads: an idle thread costs little memory (issue 7 measured 300 idle streams, see
# dashboard-api/README.md), and a sync worker would be tied up by one open dashboard.
# And the frontend is the edge here: no proxy in front of it whose X-Forwarded-For it may believe
# (behind Railway's edge, its variables set ERP_PROXY_HOPS=1).
MUITAS_THREADS = {"GUNICORN_WORKER_CLASS": "gthread", "GUNICORN_THREADS": "256"}
OWN_ENV = {
    "frontend": {**MUITAS_THREADS, "ERP_PROXY_HOPS": "0"},
    "dashboard-api": MUITAS_THREADS,
}
# The APIs are reached through the gateway only: bound to loopback (shared/gunicorn_conf.py reads
# ERP_BIND_HOST), nobody on the network can call them with a forged X-Forwarded-For.
LOOPBACK = "127.0.0.1"


class ServiceFailed(RuntimeError):
    """A service (or the bootstrap) did not come up; the message is for the user, in pt-BR."""


def service_env(name: str, ports: dict, base: dict) -> dict:
    """The environment of one service: `base` plus its port, its import path and where the others are."""
    env = dict(base)
    env.update({url_variable(other): f"http://127.0.0.1:{port}" for other, port in ports.items()})
    env.update(
        PORT=str(ports[name]),
        ERP_SERVICE=name,
        PYTHONPATH=os.pathsep.join([str(REPO_ROOT), str(REPO_ROOT / name)]),
        PYTHONUNBUFFERED="1",
    )
    for key, value in OWN_ENV.get(name, {}).items():
        env.setdefault(key, value)  # a value set in the environment still wins
    if name != "frontend":
        env.setdefault("ERP_BIND_HOST", LOOPBACK)
    return env


def start_service(name: str, ports: dict, base: dict, output) -> subprocess.Popen:
    """Starts one service's gunicorn; its stdout and stderr go to `output` (a file or PIPE)."""
    package = SERVICOS[name][0]
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF), f"{package}:create_app()"],
        cwd=REPO_ROOT,
        env=service_env(name, ports, base),
        stdin=subprocess.DEVNULL,
        stdout=output,
        stderr=subprocess.STDOUT,
        # Own process group: Ctrl-C reaches only the runner, which then stops services in order.
        start_new_session=True,
    )


def healthy(port: int) -> bool:
    try:
        with _http.open(f"http://127.0.0.1:{port}/health", timeout=2) as response:
            return response.status == 200
    except OSError:  # refused, reset, timeout, or an HTTP error status
        return False


def wait_healthy(processes: dict, ports: dict, timeout: float = HEALTH_TIMEOUT) -> None:
    """Returns when every service answers GET /health with 200; raises ServiceFailed otherwise."""
    deadline = time.monotonic() + timeout
    pending = set(processes)
    while pending:
        for name in sorted(pending):
            code = processes[name].poll()
            if code is not None:
                raise ServiceFailed(f"{name} terminou durante a partida (código {code})")
            if healthy(ports[name]):
                pending.discard(name)
        if pending and time.monotonic() > deadline:
            raise ServiceFailed(f"sem resposta 200 em /health após {timeout:.0f} s: {', '.join(sorted(pending))}")
        time.sleep(0.2)


def stop_processes(processes, timeout: float = STOP_TIMEOUT) -> None:
    """SIGTERM (gunicorn's graceful stop), then SIGKILL to the whole group of whoever is left."""
    processes = [p for p in processes if p.poll() is None]
    for process in processes:
        process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for process in processes:
        try:
            process.wait(max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait()


def _run_module(servico: str, modulo: str, args: list, ports: dict, base: dict, output, what: str) -> None:
    """`python -m MODULO ARGS` in `servico`'s environment, to its end; ServiceFailed if it fails."""
    result = subprocess.run(
        [sys.executable, "-m", modulo, *args],
        cwd=REPO_ROOT,
        env=service_env(servico, ports, base),
        stdin=subprocess.DEVNULL,
        stdout=output,
        stderr=subprocess.STDOUT if output else None,
    )
    if result.returncode != 0:
        raise ServiceFailed(f"{what} falhou (código {result.returncode})")


def run_bootstrap(ports: dict, base: dict, args: list, output=None) -> None:
    """`python -m auth.bootstrap ARGS` in auth-api's environment (admin, and demo data with --demo)."""
    _run_module("auth-api", "auth.bootstrap", args, ports, base, output, "o bootstrap do auth-api")


# Each module's part of the demo studio, in the order their data depends on one another. Those in
# DEMOS write their own schema before the services start; those in DEMOS_AO_VIVO change other
# services' data too, which only those services' HTTP APIs may do, so they run once every service
# answers, as the installation itself (a token from `python -m auth.instalacao`).
DEMOS = (("cadastros-api", "cadastros.demo"), ("financeiro-api", "financeiro.demo"), ("rh-api", "rh.demo"))
DEMOS_AO_VIVO = (("operacional-api", "operacional.demo"), ("rh-api", "rh.demo_ao_vivo"))


def run_demos(ports: dict, base: dict, output=None, empresa_id: int | None = None) -> None:
    """The demo studio's life in each module of DEMOS, for the empresa auth's bootstrap created (or
    the one given): each module writes its own schema, once (a later run finds it there and does
    nothing)."""
    for servico, modulo in DEMOS:
        _run_module(servico, modulo, ["--empresa", str(_empresa_demo(empresa_id))], ports, base, output,
                    f"a demonstração de {servico}")


def run_demos_ao_vivo(ports: dict, base: dict, output=None, empresa_id: int | None = None) -> None:
    """The modules of DEMOS_AO_VIVO, with every service up (the same once-only rule)."""
    empresa = str(_empresa_demo(empresa_id))
    env = {**base, VARIAVEL_TOKEN: _token_da_instalacao(ports, base, empresa)}
    for servico, modulo in DEMOS_AO_VIVO:
        _run_module(servico, modulo, ["--empresa", empresa], ports, env, output, f"a demonstração de {servico}")


def _empresa_demo(empresa_id: int | None) -> int | str:
    if empresa_id is not None:
        return empresa_id
    return (STATE_DIR / "empresa-demo").read_text(encoding="utf-8").strip()


def _token_da_instalacao(ports: dict, base: dict, empresa: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "auth.instalacao", "--empresa", empresa],
        cwd=REPO_ROOT, env=service_env("auth-api", ports, base), stdin=subprocess.DEVNULL,
        capture_output=True, text=True,
    )
    # The token is the last line; the app's JSON log lines, if any, come before it.
    linhas = result.stdout.strip().splitlines()
    if result.returncode != 0 or not linhas or linhas[-1].count(".") != 2:
        raise ServiceFailed(f"o token da instalação falhou (código {result.returncode}): {result.stderr[-2000:]}")
    return linhas[-1]


def _say(text: str, stream=None) -> None:
    """Prints, unless the terminal is gone (SIGHUP): that must not stop the shutdown."""
    try:
        print(text, file=stream or sys.stdout, flush=True)
    except (OSError, ValueError):
        pass


def _relay(name: str, stream, lock: threading.Lock) -> None:
    prefix = f"{name:<{NAME_WIDTH}} | "
    for line in stream:  # read to the end even when the terminal is gone, or the service would block
        with lock:
            _say(prefix + line.decode("utf-8", "replace").rstrip("\n"))


class StopSignals:
    """SIGINT, SIGTERM and SIGHUP in main(): the first one raises KeyboardInterrupt, once; the rest
    are ignored.

    GNU make forwards SIGTERM to its child, so `kill -TERM -<group>` of `make run` reaches the
    runner twice. A second KeyboardInterrupt raised inside the shutdown escaped the `finally` and
    left the services (each in its own session) and Redis running. So the handler stays installed
    and does nothing once stopping (rather than SIG_IGN, which races with a signal already caught
    and not yet handled). Where a child is started and recorded, the signal waits for the end of
    the step (`deferred`), so the shutdown never misses a child it did not know about.
    """

    def __init__(self):
        self.stopping = False
        self._deferring = 0
        self._pending = False

    def install(self) -> None:
        # SIGINT too: started in the background by a script, we inherit it ignored, and `kill -INT` must work.
        for signum in STOP_SIGNALS:
            signal.signal(signum, self._handle)

    def _handle(self, signum, frame) -> None:
        if self._deferring:
            self._pending = True
        else:
            self.stop()

    def stop(self) -> None:
        """Starts the stop: raises KeyboardInterrupt the first time, does nothing after."""
        # A nested call (a signal handled between these lines) either returns here or raises the one
        # KeyboardInterrupt itself, out through this frame: either way exactly one is raised.
        if self.stopping:
            return
        self.stopping = True
        raise KeyboardInterrupt

    @contextmanager
    def deferred(self):
        """A stop signal that arrives inside takes effect at its end."""
        self._deferring += 1
        try:
            yield
        finally:
            self._deferring -= 1
            if self._pending and not self._deferring:
                self.stop()


def _write_private(path, text: str) -> None:
    """Writes `path` readable by this user only (it holds the gateway's secret), atomically."""
    staged = path.with_name(path.name + ".tmp")
    staged.unlink(missing_ok=True)
    fd = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)
    staged.replace(path)


def _start_infrastructure(stack: list, signals: StopSignals) -> dict:
    """DATABASE_URL, REDIS_URL and ERP_GATEWAY_SECRET: the given ones, or private servers appended
    to `stack` and the secret kept in the state directory; written to .erp/runtime.env too."""
    runtime = {}
    database_url = os.environ.get("DATABASE_URL")
    if not database_url:
        postgres = embedded.EmbeddedPostgres(STATE_DIR / "pg")
        stack.append(postgres)
        _say("iniciando o PostgreSQL embutido em .erp/pg ...")
        with signals.deferred():
            database_url = embedded.ensure_database(postgres.start(), "erp")
    runtime["DATABASE_URL"] = database_url
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        redis = embedded.EmbeddedRedis(STATE_DIR, data_dir=STATE_DIR / "redis")
        stack.append(redis)
        _say("iniciando o Redis embutido em .erp/redis ...")
        with signals.deferred():
            redis_url = redis.start()
    runtime["REDIS_URL"] = redis_url
    runtime["ERP_GATEWAY_SECRET"] = os.environ.get("ERP_GATEWAY_SECRET") or embedded.ensure_gateway_secret(STATE_DIR)
    _write_private(RUNTIME_ENV, "".join(f"{key}={value}\n" for key, value in runtime.items()))
    return runtime


def _shutdown(processes: dict, relays: list, stack: list) -> bool:
    """Stops every child: services (SIGKILL after STOP_TIMEOUT), then Redis and PostgreSQL.

    Each step runs whatever the one before it raised; True when all went well.
    """
    ok = True
    steps = [lambda: stop_processes(processes.values())]
    steps += [server.stop for server in reversed(stack)]
    steps += [lambda: RUNTIME_ENV.unlink(missing_ok=True)]
    for step in steps:
        try:
            step()
        except Exception as error:  # noqa: BLE001 - the next child must still be stopped
            _say(f"erro ao parar: {error!r}", sys.stderr)
            ok = False
    for relay in relays:
        relay.join(timeout=2)
    return ok


def ports_from(base_port: int) -> dict:
    """Each service's port, the table's (5000-5007) moved to start at `base_port`."""
    first = SERVICOS["frontend"][1]
    return {name: base_port + port - first for name, (_, port) in SERVICOS.items()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="make run", description="Sobe o ERP Web inteiro nesta máquina.")
    parser.add_argument("--no-demo", action="store_true", help="não cria a empresa, o usuário e os dados de demonstração")
    parser.add_argument("--base-port", type=int, default=SERVICOS["frontend"][1], metavar="PORTA",
                        help="porta do frontend; os outros serviços usam as sete seguintes (padrão: %(default)s)")
    options = parser.parse_args(argv)

    signals = StopSignals()
    signals.install()
    stack = []  # private servers, stopped last, in reverse order
    processes = {}
    relays = []
    outcome = []  # _shutdown's result, once it ran

    def stop_all() -> bool:
        signals.stopping = True  # first: from here on every stop signal is ignored
        if not outcome:
            outcome.append(_shutdown(processes, relays, stack))
        return outcome[0]

    # The one KeyboardInterrupt may also land after an error and before the `finally` below gets
    # to stop_all(); then it runs at the interpreter's exit.
    atexit.register(stop_all)
    code = 0
    try:
        STATE_DIR.mkdir(parents=True, exist_ok=True)
        base = {**os.environ, **_start_infrastructure(stack, signals)}
        embedded.ensure_jwt_keys(STATE_DIR / "keys")
        cfg = Config.from_env("runner", base)
        for applied in migrar(cfg.database_url, cfg.app_db_role, cfg.app_db_password):
            _say(f"migração aplicada: {applied}")
        ports = ports_from(options.base_port)
        run_bootstrap(ports, base, [] if options.no_demo else ["--demo"])
        if not options.no_demo:
            run_demos(ports, base)

        lock = threading.Lock()
        for name in SERVICOS:
            with signals.deferred():
                processes[name] = start_service(name, ports, base, subprocess.PIPE)
                relay = threading.Thread(target=_relay, args=(name, processes[name].stdout, lock), daemon=True)
                relay.start()
                relays.append(relay)
        wait_healthy(processes, ports)
        if not options.no_demo:
            run_demos_ao_vivo(ports, base)
        _say(
            f"\nERP Web no ar: http://localhost:{ports['frontend']}\n"
            "As credenciais de acesso foram impressas acima pelo bootstrap do auth-api.\n"
            "Ctrl-C para parar.\n"
        )
        while True:
            time.sleep(0.5)
            for name, process in processes.items():
                if process.poll() is not None:
                    raise ServiceFailed(f"{name} terminou inesperadamente (código {process.returncode})")
    except KeyboardInterrupt:
        _say("\nparando o ERP Web ...")
    except (RuntimeError, psycopg2.Error) as error:  # ServiceFailed, a changed migration, a server
        _say(f"\nerro: {error}; parando tudo.", sys.stderr)
        code = 1
    finally:
        if not stop_all():
            code = 1
        _say("ERP Web parado.")
    return code


if __name__ == "__main__":
    sys.exit(main())
