"""A report's Documento as an XLSX whose cells are typed: money a number formatted "R$" #,##0.00,
a date a date, a percentage a fraction formatted as %, so that the accountant's sums work.
A section's rows are read once, in order (an iterator for the razão's hundred thousand).

XlsxWriter, not openpyxl: in `constant_memory` mode it writes each row to a temporary file as it
goes, so memory stays flat however many rows (openpyxl's write_only does too, but more slowly:
100,000 rows take about 6 s here); and it writes text only as text (write_string), so a client's
name that begins with "=" is never a formula.
"""
import re
from datetime import date
from decimal import Decimal
from typing import BinaryIO, Callable

import xlsxwriter

from relatorios.arquivos.documento import Cabecalho, Documento, Tipo

FORMATOS = {"dinheiro": '"R$" #,##0.00', "data": "dd/mm/yyyy", "mes": "mm/yyyy", "percentual": "0.00%", "inteiro": "#,##0"}
LARGURAS = {"dinheiro": 16, "data": 12, "mes": 12, "percentual": 11, "inteiro": 11, "texto": 44}
AVISAR_A_CADA = 1000  # rows between two progress reports


class _Estilos:
    """The workbook's formats, one per (tipo, destaque): XlsxWriter wants each made once."""

    def __init__(self, livro: xlsxwriter.Workbook):
        self.livro = livro
        self.feitos: dict = {}
        self.titulo = livro.add_format({"bold": True, "font_size": 14})
        self.secao = livro.add_format({"bold": True, "font_size": 12})
        self.cabecalho = livro.add_format({"bold": True, "bottom": 1, "bg_color": "#EEEEEE"})

    def de(self, tipo: Tipo, total: bool = False):
        chave = (tipo, total)
        if chave not in self.feitos:
            propriedades = {"num_format": FORMATOS[tipo]} if tipo in FORMATOS else {}
            if total:
                propriedades.update({"bold": True, "top": 1})
            self.feitos[chave] = self.livro.add_format(propriedades)
        return self.feitos[chave]


def _celula(folha, linha: int, coluna: int, valor, formato) -> None:
    """The value as its own type of cell: a number, a date or text (never a formula)."""
    if isinstance(valor, Decimal):
        folha.write_number(linha, coluna, float(valor), formato)
    elif isinstance(valor, bool) or valor is None:
        folha.write_blank(linha, coluna, None, formato)
    elif isinstance(valor, int):
        folha.write_number(linha, coluna, valor, formato)
    elif isinstance(valor, date):
        folha.write_datetime(linha, coluna, valor, formato)
    elif valor == "":
        folha.write_blank(linha, coluna, None, formato)
    else:
        folha.write_string(linha, coluna, str(valor), formato)


def _nome_da_folha(titulo: str) -> str:
    """The title as a sheet may be named: at most 31 characters, none of []:*?/\\ (an extrato's title
    is its cliente's name, "Foto/Vídeo Ltda." included), not starting or ending with an apostrophe."""
    return re.sub(r"[\[\]:*?/\\]", "-", titulo)[:31].strip("'") or "Relatório"


def escrever(doc: Documento, cabecalho: Cabecalho, saida: BinaryIO,
             progresso: Callable[[float], None] = lambda fracao: None) -> None:
    """Writes the file into `saida` (a temporary file on disk for an export: the file is never
    held whole in memory); `progresso(0..1)` is told how far the rows have got."""
    livro = xlsxwriter.Workbook(saida, {"constant_memory": True, "default_date_format": FORMATOS["data"]})
    estilos = _Estilos(livro)
    folha = livro.add_worksheet(_nome_da_folha(doc.titulo))
    largas = max((len(s.colunas) for s in doc.secoes), default=2)
    for coluna in range(largas):
        tipos = {s.colunas[coluna].tipo for s in doc.secoes if coluna < len(s.colunas)}
        folha.set_column(coluna, coluna, max(LARGURAS[t] for t in tipos) if tipos else 16)

    folha.write_string(0, 0, doc.titulo, estilos.titulo)
    topo = [cabecalho.empresa, cabecalho.descricao_dos_filtros, cabecalho.gerado]
    for n, texto in enumerate(topo, start=1):
        folha.write_string(n, 0, texto)
    linha = len(topo) + 2
    for rotulo, valor, tipo in doc.resumo:
        folha.write_string(linha, 0, rotulo)
        _celula(folha, linha, 1, valor, estilos.de(tipo))
        linha += 1

    total_de_linhas = max(sum(s.quantas_linhas for s in doc.secoes), 1)
    escritas = 0
    for secao in doc.secoes:
        linha += 1
        folha.write_string(linha, 0, secao.titulo, estilos.secao)
        linha += 1
        for coluna, c in enumerate(secao.colunas):
            folha.write_string(linha, coluna, c.titulo, estilos.cabecalho)
        for valores in secao.linhas:
            linha += 1
            for coluna, c in enumerate(secao.colunas):
                _celula(folha, linha, coluna, valores[coluna], estilos.de(c.tipo))
            escritas += 1
            if escritas % AVISAR_A_CADA == 0:
                progresso(escritas / total_de_linhas)
        if secao.total is not None:
            linha += 1
            for coluna, c in enumerate(secao.colunas):
                _celula(folha, linha, coluna, secao.total[coluna], estilos.de(c.tipo, total=True))
        linha += 1
    livro.close()
