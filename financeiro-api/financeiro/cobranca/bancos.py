"""The seven banks this system issues boletos and CNAB files for, and what each states as fact.

Each bank's rules as ../shared/reference/cnab-boleto.md §2.2 records them (and the bank's own
manual overrides): what is data lives here; the arithmetic that composes a nosso número or a campo
livre from a conta's settings is in nosso_numero.py and codigo_barras.py.
"""
from dataclasses import dataclass

from financeiro.cobranca.digitos import Modulo11

_QUALQUER_BANCO = "Pagável em qualquer banco, mesmo após o vencimento"


@dataclass(frozen=True)
class RegraBanco:
    codigo: str                    # COMPE, 3 digits
    nome: str
    dv: str                        # COMPE check digit, printed "341-7" on the boleto
    layouts: frozenset[str]        # the remessa/retorno layouts this system writes for the bank
    # Digits of titulos.nosso_numero (without the DV). BB's depends on the convênio: this is the
    # 7- and 8-digit convênios'; nosso_numero.py has the 4- and 6-digit ones.
    tamanho_nosso_numero: int
    # Digits of the sequence inside it (the rest is carteira, convênio, year... fixed per conta).
    tamanho_sequencia: int
    # The nosso número's DV rule (BB's only for its 11-digit numbers); None for Itaú, whose DAC is
    # módulo 10.
    dv_nosso_numero: Modulo11 | None
    # Whether the bank's retornos carry the nosso número with its DV (Santander, Caixa, Sicoob,
    # Sicredi, Bradesco) or without (Itaú, BB's 17 digits): the likelier reading goes first.
    retorno_com_dv: bool
    local_pagamento: str = _QUALQUER_BANCO
    especie: str = "DM"
    aceite: str = "N"


_SO_240 = frozenset({"CNAB240"})
_240_E_400 = frozenset({"CNAB240", "CNAB400"})

BANCOS_COBRANCA: dict[str, RegraBanco] = {
    "001": RegraBanco("001", "Banco do Brasil S.A.", "9", _SO_240, 17, 10,
                      Modulo11(trocas=((10, "X"), (11, "0"))), retorno_com_dv=False),
    "341": RegraBanco("341", "Itaú Unibanco S.A.", "7", _240_E_400, 8, 8, None, retorno_com_dv=False),
    "237": RegraBanco("237", "Banco Bradesco S.A.", "2", _240_E_400, 11, 11,
                      Modulo11(pesos=(2, 3, 4, 5, 6, 7), trocas=((10, "P"), (11, "0"))), retorno_com_dv=True),
    "033": RegraBanco("033", "Banco Santander (Brasil) S.A.", "7", _SO_240, 12, 12, Modulo11(),
                      retorno_com_dv=True),
    # SIGCB: "1" (registrada) + "4" (emitido pelo beneficiário) + 15 digits of sequence.
    "104": RegraBanco("104", "Caixa Econômica Federal", "0", _SO_240, 17, 15, Modulo11(),
                      retorno_com_dv=True,
                      local_pagamento="Preferencialmente nas casas lotéricas até o valor limite"),
    "756": RegraBanco("756", "Banco Cooperativo Sicoob S.A.", "0", _SO_240, 7, 7,
                      Modulo11(pesos=(3, 1, 9, 7), da_esquerda=True), retorno_com_dv=True),
    # AA (year) + byte de geração + 5 digits of sequence.
    "748": RegraBanco("748", "Banco Cooperativo Sicredi S.A.", "X", _SO_240, 8, 5, Modulo11(),
                      retorno_com_dv=True),
}


def banco(codigo: str) -> RegraBanco:
    try:
        return BANCOS_COBRANCA[codigo]
    except KeyError:
        aceitos = ", ".join(sorted(BANCOS_COBRANCA))
        raise ValueError(f"O banco {codigo} não tem cobrança neste sistema (bancos aceitos: {aceitos}).") from None
