"""dashboard-api: métricas, widgets e atualizações ao vivo (SSE).

Owns no schema: it aggregates the other services' tables (read models, see ../README.md),
which is why /ready checks PostgreSQL too.
"""
from shared.app import criar_app

from dashboard.routes import BLUEPRINTS


def create_app(overrides: dict | None = None):
    return criar_app("dashboard-api", BLUEPRINTS, overrides)
