"""`make run`: the whole ERP on this machine with one command.

Uses DATABASE_URL / REDIS_URL when they are set; otherwise starts a private PostgreSQL and Redis
under .erp/ (their data is kept for the next run). Then the JWT keys, the migrations, the auth-api
bootstrap (admin and demo data), and the eight services under gunicorn, their output interleaved
with the service name in front. Ctrl-C (or SIGTERM) stops everything and exits 0.

The functions that start, watch and stop services are also used by the test harness (conftest.py).
"""
import argparse
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request

import psycopg2

from shared.config import REPO_ROOT, RUNTIME_ENV, SERVICOS, STATE_DIR, Config, url_variable
from shared.migrator import migrar
from tools import embedded

GUNICORN_CONF = REPO_ROOT / "shared" / "gunicorn_conf.py"
NAME_WIDTH = max(map(len, SERVICOS))
HEALTH_TIMEOUT = 60
STOP_TIMEOUT = 10
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


def run_bootstrap(ports: dict, base: dict, args: list, output=None) -> None:
    """`python -m auth.bootstrap ARGS` in auth-api's environment (admin, and demo data with --demo)."""
    result = subprocess.run(
        [sys.executable, "-m", "auth.bootstrap", *args],
        cwd=REPO_ROOT,
        env=service_env("auth-api", ports, base),
        stdin=subprocess.DEVNULL,
        stdout=output,
        stderr=subprocess.STDOUT if output else None,
    )
    if result.returncode != 0:
        raise ServiceFailed(f"o bootstrap do auth-api falhou (código {result.returncode})")


def _relay(name: str, stream, lock: threading.Lock) -> None:
    prefix = f"{name:<{NAME_WIDTH}} | "
    for line in stream:
        with lock:
            sys.stdout.write(prefix + line.decode("utf-8", "replace").rstrip("\n") + "\n")
            sys.stdout.flush()


def _stop(signum, frame):
    raise KeyboardInterrupt


def _start_infrastructure(stack: list) -> dict:
    """DATABASE_URL and REDIS_URL: the given ones, or private servers appended to `stack`."""
    urls = {}
    database_url = os.environ.get("DATABASE_URL")
    if not database_url:
        postgres = embedded.EmbeddedPostgres(STATE_DIR / "pg")
        stack.append(postgres)
        print("iniciando o PostgreSQL embutido em .erp/pg ...", flush=True)
        database_url = embedded.ensure_database(postgres.start(), "erp")
    urls["DATABASE_URL"] = database_url
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        redis = embedded.EmbeddedRedis(STATE_DIR, data_dir=STATE_DIR / "redis")
        stack.append(redis)
        print("iniciando o Redis embutido em .erp/redis ...", flush=True)
        redis_url = redis.start()
    urls["REDIS_URL"] = redis_url
    RUNTIME_ENV.write_text("".join(f"{key}={value}\n" for key, value in urls.items()))
    return urls


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="make run", description="Sobe o ERP Web inteiro nesta máquina.")
    parser.add_argument("--no-demo", action="store_true", help="não cria a empresa e o usuário de demonstração")
    options = parser.parse_args(argv)

    # SIGINT too: started in the background by a script, we inherit it ignored, and `kill -INT` must work.
    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    stack = []  # private servers, stopped last, in reverse order
    processes = {}
    relays = []
    try:
        STATE_DIR.mkdir(parents=True, exist_ok=True)
        base = {**os.environ, **_start_infrastructure(stack)}
        embedded.ensure_jwt_keys(STATE_DIR / "keys")
        cfg = Config.from_env("runner", base)
        for applied in migrar(cfg.database_url, cfg.app_db_role, cfg.app_db_password):
            print(f"migração aplicada: {applied}", flush=True)
        ports = {name: port for name, (_, port) in SERVICOS.items()}
        run_bootstrap(ports, base, [] if options.no_demo else ["--demo"])

        lock = threading.Lock()
        for name in SERVICOS:
            processes[name] = start_service(name, ports, base, subprocess.PIPE)
            relay = threading.Thread(target=_relay, args=(name, processes[name].stdout, lock), daemon=True)
            relay.start()
            relays.append(relay)
        wait_healthy(processes, ports)
        print(
            "\nERP Web no ar: http://localhost:5000\n"
            "As credenciais de acesso foram impressas acima pelo bootstrap do auth-api.\n"
            "Ctrl-C para parar.\n",
            flush=True,
        )
        while True:
            time.sleep(0.5)
            for name, process in processes.items():
                if process.poll() is not None:
                    raise ServiceFailed(f"{name} terminou inesperadamente (código {process.returncode})")
    except KeyboardInterrupt:
        print("\nparando o ERP Web ...", flush=True)
        return 0
    except (RuntimeError, psycopg2.Error) as error:  # ServiceFailed, a changed migration, a server
        print(f"\nerro: {error}; parando tudo.", file=sys.stderr, flush=True)
        return 1
    finally:
        # A second Ctrl-C must not leave half the system running.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        stop_processes(processes.values())
        for relay in relays:
            relay.join(timeout=2)
        for server in reversed(stack):
            server.stop()
        RUNTIME_ENV.unlink(missing_ok=True)
        print("ERP Web parado.", flush=True)


if __name__ == "__main__":
    sys.exit(main())
