"""Holerites (recibos de pagamento de salário) as an A4 portrait PDF, one funcionário per page.

Each page: the empresa and the run (competência and tipo), the funcionário, the rubricas with
código, descrição, referência, proventos and descontos, the totals and the líquido, the bases of
the charges, the signature line of the receipt and then — the point of the product — the memo of
every rubrica in small print: how each figure was computed. Memos too long for the page go on under
the same header on the next one ("continuação").

`escrever(empresa, holerites, saida)` takes plain data (the folha's payslips or, later, a férias
run's), as relatorios' PDF does: reportlab's canvas with the embedded Vera fonts, so every pt-BR
accent renders with no font installed on the server.
"""
from datetime import date
from decimal import Decimal
from typing import BinaryIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from shared.documentos import formatar as formatar_documento
from shared.pdf import cabe

from rh.exportacoes import TIPOS, bases, mes_por_extenso

FONTE, NEGRITO = "Vera", "VeraBd"
MARGEM = 14 * mm
LARGURA, ALTURA = A4
UTIL = LARGURA - 2 * MARGEM
LINHA = 12.5          # a rubrica's row
MEMO = 6.8            # font size of the memos
ENTRELINHA_MEMO = 8.4
# The table's columns: código, descrição and referência (x where each begins), then the right
# edges of proventos and descontos.
COLUNAS = (0, 76, 236, 440, UTIL - 12)
CODIGO = 6.8  # font size of a rubrica's code (VALE_TRANSPORTE fits)
# The memos' "→" (rounded to, gives) is not among Vera's glyphs; the PDF writes it as "->".
SEM_GLIFO = str.maketrans({"→": "->"})
RECIBO = ("Declaro ter recebido a importância líquida discriminada neste recibo, correspondente aos meus "
          "serviços prestados no período.")


def _registrar_fontes() -> None:
    if FONTE not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONTE, "Vera.ttf"))
        pdfmetrics.registerFont(TTFont(NEGRITO, "VeraBd.ttf"))


def dinheiro(valor: Decimal | str | None) -> str:
    """Decimal("1234.5") → "1.234,50"; None → "—"."""
    if valor is None:
        return "—"
    inteiro, centavos = f"{abs(Decimal(valor)):,.2f}".split(".")
    return f"{'-' if Decimal(valor) < 0 else ''}{inteiro.replace(',', '.')},{centavos}"


def _data(dia: date | None) -> str:
    return "—" if dia is None else f"{dia:%d/%m/%Y}"


class _Holerite:
    """One payslip drawn from the top of a page down; `y` is where the next thing goes."""

    def __init__(self, canvas: Canvas, empresa: dict, h: dict):
        self.c, self.empresa, self.h = canvas, empresa, h
        self.y = ALTURA - MARGEM
        self.informativos: list[dict] = []  # set by rubricas(), printed in the footer

    def _rotulado(self, x: float, rotulo: str, valor: str, largura: float) -> None:
        self.c.setFont(FONTE, 6.5)
        self.c.drawString(x, self.y, rotulo)
        self.c.setFont(NEGRITO, 8)
        self.c.drawString(x, self.y - 10, cabe(valor, NEGRITO, 8, largura - 6))

    def cabecalho(self, continuacao: bool = False) -> None:
        c, h = self.c, self.h
        topo = self.y
        c.setFont(NEGRITO, 11)
        c.drawString(MARGEM + 6, topo - 14, cabe(self.empresa.get("nome") or "", NEGRITO, 11, UTIL * 0.6))
        c.setFont(FONTE, 8)
        cnpj = self.empresa.get("cnpj")
        c.drawString(MARGEM + 6, topo - 26, f"CNPJ {formatar_documento(cnpj)}" if cnpj else "")
        c.setFont(NEGRITO, 10)
        titulo = "Recibo de pagamento de salário" + (" (continuação)" if continuacao else "")
        c.drawRightString(LARGURA - MARGEM - 6, topo - 14, titulo)
        c.setFont(FONTE, 8.5)
        c.drawRightString(LARGURA - MARGEM - 6, topo - 26,
                          f"Competência: {mes_por_extenso(h['competencia'])} · {TIPOS.get(h['tipo'], h['tipo'])}")
        c.setLineWidth(0.6)
        c.rect(MARGEM, topo - 34, UTIL, 34)
        self.y = topo - 34 - 11
        larguras = (40, 150, 80, 80, 100, UTIL - 450)
        x = MARGEM + 6
        cpf = formatar_documento(h["cpf"]) if h.get("cpf") else "—"
        valores = (("Código", str(h["funcionario_id"])), ("Nome", h["nome"]), ("CPF", cpf),
                   ("PIS", h.get("pis") or "—"), ("Cargo", h.get("cargo") or "—"),
                   ("Admissão", _data(h.get("data_admissao"))))
        for largura, (rotulo, valor) in zip(larguras, valores):
            self._rotulado(x, rotulo, valor, largura)
            x += largura
        c.rect(MARGEM, self.y - 16, UTIL, 27)
        self.y -= 16

    def rubricas(self) -> None:
        c = self.c
        topo = self.y
        c.setFillGray(0.92)
        c.rect(MARGEM, topo - 14, UTIL, 14, stroke=0, fill=1)
        c.setFillGray(0)
        self.y = topo - 10
        c.setFont(NEGRITO, 8)
        for x, titulo in zip(COLUNAS[:3], ("Cód.", "Descrição", "Referência")):
            c.drawString(MARGEM + 6 + x, self.y, titulo)
        c.drawRightString(MARGEM + 6 + COLUNAS[3], self.y, "Proventos")
        c.drawRightString(MARGEM + 6 + COLUNAS[4], self.y, "Descontos")
        self.y -= LINHA + 4
        c.setFont(FONTE, 8)
        informativos = []
        for r in self.h["rubricas"]:
            if r["tipo"] == "INFORMATIVO":
                informativos.append(r)
                continue
            c.setFont(FONTE, CODIGO)
            c.drawString(MARGEM + 6, self.y, cabe(r["codigo"], FONTE, CODIGO, COLUNAS[1] - 4))
            c.setFont(FONTE, 8)
            c.drawString(MARGEM + 6 + COLUNAS[1], self.y, cabe(r["descricao"], FONTE, 8, COLUNAS[2] - COLUNAS[1] - 8))
            c.drawString(MARGEM + 6 + COLUNAS[2], self.y,
                         cabe(r["referencia"] or "", FONTE, 8, COLUNAS[3] - COLUNAS[2] - 70))
            direita = COLUNAS[3] if r["tipo"] == "PROVENTO" else COLUNAS[4]
            c.drawRightString(MARGEM + 6 + direita, self.y, dinheiro(r["valor"]))
            self.y -= LINHA
        self.y -= 2
        c.setLineWidth(0.4)
        c.line(MARGEM, self.y + LINHA - 3, LARGURA - MARGEM, self.y + LINHA - 3)
        c.setFont(NEGRITO, 8.5)
        c.drawString(MARGEM + 6 + COLUNAS[2], self.y, "Totais")
        c.drawRightString(MARGEM + 6 + COLUNAS[3], self.y, dinheiro(self.h["bruto"]))
        c.drawRightString(MARGEM + 6 + COLUNAS[4], self.y, dinheiro(self.h["descontos"]))
        self.y -= LINHA + 3
        c.setFont(NEGRITO, 10)
        c.drawString(MARGEM + 6 + COLUNAS[2], self.y, "Líquido a receber")
        c.drawRightString(MARGEM + 6 + COLUNAS[4], self.y, f"R$ {dinheiro(self.h['liquido'])}")
        self.y -= 8
        c.setLineWidth(0.6)
        c.rect(MARGEM, self.y, UTIL, topo - self.y)
        self.informativos = informativos

    def rodape_de_bases(self) -> None:
        b = bases(self.h)
        self.y -= 14
        itens = (("Salário-base", dinheiro(b.salario_base)), ("Sal. contribuição INSS", dinheiro(b.base_inss)),
                 ("Base de cálculo FGTS", dinheiro(b.base_fgts)), ("FGTS do mês", dinheiro(b.fgts)),
                 ("Base de cálculo IRRF", dinheiro(b.base_irrf)))
        largura = UTIL / len(itens)
        for n, (rotulo, valor) in enumerate(itens):
            self._rotulado(MARGEM + 6 + n * largura, rotulo, valor, largura)
        self.c.rect(MARGEM, self.y - 16, UTIL, 27)
        self.y -= 28
        outros = [r for r in self.informativos if r["codigo"] != "FGTS"]
        if outros:
            self.c.setFont(FONTE, 7.5)
            texto = "Informativos (não somam ao líquido): " + "; ".join(
                f"{r['descricao']} {r['referencia'] or ''} {dinheiro(r['valor'])}".replace("  ", " ") for r in outros)
            for linha in simpleSplit(texto, FONTE, 7.5, UTIL - 12):
                self.c.drawString(MARGEM + 6, self.y, linha)
                self.y -= 9.5

    def recibo(self) -> None:
        c = self.c
        self.y -= 6
        c.setFont(FONTE, 7.5)
        for linha in simpleSplit(RECIBO, FONTE, 7.5, UTIL - 12):
            c.drawString(MARGEM + 6, self.y, linha)
            self.y -= 9.5
        self.y -= 16
        c.setLineWidth(0.4)
        c.line(MARGEM + 6, self.y, MARGEM + 110, self.y)
        c.line(MARGEM + 140, self.y, LARGURA - MARGEM - 6, self.y)
        c.setFont(FONTE, 6.5)
        c.drawString(MARGEM + 6, self.y - 8, "Data")
        c.drawString(MARGEM + 140, self.y - 8, f"Assinatura de {self.h['nome']}")
        self.y -= 26

    def memorias(self) -> list[str]:
        """The memo lines (rubricas, then the avisos), wrapped to the page's width."""
        linhas = []
        for r in self.h["rubricas"]:
            if r.get("memo"):
                texto = f"{r['codigo']} — {r['descricao']}: {r['memo']}".translate(SEM_GLIFO)
                linhas += simpleSplit(texto, FONTE, MEMO, UTIL - 12)
        for aviso in self.h.get("avisos") or []:
            linhas += simpleSplit(f"Atenção: {aviso}".translate(SEM_GLIFO), FONTE, MEMO, UTIL - 12)
        return linhas


def _pagina_do_holerite(canvas: Canvas, empresa: dict, h: dict) -> None:
    folha = _Holerite(canvas, empresa, h)
    folha.cabecalho()
    folha.rubricas()
    folha.rodape_de_bases()
    folha.recibo()
    linhas = folha.memorias()
    if not linhas:
        return
    titulo = "Memória de cálculo"
    while linhas:
        canvas.setFont(NEGRITO, 8)
        canvas.drawString(MARGEM, folha.y, titulo)
        folha.y -= ENTRELINHA_MEMO + 2
        canvas.setFont(FONTE, MEMO)
        while linhas and folha.y > MARGEM:
            canvas.drawString(MARGEM + 6, folha.y, linhas.pop(0))
            folha.y -= ENTRELINHA_MEMO
        if linhas:
            canvas.showPage()
            folha.y = ALTURA - MARGEM
            folha.cabecalho(continuacao=True)
            folha.y -= 14
            titulo = "Memória de cálculo (continuação)"


def escrever(empresa: dict, holerites: list[dict], saida: BinaryIO) -> None:
    """The payslips, each from a new page, into `saida`. `empresa`: {"nome", "cnpj"}; each payslip:
    funcionario_id, nome, cpf, pis, cargo, data_admissao, salario_base, competencia, tipo, rubricas
    [{codigo, descricao, tipo, referencia, valor, memo}], bruto, descontos, liquido, fgts, avisos."""
    _registrar_fontes()
    canvas = Canvas(saida, pagesize=A4, pageCompression=1)
    canvas.setTitle("Recibos de pagamento de salário")
    canvas.setAuthor(empresa.get("nome") or "")
    for h in holerites:
        _pagina_do_holerite(canvas, empresa, h)
        canvas.showPage()
    canvas.save()
