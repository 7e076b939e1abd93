"""Nosso número: the number a bank knows a boleto by, made from a conta's sequence by the bank's rule,
and read back from the many shapes a retorno prints it in.

Stored form (titulos.nosso_numero): the bank's digits without the DV, zero-padded to the bank's
length — carteira, convênio or year included when the bank puts them inside the number (BB's
convênio, Caixa's "14", Sicredi's year), never when it keeps them apart (Itaú's and Bradesco's
carteira). Rules: ../shared/reference/cnab-boleto.md §2.2; data in bancos.py.
"""
from datetime import date

from shared.config import hoje

from financeiro.cobranca import bancos
from financeiro.cobranca.bancos import RegraBanco
from financeiro.cobranca.digitos import modulo10, preencher
from financeiro.cobranca.modelos import Beneficiario, NossoNumero

# BB: digits of sequence after the convênio, by the convênio's length. 4 and 6 make an 11-digit
# nosso número with a DV; 7 and 8 make 17 digits without one.
_BB_SEQUENCIA = {4: 7, 6: 5, 7: 10, 8: 9}
# Itaú carteiras whose DAC covers only carteira + nosso número (not agência and conta).
_ITAU_DAC_CURTO = {"112", "126", "131", "146", "150", "168"}
# Caixa SIGCB: modalidade 1 (registrada) + emissão 4 (pelo beneficiário).
_CAIXA_PREFIXO = "14"
# Sicredi: byte de geração 2, the first the beneficiário may use ("1" is the cooperativa's).
_SICREDI_BYTE = "2"
# Banks whose DV covers the conta's settings, not only the number: a retorno read without the
# conta cannot check it.
_DV_PEDE_CONTA = {"341", "237", "756", "748"}


def _convenio_bb(beneficiario: Beneficiario) -> str:
    convenio = beneficiario.convenio or ""
    if not convenio.isdigit() or len(convenio) not in _BB_SEQUENCIA:
        raise ValueError("O convênio do Banco do Brasil deve ter 4, 6, 7 ou 8 dígitos.")
    return convenio


def _tamanho_bb(beneficiario: Beneficiario) -> int:
    convenio = _convenio_bb(beneficiario)
    return len(convenio) + _BB_SEQUENCIA[len(convenio)]


def capacidade(beneficiario: Beneficiario) -> int:
    """The largest sequence the bank's rule can turn into a nosso número for this conta."""
    regra = bancos.banco(beneficiario.banco)
    if regra.codigo == "001":
        return 10 ** _BB_SEQUENCIA[len(_convenio_bb(beneficiario))] - 1
    return 10 ** regra.tamanho_sequencia - 1


def _numero(regra: RegraBanco, beneficiario: Beneficiario, sequencia: int, emissao: date) -> str:
    if regra.codigo == "001":
        convenio = _convenio_bb(beneficiario)
        return convenio + str(sequencia).zfill(_BB_SEQUENCIA[len(convenio)])
    if regra.codigo == "104":
        return _CAIXA_PREFIXO + str(sequencia).zfill(regra.tamanho_sequencia)
    if regra.codigo == "748":
        return f"{emissao.year % 100:02d}{_SICREDI_BYTE}{sequencia:05d}"
    return str(sequencia).zfill(regra.tamanho_nosso_numero)


def _dv(regra: RegraBanco, beneficiario: Beneficiario | None, numero: str) -> str | None:
    """The DV of `numero` (stored form); the conta's settings are needed only for the banks in
    _DV_PEDE_CONTA."""
    b = beneficiario
    match regra.codigo:
        case "001":
            return regra.dv_nosso_numero.calcular(numero) if len(numero) == 11 else None
        case "341":
            carteira = preencher(b.carteira, 3, "a carteira")
            if carteira in _ITAU_DAC_CURTO:
                return modulo10(carteira + numero)
            return modulo10(preencher(b.agencia, 4, "a agência") + preencher(b.conta, 5, "a conta")
                            + carteira + numero)
        case "237":
            return regra.dv_nosso_numero.calcular(preencher(b.carteira, 2, "a carteira") + numero)
        case "756":
            cliente = preencher(b.convenio, 7, "o código do beneficiário")
            return regra.dv_nosso_numero.calcular(preencher(b.agencia, 4, "a agência")
                                                  + cliente.zfill(10) + numero)
        case "748":
            return regra.dv_nosso_numero.calcular(
                preencher(b.agencia, 4, "a agência") + preencher(b.posto, 2, "o posto")
                + preencher(b.convenio, 5, "o código do beneficiário") + numero)
        case _:
            return regra.dv_nosso_numero.calcular(numero)


def _exibicao(regra: RegraBanco, beneficiario: Beneficiario, numero: str, dv: str | None) -> str:
    match regra.codigo:
        case "341":
            return f"{preencher(beneficiario.carteira, 3, 'a carteira')}/{numero}-{dv}"
        case "237":
            return f"{preencher(beneficiario.carteira, 2, 'a carteira')}/{numero}-{dv}"
        case "748":
            return f"{numero[:2]}/{numero[2:]}-{dv}"
        case _:
            return numero if dv is None else f"{numero}-{dv}"


def montar(beneficiario: Beneficiario, sequencia: int, emissao: date | None = None) -> NossoNumero:
    """The nosso número of the conta's `sequencia`-th boleto. `emissao` matters only to Sicredi,
    whose number starts with the year it was issued in (the studio's today by default)."""
    regra = bancos.banco(beneficiario.banco)
    limite = capacidade(beneficiario)
    if sequencia < 1:
        raise ValueError("A sequência de nosso número começa em 1.")
    if sequencia > limite:
        raise ValueError(f"Sequência de nosso número esgotada: o {regra.nome} aceita até {limite} nesta conta.")
    numero = _numero(regra, beneficiario, sequencia, emissao or hoje())
    dv = _dv(regra, beneficiario, numero)
    return NossoNumero(numero=numero, dv=dv, exibicao=_exibicao(regra, beneficiario, numero, dv))


def _recorte(codigo: str, campo: str) -> str:
    """The nosso número inside the field a retorno layout cut, for banks that pack more in it."""
    if codigo == "756" and len(campo.rstrip()) > 10:
        # Sicoob's segment T, 38–57: NN with DV (10) + parcela (2) + modalidade (2) + formulário (1).
        return campo[:10].strip()
    if codigo == "104" and len(campo) >= 20:
        # Caixa's segment T, 38–57: the 17 digits at 40–56 and their DV at 57.
        return campo[2:20].strip()
    return campo.strip()


def _ajustado(digitos: str, tamanho: int) -> str | None:
    """`digitos` zero-padded to the stored length, or None when they cannot fit it."""
    significativos = digitos.lstrip("0")
    if not significativos or len(significativos) > tamanho:
        return None
    return significativos.zfill(tamanho)


def candidatos(banco: str, campo: str, beneficiario: Beneficiario | None = None) -> tuple[str, ...]:
    """Every stored form the nosso-número field of a retorno may be, likeliest first.

    `campo` is the field as the retorno layout cut it (blanks, leading zeros and a DV or not as the
    bank prints it; Sicoob's 38–57 packing and Caixa's 38–57 are cut here). A candidate is the
    digits as they are, or the digits without a trailing DV that the bank's rule validates. For
    Itaú, Bradesco, Sicoob and Sicredi that rule covers the conta's settings: without
    `beneficiario` the trailing digit is taken as a DV unchecked, when the bank's retornos carry
    one (Bradesco, Sicoob, Sicredi) or the digits as they are are too long to be a nosso número
    (Itaú); pass the conta's Beneficiario to have it checked. The caller matches the first
    candidate a título of the conta has.
    """
    regra = bancos.banco(banco)
    texto = _recorte(regra.codigo, campo).upper()
    if not texto.isdigit() and not (len(texto) > 1 and texto[:-1].isdigit() and texto[-1] in "PX"):
        return ()
    tamanhos = (regra.tamanho_nosso_numero,)
    if regra.codigo == "001":
        tamanhos = (_tamanho_bb(beneficiario),) if beneficiario else (17, 11)
    com_dv, sem_dv = [], []
    for tamanho in tamanhos:
        inteiro = _ajustado(texto, tamanho) if texto.isdigit() else None
        if inteiro:
            sem_dv.append(inteiro)
        numero = _ajustado(texto[:-1], tamanho) if len(texto) > 1 else None
        if numero is None:
            continue
        if beneficiario is None and regra.codigo in _DV_PEDE_CONTA:
            if regra.retorno_com_dv or inteiro is None:
                com_dv.append(numero)
        elif _dv(regra, beneficiario, numero) == texto[-1]:
            com_dv.append(numero)
    ordem = com_dv + sem_dv if regra.retorno_com_dv else sem_dv + com_dv
    return tuple(dict.fromkeys(ordem))
