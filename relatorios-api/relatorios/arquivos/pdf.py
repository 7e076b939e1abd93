"""A report's Documento as a PDF for printing or sending: a header on every page (empresa, report,
filters, when it was made), the tables with their header row repeated after a page break, and
"Página X de Y" at the foot; landscape when the columns do not fit a portrait page.

reportlab, not fpdf2: it ships the Bitstream Vera TrueType fonts, embedded (subset) in the file,
so every pt-BR accent — and the curly quotes and dashes pasted into a client's name — renders
with no font installed on the server (the service's image has none); fpdf2's built-in fonts are
Latin-1 only. The page is drawn on the canvas, not with platypus tables: rows are laid out once,
in linear time, however many there are.

A PDF is for reading and printing: its rows are laid out in memory (the widths of a table's
figures are those of its widest), and a table longer than LINHAS_NO_MAXIMO — the razão of a busy
year — is refused with a message pointing to Excel, whose file is written row by row.
"""
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import BinaryIO, Callable

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from shared.errors import Validacao
from shared.pdf import cabe

from relatorios.arquivos.documento import Cabecalho, Documento, Secao, Tipo

FONTE, NEGRITO = "Vera", "VeraBd"
MARGEM = 14 * mm
CORPO = 8.5  # font size of the rows
ALTURA_LINHA = 13
LARGURAS = {"dinheiro": 92, "data": 62, "mes": 50, "percentual": 62, "inteiro": 62}  # the least; a wider figure widens it
TEXTO_MINIMO = 170  # the narrowest a text column gets before the page turns landscape
TEXTO_ESTREITO = 80  # ... and in landscape, when the figures need the room (a text is cut with …, a figure never)
CORPO_MINIMO = 5.5  # the smallest font a table too wide for the page is drawn in (a DRE's 12 months)
AVISAR_A_CADA = 1000
LINHAS_NO_MAXIMO = 5000  # about a hundred pages


def _registrar_fontes() -> None:
    if FONTE not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONTE, "Vera.ttf"))
        pdfmetrics.registerFont(TTFont(NEGRITO, "VeraBd.ttf"))


def formatar(valor, tipo: Tipo) -> str:
    """A value as the screen writes it: R$ 1.234,56 · 31/01/2026 · 45,20% · 1.234."""
    if isinstance(valor, Decimal) and tipo in ("dinheiro", "percentual"):
        numero = valor * 100 if tipo == "percentual" else valor
        inteiro, centavos = f"{abs(numero):,.2f}".split(".")
        sinal = "-" if numero < 0 else ""
        br = f"{inteiro.replace(',', '.')},{centavos}"
        return f"{sinal}{br}%" if tipo == "percentual" else f"{sinal}R$ {br}"
    if isinstance(valor, date):
        return valor.strftime("%m/%Y" if tipo == "mes" else "%d/%m/%Y")
    if isinstance(valor, int) and not isinstance(valor, bool):
        return f"{valor:,}".replace(",", ".")
    return "" if valor is None else str(valor)


@dataclass
class _Item:
    """One line of the page: a section's title, its header row, a row, its total, a resumo figure."""

    tipo: str  # "titulo" | "cabecalho" | "linha" | "total" | "resumo" | "espaco"
    secao: Secao | None = None
    valores: list | None = None
    altura: float = ALTURA_LINHA


def _figuras(secao: Secao, folgadas: bool = True) -> list[float]:
    """Each figure column's width at CORPO (0 for text): enough for its widest figure, in bold as in
    the totals row, with a minus sign, and for its title — at least LARGURAS when `folgadas`. Vera's
    digits are all one width, so the largest magnitude is the widest, and only that one is measured."""
    linhas = secao.linhas + ([secao.total] if secao.total is not None else [])
    larguras = []
    for indice, coluna in enumerate(secao.colunas):
        if coluna.tipo == "texto":
            larguras.append(0)
            continue
        numeros = [linha[indice] for linha in linhas
                   if isinstance(linha[indice], (int, Decimal)) and not isinstance(linha[indice], bool)]
        maior = formatar(-max((abs(n) for n in numeros), default=0), coluna.tipo) if numeros else ""
        larguras.append(max(LARGURAS[coluna.tipo] if folgadas else 0,
                            pdfmetrics.stringWidth(maior, NEGRITO, CORPO) + 10,
                            pdfmetrics.stringWidth(coluna.titulo, NEGRITO, CORPO) + 10))
    return larguras


def _textos(secao: Secao) -> int:
    return sum(1 for c in secao.colunas if c.tipo == "texto")


@dataclass
class _Medidas:
    """How a table is drawn on the page: its columns' widths and its rows' font size."""

    larguras: list[float]
    corpo: float


def _medidas(secao: Secao, util: float) -> _Medidas:
    """The figure columns as they need, the text columns sharing what is left. A table wider than
    the page (a DRE's twelve months and total) first drops the columns' slack, then draws in a
    smaller font, down to CORPO_MINIMO: a figure is never cut and never runs off the page."""
    textos = _textos(secao)
    figuras = _figuras(secao)
    if sum(figuras) + TEXTO_MINIMO * textos > util:
        figuras = _figuras(secao, folgadas=False)
    # The figures narrow so that the labels keep TEXTO_MINIMO, as far as CORPO_MINIMO allows.
    espaco = max(util - TEXTO_MINIMO * textos, 0)
    escala = 1.0 if sum(figuras) <= espaco else max(espaco / sum(figuras), CORPO_MINIMO / CORPO)
    figuras = [largura * escala for largura in figuras]
    sobra = max(util - sum(figuras), TEXTO_ESTREITO * escala * textos)
    return _Medidas([largura if c.tipo != "texto" else sobra / textos for c, largura in zip(secao.colunas, figuras)],
                    CORPO * escala)


def _precisa_paisagem(doc: Documento) -> bool:
    util = A4[0] - 2 * MARGEM
    return any(sum(_figuras(s)) + TEXTO_MINIMO * _textos(s) > util for s in doc.secoes)


def _itens(doc: Documento) -> list[_Item]:
    itens = [_Item("resumo", valores=[rotulo, formatar(valor, tipo)]) for rotulo, valor, tipo in doc.resumo]
    for secao in doc.secoes:
        itens += [_Item("espaco", altura=8), _Item("titulo", secao, altura=18), _Item("cabecalho", secao)]
        itens += [_Item("linha", secao, valores) for valores in secao.linhas]
        if secao.total is not None:
            itens.append(_Item("total", secao, secao.total))
    return itens


def _paginar(itens: list[_Item], altura_util: float) -> list[list[_Item]]:
    """The items page by page; a section's rows go on under its header row repeated."""
    paginas: list[list[_Item]] = [[]]
    livre = altura_util
    for item in itens:
        if item.altura > livre:
            paginas.append([])
            livre = altura_util
            if item.tipo in ("linha", "total"):
                paginas[-1].append(_Item("cabecalho", item.secao))
                livre -= ALTURA_LINHA
            elif item.tipo == "espaco":
                continue
        paginas[-1].append(item)
        livre -= item.altura
    return paginas


class _Pagina:
    def __init__(self, canvas: Canvas, tamanho: tuple[float, float], doc: Documento, cabecalho: Cabecalho):
        self.canvas, self.doc, self.cabecalho = canvas, doc, cabecalho
        self.largura, self.altura = tamanho
        self.util = self.largura - 2 * MARGEM
        # A long title (an extrato names its cliente) and many filters wrap rather than run off the page.
        self.linhas_do_titulo = simpleSplit(doc.titulo, NEGRITO, 11, self.util) or [""]
        self.linhas_de_filtro = simpleSplit(cabecalho.descricao_dos_filtros, FONTE, 8, self.util) or [""]
        self.medidas = {id(s): _medidas(s, self.util) for s in doc.secoes}
        # The resumo's figures right-aligned in one column, clear of its longest label.
        rotulos = [pdfmetrics.stringWidth(rotulo, FONTE, 9) for rotulo, _, _ in doc.resumo]
        valores = [pdfmetrics.stringWidth(formatar(valor, tipo), NEGRITO, 9) for _, valor, tipo in doc.resumo]
        self.fim_do_resumo = MARGEM + max(260, max(rotulos, default=0) + 16 + max(valores, default=0))

    @property
    def altura_do_cabecalho(self) -> float:
        return 16 + 14 * len(self.linhas_do_titulo) + 11 * (len(self.linhas_de_filtro) + 1) + 10

    def cabecalho_e_rodape(self, numero: int, total: int) -> float:
        """Draws the page's header and footer; the y where its content begins."""
        c = self.canvas
        y = self.altura - MARGEM - 12
        c.setFont(NEGRITO, 13)
        c.drawString(MARGEM, y, cabe(self.cabecalho.empresa, NEGRITO, 13, self.util))
        c.setFont(NEGRITO, 11)
        for indice, linha in enumerate(self.linhas_do_titulo):
            y -= 14 if indice else 16
            c.drawString(MARGEM, y, linha)
        c.setFont(FONTE, 8)
        for texto in self.linhas_de_filtro + [self.cabecalho.gerado]:
            y -= 11
            c.drawString(MARGEM, y, texto)
        y -= 6
        c.setLineWidth(0.5)
        c.line(MARGEM, y, self.largura - MARGEM, y)
        c.setFont(FONTE, 8)
        c.drawRightString(self.largura - MARGEM, MARGEM - 16, f"Página {numero} de {total}")
        c.drawString(MARGEM, MARGEM - 16, cabe(self.doc.titulo, FONTE, 8, self.util / 2))
        return y - 4

    def item(self, item: _Item, y: float) -> None:
        c = self.canvas
        base = y - item.altura + 4
        if item.tipo == "resumo":
            c.setFont(FONTE, 9)
            c.drawString(MARGEM, base, item.valores[0])
            c.setFont(NEGRITO, 9)
            c.drawRightString(self.fim_do_resumo, base, item.valores[1])
        elif item.tipo == "titulo":
            c.setFont(NEGRITO, 10)
            c.drawString(MARGEM, base, item.secao.titulo)
        elif item.tipo in ("cabecalho", "linha", "total"):
            negrito = item.tipo != "linha"
            colunas = item.secao.colunas
            # Text to the left, figures to the right; a label in a figure's column ("Total") is text.
            celulas = ([(col.titulo, col.tipo == "texto") for col in colunas] if item.tipo == "cabecalho"
                       else [(formatar(v, col.tipo), col.tipo == "texto" or isinstance(v, str))
                             for v, col in zip(item.valores, colunas)])
            self._linha(item.secao, celulas, base, NEGRITO if negrito else FONTE)
            if negrito:
                c.setLineWidth(0.5)
                linha_y = y - item.altura + 1 if item.tipo == "cabecalho" else y
                c.line(MARGEM, linha_y, MARGEM + sum(self.medidas[id(item.secao)].larguras), linha_y)

    def _linha(self, secao: Secao, celulas: list[tuple[str, bool]], base: float, fonte: str) -> None:
        c = self.canvas
        larguras, corpo = self.medidas[id(secao)].larguras, self.medidas[id(secao)].corpo
        c.setFont(fonte, corpo)
        x = MARGEM
        for indice, ((texto, a_esquerda), largura) in enumerate(zip(celulas, larguras)):
            if a_esquerda:
                # A label ("Total do período" in a date column) runs on over the empty cells after it.
                livre = largura
                for (seguinte, _), outra in zip(celulas[indice + 1:], larguras[indice + 1:]):
                    if seguinte:
                        break
                    livre += outra
                c.drawString(x + 2, base, cabe(texto, fonte, corpo, livre - 6))
            else:
                c.drawRightString(x + largura - 4, base, cabe(texto, fonte, corpo, largura - 6))
            x += largura


def escrever(doc: Documento, cabecalho: Cabecalho, saida: BinaryIO,
             progresso: Callable[[float], None] = lambda fracao: None) -> None:
    """Writes the file into `saida`; `progresso(0..1)` is told how far the rows have got."""
    linhas = sum(s.quantas_linhas for s in doc.secoes)
    if linhas > LINHAS_NO_MAXIMO:
        raise Validacao(f"O PDF comporta até {formatar(LINHAS_NO_MAXIMO, 'inteiro')} linhas e esta exportação tem "
                        f"{formatar(linhas, 'inteiro')}. Exporte em Excel (XLSX), que não tem esse limite, "
                        "ou filtre um período menor.")
    doc = replace(doc, secoes=[replace(s, linhas=list(s.linhas), quantidade=None) for s in doc.secoes])
    _registrar_fontes()
    tamanho = landscape(A4) if _precisa_paisagem(doc) else A4
    canvas = Canvas(saida, pagesize=tamanho, pageCompression=1, initialFontName=FONTE)
    canvas.setTitle(f"{doc.titulo} — {cabecalho.empresa}")
    canvas.setAuthor(cabecalho.empresa)
    pagina = _Pagina(canvas, tamanho, doc, cabecalho)
    altura_util = pagina.altura - 2 * MARGEM - pagina.altura_do_cabecalho
    paginas = _paginar(_itens(doc), altura_util)
    linhas = max(linhas, 1)
    feitas = 0
    for numero, itens in enumerate(paginas, start=1):
        y = pagina.cabecalho_e_rodape(numero, len(paginas))
        for item in itens:
            pagina.item(item, y)
            y -= item.altura
            if item.tipo == "linha":
                feitas += 1
                if feitas % AVISAR_A_CADA == 0:
                    progresso(feitas / linhas)
        canvas.showPage()
    canvas.save()
