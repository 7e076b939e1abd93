"""Part 3: what the hop through the gateway costs — the same request straight to auth-api and
through the frontend, in one run.

auth-api and the frontend under gunicorn as `make run` starts them (tools/run.py): auth-api with
one sync worker, the frontend with one gthread worker. The request is GET /api/permissoes with the
bearer token of a real session: auth-api answers it from the token, without the database, so what
differs between the lines is the gateway alone — one more HTTP exchange on loopback, the route
lookup, the copying of headers and the streaming of the answer back. The lines take turns request
by request, so a change in the machine's load falls on all of them alike.
"""
import time

import requests

from bench.infra import ADMIN_PASSWORD, Infra
from bench.medir import Medida, resumir
from bench.tabela import numero

CAMINHO = "/api/permissoes"


def _intercalado(operacoes: dict, n: int, aquecimento: int = 100) -> list[Medida]:
    """Each operation n times, in turns (a, b, c, a, b, c, ...), each request timed on its own."""
    for _ in range(aquecimento):
        for operacao in operacoes.values():
            operacao()
    amostras = {nome: [] for nome in operacoes}
    relogio = time.perf_counter_ns
    for _ in range(n):
        for nome, operacao in operacoes.items():
            inicio = relogio()
            operacao()
            amostras[nome].append(relogio() - inicio)
    return [resumir(nome, tempos) for nome, tempos in amostras.items()]


def medir(infra: Infra, n: int) -> tuple[list[Medida], list[str]]:
    banco = infra.banco_migrado("erp_bench_gateway")
    urls = infra.iniciar_servicos(["auth-api", "frontend"], infra.ambiente(banco, WEB_CONCURRENCY="1"))
    auth, frontend = urls["auth-api"], urls["frontend"]

    http = requests.Session()
    http.trust_env = False
    login = http.post(auth + "/api/login", json={"username": "admin", "password": ADMIN_PASSWORD}, timeout=10)
    login.raise_for_status()
    cabecalho = {"Authorization": f"Bearer {login.json()['token']}"}
    sem_keep_alive = {**cabecalho, "Connection": "close"}
    for url in (auth, frontend):
        http.get(url + CAMINHO, headers=cabecalho, timeout=10).raise_for_status()

    direto, pelo_gateway, sem_reuso, health = _intercalado({
        f"(a) direto ao auth-api: GET {CAMINHO}":
            lambda: http.get(auth + CAMINHO, headers=cabecalho, timeout=10),
        f"(b) pelo frontend: GET {CAMINHO}":
            lambda: http.get(frontend + CAMINHO, headers=cabecalho, timeout=10),
        "(c) pelo frontend, nova conexão TCP do cliente a cada request":
            lambda: http.get(frontend + CAMINHO, headers=sem_keep_alive, timeout=10),
        "frontend: GET /health (responde ele mesmo, sem encaminhar)":
            lambda: http.get(frontend + "/health", timeout=10),
    }, n)
    http.close()

    notas = [
        f"Custo do gateway, (b) − (a): p50 ≈ {numero(pelo_gateway.p50_us - direto.p50_us)} µs,"
        f" p99 ≈ {numero(pelo_gateway.p99_us - direto.p99_us)} µs"
        f" ({pelo_gateway.p50_us / direto.p50_us:.2f}x no p50).",
        f"Com uma conexão nova do cliente por request, (c) − (a): p50 ≈ {numero(sem_reuso.p50_us - direto.p50_us)} µs,"
        f" p99 ≈ {numero(sem_reuso.p99_us - direto.p99_us)} µs.",
        "auth-api: 1 worker sync, que fecha a conexão a cada resposta (o gateway abre uma por request, como (a));",
        "frontend: 1 worker gthread, que mantém a conexão do cliente em (b). As linhas se alternam request a request.",
    ]
    return [direto, pelo_gateway, sem_reuso, health], notas
