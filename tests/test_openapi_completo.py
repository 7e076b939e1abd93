"""Every route every service serves is in its /openapi.json (issue 20).

The document is built from the routes' `@endpoint` specifications (shared/openapi.py): a view
registered without one would be served and not described, so clients, the fuzzing of the suite and
the SPA's authors would not know it. Walked from each app's `url_map`, method by method; only the
probes and the document itself, which no client of the API calls, may be left out.
"""
import importlib

import pytest

from shared.api import especificacao
from shared.config import SERVICOS
from shared.openapi import _CONVERSOR

# Served for machines, not clients of the API: orchestrators' probes, the scraper, the document.
FORA_DO_DOCUMENTO = {"/health", "/ready", "/openapi.json", "/metrics"}


@pytest.fixture(scope="module")
def apps(service_env):
    construidos = {servico: importlib.import_module(pacote).create_app(service_env)
                   for servico, (pacote, _) in SERVICOS.items()}
    yield construidos
    for app in construidos.values():
        app.extensions["erp"].db.fechar()


def servidas(app) -> set[tuple[str, str]]:
    """(path as OpenAPI writes it, method) of every rule the app routes."""
    rotas = set()
    for regra in app.url_map.iter_rules():
        if regra.rule in FORA_DO_DOCUMENTO or regra.endpoint == "static":
            continue
        caminho = _CONVERSOR.sub(r"{\2}", regra.rule)
        rotas |= {(caminho, metodo.lower()) for metodo in regra.methods - {"HEAD", "OPTIONS"}}
    return rotas


@pytest.mark.parametrize("servico", list(SERVICOS))
def test_every_served_route_is_in_the_openapi_document(apps, servico):
    resposta = apps[servico].test_client().get("/openapi.json")
    assert resposta.status_code == 200
    documento = resposta.get_json()
    documentadas = {(caminho, metodo) for caminho, operacoes in documento["paths"].items() for metodo in operacoes}
    rotas = servidas(apps[servico])
    assert rotas, "nenhuma rota encontrada no url_map"
    assert sorted(rotas - documentadas) == []
    # And nothing is described that the app does not serve (a path spelled differently, say).
    assert sorted((c, m) for c, m in documentadas - rotas if c not in FORA_DO_DOCUMENTO) == []


@pytest.mark.parametrize("servico", list(SERVICOS))
def test_every_documented_operation_says_who_may_call_it(apps, servico):
    """The route's permission (its `@endpoint`) is the document's x-permissao with a 403; a route
    that needs a token documents the 401 and its security; a path with an id, the 404."""
    app = apps[servico]
    operacoes = app.test_client().get("/openapi.json").get_json()["paths"]
    falhas = []
    for regra in app.url_map.iter_rules():
        if regra.rule in FORA_DO_DOCUMENTO or regra.endpoint == "static":
            continue
        spec = especificacao(app.view_functions[regra.endpoint])
        caminho = _CONVERSOR.sub(r"{\2}", regra.rule)
        for metodo in regra.methods - {"HEAD", "OPTIONS"}:
            operacao = operacoes[caminho][metodo.lower()]
            respostas = operacao["responses"]
            documentada = operacao.get("x-permissao") == " ou ".join(spec.permissoes) and "403" in respostas
            if spec.permissoes and not documentada:
                falhas.append(f"{metodo} {caminho}: permissão {spec.permissoes} não documentada")
            if not spec.publico and ("401" not in respostas or not operacao.get("security")):
                falhas.append(f"{metodo} {caminho}: autenticação não documentada")
            if "<int:" in regra.rule and "404" not in respostas:
                falhas.append(f"{metodo} {caminho}: 404 não documentado")
    assert falhas == []
