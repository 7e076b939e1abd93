"""The connection pool and the per-request transaction (shared.db), on a real PostgreSQL.

A pool that does not pool pays a new connection (and its authentication) on every request; a pool
that loses connections to errors runs dry after a few bad requests; a pool that hands out a
connection the server has dropped turns a database restart into failed requests. Each of these
is a property proven here, together with the after-commit hooks the event bus relies on.
"""
import threading

import psycopg2
import psycopg2.errors
import pytest

from shared.db import Database
from shared.errors import Indisponivel


@pytest.fixture
def db(database):
    banco = Database(database.app_url, maxconn=2)
    yield banco
    banco.fechar()


def pid(db: Database, empresa_id=1) -> int:
    with db.transacao(empresa_id) as cur:
        cur.execute("SELECT pg_backend_pid() AS pid")
        return cur.fetchone()["pid"]


def encerrar(owner_url: str, *pids: int) -> None:
    """What a server restart or failover does to the pool's idle connections."""
    conn = psycopg2.connect(owner_url)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            for alvo in pids:
                cur.execute("SELECT pg_terminate_backend(%s, 5000)", (alvo,))
                assert cur.fetchone()[0]
    finally:
        conn.close()


def test_sequential_transactions_reuse_one_pooled_connection(db):
    """One connection serves one request after another: no new connection per request."""
    assert len({pid(db, empresa) for empresa in [1, 2, 3] * 10}) == 1


def test_concurrent_transactions_use_up_to_maxconn_connections_which_are_then_kept(db):
    with db.transacao(1) as a, db.transacao(2) as b:
        a.execute("SELECT pg_backend_pid() AS pid")
        b.execute("SELECT pg_backend_pid() AS pid")
        pids = {a.fetchone()["pid"], b.fetchone()["pid"]}
    assert len(pids) == 2
    with db.transacao(1) as a, db.transacao(2) as b:
        a.execute("SELECT pg_backend_pid() AS pid")
        b.execute("SELECT pg_backend_pid() AS pid")
        assert {a.fetchone()["pid"], b.fetchone()["pid"]} == pids


def test_errors_inside_transactions_do_not_drain_the_pool(db):
    """SQL errors and application exceptions alike give the connection back (rolled back)."""
    for _ in range(db.maxconn * 3):
        with pytest.raises(psycopg2.errors.DivisionByZero):
            with db.transacao(1) as cur:
                cur.execute("SELECT 1 / 0")
        with pytest.raises(KeyError):
            with db.transacao(1):
                raise KeyError("a view's own error")
    with db.transacao(1) as cur:
        cur.execute("SELECT current_setting('app.empresa_id', true) AS emp, 1 AS ok")
        assert cur.fetchone() == {"emp": "1", "ok": 1}


def test_connections_the_server_dropped_while_idle_are_replaced_transparently(db, database):
    """After a restart or failover every idle pooled connection is dead: the next transactions
    still work (on new connections) instead of failing once per dead connection."""
    with db.transacao(1) as a, db.transacao(2) as b:  # two connections idle in the pool
        a.execute("SELECT pg_backend_pid() AS pid")
        b.execute("SELECT pg_backend_pid() AS pid")
        antigos = {a.fetchone()["pid"], b.fetchone()["pid"]}
    encerrar(database.owner_url, *antigos)

    novo = pid(db, 7)
    assert novo not in antigos
    with db.transacao(7) as cur:
        cur.execute("SELECT current_setting('app.empresa_id', true) AS emp")
        assert cur.fetchone()["emp"] == "7"
    db.ping()


def test_a_connection_lost_after_work_began_is_an_error_not_a_silent_retry(db, database):
    """Once the transaction did something, it cannot be replayed behind the caller's back: the
    error surfaces (the request fails, nothing half-done is committed) and the pool recovers."""
    with pytest.raises(psycopg2.OperationalError):
        with db.transacao(1) as cur:
            cur.execute("SELECT pg_backend_pid() AS pid")
            encerrar(database.owner_url, cur.fetchone()["pid"])
            cur.execute("SELECT 1")
    assert pid(db) > 0


def test_after_commit_hooks_run_after_the_commit_and_never_after_a_rollback(db):
    vistos = []

    def gancho():
        # Runs once the transaction committed: a new transaction already sees what it wrote.
        with db.transacao(5) as cur:
            cur.execute("SELECT count(*) AS n FROM plataforma.auditoria WHERE entidade = 'gancho'")
            vistos.append(cur.fetchone()["n"])

    def falha():
        raise ValueError("a hook that fails")

    inserir = ("INSERT INTO plataforma.auditoria (empresa_id, servico, acao, entidade) "
               "VALUES (plataforma.empresa_atual(), 'teste', 'criar', 'gancho')")
    with db.transacao(5, apos_commit=[gancho]) as cur:
        cur.execute(inserir)
        assert vistos == []
    assert vistos == [1]

    with pytest.raises(RuntimeError):
        with db.transacao(5, apos_commit=[gancho]) as cur:
            cur.execute(inserir)
            raise RuntimeError("rollback")
    assert vistos == [1], "a rolled-back transaction runs no hook"

    with db.transacao(5, apos_commit=[falha, gancho]) as cur:  # a failing hook neither raises nor stops the rest
        cur.execute(inserir)
    assert vistos == [1, 2]


def test_a_request_beyond_maxconn_waits_for_a_free_connection_then_gets_503(database):
    """Threads of one process (gthread, gevent workers) share its pool: the one beyond maxconn waits
    for a connection to come back, and answers 503 only if none does within the wait."""
    banco = Database(database.app_url, maxconn=1, espera=5)
    ocupada = threading.Event()
    liberar = threading.Event()
    dono = threading.Thread(target=_segurar, args=(banco, ocupada, liberar))
    dono.start()
    try:
        assert ocupada.wait(10)
        threading.Timer(0.3, liberar.set).start()
        assert pid(banco) > 0  # waited for the connection instead of failing at once

        impaciente = Database(database.app_url, maxconn=1, espera=0.2)
        liberar.clear()
        ocupada.clear()
        outro = threading.Thread(target=_segurar, args=(impaciente, ocupada, liberar))
        outro.start()
        assert ocupada.wait(10)
        with pytest.raises(Indisponivel):
            pid(impaciente)
        liberar.set()
        outro.join(10)
        assert pid(impaciente) > 0  # and the connection is back in service afterwards
        impaciente.fechar()
    finally:
        liberar.set()
        dono.join(10)
        banco.fechar()


def _segurar(banco: Database, ocupada: threading.Event, liberar: threading.Event) -> None:
    with banco.transacao(1):
        ocupada.set()
        liberar.wait(10)


def test_rows_come_as_dicts_by_column_name_however_they_are_read(db):
    """fetchone, fetchmany, fetchall, iteration, and a server-side cursor of the transaction's class
    read in batches (the exports): each row a dict by column name, in the columns' order."""
    linhas = "SELECT n, 'linha ' || n AS nome FROM generate_series(1, 5) AS n ORDER BY n"
    esperadas = [{"n": n, "nome": f"linha {n}"} for n in range(1, 6)]
    with db.transacao(1) as cur:
        cur.execute(linhas)
        assert [cur.fetchone(), *cur.fetchmany(2), *cur.fetchall()] == esperadas
        assert cur.fetchone() is None and cur.fetchall() == []
        cur.execute(linhas)
        lidas = list(cur)
        assert lidas == esperadas and all(list(linha) == ["n", "nome"] for linha in lidas)
        with cur.connection.cursor(name="em_lotes", cursor_factory=type(cur)) as nomeado:
            nomeado.itersize = 2
            nomeado.execute(linhas)
            assert list(nomeado) == esperadas
