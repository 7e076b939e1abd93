"""cadastros-api: contas bancárias, categorias, clientes e fornecedores.

Owns the `cadastros` schema (migrations/); every other module refers to these records. See
../README.md.
"""
from shared.app import criar_app

from cadastros.routes import BLUEPRINTS


def create_app(overrides: dict | None = None):
    return criar_app("cadastros-api", BLUEPRINTS, overrides)
