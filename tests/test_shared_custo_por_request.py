"""What an authenticated request costs the shared layer before its own work (issue 20: a list
within 2× of its bare SQL). Its round trips to Redis are the revocation check and the rate limit's
hit, no more: no X-RateLimit-* headers, whose window read back was two more on every response. The
limit still refuses past its count, and its 429 says when to try again."""
import pytest
import redis
from flask import Blueprint

from shared.api import endpoint
from shared.app import criar_app
from shared.ratelimit import limiter


def _blueprint() -> Blueprint:
    bp = Blueprint("custo", __name__)

    @bp.get("/api/ping")
    @endpoint(resumo="Responde pong")
    def ping():
        return {"pong": True}

    # A limit of its own: the default one is the first app's of the process (flask-limiter keeps it).
    @bp.get("/api/escasso")
    @limiter.limit("2/minute")
    @endpoint(resumo="Responde pong, duas vezes por minuto")
    def escasso():
        return {"pong": True}

    return bp


@pytest.fixture(scope="module")
def app(service_env):
    app = criar_app("teste-custo", [_blueprint()], service_env)
    yield app
    app.extensions["erp"].db.fechar()


@pytest.fixture
def cliente(app, assinar_token, nova_empresa):
    """A user of an empresa of this test alone, so no other test's requests count in its limit."""
    c = app.test_client()
    c.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {assinar_token(emp=nova_empresa(), sub=str(nova_empresa()))}"
    return c


def _comandos(cliente_redis: redis.Redis) -> dict:
    # INFO itself, the reset, and a subscriber's keep-alive PING are not the request's.
    return {nome.removeprefix("cmdstat_"): estatistica["calls"]
            for nome, estatistica in cliente_redis.info("commandstats").items()
            if not nome.startswith(("cmdstat_info", "cmdstat_config", "cmdstat_ping"))}


def test_an_authenticated_request_goes_to_redis_twice(cliente, redis_url):
    # Connections open, the limit's script loaded: what every later request finds.
    assert cliente.get("/api/ping").status_code == 200
    with redis.Redis.from_url(redis_url) as cliente_redis:
        cliente_redis.config_resetstat()
        respostas = [cliente.get("/api/ping") for _ in range(5)]
        comandos = _comandos(cliente_redis)
    assert [r.status_code for r in respostas] == [200] * 5
    # Is the session revoked? This user's count, plus one (the script's own INCRBY and EXPIRE are
    # counted by Redis too, not being round trips).
    assert {c: n for c, n in comandos.items() if c not in ("incrby", "expire")} == {"exists": 5, "evalsha": 5}
    assert not [c for c in respostas[-1].headers.keys() if c.lower().startswith("x-ratelimit")]


def test_past_the_limit_a_429_says_when_to_try_again(cliente):
    respostas = [cliente.get("/api/escasso") for _ in range(3)]
    assert [r.status_code for r in respostas] == [200, 200, 429]
    assert respostas[-1].get_json()["code"] == "limite_excedido"
    assert 1 <= int(respostas[-1].headers["Retry-After"]) <= 60
