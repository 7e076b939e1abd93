"""/api/empresas: each user lists their own; only the platform admin lists all and creates."""


def test_admin_da_plataforma_cria_e_lista_todas(admin, unico):
    nome = unico("Foto & Vídeo ")

    resposta = admin.post("/api/empresas", json={"nome": f"  {nome} ", "cnpj": "12.345.678/0001-95"})

    assert resposta.status_code == 201
    empresa = resposta.get_json()
    assert set(empresa) == {"id", "nome", "cnpj", "ativa", "criada_em"}
    assert empresa["nome"] == nome and empresa["cnpj"] == "12.345.678/0001-95" and empresa["ativa"] is True
    assert empresa["id"] in {e["id"] for e in admin.get("/api/empresas?limit=500").get_json()["items"]}


def test_criacao_fica_na_auditoria_da_nova_empresa(admin, nova_empresa):
    empresa_id = nova_empresa("Auditada")
    assert admin.renovar(empresa_id=empresa_id).status_code == 200

    registros = admin.get("/api/auditoria", query_string={"entidade": "empresa"}).get_json()["items"]

    assert [(r["acao"], r["entidade_id"], r["depois"]) for r in registros] == [
        ("criar", str(empresa_id), {"nome": "Auditada", "cnpj": None, "ativa": True})]
    assert registros[0]["username"] == "admin"


def test_cnpj_repetido_da_409_e_vazio_vira_nulo(admin, unico):
    cnpj = unico("")[:8] + "000199"
    assert admin.post("/api/empresas", json={"nome": "A", "cnpj": cnpj}).status_code == 201

    repetido = admin.post("/api/empresas", json={"nome": "B", "cnpj": cnpj})
    vazios = [admin.post("/api/empresas", json={"nome": "C", "cnpj": "  "}) for _ in range(2)]

    assert repetido.status_code == 409
    assert repetido.get_json() == {"error": "Já existe uma empresa com este CNPJ", "code": "conflito",
                                   "campos": {"cnpj": "CNPJ já cadastrado"}}
    assert [(r.status_code, r.get_json()["cnpj"]) for r in vazios] == [(201, None), (201, None)]


def test_validacao_de_empresa(admin):
    resposta = admin.post("/api/empresas", json={"nome": "", "cnpj": "1" * 19, "ativa": False})

    assert resposta.status_code == 400
    assert resposta.get_json()["campos"] == {
        "nome": "Deve ter pelo menos 1 caractere(s)",
        "cnpj": "Deve ter no máximo 18 caracteres",
        "ativa": "Campo desconhecido",
    }


def test_usuario_comum_lista_so_as_suas_e_nao_cria(entrar, nova_empresa, novo_usuario):
    minhas = [nova_empresa(), nova_empresa()]
    nova_empresa()  # someone else's
    sessao = entrar(novo_usuario(minhas, ["admin"])["username"])

    lista = sessao.get("/api/empresas").get_json()
    criar = sessao.post("/api/empresas", json={"nome": "Minha"})

    assert [e["id"] for e in lista["items"]] == minhas and lista["next_cursor"] is None
    assert criar.status_code == 403
    assert criar.get_json() == {"error": "Somente a administração da plataforma cria empresas", "code": "sem_permissao"}


def test_listagem_pagina_por_cursor(admin, nova_empresa):
    for _ in range(3):
        nova_empresa()
    todas = [e["id"] for e in admin.get("/api/empresas?limit=500").get_json()["items"]]

    vistas, cursor = [], None
    while True:
        pagina = admin.get("/api/empresas", query_string={"limit": 2, **({"cursor": cursor} if cursor else {})}).get_json()
        vistas += [e["id"] for e in pagina["items"]]
        cursor = pagina["next_cursor"]
        if cursor is None:
            break

    assert vistas == todas == sorted(todas)
    assert admin.get("/api/empresas?limit=0").status_code == 400
    assert admin.get("/api/empresas?limit=501").get_json()["campos"] == {"limit": "Deve ser menor ou igual a 500"}
