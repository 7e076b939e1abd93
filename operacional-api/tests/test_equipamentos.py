"""/api/equipamentos: items with categoria, serial (unique per empresa), value and estado; check-out /
check-in with who has the item; maintenance windows; another empresa's item is 404 everywhere."""
import pytest


def criar(cliente, **campos) -> dict:
    resposta = cliente.post("/api/equipamentos", json={"nome": "Canon R6", **campos})
    assert resposta.status_code == 201, resposta.get_json()
    return resposta.get_json()


def fornecedor(sql_dono, empresa: int, nome: str) -> int:
    """A freelancer of the empresa, written behind cadastros' back: only its id and name matter here."""
    return sql_dono("""INSERT INTO cadastros.fornecedores (empresa_id, nome, nome_busca, tipo_pessoa)
                       VALUES (%s, %s, lower(%s), 'FISICA') RETURNING id""", (empresa, nome, nome),
                    empresa_id=empresa)[0]["id"]


def todos(cliente, **filtros) -> list[dict]:
    itens, proximo = [], None
    while True:
        pagina = {"cursor": proximo} if proximo else {}
        resposta = cliente.get("/api/equipamentos", query_string={**filtros, **pagina})
        assert resposta.status_code == 200, resposta.get_json()
        itens += resposta.get_json()["items"]
        proximo = resposta.get_json()["next_cursor"]
        if proximo is None:
            return itens


def test_contrato_cria_so_com_nome_e_serie(cliente):
    item = criar(cliente, nome="Sony A7 IV", numero_serie="SN-123")
    assert {k: item[k] for k in ("nome", "numero_serie", "categoria", "estado", "valor", "com",
                                 "em_manutencao_agora")} == {
        "nome": "Sony A7 IV", "numero_serie": "SN-123", "categoria": "outro", "estado": "disponivel",
        "valor": None, "com": None, "em_manutencao_agora": False}


def test_crud_completo(cliente, sql_dono, empresa):
    item = criar(cliente, nome="Canon RF 70-200", categoria="lente", marca="Canon", modelo="RF 70-200 f/2.8",
                 numero_serie="ab-77", valor="15999.90", data_aquisicao="2025-03-10", observacoes="Com parasol")
    assert (item["categoria"], item["valor"], item["data_aquisicao"]) == ("lente", "15999.90", "2025-03-10")
    assert cliente.get(f"/api/equipamentos/{item['id']}").get_json() == item

    alterado = cliente.put(f"/api/equipamentos/{item['id']}", json={"valor": 14000, "marca": ""})
    assert alterado.status_code == 200, alterado.get_json()
    assert (alterado.get_json()["valor"], alterado.get_json()["marca"], alterado.get_json()["nome"]) == (
        "14000.00", None, "Canon RF 70-200")
    auditoria = sql_dono("""SELECT acao FROM plataforma.auditoria
                            WHERE empresa_id = %s AND entidade = 'equipamento' ORDER BY id""", (empresa,))
    assert [a["acao"] for a in auditoria] == ["criar", "alterar"]

    assert cliente.delete(f"/api/equipamentos/{item['id']}").status_code == 204
    assert cliente.get(f"/api/equipamentos/{item['id']}").status_code == 404


def test_listagem_filtra_pagina_e_busca_sem_acentos(cliente):
    criar(cliente, nome="Flash Godox", categoria="flash")
    criar(cliente, nome="Drone Mavic", categoria="drone", marca="DJI")
    baixado = criar(cliente, nome="Câmera antiga", categoria="camera")
    cliente.put(f"/api/equipamentos/{baixado['id']}", json={"estado": "baixado"})
    assert [i["nome"] for i in todos(cliente, limit=1)] == ["Câmera antiga", "Drone Mavic", "Flash Godox"]
    assert [i["nome"] for i in todos(cliente, categoria="drone")] == ["Drone Mavic"]
    assert [i["nome"] for i in todos(cliente, estado="baixado")] == ["Câmera antiga"]
    assert [i["nome"] for i in todos(cliente, q="camera")] == ["Câmera antiga"]
    assert [i["nome"] for i in todos(cliente, q="dji")] == ["Drone Mavic"]


def test_numero_de_serie_unico_na_empresa_sem_diferenca_de_maiusculas(cliente, como, nova_empresa):
    criar(cliente, numero_serie="XYZ-1")
    repetido = cliente.post("/api/equipamentos", json={"nome": "Outra", "numero_serie": "xyz-1"})
    assert repetido.status_code == 409
    assert repetido.get_json()["campos"] == {"numero_serie": "O número de série xyz-1 já é de outro equipamento"}
    # Two items without a serial are fine, and another empresa may have the same serial.
    criar(cliente, nome="Sem série 1")
    criar(cliente, nome="Sem série 2")
    criar(como(nova_empresa()), numero_serie="XYZ-1")


@pytest.mark.parametrize("corpo, campo, mensagem", [
    ({}, "nome", "Campo obrigatório"),
    ({"nome": ""}, "nome", "Deve ter pelo menos 1 caractere(s)"),
    ({"nome": "A", "categoria": "tripe"}, "categoria", "Valor inválido; use 'camera', 'lente', 'flash', 'drone', "
                                                       "'iluminacao', 'audio', 'suporte' ou 'outro'"),
    ({"nome": "A", "estado": "quebrado"}, "estado", "Valor inválido; use 'disponivel', 'em_manutencao' ou 'baixado'"),
    ({"nome": "A", "valor": "12,50"}, "valor", "Informe um valor numérico, como 1234.56"),
    ({"nome": "A", "valor": "1.001"}, "valor", "Use no máximo duas casas decimais"),
    ({"nome": "A", "data_aquisicao": "10/03/2025"}, "data_aquisicao", "Data inválida; use AAAA-MM-DD"),
    ({"nome": "A", "numero_serie": "x" * 81}, "numero_serie", "Deve ter no máximo 80 caracteres"),
    ({"nome": "A", "dono": "eu"}, "dono", "Campo desconhecido"),
])
def test_validacao_nomeia_o_campo(cliente, corpo, campo, mensagem):
    resposta = cliente.post("/api/equipamentos", json=corpo)
    assert resposta.status_code == 400
    assert resposta.get_json()["campos"][campo] == mensagem


def test_put_recusa_nulo_nos_obrigatorios(cliente):
    item = criar(cliente)
    resposta = cliente.put(f"/api/equipamentos/{item['id']}", json={"nome": None})
    assert resposta.status_code == 400
    assert "nome" in resposta.get_json()["campos"]


def test_valor_negativo_recusado(cliente):
    resposta = cliente.post("/api/equipamentos", json={"nome": "A", "valor": "-1.00"})
    assert resposta.status_code == 400
    assert resposta.get_json()["campos"] == {"valor": "Deve ser maior ou igual a 0"}


def test_saida_e_retorno_mostram_com_quem_esta(cliente, sql_dono, empresa):
    ana = fornecedor(sql_dono, empresa, "Ana Freelancer")
    item = criar(cliente)
    saiu = cliente.post(f"/api/equipamentos/{item['id']}/saida",
                        json={"responsavel": {"fornecedor_id": ana}, "observacao": "Para o casamento"})
    assert saiu.status_code == 201, saiu.get_json()
    assert (saiu.get_json()["nome"], saiu.get_json()["retorno_em"]) == ("Ana Freelancer", None)
    com = cliente.get(f"/api/equipamentos/{item['id']}").get_json()["com"]
    assert (com["fornecedor_id"], com["nome"]) == (ana, "Ana Freelancer")
    assert [i["id"] for i in todos(cliente, fora="true")] == [item["id"]]

    de_novo = cliente.post(f"/api/equipamentos/{item['id']}/saida", json={"responsavel": {"fornecedor_id": ana}})
    assert de_novo.status_code == 409
    assert "Ana Freelancer" in de_novo.get_json()["error"]

    voltou = cliente.post(f"/api/equipamentos/{item['id']}/retorno", json={"condicao": "avariado",
                                                                          "observacao": "Tampa quebrada"})
    assert voltou.status_code == 200, voltou.get_json()
    assert voltou.get_json()["condicao"] == "avariado"
    depois = cliente.get(f"/api/equipamentos/{item['id']}").get_json()
    assert (depois["com"], depois["estado"]) == (None, "em_manutencao")
    assert cliente.post(f"/api/equipamentos/{item['id']}/retorno", json={"condicao": "ok"}).status_code == 409
    historico = cliente.get(f"/api/equipamentos/{item['id']}/movimentos").get_json()["items"]
    assert [(m["nome"], m["condicao"]) for m in historico] == [("Ana Freelancer", "avariado")]
    # An item with a history is given baixa, not deleted.
    assert cliente.delete(f"/api/equipamentos/{item['id']}").status_code == 409


def test_saida_valida_o_responsavel(cliente, como, nova_empresa, sql_dono):
    outra = nova_empresa()
    fornecedor_de_outra = fornecedor(sql_dono, outra, "Beto")
    item = criar(cliente)
    url = f"/api/equipamentos/{item['id']}/saida"
    alheio = cliente.post(url, json={"responsavel": {"fornecedor_id": fornecedor_de_outra}})
    assert alheio.status_code == 400
    assert alheio.get_json()["campos"] == {"responsavel.0.fornecedor_id": "Fornecedor não encontrado"}
    dois = cliente.post(url, json={"responsavel": {"fornecedor_id": 1, "usuario_id": 1}})
    assert dois.status_code == 400 and "responsavel" in dois.get_json()["campos"]
    nenhum = cliente.post(url, json={"responsavel": {}})
    assert nenhum.status_code == 400 and "responsavel" in nenhum.get_json()["campos"]
    assert cliente.post(f"/api/equipamentos/{item['id']}/retorno", json={"condicao": "perfeito"}).status_code == 400


def test_extraviado_da_baixa_e_baixado_nao_sai(cliente, sql_dono, empresa):
    caio = fornecedor(sql_dono, empresa, "Caio")
    item = criar(cliente)
    cliente.post(f"/api/equipamentos/{item['id']}/saida", json={"responsavel": {"fornecedor_id": caio}})
    cliente.post(f"/api/equipamentos/{item['id']}/retorno", json={"condicao": "extraviado"})
    assert cliente.get(f"/api/equipamentos/{item['id']}").get_json()["estado"] == "baixado"
    resposta = cliente.post(f"/api/equipamentos/{item['id']}/saida", json={"responsavel": {"fornecedor_id": caio}})
    assert resposta.status_code == 409


def test_outra_empresa_nao_ve_nem_altera(cliente, como, nova_empresa):
    item = criar(cliente)
    intruso = como(nova_empresa())
    base = f"/api/equipamentos/{item['id']}"
    janela = {"inicio": "2026-12-07T10:00:00-03:00", "fim": "2026-12-07T12:00:00-03:00", "motivo": "x"}
    assert intruso.get(base).status_code == 404
    assert intruso.put(base, json={"nome": "Meu"}).status_code == 404
    assert intruso.delete(base).status_code == 404
    assert intruso.get(f"{base}/agenda", query_string={"de": "2026-12-01", "ate": "2026-12-31"}).status_code == 404
    assert intruso.get(f"{base}/manutencoes").status_code == 404
    assert intruso.post(f"{base}/manutencoes", json=janela).status_code == 404
    assert intruso.get(f"{base}/movimentos").status_code == 404
    assert intruso.post(f"{base}/saida", json={"responsavel": {"usuario_id": 1}}).status_code == 404
    assert intruso.post(f"{base}/retorno", json={"condicao": "ok"}).status_code == 404
    assert todos(intruso) == []
    assert cliente.get(base).get_json()["nome"] == "Canon R6"
    manutencao = cliente.post(f"{base}/manutencoes", json=janela).get_json()["id"]
    assert intruso.delete(f"{base}/manutencoes/{manutencao}").status_code == 404
    proprio = criar(intruso, nome="Do intruso")
    assert intruso.delete(f"/api/equipamentos/{proprio['id']}/manutencoes/{manutencao}").status_code == 404
    assert cliente.get(f"{base}/manutencoes").get_json()["items"][0]["id"] == manutencao


def test_saida_para_sessao_de_outra_empresa_e_404(cliente, como, nova_empresa, sql_dono, empresa):
    outra = nova_empresa()
    sessao_dela = sql_dono("""INSERT INTO operacional.sessoes (empresa_id, titulo, inicio, fim, uid)
                              VALUES (%s, 'Dela', '2026-12-07T10:00Z', '2026-12-07T12:00Z', 'u-1') RETURNING id""",
                           (outra,), empresa_id=outra)[0]["id"]
    item = criar(cliente)
    ana = fornecedor(sql_dono, empresa, "Ana")
    resposta = cliente.post(f"/api/equipamentos/{item['id']}/saida",
                            json={"responsavel": {"fornecedor_id": ana}, "sessao_id": sessao_dela})
    assert resposta.status_code == 404
    assert cliente.get(f"/api/equipamentos/{item['id']}").get_json()["com"] is None


def test_leitura_pede_permissao(como, empresa):
    sem = como(empresa, perms=[])
    assert sem.get("/api/equipamentos").status_code == 403
    leitor = como(empresa, perms=["operacional:ler"])
    assert leitor.get("/api/equipamentos").status_code == 200
    assert leitor.post("/api/equipamentos", json={"nome": "A"}).status_code == 403
