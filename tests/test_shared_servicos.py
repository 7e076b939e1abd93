"""shared/servicos.py: one service calling another over real HTTP, on behalf of the request.

The "other service" is a tiny Flask app served by werkzeug in a thread (the root conftest's
`servico_em_thread`); the caller is a service built with criar_app, asked through Flask's test
client with a real token. Nothing of the client is mocked: what reaches the other side is what
it received over the socket.
"""
import time

import pytest
from flask import Blueprint, Flask, jsonify, request

from shared.api import endpoint
from shared.app import criar_app
from shared.servicos import chamar

RECEBIDOS = []


def _outro_servico() -> Flask:
    app = Flask("outro")

    @app.route("/api/eco", methods=["GET", "POST", "PUT"])
    def eco():
        RECEBIDOS.append({"metodo": request.method, "headers": dict(request.headers), "json": request.get_json(silent=True)})
        return jsonify({"ok": True, "recebido": request.get_json(silent=True)})

    @app.delete("/api/vazio")
    def vazio():
        return "", 204

    @app.post("/api/recusa")
    def recusa():
        return jsonify({"error": "Conta não encontrada", "code": "validacao",
                        "campos": {"conta_id": "Conta não encontrada"}}), 400

    @app.get("/api/conflito")
    def conflito():
        return jsonify({"error": "Já existe", "code": "conflito"}), 409

    @app.get("/api/falha")
    def falha():
        return jsonify({"error": "Erro interno", "code": "erro_interno"}), 500

    @app.get("/api/lento")
    def lento():
        time.sleep(2)
        return jsonify({"ok": True})

    return app


def _chamador() -> Blueprint:
    bp = Blueprint("chamador", __name__)

    @bp.post("/api/chamar")
    @endpoint(resumo="Chama o outro serviço como pede o corpo")
    def chamar_outro():
        pedido = request.get_json()
        resultado = chamar(pedido.get("servico", "financeiro-api"), pedido["metodo"], pedido["caminho"], json=pedido.get("json"),
                           chave_idempotencia=pedido.get("chave"), timeout=pedido.get("timeout", 10))
        return {"resultado": resultado}

    return bp


@pytest.fixture
def outro(servico_em_thread):
    RECEBIDOS.clear()
    return servico_em_thread(_outro_servico())


@pytest.fixture
def cliente(outro, service_env, assinar_token):
    app = criar_app("operacional-api", [_chamador()], {**service_env, "FINANCEIRO_API_URL": outro.url})
    c = app.test_client()
    token = assinar_token(emp=7, perms=["operacional:escrever"])
    c.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    c.token = token
    return c


def _chamar(cliente, **pedido):
    return cliente.post("/api/chamar", json=pedido, headers={"X-Correlation-Id": "acao-do-usuario-1"})


def test_forwards_the_token_the_correlation_id_and_the_idempotency_key(cliente):
    resposta = _chamar(cliente, metodo="PUT", caminho="/api/eco", json={"valor": "10.00"}, chave="contrato:1")
    assert resposta.status_code == 200, resposta.get_json()
    assert resposta.get_json() == {"resultado": {"ok": True, "recebido": {"valor": "10.00"}}}
    (recebido,) = RECEBIDOS
    assert recebido["metodo"] == "PUT"
    assert recebido["headers"]["Authorization"] == f"Bearer {cliente.token}"
    assert recebido["headers"]["X-Correlation-Id"] == "acao-do-usuario-1"
    assert recebido["headers"]["Idempotency-Key"] == "contrato:1"


def test_no_idempotency_key_header_when_none_is_given(cliente):
    assert _chamar(cliente, metodo="GET", caminho="/api/eco").status_code == 200
    assert "Idempotency-Key" not in RECEBIDOS[0]["headers"]


def test_a_browser_cookie_is_forwarded_as_a_bearer_token(outro, service_env, assinar_token):
    app = criar_app("operacional-api", [_chamador()], {**service_env, "FINANCEIRO_API_URL": outro.url})
    c = app.test_client()
    token = assinar_token(emp=7, perms=["operacional:escrever"], csrf="segredo-csrf")
    c.set_cookie("erp_sessao", token)
    resposta = c.post("/api/chamar", json={"metodo": "GET", "caminho": "/api/eco"},
                      headers={"X-CSRF-Token": "segredo-csrf"})
    assert resposta.status_code == 200, resposta.get_json()
    assert RECEBIDOS[0]["headers"]["Authorization"] == f"Bearer {token}"


def test_204_is_none(cliente):
    resposta = _chamar(cliente, metodo="DELETE", caminho="/api/vazio")
    assert resposta.status_code == 200
    assert resposta.get_json() == {"resultado": None}


def test_a_4xx_of_the_other_service_is_re_raised_with_its_status_code_message_and_fields(cliente):
    resposta = _chamar(cliente, metodo="POST", caminho="/api/recusa", json={})
    assert resposta.status_code == 400
    assert resposta.get_json() == {"error": "Conta não encontrada", "code": "validacao",
                                   "campos": {"conta_id": "Conta não encontrada"}}
    resposta = _chamar(cliente, metodo="GET", caminho="/api/conflito")
    assert resposta.status_code == 409
    assert resposta.get_json() == {"error": "Já existe", "code": "conflito"}


def test_a_5xx_is_servico_indisponivel_naming_the_service(cliente):
    resposta = _chamar(cliente, metodo="GET", caminho="/api/falha")
    assert resposta.status_code == 503
    corpo = resposta.get_json()
    assert corpo["code"] == "servico_indisponivel"
    assert corpo["error"] == "O Financeiro não respondeu; tente de novo em instantes"
    assert corpo["modulo"] == "financeiro"


def test_a_refused_connection_is_servico_indisponivel_and_a_restart_serves_again(cliente, outro):
    outro.parar()
    resposta = _chamar(cliente, metodo="GET", caminho="/api/eco")
    assert resposta.status_code == 503
    assert resposta.get_json()["code"] == "servico_indisponivel"
    outro.iniciar()
    assert _chamar(cliente, metodo="GET", caminho="/api/eco").status_code == 200


def test_a_timeout_is_servico_indisponivel(cliente):
    inicio = time.monotonic()
    resposta = _chamar(cliente, metodo="GET", caminho="/api/lento", timeout=0.3)
    assert resposta.status_code == 503
    assert resposta.get_json()["code"] == "servico_indisponivel"
    assert time.monotonic() - inicio < 1.5


# ---------------------------------------------------------------- real services in threads


def test_real_financeiro_and_cadastros_in_threads_answer_a_caller(servico_em_thread, service_env, assinar_token,
                                                                   sql_dono, nova_empresa):
    """What operacional-api's tests do: financeiro-api and cadastros-api run for real over this
    module's database, and a caller reaches them through their URL overrides."""
    empresa = nova_empresa()

    def inserir(sql, parametros):
        return sql_dono(sql + " RETURNING id", parametros, empresa_id=empresa)[0]["id"]

    conta = inserir("""INSERT INTO cadastros.contas (empresa_id, nome, nome_busca, tipo, banco, saldo_inicial,
                                                     data_saldo_inicial, ativa)
                       VALUES (%s, 'Itaú', 'itau', 'CORRENTE', '341', 0, '2020-01-01', true)""", (empresa,))
    categoria = inserir("""INSERT INTO cadastros.categorias (empresa_id, nome, nome_busca, tipo, ordem)
                           VALUES (%s, 'Eventos', 'eventos', 'RECEITA', 0)""", (empresa,))
    cliente_id = inserir("""INSERT INTO cadastros.clientes (empresa_id, nome, nome_busca, tipo_pessoa)
                            VALUES (%s, 'Ana', 'ana', 'FISICA')""", (empresa,))
    financeiro = servico_em_thread("financeiro-api", service_env)
    cadastros = servico_em_thread("cadastros-api", service_env)
    app = criar_app("operacional-api", [_chamador()], {**service_env, "FINANCEIRO_API_URL": financeiro.url,
                                                       "CADASTROS_API_URL": cadastros.url})
    assert app.extensions["erp"].config.service_urls["cadastros-api"] == cadastros.url
    c = app.test_client()
    c.environ_base["HTTP_AUTHORIZATION"] = "Bearer " + assinar_token(emp=empresa, perms=["operacional:escrever"])

    def chamar_financeiro():
        corpo = {"cliente_id": cliente_id, "conta_id": conta, "categoria_id": categoria, "descricao": "Contrato 1",
                 "parcelas": [{"chave": "contrato:1:parcela:1", "numero": 1, "valor": "500.00",
                               "vencimento": "2026-05-10"}]}
        return _chamar(c, metodo="PUT", caminho="/api/lancamentos/contratos/1", json=corpo, chave="contrato:1")

    feito = chamar_financeiro()
    assert feito.status_code == 200, feito.get_json()
    assert feito.get_json()["resultado"]["criadas"] == 1
    # cadastros-api's refusal comes back as its own 400, naming the field.
    recusa = _chamar(c, servico="cadastros-api", metodo="PUT", caminho="/api/centros-custo/origem/evento:1",
                     json={"nome": ""})
    assert recusa.status_code == 400 and "nome" in recusa.get_json()["campos"]
    centro = _chamar(c, servico="cadastros-api", metodo="PUT", caminho="/api/centros-custo/origem/evento:1",
                     json={"nome": "Evento 1"})
    assert centro.status_code == 200, centro.get_json()
    assert centro.get_json()["resultado"]["chave_origem"] == "evento:1"
    financeiro.parar()
    assert chamar_financeiro().get_json()["code"] == "servico_indisponivel"
    financeiro.iniciar()
    assert chamar_financeiro().get_json()["resultado"]["criadas"] == 0
