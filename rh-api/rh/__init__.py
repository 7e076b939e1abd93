"""rh-api: funcionários, the month's variables, the payroll preview and the processed months.

Owns the `rh` schema (migrations/); see ../README.md.
"""
from shared.app import criar_app

from rh.routes import BLUEPRINTS


def create_app(overrides: dict | None = None):
    return criar_app("rh-api", BLUEPRINTS, overrides)
