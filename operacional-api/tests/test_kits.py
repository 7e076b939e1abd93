"""/api/kits: named sets of the empresa's items (an item may be in several kits), their availability
in a window, and 404 for another empresa's kit everywhere."""
import pytest


def item(cliente, nome: str, **campos) -> int:
    resposta = cliente.post("/api/equipamentos", json={"nome": nome, **campos})
    assert resposta.status_code == 201, resposta.get_json()
    return resposta.get_json()["id"]


def kit(cliente, nome: str, ids: list[int], **campos) -> dict:
    resposta = cliente.post("/api/kits", json={"nome": nome, "equipamento_ids": ids, **campos})
    assert resposta.status_code == 201, resposta.get_json()
    return resposta.get_json()


def sessao(sql_dono, empresa: int, inicio: str, fim: str, titulo: str = "Ensaio") -> int:
    return sql_dono("""INSERT INTO operacional.sessoes (empresa_id, titulo, inicio, fim, uid)
                       VALUES (%s, %s, %s, %s, gen_random_uuid()::text) RETURNING id""",
                    (empresa, titulo, inicio, fim), empresa_id=empresa)[0]["id"]


def test_crud_de_kit(cliente, sql_dono, empresa):
    corpo, lente, flash = item(cliente, "Corpo R6"), item(cliente, "Lente 50mm"), item(cliente, "Flash")
    criado = kit(cliente, "Casamento", [lente, corpo, corpo], descricao="O de sempre")
    assert (criado["nome"], criado["descricao"], criado["equipamento_ids"]) == ("Casamento", "O de sempre",
                                                                               sorted([corpo, lente]))
    assert [i["nome"] for i in criado["itens"]] == ["Corpo R6", "Lente 50mm"]
    assert cliente.get(f"/api/kits/{criado['id']}").get_json() == criado

    outro = kit(cliente, "Ensaio", [corpo])  # an item may be in several kits
    assert [k["nome"] for k in cliente.get("/api/kits", query_string={"limit": 1}).get_json()["items"]] == ["Casamento"]
    segunda = cliente.get("/api/kits", query_string={
        "limit": 1, "cursor": cliente.get("/api/kits", query_string={"limit": 1}).get_json()["next_cursor"]})
    assert [k["id"] for k in segunda.get_json()["items"]] == [outro["id"]]

    alterado = cliente.put(f"/api/kits/{criado['id']}", json={"equipamento_ids": [flash], "descricao": None})
    assert alterado.status_code == 200, alterado.get_json()
    assert (alterado.get_json()["equipamento_ids"], alterado.get_json()["descricao"]) == ([flash], None)
    assert [i["id"] for i in cliente.get("/api/equipamentos", query_string={"kit_id": criado["id"]})
            .get_json()["items"]] == [flash]

    assert cliente.delete(f"/api/kits/{criado['id']}").status_code == 204
    assert cliente.get(f"/api/kits/{criado['id']}").status_code == 404
    eventos = sql_dono("""SELECT acao FROM plataforma.auditoria WHERE empresa_id = %s AND entidade = 'kit'
                          ORDER BY id""", (empresa,))
    assert [e["acao"] for e in eventos] == ["criar", "criar", "alterar", "excluir"]


def test_excluir_item_o_tira_dos_kits(cliente):
    a, b = item(cliente, "A"), item(cliente, "B")
    criado = kit(cliente, "K", [a, b])
    assert cliente.delete(f"/api/equipamentos/{a}").status_code == 204
    assert cliente.get(f"/api/kits/{criado['id']}").get_json()["equipamento_ids"] == [b]


def test_nome_unico(cliente):
    a = item(cliente, "A")
    kit(cliente, "Casamento", [a])
    repetido = cliente.post("/api/kits", json={"nome": "CASAMENTO", "equipamento_ids": [a]})
    assert repetido.status_code == 409
    assert repetido.get_json()["campos"] == {"nome": "Já existe um kit chamado CASAMENTO"}


@pytest.mark.parametrize("corpo, campo, mensagem", [
    ({"equipamento_ids": [1]}, "nome", "Campo obrigatório"),
    ({"nome": "K"}, "equipamento_ids", "Campo obrigatório"),
    ({"nome": "K", "equipamento_ids": []}, "equipamento_ids", "Deve ter pelo menos 1 item(ns)"),
    ({"nome": "K", "equipamento_ids": ["1"]}, "equipamento_ids.0", "Deve ser um número inteiro"),
    ({"nome": "K", "equipamento_ids": [0]}, "equipamento_ids.0", "Deve ser maior ou igual a 1"),
    ({"nome": "", "equipamento_ids": [1]}, "nome", "Deve ter pelo menos 1 caractere(s)"),
])
def test_validacao(cliente, corpo, campo, mensagem):
    resposta = cliente.post("/api/kits", json=corpo)
    assert resposta.status_code == 400
    assert resposta.get_json()["campos"][campo] == mensagem


def test_item_de_outra_empresa_nao_entra_no_kit(cliente, como, nova_empresa):
    alheio = item(como(nova_empresa()), "Dos outros")
    meu = item(cliente, "Meu")
    resposta = cliente.post("/api/kits", json={"nome": "K", "equipamento_ids": [meu, alheio]})
    assert resposta.status_code == 400
    assert resposta.get_json()["campos"] == {"equipamento_ids": f"Equipamento(s) não encontrado(s): {alheio}"}
    criado = kit(cliente, "K", [meu])
    assert cliente.put(f"/api/kits/{criado['id']}", json={"equipamento_ids": [alheio]}).status_code == 400


def test_outra_empresa_nao_ve_nem_usa_o_kit(cliente, como, nova_empresa, sql_dono):
    criado = kit(cliente, "K", [item(cliente, "A")])
    outra = nova_empresa()
    intruso = como(outra)
    sessao_dela = sessao(sql_dono, outra, "2026-12-07T10:00:00-03:00", "2026-12-07T12:00:00-03:00")
    base = f"/api/kits/{criado['id']}"
    assert intruso.get(base).status_code == 404
    assert intruso.put(base, json={"nome": "X"}).status_code == 404
    assert intruso.delete(base).status_code == 404
    assert intruso.get(f"{base}/disponibilidade", query_string={
        "inicio": "2026-12-07T10:00:00-03:00", "fim": "2026-12-07T12:00:00-03:00"}).status_code == 404
    assert intruso.post("/api/kits/alocar", json={"kit_id": criado["id"], "sessao_id": sessao_dela}).status_code == 404
    assert intruso.get("/api/kits").get_json()["items"] == []


def test_disponibilidade_por_item_com_o_que_bloqueia(cliente, sql_dono, empresa):
    a, b, c = item(cliente, "A"), item(cliente, "B"), item(cliente, "C")
    criado = kit(cliente, "K", [a, b, c])
    ocupada = sessao(sql_dono, empresa, "2026-12-07T10:00:00-03:00", "2026-12-07T12:00:00-03:00", "Casamento Ana")
    assert cliente.post("/api/equipamentos/alocar", json={"equipamento_id": a, "sessao_id": ocupada}).status_code == 201
    cliente.post(f"/api/equipamentos/{b}/manutencoes", json={
        "inicio": "2026-12-07T11:00:00-03:00", "fim": "2026-12-07T18:00:00-03:00", "motivo": "Limpeza do sensor"})
    cliente.put(f"/api/equipamentos/{c}", json={"estado": "baixado"})
    janela = {"inicio": "2026-12-07T09:00:00-03:00", "fim": "2026-12-07T11:30:00-03:00"}
    resposta = cliente.get(f"/api/kits/{criado['id']}/disponibilidade", query_string=janela).get_json()
    assert resposta["livre"] is False
    por_nome = {i["nome"]: i for i in resposta["itens"]}
    assert por_nome["A"]["bloqueios"][0]["sessao"] == "Casamento Ana"
    assert por_nome["B"]["bloqueios"][0]["motivo"] == "Limpeza do sensor"
    assert (por_nome["C"]["livre"], por_nome["C"]["bloqueios"]) == (False, [])
    # Touching the end of the sessão is free for A.
    depois = cliente.get(f"/api/kits/{criado['id']}/disponibilidade", query_string={
        "inicio": "2026-12-07T12:00:00-03:00", "fim": "2026-12-07T13:00:00-03:00"}).get_json()
    assert {i["nome"]: i["livre"] for i in depois["itens"]} == {"A": True, "B": False, "C": False}
