"""One blueprint per resource."""
from financeiro.routes import baixas, conciliacao, conciliacao_automatica, extratos, lancamentos, regras, sugestoes

BLUEPRINTS = [lancamentos.bp, baixas.bp, extratos.bp, sugestoes.bp, conciliacao.bp, regras.bp, conciliacao_automatica.bp]
