"""INSS withheld from the worker: the employee table band by band (sum exact, rounded once), or the
contribuinte individual's flat rate (pró-labore); both up to the teto of the salário de contribuição."""
from dataclasses import dataclass
from decimal import Decimal

from rh.folha.formato import ZERO, centavos, numero, percentual
from rh.folha.tabelas import Tabela

CEM = Decimal(100)


@dataclass(frozen=True)
class Inss:
    valor: Decimal
    base: Decimal                # the salário de contribuição, limited to the teto
    no_teto: bool
    referencia: str
    memo: str


def _limitar(salario_contribuicao: Decimal, tabela: Tabela) -> tuple[Decimal, bool, str]:
    if salario_contribuicao > tabela.teto_inss:
        return (tabela.teto_inss, True, f"salário de contribuição {numero(salario_contribuicao)} limitado ao teto "
                f"{numero(tabela.teto_inss)}; ")
    return max(salario_contribuicao, ZERO), False, ""


def empregado(salario_contribuicao: Decimal, tabela: Tabela) -> Inss:
    """The progressive table: each band's slice at its rate, the exact sum rounded once half up."""
    base, no_teto, prefixo = _limitar(salario_contribuicao, tabela)
    parcelas, total, piso = [], Decimal(0), Decimal(0)
    for faixa in tabela.faixas_inss:
        if base <= piso:
            break
        fatia = min(base, faixa.ate) - piso
        produto = fatia * faixa.aliquota / CEM
        parcelas.append(f"{numero(fatia)} × {percentual(faixa.aliquota)} = {numero(produto)}")
        total += produto
        piso = faixa.ate
    valor = centavos(total)
    referencia = " / ".join(percentual(f.aliquota) for f in tabela.faixas_inss)
    if not parcelas:
        return Inss(ZERO, base, no_teto, referencia, f"INSS: {prefixo}salário de contribuição {numero(base)} → 0,00")
    memo = (f"INSS: {prefixo}" + " + ".join(parcelas) + f" = {numero(total)} → {numero(valor)} "
            "(faixa a faixa, soma exata arredondada uma vez, meio para cima)")
    return Inss(valor, base, no_teto, referencia, memo)


def contribuinte_individual(salario_contribuicao: Decimal, tabela: Tabela) -> Inss:
    """Pró-labore: the contribuinte individual's rate on the remuneration, up to the teto."""
    base, no_teto, prefixo = _limitar(salario_contribuicao, tabela)
    aliquota = tabela.aliquota_contribuinte_individual
    produto = base * aliquota / CEM
    valor = centavos(produto)
    memo = (f"INSS (contribuinte individual): {prefixo}{numero(base)} × {percentual(aliquota)} = "
            f"{numero(produto)} → {numero(valor)}")
    return Inss(valor, base, no_teto, percentual(aliquota), memo)
