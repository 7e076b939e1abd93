"""One blueprint per resource."""
from rh.routes import folha, funcionarios

BLUEPRINTS = [funcionarios.bp, folha.bp]
