"""CPF and CNPJ: normalise, check, format (the check digits are python-stdnum's).

A document is stored normalised: only its letters and digits, uppercase — 11 digits for a CPF, 14
characters for a CNPJ, alphanumeric from July 2026 ("12.ABC.345/01DE-35" -> "12ABC34501DE35").
"""
import re

from stdnum.br import cnpj, cpf

CPF_INVALIDO = "CPF inválido: confira os dígitos"
CNPJ_INVALIDO = "CNPJ inválido: confira os dígitos"
TAMANHO_INVALIDO = "Informe 11 dígitos (CPF) ou 14 caracteres (CNPJ)"

_SEPARADORES = re.compile(r"[\W_]+")
# ASCII only: stdnum's own patterns take any Unicode digit ("١"), which is no document.
_CPF = re.compile(r"[0-9]{11}")
_CNPJ = re.compile(r"[0-9A-Z]{12}[0-9]{2}")


def normalizar(documento: str) -> str:
    """Without punctuation or spaces, uppercase; whatever else it has stays, to fail the check."""
    return _SEPARADORES.sub("", documento).upper()


def validar(documento: str) -> str:
    """The normalised document; ValueError with the pt-BR message when it is not a valid one."""
    numero = normalizar(documento)
    if len(numero) == 11:
        if not (_CPF.fullmatch(numero) and _emitivel(numero) and cpf.is_valid(numero)):
            raise ValueError(CPF_INVALIDO)
    elif len(numero) == 14:
        if not (_CNPJ.fullmatch(numero) and _emitivel(numero) and cnpj.is_valid(numero)):
            raise ValueError(CNPJ_INVALIDO)
    else:
        raise ValueError(TAMANHO_INVALIDO)
    return numero


def validar_cpf(documento: str) -> str:
    """A person's CPF (who accepts a contract, an employee): its 11 digits; ValueError (pt-BR)."""
    numero = normalizar(documento)
    if not _CPF.fullmatch(numero):
        raise ValueError("Informe os 11 dígitos do CPF")
    if not (_emitivel(numero) and cpf.is_valid(numero)):
        raise ValueError(CPF_INVALIDO)
    return numero


def _emitivel(numero: str) -> bool:
    # "111.111.111-11" has valid check digits, but the Receita issues no repeated-digit number:
    # it is what people type to get past a form.
    return len(set(numero)) > 1


def tipo_pessoa(numero: str) -> str:
    """FISICA for a CPF, JURIDICA for a CNPJ (a normalised, valid document)."""
    return "FISICA" if len(numero) == 11 else "JURIDICA"


def formatar(numero: str) -> str:
    """"123.456.789-09" or "12.ABC.345/01DE-35"."""
    return cpf.format(numero) if len(numero) == 11 else cnpj.format(numero)
