"""Spreadsheet exports: CSV as Brazilian spreadsheets open it, and cells that cannot become formulas.

A text cell that begins with `=`, `+`, `-` or `@` (or a tab or carriage return, which some
spreadsheets skip before looking) is read by Excel, LibreOffice and Google Sheets as a formula:
`=HYPERLINK("http://…","Clique")` in a bank memo that a rule copied into a lançamento's description
would be a live link, or worse, in the accountant's spreadsheet (CWE-1236). Every free-text cell
goes through `texto()`, which puts an apostrophe before such a start: the cell is then text. Numbers
the export formats itself ("-45,90") are not free text and go as they are.
"""
import csv
import io
from collections.abc import Iterable, Iterator

INICIOS_DE_FORMULA = ("=", "+", "-", "@", "\t", "\r")
LINHAS_POR_BLOCO = 500


def texto(valor: str | None) -> str:
    """A free-text value as a cell that is always text."""
    if not valor:
        return ""
    return "'" + valor if valor.startswith(INICIOS_DE_FORMULA) else valor


def csv_em_blocos(cabecalho: Iterable[str], linhas: Iterable[list]) -> Iterator[str]:
    """The CSV of `linhas` under `cabecalho`, in blocks of LINHAS_POR_BLOCO rows, so that a large
    export streams without being held whole. `;` between cells and a BOM first: a spreadsheet in
    Portuguese then splits the columns and reads the accents right, where "," is the decimal comma."""
    buffer = io.StringIO()
    escritor = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    escritor.writerow(cabecalho)
    yield "\ufeff" + _esvaziar(buffer)
    for n, linha in enumerate(linhas, start=1):
        escritor.writerow(linha)
        if n % LINHAS_POR_BLOCO == 0:
            yield _esvaziar(buffer)
    yield _esvaziar(buffer)


def _esvaziar(buffer: io.StringIO) -> str:
    conteudo = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return conteudo
