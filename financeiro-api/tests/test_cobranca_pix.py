"""PIX (financeiro/cobranca/pix.py): the BR Code read back by a TLV parser written here from the BCB
manual (not the generator's code), its CRC checked by the standard library's CRC-CCITT, the BCB's
own example reproduced, the keys each kind accepts, and the txid.
"""
import binascii
import re
import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from financeiro.cobranca import pix

EVP = "123e4567-e12b-12d1-a456-426655440000"
# "Manual de Padrões para Iniciação do Pix", BCB: the static BR Code of its example, CRC 1D3D.
EXEMPLO_BCB = ("00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR"
               "5913Fulano de Tal6008BRASILIA62070503***63041D3D")


def tlv(texto: str) -> dict[str, str]:
    """EMV's TLV: two digits of id, two of length, the value; refuses trailing or short data."""
    campos, i = {}, 0
    while i < len(texto):
        identificador, tamanho = texto[i:i + 2], int(texto[i + 2:i + 4])
        valor = texto[i + 4:i + 4 + tamanho]
        assert len(valor) == tamanho, f"campo {identificador} curto"
        assert identificador not in campos
        campos[identificador] = valor
        i += 4 + tamanho
    return campos


def ler(codigo: str) -> dict:
    campos = tlv(codigo)
    assert list(campos)[-1] == "63" and codigo.endswith("6304" + campos["63"])
    crc = binascii.crc_hqx(codigo[:-4].encode(), 0xFFFF)     # CRC-CCITT, polynomial 0x1021
    assert campos["63"] == f"{crc:04X}"
    return campos | {"26": tlv(campos["26"]), "62": tlv(campos["62"])}


def test_crc_valor_de_conferencia():
    assert pix.crc16("123456789") == "29B1"


def test_exemplo_do_manual_do_bcb():
    assert pix.br_code(EVP, None, pix.SEM_TXID, "Fulano de Tal", "BRASILIA") == EXEMPLO_BCB
    assert ler(EXEMPLO_BCB)["63"] == "1D3D"


def test_campos_do_br_code():
    codigo = pix.br_code("11222333000181", Decimal("1500.00"), "ERP1Z2", "Estúdio Luz & Sombra Fotografia",
                         "São José dos Campos")
    campos = ler(codigo)
    assert campos["00"] == "01"
    assert campos["26"] == {"00": "br.gov.bcb.pix", "01": "11222333000181"}
    assert (campos["52"], campos["53"], campos["54"], campos["58"]) == ("0000", "986", "1500.00", "BR")
    assert campos["59"] == "Estudio Luz & Sombra Foto"
    assert campos["60"] == "Sao Jose dos Ca"
    assert campos["62"] == {"05": "ERP1Z2"}


def test_sem_valor_nao_tem_campo_54():
    assert "54" not in ler(pix.br_code("fulano@example.com", None, "ERP1Z2", "Ana", "Recife"))


@given(nome=st.text(alphabet="aáàâãeéêiíoóôõuúüçAÁÂÃÉÊÍÓÔÕÚÇ '-&.", min_size=1, max_size=60)
       .filter(lambda n: any(c.isalpha() for c in n)),
       cidade=st.text(alphabet="ãçéíóúâêô São Paulo", min_size=1, max_size=40).filter(lambda c: c.strip()),
       centavos=st.integers(min_value=1, max_value=9_999_999_999))
def test_qualquer_nome_e_valor(nome, cidade, centavos):
    valor = Decimal(centavos) / 100
    campos = ler(pix.br_code("+5561912345678", valor, pix.txid(7, centavos), nome, cidade))
    assert Decimal(campos["54"]) == valor and re.fullmatch(r"\d+\.\d{2}", campos["54"])
    for campo, limite, original in (("59", 25, nome), ("60", 15, cidade)):
        assert 1 <= len(campos[campo]) <= limite
        assert campos[campo].isascii() and campos[campo] == campos[campo].strip()
        sem_acento = "".join(c for c in unicodedata.normalize("NFKD", original) if not unicodedata.combining(c))
        assert " ".join(sem_acento.split()).startswith(campos[campo])
    assert campos["62"]["05"] == pix.txid(7, centavos)


@pytest.mark.parametrize("valor", [Decimal("0"), Decimal("-1.00"), Decimal("1.001")])
def test_valor_recusado(valor):
    with pytest.raises(ValueError, match="valor do PIX"):
        pix.br_code(EVP, valor, "ERP1Z2", "Ana", "Recife")


def test_nome_e_cidade_obrigatorios():
    with pytest.raises(ValueError, match="nome do recebedor"):
        pix.br_code(EVP, None, "ERP1Z2", " ¨ ", "Recife")
    with pytest.raises(ValueError, match="cidade do recebedor"):
        pix.br_code(EVP, None, "ERP1Z2", "Ana", "")


@pytest.mark.parametrize("txid", ["", "ERP-1", "A" * 26, "tx id"])
def test_txid_invalido_recusado(txid):
    with pytest.raises(ValueError, match="txid"):
        pix.br_code(EVP, None, txid, "Ana", "Recife")


# --- keys -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("chave, tipo", [
    ("52998224725", "CPF"), ("11222333000181", "CNPJ"), ("+5561912345678", "TELEFONE"),
    ("+551133334444", "TELEFONE"), ("estudio@example.com.br", "EMAIL"), (EVP, "ALEATORIA"),
])
def test_tipo_da_chave(chave, tipo):
    assert pix.tipo_chave(chave) == tipo


@pytest.mark.parametrize("chave, mensagem", [
    ("52998224724", "CPF inválido"),
    ("11111111111", "CPF inválido"),
    ("11222333000182", "CNPJ inválido"),
    ("+5561", "telefone: use \\+55"),
    ("+1415555012345", "telefone: use \\+55"),
    ("61912345678a", "Chave PIX inválida"),
    ("fulano@", "e-mail inválida"),
    (EVP.upper(), "como o DICT a guarda: " + EVP),  # a random key is kept in lower case
    ("529.982.247-25", "como o DICT a guarda: 52998224725"),
    ("", "de 1 a 77 caracteres"),
    ("a" * 70 + "@example.com", "de 1 a 77 caracteres"),
])
def test_chave_invalida(chave, mensagem):
    with pytest.raises(ValueError, match=mensagem):
        pix.tipo_chave(chave)
    with pytest.raises(ValueError, match=mensagem):
        pix.br_code(chave, None, "ERP1Z2", "Ana", "Recife")


# --- txid -------------------------------------------------------------------------------------------

def test_txid_deterministico_e_no_formato():
    assert pix.txid(1, 23) == pix.txid(1, 23) == "ERP1ZN"
    assert pix.txid(12, 3) == "ERPCZ3"
    assert pix.txid(35**10 - 1, 35**10 - 1) == "ERP" + "Y" * 10 + "Z" + "Y" * 10
    with pytest.raises(ValueError, match="25 caracteres"):
        pix.txid(35**10, 35**10)
    with pytest.raises(ValueError, match="ids a partir de 1"):
        pix.txid(0, 1)


@given(a=st.tuples(st.integers(1, 35**10 - 1), st.integers(1, 35**10 - 1)),
       b=st.tuples(st.integers(1, 35**10 - 1), st.integers(1, 35**10 - 1)))
def test_txid_unico_por_empresa_e_lancamento(a, b):
    ta, tb = pix.txid(*a), pix.txid(*b)
    assert re.fullmatch(r"[A-Za-z0-9]{1,25}", ta)
    assert (ta == tb) == (a == b)
    assert pix.lancamento_do_txid(ta) == a
    assert pix.lancamento_do_txid(ta.lower()) == a


@pytest.mark.parametrize("texto", ["", "ERP", "ERPZ1", "ERP1Z", "ERP1Z2Z3", "XYZ1Z2", "ERP01Z2", "ERP1Z-2"])
def test_txid_de_outra_origem(texto):
    assert pix.lancamento_do_txid(texto) is None


# --- QR -----------------------------------------------------------------------------------------------

def test_qr_svg():
    svg = pix.qr_svg(EXEMPLO_BCB)
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert 'class="qrline"' in svg and "<?xml" not in svg
    # 126 bytes at level M need version 8 (capacity 152; version 7 holds 122): 49 modules + 2 × 4 of
    # quiet zone, 4 px each. Level L would fit version 7 (53 × 4 = 212 px).
    assert re.search(r'width="(\d+)" height="(\d+)"', svg).groups() == ("228", "228")
