"""What gunicorn answers by itself, before any app runs, wears the contract's JSON envelope too
(issue 14): a URL too long (414), header fields too large (431), a request line that is no HTTP
(400). Against the live services, on the gateway (gthread workers) and on auth-api (sync workers),
both running shared/gunicorn_workers.py's classes."""
import socket

import pytest
import requests

SERVICOS = pytest.mark.parametrize("servico", ["frontend", "auth-api"])


@pytest.fixture(scope="module")
def http():
    with requests.Session() as sessao:
        sessao.trust_env = False
        yield sessao


def envelope(resposta, status: int) -> dict:
    assert resposta.status_code == status, (resposta.status_code, resposta.text[:300])
    assert resposta.headers["Content-Type"] == "application/json"
    assert resposta.headers["X-Correlation-Id"]
    corpo = resposta.json()
    assert set(corpo) == {"error", "code"} and corpo["code"] == "validacao"
    return corpo


@SERVICOS
def test_a_url_of_ten_thousand_characters_is_a_414_in_json(http, live_services, servico):
    resposta = http.get(f"{live_services.url(servico)}/api/contas?q={'a' * 10_000}", timeout=10)
    assert "longo demais" in envelope(resposta, 414)["error"]


@SERVICOS
def test_a_header_of_twenty_kilobytes_is_a_431_in_json(http, live_services, servico):
    resposta = http.get(f"{live_services.url(servico)}/api/contas", headers={"X-Grande": "a" * 20_000}, timeout=10)
    assert "grandes demais" in envelope(resposta, 431)["error"]


@SERVICOS
def test_a_request_line_that_is_no_http_is_a_400_in_json(live_services, servico):
    with socket.create_connection(("127.0.0.1", live_services.ports[servico]), timeout=10) as conexao:
        conexao.sendall(b"ISTO NAO E HTTP\r\n\r\n")
        recebido = b""
        while bloco := conexao.recv(65536):
            recebido += bloco
    cabecalhos, _, corpo = recebido.partition(b"\r\n\r\n")
    assert cabecalhos.startswith(b"HTTP/1.1 400 "), recebido[:300]
    assert b"\r\nContent-Type: application/json\r\n" in cabecalhos
    assert corpo.decode() == '{"error": "Requisição malformada", "code": "validacao"}'

