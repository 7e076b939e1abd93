"""What a live demo module needs (tools/run.py DEMOS_AO_VIVO: operacional.demo, rh.demo_ao_vivo):
the services' APIs with the installation's token, and its command line. A live demo changes other
services' data, which only their HTTP APIs may do, so it runs once every service answers."""
import argparse
import os
import sys
import time
from collections.abc import Callable
from datetime import date

import requests

from shared.config import Config, hoje

VARIAVEL_TOKEN = "ERP_TOKEN_DA_INSTALACAO"


class Recusado(RuntimeError):
    """A service refused one of the demo's requests: the demo stops and says which and why."""


class Servicos:
    """The services' APIs with the installation's token, each request answered or the demo stopped."""

    def __init__(self, urls: dict, token: str, timeout: float = 30):
        self.urls = urls
        self.timeout = timeout
        self.sessao = requests.Session()
        self.sessao.headers["Authorization"] = f"Bearer {token}"

    def pedir(self, servico: str, metodo: str, caminho: str, corpo=None, publico: bool = False):
        cabecalhos = {"Authorization": ""} if publico else {}
        resposta = self.sessao.request(metodo, self.urls[servico] + caminho, json=corpo, headers=cabecalhos,
                                       timeout=self.timeout)
        if resposta.status_code >= 300:
            raise Recusado(f"{metodo} {caminho} → {resposta.status_code}: {resposta.text[:500]}")
        return resposta.json() if resposta.content else None

    def todos(self, servico: str, caminho: str) -> list[dict]:
        """Every item of a paginated list, following its cursor."""
        itens, separador, cursor = [], "&" if "?" in caminho else "?", None
        while True:
            pagina = self.pedir(servico, "GET",
                                f"{caminho}{separador}limit=200" + (f"&cursor={cursor}" if cursor else ""))
            itens += pagina["items"]
            cursor = pagina.get("next_cursor")
            if not cursor:
                return itens


def main(argv, *, prog: str, descricao: str, servico: str, rotulo: str,
         criar: Callable[[Servicos, date], str], timeout: float = 30) -> int:
    """`python -m <prog> --empresa N`: runs `criar` with the token tools/run.py passes in
    VARIAVEL_TOKEN; prints "<rotulo> (empresa N): <its summary> em X s", or why it stopped (exit 1)."""
    parser = argparse.ArgumentParser(prog=f"python -m {prog}", description=descricao)
    parser.add_argument("--empresa", type=int, required=True, help="id da empresa de demonstração")
    opcoes = parser.parse_args(argv)
    token = os.environ.get(VARIAVEL_TOKEN)
    if not token:
        print(f"{prog} precisa de {VARIAVEL_TOKEN} (o make run o obtém do comando instalacao do auth-api)",
              file=sys.stderr)
        return 1
    inicio = time.monotonic()
    try:
        resumo = criar(Servicos(Config.from_env(servico).service_urls, token, timeout), hoje())
    except (Recusado, requests.RequestException) as erro:
        print(f"{rotulo} (empresa {opcoes.empresa}): {erro}", file=sys.stderr, flush=True)
        return 1
    print(f"{rotulo} (empresa {opcoes.empresa}): {resumo} em {time.monotonic() - inicio:.1f} s", flush=True)
    return 0
