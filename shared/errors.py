"""The contract's error envelope: `{"error": "<pt-BR>", "code": "<codigo>"}` (+ `campos`).

Every error a service can produce goes through here, including Flask's own 404/405/413/415 and
malformed JSON, so a client never sees an HTML error page or a bare 500.
"""
import logging

import psycopg2
from flask import jsonify
from psycopg2.errors import QueryCanceled, TransactionRollbackError
from werkzeug.exceptions import HTTPException

from shared.ratelimit import segundos_de_espera

log = logging.getLogger(__name__)


class ErroAPI(Exception):
    status = 400
    code = "validacao"
    mensagem = "Requisição inválida"

    def __init__(self, mensagem: str | None = None, campos: dict | None = None, headers: dict | None = None):
        super().__init__(mensagem or self.mensagem)
        self.mensagem = mensagem or self.mensagem
        self.campos = campos
        self.headers = headers or {}

    def corpo(self) -> dict:
        corpo = {"error": self.mensagem, "code": self.code}
        if self.campos:
            corpo["campos"] = self.campos
        return corpo


class Validacao(ErroAPI):
    status, code, mensagem = 400, "validacao", "Dados inválidos"


class NaoAutenticado(ErroAPI):
    status, code, mensagem = 401, "nao_autenticado", "Sessão inválida ou expirada; entre novamente"


class SemPermissao(ErroAPI):
    status, code, mensagem = 403, "sem_permissao", "Você não tem permissão para esta ação"


class NaoEncontrado(ErroAPI):
    status, code, mensagem = 404, "nao_encontrado", "Registro não encontrado"


class Conflito(ErroAPI):
    status, code, mensagem = 409, "conflito", "A operação conflita com o estado atual dos dados"


class MetodoNaoPermitido(ErroAPI):
    status, code, mensagem = 405, "metodo_nao_permitido", "Método não permitido para esta rota"


class ArquivoGrande(ErroAPI):
    status, code, mensagem = 413, "arquivo_grande", "Arquivo ou requisição grande demais"


class TempoDeEnvioEsgotado(ErroAPI):
    """The client did not send its request body within the gateway's deadline (frontend/corpo.py)."""

    status, code, mensagem = 408, "tempo_de_envio_esgotado", ("O envio da requisição demorou demais e foi "
                                                               "interrompido; verifique a conexão e tente novamente")


class TipoNaoSuportado(ErroAPI):
    status, code, mensagem = 415, "tipo_nao_suportado", "Tipo de conteúdo não suportado"


class LimiteExcedido(ErroAPI):
    status, code, mensagem = 429, "limite_excedido", "Muitas tentativas; aguarde um minuto e tente de novo"


class Indisponivel(ErroAPI):
    """A dependency is down; `modulo` names it when it is one of the ERP's modules (the gateway)."""

    status, code, mensagem = 503, "indisponivel", "Serviço temporariamente indisponível"

    def __init__(self, mensagem: str | None = None, campos: dict | None = None, headers: dict | None = None,
                 modulo: str | None = None):
        super().__init__(mensagem, campos, headers)
        self.modulo = modulo

    def corpo(self) -> dict:
        corpo = super().corpo()
        if self.modulo:
            corpo["modulo"] = self.modulo
        return corpo


class TempoEsgotado(Indisponivel):
    """Unavailable in time: the dependency took the request and did not answer before the deadline."""

    status, code, mensagem = 504, "tempo_esgotado", "O serviço demorou demais para responder"


# Flask/werkzeug's own errors, mapped to the contract.
_POR_STATUS = {
    400: Validacao("Requisição malformada"),
    401: NaoAutenticado(),
    403: SemPermissao(),
    404: NaoEncontrado("Rota não encontrada"),
    413: ArquivoGrande(),
    415: TipoNaoSuportado(),
    429: LimiteExcedido(),
}


def resposta(erro: ErroAPI, status: int | None = None):
    resp = jsonify(erro.corpo())
    resp.status_code = status or erro.status
    resp.headers.update(erro.headers)
    return resp


def registrar(app) -> None:
    @app.errorhandler(ErroAPI)
    def _erro_api(erro: ErroAPI):
        return resposta(erro)

    @app.errorhandler(HTTPException)
    def _erro_http(erro: HTTPException):
        status = erro.code or 500
        if status == 405:
            resp = resposta(MetodoNaoPermitido(), 405)
            resp.headers["Allow"] = ", ".join(erro.valid_methods or [])
            return resp
        if status == 429:  # a limit of flask-limiter's: its window's end says when to try again
            return resposta(LimiteExcedido(headers={"Retry-After": str(segundos_de_espera())}), 429)
        base = _POR_STATUS.get(status)
        if base is None:
            if status >= 500:
                log.error("erro HTTP %s: %s", status, erro)
                return resposta(Indisponivel(), 503 if status == 503 else 500)
            return resposta(Validacao(erro.description or "Requisição inválida"), status)
        return resposta(base, status)

    @app.errorhandler(TransactionRollbackError)
    def _transacao_desfeita(erro: TransactionRollbackError):
        # A deadlock or serialization failure: PostgreSQL undid this request's transaction because
        # another one touched the same rows at the same time (two writers updating shared rollup
        # rows in different orders). Nothing was stored; doing it again will work.
        log.warning("transação desfeita pelo PostgreSQL: %s", erro.pgcode)
        return resposta(Conflito("Outra operação alterou os mesmos dados ao mesmo tempo; nada foi gravado, "
                                 "tente de novo"))

    @app.errorhandler(psycopg2.OperationalError)
    @app.errorhandler(psycopg2.InterfaceError)
    def _banco_fora(erro: Exception):
        # PostgreSQL restarting, failing over or unreachable: the server ended the session and with
        # it the request's open transaction; the pool drops the connection, so the next request
        # reconnects. Not a bug: a clean 503, never a 500.
        if isinstance(erro, QueryCanceled):
            log.warning("consulta interrompida pelo PostgreSQL: %s", erro.pgerror)
            return resposta(Indisponivel("A operação demorou demais e foi interrompida; nada foi gravado, "
                                         "tente de novo"))
        log.warning("PostgreSQL indisponível: %s", str(erro).strip())
        return resposta(Indisponivel("O banco de dados está indisponível no momento; tente novamente em instantes",
                                     headers={"Retry-After": "1"}))

    @app.errorhandler(Exception)
    def _erro_inesperado(erro: Exception):
        # A bug, not a status code: logged with its traceback and the correlation id.
        log.exception("erro inesperado")
        corpo = {"error": "Erro interno; a equipe foi avisada pelo registro do sistema", "code": "erro_interno"}
        return jsonify(corpo), 500
