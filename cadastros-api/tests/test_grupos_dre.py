"""The DRE group of each categoria (`grupo_dre`, migrations/0006): a default for every category however
it is created, editable through the API within its tipo, exposed in the reads and in v_categorias."""
import psycopg2
import pytest

from cadastros.categorias import GRUPOS_DRE


def nova(cliente, nome, tipo="DESPESA", parent_id=None, **campos) -> dict:
    resposta = cliente.post("/api/categorias", json={"nome": nome, "tipo": tipo, "parent_id": parent_id, **campos})
    assert resposta.status_code == 201, resposta.get_json()
    return resposta.get_json()


@pytest.mark.parametrize("nome, tipo, grupo", [
    ("Casamentos", "RECEITA", "receita_bruta"),
    ("Rendimentos da poupança", "RECEITA", "receitas_financeiras"),
    ("Juros recebidos", "RECEITA", "receitas_financeiras"),
    ("Outras receitas", "RECEITA", "outras_receitas"),
    ("Aporte dos sócios", "RECEITA", "nao_operacional"),
    ("Empréstimo bancário", "RECEITA", "nao_operacional"),
    ("Aluguel", "DESPESA", "despesas_operacionais"),
    ("Comissões de venda", "DESPESA", "despesas_operacionais"),  # "iss" inside a word is not ISS
    ("Impostos", "DESPESA", "deducoes"),
    ("Simples Nacional", "DESPESA", "deducoes"),
    ("DAS", "DESPESA", "deducoes"),
    ("ISS", "DESPESA", "deducoes"),
    ("Tarifas bancárias", "DESPESA", "despesas_financeiras"),
    ("Taxas de cartão", "DESPESA", "despesas_financeiras"),
    ("Juros e multas", "DESPESA", "despesas_financeiras"),
    ("Freelancers", "DESPESA", "custos_servicos"),
    ("Laboratório", "DESPESA", "custos_servicos"),
    ("Retiradas dos sócios", "DESPESA", "nao_operacional"),
    ("Distribuição de lucros", "DESPESA", "nao_operacional"),
    ("Transferência entre contas", "DESPESA", "nao_operacional"),
    ("Pró-labore", "DESPESA", "despesas_operacionais"),
    ("Outras despesas", "DESPESA", "outras_despesas"),
])
def test_uma_categoria_nova_ganha_o_grupo_que_o_nome_diz_ou_o_do_tipo(cliente, nome, tipo, grupo):
    categoria = nova(cliente, nome, tipo)

    assert categoria["grupo_dre"] == grupo
    assert grupo in GRUPOS_DRE[tipo]


def test_a_subcategoria_herda_o_grupo_da_mae_salvo_se_o_nome_disser_outro(cliente):
    retiradas = nova(cliente, "Retiradas")
    assert nova(cliente, "Sócio A", parent_id=retiradas["id"])["grupo_dre"] == "nao_operacional"
    assert nova(cliente, "Pró-labore", parent_id=retiradas["id"])["grupo_dre"] == "despesas_operacionais"
    equipe = nova(cliente, "Equipe dos eventos", grupo_dre="custos_servicos")
    assert nova(cliente, "Maquiadora", parent_id=equipe["id"])["grupo_dre"] == "custos_servicos"


def test_uma_insercao_direta_tambem_ganha_o_padrao(cliente, sql_dono, empresa):
    """Other services' fixtures and the bench insert categorias with SQL, as the rows that existed
    before the column did: the database gives them the same default."""
    (mae,) = sql_dono("""INSERT INTO cadastros.categorias (empresa_id, nome, nome_busca, tipo, ordem)
                         VALUES (%s, 'Impostos', 'impostos', 'DESPESA', 0) RETURNING id, grupo_dre""",
                      (empresa,), empresa_id=empresa)
    (filha,) = sql_dono("""INSERT INTO cadastros.categorias (empresa_id, nome, nome_busca, tipo, parent_id, ordem)
                           VALUES (%s, 'Municipais', 'municipais', 'DESPESA', %s, 0) RETURNING grupo_dre""",
                        (empresa, mae["id"]), empresa_id=empresa)

    assert (mae["grupo_dre"], filha["grupo_dre"]) == ("deducoes", "deducoes")


def test_o_admin_muda_o_grupo_dentro_do_tipo(cliente, sql_dono, empresa):
    receita = nova(cliente, "Venda de equipamento usado", "RECEITA")
    despesa = nova(cliente, "Deslocamento")
    filha = nova(cliente, "Combustível", parent_id=despesa["id"])

    mudada = cliente.put(f"/api/categorias/{receita['id']}", json={"grupo_dre": "outras_receitas"})
    assert mudada.status_code == 200 and mudada.get_json()["grupo_dre"] == "outras_receitas"
    cliente.put(f"/api/categorias/{despesa['id']}", json={"grupo_dre": "custos_servicos"})
    assert cliente.get(f"/api/categorias/{despesa['id']}").get_json()["grupo_dre"] == "custos_servicos"
    assert cliente.get(f"/api/categorias/{filha['id']}").get_json()["grupo_dre"] == "despesas_operacionais"
    arvore = cliente.get("/api/categorias/arvore").get_json()["items"]
    assert {c["nome"]: c["grupo_dre"] for c in arvore}["Deslocamento"] == "custos_servicos"

    auditoria = sql_dono("""SELECT antes, depois FROM plataforma.auditoria WHERE empresa_id = %s
                             AND entidade = 'categoria' AND acao = 'alterar' AND entidade_id = %s""",
                         (empresa, str(receita["id"])))
    assert [(a["antes"]["grupo_dre"], a["depois"]["grupo_dre"]) for a in auditoria] == [
        ("receita_bruta", "outras_receitas")]


@pytest.mark.parametrize("tipo, grupo", [("RECEITA", "deducoes"), ("RECEITA", "despesas_operacionais"),
                                         ("DESPESA", "receita_bruta"), ("DESPESA", "outras_receitas")])
def test_grupo_de_outro_tipo_da_400(cliente, tipo, grupo):
    categoria = nova(cliente, "Qualquer", tipo)

    for resposta in (cliente.put(f"/api/categorias/{categoria['id']}", json={"grupo_dre": grupo}),
                     cliente.post("/api/categorias", json={"nome": "Outra", "tipo": tipo, "grupo_dre": grupo})):
        assert resposta.status_code == 400
        assert list(resposta.get_json()["campos"]) == ["grupo_dre"]
    assert cliente.get(f"/api/categorias/{categoria['id']}").get_json()["grupo_dre"] == categoria["grupo_dre"]


@pytest.mark.parametrize("valor", ["lucro", "", 3, None])
def test_grupo_desconhecido_da_400(cliente, valor):
    categoria = nova(cliente, "Qualquer")

    resposta = cliente.put(f"/api/categorias/{categoria['id']}", json={"grupo_dre": valor})

    if valor is None:  # absent and null mean "keep it"
        assert resposta.status_code == 200 and resposta.get_json()["grupo_dre"] == "despesas_operacionais"
    else:
        assert resposta.status_code == 400 and list(resposta.get_json()["campos"]) == ["grupo_dre"]


def test_o_banco_recusa_grupo_de_outro_tipo(sql_dono, empresa):
    with pytest.raises(psycopg2.errors.CheckViolation):
        sql_dono("""INSERT INTO cadastros.categorias (empresa_id, nome, nome_busca, tipo, ordem, grupo_dre)
                    VALUES (%s, 'X', 'x', 'RECEITA', 0, 'deducoes')""", (empresa,), empresa_id=empresa)


def test_v_categorias_mostra_o_grupo_so_da_empresa(cliente, como, nova_empresa, app, empresa):
    nova(cliente, "Impostos")
    nova(como(nova_empresa()), "Impostos alheios", "RECEITA")

    with app.extensions["erp"].db.transacao(empresa) as cur:
        cur.execute("SELECT nome, grupo_dre FROM cadastros.v_categorias")
        assert cur.fetchall() == [{"nome": "Impostos", "grupo_dre": "deducoes"}]
