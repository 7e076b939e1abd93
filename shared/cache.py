"""Read cache in Redis, keyed by empresa and by the generation counters of the domains it reads.

A write bumps its domain's generation (shared.eventos), so the next read builds a new key: a stale
value is never read again, it just expires. Each process remembers generations for at most
`memo_ttl` seconds and forgets them at once when an event arrives (or the subscription reconnects),
so a lost pub/sub message delays freshness by at most `memo_ttl`. With Redis down every read goes
to Postgres.

A miss is loaded once (single-flight), however many ask for it at the same moment: a write tells
every open dashboard at once (the stream), and each re-fetch used to miss the new key and compute
the same figures against PostgreSQL — 100 at a time with 50 tabs open, which pushed the
dashboard's p99 past a second and opened the gateway's breaker for it. Now, per key:

* within a process, the first thread loads and the others wait for its value (an in-memory event);
* across processes and replicas, that thread first takes a lock in Redis beside the value
  (`<key>:carregando`, SET NX PX `espera` seconds); whoever does not get it polls the value every
  10 ms and takes the value the holder stores.

Nobody waits longer than `espera` (5 s by default: over the slowest load seen under the studio-day
load test, about a second, and under the gateway's 10 s to a first byte, so a waiter that gives up
still has time to load): after that, or when the lock goes away without a value (its holder failed,
or died and the lock expired), a waiter loads by itself — as every reader did before. A holder that
fails lets go of its lock at once; with Redis down, or failing meanwhile, a reader loads from the
database as it always did.
"""
import json
import logging
import threading
import time

import redis

from shared.eventos import Barramento, chave_geracao

log = logging.getLogger(__name__)

ESPERA = 5.0  # seconds: the bound above, and how long a lock lives
PASSO = 0.01  # seconds between a waiter's looks at the value: one waiter per process and key


class _Carga:
    """One load of a key in this process, which the process's other threads wait for."""

    def __init__(self):
        self.pronta = threading.Event()
        self.texto = None  # None when the loader failed: each waiter then loads by itself


class Cache:
    def __init__(self, cliente: redis.Redis, barramento: Barramento, servico: str, ttl: int = 60, memo_ttl: float = 0.5,
                 espera: float = ESPERA):
        self.redis = cliente
        self.barramento = barramento
        self.servico = servico
        self.ttl = ttl
        self.memo_ttl = memo_ttl
        self.espera = espera
        self._memo: dict = {}  # (empresa_id, dominio) -> (geracao, valido_ate)
        self._cargas: dict = {}  # Redis key -> _Carga under way in this process
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
        return self._carregar_uma_vez(chave_redis, carregar)

    # ------------------------------------------------------------ single-flight

    def _carregar_uma_vez(self, chave_redis: str, carregar) -> str:
        """The first thread of this process to miss the key loads it; the others wait for it."""
        with self._lock:
            carga = self._cargas.get(chave_redis)
            primeira = carga is None
            if primeira:
                carga = self._cargas[chave_redis] = _Carga()
        if not primeira:
            if carga.pronta.wait(self.espera) and carga.texto is not None:
                return carga.texto
            return self._carregar_e_guardar(chave_redis, carregar, None)
        try:
            carga.texto = self._carregar_entre_processos(chave_redis, carregar)
            return carga.texto
        finally:
            with self._lock:
                del self._cargas[chave_redis]
            carga.pronta.set()

    def _carregar_entre_processos(self, chave_redis: str, carregar) -> str:
        trava = f"{chave_redis}:carregando"
        texto, com_trava = self._esperar_a_vez(chave_redis, trava)
        if texto is not None:
            return texto
        return self._carregar_e_guardar(chave_redis, carregar, trava if com_trava else None)

    def _esperar_a_vez(self, chave_redis: str, trava: str) -> tuple[str | None, bool]:
        """(the value another process stored, False), or (None, whether this one holds the lock)
        when it should load: it took the lock, the bound ran out, or Redis failed."""
        fim = time.monotonic() + self.espera
        try:
            while not self.redis.set(trava, "1", nx=True, px=int(self.espera * 1000)):
                while True:  # another process loads it
                    time.sleep(PASSO)
                    texto, dono = self.redis.mget(chave_redis, trava)
                    if texto is not None:
                        return texto, False
                    if time.monotonic() >= fim:
                        return None, False
                    if dono is None:
                        break  # it failed or died: the next to take the lock loads
        except redis.RedisError:
            log.warning("redis indisponível: lendo do banco sem esperar por outro processo")
            return None, False
        return None, True

    def _carregar_e_guardar(self, chave_redis: str, carregar, trava: str | None) -> str:
        """`carregar()`, stored; the lock, when this caller holds it, let go with the store. A holder
        that overran its lock may let go of its successor's: one more load at worst, never a wait."""
        try:
            texto = carregar()
        except BaseException:
            if trava:
                try:
                    self.redis.delete(trava)
                except redis.RedisError:
                    pass  # it expires by itself
            raise
        try:
            with self.redis.pipeline() as pipe:
                pipe.set(chave_redis, texto, ex=self.ttl)
                if trava:
                    pipe.delete(trava)
                pipe.execute()
        except redis.RedisError:
            log.warning("redis indisponível: valor não guardado no cache")
        return texto
