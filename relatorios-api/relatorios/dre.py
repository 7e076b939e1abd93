"""DRE gerencial: the period's result as an income statement — receita bruta down to the resultado
do período — by month, by centro de custo or in one total column, with the vertical analysis (% of
the receita líquida) and the horizontal one (against the column before, or the period before).

Each categoria's amounts (relatorios/somas.py: competência or caixa, one centro de custo, rateios
split) go to the line of its DRE group (cadastros.v_categorias.grupo_dre); `nao_operacional`
(transfers, aportes, retiradas, loans) is no result, so it stays outside, in two lines of its own
by tipo. Group lines carry positive amounts, their sign is in the label; subtotals are Decimal sums
of the lines above them, so they add up exactly.

Horizontal: a month against the month before it (the first one against the previous period's last),
a centro de custo and the total against the same in the previous period of equal length (the same
number of months by competência or for whole months, else the same number of days just before `de`).
Its percentual is the variation over the absolute previous value (an improving loss is positive),
null when that value is 0; vertical is null when the column's receita líquida is 0.
"""
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from pydantic import Field, model_validator

from shared.api import Data, Modelo, Opcional
from shared.calendario import fim_do_mes, meses_entre, primeiro_do_mes, somar_meses

from relatorios import somas
from relatorios.comum import (ZERO, Regime, campo_centro_custo, campo_regime, exigir_centro_custo, moeda,
                              periodo_de_doze_meses, plano_de_contas)

CEM = Decimal("100")
CENTAVO = Decimal("0.01")
MESES = ("jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez")


@dataclass(frozen=True)
class Linha:
    chave: str
    rotulo: str
    # A subtotal's lines above it with their signs; a group line (the categorias' amounts) has none.
    termos: tuple[tuple[str, int], ...] = ()

    @property
    def tipo(self) -> str:
        return "subtotal" if self.termos else "grupo"


LINHAS = (
    Linha("receita_bruta", "Receita bruta"),
    Linha("deducoes", "(-) Deduções da receita"),
    Linha("receita_liquida", "(=) Receita líquida", (("receita_bruta", 1), ("deducoes", -1))),
    Linha("custos_servicos", "(-) Custos dos serviços"),
    Linha("lucro_bruto", "(=) Lucro bruto", (("receita_liquida", 1), ("custos_servicos", -1))),
    Linha("despesas_operacionais", "(-) Despesas operacionais"),
    Linha("resultado_operacional", "(=) Resultado operacional", (("lucro_bruto", 1), ("despesas_operacionais", -1))),
    Linha("receitas_financeiras", "(+) Receitas financeiras"),
    Linha("despesas_financeiras", "(-) Despesas financeiras"),
    Linha("resultado_financeiro", "(=) Resultado financeiro",
          (("receitas_financeiras", 1), ("despesas_financeiras", -1))),
    Linha("outras_receitas", "(+) Outras receitas"),
    Linha("outras_despesas", "(-) Outras despesas"),
    Linha("resultado_do_periodo", "(=) Resultado do período",
          (("resultado_operacional", 1), ("resultado_financeiro", 1), ("outras_receitas", 1), ("outras_despesas", -1))),
)
FORA_DO_RESULTADO = (
    Linha("nao_operacional_entradas", "Aportes e outras entradas"),
    Linha("nao_operacional_saidas", "Retiradas e outras saídas"),
)


class Parametros(Modelo):
    de: Opcional[Data] = Field(None, description="Início do período; padrão: o 1º dia dos 12 meses que terminam no "
                                                 "mês de `ate` (ou no mês atual)")
    ate: Opcional[Data] = Field(None, description="Fim do período; padrão: o último dia do 12º mês a partir de `de` "
                                                  "(ou do mês atual)")
    regime: Regime = campo_regime()
    centro_custo_id: Opcional[int] = campo_centro_custo()
    colunas: Literal["mes", "centro", "total"] = Field(
        "mes", description="mes: uma coluna por mês; centro: uma por centro de custo (e \"Sem centro de custo\"); "
                           "total: uma só")

    @model_validator(mode="after")
    def _periodo(self):
        self.de, self.ate = periodo_de_doze_meses(self.de, self.ate)
        return self


def chave_da_linha(categoria: dict) -> str:
    """The DRE line a categoria's amounts add to."""
    if categoria["grupo_dre"] == "nao_operacional":
        return "nao_operacional_entradas" if categoria["tipo"] == "RECEITA" else "nao_operacional_saidas"
    return categoria["grupo_dre"]


def _categorias(cur) -> list[dict]:
    """Every categoria in the plano de contas' order, receitas first, each with the DRE line it adds to."""
    return [{**categoria, "linha": chave_da_linha(categoria)} for categoria in plano_de_contas(cur)]


def _valores_das_linhas(proprios: dict[int, Decimal], linha_de: dict[int, str]) -> dict[str, Decimal]:
    """Every line's value from the categorias' own amounts: the groups' sums, then the subtotals."""
    valores = {linha.chave: ZERO for linha in (*LINHAS, *FORA_DO_RESULTADO) if linha.tipo == "grupo"}
    for categoria_id, valor in proprios.items():
        valores[linha_de[categoria_id]] += valor
    for linha in LINHAS:
        if linha.termos:
            valores[linha.chave] = sum((sinal * valores[chave] for chave, sinal in linha.termos), ZERO)
    return valores


def resultado(cur, regime: str, de: date, ate: date, centro_custo_id: int | None = None) -> dict[str, Decimal]:
    """Every DRE line's value for the whole period by its key (receita_bruta ... resultado_do_periodo,
    nao_operacional_entradas, nao_operacional_saidas), as the report's total column shows it.
    `centro_custo_id`: one centro, somas.SEM_CENTRO, or None for all; the caller checks it is the empresa's."""
    linha_de = {c["id"]: c["linha"] for c in _categorias(cur)}
    return _valores_das_linhas(somas.por_categoria(somas.somar(cur, regime, de, ate, centro_custo_id=centro_custo_id)),
                               linha_de)


def periodo_anterior(regime: str, de: date, ate: date) -> tuple[date, date]:
    """The period of equal length just before: as many months by competência or for whole months,
    else as many days."""
    if regime == "competencia" or (de.day == 1 and ate == fim_do_mes(ate)):
        return somar_meses(de, -(meses_entre(de, ate) + 1)), primeiro_do_mes(de) - timedelta(days=1)
    return de - timedelta(days=(ate - de).days + 1), de - timedelta(days=1)


def _ler(cur, p: Parametros, de: date, ate: date) -> dict[str, dict[int, Decimal]]:
    """{column's key: {categoria_id: own amount}} of the period: the key is the month ("2026-01"),
    the centro de custo's id ("0": sem centro) or "total"."""
    linhas = somas.somar(cur, p.regime, de, ate, centro_custo_id=p.centro_custo_id,
                         por_mes=p.colunas == "mes", por_centro=p.colunas == "centro")
    lidos: dict = {}
    for linha in linhas:
        if p.colunas == "mes":
            chave = f"{linha['mes']:%Y-%m}"
        elif p.colunas == "centro":
            # Filtered to SEM_CENTRO, somar has no centro to group by: every row is sem centro.
            chave = str(linha.get("centro_custo_id") or somas.SEM_CENTRO)
        else:
            chave = "total"
        por_categoria = lidos.setdefault(chave, {})
        por_categoria[linha["categoria_id"]] = por_categoria.get(linha["categoria_id"], ZERO) + linha["valor"]
    return lidos


def _colunas(cur, p: Parametros, lidos: dict) -> list[dict]:
    """The report's columns: {chave, rotulo, de, ate} (a centro's also its centro_custo_id)."""
    if p.colunas == "total":
        return [{"chave": "total", "rotulo": "Total", "de": p.de, "ate": p.ate}]
    if p.colunas == "mes":
        colunas, mes = [], primeiro_do_mes(p.de)
        while mes <= p.ate:
            # By caixa a month counts the payment dates inside the period; by competência all of it.
            de, ate = mes, fim_do_mes(mes)
            if p.regime == "caixa":
                de, ate = max(de, p.de), min(ate, p.ate)
            colunas.append({"chave": f"{mes:%Y-%m}", "rotulo": f"{MESES[mes.month - 1]}/{mes.year}",
                            "de": de, "ate": ate})
            mes = somar_meses(mes, 1)
        return colunas
    # Every active centro, an inactive one with amounts or asked for; "Sem centro de custo" last.
    cur.execute("""SELECT id, nome FROM cadastros.v_centros_custo WHERE empresa_id = plataforma.empresa_atual()
                      AND (ativo OR id = ANY(%s) OR id = %s) ORDER BY nome, id""",
                ([int(c) for c in lidos], p.centro_custo_id))
    centros = [(c["id"], c["nome"]) for c in cur.fetchall()] + [(somas.SEM_CENTRO, "Sem centro de custo")]
    if p.centro_custo_id is not None:
        centros = [c for c in centros if c[0] == p.centro_custo_id]
    return [{"chave": str(id_), "rotulo": nome, "de": p.de, "ate": p.ate, "centro_custo_id": id_}
            for id_, nome in centros]


def _juntar(leituras) -> dict[int, Decimal]:
    """Several columns' {categoria_id: amount} summed into one."""
    juntos: dict[int, Decimal] = {}
    for proprios in leituras:
        for categoria_id, valor in proprios.items():
            juntos[categoria_id] = juntos.get(categoria_id, ZERO) + valor
    return juntos


def _percentual(parte: Decimal, todo: Decimal) -> str | None:
    return f"{(parte * CEM / todo).quantize(CENTAVO, rounding=ROUND_HALF_UP):.2f}" if todo else None


def _variacao(atual: Decimal, anterior: Decimal) -> dict:
    return {"anterior": moeda(anterior), "valor": moeda(atual - anterior),
            "percentual": _percentual(atual - anterior, abs(anterior))}


def _ramos(categorias: list[dict], por_coluna: list[dict]) -> dict[int, dict[str, list[Decimal]]]:
    """{categoria_id: {line: [its branch's amounts in that line, per column]}}: a categoria's value in a
    line includes its subcategorias' that add to the same line (a subcategoria may be in another group)."""
    ramos: dict[int, dict[str, list[Decimal]]] = {c["id"]: {} for c in categorias}

    def somar(destino: dict, linha: str, valores: list[Decimal]):
        atuais = destino.setdefault(linha, [ZERO] * len(valores))
        destino[linha] = [a + v for a, v in zip(atuais, valores)]

    for categoria in reversed(categorias):  # depth-first reversed: every subcategoria before its mother
        proprios = [valores.get(categoria["id"], ZERO) for valores in por_coluna]
        if any(proprios):
            somar(ramos[categoria["id"]], categoria["linha"], proprios)
        if categoria["parent_id"] is not None:
            for linha, valores in ramos[categoria["id"]].items():
                somar(ramos[categoria["parent_id"]], linha, valores)
    return ramos


def calcular(cur, p: Parametros) -> dict:
    """The route's JSON body (routes/dre.py documents it)."""
    exigir_centro_custo(cur, p.centro_custo_id)
    categorias = _categorias(cur)
    linha_de = {c["id"]: c["linha"] for c in categorias}
    lidos = _ler(cur, p, p.de, p.ate)
    colunas = _colunas(cur, p, lidos)
    por_coluna = [lidos.get(coluna["chave"], {}) for coluna in colunas]
    valores = [_valores_das_linhas(proprios, linha_de) for proprios in por_coluna]
    total = _valores_das_linhas(_juntar(por_coluna), linha_de)

    de_antes, ate_antes = periodo_anterior(p.regime, p.de, p.ate)
    lidos_antes = _ler(cur, p, de_antes, ate_antes)
    antes_total = _valores_das_linhas(_juntar(lidos_antes.values()), linha_de)
    if p.colunas == "mes":
        referencias = [_valores_das_linhas(lidos_antes.get(f"{ate_antes:%Y-%m}", {}), linha_de), *valores[:-1]]
    else:
        referencias = [_valores_das_linhas(lidos_antes.get(coluna["chave"], {}), linha_de) for coluna in colunas]

    ramos = _ramos(categorias, por_coluna)

    def linha(definicao: Linha) -> dict:
        chave = definicao.chave
        corpo = {
            "chave": chave, "rotulo": definicao.rotulo, "tipo": definicao.tipo,
            "valores": [moeda(v[chave]) for v in valores], "total": moeda(total[chave]),
            "vertical": [_percentual(v[chave], v["receita_liquida"]) for v in valores],
            "vertical_total": _percentual(total[chave], total["receita_liquida"]),
            "horizontal": [_variacao(v[chave], r[chave]) for v, r in zip(valores, referencias)],
            "horizontal_total": _variacao(total[chave], antes_total[chave]),
            "categorias": [],
        }
        if definicao.tipo == "grupo":
            corpo["categorias"] = [
                {"categoria_id": c["id"], "nome": c["nome"], "nivel": c["nivel"],
                 "valores": [moeda(v) for v in ramos[c["id"]][chave]], "total": moeda(sum(ramos[c["id"]][chave], ZERO))}
                for c in categorias if chave in ramos[c["id"]]]
        return corpo

    return {
        "de": p.de.isoformat(), "ate": p.ate.isoformat(), "regime": p.regime, "centro_custo_id": p.centro_custo_id,
        "colunas": [{**c, "de": c["de"].isoformat(), "ate": c["ate"].isoformat()} for c in colunas],
        "periodo_anterior": {"de": de_antes.isoformat(), "ate": ate_antes.isoformat()},
        "linhas": [linha(definicao) for definicao in LINHAS],
        "fora_do_resultado": [linha(definicao) for definicao in FORA_DO_RESULTADO],
    }
