"""Reading retornos (cobranca/cnab/retorno.py) built by the simulated bank from remessas we generate:
every kind of ocorrência per bank and layout, the banks' known deviations reproduced in our own
files one by one, and the files that are not a retorno at all."""
import sys
import time
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from financeiro.cobranca import nosso_numero
from financeiro.cobranca.cnab import banco_simulado, remessa, retorno
from financeiro.cobranca.modelos import (ArquivoInvalido, Beneficiario, Favorecido, PagamentoRemessa, Pessoa,
                                         TituloRemessa)

sys.path.insert(0, str(Path(__file__).parent))
from verificador_cnab import verificar_240, verificar_400  # noqa: E402

HOJE = date(2026, 12, 21)
CONFIGURACOES = {
    "001": {"convenio": "1234567", "carteira": "17", "variacao": "019"},
    "341": {"carteira": "109"},
    "237": {"carteira": "09"},
    "033": {"convenio": "1234567", "carteira": "101"},
    "104": {"convenio": "123456", "carteira": "14"},
    "756": {"convenio": "1234567", "carteira": "1"},
    "748": {"convenio": "12345", "carteira": "1", "posto": "02"},
}
CONTAS = [(banco, leiaute) for banco in CONFIGURACOES for leiaute in sorted(remessa.layouts_suportados(banco, "COBRANCA"))]
PAGADOR = Pessoa("João da Conceição", "52998224725", "Rua das Flores 10", "Centro", "01001000", "São Paulo", "SP")


def beneficiario(banco: str, leiaute: str) -> Beneficiario:
    return Beneficiario(banco=banco, agencia="1234", agencia_dv="5", conta="12345", conta_dv="6", layout=leiaute,
                        nome="Estúdio Luz e Sombra", documento="11222333000181", **CONFIGURACOES[banco])


def titulos(b: Beneficiario, quantidade: int, instrucao: str = "ENTRADA") -> list[TituloRemessa]:
    return [TituloRemessa(seu_numero=str(500 + i), nosso_numero=nosso_numero.montar(b, i + 1, date(2026, 12, 1)),
                          vencimento=date(2026, 12, 20), valor=Decimal("150.00") + i, emissao=date(2026, 12, 1),
                          pagador=PAGADOR, instrucao=instrucao) for i in range(quantidade)]


def gerar(banco: str, leiaute: str, quantidade: int = 3, instrucao: str = "ENTRADA") -> tuple[list, str]:
    b = beneficiario(banco, leiaute)
    lista = titulos(b, quantidade, instrucao)
    return lista, remessa.cobranca(b, lista, 9, datetime(2026, 12, 1, 9)).texto


def ocorrencias(lido) -> list:
    return [linha.ocorrencia for linha in lido.linhas if linha.ocorrencia]


def verificar(texto: str) -> list[str]:
    return (verificar_400 if texto.index("\r\n") == 400 else verificar_240)(texto)


# Codes each layout's bank uses for each kind, answered by the simulated bank and read back.
TIPOS_240 = {"02": "ENTRADA_CONFIRMADA", "03": "ENTRADA_REJEITADA", "06": "LIQUIDACAO", "09": "BAIXA",
             "14": "ALTERACAO_CONFIRMADA", "26": "INSTRUCAO_REJEITADA", "28": "TARIFA", "11": "OUTRA"}
TIPOS = {
    ("341", "CNAB400"): {"02": "ENTRADA_CONFIRMADA", "03": "ENTRADA_REJEITADA", "06": "LIQUIDACAO", "09": "BAIXA",
                         "14": "ALTERACAO_CONFIRMADA", "16": "INSTRUCAO_REJEITADA", "28": "TARIFA", "11": "OUTRA"},
    ("237", "CNAB400"): {"02": "ENTRADA_CONFIRMADA", "03": "ENTRADA_REJEITADA", "06": "LIQUIDACAO", "09": "BAIXA",
                         "14": "ALTERACAO_CONFIRMADA", "32": "INSTRUCAO_REJEITADA", "28": "TARIFA", "11": "OUTRA"},
    ("756", "CNAB240"): {**TIPOS_240, "32": "INSTRUCAO_REJEITADA"},
}


@pytest.mark.parametrize("banco, leiaute", CONTAS)
def test_every_kind_of_occurrence_is_read_back_with_its_titulo(banco, leiaute):
    tipos = TIPOS.get((banco, leiaute), TIPOS_240)
    lista, texto = gerar(banco, leiaute, len(tipos))
    pedidos = {t.seu_numero: {"codigo": codigo} for t, codigo in zip(lista, tipos)}
    volta = banco_simulado.retorno_de(texto, pedidos, data=HOJE)
    assert verificar(volta) == []
    lido = retorno.ler(volta.encode("ascii"))
    assert (lido.banco, lido.layout, lido.finalidade, lido.nsa, lido.avisos) == (banco, leiaute, "COBRANCA", 1, ())
    for titulo, (codigo, tipo), oc in zip(lista, tipos.items(), ocorrencias(lido), strict=True):
        assert (oc.codigo, oc.tipo, oc.seu_numero) == (codigo, tipo, titulo.seu_numero)
        assert oc.descricao and not oc.descricao.startswith("Ocorrência")
        assert titulo.nosso_numero.numero in oc.nosso_numero_candidatos
        assert oc.valor_titulo == titulo.valor and oc.data_ocorrencia == HOJE


@pytest.mark.parametrize("banco, leiaute", CONTAS)
def test_a_liquidacao_carries_juros_desconto_tarifa_and_the_credit(banco, leiaute):
    lista, texto = gerar(banco, leiaute, 2)
    volta = banco_simulado.retorno_de(texto, {"500": {"codigo": "06", "juros_multa": Decimal("3.10"),
                                                      "desconto": Decimal("1.00"), "tarifa": Decimal("2.45")}},
                                      data=HOJE)
    paga, confirmada = ocorrencias(retorno.ler(volta.encode()))
    assert (paga.tipo, paga.valor_pago, paga.juros_multa, paga.desconto, paga.tarifa, paga.valor_liquido) == (
        "LIQUIDACAO", Decimal("152.10"), Decimal("3.10"), Decimal("1.00"), Decimal("2.45"), Decimal("149.65"))
    assert paga.data_credito == HOJE
    assert (confirmada.tipo, confirmada.valor_pago, confirmada.data_credito) == ("ENTRADA_CONFIRMADA", 0, None)


@pytest.mark.parametrize("banco, leiaute", [("001", "CNAB240"), ("237", "CNAB400"), ("756", "CNAB240")])
def test_rejection_reasons_are_in_portuguese(banco, leiaute):
    _, texto = gerar(banco, leiaute, 1)
    volta = banco_simulado.retorno_de(texto, {"500": {"codigo": "03", "motivos": "0848"}}, data=HOJE)
    (rejeitada,) = ocorrencias(retorno.ler(volta.encode()))
    assert rejeitada.motivos == ("Nosso número inválido", "CEP inválido")


@pytest.mark.parametrize("instrucao, tipo", [("BAIXA", "BAIXA"), ("ALTERACAO_VENCIMENTO", "ALTERACAO_CONFIRMADA")])
@pytest.mark.parametrize("banco, leiaute", [("341", "CNAB240"), ("341", "CNAB400"), ("237", "CNAB400")])
def test_the_bank_answers_each_instruction_by_default(banco, leiaute, instrucao, tipo):
    _, texto = gerar(banco, leiaute, 1, instrucao)
    assert [o.tipo for o in ocorrencias(retorno.ler(banco_simulado.retorno_de(texto, data=HOJE).encode()))] == [tipo]


@given(valor_pago=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999999.99"), places=2),
       tarifa=st.decimals(min_value=Decimal("0.00"), max_value=Decimal("99.99"), places=2))
@settings(max_examples=40, deadline=None)
def test_amounts_survive_the_round_trip(valor_pago, tarifa):
    _, texto = gerar("104", "CNAB240", 1)
    volta = banco_simulado.retorno_de(texto, {"500": {"codigo": "06", "valor_pago": valor_pago, "tarifa": tarifa}},
                                      data=HOJE)
    (oc,) = ocorrencias(retorno.ler(volta.encode()))
    assert (oc.valor_pago, oc.tarifa, oc.valor_liquido) == (valor_pago, tarifa, max(valor_pago - tarifa, 0))


# --- pagamentos --------------------------------------------------------------------------------

def pagamentos(banco: str) -> str:
    b = beneficiario(banco, "CNAB240")
    itens = [
        PagamentoRemessa("71", "PIX", Decimal("100.00"), date(2026, 12, 10),
                         Favorecido("Ana Souza", "52998224725", chave_pix="ana@exemplo.com", tipo_chave_pix="EMAIL")),
        PagamentoRemessa("72", "TED", Decimal("200.00"), date(2026, 12, 10),
                         Favorecido("Beto Lima", "52998224725", banco="001", agencia="1234", conta="5678",
                                    conta_dv="9", tipo_conta="CORRENTE")),
        PagamentoRemessa("73", "BOLETO", Decimal("295.29"), date(2026, 12, 10), Favorecido("Caio SA", "11222333000181"),
                         codigo_barras="23795422300002952951172060007589645204030050", vencimento=date(2026, 12, 10)),
        PagamentoRemessa("74", "PIX", Decimal("50.00"), date(2026, 12, 10),
                         Favorecido("Dora", "52998224725", chave_pix="52998224725", tipo_chave_pix="CPF")),
    ]
    return remessa.pagamentos(b, itens, 4, datetime(2026, 12, 1, 9)).texto


@pytest.mark.parametrize("banco, em_analise", [("341", "OUTRA"), ("756", "PAGAMENTO_EM_ANALISE")])
def test_pagamentos_occurrences_from_segments_a_and_j(banco, em_analise):
    volta = banco_simulado.retorno_pagamentos_de(pagamentos(banco), {
        "72": {"codigo": "AGAN"}, "73": {"codigo": "BD"}, "74": {"codigo": "BS"}}, data=date(2026, 12, 10))
    assert verificar_240(volta) == []
    lido = retorno.ler(volta.encode())
    assert (lido.banco, lido.finalidade) == (banco, "PAGAMENTOS")
    por_seu_numero = {o.seu_numero: o for o in ocorrencias(lido)}
    assert [(s, o.tipo) for s, o in sorted(por_seu_numero.items())] == [
        ("71", "PAGAMENTO_EFETUADO"), ("72", "PAGAMENTO_REJEITADO"), ("73", "PAGAMENTO_AGENDADO"), ("74", em_analise)]
    assert (por_seu_numero["71"].valor_pago, por_seu_numero["71"].data_credito) == (Decimal("100.00"),
                                                                                    date(2026, 12, 10))
    assert por_seu_numero["72"].motivos == ("Agência, conta corrente ou DV inválido",
                                            "Conta corrente, DV ou conta de pagamento do favorecido inválido")
    assert por_seu_numero["73"].valor_titulo == Decimal("295.29")
    assert {linha.registro for linha in lido.linhas} >= {"A", "B", "J", "J52", "HEADER_LOTE", "TRAILER_LOTE"}


# --- tolerated deviations, each in a file of our own -------------------------------------------

def retorno_itau(quantidade: int = 2, leiaute: str = "CNAB240") -> str:
    lista, texto = gerar("341", leiaute, quantidade)
    return banco_simulado.retorno_de(texto, {"500": {"codigo": "06", "tarifa": Decimal("1.50")}}, data=HOJE)


def linhas_de(texto: str) -> list[str]:
    return texto.split("\r\n")[:-1]


def juntar(linhas: list[str], fim: str = "\r\n") -> bytes:
    return "".join(linha + fim for linha in linhas).encode("latin-1")


def mesmo_conteudo(lido, original):
    assert ocorrencias(lido) == ocorrencias(original)


def test_stripped_trailing_blanks_are_read_as_padding():
    original = retorno.ler(retorno_itau().encode())
    lido = retorno.ler(juntar([linha.rstrip() for linha in linhas_de(retorno_itau())]))
    mesmo_conteudo(lido, original)
    assert lido.avisos == ("Linhas 1, 2, 3, 4, 5, 6, 7, 8: vieram sem os brancos finais; lidas como se completadas.",)


def test_a_238_line_lost_its_blanks_in_the_pagador_name():
    linhas = linhas_de(retorno_itau())
    t = linhas[2]
    assert t[13] == "T"
    linhas[2] = t[:186] + t[188:]          # two blanks of the name (149–188) gone, the rest shifted
    lido = retorno.ler(juntar(linhas))
    mesmo_conteudo(lido, retorno.ler(retorno_itau().encode()))
    assert lido.avisos == ("Linhas 3: 238 posições em vez de 240; lidas como se faltassem 2 brancos.",)


def test_santander_style_lote_numbers_and_detail_only_counts_are_warnings():
    linhas = linhas_de(retorno_itau())
    linhas = [linhas[0]] + [linha[:3] + "6774" + linha[7:] for linha in linhas[1:]]
    linhas[-2] = linhas[-2][:17] + "000004" + linhas[-2][23:]
    lido = retorno.ler(juntar(linhas))
    mesmo_conteudo(lido, retorno.ler(retorno_itau().encode()))
    assert lido.avisos == (
        "Linha 7: o trailer do lote conta só os 4 detalhes, não os 6 registros do lote.",
        "Linhas 2, 3, 4, 5, 6, 7, 8: número de lote 6774 fora da numeração FEBRABAN (0001… nos lotes, 9999 no "
        "trailer), como o Santander envia.")


def test_trailer_counts_off_are_warnings():
    linhas = linhas_de(retorno_itau())
    linhas[-2] = linhas[-2][:17] + "000009" + linhas[-2][23:]
    linhas[-1] = linhas[-1][:17] + "000002000011" + linhas[-1][29:]
    assert retorno.ler(juntar(linhas)).avisos == (
        "Linha 7: o trailer do lote diz 000009, o lote tem 6 registros.",
        "Linha 8: o trailer de arquivo diz 2 lotes, há 1.",
        "Linha 8: o trailer de arquivo diz 11 registros, o arquivo tem 8.")


@pytest.mark.parametrize("data_credito", ["00000000", "        "])
def test_zero_or_blank_dates_are_none(data_credito):
    linhas = linhas_de(retorno_itau())
    u = linhas[3]
    assert u[13] == "U"
    linhas[3] = u[:137] + data_credito + data_credito + u[153:]
    paga = ocorrencias(retorno.ler(juntar(linhas)))[0]
    assert (paga.tipo, paga.data_ocorrencia, paga.data_credito) == ("LIQUIDACAO", None, None)


@pytest.mark.parametrize("embrulho", [
    lambda texto: texto.replace(b"\r\n", b"\n"),
    lambda texto: texto.removesuffix(b"\r\n"),
    lambda texto: b"\xef\xbb\xbf" + texto,
    lambda texto: texto + b"\r\n\r\n   \r\n",
    lambda texto: texto + b"\x1a",
], ids=["so_LF", "sem_fim_na_ultima", "BOM", "linhas_em_branco_no_fim", "EOF_do_DOS"])
def test_line_endings_bom_and_trailing_garbage_are_read_silently(embrulho):
    texto = retorno_itau().encode()
    lido = retorno.ler(embrulho(texto))
    mesmo_conteudo(lido, retorno.ler(texto))
    assert lido.avisos == ()


@pytest.mark.parametrize("ano, esperado", [("99", date(1999, 12, 31)), ("26", date(2026, 12, 31))])
def test_cnab400_dates_have_two_digit_years(ano, esperado):
    linhas = linhas_de(retorno_itau(leiaute="CNAB400"))
    detalhe = linhas[1]
    linhas[1] = detalhe[:110] + "3112" + ano + detalhe[116:295] + "3112" + ano + detalhe[301:]
    paga = ocorrencias(retorno.ler(juntar(linhas)))[0]
    assert (paga.data_ocorrencia, paga.data_credito) == (esperado, esperado)


# --- what is not a retorno ---------------------------------------------------------------------

def quebrar(indice: int, de: int, texto: str) -> bytes:
    linhas = linhas_de(retorno_itau())
    linhas[indice] = linhas[indice][:de - 1] + texto + linhas[indice][de - 1 + len(texto):]
    return juntar(linhas)


@pytest.mark.parametrize("conteudo, linha, mensagem", [
    (b"", None, "O arquivo está vazio."),
    (b"\r\n  \r\n", None, "O arquivo está vazio."),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 2, "Linha 2: o arquivo não é um texto CNAB"),
    (gerar("341", "CNAB240")[1].encode(), 1, "Linha 1: este arquivo é uma remessa (posição 143 = 1)"),
    (gerar("237", "CNAB400")[1].encode(), 1, "Linha 1: este arquivo é uma remessa (01REMESSA)"),
    (juntar(linhas_de(retorno_itau())[:3] + [linhas_de(retorno_itau())[3] + "X"] + linhas_de(retorno_itau())[4:]),
     4, "Linha 4: tem 241 posições, o arquivo é CNAB 240."),
    (juntar(linhas_de(retorno_itau())[:2] + [linhas_de(retorno_itau())[2][:200] + " "] + linhas_de(retorno_itau())[3:]),
     3, "Linha 3: tem 201 posições, o arquivo é CNAB 240."),
    (quebrar(2, 8, "7"), 3, "Linha 3: tipo de registro '7' desconhecido (posição 8)."),
    (quebrar(2, 14, "X"), 3, "Linha 3: segmento 'X' desconhecido num retorno de cobranca."),
    (quebrar(3, 78, "00000000001A000"), 4, "Linha 4: valor_pago: '00000000001A000' não é um valor."),
    (quebrar(3, 138, "31022026"), 4, "Linha 4: data_ocorrencia: '31022026' não é uma data DDMMAAAA."),
    (quebrar(2, 16, "  "), 3, "Linha 3: código de ocorrência '' não é numérico."),
    (juntar(linhas_de(retorno_itau())[:2] + linhas_de(retorno_itau())[3:]), 3,
     "Linha 3: segmento U sem o T que o antecede."),
    (juntar(linhas_de(retorno_itau())[:-1]), 7, "Linha 7: o arquivo termina sem o trailer de arquivo"),
    (quebrar(0, 143, "3"), 1, "Linha 1: a posição 143 deve ser 2 (retorno), está '3'."),
    (quebrar(1, 10, "03"), 2, "Linha 2: lote de serviço '03'"),
    (juntar([linha[:76] + "399" + linha[79:] if n == 0 else linha
             for n, linha in enumerate(linhas_de(retorno_itau(leiaute="CNAB400")))]), 1,
     "Linha 1: retorno CNAB 400 do banco 399"),
    (juntar([linha + ("Z" * 10 if n == 1 else "") for n, linha in enumerate(linhas_de(retorno_itau(leiaute="CNAB400")))]),
     2, "Linha 2: tem 410 posições, o arquivo é CNAB 400."),
    (b"X" * 300 + b"\r\n", 1, "Linha 1: tem 300 posições; um arquivo CNAB tem linhas de 240 ou 400"),
])
def test_what_is_not_a_retorno_is_refused_naming_the_line(conteudo, linha, mensagem):
    with pytest.raises(ArquivoInvalido) as erro:
        retorno.ler(conteudo)
    assert erro.value.mensagem.startswith(mensagem), erro.value.mensagem
    assert erro.value.linha == linha


RETORNOS_BASE = [retorno_itau().encode(), retorno_itau(leiaute="CNAB400").encode(),
                 banco_simulado.retorno_pagamentos_de(pagamentos("756")).encode()]


@given(trocas=st.lists(st.tuples(st.integers(min_value=0), st.sampled_from(list(b"09 AZaz/-.\r\n\x1a\xe9P"))),
                       min_size=1, max_size=4),
       corte=st.integers(min_value=0, max_value=2000))
@settings(max_examples=300, deadline=None)
def test_a_damaged_file_is_read_or_refused_never_an_error_of_another_kind(trocas, corte):
    """Whatever a damaged upload holds, the reader answers a RetornoLido or an ArquivoInvalido (a 400),
    never another exception (a 500)."""
    conteudo = bytearray(RETORNOS_BASE[corte % len(RETORNOS_BASE)])
    for posicao, byte in trocas:
        conteudo[posicao % len(conteudo)] = byte
    del conteudo[corte % len(conteudo):corte % len(conteudo) + corte // 10]
    try:
        retorno.ler(bytes(conteudo))
    except ArquivoInvalido as erro:
        assert erro.mensagem


def test_a_ten_thousand_line_retorno_is_read_quickly():
    _, texto = gerar("001", "CNAB240", 5000)
    volta = banco_simulado.retorno_de(texto, {str(500 + i): {"codigo": "06"} for i in range(0, 5000, 2)}, data=HOJE)
    inicio = time.perf_counter()
    lido = retorno.ler(volta.encode())
    assert len(ocorrencias(lido)) == 5000
    assert time.perf_counter() - inicio < 5
