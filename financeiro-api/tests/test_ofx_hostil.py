"""Hostile OFX files (issue 14): the reader is linear in its input and bounded, so every bomb is
refused fast with a pt-BR reason (or read, if it is a statement after all), never an error of
another kind and never a timeout.

Times are the CPU time of this thread, the best of three reads: what the reader costs, not what
the other processes of a busy machine take from it. The bounds are generous (×8 the input in
less than ×30 the time, where quadratic code takes ×64; under a second where the bombs took
2 s to minutes), so they hold on a loaded 2-core machine and still fail on the code they replaced.
"""
import time
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from financeiro.ofx.escritor import Linha, ofx

from financeiro.extratos import preparar
from financeiro.ofx import (MAX_EXTRATOS, MAX_MARCAS, MAX_TRANSACOES, ExtratoGrandeDemais, ExtratoInvalido,
                            ler_extrato)

LIMITE = 20 << 20
PISO = 0.001  # below a millisecond, a ratio of times is noise


def arquivo(linhas=(), na_lista: str = "", no_extrato: str = "", saldo: str | None = "100.00") -> bytes:
    """A valid statement (financeiro/ofx/escritor.py, as the banks write it) with `na_lista` inside its list of
    transactions and `no_extrato` inside the statement, before the list."""
    linhas = list(linhas) or [Linha(date(2024, 3, 5), "-10.00", "TARIFA", "1")]
    dados = ofx(linhas, inicio=date(2024, 3, 1), fim=date(2024, 3, 31), saldo=saldo)
    return (dados.replace(b"<BANKTRANLIST>", b"<BANKTRANLIST>" + na_lista.encode("cp1252"), 1)
            .replace(b"<BANKACCTFROM>", no_extrato.encode("cp1252") + b"<BANKACCTFROM>", 1))


def ler(dados: bytes):
    """What an upload does with the bytes before storing them: the statement's rows, or the reason."""
    try:
        return preparar(ler_extrato(dados, LIMITE))
    except ExtratoInvalido as recusa:
        return recusa


def tempo(dados: bytes) -> float:
    melhor = float("inf")
    for _ in range(3):
        inicio = time.thread_time()
        ler(dados)
        melhor = min(melhor, time.thread_time() - inicio)
    return melhor


def crescimento_linear(gerar, n: int) -> dict:
    """Reads gerar(n), gerar(2n), gerar(4n), gerar(8n); asserts the last is fast and grew linearly."""
    tempos = {vezes: tempo(gerar(n * vezes)) for vezes in (1, 2, 4, 8)}
    assert tempos[8] < 1.0, tempos
    assert tempos[8] < 30 * max(tempos[1], PISO), tempos
    return tempos


# --- the bombs of the issue, refused fast ------------------------------------------------------

def test_the_comment_bomb_is_refused_in_under_a_second():
    # 2–6 s before: the regex searched for the end of the comment again from each `<!--`.
    inicio = time.perf_counter()
    with pytest.raises(ExtratoInvalido, match="não contém extrato"):
        ler_extrato(b"<OFX>" + b"<!--" * 12_000, LIMITE)
    assert time.perf_counter() - inicio < 1.0


def test_a_comment_without_end_inside_a_statement_is_text_and_the_statement_reads():
    extrato = ler_extrato(arquivo(na_lista="<!--" * 12_000), LIMITE)
    assert [t.descricao for t in extrato.transacoes] == ["TARIFA"]


# Each family is a shape of hostile input, grown ×1, ×2, ×4, ×8 from n units.
FAMILIAS = {
    "comentarios": (lambda n: b"<OFX>" + b"<!--" * n, 1_500),
    "instrucoes": (lambda n: b"<OFX>" + b"<?" * n, 3_000),
    "comentario sem fim num extrato": (lambda n: arquivo(na_lista="<!-- " * n), 1_500),
    "instrucoes e comentarios alternados": (lambda n: arquivo(na_lista="<?x?><!--" * n), 1_500),
    "marcas minusculas no extrato": (lambda n: arquivo(no_extrato="<X>1" * n), 5_000),
    "marcas vazias": (lambda n: b"<OFX>" + b"<A>" * n, 20_000),
    "saldos repetidos": (lambda n: arquivo(saldo=None, no_extrato="<LEDGERBAL><BALAMT>1,00<DTASOF>20240301"
                                           "</LEDGERBAL>" * n), 1_500),
    "agregados sem fecho": (lambda n: arquivo(na_lista="<BALLIST><BAL><NAME>x<CURRENCY><PAYEE>" * n), 1_000),
    "transacoes sem fecho": (lambda n: arquivo(na_lista="".join(
        f"<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240305<TRNAMT>-1,00<FITID>{i}<MEMO>PIX" for i in range(n))), 300),
    "marcas sem >": (lambda n: b"<OFX><" + b"STMTRS " * n, 5_000),
    "nome de marca longo": (lambda n: arquivo(na_lista="<" + "A" * n + ">"), 20_000),
    "linha longa": (lambda n: arquivo([Linha(date(2024, 3, 5), "-1.00", "M" * n, "1")]), 20_000),
    "lixo de CDATA": (lambda n: arquivo(na_lista="<![CDATA[ a < b ]]>" * n), 1_000),
    "valor com muitos zeros": (lambda n: arquivo([Linha(date(2024, 3, 5), "1." + "0" * n, "PIX", "1")]), 2_000),
    "valor com muitos digitos": (lambda n: arquivo([Linha(date(2024, 3, 5), "9" * n, "PIX", "1")]), 2_000),
    "saldo com muitos digitos": (lambda n: arquivo(saldo="1" * n), 2_000),
    "data com lixo": (lambda n: arquivo([Linha("20240305" + "9" * n, "-1.00", "PIX", "1")]), 20_000),
    "bytes que nao sao texto": (lambda n: arquivo(na_lista="\n") + b"\xff\xfe\x81\x8d\n" * n, 2_000),
    "extratos repetidos": (lambda n: b"<OFX>" + b"<STMTRS><CURDEF>BRL<BANKACCTFROM><ACCTID>1</BANKACCTFROM>"
                           b"</STMTRS>" * n, 1_000),
}


@pytest.mark.parametrize("familia", FAMILIAS)
def test_every_hostile_shape_is_read_in_linear_time(familia):
    gerar, n = FAMILIAS[familia]
    crescimento_linear(gerar, n)


# --- what the refusals say ---------------------------------------------------------------------

@pytest.mark.parametrize("linha, motivo", [
    (Linha("00010101", "-1.00", "PIX", "1"), "A data '00010101' na transação nº 1 está fora dos anos aceitos"),
    (Linha("99991231235959[+14:X]", "-1.00", "PIX", "1"), "fora dos anos aceitos (1900 a 2199)"),
    (Linha("18991231", "-1.00", "PIX", "1"), "fora dos anos aceitos"),
    (Linha(date(2024, 3, 5), "1e999999", "PIX", "1"), "O valor '1e999999' na transação nº 1 não é um número"),
    (Linha(date(2024, 3, 5), "-Infinity", "PIX", "1"), "não é um número"),
    (Linha(date(2024, 3, 5), "NaN", "PIX", "1"), "não é um número"),
    (Linha(date(2024, 3, 5), "9" * 1_000_000, "PIX", "1"), "passa do limite de 999.999.999.999,99"),
    (Linha(date(2024, 3, 5), "1000000000000", "PIX", "1"), "passa do limite"),
    (Linha(date(2024, 3, 5), "0." + "0" * 1_000_000 + "1", "PIX", "1"), "tem frações de centavo"),
])
def test_odd_dates_and_amounts_are_refused_with_the_reason(linha, motivo):
    recusa = ler(arquivo([linha]))
    assert isinstance(recusa, ExtratoInvalido) and motivo in str(recusa), recusa
    assert len(str(recusa)) < 200  # a megabyte of digits is named by its start


def test_the_years_at_the_ends_of_the_range_and_long_zeros_still_read():
    linhas = [Linha("19000101", "-1.00", "A", "1"), Linha("21991231", "0" * 100_000 + "2.5000", "B", "2")]
    assert [(t.data, str(t.valor)) for t in ler(arquivo(linhas)).linhas] == [
        (date(1900, 1, 1), "-1.00"), (date(2199, 12, 31), "2.50")]


def test_a_huge_balance_is_a_reason_not_an_error():
    # It reached the decimal context before: InvalidOperation, a 500.
    recusa = ler(arquivo(saldo="9" * 100_000))
    assert isinstance(recusa, ExtratoInvalido) and "no extrato passa do limite" in str(recusa)


def test_more_transactions_than_a_file_may_carry_is_refused_before_they_are_read():
    linha = "<STMTTRN><DTPOSTED>20240305<TRNAMT>-1<MEMO>PIX</STMTTRN>"
    inicio = time.perf_counter()
    with pytest.raises(ExtratoGrandeDemais, match=r"mais de 50\.000 transações.*divida o extrato em períodos menores"):
        ler_extrato(arquivo(na_lista=linha * (MAX_TRANSACOES + 1)), LIMITE)
    assert time.perf_counter() - inicio < 5.0
    assert len(ler_extrato(arquivo(na_lista=linha * (MAX_TRANSACOES - 1)), LIMITE).transacoes) == MAX_TRANSACOES


def test_a_file_of_tiny_tags_is_refused_by_counting_them():
    inicio = time.perf_counter()
    with pytest.raises(ExtratoGrandeDemais, match="marcas OFX.*divida o extrato em períodos menores"):
        ler_extrato(b"<OFX>" + b"<A>1" * (MAX_MARCAS + 1), LIMITE)
    assert time.perf_counter() - inicio < 1.0


def test_more_statements_than_one_account_sends_are_refused():
    extrato = "<STMTRS><CURDEF>BRL<BANKACCTFROM><ACCTID>1</BANKACCTFROM></STMTRS>"
    assert f"mais de {MAX_EXTRATOS} extratos" in str(ler(b"<OFX>" + (extrato * 100_000).encode()))


def test_a_foreign_currency_is_named_briefly():
    moedas = "".join(f"<STMTTRN><DTPOSTED>20240305<TRNAMT>-1<FITID>{i}<CURRENCY><CURSYM>{'X' * 50}{i}"
                     "</CURRENCY></STMTTRN>" for i in range(1_000))
    recusa = ler(arquivo(na_lista=moedas))
    assert "moeda estrangeira" in str(recusa) and len(str(recusa)) < 200


# --- fuzzed --------------------------------------------------------------------------------------

FRAGMENTOS = [
    "<OFX>", "</OFX>", "<STMTRS>", "</STMTRS>", "<CCSTMTRS>", "<BANKTRANLIST>", "</BANKTRANLIST>", "<STMTTRN>",
    "</STMTTRN>", "<TRNTYPE>", "DEBIT", "<DTPOSTED>", "20240305", "00010101", "99991231", "20240231",
    "[-3:BRT]", "<TRNAMT>", "-1,00", "1.234,56", "1e999", "9" * 40, "0." + "0" * 40 + "1", "<FITID>",
    "<MEMO>", "<NAME>", "<PAYEE>", "</PAYEE>", "<LEDGERBAL>", "<BALAMT>", "<DTASOF>", "<CURDEF>", "BRL",
    "USD", "<CURRENCY>", "<CURSYM>", "<ACCTID>", "<BANKACCTFROM>", "</BANKACCTFROM>", "<!--", "-->", "<?",
    "?>", "<![CDATA[", "]]>", "<", ">", "/>", "</", "&amp;", "&#0;", "&#xD800;", "&lt;", "SALDO DIA",
    "<X>", "x", " ", "\n", "\r", "é", "\x7f",
]
CABECA = arquivo().split(b"<BANKTRANLIST>")[0] + b"<BANKTRANLIST>"
CAUDA = b"</BANKTRANLIST>" + arquivo().split(b"</BANKTRANLIST>")[1]
lixo = st.lists(st.sampled_from(FRAGMENTOS) | st.text(max_size=4), min_size=1, max_size=40).map("".join)
codificacao = st.sampled_from(["utf-8", "cp1252", "latin-1"])


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(lixo, codificacao, st.booleans(), st.binary(max_size=8))
def test_any_input_is_read_or_refused_with_a_reason(texto, codigo, dentro_de_um_extrato, bytes_soltos):
    corpo = texto.encode(codigo, errors="replace") + bytes_soltos
    resultado = ler(CABECA + corpo + CAUDA if dentro_de_um_extrato else corpo)
    if isinstance(resultado, ExtratoInvalido):
        assert str(resultado) and len(str(resultado)) < 400
        return
    for linha in resultado.linhas:  # what would be stored is storable
        linha.memo.encode("utf-8")
        assert "\x00" not in linha.memo and (linha.fitid is None or "\x00" not in linha.fitid)


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTOS), min_size=1, max_size=12).map("".join), st.booleans())
def test_any_repeated_piece_is_read_in_linear_time(peca, dentro_de_um_extrato):
    vezes = max(1, 8_000 // len(peca.encode()))  # ×1 is about 8 KB

    def gerar(n):
        corpo = (peca * n).encode("utf-8")
        return CABECA + corpo + CAUDA if dentro_de_um_extrato else b"<OFX>" + corpo

    tempos = {k: tempo(gerar(vezes * k)) for k in (1, 8)}
    assert tempos[8] < 1.0, (peca, tempos)
    assert tempos[8] < 30 * max(tempos[1], PISO), (peca, tempos)
