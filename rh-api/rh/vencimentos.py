"""The due dates of a processed month's payables (pure). Two meanings of "dia útil" apply:

- the salary (CLT art. 459 §1º, "até o quinto dia útil do mês subsequente"): Saturdays ARE dias
  úteis — the MTE's reading (Instrução Normativa SRT/MTE nº 1/89; the working week is Monday to
  Saturday) — so the 5th counts Monday to Saturday, skipping Sundays and the payroll's holidays:
  the national ones and Sexta-feira Santa, not Carnaval nor Corpus Christi (pontos facultativos);
- the guides (DCTFWeb/DARF of INSS and IRRF, and the FGTS Digital guide): due the 20th of the
  next month and brought forward to the previous banking day when the 20th is not one — a
  Saturday, a Sunday, a national holiday, Carnaval's Monday and Tuesday, Sexta-feira Santa or
  Corpus Christi (Resolução CMN 4.880/2020).

Which day is which holiday is data of the payroll table in force (rh/folha/tabelas/: the fixed
dates and those that move with Easter); local holidays are not known here.

The 13º's parcelas and férias have dates of their own (`decimo_terceiro`, `inss_do_decimo_terceiro`,
`ferias`): a legal deadline, brought forward to the last banking day on or before it.
"""
from datetime import date, timedelta

from shared.calendario import fim_do_mes, somar_meses

from rh.folha.tabelas import tabela_em

DOMINGO, SABADO = 6, 5
DIA_DAS_GUIAS = 20
DIA_UTIL_DO_SALARIO = 5
DIAS_ANTES_DAS_FERIAS = 2


def _feriado(dia: date) -> bool:
    """A holiday for the payroll's dias úteis (national, or Sexta-feira Santa)."""
    return tabela_em(dia).feriado_da_folha(dia)


def _util_para_salario(dia: date) -> bool:
    return dia.weekday() != DOMINGO and not _feriado(dia)


def _dia_bancario(dia: date) -> bool:
    return dia.weekday() < SABADO and not tabela_em(dia).feriado_bancario(dia)


def salario(competencia: date) -> date:
    """The 5th dia útil (Monday to Saturday, not a holiday) of the month after `competencia`."""
    dia, contados = somar_meses(competencia, 1) - timedelta(days=1), 0
    while contados < DIA_UTIL_DO_SALARIO:
        dia += timedelta(days=1)
        contados += _util_para_salario(dia)
    return dia


def guias(competencia: date) -> date:
    """The 20th of the month after `competencia`, or the last banking day before it."""
    dia = somar_meses(competencia, 1).replace(day=DIA_DAS_GUIAS)
    while not _dia_bancario(dia):
        dia -= timedelta(days=1)
    return dia


def _ate(dia: date) -> date:
    """`dia`, or the last banking day before it."""
    while not _dia_bancario(dia):
        dia -= timedelta(days=1)
    return dia


def decimo_terceiro(competencia: date, parcela: int) -> date:
    """The 13º's payment (Lei 4.749/1965): the 1ª parcela by the last day of its competência (30/11
    at the latest), the 2ª by 20/12; each brought forward to the last banking day on or before."""
    if parcela == 1:
        return _ate(fim_do_mes(competencia))
    return _ate(competencia.replace(month=12, day=DIA_DAS_GUIAS))


def inss_do_decimo_terceiro(competencia: date) -> date:
    """The INSS of the 13º: by 20 December (Decreto 3.048/1999 art. 216 §1º), brought forward."""
    return _ate(competencia.replace(month=12, day=DIA_DAS_GUIAS))


def ferias(inicio: date) -> date:
    """Férias are paid 2 days before they begin (CLT art. 145), on the last banking day by then."""
    return _ate(inicio - timedelta(days=DIAS_ANTES_DAS_FERIAS))
