"""A funcionário's PIS/PASEP/NIT, stored as its 11 digits (the CPF is shared/documentos.py's)."""
import re

_SEPARADORES = re.compile(r"[\s./-]+")
# ASCII only: stdnum's own patterns take any Unicode digit ("١"), which is no document.
_ONZE_DIGITOS = re.compile(r"[0-9]{11}")
# The weights of the PIS/PASEP/NIT check digit (módulo 11 over the first ten digits).
_PESOS_PIS = (3, 2, 9, 8, 7, 6, 5, 4, 3, 2)


def validar_pis(documento: str) -> str:
    """The PIS/PASEP/NIT's 11 digits; ValueError (pt-BR) when its check digit does not match."""
    numero = _SEPARADORES.sub("", documento)
    if not _ONZE_DIGITOS.fullmatch(numero):
        raise ValueError("Informe os 11 dígitos do PIS")
    # "111.111.111-11" has a valid check digit but is what people type to get past a form.
    if len(set(numero)) == 1:
        raise ValueError("PIS inválido: confira os dígitos")
    resto = sum(int(d) * p for d, p in zip(numero, _PESOS_PIS)) % 11
    if int(numero[10]) != (0 if resto < 2 else 11 - resto):
        raise ValueError("PIS inválido: confira os dígitos")
    return numero
