"""The boleto's código de barras (44 digits) and linha digitável (47), both ways.

Código de barras: banco(3) moeda(1) DV(1) fator(4) valor(10) campo livre(25), the DV módulo 11 over
the other 43 digits (Carta-Circular Bacen 2.926/2000). The linha digitável is the same digits
reordered in five fields, the first three each closed by a módulo-10 digit so that a typing error
is caught before the barcode is rebuilt. The campo livre is each bank's: ../shared/reference/
cnab-boleto.md §2.2 and §2.4.
"""
import re
from datetime import date, timedelta
from decimal import Decimal
from itertools import count

from financeiro.cobranca import bancos
from financeiro.cobranca.digitos import Modulo11, modulo10, preencher
from financeiro.cobranca.modelos import Beneficiario, NossoNumero
from financeiro.formatos import data_br

MOEDA_REAL = "9"
BASE_FATOR = date(1997, 10, 7)
# FEBRABAN: fator 9999 fell on 21/02/2025; from the next day the fator restarts at 1000, so the
# same four digits now name dates 9000 days apart.
REINICIO_FATOR = date(2025, 2, 22)
_CICLO = 9000
PRIMEIRO_VENCIMENTO = BASE_FATOR + timedelta(days=1000)
ULTIMO_VENCIMENTO = REINICIO_FATOR + timedelta(days=9999 - 1000)
# FEBRABAN's window for reading a fator: up to 3000 days past and 5500 ahead of today.
_JANELA = (-3000, 5500)
VALOR_MAXIMO = Decimal("99999999.99")
_DV_GERAL = Modulo11(trocas=((10, "1"), (11, "1")))
# Itaú carteiras whose campo livre carries seu número and código do cliente, which we do not issue.
_ITAU_CARTEIRAS_ESPECIAIS = {"106", "107", "122", "142", "143", "195", "196", "198"}
_NOMES_CAMPOS = ("1º", "2º", "3º")


def fator_vencimento(vencimento: date) -> str:
    if not PRIMEIRO_VENCIMENTO <= vencimento <= ULTIMO_VENCIMENTO:
        raise ValueError(f"O vencimento {data_br(vencimento)} não cabe no fator de vencimento do boleto "
                         f"(de {data_br(PRIMEIRO_VENCIMENTO)} a {data_br(ULTIMO_VENCIMENTO)}).")
    if vencimento < REINICIO_FATOR:
        return f"{(vencimento - BASE_FATOR).days:04d}"
    return f"{(vencimento - REINICIO_FATOR).days + 1000:04d}"


def vencimento_do_fator(fator: str, referencia: date) -> date | None:
    """The date `fator` names in the cycle that falls in FEBRABAN's window around `referencia`;
    None for "0000" (a boleto without vencimento) or when no cycle falls in it."""
    if len(fator) != 4 or not fator.isdigit():
        raise ValueError("O fator de vencimento tem 4 dígitos.")
    if fator == "0000":
        return None
    for ciclo in count():
        dia = BASE_FATOR + timedelta(days=int(fator) + ciclo * _CICLO)
        if (dia - referencia).days > _JANELA[1]:
            return None
        if (dia - referencia).days >= _JANELA[0]:
            return dia


def _campo_livre_caixa(beneficiario: Beneficiario, numero: str) -> str:
    codigo = preencher(beneficiario.convenio, 6, "o código do beneficiário")
    dv11 = bancos.banco("104").dv_nosso_numero
    # SIGCB interleaves the nosso número's two constants (modalidade, emissão) with its sequence.
    campo = (codigo + dv11.calcular(codigo) + numero[2:5] + numero[0] + numero[5:8] + numero[1]
             + numero[8:17])
    return campo + dv11.calcular(campo)


def _campo_livre_sicredi(beneficiario: Beneficiario, nosso_numero: NossoNumero) -> str:
    # Cobrança com registro (1), carteira simples (1) … valor expresso (1), filler (0).
    campo = ("11" + nosso_numero.numero + nosso_numero.dv + preencher(beneficiario.agencia, 4, "a agência")
             + preencher(beneficiario.posto, 2, "o posto")
             + preencher(beneficiario.convenio, 5, "o código do beneficiário") + "10")
    return campo + bancos.banco("748").dv_nosso_numero.calcular(campo)


def campo_livre(beneficiario: Beneficiario, nosso_numero: NossoNumero) -> str:
    """The 25 digits the bank defines at positions 20–44 of the código de barras."""
    b, numero, dv = beneficiario, nosso_numero.numero, nosso_numero.dv
    match bancos.banco(b.banco).codigo:
        case "001":
            carteira = preencher(b.carteira, 2, "a carteira")
            if len(numero) == 17:
                return "000000" + numero + carteira
            return numero + preencher(b.agencia, 4, "a agência") + preencher(b.conta, 8, "a conta") + carteira
        case "341":
            carteira = preencher(b.carteira, 3, "a carteira")
            if carteira in _ITAU_CARTEIRAS_ESPECIAIS:
                raise ValueError(f"A carteira {carteira} do Itaú não é aceita neste sistema; use uma carteira "
                                 "de cobrança simples, como a 109.")
            agencia_conta = preencher(b.agencia, 4, "a agência") + preencher(b.conta, 5, "a conta")
            return carteira + numero + dv + agencia_conta + modulo10(agencia_conta) + "000"
        case "237":
            return (preencher(b.agencia, 4, "a agência") + preencher(b.carteira, 2, "a carteira") + numero
                    + preencher(b.conta, 7, "a conta") + "0")
        case "033":
            return ("9" + preencher(b.convenio, 7, "o código do beneficiário") + numero + dv + "0"
                    + preencher(b.carteira, 3, "a carteira"))
        case "104":
            return _campo_livre_caixa(b, numero)
        case "756":
            return (preencher(b.carteira, 1, "a carteira") + preencher(b.agencia, 4, "a agência")
                    + preencher(b.variacao or "1", 2, "a modalidade")
                    + preencher(b.convenio, 7, "o código do beneficiário") + numero + dv + "001")
        case "748":
            return _campo_livre_sicredi(b, nosso_numero)


def _valor(valor: Decimal) -> str:
    if valor != valor.quantize(Decimal("0.01")):
        raise ValueError("O valor do boleto tem no máximo dois decimais.")
    if not Decimal("0") <= valor <= VALOR_MAXIMO:
        raise ValueError("O valor do boleto deve estar entre R$ 0,00 e R$ 99.999.999,99.")
    return f"{int(valor * 100):010d}"


def _com_dv_geral(sem_dv: str) -> str:
    return sem_dv[:4] + _DV_GERAL.calcular(sem_dv) + sem_dv[4:]


def montar(beneficiario: Beneficiario, nosso_numero: NossoNumero, vencimento: date, valor: Decimal) -> str:
    livre = campo_livre(beneficiario, nosso_numero)
    return _com_dv_geral(beneficiario.banco + MOEDA_REAL + fator_vencimento(vencimento) + _valor(valor) + livre)


def _conferir_44(codigo_barras: str) -> None:
    if len(codigo_barras) != 44 or not codigo_barras.isdigit():
        raise ValueError("O código de barras tem 44 dígitos.")


def linha_digitavel(codigo_barras: str) -> str:
    _conferir_44(codigo_barras)
    campos = (codigo_barras[0:4] + codigo_barras[19:24], codigo_barras[24:34], codigo_barras[34:44])
    return "".join(c + modulo10(c) for c in campos) + codigo_barras[4] + codigo_barras[5:19]


def formatar_linha(linha: str) -> str:
    """47 digits → "AAAAA.AAAAA BBBBB.BBBBBB CCCCC.CCCCCC D EEEEEEEEEEEEEE"."""
    return (f"{linha[0:5]}.{linha[5:10]} {linha[10:15]}.{linha[15:21]} {linha[21:26]}.{linha[26:32]} "
            f"{linha[32]} {linha[33:47]}")


def codigo_barras_da_linha(texto: str) -> str:
    """A boleto typed or pasted on a despesa — linha digitável (47 digits, dots and blanks as
    printed) or código de barras (44) — checked digit by digit, as its 44-digit código de barras."""
    digitos = re.sub(r"[\s.\-]", "", texto)
    if not digitos:
        raise ValueError("Informe a linha digitável ou o código de barras do boleto.")
    if not digitos.isdigit():
        raise ValueError("A linha digitável deve ter apenas dígitos, pontos e espaços.")
    if digitos.startswith("8"):
        raise ValueError("Este é um código de arrecadação (conta de consumo ou tributo), que este sistema não paga; "
                         "informe a linha digitável de um boleto bancário.")
    if len(digitos) == 47:
        campos = (digitos[0:10], digitos[10:21], digitos[21:32])
        for nome, campo in zip(_NOMES_CAMPOS, campos):
            if modulo10(campo[:-1]) != campo[-1]:
                raise ValueError(f"O dígito verificador do {nome} campo da linha digitável não confere; "
                                 "confira o que foi digitado.")
        codigo_barras = (digitos[0:4] + digitos[32] + digitos[33:47] + digitos[4:9] + digitos[10:20]
                         + digitos[21:31])
    elif len(digitos) == 44:
        codigo_barras = digitos
    else:
        raise ValueError(f"Informe a linha digitável (47 dígitos) ou o código de barras (44 dígitos) do boleto; "
                         f"foram {len(digitos)} dígitos.")
    if _com_dv_geral(codigo_barras[:4] + codigo_barras[5:]) != codigo_barras:
        raise ValueError("O dígito verificador geral do boleto (o campo isolado da linha digitável) não confere; "
                         "confira o que foi digitado.")
    if codigo_barras[3] != MOEDA_REAL:
        raise ValueError("Este boleto não é em reais.")
    return codigo_barras


def decompor(codigo_barras: str, referencia: date) -> dict:
    """What a pasted boleto says: banco, moeda, fator, vencimento (None without one; read in the
    fator's cycle around `referencia`, the studio's today for a boleto pasted now) and valor."""
    _conferir_44(codigo_barras)
    fator = codigo_barras[5:9]
    return {
        "banco": codigo_barras[0:3],
        "moeda": codigo_barras[3],
        "fator": fator,
        "vencimento": vencimento_do_fator(fator, referencia),
        "valor": Decimal(codigo_barras[9:19]) / 100,
    }
