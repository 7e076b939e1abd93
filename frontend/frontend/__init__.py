"""frontend: the SPA and the single public origin, forwarding `/api/...` to the owning service.

The gateway and the SPA arrive with their issues; see ../README.md.
"""
from shared.app import criar_app


def create_app(overrides: dict | None = None):
    # No database: the frontend only verifies tokens (revocations and rate limits live in Redis)
    # and forwards, so PostgreSQL being down must not make it unready.
    return criar_app("frontend", [], overrides, dependencias=("redis",))
