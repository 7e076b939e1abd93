"""Service-to-service calls carry the user action's correlation id and the caller's token, and
give up after their timeouts instead of hanging a worker."""
import socket
import threading
import time

import pytest
import requests
from werkzeug.serving import make_server

from shared.app import criar_app
from shared.http_client import ClienteServico


@pytest.fixture(scope="module")
def outro_servico(service_env):
    """A real HTTP server of a second service (no routes of its own beyond the platform's)."""
    app = criar_app("rh-api", [], service_env)
    servidor = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=servidor.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{servidor.server_port}"
    servidor.shutdown()
    app.extensions["erp"].db.fechar()


@pytest.fixture(scope="module")
def chamador(service_env):
    return criar_app("cadastros-api", [], service_env)


def test_a_chamada_leva_o_correlation_id_e_o_token_do_usuario(chamador, outro_servico, assinar_token):
    token = assinar_token(perms=["rh:ler"])
    cabecalhos = {"X-Correlation-Id": "acao-do-usuario-42", "Authorization": f"Bearer {token}"}
    cliente = ClienteServico("rh-api", base_url=outro_servico)
    with chamador.test_request_context("/api/qualquer", headers=cabecalhos):
        chamador.preprocess_request()  # authenticates and takes the correlation id, as a request would
        saude = cliente.get("/health")
        protegida = cliente.get("/api/rota-que-nao-existe")

    assert saude.headers["X-Correlation-Id"] == "acao-do-usuario-42"
    # 404, not 401: the other service verified the forwarded token itself.
    assert protegida.status_code == 404
    assert protegida.json()["code"] == "nao_encontrado"


def test_sem_requisicao_em_curso_nao_inventa_credenciais(outro_servico):
    resposta = ClienteServico("rh-api", base_url=outro_servico).get("/api/rota-que-nao-existe")

    assert resposta.status_code == 401
    assert resposta.headers["X-Correlation-Id"]  # the callee generated its own


def test_o_endereco_vem_da_configuracao_do_servico(chamador, outro_servico, service_env):
    app = criar_app("cadastros-api", [], {**service_env, "RH_API_URL": outro_servico})
    with app.test_request_context("/"):
        assert ClienteServico("rh-api").get("/health").json()["service"] == "rh-api"


def test_um_servico_que_nao_responde_esgota_o_timeout_em_vez_de_travar():
    # Accepts the connection and never answers: only the read timeout can end the call.
    mudo = socket.socket()
    mudo.bind(("127.0.0.1", 0))
    mudo.listen(1)
    try:
        cliente = ClienteServico("rh-api", base_url=f"http://127.0.0.1:{mudo.getsockname()[1]}", timeout=(0.5, 0.5))
        inicio = time.monotonic()
        with pytest.raises(requests.Timeout):
            cliente.get("/health")
        assert time.monotonic() - inicio < 5
    finally:
        mudo.close()
