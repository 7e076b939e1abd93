"""One blueprint per resource."""
from financeiro.routes import baixas, extratos, lancamentos

BLUEPRINTS = [lancamentos.bp, baixas.bp, extratos.bp]
