"""The processed folha's files in Chromium, through the frontend only: a funcionário's holerite
downloads as a PDF whose text has the name, the CPF, the net pay and the memo; the folha's files
(all holerites, the summary XLSX, the accounting journal, the accountant's variables) download
from the same screen, with the names of the competência; someone who only reads downloads them too."""
import csv
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

SENHA = "senha-forte-123"
COMPETENCIA = "2026-11"


@pytest.fixture(scope="module")
def estudio(admin_http, nova_equipe):
    """An empresa with a conta, the categorias processing finds by name, Marina at 6.000,00 and
    Otávio at 4.500,00, and November 2026 processed — all through the API."""
    equipe = nova_equipe("Estúdio Arquivos", {
        "dono": ["cadastros:escrever", "rh:escrever", "financeiro:escrever"],
        "leitor": ["rh:ler"],
    })
    sufixo = equipe["sufixo"]
    http = type(admin_http)(admin_http.base)
    http.entrar(equipe["dono"]["username"], SENHA)
    try:
        http.criar("/api/contas", nome=f"Banco {sufixo}", tipo="CORRENTE", banco="341", agencia="1234",
                   numero="12345-6", saldo_inicial="0.00")
        http.criar("/api/categorias", nome=f"Salários {sufixo}", tipo="DESPESA")
        http.criar("/api/categorias", nome=f"Encargos {sufixo}", tipo="DESPESA")
        http.criar("/api/funcionarios", nome="Marina Arquivo", cpf="529.982.247-25", data_admissao="2026-03-02",
                   salario="6000.00", cargo="Editora de imagens")
        http.criar("/api/funcionarios", nome="Otávio Arquivo", cpf="111.444.777-35", data_admissao="2025-01-06",
                   salario="4500.00")
        equipe["folha"] = http.criar("/api/folha/processar", competencia=COMPETENCIA)
    finally:
        http.close()
    return equipe


def _baixar(pagina, alvo) -> tuple[str, bytes]:
    with pagina.expect_download(timeout=30_000) as baixado:
        alvo.click()
    with open(baixado.value.path(), "rb") as arquivo:
        return baixado.value.suggested_filename, arquivo.read()


def _na_folha(pagina) -> None:
    pagina.goto(f"/rh/folha?competencia={COMPETENCIA}")
    expect(pagina.get_by_text(re.compile(r"Folha de novembro de 2026 processada em"))).to_be_visible()


def test_baixar_um_holerite(abrir_pagina, entrar, estudio):
    pagina = abrir_pagina()
    entrar(pagina, estudio["dono"]["username"], SENHA)
    _na_folha(pagina)
    nome, dados = _baixar(pagina, pagina.get_by_role("link", name="PDF do holerite de Marina Arquivo"))
    assert nome == "holerite-2026-11-marina-arquivo.pdf"
    [texto] = [p.extract_text() for p in PdfReader(io.BytesIO(dados)).pages]
    for esperado in ("Marina Arquivo", "529.982.247-25", "Editora de imagens", "Líquido a receber", "R$ 4.973,39",
                     "641,51", "385,10", "Memória de cálculo", "Declaro ter recebido"):
        assert esperado in texto, esperado
    assert "Otávio Arquivo" not in texto


def test_baixar_os_arquivos_da_folha(abrir_pagina, entrar, estudio):
    pagina = abrir_pagina()
    entrar(pagina, estudio["leitor"]["username"], SENHA)
    _na_folha(pagina)

    nome, dados = _baixar(pagina, pagina.get_by_role("link", name="Holerites (PDF)"))
    assert nome == "folha-2026-11-holerites.pdf"
    paginas = [p.extract_text() for p in PdfReader(io.BytesIO(dados)).pages]
    assert len(paginas) == 2 and "Marina Arquivo" in paginas[0] and "Otávio Arquivo" in paginas[1]

    nome, dados = _baixar(pagina, pagina.get_by_role("link", name="Resumo (Excel)"))
    assert nome == "folha-2026-11-resumo.xlsx"
    linhas = list(openpyxl.load_workbook(io.BytesIO(dados), data_only=True)["Resumo"].iter_rows(values_only=True))
    liquido = linhas[5].index("Líquido")
    assert linhas[8][1] == "Total"
    assert Decimal(str(linhas[8][liquido])).quantize(Decimal("0.01")) == Decimal(estudio["folha"]["totais"]["liquido"])

    nome, dados = _baixar(pagina, pagina.get_by_role("link", name="Lançamentos contábeis (CSV)"))
    assert nome == "folha-2026-11-lancamentos-contabeis.csv"
    diario = list(csv.DictReader(io.StringIO(dados.decode("utf-8-sig")), delimiter=";"))
    salarios = next(x for x in diario if x["Histórico"].endswith("(SALARIO)"))
    assert (salarios["Conta débito"], salarios["Conta crédito"], salarios["Valor"]) == (
        "Salários e ordenados", "Salários a pagar", "10500,00")

    nome, dados = _baixar(pagina, pagina.get_by_role("link", name="Variáveis para o contador (CSV)"))
    assert nome == "folha-2026-11-variaveis.csv"
    variaveis = list(csv.DictReader(io.StringIO(dados.decode("utf-8-sig")), delimiter=";"))
    assert {x["Nome"] for x in variaveis} == {"Marina Arquivo", "Otávio Arquivo"}
