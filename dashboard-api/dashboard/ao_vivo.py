"""The live stream's fan-out: the process's one event subscriber, many open streams.

Each worker process has one Redis subscriber (shared.eventos.Barramento, which the cache uses too);
`AoVivo` listens to it and puts each event on the queues of the streams open for THAT event's
empresa, and of no other. A stream never opens a Redis connection of its own: hundreds of idle
dashboards cost a thread and a queue each, not a Redis client each.

The event id sent to the browser is the empresa's generation vector ("f12.c3.o4": the financeiro,
cadastros and operacional counters of shared.eventos). The counters are the truth, the messages only news of them:
a stream that comes back from a Redis outage, a subscriber reconnection or a reconnecting browser
(Last-Event-ID) compares vectors and learns whether it missed anything without replaying events.
"""
import logging
import queue
import threading
import time

import redis

from shared import catalogo_eventos as eventos
from shared.eventos import Barramento, chave_geracao

from dashboard import operacional
from dashboard.painel import WIDGETS

log = logging.getLogger(__name__)

# The domains whose events the stream forwards, and whose generations make its id. auth and rh
# show nothing on the dashboard.
DOMINIOS = ("financeiro", "cadastros", "operacional")
# financeiro changes everything, whatever the event (every lançamento, baixa, conciliação or
# extrato moves money somewhere). operacional changes its own parts, whatever the event (an evento,
# a sessão, a contrato...: the week and the etapas are re-read whole). cadastros changes only what
# it names: a conta's saldo inicial, name or ativa moves the balances; a categoria's name or tipo
# moves the top categorias. Clientes and fornecedores appear nowhere (a cliente's new name reaches
# the próximos eventos with the next refresh).
WIDGETS_POR_DOMINIO = {"financeiro": WIDGETS, "operacional": operacional.PARTES}
WIDGETS_POR_EVENTO = {
    eventos.CONTA_ALTERADA.nome: ("saldos_por_conta",),
    eventos.CATEGORIA_ALTERADA.nome: ("top_categorias",),
}
FILA_MAXIMA = 64  # events waiting for one stream; past it the stream resynchronises (see Fila)
VALIDADE_DO_ESTADO = 1.0  # seconds a Redis ping answers for every stream of the process


def widgets_afetados(tipo: str) -> tuple:
    """The widget ids an event of `tipo` can change (what the SPA refreshes)."""
    dominio = tipo.split(".", 1)[0]
    if dominio in WIDGETS_POR_DOMINIO:
        return WIDGETS_POR_DOMINIO[dominio]
    return WIDGETS_POR_EVENTO.get(tipo, ())


def widgets_do_dominio(dominio: str) -> tuple:
    """The widget ids any event of `dominio` can change: what a stream refreshes when it knows
    only that the domain's generation moved."""
    if dominio in WIDGETS_POR_DOMINIO:
        return WIDGETS_POR_DOMINIO[dominio]
    return tuple(w for nome, widgets in WIDGETS_POR_EVENTO.items() if nome.startswith(dominio + ".")
                 for w in widgets)


def identificador(geracoes: dict) -> str:
    """{"financeiro": 12, "cadastros": 3, "operacional": 4} → "f12.c3.o4", the SSE id."""
    return ".".join(f"{d[0]}{geracoes.get(d, 0)}" for d in DOMINIOS)


class Fila:
    """One open stream's queue: ("evento", id, dados) items, or AVISO when it should look around.

    A stream whose client stopped reading fills its queue; new events are then dropped and
    `transbordou` set, and the stream sends one resynchronising event instead of what it lost.
    """

    AVISO = ("aviso",)

    def __init__(self, empresa_id: int):
        self.empresa_id = empresa_id
        self.itens: queue.Queue = queue.Queue(FILA_MAXIMA)
        self.transbordou = False

    def por(self, item) -> None:
        try:
            self.itens.put_nowait(item)
        except queue.Full:
            self.transbordou = True

    def tirar(self, espera: float):
        try:
            return self.itens.get(timeout=max(espera, 0))
        except queue.Empty:
            return None


class AoVivo:
    """One per app (the blueprint makes it): the open streams by empresa, and Redis's state."""

    def __init__(self, barramento: Barramento, cliente: redis.Redis):
        self.barramento = barramento
        self.redis = cliente
        self._filas: dict[int, set] = {}
        self._lock = threading.Lock()
        self._estado = (False, 0.0)  # (ao_vivo, valid until in time.monotonic())
        self._verificando = threading.Lock()

    # ------------------------------------------------------------ streams

    def abrir(self, empresa_id: int) -> Fila:
        fila = Fila(empresa_id)
        with self._lock:
            self._filas.setdefault(empresa_id, set()).add(fila)
        # Also (re)starts this process's subscriber thread if it is not running (after a fork).
        self.barramento.ouvir(self._ao_evento)
        return fila

    def fechar(self, fila: Fila) -> None:
        with self._lock:
            abertas = self._filas.get(fila.empresa_id)
            if abertas is not None:
                abertas.discard(fila)
                if not abertas:
                    del self._filas[fila.empresa_id]

    def abertas(self, empresa_id: int | None = None) -> int:
        with self._lock:
            if empresa_id is not None:
                return len(self._filas.get(empresa_id, ()))
            return sum(len(f) for f in self._filas.values())

    # ------------------------------------------------------------ the subscriber's side

    def _ao_evento(self, evento) -> None:
        """Runs on the subscriber thread: quick, never raises (Barramento logs what does)."""
        if evento is None:
            # The subscription (re)connected or dropped: Redis's state is worth a new look, and
            # events may have been missed; every stream compares generations.
            self._estado = (self._estado[0], 0.0)
            with self._lock:
                todas = [f for filas in self._filas.values() for f in filas]
            for fila in todas:
                fila.por(Fila.AVISO)
            return
        try:
            empresa_id = int(evento["empresa_id"])
            tipo = str(evento["tipo"])
        except (KeyError, TypeError, ValueError):
            return
        if tipo.split(".", 1)[0] not in DOMINIOS:
            return  # auth, rh: nothing the dashboard shows
        with self._lock:
            filas = list(self._filas.get(empresa_id, ()))
        if not filas:
            return
        geracoes = self.geracoes(empresa_id)
        if geracoes is None:  # Redis went away between the publish and now: the event's own count
            geracoes = {tipo.split(".", 1)[0]: evento.get("geracao", 0)}
        dados = {"dominio": tipo.split(".", 1)[0], "tipo": tipo, "widgets": list(widgets_afetados(tipo))}
        item = ("evento", identificador(geracoes), dados)
        for fila in filas:
            fila.por(item)

    # ------------------------------------------------------------ Redis

    def geracoes(self, empresa_id: int) -> dict | None:
        """The empresa's generation counters now, or None with Redis down."""
        try:
            valores = self.redis.mget([chave_geracao(empresa_id, d) for d in DOMINIOS])
        except (redis.RedisError, OSError):
            return None
        return {d: int(v or 0) for d, v in zip(DOMINIOS, valores)}

    def ao_vivo(self) -> bool:
        """Whether Redis answers (so events flow), asked at most once a second per process.

        One thread asks while the others wait for its answer (a ping with Redis down takes at most
        its 0.5 s timeout), so hundreds of streams waking together cost one ping.
        """
        if time.monotonic() < self._estado[1]:
            return self._estado[0]
        if not self._verificando.acquire(timeout=2.0):
            return self._estado[0]
        try:
            if time.monotonic() < self._estado[1]:  # another thread asked while this one waited
                return self._estado[0]
            try:
                valor = bool(self.redis.ping())
            except (redis.RedisError, OSError):
                valor = False
            self._estado = (valor, time.monotonic() + VALIDADE_DO_ESTADO)
            return valor
        finally:
            self._verificando.release()
