"""Indicadores: the studio's figures of a period, each with its formula written out with the numbers
that made it, so the owner can check it against the DRE and the ledger.

The DRE lines come from relatorios.dre.resultado (the DRE's own total column: the same regime, the
same centro de custo), the open amounts from relatorios.inadimplencia.em_aberto (the aging's rule:
valor minus the baixas dated up to that day) on the position date: `ate`, or today when `ate` is
later (what is open on a day still to come is not known yet). With the names of the DRE:

- margem bruta = lucro bruto ÷ receita líquida; margem líquida = resultado do período ÷ receita
  líquida (in %);
- custos variáveis = deduções + custos dos serviços (they follow the sales); despesas fixas =
  despesas operacionais; each also as its share of fixas + variáveis;
- margem de contribuição = receita bruta − custos variáveis (R$), and its índice (IMC) = margem de
  contribuição ÷ receita bruta;
- ponto de equilíbrio = despesas fixas ÷ IMC: the receita bruta that pays the fixed expenses (none
  when the margem de contribuição is not positive);
- ticket médio = receita bruta ÷ the number of receitas of DRE group receita_bruta, not cancelled:
  by competência those whose competência month the period touches, by caixa those with a baixa
  dated in it; for a centro de custo those with a rateio line to it (0: those without rateio);
- PMR (prazo médio de recebimento) = a receber em aberto on the position date ÷ receita bruta ×
  dias; PMP (de pagamento) = a pagar em aberto on the position date ÷ (custos dos serviços +
  despesas operacionais) × dias. Dias: the days the figures cover — by competência the whole
  months the period touches, by caixa from `de` to `ate`;
- inadimplência = vencido em aberto ÷ total a receber em aberto, both on the position date (in %).

Formulas write minus as "-", the app's one minus sign. Values are strings: money "1234.56",
percentages in points with two decimals ("27.03"), days whole ("37"), all rounded half up; null
when a divisor is zero, and the formula then says why.
"""
from decimal import ROUND_HALF_UP, Decimal

from shared.api import Opcional
from shared.calendario import fim_do_mes, primeiro_do_mes
from shared.config import hoje

from relatorios import dre, inadimplencia
from relatorios.comum import PeriodoDoMes, Regime, campo_centro_custo, campo_regime, exigir_centro_custo, moeda
from relatorios.somas import SEM_CENTRO

CEM = Decimal("100")
SEM_RECEITA = "sem receita no período"


class Parametros(PeriodoDoMes):
    regime: Regime = campo_regime()
    centro_custo_id: Opcional[int] = campo_centro_custo()


# ---------------------------------------------------------------- figures as the office reads them

def br(valor: Decimal, casas: int = 2) -> str:
    """12345.678 → "12.345,68"."""
    texto = f"{valor.quantize(Decimal(1).scaleb(-casas), rounding=ROUND_HALF_UP):,.{casas}f}"
    return texto.replace(",", "_").replace(".", ",").replace("_", ".")


def _razao(parte: Decimal, todo: Decimal, escala: Decimal, casas: int) -> Decimal | None:
    return None if not todo else (parte * escala / todo).quantize(Decimal(1).scaleb(-casas), rounding=ROUND_HALF_UP)


def _indicador(chave: str, nome: str, unidade: str, valor: Decimal | None, formula: str, componentes: dict) -> dict:
    casas = {"dinheiro": 2, "percentual": 2, "dias": 0, "inteiro": 0}[unidade]
    return {"chave": chave, "nome": nome, "unidade": unidade,
            "valor": None if valor is None else f"{valor:.{casas}f}", "formula": formula,
            "componentes": {nome: (moeda(v) if isinstance(v, Decimal) else str(v)) for nome, v in componentes.items()}}


def _percentual(chave: str, nome: str, definicao: str, parte: tuple[str, Decimal], todo: tuple[str, Decimal],
                sem_divisor: str) -> dict:
    """An indicator that is `parte` as a % of `todo`, its formula with the figures."""
    valor = _razao(parte[1], todo[1], CEM, 2)
    numeros = f"{br(parte[1])} ÷ {br(todo[1])}"
    formula = (f"{nome} = {definicao} = {numeros} = {br(valor)} %" if valor is not None
               else f"{nome} = {definicao}: {sem_divisor}")
    return _indicador(chave, nome, "percentual", valor, formula, dict((parte, todo)))


def _prazo(chave: str, nome: str, definicao: str, aberto: tuple[str, Decimal], base: tuple[str, Decimal], dias: int,
           sem_divisor: str) -> dict:
    """A prazo médio: `aberto` ÷ `base` × `dias`."""
    valor = _razao(aberto[1] * dias, base[1], Decimal(1), 0)
    formula = (f"{nome} = {definicao} = {br(aberto[1])} ÷ {br(base[1])} × {dias} = {br(valor, 0)} dias"
               if valor is not None else f"{nome} = {definicao}: {sem_divisor}")
    return _indicador(chave, nome, "dias", valor, formula, {aberto[0]: aberto[1], base[0]: base[1], "dias": dias})


# ---------------------------------------------------------------- what the formulas read

def quantidade_de_receitas(cur, parametros: Parametros) -> int:
    """The receitas (lançamentos) of DRE group receita_bruta counted in the period: not cancelled,
    by competência month or by a baixa dated in it, and for a centro those with its rateio line.

    By caixa, read by `data_pagamento` (the lançamento's latest baixa; index lancamentos_pagamento,
    which carries tipo, status and categoria since financeiro migration 0023): one whose latest baixa
    is in the period counts, one whose latest baixa is before it has none in it, and only those paid
    again after it (few: payments in parts) look for a baixa in it. Joined to the period's baixas,
    the planner read every receita of the ledger instead: at 1,000,000 lançamentos the indicadores'
    slowest part (bench part 9)."""
    centro = ""
    if parametros.centro_custo_id is not None:
        rateio = "SELECT 1 FROM financeiro.v_rateios r WHERE r.empresa_id = l.empresa_id AND r.lancamento_id = l.id"
        centro = (f"AND NOT EXISTS ({rateio})" if parametros.centro_custo_id == SEM_CENTRO
                  else f"AND EXISTS ({rateio} AND r.centro_custo_id = %(centro)s)")
    receitas = f"""
        SELECT l.id FROM financeiro.v_lancamentos l
          JOIN cadastros.v_categorias c ON c.empresa_id = l.empresa_id AND c.id = l.categoria_id
         WHERE l.empresa_id = plataforma.empresa_atual() AND l.tipo = 'RECEITA' AND l.status <> 'CANCELADO'
           AND c.grupo_dre = 'receita_bruta' {centro}"""
    if parametros.regime == "competencia":
        sql = f"SELECT count(*) AS quantidade FROM ({receitas} AND l.competencia BETWEEN %(de)s AND %(ate)s) r"
        de, ate = primeiro_do_mes(parametros.de), primeiro_do_mes(parametros.ate)
    else:
        # MATERIALIZED: left to join the lançamentos to the period's baixas, the planner looked up
        # each baixa's lançamento once per categoria of the group (a second at a year in the past).
        sql = f"""
            WITH pagas_depois AS MATERIALIZED ({receitas} AND l.data_pagamento > %(ate)s)
            SELECT (SELECT count(*) FROM ({receitas} AND l.data_pagamento BETWEEN %(de)s AND %(ate)s) r)
                 + (SELECT count(*) FROM pagas_depois p
                     WHERE EXISTS (SELECT 1 FROM financeiro.v_baixas b
                                    WHERE b.empresa_id = plataforma.empresa_atual() AND b.lancamento_id = p.id
                                      AND b.data BETWEEN %(de)s AND %(ate)s)) AS quantidade"""
        de, ate = parametros.de, parametros.ate
    cur.execute(sql, {"de": de, "ate": ate, "centro": parametros.centro_custo_id})
    return cur.fetchone()["quantidade"]


def dias_cobertos(parametros: Parametros) -> int:
    """The days the period's figures cover: by competência its whole months."""
    if parametros.regime == "competencia":
        return (fim_do_mes(parametros.ate) - primeiro_do_mes(parametros.de)).days + 1
    return (parametros.ate - parametros.de).days + 1


# ---------------------------------------------------------------- the indicators

def _margens(d: dict[str, Decimal]) -> list[dict]:
    receita_liquida = ("receita_liquida", d["receita_liquida"])
    sem_liquida = "sem receita líquida no período"
    return [
        _percentual("margem_bruta", "Margem bruta", "lucro bruto ÷ receita líquida",
                    ("lucro_bruto", d["lucro_bruto"]), receita_liquida, sem_liquida),
        _percentual("margem_liquida", "Margem líquida", "resultado do período ÷ receita líquida",
                    ("resultado_do_periodo", d["resultado_do_periodo"]), receita_liquida, sem_liquida),
    ]


def _custos(d: dict[str, Decimal]) -> list[dict]:
    fixas, variaveis = d["despesas_operacionais"], d["deducoes"] + d["custos_servicos"]
    soma = fixas + variaveis

    def parcela(valor: Decimal) -> str:
        participacao = _razao(valor, soma, CEM, 2)
        return (f"{br(participacao)} % das despesas fixas e variáveis ({br(valor)} ÷ {br(soma)})"
                if participacao is not None else "sem despesas fixas nem variáveis no período")

    margem = d["receita_bruta"] - variaveis
    if not d["receita_bruta"]:
        equilibrio, porque = None, SEM_RECEITA
    elif margem <= 0:
        equilibrio, porque = None, "a margem de contribuição não é positiva: nenhuma receita cobre as despesas fixas"
    else:
        equilibrio = (fixas * d["receita_bruta"] / margem).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    componentes_fixas = {"despesas_operacionais": fixas}
    componentes_variaveis = {"deducoes": d["deducoes"], "custos_servicos": d["custos_servicos"]}
    return [
        _indicador("despesas_fixas", "Despesas fixas", "dinheiro", fixas,
                   f"Despesas fixas = despesas operacionais = {br(fixas)}; {parcela(fixas)}", componentes_fixas),
        _indicador("despesas_variaveis", "Custos variáveis", "dinheiro", variaveis,
                   f"Custos variáveis = deduções + custos dos serviços = {br(d['deducoes'])} + "
                   f"{br(d['custos_servicos'])} = {br(variaveis)}; {parcela(variaveis)}", componentes_variaveis),
        _indicador("margem_contribuicao", "Margem de contribuição", "dinheiro", margem,
                   f"Margem de contribuição = receita bruta - custos variáveis = {br(d['receita_bruta'])} - "
                   f"{br(variaveis)} = {br(margem)}",
                   {"receita_bruta": d["receita_bruta"], "custos_variaveis": variaveis}),
        _percentual("indice_margem_contribuicao", "Índice de margem de contribuição",
                    "margem de contribuição ÷ receita bruta", ("margem_contribuicao", margem),
                    ("receita_bruta", d["receita_bruta"]), SEM_RECEITA),
        _indicador("ponto_equilibrio", "Ponto de equilíbrio", "dinheiro", equilibrio,
                   "Ponto de equilíbrio = despesas fixas ÷ índice de margem de contribuição = despesas fixas × "
                   f"receita bruta ÷ margem de contribuição = {br(fixas)} × {br(d['receita_bruta'])} ÷ {br(margem)} = "
                   f"{br(equilibrio)} de receita bruta" if equilibrio is not None else
                   f"Ponto de equilíbrio = despesas fixas ÷ índice de margem de contribuição: {porque}",
                   {"despesas_operacionais": fixas, "margem_contribuicao": margem, "receita_bruta": d["receita_bruta"]}),
    ]


def _receitas(d: dict[str, Decimal], quantidade: int, regime: str) -> list[dict]:
    contadas = ("lançamentos de receita bruta não cancelados com competência no período" if regime == "competencia"
                else "lançamentos de receita bruta com pagamento no período")
    valor = (d["receita_bruta"] / quantidade).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) if quantidade else None
    formula = (f"Ticket médio = receita bruta ÷ número de receitas = {br(d['receita_bruta'])} ÷ {quantidade} = "
               f"{br(valor)}" if valor is not None else f"Ticket médio = receita bruta ÷ número de receitas: {SEM_RECEITA}")
    return [
        _indicador("quantidade_de_receitas", "Número de receitas", "inteiro", Decimal(quantidade),
                   f"Número de receitas = {contadas} = {quantidade}", {"quantidade_de_receitas": quantidade}),
        _indicador("ticket_medio", "Ticket médio", "dinheiro", valor, formula,
                   {"receita_bruta": d["receita_bruta"], "quantidade_de_receitas": quantidade}),
    ]


def calcular(cur, parametros: Parametros) -> dict:
    """The route's JSON body: {de, ate, posicao, indicadores: [{chave, nome, unidade, valor, formula, componentes}]}."""
    exigir_centro_custo(cur, parametros.centro_custo_id)
    p, posicao = parametros, min(parametros.ate, hoje())
    dia = f"{posicao:%d/%m/%Y}"
    d = dre.resultado(cur, p.regime, p.de, p.ate, p.centro_custo_id)
    abertos = inadimplencia.em_aberto(cur, posicao, p.centro_custo_id)
    receber, pagar = abertos["RECEITA"], abertos["DESPESA"]
    dias = dias_cobertos(p)
    custos_e_despesas = d["custos_servicos"] + d["despesas_operacionais"]
    return {"de": p.de.isoformat(), "ate": p.ate.isoformat(), "posicao": posicao.isoformat(), "indicadores": [
        *_margens(d),
        *_custos(d),
        *_receitas(d, quantidade_de_receitas(cur, p), p.regime),
        _prazo("prazo_medio_recebimento", "Prazo médio de recebimento",
               f"a receber em aberto em {dia} ÷ receita bruta × dias do período",
               ("a_receber_em_aberto", receber["total"]), ("receita_bruta", d["receita_bruta"]), dias, SEM_RECEITA),
        _prazo("prazo_medio_pagamento", "Prazo médio de pagamento",
               f"a pagar em aberto em {dia} ÷ (custos dos serviços + despesas operacionais) × dias do período",
               ("a_pagar_em_aberto", pagar["total"]), ("custos_e_despesas_operacionais", custos_e_despesas), dias,
               "sem custos nem despesas operacionais no período"),
        _percentual("inadimplencia", "Inadimplência", f"vencido em aberto em {dia} ÷ total a receber em aberto",
                    ("vencido_em_aberto", receber["vencido"]), ("a_receber_em_aberto", receber["total"]),
                    f"nada a receber em aberto em {dia}"),
    ]}
