"""relatorios-api: fluxo de caixa, análises, comparativos, indicadores, inadimplência e exports.

Owns no schema: its reports read the other services' tables (read models, see ../README.md),
which is why /ready checks PostgreSQL too. The reports arrive with their issues.
"""
from shared.app import criar_app


def create_app(overrides: dict | None = None):
    return criar_app("relatorios-api", [], overrides)
