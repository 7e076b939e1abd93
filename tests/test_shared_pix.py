"""shared/pix.py, pure: a PIX key's kind read from the key, and the key as the DICT keeps it."""
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.br import cnpj, cpf

from shared import pix

nove_digitos = st.text("0123456789", min_size=9, max_size=9).filter(lambda d: len(set(d)) > 1)
doze_digitos = st.text("0123456789", min_size=12, max_size=12).filter(lambda d: len(set(d)) > 1)


@given(nove_digitos)
def test_um_cpf_com_ou_sem_pontuacao_e_uma_chave_cpf(base):
    numero = next(c for c in (base + f"{dv:02d}" for dv in range(100)) if cpf.is_valid(c))

    for escrito in (numero, cpf.format(numero)):
        assert pix.normalizar(escrito, None) == (numero, "CPF")


@given(doze_digitos)
def test_um_cnpj_com_ou_sem_pontuacao_e_uma_chave_cnpj(base):
    numero = base + cnpj.calc_check_digits(base)

    for escrito in (numero, cnpj.format(numero)):
        assert pix.normalizar(escrito, None) == (numero, "CNPJ")


@given(st.uuids())
def test_um_uuid_e_uma_chave_aleatoria_em_minusculas(chave: uuid.UUID):
    assert pix.normalizar(str(chave).upper(), None) == (str(chave), "ALEATORIA")


@given(st.integers(11, 99), st.integers(10_000_000, 999_999_999))
def test_um_celular_com_ddd_e_mais_55(ddd, numero):
    esperado = f"+55{ddd}{numero}"

    assert pix.normalizar(esperado, None) == (esperado, "TELEFONE")
    assert pix.normalizar(f"({ddd}) {numero}", "TELEFONE") == (esperado, "TELEFONE")


@pytest.mark.parametrize("chave", ["", "pix", "1234", "+1 202 555 0100", "123.456.789", "not-a-uuid-at-all"])
def test_o_que_nao_e_chave_de_nenhum_tipo(chave):
    with pytest.raises(ValueError):
        pix.normalizar(chave, None)
