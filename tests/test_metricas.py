"""Observability (issue 20): `/metrics` on every service, the correlation id in every log line and
trace, errors to Sentry only when asked — on real PostgreSQL, Redis and gunicorn processes.

- Every service's app answers `/metrics` in Prometheus' text format, with a latency sample for the
  route just called labelled by its Flask rule (never the raw path) and status, and the pool gauges
  following the connections really lent; a Redis that refuses connections (a closed port) counts
  as errors while the request is still served.
- Under gunicorn with two workers (`live_services`) `/metrics` adds up both workers (multiprocess
  mode); the gateway serves no service's metrics to the public, neither at `/metrics` nor through
  `/api/...` with dot segments, and its own only with ERP_METRICS_TOKEN.
- Every log line a request writes carries its correlation id, in the gateway and in the service.
- With SENTRY_DSN and OTEL_EXPORTER_OTLP_ENDPOINT pointed at receivers on this machine, an error
  reaches Sentry tagged with the correlation id and without cookies or tokens, and the request's
  span carries the id; without them nothing is sent (the other tests run so).
"""
import gzip
import http.client
import importlib
import json
import logging
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from shared import logging as erp_logging
from shared.config import REPO_ROOT, SERVICOS

HISTOGRAMA = "erp_http_request_duration_seconds"
TOKEN = "token-de-metricas-de-teste"
REDIS_FECHADO = "redis://127.0.0.1:9/0"  # port 9 (discard) on loopback: refused at once


def criar(servico: str, overrides: dict):
    return importlib.import_module(SERVICOS[servico][0]).create_app(overrides)


def amostras(texto: str) -> list:
    """Every sample of a scrape, parsed by prometheus_client's own parser (a malformed line fails)."""
    return [amostra for familia in text_string_to_metric_families(texto) for amostra in familia.samples]


def contagem(texto: str, **rotulos) -> float | None:
    """The histogram's count for exactly these labels, or None when it has no such series."""
    achadas = [a.value for a in amostras(texto) if a.name == f"{HISTOGRAMA}_count" and a.labels == rotulos]
    return achadas[0] if achadas else None


def raspar(cliente, **cabecalhos) -> str:
    resposta = cliente.get("/metrics", headers=cabecalhos)
    assert resposta.status_code == 200, resposta.get_data(as_text=True)
    assert resposta.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    return resposta.get_data(as_text=True)


def regra_com_variavel(app) -> tuple[str, str, str]:
    """(rule, a path it matches, a method) for an API route of the app, one with a variable (a GET
    and an <int:...>) if it has any: a metric labelled by the path instead of the rule shows there."""
    regras = sorted((r for r in app.url_map.iter_rules() if r.rule.startswith("/api/")),
                    key=lambda r: (not r.arguments, "GET" not in r.methods, "<int:" not in r.rule, r.rule))
    regra = regras[0]
    metodo = "GET" if "GET" in regra.methods else sorted(regra.methods - {"HEAD", "OPTIONS"})[0]
    return regra.rule, "/".join("424242" if p.startswith("<") else p for p in regra.rule.split("/")), metodo


# ---------------------------------------------------------------- every service, in-process


@pytest.fixture(scope="module", params=list(SERVICOS))
def servico(request):
    return request.param


@pytest.fixture(scope="module")
def app(servico, service_env):
    # The gateway serves its own metrics only with a token (it is the public origin).
    app = criar(servico, {**service_env, "ERP_METRICS_TOKEN": TOKEN} if servico == "frontend" else service_env)
    yield app
    app.extensions["erp"].db.fechar()


def test_metrics_has_the_latency_of_the_route_just_called_by_rule_and_status(servico, app):
    cliente = app.test_client()
    regra, caminho, metodo = regra_com_variavel(app)
    status = str(cliente.open(caminho, method=metodo).status_code)
    antes = contagem(raspar(cliente, Authorization=f"Bearer {TOKEN}"), method=metodo, route=regra, status=status)
    assert antes >= 1
    assert str(cliente.open(caminho, method=metodo).status_code) == status
    texto = raspar(cliente, Authorization=f"Bearer {TOKEN}")
    assert contagem(texto, method=metodo, route=regra, status=status) == antes + 1
    rotas = {a.labels["route"] for a in amostras(texto) if a.name.startswith(HISTOGRAMA)}
    if caminho != regra:
        assert caminho not in rotas, "the route label is the rule, never the path"
    nomes = {a.name for a in amostras(texto)}
    assert {"erp_db_pool_connections_in_use", "erp_db_pool_connections_max", "erp_db_pool_exhausted_total"} <= nomes


# ---------------------------------------------------------------- one service, in detail


@pytest.fixture(scope="module")
def cadastros(service_env):
    app = criar("cadastros-api", service_env)
    yield app
    app.extensions["erp"].db.fechar()


def valor(nome: str, **rotulos) -> float:
    return REGISTRY.get_sample_value(nome, rotulos) or 0.0


def test_pool_gauges_follow_the_connections_lent(cadastros):
    db = cadastros.extensions["erp"].db
    db.ping()  # the pool exists from the first use
    assert valor("erp_db_pool_connections_max") >= db.maxconn
    livre = valor("erp_db_pool_connections_in_use")
    with db.conexao():
        with db.conexao():
            texto = raspar(cadastros.test_client())
            emprestadas = [a.value for a in amostras(texto) if a.name == "erp_db_pool_connections_in_use"]
            assert emprestadas == [livre + 2]
    assert valor("erp_db_pool_connections_in_use") == livre
    assert valor("erp_db_pool_wait_seconds_count") >= 3


def test_a_redis_that_refuses_counts_errors_while_the_request_is_served(service_env, assinar_token):
    app = criar("cadastros-api", {**service_env, "REDIS_URL": REDIS_FECHADO})
    try:
        cliente = app.test_client()
        antes = valor("erp_redis_errors_total", command="EXISTS", error="ConnectionError")
        token = assinar_token(emp=1, perms=["cadastros:ler"])
        resposta = cliente.get("/api/contas", headers={"Authorization": f"Bearer {token}"})
        assert resposta.status_code == 200, resposta.get_data(as_text=True)  # served from PostgreSQL
        # The revocation check (EXISTS) failed for real, and was counted.
        texto = raspar(cliente)
        contados = [a.value for a in amostras(texto) if a.name == "erp_redis_errors_total"
                    and a.labels == {"command": "EXISTS", "error": "ConnectionError"}]
        assert contados and contados[0] >= antes + 1
    finally:
        app.extensions["erp"].db.fechar()


def test_a_pipeline_that_fails_is_counted_too():
    from shared.redis_client import conectar

    cliente = conectar(REDIS_FECHADO)
    antes = valor("erp_redis_errors_total", command="MULTI", error="ConnectionError")
    pipe = cliente.pipeline(transaction=True)
    pipe.incr("erp:teste")
    with pytest.raises(Exception):
        pipe.execute()
    assert valor("erp_redis_errors_total", command="MULTI", error="ConnectionError") == antes + 1


def test_metrics_token_when_configured(service_env):
    app = criar("cadastros-api", {**service_env, "ERP_METRICS_TOKEN": TOKEN})
    try:
        cliente = app.test_client()
        assert cliente.get("/metrics").status_code == 401
        assert cliente.get("/metrics", headers={"Authorization": "Bearer outro"}).status_code == 401
        assert HISTOGRAMA in raspar(cliente, Authorization=f"Bearer {TOKEN}")
    finally:
        app.extensions["erp"].db.fechar()


def test_the_gateway_serves_its_own_metrics_only_with_the_token(service_env):
    cliente = criar("frontend", service_env).test_client()
    resposta = cliente.get("/metrics")
    assert resposta.status_code == 404
    assert resposta.get_json()["code"] == "nao_encontrado"
    assert cliente.get("/api/metrics").status_code == 401  # no service's route: authentication first


def test_metrics_speaks_openmetrics_when_asked(cadastros):
    openmetrics = "application/openmetrics-text; version=1.0.0"
    resposta = cadastros.test_client().get("/metrics", headers={"Accept": openmetrics})
    assert resposta.status_code == 200
    assert resposta.headers["Content-Type"].startswith("application/openmetrics-text")
    assert resposta.get_data(as_text=True).rstrip().endswith("# EOF")


def test_an_open_live_stream_is_counted_until_it_closes(service_env, assinar_token, nova_empresa):
    app = criar("dashboard-api", service_env)
    try:
        token = assinar_token(emp=nova_empresa(), perms=["dashboard:ler"])
        abertos = valor("erp_sse_streams_open")
        resposta = app.test_client().get("/api/dashboard/stream", headers={"Authorization": f"Bearer {token}"},
                                         buffered=False)
        assert resposta.status_code == 200
        assert b"event: estado" in next(iter(resposta.response))
        assert valor("erp_sse_streams_open") == abertos + 1
        resposta.close()  # the browser goes away
        assert valor("erp_sse_streams_open") == abertos
    finally:
        app.extensions["erp"].db.fechar()


def test_an_export_job_is_counted_running_then_ended(service_env, assinar_token, nova_empresa):
    app = criar("relatorios-api", service_env)
    try:
        cliente = app.test_client()
        token = assinar_token(emp=nova_empresa(), perms=["relatorios:ler"])
        cliente.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        prontos = valor("erp_jobs_total", job="exportacao", result="ok")
        criada = cliente.post("/api/relatorios/export", json={"relatorio": "fluxo-caixa-projetado", "formato": "xlsx",
                                                              "parametros": {"dias": 7}})
        assert criada.status_code == 202, criada.get_json()
        for thread in threading.enumerate():
            if thread.name == f"exportacao-{criada.get_json()['id']}":
                thread.join(timeout=120)
        estado = cliente.get(f"/api/relatorios/export/{criada.get_json()['id']}").get_json()
        assert estado["status"] == "pronto", estado
        assert valor("erp_jobs_total", job="exportacao", result="ok") == prontos + 1
        assert valor("erp_jobs_running", job="exportacao") == 0
        assert valor("erp_job_duration_seconds_count", job="exportacao") >= 1
    finally:
        app.extensions["erp"].db.fechar()


class _Linhas(logging.Handler):
    """The JSON lines the services' formatter writes, for records logged by this thread only (the
    event subscriber of another app may log at the same time, about no request)."""

    def __init__(self):
        super().__init__()
        self.setFormatter(erp_logging.JsonFormatter("teste"))
        self.linhas = []
        self.thread = threading.get_ident()

    def emit(self, record):
        if record.thread == self.thread:
            self.linhas.append(json.loads(self.format(record)))


def test_every_log_line_of_a_request_carries_its_correlation_id(service_env, assinar_token):
    # Redis refused: the request logs warnings on its way (revocation unchecked) besides its line.
    app = criar("cadastros-api", {**service_env, "REDIS_URL": REDIS_FECHADO})
    linhas = _Linhas()
    logging.getLogger().addHandler(linhas)
    try:
        token = assinar_token(emp=1, perms=["cadastros:ler"])
        resposta = app.test_client().get("/api/contas", headers={"Authorization": f"Bearer {token}",
                                                                  "X-Correlation-Id": "acao-de-log-1"})
        assert resposta.status_code == 200
    finally:
        logging.getLogger().removeHandler(linhas)
        app.extensions["erp"].db.fechar()
    assert len(linhas.linhas) >= 2, linhas.linhas
    assert any(linha["level"] == "warning" for linha in linhas.linhas)
    assert {linha["correlation_id"] for linha in linhas.linhas} == {"acao-de-log-1"}
    assert erp_logging.correlation_id() is None  # and the thread forgets it after the request


# ---------------------------------------------------------------- the running stack (gunicorn)


def _bruto(url: str, caminho: str) -> tuple[int, str]:
    """A request with its path exactly as given (requests would resolve `..` before sending)."""
    host, porta = url.removeprefix("http://").split(":")
    conexao = http.client.HTTPConnection(host, int(porta), timeout=30)
    try:
        conexao.request("GET", caminho)
        resposta = conexao.getresponse()
        return resposta.status, resposta.read().decode(errors="replace")
    finally:
        conexao.close()


def test_two_workers_are_added_up(live_services):
    url = live_services.url("cadastros-api")
    rotulos = {"method": "GET", "route": "/api/contas/<int:conta_id>", "status": "401"}
    antes = contagem(requests.get(f"{url}/metrics", timeout=10).text, **rotulos) or 0
    for _ in range(20):
        assert requests.get(f"{url}/api/contas/515151", timeout=10).status_code == 401
    texto = requests.get(f"{url}/metrics", timeout=10).text
    # Each request went to whichever worker accepted it, each scrape to one of them: the sums agree.
    assert contagem(texto, **rotulos) == antes + 20
    nomes = {a.name for a in amostras(texto)}
    assert "python_gc_objects_collected_total" not in nomes, "multiprocess mode: the workers' files"
    assert not any("pid" in a.labels for a in amostras(texto) if a.name.startswith("erp_"))


@pytest.mark.parametrize("caminho", ["/metrics", "/api/metrics", "/api/contas/../../metrics",
                                     "/api/contas/%2e%2e/%2e%2e/metrics", "/api/contas/..%2f..%2fmetrics",
                                     "/api/contas/./../../metrics"])
def test_the_gateway_never_hands_out_a_services_metrics(live_services, caminho):
    status, corpo = _bruto(live_services.url("frontend"), caminho)
    assert status in (401, 404), (status, corpo[:200])
    assert HISTOGRAMA not in corpo and "# TYPE" not in corpo


def test_a_requests_log_lines_carry_its_id_in_the_gateway_and_the_service(live_services):
    frontend = live_services.url("frontend")
    resposta = requests.get(f"{frontend}/api/contas", headers={"X-Correlation-Id": "acao-ponta-a-ponta-1"})
    assert resposta.status_code == 401
    assert resposta.headers["X-Correlation-Id"] == "acao-ponta-a-ponta-1"
    for servico in ("frontend", "cadastros-api"):
        linhas = [json.loads(linha) for linha in live_services.log(servico).splitlines() if linha.startswith("{")]
        assert any(linha["correlation_id"] == "acao-ponta-a-ponta-1" for linha in linhas), servico
        # Every request's line, in every worker, has an id.
        assert all(linha["correlation_id"] for linha in linhas if "method" in linha), servico


# ---------------------------------------------------------------- Sentry and OpenTelemetry


class _Receptor(BaseHTTPRequestHandler):
    """Takes whatever a Sentry SDK or an OTLP exporter sends, as a stand-in for their servers."""

    recebidos: list

    def do_POST(self):
        corpo = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        codificacao = self.headers.get("Content-Encoding")
        if codificacao == "gzip":
            corpo = gzip.decompress(corpo)
        elif codificacao == "br":  # sentry-sdk's choice when brotli is installed (locust brings it)
            import brotli

            corpo = brotli.decompress(corpo)
        self.recebidos.append((self.path, corpo))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *_args):
        pass


@pytest.fixture
def receptor():
    recebidos = []
    servidor = ThreadingHTTPServer(("127.0.0.1", 0), type("Receptor", (_Receptor,), {"recebidos": recebidos}))
    thread = threading.Thread(target=servidor.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{servidor.server_address[1]}", recebidos
    servidor.shutdown()
    servidor.server_close()


# Its own process: sentry_sdk.init and the tracer provider are global to a process, and the other
# tests must run with neither.
FALHA = """
import json, sys
sys.path[:0] = [{raiz!r}]
from flask import Blueprint
from shared.api import endpoint
from shared.app import criar_app

bp = Blueprint("falha", __name__)

@bp.post("/api/falha")
@endpoint(resumo="Falha de propósito", publico=True)
def falha():
    raise RuntimeError("falha de teste")

app = criar_app("cadastros-api", [bp], json.loads(sys.argv[1]))
resposta = app.test_client().post("/api/falha", json={{"nome": "segredo-do-corpo"}},
                                  headers={{"X-Correlation-Id": "acao-observada-1",
                                           "Cookie": "erp_sessao=segredo-do-cookie",
                                           "Authorization": "Bearer segredo-do-token"}})
assert resposta.status_code == 500, resposta.status_code
import sentry_sdk
from opentelemetry import trace
sentry_sdk.flush(timeout=10)
trace.get_tracer_provider().shutdown()
"""


def test_sentry_and_tracing_carry_the_correlation_id_and_no_secrets(service_env, receptor):
    from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

    endereco, recebidos = receptor
    env = {**service_env, "SENTRY_DSN": f"http://chavepublica@{endereco}/42",
           "OTEL_EXPORTER_OTLP_ENDPOINT": f"http://{endereco}"}
    feito = subprocess.run([sys.executable, "-c", FALHA.format(raiz=str(REPO_ROOT)), json.dumps(env)],
                           capture_output=True, text=True, timeout=120, cwd=REPO_ROOT)
    assert feito.returncode == 0, feito.stderr[-3000:]

    envelopes = [corpo for caminho, corpo in recebidos if caminho == "/api/42/envelope/"]
    eventos = [json.loads(linha) for corpo in envelopes for linha in corpo.splitlines()[1:]
               if linha.startswith(b"{") and b'"tags"' in linha]
    # The request's error, reported by the app's error handler (log.exception) as it happened.
    da_requisicao = [evento for evento in eventos if evento.get("logger") == "shared.errors"]
    assert da_requisicao, recebidos
    for evento in da_requisicao:
        assert evento["tags"]["correlation_id"] == "acao-observada-1"
        assert evento["tags"]["service"] == "cadastros-api"
        assert "RuntimeError" in json.dumps(evento)
    tudo = b"".join(envelopes)
    for segredo in (b"segredo-do-cookie", b"segredo-do-token", b"segredo-do-corpo"):
        assert segredo not in tudo

    spans = []
    for caminho, corpo in recebidos:
        if caminho == "/v1/traces":
            pedido = ExportTraceServiceRequest.FromString(corpo)
            for recurso in pedido.resource_spans:
                nome = {a.key: a.value.string_value for a in recurso.resource.attributes}["service.name"]
                spans += [(nome, s) for escopo in recurso.scope_spans for s in escopo.spans]
    marcados = [(nome, {a.key: a.value.string_value for a in span.attributes}) for nome, span in spans]
    assert ("cadastros-api", "acao-observada-1") in {(nome, a.get("erp.correlation_id")) for nome, a in marcados}
