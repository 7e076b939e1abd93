"""JSON logs, one object a line, each with the service name and the correlation id."""
import json
import logging
import sys
import time
import uuid
from contextlib import contextmanager
from contextvars import ContextVar

from flask import request

CORRELATION_HEADER = "X-Correlation-Id"
_RESERVADOS = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


# Per thread (and per task): a request sets it at the edge, a background job while it works.
_CORRELATION_ID: ContextVar[str | None] = ContextVar("correlation_id", default=None)


def correlation_id() -> str | None:
    """The id of the user action being served, or None outside one."""
    return _CORRELATION_ID.get()


@contextmanager
def correlacionado(valor: str | None):
    """Log lines written inside carry `valor` as their correlation id (a request's, or the one a
    background job was started with)."""
    marca = _CORRELATION_ID.set(valor)
    try:
        yield
    finally:
        _CORRELATION_ID.reset(marca)


def definir_do_request() -> str:
    """Sets the current request's correlation id for its thread, until `esquecer()`."""
    valor = correlation_do_request()
    _CORRELATION_ID.set(valor)
    return valor


def esquecer() -> None:
    """The request is over: its thread serves no user action until the next one."""
    _CORRELATION_ID.set(None)


def correlation_do_request() -> str:
    """Taken from the caller when sane (a gateway or another service), else generated."""
    recebido = request.headers.get(CORRELATION_HEADER, "")
    # ASCII only: str.isalnum() alone takes "é", "²" and other letters a header may carry.
    if 0 < len(recebido) <= 128 and all((c.isascii() and c.isalnum()) or c in "-_.:" for c in recebido):
        return recebido
    return uuid.uuid4().hex


class JsonFormatter(logging.Formatter):
    def __init__(self, servico: str):
        super().__init__()
        self.servico = servico

    def format(self, record: logging.LogRecord) -> str:
        linha = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "service": self.servico,
            "correlation_id": correlation_id(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        linha.update({k: v for k, v in record.__dict__.items() if k not in _RESERVADOS})
        if record.exc_info:
            linha["exception"] = self.formatException(record.exc_info)
        return json.dumps(linha, ensure_ascii=False, default=str)


class _SaidaPadrao(logging.StreamHandler):
    """Writes to whatever `sys.stdout` is when a line is logged, not to the one there was when the
    app was built: a test runner swaps and closes its capture streams, and a background thread
    (the event subscriber) must not then fail on a closed file."""

    def __init__(self):
        super().__init__(sys.stdout)

    @property
    def stream(self):
        return sys.stdout

    @stream.setter
    def stream(self, _valor):
        pass


def configurar(servico: str, nivel: str = "INFO") -> None:
    handler = _SaidaPadrao()
    handler.setFormatter(JsonFormatter(servico))
    raiz = logging.getLogger()
    raiz.handlers[:] = [handler]
    raiz.setLevel(nivel)
    for ruidoso in ("werkzeug", "urllib3"):
        logging.getLogger(ruidoso).setLevel(logging.WARNING)
