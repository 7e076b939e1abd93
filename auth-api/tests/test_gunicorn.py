"""auth-api under real gunicorn with two workers: the failed-login counter lives in Redis, so the
6th failure is a 429 whichever worker serves it. Unknown usernames and loopback addresses of their
own keep the shared live services' real accounts and addresses out of the lock."""
import http.client
import json
import uuid
from urllib.parse import urlsplit


def _login(url: str, username: str, ip: str) -> int:
    # A new connection per request, so the kernel spreads them over both workers; from a loopback
    # address of its own, which auth-api takes for the client's (a caller that is not the gateway
    # cannot choose it with X-Forwarded-For).
    partes = urlsplit(url)
    conexao = http.client.HTTPConnection(partes.hostname, partes.port, timeout=10, source_address=(ip, 0))
    try:
        conexao.request("POST", "/api/login", json.dumps({"username": username, "password": "errada"}),
                        {"Content-Type": "application/json"})
        return conexao.getresponse().status
    finally:
        conexao.close()


def test_sexta_falha_da_429_com_dois_workers(live_services):
    assert live_services.env["WEB_CONCURRENCY"] == "2"
    url = live_services.url("auth-api")
    username = f"ninguem.{uuid.uuid4().hex[:8]}"

    por_username = [_login(url, username, f"127.0.77.{n}") for n in range(1, 7)]
    por_ip = [_login(url, f"{username}.{n}", "127.0.78.1") for n in range(6)]

    assert por_username == [401] * 5 + [429]
    assert por_ip == [401] * 5 + [429]
