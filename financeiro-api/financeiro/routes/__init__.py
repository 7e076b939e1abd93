"""One blueprint per resource."""
from financeiro.routes import (baixas, boletos, conciliacao, conciliacao_automatica, extratos, lancamentos, origens,
                               parcelas_de_contrato, regras, remessas, sugestoes)

BLUEPRINTS = [lancamentos.bp, parcelas_de_contrato.bp, origens.bp, baixas.bp, boletos.bp, extratos.bp, sugestoes.bp, conciliacao.bp,
              regras.bp, conciliacao_automatica.bp, remessas.bp]
