"""Who a service believes about the client's address (issue 14, shared/encaminhamento.py).

A service believes X-Forwarded-For / -Proto only from a request that proves it came through the
gateway: the header X-ERP-Gateway-Secret carrying ERP_GATEWAY_SECRET. Anyone else who reaches a
service directly — another process on the machine, a host on the private network — is known by
its socket's address, however many forged headers it sends: the failed-login limit counts it, and
the session's audit records it. Through the live gateway, the real client's address still arrives.
"""
import socket

import jwt
import psycopg2
import pytest
import requests
from flask import Blueprint, jsonify, request
from requests.adapters import HTTPAdapter

from shared.app import criar_app
from shared.encaminhamento import CABECALHO_PROVA

SEGREDO = "segredo-do-gateway-de-teste"
PAR = "10.20.30.40"  # the socket's peer, as werkzeug's test client lets a test set it


def _sonda() -> Blueprint:
    bp = Blueprint("sonda", __name__)

    @bp.get("/sonda")
    def sonda():
        return jsonify(endereco=request.remote_addr, esquema=request.scheme, host=request.host,
                       encaminhados=sorted(k for k in request.headers.keys() if k.lower().startswith("x-")))

    return bp


@pytest.fixture(scope="module")
def com_segredo(service_env):
    app = criar_app("cadastros-api", [_sonda()], {**service_env, "ERP_GATEWAY_SECRET": SEGREDO})
    yield app
    app.extensions["erp"].db.fechar()


def _sondar(app, **cabecalhos) -> dict:
    cliente = app.test_client()
    resposta = cliente.get("/sonda", environ_base={"REMOTE_ADDR": PAR}, headers={
        "X-Forwarded-For": "6.6.6.6", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "forjado.exemplo.com",
        **cabecalhos})
    assert resposta.status_code == 200
    return resposta.get_json()


@pytest.mark.parametrize("prova", [None, "", "segredo-errado", SEGREDO + "x", SEGREDO[:-1]])
def test_without_the_gateways_proof_the_forwarded_headers_are_ignored(com_segredo, prova):
    cabecalhos = {} if prova is None else {CABECALHO_PROVA: prova}
    visto = _sondar(com_segredo, **cabecalhos)
    assert (visto["endereco"], visto["esquema"], visto["host"]) == (PAR, "http", "localhost")
    # Gone from the request, so that no code of the service can read them by mistake.
    assert visto["encaminhados"] == []


def test_with_the_gateways_proof_its_forwarded_address_is_believed(com_segredo):
    visto = _sondar(com_segredo, **{CABECALHO_PROVA: SEGREDO, "X-Forwarded-For": "203.0.113.7",
                                    "X-Forwarded-Host": "erp.exemplo.com.br"})
    # The public host too: the addresses a service hands out (feeds, acceptance links) are the gateway's.
    assert (visto["endereco"], visto["esquema"], visto["host"]) == ("203.0.113.7", "https", "erp.exemplo.com.br")
    assert CABECALHO_PROVA.lower() not in [c.lower() for c in visto["encaminhados"]]


def test_without_a_secret_configured_nothing_forwarded_is_believed(service_env):
    app = criar_app("cadastros-api", [_sonda()], {**service_env, "ERP_GATEWAY_SECRET": ""})
    try:
        for prova in ("", "qualquer"):
            assert _sondar(app, **{CABECALHO_PROVA: prova})["endereco"] == PAR
    finally:
        app.extensions["erp"].db.fechar()


# ---------------------------------------------------------------- auth-api: limit and audit


@pytest.fixture(scope="module")
def auth_app(service_env):
    from auth import create_app

    app = create_app({**service_env, "ERP_GATEWAY_SECRET": SEGREDO})
    yield app
    app.extensions["erp"].db.fechar()


def _login(app, par: str, username: str, senha: str, **cabecalhos):
    return app.test_client().post("/api/login", json={"username": username, "password": senha},
                                  environ_base={"REMOTE_ADDR": par}, headers=cabecalhos)


@pytest.mark.parametrize("prova", [None, "segredo-errado"])
def test_a_direct_caller_cannot_escape_the_failed_login_limit_by_forging_addresses(auth_app, prova):
    par = f"10.21.0.{1 if prova is None else 2}"
    extra = {} if prova is None else {CABECALHO_PROVA: prova}
    # A different forged address and a different username each time: only the peer is the same.
    status = [_login(auth_app, par, f"ninguem-{n}", "errada", **{"X-Forwarded-For": f"6.6.6.{n}"}, **extra).status_code
              for n in range(6)]
    assert status == [401] * 5 + [429]


def test_through_the_gateway_each_client_has_its_own_failed_login_limit(auth_app):
    status = [_login(auth_app, "10.22.0.1", f"ninguem-gw-{n}", "errada",
                     **{"X-Forwarded-For": f"198.51.100.{n}", CABECALHO_PROVA: SEGREDO}).status_code
              for n in range(6)]
    assert status == [401] * 6


def _ip_da_sessao(token: str, owner_url: str) -> str:
    sid = jwt.decode(token, options={"verify_signature": False})["sid"]
    with psycopg2.connect(owner_url) as conexao, conexao.cursor() as cur:
        cur.execute("SELECT ip FROM auth.sessoes WHERE id::text = %s", (sid,))
        [(ip,)] = cur.fetchall()
    conexao.close()
    return ip


def test_the_session_records_the_real_peer_not_a_forged_address(auth_app, service_env):
    senha = service_env["ERP_ADMIN_PASSWORD"]
    forjado = _login(auth_app, "10.23.0.1", "admin", senha, **{"X-Forwarded-For": "6.6.6.6"})
    assert forjado.status_code == 200, forjado.get_json()
    assert _ip_da_sessao(forjado.get_json()["token"], service_env["DATABASE_URL"]) == "10.23.0.1"

    pelo_gateway = _login(auth_app, "10.23.0.2", "admin", senha,
                          **{"X-Forwarded-For": "203.0.113.9", CABECALHO_PROVA: SEGREDO})
    assert pelo_gateway.status_code == 200, pelo_gateway.get_json()
    assert _ip_da_sessao(pelo_gateway.get_json()["token"], service_env["DATABASE_URL"]) == "203.0.113.9"


# ---------------------------------------------------------------- the live gateway


class _De(HTTPAdapter):
    """Connections from a given local address: a client the gateway can tell from itself."""

    def __init__(self, origem: str):
        self._origem = origem
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, source_address=(self._origem, 0), **kwargs)


@pytest.fixture(scope="module")
def servicos_com_segredo(live_services):
    """The live gateway and auth-api sharing an ERP_GATEWAY_SECRET (`make run` generates one)."""
    if live_services.env.get("ERP_GATEWAY_SECRET"):
        yield live_services
        return
    live_services.env["ERP_GATEWAY_SECRET"] = SEGREDO
    live_services.stop("frontend", "auth-api")
    try:
        live_services.start("frontend", "auth-api")
        yield live_services
    finally:
        del live_services.env["ERP_GATEWAY_SECRET"]
        live_services.stop("frontend", "auth-api")
        live_services.start("frontend", "auth-api")


def _sem_prefixo(ip: str) -> str:
    return ip.removeprefix("::ffff:")  # an IPv4 peer of a dual-stack socket


def test_through_the_live_gateway_the_clients_address_arrives_and_directly_a_forged_one_does_not(
        servicos_com_segredo):
    vivos = servicos_com_segredo
    corpo = {"username": "admin", "password": vivos.env["ERP_ADMIN_PASSWORD"]}
    forjado = {"X-Forwarded-For": "6.6.6.6", CABECALHO_PROVA: "chute"}
    with requests.Session() as cliente:
        cliente.trust_env = False
        cliente.mount("http://", _De("127.0.0.2"))
        pelo_gateway = cliente.post(vivos.url("frontend") + "/api/login", json=corpo, headers=forjado, timeout=10)
        direto = cliente.post(vivos.url("auth-api") + "/api/login", json=corpo, headers=forjado, timeout=10)
    assert pelo_gateway.status_code == direto.status_code == 200, (pelo_gateway.text[:300], direto.text[:300])
    assert _sem_prefixo(_ip_da_sessao(pelo_gateway.json()["token"], vivos.database.owner_url)) == "127.0.0.2"
    assert _sem_prefixo(_ip_da_sessao(direto.json()["token"], vivos.database.owner_url)) == "127.0.0.2"


def test_gunicorn_itself_believes_no_forwarded_scheme_from_a_local_caller(live_services):
    """gunicorn used to take X-Forwarded-Proto from any loopback peer (FORWARDED_ALLOW_IPS): a
    local process made the gateway think it was served over HTTPS. Now the apps decide, and the
    gateway under `make run` (ERP_PROXY_HOPS=0) has no proxy in front whose word it takes."""
    porta = live_services.ports["frontend"]
    # ::1 where the gateway listens on [::] (an IPv4 peer of it is ::ffff:127.0.0.1, which the old
    # list did not name), else 127.0.0.1: a peer gunicorn's old default believed either way.
    try:
        socket.create_connection(("::1", porta), timeout=2).close()
        url = f"http://[::1]:{porta}/"
    except OSError:
        url = f"http://127.0.0.1:{porta}/"
    with requests.Session() as cliente:
        cliente.trust_env = False
        resposta = cliente.get(url, headers={"X-Forwarded-Proto": "https"}, timeout=10)
    assert resposta.status_code == 200
    assert "Strict-Transport-Security" not in resposta.headers
