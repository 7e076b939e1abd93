"""auth-api under real gunicorn with two workers: the failed-login counter lives in Redis, so the
6th failure is a 429 whichever worker serves it. Unknown usernames and private client IPs keep
the shared live services' real accounts and addresses out of the lock."""
import uuid

import requests


def _login(url: str, username: str, ip: str) -> int:
    # A new connection per request, so the kernel spreads them over both workers.
    resposta = requests.post(f"{url}/api/login", json={"username": username, "password": "errada"},
                             headers={"X-Forwarded-For": ip, "Connection": "close"}, timeout=10)
    return resposta.status_code


def test_sexta_falha_da_429_com_dois_workers(live_services):
    assert live_services.env["WEB_CONCURRENCY"] == "2"
    url = live_services.url("auth-api")
    username = f"ninguem.{uuid.uuid4().hex[:8]}"

    por_username = [_login(url, username, f"10.77.0.{n}") for n in range(1, 7)]
    por_ip = [_login(url, f"{username}.{n}", "10.78.0.1") for n in range(6)]

    assert por_username == [401] * 5 + [429]
    assert por_ip == [401] * 5 + [429]
