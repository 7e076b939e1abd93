"""The payroll runs of one funcionário — the month, the 13º's two parcelas, férias — as a Holerite
whose every rubrica carries its memo. Pure: the tables come from rh/folha/tabelas, nothing else.

Rules this module settles (each is repeated in the memo where it applies):
- the commercial month has 30 days: a partial month pays salário ÷ 30 × days, a whole month the
  whole salary (February too); the last day of the month counts as day 30;
- DSR on variable pay = variable ÷ dias úteis × domingos e feriados; the calendar counts Sundays and
  the payroll holidays of the table — the national ones and Sexta-feira Santa; Carnaval and Corpus
  Christi are pontos facultativos, dias úteis — (Saturdays are dias úteis) unless Variaveis gives
  the counts (a municipal holiday: the empresa informs them);
- an unjustified absence loses its day and its week's DSR; without the dates, the DSR lost is the
  fewest weeks that can hold the absences (one per 6 absences, at most the month's Sundays), so the
  discount never exceeds what the law allows;
- every amount is rounded once, half up, to the cent; INSS is the exact band sum rounded once;
- férias within the month (FeriasNoMes): the month pays salário for its days less the N days of
  férias (paid apart, in the férias run) and shows them as an INFORMATIVO rubrica; its INSS is the
  table applied to the whole month's remuneração — the month's base plus the férias + 1/3 of
  those N days — less the INSS the férias run already withheld on them (one contribution per
  competência, Lei 8.212 art. 28); its IRRF and FGTS leave the férias out (taxed and deposited
  in the férias run). A férias run across two months is split between them by calendar days.
"""
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from shared.calendario import fim_do_mes, primeiro_do_mes

from rh.folha import inss as contribuicao
from rh.folha import irrf as imposto
from rh.folha.formato import ZERO, centavos, numero, percentual
from rh.folha.modelos import Contratado, Holerite, Rubrica, Variaveis
from rh.folha.tabelas import Tabela, tabela_em

DIAS_DO_MES = 30
CEM = Decimal(100)
DIAS_POR_SEMANA = 6           # absences a week can hold (Saturdays are working days)
DESCRICAO_SALARIO = {"CLT": "Salário", "ESTAGIARIO": "Bolsa-auxílio", "PRO_LABORE": "Pró-labore"}
# The DSR memo's rule; Carnaval and Corpus Christi are pontos facultativos (tabelas/2026-01.json "fontes").
_ORIGEM_DO_CALENDARIO = "calendário: domingos, feriados nacionais e Sexta-feira Santa; sábados são úteis"


@dataclass(frozen=True)
class FeriasNoMes:
    """The part of férias runs that falls in a month: its calendar days, the férias + 1/3 paid for
    them, and the INSS the férias runs withheld on them."""
    dias: int
    remuneracao: Decimal
    inss_retido: Decimal


def mensal(c: Contratado, v: Variaveis, competencia: date, tabela: Tabela | None = None,
           ferias: FeriasNoMes | None = None) -> Holerite:
    """The month's payslip of a CLT employee, estagiário or sócio (pró-labore); `ferias`, the days
    of férias within the month (module docstring)."""
    if c.vinculo == "AUTONOMO":
        raise ValueError(f"{c.nome}: autônomo não entra na folha mensal (é pago por RPA)")
    competencia = primeiro_do_mes(competencia)
    tabela = tabela or tabela_em(competencia)
    regra = tabela.vinculos[c.vinculo]
    rubricas: list[Rubrica] = []
    avisos: list[str] = []

    dias, memo_dias = _dias_trabalhados(c, competencia)
    if ferias:
        dias = max(dias - ferias.dias, 0)
        memo_dias = (f"{memo_dias}; menos {ferias.dias} dias de férias (pagos na folha de férias) = {dias} dias: "
                     f"{numero(c.salario)} ÷ 30 × {dias}")
    salario = centavos(c.salario if dias == DIAS_DO_MES else c.salario * dias / DIAS_DO_MES)
    rubricas.append(Rubrica("SALARIO", DESCRICAO_SALARIO[c.vinculo], "PROVENTO", salario, f"{dias} dias",
                            f"{memo_dias} → {numero(salario)}"))
    if ferias:
        rubricas.append(Rubrica("FERIAS_NO_MES", "Férias no mês (pagas na folha de férias)", "INFORMATIVO",
                                ferias.remuneracao, f"{ferias.dias} dias",
                                f"férias + 1/3 de {ferias.dias} dias do mês: {numero(ferias.remuneracao)}; INSS já "
                                f"retido sobre elas: {numero(ferias.inss_retido)}"))

    variaveis = [
        _hora(c, "HE50", "Horas extras 50 %", v.horas_extras_50, CEM + tabela.hora_extra_50),
        _hora(c, "HE100", "Horas extras 100 %", v.horas_extras_100, CEM + tabela.hora_extra_100),
        _hora(c, "NOTURNO", "Adicional noturno", v.horas_noturnas, tabela.adicional_noturno),
    ]
    if v.comissoes:
        variaveis.append(Rubrica("COMISSOES", "Comissões", "PROVENTO", centavos(v.comissoes), "",
                                 f"comissões do mês: {numero(centavos(v.comissoes))}"))
    variaveis = [r for r in variaveis if r.valor]
    rubricas += variaveis
    soma_variaveis = sum((r.valor for r in variaveis), ZERO)
    # The calendar (a holiday lookup per day) serves only the DSR: most payslips have no variables.
    domingos_feriados, dias_uteis, origem = _calendario(competencia, v, tabela) if soma_variaveis else (0, 0, "")
    if soma_variaveis and dias_uteis > 0:
        dsr = centavos(soma_variaveis * domingos_feriados / dias_uteis)
        rubricas.append(Rubrica("DSR", "DSR sobre variáveis", "PROVENTO", dsr,
                                f"{dias_uteis} úteis / {domingos_feriados} dom. e feriados",
                                f"DSR: variáveis {numero(soma_variaveis)} ÷ {dias_uteis} dias úteis × "
                                f"{domingos_feriados} domingos e feriados → {numero(dsr)} ({origem})"))

    if v.faltas_dias:
        rubricas += _faltas(c, v.faltas_dias, salario, _domingos(competencia))

    # The salário de contribuição: what was earned, less the absences (the only discounts so far).
    base = max(sum((r.valor for r in rubricas if r.tipo == "PROVENTO"), ZERO)
               - sum((r.valor for r in rubricas if r.tipo == "DESCONTO"), ZERO), ZERO)
    inss = _inss(regra.inss, base + (ferias.remuneracao if ferias else ZERO), tabela)
    valor_inss = inss.valor if inss is not None else ZERO
    if inss is not None:
        memo = inss.memo
        if ferias:
            valor_inss = max(inss.valor - ferias.inss_retido, ZERO)
            memo = (f"{memo}; base do mês com as férias: {numero(base)} + {numero(ferias.remuneracao)}; menos o INSS "
                    f"já retido na folha de férias {numero(ferias.inss_retido)} → {numero(valor_inss)}")
        rubricas.append(Rubrica("INSS", "INSS", "DESCONTO", valor_inss, inss.referencia, memo))
        if inss.no_teto:
            avisos.append(f"INSS limitado ao teto do salário de contribuição ({numero(tabela.teto_inss)})")
    ir = imposto.calcular(base, valor_inss, c.dependentes, tabela)
    rubricas.append(Rubrica("IRRF", "IRRF", "DESCONTO", ir.valor, ir.referencia, ir.memo))

    if c.vale_transporte:
        rubricas.append(_vale_transporte(salario, c.custo_vale_transporte, tabela))
    if v.adiantamento:
        rubricas.append(Rubrica("ADIANTAMENTO", "Adiantamento salarial", "DESCONTO", centavos(v.adiantamento), "",
                                f"adiantamento pago no mês: {numero(centavos(v.adiantamento))}"))
    rubricas += _fgts(regra.fgts, base, tabela, "sobre a remuneração do mês")
    return _holerite(c, competencia, "MENSAL", rubricas, avisos, inss=valor_inss, irrf=ir.valor,
                     base_inss=inss.base if inss is not None else ZERO, base_irrf=ir.base, deducao=ir.deducao)


def decimo_terceiro(c: Contratado, competencia_pagamento: date, parcela: int, meses_trabalhados: int | None = None,
                    adiantado: Decimal = ZERO, media_variaveis: Decimal = ZERO,
                    tabela: Tabela | None = None) -> Holerite:
    """A parcela of the 13º: the 1st is half, without discounts; the 2nd is the whole 13º with its
    own INSS and IRRF (apart from the month's, with the Lei 15.270 reduction on the 13º alone) less
    the advance."""
    if parcela not in (1, 2):
        raise ValueError("parcela do 13º deve ser 1 ou 2")
    competencia = primeiro_do_mes(competencia_pagamento)
    tabela = tabela or tabela_em(competencia)
    _exigir_clt(c, tabela, "13º salário")
    meses = meses_do_ano(c, competencia.year) if meses_trabalhados is None else meses_trabalhados
    remuneracao = c.salario + media_variaveis
    total = centavos(remuneracao * meses / 12)
    memo_total = (f"({numero(c.salario)} + média de variáveis {numero(media_variaveis)}) ÷ 12 × {meses} meses "
                  f"(fração de 15 dias ou mais conta como mês) → {numero(total)}")
    if parcela == 1:
        valor = centavos(total / 2)
        rubricas = [Rubrica("DECIMO_TERCEIRO_1", "13º salário — 1ª parcela", "PROVENTO", valor, f"{meses}/12",
                            f"{memo_total}; metade, sem descontos (IRRF só na 2ª parcela) → {numero(valor)}")]
        rubricas += _fgts(True, valor, tabela, "sobre a 1ª parcela do 13º")
        return _holerite(c, competencia, "DECIMO_TERCEIRO_1", rubricas, [], inss=ZERO, irrf=ZERO,
                         base_inss=ZERO, base_irrf=ZERO, deducao="NENHUMA")

    rubricas = [Rubrica("DECIMO_TERCEIRO", "13º salário", "PROVENTO", total, f"{meses}/12", memo_total)]
    if adiantado:
        rubricas.append(Rubrica("ADIANTAMENTO_13", "Adiantamento do 13º (1ª parcela)", "DESCONTO",
                                centavos(adiantado), "", f"1ª parcela já paga: {numero(centavos(adiantado))}"))
    inss = contribuicao.empregado(total, tabela)
    avisos = [f"INSS do 13º limitado ao teto ({numero(tabela.teto_inss)})"] if inss.no_teto else []
    rubricas.append(Rubrica("INSS_13", "INSS sobre o 13º", "DESCONTO", inss.valor, inss.referencia,
                            f"{inss.memo}; tabela aplicada em separado da remuneração do mês"))
    ir = imposto.calcular(total, inss.valor, c.dependentes, tabela, titulo="IRRF 13º")
    rubricas.append(Rubrica("IRRF_13", "IRRF sobre o 13º", "DESCONTO", ir.valor, ir.referencia,
                            f"{ir.memo} (tributação exclusiva, em separado dos demais rendimentos do mês)"))
    rubricas += _fgts(True, total - centavos(adiantado), tabela, "sobre o 13º menos a 1ª parcela (que já teve o seu)")
    return _holerite(c, competencia, "DECIMO_TERCEIRO_2", rubricas, avisos, inss=inss.valor, irrf=ir.valor,
                     base_inss=inss.base, base_irrf=ir.base, deducao=ir.deducao)


def ferias(c: Contratado, inicio: date, dias: int, competencia: date, media_variaveis: Decimal = ZERO,
           tabela: Tabela | None = None) -> Holerite:
    """Férias + 1/3 of `dias` days from `inicio`, with INSS and the separate IRRF (the Lei 15.270
    reduction per the table's setting "reducao_nas_ferias")."""
    if not 1 <= dias <= DIAS_DO_MES:
        raise ValueError("dias de férias devem estar entre 1 e 30")
    competencia = primeiro_do_mes(competencia)
    tabela = tabela or tabela_em(competencia)
    _exigir_clt(c, tabela, "férias")
    remuneracao = c.salario + media_variaveis
    valor = centavos(remuneracao * dias / DIAS_DO_MES)
    terco = centavos(valor / 3)
    referencia = f"{dias} dias desde {inicio:%d/%m/%Y}"
    rubricas = [
        Rubrica("FERIAS", "Férias", "PROVENTO", valor, referencia,
                f"({numero(c.salario)} + média de variáveis {numero(media_variaveis)}) ÷ 30 × {dias} dias "
                f"→ {numero(valor)}"),
        Rubrica("FERIAS_TERCO", "1/3 constitucional de férias", "PROVENTO", terco, "1/3",
                f"{numero(valor)} ÷ 3 → {numero(terco)}"),
    ]
    base = valor + terco
    inss = contribuicao.empregado(base, tabela)
    avisos = [f"INSS das férias limitado ao teto ({numero(tabela.teto_inss)})"] if inss.no_teto else []
    rubricas.append(Rubrica("INSS_FERIAS", "INSS sobre férias", "DESCONTO", inss.valor, inss.referencia,
                            f"{inss.memo}; base: férias + 1/3 dos dias gozados, calculada nesta folha de férias"))
    com_reducao = tabela.reducao_nas_ferias == "FERIAS_ISOLADAS"
    ir = imposto.calcular(base, inss.valor, c.dependentes, tabela, com_reducao=com_reducao, titulo="IRRF férias")
    rubricas.append(Rubrica("IRRF_FERIAS", "IRRF sobre férias", "DESCONTO", ir.valor, ir.referencia,
                            f"{ir.memo} (em separado dos demais rendimentos do mês, IN RFB 1.500 art. 29; "
                            f"redução nas férias: {tabela.reducao_nas_ferias})"))
    rubricas += _fgts(True, base, tabela, "sobre férias + 1/3")
    return _holerite(c, competencia, "FERIAS", rubricas, avisos, inss=inss.valor, irrf=ir.valor,
                     base_inss=inss.base, base_irrf=ir.base, deducao=ir.deducao)


def totais(holerites) -> dict[str, Decimal]:
    """The preview's sums: bruto, descontos, liquido, inss, irrf, fgts."""
    campos = ("bruto", "descontos", "liquido", "inss", "irrf", "fgts")
    soma = dict.fromkeys(campos, ZERO)
    for holerite in holerites:
        for campo in campos:
            soma[campo] += getattr(holerite, campo)
    return soma


def _dias_trabalhados(c: Contratado, competencia: date) -> tuple[int, str]:
    ultimo = fim_do_mes(competencia)
    inicio = max(competencia, c.data_admissao)
    fim = min(ultimo, c.data_demissao or ultimo)
    if inicio > fim:
        raise ValueError(f"{c.nome} não trabalhou em {competencia:%m/%Y}")
    if inicio == competencia and fim == ultimo:
        return DIAS_DO_MES, f"mês completo: salário integral {numero(c.salario)}"
    dia_final = DIAS_DO_MES if fim == ultimo else min(fim.day, DIAS_DO_MES)
    dias = dia_final - min(inicio.day, DIAS_DO_MES) + 1
    return dias, (f"mês comercial de 30 dias (o último dia do mês conta como dia 30): do dia {inicio.day} ao "
                  f"{fim.day} = {dias} dias; {numero(c.salario)} ÷ 30 × {dias}")


def meses_do_ano(c: Contratado, ano: int) -> int:
    """Months of the year with 15 days of work or more (Lei 4.090/1962 art. 1º §2º)."""
    meses = 0
    for mes in range(1, 13):
        primeiro = date(ano, mes, 1)
        ultimo = fim_do_mes(primeiro)
        inicio, fim = max(primeiro, c.data_admissao), min(ultimo, c.data_demissao or ultimo)
        meses += (fim - inicio).days + 1 >= 15
    return meses


def _hora(c: Contratado, codigo: str, descricao: str, horas: Decimal, fator: Decimal) -> Rubrica:
    valor = centavos(c.salario * fator / CEM * horas / c.jornada_mensal_horas)
    return Rubrica(codigo, descricao, "PROVENTO", valor, f"{numero(horas)} h",
                   f"{numero(c.salario)} ÷ {numero(c.jornada_mensal_horas)} h × {percentual(fator)} × "
                   f"{numero(horas)} h → {numero(valor)}")


def _dias_do_mes(competencia: date) -> list[date]:
    return [competencia + timedelta(days=n) for n in range(fim_do_mes(competencia).day)]


def _domingos(competencia: date) -> int:
    return sum(1 for dia in _dias_do_mes(competencia) if dia.weekday() == 6)


def _calendario(competencia: date, v: Variaveis, tabela: Tabela) -> tuple[int, int, str]:
    """(domingos e feriados, dias úteis, where they came from) for the DSR."""
    dias = _dias_do_mes(competencia)
    domingos_feriados = v.domingos_feriados
    if domingos_feriados is None:
        domingos_feriados = sum(1 for dia in dias if dia.weekday() == 6 or tabela.feriado_da_folha(dia))
    dias_uteis = len(dias) - domingos_feriados if v.dias_uteis is None else v.dias_uteis
    if v.domingos_feriados is None and v.dias_uteis is None:
        return domingos_feriados, dias_uteis, _ORIGEM_DO_CALENDARIO
    return domingos_feriados, dias_uteis, "dias informados nas variáveis do mês"


def _faltas(c: Contratado, faltas: int, salario: Decimal, domingos: int) -> list[Rubrica]:
    """The absent days and the DSR they lose, together never more than the month's salary."""
    semanas = min(-(-faltas // DIAS_POR_SEMANA), domingos)
    valor_faltas = min(centavos(c.salario * faltas / DIAS_DO_MES), salario)
    valor_dsr = min(centavos(c.salario * semanas / DIAS_DO_MES), salario - valor_faltas)
    limite = f" (limitado ao salário do mês {numero(salario)})" if valor_faltas == salario else ""
    rubricas = [Rubrica("FALTAS", "Faltas", "DESCONTO", valor_faltas, f"{faltas} dias",
                        f"{numero(c.salario)} ÷ 30 × {faltas} dias → {numero(valor_faltas)}{limite}")]
    if valor_dsr:
        rubricas.append(Rubrica("DSR_FALTAS", "DSR perdido por faltas", "DESCONTO", valor_dsr, f"{semanas} dias",
                                f"{faltas} falta(s) cabem em no mínimo {semanas} semana(s) (6 dias úteis cada); "
                                f"cada semana com falta perde seu DSR: {numero(c.salario)} ÷ 30 × {semanas} "
                                f"→ {numero(valor_dsr)}"))
    return rubricas


def _inss(regra: str, base: Decimal, tabela: Tabela) -> contribuicao.Inss | None:
    if regra == "EMPREGADO":
        return contribuicao.empregado(base, tabela)
    if regra == "CONTRIBUINTE_INDIVIDUAL":
        return contribuicao.contribuinte_individual(base, tabela)
    return None


def _vale_transporte(salario: Decimal, custo: Decimal | None, tabela: Tabela) -> Rubrica:
    limite = centavos(salario * tabela.vale_transporte / CEM)
    memo = f"{percentual(tabela.vale_transporte)} do salário básico do mês {numero(salario)} = {numero(limite)}"
    valor = limite
    if custo is not None and custo < limite:
        valor = centavos(custo)
        memo += f"; limitado ao custo do vale-transporte {numero(valor)}"
    return Rubrica("VALE_TRANSPORTE", "Vale-transporte", "DESCONTO", valor, percentual(tabela.vale_transporte),
                   f"{memo} → {numero(valor)}")


def _fgts(devido: bool, base: Decimal, tabela: Tabela, sobre: str) -> list[Rubrica]:
    if not devido:
        return []
    valor = centavos(base * tabela.fgts / CEM)
    return [Rubrica("FGTS", "FGTS (encargo do empregador)", "INFORMATIVO", valor, percentual(tabela.fgts),
                    f"FGTS {sobre}: {numero(base)} × {percentual(tabela.fgts)} → {numero(valor)}")]


def _exigir_clt(c: Contratado, tabela: Tabela, o_que: str) -> None:
    regra = tabela.vinculos.get(c.vinculo)
    if regra is None or not regra.decimo_terceiro_e_ferias:
        raise ValueError(f"{c.nome}: {o_que} só para funcionário CLT (vínculo {c.vinculo})")


def _holerite(c: Contratado, competencia: date, tipo: str, rubricas: list[Rubrica], avisos: list[str], *,
              inss: Decimal, irrf: Decimal, base_inss: Decimal, base_irrf: Decimal, deducao: str) -> Holerite:
    bruto = sum((r.valor for r in rubricas if r.tipo == "PROVENTO"), ZERO)
    descontos = sum((r.valor for r in rubricas if r.tipo == "DESCONTO"), ZERO)
    fgts = sum((r.valor for r in rubricas if r.codigo == "FGTS"), ZERO)
    liquido = bruto - descontos
    if liquido < 0:
        avisos = [*avisos, f"Líquido negativo ({numero(liquido)}): os descontos superam os proventos"]
    return Holerite(c.id, c.nome, competencia, tipo, tuple(rubricas), bruto, descontos, liquido, inss, irrf, fgts,
                    base_inss, base_irrf, deducao, tuple(avisos))
