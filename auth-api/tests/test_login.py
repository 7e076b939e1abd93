"""POST /api/login: the contract's shape, one answer for every bad credential, the empresa choice,
and the failed-attempt limit (the 6th failure in a minute, per username or per IP, is a 429)."""
import jwt

from shared.auth import CLAIMS_OBRIGATORIAS

SENHA = "senha-boa-123"
PERMISSOES_TODAS = sorted(
    [f"{m}:{a}" for m in ("cadastros", "financeiro", "relatorios", "operacional", "rh", "dashboard")
     for a in ("ler", "escrever")] + ["admin"]
)


def _login(client, username, password=SENHA, ip=None, **extra):
    headers = {"X-Forwarded-For": ip} if ip else {}
    return client.post("/api/login", json={"username": username, "password": password, **extra}, headers=headers)


def test_login_devolve_token_e_usuario_no_formato_do_contrato(client, nova_empresa, novo_usuario, jwt_keys):
    empresa_id = nova_empresa("Estúdio Luz")
    usuario = novo_usuario([empresa_id], ["financeiro:ler", "cadastros:escrever"])

    resposta = _login(client, usuario["username"])

    assert resposta.status_code == 200
    corpo = resposta.get_json()
    assert set(corpo) == {"token", "expires_in", "usuario"}
    assert corpo["expires_in"] == 600
    assert corpo["usuario"] == {
        "id": usuario["id"],
        "username": usuario["username"],
        "nome": "Pessoa de Teste",
        "empresa_id": empresa_id,
        "empresas": [{"id": empresa_id, "nome": "Estúdio Luz"}],
        "permissoes": ["cadastros:escrever", "financeiro:ler"],
        "plataforma_admin": False,
        "trocar_senha": False,
    }
    cabecalho = jwt.get_unverified_header(corpo["token"])
    assert cabecalho["alg"] == "EdDSA" and cabecalho["kid"] == jwt_keys.kid
    claims = jwt.decode(corpo["token"], jwt_keys.public_pem, algorithms=["EdDSA"], audience="erp-web")
    assert set(CLAIMS_OBRIGATORIAS) | {"nbf", "jti", "emp", "plat"} <= set(claims)
    assert claims["sub"] == str(usuario["id"]) and claims["usr"] == usuario["username"]
    assert claims["emp"] == empresa_id and claims["plat"] is False
    assert claims["perms"] == ["cadastros:escrever", "financeiro:ler"]
    assert claims["exp"] - claims["iat"] == 600


def test_username_nao_diferencia_maiusculas(client, nova_empresa, novo_usuario):
    usuario = novo_usuario([nova_empresa()])
    assert _login(client, "  " + usuario["username"].upper()).status_code == 200


def test_credenciais_ruins_dao_401_com_a_mesma_mensagem(client, nova_empresa, novo_usuario, admin, novo_ip):
    empresa_id = nova_empresa()
    usuario = novo_usuario([empresa_id])
    inativo = novo_usuario([empresa_id])
    # The platform admin acts in its current empresa: enter the empresa to deactivate the user.
    assert admin.renovar(empresa_id=empresa_id).status_code == 200
    assert admin.put(f"/api/usuarios/{inativo['id']}", json={"ativo": False}).status_code == 200

    respostas = [
        _login(client, usuario["username"], "senha-errada", ip=novo_ip()),
        _login(client, "nao.existe", SENHA, ip=novo_ip()),
        _login(client, inativo["username"], SENHA, ip=novo_ip()),
    ]

    assert [r.status_code for r in respostas] == [401, 401, 401]
    assert [r.get_json() for r in respostas] == [
        {"error": "Usuário ou senha inválidos", "code": "nao_autenticado"}
    ] * 3


def test_escolhe_a_empresa_pedida_e_por_padrao_a_primeira(client, nova_empresa, novo_usuario):
    primeira, segunda = nova_empresa(), nova_empresa()
    usuario = novo_usuario([segunda, primeira], ["rh:ler"])

    padrao = _login(client, usuario["username"]).get_json()["usuario"]
    pedida = _login(client, usuario["username"], empresa_id=segunda).get_json()["usuario"]

    assert padrao["empresa_id"] == primeira
    assert [e["id"] for e in padrao["empresas"]] == [primeira, segunda]
    assert pedida["empresa_id"] == segunda and pedida["permissoes"] == ["rh:ler"]


def test_empresa_alheia_da_403(client, nova_empresa, novo_usuario):
    minha, alheia = nova_empresa(), nova_empresa()
    usuario = novo_usuario([minha])

    resposta = _login(client, usuario["username"], empresa_id=alheia)

    assert resposta.status_code == 403
    assert resposta.get_json() == {"error": f"Você não tem acesso à empresa {alheia}", "code": "sem_permissao"}


def test_admin_da_plataforma_ve_todas_as_empresas_com_todas_as_permissoes(client, nova_empresa, service_env):
    ids = {nova_empresa(), nova_empresa()}

    usuario = _login(client, "admin", service_env["ERP_ADMIN_PASSWORD"]).get_json()["usuario"]

    assert ids <= {e["id"] for e in usuario["empresas"]}
    assert usuario["empresa_id"] == usuario["empresas"][0]["id"]
    assert usuario["permissoes"] == PERMISSOES_TODAS
    assert usuario["plataforma_admin"] is True


def test_sexta_falha_do_mesmo_username_da_429_mesmo_de_ips_diferentes(client, nova_empresa, novo_usuario, novo_ip):
    usuario = novo_usuario([nova_empresa()])

    falhas = [_login(client, usuario["username"], "errada", ip=novo_ip()).status_code for _ in range(5)]
    sexta = _login(client, usuario["username"], "errada", ip=novo_ip())
    # The lock holds even for the right password, and only for that username.
    certa = _login(client, usuario["username"], SENHA, ip=novo_ip())

    assert falhas == [401] * 5
    assert sexta.status_code == 429
    assert sexta.get_json()["code"] == "limite_excedido"
    assert certa.status_code == 429
    outro = novo_usuario([nova_empresa()])
    assert _login(client, outro["username"], ip=novo_ip()).status_code == 200


def test_sexta_falha_do_mesmo_ip_da_429_mesmo_com_usernames_diferentes(client, novo_ip):
    ip = novo_ip()

    falhas = [_login(client, f"ninguem.{n}", "errada", ip=ip).status_code for n in range(5)]
    sexta = _login(client, "ninguem.6", "errada", ip=ip)

    assert falhas == [401] * 5
    assert sexta.status_code == 429
    assert _login(client, "ninguem.7", "errada", ip=novo_ip()).status_code == 401


def test_so_falhas_contam_para_o_limite(client, nova_empresa, novo_usuario, novo_ip):
    usuario = novo_usuario([nova_empresa()])
    ip = novo_ip()

    for _ in range(4):
        assert _login(client, usuario["username"], "errada", ip=ip).status_code == 401
    sucessos = [_login(client, usuario["username"], ip=ip).status_code for _ in range(3)]
    invalidos = [client.post("/api/login", json={"username": usuario["username"]},
                             headers={"X-Forwarded-For": ip}).status_code for _ in range(3)]

    assert sucessos == [200] * 3
    assert invalidos == [400] * 3
    assert _login(client, usuario["username"], "errada", ip=ip).status_code == 401
    assert _login(client, usuario["username"], "errada", ip=ip).status_code == 429


def test_validacao_do_login_nomeia_os_campos(client):
    resposta = client.post("/api/login", json={"username": "", "empresa_id": "x"})

    assert resposta.status_code == 400
    campos = resposta.get_json()["campos"]
    assert set(campos) == {"username", "password", "empresa_id"}
    assert campos["password"] == "Campo obrigatório"


def test_removido_da_unica_empresa_nao_entra_mais(client, nova_empresa, novo_usuario, admin):
    empresa_id = nova_empresa()
    usuario = novo_usuario([empresa_id])
    assert admin.renovar(empresa_id=empresa_id).status_code == 200
    assert admin.delete(f"/api/usuarios/{usuario['id']}").status_code == 204

    # Left without empresas, the user was deactivated: bad credentials, like any other.
    assert _login(client, usuario["username"]).status_code == 401


def test_usuario_so_de_empresas_inativas_recebe_403(client, nova_empresa, novo_usuario, sql_dono):
    empresa_id = nova_empresa()
    usuario = novo_usuario([empresa_id])
    sql_dono("UPDATE auth.empresas SET ativa = false WHERE id = %s", (empresa_id,))

    resposta = _login(client, usuario["username"])

    assert resposta.status_code == 403
    assert resposta.get_json()["error"] == "Seu usuário não tem acesso a nenhuma empresa ativa"
