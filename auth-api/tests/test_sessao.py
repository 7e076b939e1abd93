"""The session after login: logout, renewal (sliding, empresa switch), check-auth, permissions,
and the browser's cookies with their CSRF guard."""
import time

import jwt
import redis

from shared.auth import chave_revogacao


def test_check_auth_devolve_o_usuario_como_o_login(entrar, nova_empresa, novo_usuario):
    usuario = novo_usuario([nova_empresa()], ["dashboard:ler"])
    sessao = entrar(usuario["username"])

    resposta = sessao.get("/api/check-auth")

    assert resposta.status_code == 200
    assert resposta.get_json() == {"usuario": sessao.usuario}


def test_permissoes_sao_as_do_token(entrar, nova_empresa, novo_usuario):
    usuario = novo_usuario([nova_empresa()], ["rh:escrever", "dashboard:ler"])

    resposta = entrar(usuario["username"]).get("/api/permissoes")

    assert resposta.get_json() == {"permissoes": ["dashboard:ler", "rh:escrever"]}


def test_sem_token_as_rotas_da_sessao_dao_401(client):
    for metodo, rota in [("get", "/api/check-auth"), ("get", "/api/permissoes"),
                         ("post", "/api/logout"), ("post", "/api/renovar-sessao")]:
        resposta = getattr(client, metodo)(rota)
        assert resposta.status_code == 401, rota
        assert resposta.get_json()["code"] == "nao_autenticado"


def test_logout_revoga_o_token_em_redis_e_no_banco(entrar, nova_empresa, novo_usuario, redis_url, sql_dono):
    usuario = novo_usuario([nova_empresa()])
    sessao = entrar(usuario["username"])
    sid = jwt.decode(sessao.token, options={"verify_signature": False})["sid"]

    resposta = sessao.post("/api/logout")

    assert resposta.status_code == 204
    assert sessao.get("/api/check-auth").status_code == 401
    assert sessao.get("/api/permissoes").status_code == 401
    with redis.Redis.from_url(redis_url) as cliente:
        assert 600 < cliente.ttl(chave_revogacao(sid)) <= 700
    [linha] = sql_dono("SELECT revogada_em FROM auth.sessoes WHERE id = %s", (sid,))
    assert linha["revogada_em"] is not None


def test_logout_de_uma_sessao_nao_derruba_as_outras(entrar, nova_empresa, novo_usuario):
    usuario = novo_usuario([nova_empresa()])
    celular, computador = entrar(usuario["username"]), entrar(usuario["username"])

    assert celular.post("/api/logout").status_code == 204

    assert computador.get("/api/check-auth").status_code == 200


def test_sessao_revogada_so_no_banco_tambem_da_401_no_check_auth_e_na_renovacao(
        entrar, nova_empresa, novo_usuario, sql_dono):
    # As if Redis had lost the revocation: Postgres still says no.
    usuario = novo_usuario([nova_empresa()])
    sessao = entrar(usuario["username"])
    sid = jwt.decode(sessao.token, options={"verify_signature": False})["sid"]
    sql_dono("UPDATE auth.sessoes SET revogada_em = now() WHERE id = %s", (sid,))

    assert sessao.get("/api/check-auth").status_code == 401
    assert sessao.renovar().status_code == 401


def test_renovar_emite_token_novo_e_prolonga_a_sessao(entrar, nova_empresa, novo_usuario, sql_dono):
    usuario = novo_usuario([nova_empresa()], ["financeiro:ler"])
    sessao = entrar(usuario["username"])
    antigo = sessao.token
    sid = jwt.decode(antigo, options={"verify_signature": False})["sid"]
    [antes] = sql_dono("SELECT expira_em, ultimo_uso FROM auth.sessoes WHERE id = %s", (sid,))
    time.sleep(0.05)

    resposta = sessao.renovar()

    assert resposta.status_code == 200
    corpo = resposta.get_json()
    assert set(corpo) == {"token", "expires_in", "usuario"}
    assert corpo["token"] != antigo and corpo["usuario"]["permissoes"] == ["financeiro:ler"]
    claims = jwt.decode(corpo["token"], options={"verify_signature": False})
    assert claims["sid"] == sid
    [depois] = sql_dono("SELECT expira_em, ultimo_uso FROM auth.sessoes WHERE id = %s", (sid,))
    assert depois["expira_em"] > antes["expira_em"] and depois["ultimo_uso"] > antes["ultimo_uso"]
    assert abs((depois["expira_em"] - depois["ultimo_uso"]).total_seconds() - 12 * 3600) < 1
    assert sessao.get("/api/check-auth").status_code == 200


def test_renovar_aceita_corpo_vazio_ou_ausente(entrar, nova_empresa, novo_usuario):
    sessao = entrar(novo_usuario([nova_empresa()])["username"])
    cabecalho = {"Authorization": f"Bearer {sessao.token}"}

    sem_corpo = sessao.client.post("/api/renovar-sessao", headers=cabecalho)
    json_vazio = sessao.client.post("/api/renovar-sessao", headers=cabecalho, json={})
    campo_errado = sessao.client.post("/api/renovar-sessao", headers=cabecalho, json={"empresa": 1})

    assert sem_corpo.status_code == 200 and json_vazio.status_code == 200
    assert campo_errado.status_code == 400 and "empresa" in campo_errado.get_json()["campos"]


def test_renovar_rejeita_sessao_encerrada_ou_expirada(entrar, nova_empresa, novo_usuario, sql_dono):
    usuario = novo_usuario([nova_empresa()])
    encerrada, expirada = entrar(usuario["username"]), entrar(usuario["username"])
    antigo = encerrada.token
    assert encerrada.post("/api/logout").status_code == 204
    sid = jwt.decode(expirada.token, options={"verify_signature": False})["sid"]
    sql_dono("UPDATE auth.sessoes SET expira_em = now() - interval '1 second' WHERE id = %s", (sid,))

    assert encerrada.renovar().status_code == 401
    assert encerrada.token == antigo
    resposta = expirada.renovar()
    assert resposta.status_code == 401
    assert resposta.get_json() == {"error": "Sessão encerrada; entre novamente", "code": "nao_autenticado"}


def test_renovar_para_empresa_alheia_da_403_e_nao_muda_a_sessao(entrar, nova_empresa, novo_usuario):
    minha, alheia = nova_empresa(), nova_empresa()
    sessao = entrar(novo_usuario([minha])["username"])

    negada = sessao.renovar(empresa_id=alheia)

    assert negada.status_code == 403
    assert negada.get_json() == {"error": f"Você não tem acesso à empresa {alheia}", "code": "sem_permissao"}
    assert sessao.renovar().get_json()["usuario"]["empresa_id"] == minha


def test_renovar_troca_de_empresa_e_le_as_permissoes_de_novo(entrar, nova_empresa, novo_usuario, sql_dono):
    primeira, segunda = nova_empresa(), nova_empresa()
    usuario = novo_usuario([primeira, segunda], ["financeiro:ler"])
    sql_dono("UPDATE auth.membros SET permissoes = '{rh:escrever}' WHERE empresa_id = %s AND usuario_id = %s",
             (segunda, usuario["id"]))
    sessao = entrar(usuario["username"])
    assert sessao.usuario["empresa_id"] == primeira

    resposta = sessao.renovar(empresa_id=segunda)

    assert resposta.status_code == 200
    assert resposta.get_json()["usuario"]["empresa_id"] == segunda
    assert resposta.get_json()["usuario"]["permissoes"] == ["rh:escrever"]
    claims = jwt.decode(sessao.token, options={"verify_signature": False})
    assert claims["emp"] == segunda and claims["perms"] == ["rh:escrever"]
    # Later renewals stay in the chosen empresa.
    assert sessao.renovar().get_json()["usuario"]["empresa_id"] == segunda


def test_cookies_de_sessao_e_csrf(client, nova_empresa, novo_usuario):
    usuario = novo_usuario([nova_empresa()])

    resposta = client.post("/api/login", json={"username": usuario["username"], "password": "senha-boa-123"})

    cookies = {c.split("=", 1)[0]: c for c in resposta.headers.getlist("Set-Cookie")}
    sessao, csrf = cookies["erp_sessao"], cookies["erp_csrf"]
    assert sessao.startswith(f"erp_sessao={resposta.get_json()['token']};")
    for cookie in (sessao, csrf):
        assert "SameSite=Strict" in cookie and "Path=/" in cookie and "Max-Age=43200" in cookie
        assert "Secure" not in cookie  # COOKIE_SECURE is off in tests (plain http)
    assert "HttpOnly" in sessao
    assert "HttpOnly" not in csrf
    valor_csrf = csrf.split(";", 1)[0].split("=", 1)[1]
    assert valor_csrf == jwt.decode(resposta.get_json()["token"], options={"verify_signature": False})["csrf"]


def test_cookie_secure_quando_configurado(service_env, nova_empresa, novo_usuario):
    from auth import create_app

    usuario = novo_usuario([nova_empresa()])
    cliente = create_app({**service_env, "COOKIE_SECURE": "true"}).test_client()

    resposta = cliente.post("/api/login", json={"username": usuario["username"], "password": "senha-boa-123"},
                            headers={"X-Forwarded-For": "10.250.0.1"})

    assert all("Secure" in c for c in resposta.headers.getlist("Set-Cookie"))


def test_post_autenticado_por_cookie_exige_o_cabecalho_csrf(client, nova_empresa, novo_usuario):
    usuario = novo_usuario([nova_empresa()])
    assert client.post("/api/login", json={"username": usuario["username"], "password": "senha-boa-123"}).status_code == 200
    csrf = client.get_cookie("erp_csrf").value

    assert client.get("/api/check-auth").status_code == 200  # safe method: the cookie is enough
    sem = client.post("/api/renovar-sessao")
    errado = client.post("/api/renovar-sessao", headers={"X-CSRF-Token": "outro"})
    certo = client.post("/api/renovar-sessao", headers={"X-CSRF-Token": csrf})

    assert sem.status_code == 403 and sem.get_json()["code"] == "sem_permissao"
    assert errado.status_code == 403
    assert certo.status_code == 200
    # The session keeps its CSRF value across renewals.
    assert client.get_cookie("erp_csrf").value == csrf
    assert client.post("/api/logout", headers={"X-CSRF-Token": csrf}).status_code == 204


def test_logout_apaga_os_cookies(client, nova_empresa, novo_usuario):
    usuario = novo_usuario([nova_empresa()])
    client.post("/api/login", json={"username": usuario["username"], "password": "senha-boa-123"})
    csrf = client.get_cookie("erp_csrf").value

    resposta = client.post("/api/logout", headers={"X-CSRF-Token": csrf})

    assert resposta.status_code == 204
    assert client.get_cookie("erp_sessao") is None and client.get_cookie("erp_csrf") is None
    assert client.get("/api/check-auth").status_code == 401


def test_renovar_aceita_token_de_acesso_expirado_enquanto_a_sessao_vive(
        entrar, nova_empresa, novo_usuario, client, jwt_keys):
    """The 12-hour sliding session outlives its 10-minute access tokens: a laptop that slept past
    `exp` renews with its last token, which no other route accepts."""
    usuario = novo_usuario([nova_empresa()])
    sessao = entrar(usuario["username"])
    claims = jwt.decode(sessao.token, options={"verify_signature": False})
    claims.update(iat=claims["iat"] - 3600, nbf=claims["nbf"] - 3600, exp=int(time.time()) - 3000)
    vencido = jwt.encode(claims, jwt_keys.private_pem, algorithm="EdDSA", headers={"kid": jwt_keys.kid})
    cabecalho = {"Authorization": f"Bearer {vencido}"}

    assert client.get("/api/check-auth", headers=cabecalho).status_code == 401
    renovada = client.post("/api/renovar-sessao", headers=cabecalho)

    assert renovada.status_code == 200
    novo = renovada.get_json()["token"]
    assert client.get("/api/check-auth", headers={"Authorization": f"Bearer {novo}"}).status_code == 200
    assert sessao.post("/api/logout").status_code == 204
    assert client.post("/api/renovar-sessao", headers=cabecalho).status_code == 401
