"""The gateway in front of the eight real services under gunicorn (`live_services`), as a browser or
a script reaches them: through port 5000's stand-in only."""
import secrets
import time
import uuid

import pytest
import requests

from frontend.rotas import ROTAS
from shared.config import SERVICOS

BACKENDS = [nome for nome in SERVICOS if nome != "frontend"]


def _sessao() -> requests.Session:
    sessao = requests.Session()
    sessao.trust_env = False  # loopback only, never through a proxy of the environment
    return sessao


@pytest.fixture(scope="module")
def gateway(live_services):
    return live_services.url("frontend")


@pytest.fixture(scope="module")
def http():
    with _sessao() as sessao:
        yield sessao


@pytest.fixture(scope="module")
def token(gateway, live_services):
    """A real session of the platform admin, opened and closed through the gateway."""
    with _sessao() as sessao:
        login = sessao.post(f"{gateway}/api/login", timeout=10,
                            json={"username": "admin", "password": live_services.env["ERP_ADMIN_PASSWORD"]})
        assert login.status_code == 200, login.text[:300]
        token = login.json()["token"]
        yield token
        sessao.post(f"{gateway}/api/logout", headers={"Authorization": f"Bearer {token}"}, timeout=10)


# Prefixes whose every path is a public route: the client's contract acceptance by its secret link.
PUBLICOS = {"/api/aceite"}


def test_every_route_table_entry_reaches_its_service_and_no_other(gateway, http, live_services):
    enviados = {}
    for prefixo, modulo in ROTAS.items():
        cid = f"rota-{uuid.uuid4().hex}"
        resposta = http.get(f"{gateway}{prefixo}/sonda-do-gateway", headers={"X-Correlation-Id": cid}, timeout=10)
        # The service answers (authentication before routing, as on every service), with the id;
        # under a public prefix the probe is a secret link nobody was given.
        esperado = (404, "nao_encontrado") if prefixo in PUBLICOS else (401, "nao_autenticado")
        assert (resposta.status_code, resposta.json()["code"]) == esperado, prefixo
        assert resposta.headers["X-Correlation-Id"] == cid
        enviados[prefixo] = (modulo.servico, cid)
    logs = {servico: live_services.log(servico) for servico in BACKENDS}
    onde = {prefixo: sorted(s for s, log in logs.items() if cid in log) for prefixo, (_, cid) in enviados.items()}
    assert onde == {prefixo: [servico] for prefixo, (servico, _) in enviados.items()}


def test_a_session_through_the_gateway_cookies_csrf_query_and_non_ascii(gateway, live_services):
    navegador = _sessao()  # keeps the cookies, as a browser would
    login = navegador.post(f"{gateway}/api/login", timeout=10,
                           json={"username": "admin", "password": live_services.env["ERP_ADMIN_PASSWORD"]})
    assert login.status_code == 200, login.text[:300]
    assert sorted(c.split("=", 1)[0] for c in login.raw.headers.getlist("Set-Cookie")) == ["erp_csrf", "erp_sessao"]
    bearer = {"Authorization": f"Bearer {login.json()['token']}"}

    with _sessao() as script:
        perfil = script.get(f"{gateway}/api/check-auth", headers=bearer, timeout=10)
        assert perfil.status_code == 200 and perfil.json()["usuario"]["username"] == "admin"

        sufixo = secrets.token_hex(3)
        nomes = [f"Estúdio Ação & Cia {sufixo}", f"Foto Conceição — São João {sufixo}"]
        for nome in nomes:
            criada = script.post(f"{gateway}/api/empresas", json={"nome": nome}, headers=bearer, timeout=10)
            assert criada.status_code == 201, criada.text[:300]
            assert criada.json()["nome"] == nome
        pagina = script.get(f"{gateway}/api/empresas?limit=1", headers=bearer, timeout=10).json()
        assert len(pagina["items"]) == 1 and pagina["next_cursor"]
        seguinte = script.get(f"{gateway}/api/empresas", params={"limit": 1, "cursor": pagina["next_cursor"]},
                              headers=bearer, timeout=10).json()
        assert seguinte["items"][0]["id"] != pagina["items"][0]["id"]
        todas = script.get(f"{gateway}/api/empresas?limit=500", headers=bearer, timeout=10).json()["items"]
        assert set(nomes) <= {e["nome"] for e in todas}

    # The cookie alone authenticates a read; a write needs the CSRF header too, as on the service.
    assert navegador.get(f"{gateway}/api/permissoes", timeout=10).status_code == 200
    sem_csrf = navegador.post(f"{gateway}/api/renovar-sessao", timeout=10)
    assert (sem_csrf.status_code, sem_csrf.json()["code"]) == (403, "sem_permissao")
    renovada = navegador.post(f"{gateway}/api/renovar-sessao", timeout=10,
                              headers={"X-CSRF-Token": navegador.cookies["erp_csrf"]})
    assert renovada.status_code == 200, renovada.text[:300]
    saida = navegador.post(f"{gateway}/api/logout", headers={"X-CSRF-Token": navegador.cookies["erp_csrf"]},
                           timeout=10)
    assert saida.status_code == 204
    navegador.close()
    assert requests.get(f"{gateway}/api/check-auth", headers=bearer, timeout=10).status_code == 401


def _disponiveis(http, gateway, token) -> dict:
    resposta = http.get(f"{gateway}/api/modulos", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert resposta.status_code == 200, resposta.text[:300]
    return {m["servico"]: m["disponivel"] for m in resposta.json()["items"]}


def _esperar_disponibilidade(http, gateway, token, esperado: dict) -> dict:
    # Each gateway worker keeps its answer for 2 s: a change shows within that, on every worker.
    limite = time.monotonic() + 10
    while (visto := _disponiveis(http, gateway, token)) != esperado and time.monotonic() < limite:
        time.sleep(0.2)
    return visto


def test_a_stopped_service_is_a_503_for_its_routes_only(gateway, http, live_services, token):
    bearer = {"Authorization": f"Bearer {token}"}
    todos = dict.fromkeys(BACKENDS, True)
    assert _esperar_disponibilidade(http, gateway, token, todos) == todos
    live_services.stop("rh-api")
    try:
        for caminho in ("/api/funcionarios", "/api/folha/2024-05"):
            resposta = http.get(gateway + caminho, headers=bearer, timeout=10)
            assert resposta.status_code == 503
            corpo = resposta.json()
            assert (corpo["code"], corpo["modulo"]) == ("indisponivel", "rh")
            assert "O módulo RH está indisponível" in corpo["error"]
        # Every other module answers as before: auth's routes, and the others' services.
        assert http.get(f"{gateway}/api/check-auth", headers=bearer, timeout=10).status_code == 200
        for caminho in ("/api/contas", "/api/lancamentos", "/api/dashboard"):
            assert http.get(gateway + caminho, headers=bearer, timeout=10).status_code in (200, 404)
        assert _esperar_disponibilidade(http, gateway, token, {**todos, "rh-api": False}) == {**todos, "rh-api": False}
    finally:
        live_services.start("rh-api")
    # Back by itself: refused three times in a row, RH's breaker may be open in a gateway worker,
    # and lets a request through again within ERP_GATEWAY_ABERTO_SEGUNDOS (5 s).
    limite = time.monotonic() + 15
    while (resposta := http.get(f"{gateway}/api/funcionarios", headers=bearer, timeout=10)).status_code == 503:
        assert time.monotonic() < limite, resposta.text[:300]
        time.sleep(0.2)
    assert _esperar_disponibilidade(http, gateway, token, todos) == todos


def test_the_frontend_runs_threaded_workers_and_the_services_keep_theirs(live_services):
    # An open stream holds one thread of the frontend's, not a whole worker (tools/run.py OWN_ENV);
    # each class is gunicorn's, with its own errors in JSON (shared/gunicorn_workers.py).
    assert "Using worker: shared.gunicorn_workers.ThreadWorker" in live_services.log("frontend")
    assert "Using worker: shared.gunicorn_workers.SyncWorker" in live_services.log("auth-api")
