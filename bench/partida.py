"""Part 2: cold start — launching the runner (tools/run.py, what `make run` runs) until all eight
services answer GET /health with 200, with the virtualenv already installed.

Three starts, each timed from the runner's launch; each is then stopped as Ctrl-C would (SIGINT),
and the stop is timed too:

1. an empty state directory: the runner starts its own PostgreSQL (initdb) and Redis, then
   migrations, keys, the bootstrap with demo data and the services — a developer's first `make run`;
2. the same state directory again: data kept, nothing left to migrate — every later `make run`;
3. DATABASE_URL / REDIS_URL given (the bench's servers, an empty database): migrations, bootstrap
   and services, no server to start — the docker-compose / Railway shape.

The runner binds the fixed ports 5000-5007; when any of them is taken (a `make run` is up), this
part is skipped with a note rather than measuring the wrong thing.
"""
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from shared.config import REPO_ROOT, SERVICOS

from bench.infra import ADMIN_PASSWORD, Infra

PRAZO = 120  # seconds for one start, generous for a 2-core machine
PORTAS = {nome: porta for nome, (_, porta) in SERVICOS.items()}
_http = urllib.request.build_opener(urllib.request.ProxyHandler({}))
# Variables of a developer's shell that would point the runner elsewhere.
_DO_AMBIENTE = ("DATABASE_URL", "REDIS_URL", "APP_DATABASE_URL", "ERP_STATE_DIR", "JWT_PUBLIC_KEYS",
                "JWT_PRIVATE_KEY", "JWT_KID", "WEB_CONCURRENCY")


def portas_ocupadas() -> list[int]:
    ocupadas = []
    for porta in PORTAS.values():
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", porta)) == 0:
                ocupadas.append(porta)
    return ocupadas


def _saudavel(porta: int) -> bool:
    try:
        with _http.open(f"http://127.0.0.1:{porta}/health", timeout=1) as resposta:
            return resposta.status == 200
    except OSError:
        return False


def uma_partida(estado, log, extra: dict | None = None) -> tuple[float, float, dict]:
    """(seconds until all healthy, seconds to stop, seconds per service until it was healthy)."""
    ambiente = {k: v for k, v in os.environ.items() if k not in _DO_AMBIENTE}
    ambiente.update(ERP_STATE_DIR=str(estado), ERP_ADMIN_PASSWORD=ADMIN_PASSWORD, PYTHONUNBUFFERED="1",
                    **(extra or {}))
    with open(log, "ab") as saida:
        inicio = time.monotonic()
        runner = subprocess.Popen([sys.executable, "-m", "tools.run"], cwd=REPO_ROOT, env=ambiente,
                                  stdin=subprocess.DEVNULL, stdout=saida, stderr=subprocess.STDOUT,
                                  start_new_session=True)
        try:
            prontos = {}
            while len(prontos) < len(PORTAS):
                if runner.poll() is not None:
                    raise RuntimeError(f"o runner terminou (código {runner.returncode}) antes de tudo subir")
                if time.monotonic() - inicio > PRAZO:
                    raise RuntimeError(f"sem /health 200 em {PRAZO} s: {sorted(set(PORTAS) - set(prontos))}")
                for nome, porta in PORTAS.items():
                    if nome not in prontos and _saudavel(porta):
                        prontos[nome] = time.monotonic() - inicio
                time.sleep(0.05)
            subida = time.monotonic() - inicio
        finally:
            inicio_parada = time.monotonic()
            if runner.poll() is None:
                runner.send_signal(signal.SIGINT)  # Ctrl-C: the runner stops services, then servers
                try:
                    runner.wait(60)
                except subprocess.TimeoutExpired:
                    os.killpg(runner.pid, signal.SIGKILL)
                    runner.wait()
            parada = time.monotonic() - inicio_parada
    return subida, parada, prontos


def medir(infra: Infra) -> tuple[list[list[str]], list[str]]:
    ocupadas = portas_ocupadas()
    if ocupadas:
        return [], [f"parte pulada: portas ocupadas {ocupadas} (há um `make run` no ar?)"]
    casos = []
    estado = infra.pasta / "partida-estado"
    log = infra.pasta / "partida.log"
    try:
        casos.append(("1. estado vazio: runner inicia PostgreSQL (initdb) e Redis, migra, demo",
                      uma_partida(estado, log)))
        casos.append(("2. de novo, mesmo estado (dados mantidos)", uma_partida(estado, log)))
        banco = infra.banco_vazio("erp_bench_partida")
        casos.append(("3. DATABASE_URL/REDIS_URL dados, banco vazio",
                      uma_partida(infra.pasta / "partida-estado-3", log,
                                  {"DATABASE_URL": banco.owner_url, "REDIS_URL": infra.redis_url})))
    except RuntimeError as erro:
        fim = log.read_text(errors="replace")[-3000:] if log.exists() else ""
        return _linhas(casos), [f"erro: {erro}", fim]
    return _linhas(casos), [
        "Do lançamento do runner até os oito responderem GET /health 200 (cada porta consultada a cada 50 ms);",
        "'último serviço' é o que respondeu por último; parada = SIGINT até o runner sair.",
    ]


def _linhas(casos) -> list[list[str]]:
    linhas = []
    for nome, (subida, parada, prontos) in casos:
        ultimo = max(prontos, key=prontos.get)
        linhas.append([nome, f"{subida:.2f}", f"{min(prontos.values()):.2f}", f"{ultimo} {prontos[ultimo]:.2f}",
                       f"{parada:.2f}"])
    return linhas
