"""Which modules answer right now, for GET /api/modulos: every service's /health, all at once.

The SPA asks on every page and every 30 s, so the answer is kept for a moment in each process;
a service that goes down or comes back shows within VALIDADE seconds plus one probe.
"""
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests

PRAZO = 0.5  # seconds for one /health: a live service answers it without touching anything
VALIDADE = 2.0  # seconds an answer is reused


class Disponibilidade:
    def __init__(self, sessao: requests.Session, urls: dict[str, str]):
        self._sessao = sessao
        self._urls = urls  # service -> base URL, of the services to probe
        self._trava = threading.Lock()
        self._quando = float("-inf")
        self._estado: dict[str, bool] = {}

    def consultar(self) -> dict[str, bool]:
        """{service: whether it answers /health with 200}, at most VALIDADE seconds old."""
        # One probe at a time: the requests that arrive meanwhile wait for it (PRAZO at most)
        # rather than each probing every service again.
        with self._trava:
            if time.monotonic() - self._quando >= VALIDADE:
                with ThreadPoolExecutor(max_workers=len(self._urls)) as grupo:
                    self._estado = dict(zip(self._urls, grupo.map(self._responde, self._urls)))
                self._quando = time.monotonic()
            return self._estado

    def _responde(self, servico: str) -> bool:
        try:
            return self._sessao.get(self._urls[servico] + "/health", timeout=PRAZO).status_code == 200
        except requests.RequestException:  # refused, unresolvable, timed out: not available
            return False
