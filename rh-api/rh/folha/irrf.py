"""IRRF on work income: the monthly table on the base after the deduction better for the worker
(legal — INSS and dependents — or the desconto simplificado), then the Lei 15.270/2025 reduction
computed on the GROSS taxable income, not on the base (folha-2026.md §1.4)."""
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from rh.folha.formato import ZERO, centavos, numero, percentual
from rh.folha.tabelas import FaixaIrrf, Tabela

CEM = Decimal(100)


@dataclass(frozen=True)
class Irrf:
    valor: Decimal
    rendimento: Decimal          # gross taxable income
    base: Decimal
    deducao: Literal["LEGAL", "SIMPLIFICADA"]
    deducao_valor: Decimal
    imposto_tabela: Decimal
    reducao: Decimal
    referencia: str
    memo: str


def _faixa(base: Decimal, tabela: Tabela) -> FaixaIrrf:
    return next(f for f in tabela.faixas_irrf if f.ate is None or base <= f.ate)


def imposto_da_tabela(base: Decimal, tabela: Tabela) -> tuple[Decimal, str]:
    """The table tax on `base`, rounded half up, with its memo."""
    faixa = _faixa(base, tabela)
    if faixa.aliquota == 0:
        return ZERO, f"{numero(base)} na faixa isenta → 0,00"
    exato = base * faixa.aliquota / CEM - faixa.parcela_a_deduzir
    imposto = max(centavos(exato), ZERO)
    return imposto, (f"{numero(base)} × {percentual(faixa.aliquota)} − {numero(faixa.parcela_a_deduzir)} = "
                     f"{numero(exato)} → {numero(imposto)}")


def reducao(rendimento: Decimal, imposto: Decimal, tabela: Tabela) -> tuple[Decimal, str]:
    """Lei 15.270/2025 art. 3º-A, limited to the table tax (§1º)."""
    r = tabela.reducao_irrf
    if rendimento <= r.limite_isencao:
        valor = min(imposto, r.reducao_maxima)
        return valor, (f"redução Lei 15.270 (rendimento {numero(rendimento)} até {numero(r.limite_isencao)}): "
                       f"até {numero(r.reducao_maxima)}, limitada ao imposto → {numero(valor)}")
    if rendimento <= r.limite_superior:
        exato = r.constante - r.coeficiente * rendimento
        valor = min(max(centavos(exato), ZERO), imposto)
        return valor, (f"redução Lei 15.270: {numero(r.constante)} − {numero(r.coeficiente)} × {numero(rendimento)} = "
                       f"{numero(exato)} → {numero(centavos(exato))}, limitada ao imposto → {numero(valor)}")
    return ZERO, f"sem redução Lei 15.270 (rendimento {numero(rendimento)} acima de {numero(r.limite_superior)})"


def calcular(rendimento: Decimal, inss: Decimal, dependentes: int, tabela: Tabela,
             com_reducao: bool = True, titulo: str = "IRRF") -> Irrf:
    """The tax on `rendimento` (gross taxable income) whose INSS was `inss`; `com_reducao` False
    leaves out the Lei 15.270 reduction (férias under the "NENHUMA" reading)."""
    legal = inss + dependentes * tabela.deducao_dependente
    simplificado = tabela.desconto_simplificado
    composicao = f"INSS {numero(inss)} + {dependentes} dependente(s) × {numero(tabela.deducao_dependente)}"
    if legal >= simplificado:
        deducao, deducao_valor = "LEGAL", legal
        escolha = (f"dedução legal {numero(legal)} ({composicao}), não menor que o desconto simplificado "
                   f"{numero(simplificado)}")
    else:
        deducao, deducao_valor = "SIMPLIFICADA", simplificado
        escolha = (f"desconto simplificado {numero(simplificado)}, maior que a dedução legal {numero(legal)} "
                   f"({composicao})")
    base = max(rendimento - deducao_valor, ZERO)
    imposto, memo_tabela = imposto_da_tabela(base, tabela)
    if com_reducao:
        valor_reducao, memo_reducao = reducao(rendimento, imposto, tabela)
    else:
        valor_reducao, memo_reducao = ZERO, "sem redução Lei 15.270 (configuração da tabela)"
    valor = imposto - valor_reducao
    memo = (f"{titulo}: rendimento tributável {numero(rendimento)} − {escolha} = base {numero(base)}; "
            f"imposto da tabela: {memo_tabela}; {memo_reducao}; {titulo} = {numero(imposto)} − "
            f"{numero(valor_reducao)} = {numero(valor)}")
    return Irrf(valor, rendimento, base, deducao, deducao_valor, imposto, valor_reducao,
                percentual(_faixa(base, tabela).aliquota), memo)
