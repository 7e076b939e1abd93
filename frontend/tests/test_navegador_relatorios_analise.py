"""Por categoria, Projeção de caixa and Inadimplência with the extrato do cliente in Chromium, against
the live services, through the frontend only: each report opened from the menu and its tab, a filter
changed (the address and the figures follow), a line down to the ledger (with the same filter), and
its file exported and downloaded (the XLSX read back with numbers as numbers; the extrato's PDF as
text). The fluxo de caixa has the same proof in test_navegador_relatorios_fluxo.py and _exportar.py.

Carla's wedding (Casamentos, R$ 800,00, competência and due 45 days ago) is part paid: R$ 300,00 ten
days ago. Her session (Ensaios, R$ 400,00, this month's competência) is due in 10 days, the studio's
rent (R$ 200,00) in 5. So this month's receitas by competência are Ensaios alone; over 12 months
Casamentos is 66,67%. From today's R$ 300,00 (+ the overdue R$ 500,00 counted today) the projection's
lowest day is the rent's, R$ 600,00. Carla owes R$ 900,00, and her extrato up to today ends at R$ 500,00.
"""
import io
import re
import sys
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from shared.config import hoje

# pytest's importlib mode puts no test folder on sys.path; the export helpers are the exportar test's.
sys.path.insert(0, str(Path(__file__).parent))
from test_navegador_relatorios_exportar import exportar  # noqa: E402

SENHA = "senha-forte-123"


@pytest.fixture(scope="module")
def estudio(admin_http, nova_equipe):
    equipe = nova_equipe("Estúdio Provas", {"dona": ["relatorios:ler", "financeiro:escrever", "cadastros:escrever"]})
    sufixo = equipe["sufixo"]
    http = type(admin_http)(admin_http.base)
    http.entrar(equipe["dona"]["username"], SENHA)
    try:
        conta = http.criar("/api/contas", nome=f"Caixa {sufixo}", tipo="CAIXA", saldo_inicial="0.00",
                           data_saldo_inicial=(hoje() - timedelta(days=90)).isoformat())
        casamentos = http.criar("/api/categorias", nome=f"Casamentos {sufixo}", tipo="RECEITA")
        ensaios = http.criar("/api/categorias", nome=f"Ensaios {sufixo}", tipo="RECEITA")
        aluguel = http.criar("/api/categorias", nome=f"Aluguel {sufixo}", tipo="DESPESA")
        carla = http.criar("/api/clientes", nome=f"Carla Dias {sufixo}")
        vencimento = hoje() - timedelta(days=45)
        casamento = http.criar("/api/lancamentos", tipo="RECEITA", descricao=f"Casamento {sufixo}", valor="800.00",
                               data_vencimento=vencimento.isoformat(), competencia=vencimento.strftime("%Y-%m"),
                               categoria_id=casamentos["id"], conta_id=conta["id"], cliente_id=carla["id"])
        http.criar(f"/api/lancamentos/{casamento['id']}/baixas", valor="300.00",
                   data=(hoje() - timedelta(days=10)).isoformat(), conta_id=conta["id"])
        http.criar("/api/lancamentos", tipo="RECEITA", descricao=f"Ensaio {sufixo}", valor="400.00",
                   data_vencimento=(hoje() + timedelta(days=10)).isoformat(), competencia=hoje().strftime("%Y-%m"),
                   categoria_id=ensaios["id"], conta_id=conta["id"], cliente_id=carla["id"])
        http.criar("/api/lancamentos", tipo="DESPESA", descricao=f"Aluguel {sufixo}", valor="200.00",
                   data_vencimento=(hoje() + timedelta(days=5)).isoformat(), categoria_id=aluguel["id"],
                   conta_id=conta["id"])
    finally:
        http.close()
    return {**equipe, "carla": carla, "casamentos": casamentos}


def abrir(abrir_pagina, entrar, estudio, aba: str, rota: str):
    """Logged in, Relatórios from the menu, then the report's tab."""
    pagina = abrir_pagina()
    entrar(pagina, estudio["dona"]["username"], SENHA)
    pagina.get_by_role("navigation", name="Módulos").get_by_role("link", name="Relatórios").click()
    pagina.get_by_role("link", name=aba, exact=True).click()
    expect(pagina).to_have_url(re.compile(rf"{rota}$"))
    expect(pagina.get_by_role("link", name=aba, exact=True)).to_have_attribute("aria-current", "page")
    return pagina


def planilha(conteudo: bytes) -> list[list]:
    return [[celula.value for celula in linha] for linha in openpyxl.load_workbook(io.BytesIO(conteudo)).active.iter_rows()]


def linha_com(linhas, primeiro) -> list:
    return next(linha for linha in linhas if linha[0] == primeiro)


def numeros(valores) -> list[Decimal]:
    """Cells that must be numbers (not text), as the screen's figures."""
    assert all(isinstance(v, (int, float)) for v in valores), valores
    return [Decimal(str(v)).quantize(Decimal("0.0001")) for v in valores]


def test_por_categoria_do_menu_ao_livro_e_a_planilha(abrir_pagina, entrar, estudio):
    sufixo = estudio["sufixo"]
    pagina = abrir(abrir_pagina, entrar, estudio, "Por categoria", "/relatorios/analise")
    tabela = pagina.get_by_role("table", name="Valores por categoria")
    expect(tabela.locator("tbody tr")).to_have_count(1)  # this month, by competência: the session only
    expect(tabela.get_by_role("row").filter(has_text=f"Ensaios {sufixo}")).to_contain_text("100,00%")

    pagina.get_by_role("button", name="Últimos 12 meses").click()
    expect(pagina).to_have_url(re.compile(r"/relatorios/analise\?.*periodo=12meses"))
    casamentos = tabela.get_by_role("row").filter(has_text=f"Casamentos {sufixo}")
    expect(casamentos).to_contain_text("R$ 800,00")
    expect(casamentos).to_contain_text("66,67%")
    expect(pagina.locator(".resumo-relatorio")).to_contain_text("R$ 1.200,00")

    linhas = planilha(exportar(pagina, "Excel (XLSX)"))
    assert linhas[0][0] == "Análise por categoria"
    assert numeros(linha_com(linhas, f"Casamentos {sufixo}")[1:3]) == [Decimal("800"), Decimal("0.6667")]
    assert numeros(linha_com(linhas, f"Ensaios {sufixo}")[1:3]) == [Decimal("400"), Decimal("0.3333")]
    assert numeros(linha_com(linhas, "Total")[1:2]) == [Decimal("1200")]

    # Down to the ledger: the same categoria, tipo and competência dates.
    casamentos.click()
    expect(pagina).to_have_url(re.compile(r"/financeiro\?.*data=competencia.*tipo=RECEITA"
                                          rf".*categoria_id={estudio['casamentos']['id']}"))
    expect(pagina.get_by_label("Período por")).to_have_value("competencia")
    expect(pagina.get_by_role("combobox", name="Categoria", exact=True)).to_have_value(str(estudio["casamentos"]["id"]))
    livro = pagina.get_by_role("table", name="Lançamentos").locator("tbody tr")
    expect(livro).to_have_count(1)
    expect(livro.first).to_contain_text(f"Casamento {sufixo}")


def test_projecao_filtrada_exportada_e_o_dia_no_livro(abrir_pagina, entrar, estudio):
    sufixo = estudio["sufixo"]
    pagina = abrir(abrir_pagina, entrar, estudio, "Projeção de caixa", "/relatorios/projecao")
    tabela = pagina.get_by_role("table", name="Saldo previsto dia a dia")
    expect(tabela.locator("tbody tr")).to_have_count(3)  # today, the rent's day, the session's day

    # The overdue wedding left out: the address says so and today's balance loses its R$ 500,00.
    pagina.get_by_label("O que já venceu").select_option("excluir")
    expect(pagina).to_have_url(re.compile(r"/relatorios/projecao\?.*vencidos=excluir"))
    dia_do_aluguel = hoje() + timedelta(days=5)
    linha = tabela.get_by_role("row").filter(has=pagina.get_by_role("link", name=f"{dia_do_aluguel:%d/%m/%Y}"))
    expect(linha).to_contain_text("R$ 100,00")  # 300 − 200
    expect(linha).to_contain_text("menor saldo")

    linhas = planilha(exportar(pagina, "Excel (XLSX)"))
    assert linhas[0][0] == "Fluxo de caixa projetado" and "Vencidos: Fora da projeção" in linhas[2][0]
    assert numeros(linha_com(linhas, "Saldo atual")[1:2]) == [Decimal("300")]
    assert numeros(linha_com(linhas, "Menor saldo")[1:2]) == [Decimal("100")]
    dia = next(linha for linha in linhas if hasattr(linha[0], "date") and linha[0].date() == dia_do_aluguel)
    assert numeros(dia[1:4]) == [Decimal("0"), Decimal("200"), Decimal("100")]

    linha.get_by_role("link", name=f"{dia_do_aluguel:%d/%m/%Y}").click()
    expect(pagina).to_have_url(re.compile(rf"/financeiro\?de={dia_do_aluguel.isoformat()}"
                                          rf"&ate={dia_do_aluguel.isoformat()}&status=PENDENTE&status=PARCIAL$"))
    livro = pagina.get_by_role("table", name="Lançamentos").locator("tbody tr")
    expect(livro).to_have_count(1)
    expect(livro.first).to_contain_text(f"Aluguel {sufixo}")


def test_inadimplencia_exportada_e_o_extrato_da_cliente_em_pdf(abrir_pagina, entrar, estudio):
    sufixo, carla = estudio["sufixo"], f"Carla Dias {estudio['sufixo']}"
    pagina = abrir(abrir_pagina, entrar, estudio, "Inadimplência", "/relatorios/inadimplencia")
    expect(pagina.locator(".resumo-relatorio")).to_contain_text("R$ 900,00")

    linhas = planilha(exportar(pagina, "Excel (XLSX)"))
    assert linhas[0][0] == "Inadimplência"
    assert numeros(linha_com(linhas, "Total em aberto")[1:2]) == [Decimal("900")]
    assert numeros(linha_com(linhas, carla)[1:]) == [Decimal(v) for v in ("400", "0", "500", "0", "0", "900")]

    pagina.get_by_role("table", name="Em aberto por cliente").get_by_role("row").filter(has_text=carla).click()
    pagina.get_by_role("dialog", name=f"Em aberto: {carla}").get_by_role(
        "button", name="Ver o extrato do cliente").click()
    dialogo = pagina.get_by_role("dialog", name=f"Extrato: {carla}")
    expect(dialogo).to_contain_text(f"Saldo em {hoje():%d/%m/%Y}: R$ 500,00")

    texto = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(exportar(pagina, "PDF", dialogo))).pages)
    assert f"Extrato de {carla}" in texto and estudio["empresa"]["nome"] in texto
    assert f"Cobrança: Casamento {sufixo}" in texto and f"Pagamento: Casamento {sufixo}" in texto
    assert f"Você deve em {hoje():%d/%m/%Y}" in texto and "R$ 500,00" in texto
