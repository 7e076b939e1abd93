"""Parcelas and recorrências: how one sale or one repeated bill becomes several lançamentos.

Pure arithmetic on dates and cents, no database: a total is split in whole cents and the split
always adds up to the total exactly; dates step by week, month or year from the first due date.
"""
import calendar
from datetime import date, timedelta
from decimal import Decimal

CENTAVO = Decimal("0.01")
MAXIMO = 360  # parcelas or occurrences of one série: 30 years of a monthly bill


def dividir(total: Decimal, quantidade: int, resto: str = "PRIMEIRA") -> list[Decimal]:
    """`total` in `quantidade` parcelas of equal cents; the cents left over go to the first
    parcela (PRIMEIRA) or to the last (ULTIMA). R$ 100,00 in 3: 33,34 + 33,33 + 33,33."""
    centavos = int(total / CENTAVO)
    if quantidade < 1 or centavos < quantidade:
        raise ValueError("Cada parcela precisa de pelo menos R$ 0,01")
    base, sobra = divmod(centavos, quantidade)
    parcelas = [base] * quantidade
    parcelas[0 if resto == "PRIMEIRA" else -1] += sobra
    return [Decimal(p) * CENTAVO for p in parcelas]


def somar_meses(dia: date, meses: int, dia_do_mes: int | None = None) -> date:
    """`dia` moved by `meses` months, on `dia_do_mes` (default: dia's own day) or the month's last
    day when it has fewer: 31/01 + 1 month is 28/02 (or 29/02), and + 2 months is 31/03 again."""
    indice = dia.year * 12 + dia.month - 1 + meses
    ano, mes = divmod(indice, 12)
    ultimo = calendar.monthrange(ano, mes + 1)[1]
    return date(ano, mes + 1, min(dia_do_mes or dia.day, ultimo))


def passo(inicio: date, frequencia: str, n: int) -> date:
    """The n-th date (0 is `inicio`) of a série that starts on `inicio`."""
    if frequencia == "SEMANAL":
        return inicio + timedelta(weeks=n)
    if frequencia == "MENSAL":
        return somar_meses(inicio, n)
    if frequencia == "ANUAL":
        return somar_meses(inicio, 12 * n)
    raise ValueError(f"Frequência desconhecida: {frequencia}")


def datas(inicio: date, frequencia: str, quantidade: int | None = None, ate: date | None = None) -> list[date]:
    """The due dates of a série: `quantidade` of them, or every one up to `ate` (inclusive), at
    most MAXIMO."""
    resultado = []
    while len(resultado) < (quantidade or MAXIMO + 1):
        proxima = passo(inicio, frequencia, len(resultado))
        if ate is not None and proxima > ate:
            break
        resultado.append(proxima)
    if len(resultado) > MAXIMO:
        raise ValueError(f"A série passaria de {MAXIMO} lançamentos; escolha uma data final mais próxima")
    return resultado


def primeiro_do_mes(dia: date) -> date:
    return dia.replace(day=1)


def meses_entre(de: date, ate: date) -> int:
    return (ate.year - de.year) * 12 + ate.month - de.month
