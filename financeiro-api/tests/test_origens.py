"""PUT /api/lancamentos/origens/<origem>: another service's lançamentos as a desired state.

rh-api says which payables a processed payroll ("folha:12") has; financeiro creates, changes or
cancels them to match, never rewriting one with money paid, and the same request twice changes
nothing (no new lançamento, no new audit row).
"""
import json
import sys
from decimal import Decimal
from pathlib import Path

import pytest
import redis

from shared import catalogo_eventos as eventos

from financeiro.routes.origens import MAXIMO_DE_LANCAMENTOS

sys.path.insert(0, str(Path(__file__).parent))
from test_parcelas_de_contrato import ao_mesmo_tempo, auditorias, ok  # noqa: E402

ORIGEM = "folha:12"


def item(cad, chave, valor, vencimento, **extra):
    return {"chave": f"{ORIGEM}:{chave}", "tipo": "DESPESA", "descricao": f"Folha 2026-11 — {chave}",
            "valor": valor, "data_vencimento": vencimento, "competencia": "2026-11",
            "categoria_id": cad.despesa_id, "conta_id": cad.conta_id, **extra}


def folha(cad, *itens, **extra):
    """The body for `itens` ((chave, valor, vencimento) each)."""
    return {"lancamentos": [item(cad, *i) for i in itens], **extra}


TRES = (("liquido:1", "2500.00", "2026-12-04"), ("liquido:2", "3100.50", "2026-12-04"),
        ("fgts", "448.00", "2026-12-18"))


def put(cliente, dados, origem=ORIGEM, **kwargs):
    return cliente.put(f"/api/lancamentos/origens/{origem}", json=dados, **kwargs)


def contagem(feito):
    return feito["criados"], feito["alterados"], feito["cancelados"]


def resumo(feito):
    return [(linha["chave"].removeprefix(f"{ORIGEM}:"), linha["valor"], linha["data_vencimento"], linha["status"],
             linha["diferente_do_pedido"]) for linha in feito["lancamentos"]]


@pytest.fixture
def centro(sql_dono, cad):
    return sql_dono("""INSERT INTO cadastros.centros_custo (empresa_id, nome, nome_busca, ativo)
                       VALUES (%s, 'Administrativo', 'administrativo', true) RETURNING id""",
                    (cad.empresa_id,), empresa_id=cad.empresa_id)[0]["id"]


def test_creates_each_lancamento_of_the_origem(cliente, cad, centro):
    corpo = folha(cad, *TRES)
    corpo["lancamentos"][0].update(fornecedor_id=cad.fornecedor_id, centro_custo_id=centro, documento="HOL-1")
    del corpo["lancamentos"][2]["competencia"]
    feito = ok(put(cliente, corpo, headers={"Idempotency-Key": "folha:12:v1"}))
    assert feito["origem"] == ORIGEM
    assert contagem(feito) == (3, 0, 0)
    assert resumo(feito) == [("liquido:1", "2500.00", "2026-12-04", "PENDENTE", False),
                             ("liquido:2", "3100.50", "2026-12-04", "PENDENTE", False),
                             ("fgts", "448.00", "2026-12-18", "PENDENTE", False)]
    primeiro = cliente.get(f"/api/lancamentos/{feito['lancamentos'][0]['lancamento_id']}").get_json()
    assert (primeiro["tipo"], primeiro["descricao"], primeiro["competencia"]) == ("DESPESA", "Folha 2026-11 — liquido:1",
                                                                                  "2026-11")
    assert (primeiro["fornecedor_id"], primeiro["centro_custo_id"], primeiro["documento"]) == (cad.fornecedor_id, centro,
                                                                                              "HOL-1")
    assert primeiro["categoria_id"] == cad.despesa_id and primeiro["conta_id"] == cad.conta_id
    fgts = cliente.get(f"/api/lancamentos/{feito['lancamentos'][2]['lancamento_id']}").get_json()
    assert fgts["competencia"] == "2026-12"  # none asked: the due date's month


def test_the_origem_filter_lists_only_that_origem(cliente, cad):
    feito = ok(put(cliente, folha(cad, *TRES)))
    ok(put(cliente, folha(cad, ("liquido:9", "10.00", "2026-12-04")), origem="folha:13"))
    cliente.post("/api/lancamentos", json={"tipo": "DESPESA", "descricao": "Aluguel", "valor": "900.00",
                                           "data_vencimento": "2026-12-04", "categoria_id": cad.despesa_id,
                                           "conta_id": cad.conta_id})
    lista = cliente.get(f"/api/lancamentos?origem={ORIGEM}").get_json()
    assert sorted(linha["id"] for linha in lista["items"]) == sorted(l["lancamento_id"] for l in feito["lancamentos"])
    assert lista["totais"]["despesas"] == "6048.50"
    assert cliente.get("/api/lancamentos?origem=folha:14").get_json()["items"] == []
    assert cliente.get("/api/lancamentos?origem=folha").status_code == 400


def test_the_same_request_again_changes_nothing(cliente, cad, centro, sql_dono):
    corpo = folha(cad, *TRES)
    corpo["lancamentos"][1]["centro_custo_id"] = centro
    primeiro = ok(put(cliente, corpo))
    antes = auditorias(sql_dono, cad.empresa_id)
    segundo = ok(put(cliente, corpo))
    assert contagem(segundo) == (0, 0, 0)
    assert segundo["lancamentos"] == primeiro["lancamentos"]
    assert auditorias(sql_dono, cad.empresa_id) == antes
    total = sql_dono("SELECT count(*) AS n FROM financeiro.lancamentos WHERE empresa_id = %s AND origem = %s",
                     (cad.empresa_id, ORIGEM))[0]["n"]
    assert total == 3


def test_changes_only_the_open_ones_and_flags_a_paid_one(cliente, cad, sql_dono):
    feito = ok(put(cliente, folha(cad, *TRES)))
    pago = feito["lancamentos"][0]["lancamento_id"]
    assert cliente.post(f"/api/lancamentos/{pago}/baixas", json={"data": "2026-12-04"}).status_code == 201
    antes = auditorias(sql_dono, cad.empresa_id)
    novo = ok(put(cliente, folha(cad, ("liquido:1", "2600.00", "2026-12-04"), ("liquido:2", "3200.00", "2026-12-04"),
                                 ("fgts", "456.00", "2026-12-18"))))
    assert contagem(novo) == (0, 2, 0)
    assert resumo(novo) == [("liquido:1", "2500.00", "2026-12-04", "PAGO", True),
                            ("liquido:2", "3200.00", "2026-12-04", "PENDENTE", False),
                            ("fgts", "456.00", "2026-12-18", "PENDENTE", False)]
    assert auditorias(sql_dono, cad.empresa_id) == antes + 2
    assert cliente.get(f"/api/lancamentos/{pago}").get_json()["valor"] == "2500.00"
    # The paid one asked as it is is no longer different.
    igual = ok(put(cliente, folha(cad, ("liquido:1", "2500.00", "2026-12-04"), ("liquido:2", "3200.00", "2026-12-04"),
                                  ("fgts", "456.00", "2026-12-18"))))
    assert contagem(igual) == (0, 0, 0)
    assert [linha["diferente_do_pedido"] for linha in igual["lancamentos"]] == [False, False, False]


def test_one_no_longer_asked_is_cancelled_and_comes_back_when_asked_again(cliente, cad):
    feito = ok(put(cliente, folha(cad, *TRES)))
    ids = [linha["lancamento_id"] for linha in feito["lancamentos"]]
    menos = ok(put(cliente, folha(cad, TRES[0], TRES[2], ("inss", "900.00", "2026-12-18"))))
    assert contagem(menos) == (1, 0, 1)
    assert [linha["chave"] for linha in menos["lancamentos"]] == [f"{ORIGEM}:{c}" for c in ("liquido:1", "fgts", "inss")]
    assert cliente.get(f"/api/lancamentos/{ids[1]}").get_json()["status"] == "CANCELADO"
    de_volta = ok(put(cliente, folha(cad, *TRES)))
    assert contagem(de_volta) == (0, 1, 1)
    assert [linha["lancamento_id"] for linha in de_volta["lancamentos"]] == ids


def test_cancelado_cancels_every_open_one_but_not_a_paid_one(cliente, cad, sql_dono):
    feito = ok(put(cliente, folha(cad, *TRES)))
    pago = feito["lancamentos"][2]["lancamento_id"]
    assert cliente.post(f"/api/lancamentos/{pago}/baixas", json={"valor": "100.00"}).status_code == 201
    cancelado = ok(put(cliente, {"lancamentos": [], "cancelado": True}))
    assert contagem(cancelado) == (0, 0, 2)
    assert resumo(cancelado) == [("fgts", "448.00", "2026-12-18", "PARCIAL", True)]
    antes = auditorias(sql_dono, cad.empresa_id)
    assert contagem(ok(put(cliente, {**folha(cad, *TRES), "cancelado": True}))) == (0, 0, 0)
    assert auditorias(sql_dono, cad.empresa_id) == antes


def test_publishes_once_per_request_that_changed_something(cliente, cad, redis_url):
    assinatura = redis.Redis.from_url(redis_url).pubsub(ignore_subscribe_messages=True)
    assinatura.subscribe(f"erp:eventos:{cad.empresa_id}")
    assinatura.get_message(timeout=1.0)  # the subscription's confirmation: from here on, nothing is missed
    try:
        feito = ok(put(cliente, folha(cad, *TRES)))
        ok(put(cliente, folha(cad, ("liquido:1", "2600.00", "2026-12-04"), TRES[2])))
        ok(put(cliente, folha(cad, ("liquido:1", "2600.00", "2026-12-04"), TRES[2])))
        recebidos = []
        while (mensagem := assinatura.get_message(timeout=0.5)) is not None:
            recebidos.append(json.loads(mensagem["data"]))
    finally:
        assinatura.close()
    ids = [linha["lancamento_id"] for linha in feito["lancamentos"]]
    assert [(e["tipo"], e["dados"]["acao"], e["dados"]["ids"]) for e in recebidos] == [
        (eventos.LANCAMENTO_ALTERADO.nome, "sincronizado", ids),
        (eventos.LANCAMENTO_ALTERADO.nome, "sincronizado", ids[:2])]


def test_a_receita_and_a_despesa_in_one_origem(cliente, cad):
    corpo = folha(cad, ("desconto:1", "50.00", "2026-12-04"), ("liquido:1", "2500.00", "2026-12-04"))
    corpo["lancamentos"][0].update(tipo="RECEITA", categoria_id=cad.receita_id)
    feito = ok(put(cliente, corpo))
    tipos = [cliente.get(f"/api/lancamentos/{linha['lancamento_id']}").get_json()["tipo"]
             for linha in feito["lancamentos"]]
    assert sorted(tipos) == ["DESPESA", "RECEITA"]
    # A chave's tipo never changes.
    corpo["lancamentos"][0].update(tipo="DESPESA", categoria_id=cad.despesa_id)
    resposta = put(cliente, corpo)
    assert resposta.status_code == 409
    assert "lancamentos.0.tipo" in resposta.get_json()["campos"]


def test_validation_errors_name_the_field_and_change_nothing(cliente, cad, sql_dono):
    def erro(dados, origem=ORIGEM):
        resposta = put(cliente, dados, origem)
        assert resposta.status_code == 400, resposta.get_json()
        return resposta.get_json()["campos"]

    repetida = folha(cad, ("a", "10.00", "2026-12-04"), ("a", "20.00", "2026-12-04"))
    assert "repetida" in erro(repetida)["lancamentos"]
    assert "lancamentos.0.valor" in erro(folha(cad, ("a", "0.00", "2026-12-04")))
    assert "lancamentos.0.valor" in erro(folha(cad, ("a", "-5.00", "2026-12-04")))
    assert "lancamentos.0.data_vencimento" in erro(folha(cad, ("a", "10.00", "04/12/2026")))
    sem_tipo = folha(cad, ("a", "10.00", "2026-12-04"))
    sem_tipo["lancamentos"][0]["tipo"] = "TRANSFERENCIA"
    assert "lancamentos.0.tipo" in erro(sem_tipo)
    sem_chave = folha(cad, ("a", "10.00", "2026-12-04"))
    sem_chave["lancamentos"][0]["chave"] = ""
    assert "lancamentos.0.chave" in erro(sem_chave)
    assert "lancamentos.0.competencia" in erro({"lancamentos": [item(cad, "a", "10.00", "2026-12-04",
                                                                     competencia="2026-13")]})
    demais = [item(cad, f"x{n}", "1.00", "2026-12-04") for n in range(MAXIMO_DE_LANCAMENTOS + 1)]
    assert "lancamentos" in erro({"lancamentos": demais})
    receita = folha(cad, ("a", "10.00", "2026-12-04"), ("b", "10.00", "2026-12-04"))
    receita["lancamentos"][1]["categoria_id"] = cad.receita_id
    assert erro(receita) == {"lancamentos.1.categoria_id": "A categoria é de receita; escolha uma de despesa"}
    ambos = folha(cad, ("a", "10.00", "2026-12-04"))
    ambos["lancamentos"][0].update(cliente_id=cad.cliente_id, fornecedor_id=cad.fornecedor_id)
    assert "lancamentos.0.fornecedor_id" in erro(ambos)
    centro = folha(cad, ("a", "10.00", "2026-12-04"))
    centro["lancamentos"][0]["centro_custo_id"] = 999_999
    assert "lancamentos.0.centro_custo_id" in erro(centro)
    for origem in ("folha", "Folha:12", "folha:12:3", "folha:x", "a" * 31 + ":1"):
        assert "origem" in erro(folha(cad, ("a", "10.00", "2026-12-04")), origem)
    assert sql_dono("SELECT count(*) AS n FROM financeiro.lancamentos WHERE empresa_id = %s",
                    (cad.empresa_id,))[0]["n"] == 0


def test_a_chave_of_another_origem_is_a_conflict(cliente, cad):
    ok(put(cliente, folha(cad, *TRES)))
    resposta = put(cliente, folha(cad, *TRES), origem="folha:13")
    assert resposta.status_code == 409
    assert "lancamentos" in resposta.get_json()["campos"]


def test_another_empresas_origem_and_records_are_out_of_reach(como, cadastro, nova_empresa, sql_dono):
    minha, outra = cadastro(nova_empresa()), cadastro(nova_empresa())
    eu, ela = como(minha.empresa_id), como(outra.empresa_id)
    dela = ok(put(ela, folha(outra, *TRES)))
    # The same origem in my empresa is another origem: hers stay as they were.
    meu = ok(put(eu, folha(minha, ("liquido:1", "10.00", "2026-12-04"))))
    assert contagem(meu) == (1, 0, 0)
    assert [linha["status"] for linha in ok(put(ela, folha(outra, *TRES)))["lancamentos"]] == ["PENDENTE"] * 3
    assert eu.get(f"/api/lancamentos/{dela['lancamentos'][0]['lancamento_id']}").status_code == 404
    assert eu.get(f"/api/lancamentos?origem={ORIGEM}").get_json()["totais"]["despesas"] == "10.00"
    for campo, valor in (("conta_id", outra.conta_id), ("fornecedor_id", outra.fornecedor_id),
                         ("categoria_id", outra.despesa_id)):
        corpo = folha(minha, ("liquido:1", "10.00", "2026-12-04"))
        corpo["lancamentos"][0][campo] = valor
        resposta = put(eu, corpo)
        assert resposta.status_code == 404, resposta.get_json()
        assert f"lancamentos.0.{campo}" in resposta.get_json()["campos"]
    assert sql_dono("SELECT count(*) AS n FROM financeiro.lancamentos WHERE empresa_id = %s",
                    (outra.empresa_id,))[0]["n"] == 3


def test_needs_financeiro_escrever(como, cad):
    assert put(como(cad.empresa_id, perms=["financeiro:ler", "rh:escrever"]), folha(cad, *TRES)).status_code == 403


def test_two_concurrent_requests_create_each_lancamento_once(app, como, cad, sql_dono):
    respostas = ao_mesmo_tempo(4, lambda: put(como(cad.empresa_id), folha(cad, *TRES)))
    assert sorted(r.status_code for r in respostas) == [200] * 4
    assert sorted(r.get_json()["criados"] for r in respostas) == [0, 0, 0, 3]
    linhas = sql_dono("SELECT chave_origem, valor FROM financeiro.lancamentos WHERE empresa_id = %s ORDER BY id",
                      (cad.empresa_id,))
    assert [(linha["chave_origem"], linha["valor"]) for linha in linhas] == [
        (f"{ORIGEM}:{chave}", Decimal(valor)) for chave, valor, _ in TRES]


def test_the_ledger_view_carries_the_origem(cliente, cad, sql_dono):
    feito = ok(put(cliente, folha(cad, *TRES)))
    linhas = sql_dono("SELECT id, origem FROM financeiro.v_lancamentos WHERE empresa_id = %s ORDER BY id",
                      (cad.empresa_id,), empresa_id=cad.empresa_id)
    assert [(linha["id"], linha["origem"]) for linha in linhas] == [
        (linha["lancamento_id"], ORIGEM) for linha in feito["lancamentos"]]


def test_openapi_documents_the_route(cliente):
    documento = cliente.get("/openapi.json").get_json()
    operacao = documento["paths"]["/api/lancamentos/origens/{origem}"]["put"]
    assert "200" in operacao["responses"]


def test_the_most_a_request_takes_is_changed_in_one_go(cliente, cad, sql_dono):
    """2,000 lançamentos created, changed and cancelled by a request each (their fields changed in
    one statement: the ledger's triggers run once, not 2,000 times)."""
    corpo = {"lancamentos": [item(cad, f"liquido:{n}", "1.00", "2026-12-04") for n in range(2000)]}
    assert contagem(ok(put(cliente, corpo))) == (2000, 0, 0)
    for linha in corpo["lancamentos"]:
        linha["valor"] = "2.00"
    assert contagem(ok(put(cliente, corpo))) == (0, 2000, 0)
    assert contagem(ok(put(cliente, corpo))) == (0, 0, 0)
    assert cliente.get(f"/api/lancamentos?origem={ORIGEM}").get_json()["totais"]["despesas"] == "4000.00"
    assert contagem(ok(put(cliente, {"cancelado": True}))) == (0, 0, 2000)
    assert cliente.get(f"/api/lancamentos?origem={ORIGEM}").get_json()["totais"]["despesas"] == "0.00"
