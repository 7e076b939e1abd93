"""/api/extratos/conciliacao on real PostgreSQL: confirming matches of statement transactions
with the ledger (1:1, partial, fees, 1:N, N:1, baixas already registered, a lançamento created
from the transaction), every refusal, other empresas' ids, concurrent confirmations, and the
proof that undoing one leaves the ledger exactly as it was.

Transactions are stored with the `transacoes` fixture (conftest.py); the ledger through the API.
"""
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal

import pytest

from shared.eventos import chave_geracao

LEITURA = ("financeiro:ler",)
DIA = date(2024, 3, 7)


# --- helpers -----------------------------------------------------------------------------------

def lancar(cliente, cad, valor, tipo="RECEITA", vencimento="2024-03-05", **extra) -> int:
    pessoa = {"cliente_id": cad.cliente_id} if tipo == "RECEITA" else {"fornecedor_id": cad.fornecedor_id}
    corpo = {"tipo": tipo, "descricao": f"{tipo.title()} {valor}", "valor": valor, "data_vencimento": vencimento,
             "categoria_id": cad.receita_id if tipo == "RECEITA" else cad.despesa_id, "conta_id": cad.conta_id,
             **pessoa, **extra}
    resposta = cliente.post("/api/lancamentos", json=corpo)
    assert resposta.status_code == 201, resposta.get_json()
    return resposta.get_json()["id"]


def lancamento(cliente, lancamento_id) -> dict:
    return cliente.get(f"/api/lancamentos/{lancamento_id}").get_json()


def baixar(cliente, lancamento_id, **corpo) -> int:
    resposta = cliente.post(f"/api/lancamentos/{lancamento_id}/baixas", json=corpo)
    assert resposta.status_code == 201, resposta.get_json()
    return resposta.get_json()["id"]


def conciliar(cliente, esperado=201, **corpo) -> dict:
    resposta = cliente.post("/api/extratos/conciliacao", json=corpo)
    assert resposta.status_code == esperado, resposta.get_json()
    return resposta.get_json()


def criar_da_transacao(cliente, transacao_id, esperado=201, **corpo) -> dict:
    resposta = cliente.post(f"/api/extratos/transacoes/{transacao_id}/lancamento", json=corpo)
    assert resposta.status_code == esperado, resposta.get_json()
    return resposta.get_json()


def transacao(sql_dono, transacao_id) -> dict:
    return sql_dono("SELECT * FROM financeiro.extrato_transacoes WHERE id = %s", (transacao_id,))[0]


# What the ledger is, for an empresa: every row a conciliação may touch, in a stable order.
# Left out: lancamentos.atualizado_em (any write stamps it) and conciliacao_padroes.ultima_em (a
# lesson taken back does not know when it was learned before; only its count matters).
_RETRATO = {
    "lancamentos": ("SELECT * FROM financeiro.lancamentos WHERE empresa_id = %s ORDER BY id", {"atualizado_em"}),
    "lancamentos_palavras": ("SELECT * FROM financeiro.lancamentos_palavras WHERE empresa_id = %s "
                             "ORDER BY palavra, lancamento_id", set()),
    "baixas": ("SELECT * FROM financeiro.baixas WHERE empresa_id = %s ORDER BY id", set()),
    "movimentos_dia": ("SELECT * FROM financeiro.movimentos_dia WHERE empresa_id = %s ORDER BY conta_id, data", set()),
    "totais_mes": ("SELECT * FROM financeiro.totais_mes WHERE empresa_id = %s "
                   "ORDER BY mes, tipo, status, conta_id, categoria_id", set()),
    "extrato_transacoes": ("SELECT * FROM financeiro.extrato_transacoes WHERE empresa_id = %s ORDER BY id", set()),
    "conciliacoes": ("SELECT * FROM financeiro.conciliacoes WHERE empresa_id = %s ORDER BY id", set()),
    "conciliacao_padroes": ("SELECT * FROM financeiro.conciliacao_padroes WHERE empresa_id = %s "
                            "ORDER BY padrao, direcao, categoria_id, cliente_id, fornecedor_id", {"ultima_em"}),
}


def retrato(sql_dono, empresa_id) -> dict:
    return {tabela: [{k: v for k, v in linha.items() if k not in fora} for linha in sql_dono(consulta, (empresa_id,))]
            for tabela, (consulta, fora) in _RETRATO.items()}


# --- confirming ---------------------------------------------------------------------------------

def test_an_exact_one_to_one_match_pays_the_lancamento_reconciles_audits_and_publishes(
        app, cliente, cad, transacoes, sql_dono):
    redis = app.extensions["erp"].redis
    lid = lancar(cliente, cad, "150.00")
    [tid] = transacoes(cad.empresa_id, cad.conta_id, [(DIA, Decimal("150.00"), "PIX RECEBIDO ANA SOUZA")])
    geracao = int(redis.get(chave_geracao(cad.empresa_id, "financeiro")) or 0)

    feita = conciliar(cliente, transacao_id=tid, lancamento_ids=[lid], score=0.97,
                      motivos=["valor igual ao em aberto", "nome do cliente no histórico"])

    assert (feita["conta_id"], feita["origem"], feita["score"], feita["lancamento_criado_id"]) == (
        cad.conta_id, "MANUAL", 0.97, None)
    assert feita["motivos"] == ["valor igual ao em aberto", "nome do cliente no histórico"]
    assert feita["transacoes"] == [{"id": tid, "data": "2024-03-07", "valor": "150.00",
                                    "memo": "PIX RECEBIDO ANA SOUZA"}]
    [baixa] = feita["baixas"]
    assert {k: baixa[k] for k in ("lancamento_id", "data", "valor", "juros", "desconto", "valor_movimentado",
                                  "registrada_na_conciliacao")} == {
        "lancamento_id": lid, "data": "2024-03-07", "valor": "150.00", "juros": "0.00", "desconto": "0.00",
        "valor_movimentado": "150.00", "registrada_na_conciliacao": True}
    pago = lancamento(cliente, lid)
    assert (pago["status"], pago["valor_pago"], pago["data_pagamento"]) == ("PAGO", "150.00", "2024-03-07")
    guardada = transacao(sql_dono, tid)
    assert (guardada["conciliado"], guardada["conciliacao_id"]) == (True, feita["id"])
    assert cliente.get(f"/api/extratos/conciliacao/{feita['id']}").get_json() == feita
    listada = cliente.get(f"/api/extratos/{guardada['extrato_id']}/transacoes").get_json()["items"]
    assert [(t["conciliado"], t["conciliacao_id"], t["conta_id"]) for t in listada] == [
        (True, feita["id"], cad.conta_id)]
    auditoria = sql_dono("SELECT acao, entidade_id, depois FROM plataforma.auditoria "
                         "WHERE empresa_id = %s AND entidade = 'conciliacao'", (cad.empresa_id,))
    assert [(a["acao"], a["entidade_id"]) for a in auditoria] == [("conciliar", str(feita["id"]))]
    assert auditoria[0]["depois"]["baixas"][0]["valor"] == "150.00"
    assert int(redis.get(chave_geracao(cad.empresa_id, "financeiro"))) == geracao + 1
    # ... and what it taught: this memo's pattern is Ana's.
    assert sql_dono("SELECT padrao, vezes, cliente_id FROM financeiro.conciliacao_padroes WHERE empresa_id = %s",
                    (cad.empresa_id,)) == [{"padrao": "pix recebido ana souza", "vezes": 1,
                                            "cliente_id": cad.cliente_id}]


def test_less_money_than_open_is_a_partial_payment_by_default(cliente, cad, transacoes):
    lid = lancar(cliente, cad, "200.00")
    [tid] = transacoes(cad.empresa_id, cad.conta_id, [(DIA, Decimal("120.00"), "DEPOSITO")])
    feita = conciliar(cliente, transacao_id=tid, lancamento_ids=[lid])
    assert [(b["valor"], b["desconto"]) for b in feita["baixas"]] == [("120.00", "0.00")]
    parcial = lancamento(cliente, lid)
    assert (parcial["status"], parcial["valor_pago"], parcial["valor_aberto"]) == ("PARCIAL", "120.00", "80.00")


def test_a_bank_fee_is_a_desconto_and_a_late_payment_juros(cliente, cad, transacoes):
    receita = lancar(cliente, cad, "100.00")
    despesa = lancar(cliente, cad, "80.00", tipo="DESPESA")
    entrada, saida = transacoes(cad.empresa_id, cad.conta_id, [(DIA, Decimal("97.50"), "CIELO"),
                                                               (DIA, Decimal("-85.00"), "BOLETO FOTO LAB")])
    com_tarifa = conciliar(cliente, transacao_id=entrada, lancamento_ids=[receita], tratar_diferenca="JUROS_OU_DESCONTO")
    assert [(b["valor"], b["desconto"], b["valor_movimentado"]) for b in com_tarifa["baixas"]] == [
        ("100.00", "2.50", "97.50")]
    com_juros = conciliar(cliente, transacao_id=saida, lancamento_ids=[despesa], tratar_diferenca="JUROS_OU_DESCONTO")
    assert [(b["valor"], b["juros"], b["valor_movimentado"]) for b in com_juros["baixas"]] == [
        ("80.00", "5.00", "85.00")]
    assert [lancamento(cliente, i)["status"] for i in (receita, despesa)] == ["PAGO", "PAGO"]


def test_one_deposit_pays_several_lancamentos_in_due_date_order(cliente, cad, transacoes):
    depois = lancar(cliente, cad, "50.00", vencimento="2024-03-10")
    antes = lancar(cliente, cad, "100.00", vencimento="2024-03-01")
    inteiro, parcial = transacoes(cad.empresa_id, cad.conta_id, [(DIA, Decimal("150.00"), "PIX PARCELAS"),
                                                                 (DIA, Decimal("120.00"), "PIX PARCELAS")])
    feita = conciliar(cliente, transacao_id=inteiro, lancamento_ids=[depois, antes])
    assert sorted((b["lancamento_id"], b["valor"]) for b in feita["baixas"]) == sorted(
        [(antes, "100.00"), (depois, "50.00")])
    assert conciliar(cliente, transacao_id=inteiro, lancamento_ids=[depois], esperado=409)

    # Less money than both: the earlier due is paid whole, the later gets what is left.
    assert cliente.delete(f"/api/extratos/conciliacao/{feita['id']}").status_code == 204
    feita = conciliar(cliente, transacao_id=parcial, lancamento_ids=[depois, antes])
    assert {b["lancamento_id"]: b["valor"] for b in feita["baixas"]} == {antes: "100.00", depois: "20.00"}
    assert [lancamento(cliente, i)["status"] for i in (antes, depois)] == ["PAGO", "PARCIAL"]


def test_several_settlements_pay_one_lancamento_dated_the_latest(cliente, cad, transacoes, sql_dono):
    lid = lancar(cliente, cad, "300.00", tipo="DESPESA")
    ids = transacoes(cad.empresa_id, cad.conta_id, [(date(2024, 3, 5), Decimal("-100.00"), "PAGTO 1/2"),
                                                    (date(2024, 3, 6), Decimal("-200.00"), "PAGTO 2/2")])
    feita = conciliar(cliente, transacao_ids=ids, lancamento_ids=[lid])
    assert [t["id"] for t in feita["transacoes"]] == ids
    assert [(b["data"], b["valor"]) for b in feita["baixas"]] == [("2024-03-06", "300.00")]
    assert {transacao(sql_dono, i)["conciliacao_id"] for i in ids} == {feita["id"]}
    assert lancamento(cliente, lid)["status"] == "PAGO"


def test_a_baixa_already_registered_is_linked_not_recorded_again(cliente, cad, transacoes):
    lid = lancar(cliente, cad, "100.00")
    bid = baixar(cliente, lid, data="2024-03-06")
    [tid] = transacoes(cad.empresa_id, cad.conta_id, [(DIA, Decimal("100.00"), "TED")])
    antes = lancamento(cliente, lid)
    feita = conciliar(cliente, transacao_id=tid, baixa_ids=[bid])
    assert [(b["id"], b["registrada_na_conciliacao"], b["data"]) for b in feita["baixas"]] == [
        (bid, False, "2024-03-06")]
    depois = lancamento(cliente, lid)
    assert {k: depois[k] for k in ("status", "valor_pago", "data_pagamento")} == {
        k: antes[k] for k in ("status", "valor_pago", "data_pagamento")}


def test_a_registered_baixa_and_an_open_lancamento_share_one_deposit(cliente, cad, transacoes):
    pago = lancar(cliente, cad, "60.00")
    aberto = lancar(cliente, cad, "40.00")
    bid = baixar(cliente, pago, data="2024-03-06")
    [tid] = transacoes(cad.empresa_id, cad.conta_id, [(DIA, Decimal("100.00"), "PIX")])
    feita = conciliar(cliente, transacao_id=tid, lancamento_ids=[aberto], baixa_ids=[bid])
    assert sorted((b["lancamento_id"], b["valor"], b["registrada_na_conciliacao"]) for b in feita["baixas"]) == sorted(
        [(pago, "60.00", False), (aberto, "40.00", True)])


def test_a_transaction_becomes_a_paid_lancamento(cliente, cad, transacoes):
    [tid] = transacoes(cad.empresa_id, cad.conta_id, [(date(2024, 3, 9), Decimal("-45.90"),
                                                       "  TARIFA   PACOTE SERVICOS ")])
    feita = criar_da_transacao(cliente, tid, categoria_id=cad.despesa_id, fornecedor_id=cad.fornecedor_id)
    criado = lancamento(cliente, feita["lancamento_criado_id"])
    assert {k: criado[k] for k in ("tipo", "descricao", "valor", "data_vencimento", "competencia", "conta_id",
                                   "fornecedor_id", "status", "data_pagamento")} == {
        "tipo": "DESPESA", "descricao": "TARIFA PACOTE SERVICOS", "valor": "45.90", "data_vencimento": "2024-03-09",
        "competencia": "2024-03", "conta_id": cad.conta_id, "fornecedor_id": cad.fornecedor_id, "status": "PAGO",
        "data_pagamento": "2024-03-09"}
    assert [(b["lancamento_id"], b["registrada_na_conciliacao"]) for b in feita["baixas"]] == [(criado["id"], True)]
    [outra] = transacoes(cad.empresa_id, cad.conta_id, [(DIA, Decimal("500.00"), "DEPOSITO")])
    feita = criar_da_transacao(cliente, outra, categoria_id=cad.receita_id, descricao="Ensaio de gestante",
                               documento="NF 12", competencia="2024-02")
    criado = lancamento(cliente, feita["lancamento_criado_id"])
    assert (criado["tipo"], criado["descricao"], criado["documento"], criado["competencia"]) == (
        "RECEITA", "Ensaio de gestante", "NF 12", "2024-02")


def test_a_reader_sees_conciliacoes_but_cannot_confirm_or_undo(como, cliente, cad, transacoes):
    lid = lancar(cliente, cad, "10.00")
    [tid, outra] = transacoes(cad.empresa_id, cad.conta_id, [(DIA, Decimal("10.00"), "X"), (DIA, Decimal("5.00"), "Y")])
    feita = conciliar(cliente, transacao_id=tid, lancamento_ids=[lid])
    leitor = como(cad.empresa_id, LEITURA)
    assert leitor.get(f"/api/extratos/conciliacao/{feita['id']}").status_code == 200
    assert leitor.delete(f"/api/extratos/conciliacao/{feita['id']}").status_code == 403
    assert leitor.post("/api/extratos/conciliacao", json={"transacao_id": outra, "lancamento_ids": [lid]}).status_code == 403
    assert leitor.post(f"/api/extratos/transacoes/{outra}/lancamento",
                       json={"categoria_id": cad.receita_id}).status_code == 403


# --- refusals -----------------------------------------------------------------------------------

@pytest.fixture
def cenario(cliente, cad, transacoes, cadastro, nova_empresa):
    """An empresa's ledger and statement with something of every kind a refusal needs."""
    outra_conta = transacoes(cad.empresa_id, cad.outra_conta_id, [(DIA, Decimal("100.00"), "OUTRA CONTA")])[0]
    ids = dict(zip(("entrada", "entrada2", "saida", "revisar", "descartada", "zero"), transacoes(
        cad.empresa_id, cad.conta_id, [(DIA, Decimal("100.00"), "PIX"), (DIA, Decimal("50.00"), "PIX"),
                                       (DIA, Decimal("-100.00"), "BOLETO"), (DIA, Decimal("100.00"), "REPETIDA"),
                                       (DIA, Decimal("100.00"), "DESCARTADA"), (DIA, Decimal("0.00"), "ZERO")])))
    ids["outra_conta"] = outra_conta
    ids["receita"] = lancar(cliente, cad, "100.00")
    ids["receita2"] = lancar(cliente, cad, "30.00", vencimento="2024-03-06")
    ids["despesa"] = lancar(cliente, cad, "100.00", tipo="DESPESA")
    ids["cancelada"] = lancar(cliente, cad, "100.00")
    assert cliente.post(f"/api/lancamentos/{ids['cancelada']}/cancelar").status_code == 200
    ids["paga"] = lancar(cliente, cad, "100.00", status="PAGO", data_pagamento="2024-03-01")
    [ids["baixa_paga"]] = [b["id"] for b in cliente.get(f"/api/lancamentos/{ids['paga']}/baixas").get_json()["items"]]
    com_baixa = lancar(cliente, cad, "100.00")
    ids["baixa_outra_conta"] = baixar(cliente, com_baixa, valor="10.00", conta_id=cad.outra_conta_id)
    ids["baixa"] = baixar(cliente, com_baixa, valor="40.00")
    ids["baixa_despesa"] = baixar(cliente, lancar(cliente, cad, "100.00", tipo="DESPESA"))
    reconciliada = lancar(cliente, cad, "20.00")
    ids["baixa_conciliada"] = baixar(cliente, reconciliada)
    [ids["conciliada"]] = transacoes(cad.empresa_id, cad.conta_id, [(DIA, Decimal("20.00"), "JA CONCILIADA")])
    conciliar(cliente, transacao_id=ids["conciliada"], baixa_ids=[ids["baixa_conciliada"]])
    return ids


def _sql_marcar(sql_dono, ids):
    sql_dono("UPDATE financeiro.extrato_transacoes SET revisar = true WHERE id = %s", (ids["revisar"],))
    sql_dono("UPDATE financeiro.extrato_transacoes SET revisar = true, descartada_em = now() WHERE id = %s",
             (ids["descartada"],))


# (body built from the scenario's ids, status, the field named)
RECUSAS = [
    (lambda i: {}, 400, "transacao_id"),
    (lambda i: {"transacao_id": i["entrada"], "transacao_ids": [i["entrada"]], "lancamento_ids": [i["receita"]]},
     400, "transacao_id"),
    (lambda i: {"transacao_id": str(i["entrada"]), "lancamento_ids": [i["receita"]]}, 400, "transacao_id"),
    (lambda i: {"transacao_ids": [], "lancamento_ids": [i["receita"]]}, 400, "transacao_ids"),
    (lambda i: {"transacao_id": i["entrada"]}, 400, "lancamento_ids"),
    (lambda i: {"transacao_id": i["entrada"], "lancamento_ids": [i["receita"], i["receita"]]}, 400, "lancamento_ids"),
    (lambda i: {"transacao_id": i["entrada"], "lancamento_ids": [0]}, 400, "lancamento_ids.0"),
    (lambda i: {"transacao_id": i["entrada"], "baixa_ids": "1"}, 400, "baixa_ids"),
    (lambda i: {"transacao_ids": [i["entrada"], i["entrada"]], "lancamento_ids": [i["receita"]]}, 400, "transacao_ids"),
    (lambda i: {"transacao_id": i["entrada"], "lancamento_ids": [i["receita"]], "tratar_diferenca": "ARREDONDAR"},
     400, "tratar_diferenca"),
    (lambda i: {"transacao_id": i["entrada"], "lancamento_ids": [i["receita"]], "score": 1.5}, 400, "score"),
    (lambda i: {"transacao_id": i["entrada"], "lancamento_ids": [i["receita"]], "motivos": [""]}, 400, "motivos.0"),
    (lambda i: {"transacao_id": i["entrada"], "lancamento_ids": [i["receita"]], "extra": 1}, 400, "extra"),
    # the ledger's sense
    (lambda i: {"transacao_id": i["entrada"], "lancamento_ids": [i["despesa"]]}, 400, "lancamento_ids"),
    (lambda i: {"transacao_id": i["saida"], "lancamento_ids": [i["receita"]]}, 400, "lancamento_ids"),
    (lambda i: {"transacao_id": i["entrada"], "baixa_ids": [i["baixa_despesa"]]}, 400, "baixa_ids"),
    (lambda i: {"transacao_ids": [i["entrada"], i["entrada2"]], "lancamento_ids": [i["receita"], i["receita2"]]},
     400, "lancamento_ids"),
    (lambda i: {"transacao_ids": [i["entrada"], i["entrada2"]], "baixa_ids": [i["baixa"], i["baixa_paga"]]},
     400, "baixa_ids"),
    (lambda i: {"transacao_ids": [i["entrada"], i["saida"]], "lancamento_ids": [i["receita"]]}, 400, "transacao_ids"),
    (lambda i: {"transacao_ids": [i["entrada"], i["outra_conta"]], "lancamento_ids": [i["receita"]]},
     400, "transacao_ids"),
    (lambda i: {"transacao_id": i["zero"], "lancamento_ids": [i["receita"]]}, 400, "transacao_id"),
    (lambda i: {"transacao_id": i["entrada"], "baixa_ids": [i["baixa_outra_conta"]]}, 400, "baixa_ids"),
    (lambda i: {"transacao_id": i["entrada"], "baixa_ids": [i["baixa"]]}, 400, "baixa_ids"),  # 40 for 100
    # amounts that do not fit
    (lambda i: {"transacao_id": i["entrada"], "lancamento_ids": [i["receita2"]]}, 400, "tratar_diferenca"),
    (lambda i: {"transacao_id": i["entrada"], "lancamento_ids": [i["receita2"]], "tratar_diferenca": "PAGAMENTO_PARCIAL"},
     400, "tratar_diferenca"),
    (lambda i: {"transacao_id": i["entrada2"], "lancamento_ids": [i["receita2"], i["receita"]]}, 400, "lancamento_ids"),
    (lambda i: {"transacao_id": i["entrada2"], "lancamento_ids": [i["receita"], i["receita2"]],
                "tratar_diferenca": "JUROS_OU_DESCONTO"}, 400, "tratar_diferenca"),  # 80 off a 30 baixa
    (lambda i: {"transacao_id": i["entrada"], "lancamento_ids": [i["receita"]], "baixa_ids": [i["baixa_paga"]]},
     400, "lancamento_ids"),  # the baixa already explains all of it
    # state
    (lambda i: {"transacao_id": i["conciliada"], "lancamento_ids": [i["receita"]]}, 409, "transacao_id"),
    (lambda i: {"transacao_id": i["revisar"], "lancamento_ids": [i["receita"]]}, 409, "transacao_id"),
    (lambda i: {"transacao_id": i["descartada"], "lancamento_ids": [i["receita"]]}, 409, "transacao_id"),
    (lambda i: {"transacao_id": i["entrada"], "lancamento_ids": [i["cancelada"]]}, 409, "lancamento_ids"),
    (lambda i: {"transacao_id": i["entrada"], "lancamento_ids": [i["paga"]]}, 409, "lancamento_ids"),
    (lambda i: {"transacao_id": i["entrada"], "baixa_ids": [i["baixa_conciliada"]]}, 409, "baixa_ids"),
    # ids that do not exist
    (lambda i: {"transacao_id": 10**12, "lancamento_ids": [i["receita"]]}, 404, "transacao_id"),
    (lambda i: {"transacao_id": i["entrada"], "lancamento_ids": [10**12]}, 404, "lancamento_ids"),
    (lambda i: {"transacao_id": i["entrada"], "baixa_ids": [10**12]}, 404, "baixa_ids"),
]


@pytest.mark.parametrize("corpo, status, campo", RECUSAS)
def test_a_refused_conciliacao_names_the_field_and_changes_nothing(cliente, cad, cenario, sql_dono, corpo, status, campo):
    _sql_marcar(sql_dono, cenario)
    antes = retrato(sql_dono, cad.empresa_id)
    resposta = cliente.post("/api/extratos/conciliacao", json=corpo(cenario))
    assert resposta.status_code == status, resposta.get_json()
    erro = resposta.get_json()
    assert campo in erro["campos"], erro
    assert erro["error"] and all(erro["campos"].values())
    assert retrato(sql_dono, cad.empresa_id) == antes


@pytest.mark.parametrize("corpo, status, campo", [
    ({}, 400, "categoria_id"),
    ({"categoria_id": "1"}, 400, "categoria_id"),
    ({"categoria_id": "despesa"}, 400, "categoria_id"),  # a RECEITA transaction, a DESPESA categoria
    ({"categoria_id": "receita", "cliente_id": "cliente", "fornecedor_id": "fornecedor"}, 400, "fornecedor_id"),
    ({"categoria_id": "receita", "competencia": "2024-13"}, 400, "competencia"),
    ({"categoria_id": "receita", "descricao": "x" * 201}, 400, "descricao"),
    ({"categoria_id": "receita", "documento": "x" * 61}, 400, "documento"),
    ({"categoria_id": 10**12}, 404, "categoria_id"),
    ({"categoria_id": "receita", "cliente_id": 10**12}, 404, "cliente_id"),
])
def test_a_refused_lancamento_from_a_transaction_names_the_field_and_changes_nothing(
        cliente, cad, transacoes, sql_dono, corpo, status, campo):
    [tid] = transacoes(cad.empresa_id, cad.conta_id, [(DIA, Decimal("70.00"), "PIX")])
    nomes = {"receita": cad.receita_id, "despesa": cad.despesa_id, "cliente": cad.cliente_id,
             "fornecedor": cad.fornecedor_id}
    corpo = {k: nomes.get(v, v) if isinstance(v, str) and k.endswith("_id") else v for k, v in corpo.items()}
    antes = retrato(sql_dono, cad.empresa_id)
    erro = criar_da_transacao(cliente, tid, esperado=status, **corpo)
    assert campo in erro["campos"], erro
    assert retrato(sql_dono, cad.empresa_id) == antes


def test_a_lancamento_is_created_only_from_a_transaction_that_is_still_open(cliente, cad, transacoes, sql_dono):
    lid = lancar(cliente, cad, "70.00")
    tid, revisar, descartada = transacoes(cad.empresa_id, cad.conta_id, [(DIA, Decimal("70.00"), "PIX")] * 3)
    conciliar(cliente, transacao_id=tid, lancamento_ids=[lid])
    sql_dono("UPDATE financeiro.extrato_transacoes SET revisar = true WHERE id = %s", (revisar,))
    sql_dono("UPDATE financeiro.extrato_transacoes SET revisar = true, descartada_em = now() WHERE id = %s",
             (descartada,))
    antes = retrato(sql_dono, cad.empresa_id)
    assert "transacao_id" in criar_da_transacao(cliente, tid, esperado=409, categoria_id=cad.receita_id)["campos"]
    assert "transacao_id" in criar_da_transacao(cliente, revisar, esperado=409, categoria_id=cad.receita_id)["campos"]
    criar_da_transacao(cliente, descartada, esperado=404, categoria_id=cad.receita_id)
    criar_da_transacao(cliente, 10**12, esperado=404, categoria_id=cad.receita_id)
    assert cliente.post(f"/api/extratos/transacoes/{2**63}/lancamento",
                        json={"categoria_id": cad.receita_id}).status_code == 404
    assert retrato(sql_dono, cad.empresa_id) == antes


# --- other empresas -----------------------------------------------------------------------------

def test_another_empresas_ids_do_not_exist_here(como, cliente, cad, cadastro, nova_empresa, transacoes, sql_dono):
    outra = cadastro(nova_empresa())
    dela = como(outra.empresa_id)
    lancamento_dela = lancar(dela, outra, "100.00")
    baixa_dela = baixar(dela, lancar(dela, outra, "100.00"))
    transacao_dela, livre_dela = transacoes(outra.empresa_id, outra.conta_id, [(DIA, Decimal("100.00"), "PIX")] * 2)
    conciliacao_dela = conciliar(dela, transacao_id=transacao_dela, lancamento_ids=[lancamento_dela])["id"]
    meu = lancar(cliente, cad, "100.00")
    [minha] = transacoes(cad.empresa_id, cad.conta_id, [(DIA, Decimal("100.00"), "PIX")])
    retratos = {e: retrato(sql_dono, e) for e in (cad.empresa_id, outra.empresa_id)}

    for corpo, campo in (({"transacao_id": livre_dela, "lancamento_ids": [meu]}, "transacao_id"),
                         ({"transacao_ids": [minha, livre_dela], "lancamento_ids": [meu]}, "transacao_ids"),
                         ({"transacao_id": minha, "lancamento_ids": [lancamento_dela]}, "lancamento_ids"),
                         ({"transacao_id": minha, "lancamento_ids": [meu, lancamento_dela]}, "lancamento_ids"),
                         ({"transacao_id": minha, "baixa_ids": [baixa_dela]}, "baixa_ids")):
        erro = conciliar(cliente, esperado=404, **corpo)
        assert campo in erro["campos"], (corpo, erro)
    for corpo, campo in (({"categoria_id": outra.receita_id}, "categoria_id"),
                         ({"categoria_id": cad.receita_id, "cliente_id": outra.cliente_id}, "cliente_id"),
                         ({"categoria_id": cad.receita_id, "fornecedor_id": outra.fornecedor_id}, "fornecedor_id")):
        erro = criar_da_transacao(cliente, minha, esperado=404, **corpo)
        assert campo in erro["campos"], (corpo, erro)
    criar_da_transacao(cliente, livre_dela, esperado=404, categoria_id=cad.receita_id)
    assert cliente.get(f"/api/extratos/conciliacao/{conciliacao_dela}").status_code == 404
    assert cliente.delete(f"/api/extratos/conciliacao/{conciliacao_dela}").status_code == 404
    assert cliente.delete(f"/api/baixas/{baixa_dela}").status_code == 404
    assert {e: retrato(sql_dono, e) for e in retratos} == retratos
    assert dela.get(f"/api/extratos/conciliacao/{conciliacao_dela}").status_code == 200


def test_unknown_conciliacoes_are_404(cliente):
    for conciliacao_id in (10**12, 2**63):
        assert cliente.get(f"/api/extratos/conciliacao/{conciliacao_id}").status_code == 404
        assert cliente.delete(f"/api/extratos/conciliacao/{conciliacao_id}").status_code == 404


# --- concurrency --------------------------------------------------------------------------------

def test_simultaneous_confirmations_of_one_transaction_record_it_once(como, cad, transacoes, sql_dono):
    cliente = como(cad.empresa_id)
    lancamentos = [lancar(cliente, cad, "90.00") for _ in range(4)]
    [tid] = transacoes(cad.empresa_id, cad.conta_id, [(DIA, Decimal("90.00"), "PIX")])

    def confirmar(lid):
        return como(cad.empresa_id).post("/api/extratos/conciliacao",
                                         json={"transacao_id": tid, "lancamento_ids": [lid]}).status_code

    with ThreadPoolExecutor(4) as grupo:
        assert sorted(grupo.map(confirmar, lancamentos)) == [201, 409, 409, 409]
    assert sql_dono("SELECT count(*) AS n FROM financeiro.baixas WHERE empresa_id = %s",
                    (cad.empresa_id,))[0]["n"] == 1
    assert sql_dono("SELECT count(*) AS n FROM financeiro.conciliacoes WHERE empresa_id = %s",
                    (cad.empresa_id,))[0]["n"] == 1


def test_crossing_confirmations_of_the_same_lancamentos_neither_deadlock_nor_pay_twice(como, cad, transacoes):
    cliente = como(cad.empresa_id)
    a, b = lancar(cliente, cad, "30.00"), lancar(cliente, cad, "70.00")
    primeira, segunda = transacoes(cad.empresa_id, cad.conta_id, [(DIA, Decimal("100.00"), "PIX")] * 2)
    pedidos = [(primeira, [a, b]), (segunda, [b, a])] * 2

    def confirmar(pedido):
        tid, ids = pedido
        return como(cad.empresa_id).post("/api/extratos/conciliacao",
                                         json={"transacao_id": tid, "lancamento_ids": ids}).status_code

    with ThreadPoolExecutor(4) as grupo:
        assert sorted(grupo.map(confirmar, pedidos)) == [201, 409, 409, 409]
    assert [lancamento(cliente, i)["valor_pago"] for i in (a, b)] == ["30.00", "70.00"]


# --- what a conciliação protects ----------------------------------------------------------------

def test_a_reconciled_baixa_cannot_be_estornada_until_the_conciliacao_is_undone(cliente, cad, transacoes):
    lid = lancar(cliente, cad, "100.00")
    bid = baixar(cliente, lid, data="2024-03-06")
    [tid] = transacoes(cad.empresa_id, cad.conta_id, [(DIA, Decimal("100.00"), "TED")])
    feita = conciliar(cliente, transacao_id=tid, baixa_ids=[bid])
    resposta = cliente.delete(f"/api/baixas/{bid}")
    assert resposta.status_code == 409
    assert resposta.get_json()["error"] == ("Esta baixa foi conciliada com o extrato; "
                                            "desfaça a conciliação antes de estorná-la")
    assert lancamento(cliente, lid)["status"] == "PAGO"
    assert cliente.delete(f"/api/extratos/conciliacao/{feita['id']}").status_code == 204
    assert cliente.delete(f"/api/baixas/{bid}").status_code == 204
    assert lancamento(cliente, lid)["status"] == "PENDENTE"


def test_a_reconciled_lancamento_keeps_its_baixas(cliente, cad, transacoes):
    lid = lancar(cliente, cad, "100.00")
    [tid] = transacoes(cad.empresa_id, cad.conta_id, [(DIA, Decimal("100.00"), "PIX")])
    feita = conciliar(cliente, transacao_id=tid, lancamento_ids=[lid])
    [baixa] = feita["baixas"]
    assert cliente.delete(f"/api/baixas/{baixa['id']}").status_code == 409
    assert cliente.delete(f"/api/lancamentos/{lid}").status_code == 409
    assert cliente.post(f"/api/lancamentos/{lid}/cancelar").status_code == 409
    assert cliente.put(f"/api/lancamentos/{lid}", json={"valor": "99.99"}).status_code == 400
    assert cliente.get(f"/api/extratos/conciliacao/{feita['id']}").get_json() == feita
    assert lancamento(cliente, lid)["status"] == "PAGO"


def test_undoing_a_created_lancamento_that_was_paid_again_since_is_refused(cliente, cad, transacoes, sql_dono):
    [tid] = transacoes(cad.empresa_id, cad.conta_id, [(DIA, Decimal("-40.00"), "TARIFA")])
    feita = criar_da_transacao(cliente, tid, categoria_id=cad.despesa_id)
    lid = feita["lancamento_criado_id"]
    assert cliente.put(f"/api/lancamentos/{lid}", json={"valor": "50.00"}).status_code == 200
    baixar(cliente, lid)
    antes = retrato(sql_dono, cad.empresa_id)
    resposta = cliente.delete(f"/api/extratos/conciliacao/{feita['id']}")
    assert resposta.status_code == 409, resposta.get_json()
    assert retrato(sql_dono, cad.empresa_id) == antes


def test_a_conciliacao_is_undone_once(cliente, cad, transacoes, sql_dono):
    lid = lancar(cliente, cad, "10.00")
    [tid] = transacoes(cad.empresa_id, cad.conta_id, [(DIA, Decimal("10.00"), "PIX")])
    feita = conciliar(cliente, transacao_id=tid, lancamento_ids=[lid])
    assert cliente.delete(f"/api/extratos/conciliacao/{feita['id']}").status_code == 204
    assert cliente.delete(f"/api/extratos/conciliacao/{feita['id']}").status_code == 404
    assert cliente.get(f"/api/extratos/conciliacao/{feita['id']}").status_code == 404
    auditoria = sql_dono("SELECT acao, antes FROM plataforma.auditoria WHERE empresa_id = %s "
                         "AND entidade = 'conciliacao' ORDER BY id", (cad.empresa_id,))
    assert [a["acao"] for a in auditoria] == ["conciliar", "desfazer"]
    assert auditoria[1]["antes"]["transacoes"][0]["id"] == tid
    # ... and the transaction can be reconciled again.
    assert conciliar(cliente, transacao_id=tid, lancamento_ids=[lid])["id"] != feita["id"]


# --- undo restores the ledger exactly -----------------------------------------------------------

def _ja_no_livro(cliente, cad):
    """What the ledger had before: movement on the conciliações' day, the same month's totals,
    a lesson already learned for the memo the 1:1 case uses."""
    baixar(cliente, lancar(cliente, cad, "33.00", tipo="DESPESA"), data=DIA.isoformat())
    baixar(cliente, lancar(cliente, cad, "500.00"), valor="125.00", data=DIA.isoformat())
    lancar(cliente, cad, "77.00")


def _um_para_um(cliente, cad, transacoes):
    lid = lancar(cliente, cad, "150.00")
    # The lesson this memo already taught, which undoing the second one must leave counted once.
    primeira, tid = transacoes(cad.empresa_id, cad.conta_id, [(DIA, Decimal("10.00"), "PIX ANA SOUZA"),
                                                              (DIA, Decimal("150.00"), "PIX ANA SOUZA")])
    conciliar(cliente, transacao_id=primeira, lancamento_ids=[lancar(cliente, cad, "10.00")])
    return lambda: conciliar(cliente, transacao_id=tid, lancamento_ids=[lid])


def _parcial(cliente, cad, transacoes):
    lid = lancar(cliente, cad, "200.00")
    [tid] = transacoes(cad.empresa_id, cad.conta_id, [(DIA, Decimal("120.00"), "DEPOSITO")])
    return lambda: conciliar(cliente, transacao_id=tid, lancamento_ids=[lid])


def _tarifa(cliente, cad, transacoes):
    lid = lancar(cliente, cad, "100.00", vencimento="2024-04-02")  # a month with no totals before
    [tid] = transacoes(cad.empresa_id, cad.conta_id, [(date(2024, 3, 8), Decimal("97.50"), "CIELO")])
    return lambda: conciliar(cliente, transacao_id=tid, lancamento_ids=[lid], tratar_diferenca="JUROS_OU_DESCONTO")


def _juros(cliente, cad, transacoes):
    lid = lancar(cliente, cad, "80.00", tipo="DESPESA")
    [tid] = transacoes(cad.empresa_id, cad.conta_id, [(DIA, Decimal("-85.00"), "BOLETO FOTO LAB")])
    return lambda: conciliar(cliente, transacao_id=tid, lancamento_ids=[lid], tratar_diferenca="JUROS_OU_DESCONTO")


def _um_para_varios(cliente, cad, transacoes):
    ja_parcial = lancar(cliente, cad, "100.00", vencimento="2024-03-01")
    baixar(cliente, ja_parcial, valor="40.00", data="2024-03-02")
    outro = lancar(cliente, cad, "50.00", vencimento="2024-03-10")
    [tid] = transacoes(cad.empresa_id, cad.conta_id, [(DIA, Decimal("110.00"), "PIX PARCELAS")])
    return lambda: conciliar(cliente, transacao_id=tid, lancamento_ids=[outro, ja_parcial])


def _varios_para_um(cliente, cad, transacoes):
    lid = lancar(cliente, cad, "300.00", tipo="DESPESA")
    ids = transacoes(cad.empresa_id, cad.conta_id, [(DIA, Decimal("-100.00"), "PAGTO 1/2"),
                                                    (date(2024, 3, 11), Decimal("-200.00"), "PAGTO 2/2")])
    return lambda: conciliar(cliente, transacao_ids=ids, lancamento_ids=[lid])


def _baixa_existente(cliente, cad, transacoes):
    pago = lancar(cliente, cad, "60.00")
    bid = baixar(cliente, pago, data="2024-03-06")
    aberto = lancar(cliente, cad, "40.00")
    [tid] = transacoes(cad.empresa_id, cad.conta_id, [(DIA, Decimal("100.00"), "PIX")])
    return lambda: conciliar(cliente, transacao_id=tid, lancamento_ids=[aberto], baixa_ids=[bid])


def _so_baixa_existente(cliente, cad, transacoes):
    bid = baixar(cliente, lancar(cliente, cad, "60.00"), data="2024-03-06")
    [tid] = transacoes(cad.empresa_id, cad.conta_id, [(DIA, Decimal("60.00"), "TED")])
    return lambda: conciliar(cliente, transacao_id=tid, baixa_ids=[bid])


def _lancamento_criado(cliente, cad, transacoes):
    [tid] = transacoes(cad.empresa_id, cad.conta_id, [(date(2024, 5, 9), Decimal("-45.90"), "TARIFA PACOTE")])
    return lambda: criar_da_transacao(cliente, tid, categoria_id=cad.despesa_id, documento="PCT 5")


@pytest.mark.parametrize("montar", [_um_para_um, _parcial, _tarifa, _juros, _um_para_varios, _varios_para_um,
                                    _baixa_existente, _so_baixa_existente, _lancamento_criado],
                         ids=lambda f: f.__name__.strip("_"))
def test_undoing_a_conciliacao_restores_the_ledger_exactly(cliente, cad, transacoes, sql_dono, montar):
    _ja_no_livro(cliente, cad)
    confirmar = montar(cliente, cad, transacoes)
    antes = retrato(sql_dono, cad.empresa_id)
    feita = confirmar()
    assert retrato(sql_dono, cad.empresa_id) != antes
    assert cliente.delete(f"/api/extratos/conciliacao/{feita['id']}").status_code == 204
    assert retrato(sql_dono, cad.empresa_id) == antes
