"""Which modules answer right now, for GET /api/modulos: every service's /health, all at once.

The SPA asks on every page and every 30 s (5 s while a module is out), so the answer is kept for a
moment in each process; a service that goes down or comes back shows within VALIDADE seconds plus
one probe. One whose breaker is open (disjuntor.py) is down at once, and is not asked: its /health
would only take the probe's whole PRAZO to say so.
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

    def consultar(self, fora: set[str] = frozenset()) -> dict[str, bool]:
        """{service: whether it answers /health with 200}, at most VALIDADE seconds old; those in
        `fora` (known to be down: their breaker is open) are not asked, and are not available."""
        # One probe at a time: the requests that arrive meanwhile wait for it (PRAZO at most)
        # rather than each probing every service again.
        with self._trava:
            if time.monotonic() - self._quando >= VALIDADE:
                sondados = [servico for servico in self._urls if servico not in fora]
                with ThreadPoolExecutor(max_workers=len(self._urls)) as grupo:
                    respostas = dict(zip(sondados, grupo.map(self._responde, sondados)))
                self._estado = {servico: respostas.get(servico, False) for servico in self._urls}
                self._quando = time.monotonic()
            return {servico: disponivel and servico not in fora for servico, disponivel in self._estado.items()}

    def esquecer(self) -> None:
        """The next `consultar` asks again (a service found down has just answered)."""
        # Not under the lock: the answer that proved it is not held up by a probe under way.
        self._quando = float("-inf")

    def _responde(self, servico: str) -> bool:
        try:
            return self._sessao.get(self._urls[servico] + "/health", timeout=PRAZO).status_code == 200
        except requests.RequestException:  # refused, unresolvable, timed out: not available
            return False
