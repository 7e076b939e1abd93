"""The real CNAB files beside the checkout (../shared/samples/cnab, never copied into the repo):
every retorno is read by cnab/retorno.py with the bank, layout and ocorrências it has, and every
remessa goes through the independent checker with exactly the findings its README records.

The README's own check looked at line length, record type, lote numbers, trailer counts and line
endings only; verificador_cnab also checks case, dates and NSA (rules 1, 9 and 10 of the
reference), so a few files show findings the README does not list: each is named below."""
import sys
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from financeiro.cobranca.cnab import retorno

sys.path.insert(0, str(Path(__file__).parent))
from verificador_cnab import verificar_240, verificar_400  # noqa: E402

AMOSTRAS = Path(__file__).resolve().parents[2].parent / "shared" / "samples" / "cnab"
CRLF = "as linhas devem terminar em CRLF (\\r\\n), inclusive a última"

# file → (banco, layout, finalidade, ocorrência codes in order of their lines)
RETORNOS = {
    "Trust-Code__odoo-brasil/CNAB240-Sicoob.ret": ("756", "CNAB240", "COBRANCA", ["06", "06", "06"]),
    "Trust-Code__python-cnab/cobranca.itau.ret": ("341", "CNAB240", "COBRANCA", ["02", "02"]),
    "Trust-Code__python-cnab/cobranca.santander.ret": ("033", "CNAB240", "COBRANCA", ["17"]),
    "kivanio__brcobranca/CNAB240SANTANDER.RET": ("033", "CNAB240", "COBRANCA", ["02", "06"]),
    "kivanio__brcobranca/CNAB400ITAU.RET": ("341", "CNAB400", "COBRANCA", ["06"] * 51 + ["09"]),
}

REMESSAS = {
    # README: "'False' in the header de lote 33-37", a leaked Python boolean; the case rule finds it on
    # line 2, and the names in mixed case on the other lines.
    "Trust-Code__odoo-brasil/BANCO BRADESCO S.A..rem": (verificar_240, [
        "linhas 1, 2, 3, 4, 5, 6, 7, 8, 9, 10...: só ASCII maiúsculo sem acento"]),
    # README: clean. Beyond its check: names and 'False' in mixed case, and the A's data do
    # pagamento written AAAAMMDD (20180704), not DDMMAAAA.
    "Trust-Code__odoo-brasil/cnab_pagamento_sicoob.txt": (verificar_240, [
        "linhas 1, 2: só ASCII maiúsculo sem acento",
        "linha 3: posições 94-101 não são uma data DDMMAAAA ('20180704')",
        "linha 5: posições 94-101 não são uma data DDMMAAAA ('20180704')"]),
    "Trust-Code__python-cnab/cobranca.itau.rem": (verificar_240, []),
    # README: LF only. Beyond its check: NSA 000000, which Santander refuses (rule 9).
    "kivanio__brcobranca/remessa-banco_brasil-cnab240.rem": (verificar_240, [
        CRLF, "linha 1: NSA (158-163) deve ser maior que zero, está '000000'"]),
    "kivanio__brcobranca/remessa-caixa-cnab240.rem": (verificar_240, [CRLF]),
    # README: LF only and the trailer counts never updated after the two Y segments. Beyond its
    # check: CPFs left-aligned with blanks and blank amounts in numeric fields.
    "kivanio__brcobranca/REMESSA_CNAB240_MODELO.txt": (verificar_240, [
        CRLF,
        "linha 1: posições 19-32 devem ser dígitos ('01900928230   ')",
        "linha 2: posições 19-33 devem ser dígitos ('01900928230    ')",
        "linha 2: posições 200-207 devem ser dígitos ('        ')",
        "linha 3: posições 166-180 devem ser dígitos ('               ')",
        "linha 3: posições 181-195 devem ser dígitos ('               ')",
        "linha 4: posições 19-33 devem ser dígitos ('99806940253    ')",
        "linha 9: trailer do lote 1 diz 6 registros, o lote tem 8",
        "linha 10: trailer de arquivo diz 8 registros, o arquivo tem 10"]),
    "kivanio__brcobranca/remessa-bradesco-cnab400.rem": (verificar_400, [CRLF]),
    "kivanio__brcobranca/REMESSA_CNAB400_MODELO.txt": (verificar_400, [CRLF]),
}

pytestmark = pytest.mark.skipif(not AMOSTRAS.is_dir(), reason=f"sem as amostras em {AMOSTRAS}")


def test_every_sample_file_is_expected_here():
    arquivos = {str(p.relative_to(AMOSTRAS)) for p in AMOSTRAS.glob("*/*")}
    assert arquivos == set(RETORNOS) | set(REMESSAS)


@pytest.mark.parametrize("nome", sorted(RETORNOS))
def test_every_sample_retorno_is_read_with_its_bank_layout_and_occurrences(nome):
    banco, leiaute, finalidade, codigos = RETORNOS[nome]
    lido = retorno.ler((AMOSTRAS / nome).read_bytes())
    assert (lido.banco, lido.layout, lido.finalidade) == (banco, leiaute, finalidade)
    ocorrencias = [linha.ocorrencia for linha in lido.linhas if linha.ocorrencia]
    assert [o.codigo for o in ocorrencias] == codigos
    assert all(o.nosso_numero_candidatos for o in ocorrencias)
    assert len(lido.linhas) == len((AMOSTRAS / nome).read_bytes().splitlines())


def test_sicoob_line_of_238_keeps_its_tarifa_and_the_nosso_numero_is_unpacked():
    lido = retorno.ler((AMOSTRAS / "Trust-Code__odoo-brasil/CNAB240-Sicoob.ret").read_bytes())
    ocorrencias = [linha.ocorrencia for linha in lido.linhas if linha.ocorrencia]
    assert [o.tarifa for o in ocorrencias] == [Decimal("2.69")] * 3
    assert [o.valor_pago for o in ocorrencias] == [Decimal("260.00"), Decimal("345.60"), Decimal("1800.00")]
    assert ocorrencias[0].nosso_numero_candidatos[0] == "0000230"
    assert ocorrencias[0].seu_numero == "NF-0117/01"
    assert (ocorrencias[0].data_ocorrencia, ocorrencias[0].data_credito) == (date(2017, 6, 26), date(2017, 6, 29))
    assert lido.avisos == ("Linhas 3: 238 posições em vez de 240; lidas como se faltassem 2 brancos.",)


def test_santander_lote_numbers_and_detail_only_counts_are_warnings():
    lido = retorno.ler((AMOSTRAS / "kivanio__brcobranca/CNAB240SANTANDER.RET").read_bytes())
    assert lido.nsa == 34 and lido.gerado_em == date(2016, 4, 1)
    assert any("9692" in aviso for aviso in lido.avisos)
    assert any("conta só os 4 detalhes" in aviso for aviso in lido.avisos)
    assert any("sem os brancos finais" in aviso for aviso in lido.avisos)
    liquidacao = [linha.ocorrencia for linha in lido.linhas if linha.ocorrencia][1]
    assert (liquidacao.tipo, liquidacao.valor_pago, liquidacao.nosso_numero_lido) == (
        "LIQUIDACAO", Decimal("10.00"), "0000000001406")


def test_itau_400_credit_is_net_of_the_tarifa_and_years_have_two_digits():
    lido = retorno.ler((AMOSTRAS / "kivanio__brcobranca/CNAB400ITAU.RET").read_bytes())
    primeira = next(linha.ocorrencia for linha in lido.linhas if linha.ocorrencia)
    assert (primeira.valor_titulo, primeira.valor_pago, primeira.tarifa, primeira.valor_liquido) == (
        Decimal("40.00"), Decimal("40.00"), Decimal("2.10"), Decimal("37.90"))
    assert (primeira.data_ocorrencia, primeira.data_credito) == (date(2013, 5, 20), date(2013, 5, 21))
    assert Counter(linha.registro for linha in lido.linhas) == {"HEADER_ARQUIVO": 1, "DETALHE": 52,
                                                                "TRAILER_ARQUIVO": 1}


@pytest.mark.parametrize("nome", sorted(REMESSAS))
def test_every_sample_remessa_gets_exactly_its_known_findings(nome):
    verificar, esperado = REMESSAS[nome]
    assert verificar((AMOSTRAS / nome).read_bytes().decode("latin-1")) == esperado


@pytest.mark.parametrize("nome", sorted(REMESSAS))
def test_a_sample_remessa_uploaded_as_retorno_is_refused_on_line_1(nome):
    with pytest.raises(retorno.ArquivoInvalido, match="remessa") as erro:
        retorno.ler((AMOSTRAS / nome).read_bytes())
    assert erro.value.linha == 1
