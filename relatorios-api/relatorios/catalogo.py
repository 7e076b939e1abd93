"""The reports by the name an export asks for: each a module with `Parametros` (its query, as the
route validates it) and `calcular(cur, parametros)` (the route's JSON body)."""
from relatorios import (analise, comparativo, dre, extrato_cliente, fluxo, inadimplencia, indicadores, projetado, razao,
                        resultado_eventos)

RELATORIOS = {
    "fluxo-caixa": fluxo,
    "fluxo-caixa-projetado": projetado,
    "inadimplencia": inadimplencia,
    "analise": analise,
    "comparativo": comparativo,
    "indicadores": indicadores,
    "extrato-cliente": extrato_cliente,
    "dre": dre,
    "resultado-eventos": resultado_eventos,
    "razao": razao,  # export only: its screen is financeiro's ledger
}
