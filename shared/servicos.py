"""The service-to-service HTTP client: one service asking another, on behalf of the current request.

    from shared.servicos import chamar
    resultado = chamar("financeiro-api", "PUT", f"/api/lancamentos/contratos/{contrato_id}",
                       json=corpo, chave_idempotencia=f"contrato:{contrato_id}")

The call carries the user's own credential (the bearer token, or the browser's session cookie
turned into one), so the other service applies the same empresa and permissions it would to the
user, and the request's correlation id, so one user action is one id in every log. Another
service's 4xx is the caller's error too and comes back as that status, code and message; a service
that is down, slow or failing (5xx) is `ServicoIndisponivel` (503), which names it in pt-BR.
"""
import logging
import os
import threading

import requests

from shared.app import contexto, plataforma
from shared.auth import token_do_request
from shared.errors import ErroAPI, Indisponivel
from shared.logging import CORRELATION_HEADER

log = logging.getLogger(__name__)

# Each service as the SPA knows it: the module id of an error's `modulo` (as the gateway's and
# GET /api/modulos carry it), and how a message names it, as the subject of a sentence.
MODULOS = {
    "auth-api": ("autenticacao", "O serviço de autenticação"),
    "financeiro-api": ("financeiro", "O Financeiro"),
    "relatorios-api": ("relatorios", "O módulo de Relatórios"),
    "cadastros-api": ("cadastros", "O módulo de Cadastros"),
    "operacional-api": ("operacional", "O Operacional"),
    "rh-api": ("rh", "O RH"),
    "dashboard-api": ("dashboard", "O Dashboard"),
}


class ServicoIndisponivel(Indisponivel):
    """Another service could not answer: refused, timed out, or failed with a 5xx."""

    status, code, mensagem = 503, "servico_indisponivel", "Um serviço do sistema não respondeu; tente de novo em instantes"

    def __init__(self, servico: str):
        modulo, nome = MODULOS.get(servico, (servico, f"O serviço {servico}"))
        super().__init__(f"{nome} não respondeu; tente de novo em instantes", modulo=modulo)


class ErroDeOutroServico(ErroAPI):
    """Another service refused the call (4xx): the same status, code, message and fields, as if
    this service had refused it itself."""

    def __init__(self, status: int, code: str, mensagem: str, campos: dict | None = None):
        super().__init__(mensagem, campos)
        self.status = status
        self.code = code


_sessao: requests.Session | None = None
_sessao_pid: int | None = None
_trava = threading.Lock()


def _sessao_do_processo() -> requests.Session:
    """One pooled Session per process: created on first use, so a gunicorn worker never shares the
    sockets its master opened before the fork."""
    global _sessao, _sessao_pid
    with _trava:
        if _sessao is None or _sessao_pid != os.getpid():
            sessao = requests.Session()
            # Service URLs are internal addresses: an HTTP(S)_PROXY of the environment must not
            # route them, and a .netrc must not add credentials of its own.
            sessao.trust_env = False
            _sessao, _sessao_pid = sessao, os.getpid()
        return _sessao


def chamar(servico: str, metodo: str, caminho: str, json=None, chave_idempotencia: str | None = None,
           timeout: float = 10) -> dict | None:
    """`metodo caminho` on `servico` as the current request's user; its JSON (None for an empty
    answer), or the error it answered re-raised here."""
    url = plataforma().config.service_urls[servico] + caminho
    token, _de_cookie = token_do_request()
    # The cookie's CSRF check protects a browser's call; this one is the service's own, sent as
    # a bearer token, which no browser attaches by itself.
    cabecalhos = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    correlacao = contexto().correlation_id
    if correlacao:
        cabecalhos[CORRELATION_HEADER] = correlacao
    if chave_idempotencia:
        cabecalhos["Idempotency-Key"] = chave_idempotencia
    try:
        resposta = _sessao_do_processo().request(metodo, url, json=json, headers=cabecalhos, timeout=timeout,
                                                 allow_redirects=False)
    except requests.RequestException as erro:  # refused, unresolvable, reset, timed out
        log.warning("%s indisponível: %s %s: %s", servico, metodo, caminho, erro.__class__.__name__,
                    extra={"servico_chamado": servico})
        raise ServicoIndisponivel(servico) from None
    if not (200 <= resposta.status_code < 300 or 400 <= resposta.status_code < 500):
        log.warning("%s respondeu %s a %s %s", servico, resposta.status_code, metodo, caminho,
                    extra={"servico_chamado": servico})
        raise ServicoIndisponivel(servico)
    if resposta.status_code >= 400:
        corpo = _json_ou_nada(resposta)
        corpo = corpo if isinstance(corpo, dict) else {}
        raise ErroDeOutroServico(resposta.status_code, str(corpo.get("code") or "validacao"),
                                 str(corpo.get("error") or "A operação foi recusada por outro módulo"),
                                 corpo.get("campos") if isinstance(corpo.get("campos"), dict) else None)
    if resposta.status_code == 204 or not resposta.content:
        return None
    corpo = _json_ou_nada(resposta)
    if corpo is None:
        # A 2xx that is not JSON is the other service's bug: for this caller, it did not answer.
        log.error("%s respondeu %s sem JSON a %s %s", servico, resposta.status_code, metodo, caminho)
        raise ServicoIndisponivel(servico)
    return corpo


def _json_ou_nada(resposta: requests.Response):
    try:
        return resposta.json()
    except ValueError:
        return None
