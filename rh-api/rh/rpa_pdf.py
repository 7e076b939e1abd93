"""The Recibo de Pagamento a Autônomo (RPA) of a cachê as an A4 PDF: the empresa (fonte pagadora),
the autônomo with the CPF, the service and the evento, bruto, INSS, IRRF and líquido, the date,
the signature line and, in small print, the memo of each figure.

`escrever(empresa, cache, saida)` takes plain data (auth.v_empresas' row and rh/caches.py's cachê);
reportlab's canvas with the embedded Vera fonts, so every pt-BR accent renders with no font
installed on the server.
"""
from decimal import Decimal
from typing import BinaryIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from shared.documentos import formatar as formatar_documento

FONTE, NEGRITO = "Vera", "VeraBd"
MARGEM = 18 * mm
LARGURA, ALTURA = A4
UTIL = LARGURA - 2 * MARGEM
MEMO = 7
# The memos' "→" (rounded to, gives) is not among Vera's glyphs; the PDF writes it as "->".
SEM_GLIFO = str.maketrans({"→": "->"})
MESES = ("janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro",
         "novembro", "dezembro")


def _registrar_fontes() -> None:
    if FONTE not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONTE, "Vera.ttf"))
        pdfmetrics.registerFont(TTFont(NEGRITO, "VeraBd.ttf"))


def _reais(valor: Decimal) -> str:
    inteiro, centavos = f"{valor:,.2f}".split(".")
    return f"R$ {inteiro.replace(',', '.')},{centavos}"


def escrever(empresa: dict, cache: dict, saida: BinaryIO) -> None:
    _registrar_fontes()
    c = Canvas(saida, pagesize=A4)
    c.setTitle(f"RPA nº {cache['numero_rpa']} — {cache['nome']}")
    y = ALTURA - MARGEM

    c.setFont(NEGRITO, 13)
    c.drawString(MARGEM, y - 12, "Recibo de Pagamento a Autônomo — RPA")
    c.setFont(NEGRITO, 11)
    c.drawRightString(LARGURA - MARGEM, y - 12, f"Nº {cache['numero_rpa']}")
    y -= 34

    def bloco(titulo: str, linhas: list[str]) -> None:
        nonlocal y
        c.setFont(NEGRITO, 8)
        c.drawString(MARGEM, y, titulo.upper())
        c.setLineWidth(0.5)
        c.line(MARGEM, y - 3, LARGURA - MARGEM, y - 3)
        y -= 15
        c.setFont(FONTE, 9.5)
        for linha in linhas:
            c.drawString(MARGEM, y, linha)
            y -= 13
        y -= 6

    cnpj = empresa.get("cnpj")
    bloco("Fonte pagadora", [empresa.get("nome") or "", f"CNPJ {formatar_documento(cnpj)}" if cnpj else ""])
    cpf = cache.get("cpf_cnpj")
    bloco("Autônomo (contribuinte individual)", [cache["nome"], f"CPF {formatar_documento(cpf)}" if cpf else ""])
    bloco("Serviço prestado", [f"{cache['papel']} no evento \"{cache['evento_nome']}\"",
                               f"Data do pagamento: {cache['data_pagamento']:%d/%m/%Y}"])

    c.setFont(NEGRITO, 8)
    c.drawString(MARGEM, y, "DISCRIMINAÇÃO")
    c.line(MARGEM, y - 3, LARGURA - MARGEM, y - 3)
    y -= 16
    valores = [("Valor bruto do serviço", cache["bruto"], FONTE),
               ("(−) INSS retido (contribuinte individual, 11 %)", cache["inss"], FONTE),
               ("(−) IRRF retido", cache["irrf"], FONTE),
               ("Valor líquido recebido", cache["liquido"], NEGRITO)]
    for rotulo, valor, fonte in valores:
        c.setFont(fonte, 10)
        c.drawString(MARGEM, y, rotulo)
        c.drawRightString(LARGURA - MARGEM, y, _reais(valor))
        y -= 15
    y -= 10

    c.setFont(FONTE, 9.5)
    dia = cache["data_pagamento"]
    declaracao = (f"Recebi de {empresa.get('nome') or 'a empresa acima'} a importância líquida de "
                  f"{_reais(cache['liquido'])}, pelos serviços prestados como autônomo descritos acima, com as "
                  f"retenções discriminadas.")
    for linha in simpleSplit(declaracao, FONTE, 9.5, UTIL):
        c.drawString(MARGEM, y, linha)
        y -= 13
    y -= 8
    c.drawString(MARGEM, y, f"____________________, {dia.day} de {MESES[dia.month - 1]} de {dia.year}.")
    y -= 46
    c.line(MARGEM, y, MARGEM + 90 * mm, y)
    c.setFont(FONTE, 8.5)
    c.drawString(MARGEM, y - 11, f"{cache['nome']} — CPF {formatar_documento(cpf) if cpf else ''}")
    y -= 34

    c.setFont(NEGRITO, 8)
    c.drawString(MARGEM, y, "MEMÓRIA DE CÁLCULO")
    c.line(MARGEM, y - 3, LARGURA - MARGEM, y - 3)
    y -= 13
    c.setFont(FONTE, MEMO)
    for rubrica in cache["rubricas"]:
        texto = f"{rubrica['descricao']}: {rubrica['memo']}".translate(SEM_GLIFO)
        for linha in simpleSplit(texto, FONTE, MEMO, UTIL):
            if y < MARGEM:
                c.showPage()
                c.setFont(FONTE, MEMO)
                y = ALTURA - MARGEM
            c.drawString(MARGEM, y, linha)
            y -= MEMO + 1.6
        y -= 3
    c.showPage()
    c.save()
