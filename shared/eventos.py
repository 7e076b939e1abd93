"""Domain events on Redis pub/sub, published only after the write that caused them committed.

A write bumps the generation counter of its domain for its empresa (`erp:geracao:<empresa>:<dominio>`)
and publishes `{"tipo", "empresa_id", "geracao", ...}` on `erp:eventos:<empresa>`. The counter is the
truth; the message only makes other processes notice sooner. Each worker runs one subscriber thread
that reconnects by itself and tells its listeners (the cache, live streams) what arrived.
"""
import json
import logging
import threading
import time
from datetime import datetime, timezone

import redis

from shared import metricas

log = logging.getLogger(__name__)

CANAL = "erp:eventos:{empresa_id}"
PADRAO_CANAIS = "erp:eventos:*"


def chave_geracao(empresa_id: int, dominio: str) -> str:
    return f"erp:geracao:{empresa_id}:{dominio}"


class Barramento:
    def __init__(self, cliente: redis.Redis, servico: str):
        self.redis = cliente
        self.servico = servico
        self._ouvintes = []  # callables(evento) ; on reconnect, called with None
        self._thread = None
        self._lock = threading.Lock()

    # ------------------------------------------------------------ publishing

    def publicar(self, tipo: str, empresa_id: int, dados: dict | None = None, correlation_id: str | None = None) -> None:
        """Publishes now. Domain code publishes through its `Transacao`, which calls this only
        after the write committed."""
        evento = {
            "tipo": tipo,
            "empresa_id": int(empresa_id),
            "servico": self.servico,
            "correlation_id": correlation_id,
            "em": datetime.now(timezone.utc).isoformat(),
            "dados": dados or {},
        }
        dominio = evento["tipo"].split(".", 1)[0]
        try:
            pipe = self.redis.pipeline(transaction=True)
            pipe.incr(chave_geracao(evento["empresa_id"], dominio))
            geracao = pipe.execute()[0]
            evento["geracao"] = geracao
            self.redis.publish(CANAL.format(empresa_id=evento["empresa_id"]), json.dumps(evento, default=str))
        except redis.RedisError:
            # Readers fall back to Postgres while Redis is down; nothing to retry here.
            log.warning("redis indisponível: evento %s não publicado", evento["tipo"])

    # ------------------------------------------------------------ subscribing

    def ouvir(self, ouvinte) -> None:
        """Registers a listener and makes sure this process's subscriber thread runs."""
        with self._lock:
            if ouvinte not in self._ouvintes:
                self._ouvintes.append(ouvinte)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._assinar, name="erp-eventos", daemon=True)
                self._thread.start()

    def _assinar(self) -> None:
        espera = 0.2
        while True:
            pubsub = None
            try:
                pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
                pubsub.psubscribe(PADRAO_CANAIS)
                # Anything cached before this point may have missed events: drop it.
                self._avisar(None)
                espera = 0.2
                while True:
                    mensagem = pubsub.get_message(timeout=1.0)
                    if mensagem and mensagem["type"] == "pmessage":
                        self._avisar(json.loads(mensagem["data"]))
            except (redis.RedisError, OSError, ValueError) as erro:
                metricas.erro_redis("SUBSCRIBE", erro)
                log.info("assinatura de eventos caiu; reconectando em %.1fs", espera)
            finally:
                if pubsub is not None:
                    try:
                        pubsub.close()
                    except (redis.RedisError, OSError):
                        pass
            self._avisar(None)
            time.sleep(espera)
            espera = min(espera * 2, 5.0)

    def _avisar(self, evento) -> None:
        for ouvinte in list(self._ouvintes):
            try:
                ouvinte(evento)
            except Exception:
                log.exception("ouvinte de eventos falhou")
