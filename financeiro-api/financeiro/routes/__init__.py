"""One blueprint per resource."""
from financeiro.routes import (baixas, conciliacao, conciliacao_automatica, extratos, lancamentos, parcelas_de_contrato,
                               regras, sugestoes)

BLUEPRINTS = [lancamentos.bp, parcelas_de_contrato.bp, baixas.bp, extratos.bp, sugestoes.bp, conciliacao.bp, regras.bp, conciliacao_automatica.bp]
