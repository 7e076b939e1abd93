"""POST /api/remessas/gerar for receitas (cobrança), the file log, and the numbering of títulos and files.

Every file made here goes through the independent structural checker (tests/verificador_cnab.py).
"""
import sys
import threading
from pathlib import Path

import pytest

# pytest's importlib mode puts no test folder on sys.path; the helpers are modules beside this one.
sys.path.insert(0, str(Path(__file__).parent))
from apoio_cobranca import arquivo, completar_cliente, configurar, gerar, lancamento, receitas_em_massa  # noqa: E402


@pytest.fixture
def conta(sql_dono, cad):
    completar_cliente(sql_dono, cad)
    return configurar(sql_dono, cad, juros_mes_percentual="2.00", multa_percentual="2.00")


def titulos(sql_dono, empresa_id):
    return sql_dono("""SELECT lancamento_id, sequencia, nosso_numero, situacao, vencimento, valor FROM financeiro.titulos
                        WHERE empresa_id = %s ORDER BY sequencia""", (empresa_id,))


def test_a_cobranca_remessa_issues_the_titulos_and_stores_the_file_line_by_line(cliente, cad, conta, sql_dono):
    ids = [lancamento(cliente, cad, valor="150.00"), lancamento(cliente, cad, valor="99.90", vencimento="2027-02-10")]
    feito = gerar(cliente, conta, ids)
    assert (feito["conta_id"], feito["layout"], feito["finalidade"], feito["direcao"]) == (conta, "CNAB240", "COBRANCA",
                                                                                          "REMESSA")
    assert (feito["quantidade"], feito["valor_total"], feito["nsa"]) == (2, "249.90", 1)
    texto = arquivo(cliente, feito["id"])
    assert texto.endswith("\r\n") and all(len(linha) == 240 for linha in texto.split("\r\n")[:-1])
    assert [(t["lancamento_id"], t["sequencia"], t["situacao"]) for t in titulos(sql_dono, cad.empresa_id)] == [
        (ids[0], 1, "EMITIDO"), (ids[1], 2, "EMITIDO")]
    detalhe = cliente.get(f"/api/remessas/{feito['id']}").get_json()
    assert [(t["lancamento_id"], t["valor"], t["vencimento"], t["situacao"]) for t in detalhe["titulos"]] == [
        (ids[0], "150.00", "2027-01-10", "EMITIDO"), (ids[1], "99.90", "2027-02-10", "EMITIDO")]
    assert detalhe["pagamentos"] == [] and detalhe["resumo"] is None
    assert all(t["nosso_numero"].startswith("109/") for t in detalhe["titulos"])  # as the boleto prints it
    linhas = cliente.get(f"/api/remessas/{feito['id']}/linhas?limit=500").get_json()["items"]
    assert "".join(linha["conteudo"] + "\r\n" for linha in linhas) == texto
    entradas = [linha for linha in linhas if linha["acao"]]
    assert [linha["registro"] for linha in entradas] == ["P", "P"]
    assert [linha["lancamento_id"] for linha in entradas] == ids
    assert entradas[0]["acao"].startswith("Entrada do título ") and entradas[0]["acao"].endswith("— R$ 150,00")
    assert {linha["lancamento_id"] for linha in linhas if linha["registro"] in ("Q", "R")} == set(ids)
    auditoria = sql_dono("""SELECT acao FROM plataforma.auditoria WHERE empresa_id = %s AND entidade = 'arquivo_cnab'""",
                         (cad.empresa_id,))
    assert [a["acao"] for a in auditoria] == ["gerar_remessa"]
    mostrado = cliente.get(f"/api/lancamentos/{ids[0]}").get_json()["cobranca"]
    assert (mostrado["tipo"], mostrado["situacao"], mostrado["banco"]) == ("TITULO", "EMITIDO", "341")


def test_cnab400_when_the_bank_takes_it(cliente, cad, conta):
    feito = gerar(cliente, conta, [lancamento(cliente, cad)], layout="CNAB400")
    texto = arquivo(cliente, feito["id"])
    assert feito["layout"] == "CNAB400" and len(texto.split("\r\n")[0]) == 400


def test_every_lancamento_that_cannot_go_is_named_and_no_file_is_made(cliente, cad, conta, sql_dono):
    pago = lancamento(cliente, cad, status="PAGO")
    cancelado = lancamento(cliente, cad)
    assert cliente.post(f"/api/lancamentos/{cancelado}/cancelar").status_code == 200
    outra_conta = lancamento(cliente, cad, conta_id=cad.outra_conta_id)
    sem_cliente = cliente.post("/api/lancamentos", json={
        "tipo": "RECEITA", "descricao": "Avulsa", "valor": "10.00", "data_vencimento": "2027-01-10",
        "categoria_id": cad.receita_id, "conta_id": cad.conta_id}).get_json()["id"]
    bom = lancamento(cliente, cad)
    resposta = cliente.post("/api/remessas/gerar", json={"conta_id": conta, "lancamento_ids": [
        bom, pago, cancelado, outra_conta, sem_cliente]})
    assert resposta.status_code == 400
    corpo = resposta.get_json()
    assert corpo["error"] == "4 lançamentos não podem entrar na remessa; nenhum arquivo foi gerado"
    assert set(corpo["campos"]) == {"lancamento_ids.1", "lancamento_ids.2", "lancamento_ids.3", "lancamento_ids.4"}
    assert corpo["campos"]["lancamento_ids.1"].endswith("já está pago")
    assert corpo["campos"]["lancamento_ids.2"].endswith("está cancelado")
    assert "outra conta" in corpo["campos"]["lancamento_ids.3"]
    assert "não tem cliente" in corpo["campos"]["lancamento_ids.4"]
    assert sql_dono("SELECT count(*) AS n FROM financeiro.arquivos_cnab WHERE empresa_id = %s",
                    (cad.empresa_id,))[0]["n"] == 0
    assert titulos(sql_dono, cad.empresa_id) == []


def test_a_cliente_without_cpf_or_address_is_refused(cliente, cad, conta, sql_dono):
    sql_dono("UPDATE cadastros.clientes SET cep = NULL WHERE empresa_id = %s", (cad.empresa_id,),
             empresa_id=cad.empresa_id)
    corpo = gerar(cliente, conta, [lancamento(cliente, cad)], status=400)
    assert "falta CEP" in corpo["campos"]["lancamento_ids.0"]
    sql_dono("UPDATE cadastros.clientes SET cpf_cnpj = NULL WHERE empresa_id = %s", (cad.empresa_id,),
             empresa_id=cad.empresa_id)
    corpo = gerar(cliente, conta, [lancamento(cliente, cad)], status=400)
    assert "não tem CPF/CNPJ" in corpo["campos"]["lancamento_ids.0"]


def test_requests_that_make_no_file(cliente, cad, conta, sql_dono, como, nova_empresa):
    receita = lancamento(cliente, cad)
    despesa = lancamento(cliente, cad, tipo="DESPESA")
    misturado = gerar(cliente, conta, [receita, despesa], status=400)
    assert "só receitas" in misturado["campos"]["lancamento_ids"]
    sem_config = gerar(cliente, cad.outra_conta_id, [receita], status=400)
    assert "não tem configuração de cobrança" in sem_config["campos"]["conta_id"]
    assert gerar(cliente, conta, [], status=400)["campos"]["lancamento_ids"]
    assert "lancamento_ids" in gerar(cliente, conta, [receita, 10**12], status=404)["campos"]
    invalido = gerar(cliente, conta, [receita], status=400, layout="CNAB500")
    assert "layout" in invalido["campos"]
    # another empresa's conta and lançamento do not exist here
    outra = nova_empresa()
    assert como(outra).post("/api/remessas/gerar", json={"conta_id": conta, "lancamento_ids": [receita]}).status_code == 404
    leitor = como(cad.empresa_id, perms=["financeiro:ler"])
    assert leitor.post("/api/remessas/gerar", json={"conta_id": conta, "lancamento_ids": [receita]}).status_code == 403
    assert sql_dono("SELECT count(*) AS n FROM financeiro.arquivos_cnab WHERE empresa_id = %s",
                    (cad.empresa_id,))[0]["n"] == 0


def test_a_layout_the_bank_does_not_take(cliente, cad, sql_dono):
    completar_cliente(sql_dono, cad)
    conta = configurar(sql_dono, cad, banco="748", carteira="1", convenio="12345", posto="02", agencia="0100")
    corpo = gerar(cliente, conta, [lancamento(cliente, cad)], status=400, layout="CNAB400")
    assert "CNAB240" in corpo["campos"]["layout"]


def test_a_registered_titulo_cannot_enter_again_but_can_be_dropped_or_rescheduled(cliente, cad, conta, sql_dono):
    receita = lancamento(cliente, cad)
    gerar(cliente, conta, [receita])
    assert "não tem título registrado" in gerar(cliente, conta, [receita], instrucao="BAIXA",
                                                status=400)["campos"]["lancamento_ids.0"]
    sql_dono("UPDATE financeiro.titulos SET situacao = 'REGISTRADO' WHERE empresa_id = %s", (cad.empresa_id,))
    de_novo = gerar(cliente, conta, [receita], status=400)
    assert "já está registrado no banco" in de_novo["campos"]["lancamento_ids.0"]

    assert cliente.put(f"/api/lancamentos/{receita}", json={"data_vencimento": "2027-03-15"}).status_code == 200
    alteracao = gerar(cliente, conta, [receita], instrucao="ALTERACAO_VENCIMENTO")
    texto = arquivo(cliente, alteracao["id"])
    assert "15032027" in texto
    assert titulos(sql_dono, cad.empresa_id)[0]["vencimento"].isoformat() == "2027-03-15"
    linhas = cliente.get(f"/api/remessas/{alteracao['id']}/linhas").get_json()["items"]
    assert any(linha["acao"] and linha["acao"].startswith("Alteração de vencimento do título") and
               linha["acao"].endswith("vencimento 15/03/2027") for linha in linhas)

    baixa = gerar(cliente, conta, [receita], instrucao="BAIXA")
    arquivo(cliente, baixa["id"])
    assert [linha["acao"] for linha in cliente.get(f"/api/remessas/{baixa['id']}/linhas").get_json()["items"]
            if linha["acao"]][0].startswith("Pedido de baixa do título")
    assert [t["sequencia"] for t in titulos(sql_dono, cad.empresa_id)] == [1]  # one título, one number
    nsas = sql_dono("SELECT nsa FROM financeiro.arquivos_cnab WHERE empresa_id = %s ORDER BY id", (cad.empresa_id,))
    assert [a["nsa"] for a in nsas] == [1, 2, 3]


def test_the_settings_starting_point_is_honoured_above_the_drawn_numbers(cliente, cad, conta, sql_dono):
    gerar(cliente, conta, [lancamento(cliente, cad)])
    sql_dono("UPDATE cadastros.contas_cobranca SET proximo_nosso_numero = 500, proximo_nsa = 40 WHERE empresa_id = %s",
             (cad.empresa_id,), empresa_id=cad.empresa_id)
    feito = gerar(cliente, conta, [lancamento(cliente, cad), lancamento(cliente, cad)])
    assert [t["sequencia"] for t in titulos(sql_dono, cad.empresa_id)] == [1, 500, 501]
    assert feito["nsa"] == 40
    sql_dono("UPDATE cadastros.contas_cobranca SET proximo_nosso_numero = 2 WHERE empresa_id = %s",
             (cad.empresa_id,), empresa_id=cad.empresa_id)  # lowered below what was drawn: never reused
    gerar(cliente, conta, [lancamento(cliente, cad)])
    assert [t["sequencia"] for t in titulos(sql_dono, cad.empresa_id)][-1] == 502


def test_two_remessas_at_once_never_share_a_nosso_numero_or_an_nsa(cliente, cad, conta, sql_dono, como):
    lotes = [[lancamento(cliente, cad) for _ in range(5)] for _ in range(4)]
    respostas = []

    def enviar(ids):
        respostas.append(como(cad.empresa_id).post("/api/remessas/gerar", json={"conta_id": conta,
                                                                                "lancamento_ids": ids}))

    threads = [threading.Thread(target=enviar, args=(ids,)) for ids in lotes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [r.status_code for r in respostas] == [201] * 4
    assert sorted(r.get_json()["nsa"] for r in respostas) == [1, 2, 3, 4]
    assert sorted(t["sequencia"] for t in titulos(sql_dono, cad.empresa_id)) == list(range(1, 21))


def test_ten_thousand_titulos_make_one_file_with_a_line_stored_for_each(cliente, cad, conta, sql_dono):
    # How fast is bench part 11's (python -m bench --so-cobranca), not an assertion here.
    ids = receitas_em_massa(sql_dono, cad, conta, 10000)
    feito = gerar(cliente, conta, ids)
    assert feito["quantidade"] == 10000
    texto = arquivo(cliente, feito["id"])
    assert len(texto.split("\r\n")) - 1 == sql_dono(
        "SELECT count(*) AS n FROM financeiro.arquivo_linhas WHERE empresa_id = %s", (cad.empresa_id,))[0]["n"]
    assert gerar(cliente, conta, ids + [ids[0] + 10**9], status=400)["campos"]["lancamento_ids"]


def test_the_file_log_lists_filters_and_pages(cliente, cad, conta, como, nova_empresa):
    primeiro = gerar(cliente, conta, [lancamento(cliente, cad)])
    segundo = gerar(cliente, conta, [lancamento(cliente, cad)])
    lista = cliente.get("/api/remessas?limit=1").get_json()
    assert [a["id"] for a in lista["items"]] == [segundo["id"]] and lista["next_cursor"]
    seguinte = cliente.get(f"/api/remessas?limit=1&cursor={lista['next_cursor']}").get_json()
    assert [a["id"] for a in seguinte["items"]] == [primeiro["id"]]
    assert seguinte["items"][0]["conta_nome"] == "Itaú"
    assert cliente.get("/api/remessas?direcao=RETORNO").get_json()["items"] == []
    assert len(cliente.get(f"/api/remessas?finalidade=COBRANCA&conta_id={conta}").get_json()["items"]) == 2
    assert cliente.get("/api/remessas?direcao=OUTRA").status_code == 400
    baixado = cliente.get(f"/api/remessas/{primeiro['id']}/arquivo")
    assert baixado.headers["Content-Type"] == "text/plain; charset=us-ascii"
    assert baixado.headers["Content-Disposition"] == f'attachment; filename="{primeiro["nome_arquivo"]}"'
    linhas = cliente.get(f"/api/remessas/{primeiro['id']}/linhas?limit=2").get_json()
    assert [linha["numero"] for linha in linhas["items"]] == [1, 2] and linhas["next_cursor"]
    mais = cliente.get(f"/api/remessas/{primeiro['id']}/linhas?limit=2&cursor={linhas['next_cursor']}").get_json()
    assert mais["items"][0]["numero"] == 3
    outra = como(nova_empresa())
    for caminho in ("", "/linhas", "/arquivo"):
        assert outra.get(f"/api/remessas/{primeiro['id']}{caminho}").status_code == 404
    assert outra.get("/api/remessas").get_json()["items"] == []
    assert como(cad.empresa_id, perms=["financeiro:ler"]).get(f"/api/remessas/{primeiro['id']}").status_code == 200


def test_a_rejected_titulo_enters_again_with_its_number(cliente, cad, conta, sql_dono):
    receita = lancamento(cliente, cad)
    gerar(cliente, conta, [receita])
    sql_dono("UPDATE financeiro.titulos SET situacao = 'REJEITADO', motivo = 'CEP inválido' WHERE empresa_id = %s",
             (cad.empresa_id,))
    assert cliente.put(f"/api/lancamentos/{receita}", json={"valor": "180.00"}).status_code == 200
    feito = gerar(cliente, conta, [receita])
    arquivo(cliente, feito["id"])
    [titulo] = sql_dono("SELECT sequencia, situacao, motivo, valor FROM financeiro.titulos WHERE empresa_id = %s",
                        (cad.empresa_id,))
    assert (titulo["sequencia"], titulo["situacao"], titulo["motivo"], str(titulo["valor"])) == (1, "EMITIDO", None,
                                                                                               "180.00")
