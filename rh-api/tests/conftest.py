"""rh-api's fixtures, on top of the root conftest.py (como, empresa, sql_dono, database...).

Its `app` is the service alone, over this module's database; the tests of processing, which call
financeiro-api, start cadastros and financeiro beside it (test_folha_processamento.py).
"""
import pytest

from rh import create_app


@pytest.fixture
def app(service_env):
    aplicacao = create_app(service_env)
    yield aplicacao
    # One app per test: its pooled connections go with it, not at the module's end.
    aplicacao.extensions["erp"].db.fechar()


@pytest.fixture(scope="session")
def permissoes_de_escrita():
    return ("rh:escrever",)


@pytest.fixture
def criar_funcionario():
    """`criar_funcionario(cliente, **campos)` → a funcionário made through the API (201 asserted):
    Ana Lima, CLT, R$ 4.500,00 from 2025-01-06, unless `campos` say otherwise."""
    def criar(cliente, **campos):
        corpo = {"nome": "Ana Lima", "cpf": "529.982.247-25", "data_admissao": "2025-01-06", "salario": "4500.00",
                 **campos}
        resposta = cliente.post("/api/funcionarios", json=corpo)
        assert resposta.status_code == 201, resposta.get_json()
        return resposta.get_json()
    return criar
