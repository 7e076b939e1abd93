"""The gateway's connections to the services: pooled, with no cookie jar, no proxy, no defaults.

Timeouts as a proxy needs them. urllib3 knows a connect and a read timeout, and applies the
connect one to sending the request as well; but a service may be slow to start reading a large
upload (its workers all busy for a moment) without being down. Here only opening the connection
must be quick; sending waits as long as reading does, and each wait is per socket operation.
The read timeout is the time to the response's first byte; once the response has begun, each
later read may wait longer (`entre_blocos`): an export or an event stream pauses between blocks.
"""
from http.cookiejar import DefaultCookiePolicy

import requests
from requests.adapters import HTTPAdapter
from urllib3 import HTTPConnectionPool, Timeout
from urllib3.connection import HTTPConnection

# Idle connections kept per service: as many as one gunicorn gthread worker has threads
# (GUNICORN_THREADS), so none of them is thrown away after its request.
CONEXOES = 256


class _Conexao(HTTPConnection):
    def getresponse(self, *args, **kwargs):
        soquete = self.sock
        resposta = super().getresponse(*args, **kwargs)
        # Kept for entre_blocos: http.client drops the socket from the connection (not from the
        # response reading it) when the service closes after its answer, as gunicorn's sync workers do.
        resposta.soquete = soquete
        return resposta


class _Servico(HTTPConnectionPool):
    ConnectionCls = _Conexao

    def _make_request(self, conn, *args, timeout, **kwargs):  # urlopen always passes it
        # The request's own read timeout (the service's time to first byte), for the writing too.
        conn.prazo_de_escrita = self._get_timeout(timeout).read_timeout
        return super()._make_request(conn, *args, timeout=timeout, **kwargs)

    def _validate_conn(self, conn) -> None:
        # Called with the connect timeout in place, right before the request is written: connect
        # now (as urllib3 does for HTTPS), and let the writing wait as long as a read would.
        super()._validate_conn(conn)
        if conn.is_closed:
            conn.connect()
        conn.timeout = conn.prazo_de_escrita


class _Adaptador(HTTPAdapter):
    def __init__(self, conexao: float, leitura: float):
        self._timeout = Timeout(connect=conexao, read=leitura)
        super().__init__(pool_maxsize=CONEXOES)

    def init_poolmanager(self, connections, maxsize, block=False, **pool_kwargs):
        super().init_poolmanager(connections, maxsize, block, timeout=self._timeout, **pool_kwargs)
        self.poolmanager.pool_classes_by_scheme = {**self.poolmanager.pool_classes_by_scheme, "http": _Servico}

    def send(self, request, timeout=None, **kwargs):
        # These timeouts unless the request brings its own (requests would otherwise wait forever).
        if timeout is None:
            timeout = (self._timeout.connect_timeout, self._timeout.read_timeout)
        return super().send(request, timeout=timeout, **kwargs)


def sessao(conexao: float, leitura: float) -> requests.Session:
    """A Session for plain HTTP to the services: `conexao` seconds to connect, then `leitura` for
    each read or write on the socket (per operation: a stream with regular events never times out)."""
    sessao = requests.Session()
    sessao.trust_env = False  # services are reached directly, never through a proxy of the environment
    # Only what the client sent: no "Accept-Encoding: gzip" it never asked for, no requests User-Agent.
    sessao.headers.clear()
    # One jar for every user would hand one user's session cookie to the next: it takes no cookie.
    sessao.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))
    sessao.mount("http://", _Adaptador(conexao, leitura))
    return sessao


def entre_blocos(resposta: requests.Response, segundos: float) -> None:
    """From now on each read of `resposta`'s body may wait `segundos` (its first byte came in time)."""
    try:
        resposta.raw.soquete.settimeout(segundos)
    except OSError:  # closed already: the answer was whole (no body, or an empty one) with its headers
        pass
