"""/api/empresas: each user lists their own; only the platform admin lists all and creates, with a
CNPJ whose check digits hold (numeric or alphanumeric), stored without punctuation."""
import pytest
from stdnum.br import cnpj as stdnum_cnpj


def test_admin_da_plataforma_cria_e_lista_todas(admin, unico):
    nome = unico("Foto & Vídeo ")

    resposta = admin.post("/api/empresas", json={"nome": f"  {nome} ", "cnpj": "12.345.678/0001-95"})

    assert resposta.status_code == 201
    empresa = resposta.get_json()
    assert set(empresa) == {"id", "nome", "cnpj", "ativa", "criada_em"}
    assert empresa["nome"] == nome and empresa["cnpj"] == "12345678000195" and empresa["ativa"] is True
    assert empresa["id"] in {e["id"] for e in admin.get("/api/empresas?limit=500").get_json()["items"]}


def test_criacao_fica_na_auditoria_da_nova_empresa(admin, nova_empresa):
    empresa_id = nova_empresa("Auditada")
    assert admin.renovar(empresa_id=empresa_id).status_code == 200

    registros = admin.get("/api/auditoria", query_string={"entidade": "empresa"}).get_json()["items"]

    assert [(r["acao"], r["entidade_id"], r["depois"]) for r in registros] == [
        ("criar", str(empresa_id), {"nome": "Auditada", "cnpj": None, "ativa": True})]
    assert registros[0]["username"] == "admin"


def cnpj_valido(unico) -> str:
    """A CNPJ no other test of the module uses, with its check digits."""
    base = str(int(unico("")[:8], 16) % 10**8).zfill(8) + "0001"
    return base + stdnum_cnpj.calc_check_digits(base)


def test_cnpj_repetido_da_409_e_vazio_vira_nulo(admin, unico):
    cnpj = cnpj_valido(unico)
    assert admin.post("/api/empresas", json={"nome": "A", "cnpj": cnpj}).status_code == 201

    # The same CNPJ typed with its punctuation is the same CNPJ.
    repetido = admin.post("/api/empresas", json={"nome": "B", "cnpj": stdnum_cnpj.format(cnpj)})
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


@pytest.mark.parametrize("cnpj, mensagem", [
    ("11.222.333/0001-82", "CNPJ inválido: confira os dígitos"),
    ("11.111.111/1111-11", "CNPJ inválido: confira os dígitos"),  # valid digits, never issued
    ("12.ABC.345/01DE-34", "CNPJ inválido: confira os dígitos"),
    ("AB.ABC.345/01DE-AB", "CNPJ inválido: confira os dígitos"),
    ("123.456.789-09", "Informe os 14 caracteres do CNPJ"),  # a CPF is no empresa's document
])
def test_cnpj_invalido_e_400_nomeando_o_campo(admin, cnpj, mensagem):
    resposta = admin.post("/api/empresas", json={"nome": "Com CNPJ errado", "cnpj": cnpj})

    assert resposta.status_code == 400
    assert resposta.get_json()["campos"] == {"cnpj": mensagem}
    nomes = {e["nome"] for e in admin.get("/api/empresas?limit=500").get_json()["items"]}
    assert "Com CNPJ errado" not in nomes


def test_cnpj_alfanumerico_e_aceito(admin):
    """The Receita's alphanumeric CNPJ (from July 2026): letters in the first 12 characters."""
    resposta = admin.post("/api/empresas", json={"nome": "Alfanumérica", "cnpj": "12.abc.345/01de-35"})

    assert resposta.status_code == 201 and resposta.get_json()["cnpj"] == "12ABC34501DE35"


def test_administradas_lista_so_onde_o_usuario_inclui_pessoas(admin, entrar, nova_empresa, novo_usuario, sql_dono):
    administrada, so_membro = nova_empresa(), nova_empresa()
    inativa = nova_empresa()
    usuario = novo_usuario([administrada, so_membro, inativa], ["cadastros:ler"])
    sql_dono("UPDATE auth.membros SET permissoes = '{admin}' WHERE usuario_id = %s AND empresa_id <> %s",
             (usuario["id"], so_membro), empresa_id=None)
    sql_dono("UPDATE auth.empresas SET ativa = false WHERE id = %s", (inativa,))
    sessao = entrar(usuario["username"])

    minhas = sessao.get("/api/empresas").get_json()["items"]
    administradas = sessao.get("/api/empresas", query_string={"administradas": "true"}).get_json()["items"]
    da_plataforma = admin.get("/api/empresas", query_string={"administradas": "true", "limit": 500}).get_json()

    assert [e["id"] for e in minhas] == [administrada, so_membro]
    assert [e["id"] for e in administradas] == [administrada]
    ids = {e["id"] for e in da_plataforma["items"]}
    assert {administrada, so_membro} <= ids and inativa not in ids and all(e["ativa"] for e in da_plataforma["items"])
    assert sessao.get("/api/empresas", query_string={"administradas": "talvez"}).status_code == 400
