"""POST /api/remessas/retorno: the round trip remessa → the bank's retorno (cobranca/cnab/banco_simulado.py)
→ baixas, and what a retorno must never do: pay twice, guess a título, change anything when a line
is broken.
"""
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from financeiro.cobranca.cnab import banco_simulado

sys.path.insert(0, str(Path(__file__).parent))
from apoio_cobranca import (arquivo, completar_cliente, configurar, enviar_retorno, gerar,  # noqa: E402
                            lancamento, receitas_em_massa)

CREDITO = date(2027, 1, 12)


@pytest.fixture
def conta(sql_dono, cad):
    completar_cliente(sql_dono, cad)
    return configurar(sql_dono, cad, categoria_tarifa_id=cad.despesa_id)


def contagem(sql_dono, empresa_id, tabela):
    return sql_dono(f"SELECT count(*) AS n FROM financeiro.{tabela} WHERE empresa_id = %s", (empresa_id,))[0]["n"]


def remessa_de(cliente, cad, conta, quantos):
    ids = [lancamento(cliente, cad, valor="150.00") for _ in range(quantos)]
    feito = gerar(cliente, conta, ids)
    return ids, arquivo(cliente, feito["id"])


def ok(resposta):
    assert resposta.status_code == 201, resposta.get_json()
    return resposta.get_json()


def test_the_round_trip_pays_with_juros_desconto_and_books_the_tarifas(cliente, cad, conta, sql_dono):
    ids, remessa = remessa_de(cliente, cad, conta, 5)
    retorno = banco_simulado.retorno_de(remessa, {
        str(ids[0]): {"codigo": "06", "valor_pago": Decimal("153.00"), "juros_multa": Decimal("3.00"),
                      "tarifa": Decimal("1.50")},
        str(ids[1]): {"codigo": "06", "valor_pago": Decimal("145.00"), "desconto": Decimal("5.00"),
                      "tarifa": Decimal("1.50")},
        str(ids[3]): {"codigo": "03", "motivos": "16"},
        str(ids[4]): {"codigo": "09"},
    }, data=CREDITO)
    feito = ok(enviar_retorno(cliente, conta, retorno))
    assert (feito["liquidados"], feito["confirmados"], feito["rejeitados"], feito["baixados"],
            feito["nao_encontrados"], feito["ja_importado"]) == (2, 1, 1, 1, 0, False)
    com_juros = cliente.get(f"/api/lancamentos/{ids[0]}").get_json()
    assert com_juros["status"] == "PAGO"
    [baixa] = com_juros["baixas"]
    assert (baixa["valor"], baixa["juros"], baixa["desconto"], baixa["valor_movimentado"], baixa["data"]) == (
        "150.00", "3.00", "0.00", "153.00", "2027-01-12")
    assert com_juros["cobranca"]["situacao"] == "LIQUIDADO"
    [baixa] = cliente.get(f"/api/lancamentos/{ids[1]}").get_json()["baixas"]
    assert (baixa["valor"], baixa["desconto"], baixa["valor_movimentado"]) == ("150.00", "5.00", "145.00")
    situacoes = sql_dono("SELECT lancamento_id, situacao, motivo FROM financeiro.titulos WHERE empresa_id = %s",
                         (cad.empresa_id,))
    por_lancamento = {t["lancamento_id"]: t for t in situacoes}
    assert [por_lancamento[i]["situacao"] for i in ids] == ["LIQUIDADO", "LIQUIDADO", "REGISTRADO", "REJEITADO",
                                                           "BAIXADO"]
    assert por_lancamento[ids[3]]["motivo"]
    rejeitado = cliente.get(f"/api/lancamentos/{ids[3]}").get_json()["cobranca"]
    assert (rejeitado["situacao"], rejeitado["motivo"]) == ("REJEITADO", por_lancamento[ids[3]]["motivo"])
    # the tarifas: one despesa, already paid on the credit date
    tarifa = cliente.get(f"/api/lancamentos/{feito['lancamento_tarifas_id']}").get_json()
    assert (tarifa["tipo"], tarifa["valor"], tarifa["status"], tarifa["categoria_id"], tarifa["data_pagamento"]) == (
        "DESPESA", "3.00", "PAGO", cad.despesa_id, "2027-01-12")
    # the file log: the retorno, its resumo and what each line did
    detalhe = cliente.get(f"/api/remessas/{feito['id']}").get_json()
    assert (detalhe["direcao"], detalhe["finalidade"], detalhe["resumo"]["liquidados"]) == ("RETORNO", "COBRANCA", 2)
    linhas = cliente.get(f"/api/remessas/{feito['id']}/linhas?limit=500").get_json()["items"]
    resultados = [(linha["lancamento_id"], linha["resultado"]) for linha in linhas if linha["resultado"]]
    assert resultados == [(ids[0], "APLICADA"), (ids[1], "APLICADA"), (ids[2], "APLICADA"), (ids[3], "REJEITADA"),
                          (ids[4], "APLICADA")]
    [acao] = [linha["acao"] for linha in linhas if linha["lancamento_id"] == ids[0] and linha["acao"]]
    assert acao.startswith("Liquidação do título 109/") and acao.endswith(
        ": baixa em 12/01/2027, pago R$ 153,00, juros R$ 3,00")
    assert cliente.get(f"/api/remessas/{feito['id']}/arquivo").data == retorno.encode("ascii")
    auditoria = sql_dono("SELECT acao FROM plataforma.auditoria WHERE empresa_id = %s AND entidade = 'arquivo_cnab'",
                         (cad.empresa_id,))
    assert [a["acao"] for a in auditoria] == ["gerar_remessa", "importar_retorno"]


def test_the_same_retorno_twice_pays_once(cliente, cad, conta, sql_dono):
    ids, remessa = remessa_de(cliente, cad, conta, 1)
    retorno = banco_simulado.retorno_de(remessa, {str(ids[0]): {"codigo": "06", "valor_pago": Decimal("150.00")}},
                                        data=CREDITO)
    primeiro = ok(enviar_retorno(cliente, conta, retorno))
    segundo = ok(enviar_retorno(cliente, conta, retorno, nome="OUTRO.RET"))
    assert segundo["ja_importado"] and segundo["id"] == primeiro["id"] and segundo["liquidados"] == 1
    assert contagem(sql_dono, cad.empresa_id, "baixas") == 1
    assert contagem(sql_dono, cad.empresa_id, "arquivos_cnab") == 2  # the remessa and one retorno


@pytest.mark.parametrize("codificacao", ["latin-1", "utf-8"])
def test_a_retorno_with_accents_is_stored_byte_for_byte(cliente, cad, conta, codificacao):
    """An ASCII file is sent to PostgreSQL as text (remessas.gravar); one a bank wrote with
    accents, in ISO-8859-1 or UTF-8, is stored as the bytes it came as all the same."""
    ids, remessa = remessa_de(cliente, cad, conta, 1)
    retorno = banco_simulado.retorno_de(remessa, {str(ids[0]): {"codigo": "06", "valor_pago": Decimal("150.00")}},
                                        data=CREDITO)
    linhas = retorno.split("\r\n")
    t = next(numero for numero, linha in enumerate(linhas) if linha[13:14] == "T")
    linhas[t] = linhas[t][:148] + "CONCEIÇÃO D'ÁVILA".ljust(40) + linhas[t][188:]  # the pagador's name, 149–188
    dados = "\r\n".join(linhas).encode(codificacao)
    feito = ok(enviar_retorno(cliente, conta, dados))
    assert feito["liquidados"] == 1
    assert cliente.get(f"/api/remessas/{feito['id']}/arquivo").data == dados


def test_a_liquidacao_already_applied_by_another_file_is_not_paid_again(cliente, cad, conta, sql_dono):
    ids, remessa = remessa_de(cliente, cad, conta, 1)
    liquidacao = {str(ids[0]): {"codigo": "06", "valor_pago": Decimal("150.00")}}
    ok(enviar_retorno(cliente, conta, banco_simulado.retorno_de(remessa, liquidacao, data=CREDITO)))
    outro = ok(enviar_retorno(cliente, conta, banco_simulado.retorno_de(remessa, liquidacao, data=date(2027, 1, 13))))
    assert not outro["ja_importado"]
    assert contagem(sql_dono, cad.empresa_id, "baixas") == 1
    linhas = cliente.get(f"/api/remessas/{outro['id']}/linhas").get_json()["items"]
    assert [linha["resultado"] for linha in linhas if linha["resultado"]] == ["JA_APLICADA"]


def test_an_unknown_nosso_numero_is_listed_never_guessed(cliente, cad, conta, sql_dono, cadastro, nova_empresa, como):
    ids, _ = remessa_de(cliente, cad, conta, 1)
    outra = cadastro(nova_empresa())
    completar_cliente(sql_dono, outra)
    outra_conta = configurar(sql_dono, outra, proximo_nosso_numero=900)
    alheia = como(outra.empresa_id)
    alheios, remessa_alheia = remessa_de(alheia, outra, outra_conta, 1)
    retorno = banco_simulado.retorno_de(remessa_alheia, {str(alheios[0]): {"codigo": "06", "valor_pago": Decimal("150.00")}},
                                        data=CREDITO)
    feito = ok(enviar_retorno(cliente, conta, retorno))
    assert (feito["nao_encontrados"], feito["liquidados"], len(feito["nao_encontrados_lista"])) == (1, 0, 1)
    assert "900" in feito["nao_encontrados_lista"][0]
    assert contagem(sql_dono, cad.empresa_id, "baixas") == 0
    assert cliente.get(f"/api/lancamentos/{ids[0]}").get_json()["status"] == "PENDENTE"


def test_a_retorno_with_one_broken_line_changes_nothing(cliente, cad, conta, sql_dono):
    ids, remessa = remessa_de(cliente, cad, conta, 2)
    retorno = banco_simulado.retorno_de(remessa, {str(i): {"codigo": "06", "valor_pago": Decimal("150.00")}
                                                  for i in ids}, data=CREDITO)
    linhas = retorno.split("\r\n")
    linhas[3] = linhas[3][:77] + "ABC" + linhas[3][80:]  # letters in the U's valor pago (78–92)
    resposta = enviar_retorno(cliente, conta, "\r\n".join(linhas))
    assert resposta.status_code == 400
    corpo = resposta.get_json()
    assert corpo["linha"] == 4 and "arquivo" in corpo["campos"]
    assert contagem(sql_dono, cad.empresa_id, "baixas") == 0
    assert contagem(sql_dono, cad.empresa_id, "arquivos_cnab") == 1  # the remessa alone


def test_without_a_categoria_for_the_tarifas_nothing_is_imported(cliente, cad, sql_dono):
    completar_cliente(sql_dono, cad)
    conta = configurar(sql_dono, cad)
    ids, remessa = remessa_de(cliente, cad, conta, 1)
    retorno = banco_simulado.retorno_de(remessa, {str(ids[0]): {"codigo": "06", "valor_pago": Decimal("150.00"),
                                                                "tarifa": Decimal("2.00")}}, data=CREDITO)
    resposta = enviar_retorno(cliente, conta, retorno)
    assert resposta.status_code == 400 and "categoria_tarifa_id" in resposta.get_json()["campos"]
    assert contagem(sql_dono, cad.empresa_id, "baixas") == 0
    tarifas = sql_dono("""INSERT INTO cadastros.categorias (empresa_id, nome, nome_busca, tipo, ordem, grupo_dre)
                          VALUES (%s, 'Tarifas bancárias', 'tarifas bancarias', 'DESPESA', 9, 'despesas_financeiras')
                          RETURNING id""", (cad.empresa_id,), empresa_id=cad.empresa_id)[0]["id"]
    feito = ok(enviar_retorno(cliente, conta, retorno))
    assert cliente.get(f"/api/lancamentos/{feito['lancamento_tarifas_id']}").get_json()["categoria_id"] == tarifas


def test_refusals_of_the_upload(cliente, cad, conta, sql_dono, como, nova_empresa):
    ids, remessa = remessa_de(cliente, cad, conta, 1)
    retorno = banco_simulado.retorno_de(remessa, {}, data=CREDITO)
    assert enviar_retorno(cliente, conta, remessa).status_code == 400  # a remessa sent back by mistake
    assert enviar_retorno(como(nova_empresa()), conta, retorno).status_code == 404
    leitor = como(cad.empresa_id, perms=["financeiro:ler"])
    assert enviar_retorno(leitor, conta, retorno).status_code == 403
    grande = enviar_retorno(cliente, conta, b"0" * (5 * 1024 * 1024 + 1))
    assert grande.status_code == 413
    sem_campos = cliente.post("/api/remessas/retorno", data={}, content_type="multipart/form-data")
    assert set(sem_campos.get_json()["campos"]) == {"conta_id", "arquivo"}
    assert cliente.post("/api/remessas/retorno", json={"conta_id": conta}).status_code == 415
    # a retorno of another bank than the conta's
    sql_dono("UPDATE cadastros.contas SET banco = '237' WHERE empresa_id = %s AND id = %s", (cad.empresa_id, conta),
             empresa_id=cad.empresa_id)
    outro_banco = enviar_retorno(cliente, conta, retorno)
    assert outro_banco.status_code == 400 and "banco 341" in outro_banco.get_json()["error"]
    assert contagem(sql_dono, cad.empresa_id, "arquivos_cnab") == 1


def test_a_retorno_of_a_thousand_liquidacoes_pays_each_once(cliente, cad, conta, sql_dono):
    # The baixas go in one INSERT, applied once per statement (migration 0017); how fast is bench
    # part 11's (python -m bench --so-cobranca).
    ids = receitas_em_massa(sql_dono, cad, conta, 1000)
    remessa = arquivo(cliente, gerar(cliente, conta, ids)["id"])
    retorno = banco_simulado.retorno_de(remessa, {str(i): {"codigo": "06", "tarifa": Decimal("1.00")} for i in ids},
                                        data=CREDITO)
    feito = ok(enviar_retorno(cliente, conta, retorno))
    assert feito["liquidados"] == 1000
    pagos = sql_dono("""SELECT count(*) AS n, sum(valor) AS soma FROM financeiro.lancamentos
                         WHERE empresa_id = %s AND status = 'PAGO' AND tipo = 'RECEITA'""", (cad.empresa_id,))[0]
    somas = sql_dono("SELECT sum(valor) AS soma FROM financeiro.lancamentos WHERE empresa_id = %s AND tipo = 'RECEITA'",
                     (cad.empresa_id,))[0]
    assert (pagos["n"], pagos["soma"]) == (1000, somas["soma"])
    assert cliente.get(f"/api/lancamentos/{feito['lancamento_tarifas_id']}").get_json()["valor"] == "1000.00"
