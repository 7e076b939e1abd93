"""The gateway: every `/api/...` request goes on to the service that owns it (rotas.py).

The request body is read whole from the client first, under a deadline, in memory or spooled to
disk (corpo.py), and only then sent on, at local speed: a slow client ties a thread of the gateway,
never a worker of a service. The response comes back block by block as the service writes it
(exports, Server-Sent Events), never held whole. The client's credentials go on untouched, and the
service decides: the gateway authenticates only its own route, GET /api/modulos, and the paths no
service owns.
A service that is down or slow gets its own 503 or 504, naming its module; the others go on.
"""
import logging
import threading
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

import requests
from flask import Blueprint, Response, current_app, request
from pydantic import BaseModel, Field
from urllib3.exceptions import HTTPError as ErroDoUrllib3

from shared.api import Erro, Lista, endpoint
from shared.auth import autenticar
from shared.encaminhamento import CABECALHO_PROVA
from shared.errors import Indisponivel, NaoEncontrado, TempoEsgotado, Validacao
from shared.logging import CORRELATION_HEADER, correlation_id
from shared.ratelimit import limiter

from frontend import conexoes, corpo
from frontend.disponibilidade import Disponibilidade
from frontend.rotas import MODULOS, Modulo, modulo_do_caminho

log = logging.getLogger(__name__)
bp = Blueprint("gateway", __name__)

METODOS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
BLOCO = 64 * 1024  # bytes read from the service per step of the response
TEMPO_DE_CONEXAO = 2.0  # seconds: a service that takes longer to accept a connection is down
# Hop-by-hop (RFC 9110 7.6.1): about one connection, not the message, so never passed on; nor
# are the headers a message's Connection names, nor Proxy-*. X-Forwarded-* and Forwarded are
# the gateway's to set: a client's word about its own address is never passed on; nor is its try
# at the proof that a request comes from the gateway (shared/encaminhamento.py).
SO_DESTE_SALTO = {"connection", "keep-alive", "te", "trailer", "transfer-encoding", "upgrade", "forwarded"}
PREFIXOS_DESTE_SALTO = ("proxy-", "x-forwarded-")
NAO_REPASSADOS_AO_SERVICO = SO_DESTE_SALTO | {
    "host",  # the service's own, from its URL
    "content-length",  # requests sets it from the body it sends (corpo.Corpo)
    "expect",  # the gateway's server has already answered the 100-continue
    CORRELATION_HEADER.lower(),  # the request's own (shared.logging), checked or generated
    CABECALHO_PROVA.lower(),  # the gateway's own, when it has ERP_GATEWAY_SECRET
}
NAO_DEVOLVIDOS_AO_CLIENTE = SO_DESTE_SALTO | {"server", "date"}  # the gateway's server sends its own
# What may stay unescaped in a request target; the rest is percent-encoded as raw bytes.
URI = "!#$%&'()*+,/:;=?@[]~"


class ErroDeModulo(Erro):
    modulo: str = Field(description="O módulo afetado, como em GET /api/modulos")


class ModuloDisponivel(BaseModel):
    modulo: str
    nome: str
    servico: str
    disponivel: bool


class Streams:
    """The event streams this process is forwarding. Each holds a gunicorn thread for as long as the
    page is open, and every other request needs one of the same threads: past `maximo` (below
    GUNICORN_THREADS), another stream is refused with 503 (the browser tries again) rather than
    leaving the whole app without a thread."""

    def __init__(self, maximo: int):
        self.maximo = maximo
        self.abertos = 0
        self._lock = threading.Lock()

    def reservar(self) -> bool:
        with self._lock:
            if self.abertos >= self.maximo:
                return False
            self.abertos += 1
            return True

    def liberar(self) -> None:
        with self._lock:
            self.abertos -= 1


@dataclass(frozen=True)
class Gateway:
    """One per app: the pooled connections to the services and what the gateway knows of them."""

    sessao: requests.Session  # with the timeouts (conexoes.py)
    urls: dict  # service -> base URL, from the *_API_URL variables
    disponibilidade: Disponibilidade
    streams: Streams = field(default_factory=lambda: Streams(200))
    prazo: corpo.Prazo = corpo.Prazo(10, 32 * 1024)  # for the request body (corpo.py)
    segredo: str | None = None  # ERP_GATEWAY_SECRET: the proof the services ask of the gateway


@bp.record_once
def _preparar(estado) -> None:
    cfg = estado.app.extensions["erp"].config
    # Seconds the service may take for each read of its response (or write of the request body):
    # per socket operation, so a long export or event stream that keeps sending never times out.
    leitura = float(cfg.extra.get("ERP_GATEWAY_TIMEOUT", "60"))
    sessao = conexoes.sessao(TEMPO_DE_CONEXAO, leitura)
    urls = {m.servico: cfg.service_urls[m.servico].rstrip("/") for m in MODULOS}
    streams = Streams(int(cfg.extra.get("ERP_GATEWAY_MAXIMO_STREAMS", "200")))
    estado.app.extensions["gateway"] = Gateway(sessao, urls, Disponibilidade(sessao, urls), streams,
                                               corpo.Prazo.da_config(cfg.extra),
                                               cfg.extra.get("ERP_GATEWAY_SECRET") or None)


def _gateway() -> Gateway:
    return current_app.extensions["gateway"]


# ---------------------------------------------------------------- routes


@bp.get("/api/modulos")
@endpoint(resumo="Os módulos do ERP e se o serviço de cada um responde agora (resposta de até 2 s atrás)",
          responses={200: Lista[ModuloDisponivel]})
def modulos():
    estado = _gateway().disponibilidade.consultar()
    itens = [ModuloDisponivel(modulo=m.modulo, nome=m.nome, servico=m.servico, disponivel=estado[m.servico])
             for m in MODULOS]
    return Lista[ModuloDisponivel](items=itens, next_cursor=None)


@bp.route("/api/<path:resto>", methods=METODOS)
# Not limited here: each service limits by the user of the token it verifies, or by the client's
# address (the X-Forwarded-For set below). The gateway could count only by address, so a whole
# office behind one IP would share one budget, and every request would be counted twice.
@limiter.exempt
# `publico`: the service authenticates, with the same Authorization header or cookie, as it does
# when called directly; checking here too would double the cost and refuse what the service takes
# (login needs no token; renewal takes an expired one).
@endpoint(resumo="Encaminha ao serviço dono do prefixo (frontend/rotas.py); quem autentica é o serviço",
          publico=True, responses={200: None, 503: ErroDeModulo, 504: ErroDeModulo})
def encaminhar(resto: str):
    modulo = modulo_do_caminho(request.path)
    if modulo is None:
        # As on every service, authentication comes before routing: an anonymous caller gets
        # 401 for any path and learns nothing of which routes exist.
        autenticar()
        raise NaoEncontrado("Rota não encontrada")
    return _encaminhar(modulo)


# ---------------------------------------------------------------- forwarding


def _encaminhar(modulo: Modulo) -> Response:
    gateway = _gateway()
    cabecalhos = _cabecalhos_do_pedido(gateway)
    # All of it before the service is asked (corpo.py): 408 past the deadline, 413 past the limit.
    lido = _corpo_do_pedido(gateway.prazo)
    try:
        resposta = gateway.sessao.request(
            request.method, gateway.urls[modulo.servico] + _alvo(), headers=cabecalhos,
            # An empty body as none: requests would send a body of length 0 chunked.
            data=lido if lido is not None and lido.len else None, stream=True, allow_redirects=False,
        )
    except requests.exceptions.InvalidHeader:  # one requests will not send (gunicorn strips most)
        raise Validacao("Cabeçalho inválido na requisição") from None
    except requests.ConnectionError as erro:  # refused, unresolvable, connect timeout, reset
        _registrar(modulo, erro, correlation_id())
        raise Indisponivel(f"O módulo {modulo.nome} está indisponível no momento; os demais seguem "
                           "funcionando. Tente novamente em instantes.", modulo=modulo.modulo) from None
    except requests.Timeout as erro:  # accepted the request, no response headers in time
        _registrar(modulo, erro, correlation_id())
        raise TempoEsgotado(f"O módulo {modulo.nome} demorou demais para responder. Se você enviou uma "
                            "alteração, confira se ela foi registrada antes de repeti-la.",
                            modulo=modulo.modulo) from None
    finally:
        if lido is not None:
            lido.close()  # sent (requests sends it all before it returns), or never to be

    # The client gone (or done): the service's connection goes back to the pool, or is closed.
    ao_fechar = [resposta.close]
    stream = resposta.headers.get("Content-Type", "").startswith("text/event-stream")
    if stream and request.method != "HEAD":  # a HEAD's body is never sent, nor closed by the server
        if not gateway.streams.reservar():
            resposta.close()
            raise Indisponivel("Muitas atualizações ao vivo abertas agora; tente de novo em instantes",
                               modulo=modulo.modulo)
        ao_fechar.append(gateway.streams.liberar)
    saida = Response(_Resposta(resposta, modulo, correlation_id(), ao_fechar), status=resposta.status_code,
                     headers=_cabecalhos_da_resposta(resposta), direct_passthrough=True)
    if "Content-Type" not in resposta.headers:
        del saida.headers["Content-Type"]  # Flask's default text/html would be a lie (204, HEAD)
    if stream:
        saida.headers["X-Accel-Buffering"] = "no"  # nginx-style proxies in front: pass each event on
    return saida


def _alvo() -> str:
    """The path and query as the client sent them: %2F stays %2F, nothing decoded and re-encoded.

    RAW_URI is set by gunicorn and by werkzeug (the servers this app runs on). WSGI carries its
    raw bytes as latin-1; those outside the URI characters go on percent-encoded, not reinterpreted.
    """
    partes = urlsplit(request.environ["RAW_URI"])  # also the absolute form "http://host/api/..."
    alvo = partes.path + (f"?{partes.query}" if partes.query else "")
    return quote(alvo.encode("latin-1"), safe=URI)


def _filtrar(cabecalhos, excluidos: set) -> list:
    """(name, value) pairs of `cabecalhos` but the excluded, the prefixed and those its Connection names."""
    fora = excluidos | {token.strip().lower() for token in cabecalhos.get("Connection", "").split(",")}
    return [(nome, valor) for nome, valor in cabecalhos.items()
            if nome.lower() not in fora and not nome.lower().startswith(PREFIXOS_DESTE_SALTO)]


def _cabecalhos_do_pedido(gateway: Gateway) -> dict:
    cabecalhos = dict(_filtrar(request.headers, NAO_REPASSADOS_AO_SERVICO))
    # The client's address as this app sees it (after its ProxyFix), alone: the services trust one
    # hop, so whatever X-Forwarded-For a client sends never becomes "its" address there. They
    # believe it only with the proof that the gateway sent it (shared/encaminhamento.py).
    if request.remote_addr:
        cabecalhos["X-Forwarded-For"] = request.remote_addr
    cabecalhos["X-Forwarded-Proto"] = request.scheme
    # The public host, so a service can give an address a browser or calendar app outside reaches
    # (shared.encaminhamento.url_publica): the feed and acceptance links.
    cabecalhos["X-Forwarded-Host"] = request.host
    if gateway.segredo:
        cabecalhos[CABECALHO_PROVA] = gateway.segredo
    cabecalhos[CORRELATION_HEADER] = correlation_id()
    return cabecalhos


def _cabecalhos_da_resposta(resposta: requests.Response) -> list:
    # raw.headers keeps repeated headers apart: two Set-Cookie stay two (requests' dict joins them).
    # The service's X-Correlation-Id is the gateway's own, which the app sets again on the way out.
    return _filtrar(resposta.raw.headers, NAO_DEVOLVIDOS_AO_CLIENTE)


def _corpo_do_pedido(prazo: corpo.Prazo) -> corpo.Corpo | None:
    if not request.content_length and "chunked" not in request.headers.get("Transfer-Encoding", "").lower():
        return None
    # The client's socket, for the watchdog to cut a read past its deadline: gunicorn's, or the
    # development server's; a test client has none (its body is in memory already).
    soquete = request.environ.get("gunicorn.socket") or request.environ.get("werkzeug.socket")
    return corpo.ler(request.stream, soquete, prazo)


class _Resposta:
    """The service's response body, passed on as it arrives. The WSGI server closes it when the
    client is done or gone, and that closes the service's response and runs `ao_fechar` — here,
    not through Response.call_on_close, which a direct_passthrough response never calls."""

    def __init__(self, resposta: requests.Response, modulo: Modulo, cid: str, ao_fechar: list):
        self._blocos = _blocos(resposta, modulo, cid)
        self._ao_fechar = ao_fechar

    def __iter__(self):
        return self._blocos

    def close(self) -> None:
        self._blocos.close()
        for funcao in self._ao_fechar:
            funcao()


def _blocos(resposta: requests.Response, modulo: Modulo, cid: str):
    # raw, not decoded: a gzip body goes on as gzip. For a chunked response each chunk is yielded
    # as it arrives, so each Server-Sent Event reaches the client when the service sends it.
    try:
        yield from resposta.raw.stream(BLOCO, decode_content=False)
    except (ErroDoUrllib3, OSError) as erro:
        # Status and headers are gone already: the response can only be cut short, so that the
        # client sees it incomplete rather than a truncated file that looks whole.
        _registrar(modulo, erro, cid)
        raise


def _registrar(modulo: Modulo, erro: Exception, cid: str) -> None:
    # The correlation id given, not looked up: a response streams on after its request's context.
    log.warning("sem resposta de %s: %s", modulo.servico, type(erro).__name__,
                extra={"correlation_id": cid, "upstream": modulo.servico, "modulo": modulo.modulo,
                       "exception_type": type(erro).__name__})
