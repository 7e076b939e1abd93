"""The request body at the gateway (frontend/corpo.py): read whole from the client, within its
deadline, before the service is asked; then sent on at local speed with a Content-Length.

The gateway is the real app served by werkzeug's threaded server in this process, with short
deadlines (ERP_GATEWAY_PRAZO_CORPO, ERP_GATEWAY_TAXA_MINIMA_CORPO); every *_API_URL points at a
stand-in service that records what reached it and how long reading its body took. Clients are raw
sockets, to send a body as slowly as a hostile client would. The same against the live services
(six slow logins while a real user logs in) is tests/test_borda_corpo_lento.py.
"""
import json
import select
import socket
import threading
import time
from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import make_server
from werkzeug.wsgi import get_input_stream

from frontend import create_app
from frontend.rotas import MODULOS
from shared.config import url_variable
from shared.encaminhamento import CABECALHO_PROVA

PRAZO = 0.5  # seconds any body has, in these tests
TAXA = 64 * 1024  # and one more second for each 64 KiB received


class Servico:
    """Stands in for every service: records each request's correlation id, headers, body size and
    how long reading the body took."""

    def __init__(self):
        self.vistos = {}

    def __call__(self, environ, start_response):
        fluxo = get_input_stream(environ)
        inicio = time.monotonic()
        total = sum(len(bloco) for bloco in iter(lambda: fluxo.read(64 * 1024), b""))
        cabecalhos = {k: v for k, v in environ.items() if k.startswith(("HTTP_", "CONTENT_"))}
        self.vistos[environ.get("HTTP_X_CORRELATION_ID")] = cabecalhos
        dados = json.dumps({"bytes": total, "leitura": time.monotonic() - inicio, "cabecalhos": cabecalhos}).encode()
        start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(dados)))])
        return [dados]


@contextmanager
def servindo(app):
    servidor = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=servidor.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{servidor.server_port}"
    finally:
        servidor.shutdown()
        servidor.server_close()


@pytest.fixture(scope="module")
def servico():
    falso = Servico()
    with servindo(falso) as url:
        falso.url = url
        yield falso


@contextmanager
def gateway_em(service_env, servico, **extra):
    urls = {url_variable(m.servico): servico.url for m in MODULOS}
    app = create_app({**service_env, **urls, "ERP_GATEWAY_PRAZO_CORPO": str(PRAZO),
                      "ERP_GATEWAY_TAXA_MINIMA_CORPO": str(TAXA), **extra})
    try:
        with servindo(app) as url:
            yield urlsplit(url).port
    finally:
        app.extensions["gateway"].sessao.close()
        app.extensions["erp"].db.fechar()


@pytest.fixture(scope="module")
def porta(service_env, servico):
    with gateway_em(service_env, servico) as porta:
        yield porta


class Cliente:
    """One raw HTTP/1.1 request: headers at once, then the body in the pieces and pauses given."""

    def __init__(self, porta: int, cid: str, tamanho: int | None = None):
        self.conexao = socket.create_connection(("127.0.0.1", porta), timeout=20)
        self.cid = cid
        enquadramento = f"Content-Length: {tamanho}" if tamanho is not None else "Transfer-Encoding: chunked"
        self.chunked = tamanho is None
        self.conexao.sendall(f"POST /api/login HTTP/1.1\r\nHost: erp\r\nX-Correlation-Id: {cid}\r\n"
                             f"Content-Type: application/octet-stream\r\n{enquadramento}\r\n\r\n".encode())

    def enviar(self, pedaco: bytes, pausa: float = 0.0) -> bool:
        """Sends `pedaco` after `pausa`; False, sending nothing, once an answer has come."""
        if select.select([self.conexao], [], [], pausa)[0]:
            return False
        self.conexao.sendall(b"%x\r\n%s\r\n" % (len(pedaco), pedaco) if self.chunked else pedaco)
        return True

    def fim(self) -> None:
        if self.chunked:
            self.conexao.sendall(b"0\r\n\r\n")

    def resposta(self) -> tuple[int, dict]:
        recebido = b""
        while True:
            cabecalhos, _, corpo = recebido.partition(b"\r\n\r\n")
            tamanho = [int(linha.split(b":")[1]) for linha in cabecalhos.split(b"\r\n")
                       if linha.lower().startswith(b"content-length:")]
            if tamanho and len(corpo) >= tamanho[0]:
                break
            bloco = self.conexao.recv(65536)
            assert bloco, recebido[:300]
            recebido += bloco
        self.conexao.close()
        return int(cabecalhos.split(b" ")[1]), json.loads(corpo)


@pytest.mark.parametrize("tamanho", [200, None], ids=["content-length", "chunked"])
def test_a_body_that_stops_coming_is_a_408_and_the_service_never_sees_it(porta, servico, tamanho):
    cliente = Cliente(porta, f"parado-{tamanho}", tamanho)
    cliente.enviar(b"x" * 20)  # and nothing more
    inicio = time.monotonic()
    status, corpo = cliente.resposta()
    assert (status, corpo["code"]) == (408, "tempo_de_envio_esgotado")
    assert "tente novamente" in corpo["error"]
    assert PRAZO - 0.1 <= time.monotonic() - inicio < PRAZO + 2
    assert cliente.cid not in servico.vistos


@pytest.mark.parametrize("tamanho", [200, None], ids=["content-length", "chunked"])
def test_a_body_dribbled_a_byte_at_a_time_is_cut_at_its_deadline(porta, servico, tamanho):
    """One byte every 50 ms keeps every socket read alive: only the deadline ends it."""
    cliente = Cliente(porta, f"gotejado-{tamanho}", tamanho)
    inicio = time.monotonic()
    enviados = 0
    while enviados < 200 and cliente.enviar(b"x", pausa=0.05):
        enviados += 1
    status, corpo = cliente.resposta()
    assert (status, corpo["code"]) == (408, "tempo_de_envio_esgotado")
    assert time.monotonic() - inicio < PRAZO + 2 and enviados < 100
    assert cliente.cid not in servico.vistos


@pytest.mark.parametrize("tamanho", [512 * 1024, None], ids=["content-length", "chunked"])
def test_a_slow_body_that_keeps_the_minimum_rate_goes_through_and_reaches_the_service_at_once(
        porta, servico, tamanho):
    """16 KiB every 0.1 s (160 KiB/s, above the 64 KiB/s asked) for 3 s, past the 0.5 s any body has:
    it goes through, and the service reads it in a fraction of the time the client took."""
    cliente = Cliente(porta, f"constante-{tamanho}", tamanho)
    inicio = time.monotonic()
    for _ in range(32):
        assert cliente.enviar(b"y" * (16 * 1024), pausa=0.1)
    cliente.fim()
    status, corpo = cliente.resposta()
    envio = time.monotonic() - inicio
    assert status == 200, corpo
    assert corpo["bytes"] == 512 * 1024 and corpo["cabecalhos"]["CONTENT_LENGTH"] == str(512 * 1024)
    assert envio > 3 and corpo["leitura"] < envio / 4, (envio, corpo["leitura"])


def test_an_empty_chunked_body_reaches_the_service_as_an_empty_body_of_known_length(porta, servico):
    cliente = Cliente(porta, "vazio-chunked")
    cliente.fim()
    status, corpo = cliente.resposta()
    assert status == 200, corpo
    assert corpo["bytes"] == 0 and corpo["cabecalhos"]["CONTENT_LENGTH"] == "0"
    assert "HTTP_TRANSFER_ENCODING" not in corpo["cabecalhos"]


def test_a_body_slower_than_the_minimum_rate_is_cut(porta, servico):
    cliente = Cliente(porta, "abaixo-da-taxa", 512 * 1024)
    enviados = 0
    while enviados < 64 and cliente.enviar(b"z" * 1024, pausa=0.05):  # 20 KiB/s
        enviados += 1
    status, corpo = cliente.resposta()
    assert (status, corpo["code"]) == (408, "tempo_de_envio_esgotado")
    assert cliente.cid not in servico.vistos


def test_a_client_that_hangs_up_midway_is_a_400_never_sent_on(porta, servico):
    cliente = Cliente(porta, "desistiu", 1000)
    cliente.enviar(b"w" * 10)
    cliente.conexao.shutdown(socket.SHUT_WR)  # gone; it may still read an answer
    status, corpo = cliente.resposta()
    assert (status, corpo["code"]) == (400, "validacao")
    assert cliente.cid not in servico.vistos


def test_the_gateway_proves_itself_to_the_services_only_with_a_secret(service_env, servico):
    with gateway_em(service_env, servico, ERP_GATEWAY_SECRET="segredo-de-teste") as porta:
        cliente = Cliente(porta, "com-segredo", 2)
        cliente.enviar(b"{}")
        assert cliente.resposta()[0] == 200
    assert servico.vistos["com-segredo"]["HTTP_" + CABECALHO_PROVA.upper().replace("-", "_")] == "segredo-de-teste"
