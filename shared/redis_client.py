"""Redis connections with short timeouts: a slow or absent Redis must not stall requests."""
import redis


def conectar(url: str) -> redis.Redis:
    return redis.Redis.from_url(
        url,
        socket_timeout=0.5,
        socket_connect_timeout=0.5,
        health_check_interval=15,
        decode_responses=True,
    )


def storage_uri_limiter(url: str) -> str:
    """flask-limiter (the `limits` package) spells a unix socket `redis+unix://`."""
    return "redis+unix://" + url.removeprefix("unix://") if url.startswith("unix://") else url
