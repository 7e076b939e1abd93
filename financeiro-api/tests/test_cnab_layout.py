"""The CNAB layout engine (financeiro/cobranca/cnab/layout.py): fields written and read by their
description, inheritance, and the refusal of a layout that does not cover its line."""
import json
from datetime import date, datetime, time
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from financeiro.cobranca.cnab import layout
from financeiro.cobranca.cnab.layout import Campo, ErroDeLayout, ascii_sem_acento


@pytest.fixture
def pasta(tmp_path, monkeypatch):
    """A layouts folder of the test's own: `escrever(nome, dados)` puts a layout in it."""
    monkeypatch.setattr(layout, "PASTA", tmp_path)
    layout.carregar.cache_clear()
    yield lambda nome, dados: (tmp_path / f"{nome}.json").write_text(json.dumps(dados), encoding="utf-8")
    layout.carregar.cache_clear()


BASE = {"tamanho": 30, "valores": {"versao": "103", "banco": {"nome": "X"}}, "codigos": {"ocorrencias": {"02": "a"}},
        "registros": {"detalhe": [
            {"nome": "banco", "de": 1, "ate": 3, "tipo": "num"},
            {"nome": "tipo", "de": 4, "ate": 4, "tipo": "num", "fixo": "3"},
            {"nome": "nome", "de": 5, "ate": 14, "tipo": "alfa"},
            {"nome": "vencimento", "de": 15, "ate": 22, "tipo": "data"},
            {"nome": "valor", "de": 23, "ate": 30, "tipo": "valor"}]}}


def test_a_record_is_written_to_its_width_and_read_back(pasta):
    pasta("base", BASE)
    detalhe = layout.carregar("base")["detalhe"]
    linha = detalhe.montar({"banco": "341", "nome": "João Conceição", "vencimento": date(2026, 12, 7),
                            "valor": Decimal("1234.56")})
    assert linha == "3413JOAO CONCE0712202600123456"
    assert len(linha) == 30
    assert detalhe.ler(linha) == {"banco": "341", "tipo": "3", "nome": "JOAO CONCE", "vencimento": date(2026, 12, 7),
                                  "valor": Decimal("1234.56")}


def test_missing_values_are_zeros_and_blanks_and_blank_dates_read_as_none(pasta):
    pasta("base", BASE)
    detalhe = layout.carregar("base")["detalhe"]
    linha = detalhe.montar({})
    assert linha == "0003" + " " * 10 + "0" * 16
    lido = detalhe.ler("0003" + " " * 26)
    assert lido["vencimento"] is None and lido["valor"] == Decimal("0") and lido["nome"] == ""


def test_a_line_cut_short_is_read_as_if_padded_and_a_longer_one_is_refused(pasta):
    pasta("base", BASE)
    detalhe = layout.carregar("base")["detalhe"]
    assert detalhe.ler("3413JOAO")["nome"] == "JOAO"
    with pytest.raises(ErroDeLayout, match="31 posições"):
        detalhe.ler("0" * 31)


@pytest.mark.parametrize("valores, mensagem", [
    ({"banco": "3410"}, "mais de 3 dígitos"),
    ({"banco": "34a"}, "não é só dígitos"),
    ({"tipo": "1"}, "valor fixo"),
    ({"valor": Decimal("1000000.00")}, "não cabe"),
    ({"valor": Decimal("-1")}, "negativo"),
    ({"valor": Decimal("1.005")}, "casas decimais"),
    ({"outro": "x"}, "campos inexistentes"),
])
def test_a_value_that_does_not_fit_is_an_error_never_cut(pasta, valores, mensagem):
    pasta("base", BASE)
    with pytest.raises(ErroDeLayout, match=mensagem):
        layout.carregar("base")["detalhe"].montar(valores)


def test_reading_refuses_what_is_not_a_value_or_a_date(pasta):
    pasta("base", BASE)
    detalhe = layout.carregar("base")["detalhe"]
    with pytest.raises(ErroDeLayout, match="não é um valor"):
        detalhe.ler("0003" + " " * 18 + "12A45678")
    with pytest.raises(ErroDeLayout, match="não é uma data"):
        detalhe.ler("0003" + " " * 10 + "31022026" + "0" * 8)


def test_a_bank_inherits_and_replaces_only_the_fields_it_touches(pasta):
    pasta("base", BASE)
    pasta("banco", {"herda": "base", "valores": {"versao": "087", "banco": {"apelido": "Y"}},
                    "codigos": {"ocorrencias": {"03": "b"}},
                    "registros": {"detalhe": [{"nome": "nome_curto", "de": 5, "ate": 9, "tipo": "alfa"},
                                              {"nome": "uso_banco", "de": 10, "ate": 14, "tipo": "alfa"}]}})
    banco = layout.carregar("banco")
    assert [c.nome for c in banco["detalhe"].campos] == ["banco", "tipo", "nome_curto", "uso_banco", "vencimento",
                                                          "valor"]
    assert banco.valores == {"versao": "087", "banco": {"nome": "X", "apelido": "Y"}}
    assert banco.codigos == {"ocorrencias": {"02": "a", "03": "b"}}
    assert [c.nome for c in layout.carregar("base")["detalhe"].campos][2] == "nome"


@pytest.mark.parametrize("campos, mensagem", [
    ([{"nome": "a", "de": 1, "ate": 3, "tipo": "num"}, {"nome": "b", "de": 5, "ate": 30, "tipo": "alfa"}],
     "b começa em 5, esperado 4"),
    ([{"nome": "a", "de": 1, "ate": 29, "tipo": "num"}], "terminam em 29"),
    ([{"nome": "a", "de": 1, "ate": 30, "tipo": "texto"}], "tipo desconhecido"),
    ([{"nome": "a", "de": 1, "ate": 30, "tipo": "num", "fixo": "1"}], "não tem 30 posições"),
])
def test_a_layout_that_does_not_cover_its_line_is_refused(pasta, campos, mensagem):
    pasta("errado", {"tamanho": 30, "registros": {"r": campos}})
    with pytest.raises(ErroDeLayout, match=mensagem):
        layout.carregar("errado")


def test_every_shipped_layout_loads():
    layout.carregar.cache_clear()
    for nome in layout.disponiveis():
        carregado = layout.carregar(nome)
        assert carregado.tamanho in (240, 400), nome
        assert all(r.tamanho == carregado.tamanho for r in carregado.registros.values()), nome


def test_short_dates_and_times():
    assert Campo("d", 1, 6, "data6").formatar(date(2026, 1, 5)) == "050126"
    assert Campo("d", 1, 6, "data6").ler("050126") == date(2026, 1, 5)
    assert Campo("h", 1, 6, "hora").formatar(datetime(2026, 1, 5, 9, 8, 7)) == "090807"
    assert Campo("h", 1, 6, "hora").ler("090807") == time(9, 8, 7)


def test_text_becomes_ascii_uppercase_without_accents():
    assert ascii_sem_acento("Conceição d’Ávila — Nº 3ª\tfase") == "CONCEICAO DAVILA  NO 3A FASE"
    assert ascii_sem_acento("chave@Email.com", maiusculas=False) == "chave@Email.com"


@given(st.text(max_size=60))
def test_any_text_fits_an_alphanumeric_field_as_printable_ascii(texto):
    campo = Campo("nome", 1, 40, "alfa")
    escrito = campo.formatar(texto)
    assert len(escrito) == 40
    assert all(32 <= ord(c) < 127 for c in escrito)
    assert escrito == escrito.upper()


@given(st.decimals(min_value=0, max_value=Decimal("99999999999.99"), places=2))
def test_any_amount_round_trips(valor):
    campo = Campo("valor", 1, 13, "valor")
    assert campo.ler(campo.formatar(valor)) == valor
