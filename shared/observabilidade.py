"""Error reporting (Sentry) and tracing (OpenTelemetry), each only when its variable is set.

- SENTRY_DSN: `sentry_sdk.init` once a process (SENTRY_ENVIRONMENT, SENTRY_TRACES_SAMPLE_RATE
  optional). Unhandled errors and `log.exception` lines become events tagged with the correlation
  id and the service; no personal data (`send_default_pii=False`: no cookies, tokens or addresses;
  no request bodies nor a frame's local variables either).
- OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT): spans of every request
  (Flask) and of every outgoing HTTP call (requests: the gateway's and shared/servicos.py's, which
  carry the `traceparent` on), exported over OTLP/HTTP, each server span with the attribute
  `erp.correlation_id`. OTEL_SERVICE_NAME defaults to the service's name; the other OTEL_*
  variables are the SDK's own.

Neither is set in tests or by `make run`: nothing leaves the machine unless a deploy asks.
"""
import logging

from shared import logging as erp_logging

log = logging.getLogger(__name__)

ATRIBUTO_CORRELACAO = "erp.correlation_id"
_iniciados: set[str] = set()  # what this process has already set up: each is global to it


def iniciar(app, cfg, env: dict) -> None:
    if env.get("SENTRY_DSN") and "sentry" not in _iniciados:
        _iniciar_sentry(cfg, env)
        _iniciados.add("sentry")
    if env.get("OTEL_EXPORTER_OTLP_ENDPOINT") or env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"):
        _iniciar_rastreamento(app, cfg, env)


def marcar(correlation_id: str) -> None:
    """The request's correlation id on its trace's server span, when tracing is on."""
    if "otel" in _iniciados:
        from opentelemetry import trace

        trace.get_current_span().set_attribute(ATRIBUTO_CORRELACAO, correlation_id)


def _iniciar_sentry(cfg, env: dict) -> None:
    import sentry_sdk

    def com_correlacao(evento, _dica):
        # The thread's own id: a request's, or the one a background job runs under.
        evento.setdefault("tags", {})["correlation_id"] = erp_logging.correlation_id() or "-"
        return evento

    sentry_sdk.init(
        dsn=env["SENTRY_DSN"],
        environment=env.get("SENTRY_ENVIRONMENT", "production"),
        release=f"erp-web@{cfg.versao}",
        server_name=cfg.servico,
        send_default_pii=False,
        # Bodies (a login's password, a CPF) and a frame's variables (a token) stay here too.
        max_request_body_size="never",
        include_local_variables=False,
        traces_sample_rate=float(env.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
        before_send=com_correlacao,
    )
    sentry_sdk.set_tag("service", cfg.servico)
    log.info("relato de erros ao Sentry ligado")


def _iniciar_rastreamento(app, cfg, env: dict) -> None:
    from opentelemetry import trace
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.instrumentation.flask import FlaskInstrumentor
    from opentelemetry.instrumentation.requests import RequestsInstrumentor
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    if "otel" not in _iniciados:
        recurso = Resource.create({"service.name": env.get("OTEL_SERVICE_NAME", cfg.servico),
                                   "service.version": cfg.versao})
        provedor = TracerProvider(resource=recurso)
        # The endpoint as the OTLP specification composes it; headers and timeout the exporter
        # reads from the OTEL_* variables itself.
        destino = (env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
                   or env["OTEL_EXPORTER_OTLP_ENDPOINT"].rstrip("/") + "/v1/traces")
        provedor.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=destino)))
        trace.set_tracer_provider(provedor)
        RequestsInstrumentor().instrument()
        _iniciados.add("otel")
        log.info("rastreamento OpenTelemetry ligado")
    # The probes would be most of the spans and tell nothing.
    FlaskInstrumentor().instrument_app(app, excluded_urls="/health,/ready,/metrics")
