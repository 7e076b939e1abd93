"""The connection pool and the per-request tenant transaction.

Every request's database work runs in one transaction that first sets `app.empresa_id`
transaction-locally (`set_config(..., true)`), so nothing leaks to the next user of a pooled
connection. The pool connects as the app role (not the tables' owner, no BYPASSRLS), so the
row-level security policies decide which rows exist for the caller.
"""
import logging
import os
import threading
import time
from contextlib import contextmanager

import psycopg2
import psycopg2.errors
import psycopg2.extensions
import psycopg2.pool

from shared import metricas
from shared.errors import Indisponivel

log = logging.getLogger(__name__)

ESPERA_POR_CONEXAO = 10.0  # seconds a request waits for a pooled connection before a 503


class CursorDeDicts(psycopg2.extensions.cursor):
    """Rows as dicts by column name, as psycopg2.extras.RealDictCursor gives them, each built at
    once from its tuple: RealDictCursor makes one Python call per column, a millisecond for a
    page of 50 lançamentos of 40 columns and as long as the query for 10,000 rows (issue 20).
    Also a server-side (named) cursor's class: iterating it fetches `itersize` rows a time."""

    def _dicts(self, linhas: list) -> list[dict]:
        if not linhas:
            return []
        nomes = [coluna.name for coluna in self.description]
        return [dict(zip(nomes, linha)) for linha in linhas]

    def fetchone(self) -> dict | None:
        linha = super().fetchone()
        return None if linha is None else self._dicts([linha])[0]

    def fetchmany(self, size: int | None = None) -> list[dict]:
        return self._dicts(super().fetchmany(self.arraysize if size is None else size))

    def fetchall(self) -> list[dict]:
        return self._dicts(super().fetchall())

    def __iter__(self):
        # psycopg2's own iteration builds tuples in C, past the methods above.
        while linhas := self.fetchmany(self.itersize):
            yield from linhas


class Database:
    """A lazily created pool per process: gunicorn forks workers after the app is built."""

    def __init__(self, url: str, maxconn: int = 5, espera: float = ESPERA_POR_CONEXAO):
        self.url = url
        self.maxconn = maxconn
        self.espera = espera
        self._pool = None
        self._vagas = None
        self._pid = None
        self._lock = threading.Lock()

    def _pool_do_processo(self) -> psycopg2.pool.ThreadedConnectionPool:
        if self._pool is None or self._pid != os.getpid():
            with self._lock:
                if self._pool is None or self._pid != os.getpid():
                    pool = psycopg2.pool.ThreadedConnectionPool(
                        0, self.maxconn, self.url, connect_timeout=5, application_name="erp-web"
                    )
                    # psycopg2 keeps at most `minconn` idle connections and closes every other one
                    # on putconn: with 0 it would open a new connection per transaction. Created
                    # with 0 (nothing opened before the first request), then allowed to keep all.
                    pool.minconn = self.maxconn
                    self._pool = pool
                    # psycopg2's pool raises at once when every connection is out; threads of one
                    # process (gthread, gevent) wait for a free one here instead.
                    self._vagas = threading.BoundedSemaphore(self.maxconn)
                    self._pid = os.getpid()
                    metricas.POOL_MAXIMO.inc(self.maxconn)
        return self._pool

    def _obter(self, pool, primeiro_comando: tuple | None):
        """A connection from the pool on which the transaction's first statement already ran.

        A pooled connection may have died while idle (a server restart, a failover, an idle
        timeout on the way): nothing was done on it yet, so it is discarded and the statement runs
        on the next one (at worst a new connection) instead of failing the request.
        """
        for tentativa in range(self.maxconn + 1):
            conn = pool.getconn()  # a server that is down fails here, at once
            if primeiro_comando is None:
                return conn
            try:
                with conn.cursor() as cur:
                    cur.execute(*primeiro_comando)
                return conn
            except (psycopg2.OperationalError, psycopg2.InterfaceError):
                pool.putconn(conn, close=True)
                if tentativa == self.maxconn:
                    raise
                log.info("conexão do pool caiu enquanto ociosa; usando outra")
        raise AssertionError("inalcançável")

    @contextmanager
    def conexao(self, primeiro_comando: tuple | None = None):
        """A pooled connection; with `primeiro_comando` (sql, params), already run on it.

        When all of this process's connections are in use, waits up to `espera` seconds for one,
        then answers 503 (Indisponivel) rather than failing the request with a 500.
        """
        pool = self._pool_do_processo()
        vagas = self._vagas
        inicio = time.perf_counter()
        if not vagas.acquire(timeout=self.espera):
            metricas.POOL_ESGOTADO.inc()
            raise Indisponivel("O banco de dados está ocupado; tente novamente em instantes")
        metricas.POOL_ESPERA.observe(time.perf_counter() - inicio)
        metricas.POOL_EM_USO.inc()
        try:
            with self._emprestada(pool, primeiro_comando) as conn:
                yield conn
        finally:
            metricas.POOL_EM_USO.dec()
            vagas.release()

    @contextmanager
    def _emprestada(self, pool, primeiro_comando: tuple | None):
        conn = self._obter(pool, primeiro_comando)
        try:
            yield conn
        except (psycopg2.OperationalError, psycopg2.InterfaceError):
            # A broken connection (server restart, network) must not go back to the pool.
            pool.putconn(conn, close=True)
            raise
        except BaseException:
            # Any other error (a constraint, an RLS violation, a view's 404) still returns the
            # connection: the pool rolls back an open transaction before handing it out again.
            pool.putconn(conn, close=bool(conn.closed))
            raise
        else:
            pool.putconn(conn, close=bool(conn.closed))

    @contextmanager
    def transacao(self, empresa_id: int | None, usuario_id: int | None = None, apos_commit=None):
        """One transaction with the tenant set; yields a dict cursor (CursorDeDicts).

        `apos_commit` is a list the caller may append callables to (event publishing): they run
        only after a successful commit, never for a rolled-back write.
        """
        tenant = (
            "SELECT set_config('app.empresa_id', %s, true), set_config('app.usuario_id', %s, true)",
            ("" if empresa_id is None else str(int(empresa_id)), "" if usuario_id is None else str(int(usuario_id))),
        )
        with self.conexao(tenant) as conn:
            try:
                with conn.cursor(cursor_factory=CursorDeDicts) as cur:
                    yield cur
                conn.commit()
            except BaseException:
                if not conn.closed:
                    conn.rollback()
                raise
        for funcao in apos_commit or ():
            try:
                funcao()
            except Exception:  # an after-commit hook cannot undo the commit: log and go on
                log.exception("falha em ação pós-commit")

    def ping(self) -> None:
        with self.conexao(("SELECT 1", ())) as conn:
            conn.rollback()

    def fechar(self) -> None:
        if self._pool is not None and self._pid == os.getpid():
            self._pool.closeall()
            metricas.POOL_MAXIMO.dec(self.maxconn)
        self._pool = None


@contextmanager
def violacoes_viram_erros(unicas: dict | None = None, em_uso=None):
    """The integrity errors a write expects, as the API errors it answers instead (409s).

    `unicas` maps a unique constraint's name to the error for a duplicate; `em_uso` is the error
    for a row that other rows still reference (a foreign key, e.g. deleting a conta that
    lançamentos use). Anything else stays an error: a violation nobody expected is a bug.
    Use it inside the transaction, around the statement: the transaction then rolls back.
    """
    try:
        yield
    except psycopg2.errors.UniqueViolation as erro:
        substituto = (unicas or {}).get(erro.diag.constraint_name)
        if substituto is None:
            raise
        raise substituto from None
    except psycopg2.errors.ForeignKeyViolation:
        if em_uso is None:
            raise
        raise em_uso from None


def arranjo(valores) -> str:
    """A PostgreSQL array literal of the values' texts (str of each): every element quoted (its
    backslashes and quotes escaped), so that commas, braces, spaces or the word NULL in a memo stay
    text; None is NULL. Sent as one parameter (`%s::text[]`, or `::bigint[]`, `::numeric[]`... for
    values whose text PostgreSQL reads as that type), it is one constant for PostgreSQL, where
    psycopg2's ARRAY[...] of a list is an expression per element to parse (0.5 s for 100,000)."""
    return "{" + ",".join("NULL" if v is None else '"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"'
                          for v in valores) + "}"


def arranjo_simples(valores) -> str:
    """An array literal of values whose text (str of each) holds no character an array literal
    gives a meaning to (numbers, dates, t/f), so needs no quoting. For ids compared with
    `= ANY(%s::bigint[])`: a list of ints sent as psycopg2 sends it is an int[], and
    `bigint = ANY(int[])` is not hashed, so a filter compares each row with every element."""
    return "{" + ",".join(map(str, valores)) + "}"
