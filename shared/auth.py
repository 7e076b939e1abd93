"""Local verification of the access token on every request; permissions per `modulo:acao`.

Tokens are EdDSA (Ed25519) JWTs signed by auth-api alone; services hold only public keys, by
`kid`, so keys rotate by publishing the new public key before auth-api signs with it. Nothing
here calls auth-api: a request is authenticated with one signature check (once per token and
process: Verificador keeps the claims) and one Redis lookup (is this session revoked?). If Redis
is down the lookup is skipped and logged: access tokens live minutes (ACCESS_TOKEN_TTL), and
auth-api refuses to renew a revoked session from Postgres, so a Redis outage keeps a revoked token
alive at most until it expires.
"""
import functools
import hmac
import logging
import time
from dataclasses import dataclass

import jwt
import redis
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from flask import current_app, g, request

from shared.errors import NaoAutenticado, SemPermissao

log = logging.getLogger(__name__)

ALGORITMO = "EdDSA"
COOKIE_SESSAO = "erp_sessao"
COOKIE_CSRF = "erp_csrf"
HEADER_CSRF = "X-CSRF-Token"
METODOS_SEGUROS = {"GET", "HEAD", "OPTIONS"}
CLAIMS_OBRIGATORIAS = ["exp", "iat", "iss", "aud", "sub", "sid", "usr", "perms", "csrf"]
# Tokens whose verified claims a process keeps: far more than the staff's sessions of one access
# token's life, a few MB at most.
VERIFICADOS = 4096


def chave_revogacao(sessao_id: str) -> str:
    return f"erp:sessao:revogada:{sessao_id}"


@dataclass(frozen=True)
class Usuario:
    id: int
    username: str
    empresa_id: int | None
    permissoes: frozenset
    sessao_id: str
    plataforma_admin: bool
    csrf: str
    # The password was generated or set by someone else (claim `trocar_senha`): until the user
    # changes it, every route refuses the token but those marked `endpoint(senha_provisoria=True)`.
    trocar_senha: bool = False

    def pode(self, permissao: str) -> bool:
        if self.plataforma_admin or permissao in self.permissoes:
            return True
        modulo, _, acao = permissao.partition(":")
        return acao == "ler" and f"{modulo}:escrever" in self.permissoes


class Verificador:
    """Verifies tokens against the configured public keys; one per app.

    A token's signature is checked once: the claims of the last VERIFICADOS tokens seen are kept
    by the token's whole text (its signature included), so a staff member's next requests with the
    same token pay no Ed25519 check and no second parse (~0.3 ms of each request, issue 20). Its
    expiry is checked on every use."""

    def __init__(self, chaves_publicas: dict, issuer: str, audience: str, leeway: int):
        self.chaves = {kid: load_pem_public_key(pem.encode()) for kid, pem in chaves_publicas.items()}
        self.issuer = issuer
        self.audience = audience
        self.leeway = leeway
        self._assinadas = functools.lru_cache(maxsize=VERIFICADOS)(self._assinada)

    def verificar(self, token: str, aceitar_expirado: bool = False) -> dict:
        claims = self._assinadas(token)
        expira = claims["exp"]
        if not aceitar_expirado and expira <= time.time() - self.leeway:
            raise NaoAutenticado("Sessão expirada; entre novamente")
        return claims

    def _assinada(self, token: str) -> dict:
        """The claims of a token signed by one of the keys, whatever its expiry (an invalid token
        raises, and is not kept)."""
        try:
            kid = jwt.get_unverified_header(token).get("kid")
            chave = self.chaves.get(kid) if isinstance(kid, str) else None
            if chave is None:
                raise NaoAutenticado("Token assinado por chave desconhecida")
            claims = jwt.decode(
                token,
                chave,
                algorithms=[ALGORITMO],  # pinned: 'none' and HS*-with-the-public-key are refused
                audience=self.audience,
                issuer=self.issuer,
                leeway=self.leeway,
                options={"require": CLAIMS_OBRIGATORIAS, "verify_exp": False},
            )
        except jwt.InvalidTokenError:
            raise NaoAutenticado("Token inválido") from None
        expira = claims["exp"]
        if "emp" not in claims or not isinstance(claims["perms"], list) \
                or not isinstance(expira, (int, float)) or isinstance(expira, bool):
            raise NaoAutenticado("Token inválido")
        return claims


def usuario_das_claims(claims: dict) -> Usuario:
    try:
        return Usuario(
            id=int(claims["sub"]),
            username=str(claims["usr"]),
            empresa_id=None if claims["emp"] is None else int(claims["emp"]),
            permissoes=frozenset(str(p) for p in claims["perms"]),
            sessao_id=str(claims["sid"]),
            plataforma_admin=bool(claims.get("plat", False)),
            csrf=str(claims["csrf"]),
            trocar_senha=bool(claims.get("trocar_senha", False)),
        )
    except (TypeError, ValueError):
        raise NaoAutenticado("Token inválido") from None


def token_do_request() -> tuple[str, bool]:
    """The bearer token, or the browser's session cookie; the flag says it came from the cookie."""
    cabecalho = request.headers.get("Authorization", "")
    if cabecalho:
        tipo, _, token = cabecalho.partition(" ")
        if tipo.lower() != "bearer" or not token.strip():
            raise NaoAutenticado("Cabeçalho Authorization malformado; use 'Bearer <token>'")
        return token.strip(), False
    token = request.cookies.get(COOKIE_SESSAO)
    if not token:
        raise NaoAutenticado("Autenticação necessária")
    return token, True


def autenticar(aceitar_expirado: bool = False) -> Usuario:
    """Sets and returns g.usuario for the current request, or raises 401/403."""
    plataforma = current_app.extensions["erp"]
    token, de_cookie = token_do_request()
    usuario = usuario_das_claims(plataforma.verificador.verificar(token, aceitar_expirado))
    if de_cookie and request.method not in METODOS_SEGUROS:
        # A cookie is sent by the browser on its own; the header proves the page's own script.
        enviado = request.headers.get(HEADER_CSRF, "")
        if not hmac.compare_digest(enviado.encode(), usuario.csrf.encode()):
            raise SemPermissao("Verificação CSRF falhou; recarregue a página")
    if sessao_revogada(plataforma.redis, usuario.sessao_id):
        raise NaoAutenticado("Sessão encerrada; entre novamente")
    g.usuario = usuario
    g.token = token
    return usuario


def sessao_revogada(cliente: redis.Redis, sessao_id: str) -> bool:
    try:
        return bool(cliente.exists(chave_revogacao(sessao_id)))
    except redis.RedisError:
        log.warning("redis indisponível: revogação não verificada (token curto segue válido até expirar)")
        return False
