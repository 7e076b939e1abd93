"""`python -m auth.instalacao --empresa N`: the token `make run`'s cross-service demo steps act with."""
import os

import pytest

from shared.auth import usuario_das_claims
from shared.config import SERVICOS
from tools import run

from auth import create_app

PORTAS = {nome: porta for nome, (_, porta) in SERVICOS.items()}


def test_o_token_e_do_admin_naquela_empresa_com_todas_as_permissoes(service_env, app_com_admin):
    token = run._token_da_instalacao(PORTAS, {**os.environ, **service_env}, "4242")

    claims = app_com_admin.extensions["erp"].verificador.verificar(token)
    usuario = usuario_das_claims(claims)
    assert usuario.username == "admin" and usuario.plataforma_admin
    assert usuario.empresa_id == 4242
    assert {"operacional:escrever", "financeiro:escrever", "cadastros:escrever"} <= usuario.permissoes
    assert claims["exp"] - claims["iat"] == app_com_admin.extensions["erp"].config.access_token_ttl


def test_sem_empresa_o_comando_recusa(service_env):
    with pytest.raises(run.ServiceFailed):
        run._token_da_instalacao(PORTAS, {**os.environ, **service_env}, "não-é-um-número")


@pytest.fixture(scope="module")
def app_com_admin(service_env):
    # create_app ensures the platform admin, as every start of auth-api does.
    return create_app(service_env)
