"""Configuration from the environment, with the embedded default as fallback.

Production (Railway, docker-compose) sets every variable. The embedded runner (`make run`) writes
the URLs of its private PostgreSQL and Redis to `.erp/runtime.env`; a service started by hand on a
developer machine falls back to that file, so `flask --app financeiro run` just works while
`make run` is up. Variables set in the environment always win.
"""
import json
import os
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit, quote
from zoneinfo import ZoneInfo

REPO_ROOT = Path(__file__).resolve().parent.parent
STATE_DIR = Path(os.environ.get("ERP_STATE_DIR", REPO_ROOT / ".erp"))
RUNTIME_ENV = STATE_DIR / "runtime.env"

# The studio's calendar: "today", a day's range in a filter, what is overdue, what a balance holds
# are São Paulo's days, not UTC's.
FUSO = "America/Sao_Paulo"


def hoje() -> date:
    """The studio's calendar day now."""
    return datetime.now(ZoneInfo(FUSO)).date()

SERVICOS = {
    # name: (package, port)
    "frontend": ("frontend", 5000),
    "auth-api": ("auth", 5001),
    "financeiro-api": ("financeiro", 5002),
    "relatorios-api": ("relatorios", 5003),
    "cadastros-api": ("cadastros", 5004),
    "operacional-api": ("operacional", 5005),
    "rh-api": ("rh", 5006),
    "dashboard-api": ("dashboard", 5007),
}


def url_variable(servico: str) -> str:
    """`financeiro-api` -> `FINANCEIRO_API_URL`: where other services reach it."""
    return servico.upper().replace("-", "_") + "_URL"


def _runtime_env() -> dict:
    try:
        linhas = RUNTIME_ENV.read_text().splitlines()
    except FileNotFoundError:
        return {}
    pares = (linha.split("=", 1) for linha in linhas if "=" in linha and not linha.startswith("#"))
    return {chave.strip(): valor.strip() for chave, valor in pares}


def _get(env: dict, nome: str, padrao=None):
    valor = env.get(nome)
    return padrao if valor in (None, "") else valor


def app_database_url(owner_url: str, role: str, password: str) -> str:
    """The URL the services use: the owner's URL with the app role's credentials.

    Railway gives one DATABASE_URL (the owner). The migrator creates the app role with
    ERP_APP_DB_PASSWORD, and services connect as that role on the same host and database.
    """
    partes = urlsplit(owner_url)
    host = partes.netloc.rsplit("@", 1)[-1]
    credenciais = quote(role, safe="") + (":" + quote(password, safe="") if password else "")
    return urlunsplit(partes._replace(netloc=f"{credenciais}@{host}"))


@dataclass(frozen=True)
class Config:
    servico: str
    versao: str
    database_url: str  # the owner: migrations only
    app_database_url: str  # the app role: every request
    app_db_role: str
    app_db_password: str
    redis_url: str
    jwt_issuer: str
    jwt_audience: str
    jwt_leeway: int
    jwt_public_keys: dict  # kid -> PEM
    jwt_private_key: str | None  # PEM, auth-api only
    jwt_kid: str | None
    access_token_ttl: int
    session_ttl: int
    cookie_secure: bool
    max_upload_bytes: int
    rate_limit_padrao: str
    db_pool_max: int
    service_urls: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)

    @classmethod
    def from_env(cls, servico: str, overrides: dict | None = None) -> "Config":
        env = {**_runtime_env(), **os.environ, **(overrides or {})}
        database_url = _get(env, "DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/erp")
        role = _get(env, "ERP_APP_DB_ROLE", "erp_app")
        password = _get(env, "ERP_APP_DB_PASSWORD", "")
        return cls(
            servico=servico,
            versao=_get(env, "ERP_VERSION", _versao_do_repo()),
            database_url=database_url,
            app_database_url=_get(env, "APP_DATABASE_URL")
            or app_database_url(database_url, role, password),
            app_db_role=role,
            app_db_password=password,
            redis_url=_get(env, "REDIS_URL", "redis://127.0.0.1:6379/0"),
            jwt_issuer=_get(env, "JWT_ISSUER", "erp-web-auth"),
            jwt_audience=_get(env, "JWT_AUDIENCE", "erp-web"),
            jwt_leeway=int(_get(env, "JWT_LEEWAY", "10")),
            jwt_public_keys=_chaves_publicas(env),
            jwt_private_key=_chave_privada(env),
            jwt_kid=_get(env, "JWT_KID") or _kid_do_arquivo(),
            access_token_ttl=int(_get(env, "ACCESS_TOKEN_TTL", "600")),
            session_ttl=int(_get(env, "SESSION_TTL", str(12 * 3600))),
            cookie_secure=_get(env, "COOKIE_SECURE", "false").lower() in ("1", "true", "yes"),
            max_upload_bytes=int(_get(env, "MAX_UPLOAD_BYTES", str(20 * 1024 * 1024))),
            rate_limit_padrao=_get(env, "RATE_LIMIT_PADRAO", "1200/minute"),
            db_pool_max=int(_get(env, "DB_POOL_MAX", "5")),
            service_urls={
                nome: _get(env, url_variable(nome), f"http://127.0.0.1:{porta}")
                for nome, (_, porta) in SERVICOS.items()
            },
            extra={k: v for k, v in env.items() if k.startswith("ERP_")},
        )


def _versao_do_repo() -> str:
    try:
        return (REPO_ROOT / "VERSION").read_text().strip()
    except FileNotFoundError:
        return "0.0.0"


KEYS_DIR = STATE_DIR / "keys"


def _chaves_publicas(env: dict) -> dict:
    """JWT_PUBLIC_KEYS is a JSON object {kid: PEM}; several kids allow key rotation."""
    bruto = _get(env, "JWT_PUBLIC_KEYS")
    if bruto:
        chaves = json.loads(bruto)
        if not isinstance(chaves, dict) or not chaves:
            raise ValueError("JWT_PUBLIC_KEYS deve ser um objeto JSON {kid: PEM}")
        return chaves
    return {p.stem.removesuffix(".pub"): p.read_text() for p in sorted(KEYS_DIR.glob("*.pub.pem"))}


def _chave_privada(env: dict) -> str | None:
    bruto = _get(env, "JWT_PRIVATE_KEY")
    if bruto:
        return bruto
    kid = _kid_do_arquivo()
    return (KEYS_DIR / f"{kid}.key.pem").read_text() if kid else None


def _kid_do_arquivo() -> str | None:
    try:
        return (KEYS_DIR / "current").read_text().strip()
    except FileNotFoundError:
        return None
