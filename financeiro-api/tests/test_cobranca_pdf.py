"""Boletos and carnês as PDF (financeiro/cobranca/pdf.py), read back as a person and a bank's
reader would: the text of each page, and the barcode decoded from the rendered pixels by a decoder
of our own that knows only the Interleaved 2 of 5 symbology."""
from dataclasses import replace
from datetime import date
from decimal import Decimal
from io import BytesIO
from itertools import groupby

import pypdfium2 as pdfium
from hypothesis import given, settings, strategies as st
from PIL import ImageChops
from pypdf import PdfReader

from financeiro.cobranca import codigo_barras, nosso_numero, pdf
from financeiro.cobranca.modelos import Beneficiario, BoletoImpresso

# Bradesco's published vector (brcobranca's spec, in the cobrança reference).
CODIGO_BARRAS = "23795422300002952951172060007589645204030050"
LINHA_DIGITAVEL = "23791.17209 60007.589645 52040.300502 5 42230000295295"
PIX = ("00020101021226880014br.gov.bcb.pix2566qrcodes-pix.example.com.br/v2/cobv/9d36b84fc70b478fb95c1272"
       "9b90ca255204000053039865802BR5925ESTUDIO LUZ E ACAO FOTOGR6009SAO PAULO62070503***63041D3A")

BOLETO = BoletoImpresso(
    banco="237", banco_nome="Banco Bradesco S.A.", banco_dv="2", linha_digitavel=LINHA_DIGITAVEL,
    codigo_barras=CODIGO_BARRAS, local_pagamento="Pagável em qualquer banco até o vencimento",
    beneficiario_nome="Estúdio Luz & Ação Fotografia Ltda", beneficiario_documento="12.345.678/0001-95",
    beneficiario_endereco="Rua das Acácias, 100 - Centro - São Paulo/SP - 01001-000",
    agencia_codigo_beneficiario="1172/0403005-2", nosso_numero="06/00075896452-5", numero_documento="12345",
    especie_documento="DM", aceite="N", data_documento=date(2026, 1, 5), data_processamento=date(2026, 1, 5),
    carteira="06", vencimento=date(2026, 2, 10), valor=Decimal("1234.56"),
    pagador_nome="José da Conceição Araújo", pagador_documento="123.456.789-09",
    pagador_endereco="Av. São João, 1500, ap. 12 - Bela Vista\n01310-100 - São Paulo/SP",
    instrucoes=("Após o vencimento cobrar multa de 2,00% e juros de 1,00% ao mês.",
                "Não receber após 30 dias do vencimento."))

ITAU = Beneficiario(banco="341", agencia="0001", agencia_dv=None, conta="12345", conta_dv="6", layout="CNAB400",
                   carteira="109", nome=BOLETO.beneficiario_nome, documento="12345678000195")

ESCALA = 6  # pixels per point when rendering: a narrow bar (0.254 mm) is about 4 pixels wide
MM = 72 / 25.4

# Interleaved 2 of 5 (ANSI/AIM BC2): each digit is five elements, two of them wide; a pair of digits
# interleaves the first's bars with the second's spaces.
DIGITOS_I2OF5 = {"nnwwn": "0", "wnnnw": "1", "nwnnw": "2", "wwnnn": "3", "nnwnw": "4",
                 "wnwnn": "5", "nwwnn": "6", "nnnww": "7", "wnnwn": "8", "nwnwn": "9"}
ELEMENTOS = 4 + 44 * 5 + 3  # start (bar, space, bar, space), the digits, stop (wide bar, space, bar)


def _textos(documento: bytes) -> list[str]:
    return [pagina.extract_text() for pagina in PdfReader(BytesIO(documento)).pages]


def _imagem(documento: bytes, pagina: int = 0):
    return pdfium.PdfDocument(documento)[pagina].render(scale=ESCALA, grayscale=True).to_pil().convert("L")


def _corridas(pixels: bytes) -> list[tuple[bool, int, int]]:
    """(escuro, início, largura) of each run of dark or light pixels along a row."""
    corridas, inicio = [], 0
    for escuro, grupo in groupby(pixels, key=lambda cinza: cinza < 128):
        largura = sum(1 for _ in grupo)
        corridas.append((escuro, inicio, largura))
        inicio += largura
    return corridas


def _ler_linha(pixels: bytes) -> tuple[str, int, int, int, int] | None:
    """The first Interleaved 2 of 5 symbol along a row: (digits, first bar's x, end of the last bar,
    quiet zone before, quiet zone after), or None."""
    corridas = _corridas(pixels)
    for i in range(1, len(corridas) - ELEMENTOS):
        escuro, inicio, primeira = corridas[i]
        # A symbol starts after a quiet zone of at least 10 narrow elements.
        if not escuro or corridas[i - 1][2] < 10 * primeira:
            continue
        larguras = [largura for _, _, largura in corridas[i:i + ELEMENTOS]]
        limiar = (min(larguras) + max(larguras)) / 2
        tipos = "".join("w" if largura > limiar else "n" for largura in larguras)
        if max(larguras) < 2 * min(larguras) or tipos[:4] != "nnnn" or tipos[-3:] != "wnn":
            continue
        pares = [tipos[4 + 10 * par:14 + 10 * par] for par in range(22)]
        digitos = [DIGITOS_I2OF5.get(par[lado::2]) for par in pares for lado in (0, 1)]
        if None in digitos:
            continue
        _, ultima, largura = corridas[i + ELEMENTOS - 1]
        depois = corridas[i + ELEMENTOS][2] if i + ELEMENTOS < len(corridas) else 0
        return "".join(digitos), inicio, ultima + largura, corridas[i - 1][2], depois
    return None


def _codigos_de_barras(imagem) -> list[dict]:
    """Every barcode on the page, top to bottom, as {digitos, x, y, largura_mm, altura_mm,
    silencio_mm}: rows scanned every few pixels, the bars' height measured down their first bar."""
    largura, altura = imagem.size
    pixels = imagem.tobytes()
    achados, y = [], 0
    while y < altura:
        lido = _ler_linha(pixels[y * largura:(y + 1) * largura])
        if lido is None:
            y += 4
            continue
        digitos, inicio, fim, antes, depois = lido
        coluna = inicio + 1
        topo = y
        while topo > 0 and pixels[(topo - 1) * largura + coluna] < 128:
            topo -= 1
        base = y
        while base < altura - 1 and pixels[(base + 1) * largura + coluna] < 128:
            base += 1
        achados.append({"digitos": digitos, "x": inicio, "y": topo,
                        "largura_mm": (fim - inicio) / ESCALA / MM,
                        "altura_mm": (base - topo + 1) / ESCALA / MM,
                        "silencio_mm": min(antes, depois) / ESCALA / MM})
        y = base + 1
    return achados


def _brl(valor: Decimal) -> str:
    inteiro, centavos = f"{valor:,.2f}".split(".")
    return f"R$ {inteiro.replace(',', '.')},{centavos}"


def _varios(quantos: int) -> list[BoletoImpresso]:
    """Itaú boletos 1, 2, 3…: each its own nosso número, amount, due month and pagador, with the
    barcode and linha digitável the bank's rules give them."""
    boletos = []
    for n in range(1, quantos + 1):
        numero, vencimento, valor = nosso_numero.montar(ITAU, n), date(2026, n, 10), Decimal("1234.56") * n
        barras = codigo_barras.montar(ITAU, numero, vencimento, valor)
        boletos.append(replace(
            BOLETO, banco="341", banco_nome="Itaú Unibanco S.A.", banco_dv="7", codigo_barras=barras,
            linha_digitavel=codigo_barras.formatar_linha(codigo_barras.linha_digitavel(barras)),
            agencia_codigo_beneficiario="0001/12345-6", nosso_numero=numero.exibicao, carteira="109",
            vencimento=vencimento, valor=valor, pagador_nome=f"Cliente Número {n}", numero_documento=str(1000 + n)))
    return boletos


def test_each_boleto_is_a_page_with_what_the_caixa_reads():
    impressos = _varios(3)
    documento = pdf.boletos(impressos)
    textos = _textos(documento)
    assert len(textos) == 3
    for pagina, (boleto, texto) in enumerate(zip(impressos, textos)):
        assert [lido["digitos"] for lido in _codigos_de_barras(_imagem(documento, pagina))] == [boleto.codigo_barras]
        assert boleto.linha_digitavel in texto
        assert boleto.nosso_numero in texto
        assert _brl(boleto.valor) in texto
        assert boleto.pagador_nome in texto
        assert boleto.vencimento.strftime("%d/%m/%Y") in texto
    assert "R$ 1.234,56" in textos[0] and "R$ 3.703,68" in textos[2]


def test_the_page_prints_every_box_of_the_ficha_with_its_accents():
    texto = _textos(pdf.boletos([BOLETO]))[0]
    for rotulo in ("Recibo do pagador", "Ficha de Compensação", "Local de pagamento", "Vencimento",
                   "Beneficiário", "Agência/Código do beneficiário", "Data do documento", "Nº do documento",
                   "Espécie doc.", "Aceite", "Data processamento", "Nosso número", "Carteira", "Espécie",
                   "(=) Valor do documento", "(-) Desconto / abatimento", "(+) Mora / multa", "(=) Valor cobrado",
                   "Instruções (texto de responsabilidade do beneficiário)", "Pagador", "Autenticação mecânica"):
        assert rotulo in texto, rotulo
    for valor in ("Banco Bradesco S.A.", "237-2", "Estúdio Luz & Ação Fotografia Ltda", "12.345.678/0001-95",
                  "Rua das Acácias", "1172/0403005-2", "123.456.789-09", "01310-100 - São Paulo/SP",
                  "Não receber após 30 dias do vencimento.", "05/01/2026"):
        assert valor in texto, valor
    assert "Pague com PIX" not in texto


def test_the_pdf_says_what_it_is_and_whose_it_is():
    leitor = PdfReader(BytesIO(pdf.boletos([BOLETO], titulo="Boleto 12345")))
    assert leitor.metadata.title == "Boleto 12345"
    assert leitor.metadata.author == "Estúdio Luz & Ação Fotografia Ltda"


def test_the_barcode_reads_back_as_its_44_digits_in_the_febraban_dimensions():
    imagem = _imagem(pdf.boletos([BOLETO]))
    [codigo] = _codigos_de_barras(imagem)
    assert codigo["digitos"] == CODIGO_BARRAS
    # 405 narrow modules of 0.254 mm: the 103 mm x 13 mm of the banks' manuals, quiet zones around.
    assert 102 <= codigo["largura_mm"] <= 104, codigo
    assert 12.5 <= codigo["altura_mm"] <= 13.5, codigo
    assert codigo["silencio_mm"] >= 5 - 0.2, codigo
    assert codigo["y"] > imagem.size[1] / 3, "the barcode belongs to the ficha, below the recibo"


def test_a_boleto_hibrido_prints_the_qr_and_the_copia_e_cola_beside_the_instructions():
    sem, com = pdf.boletos([BOLETO]), pdf.boletos([replace(BOLETO, pix_copia_e_cola=PIX)])
    texto = _textos(com)[0]
    assert "Pague com PIX" in texto
    assert "".join(PIX.split()) in "".join(texto.split())  # wrapped by width, spaces and all
    diferenca = ImageChops.difference(_imagem(sem), _imagem(com)).point(lambda d: 255 if d > 60 else 0)
    esquerda, topo, direita, base = diferenca.getbbox()
    # The QR: a square of ink (more than the text beside it) of about the instruções' height.
    assert (base - topo) / ESCALA / MM > 20 and (direita - esquerda) > (base - topo)
    [codigo] = _codigos_de_barras(_imagem(com))
    assert codigo["digitos"] == CODIGO_BARRAS and base < codigo["y"]


def test_a_carne_has_three_parcelas_a_page_in_due_date_order():
    parcelas = _varios(7)
    documento = pdf.carne(list(reversed(parcelas)))
    textos = _textos(documento)
    assert len(textos) == 3
    assert PdfReader(BytesIO(documento)).metadata.title == "Carnê"
    for pagina, texto in enumerate(textos):
        nesta = parcelas[3 * pagina:3 * pagina + 3]
        for numero, parcela in enumerate(nesta, start=3 * pagina + 1):
            assert f"{numero}/7" in texto
            assert parcela.linha_digitavel in texto and parcela.nosso_numero in texto
            assert _brl(parcela.valor) in texto and parcela.pagador_nome in texto
        posicoes = [texto.index(p.vencimento.strftime("%d/%m/%Y")) for p in nesta]
        assert posicoes == sorted(posicoes)
    assert "8/7" not in textos[2] and "Cliente Número 7" in textos[2]


def test_a_carne_of_the_open_parcelas_keeps_the_contracts_numbering():
    restantes = [replace(parcela, parcela=f"{numero}/12") for numero, parcela in enumerate(_varios(3), start=10)]
    texto = _textos(pdf.carne(restantes))[0]
    assert all(f"{numero}/12" in texto for numero in (10, 11, 12)) and "1/3" not in texto


@settings(max_examples=4, deadline=None)
@given(st.lists(st.text(alphabet="0123456789", min_size=44, max_size=44), min_size=3, max_size=3),
       st.booleans())
def test_every_strip_of_a_carne_has_its_own_barcode(codigos, hibrido):
    parcelas = [replace(parcela, codigo_barras=codigo, pix_copia_e_cola=PIX if hibrido else None)
                for parcela, codigo in zip(_varios(3), codigos)]
    lidos = _codigos_de_barras(_imagem(pdf.carne(parcelas)))
    assert [lido["digitos"] for lido in lidos] == codigos
    for lido in lidos:
        assert 102 <= lido["largura_mm"] <= 104 and 12.5 <= lido["altura_mm"] <= 13.5, lido
        assert lido["silencio_mm"] >= 5 - 0.2, lido


def test_long_names_are_cut_inside_their_boxes_and_the_page_keeps_its_margins():
    longo = replace(BOLETO, pagador_nome="Maria " * 40, beneficiario_nome="Estúdio " * 30,
                    pagador_endereco="Rua " * 60, instrucoes=("Instrução longa " * 80,) * 4,
                    pix_copia_e_cola=PIX * 2)
    for documento in (pdf.boletos([longo]), pdf.carne([longo])):
        assert len(_textos(documento)) == 1
        imagem = _imagem(documento)
        esquerda, topo, direita, base = imagem.point(lambda cinza: 255 if cinza < 200 else 0).getbbox()
        margem = (10 * MM - 1) * ESCALA
        assert esquerda >= margem and topo >= margem, (esquerda, topo)
        assert direita <= imagem.size[0] - margem and base <= imagem.size[1] - margem, (direita, base)
        assert [lido["digitos"] for lido in _codigos_de_barras(imagem)] == [CODIGO_BARRAS]
