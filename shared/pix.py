"""Chaves PIX: the kind of a key (told, or read from the key itself) and the key as the DICT keeps it.

The Banco Central's formats: a CPF or CNPJ as its digits, an e-mail in lowercase, a phone as
+55 with DDD and number, a random key (EVP) as a lowercase UUID. One rule for every key the
product keeps or prints: a conta's (cobrança) and a fornecedor's (pagamentos) in cadastros, a
funcionário's salary key in rh, the key financeiro writes into a BR Code.
"""
import re
from typing import Literal

from email_validator import EmailNotValidError, validate_email

from shared import documentos

TipoChave = Literal["CPF", "CNPJ", "EMAIL", "TELEFONE", "ALEATORIA"]

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_TELEFONE = re.compile(r"\+55[1-9][0-9][0-9]{8,9}")
_FORMATACAO = re.compile(r"[\s().-]")
_DIGITOS_DE_DOCUMENTO = re.compile(r"[0-9./-]+")

INVALIDA = "Chave PIX inválida: use CPF, CNPJ, e-mail, celular com +55 e DDD ou chave aleatória"


def tipo(chave: str) -> str:
    """The kind the key itself shows; ValueError (pt-BR) when it is none of them."""
    if "@" in chave:
        return "EMAIL"
    if chave.startswith("+"):
        return "TELEFONE"
    if _UUID.fullmatch(chave.lower()):
        return "ALEATORIA"
    if _DIGITOS_DE_DOCUMENTO.fullmatch(chave):
        digitos = re.sub(r"\D", "", chave)
        if len(digitos) == 11:
            return "CPF"
        if len(digitos) == 14:
            return "CNPJ"
    raise ValueError(INVALIDA)


def normalizar(chave: str, tipo_chave: str | None) -> tuple[str, str]:
    """(the key as the DICT keeps it, its kind); the kind read from the key when not told.
    ValueError (pt-BR) when the key is not one of its kind."""
    tipo_chave = tipo_chave or tipo(chave)
    if tipo_chave in ("CPF", "CNPJ"):
        try:
            numero = documentos.validar(chave)
        except ValueError as erro:
            raise ValueError(f"Chave PIX: {erro}") from None
        # A CNPJ key may be alphanumeric, as CNPJs are from July 2026; a CPF is digits.
        if (len(numero) == 11) != (tipo_chave == "CPF"):
            raise ValueError(f"Chave PIX do tipo {tipo_chave}: informe os dígitos de um {tipo_chave}")
        return numero, tipo_chave
    if tipo_chave == "EMAIL":
        try:
            return validate_email(chave, check_deliverability=False).normalized.lower(), tipo_chave
        except EmailNotValidError:
            raise ValueError("Chave PIX do tipo e-mail inválida; use o formato nome@empresa.com.br") from None
    if tipo_chave == "TELEFONE":
        numero = _FORMATACAO.sub("", chave)
        numero = numero if numero.startswith("+") else f"+55{numero}"
        if not _TELEFONE.fullmatch(numero):
            raise ValueError("Chave PIX do tipo telefone: use +55, o DDD e o número, como +5511987654321")
        return numero, tipo_chave
    if not _UUID.fullmatch(chave.lower()):
        raise ValueError("Chave PIX aleatória: use as 32 letras e dígitos com hífens, como "
                         "123e4567-e89b-12d3-a456-426614174000")
    return chave.lower(), tipo_chave


def conferir_chave(dados: dict, erros: dict[str, str]) -> None:
    """A record's `chave_pix` and `tipo_chave_pix` (a conta's cobrança, a fornecedor) normalized in
    `dados`, or what is wrong with them added to `erros`."""
    if dados["chave_pix"] is not None:
        try:
            dados["chave_pix"], dados["tipo_chave_pix"] = normalizar(dados["chave_pix"], dados["tipo_chave_pix"])
        except ValueError as erro:
            erros["chave_pix"] = str(erro)
    elif dados["tipo_chave_pix"] is not None:
        erros["chave_pix"] = "Informe a chave PIX do tipo indicado, ou deixe o tipo em branco"
