"""The gateway against a stand-in service whose every answer the tests control.

The gateway is the real app (create_app), in this process, with every *_API_URL pointing at a
small threaded werkzeug server (`Servico`) that echoes what reached it, streams events when told
to, or does not answer; RH_API_URL points at a closed port. Streaming tests go through real HTTP
(the app served by werkzeug in a thread); the rest use Flask's test client. Redis is the real one
(tokens, revocation); the gateway has no database. The same forwarding against the eight real
services is in test_gateway_servicos.py.
"""
import gzip
import hashlib
import json
import threading
import time
import tracemalloc
from contextlib import contextmanager
from io import BytesIO
from urllib.parse import quote

import pytest
import requests
from flask.testing import FlaskClient
from hypothesis import given, settings
from hypothesis import strategies as st
from prometheus_client import REGISTRY
from werkzeug.serving import make_server
from werkzeug.wsgi import get_input_stream

from frontend import create_app
from frontend.rotas import MODULOS
from shared.config import url_variable

MiB = 1024 * 1024
FECHADA = "http://127.0.0.1:9"  # discard port on loopback: refused at once


# ---------------------------------------------------------------- the stand-in service


class Servico:
    """A WSGI app standing in for every service; each test sets the Events it needs."""

    def __init__(self):
        self.liberar = threading.Event()  # lets a stream's second event, or a slow answer, go
        self.fechado = threading.Event()  # set when a stream ends on the service's side

    def __call__(self, environ, start_response):
        caminho = environ["PATH_INFO"]
        if caminho == "/health":
            return self._json(start_response, {"status": "ok"})
        if caminho == "/api/eventos/stream":
            start_response("200 OK", [("Content-Type", "text/event-stream"), ("Cache-Control", "no-store")])
            return self._eventos()
        if caminho == "/api/dashboard/lento":
            self.liberar.wait(30)
            return self._json(start_response, {"tarde": True})
        if caminho == "/api/relatorios/export":
            start_response("200 OK", [
                ("Content-Type", "text/csv; charset=utf-8"),
                ("Content-Encoding", "gzip"),
                ("Content-Disposition", 'attachment; filename="fluxo-de-caixa.csv"'),
                ("Cache-Control", "private, max-age=60"),
                ("ETag", '"v1"'),
                ("Retry-After", "30"),
                ("X-RateLimit-Limit", "10"),
                ("Set-Cookie", "primeiro=1; Path=/; HttpOnly"),
                ("Set-Cookie", "segundo=2; Path=/"),
                ("Keep-Alive", "timeout=5"),
                ("Proxy-Authenticate", "Basic"),
            ])
            return [CSV_GZIP]
        if caminho == "/api/remessas/lenta":
            time.sleep(1)  # all of the service's workers busy for a moment: the body waits
            return self._eco(environ, start_response)
        if caminho == "/api/relatorios/cortado":  # promises 1000 bytes, sends 10, hangs up
            start_response("200 OK", [("Content-Type", "text/csv"), ("Content-Length", "1000")])
            return [b"data;valor"]
        if caminho == "/api/contratos/velho":
            start_response("302 Found", [("Location", "/api/contratos/novo"), ("Content-Length", "0")])
            return []
        return self._eco(environ, start_response)

    def _eventos(self):
        try:
            yield b"event: saldo\ndata: um\n\n"
            self.liberar.wait(30)
            yield b"data: dois\n\n"
            for _ in range(600):  # heartbeats until the gateway hangs up (or 30 s)
                yield b": ping\n\n"
                self.fechado.wait(0.05)
        finally:
            self.fechado.set()

    def _eco(self, environ, start_response):
        soma, total, retido = hashlib.sha256(), 0, 0
        fluxo = get_input_stream(environ)
        try:
            for bloco in iter(lambda: fluxo.read(64 * 1024), b""):
                soma.update(bloco)
                total += len(bloco)
                # The memory the whole process holds, at every block: a body kept whole in memory
                # (by the gateway, or here) would be held at each of these moments. Not the peak:
                # werkzeug's development server (not gunicorn) drains every finished connection
                # with a 10 MB read, whenever its thread gets to it.
                if tracemalloc.is_tracing():
                    retido = max(retido, tracemalloc.get_traced_memory()[0])
        except (OSError, ValueError):  # a body cut short on the way: nobody reads this answer
            return self._json(start_response, {"interrompido": True}, "400 Bad Request")
        cabecalhos = {k: v for k, v in environ.items() if k.startswith(("HTTP_", "CONTENT_"))}
        return self._json(start_response, {"metodo": environ["REQUEST_METHOD"], "alvo": environ["RAW_URI"],
                                           "cabecalhos": cabecalhos, "bytes": total, "sha256": soma.hexdigest(),
                                           "retido": retido})

    @staticmethod
    def _json(start_response, corpo, status="200 OK"):
        dados = json.dumps(corpo).encode()
        start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(dados)))])
        return [dados]


CSV_GZIP = gzip.compress("data;descricao;valor\n2024-05-02;Ensaio de gestante;1250.00\n".encode())


@contextmanager
def servindo(app):
    """`app` on a free loopback port, one thread per connection; yields its base URL."""
    servidor = make_server("127.0.0.1", 0, app, threaded=True)
    linha = threading.Thread(target=servidor.serve_forever, daemon=True)
    linha.start()
    try:
        yield f"http://127.0.0.1:{servidor.server_port}"
    finally:
        servidor.shutdown()
        servidor.server_close()


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def servico():
    falso = Servico()
    with servindo(falso) as url:
        falso.url = url
        yield falso


def ambiente(service_env, servico, **extra) -> dict:
    urls = {url_variable(m.servico): servico.url for m in MODULOS}
    return {**service_env, **urls, "RH_API_URL": FECHADA, **extra}


class ClienteQueFecha(FlaskClient):
    """Flask's test client, closing every response as a WSGI server does once it has sent it: the
    gateway frees the service's place in its bulkhead then (disjuntor.py)."""

    def open(self, *args, buffered=True, **kwargs):
        return super().open(*args, buffered=buffered, **kwargs)


@contextmanager
def gateway_app(overrides):
    app = create_app(overrides)
    app.test_client_class = ClienteQueFecha
    try:
        yield app
    finally:
        app.extensions["gateway"].sessao.close()
        app.extensions["erp"].db.fechar()


@pytest.fixture(scope="module")
def app(service_env, servico):
    with gateway_app(ambiente(service_env, servico, MAX_UPLOAD_BYTES=str(128 * MiB))) as app:
        yield app


@pytest.fixture(scope="module")
def gateway(app):
    """The gateway over real HTTP: its base URL."""
    with servindo(app) as url:
        yield url


@pytest.fixture
def cliente(app):
    return app.test_client()


@pytest.fixture(scope="module")
def http():
    with requests.Session() as sessao:
        sessao.trust_env = False
        yield sessao


@pytest.fixture
def liberar(servico):
    """A fresh pair of the stand-in's Events; whatever waits on them is let go after the test."""
    servico.liberar, servico.fechado = threading.Event(), threading.Event()
    yield servico.liberar
    servico.liberar.set()


def envelope(resposta, status: int, code: str) -> dict:
    assert resposta.status_code == status, (resposta.status_code, resposta.get_data(as_text=True)[:300])
    corpo = resposta.get_json()
    assert corpo["code"] == code and corpo["error"]
    return corpo


# ---------------------------------------------------------------- what goes through


def test_path_and_query_reach_the_service_exactly_as_sent(gateway, http):
    alvo = "/api/lancamentos/eco/a%2Fb/caf%C3%A9?descricao=Ensaio%20de%20gestante&x=1+2&vazio=&e=%26&d=%C3%A7%C3%A3o"
    resposta = http.get(gateway + alvo, timeout=10)
    assert resposta.status_code == 200
    assert resposta.json()["alvo"] == alvo


def test_body_and_non_ascii_arrive_intact(cliente):
    corpo = json.dumps({"descricao": "Sessão de fotos — Conceição ✓", "valor": "1250.00"}, ensure_ascii=False)
    resposta = cliente.put("/api/lancamentos/7", data=corpo.encode(), content_type="application/json")
    eco = resposta.get_json()
    assert eco["metodo"] == "PUT"
    assert eco["sha256"] == hashlib.sha256(corpo.encode()).hexdigest()
    assert eco["cabecalhos"]["CONTENT_TYPE"] == "application/json"
    assert eco["cabecalhos"]["CONTENT_LENGTH"] == str(len(corpo.encode()))


def test_credentials_and_end_to_end_headers_pass_hop_by_hop_and_forwarding_ones_do_not(cliente):
    cliente.set_cookie("erp_sessao", "abc")
    cliente.set_cookie("erp_csrf", "def")
    resposta = cliente.post("/api/clientes", data=b"{}", content_type="application/json", headers={
        "Authorization": "Bearer o-token-do-cliente",
        "X-CSRF-Token": "def",
        "User-Agent": "Navegador/1.0",
        "Accept-Encoding": "gzip",
        "X-Correlation-Id": "acao-do-usuario-42",
        # hop-by-hop, or named hop-by-hop by Connection
        "Connection": "keep-alive, X-Segredo-Do-Salto",
        "X-Segredo-Do-Salto": "1",
        "Keep-Alive": "timeout=5",
        "Proxy-Authorization": "Basic eDp5",
        "TE": "trailers",
        "Upgrade": "websocket",
        # a client's word about where it is
        "X-Forwarded-For": "6.6.6.6, 7.7.7.7",
        "X-Forwarded-Host": "evil.example",
        "Forwarded": "for=6.6.6.6",
        # and a guess at the proof that a request comes from the gateway (shared/encaminhamento.py)
        "X-ERP-Gateway-Secret": "chute",
    })
    recebidos = resposta.get_json()["cabecalhos"]
    assert recebidos["HTTP_AUTHORIZATION"] == "Bearer o-token-do-cliente"
    assert sorted(recebidos["HTTP_COOKIE"].split("; ")) == ["erp_csrf=def", "erp_sessao=abc"]
    assert recebidos["HTTP_X_CSRF_TOKEN"] == "def"
    assert recebidos["HTTP_USER_AGENT"] == "Navegador/1.0"
    assert recebidos["HTTP_ACCEPT_ENCODING"] == "gzip"
    for ausente in ("HTTP_X_SEGREDO_DO_SALTO", "HTTP_KEEP_ALIVE", "HTTP_PROXY_AUTHORIZATION", "HTTP_TE",
                    "HTTP_UPGRADE", "HTTP_FORWARDED", "HTTP_X_ERP_GATEWAY_SECRET"):
        assert ausente not in recebidos
    assert recebidos.get("HTTP_CONNECTION", "keep-alive") == "keep-alive"
    # One address, the client's as the gateway's ProxyFix (one trusted hop) saw it: the service,
    # trusting one hop too, can never be handed the spoofed 6.6.6.6.
    assert recebidos["HTTP_X_FORWARDED_FOR"] == "7.7.7.7"
    assert recebidos["HTTP_X_FORWARDED_PROTO"] == "http"
    # The host the client asked the gateway for, not the client's word for it (evil.example).
    assert recebidos["HTTP_X_FORWARDED_HOST"] == "localhost"
    assert recebidos["HTTP_X_CORRELATION_ID"] == "acao-do-usuario-42"
    assert resposta.headers["X-Correlation-Id"] == "acao-do-usuario-42"


def test_without_a_forwarding_proxy_in_front_the_service_sees_the_gateways_peer(service_env, servico):
    with gateway_app(ambiente(service_env, servico, ERP_PROXY_HOPS="0")) as app:
        resposta = app.test_client().get("/api/clientes", headers={"X-Forwarded-For": "6.6.6.6"})
    assert resposta.get_json()["cabecalhos"]["HTTP_X_FORWARDED_FOR"] == "127.0.0.1"


def test_a_generated_correlation_id_is_the_one_the_service_gets(cliente):
    resposta = cliente.get("/api/clientes", headers={"X-Correlation-Id": "não ascii não serve"})
    gerado = resposta.headers["X-Correlation-Id"]
    assert gerado != "não ascii não serve"
    assert resposta.get_json()["cabecalhos"]["HTTP_X_CORRELATION_ID"] == gerado


def test_response_headers_and_compressed_bytes_come_back_untouched(cliente):
    resposta = cliente.get("/api/relatorios/export", headers={"Accept-Encoding": "gzip"})
    assert resposta.status_code == 200
    assert resposta.get_data() == CSV_GZIP  # not decoded: the client asked for gzip
    cabecalhos = resposta.headers
    assert cabecalhos["Content-Encoding"] == "gzip"
    assert cabecalhos["Content-Type"] == "text/csv; charset=utf-8"
    assert cabecalhos["Content-Disposition"] == 'attachment; filename="fluxo-de-caixa.csv"'
    assert cabecalhos["Cache-Control"] == "private, max-age=60"
    assert cabecalhos["ETag"] == '"v1"' and cabecalhos["Retry-After"] == "30"
    assert cabecalhos["X-RateLimit-Limit"] == "10"
    assert cabecalhos.getlist("Set-Cookie") == ["primeiro=1; Path=/; HttpOnly", "segundo=2; Path=/"]
    assert "Keep-Alive" not in cabecalhos and "Proxy-Authenticate" not in cabecalhos
    assert len(cabecalhos.getlist("Date")) <= 1 and len(cabecalhos.getlist("Server")) <= 1


def test_redirects_are_the_clients_to_follow(cliente):
    resposta = cliente.get("/api/contratos/velho")
    assert resposta.status_code == 302
    assert resposta.headers["Location"] == "/api/contratos/novo"


@pytest.mark.parametrize("metodo", ["OPTIONS", "HEAD", "DELETE", "PATCH"])
def test_every_method_goes_on_as_is(cliente, metodo):
    resposta = cliente.open("/api/kits/3", method=metodo)
    assert resposta.status_code == 200
    if metodo != "HEAD":
        assert resposta.get_json()["metodo"] == metodo


# ---------------------------------------------------------------- bodies in, streams out

BLOCOS = [bytes([n]) * (256 * 1024) for n in range(4)]  # made before any measurement starts
GRANDE = 64 * MiB


def _blocos():
    for n in range(GRANDE // len(BLOCOS[0])):
        yield BLOCOS[n % len(BLOCOS)]


class _Upload:
    """A 64 MiB upload produced as it is sent, with its Content-Length known up front or chunked.
    At each block it samples the memory the whole process holds: the gateway is reading it then."""

    def __init__(self, com_tamanho: bool):
        if com_tamanho:
            self.len = GRANDE
        self.retido = 0

    def __iter__(self):
        for bloco in _blocos():
            if tracemalloc.is_tracing():
                self.retido = max(self.retido, tracemalloc.get_traced_memory()[0])
            yield bloco


@pytest.fixture(scope="module")
def soma_do_grande():
    soma = hashlib.sha256()
    for bloco in _blocos():
        soma.update(bloco)
    return soma.hexdigest()


@pytest.mark.parametrize("forma", ["content-length", "chunked"])
def test_an_upload_reaches_the_service_whole_with_its_length_and_never_whole_in_memory(
        gateway, http, soma_do_grande, forma):
    """The gateway reads a body whole before it asks the service (corpo.py), so that a slow client
    never holds a service's worker; past 1 MiB it goes to a temporary file, not to memory."""
    corpo = _Upload(com_tamanho=forma == "content-length")
    tracemalloc.start()
    try:
        resposta = http.post(gateway + "/api/extratos/upload", data=corpo, timeout=120,
                             headers={"Content-Type": "application/octet-stream"})
    finally:
        tracemalloc.stop()
    assert resposta.status_code == 200, resposta.text[:300]
    eco = resposta.json()
    assert (eco["bytes"], eco["sha256"]) == (GRANDE, soma_do_grande)
    # Chunked from the client or not, the service gets a body of known length, never chunked.
    assert eco["cabecalhos"]["CONTENT_LENGTH"] == str(GRANDE)
    assert "HTTP_TRANSFER_ENCODING" not in eco["cabecalhos"]
    # Client, gateway and stand-in service all live in this process, and 64 MiB went through them:
    # while the gateway read it (`corpo.retido`) and while it sent it on (`eco["retido"]`).
    for retido in (corpo.retido, eco["retido"]):
        assert 0 < retido < 4 * MiB, f"{retido / MiB:.1f} MiB retidos de um corpo de {GRANDE // MiB} MiB"


def test_server_sent_events_go_through_one_by_one(gateway, http, servico, liberar):
    with http.get(gateway + "/api/eventos/stream", stream=True, timeout=(2, 20)) as resposta:
        assert resposta.headers["Content-Type"] == "text/event-stream"
        assert resposta.headers["X-Accel-Buffering"] == "no"
        partes = resposta.iter_content(chunk_size=None)
        # The service is still holding the second event back: this one came through on its own.
        assert next(partes) == b"event: saldo\ndata: um\n\n"
        liberar.set()
        assert next(partes) == b"data: dois\n\n"
    # The client hung up mid-stream: the gateway closes its side, and the service's stream ends.
    assert servico.fechado.wait(20)


def test_past_its_maximum_of_streams_the_gateway_refuses_one_more_and_keeps_serving(service_env, servico, liberar):
    """Each forwarded stream holds a thread: past ERP_GATEWAY_MAXIMO_STREAMS one more is a 503 to
    retry, the other requests still go through, and a closed stream frees its place; the metrics
    count the open stream and the refusal."""
    recusas = {"upstream": "operacional-api", "guard": "streams"}
    abertos, recusados = (REGISTRY.get_sample_value("erp_sse_streams_open") or 0,
                          REGISTRY.get_sample_value("erp_gateway_refused_total", recusas) or 0)
    with gateway_app(ambiente(service_env, servico, ERP_GATEWAY_MAXIMO_STREAMS="1")) as app, \
            servindo(app) as url, requests.Session() as http:
        http.trust_env = False
        with http.get(url + "/api/eventos/stream", stream=True, timeout=(2, 20)) as aberto:
            assert next(aberto.iter_content(chunk_size=None)) == b"event: saldo\ndata: um\n\n"
            recusado = http.get(url + "/api/eventos/stream", timeout=(2, 20))
            assert recusado.status_code == 503
            assert "tente de novo" in recusado.json()["error"]
            assert http.get(url + "/api/contas", timeout=10).status_code == 200
            assert REGISTRY.get_sample_value("erp_sse_streams_open") == abertos + 1
            assert REGISTRY.get_sample_value("erp_gateway_refused_total", recusas) == recusados + 1
        liberar.set()
        # The gateway sees the client gone at its next write, closes both sides, frees the place.
        for _ in range(400):
            if app.extensions["gateway"].streams.ocupadas == 0:
                break
            time.sleep(0.05)
        assert app.extensions["gateway"].streams.ocupadas == 0
        assert REGISTRY.get_sample_value("erp_sse_streams_open") == abertos


def test_a_response_the_service_cuts_short_reaches_the_client_cut_short(gateway, http, caplog):
    with pytest.raises(requests.exceptions.ChunkedEncodingError):  # requests' name for a short body
        http.get(gateway + "/api/relatorios/cortado", headers={"X-Correlation-Id": "export-cortado"}, timeout=10)
    aviso = next(r for r in caplog.records if r.name == "frontend.gateway")
    assert (aviso.levelname, aviso.upstream, aviso.correlation_id) == ("WARNING", "relatorios-api", "export-cortado")
    assert aviso.exception_type == "ProtocolError"


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize("valor", [" começa com espaço", "\x0bcomeça com tabulação vertical"])
def test_a_header_requests_will_not_send_is_a_400(cliente, valor):
    envelope(cliente.get("/api/contas", headers={"X-Estranho": valor}), 400, "validacao")


def test_a_service_that_is_down_is_a_503_naming_its_module_and_only_its(cliente):
    for caminho in ("/api/funcionarios", "/api/folha/2024-05"):
        corpo = envelope(cliente.get(caminho), 503, "indisponivel")
        assert corpo["modulo"] == "rh"
        assert corpo["error"] == ("O módulo RH está indisponível no momento; os demais seguem funcionando. "
                                  "Tente novamente em instantes.")
    assert cliente.get("/api/contas").status_code == 200


def test_a_service_that_does_not_answer_in_time_is_a_504(service_env, servico, liberar):
    with gateway_app(ambiente(service_env, servico, ERP_GATEWAY_TIMEOUT="0.3")) as app:
        corpo = envelope(app.test_client().get("/api/dashboard/lento"), 504, "tempo_esgotado")
    assert corpo["modulo"] == "dashboard"
    assert "Dashboard" in corpo["error"]


def test_each_service_may_have_its_own_time_to_first_byte(service_env, servico, liberar):
    with gateway_app(ambiente(service_env, servico, ERP_GATEWAY_TIMEOUT="30",
                              ERP_GATEWAY_TIMEOUT_DASHBOARD_API="0.3")) as app:
        inicio = time.monotonic()
        envelope(app.test_client().get("/api/dashboard/lento"), 504, "tempo_esgotado")
        assert time.monotonic() - inicio < 5
        assert app.extensions["gateway"].servicos["cadastros-api"].primeiro_byte == 30
        assert app.extensions["gateway"].servicos["rh-api"].primeiro_byte == 30  # its own default


def test_once_an_answer_has_begun_a_pause_longer_than_the_first_byte_is_not_a_timeout(service_env, servico,
                                                                                       liberar):
    # The first byte within 0.3 s; the second event a second later, well within ENTRE_BLOCOS.
    with gateway_app(ambiente(service_env, servico, ERP_GATEWAY_TIMEOUT="0.3")) as app, \
            servindo(app) as url, requests.Session() as http:
        http.trust_env = False
        with http.get(url + "/api/eventos/stream", stream=True, timeout=(2, 20)) as resposta:
            partes = resposta.iter_content(chunk_size=None)
            assert next(partes) == b"event: saldo\ndata: um\n\n"
            time.sleep(1)
            liberar.set()
            assert next(partes) == b"data: dois\n\n"


def test_a_service_slow_to_start_reading_an_upload_is_not_taken_for_down(service_env, servico, monkeypatch):
    # The connect timeout is for connecting only; writing the body waits as long as reading would.
    monkeypatch.setattr("frontend.gateway.TEMPO_DE_CONEXAO", 0.1)
    corpo = b"x" * (16 * MiB)  # more than the sockets' buffers hold: the gateway waits to write it
    with gateway_app(ambiente(service_env, servico)) as app:
        resposta = app.test_client().post("/api/remessas/lenta", data=corpo)
    assert resposta.status_code == 200, resposta.get_data(as_text=True)[:300]
    assert resposta.get_json()["bytes"] == len(corpo)


def test_modulos_says_which_services_answer(cliente, assinar_token):
    assert cliente.get("/api/modulos").status_code == 401
    resposta = cliente.get("/api/modulos", headers={"Authorization": f"Bearer {assinar_token()}"})
    assert resposta.status_code == 200
    corpo = resposta.get_json()
    assert corpo["next_cursor"] is None
    assert {m["modulo"]: m["disponivel"] for m in corpo["items"]} == {
        "autenticacao": True, "financeiro": True, "relatorios": True, "cadastros": True,
        "operacional": True, "rh": False, "dashboard": True,
    }
    assert {"modulo": "rh", "nome": "RH", "servico": "rh-api", "disponivel": False} in corpo["items"]


def test_a_path_no_service_owns_is_401_then_404(cliente, assinar_token):
    envelope(cliente.get("/api/contasx"), 401, "nao_autenticado")
    token = assinar_token()
    for caminho in ("/api/contasx", "/api/nada/aqui", "/api/modulosx"):
        envelope(cliente.get(caminho, headers={"Authorization": f"Bearer {token}"}), 404, "nao_encontrado")


def test_a_body_over_the_limit_is_a_413_in_the_envelope(service_env, servico):
    with gateway_app(ambiente(service_env, servico, MAX_UPLOAD_BYTES=str(MiB))) as app:
        cliente = app.test_client()
        envelope(cliente.post("/api/extratos/upload", data=b"x" * (2 * MiB)), 413, "arquivo_grande")
        # Without Content-Length the limit is found while reading the body: the gateway stops
        # there, and the service is never asked.
        envelope(cliente.post("/api/extratos/upload", input_stream=BytesIO(b"x" * (2 * MiB)),
                              headers={"Transfer-Encoding": "chunked"},
                              environ_overrides={"wsgi.input_terminated": True}), 413, "arquivo_grande")


@settings(max_examples=60)
@given(
    metodo=st.sampled_from(["GET", "POST", "PUT", "DELETE", "OPTIONS"]),
    prefixo=st.sampled_from(["/api/lancamentos", "/api/contas", "/api/qualquer"]),
    resto=st.text(max_size=30),
    query=st.text(max_size=30),
)
def test_no_path_or_query_is_a_500(app, metodo, prefixo, resto, query):
    # '%' left as is: broken escapes ("%zz") too.
    caminho = f"{prefixo}/{quote(resto, safe='/%')}?{quote(query, safe='=&%+')}"
    assert app.test_client().open(caminho, method=metodo).status_code < 500
