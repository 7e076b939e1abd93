"""One blueprint per report."""
from relatorios.routes import (analise, comparativo, dre, exportacoes, fluxo, inadimplencia, indicadores, projetado,
                               resultado_eventos)

BLUEPRINTS = [fluxo.bp, projetado.bp, inadimplencia.bp, analise.bp, comparativo.bp, dre.bp, indicadores.bp,
              resultado_eventos.bp, exportacoes.bp]
