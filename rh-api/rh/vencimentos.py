"""The due dates of a processed month's payables (pure). Two meanings of "dia útil" apply:

- the salary (CLT art. 459 §1º, "até o quinto dia útil do mês subsequente"): Saturdays ARE dias
  úteis — the MTE's reading (Instrução Normativa SRT/MTE nº 1/89; the working week is Monday to
  Saturday) — so the 5th counts Monday to Saturday, skipping Sundays and national holidays;
- the guides (DCTFWeb/DARF of INSS and IRRF, and the FGTS Digital guide): due the 20th of the
  next month and brought forward to the previous banking day when the 20th is not one — a
  Saturday, a Sunday or a national holiday.

National holidays are the fixed ones of the payroll table in force (rh/folha/tabelas/); moving
ones (Carnaval, Sexta-feira Santa, Corpus Christi) and local ones are not known here.
"""
from datetime import date, timedelta

from shared.calendario import somar_meses

from rh.folha.tabelas import tabela_em

DOMINGO, SABADO = 6, 5
DIA_DAS_GUIAS = 20
DIA_UTIL_DO_SALARIO = 5


def _feriado(dia: date) -> bool:
    return (dia.month, dia.day) in tabela_em(dia).feriados_nacionais


def _util_para_salario(dia: date) -> bool:
    return dia.weekday() != DOMINGO and not _feriado(dia)


def _dia_bancario(dia: date) -> bool:
    return dia.weekday() < SABADO and not _feriado(dia)


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
