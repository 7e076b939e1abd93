"""Contratos (issue 17): the contract and its plan, its receivables in a real financeiro-api (in a
thread, over this module's database): created exactly once, rescheduled only while open, cancelled
with the contract; financeiro stopped halfway and nothing half-done after the retry; the PDF;
validation and cross-empresa on every id route."""
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
import requests
from pypdf import PdfReader

from shared.config import hoje


@pytest.fixture
def financeiro(vizinhos, assinar_token, empresa):
    """financeiro-api as a user of `empresa` who may read and write there (to pay a parcela)."""
    servico = vizinhos["financeiro-api"]
    token = assinar_token(emp=empresa, perms=["financeiro:ler", "financeiro:escrever"])

    def chamar(metodo, caminho, **kwargs):
        return requests.request(metodo, servico.url + caminho, headers={"Authorization": f"Bearer {token}"},
                                timeout=10, **kwargs)
    chamar.servico = servico
    return chamar


@pytest.fixture
def criar(criar_contrato):
    return criar_contrato


@pytest.fixture
def lancamentos(lancamentos_do_contrato):
    return lancamentos_do_contrato


def test_criar_lanca_as_parcelas_no_financeiro_somando_o_valor(como, empresa, sql_dono, financeiro, criar, lancamentos):
    contrato = criar(como(empresa))
    assert contrato["status"] == "proposta" and contrato["sincronizacao"] == "sincronizado"
    assert contrato["mensagem_sincronizacao"] is None and len(contrato["lancamento_ids"]) == 3
    assert [(p["numero"], p["valor"], p["vencimento"], p["status"]) for p in contrato["plano"]] == [
        (1, "333.34", "2027-01-31", "aberta"), (2, "333.33", "2027-02-28", "aberta"),
        (3, "333.33", "2027-03-31", "aberta")]
    linhas = lancamentos(contrato["id"])
    assert [l["id"] for l in linhas] == contrato["lancamento_ids"]
    assert sum(l["valor"] for l in linhas) == Decimal("1000.00")
    assert [l["chave_origem"] for l in linhas] == [f"contrato:{contrato['id']}:parcela:{n}" for n in (1, 2, 3)]
    # Financeiro's own list by contract (CONTRACT.md) shows the same three.
    lista = financeiro("GET", f"/api/lancamentos?contrato_id={contrato['id']}").json()["items"]
    assert sorted(l["id"] for l in lista) == sorted(contrato["lancamento_ids"])
    # The text came from the default template, with the contract's values.
    assert "Ana Souza" in contrato["texto"] and "R$ 1.000,00" in contrato["texto"]
    assert "mil reais" in contrato["texto"] and "31/01/2027" in contrato["texto"]
    [auditoria] = sql_dono("SELECT depois FROM plataforma.auditoria WHERE entidade = 'contrato' AND acao = 'criar' "
                           "AND entidade_id = %s", (str(contrato["id"]),), empresa_id=empresa)
    assert auditoria["depois"]["valor"] == "1000.00"


def test_salvar_de_novo_nunca_duplica(como, empresa, criar, lancamentos):
    cliente = como(empresa)
    contrato = criar(cliente)
    for _ in range(2):
        de_novo = cliente.put(f"/api/contratos/{contrato['id']}", json={"descricao": "Cobertura do casamento"})
        assert de_novo.status_code == 200 and de_novo.get_json()["lancamento_ids"] == contrato["lancamento_ids"]
        sincronizado = cliente.post(f"/api/contratos/{contrato['id']}/sincronizar").get_json()
        assert sincronizado["lancamento_ids"] == contrato["lancamento_ids"]
    assert len(lancamentos(contrato["id"])) == 3


def test_sinal_e_vencimento_relativo_a_assinatura(como, empresa, criar, lancamentos):
    contrato = criar(como(empresa), valor="1000.00", parcelas=2, primeiro_vencimento=None,
                     vencimento_base="assinatura", dias=10,
                     sinal={"valor": "400.00", "vencimento": "2027-01-05"})
    assert [(p["numero"], p["valor"], p["base"], p["provisorio"]) for p in contrato["plano"]] == [
        (0, "400.00", "data", False), (1, "300.00", "assinatura", True), (2, "300.00", "assinatura", True)]
    # Not signed yet: from today, flagged.
    assert contrato["plano"][1]["vencimento"] == date.fromordinal(hoje().toordinal() + 10).isoformat()
    assert [l["valor"] for l in lancamentos(contrato["id"])] == [
        Decimal("400.00"), Decimal("300.00"), Decimal("300.00")]


def test_mudar_o_plano_reagenda_so_as_abertas(como, empresa, financeiro, criar, lancamentos):
    cliente = como(empresa)
    contrato = criar(cliente)
    primeira = contrato["lancamento_ids"][0]
    baixa = financeiro("POST", f"/api/lancamentos/{primeira}/baixas", json={"data": "2027-01-30"})
    assert baixa.status_code == 201, baixa.text
    alterado = cliente.put(f"/api/contratos/{contrato['id']}", json={
        "valor": "1200.00", "parcelas": 4, "primeiro_vencimento": "2027-02-10"}).get_json()
    assert alterado["sincronizacao"] == "sincronizado", alterado
    assert [(p["numero"], p["valor"], p["vencimento"], p["status"]) for p in alterado["plano"]] == [
        (1, "333.34", "2027-01-31", "paga"), (2, "288.89", "2027-03-10", "aberta"),
        (3, "288.89", "2027-04-10", "aberta"), (4, "288.88", "2027-05-10", "aberta")]
    linhas = lancamentos(contrato["id"])
    assert linhas[0]["id"] == primeira and linhas[0]["status"] == "PAGO"
    assert linhas[0]["valor"] == Decimal("333.34") and linhas[0]["data_vencimento"] == date(2027, 1, 31)
    assert [l["id"] for l in linhas[1:3]] == contrato["lancamento_ids"][1:3]  # rescheduled, not recreated
    assert sum(l["valor"] for l in linhas) == Decimal("1200.00")
    # Dropping the paid parcela, or a value that does not cover it, is refused.
    fora = cliente.put(f"/api/contratos/{contrato['id']}", json={"valor": "300.00", "parcelas": 1})
    assert fora.status_code == 400 and "valor" in fora.get_json()["campos"]
    # And a paid parcela forbids deleting the contract.
    assert cliente.delete(f"/api/contratos/{contrato['id']}").status_code == 409


def test_cancelar_cancela_as_abertas_e_excluir_tambem(como, empresa, criar, lancamentos):
    cliente = como(empresa)
    contrato = criar(cliente)
    cancelado = cliente.put(f"/api/contratos/{contrato['id']}", json={"status": "cancelado"}).get_json()
    assert cancelado["status"] == "cancelado" and {p["status"] for p in cancelado["plano"]} == {"cancelada"}
    assert {l["status"] for l in lancamentos(contrato["id"])} == {"CANCELADO"}
    assert cliente.put(f"/api/contratos/{contrato['id']}", json={"status": "proposta"}).status_code == 409

    outro = criar(cliente)
    assert cliente.delete(f"/api/contratos/{outro['id']}").status_code == 204
    assert cliente.get(f"/api/contratos/{outro['id']}").status_code == 404
    assert {l["status"] for l in lancamentos(outro["id"])} == {"CANCELADO"}


def test_status_so_segue_as_transicoes(como, empresa, criar):
    cliente = como(empresa)
    contrato = criar(cliente)
    pulo = cliente.put(f"/api/contratos/{contrato['id']}", json={"status": "concluido"})
    assert pulo.status_code == 400 and "status" in pulo.get_json()["campos"]
    assinado = cliente.put(f"/api/contratos/{contrato['id']}", json={"status": "assinado"}).get_json()
    assert assinado["status"] == "assinado" and assinado["assinado_em"] is not None
    assert cliente.put(f"/api/contratos/{contrato['id']}", json={"status": "em_execucao"}).status_code == 200


def test_financeiro_parado_no_meio_nada_fica_pela_metade(como, empresa, financeiro, lancamentos, corpo_de_contrato):
    cliente = como(empresa)
    financeiro.servico.parar()
    resposta = cliente.post("/api/contratos", json=corpo_de_contrato())
    assert resposta.status_code == 201
    contrato = resposta.get_json()
    assert contrato["sincronizacao"] == "pendente" and contrato["lancamento_ids"] == []
    assert "Parcelas ainda não lançadas no Financeiro" in contrato["mensagem_sincronizacao"]
    assert lancamentos(contrato["id"]) == []
    lista = cliente.get("/api/contratos").get_json()["items"]
    assert [(c["id"], c["sincronizacao"]) for c in lista] == [(contrato["id"], "pendente")]
    # Still down: the retry says so and changes nothing.
    assert cliente.post(f"/api/contratos/{contrato['id']}/sincronizar").get_json()["sincronizacao"] == "pendente"
    financeiro.servico.iniciar()
    pronto = cliente.post(f"/api/contratos/{contrato['id']}/sincronizar").get_json()
    assert pronto["sincronizacao"] == "sincronizado" and len(pronto["lancamento_ids"]) == 3
    assert len(lancamentos(contrato["id"])) == 3


def test_financeiro_gravou_mas_a_segunda_transacao_nao_rodou(como, empresa, sql_dono, criar, lancamentos):
    """The crash between financeiro's commit and tx2: as if tx2 never ran, the ids and the synced
    versao are forgotten; the retry sends the same state and gets the same lançamentos back."""
    cliente = como(empresa)
    contrato = criar(cliente)
    sql_dono("UPDATE operacional.parcelas_contrato SET lancamento_id = NULL WHERE contrato_id = %s",
             (contrato["id"],), empresa_id=empresa)
    sql_dono("UPDATE operacional.contratos SET versao_sincronizada = 0 WHERE id = %s", (contrato["id"],),
             empresa_id=empresa)
    pendente = cliente.get(f"/api/contratos/{contrato['id']}").get_json()
    assert pendente["sincronizacao"] == "pendente" and pendente["lancamento_ids"] == []
    de_novo = cliente.post(f"/api/contratos/{contrato['id']}/sincronizar").get_json()
    assert de_novo["sincronizacao"] == "sincronizado" and de_novo["lancamento_ids"] == contrato["lancamento_ids"]
    assert len(lancamentos(contrato["id"])) == 3


def test_pdf_do_contrato(como, empresa, criar):
    cliente = como(empresa)
    contrato = criar(cliente)
    resposta = cliente.get(f"/api/contratos/{contrato['id']}/pdf")
    assert resposta.status_code == 200 and resposta.mimetype == "application/pdf"
    texto = "".join(pagina.extract_text() for pagina in PdfReader(BytesIO(resposta.data)).pages)
    assert "Ana Souza" in texto and "PRESTAÇÃO DE SERVIÇOS" in texto


def test_validacao_nomeia_o_campo(como, empresa, para_contrato, nova_empresa, corpo_de_contrato):
    cliente = como(empresa)

    def erro(**mudancas):
        resposta = cliente.post("/api/contratos", json=corpo_de_contrato(**mudancas))
        assert resposta.status_code == 400, resposta.get_json()
        return resposta.get_json()["campos"]

    assert "valor" in erro(valor="0")
    assert "parcelas" in erro(parcelas=121)
    assert "parcelas" in erro(valor="0.02", parcelas=3)
    assert "primeiro_vencimento" in erro(primeiro_vencimento=None)
    assert "evento_id" in erro(vencimento_base="evento", dias=-30)
    assert "sinal.valor" in erro(sinal={"valor": "1000.00", "vencimento": "2027-01-01"})
    assert "sinal.vencimento" in erro(sinal={"valor": "100.00"})
    assert erro(categoria_id=para_contrato["despesa"])["categoria_id"].startswith("Use uma categoria de receita")
    assert "vencimento_base" in erro(vencimento_base="semana")
    # Another empresa's cliente, conta, categoria, evento, modelo do not exist here.
    assert set(erro(cliente_id=999999, conta_id=999999, categoria_id=999999, evento_id=999999,
                    modelo_id=999999)) == {"cliente_id", "conta_id", "categoria_id", "evento_id", "modelo_id"}


def test_outra_empresa_nao_ve_nem_mexe(como, empresa, nova_empresa, criar, lancamentos):
    contrato = criar(como(empresa))
    intrusa = como(nova_empresa())
    caminho = f"/api/contratos/{contrato['id']}"
    assert intrusa.get(caminho).status_code == 404
    assert intrusa.put(caminho, json={"descricao": "Minha"}).status_code == 404
    assert intrusa.delete(caminho).status_code == 404
    assert intrusa.post(caminho + "/sincronizar").status_code == 404
    assert intrusa.get(caminho + "/pdf").status_code == 404
    assert intrusa.get("/api/contratos").get_json()["items"] == []
    assert intrusa.get(f"/api/contratos/{2**63}").status_code == 404
    assert len(lancamentos(contrato["id"])) == 3


def test_lista_filtra_e_pagina(como, empresa, criar):
    cliente = como(empresa)
    ids = [criar(cliente)["id"] for _ in range(3)]
    cliente.put(f"/api/contratos/{ids[0]}", json={"status": "cancelado"})
    primeira = cliente.get("/api/contratos?limit=2").get_json()
    assert [c["id"] for c in primeira["items"]] == [ids[2], ids[1]]
    segunda = cliente.get(f"/api/contratos?limit=2&cursor={primeira['next_cursor']}").get_json()
    assert [c["id"] for c in segunda["items"]] == [ids[0]] and segunda["next_cursor"] is None
    assert [c["id"] for c in cliente.get("/api/contratos?status=cancelado").get_json()["items"]] == [ids[0]]
    assert cliente.get("/api/contratos", query_string={"status": "x"}).status_code == 400


def test_so_leitura_nao_escreve(como, empresa, corpo_de_contrato):
    leitor = como(empresa, perms=("operacional:ler",))
    assert leitor.post("/api/contratos", json=corpo_de_contrato()).status_code == 403
    assert leitor.get("/api/contratos").status_code == 200


def test_contrato_com_sessao_nao_e_excluido_nem_cancelado_por_isso(como, empresa, criar, sql_dono, lancamentos):
    cliente = como(empresa)
    contrato = criar(cliente)
    sql_dono("""INSERT INTO operacional.sessoes (empresa_id, titulo, inicio, fim, uid, contrato_id)
                VALUES (%s, 'Ensaio pré-casamento', '2027-01-10 10:00-03', '2027-01-10 12:00-03', 'u-1@erp', %s)""",
             (empresa, contrato["id"]), empresa_id=empresa)
    recusado = cliente.delete(f"/api/contratos/{contrato['id']}")
    assert recusado.status_code == 409 and "sessões" in recusado.get_json()["error"]
    assert cliente.get(f"/api/contratos/{contrato['id']}").get_json()["status"] == "proposta"
    assert {l["status"] for l in lancamentos(contrato["id"])} == {"PENDENTE"}


def test_exclusao_com_financeiro_fora_fica_cancelada_e_termina_depois(como, empresa, criar, financeiro, lancamentos):
    cliente = como(empresa)
    contrato = criar(cliente)
    financeiro.servico.parar()
    fora = cliente.delete(f"/api/contratos/{contrato['id']}")
    assert fora.status_code == 503 and "excluir de novo" in fora.get_json()["error"]
    assert cliente.get(f"/api/contratos/{contrato['id']}").get_json()["status"] == "cancelado"
    financeiro.servico.iniciar()
    assert cliente.delete(f"/api/contratos/{contrato['id']}").status_code == 204
    assert {l["status"] for l in lancamentos(contrato["id"])} == {"CANCELADO"}


def test_dois_salvamentos_ao_mesmo_tempo_terminam_com_o_plano_mais_novo(como, empresa, criar, lancamentos):
    """Whatever order the two PUTs reach financeiro in, the receivables end as the contract's plan."""
    import threading

    contrato = criar(como(empresa))
    caminho = f"/api/contratos/{contrato['id']}"
    barreira = threading.Barrier(4)
    respostas = []

    def salvar(valor, parcelas):
        cliente = como(empresa)
        barreira.wait()
        respostas.append(cliente.put(caminho, json={"valor": valor, "parcelas": parcelas}).status_code)

    threads = [threading.Thread(target=salvar, args=args) for args in
               (("1200.00", 4), ("900.00", 2), ("1500.00", 5), ("1000.00", 3))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert respostas == [200] * 4
    final = como(empresa).get(caminho).get_json()
    assert final["sincronizacao"] == "sincronizado"
    abertos = [l for l in lancamentos(contrato["id"]) if l["status"] != "CANCELADO"]
    assert [(l["chave_origem"], f"{l['valor']:.2f}", l["data_vencimento"].isoformat()) for l in abertos] == [
        (p["chave"], p["valor"], p["vencimento"]) for p in final["plano"]]
