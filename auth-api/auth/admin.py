"""The platform administrator `admin`, ensured on every start of auth-api.

Every gunicorn worker runs create_app, so creation is race-safe: the unique username decides
which worker created it, and only that one reports a generated password, once.
"""
import logging

import psycopg2

from shared.db import Database

from auth import senhas, usuarios

log = logging.getLogger(__name__)

USERNAME = "admin"
NOME = "Administração da plataforma"


def garantir_admin(db: Database, senha: str | None) -> str | None:
    """Creates the admin unless it exists, with `senha` or a generated password.

    Returns the password when this call created the admin, None when it already existed.
    """
    # Platform tables only: the transaction needs no empresa.
    with db.transacao(None) as cur:
        cur.execute("SELECT 1 FROM auth.usuarios WHERE username = %s", (USERNAME,))
        if cur.fetchone():
            return None
    senha = senha or senhas.gerar_senha()
    with db.transacao(None) as cur:
        criado = usuarios.inserir(cur, USERNAME, NOME, senhas.gerar_hash(senha), plataforma_admin=True)
    return senha if criado else None


def garantir_admin_na_partida(app) -> None:
    erp = app.extensions["erp"]
    definida = erp.config.extra.get("ERP_ADMIN_PASSWORD")
    try:
        senha = garantir_admin(erp.db, definida)
    except psycopg2.OperationalError as exc:
        # /health must still answer; /ready names the database, and the next start tries again.
        log.error("banco indisponível na partida: administrador da plataforma não verificado (%s)", exc)
        return
    if senha is None:
        return
    # A platform action with no empresa, hence no audit trail: the log records it.
    if definida:
        log.warning("administrador da plataforma criado com a senha de ERP_ADMIN_PASSWORD",
                    extra={"username": USERNAME})
    else:
        log.warning("administrador da plataforma criado; senha gerada (exibida só desta vez): %s", senha,
                    extra={"username": USERNAME})
