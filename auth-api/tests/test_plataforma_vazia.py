"""First start on an empty database: the admin appears with a generated password, logged once,
changes it at the first login (before anything else), and enters with no empresa until it creates
one."""
import json

import jwt
import pytest

from auth import create_app


@pytest.fixture(scope="module")
def env_sem_senha(service_env):
    return {k: v for k, v in service_env.items() if k != "ERP_ADMIN_PASSWORD"}


@pytest.fixture(scope="module")
def gerada():
    """Filled by the first test with the password create_app logged; read by the next ones."""
    return {}


def _linhas_de_log(saida: str) -> list[dict]:
    return [json.loads(linha) for linha in saida.splitlines() if linha.startswith("{")]


def test_primeira_partida_cria_o_admin_e_mostra_a_senha_gerada_uma_vez(env_sem_senha, capsys, gerada):
    create_app(env_sem_senha)
    primeira = _linhas_de_log(capsys.readouterr().out)
    create_app(env_sem_senha)
    segunda = _linhas_de_log(capsys.readouterr().out)

    [criacao] = [l for l in primeira if l["logger"] == "auth.admin"]
    assert criacao["level"] == "warning" and criacao["username"] == "admin"
    senha = criacao["message"].rsplit(": ", 1)[1]
    assert len(senha) >= 16
    assert not [l for l in segunda if l["logger"] == "auth.admin"]
    gerada["senha"] = senha


def test_admin_entra_sem_empresa_troca_a_senha_gerada_e_depois_entra_na_que_criou(env_sem_senha, gerada, capsys):
    cliente = create_app(env_sem_senha).test_client()
    cliente.environ_base["HTTP_X_FORWARDED_FOR"] = "10.200.0.1"

    resposta = cliente.post("/api/login", json={"username": "admin", "password": gerada["senha"]})

    assert resposta.status_code == 200
    corpo = resposta.get_json()
    assert corpo["usuario"]["empresa_id"] is None and corpo["usuario"]["empresas"] == []
    assert corpo["usuario"]["trocar_senha"] is True
    claims = jwt.decode(corpo["token"], options={"verify_signature": False})
    assert claims["emp"] is None and claims["plat"] is True and claims["trocar_senha"] is True
    provisorio = {"Authorization": f"Bearer {corpo['token']}"}
    assert cliente.get("/api/usuarios", headers=provisorio).status_code == 403
    assert cliente.post("/api/empresas", json={"nome": "Antes"}, headers=provisorio).status_code == 403

    trocada = cliente.post("/api/usuarios/eu/trocar-senha", headers=provisorio,
                           json={"senha_atual": gerada["senha"], "nova_senha": "a-minha-propria-2026"})

    assert trocada.status_code == 200 and trocada.get_json()["usuario"]["trocar_senha"] is False
    # No empresa, so no trail: the log has the change (who, from where), never the password.
    [registro] = [l for l in _linhas_de_log(capsys.readouterr().out) if l.get("acao") == "trocar_senha"]
    assert registro["username"] == "admin" and registro["ip"]
    cabecalho = {"Authorization": f"Bearer {trocada.get_json()['token']}"}
    assert cliente.get("/api/check-auth", headers=cabecalho).get_json()["usuario"]["empresa_id"] is None
    assert cliente.get("/api/usuarios", headers=cabecalho).get_json() == {"items": [], "next_cursor": None}
    assert cliente.get("/api/auditoria", headers=cabecalho).get_json() == {"items": [], "next_cursor": None}

    empresa = cliente.post("/api/empresas", json={"nome": "Primeira"}, headers=cabecalho).get_json()
    renovada = cliente.post("/api/renovar-sessao", headers=cabecalho)

    assert renovada.status_code == 200
    assert renovada.get_json()["usuario"]["empresa_id"] == empresa["id"]
    novo = {"Authorization": f"Bearer {renovada.get_json()['token']}"}
    trilha = cliente.get("/api/auditoria", headers=novo).get_json()["items"]
    assert [(r["acao"], r["entidade"]) for r in trilha] == [("trocar_empresa", "sessao"), ("criar", "empresa")]
    assert cliente.post("/api/logout", headers=novo).status_code == 204
