"""gunicorn's sync and gthread workers, answering the errors gunicorn finds by itself — before any
app runs — in the contract's JSON envelope instead of its HTML page: a URL too long (414), header
fields too large (431), a request line or header that is no HTTP (400), and the like.

shared/gunicorn_conf.py selects them: GUNICORN_WORKER_CLASS=sync or gthread means these.

gunicorn decides the status and logs the error as always (Worker.handle_error); only the page is
replaced. handle_error writes its page through util.write_error to the client's socket: here it
is given a stand-in that keeps the page, whose status line then heads the JSON envelope sent to
the real socket.
"""
import json
import uuid

from gunicorn import util
from gunicorn.workers import gthread, sync

from shared.errors import SemPermissao, TipoNaoSuportado, Validacao

ERRO_INTERNO = {"error": "Erro interno; a equipe foi avisada pelo registro do sistema", "code": "erro_interno"}
POR_STATUS = {
    400: Validacao("Requisição malformada").corpo(),
    403: SemPermissao("Requisição recusada").corpo(),
    414: Validacao("O endereço (URL) da requisição é longo demais").corpo(),
    417: Validacao("Expectativa não suportada no cabeçalho Expect").corpo(),
    431: Validacao("Os cabeçalhos da requisição são grandes demais").corpo(),
    501: TipoNaoSuportado("Codificação de transferência não suportada").corpo(),
}


class _Pagina:
    """The client's socket as gunicorn's error page sees it: what is written is kept, not sent."""

    def __init__(self, cliente):
        self._cliente = cliente
        self.escrito = bytearray()

    def gettimeout(self) -> float:
        return 0.0  # util.write_nonblock then writes at once, with no setblocking() on this

    def sendall(self, dados: bytes) -> None:
        self.escrito += dados

    def __getattr__(self, nome):  # anything else gunicorn asks of the socket (the access log)
        return getattr(self._cliente, nome)


def envelope(pagina: bytes) -> bytes | None:
    """gunicorn's error page as the contract's JSON response, same status; None if it wrote none."""
    linha = bytes(pagina).split(b"\r\n", 1)[0]  # "HTTP/1.1 414 URI Too Long"
    partes = linha.split(b" ", 2)
    if len(partes) < 2 or not partes[1].isdigit():
        return None
    status = int(partes[1])
    corpo = POR_STATUS.get(status) or (ERRO_INTERNO if status >= 500 else Validacao("Requisição inválida").corpo())
    dados = json.dumps(corpo, ensure_ascii=False).encode()
    cabecalhos = (f"{linha.decode('latin-1')}\r\n"
                  "Connection: close\r\n"
                  "Content-Type: application/json\r\n"
                  f"Content-Length: {len(dados)}\r\n"
                  "X-Content-Type-Options: nosniff\r\n"
                  "Cache-Control: no-store\r\n"
                  # Every response carries one (CONTRACT.md); this request had none read yet.
                  f"X-Correlation-Id: {uuid.uuid4().hex}\r\n"
                  "\r\n")
    return cabecalhos.encode("latin-1") + dados


class _ErrosEmJSON:
    def handle_error(self, req, client, addr, exc):
        pagina = _Pagina(client)
        super().handle_error(req, pagina, addr, exc)
        resposta = envelope(pagina.escrito)
        if resposta is None:
            return
        try:
            util.write_nonblock(client, resposta)
        except Exception:  # the client is gone or not reading: as gunicorn does, give up quietly
            self.log.debug("Failed to send error message.")


class SyncWorker(_ErrosEmJSON, sync.SyncWorker):
    """GUNICORN_WORKER_CLASS=sync."""


class ThreadWorker(_ErrosEmJSON, gthread.ThreadWorker):
    """GUNICORN_WORKER_CLASS=gthread."""
