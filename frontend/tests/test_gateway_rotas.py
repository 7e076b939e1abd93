"""The route table (frontend/rotas.py): how a path finds its module, and that no service route is
left without one — a service that adds a route under a new prefix fails here until it is routed."""
import importlib
import re

import pytest

from frontend import rotas
from frontend.rotas import MODULOS, ROTAS, modulo_do_caminho
from shared.config import SERVICOS

BACKENDS = [nome for nome in SERVICOS if nome != "frontend"]


def servico_de(caminho: str) -> str | None:
    modulo = modulo_do_caminho(caminho)
    return modulo and modulo.servico


def test_a_prefix_matches_whole_segments_only():
    assert servico_de("/api/contas") == "cadastros-api"
    assert servico_de("/api/contas/3") == "cadastros-api"
    assert servico_de("/api/contas/") == "cadastros-api"
    assert servico_de("/api/contas/3/extrato") == "cadastros-api"
    assert servico_de("/api/contasx") is None
    assert servico_de("/api/conta") is None
    assert servico_de("/api") is None
    assert servico_de("/api/") is None
    assert servico_de("/contas") is None


def test_the_longest_prefix_wins(monkeypatch):
    relatorios = next(m for m in MODULOS if m.servico == "relatorios-api")
    monkeypatch.setitem(rotas.ROTAS, "/api/extratos/resumos", relatorios)
    assert servico_de("/api/extratos/resumos/2024") == "relatorios-api"
    assert servico_de("/api/extratos/resumos") == "relatorios-api"
    assert servico_de("/api/extratos/resumosx") == "financeiro-api"
    assert servico_de("/api/extratos/7") == "financeiro-api"


def test_every_backend_is_one_module_and_no_prefix_is_claimed_twice():
    assert sorted(m.servico for m in MODULOS) == sorted(BACKENDS)
    assert len({m.modulo for m in MODULOS}) == len(MODULOS)
    assert sum(len(m.prefixos) for m in MODULOS) == len(ROTAS)
    assert all(re.fullmatch(r"/api/[a-z-]+", prefixo) for prefixo in ROTAS)
    assert {m.servico: m.modulo for m in MODULOS} == {
        "auth-api": "autenticacao", "financeiro-api": "financeiro", "relatorios-api": "relatorios",
        "cadastros-api": "cadastros", "operacional-api": "operacional", "rh-api": "rh",
        "dashboard-api": "dashboard",
    }


def test_the_gateways_own_route_is_no_services():
    assert servico_de("/api/modulos") is None


@pytest.mark.parametrize("servico", BACKENDS)
def test_every_api_route_of_every_service_is_routed_to_it(service_env, servico):
    app = importlib.import_module(SERVICOS[servico][0]).create_app(service_env)
    try:
        # A sample path of each rule: every <converter:name> becomes one segment.
        caminhos = {re.sub(r"<[^>]+>", "1", regra.rule) for regra in app.url_map.iter_rules()
                    if regra.rule.startswith("/api/")}
    finally:
        app.extensions["erp"].db.fechar()
    assert {caminho: servico_de(caminho) for caminho in caminhos} == dict.fromkeys(caminhos, servico)
