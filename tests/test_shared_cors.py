"""Cross-origin calls: none by default (the gateway makes the SPA same-origin), and with
ERP_CORS_ORIGINS only from the origins it lists — a preflight answered without a token, a real
call still authenticated."""
import pytest
from flask import Blueprint

from shared.api import endpoint
from shared.app import criar_app

PERMITIDA = "https://painel.estudio.example"
OUTRA = "https://atacante.example"


def _blueprint() -> Blueprint:
    bp = Blueprint("cors", __name__)

    @bp.get("/api/ping")
    @endpoint(resumo="Responde pong")
    def ping():
        return {"pong": True}

    return bp


@pytest.fixture(scope="module")
def apps(service_env):
    sem = criar_app("teste-cors", [_blueprint()], service_env)
    com = criar_app("teste-cors", [_blueprint()], {**service_env, "ERP_CORS_ORIGINS": f" {PERMITIDA} , "})
    yield sem, com
    for app in (sem, com):
        app.extensions["erp"].db.fechar()


def _preflight(app, origem: str):
    return app.test_client().options("/api/ping", headers={
        "Origin": origem, "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "X-CSRF-Token"})


def test_no_origin_is_allowed_by_default(apps, assinar_token):
    sem, _ = apps
    resposta = sem.test_client().get("/api/ping", headers={"Origin": PERMITIDA,
                                                           "Authorization": f"Bearer {assinar_token()}"})
    assert resposta.status_code == 200
    assert "Access-Control-Allow-Origin" not in resposta.headers
    # Without CORS a preflight is just an unauthenticated request.
    assert _preflight(sem, PERMITIDA).status_code == 401


def test_a_listed_origin_gets_its_preflight_and_credentialed_answers(apps, assinar_token):
    _, com = apps
    preflight = _preflight(com, PERMITIDA)
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == PERMITIDA
    assert preflight.headers["Access-Control-Allow-Credentials"] == "true"
    assert "x-csrf-token" in preflight.headers["Access-Control-Allow-Headers"].lower()

    resposta = com.test_client().get("/api/ping", headers={"Origin": PERMITIDA,
                                                           "Authorization": f"Bearer {assinar_token()}"})
    assert resposta.status_code == 200 and resposta.get_json() == {"pong": True}
    assert resposta.headers["Access-Control-Allow-Origin"] == PERMITIDA
    assert "X-Correlation-Id" in resposta.headers["Access-Control-Expose-Headers"]


def test_an_unlisted_origin_gets_no_cors_headers_and_a_call_still_needs_a_token(apps):
    _, com = apps
    preflight = _preflight(com, OUTRA)
    assert "Access-Control-Allow-Origin" not in preflight.headers
    resposta = com.test_client().get("/api/ping", headers={"Origin": PERMITIDA})
    assert resposta.status_code == 401
