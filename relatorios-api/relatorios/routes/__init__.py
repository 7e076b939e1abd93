"""One blueprint per report."""
from relatorios.routes import analise, exportacoes, fluxo, inadimplencia, projetado

BLUEPRINTS = [fluxo.bp, projetado.bp, inadimplencia.bp, analise.bp, exportacoes.bp]
