"""financeiro-api: lançamentos, extratos (OFX), conciliação e remessas (CNAB).

Owns the `financeiro` schema (migrations/); see ../README.md.
"""
from shared.app import criar_app

from financeiro.routes import BLUEPRINTS


def create_app(overrides: dict | None = None):
    return criar_app("financeiro-api", BLUEPRINTS, overrides)
