"""The folha's summary as an XLSX: one row per funcionário, one column per rubrica present
(proventos, then descontos, then informativos), bruto, descontos, líquido and FGTS, and a totals
row of SUM formulas (with their values cached, so a reader that does not calculate sees them too);
a second sheet with every rubrica's memo.

Cells are typed as relatorios' exports type them: money a number formatted "R$" #,##0.00, dates
dates, text written only as text (a name that begins with "=" is never a formula). XlsxWriter in
`constant_memory` mode writes each row to a temporary file as it goes, so memory stays flat
however large the folha; rows are therefore written strictly in order.
"""
from datetime import datetime
from decimal import Decimal
from typing import BinaryIO
from zoneinfo import ZoneInfo

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from shared.config import FUSO
from shared.documentos import formatar as formatar_documento

from rh.exportacoes import TIPOS, VINCULOS, tipo_da_folha

ORDEM = {"PROVENTO": 0, "DESCONTO": 1, "INFORMATIVO": 2}
FIXAS = ("Código", "Funcionário", "CPF", "Cargo", "Vínculo", "Admissão")
TOTAIS = (("bruto", "Bruto"), ("descontos", "Descontos"), ("liquido", "Líquido"), ("fgts", "FGTS"))
PRIMEIRA_LINHA = 5  # the table's header row (0-based), under the title and the folha's data


def colunas_de_rubrica(holerites: list[dict]) -> list[tuple[str, str, str]]:
    """(código, tipo, título) of every rubrica present: proventos, descontos, informativos, each in
    the order it first appears; a código printed under several names (SALARIO: Salário, Pró-labore)
    gets them all."""
    vistas: dict[tuple[str, str], list[str]] = {}
    for h in holerites:
        for r in h["rubricas"]:
            nomes = vistas.setdefault((r["codigo"], r["tipo"]), [])
            if r["descricao"] not in nomes:
                nomes.append(r["descricao"])
    ordem = sorted(vistas, key=lambda chave: ORDEM[chave[1]])
    return [(codigo, tipo, " / ".join(vistas[(codigo, tipo)])) for codigo, tipo in ordem]


def escrever(empresa: dict, folha: dict, holerites: list[dict], saida: BinaryIO) -> None:
    livro = xlsxwriter.Workbook(saida, {"constant_memory": True, "default_date_format": "dd/mm/yyyy"})
    negrito = livro.add_format({"bold": True})
    titulo = livro.add_format({"bold": True, "font_size": 14})
    cabecalho = livro.add_format({"bold": True, "bottom": 1, "bg_color": "#EEEEEE", "text_wrap": True,
                                  "valign": "top"})
    dinheiro = livro.add_format({"num_format": '"R$" #,##0.00'})
    total = livro.add_format({"num_format": '"R$" #,##0.00', "bold": True, "top": 1})
    rotulo_total = livro.add_format({"bold": True, "top": 1})
    data = livro.add_format({"num_format": "dd/mm/yyyy"})
    mes = livro.add_format({"num_format": "mm/yyyy", "align": "left"})
    data_hora = livro.add_format({"num_format": "dd/mm/yyyy hh:mm", "align": "left"})

    rubricas = colunas_de_rubrica(holerites)
    resumo = livro.add_worksheet("Resumo")
    resumo.set_column(0, 0, 8)
    resumo.set_column(1, 1, 30)
    resumo.set_column(2, 3, 16)
    resumo.set_column(4, 5, 11)
    resumo.set_column(len(FIXAS), len(FIXAS) + len(rubricas) + len(TOTAIS) - 1, 15)
    resumo.write_string(0, 0, f"{empresa.get('nome') or ''} — {TIPOS.get(tipo_da_folha(folha), 'Folha')}", titulo)
    resumo.write_string(1, 0, "Competência")
    resumo.write_datetime(1, 1, datetime.combine(folha["competencia"], datetime.min.time()), mes)
    resumo.write_string(2, 0, "Processada em")
    processada = folha["processada_em"].astimezone(ZoneInfo(FUSO)).replace(tzinfo=None)
    resumo.write_datetime(2, 1, processada, data_hora)
    resumo.write_string(2, 2, f"versão {folha['versao']}")

    titulos = [*FIXAS, *(f"{descricao} ({codigo})" for codigo, _, descricao in rubricas),
               *(rotulo for _, rotulo in TOTAIS)]
    for coluna, texto in enumerate(titulos):
        resumo.write_string(PRIMEIRA_LINHA, coluna, texto, cabecalho)
    linha = PRIMEIRA_LINHA
    somas = [Decimal("0.00")] * (len(rubricas) + len(TOTAIS))
    for h in holerites:
        linha += 1
        valores = {(r["codigo"], r["tipo"]): Decimal(r["valor"]) for r in h["rubricas"]}
        resumo.write_number(linha, 0, h["funcionario_id"])
        resumo.write_string(linha, 1, h["nome"])
        resumo.write_string(linha, 2, formatar_documento(h["cpf"]) if h.get("cpf") else "")
        resumo.write_string(linha, 3, h.get("cargo") or "")
        resumo.write_string(linha, 4, VINCULOS.get(h["vinculo"], h["vinculo"]))
        if h.get("data_admissao"):
            resumo.write_datetime(linha, 5, datetime.combine(h["data_admissao"], datetime.min.time()), data)
        figuras = [valores.get((codigo, tipo)) for codigo, tipo, _ in rubricas]
        figuras += [Decimal(h[campo]) for campo, _ in TOTAIS]
        for n, valor in enumerate(figuras):
            if valor is not None:
                resumo.write_number(linha, len(FIXAS) + n, float(valor), dinheiro)
                somas[n] += valor
    primeira, ultima = PRIMEIRA_LINHA + 1, linha
    linha += 1
    resumo.write_string(linha, 1, "Total", rotulo_total)
    for n, soma in enumerate(somas):
        coluna = len(FIXAS) + n
        intervalo = f"{xl_rowcol_to_cell(primeira, coluna)}:{xl_rowcol_to_cell(ultima, coluna)}"
        resumo.write_formula(linha, coluna, f"=SUM({intervalo})", total, float(soma))
    resumo.freeze_panes(PRIMEIRA_LINHA + 1, 2)

    memorias = livro.add_worksheet("Memória de cálculo")
    for coluna, largura in enumerate((8, 30, 14, 28, 12, 18, 15, 110)):
        memorias.set_column(coluna, coluna, largura)
    for coluna, texto in enumerate(("Código", "Funcionário", "Rubrica", "Descrição", "Tipo", "Referência", "Valor",
                                    "Como foi calculado")):
        memorias.write_string(0, coluna, texto, cabecalho)
    linha = 0
    for h in holerites:
        for r in h["rubricas"]:
            linha += 1
            memorias.write_number(linha, 0, h["funcionario_id"])
            memorias.write_string(linha, 1, h["nome"])
            memorias.write_string(linha, 2, r["codigo"])
            memorias.write_string(linha, 3, r["descricao"])
            memorias.write_string(linha, 4, r["tipo"].capitalize())
            memorias.write_string(linha, 5, r["referencia"] or "")
            memorias.write_number(linha, 6, float(Decimal(r["valor"])), dinheiro)
            memorias.write_string(linha, 7, r["memo"] or "")
        for aviso in h.get("avisos") or []:
            linha += 1
            memorias.write_number(linha, 0, h["funcionario_id"])
            memorias.write_string(linha, 1, h["nome"])
            memorias.write_string(linha, 2, "AVISO", negrito)
            memorias.write_string(linha, 7, aviso)
    memorias.freeze_panes(1, 0)
    livro.close()
