"""Month arithmetic on the studio's calendar, the same for every service that sums by month.

"Today" itself is `shared.config.hoje()` in Python and `plataforma.hoje()` in SQL.
"""
from datetime import date, timedelta


def primeiro_do_mes(dia: date) -> date:
    return dia.replace(day=1)


def somar_meses(mes: date, quantos: int) -> date:
    """The first day of the month `quantos` months from `mes`'s."""
    indice = mes.year * 12 + mes.month - 1 + quantos
    return date(indice // 12, indice % 12 + 1, 1)


def fim_do_mes(dia: date) -> date:
    return somar_meses(dia, 1) - timedelta(days=1)


def meses_entre(de: date, ate: date) -> int:
    return (ate.year - de.year) * 12 + ate.month - de.month


Faixa = tuple[date | None, date | None]


def faixas(de: date | None, ate: date | None) -> tuple[Faixa | None, Faixa | None, Faixa | None]:
    """A period [de, ate] (None: unbounded on that side) as (head days, whole months, tail days),
    each a (first, last) pair or None: the whole months (as their first days) are what a monthly
    rollup answers for; the head and tail, each shorter than a month, are read day by day. A
    period with no whole month is all head."""
    primeiro = de if de is None or de.day == 1 else somar_meses(de, 1)
    ultimo = None if ate is None else somar_meses(ate + timedelta(days=1), -1)
    if primeiro is not None and ultimo is not None and primeiro > ultimo:
        return (de, ate), None, None
    cabeca = (de, primeiro - timedelta(days=1)) if de is not None and de < primeiro else None
    depois = None if ultimo is None else somar_meses(ultimo, 1)
    cauda = (depois, ate) if depois is not None and depois <= ate else None
    return cabeca, (primeiro, ultimo), cauda
