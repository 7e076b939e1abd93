"""frontend: the SPA and the single public origin, forwarding `/api/...` to the owning service.

Two blueprints: `gateway` (every `/api/...` path, by the route table in `rotas`) and `spa` (the
single-page app's files and its security headers). See ../README.md.
"""
from shared.app import criar_app

from frontend import gateway, spa


def create_app(overrides: dict | None = None):
    # No database: the frontend only forwards and serves files (revocations and rate limits live
    # in Redis), so PostgreSQL being down must not make it unready.
    return criar_app("frontend", [gateway.bp, spa.bp], overrides, dependencias=("redis",))
