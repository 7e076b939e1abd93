"""An empresa's CNPJ: normalised and checked (the check digits are python-stdnum's, as in
cadastros-api, which auth does not import: each service deploys alone).

Stored normalised: only its letters and digits, uppercase — 14 characters, alphanumeric from July
2026 ("12.ABC.345/01DE-35" -> "12ABC34501DE35").
"""
import re

from stdnum.br import cnpj

INVALIDO = "CNPJ inválido: confira os dígitos"
TAMANHO = "Informe os 14 caracteres do CNPJ"

_SEPARADORES = re.compile(r"[\W_]+")
# ASCII only: stdnum's own patterns take any Unicode digit ("١"), which is no document.
_FORMA = re.compile(r"[0-9A-Z]{12}[0-9]{2}")


def validar(texto: str) -> str:
    """The normalised CNPJ; ValueError with the pt-BR message when it is not a valid one."""
    numero = _SEPARADORES.sub("", texto).upper()
    if len(numero) != 14:
        raise ValueError(TAMANHO)
    # "11.111.111/1111-11" has valid check digits, but the Receita issues no repeated-digit number.
    if not (_FORMA.fullmatch(numero) and len(set(numero)) > 1 and cnpj.is_valid(numero)):
        raise ValueError(INVALIDO)
    return numero
