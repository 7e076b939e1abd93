"""Check-digit arithmetic shared by nosso números, códigos de barras and linhas digitáveis.

Banks describe their digits in two families: módulo 10 (weights 2, 1, 2, 1… from the right, the
digits of each product summed) and módulo 11 (a cycle of weights, DV = 11 − the remainder, with
some results replaced: Bradesco prints 'P' for 10, BB 'X'). A Modulo11 value is such a rule as
data, so bancos.py can state each bank's rule without code.
"""
from dataclasses import dataclass


def modulo10(digitos: str) -> str:
    soma = 0
    for posicao, digito in enumerate(reversed(digitos)):
        produto = int(digito) * (2 if posicao % 2 == 0 else 1)
        soma += produto - 9 if produto > 9 else produto
    return str((10 - soma % 10) % 10)


@dataclass(frozen=True)
class Modulo11:
    """DV = 11 − (Σ dígito × peso) mod 11, the weights cycling from the rightmost digit (or from the
    leftmost when `da_esquerda`); `trocas` gives what is printed for the results 10 and 11."""
    pesos: tuple[int, ...] = (2, 3, 4, 5, 6, 7, 8, 9)
    trocas: tuple[tuple[int, str], ...] = ((10, "0"), (11, "0"))
    da_esquerda: bool = False

    def calcular(self, digitos: str) -> str:
        ordem = digitos if self.da_esquerda else reversed(digitos)
        soma = sum(int(d) * self.pesos[i % len(self.pesos)] for i, d in enumerate(ordem))
        resultado = 11 - soma % 11
        return dict(self.trocas).get(resultado, str(resultado))


def preencher(valor: str | None, tamanho: int, nome: str) -> str:
    """The bank's field of `tamanho` digits, zero-padded; ValueError naming the setting when the
    conta's value is missing, not digits, or longer than the bank takes."""
    if not valor:
        raise ValueError(f"Informe {nome} na configuração de cobrança da conta.")
    if not valor.isdigit():
        raise ValueError(f"{nome[0].upper()}{nome[1:]} deve ter apenas dígitos.")
    if len(valor.lstrip("0")) > tamanho:
        raise ValueError(f"{nome[0].upper()}{nome[1:]} deve ter no máximo {tamanho} dígitos.")
    return valor.zfill(tamanho)[-tamanho:]
