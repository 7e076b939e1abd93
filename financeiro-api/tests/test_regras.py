"""/api/extratos/regras on real PostgreSQL: the staff's reconciliation rules — writing them (and
every refusal, each naming its field in pt-BR), their order, the dry run over stored transactions,
the rules a transaction meets (regras.aplicaveis), and other empresas' rules, records and
transactions, which never exist for this one.

Transactions are stored with the `transacoes` fixture (conftest.py).
"""
from datetime import date
from decimal import Decimal

import pytest

from financeiro import extratos
from financeiro.conciliacao import regras

LEITURA = ("financeiro:ler",)


def corpo(cad, **campos) -> dict:
    """A rule that creates a despesa for bank fees, with `campos` changed (None leaves one out)."""
    regra = {"nome": "Tarifas bancárias", "memo_contem": "Tarifa", "acao": "CRIAR_LANCAMENTO",
             "categoria_id": cad.despesa_id, **campos}
    return {k: v for k, v in regra.items() if v is not None}


def criar(cliente, cad, esperado=201, **campos) -> dict:
    resposta = cliente.post("/api/extratos/regras", json=corpo(cad, **campos))
    assert resposta.status_code == esperado, resposta.get_json()
    return resposta.get_json()


def experimentar(cliente, esperado=200, **regra) -> dict:
    resposta = cliente.post("/api/extratos/regras/testar", json=regra)
    assert resposta.status_code == esperado, resposta.get_json()
    return resposta.get_json()


def listar(cliente) -> list[dict]:
    resposta = cliente.get("/api/extratos/regras")
    assert resposta.status_code == 200, resposta.get_json()
    assert resposta.get_json()["next_cursor"] is None
    return resposta.get_json()["items"]


def auditoria(sql_dono, empresa_id) -> list[tuple]:
    return [(linha["acao"], linha["entidade"]) for linha in sql_dono(
        "SELECT acao, entidade FROM plataforma.auditoria WHERE empresa_id = %s AND entidade LIKE 'regra%%' ORDER BY id",
        (empresa_id,))]


# --- writing -----------------------------------------------------------------------------------

def test_a_rule_is_created_read_changed_and_deleted_and_every_write_is_audited(cliente, cad, sql_dono):
    criada = criar(cliente, cad, memo_contem="  Tarifa Bancária ", valor_maximo="80", conta_id=cad.conta_id)
    # Stored folded; the direction comes from the categoria (a despesa: money out).
    assert criada["memo_contem"] == "tarifa bancaria"
    assert (criada["direcao"], criada["ordem"], criada["ativa"]) == ("SAIDA", 0, True)
    assert (criada["valor_maximo"], criada["valor_minimo"], criada["score_minimo"]) == ("80.00", None, None)
    assert (criada["categoria_nome"], criada["conta_nome"]) == ("Aluguel", "Itaú")

    segunda = criar(cliente, cad, nome="Conferir PIX", memo_contem=None, memo_regex=r"^pix\s+recebido",
                    acao="CONCILIAR", categoria_id=None, score_minimo=0.8)
    assert (segunda["ordem"], segunda["score_minimo"], segunda["direcao"]) == (1, 0.8, None)
    assert [r["id"] for r in listar(cliente)] == [criada["id"], segunda["id"]]
    assert cliente.get(f"/api/extratos/regras/{criada['id']}").get_json() == criada

    resposta = cliente.put(f"/api/extratos/regras/{criada['id']}",
                           json=corpo(cad, nome="Tarifas", ativa=False, memo_contem="tar",
                                      fornecedor_id=cad.fornecedor_id, descricao="Tarifa do banco"))
    assert resposta.status_code == 200, resposta.get_json()
    alterada = resposta.get_json()
    assert (alterada["nome"], alterada["ativa"], alterada["memo_contem"], alterada["ordem"]) == ("Tarifas", False,
                                                                                                 "tar", 0)
    # A PUT is the whole rule: what it leaves out is cleared.
    assert (alterada["valor_maximo"], alterada["conta_id"]) == (None, None)
    assert (alterada["fornecedor_nome"], alterada["descricao"]) == ("Foto Lab", "Tarifa do banco")

    assert cliente.delete(f"/api/extratos/regras/{criada['id']}").status_code == 204
    assert cliente.get(f"/api/extratos/regras/{criada['id']}").status_code == 404
    assert [r["id"] for r in listar(cliente)] == [segunda["id"]]
    assert auditoria(sql_dono, cad.empresa_id) == [("criar", "regra"), ("criar", "regra"), ("alterar", "regra"),
                                                   ("excluir", "regra")]


def _campos(cad):
    return [
        ({"nome": None}, "nome", "Campo obrigatório"),
        ({"nome": "x" * 101}, "nome", "no máximo 100"),
        ({"memo_contem": None}, "memo_contem", "ao menos uma condição"),
        ({"memo_contem": "   "}, "memo_contem", "ao menos uma condição"),
        ({"memo_contem": "x" * 201}, "memo_contem", "no máximo 200"),
        ({"memo_regex": "tarifa (doc"}, "memo_regex", "Expressão regular inválida"),
        ({"memo_regex": "[a-"}, "memo_regex", "Expressão regular inválida"),
        ({"valor_minimo": "50", "valor_maximo": "10"}, "valor_maximo", "maior ou igual ao valor mínimo"),
        ({"valor_minimo": "0"}, "valor_minimo", "maior que 0"),
        ({"valor_minimo": "-5"}, "valor_minimo", "maior que 0"),
        ({"valor_maximo": "1.234"}, "valor_maximo", "duas casas"),
        ({"valor_maximo": "muito"}, "valor_maximo", "valor numérico"),
        ({"direcao": "LADO"}, "direcao", "Valor inválido"),
        ({"acao": "APAGAR"}, "acao", "Valor inválido"),
        ({"acao": None}, "acao", "Campo obrigatório"),
        ({"categoria_id": None}, "categoria_id", "Obrigatória para a ação CRIAR_LANCAMENTO"),
        ({"acao": "SUGERIR", "categoria_id": None}, "categoria_id", "Obrigatória para a ação SUGERIR"),
        ({"score_minimo": 0.9}, "score_minimo", "Só para a ação CONCILIAR"),
        ({"acao": "CONCILIAR", "categoria_id": None}, "score_minimo", "Obrigatório para conciliar"),
        ({"acao": "CONCILIAR", "score_minimo": 0.9}, "categoria_id", "Só para as ações SUGERIR e CRIAR_LANCAMENTO"),
        ({"acao": "CONCILIAR", "categoria_id": None, "score_minimo": 0.9, "descricao": "x"}, "descricao",
         "Só para as ações SUGERIR e CRIAR_LANCAMENTO"),
        ({"acao": "CONCILIAR", "categoria_id": None, "score_minimo": 1.5}, "score_minimo", "menor ou igual a 1"),
        ({"acao": "CONCILIAR", "categoria_id": None, "score_minimo": 0.855}, "score_minimo", "duas casas"),
        ({"direcao": "ENTRADA"}, "categoria_id", "A categoria é de despesa; escolha uma de receita"),
        ({"categoria_id": cad.receita_id, "direcao": "SAIDA"}, "categoria_id", "A categoria é de receita"),
        ({"cliente_id": cad.cliente_id, "fornecedor_id": cad.fornecedor_id}, "fornecedor_id",
         "o cliente ou o fornecedor, não os dois"),
        ({"conta_id": "7"}, "conta_id", "inteiro"),
        ({"descricao": "x" * 201}, "descricao", "no máximo 200"),
        ({"ordem": 3}, "ordem", "Campo desconhecido"),
    ]


def test_every_refusal_is_a_400_naming_its_field_in_portuguese_and_stores_nothing(cliente, cad, sql_dono):
    for mudancas, campo, motivo in _campos(cad):
        regra = {**corpo(cad), **mudancas}
        resposta = cliente.post("/api/extratos/regras", json={k: v for k, v in regra.items() if v is not None})
        corpo_erro = resposta.get_json()
        assert resposta.status_code == 400, (mudancas, corpo_erro)
        assert corpo_erro["code"] == "validacao"
        assert motivo in corpo_erro["campos"].get(campo, ""), (mudancas, corpo_erro)
    assert listar(cliente) == []
    existente = criar(cliente, cad)
    resposta = cliente.put(f"/api/extratos/regras/{existente['id']}", json=corpo(cad, memo_regex="(("))
    assert resposta.status_code == 400 and "memo_regex" in resposta.get_json()["campos"]
    assert listar(cliente) == [existente]


def test_an_inactive_categoria_is_refused(cliente, cad, sql_dono):
    sql_dono("UPDATE cadastros.categorias SET ativa = false WHERE id = %s", (cad.despesa_id,))
    resposta = cliente.post("/api/extratos/regras", json=corpo(cad))
    assert resposta.status_code == 400
    assert resposta.get_json()["campos"] == {"categoria_id": "Categoria inativa; escolha outra"}


def test_unknown_records_are_404_naming_the_field(cliente, cad):
    for campo in ("conta_id", "categoria_id", "cliente_id", "fornecedor_id"):
        resposta = cliente.post("/api/extratos/regras", json=corpo(cad, **{campo: 999_999}))
        assert resposta.status_code == 404, resposta.get_json()
        assert list(resposta.get_json()["campos"]) == [campo]
    for caminho in ("/api/extratos/regras/999999", f"/api/extratos/regras/{2**63}"):
        assert cliente.get(caminho).status_code == 404
        assert cliente.put(caminho, json=corpo(cad)).status_code == 404
        assert cliente.delete(caminho).status_code == 404


def test_reading_and_testing_need_ler_and_writing_escrever(como, cliente, cad):
    regra = criar(cliente, cad)
    leitor = como(cad.empresa_id, LEITURA)
    assert leitor.get("/api/extratos/regras").status_code == 200
    assert leitor.get(f"/api/extratos/regras/{regra['id']}").status_code == 200
    assert leitor.post("/api/extratos/regras/testar", json={"memo_contem": "x"}).status_code == 200
    assert leitor.post("/api/extratos/regras", json=corpo(cad)).status_code == 403
    assert leitor.put(f"/api/extratos/regras/{regra['id']}", json=corpo(cad)).status_code == 403
    assert leitor.put("/api/extratos/regras/ordem", json={"ids": [regra["id"]]}).status_code == 403
    assert leitor.delete(f"/api/extratos/regras/{regra['id']}").status_code == 403
    assert como(cad.empresa_id, ()).get("/api/extratos/regras").status_code == 403


# --- the same conditions twice ------------------------------------------------------------------

def duplicada(resposta, existente, inativa=False) -> None:
    """A 409 regra_duplicada naming `existente`."""
    assert resposta.status_code == 409, resposta.get_json()
    assert resposta.get_json() == {
        "code": "regra_duplicada", "regra_id": existente["id"], "regra_nome": existente["nome"],
        "error": f"Já existe a regra “{existente['nome']}”{' (inativa)' if inativa else ''} com as mesmas condições"}


def test_a_rule_with_another_rules_conditions_is_refused_unless_confirmed(cliente, cad, sql_dono):
    tarifas = criar(cliente, cad)
    # The same conditions however written: the text folded, the direction the categoria's.
    igual = corpo(cad, nome="Tarifas de novo", memo_contem="  TARÍFA ", acao="SUGERIR", direcao="SAIDA",
                  descricao="Tarifa")
    duplicada(cliente.post("/api/extratos/regras", json=igual), tarifas)
    assert listar(cliente) == [tarifas]
    assert auditoria(sql_dono, cad.empresa_id) == [("criar", "regra")]

    segunda = criar(cliente, cad, **{**igual, "confirmar_duplicada": True})
    assert (segunda["nome"], segunda["ordem"], segunda["memo_contem"]) == ("Tarifas de novo", 1, "tarifa")
    assert "confirmar_duplicada" not in segunda
    # A third one names the first in order; an inactive one says so.
    duplicada(cliente.post("/api/extratos/regras", json=corpo(cad, nome="Terceira")), tarifas)
    cliente.put(f"/api/extratos/regras/{tarifas['id']}", json=corpo(cad, ativa=False))
    duplicada(cliente.post("/api/extratos/regras", json=corpo(cad, nome="Terceira")), tarifas, inativa=True)

    # Any condition apart is another rule: a value range, a conta, a direction, a pattern.
    for campos in ({"valor_maximo": "30"}, {"conta_id": cad.conta_id}, {"memo_regex": "^tarifa"},
                   {"direcao": "ENTRADA", "categoria_id": cad.receita_id}, {"memo_contem": "tarifa pix"}):
        criar(cliente, cad, nome=f"Outra {campos}", **campos)


def test_an_edit_into_another_rules_conditions_is_refused_unless_confirmed(cliente, cad):
    tarifas = criar(cliente, cad)
    iof = criar(cliente, cad, nome="IOF", memo_contem="iof")
    caminho = f"/api/extratos/regras/{iof['id']}"
    duplicada(cliente.put(caminho, json=corpo(cad, nome="IOF")), tarifas)
    assert cliente.get(caminho).get_json() == iof
    # A rule is never a duplicate of itself.
    resposta = cliente.put(f"/api/extratos/regras/{tarifas['id']}", json=corpo(cad, nome="Tarifas do banco"))
    assert resposta.status_code == 200, resposta.get_json()

    resposta = cliente.put(caminho, json=corpo(cad, nome="IOF", confirmar_duplicada=True))
    assert (resposta.status_code, resposta.get_json()["memo_contem"]) == (200, "tarifa")
    # Its conditions were accepted when saved: renaming it is not asked again.
    resposta = cliente.put(caminho, json=corpo(cad, nome="IOF e tarifas"))
    assert (resposta.status_code, resposta.get_json()["nome"]) == (200, "IOF e tarifas")


def test_saving_anyway_takes_a_boolean_and_only_when_saving(cliente, cad):
    for valor in ("sim", None, [True]):
        resposta = cliente.post("/api/extratos/regras", json={**corpo(cad), "confirmar_duplicada": valor})
        assert resposta.status_code == 400, resposta.get_json()
        assert list(resposta.get_json()["campos"]) == ["confirmar_duplicada"]
    resposta = cliente.post("/api/extratos/regras/testar", json={"memo_contem": "tarifa", "confirmar_duplicada": True})
    assert resposta.status_code == 400
    assert "Campo desconhecido" in resposta.get_json()["campos"]["confirmar_duplicada"]
    assert listar(cliente) == []


def test_another_empresas_rule_with_the_same_conditions_is_no_duplicate(como, cliente, cad, cadastro, nova_empresa):
    outra = cadastro(nova_empresa())
    dela = criar(como(outra.empresa_id), outra, nome="Dela", memo_contem="tarifa", direcao="SAIDA")
    minha = criar(cliente, cad, memo_contem="tarifa", direcao="SAIDA")
    assert (minha["id"], minha["nome"]) != (dela["id"], dela["nome"])
    resposta = cliente.put(f"/api/extratos/regras/{minha['id']}", json=corpo(cad, nome="Minha", memo_contem="iof"))
    assert resposta.status_code == 200
    resposta = cliente.put(f"/api/extratos/regras/{minha['id']}", json=corpo(cad, nome="Minha"))
    assert resposta.status_code == 200, resposta.get_json()


# --- order -------------------------------------------------------------------------------------

def test_rules_are_reordered_by_listing_all_of_them(cliente, cad, sql_dono):
    ids = [criar(cliente, cad, nome=f"Regra {n}", memo_contem=f"tarifa {n}")["id"] for n in range(3)]
    resposta = cliente.put("/api/extratos/regras/ordem", json={"ids": ids[::-1]})
    assert resposta.status_code == 200, resposta.get_json()
    assert [(r["id"], r["ordem"]) for r in resposta.get_json()["items"]] == list(zip(ids[::-1], range(3)))
    assert [r["id"] for r in listar(cliente)] == ids[::-1]
    # A new rule goes last.
    assert criar(cliente, cad, nome="Regra 3")["ordem"] == 3
    ids = [r["id"] for r in listar(cliente)]
    for errado, motivo in (([*ids[:-1]], f"faltam: {ids[-1]}"), ([*ids, ids[0]], f"repetidas: {ids[0]}"),
                           ([], "faltam")):
        resposta = cliente.put("/api/extratos/regras/ordem", json={"ids": errado})
        assert resposta.status_code == 400, resposta.get_json()
        assert motivo in resposta.get_json()["campos"]["ids"]
    resposta = cliente.put("/api/extratos/regras/ordem", json={"ids": [*ids, 999_999]})
    assert resposta.status_code == 404
    assert resposta.get_json()["campos"] == {"ids": "Regra não encontrada: 999999"}
    assert [r["id"] for r in listar(cliente)] == ids
    assert ("reordenar", "regras") in auditoria(sql_dono, cad.empresa_id)


# --- which rules a transaction meets, and the dry run -------------------------------------------

@pytest.fixture
def historico(cad, transacoes, sql_dono):
    """Stored transactions of two contas, and one under review that was discarded."""
    ids = transacoes(cad.empresa_id, cad.conta_id, [
        (date(2024, 3, 1), Decimal("-25.00"), "TARIFA PACOTE SERVIÇOS"),
        (date(2024, 3, 2), Decimal("-12.50"), "Tarifa Bancária DOC"),
        (date(2024, 3, 3), Decimal("300.00"), "PIX RECEBIDO ANA SOUZA"),
        (date(2024, 3, 4), Decimal("-90.00"), "TARIFA ANUIDADE"),
        (date(2024, 3, 5), Decimal("-25.00"), "TARIFA PACOTE SERVIÇOS"),
    ])
    ids += transacoes(cad.empresa_id, cad.outra_conta_id, [(date(2024, 3, 6), Decimal("-8.00"), "TARIFA DOC")])
    sql_dono("UPDATE financeiro.extrato_transacoes SET revisar = true, descartada_em = now() WHERE id = %s",
             (ids[4],))
    return ids


def test_the_dry_run_counts_what_a_rule_would_have_found_newest_first(cliente, cad, historico):
    tarifa_pacote, tarifa_doc, pix, anuidade, descartada, outra_conta = historico
    achou = experimentar(cliente, memo_contem="tarifa")
    assert (achou["total"], achou["mensagem"]) == (4, "Esta regra teria encontrado 4 transações")
    assert [e["id"] for e in achou["exemplos"]] == [outra_conta, anuidade, tarifa_doc, tarifa_pacote]
    assert achou["exemplos"][-1] == {"id": tarifa_pacote, "extrato_id": achou["exemplos"][-1]["extrato_id"],
                                     "data": "2024-03-01", "valor": "-25.00", "memo": "TARIFA PACOTE SERVIÇOS",
                                     "conciliado": False}
    # Accents and case do not matter to memo_contem; a regex is PostgreSQL's, case-insensitive.
    assert experimentar(cliente, memo_contem="SERVICOS")["total"] == 1
    assert experimentar(cliente, memo_contem="bancária")["total"] == 1
    assert experimentar(cliente, memo_regex=r"^tarifa\s+(doc|banc)")["total"] == 2
    # Amounts are the transaction's absolute valor; conta and direction narrow it down.
    assert experimentar(cliente, valor_minimo="10", valor_maximo="30")["total"] == 2
    assert experimentar(cliente, memo_contem="tarifa", conta_id=cad.outra_conta_id)["total"] == 1
    assert [e["id"] for e in experimentar(cliente, valor_minimo="1", direcao="ENTRADA")["exemplos"]] == [pix]
    # Without a direction, a categoria's tipo gives it, as it would for the saved rule.
    assert experimentar(cliente, valor_minimo="1", categoria_id=cad.receita_id)["total"] == 1
    nada = experimentar(cliente, memo_contem="aluguel")
    assert (nada["total"], nada["mensagem"], nada["exemplos"]) == (0, "Esta regra não teria encontrado nenhuma "
                                                                      "transação", [])
    assert experimentar(cliente, memo_contem="tarifa", valor_maximo="20", conta_id=cad.conta_id)["mensagem"] == (
        "Esta regra teria encontrado 1 transação")


def test_the_dry_run_shows_at_most_twenty_examples_and_counts_them_all(cliente, cad, transacoes):
    transacoes(cad.empresa_id, cad.conta_id, [(date(2024, 1, 1 + n % 28), Decimal("-1.00"), f"TARIFA {n}")
                                              for n in range(25)])
    achou = experimentar(cliente, memo_contem="tarifa")
    assert (achou["total"], len(achou["exemplos"])) == (25, regras.EXEMPLOS)


def test_the_dry_run_checks_the_conditions_only(cliente, cad):
    for regra, campo, codigo in (({}, "memo_contem", 400), ({"memo_regex": "a{2,1}"}, "memo_regex", 400),
                                 ({"valor_minimo": "9", "valor_maximo": "1"}, "valor_maximo", 400),
                                 ({"memo_contem": "x", "conta_id": 999_999}, "conta_id", 404),
                                 ({"memo_contem": "x", "categoria_id": 999_999}, "categoria_id", 404),
                                 ({"memo_contem": "x", "acao": "NADA"}, "acao", 400)):
        resposta = experimentar(cliente, codigo, **regra)
        assert list(resposta["campos"]) == [campo], resposta
    # Nothing about what it does is needed yet.
    assert experimentar(cliente, memo_contem="x", acao="CONCILIAR")["total"] == 0


def test_a_transaction_meets_the_active_rules_that_hold_for_it_in_their_order(app, cliente, cad, historico):
    tarifa_pacote, tarifa_doc, pix, anuidade, _, outra_conta = historico
    por_nome = {}
    for nome, campos in (("Tarifas", {}),
                         ("Tarifas pequenas", {"valor_maximo": "30"}),
                         ("Inativa", {"ativa": False, "confirmar_duplicada": True}),
                         ("Do Itaú", {"memo_contem": None, "valor_minimo": "1", "conta_id": cad.conta_id,
                                      "acao": "CONCILIAR", "categoria_id": None, "score_minimo": 0.5}),
                         ("PIX", {"memo_contem": None, "memo_regex": "^pix", "acao": "SUGERIR",
                                  "categoria_id": cad.receita_id, "cliente_id": cad.cliente_id})):
        por_nome[nome] = criar(cliente, cad, nome=nome, **campos)["id"]
    ordem = [por_nome[n] for n in ("PIX", "Do Itaú", "Tarifas pequenas", "Tarifas", "Inativa")]
    assert cliente.put("/api/extratos/regras/ordem", json={"ids": ordem}).status_code == 200

    with app.extensions["erp"].db.transacao(cad.empresa_id) as cur:
        def nomes(transacao_id):
            return [r["nome"] for r in regras.aplicaveis(cur, extratos.transacao(cur, transacao_id))]

        assert nomes(tarifa_pacote) == ["Do Itaú", "Tarifas pequenas", "Tarifas"]
        assert nomes(anuidade) == ["Do Itaú", "Tarifas"]
        assert nomes(pix) == ["PIX", "Do Itaú"]
        assert nomes(outra_conta) == ["Tarifas pequenas", "Tarifas"]
        [pix_regra] = [r for r in regras.aplicaveis(cur, extratos.transacao(cur, pix)) if r["acao"] == "SUGERIR"]
        assert (pix_regra["categoria_id"], pix_regra["cliente_id"], pix_regra["direcao"]) == (
            cad.receita_id, cad.cliente_id, "ENTRADA")

    # The dry run of each rule finds exactly the transactions aplicaveis gives it.
    por_id = {r["id"]: r for r in listar(cliente)}
    for nome in ("Tarifas pequenas", "Tarifas", "Do Itaú", "PIX"):
        regra = {k: v for k, v in por_id[por_nome[nome]].items()
                 if k in regras.CONDICOES and v is not None}
        achadas = {e["id"] for e in experimentar(cliente, **regra)["exemplos"]}
        with app.extensions["erp"].db.transacao(cad.empresa_id) as cur:
            esperadas = {t for t in historico if t != historico[4]
                         and por_nome[nome] in [r["id"] for r in
                                                regras.aplicaveis(cur, extratos.transacao(cur, t))]}
        assert achadas == esperadas, nome


# --- other empresas ----------------------------------------------------------------------------

def test_another_empresas_rules_records_and_transactions_do_not_exist(como, cliente, cad, cadastro, nova_empresa,
                                                                      transacoes, app, sql_dono):
    outra = cadastro(nova_empresa())
    intruso = como(outra.empresa_id)
    minha = criar(cliente, cad)
    dela = criar(intruso, outra, nome="Dela")
    transacoes(outra.empresa_id, outra.conta_id, [(date(2024, 3, 1), Decimal("-5.00"), "TARIFA DELA")] * 3)
    transacoes(cad.empresa_id, cad.conta_id, [(date(2024, 3, 1), Decimal("-5.00"), "TARIFA MINHA")])

    caminho = f"/api/extratos/regras/{dela['id']}"
    assert cliente.get(caminho).status_code == 404
    assert cliente.put(caminho, json=corpo(cad)).status_code == 404
    assert cliente.delete(caminho).status_code == 404
    resposta = cliente.put("/api/extratos/regras/ordem", json={"ids": [minha["id"], dela["id"]]})
    assert resposta.status_code == 404
    assert [r["id"] for r in listar(cliente)] == [minha["id"]]
    assert [r["id"] for r in listar(intruso)] == [dela["id"]]
    assert intruso.get(f"/api/extratos/regras/{dela['id']}").get_json()["nome"] == "Dela"

    # Her records are ids that do not exist here, named in the answer.
    for campo, valor in (("conta_id", outra.conta_id), ("categoria_id", outra.despesa_id),
                         ("cliente_id", outra.cliente_id), ("fornecedor_id", outra.fornecedor_id)):
        resposta = cliente.post("/api/extratos/regras", json=corpo(cad, **{campo: valor}))
        assert resposta.status_code == 404, (campo, resposta.get_json())
        assert list(resposta.get_json()["campos"]) == [campo]
        resposta = cliente.post("/api/extratos/regras/testar", json={"memo_contem": "tarifa", campo: valor})
        assert resposta.status_code == 404, (campo, resposta.get_json())
        assert list(resposta.get_json()["campos"]) == [campo]

    # The dry run counts this empresa's transactions only.
    assert experimentar(cliente, memo_contem="tarifa")["total"] == 1
    assert experimentar(intruso, memo_contem="tarifa")["total"] == 3
    # Nor does a transaction meet another empresa's rules.
    [minha_transacao] = [linha["id"] for linha in sql_dono(
        "SELECT id FROM financeiro.extrato_transacoes WHERE empresa_id = %s", (cad.empresa_id,))]
    with app.extensions["erp"].db.transacao(cad.empresa_id) as cur:
        assert [r["id"] for r in regras.aplicaveis(cur, extratos.transacao(cur, minha_transacao))] == [minha["id"]]


def test_the_openapi_document_describes_the_rules(cliente):
    caminhos = cliente.get("/openapi.json").get_json()["paths"]
    for caminho in ("/api/extratos/regras", "/api/extratos/regras/{regra_id}", "/api/extratos/regras/ordem",
                    "/api/extratos/regras/testar", "/api/extratos/{extrato_id}/conciliacao-automatica",
                    "/api/extratos/conciliacao-automatica/{execucao_id}"):
        assert caminho in caminhos, caminho
    assert "requestBody" in caminhos["/api/extratos/regras"]["post"]
    # Saving anyway is said in the body; the 409 names the rule with the same conditions.
    for metodo, caminho in (("post", "/api/extratos/regras"), ("put", "/api/extratos/regras/{regra_id}")):
        operacao = caminhos[caminho][metodo]
        assert operacao["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/RegraASalvar")
        assert operacao["responses"]["409"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErroDaRegra")
    ultima = caminhos["/api/extratos/{extrato_id}/conciliacao-automatica"]["get"]["responses"]["200"]
    assert ultima["content"]["application/json"]["schema"]["$ref"].endswith("/UltimaExecucao")
