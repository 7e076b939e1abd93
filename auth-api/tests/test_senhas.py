"""Passwords: a user changes their own (POST /api/usuarios/eu/trocar-senha), must change one they did
not choose before doing anything else (`trocar_senha`), an administrator resets someone's
(POST /api/usuarios/<id>/redefinir-senha), and no new password is a common one or their own name."""
import json

import jwt
import pytest

from shared.config import REPO_ROOT

from auth import regras_de_senha, senhas

from .conftest import SENHA

TROCAR = "/api/usuarios/eu/trocar-senha"
NOVA = "outra-frase-secreta-42"


def _trocar(sessao, atual=SENHA, nova=NOVA, **extra):
    return sessao.post(TROCAR, json={"senha_atual": atual, "nova_senha": nova, **extra})


def _redefinir(sessao, usuario_id):
    return sessao.post(f"/api/usuarios/{usuario_id}/redefinir-senha")


def _login(client, username, password):
    return client.post("/api/login", json={"username": username, "password": password})


def _trilha(sessao, **filtros):
    return sessao.get("/api/auditoria", query_string={"limit": 500, **filtros}).get_json()["items"]


# ---------------------------------------------------------------- own change


def test_troca_a_propria_senha_encerra_as_outras_sessoes_e_mantem_esta(
        empresa_com_admin, novo_usuario, entrar, client, jwt_keys):
    empresa_id, chefe = empresa_com_admin()
    usuario = novo_usuario([empresa_id], ["cadastros:ler"])
    no_celular = entrar(usuario["username"])
    aqui = entrar(usuario["username"])

    resposta = _trocar(aqui)

    assert resposta.status_code == 200, resposta.get_json()
    corpo = resposta.get_json()
    assert set(corpo) == {"token", "expires_in", "usuario"} and corpo["usuario"]["trocar_senha"] is False
    assert {c.split("=", 1)[0] for c in resposta.headers.getlist("Set-Cookie")} == {"erp_sessao", "erp_csrf"}
    claims = jwt.decode(corpo["token"], jwt_keys.public_pem, algorithms=["EdDSA"], audience="erp-web")
    assert claims["sid"] == jwt.decode(aqui.token, options={"verify_signature": False})["sid"]
    assert claims["trocar_senha"] is False
    # This session goes on, with the old token and the new one; the other one ended everywhere.
    assert aqui.get("/api/check-auth").status_code == 200
    aqui.token = corpo["token"]
    assert aqui.get("/api/check-auth").status_code == 200 and aqui.renovar().status_code == 200
    assert no_celular.get("/api/check-auth").status_code == 401
    assert no_celular.renovar().status_code == 401
    assert _login(client, usuario["username"], SENHA).status_code == 401
    assert _login(client, usuario["username"], NOVA).status_code == 200

    [registro] = [r for r in _trilha(chefe, entidade="usuario") if r["acao"] == "trocar_senha"]
    assert registro["username"] == usuario["username"] and registro["entidade_id"] == str(usuario["id"])
    assert registro["depois"] == {"senha_alterada": True, "trocar_senha": False, "outras_sessoes_encerradas": 1}
    texto = json.dumps(_trilha(chefe))
    assert NOVA not in texto and SENHA not in texto and "argon2" not in texto


@pytest.mark.parametrize("corpo, campos", [
    ({"senha_atual": "nao-e-esta-123", "nova_senha": NOVA}, {"senha_atual": "Senha atual incorreta"}),
    ({"senha_atual": SENHA, "nova_senha": "curta"}, {"nova_senha": "Deve ter pelo menos 8 caractere(s)"}),
    ({"senha_atual": SENHA, "nova_senha": SENHA}, {"nova_senha": regras_de_senha.REPETIDA}),
    ({"senha_atual": SENHA, "nova_senha": "Password123"}, {"nova_senha": regras_de_senha.COMUM}),
    ({"senha_atual": SENHA, "nova_senha": "Flamengo2024"}, {"nova_senha": regras_de_senha.COMUM}),
    ({"senha_atual": SENHA, "nova_senha": "Coração123"}, {"nova_senha": regras_de_senha.COMUM}),
    ({"senha_atual": SENHA, "nova_senha": "Pessoa de Teste"}, {"nova_senha": regras_de_senha.PESSOAL}),
    ({"senha_atual": SENHA, "nova_senha": "pessoadeteste"}, {"nova_senha": regras_de_senha.PESSOAL}),
    ({"nova_senha": NOVA}, {"senha_atual": "Campo obrigatório"}),
    ({"senha_atual": SENHA, "nova_senha": NOVA, "usuario_id": 1}, {"usuario_id": "Campo desconhecido"}),
])
def test_validacao_da_troca_nomeia_o_campo_e_nada_muda(empresa_com_admin, novo_usuario, entrar, client, corpo, campos):
    empresa_id, _ = empresa_com_admin()
    usuario = novo_usuario([empresa_id])
    sessao = entrar(usuario["username"])
    outra = entrar(usuario["username"])

    resposta = sessao.post(TROCAR, json=corpo)

    assert resposta.status_code == 400
    assert resposta.get_json()["code"] == "validacao" and resposta.get_json()["campos"] == campos
    assert _login(client, usuario["username"], SENHA).status_code == 200
    assert outra.get("/api/check-auth").status_code == 200


def test_senha_igual_ao_username_e_recusada(empresa_com_admin, novo_usuario, entrar, unico):
    empresa_id, _ = empresa_com_admin()
    username = unico("fotografo.")
    sessao = entrar(novo_usuario([empresa_id], username=username)["username"])

    resposta = _trocar(sessao, nova=username.upper())

    assert resposta.get_json()["campos"] == {"nova_senha": regras_de_senha.PESSOAL}


def test_senha_atual_errada_conta_como_falha_de_login(empresa_com_admin, novo_usuario, entrar, client):
    empresa_id, _ = empresa_com_admin()
    usuario = novo_usuario([empresa_id])
    sessao = entrar(usuario["username"])

    tentativas = [_trocar(sessao, atual=f"chute-{n}-xyz").status_code for n in range(5)]

    assert tentativas == [400] * 5
    # The sixth try is refused, here and at the login, even with the right password.
    assert _trocar(sessao).status_code == 429
    assert _login(client, usuario["username"], SENHA).status_code == 429
    assert sessao.get("/api/check-auth").status_code == 200


def test_troca_sem_sessao_e_401(client):
    resposta = client.post(TROCAR, json={"senha_atual": SENHA, "nova_senha": NOVA})

    assert resposta.status_code == 401 and resposta.get_json()["code"] == "nao_autenticado"


def test_admin_da_plataforma_troca_a_propria(sql_dono, entrar, unico, client):
    """(With no empresa at all, the log keeps the change: test_plataforma_vazia.py.)"""
    username = unico("raiz.")
    sql_dono("INSERT INTO auth.usuarios (username, nome, senha_hash, plataforma_admin) VALUES (%s, 'Raiz', %s, true)",
             (username, senhas.gerar_hash(SENHA)))
    raiz = entrar(username)

    resposta = _trocar(raiz)

    assert resposta.status_code == 200, resposta.get_json()
    assert resposta.get_json()["usuario"]["plataforma_admin"] is True
    assert _login(client, username, NOVA).status_code == 200


# ---------------------------------------------------------------- forced change


def test_senha_dada_na_criacao_obriga_a_troca_antes_de_tudo(admin, nova_empresa, entrar, unico, client, jwt_keys):
    empresa_id = nova_empresa()
    criado = admin.post("/api/usuarios", json={
        "username": unico("nova."), "nome": "Nova Pessoa", "password": SENHA, "empresas": [empresa_id],
        "permissoes": ["admin", "cadastros:ler"], "trocar_senha": True}).get_json()
    assert criado["trocar_senha"] is True

    sessao = entrar(criado["username"])

    assert sessao.usuario["trocar_senha"] is True and sessao.usuario["permissoes"] == ["admin", "cadastros:ler"]
    claims = jwt.decode(sessao.token, jwt_keys.public_pem, algorithms=["EdDSA"], audience="erp-web")
    assert claims["trocar_senha"] is True
    for recusada in (sessao.get("/api/usuarios"), sessao.get("/api/empresas"), sessao.get("/api/auditoria"),
                     sessao.get("/api/permissoes"), sessao.post("/api/usuarios", json={}),
                     _redefinir(sessao, criado["id"])):
        assert recusada.status_code == 403
        assert recusada.get_json() == {"error": "Troque a sua senha para continuar", "code": "sem_permissao"}
    # What the session may still do: see who it is, stay open, change the password, leave.
    assert sessao.get("/api/check-auth").get_json()["usuario"]["trocar_senha"] is True
    assert sessao.renovar().status_code == 200 and sessao.usuario["trocar_senha"] is True

    trocada = _trocar(sessao)

    assert trocada.status_code == 200 and trocada.get_json()["usuario"]["trocar_senha"] is False
    sessao.token = trocada.get_json()["token"]
    assert sessao.get("/api/usuarios").status_code == 200
    assert _login(client, criado["username"], NOVA).get_json()["usuario"]["trocar_senha"] is False
    assert sessao.post("/api/logout").status_code == 204


def test_sessao_que_deve_trocar_a_senha_pode_sair(admin, nova_empresa, entrar, unico):
    criado = admin.post("/api/usuarios", json={
        "username": unico("sai."), "nome": "Quem Sai", "password": SENHA, "empresas": [nova_empresa()],
        "trocar_senha": True}).get_json()
    sessao = entrar(criado["username"])

    assert sessao.post("/api/logout").status_code == 204
    assert sessao.get("/api/check-auth").status_code == 401


# ---------------------------------------------------------------- administrator's reset


def test_admin_redefine_a_senha_de_um_membro(empresa_com_admin, novo_usuario, entrar, client):
    empresa_id, chefe = empresa_com_admin()
    usuario = novo_usuario([empresa_id], ["cadastros:ler"])
    sessao = entrar(usuario["username"])

    resposta = _redefinir(chefe, usuario["id"])

    assert resposta.status_code == 200
    temporaria = resposta.get_json()["senha_temporaria"]
    assert set(resposta.get_json()) == {"senha_temporaria"}
    assert len(temporaria) == 19 and temporaria.count("-") == 3 and not regras_de_senha.eh_comum(temporaria)
    assert _redefinir(chefe, usuario["id"]).get_json()["senha_temporaria"] != temporaria  # a new one each time
    temporaria = _redefinir(chefe, usuario["id"]).get_json()["senha_temporaria"]
    # Their sessions ended; the old password opens nothing; the temporary one only the change.
    assert sessao.get("/api/check-auth").status_code == 401
    assert _login(client, usuario["username"], SENHA).status_code == 401
    provisoria = entrar(usuario["username"], temporaria)
    assert provisoria.usuario["trocar_senha"] is True
    assert provisoria.get("/api/empresas").status_code == 403
    [item] = [u for u in chefe.get("/api/usuarios").get_json()["items"] if u["id"] == usuario["id"]]
    assert item["trocar_senha"] is True

    assert _trocar(provisoria, atual=temporaria).status_code == 200
    assert _login(client, usuario["username"], NOVA).get_json()["usuario"]["trocar_senha"] is False

    redefinicoes = [r for r in _trilha(chefe, entidade="usuario") if r["acao"] == "redefinir_senha"]
    assert len(redefinicoes) == 3 and redefinicoes[0]["username"] == chefe.usuario["username"]
    assert redefinicoes[0]["antes"]["trocar_senha"] is True and redefinicoes[-1]["antes"]["trocar_senha"] is False
    assert redefinicoes[0]["depois"]["trocar_senha"] is True and redefinicoes[0]["depois"]["senha_redefinida"] is True
    assert temporaria not in json.dumps(_trilha(chefe)) and "argon2" not in json.dumps(_trilha(chefe))


def test_redefinicao_segue_as_regras_de_quem_altera_quem(empresa_com_admin, nova_empresa, novo_usuario, entrar,
                                                          admin, sql_dono):
    empresa_id, chefe = empresa_com_admin()
    de_fora = novo_usuario([nova_empresa()])
    colega = novo_usuario([empresa_id], ["cadastros:ler"])
    sem_admin = entrar(colega["username"])
    sql_dono("INSERT INTO auth.membros (empresa_id, usuario_id, permissoes) VALUES (%s, %s, '{}')",
             (empresa_id, admin.usuario["id"]))
    try:
        plataforma = _redefinir(chefe, admin.usuario["id"])
    finally:
        sql_dono("DELETE FROM auth.membros WHERE empresa_id = %s AND usuario_id = %s", (empresa_id, admin.usuario["id"]))

    # Another empresa's user (or nobody at all) is not found; a platform admin is not theirs to reset.
    assert _redefinir(chefe, de_fora["id"]).status_code == 404
    assert _redefinir(chefe, 999_999_999).status_code == 404
    assert _redefinir(chefe, 2**70).status_code == 404
    assert plataforma.status_code == 403
    proprio = _redefinir(chefe, chefe.usuario["id"])
    assert proprio.status_code == 409 and "Trocar senha" in proprio.get_json()["error"]
    negado = _redefinir(sem_admin, chefe.usuario["id"])
    assert negado.status_code == 403 and negado.get_json()["error"] == "Você não tem a permissão admin"
    assert chefe.get("/api/check-auth").status_code == 200  # nothing of theirs changed


def test_admin_da_plataforma_redefine_fora_da_empresa_atual(admin, nova_empresa, novo_usuario, client):
    usuario = novo_usuario([nova_empresa()])

    resposta = _redefinir(admin, usuario["id"])

    assert resposta.status_code == 200
    entrada = _login(client, usuario["username"], resposta.get_json()["senha_temporaria"])
    assert entrada.get_json()["usuario"]["trocar_senha"] is True


# ---------------------------------------------------------------- every new password


@pytest.mark.parametrize("senha, mensagem", [
    ("12345678", regras_de_senha.COMUM),
    ("Mudar@123", regras_de_senha.COMUM),
    ("iloveyou", regras_de_senha.COMUM),
    ("Ana Souza", regras_de_senha.PESSOAL),
])
def test_criacao_e_alteracao_recusam_senha_comum_ou_pessoal(empresa_com_admin, novo_usuario, unico, senha, mensagem):
    empresa_id, chefe = empresa_com_admin()
    alvo = novo_usuario([empresa_id])
    corpo = {"username": unico("nova."), "nome": "Ana Souza", "password": senha, "empresas": [empresa_id]}

    criacao = chefe.post("/api/usuarios", json=corpo)
    alteracao = chefe.put(f"/api/usuarios/{alvo['id']}", json={"password": senha, "nome": "Ana Souza"})

    assert criacao.status_code == 400 and criacao.get_json()["campos"] == {"password": mensagem}
    assert alteracao.status_code == 400 and alteracao.get_json()["campos"] == {"password": mensagem}
    nomes = {u["username"] for u in chefe.get("/api/usuarios").get_json()["items"]}
    assert corpo["username"] not in nomes


def test_criacao_com_senha_igual_ao_username(empresa_com_admin, unico):
    empresa_id, chefe = empresa_com_admin()
    username = unico("igual.")

    resposta = chefe.post("/api/usuarios", json={"username": username, "nome": "Igual", "password": username,
                                                 "empresas": [empresa_id]})

    assert resposta.get_json()["campos"] == {"password": regras_de_senha.PESSOAL}


def test_listas_de_senhas_comuns_tem_licenca_e_origem():
    pasta = REPO_ROOT / "auth-api" / "auth" / "senhas_comuns"
    assert "Permission is hereby granted" in (pasta / "LICENCA-zxcvbn-ts.txt").read_text()
    assert "@zxcvbn-ts/language-common" in (pasta / "LEIAME.md").read_text()
    comuns = regras_de_senha.comuns()
    assert len(comuns) > 50_000 and {"password", "senha123", "flamengo10", "mudar@123"} <= comuns


# ---------------------------------------------------------------- OpenAPI


def test_openapi_das_rotas_de_senha(client):
    documento = client.get("/openapi.json").get_json()
    troca = documento["paths"]["/api/usuarios/eu/trocar-senha"]["post"]
    redefinicao = documento["paths"]["/api/usuarios/{usuario_id}/redefinir-senha"]["post"]
    esquemas = documento["components"]["schemas"]

    assert troca["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/TrocaDeSenha")
    assert set(esquemas["TrocaDeSenha"]["required"]) == {"senha_atual", "nova_senha"}
    assert troca["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/SessaoEmitida")
    assert {"400", "401", "409", "429"} <= set(troca["responses"])
    assert "requestBody" not in redefinicao and redefinicao["x-permissao"] == "admin"
    assert redefinicao["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/SenhaTemporaria")
    assert {"403", "404", "409"} <= set(redefinicao["responses"])
    assert "trocar_senha" in esquemas["Perfil"]["properties"] and "trocar_senha" in esquemas["NovoUsuario"]["properties"]
