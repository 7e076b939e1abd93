"""Despesas paid by a bank file: the boleto typed on a despesa, POST /api/remessas/gerar for despesas
(PIX, TED, crédito em conta, boleto: segments A+B and J+J-52) and the pagamentos retorno → baixas.
"""
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from shared.config import hoje

from financeiro.cobranca.cnab import banco_simulado

sys.path.insert(0, str(Path(__file__).parent))
from apoio_cobranca import arquivo, configurar, enviar_retorno, fornecedor, gerar, lancamento  # noqa: E402

# Bradesco's published vector (cnab-boleto.md §2.4): the linha digitável and its barcode.
LINHA = "23791.17209 60007.589645 52040.300502 5 42230000295295"
BARRAS = "23795422300002952951172060007589645204030050"


@pytest.fixture
def conta(sql_dono, cad):
    return configurar(sql_dono, cad)


def test_a_despesa_takes_a_boleto_as_linha_digitavel_or_barcode(cliente, cad):
    despesa = lancamento(cliente, cad, tipo="DESPESA", codigo_barras_pagamento=LINHA)
    assert cliente.get(f"/api/lancamentos/{despesa}").get_json()["codigo_barras_pagamento"] == BARRAS
    errado = LINHA.replace("60007.589645", "60007.589646")
    resposta = cliente.put(f"/api/lancamentos/{despesa}", json={"codigo_barras_pagamento": errado})
    assert resposta.status_code == 400 and "codigo_barras_pagamento" in resposta.get_json()["campos"]
    assert cliente.put(f"/api/lancamentos/{despesa}", json={"codigo_barras_pagamento": None}).get_json()[
        "codigo_barras_pagamento"] is None
    assert cliente.put(f"/api/lancamentos/{despesa}", json={"codigo_barras_pagamento": BARRAS}).get_json()[
        "codigo_barras_pagamento"] == BARRAS
    receita = cliente.post("/api/lancamentos", json={
        "tipo": "RECEITA", "descricao": "Ensaio", "valor": "10.00", "data_vencimento": "2027-01-10",
        "categoria_id": cad.receita_id, "conta_id": cad.conta_id, "codigo_barras_pagamento": LINHA})
    assert receita.status_code == 400 and "despesa" in str(receita.get_json())
    outra_receita = lancamento(cliente, cad)
    resposta = cliente.put(f"/api/lancamentos/{outra_receita}", json={"codigo_barras_pagamento": LINHA})
    assert resposta.status_code == 400 and "codigo_barras_pagamento" in resposta.get_json()["campos"]
    parcelado = cliente.post("/api/lancamentos", json={
        "tipo": "DESPESA", "descricao": "Lente", "valor": "10.00", "data_vencimento": "2027-01-10",
        "categoria_id": cad.despesa_id, "conta_id": cad.conta_id, "codigo_barras_pagamento": LINHA,
        "parcelas": {"quantidade": 2}})
    assert parcelado.status_code == 400


def test_the_pagamentos_round_trip(cliente, cad, conta, sql_dono):
    pix = fornecedor(sql_dono, cad, "Foto Lab PIX", chave_pix="financeiro@fotolab.com.br", tipo_chave_pix="EMAIL")
    ted = fornecedor(sql_dono, cad, "Locadora Lentes", banco="001", agencia="4321-0", conta="98765-4")
    mesmo_banco = fornecedor(sql_dono, cad, "Gráfica Itaú", banco="341", agencia="1234", conta="55555-5")
    ids = [lancamento(cliente, cad, tipo="DESPESA", valor="200.00", fornecedor_id=pix),
           lancamento(cliente, cad, tipo="DESPESA", valor="300.00", fornecedor_id=ted, vencimento="2020-01-10"),
           lancamento(cliente, cad, tipo="DESPESA", valor="400.00", fornecedor_id=mesmo_banco),
           lancamento(cliente, cad, tipo="DESPESA", valor="29.52", fornecedor_id=ted, codigo_barras_pagamento=LINHA)]
    feito = gerar(cliente, conta, ids)
    assert (feito["finalidade"], feito["layout"], feito["quantidade"], feito["valor_total"]) == (
        "PAGAMENTOS", "CNAB240", 4, "929.52")
    remessa = arquivo(cliente, feito["id"])
    detalhe = cliente.get(f"/api/remessas/{feito['id']}").get_json()
    pagamentos = {p["lancamento_id"]: p for p in detalhe["pagamentos"]}
    assert [pagamentos[i]["forma"] for i in ids] == ["PIX", "TED", "CREDITO_CONTA", "BOLETO"]
    assert pagamentos[ids[1]]["data_pagamento"] == hoje().isoformat()  # past due: paid today
    assert pagamentos[ids[0]]["data_pagamento"] == "2027-01-10"
    linhas = cliente.get(f"/api/remessas/{feito['id']}/linhas?limit=500").get_json()["items"]
    acoes = {linha["lancamento_id"]: linha["acao"] for linha in linhas if linha["acao"]}
    assert acoes[ids[0]] == "Pagamento por PIX a Foto Lab PIX — R$ 200,00 em 10/01/2027"
    assert {linha["registro"] for linha in linhas if linha["lancamento_id"] == ids[3]} == {"J", "J52"}
    assert cliente.get(f"/api/lancamentos/{ids[0]}").get_json()["cobranca"] == {
        "tipo": "PAGAMENTO", "situacao": "ENVIADO", "motivo": None, "forma": "PIX", "nosso_numero": None, "banco": None}
    # the same despesas cannot go again while the bank has not answered
    assert "à espera do retorno" in gerar(cliente, conta, ids[:1], status=400)["campos"]["lancamento_ids.0"]

    retorno = banco_simulado.retorno_pagamentos_de(remessa, {
        str(pagamentos[ids[0]]["id"]): {"codigo": "00"},
        str(pagamentos[ids[1]]["id"]): {"codigo": "BD"},
        str(pagamentos[ids[2]]["id"]): {"codigo": "AG"},
        str(pagamentos[ids[3]]["id"]): {"codigo": "00"},
    }, data=date(2027, 1, 10))
    resultado = enviar_retorno(cliente, conta, retorno)
    assert resultado.status_code == 201, resultado.get_json()
    corpo = resultado.get_json()
    assert (corpo["pagos"], corpo["agendados"], corpo["rejeitados"], corpo["nao_encontrados"]) == (2, 1, 1, 0)
    pago = cliente.get(f"/api/lancamentos/{ids[0]}").get_json()
    assert pago["status"] == "PAGO" and pago["baixas"][0]["data"] == "2027-01-10"
    assert pago["cobranca"]["situacao"] == "PAGO"
    assert cliente.get(f"/api/lancamentos/{ids[3]}").get_json()["status"] == "PAGO"
    assert cliente.get(f"/api/lancamentos/{ids[1]}").get_json()["cobranca"]["situacao"] == "AGENDADO"
    rejeitado = cliente.get(f"/api/lancamentos/{ids[2]}").get_json()
    assert rejeitado["status"] == "PENDENTE" and rejeitado["cobranca"]["situacao"] == "REJEITADO"
    assert rejeitado["cobranca"]["motivo"]
    # a rejected payment may go in a new remessa
    assert gerar(cliente, conta, [ids[2]])["quantidade"] == 1
    # the same retorno again pays nothing twice
    assert enviar_retorno(cliente, conta, retorno).get_json()["ja_importado"]
    assert sql_dono("SELECT count(*) AS n FROM financeiro.baixas WHERE empresa_id = %s", (cad.empresa_id,))[0]["n"] == 2


def test_a_fornecedor_that_cannot_be_paid_is_named(cliente, cad, conta, sql_dono):
    despesa = lancamento(cliente, cad, tipo="DESPESA")  # cad's fornecedor has no bank data nor key
    corpo = gerar(cliente, conta, [despesa], status=400)
    assert "não tem dados bancários nem chave PIX" in corpo["campos"]["lancamento_ids.0"]
    sem_documento = fornecedor(sql_dono, cad, "Sem CNPJ", chave_pix="a@b.com", tipo_chave_pix="EMAIL", documento=None)
    outra = lancamento(cliente, cad, tipo="DESPESA", fornecedor_id=sem_documento)
    assert "não tem CPF/CNPJ" in gerar(cliente, conta, [outra], status=400)["campos"]["lancamento_ids.0"]
    assert "Pedido de baixa" in gerar(cliente, conta, [despesa], status=400, instrucao="BAIXA")["campos"]["instrucao"]
    assert sql_dono("SELECT count(*) AS n FROM financeiro.pagamentos WHERE empresa_id = %s",
                    (cad.empresa_id,))[0]["n"] == 0


def test_an_unknown_seu_numero_in_a_pagamentos_retorno_is_listed(cliente, cad, conta, sql_dono):
    pix = fornecedor(sql_dono, cad, "Foto Lab PIX", chave_pix="financeiro@fotolab.com.br", tipo_chave_pix="EMAIL")
    feito = gerar(cliente, conta, [lancamento(cliente, cad, tipo="DESPESA", fornecedor_id=pix)])
    remessa = arquivo(cliente, feito["id"])
    # a payment this conta never sent: the A's seu número (74–93) replaced
    alterada = "".join(linha[:73] + "999999".ljust(20) + linha[93:] + "\r\n" if linha[7:8] == "3" and linha[13] == "A"
                       else linha + "\r\n" for linha in remessa.split("\r\n")[:-1])
    corpo = enviar_retorno(cliente, conta, banco_simulado.retorno_pagamentos_de(alterada, {})).get_json()
    assert (corpo["nao_encontrados"], corpo["nao_encontrados_lista"], corpo["pagos"]) == (1, ["999999"], 0)
    assert sql_dono("SELECT count(*) AS n FROM financeiro.baixas WHERE empresa_id = %s", (cad.empresa_id,))[0]["n"] == 0


def test_valor_pago_by_the_bank_never_pays_more_than_is_open(cliente, cad, conta, sql_dono):
    pix = fornecedor(sql_dono, cad, "Foto Lab PIX", chave_pix="financeiro@fotolab.com.br", tipo_chave_pix="EMAIL")
    despesa = lancamento(cliente, cad, tipo="DESPESA", valor="100.00", fornecedor_id=pix)
    feito = gerar(cliente, conta, [despesa])
    [pagamento] = cliente.get(f"/api/remessas/{feito['id']}").get_json()["pagamentos"]
    retorno = banco_simulado.retorno_pagamentos_de(
        arquivo(cliente, feito["id"]), {str(pagamento["id"]): {"codigo": "00", "valor_pago": Decimal("100.50")}},
        data=date(2027, 1, 10))
    assert enviar_retorno(cliente, conta, retorno).status_code == 201
    [baixa] = cliente.get(f"/api/lancamentos/{despesa}").get_json()["baixas"]
    assert (baixa["valor"], baixa["juros"], baixa["valor_movimentado"]) == ("100.00", "0.50", "100.50")


def test_sicoob_em_analise_asks_to_check_the_statement(cliente, cad, sql_dono):
    conta = configurar(sql_dono, cad, banco="756", carteira="1", convenio="123456", agencia="4321", variacao="1")
    pix = fornecedor(sql_dono, cad, "Foto Lab PIX", chave_pix="financeiro@fotolab.com.br", tipo_chave_pix="EMAIL")
    despesa = lancamento(cliente, cad, tipo="DESPESA", fornecedor_id=pix)
    feito = gerar(cliente, conta, [despesa])
    [pagamento] = cliente.get(f"/api/remessas/{feito['id']}").get_json()["pagamentos"]
    retorno = banco_simulado.retorno_pagamentos_de(arquivo(cliente, feito["id"]), {str(pagamento["id"]): {"codigo": "BS"}})
    corpo = enviar_retorno(cliente, conta, retorno).get_json()
    assert corpo["em_analise"] == 1
    assert cliente.get(f"/api/lancamentos/{despesa}").get_json()["cobranca"]["situacao"] == "EM_ANALISE"
    linhas = cliente.get(f"/api/remessas/{corpo['id']}/linhas").get_json()["items"]
    assert any("confira no extrato" in (linha["acao"] or "") for linha in linhas)
