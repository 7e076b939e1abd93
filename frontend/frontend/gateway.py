"""The gateway: every `/api/...` request goes on to the service that owns it (rotas.py).

The request body is read whole from the client first, under a deadline, in memory or spooled to
disk (corpo.py), and only then sent on, at local speed: a slow client ties a thread of the gateway,
never a worker of a service. The response comes back block by block as the service writes it
(exports, Server-Sent Events), never held whole. The client's credentials go on untouched, and the
service decides: the gateway authenticates only its own route, GET /api/modulos, and the paths no
service owns.
A service that is down or slow gets its own 503 or 504, naming its module; the others go on:
each service has a short time to the first byte of its answer, a circuit breaker that answers 503
at once while it is down, and a cap on the threads its requests may hold (disjuntor.py).
"""
import logging
import math
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
from shared.metricas import EM_ANDAMENTO, RECUSADAS, STREAMS
from shared.ratelimit import limiter

from frontend import conexoes, corpo
from frontend.disjuntor import Aberto, Disjuntor, Vagas
from frontend.disponibilidade import Disponibilidade
from frontend.rotas import MODULOS, Modulo, modulo_do_caminho

log = logging.getLogger(__name__)
bp = Blueprint("gateway", __name__)

METODOS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
BLOCO = 64 * 1024  # bytes read from the service per step of the response
TEMPO_DE_CONEXAO = 2.0  # seconds: a service that takes longer to accept a connection is down
# Seconds to the first byte of an answer, unless ERP_GATEWAY_TIMEOUT or ERP_GATEWAY_TIMEOUT_<SERVICE>
# says otherwise. Most routes answer in well under a second (long work runs as a job); these two
# have synchronous routes that take seconds on a 2-core machine (README, "Timeouts"): a payroll of
# 6,000 processed in 3.7 s to 15 s under load, a 50,000-line OFX imported in 7.1 s.
PRIMEIRO_BYTE = 10.0
PRIMEIRO_BYTE_DO_SERVICO = {"rh-api": 30.0, "financeiro-api": 30.0}
# Timeouts in a row, with no answer between them, that open a service's breaker, unless
# ERP_GATEWAY_TEMPOS_ESGOTADOS_SEGUIDOS or ..._<SERVICE> says otherwise. One, where a route that
# answers nothing within twice its worst time is as good as hung. Not auth-api's login: argon2 is
# slow on purpose and auth-api's sync workers queue the logins, so a burst of staff arriving (or
# a machine busy with something else) makes one login take seconds while the service works; one
# such timeout opened the breaker, and for 5 s nobody could log in or renew a session. A longer
# time to first byte for the login would not mend it: a queue has no worst time to set it at (the
# next burst goes past any), the gateway would have to know auth-api's routes, and a frozen
# auth-api would hold each login that long. A run of timeouts is what a hung service gives and a
# slow one does not (between its slow logins it answers the others, which ends the run); it costs
# a frozen auth-api two more timeouts, which its concurrent requests mostly share (README).
TEMPOS_ESGOTADOS_DO_SERVICO = {"auth-api": 3}
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


@dataclass(frozen=True)
class Servico:
    """What the gateway keeps for one service: how long it waits for an answer, and the guards."""

    url: str  # base URL, from its *_API_URL variable
    primeiro_byte: float  # seconds to the first byte of its answer (and for each write of the body)
    disjuntor: Disjuntor
    anteparo: Vagas  # the requests it may have waiting or answering at once: the bulkhead


@dataclass(frozen=True)
class Gateway:
    """One per app: the pooled connections to the services and what the gateway knows of them."""

    sessao: requests.Session  # with the timeouts (conexoes.py)
    servicos: dict  # service -> Servico
    disponibilidade: Disponibilidade
    # Each event stream holds a gunicorn thread for as long as its page is open, and every other
    # request needs one of the same threads: past this many (below GUNICORN_THREADS), one more
    # stream is refused with 503 (the browser tries again) rather than leave the app without one.
    streams: Vagas = field(default_factory=lambda: Vagas(200, STREAMS))
    prazo: corpo.Prazo = corpo.Prazo(10, 32 * 1024)  # for the request body (corpo.py)
    segredo: str | None = None  # ERP_GATEWAY_SECRET: the proof the services ask of the gateway
    # Seconds each read of an answer already begun may wait: an export or an event stream that
    # keeps sending never times out.
    entre_blocos: float = 60.0


@bp.record_once
def _preparar(estado) -> None:
    extra = estado.app.extensions["erp"].config.extra
    urls = estado.app.extensions["erp"].config.service_urls
    primeiro_byte = float(extra.get("ERP_GATEWAY_TIMEOUT", PRIMEIRO_BYTE))
    tempos_esgotados = int(extra.get("ERP_GATEWAY_TEMPOS_ESGOTADOS_SEGUIDOS", "1"))
    limiar = int(extra.get("ERP_GATEWAY_FALHAS_SEGUIDAS", "3"))
    aberto_por = float(extra.get("ERP_GATEWAY_ABERTO_SEGUNDOS", "5"))
    # A quarter of the 256 threads of a gateway worker (GUNICORN_THREADS): a service that hangs
    # holds at most these until its first timeout opens its breaker; the rest serve the others.
    anteparo = int(extra.get("ERP_GATEWAY_ANTEPARO", "64"))
    servicos = {}
    for m in MODULOS:
        sufixo = "_" + m.servico.upper().replace("-", "_")
        servicos[m.servico] = Servico(
            urls[m.servico].rstrip("/"),
            float(extra.get("ERP_GATEWAY_TIMEOUT" + sufixo, PRIMEIRO_BYTE_DO_SERVICO.get(m.servico, primeiro_byte))),
            Disjuntor(m.servico, limiar, aberto_por,
                      int(extra.get("ERP_GATEWAY_TEMPOS_ESGOTADOS_SEGUIDOS" + sufixo,
                                    TEMPOS_ESGOTADOS_DO_SERVICO.get(m.servico, tempos_esgotados)))),
            Vagas(anteparo, EM_ANDAMENTO.labels(m.servico)))
        for guarda in ("breaker", "bulkhead"):
            RECUSADAS.labels(m.servico, guarda)  # shown from the start, at 0
    sessao = conexoes.sessao(TEMPO_DE_CONEXAO, primeiro_byte)
    disponibilidade = Disponibilidade(sessao, {nome: s.url for nome, s in servicos.items()})
    estado.app.extensions["gateway"] = Gateway(
        sessao, servicos, disponibilidade, Vagas(int(extra.get("ERP_GATEWAY_MAXIMO_STREAMS", "200")), STREAMS),
        corpo.Prazo.da_config(extra), extra.get("ERP_GATEWAY_SECRET") or None,
        float(extra.get("ERP_GATEWAY_TIMEOUT_ENTRE_BLOCOS", "60")))


def _gateway() -> Gateway:
    return current_app.extensions["gateway"]


# ---------------------------------------------------------------- routes


@bp.get("/api/modulos")
@endpoint(resumo="Os módulos do ERP e se o serviço de cada um responde agora (resposta de até 2 s atrás; "
                 "um módulo cujo disjuntor está aberto, indisponível na hora)",
          responses={200: Lista[ModuloDisponivel]})
def modulos():
    gateway = _gateway()
    abertos = {nome for nome, servico in gateway.servicos.items() if servico.disjuntor.aberto()}
    estado = gateway.disponibilidade.consultar(fora=abertos)
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
    servico = gateway.servicos[modulo.servico]
    cabecalhos = _cabecalhos_do_pedido(gateway)
    # All of it before the service is asked (corpo.py): 408 past the deadline, 413 past the limit.
    lido = _corpo_do_pedido(gateway.prazo)
    try:
        sonda = _admitir(modulo, servico)
        try:
            resposta = gateway.sessao.request(
                request.method, servico.url + _alvo(), headers=cabecalhos,
                # An empty body as none: requests would send a body of length 0 chunked.
                data=lido if lido is not None and lido.len else None, stream=True, allow_redirects=False,
                timeout=(TEMPO_DE_CONEXAO, servico.primeiro_byte),
            )
        except BaseException as erro:
            servico.anteparo.liberar()
            _sem_resposta(modulo, servico, sonda, erro)
            raise
    finally:
        if lido is not None:
            lido.close()  # sent (requests sends it all before it returns), or never to be
    servico.disjuntor.respondeu(sonda)
    if sonda:
        gateway.disponibilidade.esquecer()  # its /health of a moment ago said no: ask again
    conexoes.entre_blocos(resposta, gateway.entre_blocos)

    # The client gone (or done): the service's connection goes back to the pool, or is closed.
    ao_fechar = [resposta.close]
    stream = resposta.headers.get("Content-Type", "").startswith("text/event-stream")
    if stream and request.method != "HEAD":  # a HEAD's body is never sent, nor closed by the server
        # An open page's stream waits on events, not on a service that hangs: it counts among the
        # process's streams, not in its service's bulkhead.
        servico.anteparo.liberar()
        if not gateway.streams.reservar():
            resposta.close()
            RECUSADAS.labels(modulo.servico, "streams").inc()
            raise Indisponivel("Muitas atualizações ao vivo abertas agora; tente de novo em instantes",
                               modulo=modulo.modulo)
        ao_fechar.append(gateway.streams.liberar)
    else:
        ao_fechar.append(servico.anteparo.liberar)
    saida = Response(_Resposta(resposta, modulo, correlation_id(), ao_fechar), status=resposta.status_code,
                     headers=_cabecalhos_da_resposta(resposta), direct_passthrough=True)
    if "Content-Type" not in resposta.headers:
        del saida.headers["Content-Type"]  # Flask's default text/html would be a lie (204, HEAD)
    if stream:
        saida.headers["X-Accel-Buffering"] = "no"  # nginx-style proxies in front: pass each event on
    return saida


def _admitir(modulo: Modulo, servico: Servico) -> bool:
    """A place in the service's bulkhead, past its breaker (True: this request is the probe); or 503
    at once, with the seconds to wait in Retry-After."""
    try:
        sonda = servico.disjuntor.entrar()
    except Aberto as aberto:
        RECUSADAS.labels(modulo.servico, "breaker").inc()
        raise Indisponivel(f"O módulo {modulo.nome} está indisponível no momento; os demais seguem "
                           "funcionando. Tente novamente em instantes.", modulo=modulo.modulo,
                           headers={"Retry-After": str(math.ceil(aberto.segundos))}) from None
    if not servico.anteparo.reservar():
        servico.disjuntor.desistiu(sonda)
        RECUSADAS.labels(modulo.servico, "bulkhead").inc()
        log.warning("anteparo de %s cheio", modulo.servico,
                    extra={"correlation_id": correlation_id(), "upstream": modulo.servico, "modulo": modulo.modulo,
                           "anteparo": servico.anteparo.maximo})
        raise Indisponivel(f"O módulo {modulo.nome} está com requisições demais em andamento; os demais seguem "
                           "funcionando. Tente novamente em instantes.", modulo=modulo.modulo,
                           headers={"Retry-After": "1"})
    return sonda


def _sem_resposta(modulo: Modulo, servico: Servico, sonda: bool, erro: BaseException) -> None:
    """What the breaker learns from a request that got no answer, and the client's error for it."""
    if isinstance(erro, requests.exceptions.InvalidHeader):  # one requests will not send (gunicorn strips most)
        servico.disjuntor.desistiu(sonda)
        raise Validacao("Cabeçalho inválido na requisição") from None
    if isinstance(erro, requests.ConnectionError):  # refused, unresolvable, connect timeout, reset
        servico.disjuntor.falhou(sonda, tempo_esgotado=isinstance(erro, requests.Timeout))
        _registrar(modulo, erro, correlation_id())
        raise Indisponivel(f"O módulo {modulo.nome} está indisponível no momento; os demais seguem "
                           "funcionando. Tente novamente em instantes.", modulo=modulo.modulo) from None
    if isinstance(erro, requests.Timeout):  # accepted the request, no response headers in time
        servico.disjuntor.falhou(sonda, tempo_esgotado=True)
        _registrar(modulo, erro, correlation_id())
        raise TempoEsgotado(f"O módulo {modulo.nome} demorou demais para responder. Se você enviou uma "
                            "alteração, confira se ela foi registrada antes de repeti-la.",
                            modulo=modulo.modulo) from None
    servico.disjuntor.desistiu(sonda)  # anything else is re-raised as it is


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
