"""The automatic conciliação of a statement (POST /api/extratos/<id>/conciliacao-automatica) on
real PostgreSQL: rules that create lançamentos, clear matches confirmed, doubtful ones left, the
progress, one run per statement, a run whose process died taken up by a look at its progress,
two workers never doing the same run, a failure, and other empresas' statements and rules.

The run is a thread of the test's app: tests wait for it by polling its progress (bounded, never
by timing). Transactions are stored with the `transacoes` fixture (conftest.py).
"""
import json
import logging
import threading
import time
from datetime import date
from decimal import Decimal

import pytest
import redis

from shared import catalogo_eventos as eventos
from shared.eventos import chave_geracao
from shared.logging import correlation_id

from financeiro.conciliacao import automatica, sugestoes

LEITURA = ("financeiro:ler",)
TARIFAS = "Tarifas bancárias"


# --- helpers -----------------------------------------------------------------------------------

def lancar(cliente, cad, valor, vencimento, descricao, **extra) -> int:
    resposta = cliente.post("/api/lancamentos", json={
        "tipo": "RECEITA", "descricao": descricao, "valor": valor, "data_vencimento": vencimento,
        "categoria_id": cad.receita_id, "conta_id": cad.conta_id, "cliente_id": cad.cliente_id, **extra})
    assert resposta.status_code == 201, resposta.get_json()
    return resposta.get_json()["id"]


def regra(cliente, cad, nome=TARIFAS, **campos) -> dict:
    corpo = {"nome": nome, "memo_contem": "tarifa", "acao": "CRIAR_LANCAMENTO", "categoria_id": cad.despesa_id,
             "descricao": "Tarifa bancária", **campos}
    resposta = cliente.post("/api/extratos/regras", json={k: v for k, v in corpo.items() if v is not None})
    assert resposta.status_code == 201, resposta.get_json()
    return resposta.get_json()


def extrato_de(sql_dono, transacao_id) -> int:
    return sql_dono("SELECT extrato_id FROM financeiro.extrato_transacoes WHERE id = %s",
                    (transacao_id,))[0]["extrato_id"]


def iniciar(cliente, extrato_id, esperado=202, **corpo) -> dict:
    resposta = cliente.post(f"/api/extratos/{extrato_id}/conciliacao-automatica", json=corpo)
    assert resposta.status_code == esperado, resposta.get_json()
    return resposta.get_json()


def esperar(cliente, execucao_id) -> dict:
    """The run once it is over, asking for its progress as the screen does; then its thread is
    waited for too, so that nothing of it outlives the test."""
    for _ in range(3000):
        resposta = cliente.get(f"/api/extratos/conciliacao-automatica/{execucao_id}")
        assert resposta.status_code == 200, resposta.get_json()
        if resposta.get_json()["status"] in ("CONCLUIDA", "FALHOU"):
            for thread in threading.enumerate():
                if thread.name == f"conciliacao-automatica-{execucao_id}":
                    thread.join()
            return resposta.get_json()
        time.sleep(0.05)
    pytest.fail("a conciliação automática não terminou")


def conciliadas(sql_dono, empresa_id) -> dict[int, dict]:
    """Each reconciled transaction's conciliação: who made it, and what it created."""
    return {linha["transacao_id"]: linha for linha in sql_dono(
        """SELECT t.id AS transacao_id, c.id, c.origem, c.regra_id, c.regra_nome, c.execucao_id,
                  c.lancamento_criado_id, c.score
             FROM financeiro.extrato_transacoes t
             JOIN financeiro.conciliacoes c ON c.empresa_id = t.empresa_id AND c.id = t.conciliacao_id
            WHERE t.empresa_id = %s""", (empresa_id,))}


def lancamento(cliente, lancamento_id) -> dict:
    return cliente.get(f"/api/lancamentos/{lancamento_id}").get_json()


def rodando(sql_dono, empresa_id, extrato_id, reservado_ate, **campos) -> dict:
    """A run recorded as a process left it (held until `reservado_ate`, an SQL expression)."""
    valores = {"status": "EXECUTANDO", "total": 0, "processadas": 0, "ultima_transacao_id": None,
               "correlation_id": "corr-da-execucao", **campos}
    return sql_dono(
        f"""INSERT INTO financeiro.conciliacao_execucoes
                   (empresa_id, extrato_id, score_minimo, status, total, processadas, ultima_transacao_id,
                    usuario_id, username, correlation_id, reservado_ate)
            VALUES (%s, %s, 0.9, %s, %s, %s, %s, 1, 'teste', %s, {reservado_ate})
            RETURNING id, reservado_ate""",
        (empresa_id, extrato_id, valores["status"], valores["total"], valores["processadas"],
         valores["ultima_transacao_id"], valores["correlation_id"]), empresa_id=empresa_id)[0]


# --- a statement with a bit of everything ------------------------------------------------------

@pytest.fixture
def extrato(cliente, cad, transacoes, sql_dono):
    """A month's statement: a PIX that matches one open receita exactly (amount, due date and its
    invoice number), a deposit that two identical receitas fit equally, two bank fees, and a
    purchase nothing in the ledger explains."""
    ana = lancar(cliente, cad, "350.00", "2024-03-05", "Ensaio gestante Ana Souza", documento="NF 4521")
    mensalidades = [lancar(cliente, cad, "200.00", "2024-03-10", "Mensalidade do curso") for _ in range(2)]
    pix, tarifa, tarifa_doc, deposito, compra = transacoes(cad.empresa_id, cad.conta_id, [
        (date(2024, 3, 5), Decimal("350.00"), "PIX RECEBIDO NF 4521 ANA SOUZA"),
        (date(2024, 3, 7), Decimal("-25.00"), "TARIFA PACOTE SERVIÇOS"),
        (date(2024, 3, 8), Decimal("-12.50"), "Tarifa DOC"),
        (date(2024, 3, 10), Decimal("200.00"), "DEPOSITO EM DINHEIRO"),
        (date(2024, 3, 12), Decimal("-999.99"), "COMPRA CARTAO LOJA XYZ"),
    ])
    return {"id": extrato_de(sql_dono, pix), "ana": ana, "mensalidades": mensalidades, "pix": pix,
            "tarifas": [tarifa, tarifa_doc], "deposito": deposito, "compra": compra}


def test_rules_create_clear_matches_are_confirmed_and_the_rest_is_left(app, cliente, cad, extrato, sql_dono,
                                                                      como, cadastro, nova_empresa, caplog):
    tarifas = regra(cliente, cad)
    # Another empresa's rule for purchases never applies here.
    outra = cadastro(nova_empresa())
    regra(como(outra.empresa_id), outra, nome="Compras dela", memo_contem="compra")
    geracao = int(app.extensions["erp"].redis.get(chave_geracao(cad.empresa_id, "financeiro")) or 0)

    resposta = cliente.post(f"/api/extratos/{extrato['id']}/conciliacao-automatica", json={},
                            headers={"X-Correlation-Id": "conciliar-marco"})
    assert resposta.status_code == 202, resposta.get_json()
    iniciada = resposta.get_json()
    assert (iniciada["status"], iniciada["total"], iniciada["score_minimo"]) == ("PENDENTE", 5, 0.9)
    assert (iniciada["extrato_id"], iniciada["concluido_em"], iniciada["erro"]) == (extrato["id"], None, None)

    feita = esperar(cliente, iniciada["id"])
    assert feita["status"] == "CONCLUIDA", feita
    assert (feita["total"], feita["processadas"], feita["conciliadas"], feita["criadas"], feita["deixadas"]) == (
        5, 5, 1, 2, 2)
    assert feita["concluido_em"] is not None
    assert cliente.get(f"/api/extratos/{extrato['id']}/conciliacao-automatica").get_json() == feita

    por_transacao = conciliadas(sql_dono, cad.empresa_id)
    assert set(por_transacao) == {extrato["pix"], *extrato["tarifas"]}
    # The fees: lançamentos the rule created, paid and reconciled, saying which rule did it.
    for transacao_id, valor in zip(extrato["tarifas"], ("25.00", "12.50")):
        feito = por_transacao[transacao_id]
        assert (feito["origem"], feito["regra_id"], feito["regra_nome"], feito["execucao_id"]) == (
            "REGRA", tarifas["id"], TARIFAS, feita["id"])
        criado = lancamento(cliente, feito["lancamento_criado_id"])
        assert (criado["tipo"], criado["status"], criado["valor"], criado["categoria_id"], criado["descricao"]) == (
            "DESPESA", "PAGO", valor, cad.despesa_id, "Tarifa bancária")
    # The exact match: confirmed by the run itself, with its score.
    pix = por_transacao[extrato["pix"]]
    assert (pix["origem"], pix["regra_id"], pix["regra_nome"], pix["execucao_id"]) == (
        "AUTOMATICA", None, None, feita["id"])
    assert pix["score"] >= Decimal("0.9")
    assert lancamento(cliente, extrato["ana"])["status"] == "PAGO"
    # The deposit two receitas fit equally is for a person to decide.
    assert [lancamento(cliente, i)["status"] for i in extrato["mensalidades"]] == ["PENDENTE", "PENDENTE"]
    abertas = cliente.get(f"/api/extratos/{extrato['id']}/transacoes", query_string={"conciliado": "false"})
    assert [t["id"] for t in abertas.get_json()["items"]] == [extrato["deposito"], extrato["compra"]]

    # Audited from start to end as the user who started it, under the request's correlation id;
    # the ledger's readers were told.
    trilha = sql_dono("""SELECT acao, usuario_id, correlation_id FROM plataforma.auditoria
                          WHERE empresa_id = %s AND entidade = 'conciliacao_execucao' ORDER BY id""",
                      (cad.empresa_id,))
    assert [(a["acao"], a["usuario_id"], a["correlation_id"]) for a in trilha] == [
        ("iniciar", 1, "conciliar-marco"), ("concluir", 1, "conciliar-marco")]
    assert sql_dono("""SELECT acao, entidade FROM plataforma.auditoria
                        WHERE empresa_id = %s AND (usuario_id IS DISTINCT FROM 1 OR correlation_id IS NULL)""",
                    (cad.empresa_id,)) == []
    assert int(app.extensions["erp"].redis.get(chave_geracao(cad.empresa_id, "financeiro"))) > geracao
    mensagens = [r.getMessage() for r in caplog.records if getattr(r, "execucao_id", None) == feita["id"]]
    assert "conciliação automática em execução" in mensagens
    assert "conciliação automática concluída" in mensagens


class _Correlacoes(logging.Handler):
    """What correlation id each log line of the run would carry (shared.logging's, as the JSON
    formatter reads it when the line is written, in the run's thread)."""

    def __init__(self):
        super().__init__()
        self.linhas: list[tuple[str, str | None]] = []

    def emit(self, record):
        self.linhas.append((record.getMessage(), correlation_id()))


def test_the_run_logs_and_publishes_under_the_correlation_id_of_the_request_that_started_it(
        cliente, cad, extrato, redis_url):
    regra(cliente, cad)
    correlacoes = _Correlacoes()
    logging.getLogger(automatica.__name__).addHandler(correlacoes)
    assinatura = redis.Redis.from_url(redis_url).pubsub(ignore_subscribe_messages=True)
    assinatura.subscribe(f"erp:eventos:{cad.empresa_id}")
    assinatura.get_message(timeout=1.0)  # the subscription's confirmation: from here on, nothing is missed
    try:
        resposta = cliente.post(f"/api/extratos/{extrato['id']}/conciliacao-automatica", json={},
                                headers={"X-Correlation-Id": "conciliar-abril"})
        feita = esperar(cliente, resposta.get_json()["id"])
        recebidos = []
        while (mensagem := assinatura.get_message(timeout=0.5)) is not None:
            recebidos.append(json.loads(mensagem["data"]))
    finally:
        logging.getLogger(automatica.__name__).removeHandler(correlacoes)
        assinatura.close()
    assert ("conciliação automática em execução", "conciliar-abril") in correlacoes.linhas
    assert ("conciliação automática concluída", "conciliar-abril") in correlacoes.linhas
    [evento] = [e for e in recebidos if e["dados"].get("execucao_id") == feita["id"]]
    assert (evento["tipo"], evento["correlation_id"], evento["dados"]["acao"]) == (
        eventos.LANCAMENTO_ALTERADO.nome, "conciliar-abril", "conciliado")
    assert len(evento["dados"]["ids"]) == feita["criadas"] + feita["conciliadas"] == 3


def test_a_conciliar_rule_confirms_the_best_suggestion_above_its_own_score(cliente, cad, extrato, sql_dono):
    depositos = regra(cliente, cad, nome="Depósitos", memo_contem="deposito", acao="CONCILIAR", categoria_id=None,
                      descricao=None, score_minimo=0.5)
    feita = esperar(cliente, iniciar(cliente, extrato["id"], score_minimo=0.99)["id"])
    deposito = conciliadas(sql_dono, cad.empresa_id)[extrato["deposito"]]
    assert (deposito["origem"], deposito["regra_id"], deposito["regra_nome"]) == ("REGRA", depositos["id"],
                                                                                 "Depósitos")
    assert sorted(lancamento(cliente, i)["status"] for i in extrato["mensalidades"]) == ["PAGO", "PENDENTE"]
    assert feita["conciliadas"] >= 1


def test_a_payment_the_ledger_already_has_is_reconciled_with_its_baixa(cliente, cad, transacoes, sql_dono):
    """Paid by hand before the statement came: the run links that baixa and records none."""
    pago = lancar(cliente, cad, "480.00", "2026-03-10", "Ensaio newborn", documento="NF 5531")
    baixa = cliente.post(f"/api/lancamentos/{pago}/baixas", json={"data": "2026-03-11"}).get_json()
    [transacao] = transacoes(cad.empresa_id, cad.conta_id, [(date(2026, 3, 11), Decimal("480.00"),
                                                              "PIX RECEBIDO NF 5531")])
    partes = """SELECT id, regime, mes, valor FROM financeiro.resultado_partes
                 WHERE empresa_id = %s AND lancamento_id = %s ORDER BY id"""
    antes = sql_dono(partes, (cad.empresa_id, pago))
    feita = esperar(cliente, iniciar(cliente, extrato_de(sql_dono, transacao))["id"])
    assert (feita["status"], feita["conciliadas"]) == ("CONCLUIDA", 1), feita
    # Linking the baixa changes nothing the result per month counts: its parts are not even
    # recomputed (a recomputation replaces them, with new ids; migrations/0021).
    assert len(antes) == 2 and sql_dono(partes, (cad.empresa_id, pago)) == antes
    feito = conciliadas(sql_dono, cad.empresa_id)[transacao]
    assert sql_dono("SELECT id, registrada_na_conciliacao FROM financeiro.baixas WHERE empresa_id = %s",
                    (cad.empresa_id,)) == [{"id": baixa["id"], "registrada_na_conciliacao": False}]
    assert sql_dono("SELECT conciliacao_id FROM financeiro.baixas WHERE id = %s", (baixa["id"],)) == [
        {"conciliacao_id": feito["id"]}]


def test_the_score_of_a_run_is_checked(cliente, cad, extrato):
    for corpo, motivo in (({"score_minimo": 1.5}, "menor ou igual a 1"), ({"score_minimo": "alto"}, "número"),
                          ({"score_minimo": 0.955}, "duas casas"), ({"limite": 3}, "Campo desconhecido")):
        resposta = cliente.post(f"/api/extratos/{extrato['id']}/conciliacao-automatica", json=corpo)
        assert resposta.status_code == 400, resposta.get_json()
        assert motivo in resposta.get_json()["campos"][next(iter(corpo))]
    nenhuma = cliente.get(f"/api/extratos/{extrato['id']}/conciliacao-automatica")
    assert (nenhuma.status_code, nenhuma.get_json()) == (200, None)


def test_a_statement_never_reconciled_automatically_has_no_latest_run(cliente, cad, extrato):
    """Every statement starts so, and the screen asks on each visit: 200 with null, not an error."""
    resposta = cliente.get(f"/api/extratos/{extrato['id']}/conciliacao-automatica")
    assert resposta.status_code == 200
    assert resposta.is_json and resposta.get_json() is None


# --- one run at a time, resumed when its process is gone ---------------------------------------

def test_a_second_run_of_a_statement_while_one_is_on_is_409(cliente, cad, extrato, sql_dono):
    andamento = rodando(sql_dono, cad.empresa_id, extrato["id"], "now() + interval '1 hour'")
    resposta = cliente.post(f"/api/extratos/{extrato['id']}/conciliacao-automatica")
    assert resposta.status_code == 409
    assert resposta.get_json()["code"] == "conflito"
    # A run still held is only read, never taken up.
    assert cliente.get(f"/api/extratos/conciliacao-automatica/{andamento['id']}").get_json()["status"] == "EXECUTANDO"
    assert sql_dono("SELECT reservado_ate FROM financeiro.conciliacao_execucoes WHERE id = %s",
                    (andamento["id"],))[0]["reservado_ate"] == andamento["reservado_ate"]
    # Once it is over, the statement may be run again.
    sql_dono("UPDATE financeiro.conciliacao_execucoes SET status = 'CONCLUIDA' WHERE id = %s", (andamento["id"],))
    assert esperar(cliente, iniciar(cliente, extrato["id"])["id"])["status"] == "CONCLUIDA"


def test_a_run_whose_process_died_is_resumed_after_its_last_saved_transaction(cliente, cad, transacoes, sql_dono):
    regra(cliente, cad)
    ids = transacoes(cad.empresa_id, cad.conta_id, [(date(2024, 3, d), Decimal("-5.00"), f"TARIFA {d}")
                                                     for d in (1, 2, 3)])
    # The first transaction was saved as done; then the process went away with the lease.
    parada = rodando(sql_dono, cad.empresa_id, extrato_de(sql_dono, ids[0]), "now() - interval '1 minute'",
                     total=3, processadas=1, ultima_transacao_id=ids[0])
    feita = esperar(cliente, parada["id"])
    assert (feita["status"], feita["processadas"], feita["criadas"], feita["deixadas"]) == ("CONCLUIDA", 3, 2, 1)
    assert set(conciliadas(sql_dono, cad.empresa_id)) == {ids[1], ids[2]}
    # It went on as its own user and correlation id, not the one who looked.
    [conclusao] = sql_dono("""SELECT usuario_id, username, correlation_id FROM plataforma.auditoria
                               WHERE empresa_id = %s AND acao = 'concluir'""", (cad.empresa_id,))
    assert dict(conclusao) == {"usuario_id": 1, "username": "teste", "correlation_id": "corr-da-execucao"}


def test_two_workers_with_the_same_lease_never_both_process_the_run(app, cliente, cad, transacoes, sql_dono):
    regra(cliente, cad)
    ids = transacoes(cad.empresa_id, cad.conta_id, [(date(2024, 3, 1), Decimal(f"-{n}.00"), f"TARIFA {n}")
                                                     for n in range(1, 31)])
    execucao = rodando(sql_dono, cad.empresa_id, extrato_de(sql_dono, ids[0]), "now() + interval '1 hour'",
                       status="PENDENTE", total=30)
    largada = threading.Barrier(2)

    def trabalhador():
        largada.wait()
        automatica.em_segundo_plano(app.extensions["erp"], cad.empresa_id, execucao["id"], execucao["reservado_ate"])

    threads = [threading.Thread(target=trabalhador) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    feita = esperar(cliente, execucao["id"])
    assert (feita["status"], feita["processadas"], feita["criadas"], feita["deixadas"]) == ("CONCLUIDA", 30, 30, 0)
    assert sql_dono("SELECT count(*) AS n FROM financeiro.conciliacoes WHERE empresa_id = %s",
                    (cad.empresa_id,))[0]["n"] == 30


def test_a_failure_ends_the_run_and_keeps_what_was_done(cliente, cad, transacoes, sql_dono, monkeypatch, caplog):
    regra(cliente, cad)
    ids = transacoes(cad.empresa_id, cad.conta_id, [
        (date(2024, 3, 1), Decimal("-5.00"), "TARIFA 1"), (date(2024, 3, 2), Decimal("-6.00"), "TARIFA 2"),
        (date(2024, 3, 3), Decimal("80.00"), "PIX QUE QUEBRA")])
    original = sugestoes.ranquear

    def ranquear(transacao, achados, da_transacao_regras, limite=5):
        if transacao["memo"] == "PIX QUE QUEBRA":
            raise RuntimeError("defeito de teste")
        return original(transacao, achados, da_transacao_regras, limite)

    monkeypatch.setattr(sugestoes, "ranquear", ranquear)
    monkeypatch.setattr(automatica, "LOTE", 2)
    feita = esperar(cliente, iniciar(cliente, extrato_de(sql_dono, ids[0]))["id"])
    assert (feita["status"], feita["processadas"], feita["criadas"]) == ("FALHOU", 2, 2)
    assert "Falha inesperada" in feita["erro"]
    [falha] = [r for r in caplog.records if r.getMessage() == "conciliação automática falhou"]
    assert falha.execucao_id == feita["id"] and "defeito de teste" in falha.exc_text
    assert set(conciliadas(sql_dono, cad.empresa_id)) == set(ids[:2])
    # A run that failed no longer holds the statement: the next one does what was left.
    monkeypatch.setattr(sugestoes, "ranquear", original)
    seguinte = esperar(cliente, iniciar(cliente, extrato_de(sql_dono, ids[0]))["id"])
    assert (seguinte["status"], seguinte["total"], seguinte["processadas"]) == ("CONCLUIDA", 1, 1)


# --- permissions and other empresas ------------------------------------------------------------

def test_reading_the_progress_needs_ler_and_starting_escrever(como, cliente, cad, extrato):
    leitor = como(cad.empresa_id, LEITURA)
    assert leitor.post(f"/api/extratos/{extrato['id']}/conciliacao-automatica").status_code == 403
    feita = esperar(cliente, iniciar(cliente, extrato["id"])["id"])
    assert leitor.get(f"/api/extratos/conciliacao-automatica/{feita['id']}").get_json() == feita
    assert leitor.get(f"/api/extratos/{extrato['id']}/conciliacao-automatica").status_code == 200


def test_another_empresas_statements_and_runs_do_not_exist(como, cliente, cad, cadastro, nova_empresa, transacoes,
                                                           sql_dono):
    outra = cadastro(nova_empresa())
    intruso = como(outra.empresa_id)
    [dela] = transacoes(outra.empresa_id, outra.conta_id, [(date(2024, 3, 1), Decimal("-5.00"), "TARIFA")])
    extrato_dela = extrato_de(sql_dono, dela)
    regra(intruso, outra)
    execucao_dela = esperar(intruso, iniciar(intruso, extrato_dela)["id"])
    assert execucao_dela["criadas"] == 1

    assert cliente.post(f"/api/extratos/{extrato_dela}/conciliacao-automatica").status_code == 404
    assert cliente.get(f"/api/extratos/{extrato_dela}/conciliacao-automatica").status_code == 404
    assert cliente.get(f"/api/extratos/conciliacao-automatica/{execucao_dela['id']}").status_code == 404
    for caminho in (f"/api/extratos/{2**63}/conciliacao-automatica", f"/api/extratos/conciliacao-automatica/{2**63}",
                    "/api/extratos/999999/conciliacao-automatica"):
        assert cliente.get(caminho).status_code == 404
    assert cliente.post(f"/api/extratos/{2**63}/conciliacao-automatica").status_code == 404

    # Her rule for fees never creates anything here.
    [minha] = transacoes(cad.empresa_id, cad.conta_id, [(date(2024, 3, 1), Decimal("-5.00"), "TARIFA")])
    feita = esperar(cliente, iniciar(cliente, extrato_de(sql_dono, minha))["id"])
    assert (feita["processadas"], feita["criadas"], feita["deixadas"]) == (1, 0, 1)
    assert conciliadas(sql_dono, cad.empresa_id) == {}
