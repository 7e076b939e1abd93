"""operacional-api: contratos, agenda de sessões, kits de equipamentos e eventos.

Owns the `operacional` schema (migrations/); its resources arrive as blueprints with their
issues, see ../README.md.
"""
from shared.app import criar_app


def create_app(overrides: dict | None = None):
    return criar_app("operacional-api", [], overrides)
