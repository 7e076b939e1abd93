"""The conciliação finds a boleto or PIX receipt by its título (financeiro.titulos): a statement line
whose memo or FITID carries the título's PIX txid or nosso número (with or without its check
digit) suggests that lançamento first, says why, and — the amount agreeing — the automatic
conciliação confirms it. Títulos are stored with `sql_dono`, as the boleto code would."""
import itertools
import sys
import threading
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from financeiro.conciliacao import candidatos
from financeiro.conciliacao.memo import Transacao

sys.path.insert(0, str(Path(__file__).parent))
from test_candidatos import Explicar  # noqa: E402

_sequencias = itertools.count(1)


def lancar(cliente, cad, valor="350.00", vencimento="2026-03-10", **campos) -> int:
    resposta = cliente.post("/api/lancamentos", json={
        "tipo": "RECEITA", "descricao": "Ensaio de família", "valor": valor, "data_vencimento": vencimento,
        "conta_id": cad.conta_id, "categoria_id": cad.receita_id, "cliente_id": cad.cliente_id, **campos})
    assert resposta.status_code == 201, resposta.get_json()
    return resposta.get_json()["id"]


def titulo(sql_dono, cad, lancamento_id, nosso_numero, dv=None, txid=None, conta_id=None, empresa_id=None):
    empresa_id = empresa_id or cad.empresa_id
    sql_dono("""INSERT INTO financeiro.titulos (empresa_id, lancamento_id, conta_id, banco, sequencia, nosso_numero,
                                                nosso_numero_dv, valor, vencimento, txid)
                VALUES (%s, %s, %s, '341', %s, %s, %s, 350.00, '2026-03-10', %s)""",
             (empresa_id, lancamento_id, conta_id or cad.conta_id, next(_sequencias), nosso_numero, dv, txid),
             empresa_id=empresa_id)


def sugestoes(cliente, transacao_id) -> list[dict]:
    resposta = cliente.get(f"/api/extratos/transacoes/{transacao_id}/sugestoes")
    assert resposta.status_code == 200, resposta.get_json()
    return resposta.get_json()["items"]


def primeira(cliente, transacao_id) -> dict:
    itens = sugestoes(cliente, transacao_id)
    assert itens
    return itens[0]


# ---------------------------------------------------------------- by txid


def test_o_txid_do_pix_acha_o_lancamento_antes_dos_de_mesmo_valor(cliente, cad, sql_dono, transacoes):
    outro = lancar(cliente, cad, vencimento="2026-03-12")  # same amount, due the very day
    cobrado = lancar(cliente, cad, vencimento="2026-02-20")
    titulo(sql_dono, cad, cobrado, "00001234", "5", txid="ERP1Z2N")
    [t] = transacoes(cad.empresa_id, cad.conta_id, [(date(2026, 3, 12), Decimal("350.00"),
                                                     "PIX RECEBIDO MARIA F SOUZA ERP1Z2N")])

    itens = sugestoes(cliente, t)

    assert itens[0]["lancamento_ids"] == [cobrado]
    assert itens[0]["motivos"][0] == "txid do PIX confere"
    assert "valor igual ao em aberto" in itens[0]["motivos"]
    # Paid 20 days late by someone the memo names: the título says which one it is all the same.
    assert itens[0]["score"] >= 0.97
    assert next(i for i in itens if i["lancamento_ids"] == [outro])["score"] <= itens[0]["score"] - 0.1


def test_o_txid_vale_escrito_em_minusculas_e_no_fitid(cliente, cad, sql_dono, transacoes):
    no_memo, no_fitid = lancar(cliente, cad, valor="120.00"), lancar(cliente, cad, valor="80.00")
    titulo(sql_dono, cad, no_memo, "00000001", txid="ERP1Z3A")
    titulo(sql_dono, cad, no_fitid, "00000002", txid="ERP1Z3B")
    t1, t2 = transacoes(cad.empresa_id, cad.conta_id, [(date(2026, 3, 10), Decimal("120.00"), "pix recebido erp1z3a"),
                                                       (date(2026, 3, 10), Decimal("80.00"), "PIX RECEBIDO")])
    sql_dono("UPDATE financeiro.extrato_transacoes SET fitid = 'E18236120202603101200:ERP1Z3B' WHERE id = %s", (t2,))

    for transacao_id, lancamento_id in ((t1, no_memo), (t2, no_fitid)):
        melhor = primeira(cliente, transacao_id)
        assert (melhor["lancamento_ids"], melhor["motivos"][0]) == ([lancamento_id], "txid do PIX confere")


# ---------------------------------------------------------------- by nosso número


@pytest.mark.parametrize("memo", [
    "LIQUIDACAO COBRANCA 000012345",        # with its check digit after it
    "LIQUIDACAO COBRANCA 00001234-5",       # the digit apart
    "COBRANCA NN 00001234 ANA",             # without the digit
])
def test_o_nosso_numero_com_ou_sem_digito(cliente, cad, sql_dono, transacoes, memo):
    cobrado = lancar(cliente, cad)
    lancar(cliente, cad)  # the same amount and due date: only the nosso número tells them apart
    titulo(sql_dono, cad, cobrado, "00001234", "5")
    [t] = transacoes(cad.empresa_id, cad.conta_id, [(date(2026, 3, 10), Decimal("350.00"), memo)])

    melhor = primeira(cliente, t)

    assert melhor["lancamento_ids"] == [cobrado]
    assert melhor["motivos"][0] == "nosso número 00001234 confere"
    assert melhor["score"] >= 0.9


@pytest.mark.parametrize("memo", [
    "LIQUIDACAO COBRANCA 000012346",   # another check digit
    "LIQUIDACAO COBRANCA 1234",        # not the number written whole
])
def test_um_numero_que_so_parece_o_nosso_numero_nao_confere(cliente, cad, sql_dono, transacoes, memo):
    cobrado = lancar(cliente, cad)
    titulo(sql_dono, cad, cobrado, "00001234", "5")
    [t] = transacoes(cad.empresa_id, cad.conta_id, [(date(2026, 3, 10), Decimal("350.00"), memo)])

    assert not any("confere" in m for i in sugestoes(cliente, t) for m in i["motivos"])


def test_o_nosso_numero_e_da_conta_da_transacao(cliente, cad, sql_dono, transacoes):
    de_outra_conta = lancar(cliente, cad, conta_id=cad.outra_conta_id, vencimento="2025-01-10")
    titulo(sql_dono, cad, de_outra_conta, "00007777", "1", conta_id=cad.outra_conta_id)
    [t] = transacoes(cad.empresa_id, cad.conta_id, [(date(2026, 3, 10), Decimal("350.00"), "COBRANCA 000077771")])

    assert de_outra_conta not in [i for s in sugestoes(cliente, t) for i in s["lancamento_ids"]]


# ---------------------------------------------------------------- what does not fit


def test_valor_diferente_e_so_um_pagamento_parcial(cliente, cad, sql_dono, transacoes):
    cobrado = lancar(cliente, cad)
    titulo(sql_dono, cad, cobrado, "00001234", txid="ERP1Z9Z")
    [t] = transacoes(cad.empresa_id, cad.conta_id, [(date(2026, 3, 10), Decimal("100.00"), "PIX ERP1Z9Z")])

    melhor = primeira(cliente, t)

    assert (melhor["lancamento_ids"], melhor["tratar_diferenca"]) == ([cobrado], "PAGAMENTO_PARCIAL")
    assert "txid do PIX confere" in melhor["motivos"] and melhor["score"] < 0.9


def test_um_pagamento_nao_acha_titulos(cliente, cad, sql_dono, transacoes):
    cobrado = lancar(cliente, cad)
    titulo(sql_dono, cad, cobrado, "00001234", txid="ERP1Z8Z")
    [t] = transacoes(cad.empresa_id, cad.conta_id, [(date(2026, 3, 10), Decimal("-350.00"), "PAGTO ERP1Z8Z")])

    assert cobrado not in [i for s in sugestoes(cliente, t) for i in s["lancamento_ids"]]


def test_o_titulo_de_outra_empresa_nunca_aparece(cliente, cad, cadastro, como, nova_empresa, sql_dono, transacoes):
    outra = cadastro(nova_empresa())
    alheio = lancar(como(outra.empresa_id), outra)
    titulo(sql_dono, outra, alheio, "00004321", "0", txid="ERP2Z1A")
    [t] = transacoes(cad.empresa_id, cad.conta_id, [(date(2026, 3, 10), Decimal("350.00"), "PIX ERP2Z1A 000043210")])

    assert not any("confere" in m for i in sugestoes(cliente, t) for m in i["motivos"])


# ---------------------------------------------------------------- a título the retorno already settled


def test_a_baixa_de_um_titulo_liquidado_tambem_confere(cliente, cad, sql_dono, transacoes):
    cobrado = lancar(cliente, cad)
    titulo(sql_dono, cad, cobrado, "00005555", "2", txid="ERP1Z7Y")
    baixa = cliente.post(f"/api/lancamentos/{cobrado}/baixas", json={"valor": "350.00", "data": "2026-03-10"})
    assert baixa.status_code == 201, baixa.get_json()
    [t] = transacoes(cad.empresa_id, cad.conta_id, [(date(2026, 3, 11), Decimal("350.00"), "CRED COBRANCA 000055552")])

    melhor = primeira(cliente, t)

    assert (melhor["tipo"], melhor["lancamento_ids"]) == ("BAIXAS", [cobrado])
    assert "nosso número 00005555 confere" in melhor["motivos"]


# ---------------------------------------------------------------- the automatic conciliação


def test_a_conciliacao_automatica_confirma_o_titulo_de_valor_igual(cliente, cad, sql_dono, transacoes):
    cobrado = lancar(cliente, cad, vencimento="2026-02-01")
    lancar(cliente, cad, vencimento="2026-03-10")
    titulo(sql_dono, cad, cobrado, "00006666", txid="ERP1Z6X")
    parcial_id = lancar(cliente, cad, valor="900.00", vencimento="2026-01-05")
    titulo(sql_dono, cad, parcial_id, "00006667", txid="ERP1Z6W")
    pago, parcial = transacoes(cad.empresa_id, cad.conta_id, [
        (date(2026, 3, 10), Decimal("350.00"), "PIX RECEBIDO ERP1Z6X"),
        (date(2026, 3, 10), Decimal("100.00"), "PIX RECEBIDO ERP1Z6W")])
    extrato_id = sql_dono("SELECT extrato_id FROM financeiro.extrato_transacoes WHERE id = %s", (pago,))[0]["extrato_id"]

    resposta = cliente.post(f"/api/extratos/{extrato_id}/conciliacao-automatica", json={})
    assert resposta.status_code == 202, resposta.get_json()
    execucao_id = resposta.get_json()["id"]
    for _ in range(3000):
        progresso = cliente.get(f"/api/extratos/conciliacao-automatica/{execucao_id}").get_json()
        if progresso["status"] in ("CONCLUIDA", "FALHOU"):
            break
        time.sleep(0.05)
    for thread in threading.enumerate():
        if thread.name == f"conciliacao-automatica-{execucao_id}":
            thread.join()

    assert progresso["status"] == "CONCLUIDA"
    feitas = {linha["id"]: linha for linha in sql_dono(
        """SELECT t.id, t.conciliado, b.lancamento_id FROM financeiro.extrato_transacoes t
             LEFT JOIN financeiro.baixas b ON b.empresa_id = t.empresa_id AND b.conciliacao_id = t.conciliacao_id
            WHERE t.empresa_id = %s""", (cad.empresa_id,))}
    assert (feitas[pago]["conciliado"], feitas[pago]["lancamento_id"]) == (True, cobrado)
    assert feitas[parcial]["conciliado"] is False  # a partial payment is for a person to confirm


# ---------------------------------------------------------------- indexes


def test_os_titulos_sao_achados_pelos_indices(app, cad):
    # Planned with sequential scans off: a lookup that could not use an index would still show one.
    t = Transacao(1, cad.conta_id, date(2026, 3, 10), Decimal("350.00"), True, "PIX RECEBIDO ERP1Z2N 000012345")

    with app.extensions["erp"].db.transacao(cad.empresa_id) as cur:
        cur.execute("SET LOCAL enable_seqscan = off")
        explicar = Explicar(cur)
        candidatos.lancamentos(explicar, [(t, {})])
        candidatos.baixas(explicar, [t])

    for plano in explicar.planos:
        assert "Seq Scan on titulos" not in plano, plano
        assert "titulos_txid" in plano and "titulos_nosso_numero_unico" in plano, plano
