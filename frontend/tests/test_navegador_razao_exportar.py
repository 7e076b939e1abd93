"""Exporting the ledger in Chromium, against the live services: the owner filters the ledger
(the next 30 days, receitas), exports it from its "Exportar" menu as Excel — relatorios-api's razão,
made in the background — and the downloaded sheet has the screen's rows and totals as typed cells;
a period without both ends cannot be exported as a file, and the screen says why.
"""
import io
import re
import sys
from datetime import datetime
from pathlib import Path

import openpyxl
from playwright.sync_api import expect

from shared.config import hoje

# pytest's importlib mode puts no test folder on sys.path; the studio is the fluxo test's, beside this one.
sys.path.insert(0, str(Path(__file__).parent))
from test_navegador_relatorios_exportar import exportar  # noqa: E402
from test_navegador_relatorios_fluxo import SENHA, estudio  # noqa: E402,F401


def test_o_livro_filtrado_exportado_em_excel(abrir_pagina, entrar, estudio):
    sufixo = estudio["sufixo"]
    pagina = abrir_pagina()
    entrar(pagina, estudio["dona"]["username"], SENHA)
    pagina.goto("/financeiro?periodo=30dias&tipo=RECEITA")
    livro = pagina.get_by_role("table", name="Lançamentos").locator("tbody tr")
    expect(livro).to_have_count(1)
    expect(livro.first).to_contain_text(f"Ensaio gestante {sufixo}")

    folha = openpyxl.load_workbook(io.BytesIO(exportar(pagina, "Excel (XLSX)"))).active
    linhas = [[celula.value for celula in linha] for linha in folha.iter_rows()]
    assert linhas[0][0] == "Lançamentos" and linhas[1][0] == estudio["empresa"]["nome"]
    assert "Tipo: Receitas" in linhas[2][0]
    dados = [linha for linha in linhas if isinstance(linha[0], datetime)]
    assert [(linha[0].date(), linha[2], linha[7], linha[8], linha[9], linha[10]) for linha in dados] == [
        (hoje(), f"Ensaio gestante {sufixo}", 500, 500, 0, "Recebido")]
    total = next(linha for linha in linhas if linha[0] == "Total (sem os cancelados)")
    assert total[7:10] == [500, 500, 0]
    expect(pagina.get_by_role("link", name="Baixar de novo o arquivo Excel (XLSX)")).to_be_visible()

    # Every date: no period to bound the file, and the screen says what to do.
    pagina.goto("/financeiro?periodo=tudo")
    expect(pagina.get_by_role("table", name="Lançamentos").locator("tbody tr")).to_have_count(2)
    pagina.get_by_role("button", name="Exportar", exact=True).click()
    pagina.get_by_role("button", name="PDF", exact=True).click()
    expect(pagina.get_by_role("alert").filter(has_text=re.compile("escolha um período com início e fim"))).to_be_visible()
