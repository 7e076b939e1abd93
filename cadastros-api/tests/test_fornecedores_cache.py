"""A fornecedor's cachê setting (cache_valor, cache_rpa) on /api/fornecedores and in the read
contract cadastros.v_fornecedores, which rh-api reads to pay an evento's freelancers."""
import io

CPF = "529.982.247-25"


def criar(cliente, **campos):
    return cliente.post("/api/fornecedores", json={"nome": "Carla Souza", **campos})


def test_cria_e_altera_o_cache_de_um_autonomo(cliente):
    criado = criar(cliente, cpf_cnpj=CPF, cache_valor="800.00", cache_rpa=True)

    assert criado.status_code == 201, criado.get_json()
    fornecedor = criado.get_json()
    assert (fornecedor["cache_valor"], fornecedor["cache_rpa"]) == ("800.00", True)
    caminho = f"/api/fornecedores/{fornecedor['id']}"
    # A PUT without the cachê fields keeps them.
    assert cliente.put(caminho, json={"email": "carla@exemplo.com.br"}).get_json()["cache_rpa"] is True
    alterado = cliente.put(caminho, json={"cache_valor": None, "cache_rpa": False})
    assert alterado.status_code == 200, alterado.get_json()
    assert (alterado.get_json()["cache_valor"], alterado.get_json()["cache_rpa"]) == (None, False)


def test_sem_nada_nao_e_autonomo(cliente):
    fornecedor = criar(cliente).get_json()
    assert (fornecedor["cache_valor"], fornecedor["cache_rpa"]) == (None, False)


def test_rpa_so_para_pessoa_fisica_com_cpf(cliente):
    sem_cpf = criar(cliente, cache_rpa=True)
    empresa = criar(cliente, cpf_cnpj="11.222.333/0001-81", cache_rpa=True)
    negativo = criar(cliente, cpf_cnpj=CPF, cache_valor="-1.00")

    mensagem = "Autônomo (RPA) só para pessoa física com CPF informado"
    assert sem_cpf.status_code == 400 and sem_cpf.get_json()["campos"] == {"cache_rpa": mensagem}
    assert empresa.status_code == 400 and empresa.get_json()["campos"] == {"cache_rpa": mensagem}
    assert negativo.status_code == 400 and set(negativo.get_json()["campos"]) == {"cache_valor"}
    # Removing the CPF of an autônomo is refused the same way.
    autonomo = criar(cliente, cpf_cnpj=CPF, cache_rpa=True).get_json()
    sem_documento = cliente.put(f"/api/fornecedores/{autonomo['id']}", json={"cpf_cnpj": None})
    assert sem_documento.status_code == 400 and "cache_rpa" in sem_documento.get_json()["campos"]


def test_a_importacao_csv_grava_sem_cache(cliente):
    csv = "nome;cpf_cnpj\nDaniel Prado;111.444.777-35\n".encode()
    resposta = cliente.post("/api/fornecedores/importar", data={"arquivo": (io.BytesIO(csv), "f.csv")},
                            content_type="multipart/form-data")
    assert resposta.status_code == 201, resposta.get_json()
    (fornecedor,) = cliente.get("/api/fornecedores").get_json()["items"]
    assert (fornecedor["cache_valor"], fornecedor["cache_rpa"]) == (None, False)


def test_contrato_de_leitura_e_por_empresa(app, como, nova_empresa):
    uma, outra = nova_empresa(), nova_empresa()
    fornecedor = criar(como(uma), cpf_cnpj=CPF, cache_valor="650.00", cache_rpa=True).get_json()

    # As the app role, with no WHERE: each empresa reads its own rows only (RLS).
    db = app.extensions["erp"].db
    with db.transacao(uma) as cur:
        cur.execute("SELECT id, cache_valor, cache_rpa FROM cadastros.v_fornecedores")
        assert [(l["id"], str(l["cache_valor"]), l["cache_rpa"]) for l in cur.fetchall()] == [
            (fornecedor["id"], "650.00", True)]
    with db.transacao(outra) as cur:
        cur.execute("SELECT id FROM cadastros.v_fornecedores")
        assert cur.fetchall() == []
    assert como(outra).get(f"/api/fornecedores/{fornecedor['id']}").status_code == 404
    assert como(outra).put(f"/api/fornecedores/{fornecedor['id']}", json={"cache_rpa": False}).status_code == 404
