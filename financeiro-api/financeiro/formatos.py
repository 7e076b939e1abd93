"""Values as the studio reads them in messages and exports: R$ 1.234,56, 31/01/2026."""
from datetime import date
from decimal import Decimal


def decimal_br(valor: Decimal) -> str:
    """1234.5 -> "1234,50": what a pt-BR spreadsheet reads as a number."""
    return f"{valor:.2f}".replace(".", ",")


def brl(valor: Decimal) -> str:
    """1234.5 -> "R$ 1.234,50"."""
    inteiro, centavos = f"{abs(valor):,.2f}".split(".")
    return f"{'-' if valor < 0 else ''}R$ {inteiro.replace(',', '.')},{centavos}"


def data_br(dia: date | None) -> str:
    return "" if dia is None else dia.strftime("%d/%m/%Y")
