"""Comparativo: the receitas and despesas of two periods side by side, per categoria of the plano de
contas' tree, with the variation in R$ and in %.

A is the base, B the period looked at ("atual"): variação = B − A, and variação % = (B − A) ÷ |A|
× 100 to two decimals (half up), null when A is zero (no base to compare with). Defaults: B is
this month (or the month of the one date given), A the same dates one year earlier — a studio's
months are seasonal (weddings, year-end), so a month reads against itself a year before rather
than against the month before.

The amounts, by competência or caixa and optionally for one centro de custo, are
relatorios/somas.py's, the same as the análise's and the DRE's. Each categoria's valor includes its
subcategorias'; the categorias listed are those with an amount in their branch in either period.
Each tipo's total is its whole tree; the resultado is the DRE's resultado do período: receitas
minus despesas of every categoria but those of DRE group nao_operacional (aportes and retiradas
dos sócios), which stay in the tree and in the totals, and come apart as `fora_do_resultado` (their
entradas minus saídas), so that resultado + fora_do_resultado = receitas − despesas.
"""
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from pydantic import Field, model_validator

from shared.api import Data, Modelo, Opcional
from shared.calendario import fim_do_mes
from shared.errors import Validacao

from relatorios import somas
from relatorios.comum import (ZERO, Regime, campo_centro_custo, campo_regime, exigir_centro_custo, moeda,
                              periodo_do_mes, plano_de_contas)

FORA_DO_RESULTADO = "nao_operacional"
TIPOS = {"receitas": "RECEITA", "despesas": "DESPESA"}


def um_ano_antes(dia: date, fim: bool) -> date:
    """The same day a year earlier; the last day of its month when `fim` is a month's last day
    (29/02 → 28/02, and 28/02/2027 → 29/02/2026 when it closes February)."""
    if fim and dia == fim_do_mes(dia):
        return fim_do_mes(date(dia.year - 1, dia.month, 1))
    return date(dia.year - 1, dia.month, min(dia.day, fim_do_mes(date(dia.year - 1, dia.month, 1)).day))


def _periodo(de: date | None, ate: date | None, prefixo: str) -> tuple[date, date]:
    """comum.periodo_do_mes, its errors named for period A or B ("a_ate")."""
    try:
        return periodo_do_mes(de, ate)
    except Validacao as erro:
        raise Validacao(erro.mensagem, {f"{prefixo}{campo}": texto.replace("'de'", f"'{prefixo}de'")
                                       for campo, texto in erro.campos.items()}) from None


class Parametros(Modelo):
    a_de: Opcional[Data] = Field(None, description="Início do período A (a base); padrão: `b_de` um ano antes")
    a_ate: Opcional[Data] = Field(
        None, description="Fim do período A; padrão: `b_ate` um ano antes, ou o último dia do mês de `a_de`")
    b_de: Opcional[Data] = Field(
        None, description="Início do período B (o atual); padrão: o 1º dia do mês de `b_ate`, ou do mês atual")
    b_ate: Opcional[Data] = Field(None, description="Fim do período B; padrão: o último dia do mês de `b_de`")
    regime: Regime = campo_regime()
    centro_custo_id: Opcional[int] = campo_centro_custo()

    @model_validator(mode="after")
    def _periodos(self):
        self.b_de, self.b_ate = _periodo(self.b_de, self.b_ate, "b_")
        if self.a_de is None and self.a_ate is None:
            self.a_de, self.a_ate = um_ano_antes(self.b_de, fim=False), um_ano_antes(self.b_ate, fim=True)
        self.a_de, self.a_ate = _periodo(self.a_de, self.a_ate, "a_")
        return self


def variacao_percentual(a: Decimal, b: Decimal) -> str | None:
    """(b − a) ÷ |a| in percentage points, two decimals half up; None without a base."""
    if not a:
        return None
    return f"{((b - a) * 100 / abs(a)).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):.2f}"


def _comparacao(a: Decimal, b: Decimal) -> dict:
    return {"a": moeda(a), "b": moeda(b), "variacao": moeda(b - a), "variacao_percentual": variacao_percentual(a, b)}


def _ramos(categorias: list[dict], proprios: dict[int, Decimal]) -> dict[int, Decimal]:
    """Each categoria's amount with its subcategorias': every own amount added to it and up its
    ancestors."""
    pais = {c["id"]: c["parent_id"] for c in categorias}
    ramos = dict.fromkeys(pais, ZERO)
    for categoria_id, valor in proprios.items():
        while categoria_id in ramos:
            ramos[categoria_id] += valor
            categoria_id = pais[categoria_id]
    return ramos


def _somar(cur, parametros: Parametros, de: date, ate: date, tipos: dict[int, str]) -> dict:
    """A period's own amounts per categoria by tipo, and its fora_do_resultado."""
    linhas = somas.somar(cur, parametros.regime, de, ate, centro_custo_id=parametros.centro_custo_id)
    por_tipo = {tipo: [linha for linha in linhas if tipos[linha["categoria_id"]] == tipo] for tipo in TIPOS.values()}
    fora = {tipo: somas.por_grupo_dre(cur, linhas_do_tipo).get(FORA_DO_RESULTADO, ZERO)
            for tipo, linhas_do_tipo in por_tipo.items()}
    return {"proprios": {tipo: somas.por_categoria(l) for tipo, l in por_tipo.items()},
            "fora_do_resultado": fora["RECEITA"] - fora["DESPESA"]}


def calcular(cur, parametros: Parametros) -> dict:
    """The route's JSON body: the periods, per tipo its total and its categorias in tree order
    (each with a, b, variacao, variacao_percentual), the fora_do_resultado and the resultado."""
    exigir_centro_custo(cur, parametros.centro_custo_id)
    arvores = {tipo: plano_de_contas(cur, tipo) for tipo in TIPOS.values()}
    tipos = {c["id"]: tipo for tipo, categorias in arvores.items() for c in categorias}
    a = _somar(cur, parametros, parametros.a_de, parametros.a_ate, tipos)
    b = _somar(cur, parametros, parametros.b_de, parametros.b_ate, tipos)
    corpo = {"a": {"de": parametros.a_de.isoformat(), "ate": parametros.a_ate.isoformat()},
             "b": {"de": parametros.b_de.isoformat(), "ate": parametros.b_ate.isoformat()}}
    totais = {}
    for chave, tipo in TIPOS.items():
        categorias = arvores[tipo]
        ramos_a, ramos_b = _ramos(categorias, a["proprios"][tipo]), _ramos(categorias, b["proprios"][tipo])
        totais[tipo] = (sum(a["proprios"][tipo].values(), ZERO), sum(b["proprios"][tipo].values(), ZERO))
        corpo[chave] = {
            "total": _comparacao(*totais[tipo]),
            "itens": [{"categoria_id": c["id"], "nome": c["nome"], "nivel": c["nivel"],
                       **_comparacao(ramos_a[c["id"]], ramos_b[c["id"]])}
                      for c in categorias if ramos_a[c["id"]] or ramos_b[c["id"]]],
        }
    corpo["fora_do_resultado"] = _comparacao(a["fora_do_resultado"], b["fora_do_resultado"])
    corpo["resultado"] = _comparacao(
        totais["RECEITA"][0] - totais["DESPESA"][0] - a["fora_do_resultado"],
        totais["RECEITA"][1] - totais["DESPESA"][1] - b["fora_do_resultado"])
    return corpo
