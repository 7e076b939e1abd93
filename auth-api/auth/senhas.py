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
