"""The razão export (relatorios/razao.py): the ledger's detail as a file is financeiro's ledger —
the XLSX read back with openpyxl has exactly the rows financeiro's own `GET /api/lancamentos`
lists for the filter (through financeiro's test app), in its order, money as numbers and dates as
dates, and its totals; a categoria brings its subcategorias; the centro, status, q and date
filters; validation under `parametros.`; another empresa's records and rows never show. The PDF
has a row limit, refused with a pointer to Excel; the progress moves with the rows; and the
writer's memory does not grow with the rows (tracemalloc peak of N and 10·N rows).
"""
import io
import sys
import tracemalloc
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import openpyxl
import psycopg2
import psycopg2.extras
import pytest
from pypdf import PdfReader

from shared import config
from shared.texto import palavras

from relatorios import razao
from relatorios.arquivos import documento, pdf, xlsx

sys.path.insert(0, str(Path(__file__).parent))
from test_exportacoes import baixar, esperar, exportar  # noqa: E402

SEMENTE = 23
COLUNAS = ["Vencimento", "Competência", "Descrição", "Categoria", "Conta", "Cliente/fornecedor", "Centro de custo",
           "Valor", "Pago", "Em aberto", "Situação"]
SITUACOES = {("RECEITA", "PENDENTE"): "Pendente", ("DESPESA", "PENDENTE"): "Pendente",
             ("RECEITA", "PARCIAL"): "Recebido em parte", ("DESPESA", "PARCIAL"): "Pago em parte",
             ("RECEITA", "PAGO"): "Recebido", ("DESPESA", "PAGO"): "Pago",
             ("RECEITA", "CANCELADO"): "Cancelado", ("DESPESA", "CANCELADO"): "Cancelado"}


@pytest.fixture(scope="module")
def financeiro(service_env, assinar_token):
    """`financeiro(empresa_id, filtro)` → (items, totais): the whole ledger for the filter, page after
    page, as financeiro-api itself lists it."""
    from financeiro import create_app as financeiro_app
    app = financeiro_app(service_env).test_client()

    def livro(empresa_id: int, filtro: dict) -> tuple[list[dict], dict]:
        token = assinar_token(emp=empresa_id, perms=["financeiro:ler"], sub="1")
        itens, cursor, totais = [], None, None
        while True:
            resposta = app.get("/api/lancamentos", query_string={**filtro, "limit": 500, **({"cursor": cursor} if cursor else {})},
                               headers={"Authorization": f"Bearer {token}"})
            assert resposta.status_code == 200, resposta.get_json()
            pagina = resposta.get_json()
            itens += pagina["items"]
            totais = totais or pagina["totais"]
            cursor = pagina["next_cursor"]
            if cursor is None:
                return itens, totais
    return livro


@pytest.fixture(scope="module")
def _do_modulo():
    return {}


@pytest.fixture
def empresa(_do_modulo, nova_empresa):
    """One empresa for the module's tests, which only read its ledger (and export it): its studio
    is generated once (resultado_gerado keeps it by empresa), where one per test cost 15–20 s each."""
    return _do_modulo.setdefault("empresa", nova_empresa())


@pytest.fixture
def estudio(resultado_gerado, empresa):
    return resultado_gerado(empresa, SEMENTE, quantos=300)


def periodo(**mais) -> dict:
    hoje = config.hoje()
    return {"de": (hoje - timedelta(days=365)).isoformat(), "ate": (hoje + timedelta(days=60)).isoformat(), **mais}


def tabela(resposta) -> tuple[list, list, list]:
    """(resumo rows, ledger rows, total row) of the exported sheet, as openpyxl cells."""
    folha = openpyxl.load_workbook(io.BytesIO(resposta.data)).active
    linhas = [list(linha) for linha in folha.iter_rows()]
    cabecalho = next(i for i, linha in enumerate(linhas) if linha[0].value == "Vencimento")
    assert [c.value for c in linhas[cabecalho]] == COLUNAS
    total = next(i for i, linha in enumerate(linhas) if linha[0].value == "Total (sem os cancelados)")
    return linhas[:cabecalho], linhas[cabecalho + 1:total], linhas[total]


def dinheiro(celula) -> Decimal | None:
    if celula.value is None:
        return None
    assert isinstance(celula.value, (int, float)), celula.value
    assert celula.number_format == '"R$" #,##0.00'
    return Decimal(str(celula.value)).quantize(Decimal("0.01"))


def data(celula, formato="dd/mm/yyyy") -> date:
    assert celula.is_date and celula.number_format == formato, celula.value
    return celula.value.date()


def como_na_planilha(item: dict) -> list:
    """A row of financeiro's ledger as the export writes it (the screen's signs and words)."""
    sinal = -1 if item["tipo"] == "DESPESA" else 1
    rateio = sorted(item["rateio"], key=lambda r: r["nome"])
    if len(rateio) > 1:
        centros = " | ".join(f"{r['nome']} {Decimal(r['valor']):,.2f}".replace(",", "_").replace(".", ",")
                             .replace("_", ".") for r in rateio)
    else:
        centros = rateio[0]["nome"] if rateio else None
    situacao = SITUACOES[item["tipo"], item["status"]] + (" (vencido)" if item["vencido"] else "")
    aberto = None if item["status"] == "CANCELADO" else sinal * Decimal(item["valor_aberto"])
    return [date.fromisoformat(item["data_vencimento"]), date.fromisoformat(item["competencia"] + "-01"),
            item["descricao"], item["categoria_nome"], item["conta_nome"],
            item["cliente_nome"] or item["fornecedor_nome"], centros, sinal * Decimal(item["valor"]),
            sinal * Decimal(item["valor_pago"]), aberto, situacao]


def lida(linha: list) -> list:
    return [data(linha[0]), data(linha[1], "mm/yyyy"), *(c.value for c in linha[2:7]),
            *(dinheiro(c) for c in linha[7:10]), linha[10].value]


# --- the file is the ledger -------------------------------------------------------------------


def test_the_xlsx_has_the_ledgers_rows_in_its_order_typed_and_its_totals(cliente, estudio, financeiro):
    filtro = periodo()
    itens, totais = financeiro(estudio.empresa_id, filtro)
    resumo, linhas, total = tabela(baixar(cliente, "razao", "xlsx", **filtro))

    assert len(itens) > 100
    assert [lida(linha) for linha in linhas] == [como_na_planilha(item) for item in itens]
    assert {item["status"] for item in itens} == {"PENDENTE", "PARCIAL", "PAGO", "CANCELADO"}
    assert any(len(item["rateio"]) > 1 for item in itens) and any(item["vencido"] for item in itens)
    assert [dinheiro(c) for c in total[7:10]] == [
        Decimal(totais["saldo"]), Decimal(totais["receitas_pagas"]) - Decimal(totais["despesas_pagas"]),
        Decimal(totais["receitas_abertas"]) - Decimal(totais["despesas_abertas"])]
    figuras = {linha[0].value: linha[1] for linha in resumo if linha[0].value and len(linha) > 1}
    assert [dinheiro(figuras[r]) for r in ("Receitas", "Despesas", "Saldo")] == [
        Decimal(totais[k]) for k in ("receitas", "despesas", "saldo")]
    assert figuras["Quantidade de lançamentos"].value == totais["quantidade"] == len(itens)


@pytest.mark.parametrize("nome, filtro", [
    ("subcategorias", lambda r: {"categoria_id": r.categorias["Ensaios"], "data": "competencia"}),
    ("centro", lambda r: {"centro_custo_id": r.centros["Casamentos"]}),
    ("sem centro, pagos", lambda r: {"centro_custo_id": 0, "status": ["PAGO", "PARCIAL"], "data": "pagamento"}),
    ("palavra sem acento", lambda r: {"q": "famil", "tipo": "RECEITA"}),
    ("vencidos de um cliente", lambda r: {"vencido": True, "cliente_id": r.clientes[0]}),
    ("conta", lambda r: {"conta_id": r.contas[1], "tipo": "DESPESA"}),
])
def test_each_filter_keeps_the_ledgers_rows(cliente, estudio, financeiro, nome, filtro):
    pedido = periodo(**filtro(estudio))
    if "q" in pedido:
        # The generator fills no word index (financeiro's own search): the words are checked here.
        sem_q = {campo: valor for campo, valor in pedido.items() if campo != "q"}
        itens = [item for item in financeiro(estudio.empresa_id, sem_q)[0]
                 if all(any(palavra.startswith(termo) for palavra in palavras(f"{item['descricao']} {item['documento'] or ''}"))
                        for termo in palavras(pedido["q"]))]
    else:
        itens, _ = financeiro(estudio.empresa_id, pedido)
    _, linhas, _ = tabela(baixar(cliente, "razao", "xlsx", **pedido))

    assert itens, nome
    assert [lida(linha) for linha in linhas] == [como_na_planilha(item) for item in itens]
    if nome == "subcategorias":
        assert {"Gestante", "Newborn"} <= {item["categoria_nome"] for item in itens}


def test_the_pdf_has_the_totals_and_refuses_more_rows_than_it_holds(cliente, estudio, financeiro, monkeypatch):
    pedido = periodo(centro_custo_id=estudio.centros["Ensaios"])
    itens, totais = financeiro(estudio.empresa_id, pedido)
    texto = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(baixar(cliente, "razao", "pdf", **pedido).data)).pages)
    assert "Total (sem os cancelados)" in texto and itens[0]["descricao"] in texto
    assert pdf.formatar(Decimal(totais["saldo"]), "dinheiro") in texto

    monkeypatch.setattr(pdf, "LINHAS_NO_MAXIMO", len(itens) - 1)
    criada = exportar(cliente, "razao", "pdf", **pedido)
    fim = esperar(cliente, criada["id"])
    assert fim["status"] == "erro"
    assert f"esta exportação tem {len(itens)}" in fim["erro"] and "Excel" in fim["erro"]


# --- validation and tenancy ---------------------------------------------------------------------


@pytest.mark.parametrize("parametros, campo", [
    ({"ate": "2026-01-31"}, "parametros.de"),
    ({"de": "2026-02-01", "ate": "2026-01-31"}, "parametros.ate"),
    ({"de": "2020-01-01", "ate": "2025-01-01"}, "parametros.ate"),
    ({"de": "2026-01-01", "ate": "2026-01-31", "status": ["PERDIDO"]}, "parametros.status.0"),
    ({"de": "2026-01-01", "ate": "2026-01-31", "centro_custo_id": -1}, "parametros.centro_custo_id"),
    ({"de": "2026-01-01", "ate": "2026-01-31", "data": "criacao"}, "parametros.data"),
    ({"de": "2026-01-01", "ate": "2026-01-31", "serie": 3}, "parametros.serie"),
])
def test_an_invalid_filter_is_a_400_naming_its_field(cliente, parametros, campo):
    resposta = cliente.post("/api/relatorios/export", json={"relatorio": "razao", "formato": "xlsx",
                                                             "parametros": parametros})
    assert resposta.status_code == 400
    assert campo in resposta.get_json()["campos"], resposta.get_json()


def test_another_empresas_records_end_the_job_and_its_rows_never_show(cliente, estudio, financeiro, como,
                                                                      resultado_gerado, nova_empresa):
    outra = resultado_gerado(nova_empresa(), SEMENTE + 1, quantos=120)
    for campo, valor in (("conta_id", outra.contas[0]), ("categoria_id", outra.categorias["Ensaios"]),
                         ("cliente_id", outra.clientes[0]), ("centro_custo_id", outra.centros["Ensaios"])):
        fim = esperar(cliente, exportar(cliente, "razao", "xlsx", **periodo(**{campo: valor}))["id"])
        assert fim["status"] == "erro" and "não encontrad" in fim["erro"], (campo, fim)

    pedido = periodo()
    meus, _ = financeiro(estudio.empresa_id, pedido)
    deles, _ = financeiro(outra.empresa_id, pedido)
    _, linhas, _ = tabela(baixar(cliente, "razao", "xlsx", **pedido))
    _, linhas_deles, _ = tabela(baixar(como(outra.empresa_id), "razao", "xlsx", **pedido))
    assert [lida(linha) for linha in linhas] == [como_na_planilha(item) for item in meus]
    assert [lida(linha) for linha in linhas_deles] == [como_na_planilha(item) for item in deles]
    assert cliente.get(f"/api/relatorios/export/{exportar(como(outra.empresa_id), 'razao', 'xlsx', **pedido)['id']}"
                       ).status_code == 404


# --- streaming: progress and memory ---------------------------------------------------------------


@pytest.fixture(scope="module")
def volume(conexao_dono):
    """An empresa with N lançamentos due in 2024 and 10·N in 2025, written set-based as the owner:
    one conta, two categorias, a centro for every third, a cliente for every other receita."""
    empresa_id, n = 777001, 1500
    with conexao_dono, conexao_dono.cursor() as cur:
        cur.execute("SELECT set_config('app.empresa_id', %s, true)", (str(empresa_id),))
        cur.execute("INSERT INTO auth.empresas (id, nome) VALUES (%s, 'Volume') ON CONFLICT DO NOTHING", (empresa_id,))
        cur.execute("""INSERT INTO cadastros.contas (empresa_id, nome, nome_busca, tipo, banco, saldo_inicial,
                                                     data_saldo_inicial, ativa)
                       VALUES (%s, 'Conta', 'conta', 'CORRENTE', '001', 0, '2020-01-01', true) RETURNING id""",
                    (empresa_id,))
        conta = cur.fetchone()[0]
        cur.execute("""INSERT INTO cadastros.categorias (empresa_id, nome, nome_busca, tipo, ordem)
                       VALUES (%(e)s, 'Ensaios', 'ensaios', 'RECEITA', 0), (%(e)s, 'Aluguel', 'aluguel', 'DESPESA', 1)
                       RETURNING id""", {"e": empresa_id})
        receita, despesa = (linha[0] for linha in cur.fetchall())
        cur.execute("INSERT INTO cadastros.clientes (empresa_id, nome, nome_busca, tipo_pessoa) "
                    "VALUES (%s, 'Ana', 'ana', 'FISICA') RETURNING id", (empresa_id,))
        cliente = cur.fetchone()[0]
        cur.execute("INSERT INTO cadastros.centros_custo (empresa_id, nome, nome_busca) "
                    "VALUES (%s, 'Estúdio', 'estudio') RETURNING id", (empresa_id,))
        centro = cur.fetchone()[0]
        for ano, quantos in ((2024, n), (2025, 10 * n)):
            cur.execute("""INSERT INTO financeiro.lancamentos (empresa_id, tipo, descricao, valor, data_vencimento,
                                                               competencia, categoria_id, conta_id, cliente_id)
                           SELECT %(e)s, CASE WHEN i %% 2 = 0 THEN 'RECEITA' ELSE 'DESPESA' END,
                                  'Lançamento número ' || i, 10 + (i %% 9000) / 7.0,
                                  make_date(%(ano)s, 1, 1) + (i %% 365), make_date(%(ano)s, 1 + i %% 12, 1),
                                  CASE WHEN i %% 2 = 0 THEN %(r)s ELSE %(d)s END, %(c)s,
                                  CASE WHEN i %% 4 = 0 THEN %(cl)s END
                             FROM generate_series(1, %(q)s) i""",
                        {"e": empresa_id, "ano": ano, "r": receita, "d": despesa, "c": conta, "cl": cliente,
                         "q": quantos})
        cur.execute("""INSERT INTO financeiro.rateios (empresa_id, lancamento_id, centro_custo_id, valor)
                       SELECT empresa_id, id, %s, valor FROM financeiro.lancamentos WHERE empresa_id = %s AND id %% 3 = 0""",
                    (centro, empresa_id))
    return empresa_id, n


@pytest.fixture
def cur_do_app(database, volume):
    """A cursor as the service has one: the app role, under row-level security, as the empresa."""
    conn = psycopg2.connect(database.app_url)
    with conn, conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        cur.execute("SELECT set_config('app.empresa_id', %s, true)", (str(volume[0]),))
        yield cur
    conn.close()


def escrever(cur, ano: int, progresso=lambda fracao: None) -> tuple[bytes, int]:
    """The writer's path of an export of a year (report, Documento, XLSX): its file and the
    peak of Python memory allocated along it."""
    cabecalho = documento.Cabecalho("Volume", [], datetime(2026, 1, 1))
    tracemalloc.start()
    try:
        json = razao.calcular(cur, razao.Parametros(de=date(ano, 1, 1), ate=date(ano, 12, 31)), lote=500)
        saida = io.BytesIO()
        xlsx.escrever(documento.documento("razao", json), cabecalho, saida, progresso)
        return saida.getvalue(), tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_the_writers_memory_does_not_grow_with_the_rows(cur_do_app, volume):
    _, n = volume
    escrever(cur_do_app, 2024)  # imports, fonts and caches of the first run are not the rows'
    pequeno, pico_pequeno = escrever(cur_do_app, 2024)
    grande, pico_grande = escrever(cur_do_app, 2025)

    folha = openpyxl.load_workbook(io.BytesIO(grande), read_only=True).active
    assert sum(1 for linha in folha.iter_rows(values_only=True) if linha and isinstance(linha[0], datetime)) == 10 * n
    # Besides the file's own bytes (compressed: the one thing that must grow with the rows), the
    # peak stays about the same: ten times the rows, not ten times the memory.
    assert pico_grande - len(grande) < 3 * pico_pequeno, (pico_pequeno, pico_grande, len(grande))


def test_the_progress_moves_with_the_rows(cur_do_app, volume, monkeypatch):
    _, n = volume
    monkeypatch.setattr(xlsx, "AVISAR_A_CADA", n // 3)
    fracoes = []
    escrever(cur_do_app, 2024, fracoes.append)
    assert len(fracoes) == 3 and fracoes == sorted(fracoes) and fracoes[-1] == pytest.approx(1.0, abs=0.01)
