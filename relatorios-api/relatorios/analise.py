"""Análise por categoria: the receitas or despesas of a period as the plano de contas' tree, each
categoria with its subcategorias' amounts included and its share of the total.

The amounts, by competência or by caixa and optionally for one centro de custo, are
relatorios/somas.py's (which says what each regime counts and what it reads). Every lançamento has
a categoria (financeiro requires one, of its own tipo), so there is no "Sem categoria" line to add.

Percentual: each categoria's own amount (without its subcategorias) as a % of the total, rounded
down to the cent and the cents still missing from 100.00 given one each to the largest remainders
(ties in tree order); a categoria's percentual is the sum of its branch's own parts. So the first
level adds to exactly 100.00, and every categoria to its own part plus its subcategorias'.
"""
from decimal import ROUND_DOWN, Decimal
from typing import Literal

from pydantic import Field

from shared.api import Opcional

from relatorios import somas
from relatorios.comum import (ZERO, PeriodoDoMes, Regime, campo_centro_custo, campo_regime, exigir_centro_custo,
                              moeda, plano_de_contas)

CENTAVO = Decimal("0.01")
CEM = Decimal("100")


class Parametros(PeriodoDoMes):
    tipo: Literal["RECEITA", "DESPESA"] = Field("RECEITA", description="Receitas ou despesas")
    regime: Regime = campo_regime()
    centro_custo_id: Opcional[int] = campo_centro_custo()


def _valores(cur, parametros: Parametros) -> dict[int, Decimal]:
    return somas.por_categoria(somas.somar(cur, parametros.regime, parametros.de, parametros.ate,
                                           tipo=parametros.tipo, centro_custo_id=parametros.centro_custo_id))


def _partes_percentuais(proprios: list[Decimal], total: Decimal) -> list[Decimal]:
    """Each own amount's % of total, to the cent, adding to exactly 100.00 (largest remainder)."""
    exatos = [valor * CEM / total for valor in proprios]
    partes = [exato.quantize(CENTAVO, rounding=ROUND_DOWN) for exato in exatos]
    faltam = int((CEM - sum(partes, ZERO)) / CENTAVO)
    por_resto = sorted(range(len(exatos)), key=lambda i: (-(exatos[i] - partes[i]), i))
    for i in por_resto[:faltam]:
        partes[i] += CENTAVO
    return partes


def calcular(cur, parametros: Parametros) -> dict:
    """The route's JSON body: {total, itens: [{categoria_id, nome, nivel, valor, percentual}]}: the categorias with an
    amount in their branch, in tree order."""
    exigir_centro_custo(cur, parametros.centro_custo_id)
    proprios = _valores(cur, parametros)
    categorias = plano_de_contas(cur, parametros.tipo)
    total = sum(proprios.values(), ZERO)
    if not total:
        return {"total": moeda(ZERO), "itens": []}
    partes = dict(zip((c["id"] for c in categorias),
                      _partes_percentuais([proprios.get(c["id"], ZERO) for c in categorias], total)))
    # Depth-first order: a categoria's branch is it and the rows after it with a deeper nivel.
    itens = []
    for posicao, categoria in enumerate(categorias):
        valor, percentual = ZERO, ZERO
        for descendente in categorias[posicao:]:
            if descendente is not categoria and descendente["nivel"] <= categoria["nivel"]:
                break
            valor += proprios.get(descendente["id"], ZERO)
            percentual += partes[descendente["id"]]
        if valor:
            itens.append({"categoria_id": categoria["id"], "nome": categoria["nome"], "nivel": categoria["nivel"],
                          "valor": moeda(valor), "percentual": f"{percentual:.2f}"})
    return {"total": moeda(total), "itens": itens}
