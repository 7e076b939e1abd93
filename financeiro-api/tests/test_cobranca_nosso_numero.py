"""Nosso número by each bank's rule (financeiro/cobranca/nosso_numero.py), and the forms a retorno's
field may stand for.

Vectors: the published ones of ../shared/reference/cnab-boleto.md §2.2, brcobranca's spec values
where the reference cites them, and one per bank derived by hand in the comment beside it.
"""
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from financeiro.cobranca import bancos
from financeiro.cobranca.nosso_numero import candidatos, capacidade, montar

# pytest's importlib mode puts no test folder on sys.path; the helper is a module beside this one.
sys.path.insert(0, str(Path(__file__).parent))
from contas_de_cobranca import CONTAS, beneficiario  # noqa: E402


# --- montar: the published vectors ----------------------------------------------------------------

def test_bradesco_publicados():
    assert montar(replace(CONTAS["237"], carteira="06"), 525).exibicao == "06/00000000525-P"
    nn = montar(replace(CONTAS["237"], carteira="19"), 2)
    assert (nn.numero, nn.dv, nn.exibicao) == ("00000000002", "8", "19/00000000002-8")


def test_caixa_publicado():
    nn = montar(CONTAS["104"], 1)
    assert (nn.numero, nn.dv, nn.exibicao) == ("14000000000000001", "4", "14000000000000001-4")


# --- montar: one vector per bank, derived by hand -------------------------------------------------

def test_banco_do_brasil_convenio_de_4_com_dv_x():
    # 1234 + 0000002; weights 2..9 from the right: 2×2 + 4×9 + 3×2 + 2×3 + 1×4 = 56;
    # 56 mod 11 = 1; 11 − 1 = 10 → 'X'.
    nn = montar(beneficiario("001", convenio="1234", carteira="17"), 2)
    assert (nn.numero, nn.dv, nn.exibicao) == ("12340000002", "X", "12340000002-X")


def test_banco_do_brasil_convenio_de_4_e_de_6():
    # 1234 + 0000001: 1×2 + 4×9 + 3×2 + 2×3 + 1×4 = 54; 54 mod 11 = 10; 11 − 10 = 1.
    assert montar(beneficiario("001", convenio="1234"), 1).dv == "1"
    # 123456 + 00001: 1×2 + 6×7 + 5×8 + 4×9 + 3×2 + 2×3 + 1×4 = 136; 136 mod 11 = 4; 11 − 4 = 7.
    assert montar(beneficiario("001", convenio="123456"), 1).exibicao == "12345600001-7"


def test_banco_do_brasil_convenio_de_7_e_8_sem_dv():
    # brcobranca's spec: convênio 12387989 + nosso número 777700168, 17 digits, no DV.
    nn = montar(beneficiario("001", convenio="12387989"), 777700168)
    assert (nn.numero, nn.dv, nn.exibicao) == ("12387989777700168", None, "12387989777700168")
    assert montar(CONTAS["001"], 42).numero == "12345670000000042"


def test_itau():
    # DAC módulo 10 over agência 0810 + conta 53678 + carteira 175 + 12345678, weights 2,1,2,1… from
    # the right, products' digits summed:
    # 0 8×2=16→7 1 0 5 3×2=6 6 7×2=14→5 8 1×2=2 7 5×2=10→1 1 2×2=4 3 4×2=8 5 6×2=12→3 7 8×2=16→7
    # = 86; 10 − 6 = 4 (brcobranca's spec has the same barcode).
    nn = montar(replace(CONTAS["341"], carteira="175"), 12345678)
    assert (nn.numero, nn.dv, nn.exibicao) == ("12345678", "4", "175/12345678-4")


def test_bradesco():
    # Carteira 09 + 00000012345, weights 2..7 from the right:
    # 9×7 + 1×6 + 2×5 + 3×4 + 4×3 + 5×2 = 113; 113 mod 11 = 3; 11 − 3 = 8.
    assert montar(CONTAS["237"], 12345).exibicao == "09/00000012345-8"


def test_santander():
    # 000009000272, weights 2..9 from the right: 2×2 + 7×3 + 2×4 + 9×8 = 105; 105 mod 11 = 6;
    # 11 − 6 = 5 (brcobranca's barcode vector carries …9000272 5…).
    nn = montar(CONTAS["033"], 9000272)
    assert (nn.numero, nn.dv, nn.exibicao) == ("000009000272", "5", "000009000272-5")


def test_caixa():
    # 14 + 000000000000123, weights 2..9 from the right: 3×2 + 2×3 + 1×4 + 4×9 + 1×2 = 54;
    # 54 mod 11 = 10; 11 − 10 = 1.
    assert montar(CONTAS["104"], 123).exibicao == "14000000000000123-1"


def test_sicoob():
    # The bank's own example: cooperativa 0001 + cliente 0000000019 + 0000021, weights 3,1,9,7 from
    # the left: 1×7 + 1×3 + 9×1 + 2×7 + 1×3 = 36; 36 mod 11 = 3; 11 − 3 = 8.
    nn = montar(beneficiario("756", agencia="0001", convenio="19"), 21)
    assert (nn.numero, nn.dv, nn.exibicao) == ("0000021", "8", "0000021-8")
    # brcobranca's spec: 4327 / 229385, nosso números 1 and 2 → 7 and 4.
    assert [montar(CONTAS["756"], n).dv for n in (1, 2)] == ["7", "4"]


def test_sicredi():
    # 0710 + 65 + 00129 + 16 2 08879, weights 2..9 from the right:
    # 7×3 + 1×2 + 6×8 + 5×7 + 1×4 + 2×3 + 9×2 + 1×9 + 6×8 + 2×7 + 8×5 + 8×4 + 7×3 + 9×2 = 316;
    # 316 mod 11 = 8; 11 − 8 = 3.
    nn = montar(CONTAS["748"], 8879, emissao=date(2016, 8, 1))
    assert (nn.numero, nn.dv, nn.exibicao) == ("16208879", "3", "16/208879-3")


# --- limits and refusals ---------------------------------------------------------------------------

@pytest.mark.parametrize("banco, limite", [
    ("001", 10**10 - 1), ("341", 10**8 - 1), ("237", 10**11 - 1), ("033", 10**12 - 1),
    ("104", 10**15 - 1), ("756", 10**7 - 1), ("748", 10**5 - 1),
])
def test_capacidade_e_sequencia_esgotada(banco, limite):
    conta = CONTAS[banco]
    assert capacidade(conta) == limite
    assert len(montar(conta, limite).numero) == bancos.banco(banco).tamanho_nosso_numero
    with pytest.raises(ValueError, match="esgotada"):
        montar(conta, limite + 1)
    with pytest.raises(ValueError, match="começa em 1"):
        montar(conta, 0)


def test_capacidade_do_bb_segue_o_convenio():
    assert [capacidade(beneficiario("001", convenio=c)) for c in ("1234", "123456", "12345678")] == \
        [10**7 - 1, 10**5 - 1, 10**9 - 1]


@pytest.mark.parametrize("convenio", [None, "123", "12345", "123456789", "12A4"])
def test_bb_recusa_convenio_de_outro_tamanho(convenio):
    with pytest.raises(ValueError, match="convênio do Banco do Brasil deve ter 4, 6, 7 ou 8 dígitos"):
        montar(beneficiario("001", convenio=convenio), 1)


def test_dados_que_faltam_ou_sobram_sao_nomeados():
    with pytest.raises(ValueError, match="Informe o posto"):
        montar(replace(CONTAS["748"], posto=None), 1)
    with pytest.raises(ValueError, match="código do beneficiário deve ter no máximo 7 dígitos"):
        montar(replace(CONTAS["756"], convenio="12345678"), 1)
    with pytest.raises(ValueError, match="carteira deve ter apenas dígitos"):
        montar(replace(CONTAS["237"], carteira="A"), 1)


def test_banco_sem_cobranca():
    with pytest.raises(ValueError, match="O banco 077 não tem cobrança neste sistema"):
        montar(beneficiario("077"), 1)
    with pytest.raises(ValueError, match="O banco 422 não tem cobrança"):
        candidatos("422", "123")


def test_bancos_como_dados():
    assert set(bancos.BANCOS_COBRANCA) == {"001", "341", "237", "033", "104", "756", "748"}
    assert {c for c, r in bancos.BANCOS_COBRANCA.items() if "CNAB400" in r.layouts} == {"237", "341"}
    assert all("CNAB240" in r.layouts for r in bancos.BANCOS_COBRANCA.values())
    assert [bancos.banco(c).dv for c in ("001", "341", "237", "033", "104", "756", "748")] == \
        ["9", "7", "2", "7", "0", "0", "X"]
    assert {r.especie for r in bancos.BANCOS_COBRANCA.values()} == {"DM"}


@given(banco=st.sampled_from(sorted(CONTAS)), sequencia=st.integers(min_value=1))
def test_qualquer_sequencia_vira_um_nosso_numero_guardavel(banco, sequencia):
    conta = CONTAS[banco]
    sequencia = sequencia % capacidade(conta) + 1
    nn = montar(conta, sequencia, emissao=date(2026, 12, 7))
    assert nn.numero.isdigit() and len(nn.numero) == bancos.banco(banco).tamanho_nosso_numero
    assert nn.dv is None or nn.dv in "0123456789PX" and len(nn.dv) == 1
    assert nn.numero in nn.exibicao.replace("/", "")


# --- candidatos: reading a retorno's field ---------------------------------------------------------

@pytest.mark.parametrize("banco", sorted(CONTAS))
def test_candidatos_com_e_sem_dv_em_todo_banco(banco):
    conta = CONTAS[banco]
    nn = montar(conta, 4321, emissao=date(2026, 1, 5))
    for contexto in (conta, None):
        assert nn.numero in candidatos(banco, nn.numero, contexto)
        if nn.dv is None or (banco == "341" and contexto is None):
            continue    # Itaú's retornos carry no DAC: without the conta, 9 digits that fit are read as they are
        com_dv = candidatos(banco, nn.numero + nn.dv, contexto)
        assert nn.numero in com_dv
        if bancos.banco(banco).retorno_com_dv:
            assert com_dv[0] == nn.numero


# Sicoob's and Caixa's fields have fixed positions (their own tests below).
@pytest.mark.parametrize("banco", ["001", "341", "237", "033", "748"])
def test_candidatos_toleram_brancos_e_zeros_a_esquerda(banco):
    conta = CONTAS[banco]
    nn = montar(conta, 77, emissao=date(2026, 1, 5))
    campo = "  " + ("000" + nn.numero + (nn.dv or "")).ljust(20)
    assert nn.numero in candidatos(banco, campo, conta)


def test_sicoob_nn_dentro_do_empacotamento_de_38_a_57():
    # NN 0000021 + DV 8 in 10 digits, parcela 01, modalidade 01, formulário 4, five blanks.
    campo = "0000000218" + "01" + "01" + "4" + "     "
    conta = beneficiario("756", agencia="0001", convenio="19")
    assert candidatos("756", campo, conta) == ("0000021", "0000218")
    assert candidatos("756", campo)[0] == "0000021"
    assert candidatos("756", campo.strip(), conta)[0] == "0000021"


def test_caixa_nn_em_40_a_56_e_dv_em_57():
    assert candidatos("104", "00" + "14000000000000001" + "4") == ("14000000000000001",)
    assert candidatos("104", "  " + "14000000000000001" + "4") == ("14000000000000001",)
    # Cut by the layout to 40–57 already.
    assert candidatos("104", "140000000000000014") == ("14000000000000001",)


def test_caixa_com_dv_errado_nao_vira_candidato():
    assert candidatos("104", "140000000000000015") == ()


def test_bradesco_com_p_e_sem_dv():
    assert candidatos("237", "00000000525P") == ("00000000525",)
    assert candidatos("237", "00000000525-P".replace("-", "")) == ("00000000525",)
    # With the conta, the DV is checked: 525 with 8 is not Bradesco's, so only the digits as they are.
    assert candidatos("237", "000000005258", replace(CONTAS["237"], carteira="06")) == ("00000005258",)


def test_itau_sem_dac_e_com_dac():
    conta = replace(CONTAS["341"], carteira="175")
    assert candidatos("341", "12345678") == ("12345678",)
    # Nine digits cannot be Itaú's eight: the last is the DAC, checked when the conta is known.
    assert candidatos("341", "123456784") == ("12345678",)
    assert candidatos("341", "123456784", conta) == ("12345678",)
    assert candidatos("341", "123456785", conta) == ()


def test_santander_treze_com_dv_e_sem_chute():
    assert candidatos("033", "0000090002725") == ("000009000272", "000090002725")
    # The shape of the Santander retornos in the samples: nosso número 6 and its DV,
    # 6×2 = 12; 12 mod 11 = 1; 11 − 1 = 10 → 0.
    assert candidatos("033", "0000000000060") == ("000000000006", "000000000060")
    # 7 is not 9000272's DV: the digits are taken only as they are.
    assert candidatos("033", "0000090002727") == ("000090002727",)


def test_bb_dezessete_sem_dv():
    assert candidatos("001", "12345670000000042") == ("12345670000000042",)
    assert candidatos("001", "12345670000000042", CONTAS["001"]) == ("12345670000000042",)
    assert candidatos("001", "12340000002X", beneficiario("001", convenio="1234")) == ("12340000002",)


@pytest.mark.parametrize("campo", ["", "   ", "0", "00000000", "12A45", "ABC", "1234-5", "P"])
def test_campos_que_nao_sao_nosso_numero(campo):
    assert candidatos("341", campo) == ()


def test_nosso_numero_de_um_digito():
    assert candidatos("341", " 5 ") == ("00000005",)


@given(banco=st.sampled_from(["001", "341", "237", "033", "748"]),
       sequencia=st.integers(min_value=1, max_value=99999),
       zeros=st.integers(min_value=0, max_value=3), brancos=st.integers(min_value=0, max_value=3))
def test_o_nosso_numero_emitido_esta_sempre_entre_os_candidatos(banco, sequencia, zeros, brancos):
    conta = CONTAS[banco]
    nn = montar(conta, sequencia, emissao=date(2026, 12, 7))
    for texto in (nn.numero, nn.numero + (nn.dv or "")):
        campo = " " * brancos + "0" * zeros + texto + " " * brancos
        assert nn.numero in candidatos(banco, campo, conta)


@given(sequencia=st.integers(min_value=1, max_value=9999999))
def test_sicoob_e_caixa_em_38_a_57_sempre_achados(sequencia):
    sicoob = montar(CONTAS["756"], sequencia)
    campo = (sicoob.numero + sicoob.dv).zfill(10) + "01" + "01" + "4" + " " * 5
    assert candidatos("756", campo, CONTAS["756"])[0] == sicoob.numero
    caixa = montar(CONTAS["104"], sequencia)
    assert candidatos("104", "00" + caixa.numero + caixa.dv, CONTAS["104"]) == (caixa.numero,)
