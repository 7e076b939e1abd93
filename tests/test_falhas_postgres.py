"""PostgreSQL restarted under a running service (issue 20): requests during the outage get a clean
JSON 503, the one in flight included; the service answers again within seconds of the restart
without being restarted; a write committed before is still there; an import cut by the restart
left nothing, and the same file imports whole afterwards.

A cluster of its own (tests/falhas.py): stopping the session's PostgreSQL would break every other
test. financeiro-api under gunicorn (two sync workers, so a request can be in flight on one while
the other answers), with its own Redis.
"""
import threading
import time
from datetime import date

import psycopg2
import psycopg2.errors
import pytest
from flask import Flask

from bench.financeiro import gerar_ofx
from tests.falhas import (Http, Pilha, PostgresProprio, cadastrar_basico, escrevendo_em, esperar, novo_banco,
                          resposta_limpa, sql)
from shared import errors
from tools import embedded

EMPRESA = 1
TRANSACOES = 20_000  # an import that writes for seconds: time to cut it in the middle
RECUPERACAO = 20  # seconds the service may take to answer again after the restart (it took 0.02 s here)


@pytest.fixture(scope="module")
def pilha(jwt_keys, tmp_path_factory):
    pasta = tmp_path_factory.mktemp("falhas-pg")
    postgres = PostgresProprio(pasta / "pg")
    redis = embedded.EmbeddedRedis(pasta / "redis")
    servicos = None
    try:
        owner_url = postgres.iniciar_primeira_vez()
        banco = novo_banco(owner_url)
        servicos = Pilha(banco, redis.start(), jwt_keys, pasta, extra={"WEB_CONCURRENCY": "2"})
        servicos.iniciar("financeiro-api")
        yield servicos, postgres
    finally:
        if servicos is not None:
            servicos.parar()
        redis.stop()
        postgres.encerrar()


@pytest.fixture
def financeiro(pilha, assinar_token):
    servicos, _ = pilha
    token = assinar_token(emp=EMPRESA, perms=["financeiro:ler", "financeiro:escrever"])
    with Http(servicos.url("financeiro-api"), token) as http:
        yield http


def test_postgres_reiniciado_503_limpo_e_volta_sozinho_sem_perder_o_que_foi_gravado(pilha, financeiro):
    servicos, postgres = pilha
    owner_url = servicos.banco["owner_url"]
    cadastro = cadastrar_basico(owner_url, EMPRESA)
    lancamento = {"tipo": "DESPESA", "descricao": "Aluguel do estúdio", "valor": "3200.00",
                  "data_vencimento": "2026-12-10", "categoria_id": cadastro["salarios"], "conta_id": cadastro["conta"]}
    gravado = financeiro.post("/api/lancamentos", json=lancamento)
    assert gravado.status_code == 201, gravado.text

    processos = (servicos.processos["financeiro-api"].pid, servicos.workers("financeiro-api"))
    ofx = gerar_ofx(TRANSACOES, date(2026, 11, 30), 7)
    enviar = {"files": {"arquivo": ("extrato.ofx", ofx, "application/x-ofx")},
              "data": {"conta_id": str(cadastro["conta"]), "confirmar_conta": "true"}}
    em_voo = {}
    importacao = threading.Thread(target=lambda: em_voo.update(resposta=financeiro.post("/api/extratos/upload",
                                                                                        **enviar)))
    importacao.start()
    esperar(lambda: escrevendo_em(owner_url, "financeiro.extrato_transacoes"), 60, 0.02,
            "a importação não começou a gravar")

    postgres.parar()  # fast: every session ends, the import's in the middle of its transaction
    parado = time.monotonic()
    try:
        importacao.join(30)
        assert not importacao.is_alive()
        corpo = resposta_limpa(em_voo["resposta"], 503)
        assert corpo["code"] == "indisponivel"
        # Nothing connects now: every request, read or write, is the same clean 503 at once.
        for resposta in (financeiro.get("/api/lancamentos"),
                         financeiro.post("/api/lancamentos", json={**lancamento, "descricao": "Outra"})):
            assert resposta_limpa(resposta, 503)["code"] == "indisponivel"
        assert financeiro.get("/ready").status_code == 503
        assert financeiro.get("/health").status_code == 200  # the process lives: no restart wanted
    finally:
        postgres.iniciar()
    reiniciado = time.monotonic()

    # The same processes answer again: the pool drops its dead connections and opens new ones.
    lista = esperar(lambda: (r := financeiro.get("/api/lancamentos")).status_code == 200 and r, RECUPERACAO, 0.1,
                    "o financeiro não voltou a responder depois do reinício")
    recuperou = time.monotonic()
    print(f"\nPostgreSQL parado {reiniciado - parado:.1f} s; financeiro respondeu 200 "
          f"{recuperou - reiniciado:.2f} s depois do reinício")
    assert [l["id"] for l in lista.json()["items"]] == [gravado.json()["id"]]
    assert financeiro.get("/ready").status_code == 200
    assert (servicos.processos["financeiro-api"].pid, servicos.workers("financeiro-api")) == processos

    # All or nothing: the cut import left no extrato and no line; the same file now imports whole.
    assert sql(owner_url, "SELECT count(*) AS n FROM financeiro.extratos")[0]["n"] == 0
    assert sql(owner_url, "SELECT count(*) AS n FROM financeiro.extrato_transacoes")[0]["n"] == 0
    de_novo = financeiro.post("/api/extratos/upload", **enviar)
    assert de_novo.status_code == 201, de_novo.text[:500]
    assert de_novo.json()["importadas"] + de_novo.json()["duplicadas"] == TRANSACOES
    linhas = sql(owner_url, "SELECT count(*) AS n FROM financeiro.extrato_transacoes")[0]["n"]
    assert linhas == de_novo.json()["importadas"]


@pytest.mark.parametrize("erro, mensagem", [
    (psycopg2.errors.AdminShutdown("terminating connection due to administrator command"), "banco de dados"),
    (psycopg2.InterfaceError("connection already closed"), "banco de dados"),
    (psycopg2.errors.QueryCanceled("canceling statement due to statement timeout"), "demorou demais"),
])
def test_cada_erro_de_conexao_do_psycopg2_e_um_503_limpo(erro, mensagem):
    """The errors a restart, a closed connection or a statement timeout raise, wherever they come
    from in a service: the envelope's 503, never the 500 of a bug."""
    app = Flask(__name__)
    errors.registrar(app)

    @app.get("/falha")
    def falha():
        raise erro

    resposta = app.test_client().get("/falha")
    assert resposta.status_code == 503 and resposta.get_json()["code"] == "indisponivel"
    assert mensagem in resposta.get_json()["error"]
