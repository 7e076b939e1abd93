"""Slow request bodies cannot stall anybody else (issue 14), against the live services.

The attack: send the headers of POST /api/login through the gateway, then dribble the body a byte
at a time. When the gateway streamed bodies to the services as they came, each such socket held
one of auth-api's two sync workers until gunicorn killed it, and real users' logins waited 26–34 s.
Now the gateway reads a body whole, under its deadline (frontend/frontend/corpo.py), before it asks
any service: the slow clients hold only gateway threads, and get a 408 when their time is up.
"""
import json
import select
import socket
import threading
import time
import uuid

import pytest
import requests

ENVIOS_LENTOS = 6
LOGINS = 5
PRAZO_DO_LOGIN = 3.0  # seconds: generous (a login takes a fraction of it), the bug took 26 s


class EnvioLento(threading.Thread):
    """A client that sends a login's headers at once and then its body one byte every half second,
    until it sees an answer (or has sent it all); then reads the answer."""

    def __init__(self, porta: int, cid: str):
        super().__init__(daemon=True)
        self.porta, self.cid = porta, cid
        self.resposta = b""
        self.conectado = threading.Event()

    def run(self):
        corpo = json.dumps({"username": f"lento-{self.cid}", "password": "x" * 30}).encode()
        with socket.create_connection(("127.0.0.1", self.porta), timeout=60) as conexao:
            conexao.sendall(b"POST /api/login HTTP/1.1\r\nHost: erp\r\nContent-Type: application/json\r\n"
                            + f"X-Correlation-Id: {self.cid}\r\nContent-Length: {len(corpo)}\r\n\r\n".encode())
            self.conectado.set()
            for byte in corpo:
                legivel, _, _ = select.select([conexao], [], [], 0.5)
                if legivel:  # the answer came before the body was all sent
                    break
                try:
                    conexao.sendall(bytes([byte]))
                except OSError:
                    break
            try:
                while bloco := conexao.recv(65536):
                    self.resposta += bloco
                    if b"\r\n\r\n" in self.resposta and self._completa():
                        break
            except OSError:
                pass

    def _completa(self) -> bool:
        cabecalhos, _, corpo = self.resposta.partition(b"\r\n\r\n")
        for linha in cabecalhos.split(b"\r\n"):
            if linha.lower().startswith(b"content-length:"):
                return len(corpo) >= int(linha.split(b":", 1)[1])
        return False

    def status_e_corpo(self) -> tuple[int, dict]:
        cabecalhos, _, corpo = self.resposta.partition(b"\r\n\r\n")
        return int(cabecalhos.split(b" ", 2)[1]), json.loads(corpo)


@pytest.fixture(scope="module")
def gateway(live_services):
    return live_services.url("frontend")


def test_six_slow_bodies_do_not_delay_a_real_users_logins(live_services, gateway):
    porta = live_services.ports["frontend"]
    lentos = [EnvioLento(porta, f"envio-lento-{uuid.uuid4().hex[:8]}") for _ in range(ENVIOS_LENTOS)]
    for lento in lentos:
        lento.start()
    for lento in lentos:
        assert lento.conectado.wait(10)
    time.sleep(0.5)  # their headers are in: with the old gateway, auth-api's workers are now held

    tempos = []
    with requests.Session() as usuario:
        usuario.trust_env = False
        for _ in range(LOGINS):
            inicio = time.monotonic()
            resposta = usuario.post(f"{gateway}/api/login", timeout=60,
                                    json={"username": "admin", "password": live_services.env["ERP_ADMIN_PASSWORD"]})
            tempos.append(time.monotonic() - inicio)
            assert resposta.status_code == 200, resposta.text[:300]
    assert max(tempos) < PRAZO_DO_LOGIN, [round(t, 2) for t in tempos]

    # Each slow client gets the contract's 408 when its time is up (ERP_GATEWAY_PRAZO_CORPO, 10 s),
    # and auth-api never saw any of them.
    for lento in lentos:
        lento.join(30)
        status, corpo = lento.status_e_corpo()
        assert (status, corpo["code"]) == (408, "tempo_de_envio_esgotado"), lento.resposta[:300]
        assert corpo["error"]
    log_do_auth = live_services.log("auth-api")
    assert not [lento.cid for lento in lentos if lento.cid in log_do_auth]
