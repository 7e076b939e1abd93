"""The OFX reader (financeiro/ofx): every quirk the banks' real exports show, and every refusal.

The fixtures are written here, small and by hand, one per quirk listed in
../shared/samples/ofx/README.md; those real files are not ours to copy, so the last test reads
them in place when the folder exists.
"""
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from financeiro.ofx import ExtratoGrandeDemais, ExtratoInvalido, ler_extrato, normalizador
from shared.config import REPO_ROOT

LIMITE = 1 << 20
AMOSTRAS = Path(REPO_ROOT).parent / "shared" / "samples" / "ofx"

CABECALHO_SGML = ("OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\n"
                  "CHARSET:1252\nCOMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n")


def transacao(valor="-10.00", data="20240310", fitid="1", memo="COMPRA", tipo="DEBIT", extra=""):
    linhas = [f"<TRNTYPE>{tipo}", f"<DTPOSTED>{data}", f"<TRNAMT>{valor}"]
    if fitid is not None:
        linhas.append(f"<FITID>{fitid}")
    linhas += [f"<MEMO>{memo}", extra]
    return "<STMTTRN>\n" + "\n".join(linhas) + "\n</STMTTRN>\n"


def extrato_sgml(*transacoes, moeda="BRL", banco="0341", saldo="<LEDGERBAL>\n<BALAMT>100.00\n"
                 "<DTASOF>20240331\n</LEDGERBAL>\n", conta="12345-6"):
    return ("<STMTRS>\n<CURDEF>" + moeda + "\n<BANKACCTFROM>\n<BANKID>" + banco + "\n<BRANCHID>0001\n"
            "<ACCTID>" + conta + "\n<ACCTTYPE>CHECKING\n</BANKACCTFROM>\n<BANKTRANLIST>\n"
            "<DTSTART>20240301\n<DTEND>20240331\n" + "".join(transacoes) + "</BANKTRANLIST>\n"
            + saldo + "</STMTRS>\n")


def sgml(*extratos, cabecalho=CABECALHO_SGML):
    return (cabecalho + "<OFX>\n<SIGNONMSGSRSV1>\n<SONRS>\n<STATUS>\n<CODE>0\n<SEVERITY>INFO\n"
            "</STATUS>\n<DTSERVER>20240331\n<LANGUAGE>POR\n</SONRS>\n</SIGNONMSGSRSV1>\n"
            "<BANKMSGSRSV1>\n<STMTTRNRS>\n<TRNUID>1\n" + "".join(extratos)
            + "</STMTTRNRS>\n</BANKMSGSRSV1>\n</OFX>\n")


def ler(texto, codificacao="cp1252"):
    return ler_extrato(texto.encode(codificacao) if isinstance(texto, str) else texto, LIMITE)


def recusa(texto, codificacao="cp1252"):
    with pytest.raises(ExtratoInvalido) as erro:
        ler(texto, codificacao)
    return str(erro.value)


# --- what is read ------------------------------------------------------------------------------

def test_sgml_without_closing_tags_gives_the_account_the_balance_and_the_transactions():
    extrato = ler(sgml(extrato_sgml(transacao("-836.30 ", "20240305 ", "A1 ", "CHEQUE COMPENSADO   "),
                                    transacao("60.39", "20240306", "A2", "DEPOSITO", "CREDIT"))))
    assert (extrato.conta.banco, extrato.conta.agencia, extrato.conta.numero, extrato.conta.moeda) == \
        ("341", "0001", "12345-6", "BRL")
    assert (extrato.saldo.valor, extrato.saldo.data) == (Decimal("100.00"), date(2024, 3, 31))
    assert (extrato.inicio, extrato.fim) == (date(2024, 3, 1), date(2024, 3, 31))
    primeira, segunda = extrato.transacoes
    assert (primeira.data, primeira.valor, primeira.fitid, primeira.descricao, primeira.tipo) == \
        (date(2024, 3, 5), Decimal("-836.30"), "A1", "CHEQUE COMPENSADO", "DEBIT")
    assert (segunda.valor, segunda.tipo, segunda.ocorrencia) == (Decimal("60.39"), "CREDIT", 0)


def test_xml_v2_with_a_comment_before_the_header_and_entities():
    texto = ('<?xml version="1.0" encoding="US-ASCII"?>\n<!-- exemplo -->\n'
             '<?OFX OFXHEADER="200" VERSION="211" SECURITY="NONE"?>\n<OFX><BANKMSGSRSV1><STMTTRNRS>'
             '<STMTRS><CURDEF>BRL</CURDEF><BANKACCTFROM><BANKID>001</BANKID><ACCTID>9</ACCTID>'
             '<ACCTTYPE>SAVINGS</ACCTTYPE></BANKACCTFROM><BANKTRANLIST><STMTTRN><TRNTYPE>POS</TRNTYPE>'
             '<DTPOSTED>20050824080000.000[-8:PST]</DTPOSTED><TRNAMT>-80</TRNAMT><FITID>219378</FITID>'
             '<NAME>C&amp;A</NAME><MEMO>loja</MEMO></STMTTRN></BANKTRANLIST><LEDGERBAL>'
             '<BALAMT>2156.56</BALAMT><DTASOF>20050831</DTASOF></LEDGERBAL></STMTRS></STMTTRNRS>'
             '</BANKMSGSRSV1></OFX>')
    extrato = ler(texto)
    (unica,) = extrato.transacoes
    assert (unica.data, unica.valor, unica.descricao) == (date(2005, 8, 24), Decimal(-80), "C&A — loja")
    assert extrato.conta.tipo == "SAVINGS"


@pytest.mark.parametrize("cabecalho, codificacao", [
    (CABECALHO_SGML, "utf-8"),                                            # CHARSET:1252, UTF-8 body
    (CABECALHO_SGML.replace("USASCII", "UTF-8").replace("1252", "NONE"), "cp1252"),  # the reverse
])
def test_a_declared_charset_that_lies_still_reads_the_accents(cabecalho, codificacao):
    extrato = ler(sgml(extrato_sgml(transacao(memo="COMPRA COM CARTÃO - DÉBITO")), cabecalho=cabecalho),
                  codificacao)
    assert extrato.transacoes[0].descricao == "COMPRA COM CARTÃO - DÉBITO"


def test_a_file_mixing_utf8_and_cp1252_lines_reads_each_line_in_its_own():
    memos = ["CARTÃO UTF-8", "CARTÃO CP1252", "SERVIÇO €", "ÇÃO\x81 LATIN-1"]
    corpo = sgml(extrato_sgml(*(transacao(memo=m, fitid=str(i)) for i, m in enumerate(memos))))
    dados = b"".join(linha.encode("utf-8" if "UTF-8" in linha else "latin-1" if "LATIN" in linha else "cp1252")
                     for linha in corpo.splitlines(keepends=True))
    assert [t.descricao for t in ler(dados).transacoes] == memos


def _linha_a_linha(dados: bytes) -> str:
    """What the reader promises, written plainly: each line as UTF-8, else CP1252, else latin-1."""
    linhas = []
    for linha in dados.splitlines(keepends=True):
        for codificacao in ("utf-8", "cp1252", "latin-1"):
            try:
                linhas.append(linha.decode(codificacao))
                break
            except UnicodeDecodeError:
                continue
    return "".join(linhas)


PEDACOS = [b"\n", b"\r", b"\r\n", b"a", b"<MEMO>", b"\xc3", b"\xa9", b"\xe9", b"\xc3\xa9", b"\xe2\x80\x94",
           b"\xf0\x9f\x98\x80", b"\xe2\x80", b"\x81", b"\x9d", b"\xbf", b"\xc2", b"\xf4", b"\x80"]


@contextmanager
def blocos_de(bytes_por_bloco: int):
    anterior, normalizador._BLOCO = normalizador._BLOCO, bytes_por_bloco
    try:
        yield
    finally:
        normalizador._BLOCO = anterior


@settings(max_examples=500)
@given(st.lists(st.sampled_from(PEDACOS), max_size=60).map(b"".join), st.sampled_from([0, 1, 5, 4096]))
def test_decoding_reads_any_mix_of_bytes_line_by_line(dados, bytes_por_bloco):
    # Runs of lines no reading can differ on are decoded at once, in blocks: small ones too.
    with blocos_de(bytes_por_bloco):
        assert normalizador._decodificar(dados) == _linha_a_linha(dados)


def test_cr_only_header_blank_lines_before_it_and_the_whole_body_on_one_line():
    corpo = sgml(extrato_sgml(transacao())).split("<OFX>", 1)[1].replace("\n", "")
    texto = "\n\n\n" + CABECALHO_SGML.replace("\n", "\r") + "<OFX>" + corpo
    assert ler(texto).transacoes[0].valor == Decimal("-10.00")


@pytest.mark.parametrize("escrito, lido", [
    ("-530,86", "-530.86"), ("            -11,76", "-11.76"), ("6000.000,00", "6000000.00"),
    ("-5800.000,00", "-5800000.00"), ("-152541,14", "-152541.14"), ("1,234.56", "1234.56"),
    ("+15.00", "15.00"), ("-80", "-80"),
])
def test_decimal_commas_thousands_and_spaces(escrito, lido):
    assert ler(sgml(extrato_sgml(transacao(escrito, tipo="OTHER")))).transacoes[0].valor == Decimal(lido)


def test_the_sign_follows_trnamt_and_an_unsigned_debit_becomes_negative():
    extrato = ler(sgml(extrato_sgml(transacao("25.00", fitid="1", tipo="DEBIT"),
                                    transacao("-25.00", fitid="2", tipo="DEBIT"),
                                    transacao("-7.00", fitid="3", tipo="OTHER"),
                                    transacao("7.00", fitid="4", tipo="Credit"))))
    assert [(t.valor, t.tipo) for t in extrato.transacoes] == [
        (Decimal("-25.00"), "DEBIT"), (Decimal("-25.00"), "DEBIT"), (Decimal("-7.00"), "OTHER"),
        (Decimal("7.00"), "CREDIT")]


@pytest.mark.parametrize("escrita", ["20240323", "20240323233000", "20240323233000[-3:BRT]",
                                     "20240323233000[-03:EST]", "20240323233000.000[-3:GMT]",
                                     "20240323233000:014"])
def test_dates_keep_the_day_of_the_statement_whatever_the_time_zone(escrita):
    # 23:30 at UTC-3 is already the 24th in UTC; the statement says the 23rd.
    assert ler(sgml(extrato_sgml(transacao(data=escrita)))).transacoes[0].data == date(2024, 3, 23)


def test_missing_empty_and_repeated_fitids_become_none_and_identical_lines_get_an_index():
    extrato = ler(sgml(extrato_sgml(transacao("-15.00", fitid=None, memo="TARIFA"),
                                    transacao("-15.00", fitid="", memo="TARIFA"),
                                    transacao("-9.00", fitid="X", memo="PIX"),
                                    transacao("-9.00", fitid="X", memo="PIX"),
                                    transacao("-9.00", fitid="Y", memo="PIX  "))))
    assert [(t.fitid, t.ocorrencia) for t in extrato.transacoes] == [
        (None, 0), (None, 1), (None, 0), (None, 1), ("Y", 2)]


def test_balance_rows_among_the_transactions_are_left_out():
    extrato = ler(sgml(extrato_sgml(transacao("            .  ", fitid="0", memo="SALDO DIA", tipo="CREDIT"),
                                    transacao("1500.00", fitid="", memo="Saldo Anterior", tipo="OTHER"),
                                    transacao("-3.00", memo="TARIFA"))))
    assert [t.descricao for t in extrato.transacoes] == ["TARIFA"]
    assert extrato.saldos_ignorados == 2


@pytest.mark.parametrize("saldo, esperado", [
    ("<LEDGERBAL>\n<BALAMT>\n<DTASOF>20240331\n</LEDGERBAL>\n", None),
    ("<LEDGERBAL><BALAMT></BALAMT><DTASOF></DTASOF></LEDGERBAL>\n", None),
    ("<LEDGERBAL>\n<BALAMT>-10,50\n<DTASOF>00000000\n</LEDGERBAL>\n", (Decimal("-10.50"), None)),
    ("", None),
])
def test_an_empty_or_undated_balance(saldo, esperado):
    extrato = ler(sgml(extrato_sgml(transacao(), saldo=saldo)))
    assert (extrato.saldo and (extrato.saldo.valor, extrato.saldo.data)) == esperado


def test_bank_code_is_read_as_the_three_digit_compe_code():
    assert ler(sgml(extrato_sgml(transacao(), banco="1"))).conta.banco == "001"
    assert ler(sgml(extrato_sgml(transacao(), banco="0237"))).conta.banco == "237"


def test_two_statements_in_one_envelope_take_the_one_with_transactions():
    vazio = extrato_sgml(conta="111-1")
    extrato = ler(sgml(vazio + extrato_sgml(transacao(), conta="222-2")))
    assert extrato.conta.numero == "222-2" and len(extrato.transacoes) == 1


def test_credit_card_statement():
    texto = (CABECALHO_SGML + "<OFX>\n<CREDITCARDMSGSRSV1>\n<CCSTMTTRNRS>\n<CCSTMTRS>\n<CURDEF>BRL\n"
             "<CCACCTFROM>\n<ACCTID>abc-uuid\n</CCACCTFROM>\n<BANKTRANLIST>\n" + transacao("-13.00")
             + "</BANKTRANLIST>\n<LEDGERBAL>\n<BALAMT>-1280.91\n<DTASOF>20240325000000[-3:GMT]\n"
             "</LEDGERBAL>\n</CCSTMTRS>\n</CCSTMTTRNRS>\n</CREDITCARDMSGSRSV1>\n</OFX>\n")
    extrato = ler(texto)
    assert (extrato.conta.banco, extrato.conta.numero, extrato.conta.tipo) == (None, "abc-uuid", "CREDITCARD")
    assert extrato.saldo.valor == Decimal("-1280.91")


def test_a_payee_aggregate_names_the_transaction_as_a_name_tag_would():
    # ofxparse reads a transaction's NAME wherever it is inside it, PAYEE included.
    extrato = ler(sgml(extrato_sgml(transacao(memo="PARCELA 1/3", extra="<PAYEE><NAME>LOJA &amp; CIA"
                                              "<ADDR1>RUA A</PAYEE><CHECKNUM>77"))))
    assert extrato.transacoes[0].descricao == "LOJA & CIA — PARCELA 1/3"


def test_many_balance_rows_are_left_out():
    # Caixa lists a "SALDO DIA" after every day: half the rows of a long statement. (Leaving them
    # out once compared each row with every balance row: 28 s for 40,000 rows; `make bench` part 5
    # measures reading a 50,000-transaction statement.)
    linhas = [transacao("-1.00", fitid=str(i), memo="SALDO DIA" if i % 2 else "TARIFA") for i in range(2_000)]
    extrato = ler_extrato(sgml(extrato_sgml(*linhas)).encode(), 20 << 20)
    assert (len(extrato.transacoes), extrato.saldos_ignorados) == (1_000, 1_000)


# --- what is refused ---------------------------------------------------------------------------

@pytest.mark.parametrize("dados, motivo", [
    (b"", "vazio"),
    (b"  \r\n\n ", "vazio"),
    (b"%PDF-1.4\n\x00\x01\x02<OFX>", "binário"),
    (b"data;valor\n2024-03-01;10,00\n", "não é um extrato OFX"),
    (sgml().encode(), "não contém extrato"),
])
def test_files_that_are_not_statements(dados, motivo):
    assert motivo in recusa(dados)


def test_foreign_currency_is_refused_by_curdef_or_by_a_transaction_currency():
    assert "moeda estrangeira (USD)" in recusa(sgml(extrato_sgml(transacao(), moeda="USD")))
    estrangeira = transacao(extra="<CURRENCY><CURRATE>1.0</CURRATE><CURSYM>AUD</CURSYM></CURRENCY>")
    assert "moeda estrangeira (AUD)" in recusa(sgml(extrato_sgml(estrangeira, moeda="")))


@pytest.mark.parametrize("arquivo, motivo", [
    (sgml(extrato_sgml(transacao("abc"))), "O valor 'abc' na transação nº 1 não é um número"),
    (sgml(extrato_sgml(transacao("1.234.567"))), "não é um número"),
    (sgml(extrato_sgml(transacao(data="ontem"))), "não é uma data OFX"),
    (sgml(extrato_sgml(transacao(data="20240231"))), "não existe"),
    (sgml(extrato_sgml(transacao(valor=""))), "Falta o valor"),
    (sgml(extrato_sgml(transacao(), transacao(data="00000000"))), "Falta a data (DTPOSTED) na transação nº 2"),
    (sgml(extrato_sgml(transacao(), conta="")), "não identifica a conta"),
    (sgml(extrato_sgml(transacao()), extrato_sgml(transacao())), "extratos de 2 contas"),
    (sgml(extrato_sgml(transacao(), transacao())).split("</STMTTRN>")[0], "incompleto"),
])
def test_broken_files_are_refused_with_the_reason(arquivo, motivo):
    assert motivo in recusa(arquivo)


def test_an_oversized_file_is_refused_before_it_is_read():
    with pytest.raises(ExtratoGrandeDemais, match="o limite é 0,0 MB"):
        ler_extrato(b"\x00" * 2048, 1024)


# --- the real exports, when the shared folder is there -----------------------------------------

# From their README: each Brazilian export imports (with this many transactions); the files in
# foreign currency are refused. Caixa's only row is a "SALDO DIA" with a blank amount: it imports
# as an empty statement with its balance.
ESPERADO = {
    "Trust-Code__odoo-brasil/extrato-bb.ofx": 26,
    "annacruz__ofx/bb.ofx": 81,
    "annacruz__ofx/bradesco.ofx": 6,
    "annacruz__ofx/cef_malformed_decimal.ofx": 0,
    "annacruz__ofx/santander.ofx": 4,
    "annacruz__ofx/utf8.ofx": 36,
    "annacruz__ofx/v211.ofx": "moeda estrangeira (USD)",
    "sidcleym__OFXSharp/itau.ofx": 3,
    "sidcleym__OFXSharp/bb.ofx": 3,
    "kamino-company__OfxSharp/santander-thousands-separator.ofx": 4,
    "asgrim__ofxparser/ofxdata-bb-two-stmtrs.ofx": 36,
    "asgrim__ofxparser/ofxdata-selfclose.ofx": 5,
    "asgrim__ofxparser/ofxdata-xml.ofx": "moeda estrangeira (USD)",
    "csingley__ofxtools/br_nubank_cc.ofx": 6,
    "jseutter__ofxparse/ofx-v102-empty-tags.ofx": "moeda estrangeira (AUD)",
}


@pytest.mark.skipif(not AMOSTRAS.is_dir(), reason="../shared/samples/ofx is not here")
def test_every_real_export_imports_or_is_refused_with_its_reason():
    lidos = {}
    for arquivo in sorted(AMOSTRAS.glob("*/*.ofx")):
        nome = f"{arquivo.parent.name}/{arquivo.name}"
        try:
            extrato = ler_extrato(arquivo.read_bytes(), 20 << 20)
        except ExtratoInvalido as erro:
            lidos[nome] = str(erro)
            continue
        lidos[nome] = len(extrato.transacoes)
        assert all(t.valor is not None and t.descricao for t in extrato.transacoes), nome
    for nome, esperado in ESPERADO.items():
        if isinstance(esperado, int):
            assert lidos.get(nome) == esperado, nome
        else:
            assert esperado in str(lidos.get(nome)), nome
    # A sample added later must at least import with transactions or be refused with a reason.
    for nome in lidos.keys() - ESPERADO.keys():
        assert lidos[nome] != 0, nome
