"""Prometheus metrics of a service, served at `/metrics` in the text format (prometheus_client).

What a maintainer watches, the same names on every service:

    erp_http_request_duration_seconds{method, route, status}  until the response starts (histogram)
    erp_db_pool_connections_in_use / _max                      this service's PostgreSQL pool
    erp_db_pool_wait_seconds, erp_db_pool_exhausted_total      waiting for a pooled connection (503s)
    erp_redis_errors_total{command, error}                     failed Redis commands (degraded, not down)
    erp_sse_streams_open                                       open live streams: dashboard-api's, and
                                                               those the gateway forwards
    erp_jobs_running{job}, erp_jobs_total{job, result},        background jobs (relatorios' exports)
    erp_job_duration_seconds{job}
    erp_gateway_breaker_state{upstream, state}                 the gateway's breaker per service: how many
                                                               of its processes are closed/open/half_open
    erp_gateway_breaker_opened_total{upstream}                 times a breaker opened (a failed probe too)
    erp_gateway_refused_total{upstream, guard}                 503s at once: breaker, bulkhead, streams
    erp_gateway_requests_in_flight{upstream}                   requests in a service's bulkhead now

`route` is the Flask rule (`/api/lancamentos/<int:lancamento_id>`), never the path, so a metric
has as many series as the service has routes. Under gunicorn with several worker processes each
one counts in files of PROMETHEUS_MULTIPROC_DIR (prometheus_client's multiprocess mode, set up
by shared/gunicorn_conf.py) and `/metrics` adds them up; with one process, its own registry
(with the process' CPU and memory besides).

`/metrics` takes no user token: it is for the private network, where Prometheus scrapes each
service directly. ERP_METRICS_TOKEN makes it ask for `Authorization: Bearer <token>`; the gateway,
being the public origin, serves its own metrics only then (404 otherwise).
"""
import hmac
import os
import time
from contextlib import contextmanager

from flask import Blueprint, Response, current_app, request
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Gauge, Histogram, multiprocess
from prometheus_client.exposition import choose_encoder

from shared.api import Erro, endpoint
from shared.encaminhamento import GATEWAY
from shared.errors import NaoAutenticado, NaoEncontrado

# Seconds: from a cached read (milliseconds) to a payroll's processing (tens of seconds).
FAIXAS_DE_DURACAO = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
# Any other token a client sends as its method is one label value, not one series each.
METODOS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}

REQUISICOES = Histogram("erp_http_request_duration_seconds",
                        "Time until the response starts, by Flask route, method and status",
                        ["method", "route", "status"], buckets=FAIXAS_DE_DURACAO)
POOL_EM_USO = Gauge("erp_db_pool_connections_in_use", "PostgreSQL connections lent out by the pool",
                    multiprocess_mode="livesum")
POOL_MAXIMO = Gauge("erp_db_pool_connections_max", "PostgreSQL connections the pool may lend (DB_POOL_MAX)",
                    multiprocess_mode="livesum")
POOL_ESPERA = Histogram("erp_db_pool_wait_seconds", "Time a request waited for a pooled connection",
                        buckets=(0.001, 0.01, 0.1, 0.5, 1.0, 2.5, 5.0, 10.0))
POOL_ESGOTADO = Counter("erp_db_pool_exhausted_total", "Requests answered 503 because no connection freed in time")
REDIS_ERROS = Counter("erp_redis_errors_total", "Redis commands that failed, by command and error class",
                      ["command", "error"])
STREAMS = Gauge("erp_sse_streams_open", "Server-Sent Events streams open", multiprocess_mode="livesum")
TRABALHOS_EM_EXECUCAO = Gauge("erp_jobs_running", "Background jobs running now", ["job"],
                              multiprocess_mode="livesum")
TRABALHOS = Counter("erp_jobs_total", "Background jobs ended, by result", ["job", "result"])
DURACAO_DE_TRABALHO = Histogram("erp_job_duration_seconds", "How long a background job ran", ["job"],
                                buckets=(0.1, 0.5, 1.0, 5.0, 15.0, 60.0, 300.0, 900.0))

# The gateway (frontend/disjuntor.py), per service it forwards to. Each process has its own breakers:
# the state is a 1 in the series of its state, summed over the live processes (a replica of two
# workers with RH frozen may show open 1, closed 1 until the second one meets it too).
ESTADOS_DO_DISJUNTOR = ("closed", "open", "half_open")
DISJUNTOR = Gauge("erp_gateway_breaker_state", "Gateway processes whose breaker for the upstream is in this state",
                  ["upstream", "state"], multiprocess_mode="livesum")
DISJUNTOR_ABERTO = Counter("erp_gateway_breaker_opened_total", "Times the gateway's breaker for the upstream opened",
                           ["upstream"])
RECUSADAS = Counter("erp_gateway_refused_total", "Requests the gateway answered 503 without asking the upstream, "
                    "by the guard that refused them (breaker, bulkhead, streams)", ["upstream", "guard"])
EM_ANDAMENTO = Gauge("erp_gateway_requests_in_flight", "Requests to the upstream waiting for or receiving its answer "
                     "(its bulkhead's places taken; an event stream leaves once begun)", ["upstream"],
                     multiprocess_mode="livesum")


def estado_do_disjuntor(upstream: str, estado: str) -> None:
    for nome in ESTADOS_DO_DISJUNTOR:
        DISJUNTOR.labels(upstream, nome).set(1 if nome == estado else 0)


def observar_requisicao(metodo: str, regra: str | None, status: int, segundos: float) -> None:
    REQUISICOES.labels(metodo if metodo in METODOS else "OTHER", regra or "unmatched", str(status)).observe(segundos)


def erro_redis(comando, erro: BaseException) -> None:
    # A command's name is one of Redis' few dozen; anything else would be a series of its own.
    nome = comando.upper() if isinstance(comando, str) and comando.isascii() and len(comando) <= 32 else "OTHER"
    REDIS_ERROS.labels(nome, type(erro).__name__).inc()


class _Fim:
    """How a job ended, as the job itself tells `trabalho`."""

    resultado = "ok"


@contextmanager
def trabalho(nome: str):
    """Counts a background job around its work: running while inside, then ended with the
    `resultado` the job sets on what this yields (`ok` unless it says otherwise; `error` for an
    exception that leaves it), and its duration."""
    inicio = time.perf_counter()
    fim = _Fim()
    TRABALHOS_EM_EXECUCAO.labels(nome).inc()
    try:
        yield fim
    except BaseException:
        fim.resultado = "error"
        raise
    finally:
        TRABALHOS_EM_EXECUCAO.labels(nome).dec()
        TRABALHOS.labels(nome, fim.resultado).inc()
        DURACAO_DE_TRABALHO.labels(nome).observe(time.perf_counter() - inicio)


def exposicao(aceita: str | None) -> tuple[bytes, str]:
    """(body, content type): every metric of this service, all its worker processes added up, in
    the format the scraper's Accept asks for (OpenMetrics, or Prometheus' text format by default)."""
    codificar, tipo = choose_encoder(aceita or "")
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registro = CollectorRegistry()
        multiprocess.MultiProcessCollector(registro)
        return codificar(registro), tipo
    return codificar(REGISTRY), tipo


def blueprint() -> Blueprint:
    bp = Blueprint("metricas", __name__)

    @bp.get("/metrics")
    @endpoint(resumo="Métricas no formato de texto do Prometheus, para a rede privada (ERP_METRICS_TOKEN a restringe)",
              publico=True, responses={200: None, 401: Erro, 404: Erro},
              conteudo={"text/plain": "# TYPE erp_http_request_duration_seconds histogram ..."})
    def metrics():
        cfg = current_app.extensions["erp"].config
        token = cfg.extra.get("ERP_METRICS_TOKEN") or None
        if token is None:
            if cfg.servico == GATEWAY:
                raise NaoEncontrado("Rota não encontrada")
        else:
            enviado = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
            if not hmac.compare_digest(enviado.encode(), token.encode()):
                raise NaoAutenticado("Informe o token de métricas (ERP_METRICS_TOKEN)")
        corpo, tipo = exposicao(request.headers.get("Accept"))
        return Response(corpo, content_type=tipo, headers={"Cache-Control": "no-store"})

    return bp
