"""/api/usuarios: an empresa admin manages the current empresa's users, within what they may grant."""
import re

import pytest
import redis

from shared.eventos import chave_geracao

from auth import senhas

SENHA = "senha-boa-123"


def _novo(username, **extra):
    return {"username": username, "nome": "Ana Souza", "password": SENHA, "permissoes": [], **extra}


def test_crud_completo_de_um_usuario(empresa_com_admin, entrar, unico):
    empresa_id, chefe = empresa_com_admin()
    username = unico("ana.")

    criado = chefe.post("/api/usuarios", json=_novo(username.upper(), empresas=[empresa_id],
                                                    permissoes=["financeiro:ler", "financeiro:ler"]))
    assert criado.status_code == 201
    item = criado.get_json()
    assert item["username"] == username  # stored lowercase
    assert {k: item[k] for k in ("nome", "ativo", "plataforma_admin", "permissoes")} == {
        "nome": "Ana Souza", "ativo": True, "plataforma_admin": False, "permissoes": ["financeiro:ler"]}
    assert entrar(username).usuario["empresa_id"] == empresa_id

    lista = chefe.get("/api/usuarios").get_json()
    assert {u["username"] for u in lista["items"]} == {username, chefe.usuario["username"]}
    assert lista["next_cursor"] is None

    alterado = chefe.put(f"/api/usuarios/{item['id']}", json={"nome": "Ana S. Lima", "permissoes": ["cadastros:ler"]})
    assert alterado.status_code == 200
    assert alterado.get_json()["nome"] == "Ana S. Lima"
    assert alterado.get_json()["permissoes"] == ["cadastros:ler"]

    assert chefe.delete(f"/api/usuarios/{item['id']}").status_code == 204
    assert chefe.put(f"/api/usuarios/{item['id']}", json={"nome": "x"}).status_code == 404
    assert username not in {u["username"] for u in chefe.get("/api/usuarios").get_json()["items"]}


def test_listagem_pagina_e_filtra(empresa_com_admin, unico):
    empresa_id, chefe = empresa_com_admin()
    prefixo = unico("lista")
    for n in range(5):
        nome = "Bruno Reis" if n == 3 else f"Pessoa {n}"
        corpo = {**_novo(f"{prefixo}.{n}", empresas=[empresa_id]), "nome": nome}
        assert chefe.post("/api/usuarios", json=corpo).status_code == 201

    vistos, cursor = [], None
    while True:
        pagina = chefe.get("/api/usuarios", query_string={"limit": 2, **({"cursor": cursor} if cursor else {})}).get_json()
        vistos += [u["username"] for u in pagina["items"]]
        cursor = pagina["next_cursor"]
        if cursor is None:
            break
    assert vistos == sorted(vistos) and len(vistos) == 6

    por_nome = chefe.get("/api/usuarios", query_string={"q": "bruno"}).get_json()["items"]
    por_username = chefe.get("/api/usuarios", query_string={"q": f"{prefixo}.1"}).get_json()["items"]
    curinga = chefe.get("/api/usuarios", query_string={"q": "%"}).get_json()["items"]
    assert [u["username"] for u in por_nome] == [f"{prefixo}.3"]
    assert [u["username"] for u in por_username] == [f"{prefixo}.1"]
    assert curinga == []
    assert chefe.get("/api/usuarios", query_string={"cursor": "lixo"}).get_json()["campos"] == {
        "cursor": "Cursor inválido; recomece a listagem"}


@pytest.mark.parametrize("corpo, campo, mensagem", [
    ({"username": "ab"}, "username", "Use de 3 a 50 caracteres: letras minúsculas, números, ponto, hífen ou sublinhado"),
    ({"username": "com espaço"}, "username", "Use de 3 a 50 caracteres: letras minúsculas, números, ponto, hífen ou sublinhado"),
    ({"username": "x" * 51}, "username", "Use de 3 a 50 caracteres: letras minúsculas, números, ponto, hífen ou sublinhado"),
    ({"password": "curta"}, "password", "Deve ter pelo menos 8 caractere(s)"),
    ({"nome": ""}, "nome", "Deve ter pelo menos 1 caractere(s)"),
    ({"nome": "x" * 201}, "nome", "Deve ter no máximo 200 caracteres"),
    ({"permissoes": ["financeiro:apagar"]}, "permissoes", None),
    ({"permissoes": "admin"}, "permissoes", "Deve ser uma lista"),
    ({"empresas": []}, "empresas", "Deve ter pelo menos 1 item(ns)"),
    ({"empresas": ["um"]}, "empresas.0", "Deve ser um número inteiro"),
    ({"ativo": True}, "ativo", "Campo desconhecido"),
])
def test_validacao_nomeia_o_campo_em_portugues(empresa_com_admin, unico, corpo, campo, mensagem):
    empresa_id, chefe = empresa_com_admin()

    resposta = chefe.post("/api/usuarios", json={**_novo(unico("v."), empresas=[empresa_id]), **corpo})

    assert resposta.status_code == 400
    erro = resposta.get_json()
    assert erro["code"] == "validacao" and list(erro["campos"]) == [campo]
    if mensagem:
        assert erro["campos"][campo] == mensagem
    else:
        assert erro["campos"][campo].startswith("Permissão desconhecida: financeiro:apagar")


def test_campos_obrigatorios_do_novo_usuario(empresa_com_admin):
    _, chefe = empresa_com_admin()

    resposta = chefe.post("/api/usuarios", json={})

    assert resposta.get_json()["campos"] == {
        "username": "Campo obrigatório", "nome": "Campo obrigatório", "empresas": "Campo obrigatório"}


# ---------------------------------------------------------------- the initial password


def test_a_senha_digitada_pelo_admin_e_trocada_no_primeiro_acesso_quando_ele_pede(empresa_com_admin, entrar,
                                                                                   unico):
    empresa_id, chefe = empresa_com_admin()

    criado = chefe.post("/api/usuarios", json=_novo(unico("ini."), empresas=[empresa_id], trocar_senha=True))

    assert criado.status_code == 201
    assert criado.get_json()["trocar_senha"] is True and criado.get_json()["senha_temporaria"] is None
    sessao = entrar(criado.get_json()["username"])
    assert sessao.usuario["trocar_senha"] is True
    assert sessao.get("/api/permissoes").get_json()["error"] == "Troque a sua senha para continuar"


def test_com_a_senha_do_contrato_e_sem_trocar_senha_o_usuario_entra_e_usa_o_sistema(empresa_com_admin, entrar,
                                                                                     unico):
    # CONTRACT.md's new user is {username, nome, password, empresas, permissoes}: it works at once.
    empresa_id, chefe = empresa_com_admin()

    criado = chefe.post("/api/usuarios", json=_novo(unico("contr."), empresas=[empresa_id]))

    assert criado.status_code == 201 and criado.get_json()["trocar_senha"] is False
    assert entrar(criado.get_json()["username"]).get("/api/permissoes").status_code == 200


def test_sem_senha_o_servidor_gera_uma_temporaria_mostrada_uma_vez(empresa_com_admin, entrar, unico):
    empresa_id, chefe = empresa_com_admin()
    corpo = {"username": unico("ger."), "nome": "Gerada", "empresas": [empresa_id]}

    criado = chefe.post("/api/usuarios", json=corpo).get_json()
    com_nulo = chefe.post("/api/usuarios", json={**corpo, "username": unico("ger."), "password": None}).get_json()

    temporaria = criado["senha_temporaria"]
    assert re.fullmatch(r"([a-z2-9]{4}-){3}[a-z2-9]{4}", temporaria) and criado["trocar_senha"] is True
    assert com_nulo["senha_temporaria"] not in (None, temporaria)
    assert entrar(criado["username"], temporaria).usuario["trocar_senha"] is True
    listado = [u for u in chefe.get("/api/usuarios").get_json()["items"] if u["id"] == criado["id"]]
    assert "senha_temporaria" not in listado[0]
    auditado = chefe.get("/api/auditoria", query_string={"entidade": "usuario"}).get_json()["items"]
    assert temporaria not in str(auditado)


def test_so_o_admin_dispensa_a_troca_e_so_de_uma_senha_que_ele_digitou(empresa_com_admin, entrar, unico):
    empresa_id, chefe = empresa_com_admin()

    dispensada = chefe.post("/api/usuarios", json=_novo(unico("disp."), empresas=[empresa_id], trocar_senha=False))
    gerada = chefe.post("/api/usuarios", json={"username": unico("disp."), "nome": "Sem Senha",
                                                "empresas": [empresa_id], "trocar_senha": False})

    assert dispensada.status_code == 201 and dispensada.get_json()["trocar_senha"] is False
    assert entrar(dispensada.get_json()["username"]).get("/api/permissoes").status_code == 200
    assert gerada.status_code == 400
    assert list(gerada.get_json()["campos"]) == ["trocar_senha"]
    assert "disp." not in str(chefe.get("/api/usuarios", query_string={"q": "sem senha"}).get_json()["items"])


def test_o_admin_de_uma_empresa_nao_cria_com_senha_gerada_em_outra(empresa_com_admin, nova_empresa, unico):
    empresa_id, chefe = empresa_com_admin()
    outra = nova_empresa()

    resposta = chefe.post("/api/usuarios", json={"username": unico("fora."), "nome": "Fora", "empresas": [outra]})

    assert resposta.status_code == 403 and "senha_temporaria" not in resposta.get_json()


def test_username_repetido_da_409(empresa_com_admin, unico):
    empresa_id, chefe = empresa_com_admin()
    username = unico("rep.")
    assert chefe.post("/api/usuarios", json=_novo(username, empresas=[empresa_id])).status_code == 201

    resposta = chefe.post("/api/usuarios", json=_novo(username, empresas=[empresa_id]))

    assert resposta.status_code == 409
    assert resposta.get_json()["code"] == "conflito" and "username" in resposta.get_json()["campos"]


def test_sem_permissao_admin_da_403(entrar, nova_empresa, novo_usuario):
    usuario = novo_usuario([nova_empresa()], ["financeiro:escrever"])
    sessao = entrar(usuario["username"])

    for resposta in (sessao.get("/api/usuarios"), sessao.post("/api/usuarios", json={}),
                     sessao.put(f"/api/usuarios/{usuario['id']}", json={}),
                     sessao.delete(f"/api/usuarios/{usuario['id']}"), sessao.get("/api/auditoria")):
        assert resposta.status_code == 403
        assert resposta.get_json() == {"error": "Você não tem a permissão admin", "code": "sem_permissao"}


def test_admin_de_empresa_nao_concede_o_que_nao_tem(empresa_com_admin, unico):
    empresa_id, chefe = empresa_com_admin(["admin", "financeiro:escrever"])

    negado = chefe.post("/api/usuarios", json=_novo(unico("g."), empresas=[empresa_id],
                                                    permissoes=["financeiro:ler", "rh:ler"]))
    permitido = chefe.post("/api/usuarios", json=_novo(unico("g."), empresas=[empresa_id],
                                                       permissoes=["financeiro:ler", "financeiro:escrever", "admin"]))

    assert negado.status_code == 403
    assert negado.get_json()["error"] == "Você não pode conceder permissões que não tem: rh:ler"
    assert permitido.status_code == 201
    alterar = chefe.put(f"/api/usuarios/{permitido.get_json()['id']}", json={"permissoes": ["rh:escrever"]})
    assert alterar.status_code == 403


def test_admin_de_empresa_so_cria_nas_empresas_que_administra(empresa_com_admin, nova_empresa, unico):
    empresa_id, chefe = empresa_com_admin()
    outra = nova_empresa()

    resposta = chefe.post("/api/usuarios", json=_novo(unico("e."), empresas=[empresa_id, outra]))
    inexistente = chefe.post("/api/usuarios", json=_novo(unico("e."), empresas=[empresa_id, 999_999_999]))

    assert resposta.status_code == 403
    assert resposta.get_json()["error"] == "Você só pode incluir usuários nas empresas que administra"
    # Whether the other empresa exists is not told to who does not administer it.
    assert inexistente.status_code == 403 and inexistente.get_json() == resposta.get_json()


def test_admin_de_varias_empresas_cria_em_todas_com_o_que_tem_em_cada(entrar, nova_empresa, novo_usuario, unico,
                                                                       sql_dono):
    primeira, segunda = nova_empresa(), nova_empresa()
    gerente = novo_usuario([primeira, segunda], ["admin", "financeiro:escrever", "rh:ler"])
    sql_dono("UPDATE auth.membros SET permissoes = '{admin,financeiro:ler}' WHERE usuario_id = %s AND empresa_id = %s",
             (gerente["id"], segunda), empresa_id=segunda)
    chefe = entrar(gerente["username"], empresa_id=primeira)

    criado = chefe.post("/api/usuarios", json=_novo(unico("duas."), empresas=[primeira, segunda],
                                                    permissoes=["financeiro:ler"]))
    alem = chefe.post("/api/usuarios", json=_novo(unico("duas."), empresas=[primeira, segunda],
                                                  permissoes=["rh:ler"]))
    so_na_outra = chefe.post("/api/usuarios", json=_novo(unico("outra."), empresas=[segunda]))

    assert criado.status_code == 201, criado.get_json()
    novo = entrar(criado.get_json()["username"])
    assert [e["id"] for e in novo.usuario["empresas"]] == [primeira, segunda]
    # rh:ler is held in the first empresa, not in the second.
    assert alem.status_code == 403 and "rh:ler" in alem.get_json()["error"]
    assert so_na_outra.status_code == 201


def test_usuarios_de_outra_empresa_sao_404(empresa_com_admin, nova_empresa, novo_usuario):
    _, chefe = empresa_com_admin()
    de_fora = novo_usuario([nova_empresa()])

    assert chefe.put(f"/api/usuarios/{de_fora['id']}", json={"nome": "Invasão"}).status_code == 404
    assert chefe.put(f"/api/usuarios/{de_fora['id']}", json={"ativo": False}).status_code == 404
    assert chefe.delete(f"/api/usuarios/{de_fora['id']}").status_code == 404
    assert chefe.delete("/api/usuarios/999999999").status_code == 404
    assert chefe.put(f"/api/usuarios/{2**70}", json={}).status_code == 404
    assert de_fora["username"] not in {u["username"] for u in chefe.get("/api/usuarios").get_json()["items"]}


def test_usuario_de_duas_empresas_so_aparece_com_os_dados_da_atual(empresa_com_admin, nova_empresa, novo_usuario, admin):
    empresa_id, chefe = empresa_com_admin()
    outra = nova_empresa()
    compartilhado = novo_usuario([empresa_id, outra], ["cadastros:ler"])
    assert admin.renovar(empresa_id=outra).status_code == 200
    assert admin.put(f"/api/usuarios/{compartilhado['id']}", json={"permissoes": ["rh:ler"]}).status_code == 200

    [item] = [u for u in chefe.get("/api/usuarios").get_json()["items"] if u["id"] == compartilhado["id"]]

    assert item["permissoes"] == ["cadastros:ler"]
    # Removed from one empresa, the user keeps the other and stays active.
    assert chefe.delete(f"/api/usuarios/{compartilhado['id']}").status_code == 204
    assert admin.get("/api/usuarios").get_json()["items"][0]["ativo"] is True


def test_admin_de_empresa_nao_altera_admin_da_plataforma(empresa_com_admin, sql_dono, admin):
    empresa_id, chefe = empresa_com_admin()
    admin_id = admin.usuario["id"]
    sql_dono("INSERT INTO auth.membros (empresa_id, usuario_id, permissoes) VALUES (%s, %s, '{}')",
             (empresa_id, admin_id))

    assert chefe.put(f"/api/usuarios/{admin_id}", json={"password": "trocada-123"}).status_code == 403
    assert chefe.delete(f"/api/usuarios/{admin_id}").status_code == 403
    sql_dono("DELETE FROM auth.membros WHERE empresa_id = %s AND usuario_id = %s", (empresa_id, admin_id))


def test_ninguem_desativa_ou_remove_a_si_mesmo(empresa_com_admin):
    _, chefe = empresa_com_admin()
    eu = chefe.usuario["id"]

    desativar = chefe.put(f"/api/usuarios/{eu}", json={"ativo": False})
    remover = chefe.delete(f"/api/usuarios/{eu}")

    assert desativar.status_code == 409 and desativar.get_json()["campos"] == {"ativo": "Não é possível desativar a si mesmo"}
    assert remover.status_code == 409 and remover.get_json()["code"] == "conflito"
    assert chefe.get("/api/check-auth").status_code == 200


@pytest.mark.parametrize("mudanca", [
    {"password": "nova-senha-456"},
    {"permissoes": ["cadastros:ler"]},
    {"ativo": False},
])
def test_mudancas_de_acesso_encerram_as_sessoes_do_usuario(empresa_com_admin, novo_usuario, entrar, mudanca):
    empresa_id, chefe = empresa_com_admin()
    usuario = novo_usuario([empresa_id], ["financeiro:ler"])
    sessao = entrar(usuario["username"])

    assert chefe.put(f"/api/usuarios/{usuario['id']}", json=mudanca).status_code == 200

    assert sessao.get("/api/permissoes").status_code == 401
    assert sessao.renovar().status_code == 401


def test_mudanca_de_nome_nao_encerra_sessoes(empresa_com_admin, novo_usuario, entrar):
    empresa_id, chefe = empresa_com_admin()
    usuario = novo_usuario([empresa_id])
    sessao = entrar(usuario["username"])

    assert chefe.put(f"/api/usuarios/{usuario['id']}", json={"nome": "Outro Nome"}).status_code == 200

    assert sessao.get("/api/check-auth").get_json()["usuario"]["nome"] == "Outro Nome"


def test_senha_trocada_vale_no_proximo_login(empresa_com_admin, novo_usuario, client):
    empresa_id, chefe = empresa_com_admin()
    usuario = novo_usuario([empresa_id])

    assert chefe.put(f"/api/usuarios/{usuario['id']}", json={"password": " com espaços "}).status_code == 200

    entrar = {"username": usuario["username"], "password": " com espaços "}
    assert client.post("/api/login", json=entrar).status_code == 200
    assert client.post("/api/login", json={**entrar, "password": SENHA}).status_code == 401


def test_remocao_da_ultima_empresa_desativa_e_encerra_sessoes(empresa_com_admin, novo_usuario, entrar, sql_dono):
    empresa_id, chefe = empresa_com_admin()
    usuario = novo_usuario([empresa_id])
    sessao = entrar(usuario["username"])

    assert chefe.delete(f"/api/usuarios/{usuario['id']}").status_code == 204

    assert sessao.get("/api/check-auth").status_code == 401
    [linha] = sql_dono("SELECT ativo FROM auth.usuarios WHERE id = %s", (usuario["id"],))
    assert linha["ativo"] is False


def test_reativar_um_usuario(empresa_com_admin, novo_usuario, client):
    empresa_id, chefe = empresa_com_admin()
    usuario = novo_usuario([empresa_id])
    assert chefe.put(f"/api/usuarios/{usuario['id']}", json={"ativo": False}).get_json()["ativo"] is False

    assert chefe.put(f"/api/usuarios/{usuario['id']}", json={"ativo": True}).get_json()["ativo"] is True

    assert client.post("/api/login", json={"username": usuario["username"], "password": SENHA}).status_code == 200


def test_escritas_publicam_evento_da_empresa(empresa_com_admin, unico, redis_url):
    empresa_id, chefe = empresa_com_admin()
    with redis.Redis.from_url(redis_url) as cliente:
        antes = int(cliente.get(chave_geracao(empresa_id, "auth")) or 0)
        criado = chefe.post("/api/usuarios", json=_novo(unico("ev."), empresas=[empresa_id])).get_json()
        chefe.put(f"/api/usuarios/{criado['id']}", json={"nome": "Novo"})
        chefe.delete(f"/api/usuarios/{criado['id']}")
        assert int(cliente.get(chave_geracao(empresa_id, "auth"))) == antes + 3


def test_admin_da_plataforma_cria_em_varias_empresas(admin, nova_empresa, unico, entrar):
    primeira, segunda = nova_empresa(), nova_empresa()

    resposta = admin.post("/api/usuarios", json=_novo(unico("multi."), empresas=[primeira, segunda],
                                                      permissoes=["rh:ler"]))
    inexistente = admin.post("/api/usuarios", json=_novo(unico("multi."), empresas=[primeira, 999999]))

    assert resposta.status_code == 201
    sessao = entrar(resposta.get_json()["username"])
    assert [e["id"] for e in sessao.usuario["empresas"]] == [primeira, segunda]
    assert inexistente.status_code == 400
    assert inexistente.get_json()["campos"] == {"empresas": "Empresa inexistente: 999999"}


def test_admin_da_plataforma_troca_a_propria_senha_fora_de_qualquer_empresa(sql_dono, entrar, unico, client):
    username = unico("raiz.")
    sql_dono("INSERT INTO auth.usuarios (username, nome, senha_hash, plataforma_admin) VALUES (%s, 'Raiz', %s, true)",
             (username, senhas.gerar_hash(SENHA)))
    raiz = entrar(username)
    eu = raiz.usuario["id"]

    permissoes = raiz.put(f"/api/usuarios/{eu}", json={"permissoes": ["rh:ler"]})
    trocada = raiz.put(f"/api/usuarios/{eu}", json={"password": "senha-nova-456", "nome": "Raiz Nova"})

    assert permissoes.status_code == 400
    assert permissoes.get_json()["campos"] == {"permissoes": "O usuário não pertence à empresa atual"}
    assert trocada.status_code == 200
    assert trocada.get_json()["nome"] == "Raiz Nova" and trocada.get_json()["permissoes"] == []
    assert raiz.get("/api/check-auth").status_code == 401
    assert client.post("/api/login", json={"username": username, "password": "senha-nova-456"}).status_code == 200
