"""The reader's own reading of a transaction (leitor.ler_transacao) gives what ofxparse's
`parseTransaction` gives, field by field, on every transaction the normaliser hands over: each quirk
of test_ofx.py, every real export of ../shared/samples/ofx, and transactions hypothesis writes.

ofxparse stays the parser of record: this is what allows the import to skip its call.
"""
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from financeiro.ofx.escritor import Linha, ofx
from financeiro.ofx.leitor import _Leitor, _Marcacao, ler_transacao
from financeiro.ofx.normalizador import normalizar

sys.path.insert(0, str(Path(__file__).parent))
from test_ofx import AMOSTRAS, extrato_sgml, sgml, transacao  # noqa: E402


def campos(lida) -> tuple:
    # The amount also as text: Decimal("1.5") == Decimal("1.50"), and the stored key writes it.
    return lida.type, lida.payee, lida.memo, lida.amount, str(lida.amount), lida.date


def comparar(dados: bytes) -> int:
    """How many transactions were compared; fails on the first that differs."""
    comparadas = 0
    for extrato in normalizar(dados):
        for elemento in extrato.transacoes:
            esperado = campos(_Leitor.parseTransaction(_Marcacao(elemento)))
            assert campos(ler_transacao(elemento)) == esperado, elemento
            comparadas += 1
    return comparadas


# Each quirk of test_ofx.py that reaches a transaction: amounts as the banks write them, dates with
# times and zones, missing and repeated FITIDs, NAME beside MEMO and inside PAYEE, entities, the
# fields ofxparse reads and the import does not (DTUSER, SIC, CHECKNUM), a type in lower case, none.
QUIRKS = [
    transacao(valor="-530,86"), transacao(valor="6000.000,00"), transacao(valor="   -11,76"),
    transacao(valor="1,234.56"), transacao(valor="+1058,53"), transacao(valor="1 025,53"), transacao(valor="0"),
    transacao(valor="-0.5"), transacao(valor="10.000"), transacao(valor="007.10"),
    transacao(data="20240323000000[-3:BRT]"), transacao(data="20240323235959.123[-3:BRT]"),
    transacao(data="20240323120000[+5.5:IST]"), transacao(data="20240323"),
    transacao(fitid=None), transacao(fitid="  ABC 1  "), transacao(fitid="1"),
    transacao(memo="PARCELA 1/3", extra="<PAYEE><NAME>LOJA &amp; CIA<ADDR1>RUA A</PAYEE><CHECKNUM>77"),
    transacao(memo="PIX", extra="<NAME>  MARIA   SILVA  "), transacao(memo="", extra="<NAME>SÓ NOME"),
    transacao(memo="SÃO JOÃO &lt;3&gt; &#233;", extra="<DTUSER>20240309<SIC>5411"),
    transacao(memo="COMPRA", extra="<DTUSER>00000000<SIC>9999<CHECKNUM>000123"),
    transacao(tipo="debit"), transacao(tipo="  Payment "), transacao(tipo=""), transacao(tipo="XFER"),
    transacao(memo="COMPRA", extra="<MEMO>SEGUNDO MEMO<NAME>A<NAME>B"),
    "<STMTTRN><TRNTYPE>FEE<DTPOSTED>20240311<TRNAMT>2,50<FITID>9<MEMO>TARIFA</MEMO></STMTTRN>\n",
    "<STMTTRN><DTPOSTED>20240312<TRNAMT>-3.00<FITID>10<NAME>SEM TIPO</STMTTRN>\n",
]


@pytest.mark.parametrize("quirk", QUIRKS)
def test_every_quirk_reads_as_ofxparse_reads_it(quirk):
    assert comparar(sgml(extrato_sgml(quirk)).encode("cp1252")) == 1


def test_a_whole_statement_with_every_quirk_at_once():
    assert comparar(sgml(extrato_sgml(*QUIRKS)).encode("cp1252")) == len(QUIRKS)


@pytest.mark.skipif(not AMOSTRAS.is_dir(), reason="../shared/samples/ofx is not here")
def test_every_real_export_reads_as_ofxparse_reads_it():
    comparadas = 0
    for arquivo in sorted(AMOSTRAS.glob("*/*.ofx")):
        try:
            comparadas += comparar(arquivo.read_bytes())
        except Exception as erro:  # refused by the normaliser: nothing reaches either reader
            assert type(erro).__name__ in ("ExtratoInvalido", "ExtratoGrandeDemais"), (arquivo, erro)
    assert comparadas > 200


texto = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="<\x00"), max_size=30)
valores = st.one_of(
    st.decimals(min_value=-10**12 + 1, max_value=10**12 - 1, places=2).map(str),
    st.decimals(min_value=-10**6, max_value=10**6, places=2).map(lambda d: f"{d:,.2f}".replace(",", "X")
                                                                   .replace(".", ",").replace("X", ".")),
    st.integers(-10**9, 10**9).map(str))
datas = st.dates(date(1990, 1, 1), date(2090, 12, 31)).flatmap(
    lambda d: st.sampled_from([f"{d:%Y%m%d}", f"{d:%Y%m%d}100000[-3:BRT]", f"{d:%Y%m%d}235959.5[+9:JST]"]))
linhas = st.builds(Linha, data=datas, valor=valores, memo=texto, fitid=st.none() | texto.filter(str.strip),
                   tipo=st.none() | st.sampled_from(["DEBIT", "credit", "POS", "OTHER", " fee "]),
                   checknum=st.none() | st.text("0123456789", min_size=1, max_size=6))


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(linhas, min_size=1, max_size=8), st.sampled_from(["\n", "\r\n", ""]))
def test_generated_transactions_read_as_ofxparse_reads_them(geradas, quebra):
    try:
        dados = ofx(geradas, inicio=date(1990, 1, 1), fim=date(2090, 12, 31), quebra=quebra)
    except UnicodeEncodeError:  # a character CP1252 cannot write: not a file a bank sends
        return
    try:
        comparar(dados)
    except Exception as erro:
        # Refused by the normaliser (a value it cannot read): neither reader sees the file.
        assert type(erro).__name__ in ("ExtratoInvalido", "ExtratoGrandeDemais"), erro
