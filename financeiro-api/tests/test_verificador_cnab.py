"""The independent CNAB checker (tests/verificador_cnab.py) checked itself: files built by hand here,
position by position, that it must accept, and each of its rules broken once."""
import sys
from pathlib import Path

import pytest

# pytest's importlib mode puts no test folder on sys.path; the checker is a module beside this one.
sys.path.insert(0, str(Path(__file__).parent))
from verificador_cnab import verificar_240, verificar_400  # noqa: E402


def linha(campos: dict[int, str], tamanho: int = 240) -> str:
    """A line of blanks with each text of `campos` written from its (1-based) position."""
    texto = [" "] * tamanho
    for inicio, valor in campos.items():
        texto[inicio - 1:inicio - 1 + len(valor)] = valor
    return "".join(texto)


def arquivo(linhas: list[str], fim: str = "\r\n") -> str:
    return "".join(texto + fim for texto in linhas)


def header() -> str:
    return linha({1: "341", 4: "0000", 8: "0", 18: "2", 19: "11222333000181", 143: "1", 144: "01122026",
                  152: "103000", 158: "000001", 164: "103"})


def trailer_arquivo(lotes: int, registros: int) -> str:
    return linha({1: "341", 4: "9999", 8: "9", 18: f"{lotes:06d}", 24: f"{registros:06d}"})


def p(sequencial: int, movimento: str = "01") -> str:
    return linha({1: "341", 4: "0001", 8: "3", 9: f"{sequencial:05d}", 14: "P", 16: movimento, 18: "04459",
                  78: "20122026", 86: "000000000015000", 110: "01122026", 118: "3", 119: "00000000",
                  127: "0" * 15, 142: "0", 143: "00000000", 151: "0" * 15, 166: "0" * 15, 181: "0" * 15,
                  228: "09"})


def q(sequencial: int, nome: str = "JOAO DA SILVA") -> str:
    return linha({1: "341", 4: "0001", 8: "3", 9: f"{sequencial:05d}", 14: "Q", 16: "01", 18: "1",
                  19: "000052998224725", 34: nome})


def cobranca(detalhes: list[str] | None = None) -> list[str]:
    """A cobrança remessa: one lote with an entrada (P+Q)."""
    detalhes = [p(1), q(2)] if detalhes is None else detalhes
    return [header(),
            linha({1: "341", 4: "0001", 8: "1", 9: "R", 10: "01", 14: "060", 18: "2", 19: "011222333000181",
                   184: "00000001", 192: "01122026", 200: "00000000"}),
            *detalhes,
            linha({1: "341", 4: "0001", 8: "5", 18: f"{len(detalhes) + 2:06d}"}),
            trailer_arquivo(1, len(detalhes) + 4)]


def pagamentos(j52: bool = True, somatoria: str = "000000000000010000") -> list[str]:
    """A pagamentos remessa: a lote of TED (A+B) and a lote of boletos (J+J-52)."""
    lote_1 = [linha({1: "341", 4: "0001", 8: "1", 9: "C", 10: "20", 12: "41", 14: "046", 18: "2",
                     19: "11222333000181"}),
              linha({1: "341", 4: "0001", 8: "3", 9: "00001", 14: "A", 15: "0", 16: "00", 18: "018", 21: "001",
                     94: "10122026", 120: "000000000010000", 231: "00"}),
              linha({1: "341", 4: "0001", 8: "3", 9: "00002", 14: "B", 18: "1", 19: "00052998224725",
                     68: "ana@exemplo.com.br"}),
              linha({1: "341", 4: "0001", 8: "5", 18: "000004", 24: somatoria})]
    j = [linha({1: "341", 4: "0002", 8: "3", 9: "00001", 14: "J", 15: "0", 16: "00", 18: "2" * 44,
                92: "10122026", 100: "000000000030000", 145: "10122026", 153: "000000000030000"})]
    if j52:
        j.append(linha({1: "341", 4: "0002", 8: "3", 9: "00002", 14: "J", 18: "52", 20: "2",
                        21: "011222333000181"}))
    lote_2 = [linha({1: "341", 4: "0002", 8: "1", 9: "C", 10: "20", 12: "31", 14: "040", 18: "2",
                     19: "11222333000181"}),
              *j,
              linha({1: "341", 4: "0002", 8: "5", 18: f"{len(j) + 2:06d}", 24: "000000000000030000"})]
    linhas = [header(), *lote_1, *lote_2]
    return linhas + [trailer_arquivo(2, len(linhas) + 1)]


def cnab400(vencimento: str = "201226") -> list[str]:
    return [linha({1: "01REMESSA01COBRANCA", 77: "237", 95: "011226", 395: "000001"}, 400),
            linha({1: "1", 111: "1234", 121: vencimento, 127: "0000000015000", 151: "011226", 395: "000002"}, 400),
            linha({1: "9", 395: "000003"}, 400)]


def trocar(linhas: list[str], indice: int, campos: dict[int, str]) -> list[str]:
    novas = list(linhas)
    texto = list(novas[indice])
    for inicio, valor in campos.items():
        texto[inicio - 1:inicio - 1 + len(valor)] = valor
    novas[indice] = "".join(texto)
    return novas


def test_well_formed_files_have_no_problems():
    assert verificar_240(arquivo(cobranca())) == []
    assert verificar_240(arquivo(pagamentos())) == []
    assert verificar_400(arquivo(cnab400())) == []


def test_case_is_free_only_where_the_value_is_a_key_or_an_email():
    """Segment B carries a PIX key as typed; a lowercase name anywhere else is refused."""
    assert verificar_240(arquivo(pagamentos())) == []
    assert verificar_240(arquivo(cobranca([p(1), q(2, "João da Silva")]))) == [
        "linhas 4: só ASCII maiúsculo sem acento"]


@pytest.mark.parametrize("linhas, problema", [
    (cobranca()[:2] + [cobranca()[2][:239]] + cobranca()[3:], "linha 3: 239 posições, esperado 240"),
    (cobranca([p(1), q(2, "JOÃO")]), "linhas 4: só ASCII maiúsculo sem acento"),
    (trocar(cobranca(), 2, {1: "237"}), "linha 3: banco '237', o header de arquivo diz '341'"),
    (cobranca()[1:], "linha 1: o arquivo deve começar pelo header de arquivo (lote 0000, tipo 0)"),
    (cobranca()[:-1], "o arquivo deve terminar no trailer de arquivo"),
    (trocar(cobranca(), 1, {4: "0002"}), "linha 2: lote '0002', esperado 0001"),
    (trocar(cobranca(), 3, {4: "0002"}), "linha 4: lote '0002' dentro do lote 0001"),
    (trocar(cobranca(), 3, {9: "00003"}), "linha 4: sequencial do registro no lote '00003', esperado 00002"),
    (cobranca([p(1), q(2), p(3, movimento="02"), linha({1: "341", 4: "0001", 8: "3", 9: "00004", 14: "A"})]),
     "linha 6: segmento 'A' não cabe num lote de cobranca remessa"),
    (cobranca([p(1), p(2, movimento="02")]), "linha 3: segmento P de entrada (movimento 01) sem o Q logo depois"),
    (trocar(cobranca(), 4, {18: "000005"}), "linha 5: trailer do lote 1 diz 5 registros, o lote tem 4"),
    (trocar(cobranca(), 5, {18: "000002"}), "linha 6: trailer de arquivo diz 2 lotes, há 1"),
    (trocar(cobranca(), 5, {24: "000005"}), "linha 6: trailer de arquivo diz 5 registros, o arquivo tem 6"),
    (trocar(cobranca(), 0, {143: "3"}), "linha 1: posição 143 deve ser 1 (remessa) ou 2 (retorno), está '3'"),
    (trocar(cobranca(), 0, {158: "000000"}), "linha 1: NSA (158-163) deve ser maior que zero, está '000000'"),
    (trocar(cobranca(), 2, {78: "31022026"}), "linha 3: posições 78-85 não são uma data DDMMAAAA ('31022026')"),
    (trocar(cobranca(), 2, {86: "00000000001500A"}), "linha 3: posições 86-100 devem ser dígitos ('00000000001500A')"),
    (trocar(cobranca(), 3, {8: "7"}), "linha 4: tipo de registro '7' inválido dentro de um lote"),
    (cobranca()[:2] + [cobranca()[3], cobranca()[2]] + cobranca()[4:],
     "linha 3: sequencial do registro no lote '00002', esperado 00001"),
])
def test_each_rule_broken_once_is_reported_naming_the_line(linhas, problema):
    problemas = verificar_240(arquivo(linhas))
    assert any(problema in texto for texto in problemas), problemas


def test_a_file_without_crlf_after_every_line_is_reported():
    assert verificar_240(arquivo(cobranca(), "\n")) == ["as linhas devem terminar em CRLF (\\r\\n), inclusive a última"]
    assert verificar_240(arquivo(cobranca()).removesuffix("\r\n")) == [
        "as linhas devem terminar em CRLF (\\r\\n), inclusive a última"]
    assert verificar_240("") == ["arquivo vazio"]


def test_pagamentos_need_j52_after_each_j_and_the_lote_sums():
    assert verificar_240(arquivo(pagamentos(j52=False))) == ["linha 7: segmento J sem o J-52 logo depois"]
    assert verificar_240(arquivo(pagamentos(somatoria="000000000000010001"))) == [
        "linha 5: somatória do lote 1 '000000000000010001', a soma dos valores é 100.00"]


@pytest.mark.parametrize("linhas, problema", [
    (trocar(cnab400(), 0, {1: "01REMESSA01COBRANCX"}), "linha 1: o header deve começar por 01REMESSA01COBRANCA"),
    (trocar(cnab400(), 1, {395: "000007"}), "linha 2: sequencial (395-400) '000007', esperado 000002"),
    (cnab400()[:2], "linha 2: o último registro deve ser o trailer (tipo 9)"),
    (cnab400("320126"), "linha 2: posições 121-126 não são uma data DDMMAA ('320126')"),
    (trocar(cnab400(), 1, {1: "X"}), "linha 2: tipo de registro 'X' inválido"),
    (trocar(cnab400(), 1, {1: "0"}), "linha 2: header (tipo 0) fora da primeira linha"),
    ([cnab400()[0], cnab400()[1][:399], cnab400()[2]], "linha 2: 399 posições, esperado 400"),
    (trocar(cnab400(), 1, {300: "ç"}), "linhas 2: só ASCII maiúsculo sem acento"),
])
def test_each_400_rule_broken_once_is_reported(linhas, problema):
    problemas = verificar_400(arquivo(linhas))
    assert any(problema in texto for texto in problemas), problemas
