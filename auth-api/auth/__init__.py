"""auth-api: empresas, usuários, sessões, permissões and the reading of the audit trail.

Owns the `auth` schema (migrations/) and is the only service that signs access tokens; every
service verifies them locally (shared.auth). See ../README.md.
"""
from shared.app import criar_app

from auth.admin import garantir_admin_na_partida
from auth.routes import BLUEPRINTS
from auth.tokens import Emissor


def create_app(overrides: dict | None = None):
    app = criar_app("auth-api", BLUEPRINTS, overrides)
    app.extensions["auth"] = Emissor.da_config(app.extensions["erp"].config)
    garantir_admin_na_partida(app)
    return app
