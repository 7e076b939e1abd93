"""The platform surface of the seven services whose routes come with later issues.

CONTRACT.md "Reaching the services", checked in-process on each of them: /health, /ready (with
the dependencies that service really uses) and /openapi.json, and the correlation id. auth-api,
which has its routes already, has its own tests; that every service requires a valid token on
`/api/...`, routes or not, is proved against the running services in test_seguranca_servicos.py.
"""
import importlib
import re

import pytest

from shared.config import SERVICOS

SERVICOS_SEM_ROTAS = [nome for nome in SERVICOS if nome != "auth-api"]
PLATAFORMA = {"/health", "/ready", "/openapi.json"}


def criar(servico: str, overrides: dict):
    return importlib.import_module(SERVICOS[servico][0]).create_app(overrides)


@pytest.fixture(scope="module", params=SERVICOS_SEM_ROTAS)
def servico(request):
    return request.param


@pytest.fixture(scope="module")
def app(servico, service_env):
    app = criar(servico, service_env)
    yield app
    app.extensions["erp"].db.fechar()


@pytest.fixture
def client(app):
    return app.test_client()


def test_health_answers_exactly_the_contracts_body(servico, app, client):
    resposta = client.get("/health")
    assert resposta.status_code == 200
    versao = app.extensions["erp"].config.versao
    assert resposta.get_json() == {"status": "ok", "service": servico, "version": versao}


def test_correlation_id_is_echoed_or_generated(client):
    enviado = client.get("/health", headers={"X-Correlation-Id": "acao-42"})
    assert enviado.headers["X-Correlation-Id"] == "acao-42"
    assert len(client.get("/health").headers["X-Correlation-Id"]) >= 16


def test_ready_checks_the_dependencies_the_service_uses(servico, client):
    resposta = client.get("/ready")
    esperadas = ["redis"] if servico == "frontend" else ["postgres", "redis"]
    assert resposta.status_code == 200
    assert resposta.get_json() == {
        "status": "ok", "service": servico, "dependencias": dict.fromkeys(esperadas, "ok")
    }


def test_ready_names_an_unreachable_database_but_health_stays_up(servico, service_env):
    # Port 9 (discard) on loopback: refused at once, no waiting for a timeout.
    sem_banco = {**service_env, "APP_DATABASE_URL": "postgresql://erp_app@127.0.0.1:9/erp"}
    cliente = criar(servico, sem_banco).test_client()
    assert cliente.get("/health").status_code == 200
    resposta = cliente.get("/ready")
    if servico == "frontend":  # it never touches the database
        assert resposta.status_code == 200
    else:
        assert resposta.status_code == 503
        assert resposta.get_json()["dependencias"] == {"postgres": "indisponivel", "redis": "ok"}


def test_openapi_is_version_3_and_describes_every_route_served(app, client):
    documento = client.get("/openapi.json").get_json()
    assert documento["openapi"].startswith("3.")
    assert documento["info"]["version"] == app.extensions["erp"].config.versao
    servidas = {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", regra.rule) for regra in app.url_map.iter_rules()}
    assert set(documento["paths"]) == servidas - {"/static/{filename}"}
    assert PLATAFORMA <= servidas


def test_openapi_document_is_valid_openapi(client):
    from openapi_spec_validator import validate

    validate(client.get("/openapi.json").get_json())
