"""No input makes a 500: junk bodies, queries, paths and headers get a 4xx in the contract's envelope.
Plus the platform surface: /health, /ready and an OpenAPI document covering every route."""
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ESCRITAS = [("post", "/api/login"), ("post", "/api/renovar-sessao"), ("post", "/api/usuarios"),
            ("put", "/api/usuarios/{alvo}"), ("post", "/api/empresas")]

LIXO = [
    (b"{nao e json", "application/json"),
    (b"", "application/json"),
    (b"[]", "application/json"),
    (b"null", "application/json"),
    (b'"texto"', "application/json"),
    (b"1e999", "application/json"),
    (b"NaN", "application/json"),
    (b'{"empresa_id": NaN}', "application/json"),
    (b"\xff\xfe\x00", "application/json"),
    (b"[" * 50000 + b"]" * 50000, "application/json"),
    (b'{"username": "a"}', "text/plain"),
    (b"username=admin&password=x", "application/x-www-form-urlencoded"),
    (json.dumps({"username": 5, "nome": [], "password": {}, "empresas": "x", "permissoes": [1, None],
                 "empresa_id": True, "cnpj": 12, "ativo": "sim"}).encode(), "application/json"),
    (json.dumps({"username": "x\u0000y", "nome": "\u0000", "password": "senha\u0000senha",
                 "empresas": [1], "cnpj": "\u0000"}).encode(), "application/json"),
    (json.dumps({"username": "u" * 1_000_000, "nome": "n" * 1_000_000, "password": "p" * 1_000_000,
                 "empresas": [1], "cnpj": "c" * 1_000_000}).encode(), "application/json"),
    (json.dumps({"empresa_id": 10**30, "empresas": [10**30, -1, 0], "permissoes": ["x" * 10_000]}).encode(),
     "application/json"),
    (json.dumps({"empresa_id": 1.5, "empresas": [1.0]}).encode(), "application/json"),
]


def _sem_500(resposta):
    assert resposta.status_code < 500, resposta.get_data(as_text=True)[:300]
    if resposta.status_code >= 400:
        corpo = resposta.get_json()
        assert set(corpo) >= {"error", "code"} and corpo["error"]


@pytest.fixture
def alvo(nova_empresa, novo_usuario):
    return novo_usuario([nova_empresa()])["id"]


@pytest.mark.parametrize("metodo, rota", ESCRITAS)
def test_corpos_invalidos_dao_4xx(admin, alvo, metodo, rota):
    for corpo, tipo in LIXO:
        resposta = getattr(admin, metodo)(rota.format(alvo=alvo), data=corpo, content_type=tipo)
        _sem_500(resposta)
        if corpo:
            assert resposta.status_code in (400, 403, 409, 415), (corpo[:80], resposta.get_json())


def test_consultas_invalidas_dao_400(admin):
    for url in [
        "/api/usuarios?limit=abc", "/api/usuarios?limit=-1", "/api/usuarios?cursor=%00",
        "/api/usuarios?q=%00", "/api/usuarios?q=" + "x" * 5000, "/api/usuarios?cursor=" + "A" * 600,
        "/api/usuarios?cursor=bnVsbA", "/api/usuarios?cursor=eyJ1c2VybmFtZSI6IDV9", "/api/usuarios?extra=1",
        "/api/empresas?cursor=eyJpZCI6IDk5OTk5OTk5OTk5OTk5OTk5OTk5OTl9", "/api/empresas?cursor=eyJpZCI6IHRydWV9",
        "/api/auditoria?de=99999-01-01", "/api/auditoria?usuario_id=99999999999999999999999",
        "/api/auditoria?entidade=%00", "/api/auditoria?cursor=eyJlbSI6IjIwMjQtMDEtMDEiLCJpZCI6MX0",
    ]:
        resposta = admin.get(url)
        _sem_500(resposta)
        assert resposta.status_code == 400, url


def test_caminhos_invalidos_dao_404(admin):
    for metodo, url in [("put", "/api/usuarios/abc"), ("delete", "/api/usuarios/-1"),
                        ("delete", "/api/usuarios/0"), ("delete", "/api/usuarios/99999999999999999999999"),
                        ("get", "/api/nada")]:
        resposta = getattr(admin, metodo)(url, json={})
        _sem_500(resposta)
        assert resposta.status_code == 404, url


def test_metodo_errado_da_405(admin):
    resposta = admin.get("/api/login")
    assert resposta.status_code == 405 and resposta.get_json()["code"] == "metodo_nao_permitido"


def test_cabecalhos_estranhos_no_login(client, nova_empresa, novo_usuario, sql_dono):
    usuario = novo_usuario([nova_empresa()])

    resposta = client.post("/api/login", json={"username": usuario["username"], "password": "senha-boa-123"},
                           headers={"User-Agent": "robô\u0000" + "x" * 5000, "X-Forwarded-For": "lixo\u0000, 10.9.9.9"})

    assert resposta.status_code == 200
    [sessao] = sql_dono("SELECT ip, user_agent FROM auth.sessoes WHERE usuario_id = %s", (usuario["id"],))
    assert sessao["ip"] == "10.9.9.9" and "\u0000" not in sessao["user_agent"] and len(sessao["user_agent"]) <= 400


def test_tokens_invalidos_dao_401(client, jwt_keys):
    for cabecalho in ["Bearer", "Bearer lixo", "Basic YWRtaW46eA==", "Bearer " + "a" * 10000,
                      "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0."]:
        resposta = client.get("/api/check-auth", headers={"Authorization": cabecalho})
        assert resposta.status_code == 401, cabecalho


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(corpo=st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda filhos: st.lists(filhos, max_size=3) | st.dictionaries(
        st.sampled_from(["username", "nome", "password", "empresas", "permissoes", "empresa_id", "cnpj", "ativo"]),
        filhos, max_size=5),
    max_leaves=8,
))
def test_json_arbitrario_nunca_da_500(admin, corpo):
    for metodo, rota in [("post", "/api/usuarios"), ("post", "/api/empresas"), ("put", "/api/usuarios/1")]:
        _sem_500(getattr(admin, metodo)(rota, json=corpo))


# ---------------------------------------------------------------- platform surface


def test_health_e_ready(client):
    saude = client.get("/health")
    pronto = client.get("/ready")

    assert saude.status_code == 200
    assert saude.get_json()["status"] == "ok" and saude.get_json()["service"] == "auth-api"
    assert pronto.status_code == 200 and pronto.get_json()["dependencias"] == {"postgres": "ok", "redis": "ok"}
    assert saude.headers["X-Correlation-Id"]


def test_openapi_documenta_todas_as_rotas_com_esquemas(app, client):
    documento = client.get("/openapi.json").get_json()
    esquemas = documento["components"]["schemas"]

    rotas = [r for r in app.url_map.iter_rules() if r.rule.startswith("/api/")]
    assert {r.rule for r in rotas} == {
        "/api/login", "/api/logout", "/api/renovar-sessao", "/api/check-auth", "/api/permissoes",
        "/api/usuarios", "/api/usuarios/<int:usuario_id>", "/api/usuarios/<int:usuario_id>/redefinir-senha",
        "/api/usuarios/eu/trocar-senha", "/api/empresas", "/api/auditoria"}
    for regra in rotas:
        caminho = regra.rule.replace("<int:usuario_id>", "{usuario_id}")
        for metodo in regra.methods - {"HEAD", "OPTIONS"}:
            operacao = documento["paths"][caminho][metodo.lower()]
            sucesso = {s: r for s, r in operacao["responses"].items() if s.startswith("2")}
            assert sucesso, (caminho, metodo)
            for status, resposta in sucesso.items():
                if status != "204":
                    ref = resposta["content"]["application/json"]["schema"]["$ref"]
                    assert ref.rsplit("/", 1)[1] in esquemas
            sem_corpo = ("/api/logout", "/api/usuarios/{usuario_id}/redefinir-senha")
            if metodo in ("PUT",) or (metodo == "POST" and caminho not in sem_corpo):
                ref = operacao["requestBody"]["content"]["application/json"]["schema"]["$ref"]
                assert ref.rsplit("/", 1)[1] in esquemas, (caminho, metodo)
                assert operacao["requestBody"]["required"] == (caminho != "/api/renovar-sessao")
            assert ("security" in operacao) == (caminho != "/api/login")

    assert {p["name"] for p in documento["paths"]["/api/auditoria"]["get"]["parameters"]} == {
        "limit", "cursor", "entidade", "acao", "usuario_id", "de", "ate"}
    assert documento["paths"]["/api/usuarios"]["get"]["x-permissao"] == "admin"
    assert set(esquemas["NovoUsuario"]["required"]) == {"username", "nome", "empresas"}  # no password: one is generated
    assert "senha_temporaria" in esquemas["UsuarioCriado"]["properties"]
