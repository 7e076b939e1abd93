"""What every PDF the services draw with reportlab needs (boletos, reports, holerites). Only the
services that make PDFs import it; each pins reportlab in its own requirements.txt."""
from reportlab.pdfbase.pdfmetrics import stringWidth


def cabe(texto: str, fonte: str, tamanho: float, largura: float) -> str:
    """The text cut with … to fit the width: a box's value or a table's cell stays on its line."""
    if stringWidth(texto, fonte, tamanho) <= largura:
        return texto
    while texto and stringWidth(texto + "…", fonte, tamanho) > largura:
        texto = texto[:-1]
    return texto + "…"
