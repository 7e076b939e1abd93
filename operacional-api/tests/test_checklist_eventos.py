"""Tipos de evento (the usual ones given once, edited by the empresa), each tipo's checklist model,
and an evento's tarefas (ticked, added, re-dated, removed)."""
from shared.config import hoje


def test_a_empresa_nova_ve_os_tipos_padrao_e_os_recebe_uma_vez(como, empresa, sql_dono):
    cliente = como(empresa)
    tipos = cliente.get("/api/eventos/tipos").get_json()["items"]
    assert [t["nome"] for t in tipos] == ["15 anos", "Aniversário", "Batizado", "Casamento", "Corporativo",
                                          "Ensaio", "Formatura", "Gestante", "Newborn"]
    assert {t["nome"]: t["tarefas"] for t in tipos}["Casamento"] == 5
    # A tipo the empresa deletes stays deleted: the defaults were given once.
    newborn = next(t for t in tipos if t["nome"] == "Newborn")
    assert cliente.delete(f"/api/eventos/tipos/{newborn['id']}").status_code == 204
    assert cliente.post("/api/eventos", json={"nome": "X", "data_inicio": "2027-01-01"}).status_code == 201
    assert "Newborn" not in [t["nome"] for t in cliente.get("/api/eventos/tipos").get_json()["items"]]
    assert sql_dono("SELECT count(*) AS n FROM plataforma.auditoria WHERE entidade = 'tipos_evento_padrao'",
                    empresa_id=empresa)[0]["n"] == 1


def test_o_primeiro_evento_da_empresa_tambem_da_os_tipos(como, empresa):
    cliente = como(empresa)
    evento = cliente.post("/api/eventos", json={"nome": "Festa", "tipo": "ANIVERSARIO", "data_inicio": "2027-01-10"})
    assert evento.status_code == 201 and evento.get_json()["tipo"] == "Aniversário"


def test_criar_renomear_desativar_e_excluir_um_tipo(como, empresa):
    cliente = como(empresa)
    criado = cliente.post("/api/eventos/tipos", json={"nome": "Bodas"})
    assert criado.status_code == 201
    bodas = criado.get_json()
    assert bodas["nome"] == "Bodas" and bodas["ativo"] is True and bodas["tarefas"] == 0
    repetido = cliente.post("/api/eventos/tipos", json={"nome": "casamento"})
    assert repetido.status_code == 409 and repetido.get_json()["campos"] == {"nome": "Já existe um tipo chamado casamento"}
    assert cliente.post("/api/eventos/tipos", json={"nome": ""}).get_json()["campos"] == {
        "nome": "Deve ter pelo menos 1 caractere(s)"}
    caminho = f"/api/eventos/tipos/{bodas['id']}"
    assert cliente.put(caminho, json={"nome": "Bodas de ouro"}).get_json()["nome"] == "Bodas de ouro"
    assert cliente.put(caminho, json={"ativo": None}).status_code == 400
    # In use: refused with 409; inactive: no longer offered for a new evento.
    evento = cliente.post("/api/eventos", json={"nome": "Bodas dos avós", "tipo": "bodas de ouro",
                                                "data_inicio": "2027-02-02"}).get_json()
    assert evento["tipo_id"] == bodas["id"]
    em_uso = cliente.delete(caminho)
    assert em_uso.status_code == 409 and "desative-o" in em_uso.get_json()["error"]
    assert cliente.put(caminho, json={"ativo": False}).get_json()["ativo"] is False
    inativo = cliente.post("/api/eventos", json={"nome": "Outra", "tipo_id": bodas["id"], "data_inicio": "2027-02-02"})
    assert inativo.status_code == 400 and inativo.get_json()["campos"]["tipo_id"].startswith("Tipo de evento inativo")
    assert [t["nome"] for t in cliente.get("/api/eventos/tipos?ativo=false").get_json()["items"]] == ["Bodas de ouro"]
    # The evento keeps its (now inactive) tipo when saved again.
    assert cliente.put(f"/api/eventos/{evento['id']}", json={"local": "Casa", "tipo_id": bodas["id"]}).status_code == 200
    assert cliente.delete(f"/api/eventos/{evento['id']}").status_code == 204
    assert cliente.delete(caminho).status_code == 204
    assert cliente.get(caminho + "/checklist").status_code == 404


def test_tipo_e_tipo_id_juntos_precisam_concordar(como, empresa):
    cliente = como(empresa)
    tipos = {t["nome"]: t["id"] for t in cliente.get("/api/eventos/tipos").get_json()["items"]}
    resposta = cliente.post("/api/eventos", json={"nome": "X", "data_inicio": "2027-01-01", "tipo": "Ensaio",
                                                  "tipo_id": tipos["Casamento"]})
    assert resposta.status_code == 400 and resposta.get_json()["campos"] == {
        "tipo_id": "Não corresponde ao tipo informado em tipo"}


def test_checklist_modelo_do_tipo_e_o_que_um_novo_evento_recebe(como, empresa):
    cliente = como(empresa)
    tipos = {t["nome"]: t["id"] for t in cliente.get("/api/eventos/tipos").get_json()["items"]}
    caminho = f"/api/eventos/tipos/{tipos['Ensaio']}/checklist"
    assert cliente.get(caminho).get_json()["tarefas"][0] == {"titulo": "Combinar local e figurino", "dias": -7}
    antigo = cliente.post("/api/eventos", json={"nome": "Ensaio 1", "tipo": "Ensaio", "data_inicio": "2027-03-10"})
    novo_modelo = [{"titulo": "Entregar fotos", "dias": 10}, {"titulo": "Briefing", "dias": -3}]
    resposta = cliente.put(caminho, json={"tarefas": novo_modelo})
    assert resposta.status_code == 200
    assert resposta.get_json() == {"tarefas": [{"titulo": "Briefing", "dias": -3}, {"titulo": "Entregar fotos", "dias": 10}]}
    novo = cliente.post("/api/eventos", json={"nome": "Ensaio 2", "tipo": "Ensaio", "data_inicio": "2027-03-10"})
    tarefas = cliente.get(f"/api/eventos/{novo.get_json()['id']}/tarefas").get_json()["items"]
    assert [(t["titulo"], t["prazo"]) for t in tarefas] == [("Briefing", "2027-03-07"), ("Entregar fotos", "2027-03-20")]
    # The evento created before keeps the tarefas it was given.
    assert len(cliente.get(f"/api/eventos/{antigo.get_json()['id']}/tarefas").get_json()["items"]) == 4
    erros = cliente.put(caminho, json={"tarefas": [{"titulo": "X", "dias": 400}, {"titulo": "", "dias": 1},
                                                   {"titulo": "Y", "dias": "3"}]}).get_json()["campos"]
    assert erros == {"tarefas.0.dias": "Deve ser menor ou igual a 365",
                     "tarefas.1.titulo": "Deve ter pelo menos 1 caractere(s)",
                     "tarefas.2.dias": "Deve ser um número inteiro"}


def test_tarefas_do_evento_concluir_reabrir_acrescentar_e_remover(como, empresa, sql_dono):
    cliente = como(empresa, usuario_id=77)
    evento = cliente.post("/api/eventos", json={"nome": "Batizado do Léo", "tipo": "Batizado",
                                                "data_inicio": hoje().isoformat()}).get_json()
    caminho = f"/api/eventos/{evento['id']}/tarefas"
    primeira, segunda = cliente.get(caminho).get_json()["items"]
    assert primeira["atrasada"] is True and segunda["atrasada"] is False  # D−7 is past, D+15 is not
    feita = cliente.put(f"{caminho}/{primeira['id']}", json={"concluida": True}).get_json()
    assert feita["concluida"] is True and feita["concluida_por"] == 77 and feita["atrasada"] is False
    # Ticking again keeps who and when; unticking clears them.
    de_novo = como(empresa, usuario_id=88).put(f"{caminho}/{primeira['id']}", json={"concluida": True}).get_json()
    assert (de_novo["concluida_por"], de_novo["concluida_em"]) == (77, feita["concluida_em"])
    reaberta = cliente.put(f"{caminho}/{primeira['id']}", json={"concluida": False}).get_json()
    assert reaberta["concluida"] is False and reaberta["concluida_em"] is None and reaberta["concluida_por"] is None
    renomeada = cliente.put(f"{caminho}/{segunda['id']}", json={"titulo": "Entregar álbum", "dias": 30}).get_json()
    assert renomeada["titulo"] == "Entregar álbum" and renomeada["dias"] == 30
    extra = cliente.post(caminho, json={"titulo": "Imprimir lembrancinhas", "dias": -2})
    assert extra.status_code == 201 and extra.get_json()["titulo"] == "Imprimir lembrancinhas"
    assert [t["dias"] for t in cliente.get(caminho).get_json()["items"]] == [-7, -2, 30]
    assert cliente.post(caminho, json={"titulo": "X"}).get_json()["campos"] == {"dias": "Campo obrigatório"}
    assert cliente.put(f"{caminho}/{segunda['id']}", json={"concluida": None}).status_code == 400
    assert cliente.delete(f"{caminho}/{extra.get_json()['id']}").status_code == 204
    assert cliente.delete(f"{caminho}/{extra.get_json()['id']}").status_code == 404
    assert len(cliente.get(caminho).get_json()["items"]) == 2
    acoes = sql_dono("SELECT acao FROM plataforma.auditoria WHERE entidade = 'tarefa_evento' ORDER BY id",
                     empresa_id=empresa)
    assert [a["acao"] for a in acoes] == ["alterar", "alterar", "alterar", "criar", "excluir"]


def test_a_tarefa_de_outro_evento_nao_e_deste(como, empresa):
    cliente = como(empresa)
    a = cliente.post("/api/eventos", json={"nome": "A", "tipo": "Batizado", "data_inicio": "2027-01-01"}).get_json()
    b = cliente.post("/api/eventos", json={"nome": "B", "tipo": "Batizado", "data_inicio": "2027-01-01"}).get_json()
    tarefa_de_b = cliente.get(f"/api/eventos/{b['id']}/tarefas").get_json()["items"][0]
    assert cliente.put(f"/api/eventos/{a['id']}/tarefas/{tarefa_de_b['id']}", json={"concluida": True}).status_code == 404


def test_outra_empresa_nao_ve_nem_altera_os_tipos(como, empresa, nova_empresa):
    tipo = como(empresa).post("/api/eventos/tipos", json={"nome": "Bodas"}).get_json()
    intruso = como(nova_empresa())
    caminho = f"/api/eventos/tipos/{tipo['id']}"
    for metodo, sufixo, corpo in [("put", "", {"nome": "Meu"}), ("delete", "", None), ("get", "/checklist", None),
                                  ("put", "/checklist", {"tarefas": []})]:
        assert getattr(intruso, metodo)(caminho + sufixo, json=corpo).status_code == 404, (metodo, sufixo)
    assert "Bodas" not in [t["nome"] for t in intruso.get("/api/eventos/tipos").get_json()["items"]]
    evento = intruso.post("/api/eventos", json={"nome": "X", "tipo_id": tipo["id"], "data_inicio": "2027-01-01"})
    assert evento.status_code == 400 and "tipo_id" in evento.get_json()["campos"]
    assert como(empresa).get(caminho + "/checklist").get_json() == {"tarefas": []}
