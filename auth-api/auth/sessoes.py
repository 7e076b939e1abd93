"""Sessions: a row in auth.sessoes per login (12-hour sliding life) behind short access tokens.

Revoking has two paths. Postgres is the truth, read on every renewal and check-auth. Redis is the
fast path every service checks per request (shared.auth.chave_revogacao), so a revoked token gets
401 everywhere at once; its key only has to outlive the access tokens already issued.
"""
import logging
import secrets

import redis

from shared.app import plataforma
from shared.auth import chave_revogacao

log = logging.getLogger(__name__)

# Old rows are of no use once expired for a while; each login tidies its own user's.
RETENCAO = "30 days"


def _limpo(texto: str | None, tamanho: int) -> str | None:
    # Headers are the client's to fill: PostgreSQL refuses NUL bytes in text.
    return None if texto is None else texto.replace("\x00", "")[:tamanho]


def criar(cur, usuario_id: int, empresa_id: int | None, ttl: int, ip: str | None, user_agent: str | None) -> dict:
    cur.execute(
        "DELETE FROM auth.sessoes WHERE usuario_id = %s AND expira_em < now() - %s::interval",
        (usuario_id, RETENCAO),
    )
    cur.execute(
        """INSERT INTO auth.sessoes (usuario_id, empresa_id, csrf, expira_em, ip, user_agent)
           VALUES (%s, %s, %s, now() + make_interval(secs => %s), %s, %s)
           RETURNING id::text, csrf, expira_em""",
        (usuario_id, empresa_id, secrets.token_urlsafe(32), ttl, _limpo(ip, 64), _limpo(user_agent, 400)),
    )
    return cur.fetchone()


def aberta(cur, sessao_id: str, usuario_id: int, bloquear: bool = False) -> dict | None:
    """The session if it is neither revoked nor expired.

    `bloquear` makes a renewal wait for a concurrent logout and then see the session revoked.
    """
    cur.execute(
        f"""SELECT id::text, empresa_id, csrf, expira_em FROM auth.sessoes
            WHERE id = %s::uuid AND usuario_id = %s AND revogada_em IS NULL AND expira_em > now()
            {"FOR UPDATE" if bloquear else ""}""",
        (sessao_id, usuario_id),
    )
    return cur.fetchone()


def prolongar(cur, sessao_id: str, empresa_id: int | None, ttl: int) -> None:
    """The sliding part: every renewal pushes the end `ttl` seconds from now."""
    cur.execute(
        """UPDATE auth.sessoes
           SET empresa_id = %s, ultimo_uso = now(), expira_em = now() + make_interval(secs => %s)
           WHERE id = %s::uuid""",
        (empresa_id, ttl, sessao_id),
    )


def revogar(cur, sessao_id: str) -> None:
    cur.execute(
        "UPDATE auth.sessoes SET revogada_em = now() WHERE id = %s::uuid AND revogada_em IS NULL",
        (sessao_id,),
    )


def revogar_do_usuario(cur, usuario_id: int) -> list[str]:
    """Revokes every open session of a user; returns their ids for `avisar_revogadas` after commit."""
    cur.execute(
        """UPDATE auth.sessoes SET revogada_em = now()
           WHERE usuario_id = %s AND revogada_em IS NULL AND expira_em > now()
           RETURNING id::text""",
        (usuario_id,),
    )
    return [linha["id"] for linha in cur.fetchall()]


def avisar_revogadas(sessoes: list[str]) -> None:
    """Tells every service, through Redis, that these sessions' tokens are dead. Call after commit."""
    if not sessoes:
        return
    p = plataforma()
    # Covers the longest remaining life of a token already issued, leeway included.
    validade = p.config.access_token_ttl + p.config.jwt_leeway + 5
    try:
        pipe = p.redis.pipeline(transaction=False)
        for sessao_id in sessoes:
            pipe.set(chave_revogacao(sessao_id), "1", ex=validade)
        pipe.execute()
    except redis.RedisError:
        log.warning(
            "redis indisponível: revogação só no banco; os tokens expiram em até %s s", validade,
            extra={"sessoes": sessoes},
        )
