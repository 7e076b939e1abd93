"""/api/extratos on real PostgreSQL: importing OFX statements into a conta, the duplicates and
the review list, the balance comparison, and every refusal.

The statements are written here, small and by hand; the last test also imports the real exports
in ../shared/samples/ofx when that folder is there.
"""
import io
import threading
from decimal import Decimal
from pathlib import Path

import pytest

from financeiro import create_app
from financeiro.ofx import MAX_TRANSACOES
from shared.config import REPO_ROOT
from shared.eventos import chave_geracao
from financeiro.ofx.escritor import Linha, ofx as escrever_ofx

LEITURA = ("financeiro:ler",)
AMOSTRAS = Path(REPO_ROOT).parent / "shared" / "samples" / "ofx"

def t(data="20240310", valor="-10.00", fitid="1", memo="COMPRA", tipo="DEBIT") -> Linha:
    """One transaction; fitid=None leaves it out."""
    return Linha(data, valor, memo, fitid, tipo)


def ofx(*transacoes, saldo="1300.00", data_saldo="20240331", servidor="20240331", conta="12345-6") -> bytes:
    """A whole file; `servidor` (DTSERVER) changes the file's bytes, not its statement."""
    return escrever_ofx(transacoes, inicio="20240301", fim="20240331", conta=conta, saldo=saldo,
                        data_saldo=data_saldo, servidor=servidor)


def enviar(cliente, conta_id, conteudo: bytes | None, nome="extrato.ofx", **extra):
    dados = {**({"conta_id": str(conta_id)} if conta_id is not None else {}), **extra}
    if conteudo is not None:
        dados["arquivo"] = (io.BytesIO(conteudo), nome)
    return cliente.post("/api/extratos/upload", data=dados, content_type="multipart/form-data")


def importar(cliente, conta_id, conteudo: bytes, esperado=201, **extra) -> dict:
    resposta = enviar(cliente, conta_id, conteudo, **extra)
    assert resposta.status_code == esperado, resposta.get_json()
    return resposta.get_json()


def transacoes(cliente, extrato_id, **filtros) -> list[dict]:
    resposta = cliente.get(f"/api/extratos/{extrato_id}/transacoes", query_string=filtros)
    assert resposta.status_code == 200, resposta.get_json()
    return resposta.get_json()["items"]


def guardadas(sql_dono, empresa_id) -> int:
    return sql_dono("SELECT count(*) AS n FROM financeiro.extrato_transacoes WHERE empresa_id = %s",
                    (empresa_id,))[0]["n"]


# --- importing ---------------------------------------------------------------------------------

def test_upload_stores_the_statement_and_its_transactions_audits_and_publishes(app, cliente, cad, sql_dono):
    redis = app.extensions["erp"].redis
    geracao = int(redis.get(chave_geracao(cad.empresa_id, "financeiro")) or 0)
    corpo = importar(cliente, cad.conta_id, ofx(t("20240305", "-836.30", "A1", "CHEQUE COMPENSADO   "),
                                                t("20240306", "60,39", "A2", "DEPOSITO", "CREDIT"),
                                                t("20240307", "25.00", "A3", "TARIFA", "FEE")),
                     nome="/home/ana/Downloads/itau março.ofx")
    assert (corpo["importadas"], corpo["duplicadas"], corpo["a_revisar"], corpo["ja_importado"]) == (3, 0, 0, False)
    assert corpo["conta_id"] == cad.conta_id
    extrato = corpo["extrato"]
    assert extrato["id"] == corpo["extrato_id"]
    assert (extrato["conta_nome"], extrato["arquivo_nome"], extrato["banco_ofx"], extrato["agencia_ofx"],
            extrato["conta_ofx"], extrato["data_inicio"], extrato["data_fim"]) == \
        ("Itaú", "itau março.ofx", "341", "0001", "12345-6", "2024-03-01", "2024-03-31")
    assert (extrato["importadas"], extrato["em_revisao"], extrato["conciliadas"]) == (3, 0, 0)

    itens = transacoes(cliente, corpo["extrato_id"])
    assert [(i["data"], i["valor"], i["memo"], i["fitid"], i["tipo"], i["conciliado"], i["revisar"])
            for i in itens] == [
        ("2024-03-05", "-836.30", "CHEQUE COMPENSADO", "A1", "DEBIT", False, False),
        ("2024-03-06", "60.39", "DEPOSITO", "A2", "CREDIT", False, False),
        ("2024-03-07", "-25.00", "TARIFA", "A3", "FEE", False, False)]

    auditoria = sql_dono("SELECT acao, entidade, entidade_id, depois FROM plataforma.auditoria "
                         "WHERE entidade = 'extrato' AND empresa_id = %s", (cad.empresa_id,))
    assert [(a["acao"], a["entidade_id"]) for a in auditoria] == [("importar", str(corpo["extrato_id"]))]
    assert auditoria[0]["depois"]["importadas"] == 3
    assert int(redis.get(chave_geracao(cad.empresa_id, "financeiro"))) == geracao + 1

    lista = cliente.get("/api/extratos", query_string={"conta_id": cad.conta_id}).get_json()
    assert [e["id"] for e in lista["items"]] == [corpo["extrato_id"]] and lista["next_cursor"] is None
    assert cliente.get("/api/extratos", query_string={"conta_id": cad.outra_conta_id}).get_json()["items"] == []
    assert cliente.get(f"/api/extratos/{corpo['extrato_id']}").get_json() == extrato


def test_the_same_file_again_stores_nothing_and_answers_with_the_first_import(cliente, cad, sql_dono):
    arquivo = ofx(t(fitid="1"), t(fitid="2", valor="-20.00"), t(fitid="0", valor="900.00", memo="SALDO DIA"))
    primeiro = importar(cliente, cad.conta_id, arquivo)
    assert (primeiro["importadas"], primeiro["saldos_ignorados"]) == (2, 1)
    segundo = importar(cliente, cad.conta_id, arquivo)
    assert (segundo["extrato_id"], segundo["ja_importado"], segundo["importadas"], segundo["duplicadas"],
            segundo["a_revisar"], segundo["saldos_ignorados"]) == (primeiro["extrato_id"], True, 0, 2, 0, 1)
    assert segundo["extrato"] == primeiro["extrato"]
    assert guardadas(sql_dono, cad.empresa_id) == 2
    assert len(sql_dono("SELECT id FROM financeiro.extratos WHERE empresa_id = %s", (cad.empresa_id,))) == 1
    # Into the other conta it is another statement of its own.
    assert importar(cliente, cad.outra_conta_id, arquivo)["importadas"] == 2


def test_an_overlapping_statement_brings_in_only_the_new_transactions(cliente, cad):
    importar(cliente, cad.conta_id, ofx(t("20240301", fitid="1"), t("20240302", "-2.00", "2"),
                                        t("20240303", "-3.00", "3")))
    corpo = importar(cliente, cad.conta_id, ofx(t("20240302", "-2.00", "2"), t("20240303", "-3.00", "3"),
                                                t("20240304", "-4.00", "4"), t("20240305", "-5.00", "5"),
                                                servidor="20240405"))
    assert (corpo["importadas"], corpo["duplicadas"], corpo["a_revisar"]) == (2, 2, 0)
    assert [i["fitid"] for i in transacoes(cliente, corpo["extrato_id"])] == ["4", "5"]


def test_missing_and_repeated_fitids_are_keyed_by_date_amount_memo_and_occurrence(cliente, cad, sql_dono):
    linhas = (t("20240310", "-15.00", None, "TARIFA"),      # no FITID
              t("20240310", "-15.00", None, "TARIFA"),      # the same line again: a second tarifa
              t("20240311", "-9.00", "X", "PIX ANA"),       # FITID repeated within the file
              t("20240311", "-7.00", "X", "PIX BIA"))
    corpo = importar(cliente, cad.conta_id, ofx(*linhas))
    assert (corpo["importadas"], corpo["duplicadas"], corpo["a_revisar"]) == (4, 0, 0)
    assert [i["fitid"] for i in transacoes(cliente, corpo["extrato_id"])] == [None, None, None, None]
    # Another export of the same period (another file) has the same transactions: all duplicates.
    outra = importar(cliente, cad.conta_id, ofx(*linhas, servidor="20240401"))
    assert (outra["importadas"], outra["duplicadas"], outra["a_revisar"]) == (0, 4, 0)
    # A third tarifa that day in a later export is new (occurrence 2), and looks like the others.
    mais = importar(cliente, cad.conta_id, ofx(*linhas, t("20240310", "-15.00", None, "TARIFA"),
                                               servidor="20240402"))
    assert (mais["importadas"], mais["duplicadas"], mais["a_revisar"]) == (1, 4, 1)
    assert guardadas(sql_dono, cad.empresa_id) == 5


def test_memos_and_fitids_are_stored_as_written_whatever_characters_they_hold(cliente, cad):
    escritos = ['aspas "duplas" e \\ barra', "{chaves,virgulas}", "NULL", "  espaços  ", "ç ã é ü € ‘’"]
    corpo = importar(cliente, cad.conta_id, ofx(*(t(fitid=f'{i}"\\{{,}}', memo=m.replace("&", "&amp;"))
                                                  for i, m in enumerate(escritos))))
    lidas = transacoes(cliente, corpo["extrato_id"])
    assert [(x["fitid"], x["memo"]) for x in lidas] == [
        (f'{i}"\\{{,}}', " ".join(m.split())) for i, m in enumerate(escritos)]


def test_identical_same_day_transactions_of_one_file_are_all_kept(cliente, cad):
    corpo = importar(cliente, cad.conta_id, ofx(*(t("20240310", "-4.50", None, "CAFE") for _ in range(3))))
    assert (corpo["importadas"], corpo["a_revisar"]) == (3, 0)
    assert [i["valor"] for i in transacoes(cliente, corpo["extrato_id"])] == ["-4.50"] * 3


# --- the review list ---------------------------------------------------------------------------

def test_near_duplicates_go_to_review_and_can_be_kept_or_discarded(cliente, cad, sql_dono):
    importar(cliente, cad.conta_id, ofx(t("20240310", "-50.00", "A", "PIX FOTO LAB"),
                                        t("20240311", "-70.00", "B", "BOLETO")))
    # The bank changed the FITIDs in a later export: same data and valor, new keys.
    corpo = importar(cliente, cad.conta_id, ofx(t("20240310", "-50.00", "A2", "PIX FOTO LAB"),
                                                t("20240311", "-70.00", "B2", "BOLETO"),
                                                t("20240312", "-80.00", "C", "OUTRA"), servidor="20240401"))
    assert (corpo["importadas"], corpo["duplicadas"], corpo["a_revisar"]) == (3, 0, 2)
    assert (corpo["extrato"]["a_revisar"], corpo["extrato"]["em_revisao"]) == (2, 2)
    revisar = transacoes(cliente, corpo["extrato_id"], revisar="true")
    assert [i["fitid"] for i in revisar] == ["A2", "B2"]
    assert [i["fitid"] for i in transacoes(cliente, corpo["extrato_id"], revisar="false")] == ["C"]
    manter, descartar = revisar

    resposta = cliente.post(f"/api/extratos/transacoes/{manter['id']}/manter")
    assert resposta.status_code == 200 and resposta.get_json() == {**manter, "revisar": False}
    assert cliente.post(f"/api/extratos/transacoes/{manter['id']}/manter").status_code == 200  # again: no-op
    assert cliente.delete(f"/api/extratos/transacoes/{manter['id']}").status_code == 409

    assert cliente.delete(f"/api/extratos/transacoes/{descartar['id']}").status_code == 204
    assert cliente.delete(f"/api/extratos/transacoes/{descartar['id']}").status_code == 404
    assert cliente.post(f"/api/extratos/transacoes/{descartar['id']}/manter").status_code == 404
    assert [i["fitid"] for i in transacoes(cliente, corpo["extrato_id"])] == ["A2", "C"]
    extrato = cliente.get(f"/api/extratos/{corpo['extrato_id']}").get_json()
    assert (extrato["importadas"], extrato["a_revisar"], extrato["em_revisao"]) == (3, 2, 0)

    # A later statement that brings the discarded one again counts it as a duplicate.
    depois = importar(cliente, cad.conta_id, ofx(t("20240311", "-70.00", "B2", "BOLETO"), servidor="20240501"))
    assert (depois["importadas"], depois["duplicadas"], depois["a_revisar"]) == (0, 1, 0)
    acoes = sql_dono("SELECT acao FROM plataforma.auditoria WHERE entidade = 'extrato_transacao' "
                     "AND empresa_id = %s ORDER BY id", (cad.empresa_id,))
    assert [a["acao"] for a in acoes] == ["manter", "descartar"]


# --- the balance comparison --------------------------------------------------------------------

def test_the_statement_balance_is_compared_with_the_conta_balance_on_its_date(cliente, cad, sql_dono):
    # saldo_inicial 1000.00 (cadastro), +250.00 by 2024-03-31 and +99.00 after it.
    for data, movimento in (("2024-03-10", "300.00"), ("2024-03-31", "-50.00"), ("2024-04-02", "99.00")):
        sql_dono("INSERT INTO financeiro.movimentos_dia (empresa_id, conta_id, data, movimento) "
                 "VALUES (%s, %s, %s, %s)", (cad.empresa_id, cad.conta_id, data, movimento),
                 empresa_id=cad.empresa_id)
    corpo = importar(cliente, cad.conta_id, ofx(t(), saldo="1300,00", data_saldo="20240331120000[-3:BRT]"))
    assert (corpo["saldo_extrato"], corpo["data_saldo"], corpo["saldo_sistema"], corpo["data_saldo_sistema"],
            corpo["diferenca"]) == ("1300.00", "2024-03-31", "1250.00", "2024-03-31", "50.00")
    igual = importar(cliente, cad.conta_id, ofx(t(fitid="2"), saldo="1250.00", servidor="20240401"))
    assert igual["diferenca"] == "0.00"
    # Without LEDGERBAL there is nothing to compare; the system's balance is on the period's end.
    sem = importar(cliente, cad.conta_id, ofx(t(fitid="3"), saldo=None, servidor="20240402"))
    assert (sem["saldo_extrato"], sem["diferenca"], sem["saldo_sistema"], sem["data_saldo_sistema"]) == \
        (None, None, "1250.00", "2024-03-31")
    # The comparison is derived when read: a later movement on that date shows in the statement.
    sql_dono("UPDATE financeiro.movimentos_dia SET movimento = 0 WHERE empresa_id = %s AND data = '2024-03-31'",
             (cad.empresa_id,))
    assert cliente.get(f"/api/extratos/{corpo['extrato_id']}").get_json()["diferenca"] == "0.00"


# --- refusals ----------------------------------------------------------------------------------

@pytest.mark.parametrize("conteudo, motivo", [
    (b"", "vazio"),
    (b"\x00\x01\x02%PDF", "binário"),
    (b"data;valor\n2024-03-01;10,00\n", "não é um extrato OFX"),
    (ofx(t(valor="abc")), "não é um número"),
    (ofx(t(), t(valor="-1.005")), "transação nº 2 tem frações de centavo"),
    (ofx(t(valor="1000000000000.00")), "passa do limite"),
    (ofx(t(fitid="F" * 256)), "passa de 255 caracteres"),
    (ofx(t(), t()).split(b"</STMTTRN>")[0], "incompleto"),
    # Issue 14: odd dates and amounts (a huge LEDGERBAL was a 500), each a 400 naming it.
    (ofx(t(data="00010101")), "A data '00010101' na transação nº 1 está fora dos anos aceitos (1900 a 2199)"),
    (ofx(t(data="99991231")), "fora dos anos aceitos"),
    (ofx(t(valor="1e999999")), "não é um número"),
    (ofx(t(valor="9" * 100_000)), "passa do limite"),
    (ofx(t(), saldo="9" * 100_000), "no extrato passa do limite"),
    (b"<OFX>" + b"<!--" * 12_000, "não contém extrato"),
])
def test_files_that_cannot_be_imported_are_refused_whole_with_the_reason(cliente, cad, sql_dono, conteudo, motivo):
    resposta = enviar(cliente, cad.conta_id, conteudo)
    assert resposta.status_code == 400
    corpo = resposta.get_json()
    assert corpo["code"] == "validacao" and motivo in corpo["campos"]["arquivo"], corpo
    assert sql_dono("SELECT count(*) AS n FROM financeiro.extratos WHERE empresa_id = %s",
                    (cad.empresa_id,))[0]["n"] == 0
    assert guardadas(sql_dono, cad.empresa_id) == 0


@pytest.fixture(scope="module")
def app_pequeno(service_env):
    return create_app({**service_env, "MAX_UPLOAD_BYTES": "4096"})


def test_an_oversized_file_is_413_and_stores_nothing(app_pequeno, assinar_token, cad, sql_dono):
    cliente = app_pequeno.test_client()
    token = assinar_token(emp=cad.empresa_id, perms=["financeiro:escrever"])
    cliente.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    resposta = enviar(cliente, cad.conta_id, ofx(*(t(fitid=str(i)) for i in range(100))))
    assert resposta.status_code == 413
    corpo = resposta.get_json()
    assert corpo["code"] == "arquivo_grande" and "limite de 0,0 MB" in corpo["campos"]["arquivo"]
    assert guardadas(sql_dono, cad.empresa_id) == 0
    assert enviar(cliente, cad.conta_id, ofx(t())).status_code == 201  # a small one still goes in


def test_more_transactions_than_a_file_may_carry_is_413_and_stores_nothing(cliente, cad, sql_dono):
    # A statement this long could not be stored within the worker's timeout (README, "Limits").
    linha = b"<STMTTRN><DTPOSTED>20240305<TRNAMT>-1<MEMO>PIX</STMTTRN>"
    arquivo = ofx(t()).replace(b"<BANKTRANLIST>", b"<BANKTRANLIST>" + linha * MAX_TRANSACOES, 1)
    resposta = enviar(cliente, cad.conta_id, arquivo)
    assert resposta.status_code == 413
    corpo = resposta.get_json()
    assert corpo["code"] == "arquivo_grande", corpo
    assert corpo["campos"]["arquivo"] == ("O extrato tem mais de 50.000 transações, o limite por arquivo; "
                                          "divida o extrato em períodos menores.")
    assert guardadas(sql_dono, cad.empresa_id) == 0


def test_missing_or_wrong_fields(cliente, cad):
    resposta = enviar(cliente, None, None)
    assert resposta.status_code == 400
    assert set(resposta.get_json()["campos"]) == {"conta_id", "arquivo"}
    for conta_id in ("abc", "0", "-1", "1.5", str(2**63), "١٢"):
        resposta = enviar(cliente, conta_id, ofx(t()))
        assert resposta.status_code == 400 and "conta_id" in resposta.get_json()["campos"], conta_id
    assert cliente.post("/api/extratos/upload", json={"conta_id": cad.conta_id}).status_code == 415
    assert cliente.get("/api/extratos", query_string={"conta_id": "x"}).status_code == 400
    assert cliente.get("/api/extratos", query_string={"cursor": "nao-e-cursor"}).status_code == 400


def test_an_unknown_conta_is_404(cliente, cad):
    resposta = enviar(cliente, 987654321, ofx(t()))
    assert resposta.status_code == 404 and "conta_id" in resposta.get_json()["campos"]


# --- tenants and permissions -------------------------------------------------------------------

def test_another_empresas_statements_transactions_and_contas_do_not_exist(como, cad, cadastro, nova_empresa,
                                                                        sql_dono):
    dono = como(cad.empresa_id)
    corpo = importar(dono, cad.conta_id, ofx(t(fitid="1"), t("20240310", "-10.00", "2")))
    segundo = importar(dono, cad.conta_id, ofx(t("20240310", "-10.00", "3"), servidor="20240401"))
    suspeita = transacoes(dono, segundo["extrato_id"], revisar="true")[0]

    outra = cadastro(nova_empresa())
    intruso = como(outra.empresa_id)
    assert enviar(intruso, cad.conta_id, ofx(t())).status_code == 404
    assert intruso.get(f"/api/extratos/{corpo['extrato_id']}").status_code == 404
    assert intruso.get(f"/api/extratos/{corpo['extrato_id']}/transacoes").status_code == 404
    assert intruso.post(f"/api/extratos/transacoes/{suspeita['id']}/manter").status_code == 404
    assert intruso.delete(f"/api/extratos/transacoes/{suspeita['id']}").status_code == 404
    assert intruso.get("/api/extratos").get_json()["items"] == []
    assert intruso.get("/api/extratos", query_string={"conta_id": cad.conta_id}).get_json()["items"] == []
    assert dono.get(f"/api/extratos/{2**63}").status_code == 404
    assert dono.delete(f"/api/extratos/transacoes/{2**63}").status_code == 404
    assert transacoes(dono, segundo["extrato_id"], revisar="true") == [suspeita]  # untouched


def test_reading_needs_ler_and_importing_escrever(como, cad):
    leitor = como(cad.empresa_id, perms=LEITURA)
    assert enviar(leitor, cad.conta_id, ofx(t())).status_code == 403
    assert leitor.get("/api/extratos").status_code == 200
    corpo = importar(como(cad.empresa_id), cad.conta_id, ofx(t()))
    item = transacoes(leitor, corpo["extrato_id"])[0]
    assert leitor.post(f"/api/extratos/transacoes/{item['id']}/manter").status_code == 403
    assert leitor.delete(f"/api/extratos/transacoes/{item['id']}").status_code == 403
    ninguem = como(cad.empresa_id, perms=())
    assert ninguem.get("/api/extratos").status_code == 403
    assert ninguem.get(f"/api/extratos/{corpo['extrato_id']}/transacoes").status_code == 403


# --- lists -------------------------------------------------------------------------------------

def test_lists_are_paged_by_cursor(cliente, cad):
    corpo = importar(cliente, cad.conta_id, ofx(*(t(f"2024031{i % 3}", f"-{i}.00", str(i)) for i in range(1, 8))))
    vistos, cursor = [], None
    while True:
        pagina = cliente.get(f"/api/extratos/{corpo['extrato_id']}/transacoes",
                             query_string={"limit": 3, **({"cursor": cursor} if cursor else {})}).get_json()
        vistos += pagina["items"]
        cursor = pagina["next_cursor"]
        if cursor is None:
            break
    assert len(vistos) == 7 and len({i["id"] for i in vistos}) == 7
    assert [(i["data"], i["id"]) for i in vistos] == sorted((i["data"], i["id"]) for i in vistos)

    ids = [corpo["extrato_id"]] + [importar(cliente, cad.conta_id, ofx(t(fitid=f"n{n}"), servidor=f"2024040{n}"))
                                   ["extrato_id"] for n in range(1, 4)]
    primeira = cliente.get("/api/extratos", query_string={"limit": 2}).get_json()
    segunda = cliente.get("/api/extratos", query_string={"limit": 2, "cursor": primeira["next_cursor"]}).get_json()
    assert [e["id"] for e in primeira["items"] + segunda["items"]] == sorted(ids, reverse=True)
    assert segunda["next_cursor"] is None


# --- concurrency, size, real exports -----------------------------------------------------------

def test_concurrent_uploads_of_the_same_file_store_it_once(app, assinar_token, cad, sql_dono):
    arquivo = ofx(*(t(fitid=str(i), valor=f"-{i}.00") for i in range(1, 201)))
    token = assinar_token(emp=cad.empresa_id, perms=["financeiro:escrever"])
    largada = threading.Barrier(3)
    respostas = []

    def subir():
        cliente = app.test_client()
        cliente.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        largada.wait()
        respostas.append(enviar(cliente, cad.conta_id, arquivo))

    linhas = [threading.Thread(target=subir) for _ in range(3)]
    for linha in linhas:
        linha.start()
    for linha in linhas:
        linha.join()
    assert [r.status_code for r in respostas] == [201, 201, 201], [r.get_json() for r in respostas]
    assert sorted(r.get_json()["ja_importado"] for r in respostas) == [False, True, True]
    assert len({r.get_json()["extrato_id"] for r in respostas}) == 1
    assert guardadas(sql_dono, cad.empresa_id) == 200


def test_a_big_statement_imports_whole(cliente, cad, sql_dono):
    n = 5000
    arquivo = ofx(*(t(f"202403{i % 28 + 1:02d}", f"-{i % 997 + 1}.{i % 100:02d}", f"F{i}", f"PIX {i}")
                    for i in range(n)))
    corpo = importar(cliente, cad.conta_id, arquivo)
    assert (corpo["importadas"], corpo["a_revisar"]) == (n, 0)
    assert guardadas(sql_dono, cad.empresa_id) == n
    total = sql_dono("SELECT sum(valor) AS s FROM financeiro.extrato_transacoes WHERE empresa_id = %s",
                     (cad.empresa_id,))[0]["s"]
    assert total == -sum(Decimal(f"{i % 997 + 1}.{i % 100:02d}") for i in range(n))


@pytest.mark.skipif(not AMOSTRAS.is_dir(), reason="../shared/samples/ofx is not here")
def test_every_real_export_that_reads_imports_and_a_second_time_is_a_duplicate(cliente, cad, sql_dono):
    importadas = 0
    for arquivo in sorted(AMOSTRAS.glob("*/*.ofx")):
        # Exports of several banks, into one conta: confirmed (the bank check is tested below).
        resposta = enviar(cliente, cad.conta_id, arquivo.read_bytes(), nome=arquivo.name, confirmar_conta="true")
        if resposta.status_code == 400:
            assert "moeda estrangeira" in resposta.get_json()["campos"]["arquivo"], arquivo
            continue
        assert resposta.status_code == 201, (arquivo, resposta.get_json())
        importadas += resposta.get_json()["importadas"]
        again = enviar(cliente, cad.conta_id, arquivo.read_bytes(), nome=arquivo.name)
        assert again.status_code == 201 and again.get_json()["ja_importado"], arquivo
        assert again.get_json()["importadas"] == 0, arquivo
    assert importadas > 0 and guardadas(sql_dono, cad.empresa_id) == importadas


def test_the_openapi_document_describes_the_routes(cliente):
    # Its validity as OpenAPI is checked for every service (tests/test_servicos_plataforma.py).
    caminhos = cliente.get("/openapi.json").get_json()["paths"]
    upload = caminhos["/api/extratos/upload"]["post"]
    assert set(upload["requestBody"]["content"]["multipart/form-data"]["schema"]["properties"]) == \
        {"arquivo", "conta_id", "confirmar_conta"}
    assert {"201", "400", "404", "409", "413"} <= set(upload["responses"])
    assert {"204", "404", "409"} <= set(caminhos["/api/extratos/{extrato_id}"]["delete"]["responses"])
    for caminho in ("/api/extratos", "/api/extratos/{extrato_id}", "/api/extratos/{extrato_id}/transacoes",
                    "/api/extratos/transacoes/{transacao_id}/manter", "/api/extratos/transacoes/{transacao_id}"):
        assert caminho in caminhos, caminho


# --- guard rails: another bank's or account's file, and undoing an import ----------------------

def conta_do_banco(sql_dono, empresa_id, conta_id, banco, numero):
    sql_dono("UPDATE cadastros.contas SET tipo = %s, banco = %s, numero = %s WHERE empresa_id = %s AND id = %s",
             ("CORRENTE" if banco else "CAIXA", banco, numero, empresa_id, conta_id))


def test_a_statement_of_another_bank_is_409_until_confirmed(cliente, cad, sql_dono):
    conta_do_banco(sql_dono, cad.empresa_id, cad.conta_id, "260", "8473621-5")
    sql_dono("UPDATE cadastros.contas SET nome = 'Nubank' WHERE empresa_id = %s AND id = %s", (cad.empresa_id, cad.conta_id))
    itau = escrever_ofx([t()], inicio="20240301", fim="20240331", banco="0341", conta="8473621-5")
    resposta = enviar(cliente, cad.conta_id, itau)
    assert resposta.status_code == 409 and resposta.get_json()["code"] == "conta_divergente"
    assert resposta.get_json()["error"] == ("Este extrato é do banco 341 (Itaú), mas a conta Nubank é do banco 260. "
                                            "Confira a conta escolhida ou envie de novo confirmando.")
    assert guardadas(sql_dono, cad.empresa_id) == 0
    assert enviar(cliente, cad.conta_id, itau, confirmar_conta="talvez").status_code == 400
    assert importar(cliente, cad.conta_id, itau, confirmar_conta="true")["importadas"] == 1
    # The same bank, the number written with or without its check digit, or with the branch before it.
    for numero in ("84736215", "8473621", "0001008473621-5"):
        ok = escrever_ofx([t(fitid=numero)], inicio="20240301", fim="20240331", banco="260", conta=numero)
        assert importar(cliente, cad.conta_id, ok)["importadas"] == 1, numero
    outra = escrever_ofx([t(fitid="x")], inicio="20240301", fim="20240331", banco="260", conta="1234567-8")
    resposta = enviar(cliente, cad.conta_id, outra)
    assert resposta.status_code == 409 and "da conta 1234567-8" in resposta.get_json()["error"]


def test_no_check_for_a_conta_without_bank_or_a_file_without_bankid(cliente, cad, sql_dono):
    conta_do_banco(sql_dono, cad.empresa_id, cad.conta_id, None, None)
    assert importar(cliente, cad.conta_id, escrever_ofx([t()], inicio="20240301", fim="20240331", banco="0001"))
    conta_do_banco(sql_dono, cad.empresa_id, cad.conta_id, "260", "1")
    sem_banco = escrever_ofx([t(fitid="2")], inicio="20240301", fim="20240331", banco="")
    assert importar(cliente, cad.conta_id, sem_banco)["importadas"] == 1


def test_undoing_an_import_removes_it_audited_and_a_reconciled_one_is_409(cliente, cad, sql_dono):
    corpo = importar(cliente, cad.conta_id, ofx(t(fitid="A"), t(fitid="B", valor="-20.00"), t(fitid="C", valor="-5.00")))
    extrato_id = corpo["extrato_id"]
    ids = [i["id"] for i in transacoes(cliente, extrato_id)]
    conciliacao = sql_dono("""INSERT INTO financeiro.conciliacoes (empresa_id, conta_id, origem)
                              VALUES (%s, %s, 'MANUAL') RETURNING id""", (cad.empresa_id, cad.conta_id),
                           empresa_id=cad.empresa_id)[0]["id"]
    sql_dono("UPDATE financeiro.extrato_transacoes SET conciliado = true, conciliacao_id = %s WHERE id = ANY(%s)",
             (conciliacao, ids[:2]))
    resposta = cliente.delete(f"/api/extratos/{extrato_id}")
    assert resposta.status_code == 409, resposta.get_json()
    assert "Desfaça antes as conciliações de 2 transações" in resposta.get_json()["error"]
    assert guardadas(sql_dono, cad.empresa_id) == 3
    sql_dono("UPDATE financeiro.extrato_transacoes SET conciliado = false, conciliacao_id = NULL WHERE id = ANY(%s)",
             (ids[:2],))
    assert cliente.delete(f"/api/extratos/{extrato_id}").status_code == 204
    assert guardadas(sql_dono, cad.empresa_id) == 0
    assert cliente.get(f"/api/extratos/{extrato_id}").status_code == 404
    assert cliente.delete(f"/api/extratos/{extrato_id}").status_code == 404
    auditoria = sql_dono("SELECT antes FROM plataforma.auditoria WHERE entidade = 'extrato' AND acao = 'excluir' "
                         "AND empresa_id = %s", (cad.empresa_id,))
    assert [a["antes"]["transacoes_removidas"] for a in auditoria] == [3]
    # Undone, the same file imports again.
    assert importar(cliente, cad.conta_id, ofx(t(fitid="A"), t(fitid="B", valor="-20.00"), t(fitid="C", valor="-5.00")))[
        "importadas"] == 3


def test_another_empresas_statement_cannot_be_undone(como, cad, cadastro, nova_empresa, cliente, sql_dono):
    extrato_id = importar(cliente, cad.conta_id, ofx(t()))["extrato_id"]
    outra = cadastro(nova_empresa())
    assert como(outra.empresa_id).delete(f"/api/extratos/{extrato_id}").status_code == 404
    assert como(cad.empresa_id, perms=LEITURA).delete(f"/api/extratos/{extrato_id}").status_code == 403
    assert cliente.delete(f"/api/extratos/{2**63}").status_code == 404
    assert guardadas(sql_dono, cad.empresa_id) == 1
