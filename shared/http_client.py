"""Calls to other services: with timeouts, the caller's credentials and the correlation id."""
import requests
from flask import current_app, g, has_request_context

from shared.logging import CORRELATION_HEADER, correlation_id

TIMEOUT = (2.0, 10.0)  # connect, read


class ClienteServico:
    def __init__(self, servico: str, base_url: str | None = None, timeout=TIMEOUT):
        self.servico = servico
        self.base_url = base_url
        self.timeout = timeout
        self.sessao = requests.Session()

    def _url(self, caminho: str) -> str:
        base = self.base_url or current_app.extensions["erp"].config.service_urls[self.servico]
        return base.rstrip("/") + caminho

    def _cabecalhos(self, extras: dict | None) -> dict:
        cabecalhos = {}
        cid = correlation_id()
        if cid:
            cabecalhos[CORRELATION_HEADER] = cid
        token = g.get("token") if has_request_context() else None
        if token:
            cabecalhos["Authorization"] = f"Bearer {token}"
        cabecalhos.update(extras or {})
        return cabecalhos

    def request(self, metodo: str, caminho: str, headers: dict | None = None, **kwargs) -> requests.Response:
        kwargs.setdefault("timeout", self.timeout)
        return self.sessao.request(metodo, self._url(caminho), headers=self._cabecalhos(headers), **kwargs)

    def get(self, caminho: str, **kwargs) -> requests.Response:
        return self.request("GET", caminho, **kwargs)

    def post(self, caminho: str, **kwargs) -> requests.Response:
        return self.request("POST", caminho, **kwargs)
