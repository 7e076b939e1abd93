"""Rate limits on Redis, shared by every worker and replica (flask-limiter)."""
from flask import g, request
from flask_limiter import Limiter


def ip_do_cliente() -> str:
    # remote_addr is the client's address: the gateway's X-Forwarded-For when the request proves it came
    # through the gateway (shared/encaminhamento.py), else the socket's peer.
    return request.remote_addr or "desconhecido"


def chave_padrao() -> str:
    """Authenticated requests count per user (many staff share an office IP), others per IP."""
    usuario = g.get("usuario")
    return f"usuario:{usuario.id}" if usuario is not None else f"ip:{ip_do_cliente()}"


limiter = Limiter(
    key_func=chave_padrao,
    key_prefix="erp",
    headers_enabled=True,
    # Redis down: limits are not enforced rather than every request failing (DESIGN rule 5).
    swallow_errors=True,
)
