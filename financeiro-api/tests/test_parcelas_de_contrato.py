"""PUT /api/lancamentos/contratos/<id>: a contract's receivables as a desired state.

operacional-api says which parcelas a contract has; financeiro creates, changes or cancels its
RECEITA lançamentos to match, never touching one with money paid, and the same request twice
changes nothing (no new lançamento, no new audit row).
"""
import threading
from decimal import Decimal

import pytest

CONTRATO = 12


def corpo(cad, *parcelas, **extra):
    """The request for `parcelas` ((numero, valor, vencimento) each, keyed contrato:12:parcela:<n>)."""
    return {"cliente_id": cad.cliente_id, "conta_id": cad.conta_id, "categoria_id": cad.receita_id,
            "descricao": "Contrato 12 — Casamento Ana", **extra,
            "parcelas": [{"chave": f"contrato:{CONTRATO}:parcela:{n}", "numero": n, "valor": valor, "vencimento": venc}
                         for n, valor, venc in parcelas]}


TRES = ((1, "1000.00", "2026-01-10"), (2, "1000.00", "2026-02-10"), (3, "1000.00", "2026-03-10"))


def put(cliente, dados, contrato=CONTRATO, **kwargs):
    return cliente.put(f"/api/lancamentos/contratos/{contrato}", json=dados, **kwargs)


def ok(resposta):
    assert resposta.status_code == 200, resposta.get_json()
    return resposta.get_json()


def auditorias(sql_dono, empresa_id):
    return sql_dono("SELECT count(*) AS n FROM plataforma.auditoria WHERE empresa_id = %s", (empresa_id,))[0]["n"]


def ao_mesmo_tempo(quantos: int, pedir) -> list:
    """The answers of `quantos` threads that each call `pedir()` at the same moment (a barrier)."""
    respostas, barreira = [], threading.Barrier(quantos)

    def junto():
        barreira.wait()
        respostas.append(pedir())

    threads = [threading.Thread(target=junto) for _ in range(quantos)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return respostas


@pytest.fixture
def centro(sql_dono, cad):
    return sql_dono("""INSERT INTO cadastros.centros_custo (empresa_id, nome, nome_busca, ativo)
                       VALUES (%s, 'Evento 12', 'evento 12', true) RETURNING id""",
                    (cad.empresa_id,), empresa_id=cad.empresa_id)[0]["id"]


def test_creates_each_parcela_as_a_receita_of_the_contract(cliente, cad, centro):
    feito = ok(put(cliente, corpo(cad, *TRES, centro_custo_id=centro), headers={"Idempotency-Key": "contrato:12"}))
    assert (feito["contrato_id"], feito["criadas"], feito["alteradas"], feito["canceladas"]) == (CONTRATO, 3, 0, 0)
    assert [(p["numero"], p["valor"], p["vencimento"], p["status"], p["valor_pago"], p["divergente"])
            for p in feito["parcelas"]] == [
        (1, "1000.00", "2026-01-10", "PENDENTE", "0.00", False), (2, "1000.00", "2026-02-10", "PENDENTE", "0.00", False),
        (3, "1000.00", "2026-03-10", "PENDENTE", "0.00", False)]
    segunda = cliente.get(f"/api/lancamentos/{feito['parcelas'][1]['lancamento_id']}").get_json()
    assert segunda["tipo"] == "RECEITA"
    assert segunda["descricao"] == "Contrato 12 — Casamento Ana — parcela 2/3"
    assert (segunda["cliente_id"], segunda["conta_id"], segunda["categoria_id"]) == (cad.cliente_id, cad.conta_id,
                                                                                     cad.receita_id)
    assert (segunda["competencia"], segunda["centro_custo_id"], segunda["contrato_id"]) == ("2026-02", centro, CONTRATO)
    lista = cliente.get(f"/api/lancamentos?contrato_id={CONTRATO}").get_json()
    assert [item["id"] for item in lista["items"]] == [p["lancamento_id"] for p in feito["parcelas"]]
    assert lista["totais"]["receitas"] == "3000.00"
    assert cliente.get(f"/api/lancamentos?contrato_id={CONTRATO + 1}").get_json()["items"] == []


def test_the_same_request_again_changes_nothing(cliente, cad, centro, sql_dono):
    primeiro = ok(put(cliente, corpo(cad, *TRES, centro_custo_id=centro)))
    antes = auditorias(sql_dono, cad.empresa_id)
    segundo = ok(put(cliente, corpo(cad, *TRES, centro_custo_id=centro)))
    assert (segundo["criadas"], segundo["alteradas"], segundo["canceladas"]) == (0, 0, 0)
    assert segundo["parcelas"] == primeiro["parcelas"]
    assert auditorias(sql_dono, cad.empresa_id) == antes
    total = sql_dono("SELECT count(*) AS n FROM financeiro.lancamentos WHERE empresa_id = %s AND contrato_id = %s",
                     (cad.empresa_id, CONTRATO))[0]["n"]
    assert total == 3


def test_reschedules_only_the_open_parcelas_and_keeps_a_paid_ones_values(cliente, cad, sql_dono):
    feito = ok(put(cliente, corpo(cad, *TRES)))
    primeira = feito["parcelas"][0]["lancamento_id"]
    baixa = cliente.post(f"/api/lancamentos/{primeira}/baixas", json={"data": "2026-01-10"})
    assert baixa.status_code == 201, baixa.get_json()
    antes = auditorias(sql_dono, cad.empresa_id)
    novo = ok(put(cliente, corpo(cad, (1, "900.00", "2026-01-15"), (2, "1050.00", "2026-02-20"),
                                 (3, "1050.00", "2026-03-20"))))
    assert (novo["criadas"], novo["alteradas"], novo["canceladas"]) == (0, 2, 0)
    assert [(p["lancamento_id"], p["valor"], p["vencimento"], p["status"], p["divergente"]) for p in novo["parcelas"]] == [
        (primeira, "1000.00", "2026-01-10", "PAGO", True),
        (feito["parcelas"][1]["lancamento_id"], "1050.00", "2026-02-20", "PENDENTE", False),
        (feito["parcelas"][2]["lancamento_id"], "1050.00", "2026-03-20", "PENDENTE", False)]
    assert auditorias(sql_dono, cad.empresa_id) == antes + 2
    ok(put(cliente, corpo(cad, (1, "900.00", "2026-01-15"), (2, "1050.00", "2026-02-20"), (3, "1050.00", "2026-03-20"))))
    assert auditorias(sql_dono, cad.empresa_id) == antes + 2


def test_a_parcela_no_longer_asked_is_cancelled_and_a_new_one_created(cliente, cad):
    feito = ok(put(cliente, corpo(cad, *TRES)))
    ids = [p["lancamento_id"] for p in feito["parcelas"]]
    novo = ok(put(cliente, corpo(cad, (1, "1500.00", "2026-01-10"), (4, "1500.00", "2026-04-10"))))
    assert (novo["criadas"], novo["alteradas"], novo["canceladas"]) == (1, 1, 2)
    assert [p["numero"] for p in novo["parcelas"]] == [1, 4]
    assert novo["parcelas"][0]["lancamento_id"] == ids[0]
    assert cliente.get(f"/api/lancamentos/{ids[0]}").get_json()["descricao"].endswith("parcela 1/2")
    assert [cliente.get(f"/api/lancamentos/{i}").get_json()["status"] for i in ids[1:]] == ["CANCELADO", "CANCELADO"]
    # Asked again, a cancelled parcela comes back.
    de_volta = ok(put(cliente, corpo(cad, *TRES)))
    assert (de_volta["criadas"], de_volta["alteradas"], de_volta["canceladas"]) == (0, 3, 1)
    assert [p["lancamento_id"] for p in de_volta["parcelas"]] == ids


def test_a_cancelled_contract_cancels_every_open_parcela_but_not_a_paid_one(cliente, cad):
    feito = ok(put(cliente, corpo(cad, *TRES)))
    paga = feito["parcelas"][0]["lancamento_id"]
    assert cliente.post(f"/api/lancamentos/{paga}/baixas", json={"valor": "400.00"}).status_code == 201
    cancelado = ok(put(cliente, corpo(cad, *TRES, cancelado=True)))
    assert (cancelado["criadas"], cancelado["alteradas"], cancelado["canceladas"]) == (0, 0, 2)
    assert [(p["lancamento_id"], p["status"], p["valor_pago"], p["divergente"]) for p in cancelado["parcelas"]] == [
        (paga, "PARCIAL", "400.00", True)]
    assert ok(put(cliente, corpo(cad, *TRES, cancelado=True)))["canceladas"] == 0


def test_validation_errors_name_the_field(cliente, cad, sql_dono):
    def erro(dados):
        resposta = put(cliente, dados)
        assert resposta.status_code == 400, resposta.get_json()
        return resposta.get_json()["campos"]

    assert "parcelas" in erro(corpo(cad, (1, "10.00", "2026-01-10"), (1, "10.00", "2026-02-10")))
    repetida = corpo(cad, (1, "10.00", "2026-01-10"), (2, "10.00", "2026-02-10"))
    repetida["parcelas"][1]["chave"] = repetida["parcelas"][0]["chave"]
    assert "chave" in erro(repetida)["parcelas"]
    assert "parcelas.0.valor" in erro(corpo(cad, (1, "0.00", "2026-01-10")))
    assert "parcelas.0.vencimento" in erro(corpo(cad, (1, "10.00", "10/01/2026")))
    sem_chave = corpo(cad, (1, "10.00", "2026-01-10"))
    sem_chave["parcelas"][0]["chave"] = ""
    assert "parcelas.0.chave" in erro(sem_chave)
    assert "descricao" in erro({**corpo(cad), "descricao": "x" * 181})
    assert "cliente_id" in erro({k: v for k, v in corpo(cad).items() if k != "cliente_id"})
    despesa = erro({**corpo(cad, (1, "10.00", "2026-01-10")), "categoria_id": cad.despesa_id})
    assert despesa == {"categoria_id": "A categoria é de despesa; escolha uma de receita"}
    assert sql_dono("SELECT count(*) AS n FROM financeiro.lancamentos WHERE empresa_id = %s",
                    (cad.empresa_id,))[0]["n"] == 0


def test_a_chave_of_another_contract_is_a_conflict(cliente, cad):
    ok(put(cliente, corpo(cad, *TRES)))
    resposta = put(cliente, corpo(cad, *TRES), contrato=CONTRATO + 1)
    assert resposta.status_code == 409
    assert "parcelas" in resposta.get_json()["campos"]


def test_another_empresas_contract_and_records_are_out_of_reach(como, cadastro, nova_empresa, sql_dono):
    minha, outra = cadastro(nova_empresa()), cadastro(nova_empresa())
    eu, ela = como(minha.empresa_id), como(outra.empresa_id)
    dela = ok(put(ela, corpo(outra, *TRES)))
    # The same contract id in my empresa is another contract: hers stay as they were.
    meu = ok(put(eu, corpo(minha, (1, "10.00", "2026-01-10"))))
    assert (meu["criadas"], meu["canceladas"]) == (1, 0)
    assert [p["status"] for p in ok(put(ela, corpo(outra, *TRES)))["parcelas"]] == ["PENDENTE"] * 3
    assert eu.get(f"/api/lancamentos/{dela['parcelas'][0]['lancamento_id']}").status_code == 404
    assert eu.get(f"/api/lancamentos?contrato_id={CONTRATO}").get_json()["totais"]["receitas"] == "10.00"
    for campo, valor in (("conta_id", outra.conta_id), ("cliente_id", outra.cliente_id),
                         ("categoria_id", outra.receita_id)):
        resposta = put(eu, {**corpo(minha, (1, "10.00", "2026-01-10")), campo: valor})
        assert resposta.status_code == 404, resposta.get_json()
        assert campo in resposta.get_json()["campos"]
    assert sql_dono("SELECT count(*) AS n FROM financeiro.lancamentos WHERE empresa_id = %s",
                    (outra.empresa_id,))[0]["n"] == 3


def test_operacional_escrever_alone_may_do_it_and_reading_alone_may_not(como, cad):
    operacional = como(cad.empresa_id, perms=["operacional:escrever"])
    assert ok(put(operacional, corpo(cad, *TRES)))["criadas"] == 3
    leitor = como(cad.empresa_id, perms=["financeiro:ler", "operacional:ler"])
    assert put(leitor, corpo(cad, *TRES)).status_code == 403


def test_two_concurrent_requests_create_each_parcela_once(app, como, cad, sql_dono):
    respostas = ao_mesmo_tempo(4, lambda: put(como(cad.empresa_id), corpo(cad, *TRES)))
    assert sorted(r.status_code for r in respostas) == [200] * 4
    assert sorted(r.get_json()["criadas"] for r in respostas) == [0, 0, 0, 3]
    linhas = sql_dono("SELECT chave_origem, valor FROM financeiro.lancamentos WHERE empresa_id = %s ORDER BY id",
                      (cad.empresa_id,))
    assert [(linha["chave_origem"], linha["valor"]) for linha in linhas] == [
        (f"contrato:{CONTRATO}:parcela:{n}", Decimal("1000.00")) for n in (1, 2, 3)]


def test_the_read_contract_view_shows_each_parcela(cliente, cad, sql_dono):
    feito = ok(put(cliente, corpo(cad, *TRES)))
    linhas = sql_dono("""SELECT contrato_id, lancamento_id, chave_origem, numero, valor, valor_pago, status
                           FROM financeiro.v_parcelas_de_contrato WHERE empresa_id = %s ORDER BY numero""",
                      (cad.empresa_id,), empresa_id=cad.empresa_id)
    assert [(linha["lancamento_id"], linha["numero"], linha["status"]) for linha in linhas] == [
        (p["lancamento_id"], p["numero"], "PENDENTE") for p in feito["parcelas"]]
    assert {linha["contrato_id"] for linha in linhas} == {CONTRATO}


def test_openapi_documents_the_route(cliente):
    documento = cliente.get("/openapi.json").get_json()
    operacao = documento["paths"]["/api/lancamentos/contratos/{contrato_id}"]["put"]
    assert "200" in operacao["responses"]
