"""relatorios-api: fluxo de caixa, análises, comparativos, indicadores, inadimplência e exports.

Its reports read the other services' read contracts (their `v_*` views, see ../README.md), which
is why /ready checks PostgreSQL too; its own schema holds only the export jobs (exportacoes.py). Each report is a domain module
(relatorios/<relatorio>.py: its `Parametros` and `calcular`) and a blueprint (routes/<relatorio>.py);
catalogo.py names them for the exports.
"""
from shared.app import criar_app

from relatorios.leitura import VALIDADE
from relatorios.routes import BLUEPRINTS


def create_app(overrides: dict | None = None):
    app = criar_app("relatorios-api", BLUEPRINTS, overrides)
    # A report is cached longer than the platform's default minute: the key carries the
    # generations of what it reads, so a write is seen at once, and the time bounds only a lost event.
    app.extensions["erp"].cache.ttl = VALIDADE
    return app
