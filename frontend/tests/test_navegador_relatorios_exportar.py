"""Exporting a report in Chromium, against the live services, through the frontend only: the owner
opens the fluxo de caixa (the studio of test_navegador_relatorios_fluxo.py), groups it by day and
exports it as Excel and as PDF from the screen's "Exportar" menu; each file downloads by itself
once the server has made it, and holds the screen's filter and totals (the XLSX as typed cells,
the PDF as text).
"""
import io
import re
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
from playwright.sync_api import expect
from pypdf import PdfReader

from shared.config import hoje

# pytest's importlib mode puts no test folder on sys.path; the studio is the fluxo test's, beside this one.
sys.path.insert(0, str(Path(__file__).parent))
from test_navegador_relatorios_fluxo import SENHA, estudio  # noqa: E402,F401


def exportar(pagina, formato: str, lugar=None) -> bytes:
    """Chooses the format in the Exportar menu of the screen (or of `lugar` in it, a dialog); the
    file the browser downloads by itself."""
    lugar = lugar or pagina
    lugar.get_by_role("button", name="Exportar", exact=True).click()
    with pagina.expect_download(timeout=30_000) as baixado:
        lugar.get_by_role("button", name=formato, exact=True).click()
    with open(baixado.value.path(), "rb") as arquivo:
        return arquivo.read()


def reais(texto: str) -> Decimal:
    """"R$ 1.500,00" (as the screen writes it) → Decimal("1500.00")."""
    return Decimal(re.sub(r"[^\d,-]", "", texto).replace(",", "."))


def test_o_fluxo_exportado_em_excel_e_pdf_e_o_da_tela(abrir_pagina, entrar, estudio):
    pagina = abrir_pagina()
    entrar(pagina, estudio["dona"]["username"], SENHA)
    pagina.get_by_role("navigation", name="Módulos").get_by_role("link", name="Relatórios").click()
    pagina.get_by_label("Agrupar").select_option("dia")
    expect(pagina).to_have_url(re.compile(r"/relatorios\?.*agrupamento=dia"))
    rodape = pagina.get_by_role("table", name="Fluxo de caixa por período").locator("tfoot td")
    expect(rodape).to_have_count(3)
    na_tela = [reais(texto) for texto in rodape.all_inner_texts()]  # entradas, saídas, saldo final

    folha = openpyxl.load_workbook(io.BytesIO(exportar(pagina, "Excel (XLSX)"))).active
    linhas = [[celula.value for celula in linha] for linha in folha.iter_rows()]
    assert linhas[0][0] == "Fluxo de caixa realizado"
    assert linhas[1][0] == estudio["empresa"]["nome"]
    assert "Agrupamento: Dia" in linhas[2][0]
    total = next(linha for linha in linhas if linha[0] == "Total")
    assert all(isinstance(valor, (int, float)) for valor in total[2:5])  # numbers, not text
    assert [Decimal(str(valor)) for valor in total[2:5]] == na_tela
    dias = [linha[0].date() for linha in linhas if hasattr(linha[0], "date")]
    assert hoje() in dias
    expect(pagina.get_by_role("link", name="Baixar de novo o arquivo Excel (XLSX)")).to_be_visible()

    pdf = PdfReader(io.BytesIO(exportar(pagina, "PDF")))
    texto = "\n".join(p.extract_text() for p in pdf.pages)
    assert estudio["empresa"]["nome"] in texto and "Fluxo de caixa realizado" in texto
    assert "Agrupamento: Dia" in texto
    for texto_na_tela in rodape.all_inner_texts():
        assert texto_na_tela.replace("\xa0", " ") in texto
    expect(pagina.get_by_role("button", name="Exportar", exact=True)).to_be_enabled()
