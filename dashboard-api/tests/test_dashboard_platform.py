"""dashboard-api alone (`pytest dashboard-api/tests`): it starts, is ready, and guards /api.

Every property of the platform surface, for every service, is in tests/test_servicos_plataforma.py.
"""
from dashboard import create_app


def test_starts_ready_and_requires_a_token_on_api(service_env):
    cliente = create_app(service_env).test_client()
    assert cliente.get("/health").get_json()["service"] == "dashboard-api"
    assert cliente.get("/ready").status_code == 200
    assert "/openapi.json" in cliente.get("/openapi.json").get_json()["paths"]
    assert cliente.get("/api/dashboard").get_json()["code"] == "nao_autenticado"
