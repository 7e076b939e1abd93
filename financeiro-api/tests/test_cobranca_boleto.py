"""Código de barras and linha digitável (financeiro/cobranca/codigo_barras.py): the published vectors,
the fator de vencimento around its February 2025 reset, every bank's campo livre, and — by
hypothesis — any amount and due date the fator can express.
"""
import sys
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from financeiro.cobranca import codigo_barras as cb
from financeiro.cobranca.nosso_numero import capacidade, montar

# pytest's importlib mode puts no test folder on sys.path; the helper is a module beside this one.
sys.path.insert(0, str(Path(__file__).parent))
from contas_de_cobranca import CONTAS, beneficiario  # noqa: E402

BRADESCO_BARRAS = "23795422300002952951172060007589645204030050"
BRADESCO_LINHA = "23791.17209 60007.589645 52040.300502 5 42230000295295"


def dv_geral_confere(codigo: str) -> bool:
    """The general DV recomputed here from its definition: weights 2..9 from the right over the other
    43 digits, 11 − remainder, 0, 10 and 11 printed as 1."""
    outros = codigo[:4] + codigo[5:]
    soma = sum(int(d) * (2 + i % 8) for i, d in enumerate(reversed(outros)))
    dv = 11 - soma % 11
    return codigo[4] == str(1 if dv in (0, 10, 11) else dv)


# --- the published vectors --------------------------------------------------------------------------

def test_bradesco_publicado_nos_dois_sentidos():
    assert cb.formatar_linha(cb.linha_digitavel(BRADESCO_BARRAS)) == BRADESCO_LINHA
    assert cb.codigo_barras_da_linha(BRADESCO_LINHA) == BRADESCO_BARRAS
    assert cb.codigo_barras_da_linha(BRADESCO_BARRAS) == BRADESCO_BARRAS
    assert dv_geral_confere(BRADESCO_BARRAS)


def test_bradesco_montado_do_zero():
    # Campo livre: agência 1172 + carteira 06 + nosso número 00075896452 + conta 0403005 + 0.
    conta = beneficiario("237", agencia="1172", conta="0403005", carteira="06")
    nn = montar(conta, 75896452)
    assert cb.campo_livre(conta, nn) == "1172" + "06" + "00075896452" + "0403005" + "0"
    # Fator 4223 = 07/10/1997 + 4223 days.
    assert cb.montar(conta, nn, date(2009, 4, 30), Decimal("2952.95")) == BRADESCO_BARRAS


@pytest.mark.parametrize("conta, sequencia, vencimento, valor, barras, linha", [
    # brcobranca's spec vectors (the reference's "Itaú, BB, Santander" ones, and Sicoob's and Sicredi's).
    (replace(CONTAS["341"], carteira="175"), 12345678, date(2009, 8, 14), "0.00",
     "34191432900000000001751234567840810536789000", "34191.75124 34567.840813 05367.890000 1 43290000000000"),
    (beneficiario("001", agencia="4042", conta="61900", convenio="12387989", carteira="18"), 777700168,
     date(2008, 2, 1), "135.00",
     "00193376900000135000000001238798977770016818", "00190.00009 01238.798977 77700.168188 3 37690000013500"),
    (replace(CONTAS["033"], carteira="102"), 9000272, date(2012, 9, 8), "54.00",
     "03393545000000054009189977500000900027250102", "03399.18997 77500.000904 00272.501024 3 54500000005400"),
    (CONTAS["756"], 2, date(2016, 2, 18), "50.00",
     "75692670800000050001432701022938500000024001", "75691.43279 01022.938508 00000.240010 2 67080000005000"),
])
def test_vetores_publicados(conta, sequencia, vencimento, valor, barras, linha):
    codigo = cb.montar(conta, montar(conta, sequencia), vencimento, Decimal(valor))
    assert codigo == barras
    assert cb.formatar_linha(cb.linha_digitavel(codigo)) == linha
    assert cb.codigo_barras_da_linha(linha) == barras


def test_sicredi_publicado():
    nn = montar(CONTAS["748"], 8879, emissao=date(2016, 8, 1))
    codigo = cb.montar(CONTAS["748"], nn, date(2016, 8, 22), Decimal("195.57"))
    assert cb.formatar_linha(cb.linha_digitavel(codigo)) == "74891.11620 08879.307109 65001.291015 1 68940000019557"


# --- every bank's campo livre, composed by hand -------------------------------------------------------

def test_campo_livre_banco_do_brasil():
    conta17 = CONTAS["001"]
    assert cb.campo_livre(conta17, montar(conta17, 42)) == "000000" + "12345670000000042" + "17"
    conta11 = beneficiario("001", agencia="4042", conta="61900", convenio="123456", carteira="18")
    assert cb.campo_livre(conta11, montar(conta11, 1)) == "12345600001" + "4042" + "00061900" + "18"


def test_campo_livre_itau():
    # carteira + NN + DAC + agência + conta + DAC(agência+conta) + 000, módulo 10 (weights 2,1,2,1…
    # from the right, the digits of each product summed):
    # DAC of 0810 53678 109 12345678: 0 8×2=16→7 1 0 5 3×2=6 6 7×2=14→5 8 1×2=2 0 9×2=18→9 1 2×2=4 3
    #   4×2=8 5 6×2=12→3 7 8×2=16→7 = 87 → 10 − 7 = 3;
    # DAC of 081053678: 0×2 8 1×2=2 0 5×2=10→1 3 6×2=12→3 7 8×2=16→7 = 31 → 10 − 1 = 9.
    conta = replace(CONTAS["341"], carteira="109")
    assert cb.campo_livre(conta, montar(conta, 12345678)) == "109" + "12345678" + "3" + "0810" + "53678" + "9" + "000"


def test_campo_livre_santander():
    assert cb.campo_livre(CONTAS["033"], montar(CONTAS["033"], 9000272)) == \
        "9" + "1899775" + "000009000272" + "5" + "0" + "101"


def test_campo_livre_caixa():
    # Código 245274 + its DV (2×7 + 4×6 + 5×5 + 2×4 + 7×3 + 4×2 = 100; 100 mod 11 = 1; 11 − 1 = 10 → 0)
    # + NN 3–5 "000" + "1" + NN 6–8 "000" + "4" + NN 9–17 "000000001" + the DV of those 24 (brcobranca: 7).
    assert cb.campo_livre(CONTAS["104"], montar(CONTAS["104"], 1)) == "2452740000100040000000017"


def test_campo_livre_sicoob():
    # carteira 1 + cooperativa 4327 + modalidade 01 + cliente 0229385 + NN 0000002 + DV 4 + parcela 001.
    assert cb.campo_livre(CONTAS["756"], montar(CONTAS["756"], 2)) == \
        "1" + "4327" + "01" + "0229385" + "0000002" + "4" + "001"


def test_campo_livre_sicredi():
    # 1 (com registro) + 1 (simples) + NN 16208879 + DV 3 + 0710 + 65 + 00129 + 1 + 0 + DV(mod 11) 1.
    nn = montar(CONTAS["748"], 8879, emissao=date(2016, 8, 1))
    assert cb.campo_livre(CONTAS["748"], nn) == "11" + "16208879" + "3" + "0710" + "65" + "00129" + "10" + "1"


def test_itau_carteira_especial_recusada():
    conta = replace(CONTAS["341"], carteira="198")
    with pytest.raises(ValueError, match="carteira 198 do Itaú não é aceita"):
        cb.campo_livre(conta, montar(conta, 1))


# --- fator de vencimento ------------------------------------------------------------------------------

@pytest.mark.parametrize("dia, fator", [
    (date(2000, 7, 3), "1000"),     # the first date with four digits
    (date(2009, 4, 30), "4223"),
    (date(2025, 2, 21), "9999"),    # the last of the first cycle
    (date(2025, 2, 22), "1000"),    # FEBRABAN's reset
    (date(2025, 2, 23), "1001"),
    (date(2026, 12, 7), "1653"),    # 653 days after the reset
    (date(2049, 10, 13), "9999"),   # the last the four digits can name
])
def test_fator(dia, fator):
    assert cb.fator_vencimento(dia) == fator


@pytest.mark.parametrize("dia", [date(2000, 7, 2), date(1997, 10, 7), date(2049, 10, 14)])
def test_fator_fora_do_que_se_expressa(dia):
    with pytest.raises(ValueError, match="não cabe no fator de vencimento"):
        cb.fator_vencimento(dia)


def test_vencimento_do_fator_escolhe_o_ciclo_da_janela():
    hoje = date(2026, 12, 7)
    assert cb.vencimento_do_fator("1653", hoje) == hoje
    assert cb.vencimento_do_fator("1000", hoje) == date(2025, 2, 22)
    assert cb.vencimento_do_fator("9999", hoje) == date(2025, 2, 21)
    assert cb.vencimento_do_fator("4223", date(2009, 1, 1)) == date(2009, 4, 30)
    # Today 4223 names 22/02/2025 + 3223 days (the second cycle); the first cycle's 2009 is too old.
    assert cb.vencimento_do_fator("4223", hoje) == date(2033, 12, 20)
    assert cb.vencimento_do_fator("0000", hoje) is None
    with pytest.raises(ValueError, match="4 dígitos"):
        cb.vencimento_do_fator("12a4", hoje)


def test_janela_de_leitura():
    hoje = date(2026, 12, 7)
    assert cb.vencimento_do_fator(cb.fator_vencimento(hoje - timedelta(days=3000)), hoje) == hoje - timedelta(days=3000)
    assert cb.vencimento_do_fator(cb.fator_vencimento(hoje + timedelta(days=5500)), hoje) == hoje + timedelta(days=5500)
    # The window is 8501 days wide and a cycle 9000: a fator naming 5700 days ahead (or, one cycle
    # back, 3300 days ago) falls in neither end, and is not read.
    assert cb.vencimento_do_fator(cb.fator_vencimento(hoje + timedelta(days=5700)), hoje) is None


# --- refusals -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("valor, mensagem", [
    (Decimal("100000000.00"), "entre R\\$ 0,00 e R\\$ 99.999.999,99"),
    (Decimal("-1.00"), "entre"),
    (Decimal("10.001"), "dois decimais"),
])
def test_valor_recusado(valor, mensagem):
    conta = CONTAS["237"]
    with pytest.raises(ValueError, match=mensagem):
        cb.montar(conta, montar(conta, 1), date(2026, 12, 7), valor)


def test_linha_com_digito_errado_diz_qual_campo():
    digitos = BRADESCO_LINHA.replace(".", "").replace(" ", "")
    for posicao, campo in ((9, "1º"), (20, "2º"), (31, "3º")):
        errada = digitos[:posicao] + str((int(digitos[posicao]) + 1) % 10) + digitos[posicao + 1:]
        with pytest.raises(ValueError, match=f"dígito verificador do {campo} campo"):
            cb.codigo_barras_da_linha(errada)
    errada = digitos[:32] + "6" + digitos[33:]
    with pytest.raises(ValueError, match="dígito verificador geral"):
        cb.codigo_barras_da_linha(errada)


@pytest.mark.parametrize("texto, mensagem", [
    ("836200000005 667800481000 180975657313 001589636081", "arrecadação"),
    ("8362000000056678004810001809756573130015896360", "arrecadação"),
    ("2379117209600075896455204030050254223000029529", "foram 46 dígitos"),
    ("23791.17209 60007.589645 52040.300502 5 4223000029529X", "apenas dígitos"),
    ("", "Informe a linha digitável"),
    (" . ", "Informe a linha digitável"),
])
def test_texto_que_nao_e_boleto(texto, mensagem):
    with pytest.raises(ValueError, match=mensagem):
        cb.codigo_barras_da_linha(texto)


def test_boleto_em_outra_moeda():
    # Bradesco's vector with moeda 0, its general DV recomputed for it.
    codigo = next(c for c in ("2370" + dv + BRADESCO_BARRAS[5:] for dv in "123456789") if dv_geral_confere(c))
    with pytest.raises(ValueError, match="não é em reais"):
        cb.codigo_barras_da_linha(codigo)


def test_decompor():
    assert cb.decompor(BRADESCO_BARRAS, date(2009, 1, 1)) == {
        "banco": "237", "moeda": "9", "fator": "4223", "vencimento": date(2009, 4, 30),
        "valor": Decimal("2952.95")}
    with pytest.raises(ValueError, match="44 dígitos"):
        cb.decompor("123", date(2026, 12, 7))


# --- hypothesis -----------------------------------------------------------------------------------------

valores = st.integers(min_value=1, max_value=9_999_999_999).map(lambda c: Decimal(c) / 100)
vencimentos = st.dates(min_value=cb.PRIMEIRO_VENCIMENTO, max_value=cb.ULTIMO_VENCIMENTO)


@given(banco=st.sampled_from(sorted(CONTAS)), sequencia=st.integers(min_value=1, max_value=99999),
       vencimento=vencimentos, valor=valores)
def test_qualquer_boleto_vai_e_volta(banco, sequencia, vencimento, valor):
    conta = CONTAS[banco]
    nn = montar(conta, sequencia % capacidade(conta) + 1)
    codigo = cb.montar(conta, nn, vencimento, valor)
    assert len(codigo) == 44 and codigo.isdigit() and codigo[:4] == banco + "9"
    assert dv_geral_confere(codigo)
    linha = cb.linha_digitavel(codigo)
    assert len(linha) == 47
    assert cb.codigo_barras_da_linha(linha) == codigo
    assert cb.codigo_barras_da_linha(cb.formatar_linha(linha)) == codigo
    decomposto = cb.decompor(codigo, vencimento)
    assert (decomposto["vencimento"], decomposto["valor"], decomposto["banco"]) == (vencimento, valor, banco)


@given(vencimento=vencimentos, valor=valores, posicao=st.integers(min_value=0, max_value=46),
       soma=st.integers(min_value=1, max_value=9))
def test_um_digito_trocado_na_linha_e_recusado(vencimento, valor, posicao, soma):
    conta = CONTAS["341"]
    codigo = cb.montar(conta, montar(conta, 1), vencimento, valor)
    linha = cb.linha_digitavel(codigo)
    trocada = linha[:posicao] + str((int(linha[posicao]) + soma) % 10) + linha[posicao + 1:]
    try:
        cb.codigo_barras_da_linha(trocada)
    except ValueError:
        return
    # Only one escape exists, and it is the standard's: the general DV maps 0, 10 and 11 to 1, so a
    # change in the fator/valor field can keep a DV of 1. Fields 1–4 catch every single change.
    assert posicao >= 33 and codigo[4] == "1"
