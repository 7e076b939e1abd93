"""operacional-api: eventos, contratos, agenda de sessões, equipamentos e kits.

Owns the `operacional` schema (migrations/); see ../README.md.
"""
from shared.app import criar_app

from operacional.routes import BLUEPRINTS


def create_app(overrides: dict | None = None):
    return criar_app("operacional-api", BLUEPRINTS, overrides)
