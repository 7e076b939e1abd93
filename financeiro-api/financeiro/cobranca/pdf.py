"""Boletos and carnês as PDF: the FEBRABAN ficha de compensação with its Interleaved 2 of 5 barcode,
and the PIX QR code of a boleto híbrido.

A boleto is an A4 page: the recibo do pagador on top, a cut line, the ficha below. A carnê puts three
parcelas on a page, each a strip with its canhoto on the left and the same ficha, drawn smaller, on
the right. Drawn on the canvas with reportlab's built-in Helvetica: every pt-BR accent is in its
Latin-1 encoding, and a PDF printed by the thousand embeds no font.
"""
from dataclasses import dataclass
from io import BytesIO

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.common import I2of5
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from shared.pdf import cabe

from financeiro.cobranca.modelos import BoletoImpresso
from financeiro.formatos import brl, data_br

FONTE, NEGRITO = "Helvetica", "Helvetica-Bold"
MARGEM = 10 * mm
ENTRELINHA = 1.15

# The banks' manuals give the barcode a 103 x 13 mm field: 405 modules (start 4, 44 digits of 9,
# stop 5) with wide elements 3 times the narrow one make a narrow bar of 0.254 mm; a reader needs
# blank quiet zones on both sides.
BARRA_FINA = 0.254 * mm
PROPORCAO_BARRA_LARGA = 3
ALTURA_BARRAS = 13 * mm
ZONA_DE_SILENCIO = 5 * mm
LARGURA_BARRAS = 405 * BARRA_FINA + 2 * ZONA_DE_SILENCIO

PARCELAS_POR_PAGINA = 3
LARGURA_CANHOTO = 45 * mm
ESPACO_DO_CORTE = 5 * mm


@dataclass(frozen=True)
class _Medidas:
    """The sizes of a ficha: a page's, or the smaller one of a carnê strip."""
    cabecalho: float        # the bank's row, with the linha digitável
    linha: float            # a row of boxes
    rotulo: float           # font size of a box's label
    valor: float            # ... and of what it holds
    linha_digitavel: float
    coluna_direita: float   # vencimento, nosso número, valores: the column the caixa reads
    texto_pix: float        # width of the "Pague com PIX" text beside the QR


_PAGINA = _Medidas(cabecalho=10 * mm, linha=9 * mm, rotulo=6, valor=9, linha_digitavel=12,
                   coluna_direita=45 * mm, texto_pix=45 * mm)
_TIRA = _Medidas(cabecalho=7 * mm, linha=6 * mm, rotulo=4.5, valor=7, linha_digitavel=9.5,
                 coluna_direita=36 * mm, texto_pix=30 * mm)


def boletos(impressos: list[BoletoImpresso], titulo: str = "Boleto") -> bytes:
    """One A4 page per boleto: recibo do pagador, cut line, ficha de compensação."""
    saida, c = _documento(impressos, titulo)
    largura = A4[0] - 2 * MARGEM
    for boleto in impressos:
        corte = _recibo(c, boleto, MARGEM, A4[1] - MARGEM, largura, _PAGINA) - 6 * mm
        _corte(c, MARGEM, corte, MARGEM + largura, corte)
        _ficha(c, boleto, MARGEM, corte - 8 * mm, largura, _PAGINA)
        c.showPage()
    c.save()
    return saida.getvalue()


def carne(impressos: list[BoletoImpresso]) -> bytes:
    """The parcelas in due-date order, three strips to a page: canhoto on the left, ficha on the right."""
    ordem = sorted(impressos, key=lambda b: b.vencimento)
    saida, c = _documento(ordem, "Carnê")
    altura_tira = (A4[1] - 2 * MARGEM) / PARCELAS_POR_PAGINA
    x_ficha = MARGEM + LARGURA_CANHOTO + ESPACO_DO_CORTE
    x_corte = x_ficha - ESPACO_DO_CORTE / 2
    for indice, boleto in enumerate(ordem):
        posicao = indice % PARCELAS_POR_PAGINA
        if indice and not posicao:
            c.showPage()
        topo = A4[1] - MARGEM - posicao * altura_tira
        if posicao:
            _corte(c, MARGEM, topo, A4[0] - MARGEM, topo)
        _corte(c, x_corte, topo - 2 * mm, x_corte, topo - altura_tira + 2 * mm)
        _canhoto(c, boleto, boleto.parcela or f"{indice + 1}/{len(ordem)}", MARGEM, topo - 3 * mm, _TIRA)
        _ficha(c, boleto, x_ficha, topo - 3 * mm, A4[0] - MARGEM - x_ficha, _TIRA)
    c.showPage()
    c.save()
    return saida.getvalue()


def _documento(impressos: list[BoletoImpresso], titulo: str) -> tuple[BytesIO, Canvas]:
    saida = BytesIO()
    c = Canvas(saida, pagesize=A4, pageCompression=1)
    c.setTitle(titulo)
    c.setAuthor(impressos[0].beneficiario_nome if impressos else "")
    c.setCreator("ERP Web")
    return saida, c


def _tamanho(texto: str, fonte: str, maximo: float, largura: float) -> float:
    """The largest font size up to `maximo` at which the text fits the width."""
    return min(maximo, maximo * largura / max(stringWidth(texto, fonte, maximo), 1))


def _caixa(c: Canvas, x: float, topo: float, largura: float, altura: float, rotulo: str, valor: str,
           m: _Medidas, direita: bool = False) -> None:
    """A box of the ficha: its label small at the top, what it holds below (figures to the right, in
    bold); a value of more lines than fit is drawn smaller."""
    c.rect(x, topo - altura, largura, altura)
    c.setFont(FONTE, m.rotulo)
    c.drawString(x + 1 * mm, topo - m.rotulo - 0.5 * mm, rotulo)
    linhas = [linha for linha in valor.split("\n") if linha.strip()]
    if not linhas:
        return
    fonte = NEGRITO if direita else FONTE
    tamanho = min(m.valor, (altura - m.rotulo - 1.5 * mm) / (len(linhas) * ENTRELINHA))
    c.setFont(fonte, tamanho)
    y = topo - m.rotulo - 1 * mm - tamanho
    for linha in linhas:
        texto = cabe(linha, fonte, tamanho, largura - 2 * mm)
        if direita:
            c.drawRightString(x + largura - 1 * mm, y, texto)
        else:
            c.drawString(x + 1 * mm, y, texto)
        y -= tamanho * ENTRELINHA


def _linha(c: Canvas, x: float, topo: float, altura: float, caixas: list[tuple], m: _Medidas) -> float:
    """Boxes side by side, each (largura, rótulo, valor[, direita]); returns the row's bottom."""
    for largura, *conteudo in caixas:
        _caixa(c, x, topo, largura, altura, *conteudo[:2], m, *conteudo[2:])
        x += largura
    return topo - altura


def _cabecalho(c: Canvas, b: BoletoImpresso, x: float, topo: float, largura: float, m: _Medidas) -> float:
    """ "<banco> | 341-7 | <linha digitável>" over a heavy rule; returns the rule's height."""
    base = topo - m.cabecalho
    texto = base + 2 * mm
    nome, codigo = largura * 0.25, largura * 0.1
    c.setFont(NEGRITO, _tamanho(b.banco_nome, NEGRITO, m.valor + 1, nome - 2 * mm))
    c.drawString(x, texto, b.banco_nome)
    c.setFont(NEGRITO, m.linha_digitavel)
    c.drawCentredString(x + nome + codigo / 2, texto, f"{b.banco}-{b.banco_dv}")
    resto = largura - nome - codigo - 2 * mm
    c.setFont(NEGRITO, _tamanho(b.linha_digitavel, NEGRITO, m.linha_digitavel, resto))
    c.drawRightString(x + largura, texto, b.linha_digitavel)
    c.saveState()
    c.setLineWidth(1.2)
    for divisa in (x + nome, x + nome + codigo):
        c.line(divisa, base, divisa, base + m.cabecalho * 0.7)
    c.line(x, base, x + largura, base)
    c.restoreState()
    return base


def _beneficiario(b: BoletoImpresso) -> str:
    return f"{b.beneficiario_nome} - CNPJ/CPF {b.beneficiario_documento}\n{b.beneficiario_endereco}"


def _pagador(b: BoletoImpresso) -> str:
    return f"{b.pagador_nome} - CPF/CNPJ {b.pagador_documento}\n{b.pagador_endereco}"


def _recibo(c: Canvas, b: BoletoImpresso, x: float, topo: float, largura: float, m: _Medidas) -> float:
    """The pagador's part of a boleto page; returns where it ends."""
    y = _cabecalho(c, b, x, topo, largura, m)
    direita, esquerda = m.coluna_direita, largura - 2 * m.coluna_direita
    y = _linha(c, x, y, m.linha * 1.2, [
        (esquerda, "Beneficiário", _beneficiario(b)),
        (direita, "Agência/Código do beneficiário", b.agencia_codigo_beneficiario, True),
        (direita, "Vencimento", data_br(b.vencimento), True)], m)
    y = _linha(c, x, y, m.linha, [
        (esquerda, "Pagador", f"{b.pagador_nome} - CPF/CNPJ {b.pagador_documento}"),
        (direita, "Nº do documento", b.numero_documento, True),
        (direita, "Nosso número", b.nosso_numero, True)], m)
    quarto = largura / 4
    y = _linha(c, x, y, m.linha, [
        (quarto, "(=) Valor do documento", brl(b.valor), True),
        (quarto, "(-) Desconto / abatimento", "", True),
        (quarto, "(+) Mora / multa", "", True),
        (quarto, "(=) Valor cobrado", "", True)], m)
    c.setFont(NEGRITO, m.valor)
    c.drawString(x, y - 4 * mm, "Recibo do pagador")
    c.setFont(FONTE, m.rotulo)
    c.drawRightString(x + largura, y - 4 * mm, "Autenticação mecânica")
    return y - 20 * mm


def _ficha(c: Canvas, b: BoletoImpresso, x: float, topo: float, largura: float, m: _Medidas) -> None:
    """The ficha de compensação, the part the bank keeps, down to its barcode."""
    y = _cabecalho(c, b, x, topo, largura, m)
    direita = m.coluna_direita
    esquerda = largura - direita
    y = _linha(c, x, y, m.linha, [
        (esquerda, "Local de pagamento", b.local_pagamento),
        (direita, "Vencimento", data_br(b.vencimento), True)], m)
    y = _linha(c, x, y, m.linha * 1.2, [
        (esquerda, "Beneficiário", _beneficiario(b)),
        (direita, "Agência/Código do beneficiário", b.agencia_codigo_beneficiario, True)], m)
    y = _linha(c, x, y, m.linha, [
        (esquerda * 0.2, "Data do documento", data_br(b.data_documento)),
        (esquerda * 0.25, "Nº do documento", b.numero_documento),
        (esquerda * 0.15, "Espécie doc.", b.especie_documento),
        (esquerda * 0.1, "Aceite", b.aceite),
        (esquerda * 0.3, "Data processamento", data_br(b.data_processamento)),
        (direita, "Nosso número", b.nosso_numero, True)], m)
    y = _linha(c, x, y, m.linha, [
        (esquerda * 0.2, "Uso do banco", ""),
        (esquerda * 0.15, "Carteira", b.carteira),
        (esquerda * 0.15, "Espécie", "R$"),
        (esquerda * 0.25, "Quantidade", ""),
        (esquerda * 0.25, "Valor", ""),
        (direita, "(=) Valor do documento", brl(b.valor), True)], m)
    _instrucoes(c, b, x, y, esquerda, 3 * m.linha, m)
    for rotulo in ("(-) Desconto / abatimento", "(+) Mora / multa", "(=) Valor cobrado"):
        y = _linha(c, x + esquerda, y, m.linha, [(direita, rotulo, "", True)], m)
    pagador = _pagador(b)
    altura = m.rotulo + 1.5 * mm + (pagador.count("\n") + 1) * m.valor * ENTRELINHA
    y = _linha(c, x, y, altura, [(largura, "Pagador", pagador)], m)
    # The labels at the right stay out of the barcode's quiet zone.
    livre = largura - LARGURA_BARRAS - 1 * mm
    c.setFont(NEGRITO, _tamanho("Ficha de Compensação", NEGRITO, m.valor, livre))
    c.drawRightString(x + largura, y - m.valor - 0.5 * mm, "Ficha de Compensação")
    c.setFont(FONTE, m.rotulo)
    c.drawRightString(x + largura, y - m.valor - m.rotulo - 1.5 * mm, "Autenticação mecânica")
    I2of5(b.codigo_barras, barWidth=BARRA_FINA, ratio=PROPORCAO_BARRA_LARGA, barHeight=ALTURA_BARRAS,
          bearers=0, checksum=0, quiet=1, lquiet=ZONA_DE_SILENCIO, rquiet=ZONA_DE_SILENCIO
          ).drawOn(c, x, y - 1.5 * mm - ALTURA_BARRAS)


def _instrucoes(c: Canvas, b: BoletoImpresso, x: float, topo: float, largura: float, altura: float,
                m: _Medidas) -> None:
    """The beneficiário's instructions and, on a boleto híbrido, the PIX QR code at the box's right."""
    _caixa(c, x, topo, largura, altura, "Instruções (texto de responsabilidade do beneficiário)", "", m)
    largura_texto = largura - 2 * mm
    if b.pix_copia_e_cola:
        lado = altura - 2 * mm
        largura_texto -= lado + m.texto_pix + 2 * mm
        _pix(c, b.pix_copia_e_cola, x + largura - lado - 1 * mm, topo - altura + 1 * mm, lado, m)
    tamanho = m.valor - 1
    y = topo - m.rotulo - 1 * mm - tamanho
    c.setFont(FONTE, tamanho)
    for instrucao in b.instrucoes:
        for linha in simpleSplit(instrucao, FONTE, tamanho, largura_texto):
            if y < topo - altura + 1 * mm:
                return
            c.drawString(x + 1 * mm, y, linha)
            y -= tamanho * ENTRELINHA


def _pix(c: Canvas, copia_e_cola: str, x: float, y: float, lado: float, m: _Medidas) -> None:
    """The QR (error correction level M) at (x, y), and to its left "Pague com PIX" with the code
    in small type, for who pays by pasting it."""
    desenho = Drawing(lado, lado)
    desenho.add(QrCodeWidget(copia_e_cola, barLevel="M", barWidth=lado, barHeight=lado))
    renderPDF.draw(desenho, c, x, y)
    esquerda = x - m.texto_pix - 1 * mm
    topo = y + lado
    c.setFont(NEGRITO, m.valor)
    c.drawString(esquerda, topo - m.valor, "Pague com PIX")
    tamanho = m.rotulo - 1
    c.setFont(FONTE, tamanho)
    linha_y = topo - m.valor - 1 * mm - tamanho
    # The code has no spaces: it is cut by width, character by character.
    for linha in _em_linhas(copia_e_cola, tamanho, m.texto_pix):
        if linha_y < y:
            break
        c.drawString(esquerda, linha_y, linha)
        linha_y -= tamanho * ENTRELINHA


def _em_linhas(texto: str, tamanho: float, largura: float) -> list[str]:
    linhas, atual = [], ""
    for letra in texto:
        if stringWidth(atual + letra, FONTE, tamanho) > largura:
            linhas.append(atual)
            atual = ""
        atual += letra
    return linhas + [atual] if atual else linhas


def _canhoto(c: Canvas, b: BoletoImpresso, parcela: str, x: float, topo: float, m: _Medidas) -> None:
    """A carnê strip's stub, which the pagador keeps."""
    largura = LARGURA_CANHOTO
    y = topo - m.cabecalho
    c.setFont(NEGRITO, _tamanho(b.banco_nome, NEGRITO, m.valor, largura * 0.65))
    c.drawString(x, y + 2 * mm, b.banco_nome)
    c.setFont(NEGRITO, m.linha_digitavel)
    c.drawRightString(x + largura, y + 2 * mm, f"{b.banco}-{b.banco_dv}")
    c.line(x, y, x + largura, y)
    for rotulo, valor in (("Parcela", parcela),
                          ("Vencimento", data_br(b.vencimento)),
                          ("Agência/Código do beneficiário", b.agencia_codigo_beneficiario),
                          ("Nosso número", b.nosso_numero),
                          ("(=) Valor do documento", brl(b.valor)),
                          ("(+) Mora / multa", ""),
                          ("(=) Valor cobrado", "")):
        y = _linha(c, x, y, m.linha, [(largura, rotulo, valor, True)], m)
    y = _linha(c, x, y, m.linha * 1.3, [(largura, "Pagador", f"{b.pagador_nome}\n{b.pagador_documento}")], m)
    c.setFont(NEGRITO, m.valor)
    c.drawString(x, y - m.valor - 1 * mm, "Recibo do pagador")


def _corte(c: Canvas, x1: float, y1: float, x2: float, y2: float) -> None:
    """A dashed cut line."""
    c.saveState()
    c.setDash(3, 2)
    c.setLineWidth(0.5)
    c.line(x1, y1, x2, y2)
    c.restoreState()
