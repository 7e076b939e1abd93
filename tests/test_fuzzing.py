"""Every service's API fuzzed with schemathesis against its own /openapi.json (issue 20).

Each service's app runs in-process (WSGI) over this module's own database (a copy of the migrated
template: deletions, imports and payroll processing are fair game), with the demo studio's data in
one empresa and a token holding every permission there; the eight apps also serve over HTTP in
threads, so a route that calls another service reaches the real one. For every documented
operation, EXEMPLOS valid and EXEMPLOS invalid requests (schemathesis' positive and negative
modes), each checked for: no 5xx, a status the operation documents, the documented content type,
and a body that matches the schema declared for that status.

schemathesis' own pytest plugin (`schemathesis.pytest.from_fixture`) writes `Node._nodeid`, which
pytest 9 no longer has; the loop below drives `operation.as_strategy()` with Hypothesis instead.

Counts (schemathesis 4.32.5, EXEMPLOS = 6, this 2-core machine): 264 operations in 8 services,
about 2,750 requests, 0 failures, 1.5-2.5 minutes with the demo's setup. Runs at 20 and 30
examples per operation and mode (up to 15,000 requests) found what the last tests below keep
fixed: a time-zone offset PostgreSQL refuses (500), a contract deletion financeiro refuses (503),
the public aceite's lost event, and six operations whose document lied about a status (login's
401, análise's 404, the PDFs' and an export's 200).
"""
import importlib
import json
import threading
import uuid
from collections import Counter

import pytest
import redis
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (content_type_conformance, response_schema_conformance,
                                                status_code_conformance)
from werkzeug.serving import make_server

from bench.infra import portas_livres
from shared.config import SERVICOS, url_variable

# Generated requests per operation and mode: the whole file within ~3 minutes on 2 cores.
EXEMPLOS = 6
MAIOR_ID = 30
CHECAGENS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# An endless text/event-stream response, which the in-process client would read forever; the
# dashboard's own tests cover it (dashboard-api/tests/test_stream.py).
SEM_FIM = {("GET", "/api/dashboard/stream")}


@pytest.fixture(scope="module")
def pilha(service_env):
    """The eight apps over this module's database, each also served over HTTP in a thread at the
    URL the others are given for it, so calls between services reach real services.

    Not the root `servico_em_thread`: that one lasts a test, and these serve the whole module (the
    demo is written through them); its free-port helper is the root conftest's own, hence a copy."""
    portas = dict(zip(SERVICOS, portas_livres(len(SERVICOS))))
    env = {
        **service_env,
        **{url_variable(s): f"http://127.0.0.1:{p}" for s, p in portas.items()},
        # The fuzz sends thousands of requests a minute as one user: the default limit is not under test.
        "RATE_LIMIT_PADRAO": "100000/minute",
    }
    apps = {s: importlib.import_module(pacote).create_app(env) for s, (pacote, _) in SERVICOS.items()}
    servidores = []
    for servico, app in apps.items():
        servidor = make_server("127.0.0.1", portas[servico], app, threaded=True)
        threading.Thread(target=servidor.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        servidores.append(servidor)
    yield apps, env
    for servidor in servidores:
        servidor.shutdown()
        servidor.server_close()
    for app in apps.values():
        app.extensions["erp"].db.fechar()


@pytest.fixture(scope="module")
def estudio(pilha, assinar_token):
    """The demo studio's empresa, with every module's demo data (as `make run` writes it)."""
    from auth import permissoes
    from auth.bootstrap import garantir_demo
    from cadastros import demo as cadastros_demo
    from financeiro import demo as financeiro_demo
    from operacional import demo as operacional_demo
    from rh import demo as rh_demo, demo_ao_vivo as rh_demo_ao_vivo
    from shared.config import Config, hoje

    apps, env = pilha
    with apps["auth-api"].app_context():
        _, empresa_id = garantir_demo("senha-do-fuzz-123", gerada=False)
    argv = ["--empresa", str(empresa_id)]
    assert cadastros_demo.main(argv, env) == 0
    assert financeiro_demo.main(argv, env) == 0
    assert rh_demo.main(argv, env) == 0
    token = assinar_token(emp=empresa_id, perms=list(permissoes.TODAS))
    operacional_demo.criar(operacional_demo.Servicos(Config.from_env("operacional-api", env).service_urls, token), hoje())
    config_rh = Config.from_env("rh-api", env)
    rh_demo_ao_vivo.criar(rh_demo_ao_vivo.Servicos(config_rh.service_urls, token), hoje())
    return empresa_id


@pytest.fixture(scope="module")
def token_do_estudio(estudio, assinar_token):
    """`token_do_estudio()` → a token with every permission in the studio's empresa, in a session of
    its own: a generated logout revokes only the session of the request that sent it."""
    from auth import permissoes

    return lambda: assinar_token(emp=estudio, perms=list(permissoes.TODAS), sid=str(uuid.uuid4()))


def _fuzzar(operacao, app, modo: GenerationMode, token_do_estudio, respostas: Counter) -> list[str]:
    """Sends EXEMPLOS generated requests of `modo` to `operacao`, counting their statuses in
    `respostas`; returns each distinct failure (its check's message and the curl that reproduces it)."""
    enviados, falhas = 0, {}

    @settings(max_examples=EXEMPLOS, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(case=operacao.as_strategy(generation_mode=modo))
    def examinar(case):
        nonlocal enviados
        enviados += 1
        try:
            resposta = case.call(app=app, headers={"Authorization": f"Bearer {token_do_estudio()}"})
            respostas[resposta.status_code] += 1
            case.validate_response(resposta, checks=CHECAGENS)
        except FailureGroup as grupo:
            # Recorded, not raised: Hypothesis would spend the time budget shrinking it.
            for falha in grupo.exceptions:
                falhas.setdefault(falha.title, f"{operacao.label} [{modo.value}] {falha.title}: {falha.message}\n"
                                                f"{case.as_curl_command()}")

    try:
        examinar()
    except Unsatisfiable:
        # Negative mode on an operation with nothing a request could get wrong (no parameter,
        # no body): there is no invalid request to send.
        assert modo is GenerationMode.NEGATIVE and enviados == 0, operacao.label
    return list(falhas.values())


def _ids_do_estudio(documento: dict) -> dict:
    """The document with its integer path ids bounded to the first MAIOR_ID: the demo's rows have
    those ids, so valid requests reach a real row instead of a 404 (invalid ones still go anywhere)."""
    for operacoes in documento["paths"].values():
        for operacao in operacoes.values():
            for parametro in operacao.get("parameters", []):
                if parametro["in"] == "path" and parametro["schema"].get("type") == "integer":
                    parametro["schema"] = {**parametro["schema"], "minimum": 1, "maximum": MAIOR_ID}
    return documento


@pytest.mark.parametrize("servico", list(SERVICOS))
def test_api_aguenta_entradas_geradas(servico, pilha, token_do_estudio):
    apps, _ = pilha
    app = apps[servico]
    esquema = schemathesis.openapi.from_dict(_ids_do_estudio(app.test_client().get("/openapi.json").get_json()))
    operacoes = 0
    falhas, respostas = [], Counter()
    for resultado in esquema.get_all_operations():
        operacao = resultado.ok()
        if (operacao.method.upper(), operacao.path) in SEM_FIM:
            continue
        operacoes += 1
        for modo in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            falhas += _fuzzar(operacao, app, modo, token_do_estudio, respostas)
    print(f"{servico}: {operacoes} operações, {respostas.total()} requisições geradas, {len(falhas)} falhas; "
          f"respostas {dict(sorted(respostas.items()))}")
    assert operacoes > 0
    assert falhas == [], "\n\n".join(falhas)


@pytest.mark.parametrize("metodo, caminho, dados", [
    # The first failure the fuzz found: an offset Python accepts and PostgreSQL refuses was a 500.
    ("get", "/api/equipamentos/disponiveis?inicio=2026-07-19T04:32:16-00:26&fim=2026-07-20T04:02:58-18:26", None),
    ("post", "/api/agenda", {"titulo": "Ensaio", "inicio": "2026-07-19T10:00:00+18:00",
                             "fim": "2026-07-19T12:00:00-03:00"}),
])
def test_fuso_alem_de_14_horas_e_recusado_nomeando_o_campo(metodo, caminho, dados, pilha, token_do_estudio):
    cliente = pilha[0]["operacional-api"].test_client()
    resposta = getattr(cliente, metodo)(caminho, json=dados, headers={"Authorization": f"Bearer {token_do_estudio()}"})
    assert resposta.status_code == 400, resposta.get_json()
    campos = resposta.get_json()["campos"]
    campo = "fim" if metodo == "get" else "inicio"
    assert "Fuso horário inválido" in campos[campo]


def test_exclusao_que_o_financeiro_recusa_e_409_e_nao_503(pilha, estudio, token_do_estudio, sql_dono):
    """Found by the fuzz: a contract whose parcelas financeiro refuses to cancel (here its conta
    deactivated since) could not be deleted, and the answer was a 503, "try again", which could
    never work. Now a 409 with financeiro's reason; the contract stays cancelled."""
    conta = sql_dono("""INSERT INTO cadastros.contas (empresa_id, nome, nome_busca, tipo, banco, saldo_inicial, ativa)
                        VALUES (%s, 'Conta a desativar', 'conta a desativar', 'CORRENTE', '001', 0, true)
                        RETURNING id""", (estudio,), empresa_id=estudio)[0]["id"]
    cliente_id = sql_dono("SELECT min(id) AS id FROM cadastros.clientes WHERE ativo", empresa_id=estudio)[0]["id"]
    receita = sql_dono("SELECT min(id) AS id FROM cadastros.categorias WHERE tipo = 'RECEITA' AND ativa",
                       empresa_id=estudio)[0]["id"]
    cliente = pilha[0]["operacional-api"].test_client()
    cliente.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token_do_estudio()}"
    criado = cliente.post("/api/contratos", json={
        "cliente_id": cliente_id, "descricao": "Contrato a excluir", "valor": "900.00", "parcelas": 3,
        "primeiro_vencimento": "2027-01-31", "conta_id": conta, "categoria_id": receita})
    assert criado.status_code == 201, criado.get_json()
    sql_dono("UPDATE cadastros.contas SET ativa = false WHERE id = %s", (conta,), empresa_id=estudio)

    resposta = cliente.delete(f"/api/contratos/{criado.get_json()['id']}")

    assert resposta.status_code == 409, resposta.get_json()
    assert "o Financeiro recusou" in resposta.get_json()["error"]
    assert cliente.get(f"/api/contratos/{criado.get_json()['id']}").get_json()["status"] == "cancelado"


def test_aceite_publico_anuncia_o_contrato_na_empresa_dele(pilha, estudio, token_do_estudio, sql_dono, redis_url):
    """Found by the fuzz's logs: the client's aceite (no session, so no empresa in the request)
    committed, then failed to publish its event (`int(None)`), so caches and the live dashboard
    never heard that the contract was signed. The event goes to the transaction's empresa."""
    cliente_id = sql_dono("SELECT min(id) AS id FROM cadastros.clientes WHERE ativo", empresa_id=estudio)[0]["id"]
    conta = sql_dono("SELECT min(id) AS id FROM cadastros.contas WHERE ativa", empresa_id=estudio)[0]["id"]
    receita = sql_dono("SELECT min(id) AS id FROM cadastros.categorias WHERE tipo = 'RECEITA' AND ativa",
                       empresa_id=estudio)[0]["id"]
    app = pilha[0]["operacional-api"]
    equipe = app.test_client()
    equipe.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token_do_estudio()}"
    contrato = equipe.post("/api/contratos", json={
        "cliente_id": cliente_id, "descricao": "Contrato a aceitar", "valor": "600.00", "parcelas": 2,
        "primeiro_vencimento": "2027-02-28", "conta_id": conta, "categoria_id": receita}).get_json()
    link = equipe.post(f"/api/contratos/{contrato['id']}/aceite").get_json()
    ouvinte = redis.Redis.from_url(redis_url).pubsub(ignore_subscribe_messages=True)
    ouvinte.subscribe(f"erp:eventos:{estudio}")
    try:
        aceito = app.test_client().post(f"/api/aceite/{link['caminho'].removeprefix('/aceite/')}",
                                        json={"nome": "Ana Souza", "cpf": "529.982.247-25"})
        assert aceito.status_code == 201, aceito.get_json()
        ouvidos = []
        for _ in range(50):
            mensagem = ouvinte.get_message(timeout=0.2)
            if mensagem is not None:
                ouvidos.append(json.loads(mensagem["data"]))
            if any(e["dados"].get("id") == contrato["id"] for e in ouvidos):
                break
    finally:
        ouvinte.close()
    assert [e["tipo"] for e in ouvidos if e["dados"].get("id") == contrato["id"]] == ["operacional.contrato.alterado"]
