"""GET /api/dashboard/stream: Server-Sent Events telling an open dashboard what to refresh.

    retry: 2000
    id: f12.c3.o4                   (the empresa's generations: what this browser is up to date with)
    event: estado
    data: {"ao_vivo": true}

    id: f13.c3.o4
    event: atualizado
    data: {"dominio": "financeiro", "tipo": <the event's catalogue name>, "widgets": [...]}

    : ping                          (every ERP_SSE_HEARTBEAT seconds, 15 by default)

Only events of the user's empresa (dashboard.ao_vivo, which maps each catalogue event to its
widgets). `estado` again whenever Redis goes down or comes back; coming back is always followed by
an `atualizado` of every widget, since writes made while Redis was down bumped no generation. Every
ERP_SSE_VERIFICACAO seconds (5) the stream also compares generations itself, so a lost pub/sub
message delays a refresh by that much at most.

Reconnecting (the browser does it by itself, sending Last-Event-ID; or `?ultimo_id=` from a page
that opens a new EventSource): when the empresa's generations differ from that id, an `atualizado`
goes out at once, so a dashboard-api restart loses nothing.

The access token: the stream ends cleanly at the token's `exp` (it was authenticated once, at
connect). The browser reconnects after `retry` with the cookie it has by then: the SPA's renewal
keeps that cookie fresh, and if it has not, the reconnect gets a 401 and the SPA must renew and
open the stream again. A session revoked (logout) ends its streams at the next verification.
A client that went away is noticed at the next verification under gunicorn (its socket reads as
closed), else at the next heartbeat's failed write; either way its thread and queue are released.
"""
import json
import socket
import time

from flask import Blueprint, Response, current_app, g, request
from pydantic import Field

from shared import metricas
from shared.api import Erro, Modelo, endpoint
from shared.app import plataforma
from shared.auth import sessao_revogada
from shared.errors import Indisponivel

from dashboard.ao_vivo import DOMINIOS, AoVivo, Fila, identificador, widgets_do_dominio

bp = Blueprint("stream", __name__)

RECONEXAO_MS = 2000  # how long the browser waits before reconnecting a stream that ended
# Streams one process holds at most (ERP_SSE_MAXIMO). Each holds a gunicorn thread for its whole
# life, and requests share those threads: kept below GUNICORN_THREADS (256 in the Dockerfile), so
# the dashboard's own GETs always find a thread (the bench saw them wait forever with every thread
# streaming). One more is refused with 503; the browser tries again.
MAXIMO_POR_PROCESSO = 200
TIPO_RESSINCRONIZADO = "dashboard.ressincronizado"


@bp.record_once
def _preparar(estado) -> None:
    erp = estado.app.extensions["erp"]
    estado.app.extensions["dashboard_ao_vivo"] = AoVivo(erp.barramento, erp.redis)


class FiltroStream(Modelo):
    ultimo_id: str | None = Field(None, max_length=64,
                                  description="O último id recebido, para quem não pode enviar Last-Event-ID")


@bp.get("/api/dashboard/stream")
@endpoint(resumo="Atualizações ao vivo (Server-Sent Events) da empresa do usuário", query=FiltroStream,
          permissao="dashboard:ler", responses={200: None, 401: Erro, 403: Erro, 503: Erro},
          conteudo={"text/event-stream": "event: estado / event: atualizado (id: f<geração financeiro>.c<geração "
                                         "cadastros>.o<geração operacional>) / : ping"})
def stream(query: FiltroStream):
    extra = plataforma().config.extra
    hub = current_app.extensions["dashboard_ao_vivo"]
    if hub.abertas() >= int(extra.get("ERP_SSE_MAXIMO", MAXIMO_POR_PROCESSO)):
        # The wait the stream itself announces; nothing else adds Retry-After (shared/ratelimit.py).
        raise Indisponivel("Muitas atualizações ao vivo abertas neste servidor; tente de novo em instantes",
                           headers={"Retry-After": str(RECONEXAO_MS // 1000)})
    claims = plataforma().verificador.verificar(g.token)
    fluxo = _Fluxo(
        ao_vivo=hub,
        empresa_id=g.usuario.empresa_id,
        sessao_id=g.usuario.sessao_id,
        ultimo_id=(request.headers.get("Last-Event-ID") or query.ultimo_id or "").strip()[:64] or None,
        # Seconds to the token's exp, kept as a monotonic deadline (the wall clock may jump).
        fim=time.monotonic() + (claims["exp"] - time.time()),
        batimento=float(extra.get("ERP_SSE_HEARTBEAT", "15")),
        verificacao=float(extra.get("ERP_SSE_VERIFICACAO", "5")),
        conexao=request.environ.get("gunicorn.socket"),
    )
    resposta = Response(fluxo.gerar(), mimetype="text/event-stream")
    resposta.headers["Cache-Control"] = "no-cache"
    resposta.headers["X-Accel-Buffering"] = "no"  # nginx-style proxies: pass each event on at once
    return resposta


def _evento(nome: str, dados: dict, id_: str | None = None, retry: int | None = None) -> str:
    linhas = []
    if retry is not None:
        linhas.append(f"retry: {retry}")
    if id_ is not None:
        linhas.append(f"id: {id_}")
    linhas.append(f"event: {nome}")
    linhas.append("data: " + json.dumps(dados, ensure_ascii=False, separators=(",", ":")))
    return "\n".join(linhas) + "\n\n"


class _Fluxo:
    """One open stream, after its request: it needs no request context, only what it was given."""

    def __init__(self, ao_vivo: AoVivo, empresa_id: int, sessao_id: str, ultimo_id: str | None, fim: float,
                 batimento: float, verificacao: float, conexao: socket.socket | None = None):
        self.hub = ao_vivo
        self.empresa_id = empresa_id
        self.sessao_id = sessao_id
        self.ultimo_id = ultimo_id  # what the browser is up to date with, as far as this stream knows
        self.fim = fim
        self.batimento = batimento
        self.verificacao = verificacao
        self.conexao = conexao

    def gerar(self):
        # Registered before the first look at the generations: an event in between is queued, not lost.
        fila = self.hub.abrir(self.empresa_id)
        metricas.STREAMS.inc()
        try:
            yield from self._conversa(fila)
        finally:  # the client went away (the server's write failed and it closed us), or we ended
            metricas.STREAMS.dec()
            self.hub.fechar(fila)

    def _conversa(self, fila: Fila):
        ao_vivo = self.hub.ao_vivo()
        geracoes = self.hub.geracoes(self.empresa_id) if ao_vivo else None
        if geracoes is None:
            ao_vivo = False
        atual = identificador(geracoes) if geracoes else None
        yield _evento("estado", {"ao_vivo": ao_vivo}, self.ultimo_id or atual, retry=RECONEXAO_MS)
        if self.ultimo_id is None:
            self.ultimo_id = atual
        elif atual is not None and atual != self.ultimo_id:
            yield self._ressincronizar(self.ultimo_id, geracoes)

        agora = time.monotonic()
        proximo_ping = agora + self.batimento
        proxima_verificacao = agora + self.verificacao
        while True:
            agora = time.monotonic()
            if agora >= self.fim:
                return  # the token expired: the browser reconnects with its (renewed) cookie
            item = fila.tirar(min(proximo_ping, proxima_verificacao, self.fim) - agora)
            if item is not None and item is not Fila.AVISO:
                _, id_, dados = item
                self.ultimo_id = id_
                yield _evento("atualizado", dados, id_)
                continue
            agora = time.monotonic()
            if item is Fila.AVISO or fila.transbordou or agora >= proxima_verificacao:
                proxima_verificacao = agora + self.verificacao
                if self._cliente_saiu():
                    return
                ainda_vivo = self.hub.ao_vivo()
                if ainda_vivo and sessao_revogada(self.hub.redis, self.sessao_id):
                    return  # logged out: the reconnect gets its 401
                for parte in self._verificar(ao_vivo, ainda_vivo, fila):
                    yield parte
                ao_vivo = ainda_vivo
            if agora >= proximo_ping:
                proximo_ping = agora + self.batimento
                yield ": ping\n\n"

    def _cliente_saiu(self) -> bool:
        """Whether the client closed its end, seen without writing to it.

        A server learns that a client went away only when a write fails, and the first write after
        the close often succeeds: a stream would hold its thread for up to two heartbeats after the
        page closed. Under gunicorn the socket is at hand: a peer that closed makes it readable
        with nothing to read.
        """
        if self.conexao is None:
            return False
        try:
            return self.conexao.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
        except (BlockingIOError, InterruptedError):
            return False  # open, nothing sent: the normal case
        except OSError:
            return True

    def _verificar(self, antes: bool, agora: bool, fila: Fila):
        """What a look at Redis and the generations has to tell the browser."""
        if antes != agora:
            yield _evento("estado", {"ao_vivo": agora})
        if not agora:
            return
        geracoes = self.hub.geracoes(self.empresa_id)
        if geracoes is None:
            return  # gone again since the ping; the next look says so
        perdeu = fila.transbordou
        fila.transbordou = False
        if not antes or perdeu or identificador(geracoes) != self.ultimo_id:
            # Back from an outage (writes then bumped nothing), events dropped, or a message lost.
            yield self._ressincronizar(None if (not antes or perdeu) else self.ultimo_id, geracoes)

    def _ressincronizar(self, anterior: str | None, geracoes: dict) -> str:
        """An `atualizado` standing for whatever changed since `anterior` (None, or an id that is
        not this server's: anything), with the widgets of every domain whose generation moved."""
        atual = identificador(geracoes)
        partes_antes = (anterior or "").split(".")
        mudaram = [d for d in DOMINIOS if anterior is None or len(partes_antes) != len(DOMINIOS)
                   or partes_antes[DOMINIOS.index(d)] != f"{d[0]}{geracoes.get(d, 0)}"] or list(DOMINIOS)
        widgets = [w for d in mudaram for w in widgets_do_dominio(d)]
        self.ultimo_id = atual
        return _evento("atualizado", {"dominio": mudaram[0], "tipo": TIPO_RESSINCRONIZADO,
                                      "widgets": list(dict.fromkeys(widgets))}, atual)
