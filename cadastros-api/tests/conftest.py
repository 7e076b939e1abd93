"""cadastros-api's fixtures, on top of the root conftest.py (service_env, assinar_token, database)."""
import itertools

import pytest

from cadastros import create_app

ESCRITA = ("cadastros:escrever",)


@pytest.fixture(scope="module")
def app(service_env):
    return create_app(service_env)


@pytest.fixture
def como(app, assinar_token):
    """`como(empresa_id, perms=..., usuario_id=...)` → a test client acting as a user of that empresa.

    Tokens are signed as auth-api would (root conftest); no auth-api needed.
    """
    def cliente(empresa_id: int = 1, perms=ESCRITA, usuario_id: int = 1):
        c = app.test_client()
        token = assinar_token(emp=empresa_id, perms=list(perms), sub=str(usuario_id))
        c.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        return c
    return cliente


# Ids no other test of the session uses: each test's rows live in an empresa of its own.
_empresas = itertools.count(1001)


@pytest.fixture
def nova_empresa():
    """`nova_empresa()` → an empresa id no other test uses."""
    return lambda: next(_empresas)


@pytest.fixture
def empresa(nova_empresa):
    return nova_empresa()


@pytest.fixture
def cliente(como, empresa):
    """A user with write permission in an empresa of this test alone."""
    return como(empresa)
