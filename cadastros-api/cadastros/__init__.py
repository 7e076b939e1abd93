"""cadastros-api: contas bancárias, categorias, clientes e fornecedores.

Owns the `cadastros` schema (migrations/); its resources arrive as blueprints with their
issues, see ../README.md.
"""
from shared.app import criar_app


def create_app(overrides: dict | None = None):
    return criar_app("cadastros-api", [], overrides)
