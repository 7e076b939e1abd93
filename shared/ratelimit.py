"""Rate limits on Redis, shared by every worker and replica (flask-limiter)."""
import time

import redis
from flask import current_app, g, request
from flask_limiter import Limiter
from limits.errors import StorageError

ESPERA_SEM_JANELA = 60  # seconds: the default limits' window, when Redis cannot tell where it ends


def ip_do_cliente() -> str:
    # remote_addr is the client's address: the gateway's X-Forwarded-For when the request proves it came
    # through the gateway (shared/encaminhamento.py), else the socket's peer.
    return request.remote_addr or "desconhecido"


def chave_padrao() -> str:
    """Authenticated requests count per user (many staff share an office IP), others per IP."""
    usuario = g.get("usuario")
    return f"usuario:{usuario.id}" if usuario is not None else f"ip:{ip_do_cliente()}"


def segundos_de_espera() -> int:
    """Until the window of the limit this request went past ends, in whole seconds as flask-limiter
    counts them (at least 1): a 429's Retry-After."""
    atual = limiter.current_limit
    if atual is None:
        return ESPERA_SEM_JANELA
    try:
        return max(1, int(atual.reset_at - time.time()))
    except (StorageError, redis.RedisError):
        return ESPERA_SEM_JANELA


def limite_padrao() -> str:
    """The default limit of the app serving the request (its RATE_LIMIT_PADRAO, shared/app.py)."""
    return current_app.config["RATELIMIT_DEFAULT"]


limiter = Limiter(
    key_func=chave_padrao,
    key_prefix="erp",
    # Read per request from the app, not once: the one Limiter serves every app a process builds
    # (tests build many), and flask-limiter keeps the first app's RATELIMIT_DEFAULT for all of them.
    default_limits=[limite_padrao],
    # No X-RateLimit-* on every response: reading the window back for them is two more Redis round
    # trips per request (GET and TTL, after the hit), the largest part of a list's own overhead
    # (issue 20). Only a 429 says when to try again (Retry-After, shared/errors.py).
    headers_enabled=False,
    # Redis down: limits are not enforced rather than every request failing (DESIGN rule 5).
    swallow_errors=True,
)
