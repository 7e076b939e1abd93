"""POST /api/relatorios/export and its job: the files show the screen's figures (the XLSX read back
with openpyxl has the JSON's numbers as numbers and its dates as dates; the PDF's text has its
totals; its first page drawn by PDFium has ink, inside the margins, on a page of the right
orientation), the extrato do cliente as a letter to the cliente, a job whose process died is taken
up by the next look at it (and the old holder can no longer finish it), old files go, a file
is stored and served in parts (byte-identical, in about a part's memory, its empresa's alone),
validation, and tenancy.

The job is a thread of the test's app: tests wait for it by polling its progress, as the screen
does (bounded, never by timing), then join the thread.
"""
import hashlib
import io
import os
import threading
import time
import tracemalloc
from datetime import date, datetime, timedelta
from decimal import Decimal

import openpyxl
import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from shared import config
from shared.errors import NaoEncontrado

from relatorios import exportacoes
from relatorios.arquivos import pdf
from relatorios.arquivos.documento import Cabecalho, Coluna, Documento, Secao

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EMPRESA = "Estúdio Ação & Cia"


@pytest.fixture
def estudio(razao, sql_dono, empresa):
    """This test's empresa, named, with a generated ledger."""
    sql_dono("INSERT INTO auth.empresas (id, nome) VALUES (%s, %s)", (empresa, EMPRESA))
    return razao(empresa, semente=empresa)


def exportar(cliente, relatorio, formato, esperado=202, **parametros) -> dict:
    resposta = cliente.post("/api/relatorios/export",
                            json={"relatorio": relatorio, "formato": formato, "parametros": parametros})
    assert resposta.status_code == esperado, resposta.get_json()
    return resposta.get_json()


def esperar(cliente, exportacao_id) -> dict:
    for _ in range(600):
        resposta = cliente.get(f"/api/relatorios/export/{exportacao_id}")
        assert resposta.status_code == 200, resposta.get_json()
        if resposta.get_json()["status"] in ("pronto", "erro"):
            for thread in threading.enumerate():
                if thread.name == f"exportacao-{exportacao_id}":
                    thread.join()
            return resposta.get_json()
        time.sleep(0.05)
    pytest.fail("a exportação não terminou")


def baixar(cliente, relatorio, formato, **parametros):
    """The file of a finished export of the report, as the browser gets it."""
    criada = exportar(cliente, relatorio, formato, **parametros)
    assert criada["status"] == "pendente"
    assert esperar(cliente, criada["id"]) == {"id": criada["id"], "status": "pronto", "progresso": 100, "erro": None}
    resposta = cliente.get(f"/api/relatorios/export/{criada['id']}/arquivo")
    assert resposta.status_code == 200
    assert resposta.headers["Content-Disposition"].startswith("attachment; filename=")
    assert resposta.headers["Content-Disposition"].endswith(f'.{formato}"')
    return resposta


def planilha(resposta) -> list[list]:
    assert resposta.mimetype == XLSX
    folha = openpyxl.load_workbook(io.BytesIO(resposta.data)).active
    return [[celula for celula in linha] for linha in folha.iter_rows()]


def linha_com(linhas, primeiro) -> list:
    return next(linha for linha in linhas if linha[0].value == primeiro)


def dinheiro(celula) -> Decimal:
    """A money cell: a number (not text), formatted as reais."""
    assert isinstance(celula.value, (int, float)), celula.value
    assert celula.number_format == '"R$" #,##0.00'
    return Decimal(str(celula.value)).quantize(Decimal("0.01"))


def texto_do_pdf(resposta) -> str:
    assert resposta.mimetype == "application/pdf"
    return "\n".join(pagina.extract_text() for pagina in PdfReader(io.BytesIO(resposta.data)).pages)


def brl(valor: str) -> str:
    inteiro, centavos = f"{abs(Decimal(valor)):,.2f}".split(".")
    return f"{'-' if Decimal(valor) < 0 else ''}R$ {inteiro.replace(',', '.')},{centavos}"


# --- the files are the screen ---------------------------------------------------------------


def test_the_fluxo_xlsx_has_the_screens_numbers_as_numbers_and_dates_as_dates(cliente, estudio):
    hoje = config.hoje()
    filtro = {"de": f"{hoje.year - 1}-01-01", "ate": hoje.isoformat(), "agrupamento": "mes"}
    tela = cliente.get("/api/relatorios/fluxo-caixa", query_string=filtro).get_json()
    linhas = planilha(baixar(cliente, "fluxo-caixa", "xlsx", **filtro))

    assert linhas[0][0].value == "Fluxo de caixa realizado"
    assert linhas[1][0].value == EMPRESA
    assert f"De: 01/01/{hoje.year - 1}" in linhas[2][0].value and "Agrupamento: Mês" in linhas[2][0].value
    assert dinheiro(linha_com(linhas, "Saldo inicial")[1]) == Decimal(tela["saldo_inicial"])
    cabecalho = linha_com(linhas, "Início")
    periodos = linhas[linhas.index(cabecalho) + 1:][:len(tela["periodos"])]
    assert len(tela["periodos"]) == 12 + hoje.month
    for linha, periodo in zip(periodos, tela["periodos"]):
        assert [c.value.date() for c in linha[:2]] == [date.fromisoformat(periodo["inicio"]),
                                                       date.fromisoformat(periodo["fim"])]
        assert linha[0].is_date and linha[0].number_format == "dd/mm/yyyy"
        assert [dinheiro(c) for c in linha[2:5]] == [Decimal(periodo[k]) for k in ("entradas", "saidas", "saldo_final")]
    total = linha_com(linhas, "Total")
    assert [dinheiro(c) for c in total[2:5]] == [Decimal(tela[k]) for k in ("entradas", "saidas", "saldo_final")]


def test_the_analise_xlsx_has_percentages_as_percentages(cliente, estudio):
    filtro = {"de": f"{config.hoje().year - 1}-01-01", "ate": config.hoje().isoformat(), "regime": "caixa"}
    tela = cliente.get("/api/relatorios/analise", query_string=filtro).get_json()
    linhas = planilha(baixar(cliente, "analise", "xlsx", **filtro))
    assert "Regime: Caixa" in linhas[2][0].value
    for item in tela["itens"]:
        linha = linha_com(linhas, item["nome"])
        assert dinheiro(linha[1]) == Decimal(item["valor"])
        assert linha[2].number_format == "0.00%"
        assert Decimal(str(linha[2].value)) * 100 == Decimal(item["percentual"])
    assert dinheiro(linha_com(linhas, "Total")[1]) == Decimal(tela["total"])


def test_the_inadimplencia_pdf_has_the_screens_totals_with_accents_in_landscape(cliente, estudio):
    data_base = (config.hoje().replace(day=1)).isoformat()
    tela = cliente.get("/api/relatorios/inadimplencia", query_string={"data_base": data_base}).get_json()
    resposta = baixar(cliente, "inadimplencia", "pdf", data_base=data_base)
    texto = texto_do_pdf(resposta)

    assert EMPRESA in texto and "Inadimplência" in texto
    assert f"Data-base: {date.fromisoformat(data_base):%d/%m/%Y}" in texto
    assert "Gerado em" in texto and "Página 1 de" in texto
    assert brl(tela["total"]) in texto
    for faixa in tela["faixas"]:
        assert brl(faixa["valor"]) in texto
    for cliente_ in tela["clientes"]:
        assert cliente_["nome"] in texto and brl(cliente_["total"]) in texto
    pagina = PdfReader(io.BytesIO(resposta.data)).pages[0]
    assert pagina.mediabox.width > pagina.mediabox.height  # the clientes' seven columns


def test_the_projetado_pdf_has_the_lowest_point_and_every_day(cliente, estudio):
    tela = cliente.get("/api/relatorios/fluxo-caixa/projetado", query_string={"dias": 30}).get_json()
    texto = texto_do_pdf(baixar(cliente, "fluxo-caixa-projetado", "pdf", dias=30))
    assert "Fluxo de caixa projetado" in texto and "Dias: 30" in texto
    assert brl(tela["saldo_atual"]) in texto
    assert brl(tela["menor_saldo"]["valor"]) in texto
    assert date.fromisoformat(tela["menor_saldo"]["data"]).strftime("%d/%m/%Y") in texto
    for dia in tela["dias"]:
        assert f"{date.fromisoformat(dia['data']):%d/%m/%Y}" in texto
    assert brl(tela["dias"][-1]["saldo"]) in texto


def test_the_extrato_xlsx_is_the_clientes_statement_with_the_screens_numbers(cliente, estudio):
    hoje = config.hoje()
    ana, de = estudio.clientes[0], hoje - timedelta(days=400)
    tela = cliente.get(f"/api/relatorios/extrato-cliente/{ana}",
                       query_string={"de": de.isoformat(), "ate": hoje.isoformat()}).get_json()
    linhas = planilha(baixar(cliente, "extrato-cliente", "xlsx", cliente_id=ana, de=de.isoformat()))

    assert linhas[0][0].value == "Extrato de Ana"
    assert linhas[1][0].value == EMPRESA and "Cliente: Ana" in linhas[2][0].value
    assert linha_com(linhas, "Período")[1].value == f"{de:%d/%m/%Y} a {hoje:%d/%m/%Y}"
    assert dinheiro(linha_com(linhas, f"Saldo anterior em {de:%d/%m/%Y}")[1]) == Decimal(tela["saldo_anterior"])
    assert dinheiro(linha_com(linhas, "Pago no período")[1]) == Decimal(tela["pago"])
    final = Decimal(tela["saldo_final"])
    situacao = "Você deve" if final > 0 else "Saldo a seu favor" if final < 0 else "Nada a pagar"
    assert dinheiro(linha_com(linhas, f"{situacao} em {hoje:%d/%m/%Y}")[1]) == abs(final)

    cabecalho = linha_com(linhas, "Data")
    com_desconto = any(Decimal(m["desconto"]) for m in tela["movimentos"])
    campos = ["cobrado", "pago", "desconto"] if com_desconto else ["cobrado", "pago"]
    assert [c.value for c in cabecalho] == ["Data", "Descrição", *(c.capitalize() for c in campos), "Saldo"]
    inicio = linhas.index(cabecalho) + 1
    assert [c.value for c in linhas[inicio][1:-1]] == ["Saldo anterior", *(None for _ in campos)]
    movimentos = linhas[inicio + 1:][:len(tela["movimentos"])]
    assert len(tela["movimentos"]) > 5
    for linha, movimento in zip(movimentos, tela["movimentos"]):
        assert linha[0].value.date() == date.fromisoformat(movimento["data"])
        assert linha[1].value.endswith(movimento["descricao"])
        assert [dinheiro(c) for c in linha[2:]] == [Decimal(movimento[k]) for k in (*campos, "saldo")]
    total = linha_com(linhas, "Total do período")
    assert [dinheiro(c) for c in total[2:]] == [Decimal(tela[k]) for k in (*campos, "saldo_final")]


def test_the_extrato_pdf_has_the_movements_and_what_the_cliente_owes(cliente, estudio):
    bruno = estudio.clientes[1]
    tela = cliente.get(f"/api/relatorios/extrato-cliente/{bruno}").get_json()
    resposta = baixar(cliente, "extrato-cliente", "pdf", cliente_id=bruno)
    texto = texto_do_pdf(resposta)

    assert "Extrato de Bruno" in texto and EMPRESA in texto and "Cliente: Bruno" in texto
    for campo in ("saldo_anterior", "cobrado", "pago"):
        assert brl(tela[campo]) in texto
    final = Decimal(tela["saldo_final"])
    assert ("Você deve" if final > 0 else "Saldo a seu favor" if final < 0 else "Nada a pagar") in texto
    assert brl(str(abs(final))) in texto
    for movimento in tela["movimentos"]:
        assert brl(movimento["saldo"]) in texto
    assert "Pagamento: Gerado" in texto and "Cobrança: Gerado" in texto
    assert "Total do período" in texto  # a label runs on over the empty cells after it, uncut


def test_another_empresas_cliente_ends_the_extratos_job_as_not_found(cliente, estudio, razao, nova_empresa):
    alheio = razao(nova_empresa(), semente=8).clientes[0]
    criada = exportar(cliente, "extrato-cliente", "xlsx", cliente_id=alheio)
    assert esperar(cliente, criada["id"]) == {"id": criada["id"], "status": "erro", "progresso": 5,
                                              "erro": "Cliente não encontrado"}


# --- the PDF as a viewer draws it ----------------------------------------------------------


def desenhar(conteudo: bytes, destino) -> tuple[float, float, tuple[int, int, int, int], float]:
    """Page 1 drawn by PDFium (Chrome's PDF engine) at 1 px per point and saved to `destino` to look
    at: (width, height) in points, the box the ink covers, and the share of the page that is ink."""
    pagina = pdfium.PdfDocument(conteudo)[0]
    largura, altura = pagina.get_size()
    imagem = pagina.render(scale=1).to_pil().convert("L")
    imagem.save(destino)
    tinta = imagem.point(lambda cinza: 255 if cinza < 200 else 0)
    return largura, altura, tinta.getbbox(), sum(tinta.histogram()[255:]) / (imagem.width * imagem.height)


@pytest.mark.parametrize("relatorio", ["fluxo-caixa", "inadimplencia", "extrato-cliente"])
def test_a_pdf_page_draws_inside_its_margins_in_the_right_orientation(cliente, estudio, tmp_path, relatorio):
    ana = estudio.clientes[0]
    parametros = {"fluxo-caixa": {"agrupamento": "dia"}, "inadimplencia": {}, "extrato-cliente": {"cliente_id": ana}}
    # Landscape for the clientes' seven columns, and for the extrato's when a desconto adds its column.
    descontos = cliente.get(f"/api/relatorios/extrato-cliente/{ana}").get_json()["desconto"] != "0.00"
    deitada = {"fluxo-caixa": False, "inadimplencia": True, "extrato-cliente": descontos}[relatorio]
    parametros = parametros[relatorio]
    conteudo = baixar(cliente, relatorio, "pdf", **parametros).data
    largura, altura, (esquerda, topo, direita, base), tinta = desenhar(conteudo, tmp_path / f"{relatorio}.png")

    assert sorted((round(largura), round(altura))) == [595, 842]  # A4
    assert (largura > altura) == deitada
    assert 0.01 < tinta < 0.3, tinta  # text and rules, not a blank (or black) page
    margem = 14 * 72 / 25.4
    assert esquerda >= margem - 2 and direita <= largura - margem + 2, (esquerda, direita)  # nothing runs off
    assert topo >= margem - 2 and base <= altura - margem + 20, (topo, base)  # the foot sits under the margin


def test_a_clientes_name_no_sheet_or_line_could_hold_is_written_whole(cliente, estudio, sql_dono, tmp_path):
    nome = "'Foto/Vídeo [SP]: “Ação” =HYPERLINK(\"http://x\") " + "com um nome muito longo " * 6
    sql_dono("UPDATE cadastros.clientes SET nome = %s WHERE id = %s", (nome, estudio.clientes[0]),
             empresa_id=estudio.empresa_id)

    livro = openpyxl.load_workbook(io.BytesIO(baixar(cliente, "extrato-cliente", "xlsx",
                                                     cliente_id=estudio.clientes[0]).data))
    assert livro.active.title == "Extrato de 'Foto-Vídeo -SP-- “A"  # 31 characters, no []:*?/
    assert livro.active["A1"].value == f"Extrato de {nome}" and livro.active["A1"].data_type == "s"

    conteudo = baixar(cliente, "extrato-cliente", "pdf", cliente_id=estudio.clientes[0]).data
    assert "Extrato de 'Foto/Vídeo [SP]: “Ação”" in PdfReader(io.BytesIO(conteudo)).pages[0].extract_text()
    largura, _, (esquerda, _, direita, _), _ = desenhar(conteudo, tmp_path / "nome-longo.png")
    assert direita <= largura - 14 * 72 / 25.4 + 2  # the title wraps inside the margin


def escrito(escrever, doc: Documento) -> bytes:
    saida = io.BytesIO()
    escrever(doc, Cabecalho(EMPRESA, [], datetime(2026, 1, 2, 9, 30)), saida)
    return saida.getvalue()


def test_a_figure_is_never_cut_its_column_widens_and_the_text_gives_way():
    maior = Decimal("-999999999999.99")  # NUMERIC(14,2)'s largest, negative
    secao = Secao("Movimentos", [Coluna("Data", "data"), Coluna("Descrição", "texto"),
                                 *(Coluna(titulo, "dinheiro") for titulo in ("Cobrado", "Pago", "Desconto", "Saldo"))],
                  [[date(2026, 1, 2), "Casamento " * 20, *[maior] * 4]], ["Total", "", *[maior] * 4])
    conteudo = escrito(pdf.escrever, Documento("Extrato", [("Você deve", maior, "dinheiro")], [secao]))
    texto = PdfReader(io.BytesIO(conteudo)).pages[0].extract_text()
    assert texto.count("-R$ 999.999.999.999,99") == 9 and "Casamento Casamento" in texto and "…" in texto


def test_a_table_wider_than_landscape_narrows_its_type_and_stays_on_the_page(tmp_path):
    meses = [Coluna(f"{mes:02d}/2026", "dinheiro") for mes in range(1, 13)]
    secao = Secao("Demonstração do resultado", [Coluna("Linha da DRE", "texto"), *meses, Coluna("Total", "dinheiro"),
                                                Coluna("% vertical", "percentual")],
                  [["(=) Resultado operacional", *[Decimal("-15836.33")] * 12, Decimal("-190035.96"), Decimal("1")]])
    conteudo = escrito(pdf.escrever, Documento("DRE gerencial", [], [secao]))
    largura, altura, (esquerda, _, direita, _), _ = desenhar(conteudo, tmp_path / "larga.png")
    margem = 14 * 72 / 25.4
    assert largura > altura and esquerda >= margem - 2 and direita <= largura - margem + 2, (esquerda, direita)
    texto = PdfReader(io.BytesIO(conteudo)).pages[0].extract_text()
    assert texto.count("-R$ 15.836,33") == 12 and "-R$ 190.035,96" in texto and "12/2026" in texto


# --- the job --------------------------------------------------------------------------------


def registrar(sql_dono, empresa_id, reservado_ate, **campos) -> int:
    """A job as a process left it (held until `reservado_ate`, an SQL expression)."""
    colunas = {"relatorio": "inadimplencia", "formato": "xlsx", "status": "processando", "tentativas": 1, **campos}
    return sql_dono(
        f"""INSERT INTO relatorios.exportacoes (empresa_id, {', '.join(colunas)}, reservado_ate)
            VALUES (%s, {', '.join(['%s'] * len(colunas))}, {reservado_ate}) RETURNING id""",
        (empresa_id, *colunas.values()), empresa_id=empresa_id)[0]["id"]


def test_a_job_whose_process_died_is_taken_up_and_its_old_holder_cannot_finish_it(app, cliente, estudio, sql_dono):
    parado = registrar(sql_dono, estudio.empresa_id, "now() - interval '1 second'")
    velha_reserva = sql_dono("SELECT reservado_ate FROM relatorios.exportacoes WHERE id = %s",
                             (parado,))[0]["reservado_ate"]
    assert esperar(cliente, parado)["status"] == "pronto"
    job = sql_dono("SELECT tentativas, tamanho FROM relatorios.exportacoes WHERE id = %s", (parado,))[0]
    assert job["tentativas"] == 2 and job["tamanho"]
    partes = sql_dono("SELECT ordem, dados FROM relatorios.exportacao_partes WHERE exportacao_id = %s ORDER BY ordem",
                      (parado,))

    # The process that held it comes back: its lease is no longer the job's, so it changes nothing.
    exportacoes._Trabalho(app.extensions["erp"].db, app.extensions["erp"].barramento, "relatorios-api",
                          estudio.empresa_id, parado, velha_reserva).executar()
    assert sql_dono("SELECT ordem, dados FROM relatorios.exportacao_partes WHERE exportacao_id = %s ORDER BY ordem",
                    (parado,)) == partes


def test_a_held_job_is_left_to_its_holder_and_its_file_is_409_until_ready(cliente, estudio, sql_dono):
    andamento = registrar(sql_dono, estudio.empresa_id, "now() + interval '1 minute'", progresso=40)
    assert cliente.get(f"/api/relatorios/export/{andamento}").get_json() == {
        "id": andamento, "status": "processando", "progresso": 40, "erro": None}
    resposta = cliente.get(f"/api/relatorios/export/{andamento}/arquivo")
    assert resposta.status_code == 409 and resposta.get_json()["code"] == "conflito"


def test_a_job_that_keeps_killing_its_processes_ends_as_an_error(cliente, estudio, sql_dono):
    parado = registrar(sql_dono, estudio.empresa_id, "now() - interval '1 second'", tentativas=3)
    fim = cliente.get(f"/api/relatorios/export/{parado}").get_json()
    assert fim["status"] == "erro" and "várias tentativas" in fim["erro"]
    assert cliente.get(f"/api/relatorios/export/{parado}/arquivo").status_code == 409


def test_a_report_that_refuses_its_parameters_ends_the_job_with_its_message(cliente, estudio, razao, nova_empresa):
    alheia = razao(nova_empresa(), semente=7).contas[0]  # a conta of another empresa
    criada = exportar(cliente, "fluxo-caixa", "pdf", conta_id=alheia)
    assert esperar(cliente, criada["id"]) == {"id": criada["id"], "status": "erro", "progresso": 5,
                                              "erro": "Conta não encontrada"}


def test_files_older_than_a_day_go_when_the_empresa_exports_again(cliente, estudio, sql_dono):
    velho = registrar(sql_dono, estudio.empresa_id, "NULL", status="erro", criado_em=datetime(2020, 1, 1))
    recente = registrar(sql_dono, estudio.empresa_id, "NULL", status="erro")
    sql_dono("UPDATE relatorios.exportacoes SET criado_em = now() - interval '23 hours' WHERE id = %s", (recente,))
    esperar(cliente, exportar(cliente, "inadimplencia", "xlsx")["id"])
    restantes = {linha["id"] for linha in sql_dono("SELECT id FROM relatorios.exportacoes WHERE empresa_id = %s",
                                                   (estudio.empresa_id,))}
    assert velho not in restantes and recente in restantes


# --- the file in parts ----------------------------------------------------------------------


def test_a_file_of_many_parts_downloads_byte_identical(cliente, estudio, sql_dono, monkeypatch):
    monkeypatch.setattr(exportacoes, "PARTE", 2048)
    criada = exportar(cliente, "inadimplencia", "xlsx")
    esperar(cliente, criada["id"])
    partes = sql_dono("SELECT ordem, dados FROM relatorios.exportacao_partes WHERE exportacao_id = %s ORDER BY ordem",
                      (criada["id"],))
    assert len(partes) > 2 and [p["ordem"] for p in partes] == list(range(len(partes)))
    assert all(len(p["dados"]) == 2048 for p in partes[:-1]) and 0 < len(partes[-1]["dados"]) <= 2048
    guardado = b"".join(bytes(p["dados"]) for p in partes)

    resposta = cliente.get(f"/api/relatorios/export/{criada['id']}/arquivo")
    assert resposta.status_code == 200 and resposta.data == guardado
    assert int(resposta.headers["Content-Length"]) == len(guardado)
    assert sql_dono("SELECT tamanho FROM relatorios.exportacoes WHERE id = %s", (criada["id"],))[0]["tamanho"] == \
        len(guardado)
    assert planilha(resposta)[1][0].value == EMPRESA  # the parts joined are the workbook


def test_another_empresa_cannot_read_the_parts(app, cliente, estudio, nova_empresa):
    criada = exportar(cliente, "inadimplencia", "pdf")
    esperar(cliente, criada["id"])
    db = app.extensions["erp"].db
    with db.transacao(estudio.empresa_id) as cur:
        cur.execute("SELECT count(*) AS n FROM relatorios.exportacao_partes WHERE exportacao_id = %s", (criada["id"],))
        assert cur.fetchone()["n"] >= 1
    with db.transacao(nova_empresa()) as cur:
        cur.execute("SELECT count(*) AS n FROM relatorios.exportacao_partes")
        assert cur.fetchone()["n"] == 0
    assert list(exportacoes.partes(db, estudio.empresa_id, None, criada["id"], 1))  # its own empresa reads it
    with pytest.raises(NaoEncontrado):
        list(exportacoes.partes(db, nova_empresa(), None, criada["id"], 1))


def test_storing_and_serving_a_file_holds_about_a_part_not_the_file(app, cliente, estudio, sql_dono, tmp_path):
    """A file of many parts is stored and downloaded with the peak of Python memory about a part's
    (its bytes, psycopg2's hex text of twice their size): not the file's."""
    pecas = 16
    exportacao_id = registrar(sql_dono, estudio.empresa_id, "now() + interval '1 minute'")
    arquivo = tmp_path / "grande.xlsx"
    resumo = hashlib.sha256()
    with arquivo.open("wb") as saida:
        for _ in range(pecas):
            bloco = os.urandom(exportacoes.PARTE)
            resumo.update(bloco)
            saida.write(bloco)
    del bloco
    db = app.extensions["erp"].db

    tracemalloc.start()
    try:
        with arquivo.open("rb") as conteudo, db.transacao(estudio.empresa_id) as cur:
            exportacoes.guardar(cur, exportacao_id, conteudo)
        pico_ao_guardar = tracemalloc.get_traced_memory()[1]
        sql_dono("""UPDATE relatorios.exportacoes SET status = 'pronto', progresso = 100, tamanho = %s,
                           nome_arquivo = 'grande.xlsx', tipo_conteudo = %s, reservado_ate = NULL WHERE id = %s""",
                 (pecas * exportacoes.PARTE, XLSX, exportacao_id))
        tracemalloc.reset_peak()
        antes = tracemalloc.get_traced_memory()[0]
        resposta = cliente.get(f"/api/relatorios/export/{exportacao_id}/arquivo")
        baixado = hashlib.sha256()
        for pedaco in resposta.iter_encoded():
            baixado.update(pedaco)
        pico_ao_servir = tracemalloc.get_traced_memory()[1] - antes
    finally:
        tracemalloc.stop()

    assert resposta.status_code == 200 and baixado.digest() == resumo.digest()
    # Stored, a part passes as its bytes, psycopg2's hex text of them and the query holding it
    # (about 5 parts' worth); served, as the bytea read and its bytes, the one before it not yet
    # freed (about 4). As one value, the 16 parts' file took 4 times its size to store, 2 to serve.
    assert pico_ao_guardar < 6 * exportacoes.PARTE, pico_ao_guardar
    assert pico_ao_servir < 6 * exportacoes.PARTE, pico_ao_servir


# --- validation, permission, tenancy ---------------------------------------------------------


@pytest.mark.parametrize(("corpo", "campo"), [
    ({"relatorio": "balanco", "formato": "xlsx"}, "relatorio"),
    ({"relatorio": "analise", "formato": "csv"}, "formato"),
    ({"formato": "pdf"}, "relatorio"),
    ({"relatorio": "fluxo-caixa-projetado", "formato": "pdf", "parametros": {"dias": 0}}, "parametros.dias"),
    ({"relatorio": "analise", "formato": "pdf", "parametros": {"de": "2026-02-01", "ate": "2026-01-01"}},
     "parametros.ate"),
    ({"relatorio": "inadimplencia", "formato": "pdf", "parametros": {"data": "2026-01-01"}}, "parametros.data"),
    ({"relatorio": "inadimplencia", "formato": "pdf", "parametros": []}, "parametros"),
    ({"relatorio": "extrato-cliente", "formato": "pdf", "parametros": {"de": "2026-01-01"}}, "parametros.cliente_id"),
])
def test_bad_requests_are_400_naming_the_field_and_record_nothing(cliente, empresa, sql_dono, corpo, campo):
    resposta = cliente.post("/api/relatorios/export", json=corpo)
    assert resposta.status_code == 400, resposta.get_json()
    assert campo in resposta.get_json()["campos"]
    if campo == "relatorio" and "relatorio" in corpo:
        assert "'balanco'" in resposta.get_json()["error"]
    assert sql_dono("SELECT count(*) AS n FROM relatorios.exportacoes WHERE empresa_id = %s", (empresa,))[0]["n"] == 0


def test_exporting_needs_the_reports_permission(como, empresa):
    resposta = como(empresa, perms=()).post("/api/relatorios/export", json={"relatorio": "analise", "formato": "pdf"})
    assert resposta.status_code == 403


def test_another_empresas_job_and_file_are_404(cliente, como, estudio, nova_empresa):
    criada = exportar(cliente, "inadimplencia", "pdf")
    esperar(cliente, criada["id"])
    intrusa = como(nova_empresa())
    for caminho in (f"/api/relatorios/export/{criada['id']}", f"/api/relatorios/export/{criada['id']}/arquivo",
                    "/api/relatorios/export/999999999", f"/api/relatorios/export/{2**63}"):
        resposta = intrusa.get(caminho)
        assert resposta.status_code == 404 and resposta.get_json()["code"] == "nao_encontrado", caminho
