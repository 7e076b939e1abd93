"""Redis connections with short timeouts: a slow or absent Redis must not stall requests.

Every command that fails is counted (erp_redis_errors_total, shared/metricas.py) before its caller
decides how to degrade: callers catch redis.RedisError and go on without Redis, so the count is
what shows a maintainer that they are doing so.
"""
import redis
from redis.client import Pipeline

from shared import metricas


class _PipelineContado(Pipeline):
    def execute(self, raise_on_error: bool = True):
        try:
            return super().execute(raise_on_error)
        except redis.RedisError as erro:
            metricas.erro_redis("MULTI" if self.transaction else "PIPELINE", erro)
            raise


class RedisContado(redis.Redis):
    """redis.Redis that counts its failed commands (a connection refused included)."""

    def execute_command(self, *args, **options):
        try:
            return super().execute_command(*args, **options)
        except redis.RedisError as erro:
            metricas.erro_redis(args[0] if args else None, erro)
            raise

    def pipeline(self, transaction=True, shard_hint=None) -> Pipeline:
        return _PipelineContado(self.connection_pool, self.response_callbacks, transaction, shard_hint)


def conectar(url: str) -> redis.Redis:
    return RedisContado.from_url(
        url,
        socket_timeout=0.5,
        socket_connect_timeout=0.5,
        health_check_interval=15,
        decode_responses=True,
    )


def storage_uri_limiter(url: str) -> str:
    """flask-limiter (the `limits` package) spells a unix socket `redis+unix://`."""
    return "redis+unix://" + url.removeprefix("unix://") if url.startswith("unix://") else url
