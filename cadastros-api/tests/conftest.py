"""cadastros-api's fixtures, on top of the root conftest.py (como, empresa, cliente, sql_dono...)."""
import pytest

from cadastros import create_app


@pytest.fixture(scope="module")
def app(service_env):
    return create_app(service_env)


@pytest.fixture(scope="session")
def permissoes_de_escrita():
    return ("cadastros:escrever",)
