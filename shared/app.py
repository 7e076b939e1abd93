"""The app-factory base every service builds on.

    def create_app(overrides=None):
        return criar_app("cadastros-api", [contas.bp, categorias.bp], overrides)

It wires, once for all services: configuration, JSON logs with the correlation id, the error
envelope, local JWT authentication of every `/api/...` route (unless a view is `publico`), rate
limits on Redis, the database pool, cache and event bus, and `/health`, `/ready`, `/openapi.json`.
"""
import logging
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

import redis
from flask import Blueprint, Flask, current_app, g, request
from flask.json.provider import DefaultJSONProvider
from flask_cors import CORS
from pydantic import BaseModel

from shared import encaminhamento, errors, metricas, observabilidade
from shared import logging as erp_logging
from shared.api import endpoint, especificacao
from shared.auth import HEADER_CSRF, Verificador, autenticar
from shared.cache import Cache
from shared.config import REPO_ROOT, Config
from shared.contexto import Contexto
from shared.db import Database
from shared.eventos import Barramento
from shared.openapi import documento
from shared.ratelimit import limiter
from shared.redis_client import conectar, storage_uri_limiter
from shared.transacao import Transacao

log = logging.getLogger(__name__)


class JSONProvider(DefaultJSONProvider):
    """Dates ISO 8601 (Flask's default is RFC 822), Decimal as its exact string."""

    ensure_ascii = False
    sort_keys = False

    @staticmethod
    def default(valor):
        if isinstance(valor, (datetime, date)):
            return valor.isoformat()
        if isinstance(valor, (Decimal, UUID)):
            return str(valor)
        return DefaultJSONProvider.default(valor)


@dataclass
class Plataforma:
    """What a service's code reaches through `current_app.extensions["erp"]`."""

    config: Config
    db: Database
    redis: redis.Redis
    barramento: Barramento
    cache: Cache
    verificador: Verificador
    dependencias: tuple
    cors: bool = False  # ERP_CORS_ORIGINS lists origins (a preflight then needs no token)


def plataforma() -> Plataforma:
    return current_app.extensions["erp"]


def contexto() -> Contexto:
    """The request's Contexto — who acts, in which empresa, under which correlation id — built
    once from its token and headers. The one place domain work learns about the request."""
    atual = g.get("contexto")
    if atual is None:
        usuario = g.get("usuario")
        atual = Contexto(servico=plataforma().config.servico, empresa_id=getattr(usuario, "empresa_id", None),
                         usuario_id=getattr(usuario, "id", None), username=getattr(usuario, "username", None),
                         correlation_id=g.get("correlation_id"))
        g.contexto = atual
    return atual


@contextmanager
def tenant_transaction(empresa_id: int | None = None):
    """A read: the request's transaction as its user's empresa (or the one given); yields a dict
    cursor. Writes use `escrita()`."""
    ctx = contexto()
    with plataforma().db.transacao(ctx.empresa_id if empresa_id is None else empresa_id, ctx.usuario_id) as cur:
        yield cur


def escrita(empresa_id: int | None = None, como: Contexto | None = None):
    """A write: the request's transaction as a `Transacao` (cursor, audit, events after commit),
    as its user's empresa or the one given. `como` replaces the request's Contexto where the
    request is not yet who acts (a login acts as the user it authenticates)."""
    p = plataforma()
    return Transacao.abrir(p.db, p.barramento, como or contexto(), empresa_id)


class Saude(BaseModel):
    status: str
    service: str
    version: str


class Prontidao(BaseModel):
    status: str
    service: str
    dependencias: dict[str, str]


def _blueprint_plataforma(titulo: str) -> Blueprint:
    bp = Blueprint("plataforma", __name__)

    @bp.get("/health")
    @endpoint(resumo="Vivo: responde sem tocar dependências", publico=True, responses={200: Saude})
    def health():
        cfg = plataforma().config
        return Saude(status="ok", service=cfg.servico, version=cfg.versao)

    @bp.get("/ready")
    @endpoint(resumo="Pronto: banco e Redis respondem", publico=True, responses={200: Prontidao, 503: Prontidao})
    def ready():
        p = plataforma()
        estado = {}
        for nome in p.dependencias:
            try:
                p.db.ping() if nome == "postgres" else p.redis.ping()
                estado[nome] = "ok"
            except Exception as exc:  # any failure of a dependency means "not ready", named
                log.warning("dependência %s indisponível: %s", nome, exc)
                estado[nome] = "indisponivel"
        pronto = all(v == "ok" for v in estado.values())
        corpo = Prontidao(status="ok" if pronto else "indisponivel", service=p.config.servico, dependencias=estado)
        return corpo, 200 if pronto else 503

    @bp.get("/openapi.json")
    @endpoint(resumo="Documento OpenAPI 3 deste serviço", publico=True)
    def openapi():
        return documento(current_app, titulo, plataforma().config.versao)

    return bp


def criar_app(servico: str, blueprints: list, overrides: dict | None = None,
              dependencias: tuple = ("postgres", "redis")) -> Flask:
    cfg = Config.from_env(servico, overrides)
    erp_logging.configurar(servico, cfg.extra.get("ERP_LOG_LEVEL", "INFO"))
    # The service's name ("auth-api") is no importable module, and a folder of that name on
    # sys.path is a namespace package without a file: Flask cannot find a root path by itself.
    # No implicit /static route: only the frontend serves files, through its own blueprint.
    app = Flask(servico, root_path=str(REPO_ROOT / servico), static_folder=None)
    app.json = JSONProvider(app)
    app.config["MAX_CONTENT_LENGTH"] = cfg.max_upload_bytes
    app.config["RATELIMIT_STORAGE_URI"] = storage_uri_limiter(cfg.redis_url)
    app.config["RATELIMIT_STORAGE_OPTIONS"] = {"socket_timeout": 0.5, "socket_connect_timeout": 0.5}
    app.config["RATELIMIT_DEFAULT"] = cfg.rate_limit_padrao
    # The client's address: from the gateway's X-Forwarded-For only with its proof, from the proxy
    # in front of the gateway for ERP_PROXY_HOPS hops (shared/encaminhamento.py).
    app.wsgi_app = encaminhamento.envolver(app.wsgi_app, cfg)
    # Before the app's own hooks: a request's span starts before authentication may refuse it.
    observabilidade.iniciar(app, cfg, {**os.environ, **(overrides or {})})

    cliente_redis = conectar(cfg.redis_url)
    barramento = Barramento(cliente_redis, servico)
    app.extensions["erp"] = Plataforma(
        config=cfg,
        db=Database(cfg.app_database_url, cfg.db_pool_max),
        redis=cliente_redis,
        barramento=barramento,
        cache=Cache(cliente_redis, barramento, servico),
        verificador=Verificador(cfg.jwt_public_keys, cfg.jwt_issuer, cfg.jwt_audience, cfg.jwt_leeway),
        dependencias=dependencias,
    )

    errors.registrar(app)
    _permitir_origens(app, cfg)
    app.before_request(_antes)
    app.after_request(_depois)
    app.teardown_request(lambda _erro: erp_logging.esquecer())
    limiter.init_app(app)
    plataforma_bp = _blueprint_plataforma(f"ERP Web — {servico}")
    # Probes must not touch Redis (the contract's /health touches no dependency) nor be limited.
    limiter.exempt(plataforma_bp)
    app.register_blueprint(plataforma_bp)
    app.register_blueprint(limiter.exempt(metricas.blueprint()))
    for bp in blueprints:
        app.register_blueprint(bp)
    return app


def _permitir_origens(app: Flask, cfg: Config) -> None:
    """Cross-origin calls only from the origins ERP_CORS_ORIGINS lists (comma-separated), none by
    default: the gateway serves the SPA and the API from one origin, so a browser needs no CORS.
    A separate front end (another domain) is the reason to list one."""
    origens = [o.strip() for o in cfg.extra.get("ERP_CORS_ORIGINS", "").split(",") if o.strip()]
    if not origens:
        return
    # Cookies (the session) go along; the CSRF header proves the page's own script, as same-origin.
    CORS(app, resources={r"/api/*": {"origins": origens}}, supports_credentials=True,
         allow_headers=["Authorization", "Content-Type", HEADER_CSRF, erp_logging.CORRELATION_HEADER],
         expose_headers=[erp_logging.CORRELATION_HEADER], max_age=600)
    app.extensions["erp"].cors = True


def _preflight() -> bool:
    """A browser's CORS preflight, which carries no credentials by definition."""
    return (request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers
            and plataforma().cors)


def _antes():
    g.inicio = time.perf_counter()
    g.correlation_id = erp_logging.definir_do_request()
    if request.path.startswith("/api/") and not _preflight():
        view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
        spec = especificacao(view) if view else None
        if not (spec and spec.publico):
            autenticar(aceitar_expirado=bool(spec and spec.token_expirado))


def _depois(resposta):
    resposta.headers[erp_logging.CORRELATION_HEADER] = g.get("correlation_id", "")
    resposta.headers.setdefault("X-Content-Type-Options", "nosniff")
    if request.path.startswith("/api/"):
        resposta.headers.setdefault("Cache-Control", "no-store")
    usuario = g.get("usuario")
    duracao = time.perf_counter() - g.get("inicio", time.perf_counter())
    regra = request.url_rule.rule if request.url_rule else None
    metricas.observar_requisicao(request.method, regra, resposta.status_code, duracao)
    observabilidade.marcar(g.get("correlation_id", ""))
    log.info(
        "%s %s %s",
        request.method,
        request.path,
        resposta.status_code,
        extra={
            "method": request.method,
            "path": request.path,
            "status": resposta.status_code,
            "duration_ms": round(duracao * 1000, 2),
            "usuario_id": getattr(usuario, "id", None),
            "empresa_id": getattr(usuario, "empresa_id", None),
        },
    )
    return resposta
