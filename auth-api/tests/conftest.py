"""auth-api's fixtures, on top of the root conftest.py (database, redis_url, jwt_keys, service_env).

Each test gets its own client with its own client IP (X-Forwarded-For, which the gateway sets in
production, with the proof the service believes it by: shared/encaminhamento.py), so the
failed-login limit of one test never spills into another.
"""
import itertools
import uuid

import pytest

from auth import create_app
from shared.encaminhamento import CABECALHO_PROVA

SENHA = "senha-boa-123"
SEGREDO_DO_GATEWAY = "segredo-do-gateway-nos-testes"
_ips = itertools.count(1)


@pytest.fixture(scope="module")
def app(service_env):
    return create_app({**service_env, "ERP_GATEWAY_SECRET": SEGREDO_DO_GATEWAY})


@pytest.fixture
def novo_ip():
    def novo_ip() -> str:
        n = next(_ips)
        return f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"
    return novo_ip


@pytest.fixture
def client(app, novo_ip):
    cliente = app.test_client()
    # As the gateway forwards a request: the client's address, and the proof that it is the gateway.
    cliente.environ_base["HTTP_X_FORWARDED_FOR"] = novo_ip()
    cliente.environ_base["HTTP_" + CABECALHO_PROVA.upper().replace("-", "_")] = SEGREDO_DO_GATEWAY
    return cliente


class Sessao:
    """A logged-in user: requests carry the bearer token; renewal swaps it."""

    def __init__(self, client, resposta):
        self.client = client
        self.corpo = resposta.get_json()
        self.token = self.corpo["token"]
        self.usuario = self.corpo["usuario"]

    def _chamar(self, metodo: str, url: str, **kwargs):
        kwargs["headers"] = {"Authorization": f"Bearer {self.token}", **kwargs.get("headers", {})}
        return getattr(self.client, metodo)(url, **kwargs)

    def get(self, url, **kwargs):
        return self._chamar("get", url, **kwargs)

    def post(self, url, **kwargs):
        return self._chamar("post", url, **kwargs)

    def put(self, url, **kwargs):
        return self._chamar("put", url, **kwargs)

    def delete(self, url, **kwargs):
        return self._chamar("delete", url, **kwargs)

    def renovar(self, **corpo):
        resposta = self.post("/api/renovar-sessao", json=corpo)
        if resposta.status_code == 200:
            self.corpo = resposta.get_json()
            self.token, self.usuario = self.corpo["token"], self.corpo["usuario"]
        return resposta


@pytest.fixture
def entrar(client):
    def entrar(username: str, password: str = SENHA, empresa_id: int | None = None) -> Sessao:
        corpo = {"username": username, "password": password}
        if empresa_id is not None:
            corpo["empresa_id"] = empresa_id
        resposta = client.post("/api/login", json=corpo)
        assert resposta.status_code == 200, resposta.get_json()
        return Sessao(client, resposta)
    return entrar


@pytest.fixture
def admin(entrar, service_env):
    """The platform admin, created by create_app with the harness's ERP_ADMIN_PASSWORD."""
    return entrar("admin", service_env["ERP_ADMIN_PASSWORD"])


def _unico(prefixo: str) -> str:
    return f"{prefixo}{uuid.uuid4().hex[:8]}"


@pytest.fixture
def unico():
    """Names that never repeat within a module's database."""
    return _unico


@pytest.fixture
def nova_empresa(admin):
    def nova_empresa(nome: str | None = None) -> int:
        resposta = admin.post("/api/empresas", json={"nome": nome or _unico("Empresa ")})
        assert resposta.status_code == 201, resposta.get_json()
        return resposta.get_json()["id"]
    return nova_empresa


@pytest.fixture
def novo_usuario(admin):
    """Creates a user through the API as the platform admin; returns its item plus the password."""
    def novo_usuario(empresas: list[int], permissoes=(), username: str | None = None) -> dict:
        corpo = {
            "username": username or _unico("u."),
            "nome": "Pessoa de Teste",
            "password": SENHA,
            "empresas": empresas,
            "permissoes": list(permissoes),
            "trocar_senha": False,  # ready to act at once, as the tests' users are
        }
        resposta = admin.post("/api/usuarios", json=corpo)
        assert resposta.status_code == 201, resposta.get_json()
        return resposta.get_json()
    return novo_usuario


@pytest.fixture
def empresa_com_admin(nova_empresa, novo_usuario, entrar):
    """A new empresa and a logged-in admin of it (not a platform admin), with a few permissions."""
    def empresa_com_admin(permissoes=("admin", "financeiro:escrever", "cadastros:ler")):
        empresa_id = nova_empresa()
        usuario = novo_usuario([empresa_id], permissoes)
        return empresa_id, entrar(usuario["username"])
    return empresa_com_admin

