"""The dashboard is cached, and never more than a second behind a committed write (DESIGN.md rule 5).

A write anywhere in financeiro or cadastros bumps that domain's generation for the empresa; the
cache key carries the generations, so the next read after a bump builds a fresh value. The pub/sub
message only makes a worker notice sooner: with it lost, the worker's memo of the generations
expires after memo_ttl (0.5 s) and the bump is seen anyway. With Redis down, figures come from
PostgreSQL, the same figures.
"""
import time
from decimal import Decimal

import pytest
import redis

from shared import catalogo_eventos as eventos
from shared.config import hoje
from shared.eventos import chave_geracao

LIMITE = 1.0  # seconds: the "never more than one second behind"


def _hoje() -> str:
    return hoje().isoformat()


def ate(condicao, segundos: float = LIMITE):
    """Polls `condicao` for at most `segundos` of wall time; its last value."""
    fim = time.monotonic() + segundos
    while True:
        valor = condicao()
        if valor or time.monotonic() >= fim:
            return valor
        time.sleep(0.02)


def _numeros(cliente) -> dict:
    corpo = cliente.get("/api/dashboard").get_json()
    corpo.pop("atualizado_em")
    return corpo


@pytest.fixture
def financeiro(service_env, assinar_token):
    """`financeiro(empresa_id)` → a test client of financeiro-api (same database and Redis) with
    its write permission: writes as the studio makes them, publishing their events."""
    from financeiro import create_app

    app = create_app(service_env)

    def cliente(empresa_id: int):
        c = app.test_client()
        token = assinar_token(emp=empresa_id, perms=["financeiro:ler", "financeiro:escrever"])
        c.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        return c
    return cliente


def _lancar_sem_evento(sql_dono, livro, valor: str) -> None:
    """A receita due today, written behind the API's back: no event, no generation bump."""
    sql_dono(
        """INSERT INTO financeiro.lancamentos (empresa_id, tipo, descricao, valor, data_vencimento, competencia,
                                               categoria_id, conta_id)
           VALUES (%s, 'RECEITA', 'Ensaio extra', %s, %s, date_trunc('month', %s::date), %s, %s)""",
        (livro.empresa_id, valor, _hoje(), _hoje(), livro.receitas[0], livro.contas[0]))


def test_a_write_through_financeiro_is_visible_within_a_second_with_the_cache_warm(como, livro, financeiro, empresa):
    """A receita created and then paid through financeiro-api: each step reaches the dashboard's
    figures within a second, though the figures before it were cached."""
    dados = livro(empresa, semente=3, quantos=60)
    dashboard, escritor = como(empresa), financeiro(empresa)
    antes = _numeros(dashboard)
    assert _numeros(dashboard) == antes  # warm

    criado = escritor.post("/api/lancamentos", json={
        "tipo": "RECEITA", "descricao": "Ensaio de família", "valor": "350.00", "data_vencimento": _hoje(),
        "categoria_id": dados.receitas[0], "conta_id": dados.contas[0]})
    assert criado.status_code == 201, criado.get_json()
    receitas = str(Decimal(antes["receitas_mes"]) + Decimal("350.00"))
    depois = ate(lambda: (n := _numeros(dashboard))["receitas_mes"] == receitas and n)
    assert depois, "a receita criada não apareceu em um segundo"
    assert depois["a_receber"] == str(Decimal(antes["a_receber"]) + Decimal("350.00"))

    pago = escritor.post(f"/api/lancamentos/{criado.get_json()['id']}/baixas", json={})
    assert pago.status_code == 201, pago.get_json()
    recebido = str(Decimal(depois["recebido_mes"]) + Decimal("350.00"))
    final = ate(lambda: (n := _numeros(dashboard))["recebido_mes"] == recebido and n)
    assert final, "o recebimento não apareceu em um segundo"
    assert final["a_receber"] == antes["a_receber"]
    assert final["saldo_total"] == str(Decimal(antes["saldo_total"]) + Decimal("350.00"))


def test_the_generation_counter_is_the_truth_even_when_the_message_is_lost(como, livro, sql_dono, app, empresa):
    """A write the cache is not told about is not seen (the cached figures are served); the
    generation bumped in Redis without any pub/sub message is seen within a second."""
    dados = livro(empresa, semente=4, quantos=60)
    dashboard = como(empresa)
    antes = _numeros(dashboard)
    widgets_antes = dashboard.get("/api/dashboard/widgets").get_json()

    _lancar_sem_evento(sql_dono, dados, "77.70")
    time.sleep(0.6)  # past memo_ttl: the generations are read again, and have not moved
    assert _numeros(dashboard) == antes, "sem geração nova o valor em cache continua valendo"

    app.extensions["erp"].redis.incr(chave_geracao(empresa, "financeiro"))  # no PUBLISH: the message is lost
    esperado = str(Decimal(antes["receitas_mes"]) + Decimal("77.70"))
    assert ate(lambda: _numeros(dashboard)["receitas_mes"] == esperado), "a geração nova não foi vista em um segundo"
    widgets = dashboard.get("/api/dashboard/widgets").get_json()
    assert widgets != widgets_antes


def test_a_cadastros_write_refreshes_too(como, livro, sql_dono, app, empresa):
    """A conta deactivated in cadastros leaves saldo_total within a second of cadastros' bump."""
    dados = livro(empresa, semente=5, quantos=30)
    dashboard = como(empresa)
    antes = dashboard.get("/api/dashboard/widgets").get_json()["items"][0]["dados"]
    assert len(antes) == 2  # the two active contas
    sql_dono("UPDATE cadastros.contas SET ativa = false WHERE empresa_id = %s AND id = %s",
             (empresa, dados.contas[1]))
    app.extensions["erp"].barramento.publicar(eventos.CONTA_ALTERADA.nome, empresa)
    assert ate(lambda: len(dashboard.get("/api/dashboard/widgets").get_json()["items"][0]["dados"]) == 1)
    restante = next(c["saldo"] for c in antes if c["conta_id"] == dados.contas[0])
    assert _numeros(dashboard)["saldo_total"] == restante


def test_with_redis_down_the_dashboard_answers_the_same_figures_from_postgres(como, livro, sql_dono, empresa,
                                                                               redis_server, redis_url):
    dados = livro(empresa, semente=6, quantos=80)
    dashboard = como(empresa)
    numeros = _numeros(dashboard)
    metricas = dashboard.get("/api/dashboard/metrics").get_json()
    metricas.pop("atualizado_em")

    redis_server.stop()
    with pytest.raises(redis.RedisError):
        redis.Redis.from_url(redis_url, socket_timeout=0.5).ping()
    resposta = dashboard.get("/api/dashboard")
    assert resposta.status_code == 200, resposta.get_json()
    assert _numeros(dashboard) == numeros
    sem_redis = dashboard.get("/api/dashboard/metrics").get_json()
    sem_redis.pop("atualizado_em")
    assert sem_redis == metricas

    # Nothing cached is served while Redis is down: a write is seen at once.
    _lancar_sem_evento(sql_dono, dados, "10.00")
    assert _numeros(dashboard)["receitas_mes"] == str(Decimal(numeros["receitas_mes"]) + Decimal("10.00"))
