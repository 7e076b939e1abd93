"""A fornecedor's payment data (bank account and PIX key) on /api/fornecedores; clientes have none."""
import io

import pytest

CAMPOS = ("banco", "agencia", "conta_bancaria", "tipo_conta_bancaria", "chave_pix", "tipo_chave_pix")
CONTA = {"banco": "237", "agencia": "1234-5", "conta_bancaria": "987654-3"}


def criar(cliente, **campos):
    return cliente.post("/api/fornecedores", json={"nome": "Fotolab Digital", **campos})


def test_cria_le_e_altera_os_dados_de_pagamento(cliente):
    criado = criar(cliente, **CONTA, chave_pix="Pedidos@Fotolab.com.br")

    assert criado.status_code == 201, criado.get_json()
    fornecedor = criado.get_json()
    assert {c: fornecedor[c] for c in CAMPOS} == {**CONTA, "tipo_conta_bancaria": "CORRENTE",
                                                  "chave_pix": "pedidos@fotolab.com.br", "tipo_chave_pix": "EMAIL"}
    caminho = f"/api/fornecedores/{fornecedor['id']}"
    assert cliente.get(caminho).get_json() == fornecedor
    assert fornecedor["banco_nome"] == "Banco Bradesco S.A."
    assert [f["banco"] for f in cliente.get("/api/fornecedores").get_json()["items"]] == ["237"]

    # A PUT changes what it sends: the PIX key alone, or the account's kind alone.
    alterado = cliente.put(caminho, json={"chave_pix": "+55 11 98765-4321", "tipo_conta_bancaria": "POUPANCA"})
    assert alterado.status_code == 200, alterado.get_json()
    assert {c: alterado.get_json()[c] for c in CAMPOS} == {**CONTA, "tipo_conta_bancaria": "POUPANCA",
                                                           "chave_pix": "+5511987654321", "tipo_chave_pix": "TELEFONE"}
    sem_conta = cliente.put(caminho, json={"banco": None, "agencia": "", "conta_bancaria": None,
                                           "tipo_conta_bancaria": None})
    assert sem_conta.status_code == 200, sem_conta.get_json()
    assert [sem_conta.get_json()[c] for c in CAMPOS] == [None, None, None, None, "+5511987654321", "TELEFONE"]


def test_so_a_chave_pix_basta(cliente):
    criado = criar(cliente, chave_pix="123e4567-e89b-12d3-a456-426614174000")

    assert criado.status_code == 201
    assert (criado.get_json()["banco"], criado.get_json()["tipo_chave_pix"]) == (None, "ALEATORIA")


def test_a_alteracao_e_auditada(cliente, empresa, sql_dono):
    fornecedor = criar(cliente).get_json()
    cliente.put(f"/api/fornecedores/{fornecedor['id']}", json=CONTA)

    (auditoria,) = sql_dono("""SELECT antes, depois FROM plataforma.auditoria
                               WHERE empresa_id = %s AND entidade = 'fornecedor' AND acao = 'alterar'""", (empresa,))
    assert (auditoria["antes"]["banco"], auditoria["depois"]["banco"]) == (None, "237")
    assert auditoria["depois"]["tipo_conta_bancaria"] == "CORRENTE"


@pytest.mark.parametrize("campos, erros", [
    ({"banco": "237"}, {"agencia": "Informe a agência também: banco, agência e conta vão juntos",
                        "conta_bancaria": "Informe a conta também: banco, agência e conta vão juntos"}),
    ({"agencia": "1234", "conta_bancaria": "1"}, {"banco": "Informe o banco também: banco, agência e conta vão juntos"}),
    ({"tipo_conta_bancaria": "CORRENTE"}, {"tipo_conta_bancaria": "Informe o banco, a agência e a conta deste tipo de conta"}),
    ({**CONTA, "banco": "999"}, {"banco": "Banco desconhecido: use o código de 3 dígitos da lista de bancos (GET /api/bancos)"}),
    ({**CONTA, "agencia": "12a"}, {"agencia": "Use só dígitos, com o dígito verificador depois do hífen, como 1234-5"}),
    ({**CONTA, "tipo_conta_bancaria": "SALARIO"}, None),
    ({"chave_pix": "qualquer coisa"}, {"chave_pix": "Chave PIX inválida: use CPF, CNPJ, e-mail, celular com +55 e DDD "
                                                    "ou chave aleatória"}),
    ({"chave_pix": "11.222.333/0001-80"}, {"chave_pix": "Chave PIX: CNPJ inválido: confira os dígitos"}),
    ({"chave_pix": "pedidos@fotolab", "tipo_chave_pix": "EMAIL"},
     {"chave_pix": "Chave PIX do tipo e-mail inválida; use o formato nome@empresa.com.br"}),
    ({"chave_pix": "pedidos@fotolab.com.br", "tipo_chave_pix": "ALEATORIA"},
     {"chave_pix": "Chave PIX aleatória: use as 32 letras e dígitos com hífens, como "
                   "123e4567-e89b-12d3-a456-426614174000"}),
    ({"tipo_chave_pix": "CPF"}, {"chave_pix": "Informe a chave PIX do tipo indicado, ou deixe o tipo em branco"}),
])
def test_dados_de_pagamento_invalidos(cliente, campos, erros):
    resposta = criar(cliente, **campos)

    assert resposta.status_code == 400
    if erros is None:
        assert list(resposta.get_json()["campos"]) == list(set(campos) - set(CONTA))
    else:
        assert resposta.get_json()["campos"] == erros
    assert cliente.get("/api/fornecedores").get_json()["items"] == []


def test_a_alteracao_confere_a_conta_com_o_que_ja_esta_guardado(cliente):
    fornecedor = criar(cliente, **CONTA).get_json()

    resposta = cliente.put(f"/api/fornecedores/{fornecedor['id']}", json={"agencia": None})

    assert resposta.status_code == 400
    assert resposta.get_json()["campos"] == {"agencia": "Informe a agência também: banco, agência e conta vão juntos"}


def test_clientes_nao_tem_dados_de_pagamento(cliente):
    resposta = cliente.post("/api/clientes", json={"nome": "Ana", "chave_pix": "ana@exemplo.com.br"})

    assert resposta.status_code == 400
    assert resposta.get_json()["campos"] == {"chave_pix": "Campo desconhecido"}
    criado = cliente.post("/api/clientes", json={"nome": "Ana"}).get_json()
    assert not set(CAMPOS) & set(criado)


def test_fornecedor_de_outra_empresa_e_404(cliente, como, nova_empresa):
    fornecedor = criar(cliente, **CONTA).get_json()

    resposta = como(nova_empresa()).put(f"/api/fornecedores/{fornecedor['id']}", json={"chave_pix": "a@b.com.br"})

    assert resposta.status_code == 404
    assert cliente.get(f"/api/fornecedores/{fornecedor['id']}").get_json()["chave_pix"] is None


def test_a_importacao_de_fornecedores_deixa_os_dados_de_pagamento_vazios(cliente):
    csv = "nome;cpf_cnpj\nLocadora Luz;\n".encode()

    resposta = cliente.post("/api/fornecedores/importar", data={"arquivo": (io.BytesIO(csv), "f.csv")},
                            content_type="multipart/form-data")

    assert resposta.status_code == 201, resposta.get_json()
    [importado] = cliente.get("/api/fornecedores").get_json()["items"]
    assert [importado[c] for c in CAMPOS] == [None] * len(CAMPOS)
