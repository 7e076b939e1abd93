"""Signing the access token: EdDSA (Ed25519), `kid` in the header, the claims shared.auth verifies."""
import time
import uuid
from dataclasses import dataclass

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from flask import current_app

from shared.auth import ALGORITMO, Usuario
from shared.config import Config


@dataclass(frozen=True)
class Emissor:
    chave: Ed25519PrivateKey
    kid: str
    issuer: str
    audience: str
    ttl: int

    @classmethod
    def da_config(cls, cfg: Config) -> "Emissor":
        """Fails at start, not at the first login, when the signing key is missing or unusable."""
        if not cfg.jwt_private_key or not cfg.jwt_kid:
            raise RuntimeError("auth-api precisa de JWT_PRIVATE_KEY e JWT_KID (ou das chaves em .erp/keys)")
        chave = load_pem_private_key(cfg.jwt_private_key.encode(), password=None)
        if not isinstance(chave, Ed25519PrivateKey):
            raise RuntimeError("JWT_PRIVATE_KEY deve ser uma chave Ed25519 (PEM)")
        # A kid the verifiers do not know would make every token, ours included, a 401.
        if cfg.jwt_kid not in cfg.jwt_public_keys:
            raise RuntimeError(f"a chave pública do kid {cfg.jwt_kid!r} não está em JWT_PUBLIC_KEYS")
        return cls(chave, cfg.jwt_kid, cfg.jwt_issuer, cfg.jwt_audience, cfg.access_token_ttl)

    def emitir(self, usuario: Usuario) -> str:
        """The token of `usuario`: the same fields shared.auth.usuario_das_claims reads back."""
        agora = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": str(usuario.id),
            "iat": agora,
            "nbf": agora,
            "exp": agora + self.ttl,
            "jti": uuid.uuid4().hex,
            "sid": usuario.sessao_id,
            "emp": usuario.empresa_id,
            "usr": usuario.username,
            "perms": sorted(usuario.permissoes),
            "plat": usuario.plataforma_admin,
            "csrf": usuario.csrf,
            # Until the user chooses their own password, every route but a few refuses this token.
            "trocar_senha": usuario.trocar_senha,
        }
        return jwt.encode(claims, self.chave, algorithm=ALGORITMO, headers={"kid": self.kid})


def emissor() -> Emissor:
    return current_app.extensions["auth"]
