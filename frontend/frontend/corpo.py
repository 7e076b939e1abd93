"""The request body, read whole from the client, under a deadline, before any service is asked.

The services run sync workers, two or so each: a body streamed to one of them as a client sends
it holds that worker for as long as the client cares to take, and six sockets dribbling login
bodies held auth-api's workers until gunicorn killed them (issue 14). So the gateway reads the body
first — in memory up to MEMORIA, spooled to a temporary file beyond, so a 20 MiB upload never sits
in RAM — and only then opens the request to the service, which gets it at local speed with its
Content-Length. A slow client ties one of the gateway's many threads, never a service's worker.

The deadline grows with what arrives: `Prazo.base` seconds, plus one second for every `taxa` bytes
received (ERP_GATEWAY_PRAZO_CORPO, 10 s; ERP_GATEWAY_TAXA_MINIMA_CORPO, 32 KiB/s): a login's few
hundred bytes have 10 s; a 20 MiB upload, 10 s and then at least 32 KiB a second on average, about
11 minutes in all. A client later than that gets a 408 and the service never hears of it.

Why a watchdog thread and not a socket timeout: the WSGI server's read blocks until it holds all it
was asked for (gunicorn's Body.read loops on recv), so a client that sends one byte a second never
lets a per-recv timeout expire. Past a read's deadline the watchdog shuts the reading side of the
client's socket; the blocked read returns at once with what it has, and the client still gets the
408 (the writing side stays open).
"""
import logging
import os
import socket
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass

from werkzeug.exceptions import ClientDisconnected

from shared.errors import TempoDeEnvioEsgotado, Validacao

log = logging.getLogger(__name__)

MEMORIA = 1024 * 1024  # bytes of a body kept in memory; beyond, the whole body goes to a temporary file
BLOCO = 64 * 1024  # bytes per read, from the client and to the service
INTERVALO = 0.1  # seconds between the watchdog's looks: the deadline's precision


@dataclass(frozen=True)
class Prazo:
    base: float  # seconds any body has
    taxa: float  # bytes per second: each `taxa` bytes received add a second

    @classmethod
    def da_config(cls, extra: dict) -> "Prazo":
        return cls(float(extra.get("ERP_GATEWAY_PRAZO_CORPO", "10")),
                   float(extra.get("ERP_GATEWAY_TAXA_MINIMA_CORPO", str(32 * 1024))))

    def limite(self, inicio: float, recebidos: int) -> float:
        return inicio + self.base + recebidos / self.taxa


class Corpo:
    """A body read whole, as requests sends it: with `len` (so a Content-Length, never chunked) and
    read block by block from memory or the temporary file."""

    def __init__(self, arquivo, tamanho: int):
        self._arquivo = arquivo
        self.len = tamanho
        arquivo.seek(0)

    def read(self, tamanho: int = BLOCO) -> bytes:
        return self._arquivo.read(tamanho)

    def __iter__(self):  # requests streams only what is iterable; urllib3 then calls read()
        return iter(self.read, b"")

    def close(self) -> None:
        self._arquivo.close()  # a spooled file on disk is deleted here


class _Leitura:
    def __init__(self, soquete, prazo: Prazo):
        self.soquete = soquete
        self.prazo = prazo
        self.inicio = time.monotonic()
        self.recebidos = 0
        self.cortada = False

    def atrasada(self, agora: float) -> bool:
        return agora >= self.prazo.limite(self.inicio, self.recebidos)

    def cortar(self) -> None:
        self.cortada = True
        if self.soquete is not None:
            try:
                self.soquete.shutdown(socket.SHUT_RD)
            except OSError:  # the client is gone already: its read returns by itself
                pass


class Vigia:
    """One thread per process that cuts the reads past their deadline. It sleeps while no body is
    being read, and is started on first use: a thread does not survive gunicorn's fork."""

    def __init__(self):
        self._leituras: set[_Leitura] = set()
        self._condicao = threading.Condition()
        self._linha: threading.Thread | None = None
        self._pid = None

    @contextmanager
    def vigiando(self, leitura: _Leitura):
        with self._condicao:
            if self._linha is None or self._pid != os.getpid() or not self._linha.is_alive():
                self._pid = os.getpid()
                self._linha = threading.Thread(target=self._vigiar, name="vigia-de-corpos", daemon=True)
                self._linha.start()
            self._leituras.add(leitura)
            self._condicao.notify()
        try:
            yield leitura
        finally:
            # Under the lock: once this returns, the watchdog can no longer cut this connection.
            with self._condicao:
                self._leituras.discard(leitura)

    def _vigiar(self) -> None:
        with self._condicao:
            while True:
                if not self._leituras:
                    self._condicao.wait()
                    continue
                agora = time.monotonic()
                for leitura in self._leituras:
                    if not leitura.cortada and leitura.atrasada(agora):
                        leitura.cortar()
                self._condicao.wait(INTERVALO)


VIGIA = Vigia()


def ler(fluxo, soquete, prazo: Prazo) -> Corpo:
    """The whole body from `fluxo` (request.stream: Content-Length and MAX_CONTENT_LENGTH applied,
    413 past it), within `prazo`. `soquete` is the client's connection, which the watchdog cuts
    (None under a test client, whose body is in memory already)."""
    arquivo = tempfile.SpooledTemporaryFile(max_size=MEMORIA)
    leitura = _Leitura(soquete, prazo)
    try:
        with VIGIA.vigiando(leitura):
            try:
                while bloco := fluxo.read(BLOCO):
                    arquivo.write(bloco)
                    leitura.recebidos += len(bloco)
                    if leitura.atrasada(time.monotonic()):  # no socket to cut, or a cut just missed
                        leitura.cortada = True
                        break
            except (OSError, ClientDisconnected):
                # Cut by the watchdog (a short body, or the server's own "no more data"), or the
                # client hung up or broke its chunked encoding.
                if not leitura.cortada:
                    raise Validacao("O envio foi interrompido antes do fim; tente novamente") from None
        if leitura.cortada:
            log.warning("corpo da requisição não chegou no prazo", extra={
                "recebidos": leitura.recebidos, "segundos": round(time.monotonic() - leitura.inicio, 1)})
            raise TempoDeEnvioEsgotado()
    except BaseException:
        arquivo.close()
        raise
    return Corpo(arquivo, leitura.recebidos)
