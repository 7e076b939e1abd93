"""One blueprint per resource."""
from rh.routes import caches, exportacoes, ferias, folha, funcionarios, pagamento_salarios

BLUEPRINTS = [funcionarios.bp, folha.bp, exportacoes.bp, caches.bp, ferias.bp, pagamento_salarios.bp]
