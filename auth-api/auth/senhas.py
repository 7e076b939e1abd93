"""Password hashing: argon2id with argon2-cffi's defaults (RFC 9106 low-memory profile)."""
import secrets
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()


def gerar_hash(senha: str) -> str:
    return _hasher.hash(senha)


def confere(senha_hash: str, senha: str) -> bool:
    try:
        return _hasher.verify(senha_hash, senha)
    except (VerificationError, InvalidHashError):
        return False


@cache
def _hash_ficticio() -> str:
    return _hasher.hash(secrets.token_urlsafe(16))


def simular_conferencia(senha: str) -> None:
    """Costs what a real check costs, so an unknown username answers as slowly as a wrong password."""
    confere(_hash_ficticio(), senha)


def gerar_senha() -> str:
    return secrets.token_urlsafe(12)


# No 0/O, 1/l/I: a temporary password is read aloud or copied from a screen by a person.
_LEGIVEIS = "abcdefghjkmnpqrstuvwxyz23456789"


def gerar_senha_temporaria() -> str:
    """An administrator's reset: "xxxx-xxxx-xxxx-xxxx", 16 random characters of 31 (79 bits),
    shown once; the session it opens may only choose the user's own password."""
    return "-".join("".join(secrets.choice(_LEGIVEIS) for _ in range(4)) for _ in range(4))
