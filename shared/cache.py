"""Read cache in Redis, keyed by empresa and by the generation counters of the domains it reads.

A write bumps its domain's generation (shared.eventos), so the next read builds a new key: a stale
value is never read again, it just expires. Each process remembers generations for at most
`memo_ttl` seconds and forgets them at once when an event arrives (or the subscription reconnects),
so a lost pub/sub message delays freshness by at most `memo_ttl`. With Redis down every read goes
to Postgres.
"""
import json
import logging
import threading
import time

import redis

from shared.eventos import Barramento, chave_geracao

log = logging.getLogger(__name__)


class Cache:
    def __init__(self, cliente: redis.Redis, barramento: Barramento, servico: str, ttl: int = 60, memo_ttl: float = 0.5):
        self.redis = cliente
        self.barramento = barramento
        self.servico = servico
        self.ttl = ttl
        self.memo_ttl = memo_ttl
        self._memo: dict = {}  # (empresa_id, dominio) -> (geracao, valido_ate)
        self._lock = threading.Lock()

    def _ao_evento(self, evento) -> None:
        with self._lock:
            if evento is None:
                self._memo.clear()
            else:
                dominio = evento["tipo"].split(".", 1)[0]
                self._memo.pop((evento["empresa_id"], dominio), None)

    def geracao(self, empresa_id: int, dominio: str) -> int:
        self.barramento.ouvir(self._ao_evento)
        agora = time.monotonic()
        memo = self._memo.get((empresa_id, dominio))
        if memo and memo[1] > agora:
            return memo[0]
        valor = int(self.redis.get(chave_geracao(empresa_id, dominio)) or 0)
        with self._lock:
            self._memo[(empresa_id, dominio)] = (valor, agora + self.memo_ttl)
        return valor

    def obter(self, empresa_id: int, dominios: tuple, chave: str, carregar):
        """The cached JSON-able value for `chave`, or `carregar()` stored for next time.

        Always as JSON gives it back (Decimal and dates as strings), whether it came from the
        cache, from `carregar` now, or from `carregar` with Redis down: a caller never gets a
        Decimal on a miss and a string on a hit.
        """
        return json.loads(self.obter_texto(empresa_id, dominios, chave, lambda: json.dumps(carregar(), default=str)))

    def obter_texto(self, empresa_id: int, dominios: tuple, chave: str, carregar) -> str:
        """The cached text for `chave`, or `carregar()` (a str) stored for next time — as it is, so
        a caller that stores an HTTP body sends a hit without parsing or serializing it again (the
        client decodes responses: shared/redis_client.py)."""
        try:
            geracoes = ".".join(str(self.geracao(empresa_id, d)) for d in dominios)
            chave_redis = f"erp:cache:{self.servico}:{empresa_id}:{chave}:{geracoes}"
            guardado = self.redis.get(chave_redis)
        except redis.RedisError:
            log.warning("redis indisponível: lendo do banco sem cache")
            return carregar()
        if guardado is not None:
            return guardado
        texto = carregar()
        try:
            self.redis.set(chave_redis, texto, ex=self.ttl)
        except redis.RedisError:
            log.warning("redis indisponível: valor não guardado no cache")
        return texto
