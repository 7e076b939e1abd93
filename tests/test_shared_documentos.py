"""CPF and CNPJ (shared/documentos.py), against the Receita Federal's check-digit rule written
here on its own, so the tests do not take python-stdnum's word for it.

The rule (mod 11, weights 2..9 from the right, a remainder giving 10 written as 0; for the
alphanumeric CNPJ each character counts as its ASCII code minus 48) does not see every
single-character change: a change of a multiple of 11 in a character's value (only letters make
one: "0" -> "F" is 22) or one that moves a check digit between 10 and 0. Those corruptions are
valid documents; the properties say so instead of pretending otherwise.
"""
import re
import string

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from shared import documentos

ALFANUMERICOS = string.digits + string.ascii_uppercase


def valor(caractere: str) -> int:
    return ord(caractere) - 48


def digito(corpo: str, pesos: list[int], bruto: bool = False) -> int:
    resto = sum(p * valor(c) for p, c in zip(pesos, corpo)) % 11
    dv = (11 - resto) % 11  # 10 when the remainder is 1
    return dv if bruto else dv % 10


def dv_cpf(corpo: str, bruto: bool = False) -> list[int]:
    primeiro = digito(corpo, list(range(10, 1, -1)), bruto)
    return [primeiro, digito(corpo + str(primeiro % 10), list(range(11, 1, -1)), bruto)]


def dv_cnpj(corpo: str, bruto: bool = False) -> list[int]:
    pesos = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]
    primeiro = digito(corpo, pesos[1:], bruto)
    return [primeiro, digito(corpo + str(primeiro % 10), pesos, bruto)]


def completo(corpo: str) -> str:
    dvs = dv_cpf(corpo) if len(corpo) == 9 else dv_cnpj(corpo)
    return corpo + "".join(map(str, dvs))


def _nao_repetido(corpo: str) -> bool:
    return len(set(completo(corpo))) > 1


corpos_cpf = st.text(string.digits, min_size=9, max_size=9).filter(_nao_repetido)
corpos_cnpj = st.text(string.digits, min_size=12, max_size=12).filter(lambda c: _nao_repetido(c) and c[:12] != "0" * 12)
corpos_cnpj_alfa = st.text(ALFANUMERICOS, min_size=12, max_size=12).filter(lambda c: _nao_repetido(c) and c != "0" * 12)
corpos = st.one_of(corpos_cpf, corpos_cnpj, corpos_cnpj_alfa)


@given(corpos, st.sampled_from(["", ".", "-", "/", " ", " .-/ "]))
def test_todo_documento_valido_passa_com_qualquer_pontuacao(corpo, separador):
    numero = completo(corpo)
    escrito = separador.join(numero)
    assert documentos.validar(escrito) == numero
    assert documentos.validar(escrito.lower()) == numero
    assert documentos.validar(documentos.formatar(numero)) == numero
    assert documentos.tipo_pessoa(numero) == ("FISICA" if len(numero) == 11 else "JURIDICA")


@given(corpos, st.data())
def test_toda_troca_de_um_caractere_que_a_regra_ve_falha(corpo, data):
    numero = completo(corpo)
    posicao = data.draw(st.integers(0, len(numero) - 1))
    numerico = len(numero) == 11 or posicao >= 12  # CPF and every check digit: digits only
    novo = data.draw(st.sampled_from(ALFANUMERICOS).filter(lambda c: c != numero[posicao]))
    corrompido = numero[:posicao] + novo + numero[posicao + 1:]
    if novo.isalpha() and numerico:
        invisivel = False  # a letter where only digits go: never a document
    else:
        corpo_novo = corrompido[:-2]
        antes = dv_cpf(corpo, bruto=True) if len(corpo) == 9 else dv_cnpj(corpo, bruto=True)
        depois = dv_cpf(corpo_novo, bruto=True) if len(corpo) == 9 else dv_cnpj(corpo_novo, bruto=True)
        invisivel = posicao < len(corpo) and (
            (valor(novo) - valor(numero[posicao])) % 11 == 0 or 10 in antes + depois)
        # Only in a blind spot may it still be valid, and then only when its check digits say so.
        assume(not (invisivel and completo(corpo_novo) == corrompido))
    mensagem = documentos.CPF_INVALIDO if len(numero) == 11 else documentos.CNPJ_INVALIDO
    with pytest.raises(ValueError, match=re.escape(mensagem)):
        documentos.validar(corrompido)


def test_o_que_a_regra_nao_ve_e_documento_valido():
    """The blind spots above, pinned: both sides of each pair are valid documents."""
    assert documentos.validar("91970583002") and documentos.validar("81970583002")  # CPF: a dv 10 -> 0
    alfanumerico = completo("12ABC34501DE")
    trocado = alfanumerico[:2] + "L" + alfanumerico[3:]  # "A" (17) -> "L" (28): 11 apart
    assert documentos.validar(alfanumerico) and documentos.validar(trocado)


@given(corpos)
def test_digito_a_mais_ou_a_menos_pede_o_tamanho(corpo):
    numero = completo(corpo)
    for errado in (numero[:-1], numero + "1"):
        if len(errado) not in (11, 14):
            with pytest.raises(ValueError, match=re.escape(documentos.TAMANHO_INVALIDO)):
                documentos.validar(errado)


@given(st.text(max_size=40))
def test_qualquer_texto_da_documento_normalizado_ou_mensagem(texto):
    try:
        numero = documentos.validar(texto)
    except ValueError as erro:
        assert str(erro) in (documentos.CPF_INVALIDO, documentos.CNPJ_INVALIDO, documentos.TAMANHO_INVALIDO)
    else:
        assert len(numero) in (11, 14) and set(numero) <= set(ALFANUMERICOS)


@pytest.mark.parametrize("escrito, numero, formatado", [
    ("390.533.447-05", "39053344705", "390.533.447-05"),
    ("16727230000197", "16727230000197", "16.727.230/0001-97"),
    ("12.abc.345/01de-35", "12ABC34501DE35", "12.ABC.345/01DE-35"),
])
def test_exemplos(escrito, numero, formatado):
    assert documentos.validar(escrito) == numero
    assert documentos.formatar(numero) == formatado


@pytest.mark.parametrize("escrito, mensagem", [
    ("111.111.111-11", documentos.CPF_INVALIDO),  # valid check digits, but never issued
    ("390.533.447-06", documentos.CPF_INVALIDO),
    ("3905334470٥", documentos.CPF_INVALIDO),  # an Arabic-Indic digit is no digit here
    ("16.727.230/0001-98", documentos.CNPJ_INVALIDO),
    ("12.ABC.345/01DE-3A", documentos.CNPJ_INVALIDO),
    ("00.000.000/0000-00", documentos.CNPJ_INVALIDO),
    ("1234", documentos.TAMANHO_INVALIDO),
    ("", documentos.TAMANHO_INVALIDO),
])
def test_recusas(escrito, mensagem):
    with pytest.raises(ValueError, match=re.escape(mensagem)):
        documentos.validar(escrito)
