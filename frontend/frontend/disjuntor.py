"""What keeps one service that hangs from taking the gateway down: a circuit breaker and a bulkhead
per service (gateway.py).

Each request waiting on a service holds one of the gateway's threads. A service that stopped
answering would collect them all, one time-to-first-byte each, until no module answered. The
breaker stops asking it after a run of timeouts with no answer between them (one, for most
services) or of other failures, and answers 503 at once for a few seconds; then one request goes as
a probe, and its answer closes the breaker or opens it again. Until then, the bulkhead caps the
threads one service may hold.

Both are this process's own: each gateway worker and replica learns from its own requests that a
service does not answer, as breakers usually do. Sharing the state (in Redis) would put one more
call, and one more thing that can fail, before every request, to save each process one timeout.
"""
import logging
import threading
import time

from prometheus_client import Gauge

from shared import metricas

log = logging.getLogger(__name__)


class Aberto(Exception):
    """The breaker refuses the request; `segundos` until it lets one through again."""

    def __init__(self, segundos: float):
        super().__init__(segundos)
        self.segundos = segundos


class Disjuntor:
    """One service's circuit breaker.

    Closed, every request goes. `limiar` failures in a row, or `tempos_esgotados` timeouts among
    them, open it (any answer in between starts the count again): for `aberto_por` seconds every
    request is refused. Then it is half-open: the first request goes as the probe, the others are
    refused until the probe ends; a probe answered closes it, a probe failed opens it again.
    Whoever `entrar` let through ends with `respondeu`, `falhou` or `desistiu`, passing on what
    `entrar` returned. Its state and openings go to the metrics (shared/metricas.py).
    """

    def __init__(self, servico: str, limiar: int, aberto_por: float, tempos_esgotados: int = 1):
        self.servico = servico
        self.limiar = limiar
        self.aberto_por = aberto_por
        self.tempos_esgotados = tempos_esgotados
        self._trava = threading.Lock()
        self._falhas = 0  # in a row, while closed
        self._tempos = 0  # timeouts among them
        self._ate: float | None = None  # monotonic time the open period ends; None while closed
        self._sonda = False  # the half-open probe is on its way
        self._publicar()

    def entrar(self) -> bool:
        """Lets a request go (True when it is the half-open probe) or raises Aberto."""
        with self._trava:
            if self._ate is None:
                return False
            resta = self._ate - time.monotonic()
            if resta > 0:
                raise Aberto(resta)
            if self._sonda:
                raise Aberto(1.0)  # the probe's answer will tell, within one time-to-first-byte
            self._sonda = True
            return True

    def respondeu(self, sonda: bool) -> None:
        """The service answered (any status: it is up); when this was the probe, the breaker closes."""
        with self._trava:
            self._falhas = self._tempos = 0
            # A request let through before the breaker opened proves nothing about now.
            if sonda:
                self._sonda = False
                self._ate = None
                self._publicar()
                log.info("disjuntor de %s fechado: o serviço voltou a responder", self.servico,
                         extra={"upstream": self.servico, "disjuntor": "fechado"})

    def falhou(self, sonda: bool, tempo_esgotado: bool) -> None:
        """The service refused, reset or timed out."""
        with self._trava:
            if sonda:
                self._sonda = False
            elif self._ate is not None:
                return  # open already, by another request
            self._falhas += 1
            if tempo_esgotado:
                self._tempos += 1
            if sonda or self._tempos >= self.tempos_esgotados or self._falhas >= self.limiar:
                self._falhas = self._tempos = 0
                self._ate = time.monotonic() + self.aberto_por
                self._publicar()
                metricas.DISJUNTOR_ABERTO.labels(self.servico).inc()
                # The metrics' state turns half-open when the period ends, with or without a request.
                fim = threading.Timer(self.aberto_por, self._fim_do_periodo)
                fim.daemon = True
                fim.start()
                log.warning("disjuntor de %s aberto por %s s", self.servico, self.aberto_por,
                            extra={"upstream": self.servico, "disjuntor": "aberto",
                                   "motivo": "tempo_esgotado" if tempo_esgotado else "falhas"})

    def desistiu(self, sonda: bool) -> None:
        """The request never reached the service (a header it refused to send): nothing learnt."""
        if sonda:
            with self._trava:
                self._sonda = False

    def _fim_do_periodo(self) -> None:
        with self._trava:
            self._publicar()

    def _publicar(self) -> None:
        """The state as the metrics show it; called under the lock (or from __init__)."""
        if self._ate is None:
            estado = "closed"
        else:
            estado = "open" if time.monotonic() < self._ate else "half_open"
        metricas.estado_do_disjuntor(self.servico, estado)

    def aberto(self) -> bool:
        """Whether it refuses requests now (open, or half-open with its probe on the way)."""
        with self._trava:
            return self._ate is not None and (self._sonda or time.monotonic() < self._ate)


class Vagas:
    """At most `maximo` at once of something that holds a thread: requests waiting on one service
    (the bulkhead), or the event streams of the process."""

    def __init__(self, maximo: int, medidor: Gauge):
        self.maximo = maximo
        self.ocupadas = 0
        self._medidor = medidor  # the metric that shows `ocupadas`
        self._trava = threading.Lock()

    def reservar(self) -> bool:
        with self._trava:
            if self.ocupadas >= self.maximo:
                return False
            self.ocupadas += 1
            self._medidor.inc()
            return True

    def liberar(self) -> None:
        with self._trava:
            self.ocupadas -= 1
            self._medidor.dec()
