"""Who a service believes about where a request comes from: X-Forwarded-For and X-Forwarded-Proto.

The gateway (frontend) is the one public origin. In front of it may sit proxies that append
X-Forwarded-For — Railway's edge — and it believes ERP_PROXY_HOPS of them, as werkzeug's ProxyFix
does (1 on Railway; 0 under `make run` and docker compose, where browsers reach it directly).

Behind it, a service believes the X-Forwarded-For and -Proto the gateway sets only when the request
proves it comes from the gateway: the header X-ERP-Gateway-Secret carrying the shared secret
ERP_GATEWAY_SECRET, compared in constant time. Anyone else who reaches a service directly — another
process on the machine, another host on the private network — is known by its socket's address
whatever it sends: the per-client limits (the failed-login limit) count that address, and the audit
trail records it; the forwarded headers are removed, so that no code reads them by mistake.
Without ERP_GATEWAY_SECRET nothing forwarded is believed, and every client looks like the gateway
(a warning at start-up says so).
"""
import hmac
import logging

from flask import request

from werkzeug.middleware.proxy_fix import ProxyFix

log = logging.getLogger(__name__)

CABECALHO_PROVA = "X-ERP-Gateway-Secret"
_CHAVE_PROVA = "HTTP_" + CABECALHO_PROVA.upper().replace("-", "_")  # in the WSGI environ
GATEWAY = "frontend"  # the public origin (DESIGN.md "Shape"), the one service a front proxy reaches
_avisado = False


def envolver(wsgi_app, cfg):
    """`wsgi_app` wrapped to see the client's address (REMOTE_ADDR) and scheme as described above."""
    segredo = cfg.extra.get("ERP_GATEWAY_SECRET") or None
    if segredo is None:
        _avisar()
    if cfg.servico == GATEWAY:
        hops = int(cfg.extra.get("ERP_PROXY_HOPS", "1"))
        return ProxyFix(wsgi_app, x_for=hops, x_proto=hops) if hops else wsgi_app
    return SoDoGateway(wsgi_app, segredo)


def _avisar() -> None:
    global _avisado
    if not _avisado:  # once a process: a worker builds its app once, tests build many
        _avisado = True
        log.warning("ERP_GATEWAY_SECRET não definido: os serviços não acreditam no endereço de cliente que o "
                    "gateway encaminha, e os limites por cliente (como o de tentativas de login) e a auditoria "
                    "veem o endereço do gateway")


class SoDoGateway:
    """WSGI middleware: with the gateway's proof, ProxyFix for its one hop (client address, scheme and
    public host); without, the socket's peer and no forwarded header at all."""

    def __init__(self, app, segredo: str | None):
        self._app = app
        self._segredo = segredo.encode() if segredo else None
        self._pelo_gateway = ProxyFix(app, x_for=1, x_proto=1, x_host=1)

    def __call__(self, environ, start_response):
        prova = environ.pop(_CHAVE_PROVA, None)  # checked here, and seen by nothing after (nor logged)
        if self._segredo is not None and prova is not None and hmac.compare_digest(
                prova.encode("latin-1", "replace"), self._segredo):  # WSGI carries header bytes as latin-1
            return self._pelo_gateway(environ, start_response)
        for chave in [c for c in environ if c.startswith("HTTP_X_FORWARDED_") or c == "HTTP_FORWARDED"]:
            del environ[chave]
        return self._app(environ, start_response)


def url_publica(caminho: str) -> str:
    """Where a browser or a calendar app outside reaches `caminho` (a path of this service behind the
    gateway): the scheme and host the gateway forwarded, believed as above (else this request's own)."""
    return request.host_url.rstrip("/") + caminho
