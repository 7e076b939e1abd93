"""One service that hangs or dies, and the gateway goes on serving the others (disjuntor.py).

Real processes, nothing mocked: the gateway under gunicorn (one gthread worker of 8 threads, its
metrics in prometheus_client's multiprocess files, as with several workers), and three tiny HTTP
servers, each its own process, as the services: one answers for every module but RH and auth-api;
RH, frozen with SIGSTOP (the kernel still accepts its connections, nobody answers, as with a frozen
gunicorn), thawed with SIGCONT, killed with SIGKILL; and auth-api, whose login takes longer than its
time to first byte (argon2 queued behind a burst of logins), frozen too. Not the session's
`live_services`: freezing one of those would break the tests that share them. The SPA's part runs
in Chromium against a gateway and an rh-api of its own, in front of the other live services.
"""
import os
import re
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import contextmanager

import jsonschema
import pytest
import requests
from playwright.sync_api import expect
from prometheus_client.parser import text_string_to_metric_families

from shared.config import SERVICOS
from tools import run

PRIMEIRO_BYTE = 4.0  # ERP_GATEWAY_TIMEOUT_RH_API here
ABERTO = 2.0  # ERP_GATEWAY_ABERTO_SEGUNDOS
ANTEPARO = 3  # ERP_GATEWAY_ANTEPARO
THREADS = 8  # GUNICORN_THREADS of the gateway's one worker
PRIMEIRO_BYTE_AUTH = 2.0  # ERP_GATEWAY_TIMEOUT_AUTH_API here
LOGIN = PRIMEIRO_BYTE_AUTH + 1  # seconds the stand-in auth-api takes to answer a login
METRICAS = "token-de-metricas-do-isolamento"  # ERP_METRICS_TOKEN

# A service that answers every GET, /health included, with a page of nothing, and every POST the
# same after the seconds given.
SERVICO = r"""
import json, sys, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

class Servico(BaseHTTPRequestHandler):
    def do_GET(self):
        corpo = json.dumps({"items": [], "next_cursor": None}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(corpo)))
        self.end_headers()
        self.wfile.write(corpo)

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        time.sleep(float(sys.argv[2]))
        self.do_GET()

    def log_message(self, *args):
        pass

ThreadingHTTPServer.request_queue_size = 128  # as gunicorn's backlog: a frozen one still accepts
ThreadingHTTPServer.handle_error = lambda *args: None  # thawed, it answers whom the gateway gave up on
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Servico).serve_forever()
"""


def _porta_livre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Processo:
    """A SERVICO process on a fixed port: frozen, thawed, killed and started again there."""

    def __init__(self, demora_do_post: float = 0):
        self.porta = _porta_livre()
        self.demora_do_post = demora_do_post
        self.processo = None

    def iniciar(self) -> "Processo":
        self.processo = subprocess.Popen([sys.executable, "-c", SERVICO, str(self.porta), str(self.demora_do_post)])
        limite = time.monotonic() + 10
        while time.monotonic() < limite:
            try:
                socket.create_connection(("127.0.0.1", self.porta), timeout=0.2).close()
                return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("o serviço de teste não subiu")

    def congelar(self) -> None:
        self.processo.send_signal(signal.SIGSTOP)

    def descongelar(self) -> None:
        self.processo.send_signal(signal.SIGCONT)

    def matar(self) -> None:
        self.processo.send_signal(signal.SIGCONT)
        self.processo.kill()
        self.processo.wait()

    def parar(self) -> None:
        if self.processo.poll() is None:
            self.matar()


@contextmanager
def servicos():
    outros, rh, auth = Processo().iniciar(), Processo().iniciar(), Processo(LOGIN).iniciar()
    try:
        yield outros, rh, auth
    finally:
        outros.parar()
        rh.parar()
        auth.parar()


@pytest.fixture(scope="module")
def pilha(service_env, tmp_path_factory):
    """(gateway's base URL, the RH process, the auth-api one): the gateway under gunicorn in front."""
    pasta = tmp_path_factory.mktemp("isolamento")
    with servicos() as (outros, rh, auth):
        portas = {nome: outros.porta for nome in SERVICOS}
        portas.update({"frontend": _porta_livre(), "rh-api": rh.porta, "auth-api": auth.porta})
        base = {**os.environ, **service_env, "WEB_CONCURRENCY": "1", "GUNICORN_THREADS": str(THREADS),
                "ERP_GATEWAY_TIMEOUT_RH_API": str(PRIMEIRO_BYTE), "ERP_GATEWAY_ABERTO_SEGUNDOS": str(ABERTO),
                "ERP_GATEWAY_TIMEOUT_AUTH_API": str(PRIMEIRO_BYTE_AUTH),
                "ERP_GATEWAY_ANTEPARO": str(ANTEPARO), "ERP_GATEWAY_FALHAS_SEGUIDAS": "3",
                "ERP_METRICS_TOKEN": METRICAS, "PROMETHEUS_MULTIPROC_DIR": str(pasta / "metricas")}
        with open(pasta / "frontend.log", "ab") as saida:
            gateway = run.start_service("frontend", portas, base, saida)
        try:
            run.wait_healthy({"frontend": gateway}, portas)
            yield f"http://127.0.0.1:{portas['frontend']}", rh, auth
        finally:
            run.stop_processes([gateway])


@pytest.fixture
def gateway(pilha):
    """The gateway's URL, with RH and auth-api answering and their breakers closed (whatever the
    last test left)."""
    url, *substitutos = pilha
    for substituto in substitutos:
        if substituto.processo.poll() is not None:
            substituto.iniciar()
        substituto.descongelar()
    limite = time.monotonic() + 3 * (ABERTO + PRIMEIRO_BYTE)
    while _get(url, "/api/funcionarios").status_code != 200 or _get(url, "/api/check-auth").status_code != 200:
        assert time.monotonic() < limite, "o RH ou o auth-api não voltou"
        time.sleep(0.2)
    return url


@pytest.fixture
def rh(pilha):
    return pilha[1]


@pytest.fixture
def auth(pilha):
    return pilha[2]


def _get(url: str, caminho: str, **kwargs) -> requests.Response:
    with requests.Session() as sessao:
        sessao.trust_env = False
        return sessao.get(url + caminho, timeout=30, **kwargs)


def _cronometrado(url: str, caminho: str) -> tuple[requests.Response, float]:
    inicio = time.monotonic()
    resposta = _get(url, caminho)
    return resposta, time.monotonic() - inicio


def _rh_disponivel(url: str, token: str) -> bool:
    resposta = _get(url, "/api/modulos", headers={"Authorization": f"Bearer {token}"})
    assert resposta.status_code == 200, resposta.text[:300]
    return next(m["disponivel"] for m in resposta.json()["items"] if m["modulo"] == "rh")


def _retry_after_documentado(url: str, resposta: requests.Response) -> int:
    """The response's Retry-After, whole seconds as the gateway's OpenAPI declares for its 503."""
    declarado = _get(url, "/openapi.json").json()["paths"]["/api/{resto}"]["get"]["responses"]["503"]["headers"]
    valor = resposta.headers["Retry-After"]
    assert valor.isdigit(), valor
    jsonschema.validate(int(valor), declarado["Retry-After"]["schema"])
    return int(valor)


def _recusa_do_disjuntor(resposta: requests.Response) -> None:
    assert resposta.status_code == 503, resposta.text[:300]
    corpo = resposta.json()
    assert (corpo["code"], corpo["modulo"]) == ("indisponivel", "rh")
    assert corpo["error"].startswith("O módulo RH está indisponível no momento")
    assert 1 <= _retry_after_documentado(resposta.url.split("/api/")[0], resposta) <= ABERTO


def test_um_servico_congelado_custa_um_tempo_limite_e_depois_503_na_hora(gateway, rh, assinar_token):
    token = assinar_token()
    assert _rh_disponivel(gateway, token)
    rh.congelar()

    primeira, demorou = _cronometrado(gateway, "/api/funcionarios")
    # The one request that reached it: it may have changed something, and the message says so.
    assert primeira.status_code == 504, primeira.text[:300]
    assert (primeira.json()["code"], primeira.json()["modulo"]) == ("tempo_esgotado", "rh")
    assert PRIMEIRO_BYTE * 0.9 <= demorou < 3 * PRIMEIRO_BYTE

    # The breaker is open: the next ones never wait on it, and the SPA hears it at once.
    for caminho in ("/api/funcionarios", "/api/folha/2024-05"):
        resposta, demorou = _cronometrado(gateway, caminho)
        _recusa_do_disjuntor(resposta)
        assert demorou < PRIMEIRO_BYTE / 3
    assert not _rh_disponivel(gateway, token)
    assert _get(gateway, "/api/contas").status_code == 200

    # Thawed, it is back by itself: past the open period one request goes as the probe and closes it.
    rh.descongelar()
    limite = time.monotonic() + ABERTO + PRIMEIRO_BYTE + 5
    while (resposta := _get(gateway, "/api/funcionarios")).status_code != 200:
        assert resposta.status_code == 503 and time.monotonic() < limite, resposta.text[:300]
        time.sleep(0.1)
    assert _rh_disponivel(gateway, token)


def test_um_servico_que_morreu_abre_o_disjuntor_depois_de_falhas_seguidas(gateway, rh, assinar_token):
    token = assinar_token()
    rh.matar()
    # Refused at once: each is a 503 without waiting; three in a row open the breaker.
    for _ in range(3):
        resposta, demorou = _cronometrado(gateway, "/api/funcionarios")
        assert resposta.status_code == 503 and "Retry-After" not in resposta.headers
        assert demorou < 1
    _recusa_do_disjuntor(_get(gateway, "/api/funcionarios"))
    assert not _rh_disponivel(gateway, token)
    assert _get(gateway, "/api/contas").status_code == 200

    rh.iniciar()  # on the same port, as a restarted service
    limite = time.monotonic() + ABERTO + 5
    while (resposta := _get(gateway, "/api/funcionarios")).status_code != 200:
        assert resposta.status_code == 503 and time.monotonic() < limite, resposta.text[:300]
        time.sleep(0.1)
    assert _rh_disponivel(gateway, token)


def test_o_anteparo_cheio_de_um_servico_congelado_nao_tira_as_threads_dos_outros(gateway, rh):
    """Three times as many requests to the frozen RH as the gateway has threads: without the
    bulkhead they would all wait on it, and the one to Cadastros would wait behind them."""
    rh.congelar()
    pedidos = 3 * THREADS
    with ThreadPoolExecutor(max_workers=pedidos) as grupo:
        inicio = time.monotonic()
        futuros = [grupo.submit(_get, gateway, "/api/funcionarios") for _ in range(pedidos)]
        # Those past the bulkhead are refused without waiting on RH, while the others still wait.
        prontos, esperando = wait(futuros, timeout=PRIMEIRO_BYTE * 0.8)
        cadastros, demorou = _cronometrado(gateway, "/api/contas")
        assert time.monotonic() - inicio < PRIMEIRO_BYTE, "o teste não viu o anteparo cheio a tempo"
        assert (len(prontos), len(esperando)) == (pedidos - ANTEPARO, ANTEPARO)
        assert cadastros.status_code == 200 and demorou < 1
        for resposta in (f.result() for f in prontos):
            assert resposta.status_code == 503 and _retry_after_documentado(gateway, resposta) == 1
            assert resposta.json()["modulo"] == "rh" and "requisições demais" in resposta.json()["error"]
        # Only the bulkhead's few waited on RH, for one time to first byte each.
        assert [f.result().status_code for f in esperando] == [504] * ANTEPARO


def test_o_disjuntor_aberto_e_so_do_servico_que_nao_responde(gateway, rh):
    rh.congelar()
    assert _get(gateway, "/api/funcionarios").status_code == 504
    for caminho in ("/api/contas", "/api/lancamentos", "/api/dashboard", "/api/contratos", "/api/relatorios/x"):
        assert _get(gateway, caminho).status_code == 200, caminho


def _post(url: str, caminho: str) -> requests.Response:
    with requests.Session() as sessao:
        sessao.trust_env = False
        return sessao.post(url + caminho, json={"username": "ana", "password": "x"}, timeout=30)


def test_logins_lentos_nao_abrem_o_disjuntor_do_auth_api_enquanto_ele_responde(gateway):
    """argon2 under a burst of logins: each login past its time to first byte is that person's 504
    (their login may still go through), never a 503 for everyone else."""
    for _ in range(4):
        inicio = time.monotonic()
        login = _post(gateway, "/api/login")
        assert login.status_code == 504 and login.json()["modulo"] == "autenticacao", login.text[:300]
        assert time.monotonic() - inicio < LOGIN
        # Between slow logins the service answers the rest: the breaker stays closed.
        assert _get(gateway, "/api/check-auth").status_code == 200


def test_um_auth_api_congelado_abre_o_disjuntor_no_terceiro_tempo_esgotado_seguido(gateway, auth):
    auth.congelar()
    for _ in range(2):  # still closed: each goes to the service and waits for it
        resposta, demorou = _cronometrado(gateway, "/api/check-auth")
        assert resposta.status_code == 504 and demorou >= PRIMEIRO_BYTE_AUTH * 0.9
    assert _cronometrado(gateway, "/api/check-auth")[0].status_code == 504
    resposta, demorou = _cronometrado(gateway, "/api/check-auth")
    assert resposta.status_code == 503 and resposta.json()["modulo"] == "autenticacao"
    assert demorou < PRIMEIRO_BYTE_AUTH / 3 and 1 <= _retry_after_documentado(gateway, resposta) <= ABERTO


def _metricas(url: str) -> dict:
    """{(name, upstream, state or guard): value} of the gateway's erp_gateway_* samples."""
    resposta = _get(url, "/metrics", headers={"Authorization": f"Bearer {METRICAS}"})
    assert resposta.status_code == 200, resposta.text[:300]
    amostras = [a for familia in text_string_to_metric_families(resposta.text) for a in familia.samples
                if a.name.startswith("erp_gateway_")]
    assert not any("pid" in a.labels for a in amostras), "um processo, mas somado como vários"
    return {(a.name, a.labels["upstream"], a.labels.get("state") or a.labels.get("guard")): a.value for a in amostras}


def _estado_do_disjuntor(metricas: dict, upstream: str) -> str:
    estados = {estado: metricas[("erp_gateway_breaker_state", upstream, estado)]
               for estado in ("closed", "open", "half_open")}
    assert sorted(estados.values()) == [0, 0, 1], estados
    return next(estado for estado, valor in estados.items() if valor == 1)


def test_as_metricas_mostram_o_disjuntor_o_anteparo_e_as_recusas_de_cada_servico(gateway, rh):
    antes = _metricas(gateway)
    assert _estado_do_disjuntor(antes, "rh-api") == "closed"
    assert antes[("erp_gateway_requests_in_flight", "rh-api", None)] == 0

    rh.congelar()
    pedidos = ANTEPARO + 2
    with ThreadPoolExecutor(max_workers=pedidos) as grupo:
        futuros = [grupo.submit(_get, gateway, "/api/funcionarios") for _ in range(pedidos)]
        prontos, _ = wait(futuros, timeout=PRIMEIRO_BYTE * 0.8)
        durante = _metricas(gateway)
        assert len(prontos) == 2, "o teste não viu o anteparo cheio a tempo"
    assert durante[("erp_gateway_requests_in_flight", "rh-api", None)] == ANTEPARO
    assert durante[("erp_gateway_refused_total", "rh-api", "bulkhead")] == \
        antes[("erp_gateway_refused_total", "rh-api", "bulkhead")] + 2
    assert _estado_do_disjuntor(durante, "rh-api") == "closed"

    _recusa_do_disjuntor(_get(gateway, "/api/funcionarios"))  # the timeouts opened it
    aberto = _metricas(gateway)
    assert _estado_do_disjuntor(aberto, "rh-api") == "open"
    assert aberto[("erp_gateway_breaker_opened_total", "rh-api", None)] == \
        antes[("erp_gateway_breaker_opened_total", "rh-api", None)] + 1
    assert aberto[("erp_gateway_refused_total", "rh-api", "breaker")] == \
        antes[("erp_gateway_refused_total", "rh-api", "breaker")] + 1
    assert aberto[("erp_gateway_requests_in_flight", "rh-api", None)] == 0
    assert _estado_do_disjuntor(aberto, "cadastros-api") == "closed"

    time.sleep(ABERTO + 0.2)  # nobody asks RH: the period ends by itself
    assert _estado_do_disjuntor(_metricas(gateway), "rh-api") == "half_open"
    rh.descongelar()
    assert _get(gateway, "/api/funcionarios").status_code == 200  # the probe, answered
    depois = _metricas(gateway)
    assert _estado_do_disjuntor(depois, "rh-api") == "closed"
    assert depois[("erp_gateway_requests_in_flight", "rh-api", None)] == 0


# ---------------------------------------------------------------- the SPA


@pytest.fixture
def rh_proprio(live_services, tmp_path):
    """(gateway URL, rh-api's gunicorn): both its own, under gunicorn, the rest the live services."""
    portas = {**live_services.ports, "frontend": _porta_livre(), "rh-api": _porta_livre()}
    base = {**os.environ, **live_services.env, "ERP_GATEWAY_TIMEOUT_RH_API": "2", "ERP_GATEWAY_ABERTO_SEGUNDOS": "2"}
    processos = {}
    try:
        for nome in ("rh-api", "frontend"):
            with open(tmp_path / f"{nome}.log", "ab") as saida:
                processos[nome] = run.start_service(nome, portas, base, saida)
        run.wait_healthy(processos, portas)
        yield f"http://127.0.0.1:{portas['frontend']}", processos["rh-api"]
    finally:
        try:
            os.killpg(processos["rh-api"].pid, signal.SIGCONT)
        except (KeyError, ProcessLookupError):
            pass
        run.stop_processes(list(processos.values()))


def test_o_spa_marca_o_modulo_indisponivel_no_segundo_em_que_o_disjuntor_abre(navegador, entrar, rh_proprio,
                                                                            live_services):
    url, rh = rh_proprio
    contexto = navegador.new_context(base_url=url, locale="pt-BR", timezone_id="America/Sao_Paulo")
    try:
        pagina = contexto.new_page()
        pagina.set_default_timeout(10_000)
        entrar(pagina, "admin", live_services.env["ERP_ADMIN_PASSWORD"])
        modulos = pagina.get_by_role("navigation", name="Módulos")
        link = modulos.get_by_role("link", name=re.compile("^RH"))
        link.click()
        expect(pagina.get_by_role("heading", name="RH", exact=True)).to_be_visible()
        expect(link).not_to_contain_text("indisponível")
        pagina.wait_for_load_state("networkidle")  # the screen's own requests answered before the freeze

        os.killpg(rh.pid, signal.SIGSTOP)  # gunicorn's master and its workers
        # Within the module (no new question to /api/modulos): the screen's request is the first
        # to find RH frozen, and its answer, after the time to first byte, opens the breaker.
        with pagina.expect_response(lambda r: "/api/folha" in r.url and r.status == 504, timeout=15_000):
            pagina.get_by_role("navigation", name="Seções de RH").get_by_role("link", name="Histórico").click()
        expect(link).to_contain_text("indisponível", timeout=1_000)
        # The open screen stays, its failed request saying so in its place.
        expect(pagina.get_by_role("alert")).to_contain_text("O módulo RH demorou demais", timeout=1_000)
        # Entering the module again while it is out says why it cannot open, at once.
        modulos.get_by_role("link", name="Cadastros").click()
        link.click()
        expect(pagina.get_by_role("alert")).to_contain_text("O módulo RH está fora do ar no momento", timeout=1_000)
        # Elsewhere the app goes on.
        modulos.get_by_role("link", name="Cadastros").click()
        expect(pagina.get_by_role("heading", name="Cadastros", exact=True)).to_be_visible()

        os.killpg(rh.pid, signal.SIGCONT)
        # Back by itself: asked every 5 s while a module is out, the breaker half-open past its 2 s.
        expect(link).not_to_contain_text("indisponível", timeout=15_000)
    finally:
        contexto.close()
