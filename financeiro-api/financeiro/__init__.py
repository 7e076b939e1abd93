"""financeiro-api: lançamentos, extratos (OFX), conciliação e remessas (CNAB).

Owns the `financeiro` schema (migrations/); its resources arrive as blueprints with their
issues, see ../README.md.
"""
from shared.app import criar_app


def create_app(overrides: dict | None = None):
    return criar_app("financeiro-api", [], overrides)
