"""GET /api/extratos/transacoes/<id>/sugestoes on real PostgreSQL: what a statement transaction
probably is in the ledger, and why — one kind of match per test, the refusals, another empresa's
data, and the precision and recall of the top suggestion over a generated month of a studio's
statement (pytest -s prints them)."""
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.texto import palavras

from financeiro.conciliacao.padroes import padrao
from financeiro.conciliacao.sugestoes import Historico, semelhanca

# pytest's importlib mode puts no test folder on sys.path; the generator is a module beside this one.
sys.path.insert(0, str(Path(__file__).parent))
from gerador_conciliacao import gerar, pessoa  # noqa: E402

LEITURA = ("financeiro:ler",)
# A top suggestion counts as proposed from this score on (below it, the screen still lists it).
PROPOSTA = 0.5
SEEDS = (1, 2, 3, 4, 5)
DA_ANA = "PIX RECEBIDO ANA SOUZA BRANDAO"   # "Ana Souza Brandão" as her bank writes her


def lancar(cliente, cad, tipo="RECEITA", valor="500.00", vencimento="2026-03-10", **campos) -> int:
    corpo = {"tipo": tipo, "descricao": "Ensaio gestante" if tipo == "RECEITA" else "Impressão de álbuns",
             "valor": valor, "data_vencimento": vencimento, "conta_id": cad.conta_id,
             "categoria_id": cad.receita_id if tipo == "RECEITA" else cad.despesa_id, **campos}
    resposta = cliente.post("/api/lancamentos", json=corpo)
    assert resposta.status_code == 201, resposta.get_json()
    return resposta.get_json()["id"]


def sugestoes(cliente, transacao_id, esperado=200, **query):
    resposta = cliente.get(f"/api/extratos/transacoes/{transacao_id}/sugestoes", query_string=query)
    assert resposta.status_code == esperado, resposta.get_json()
    return resposta.get_json()["items"] if esperado == 200 else resposta.get_json()


def resumo(item) -> tuple:
    return item["tipo"], item["transacao_ids"], item["lancamento_ids"], item["baixa_ids"]


def confirmar(cliente, item) -> dict:
    """Confirms a suggestion as the screen does, with what it says (the lançamentos of BAIXAS are
    paid already: only the baixas are linked)."""
    resposta = cliente.post("/api/extratos/conciliacao", json={
        "transacao_ids": item["transacao_ids"],
        "lancamento_ids": [] if item["tipo"] == "BAIXAS" else item["lancamento_ids"],
        "baixa_ids": item["baixa_ids"], "tratar_diferenca": item["tratar_diferenca"],
        "score": item["score"], "motivos": item["motivos"]})
    assert resposta.status_code == 201, resposta.get_json()
    return resposta.get_json()


# ---------------------------------------------------------------- one kind of match at a time


def test_one_to_one_by_amount_name_and_due_date(cliente, cad, sql_dono, transacoes):
    ana = pessoa(sql_dono, cad.empresa_id, "Ana Souza Brandão")
    bia = pessoa(sql_dono, cad.empresa_id, "Beatriz Lima")
    marco = lancar(cliente, cad, cliente_id=ana, vencimento="2026-03-10")
    abril = lancar(cliente, cad, cliente_id=ana, vencimento="2026-04-10")
    outra = lancar(cliente, cad, cliente_id=bia, vencimento="2026-03-12")
    [t] = transacoes(cad.empresa_id, cad.conta_id, [("2026-03-12", Decimal("500.00"), DA_ANA)])
    itens = sugestoes(cliente, t)
    assert [resumo(i) for i in itens] == [("LANCAMENTOS", [t], [marco], []), ("LANCAMENTOS", [t], [abril], []),
                                          ("LANCAMENTOS", [t], [outra], [])]
    primeira = itens[0]
    assert primeira["motivos"] == ["nome do cliente no histórico (Ana Souza Brandão)", "valor igual ao em aberto",
                                   "2 dias após o vencimento", "previsto para esta conta"]
    assert (primeira["tratar_diferenca"], primeira["diferenca"], primeira["regra_id"], primeira["regra_nome"],
            primeira["novo_lancamento"]) == (None, "0.00", None, None, None)
    assert 0.9 < primeira["score"] <= 1 and itens[1]["score"] < primeira["score"]
    # Beatriz's bill, due the very day, is the same amount: the memo names someone else.
    assert itens[2]["score"] < 0.5 and "no dia do vencimento" in itens[2]["motivos"]
    assert [resumo(i) for i in sugestoes(cliente, t, limite=1)] == [resumo(primeira)]


def test_a_read_only_user_reads_and_one_without_financeiro_gets_403(como, cad, transacoes):
    [t] = transacoes(cad.empresa_id, cad.conta_id, [("2026-03-12", Decimal("-64.90"), "TARIFA PACOTE SERVICOS")])
    assert sugestoes(como(cad.empresa_id, perms=LEITURA), t) == []
    assert sugestoes(como(cad.empresa_id, perms=("cadastros:ler",)), t, esperado=403)["code"] == "sem_permissao"


def test_card_settlement_net_of_the_fee_and_a_late_bill_with_juros(cliente, cad, sql_dono, transacoes):
    venda = lancar(cliente, cad, valor="1000.00", vencimento="2026-03-09", descricao="Ensaio (cartão)")
    lab = pessoa(sql_dono, cad.empresa_id, "Foto Lab Revelações", "fornecedores")
    boleto = lancar(cliente, cad, "DESPESA", "1240.00", "2026-03-03", fornecedor_id=lab)
    cartao, atrasado = transacoes(cad.empresa_id, cad.conta_id, [
        ("2026-03-10", Decimal("968.10"), "CIELO VENDAS CREDITO"),
        ("2026-03-15", Decimal("-1269.87"), "PAG BOLETO FOTO LAB REVELACOES")])
    [primeira, *_] = sugestoes(cliente, cartao)
    assert resumo(primeira) == ("LANCAMENTOS", [cartao], [venda], [])
    assert (primeira["tratar_diferenca"], primeira["diferenca"]) == ("JUROS_OU_DESCONTO", "-31.90")
    assert primeira["motivos"] == ["valor R$ 31,90 menor que o em aberto (tarifa ou desconto?)",
                                   "1 dia após o vencimento", "previsto para esta conta"]
    [primeira, *_] = sugestoes(cliente, atrasado)
    assert resumo(primeira) == ("LANCAMENTOS", [atrasado], [boleto], [])
    assert (primeira["tratar_diferenca"], primeira["diferenca"]) == ("JUROS_OU_DESCONTO", "29.87")
    assert primeira["motivos"][:2] == ["nome do fornecedor no histórico (Foto Lab Revelações)",
                                       "valor R$ 29,87 maior que o em aberto (juros ou multa?)"]
    # Confirmed as suggested: the fee is the desconto and the juros are juros; both are paid.
    for transacao_id in (cartao, atrasado):
        confirmar(cliente, sugestoes(cliente, transacao_id)[0])
    pagos = sql_dono("SELECT id, status FROM financeiro.lancamentos WHERE id = ANY(%s) ORDER BY id", ([venda, boleto],))
    assert [p["status"] for p in pagos] == ["PAGO", "PAGO"]


def test_one_deposit_for_several_parcelas_of_the_pessoa_the_memo_names(cliente, cad, sql_dono, transacoes):
    ana = pessoa(sql_dono, cad.empresa_id, "Ana Souza Brandão")
    outra = pessoa(sql_dono, cad.empresa_id, "Camila Peixoto")
    lancar(cliente, cad, valor="1500.00", vencimento="2026-02-10", cliente_id=ana, parcelas={"quantidade": 3})
    parcelas = [linha["id"] for linha in sql_dono(
        "SELECT id FROM financeiro.lancamentos WHERE empresa_id = %s AND cliente_id = %s ORDER BY serie_numero",
        (cad.empresa_id, ana))]
    lancar(cliente, cad, vencimento="2026-03-10", cliente_id=outra)   # the same 500.00, someone else's
    [t] = transacoes(cad.empresa_id, cad.conta_id, [("2026-03-11", Decimal("1000.00"), "PIX RECEBIDO ANA SOUZA BR")])
    [primeira, *_] = sugestoes(cliente, t)
    assert resumo(primeira) == ("LANCAMENTOS", [t], parcelas[:2], [])
    assert primeira["motivos"][:2] == ["nome do cliente no histórico (Ana Souza Brandão)",
                                       "soma de 2 parcelas de Ana Souza Brandão"]
    assert "vencimentos de 10/02/2026 a 10/03/2026" in primeira["motivos"]
    assert (primeira["tratar_diferenca"], primeira["diferenca"]) == (None, "0.00")
    # What the screen shows of each lançamento comes with the suggestion, in its order.
    assert [(l["id"], l["descricao"], l["cliente_nome"], l["serie_numero"], l["serie_quantidade"], l["valor_aberto"],
             l["data_vencimento"]) for l in primeira["lancamentos"]] == [
        (parcelas[0], "Ensaio gestante", "Ana Souza Brandão", 1, 3, "500.00", "2026-02-10"),
        (parcelas[1], "Ensaio gestante", "Ana Souza Brandão", 2, 3, "500.00", "2026-03-10")]
    confirmar(cliente, primeira)
    assert [linha["status"] for linha in sql_dono("SELECT status FROM financeiro.lancamentos WHERE id = ANY(%s) "
                                                  "ORDER BY id", (parcelas,))] == ["PAGO", "PAGO", "PENDENTE"]


def test_several_card_settlements_for_one_sale(cliente, cad, transacoes):
    venda = lancar(cliente, cad, valor="900.00", vencimento="2026-03-09", descricao="Casamento (cartão)")
    lancar(cliente, cad, valor="500.00", vencimento="2026-03-10")   # near one of the parts, fee and all
    partes = transacoes(cad.empresa_id, cad.conta_id, [("2026-03-10", Decimal("485.55"), "REDE CREDITO MASTERCARD"),
                                                       ("2026-03-10", Decimal("388.44"), "REDE CREDITO MASTERCARD"),
                                                       ("2026-03-12", Decimal("150.00"), "PIX RECEBIDO CAIO LIMA")])
    for parte in partes[:2]:
        [primeira, *_] = sugestoes(cliente, parte)
        assert resumo(primeira) == ("LANCAMENTOS", partes[:2], [venda], [])
        assert (primeira["tratar_diferenca"], primeira["diferenca"]) == ("JUROS_OU_DESCONTO", "-26.01")
        assert set(primeira["motivos"]) >= {"soma de 2 transações do extrato",
                                            "reúne as 2 transações do dia com este histórico",
                                            "valor R$ 26,01 menor que o em aberto (tarifa ou desconto?)"}
    confirmado = confirmar(cliente, sugestoes(cliente, partes[0])[0])
    assert sorted(t["id"] for t in confirmado["transacoes"]) == partes[:2]
    assert sugestoes(cliente, partes[1]) == []   # reconciled now


def test_a_client_paying_in_two_transfers(cliente, cad, sql_dono, transacoes):
    ana = pessoa(sql_dono, cad.empresa_id, "Ana Souza Brandão")
    parcela = lancar(cliente, cad, valor="800.00", vencimento="2026-03-10", cliente_id=ana)
    partes = transacoes(cad.empresa_id, cad.conta_id, [("2026-03-10", Decimal("300.00"), DA_ANA),
                                                       ("2026-03-11", Decimal("500.00"), DA_ANA)])
    [primeira, *_] = sugestoes(cliente, partes[1])
    assert resumo(primeira) == ("LANCAMENTOS", partes, [parcela], [])
    assert (primeira["tratar_diferenca"], primeira["diferenca"]) == (None, "0.00")
    assert primeira["motivos"][:2] == ["nome do cliente no histórico (Ana Souza Brandão)",
                                       "soma de 2 transações do extrato"]


def test_a_payment_already_registered_by_hand(cliente, cad, sql_dono, transacoes):
    ana = pessoa(sql_dono, cad.empresa_id, "Ana Souza Brandão")
    parcela = lancar(cliente, cad, valor="650.00", vencimento="2026-03-10", cliente_id=ana)
    resposta = cliente.post(f"/api/lancamentos/{parcela}/baixas", json={"data": "2026-03-11"})
    assert resposta.status_code == 201
    baixa = resposta.get_json()["id"]
    na_outra = lancar(cliente, cad, valor="650.00", vencimento="2026-03-10", conta_id=cad.outra_conta_id)
    assert cliente.post(f"/api/lancamentos/{na_outra}/baixas", json={"data": "2026-03-11"}).status_code == 201
    [t] = transacoes(cad.empresa_id, cad.conta_id, [("2026-03-11", Decimal("650.00"), DA_ANA)])
    itens = sugestoes(cliente, t)
    assert [resumo(i) for i in itens] == [("BAIXAS", [t], [parcela], [baixa])]   # not the other conta's
    assert itens[0]["baixas"] == [{"id": baixa, "lancamento_id": parcela, "data": "2026-03-11",
                                   "valor_movimentado": "650.00"}]
    assert itens[0]["motivos"] == ["nome do cliente no histórico (Ana Souza Brandão)",
                                   "pagamento já registrado no sistema em 11/03/2026",
                                   "registrado no mesmo dia da transação"]
    confirmar(cliente, itens[0])
    assert sql_dono("SELECT conciliacao_id IS NOT NULL AS conciliada FROM financeiro.baixas WHERE id = %s",
                    (baixa,))[0]["conciliada"]


def test_the_documento_in_the_memo_decides(cliente, cad, transacoes):
    lancar(cliente, cad, "DESPESA", "642.00", "2026-03-20", documento="NF 4821")
    certo = lancar(cliente, cad, "DESPESA", "642.00", "2026-03-24", documento="NN 0048213377")
    [t] = transacoes(cad.empresa_id, cad.conta_id, [("2026-03-21", Decimal("-642.00"), "PAG TIT BCO 341 0048213377")])
    [primeira, *_] = sugestoes(cliente, t)
    assert resumo(primeira) == ("LANCAMENTOS", [t], [certo], [])
    assert primeira["motivos"][:2] == ["mesmo documento (NN 0048213377)", "valor igual ao em aberto"]


def test_the_cpf_in_the_memo_decides(cliente, cad, sql_dono, transacoes):
    homonima = pessoa(sql_dono, cad.empresa_id, "Maria Aparecida Santos", cpf_cnpj="52998224725")
    certa = pessoa(sql_dono, cad.empresa_id, "Maria Aparecida Souza", cpf_cnpj="11144477735")
    lancar(cliente, cad, valor="750.00", vencimento="2026-03-10", cliente_id=homonima)
    parcela = lancar(cliente, cad, valor="750.00", vencimento="2026-03-10", cliente_id=certa)
    [t] = transacoes(cad.empresa_id, cad.conta_id,
                     [("2026-03-10", Decimal("750.00"), "PIX 111.444.777-35 MARIA APARE")])
    [primeira, segunda, *_] = sugestoes(cliente, t)
    assert resumo(primeira) == ("LANCAMENTOS", [t], [parcela], [])
    assert primeira["motivos"][0] == "CPF/CNPJ do cliente no histórico"
    assert primeira["score"] - segunda["score"] >= 0.1


def test_a_pattern_confirmed_three_times_ranks_that_fornecedor_first(cliente, cad, sql_dono, transacoes):
    lab = pessoa(sql_dono, cad.empresa_id, "Foto Lab Revelações", "fornecedores")
    grafica = pessoa(sql_dono, cad.empresa_id, "Gráfica Rápida", "fornecedores")
    memo = "PAGAMENTO PIX 4471"   # no name: the bank shows only a key
    for mes in (1, 2, 3):
        conta = lancar(cliente, cad, "DESPESA", f"{300 + mes}.00", f"2026-0{mes}-05", fornecedor_id=grafica)
        [t] = transacoes(cad.empresa_id, cad.conta_id, [(f"2026-0{mes}-05", Decimal(f"-{300 + mes}.00"), memo)])
        confirmar(cliente, {"tipo": "LANCAMENTOS", "transacao_ids": [t], "lancamento_ids": [conta], "baixa_ids": [],
                            "tratar_diferenca": None, "score": None, "motivos": []})
    do_lab = lancar(cliente, cad, "DESPESA", "350.00", "2026-04-05", fornecedor_id=lab)
    da_grafica = lancar(cliente, cad, "DESPESA", "350.00", "2026-04-09", fornecedor_id=grafica)
    [t] = transacoes(cad.empresa_id, cad.conta_id, [("2026-04-05", Decimal("-350.00"), "PAGAMENTO PIX 5120")])
    [primeira, segunda] = sugestoes(cliente, t)
    assert resumo(primeira) == ("LANCAMENTOS", [t], [da_grafica], [])
    assert primeira["motivos"][0] == "confirmado 3 vezes para Gráfica Rápida com este histórico"
    assert resumo(segunda) == ("LANCAMENTOS", [t], [do_lab], []) and "no dia do vencimento" in segunda["motivos"]
    assert padrao(memo) == padrao("PAGAMENTO PIX 5120") == "pagamento pix"


def test_a_sugerir_rule_proposes_a_new_lancamento(cliente, cad, sql_dono, transacoes):
    [regra] = sql_dono("""INSERT INTO financeiro.regras (empresa_id, nome, ordem, memo_contem, direcao, acao,
                                                         categoria_id, descricao)
                          VALUES (%s, 'Tarifas bancárias', 0, 'tarifa', 'SAIDA', 'SUGERIR', %s, 'Tarifa do banco')
                          RETURNING id""", (cad.empresa_id, cad.despesa_id), empresa_id=cad.empresa_id)
    sql_dono("""INSERT INTO financeiro.regras (empresa_id, nome, ordem, memo_contem, acao, score_minimo)
                VALUES (%s, 'Confirmar tarifas', 1, 'tarifa', 'CONCILIAR', 0.9)""", (cad.empresa_id,),
             empresa_id=cad.empresa_id)
    tarifa, pix = transacoes(cad.empresa_id, cad.conta_id, [("2026-03-02", Decimal("-64.90"), "TARIFA PACOTE SERVICOS"),
                                                            ("2026-03-02", Decimal("-64.90"), "PIX ENVIADO")])
    [item] = sugestoes(cliente, tarifa)
    assert item == {"tipo": "NOVO_LANCAMENTO", "transacao_ids": [tarifa], "lancamento_ids": [], "baixa_ids": [],
                    "score": 0.7, "motivos": ["regra “Tarifas bancárias”"], "tratar_diferenca": None,
                    "diferenca": "0.00", "regra_id": regra["id"], "regra_nome": "Tarifas bancárias",
                    "novo_lancamento": {"categoria_id": cad.despesa_id, "cliente_id": None, "fornecedor_id": None,
                                        "descricao": "Tarifa do banco"},
                    "lancamentos": [], "baixas": []}
    assert sugestoes(cliente, pix) == []


def test_nothing_for_a_reconciled_transaction_nor_for_cancelled_or_paid_lancamentos(cliente, cad, transacoes):
    cancelado = lancar(cliente, cad, valor="420.00")
    assert cliente.post(f"/api/lancamentos/{cancelado}/cancelar", json={}).status_code == 200
    lancar(cliente, cad, valor="420.00", status="PAGO", data_pagamento="2026-01-10")
    aberto = lancar(cliente, cad, valor="420.00")
    [t] = transacoes(cad.empresa_id, cad.conta_id, [("2026-03-10", Decimal("420.00"), "DEPOSITO DINHEIRO")])
    itens = sugestoes(cliente, t)
    assert [resumo(i) for i in itens] == [("LANCAMENTOS", [t], [aberto], [])]
    confirmar(cliente, itens[0])
    assert sugestoes(cliente, t) == []


# ---------------------------------------------------------------- refusals and other empresas


@pytest.mark.parametrize("limite", ["0", "21", "-1", "cinco", "1.5"])
def test_limite_out_of_range_is_a_400_naming_it(cliente, cad, transacoes, limite):
    [t] = transacoes(cad.empresa_id, cad.conta_id, [("2026-03-10", Decimal("10.00"), "PIX")])
    corpo = sugestoes(cliente, t, esperado=400, limite=limite)
    assert corpo["code"] == "validacao" and "limite" in corpo["campos"]


def test_unknown_discarded_and_other_empresas_transactions_are_404(cliente, cad, cadastro, nova_empresa, sql_dono,
                                                                    transacoes):
    outra = cadastro(nova_empresa())
    [alheia] = transacoes(outra.empresa_id, outra.conta_id, [("2026-03-10", Decimal("500.00"), "PIX RECEBIDO")])
    [descartada] = transacoes(cad.empresa_id, cad.conta_id, [("2026-03-10", Decimal("500.00"), "PIX RECEBIDO")])
    sql_dono("UPDATE financeiro.extrato_transacoes SET revisar = true, descartada_em = now() WHERE id = %s",
             (descartada,), empresa_id=cad.empresa_id)
    for transacao_id in (alheia, descartada, 99_999_999, 2**63):
        assert sugestoes(cliente, transacao_id, esperado=404)["code"] == "nao_encontrado"


def test_another_empresas_ledger_never_shows(cliente, como, cad, cadastro, nova_empresa, sql_dono, transacoes):
    """The other empresa has the same client (same CPF), the same documento, the same amount and
    an unreconciled baixa of it: none of it is a candidate."""
    outra = cadastro(nova_empresa())
    vizinho = como(outra.empresa_id)
    for empresa, quem in ((outra, vizinho), (cad, cliente)):
        ana = pessoa(sql_dono, empresa.empresa_id, "Ana Souza Brandão", cpf_cnpj="52998224725")
        ids = [lancar(quem, empresa, cliente_id=ana, documento="NF 4821") for _ in range(2)]
    assert vizinho.post(f"/api/lancamentos/{ids[0] - 2}/baixas", json={"data": "2026-03-10"}).status_code == 201
    [t] = transacoes(cad.empresa_id, cad.conta_id,
                     [("2026-03-10", Decimal("500.00"), "PIX 529.982.247-25 ANA NF 4821")])
    assert sorted(i["lancamento_ids"][0] for i in sugestoes(cliente, t)) == ids


def test_the_openapi_document_describes_the_route(cliente):
    rota = cliente.get("/openapi.json").get_json()["paths"]["/api/extratos/transacoes/{transacao_id}/sugestoes"]["get"]
    assert {p["name"] for p in rota["parameters"]} >= {"transacao_id", "limite"}
    assert set(rota["responses"]) >= {"200", "400", "404"}


def test_name_similarity_as_banks_write_names():
    assert semelhanca("ana souza brandao", ["ana", "souza", "brandao"]) == 1.0
    assert semelhanca("maria aparecida dos santos silva", ["maria", "aparecida", "dos", "sant"]) > 0.9  # cut short
    assert semelhanca("sergio silva brandao", ["sergio", "brandao"]) > 0.6          # first and last name
    assert semelhanca("joao pereira", ["joao", "perreira"]) > 0.8                   # a typo
    assert semelhanca("ana souza", ["ana"]) < 0.6                                   # any Ana
    assert semelhanca("maria clara goncalves", ["maria", "clara", "pereira"]) < 0.6  # another Maria Clara
    assert semelhanca("foto lab revelacoes ltda", ["foto", "lab"]) == 1.0
    assert semelhanca("ana souza", []) == semelhanca("", ["ana"]) == 0.0


@given(st.text(max_size=60), st.lists(st.text(max_size=12), max_size=8))
def test_name_similarity_is_between_0_and_1_whatever_the_text(nome, memo):
    assert 0.0 <= semelhanca(" ".join(palavras(nome)), [p for m in memo for p in palavras(m)]) <= 1.0


@given(st.text(max_size=300))
def test_any_memo_reads_into_a_bounded_historico(memo):
    historico = Historico.de(memo)
    assert len(historico.nome) <= 8 and len(historico.numeros) <= 8
    assert all(len(d) in (11, 14) and d.isdigit() for d in historico.documentos)


def test_odd_memos_and_a_zero_amount_answer_200(cliente, cad, transacoes):
    lancar(cliente, cad, valor="12.34")
    ids = transacoes(cad.empresa_id, cad.conta_id, [
        ("2026-03-10", Decimal("0.00"), "ESTORNO"),
        ("2026-03-10", Decimal("12.34"), "PIX 🎉 ÇÃO ' \" ; -- 99999999999999999999999 12.345.678/0001-95 0000"),
        ("2026-03-10", Decimal("999999999.99"), "DEP " + "9" * 900)])
    assert sugestoes(cliente, ids[0]) == []
    assert [i["tipo"] for i in sugestoes(cliente, ids[1])] == ["LANCAMENTOS"]
    assert sugestoes(cliente, ids[2]) == []


# ---------------------------------------------------------------- precision and recall


def _correta(item, esperado) -> bool:
    return (esperado is not None and set(item["transacao_ids"]) == esperado.transacao_ids
            and set(item["lancamento_ids"]) == esperado.lancamento_ids and set(item["baixa_ids"]) == esperado.baixa_ids)


@pytest.mark.parametrize("seed", SEEDS)
def test_precision_and_recall_of_the_top_suggestion_over_a_generated_month(como, nova_empresa, sql_dono, seed):
    """A month of a studio's statement against its ledger (tests/gerador_conciliacao.py), beside
    another empresa with the very same month. The top suggestion is proposed when it matches an
    existing lançamento or baixa with score >= PROPOSTA; precision: proposals that are the truth;
    recall: transactions with a lançamento whose truth was proposed."""
    vizinha = gerar(sql_dono, nova_empresa(), seed)
    cenario = gerar(sql_dono, nova_empresa(), seed)
    leitor = como(cenario.empresa_id, perms=LEITURA)
    acertos = propostas = 0
    for transacao_id, esperado in cenario.verdade.items():
        itens = sugestoes(leitor, transacao_id, limite=20)
        for item in itens:
            assert set(item["lancamento_ids"]) <= cenario.lancamento_ids
            assert not set(item["lancamento_ids"]) & vizinha.lancamento_ids
        topo = next(iter(itens), None)
        if topo is not None and topo["tipo"] != "NOVO_LANCAMENTO" and topo["score"] >= PROPOSTA:
            propostas += 1
            acertos += _correta(topo, esperado)
    com_lancamento = sum(1 for e in cenario.verdade.values() if e is not None)
    precisao, revocacao = acertos / propostas, acertos / com_lancamento
    print(f"\nseed {seed}: {len(cenario.verdade)} transações, {com_lancamento} com lançamento; "
          f"precisão {precisao:.3f}, revocação {revocacao:.3f} ({acertos} certas de {propostas} propostas)")
    assert precisao >= 0.9 and revocacao >= 0.85
