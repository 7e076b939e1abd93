"""A bank account's agência and número as people write them — digits, then optionally a hyphen and
the check digit (which Banco do Brasil writes as X at times) — for every record that has one: a
conta and a fornecedor in cadastros, a funcionário's salary account in rh."""
import re
from typing import Annotated

from pydantic import AfterValidator, Field

from shared.api import Opcional, Texto

_DIGITOS_COM_DV = re.compile(r"[0-9]+(-[0-9X])?")


def _digitos_com_dv(exemplo: str) -> AfterValidator:
    def validar(valor: str) -> str:
        valor = valor.upper()
        if not _DIGITOS_COM_DV.fullmatch(valor):
            raise ValueError(f"Use só dígitos, com o dígito verificador depois do hífen, como {exemplo}")
        return valor
    return AfterValidator(validar)


Agencia = Opcional[Annotated[Texto, Field(max_length=10), _digitos_com_dv("1234-5")]]
Numero = Opcional[Annotated[Texto, Field(max_length=20), _digitos_com_dv("12345-6")]]
