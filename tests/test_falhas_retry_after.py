"""Retry-After on the refusals that say when to try again (issue 20): every 429 and 503 each
service's /openapi.json documents declares the header, and a real 429 (auth-api's login lockout, a
service's own rate limit) and a real 503 (its database down, shared/errors.py) carry it as the
document says: whole seconds. The gateway's own 503s (a module's breaker open, its bulkhead full)
are checked against the gateway's document where a frozen service opens them for real:
frontend/tests/test_gateway_isolamento.py.
"""
import importlib
import json
import subprocess
import sys

import jsonschema
import pytest
from werkzeug.wrappers import Response

from shared.config import REPO_ROOT, SERVICOS

FECHADO = "postgresql://erp_app@127.0.0.1:9/erp"  # port 9 (discard) on loopback: refused at once


def criar(servico: str, overrides: dict):
    return importlib.import_module(SERVICOS[servico][0]).create_app(overrides)


@pytest.fixture(scope="module")
def documentos(service_env):
    """{service: (its OpenAPI document, whether it has a database)}."""
    documentos = {}
    for servico in SERVICOS:
        app = criar(servico, service_env)
        documentos[servico] = (app.test_client().get("/openapi.json").get_json(),
                               "postgres" in app.extensions["erp"].dependencias)
        app.extensions["erp"].db.fechar()
    return documentos


def operacoes(documento: dict):
    for caminho, metodos in documento["paths"].items():
        for metodo, operacao in metodos.items():
            yield caminho, metodo, operacao


def conforme(documento: dict, caminho: str, metodo: str, resposta) -> int:
    """The Retry-After `resposta` carries, checked against what the document declares for it."""
    declarado = documento["paths"][caminho][metodo]["responses"][str(resposta.status_code)]["headers"]["Retry-After"]
    valor = resposta.headers.get("Retry-After")
    assert valor is not None and valor.isdigit(), (resposta.status_code, valor)
    jsonschema.validate(int(valor), declarado["schema"])
    return int(valor)


@pytest.mark.parametrize("servico", list(SERVICOS))
def test_every_documented_429_and_503_declares_retry_after_in_seconds(documentos, servico):
    documento, com_banco = documentos[servico]
    falhas = []
    for caminho, metodo, operacao in operacoes(documento):
        respostas = operacao["responses"]
        for status in ("429", "503"):
            declarado = respostas.get(status, {}).get("headers", {}).get("Retry-After")
            if status in respostas and (declarado is None or declarado["schema"]["type"] != "integer"):
                falhas.append(f"{metodo.upper()} {caminho}: {status} sem Retry-After em segundos")
        if "429" not in respostas:
            falhas.append(f"{metodo.upper()} {caminho}: 429 não documentado")
        # With the database down any of its routes answers 503 (shared/errors.py).
        if com_banco and caminho.startswith("/api/") and "503" not in respostas:
            falhas.append(f"{metodo.upper()} {caminho}: 503 não documentado")
    assert falhas == []


def test_a_real_login_lockout_429_carries_the_documented_retry_after(documentos, service_env):
    app = criar("auth-api", service_env)
    try:
        cliente = app.test_client()
        for _ in range(5):
            errado = cliente.post("/api/login", json={"username": "ninguem-retry-after", "password": "errada-123"})
            assert errado.status_code == 401, errado.get_json()
        bloqueado = cliente.post("/api/login", json={"username": "ninguem-retry-after", "password": "errada-123"})
        assert bloqueado.status_code == 429, bloqueado.get_json()
        assert conforme(documentos["auth-api"][0], "/api/login", "post", bloqueado) >= 1
    finally:
        app.extensions["erp"].db.fechar()


# Its own process: flask-limiter's one Limiter keeps the default limit of the first app a process
# creates, and this test's must be the first.
LIMITADO = """
import json, sys
sys.path[:0] = [{raiz!r}, {raiz!r} + "/cadastros-api"]
from cadastros import create_app
app = create_app(json.loads(sys.argv[1]))
cliente = app.test_client()
respostas = [cliente.get("/api/contas", headers={{"Authorization": "Bearer " + sys.argv[2]}}) for _ in range(3)]
print(json.dumps([[r.status_code, r.headers.get("Retry-After")] for r in respostas]))
app.extensions["erp"].db.fechar()
"""


def test_a_real_rate_limit_429_carries_the_documented_retry_after(documentos, service_env, assinar_token, nova_empresa):
    token = assinar_token(emp=nova_empresa(), perms=["cadastros:ler"])
    feito = subprocess.run([sys.executable, "-c", LIMITADO.format(raiz=str(REPO_ROOT)),
                            json.dumps({**service_env, "RATE_LIMIT_PADRAO": "2/minute"}), token],
                           capture_output=True, text=True, timeout=120, cwd=REPO_ROOT)
    assert feito.returncode == 0, feito.stderr[-3000:]
    respostas = json.loads(feito.stdout.strip().splitlines()[-1])
    assert [status for status, _ in respostas] == [200, 200, 429], respostas
    limitada = Response(status=429, headers={"Retry-After": respostas[-1][1]})
    assert 0 <= conforme(documentos["cadastros-api"][0], "/api/contas", "get", limitada) <= 60


def test_a_real_database_down_503_carries_the_documented_retry_after(documentos, service_env, assinar_token,
                                                                     nova_empresa):
    app = criar("cadastros-api", {**service_env, "APP_DATABASE_URL": FECHADO})
    try:
        cliente = app.test_client()
        token = assinar_token(emp=nova_empresa(), perms=["cadastros:ler"])
        resposta = cliente.get("/api/contas", headers={"Authorization": f"Bearer {token}"})
        assert resposta.status_code == 503 and resposta.get_json()["code"] == "indisponivel", resposta.get_json()
        assert "banco de dados" in resposta.get_json()["error"]
        conforme(documentos["cadastros-api"][0], "/api/contas", "get", resposta)
    finally:
        app.extensions["erp"].db.fechar()
