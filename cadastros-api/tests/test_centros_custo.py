"""/api/centros-custo: an empresa's centros de custo, unique by name and code, deactivated rather
than deleted while financeiro's rateios use them."""
import json

import pytest
import redis

from shared.eventos import chave_geracao


def criar(cliente, **campos) -> dict:
    resposta = cliente.post("/api/centros-custo", json={"nome": "Casamentos", **campos})
    assert resposta.status_code == 201, resposta.get_json()
    return resposta.get_json()


def todos(cliente, **filtros) -> list[dict]:
    """Every page of the listing."""
    itens, proximo = [], None
    while True:
        resposta = cliente.get("/api/centros-custo",
                               query_string={**filtros, **({"cursor": proximo} if proximo else {})})
        assert resposta.status_code == 200, resposta.get_json()
        itens += resposta.get_json()["items"]
        proximo = resposta.get_json()["next_cursor"]
        if proximo is None:
            return itens


# ---------------------------------------------------------------- the happy paths


def test_crud_completo(cliente):
    centro = criar(cliente, nome="Casamentos", codigo="CC-01")
    assert {k: v for k, v in centro.items() if k not in ("id", "criado_em", "atualizado_em")} == {
        "nome": "Casamentos", "codigo": "CC-01", "ativo": True, "origem": None, "chave_origem": None}
    assert cliente.get(f"/api/centros-custo/{centro['id']}").get_json() == centro
    assert todos(cliente) == [centro]

    alterado = cliente.put(f"/api/centros-custo/{centro['id']}", json={"nome": "Casamentos e noivados"})
    assert alterado.status_code == 200
    assert (alterado.get_json()["nome"], alterado.get_json()["codigo"]) == ("Casamentos e noivados", "CC-01")
    sem_codigo = cliente.put(f"/api/centros-custo/{centro['id']}", json={"codigo": ""}).get_json()
    assert sem_codigo["codigo"] is None
    desativado = cliente.put(f"/api/centros-custo/{centro['id']}", json={"ativo": False}).get_json()
    assert desativado["ativo"] is False

    assert cliente.delete(f"/api/centros-custo/{centro['id']}").status_code == 204
    assert cliente.get(f"/api/centros-custo/{centro['id']}").status_code == 404
    assert cliente.delete(f"/api/centros-custo/{centro['id']}").status_code == 404


def test_listagem_por_nome_pagina_filtra_e_busca(cliente):
    for nome, codigo in (("Formaturas", "CC03"), ("Ensaios", None), ("Estúdio (estrutura)", "CC90"),
                         ("casamentos", "CC01")):
        criar(cliente, nome=nome, codigo=codigo)
    inativo = criar(cliente, nome="Cursos")
    cliente.put(f"/api/centros-custo/{inativo['id']}", json={"ativo": False})

    assert [c["nome"] for c in todos(cliente, limit=2)] == sorted(
        ["Formaturas", "Ensaios", "Estúdio (estrutura)", "casamentos", "Cursos"])
    assert [c["nome"] for c in todos(cliente, ativo="false")] == ["Cursos"]
    assert len(todos(cliente, ativo="true")) == 4
    assert [c["nome"] for c in todos(cliente, q="ESTUDIO")] == ["Estúdio (estrutura)"]
    assert [c["nome"] for c in todos(cliente, q="cc03")] == ["Formaturas"]
    assert todos(cliente, q="%") == []


# ---------------------------------------------------------------- validation and conflicts


@pytest.mark.parametrize("corpo, campo, mensagem", [
    ({"nome": ""}, "nome", "Deve ter pelo menos 1 caractere(s)"),
    ({"nome": "x" * 101}, "nome", "Deve ter no máximo 100 caracteres"),
    ({"nome": 7}, "nome", "Deve ser um texto"),
    ({"nome": "A", "codigo": "x" * 21}, "codigo", "Deve ter no máximo 20 caracteres"),
    ({"nome": "A", "ativo": "talvez"}, "ativo", "Deve ser verdadeiro ou falso"),
    ({"nome": "A", "origem": "evento"}, "origem", "Campo desconhecido"),
    ({}, "nome", "Campo obrigatório"),
])
def test_validacao_nomeia_o_campo(cliente, corpo, campo, mensagem):
    resposta = cliente.post("/api/centros-custo", json=corpo)

    assert resposta.status_code == 400
    assert resposta.get_json()["campos"] == {campo: mensagem}


@pytest.mark.parametrize("campo", ["nome", "ativo"])
def test_alteracao_nao_aceita_nulo_onde_o_valor_e_obrigatorio(cliente, campo):
    centro = criar(cliente)

    resposta = cliente.put(f"/api/centros-custo/{centro['id']}", json={campo: None})

    assert resposta.status_code == 400
    assert resposta.get_json()["campos"] == {campo: "Não pode ser nulo; omita o campo para manter o valor atual"}


def test_nome_e_codigo_unicos_na_empresa(cliente, como, nova_empresa):
    criar(cliente, nome="Estúdio", codigo="CC90")
    outro = criar(cliente, nome="Ensaios", codigo="CC02")

    nome_repetido = cliente.post("/api/centros-custo", json={"nome": "ESTUDIO"})
    renomear = cliente.put(f"/api/centros-custo/{outro['id']}", json={"nome": "estúdio"})
    codigo_repetido = cliente.post("/api/centros-custo", json={"nome": "Outro", "codigo": "CC90"})

    for resposta, campo in ((nome_repetido, "nome"), (renomear, "nome"), (codigo_repetido, "codigo")):
        assert resposta.status_code == 409
        assert resposta.get_json()["code"] == "conflito" and list(resposta.get_json()["campos"]) == [campo]
    assert criar(cliente, nome="Sem código 1")["codigo"] is None
    assert criar(cliente, nome="Sem código 2")["codigo"] is None  # many without a code
    assert criar(como(nova_empresa()), nome="Estúdio", codigo="CC90")["nome"] == "Estúdio"  # another empresa's


def test_em_uso_num_rateio_nao_e_excluido(cliente, sql_dono, empresa):
    """financeiro.rateios (financeiro-api's migration 0009) references the centro: 409, nothing changes,
    and deactivating it is the way out."""
    centro = criar(cliente)
    conta = cliente.post("/api/contas", json={"nome": "Caixa", "tipo": "CAIXA"}).get_json()
    categoria = cliente.post("/api/categorias", json={"nome": "Casamentos", "tipo": "RECEITA"}).get_json()
    (lancamento,) = sql_dono(
        """INSERT INTO financeiro.lancamentos (empresa_id, tipo, descricao, valor, data_vencimento, competencia,
                                               categoria_id, conta_id)
           VALUES (%s, 'RECEITA', 'Casamento', 100, '2026-01-10', '2026-01-01', %s, %s) RETURNING id""",
        (empresa, categoria["id"], conta["id"]), empresa_id=empresa)
    sql_dono("INSERT INTO financeiro.rateios (empresa_id, lancamento_id, centro_custo_id, valor) VALUES (%s, %s, %s, 100)",
             (empresa, lancamento["id"], centro["id"]), empresa_id=empresa)

    resposta = cliente.delete(f"/api/centros-custo/{centro['id']}")

    assert resposta.status_code == 409
    assert resposta.get_json() == {
        "error": "Este centro de custo está em uso em lançamentos; desative-o para que não apareça mais nas escolhas",
        "code": "conflito"}
    assert cliente.get(f"/api/centros-custo/{centro['id']}").get_json() == centro
    assert cliente.put(f"/api/centros-custo/{centro['id']}", json={"ativo": False}).status_code == 200


# ---------------------------------------------------------------- tenancy, permissions, audit, events


def test_centro_de_outra_empresa_nao_existe(cliente, como, nova_empresa):
    centro = criar(cliente)
    intrusa = como(nova_empresa())
    caminho = f"/api/centros-custo/{centro['id']}"

    assert intrusa.get(caminho).status_code == 404
    assert intrusa.put(caminho, json={"nome": "Meu"}).status_code == 404
    assert intrusa.delete(caminho).status_code == 404
    assert todos(intrusa) == []
    assert cliente.get(caminho).get_json() == centro


def test_permissoes(como, empresa):
    centro = criar(como(empresa))
    leitor, financeiro = como(empresa, perms=("cadastros:ler",)), como(empresa, perms=("financeiro:escrever",))
    estranho = como(empresa, perms=("rh:escrever",))

    for quem in (leitor, financeiro):  # financeiro picks a centro for its lançamentos
        assert quem.get("/api/centros-custo").status_code == 200
        assert quem.get(f"/api/centros-custo/{centro['id']}").status_code == 200
        for resposta in (quem.post("/api/centros-custo", json={"nome": "X"}),
                         quem.put(f"/api/centros-custo/{centro['id']}", json={}),
                         quem.delete(f"/api/centros-custo/{centro['id']}")):
            assert resposta.status_code == 403
    assert estranho.get("/api/centros-custo").status_code == 403


def test_escritas_sao_auditadas_e_publicam_evento(como, empresa, sql_dono, redis_url):
    cliente = como(empresa, usuario_id=42)
    with redis.Redis.from_url(redis_url) as r, r.pubsub() as assinatura:
        assinatura.subscribe(f"erp:eventos:{empresa}")
        assinatura.get_message(timeout=1)  # the subscription's confirmation
        antes = int(r.get(chave_geracao(empresa, "cadastros")) or 0)
        centro = criar(cliente, nome="Auditado")
        cliente.put(f"/api/centros-custo/{centro['id']}", json={"nome": "Auditado"})  # no change: nothing
        cliente.put(f"/api/centros-custo/{centro['id']}", json={"ativo": False})
        cliente.delete(f"/api/centros-custo/{centro['id']}")
        assert int(r.get(chave_geracao(empresa, "cadastros"))) == antes + 3
        mensagens = [json.loads(assinatura.get_message(timeout=2)["data"]) for _ in range(3)]

    assert [(m["tipo"], m["dados"]) for m in mensagens] == [
        ("cadastros.centro_custo.alterado", {"id": centro["id"], "acao": acao}) for acao in ("criada", "alterada",
                                                                                           "excluida")]
    registros = sql_dono("""SELECT acao, entidade, usuario_id, antes, depois FROM plataforma.auditoria
                            WHERE empresa_id = %s AND entidade = 'centro_custo' ORDER BY id""", (empresa,))
    assert [(r["acao"], r["usuario_id"]) for r in registros] == [("criar", 42), ("alterar", 42), ("excluir", 42)]
    assert (registros[1]["antes"]["ativo"], registros[1]["depois"]["ativo"]) == (True, False)


def test_origem_de_um_centro_criado_por_um_modulo_e_so_leitura(cliente, sql_dono, empresa):
    (linha,) = sql_dono("""INSERT INTO cadastros.centros_custo (empresa_id, nome, nome_busca, origem)
                           VALUES (%s, 'Casamento Ana e Rui', 'casamento ana e rui', 'evento') RETURNING id""",
                        (empresa,), empresa_id=empresa)

    alterado = cliente.put(f"/api/centros-custo/{linha['id']}", json={"codigo": "EV-7"}).get_json()

    assert (alterado["origem"], alterado["codigo"]) == ("evento", "EV-7")
    assert cliente.put(f"/api/centros-custo/{linha['id']}", json={"origem": None}).status_code == 400


@pytest.mark.parametrize("corpo", [b"{nome: 1}", b"[]", b'"x"', b"\xff", b'{"nome": {"a": 1}}'])
def test_lixo_no_corpo_nunca_da_500(cliente, corpo):
    centro = criar(cliente)
    for resposta in (cliente.post("/api/centros-custo", data=corpo, content_type="application/json"),
                     cliente.put(f"/api/centros-custo/{centro['id']}", data=corpo, content_type="application/json")):
        assert resposta.status_code == 400, resposta.get_json()
