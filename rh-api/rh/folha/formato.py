"""Rounding to the cent and the pt-BR rendering of the numbers in the calculation memos.

Every amount is rounded once, half up, to the cent (the acts fix no rule; folha-2026.md §1.2).
Intermediate products keep all their digits in the memo ("121,575"), so the sum can be checked.
"""
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

CENTAVO = Decimal("0.01")
ZERO = Decimal("0.00")


def centavos(valor: Decimal) -> Decimal:
    return valor.quantize(CENTAVO, rounding=ROUND_HALF_UP)


# A payroll of 6,000 renders the same rates, band limits and salaries over and over; the text
# depends on the value only (equal Decimals, whatever their exponent, give the same text).
@lru_cache(maxsize=4096)
def numero(valor: Decimal) -> str:
    """Every significant digit, at least two decimals: 1621 → "1.621,00", 121.575 → "121,575"."""
    sinal = "-" if valor < 0 else ""
    inteiro, _, fracao = f"{abs(valor):f}".partition(".")
    fracao = fracao.rstrip("0").ljust(2, "0")
    return f"{sinal}{int(inteiro):,}".replace(",", ".") + "," + fracao


def percentual(aliquota: Decimal) -> str:
    """Decimal("7.5") → "7,5 %"."""
    texto = f"{aliquota.normalize():f}".replace(".", ",")
    return f"{texto} %"
