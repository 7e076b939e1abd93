"""The remessa files (financeiro/cobranca/cnab/remessa.py): cobrança CNAB 240 for the seven banks and
CNAB 400 for Bradesco and Itaú, pagamentos CNAB 240 in every forma. Each file is read back line by
line with the same layout, and passed through the independent structural checker."""
import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from financeiro.cobranca.cnab import layout, remessa
from financeiro.cobranca.modelos import (Beneficiario, Favorecido, NossoNumero, PagamentoRemessa, Pessoa,
                                         TituloRemessa)

# pytest's importlib mode puts no test folder on sys.path; the checker is a module beside this one.
sys.path.insert(0, str(Path(__file__).parent))
from verificador_cnab import verificar_240, verificar_400  # noqa: E402

GERADO_EM = datetime(2026, 12, 7, 10, 30, 15)
PAGADOR = Pessoa("José da Conceição Ávila", "52998224725", "Rua São João, 1º andar", "Centro", "13010000",
                 "Campinas", "SP")

# Per bank: the conta's settings and a nosso número shaped as nosso_numero.montar gives it, with
# where the bank's P (or 400 detail) puts it: (field, expected text) pairs.
CONTAS = {
    "001": (dict(agencia="1234", agencia_dv="3", conta="123456", conta_dv="7", carteira="17", convenio="1234567",
                 variacao="019"),
            NossoNumero("12345670000000042", None, "12345670000000042"),
            {"nosso_numero": "12345670000000042"}),
    "341": (dict(agencia="1234", agencia_dv=None, conta="12345", conta_dv="6", carteira="109"),
            NossoNumero("00000042", "5", "109/00000042-5"), {"nosso_numero": "00000042", "nosso_numero_dv": "5"}),
    "237": (dict(agencia="1234", agencia_dv="5", conta="1234567", conta_dv="0", carteira="09", convenio="4321"),
            NossoNumero("00000000525", "P", "09/00000000525-P"),
            {"nosso_numero": "00000000525", "nosso_numero_dv": "P", "carteira": "009"}),
    "033": (dict(agencia="1234", agencia_dv="5", conta="12345678", conta_dv="9", carteira="101",
                 convenio="123456789012345"),
            NossoNumero("000000000123", "4", "000000000123-4"), {"nosso_numero": "0000000001234"}),
    "104": (dict(agencia="1234", agencia_dv="0", conta="123", conta_dv="4", carteira="RG", convenio="123456"),
            NossoNumero("14000000000000001", "4", "14000000000000001-4"),
            {"nosso_numero": "14000000000000001", "codigo_beneficiario": "123456"}),
    "756": (dict(agencia="4327", agencia_dv="0", conta="12345", conta_dv="6", carteira="1", convenio="1234567"),
            NossoNumero("0000123", "4", "0000123-4"),
            {"nosso_numero": "0000001234", "parcela": "01", "modalidade": "01", "tipo_formulario": "4"}),
    "748": (dict(agencia="0710", agencia_dv=None, conta="12345", conta_dv="6", carteira="A", convenio="12345",
                 posto="02"),
            NossoNumero("26100001", "7", "26/100001-7"), {"nosso_numero": "261000017"}),
}
ARQUIVOS = [(banco, "CNAB240") for banco in CONTAS] + [("237", "CNAB400"), ("341", "CNAB400")]


NN_400 = {"237": {"nosso_numero": "00000000525", "nosso_numero_dv": "P", "carteira": "009"},
          "341": {"nosso_numero": "00000042", "carteira": "109"}}  # Itaú's 400 carries no DAC


def beneficiario(banco: str, layout_: str = "CNAB240", **extra) -> Beneficiario:
    return Beneficiario(banco=banco, layout=layout_, **{"nome": "Estúdio Luz & Sombra Ltda",
                                                        "documento": "11222333000181", **CONTAS[banco][0], **extra})


def titulo(banco: str, seu_numero: str = "1001", **extra) -> TituloRemessa:
    return TituloRemessa(**{"seu_numero": seu_numero, "nosso_numero": CONTAS[banco][1],
                            "vencimento": date(2027, 1, 10), "valor": Decimal("1234.56"), "emissao": date(2026, 12, 7),
                            "pagador": PAGADOR, **extra})


def linhas(texto: str) -> list[str]:
    assert texto.endswith("\r\n")
    assert texto.count("\n") == texto.count("\r\n")
    return texto.removesuffix("\r\n").split("\r\n")


def verificar(texto: str, tamanho: int) -> None:
    assert (verificar_240 if tamanho == 240 else verificar_400)(texto) == []
    for linha in linhas(texto):
        assert len(linha) == tamanho
        assert linha.isascii()


def registros_240(leiaute: layout.Layout, texto: str) -> list[tuple[str, dict]]:
    """Each line read back with its own record of the layout: (record name, fields)."""
    por_tipo = {"0": "header_arquivo", "1": "header_lote", "5": "trailer_lote", "9": "trailer_arquivo"}
    lidos = []
    for linha in linhas(texto):
        nome = por_tipo.get(linha[7]) or ("J52" if linha[13] == "J" and linha[17:19] == "52" else
                                          "B_pix" if linha[13] == "B" and linha[14:17] != "   " else linha[13])
        lidos.append((nome, leiaute[nome].ler(linha)))
    return lidos


def registros_400(leiaute: layout.Layout, texto: str) -> list[tuple[str, dict]]:
    por_tipo = {"0": "header", "1": "detalhe", "2": "multa", "9": "trailer"}
    return [(por_tipo[linha[0]], leiaute[por_tipo[linha[0]]].ler(linha)) for linha in linhas(texto)]


def quatro_titulos(banco: str) -> list[TituloRemessa]:
    return [
        titulo(banco, "1001"),
        titulo(banco, "1002", valor=Decimal("99.90"), juros_mes_percentual=Decimal("1.00"),
               multa_percentual=Decimal("2.00"), desconto=Decimal("5.00")),
        titulo(banco, "1003", instrucao="BAIXA"),
        titulo(banco, "1004", instrucao="ALTERACAO_VENCIMENTO", vencimento=date(2027, 2, 15)),
    ]


@pytest.mark.parametrize("banco", list(CONTAS))
def test_cobranca_240_entradas_baixa_e_alteracao_lidas_de_volta(banco):
    arquivo = remessa.cobranca(beneficiario(banco), quatro_titulos(banco), 7, GERADO_EM)
    verificar(arquivo.texto, 240)
    assert arquivo.texto == arquivo.texto.upper()
    assert (arquivo.quantidade, arquivo.valor_total) == (4, Decimal("3803.58"))
    assert arquivo.nome_arquivo == f"COB{banco}000007.REM"
    leiaute = layout.carregar(f"cnab240_cobranca_{banco}")
    lidos = registros_240(leiaute, arquivo.texto)
    # entrada: P Q; entrada with multa: P Q R; baixa: P; alteração: P
    assert [nome for nome, _ in lidos] == ["header_arquivo", "header_lote", "P", "Q", "P", "Q", "R", "P", "P",
                                           "trailer_lote", "trailer_arquivo"]
    header, header_lote = lidos[0][1], lidos[1][1]
    assert (header["nsa"], header["data_geracao"], header["codigo_remessa_retorno"]) == ("000007", date(2026, 12, 7), "1")
    assert header["versao_layout_arquivo"] == leiaute.valores["versao_layout_arquivo"]
    assert header_lote["versao_layout_lote"] == leiaute.valores["versao_layout_lote"]
    assert header_lote["numero_remessa"] == "00000007"
    detalhes = lidos[2:-2]
    assert [d["sequencial"] for _, d in detalhes] == [f"{n:05d}" for n in range(1, 8)]
    assert all(d["lote"] == "0001" for _, d in lidos[1:-1])
    p_entrada, q, p_juros, _, r, p_baixa, p_alteracao = (d for _, d in detalhes)
    for campo, esperado in CONTAS[banco][2].items():
        assert p_entrada[campo] == esperado, campo
    assert [p["codigo_movimento"] for p in (p_entrada, p_juros, p_baixa, p_alteracao)] == ["01", "01", "02", "06"]
    assert (p_entrada["valor"], p_entrada["vencimento"], p_entrada["data_emissao"]) == (
        Decimal("1234.56"), date(2027, 1, 10), date(2026, 12, 7))
    assert p_entrada["numero_documento"] == "1001"
    assert p_alteracao["vencimento"] == date(2027, 2, 15)
    assert q["pagador_nome"] == "JOSE DA CONCEICAO AVILA"
    assert (q["pagador_inscricao"], q["pagador_tipo_inscricao"]) == ("000052998224725", "1")
    assert (q["pagador_cep"], q["pagador_cep_sufixo"], q["pagador_uf"]) == ("13010", "000", "SP")
    assert (p_entrada["codigo_juros"], p_entrada["juros"]) == ("3", Decimal("0"))
    assert (p_juros["codigo_juros"], p_juros["data_juros"], p_juros["juros"]) == ("2", date(2027, 1, 11), Decimal("1.00"))
    assert (p_juros["codigo_desconto"], p_juros["desconto"]) == ("1", Decimal("5.00"))
    assert (r["codigo_multa"], r["data_multa"], r["multa"]) == ("2", date(2027, 1, 11), Decimal("2.00"))
    trailer_lote, trailer = lidos[-2][1], lidos[-1][1]
    assert trailer_lote["quantidade_registros"] == "000009"
    assert (trailer_lote["quantidade_simples"], trailer_lote["valor_simples"]) == ("000004", Decimal("3803.58"))
    assert (trailer["quantidade_lotes"], trailer["quantidade_registros"]) == ("000001", "000011")


@pytest.mark.parametrize("banco", ["237", "341"])
def test_cobranca_400_entradas_baixa_e_alteracao_lidas_de_volta(banco):
    arquivo = remessa.cobranca(beneficiario(banco, "CNAB400"), quatro_titulos(banco), 7, GERADO_EM)
    verificar(arquivo.texto, 400)
    assert arquivo.texto == arquivo.texto.upper()
    leiaute = layout.carregar(f"cnab400_{banco}")
    lidos = registros_400(leiaute, arquivo.texto)
    com_multa = ["detalhe", "multa"] if banco == "341" else ["detalhe"]
    assert [nome for nome, _ in lidos] == ["header", "detalhe", *com_multa, "detalhe", "detalhe", "trailer"]
    assert [d["sequencial"] for _, d in lidos] == [f"{n:06d}" for n in range(1, len(lidos) + 1)]
    assert linhas(arquivo.texto)[0].startswith("01REMESSA01COBRANCA")
    assert lidos[0][1]["data_gravacao"] == date(2026, 12, 7)
    entrada, juros = lidos[1][1], lidos[2][1]
    baixa, alteracao = lidos[-3][1], lidos[-2][1]
    for campo, esperado in NN_400[banco].items():
        assert entrada[campo] == esperado, campo
    assert [d["ocorrencia"] for d in (entrada, juros, baixa, alteracao)] == ["01", "01", "02", "06"]
    assert (entrada["valor"], entrada["vencimento"], entrada["numero_documento"]) == (
        Decimal("1234.56"), date(2027, 1, 10), "1001")
    assert alteracao["vencimento"] == date(2027, 2, 15)
    assert entrada["pagador_nome"].startswith("JOSE DA CONCEICAO")
    assert (entrada["pagador_tipo_inscricao"], entrada["pagador_inscricao"]) == ("01", "00052998224725")
    # 1 % a month of 99.90 is 0.03 a day
    assert (juros["juros_dia"], juros["desconto"], juros["data_desconto"]) == (
        Decimal("0.03"), Decimal("5.00"), date(2027, 1, 10))
    multa = lidos[3][1] if banco == "341" else juros
    assert (multa["codigo_multa"], multa["multa"]) == ("2", Decimal("2.00"))
    assert banco == "341" or entrada["codigo_multa"] == "0"


def test_nomes_de_arquivo_por_banco():
    bradesco = remessa.cobranca(beneficiario("237", "CNAB400"), [titulo("237")], 103, GERADO_EM)
    assert bradesco.nome_arquivo == "CB071203.REM"
    itau = remessa.cobranca(beneficiario("341", "CNAB400"), [titulo("341")], 103, GERADO_EM)
    assert itau.nome_arquivo == "COB341000103.REM"


def test_r_so_quando_ha_multa():
    so_juros = titulo("756", juros_mes_percentual=Decimal("1"), desconto=Decimal("1"))
    arquivo = remessa.cobranca(beneficiario("756"), [so_juros], 1, GERADO_EM)
    assert [linha[13] for linha in linhas(arquivo.texto)[2:-2]] == ["P", "Q"]


def test_dias_de_baixa_do_titulo_ou_da_conta():
    leiaute = layout.carregar("cnab240_cobranca_748")
    arquivo = remessa.cobranca(beneficiario("748", dias_baixa=30), [titulo("748"), titulo("748", dias_baixa=90)], 1,
                               GERADO_EM)
    prazos = [d["prazo_baixa"] for nome, d in registros_240(leiaute, arquivo.texto) if nome == "P"]
    assert prazos == ["030", "090"]


def test_nsa_zero_recusado():
    with pytest.raises(ValueError, match="NSA"):
        remessa.cobranca(beneficiario("033"), [titulo("033")], 0, GERADO_EM)
    with pytest.raises(ValueError, match="NSA"):
        remessa.pagamentos(beneficiario("033"), [pix("EMAIL", "a@b.com")], 0, GERADO_EM)


def test_valor_grande_demais_recusado_em_portugues():
    with pytest.raises(ValueError, match=r"Título 1001: o valor 100000000000.00 passa do máximo que o arquivo aceita"):
        remessa.cobranca(beneficiario("237", "CNAB400"), [titulo("237", valor=Decimal("100000000000.00"))], 1,
                         GERADO_EM)
    with pytest.raises(ValueError, match="Título 1001: o valor deve ser maior que zero"):
        remessa.cobranca(beneficiario("001"), [titulo("001", valor=Decimal("0"))], 1, GERADO_EM)


def test_campo_que_nao_cabe_nomeia_a_conta():
    with pytest.raises(ValueError, match="A conta: convenio"):
        remessa.cobranca(beneficiario("104", convenio="1234567"), [titulo("104")], 1, GERADO_EM)


def test_layouts_suportados():
    assert remessa.layouts_suportados("237", "COBRANCA") == {"CNAB240", "CNAB400"}
    assert remessa.layouts_suportados("341", "COBRANCA") == {"CNAB240", "CNAB400"}
    for banco in ("001", "033", "104", "756", "748"):
        assert remessa.layouts_suportados(banco, "COBRANCA") == {"CNAB240"}
        assert remessa.layouts_suportados(banco, "PAGAMENTOS") == {"CNAB240"}
    with pytest.raises(ValueError, match="O banco 999 não tem cobrança"):
        remessa.layouts_suportados("999", "COBRANCA")
    with pytest.raises(ValueError, match="Sicredi S.A. recebe cobrança só em CNAB 240, não em CNAB 400"):
        remessa.cobranca(beneficiario("748", "CNAB400"), [titulo("748")], 1, GERADO_EM)


def test_remessa_vazia_recusada():
    with pytest.raises(ValueError, match="ao menos um título"):
        remessa.cobranca(beneficiario("001"), [], 1, GERADO_EM)


NOMES = st.text(st.sampled_from(list("aAçÇãÃéÉíóôúüªº°ñ€ '-.&/") + ["😀", "ß", "Ⅻ", "\t", "\u0301"]),
                min_size=1, max_size=60)


@settings(max_examples=40)
@given(valor=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999999999.99"), places=2),
       nome=NOMES, arquivo=st.sampled_from(ARQUIVOS))
def test_qualquer_valor_e_nome_da_linhas_ascii_maiusculas_do_tamanho_certo(valor, nome, arquivo):
    banco, layout_ = arquivo
    pagador = Pessoa(nome, "11222333000181", nome, nome, "01310100", nome, "SP")
    gerado = remessa.cobranca(beneficiario(banco, layout_, nome=nome),
                              [titulo(banco, valor=valor, pagador=pagador, multa_percentual=Decimal("2"))], 1,
                              GERADO_EM)
    tamanho = 240 if layout_ == "CNAB240" else 400
    verificar(gerado.texto, tamanho)
    assert gerado.texto == gerado.texto.upper()
    leiaute = layout.carregar(f"cnab240_cobranca_{banco}" if tamanho == 240 else f"cnab400_{banco}")
    detalhe = leiaute["P" if tamanho == 240 else "detalhe"].ler(linhas(gerado.texto)[2 if tamanho == 240 else 1])
    assert detalhe["valor"] == valor


# --- pagamentos -------------------------------------------------------------------------------

def pix(tipo, chave, seu_numero="P1", **favorecido):
    return PagamentoRemessa(seu_numero, "PIX", Decimal("150.00"), date(2026, 12, 8),
                            Favorecido("Maria Ótica ME", "11444777000161", chave_pix=chave, tipo_chave_pix=tipo,
                                       **favorecido))


def credito(forma, banco, seu_numero, documento="11444777000161", valor="200.00"):
    return PagamentoRemessa(seu_numero, forma, Decimal(valor), date(2026, 12, 8),
                            Favorecido("Fornecedor São Jorge", documento, banco=banco, agencia="321", agencia_dv="0",
                                       conta="98765", conta_dv="4", tipo_conta="POUPANCA"))


def boleto(seu_numero, codigo_barras, valor="80.00"):
    return PagamentoRemessa(seu_numero, "BOLETO", Decimal(valor), date(2026, 12, 8),
                            Favorecido("Companhia de Luz", "33000167000101"), codigo_barras=codigo_barras,
                            vencimento=date(2026, 12, 9))


BARRAS_BRADESCO = "23795422300002952951172060007589645204030050"
BARRAS_ITAU = "34191000000000000001091000000425123412345000"


def lotes(lidos):
    """(header de lote, its details, trailer de lote) per lote."""
    resultado, atual = [], None
    for nome, dados in lidos:
        if nome == "header_lote":
            atual = (dados, [], None)
        elif nome == "trailer_lote":
            resultado.append((atual[0], atual[1], dados))
            atual = None
        elif atual is not None:
            atual[1].append((nome, dados))
    return resultado


def test_pagamentos_em_todas_as_formas():
    pagador = beneficiario("341")
    itens = [
        credito("CREDITO_CONTA", "341", "C1"),                          # same bank: crédito em conta (01)
        credito("CREDITO_CONTA", "001", "C2"),                          # other bank: must go as TED (41)
        credito("TED", "001", "T1", valor="300.00"),                    # TED, other owner (41)
        credito("TED", "237", "T2", documento="11222333000181"),        # TED to ourselves (43)
        pix("TELEFONE", "+5519999990000", "X1"),
        pix("EMAIL", "Maria@Otica.com.br", "X2"),
        pix("CNPJ", "11444777000161", "X3"),
        pix("ALEATORIA", "123e4567-e89b-12d3-a456-426614174000", "X4"),
        pix(None, None, "X5", banco="260", agencia="1", conta="1234", conta_dv="5", tipo_conta="PAGAMENTO"),
        boleto("B1", BARRAS_BRADESCO),                                  # other bank (31)
        boleto("B2", BARRAS_ITAU, valor="20.00"),                      # same bank (30)
    ]
    arquivo = remessa.pagamentos(pagador, itens, 12, GERADO_EM)
    verificar(arquivo.texto, 240)
    assert (arquivo.quantidade, arquivo.valor_total, arquivo.nome_arquivo) == (11, Decimal("1750.00"),
                                                                               "PAG341000012.REM")
    leiaute = layout.carregar("febraban240_pagamentos")
    lidos = registros_240(leiaute, arquivo.texto)
    por_forma = {h["forma_lancamento"]: (h, detalhes, t) for h, detalhes, t in lotes(lidos)}
    assert list(por_forma) == ["01", "41", "43", "45", "31", "30"]
    assert [h["lote"] for h, _, _ in por_forma.values()] == ["0001", "0002", "0003", "0004", "0005", "0006"]
    for forma, (header, detalhes, trailer) in por_forma.items():
        assert header["versao_layout_lote"] == ("040" if forma in ("30", "31") else "046")
        assert header["operacao"] == "C"
        assert [d["sequencial"] for _, d in detalhes] == [f"{n:05d}" for n in range(1, len(detalhes) + 1)]
        assert trailer["quantidade_registros"] == f"{len(detalhes) + 2:06d}"
        assert trailer["somatoria_valores"] == sum(d["valor"] for nome, d in detalhes if nome in ("A", "J"))

    _, credito_conta, _ = por_forma["01"]
    assert [nome for nome, _ in credito_conta] == ["A", "B"]
    a, b = credito_conta[0][1], credito_conta[1][1]
    assert (a["camara"], a["banco_favorecido"], a["agencia_favorecido"], a["conta_favorecido"]) == (
        "000", "341", "00321", "000000098765")
    assert (a["seu_numero"], a["data_pagamento"], a["valor"], a["moeda"]) == ("C1", date(2026, 12, 8),
                                                                            Decimal("200.00"), "BRL")
    assert a["nome_favorecido"] == "FORNECEDOR SAO JORGE"
    assert (b["tipo_inscricao_favorecido"], b["inscricao_favorecido"]) == ("2", "11444777000161")

    _, teds, _ = por_forma["41"]
    assert [d["seu_numero"] for nome, d in teds if nome == "A"] == ["C2", "T1"]
    assert {(d["camara"], d["finalidade_ted"]) for nome, d in teds if nome == "A"} == {("018", "00005")}

    _, pixes, _ = por_forma["45"]
    a_pix = [d for nome, d in pixes if nome == "A"]
    b_pix = [d for nome, d in pixes if nome == "B_pix"]
    assert [nome for nome, _ in pixes] == ["A", "B_pix"] * 5
    assert {a["camara"] for a in a_pix} == {"009"}
    assert a_pix[0]["informacao_2"] == "11444777000161" + "00000000" + "01"
    assert [b["forma_iniciacao"] for b in b_pix] == ["001", "002", "003", "004", "005"]
    assert [b["informacao_12"] for b in b_pix] == ["+5519999990000", "Maria@Otica.com.br", "",
                                                   "123e4567-e89b-12d3-a456-426614174000", ""]
    assert b_pix[2]["inscricao_favorecido"] == "11444777000161"  # FEBRABAN: a CPF/CNPJ key is the inscrição
    assert b_pix[4]["informacao_11"] == "02"  # no key: the bank data in A, the account type here
    assert (a_pix[4]["banco_favorecido"], a_pix[4]["conta_favorecido"]) == ("260", "000000001234")

    _, titulos, trailer = por_forma["31"]
    assert [nome for nome, _ in titulos] == ["J", "J52"]
    j, j52 = titulos[0][1], titulos[1][1]
    assert (j["codigo_barras"], j["vencimento"], j["valor_titulo"], j["valor"], j["seu_numero"]) == (
        BARRAS_BRADESCO, date(2026, 12, 9), Decimal("80.00"), Decimal("80.00"), "B1")
    assert (j52["pagador_inscricao"], j52["pagador_nome"]) == ("011222333000181", "ESTUDIO LUZ & SOMBRA LTDA")
    assert (j52["beneficiario_inscricao"], j52["beneficiario_nome"]) == ("033000167000101", "COMPANHIA DE LUZ")
    assert trailer["somatoria_valores"] == Decimal("80.00")
    header_arquivo, trailer_arquivo = lidos[0][1], lidos[-1][1]
    assert (header_arquivo["nsa"], header_arquivo["versao_layout_arquivo"]) == ("000012", "103")
    assert (trailer_arquivo["quantidade_lotes"], trailer_arquivo["quantidade_registros"]) == (
        "000006", f"{len(lidos):06d}")


def test_pagamentos_bradesco_versoes_e_pix_no_header():
    arquivo = remessa.pagamentos(beneficiario("237"), [pix("EMAIL", "a@b.com"), boleto("B1", BARRAS_ITAU)], 3,
                                 GERADO_EM)
    verificar(arquivo.texto, 240)
    lidos = registros_240(layout.carregar("cnab240_pagamentos_237"), arquivo.texto)
    assert lidos[0][1]["versao_layout_arquivo"] == "089"
    assert lidos[0][1]["reservado_banco"] == "PIX"
    assert [h["versao_layout_lote"] for h, _, _ in lotes(lidos)] == ["045", "040"]
    sem_pix = remessa.pagamentos(beneficiario("237"), [boleto("B1", BARRAS_ITAU)], 4, GERADO_EM)
    assert linhas(sem_pix.texto)[0][171:174] == "   "


def test_sicoob_pix_por_cpf_cnpj_leva_a_chave_na_informacao_12():
    arquivo = remessa.pagamentos(beneficiario("756"), [pix("CPF", "52998224725")], 1, GERADO_EM)
    verificar(arquivo.texto, 240)
    lidos = registros_240(layout.carregar("cnab240_pagamentos_756"), arquivo.texto)
    b_pix = next(d for nome, d in lidos if nome == "B_pix")
    assert (b_pix["forma_iniciacao"], b_pix["informacao_12"]) == ("003", "52998224725")


def test_pagamento_que_nao_pode_ir_e_recusado_nomeando_o_pagamento():
    pagador = beneficiario("341")
    sem_conta = PagamentoRemessa("T9", "TED", Decimal("1"), date(2026, 12, 8), Favorecido("Zé", "52998224725"))
    with pytest.raises(ValueError, match="Pagamento T9: o favorecido Zé não tem banco, agência, conta cadastrados"):
        remessa.pagamentos(pagador, [sem_conta], 1, GERADO_EM)
    with pytest.raises(ValueError, match="Pagamento B9: o código de barras do boleto deve ter 44 dígitos"):
        remessa.pagamentos(pagador, [boleto("B9", "1234")], 1, GERADO_EM)
    with pytest.raises(ValueError, match="Pagamento X9: a chave PIX do favorecido .* está sem o tipo"):
        remessa.pagamentos(pagador, [pix(None, "a@b.com", "X9")], 1, GERADO_EM)
    with pytest.raises(ValueError, match="ao menos um pagamento"):
        remessa.pagamentos(pagador, [], 1, GERADO_EM)


@settings(max_examples=30)
@given(valor=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999999999.99"), places=2), nome=NOMES)
def test_pagamentos_com_qualquer_valor_e_nome(valor, nome):
    itens = [PagamentoRemessa("P1", "TED", valor, date(2026, 12, 8),
                              Favorecido(nome, "52998224725", banco="001", agencia="1", conta="2")),
             PagamentoRemessa("P2", "BOLETO", valor, date(2026, 12, 8), Favorecido(nome, "52998224725"),
                              codigo_barras=BARRAS_BRADESCO, vencimento=date(2026, 12, 9))]
    arquivo = remessa.pagamentos(beneficiario("001", nome=nome), itens, 1, GERADO_EM)
    verificar(arquivo.texto, 240)
    assert arquivo.texto == arquivo.texto.upper()
    lidos = registros_240(layout.carregar("febraban240_pagamentos"), arquivo.texto)
    assert [t["somatoria_valores"] for _, _, t in lotes(lidos)] == [valor, valor]
