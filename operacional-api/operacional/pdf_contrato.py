"""A contract's text as a PDF (reportlab, as relatorios-api's exports: its bundled Vera TrueType
fonts render every pt-BR accent with no font installed on the server).

The text is the rendered template, plain text: each line a paragraph, a blank line a space, a line
in capitals (a clause's title) in bold. The text is escaped before reportlab's paragraph markup
reads it, so a "<" typed in a template is printed, not parsed.
"""
from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

FONTE, NEGRITO = "Vera", "VeraBd"
MARGEM = 20 * mm

_NORMAL = ParagraphStyle("normal", fontName=FONTE, fontSize=10, leading=14, spaceAfter=2)
_TITULO = ParagraphStyle("titulo", parent=_NORMAL, fontName=NEGRITO, spaceBefore=6)


def _registrar_fontes() -> None:
    if FONTE not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONTE, "Vera.ttf"))
        pdfmetrics.registerFont(TTFont(NEGRITO, "VeraBd.ttf"))


def _titulo(linha: str) -> bool:
    letras = [c for c in linha if c.isalpha()]
    return bool(letras) and all(c.isupper() for c in letras)


def gerar(texto: str, titulo: str, rodape: str) -> bytes:
    """The PDF's bytes: `texto` on A4 pages, each with `rodape` and its number at the foot."""
    _registrar_fontes()
    saida = BytesIO()
    doc = SimpleDocTemplate(saida, pagesize=A4, leftMargin=MARGEM, rightMargin=MARGEM, topMargin=MARGEM,
                            bottomMargin=MARGEM, title=titulo, author=rodape, creator="ERP Web")

    def pe_de_pagina(canvas, documento):
        canvas.saveState()
        canvas.setFont(FONTE, 8)
        canvas.drawString(MARGEM, 10 * mm, rodape[:120])
        canvas.drawRightString(A4[0] - MARGEM, 10 * mm, f"Página {documento.page}")
        canvas.restoreState()

    historia = []
    for linha in texto.splitlines():
        if not linha.strip():
            historia.append(Spacer(1, 6))
            continue
        estilo = _TITULO if _titulo(linha) else _NORMAL
        historia.append(Paragraph(escape(linha), estilo))
    if not historia:
        historia.append(Spacer(1, 6))
    doc.build(historia, onFirstPage=pe_de_pagina, onLaterPages=pe_de_pagina)
    return saida.getvalue()
