"""Caches are correct first, fast second (DESIGN.md rule 5), on a real Redis and PostgreSQL.

* `Cache.obter` keys values by empresa and by the generation counter of the domains they read;
* a write bumps the generation and publishes after its commit, so a reader in ANOTHER process
  (a separate Python process polling a value computed from a Postgres table) sees the fresh value
  within a second — through the pub/sub message, and also when that message is lost (then the
  per-process memo of generations, `memo_ttl` <= 1 s, bounds the delay);
* events of one empresa never name another; events inside a request's transaction leave only after
  its commit, never for a rollback;
* the subscriber thread survives a Redis restart, forgetting what it remembered meanwhile, and with
  Redis down reads still come from Postgres, /ready says which dependency failed, /health stays up.
"""
import inspect
import json
import os
import queue
import subprocess
import sys
import threading
import time
from datetime import date
from decimal import Decimal

import psycopg2
import pytest
import redis
from flask import g

from shared import catalogo_eventos as eventos
from shared.app import criar_app, escrita
from shared.auth import Usuario
from shared.cache import Cache
from shared.config import REPO_ROOT
from shared.db import Database
from shared.eventos import PADRAO_CANAIS, Barramento, chave_geracao
from shared.redis_client import conectar

EMPRESA_A, EMPRESA_B = 11, 22
DOMINIO = "financeiro"
LIMITE_FRESCOR = 1.0  # seconds: the design's bound, asserted, not a performance target


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def lancamentos(database, service_env):
    """`teste_cache.lancamentos`, a tenant table (house pattern) whose sum is the cached value."""
    conn = psycopg2.connect(database.owner_url)
    with conn, conn.cursor() as cur:
        cur.execute("""
            CREATE SCHEMA teste_cache;
            CREATE TABLE teste_cache.lancamentos (
                empresa_id bigint NOT NULL,
                id bigint GENERATED ALWAYS AS IDENTITY,
                valor numeric(14, 2) NOT NULL,
                PRIMARY KEY (empresa_id, id));
            ALTER TABLE teste_cache.lancamentos ENABLE ROW LEVEL SECURITY;
            ALTER TABLE teste_cache.lancamentos FORCE ROW LEVEL SECURITY;
            CREATE POLICY tenant ON teste_cache.lancamentos
                USING (empresa_id = plataforma.empresa_atual())
                WITH CHECK (empresa_id = plataforma.empresa_atual());
            -- A constraint checked only at COMMIT, to make a commit fail on purpose.
            CREATE TABLE teste_cache.codigos (
                empresa_id bigint NOT NULL,
                codigo text NOT NULL,
                PRIMARY KEY (empresa_id, codigo) DEFERRABLE INITIALLY DEFERRED);
            ALTER TABLE teste_cache.codigos ENABLE ROW LEVEL SECURITY;
            ALTER TABLE teste_cache.codigos FORCE ROW LEVEL SECURITY;
            CREATE POLICY tenant ON teste_cache.codigos
                USING (empresa_id = plataforma.empresa_atual())
                WITH CHECK (empresa_id = plataforma.empresa_atual());
            GRANT USAGE ON SCHEMA teste_cache TO erp_app;
            GRANT SELECT, INSERT, UPDATE, DELETE ON teste_cache.lancamentos, teste_cache.codigos TO erp_app;
            GRANT USAGE ON ALL SEQUENCES IN SCHEMA teste_cache TO erp_app;""")
    conn.close()
    db = Database(database.app_url, 2)
    yield db
    db.fechar()


def lancar(db: Database, empresa: int, valor: str) -> None:
    with db.transacao(empresa) as cur:
        cur.execute("INSERT INTO teste_cache.lancamentos (empresa_id, valor) VALUES (plataforma.empresa_atual(), %s)",
                    (Decimal(valor),))


def total(db: Database, empresa: int) -> str:
    with db.transacao(empresa) as cur:
        cur.execute("SELECT coalesce(sum(valor), 0)::text AS total FROM teste_cache.lancamentos")
        return cur.fetchone()["total"]


@pytest.fixture
def cliente(redis_url):
    c = conectar(redis_url)
    yield c
    c.close()


@pytest.fixture(scope="module")
def app(service_env):
    aplicacao = criar_app("teste-cache", [], service_env)
    yield aplicacao
    aplicacao.extensions["erp"].db.fechar()


def ate(condicao, prazo: float, passo: float = 0.01):
    """Polls `condicao` until true or `prazo` seconds pass; returns its last value."""
    fim = time.monotonic() + prazo
    while True:
        valor = condicao()
        if valor or time.monotonic() > fim:
            return valor
        time.sleep(passo)


# ---------------------------------------------------------------- a reader in another process

LEITOR = r"""
import json, os, sys, threading, time
from shared.cache import Cache
from shared.db import Database
from shared.eventos import Barramento
from shared.redis_client import conectar

redis_url, app_url, empresa, memo_ttl = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()  # parent gone: exit
cliente = conectar(redis_url)
barramento = Barramento(cliente, "leitor")
cache = Cache(cliente, barramento, "leitor", memo_ttl=memo_ttl)
db = Database(app_url, 1)
assinado = threading.Event()
barramento.ouvir(lambda evento: evento is None and assinado.set())  # None: (re)subscribed

def carregar():
    with db.transacao(empresa) as cur:
        cur.execute("SELECT coalesce(sum(valor), 0)::text AS total FROM teste_cache.lancamentos")
        return cur.fetchone()["total"]

assinado.wait(10)
print("pronto", flush=True)
ultimo = None
while True:
    valor = cache.obter(empresa, ("financeiro",), "saldo", carregar)
    if valor != ultimo:
        print(json.dumps(valor), flush=True)
        ultimo = valor
    time.sleep(0.005)
"""


def _assinaturas_de_padrao(redis_url: str) -> int:
    """Pattern subscriptions of every client. Not PUBSUB NUMPAT: since Redis 7 it counts distinct
    patterns, so a reader joining another app's pattern (an earlier test's dashboard) adds none."""
    return sum(int(cliente["psub"]) for cliente in conectar(redis_url).client_list())


class Leitor:
    """A separate Python process that builds its own Cache and prints the cached value on change."""

    def __init__(self, tmp_path, redis_url: str, app_url: str, empresa: int, memo_ttl: float):
        script = tmp_path / "leitor.py"
        script.write_text(LEITOR)
        antes = _assinaturas_de_padrao(redis_url)
        self.processo = subprocess.Popen(
            [sys.executable, str(script), redis_url, app_url, str(empresa), str(memo_ttl)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=REPO_ROOT,
            env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        )
        self.linhas: queue.Queue = queue.Queue()
        threading.Thread(target=self._ler, daemon=True).start()
        assert self.proxima(15) == "pronto"
        # Its pattern subscription is registered on the server before anything is published.
        assert ate(lambda: _assinaturas_de_padrao(redis_url) > antes, 5)

    def _ler(self):
        for linha in self.processo.stdout:
            self.linhas.put(linha.strip())

    def proxima(self, prazo: float):
        try:
            return self.linhas.get(timeout=prazo)
        except queue.Empty:
            return None

    def valor_ate(self, esperado: str, prazo: float) -> float | None:
        """Seconds until the reader printed `esperado`, or None if it did not within `prazo`."""
        inicio = time.monotonic()
        while (resta := prazo - (time.monotonic() - inicio)) > 0:
            linha = self.proxima(resta)
            if linha is not None and json.loads(linha) == esperado:
                return time.monotonic() - inicio
        return None

    def fechar(self):
        self.processo.stdin.close()
        try:
            self.processo.wait(5)
        except subprocess.TimeoutExpired:
            self.processo.kill()
            self.processo.wait()


@pytest.fixture
def leitor(tmp_path, redis_url, database, lancamentos):
    abertos = []

    def abrir(empresa: int, memo_ttl: float) -> Leitor:
        abertos.append(Leitor(tmp_path, redis_url, database.app_url, empresa, memo_ttl))
        return abertos[-1]

    yield abrir
    for aberto in abertos:
        aberto.fechar()


def test_a_write_published_is_seen_by_a_reader_in_another_process_within_one_second(leitor, lancamentos, cliente):
    """With pub/sub delivering: the reader remembers generations for 30 s here, so only the
    message can make it see the new value in time."""
    lancar(lancamentos, EMPRESA_A, "10.00")
    outro = leitor(EMPRESA_A, memo_ttl=30)
    assert outro.valor_ate(total(lancamentos, EMPRESA_A), 5) is not None
    barramento = Barramento(cliente, "escritor")
    for parcela in ("5.00", "0.25", "100.00"):
        lancar(lancamentos, EMPRESA_A, parcela)
        esperado = total(lancamentos, EMPRESA_A)
        barramento.publicar("financeiro.lancamento_criado", EMPRESA_A, {"valor": parcela})  # outside a request: now
        demora = outro.valor_ate(esperado, 3)
        assert demora is not None and demora <= LIMITE_FRESCOR, f"visto após {demora} s"


def test_a_lost_pubsub_message_delays_freshness_by_less_than_one_second(leitor, lancamentos, cliente):
    """The generation counter is the truth: bumped with INCR and never published (the message
    lost), a reader with the default memo_ttl still sees the fresh value within a second."""
    memo_padrao = inspect.signature(Cache).parameters["memo_ttl"].default  # what every service runs with
    assert memo_padrao <= LIMITE_FRESCOR
    outro = leitor(EMPRESA_B, memo_ttl=memo_padrao)
    assert outro.valor_ate(total(lancamentos, EMPRESA_B), 5) is not None
    for parcela in ("7.00", "3.50"):
        lancar(lancamentos, EMPRESA_B, parcela)
        esperado = total(lancamentos, EMPRESA_B)
        cliente.incr(chave_geracao(EMPRESA_B, DOMINIO))  # the write's bump, without its message
        demora = outro.valor_ate(esperado, 3)
        assert demora is not None and demora <= LIMITE_FRESCOR, f"visto após {demora} s"


# ---------------------------------------------------------------- the cache in this process


def test_obter_caches_per_empresa_and_generation(cliente):
    """Same empresa and generation: loaded once. Another empresa: its own value. After that
    empresa's write: loaded again; the other empresa keeps its cached value."""
    barramento = Barramento(cliente, "teste-cache")
    cache = Cache(cliente, barramento, "teste-cache", memo_ttl=30)
    cargas = []

    def carregar(empresa):
        def _carregar():
            cargas.append(empresa)
            return {"empresa": empresa, "versao": cargas.count(empresa)}
        return _carregar

    assert cache.obter(EMPRESA_A, (DOMINIO,), "resumo", carregar(EMPRESA_A)) == {"empresa": EMPRESA_A, "versao": 1}
    assert cache.obter(EMPRESA_A, (DOMINIO,), "resumo", carregar(EMPRESA_A)) == {"empresa": EMPRESA_A, "versao": 1}
    assert cache.obter(EMPRESA_B, (DOMINIO,), "resumo", carregar(EMPRESA_B)) == {"empresa": EMPRESA_B, "versao": 1}
    assert cargas == [EMPRESA_A, EMPRESA_B]

    barramento.publicar("financeiro.lancamento_criado", EMPRESA_A)
    assert ate(lambda: cache.obter(EMPRESA_A, (DOMINIO,), "resumo", carregar(EMPRESA_A))["versao"] == 2, LIMITE_FRESCOR)
    assert cache.obter(EMPRESA_B, (DOMINIO,), "resumo", carregar(EMPRESA_B)) == {"empresa": EMPRESA_B, "versao": 1}
    # A write to another domain does not invalidate a value that does not read it.
    barramento.publicar("rh.funcionario_criado", EMPRESA_A)
    time.sleep(0.2)
    assert cache.obter(EMPRESA_A, (DOMINIO,), "resumo", carregar(EMPRESA_A))["versao"] == 2
    assert cargas == [EMPRESA_A, EMPRESA_B, EMPRESA_A]


def test_a_hit_a_miss_and_redis_down_give_the_same_value(cliente, redis_server, redis_url):
    """Decimal and dates come back as JSON strings every time, not as Decimal on a miss and a
    string on a hit: code that uses the value works the same whichever path served it."""
    cache = Cache(conectar(redis_url), Barramento(conectar(redis_url), "teste-cache"), "teste-cache")

    def carregar():
        return {"total": Decimal("10.50"), "dia": date(2026, 1, 31), "n": 3}

    esperado = {"total": "10.50", "dia": "2026-01-31", "n": 3}
    chave = f"tipos-{time.monotonic_ns()}"
    assert cache.obter(EMPRESA_A, (DOMINIO,), chave, carregar) == esperado  # miss
    assert cache.obter(EMPRESA_A, (DOMINIO,), chave, carregar) == esperado  # hit
    redis_server.stop()
    assert cache.obter(EMPRESA_A, (DOMINIO,), chave, carregar) == esperado  # Redis down


def test_obter_texto_keeps_the_text_as_it_is(cliente, redis_server, redis_url):
    """A service that caches an HTTP body gets on a hit the very text it stored, loaded once; with
    Redis down, what `carregar` gives now."""
    cache = Cache(conectar(redis_url), Barramento(conectar(redis_url), "teste-cache"), "teste-cache")
    texto = '{"nome":"Estúdio São João","total":"10.50"}'
    cargas = []

    def carregar():
        cargas.append(1)
        return texto

    chave = f"texto-{time.monotonic_ns()}"
    assert cache.obter_texto(EMPRESA_A, (DOMINIO,), chave, carregar) == texto  # miss
    assert cache.obter_texto(EMPRESA_A, (DOMINIO,), chave, carregar) == texto  # hit
    assert len(cargas) == 1
    redis_server.stop()
    assert cache.obter_texto(EMPRESA_A, (DOMINIO,), chave, carregar) == texto  # Redis down
    assert len(cargas) == 2


def test_events_of_an_empresa_carry_that_empresa_only(cliente):
    """An event of A goes out on A's channel, names A, and bumps A's generation only."""
    assinatura = cliente.pubsub(ignore_subscribe_messages=True)
    assinatura.psubscribe(PADRAO_CANAIS)
    try:
        antes_b = int(cliente.get(chave_geracao(EMPRESA_B, DOMINIO)) or 0)
        antes_a = int(cliente.get(chave_geracao(EMPRESA_A, DOMINIO)) or 0)
        Barramento(cliente, "teste-cache").publicar("financeiro.lancamento_criado", EMPRESA_A, {"id": 1})
        mensagens = []
        ate(lambda: mensagens.append(assinatura.get_message(timeout=0.05)) or any(mensagens), 2)
        ate(lambda: mensagens.append(assinatura.get_message(timeout=0.05)) or False, 0.2)  # anything else?
        recebidas = [m for m in mensagens if m]
        assert len(recebidas) == 1
        assert recebidas[0]["channel"] == f"erp:eventos:{EMPRESA_A}"
        evento = json.loads(recebidas[0]["data"])
        assert evento["empresa_id"] == EMPRESA_A and evento["tipo"] == "financeiro.lancamento_criado"
        assert evento["geracao"] == antes_a + 1
        assert int(cliente.get(chave_geracao(EMPRESA_B, DOMINIO)) or 0) == antes_b
    finally:
        assinatura.close()


# ---------------------------------------------------------------- after commit, never after rollback


def test_events_inside_a_tenant_transaction_leave_only_after_commit_and_never_after_rollback(app, lancamentos, cliente):
    usuario = Usuario(id=1, username="ana", empresa_id=EMPRESA_A, permissoes=frozenset(),
                      sessao_id="s", plataforma_admin=False, csrf="c")
    assinatura = cliente.pubsub(ignore_subscribe_messages=True)
    assinatura.psubscribe(f"erp:eventos:{EMPRESA_A}")

    def geracao():
        return int(cliente.get(chave_geracao(EMPRESA_A, DOMINIO)) or 0)

    def mensagens(prazo):
        vistas = []
        fim = time.monotonic() + prazo
        while time.monotonic() < fim:
            m = assinatura.get_message(timeout=0.05)
            if m:
                vistas.append(json.loads(m["data"]))
        return vistas

    try:
        with app.test_request_context("/api/lancamentos", method="POST"):
            g.usuario = usuario
            inicial = geracao()
            with escrita() as tx:
                tx.cur.execute("INSERT INTO teste_cache.lancamentos (empresa_id, valor) "
                               "VALUES (plataforma.empresa_atual(), 1) RETURNING id")
                novo = tx.cur.fetchone()["id"]
                tx.publicar(eventos.LANCAMENTO_ALTERADO, ids=[novo], acao="criado")
                assert geracao() == inicial and mensagens(0.2) == [], "nothing may leave before the commit"
            assert geracao() == inicial + 1
            [evento] = mensagens(0.5)
            assert evento["tipo"] == eventos.LANCAMENTO_ALTERADO.nome and evento["dados"] == {"ids": [novo], "acao": "criado"}
            # By the time the event is out, the row is visible to any other transaction.
            with lancamentos.transacao(EMPRESA_A) as cur:
                cur.execute("SELECT count(*) AS n FROM teste_cache.lancamentos WHERE id = %s", (novo,))
                assert cur.fetchone()["n"] == 1

            with pytest.raises(ZeroDivisionError):
                with escrita() as tx:
                    tx.cur.execute("INSERT INTO teste_cache.lancamentos (empresa_id, valor) "
                                   "VALUES (plataforma.empresa_atual(), 2)")
                    tx.publicar(eventos.LANCAMENTO_ALTERADO, ids=["desfeito"], acao="criado")
                    1 / 0
            assert mensagens(0.3) == [] and geracao() == inicial + 1, "a rolled-back write publishes nothing"

            # The commit itself fails (a deferred unique constraint): still nothing published.
            with pytest.raises(psycopg2.errors.UniqueViolation):
                with escrita() as tx:
                    for _ in range(2):
                        tx.cur.execute("INSERT INTO teste_cache.codigos (empresa_id, codigo) "
                                       "VALUES (plataforma.empresa_atual(), 'repetido')")
                    tx.publicar(eventos.LANCAMENTO_ALTERADO, ids=["falhou no commit"], acao="criado")
            assert mensagens(0.3) == [] and geracao() == inicial + 1
    finally:
        assinatura.close()


# ---------------------------------------------------------------- Redis outages


def test_the_subscriber_reconnects_after_a_redis_restart_and_forgets_its_memo(redis_server, redis_url):
    """Redis stops: listeners hear `None` (forget everything) and the memo of generations is empty.
    Redis returns: the same thread subscribes again by itself and events flow."""
    cliente = conectar(redis_url)
    barramento = Barramento(cliente, "teste-cache")
    cache = Cache(cliente, barramento, "teste-cache", memo_ttl=60)
    avisos = queue.Queue()
    barramento.ouvir(avisos.put)
    assert avisos.get(timeout=5) is None  # subscribed
    cache.obter(EMPRESA_A, (DOMINIO,), "x", lambda: 1)
    assert cache._memo, "generations are remembered while Redis is up"
    thread = barramento._thread

    redis_server.stop()
    assert avisos.get(timeout=10) is None, "the loss of the subscription is announced"
    assert cache._memo == {}

    redis_server.start()
    fim = time.monotonic() + 15
    recebido = None
    while time.monotonic() < fim and recebido is None:
        try:
            Barramento(conectar(redis_url), "escritor").publicar("financeiro.x", EMPRESA_A)
        except redis.RedisError:
            pass
        try:
            while (aviso := avisos.get(timeout=0.2)) is None:
                pass
            recebido = aviso
        except queue.Empty:
            pass
    assert recebido is not None and recebido["empresa_id"] == EMPRESA_A, "events flow again after the restart"
    assert barramento._thread is thread and thread.is_alive(), "the same subscriber thread reconnected"
    cliente.close()


def test_with_redis_down_reads_come_from_postgres_and_ready_names_redis(app, jwt_keys, redis_server, lancamentos):
    """DESIGN rule 5: Redis down is slower, never wrong nor down. Cached reads fall back to
    `carregar` (Postgres), authenticated requests still work, /ready is 503 naming redis, /health 200."""
    import jwt

    p = app.extensions["erp"]
    lancar(lancamentos, EMPRESA_A, "1.00")
    esperado = total(lancamentos, EMPRESA_A)
    client = app.test_client()
    agora = int(time.time())
    token = jwt.encode({"iss": "erp-web-auth", "aud": "erp-web", "iat": agora, "exp": agora + 60, "sub": "1",
                        "sid": "s-redis", "usr": "ana", "emp": EMPRESA_A, "perms": [], "csrf": "c"},
                       jwt_keys.private_pem, algorithm="EdDSA", headers={"kid": jwt_keys.kid})
    assert client.get("/ready").status_code == 200

    redis_server.stop()
    with app.app_context():
        for _ in range(3):
            assert p.cache.obter(EMPRESA_A, (DOMINIO,), "saldo", lambda: total(lancamentos, EMPRESA_A)) == esperado
    pronto = client.get("/ready")
    assert pronto.status_code == 503
    assert pronto.get_json()["dependencias"] == {"postgres": "ok", "redis": "indisponivel"}
    assert client.get("/health").status_code == 200
    resposta = client.get("/api/nao-existe", headers={"Authorization": f"Bearer {token}"})
    assert resposta.status_code == 404, resposta.get_json()  # authenticated locally, not a 500

    redis_server.start()
    assert ate(lambda: client.get("/ready").status_code == 200, 5)
