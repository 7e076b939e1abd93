"""`python -m auth.bootstrap --demo`, as `make run` runs it: idempotent, passwords kept and shown."""
import os
import re
import stat

import pytest

from shared.config import SERVICOS
from tools import run

from auth import create_app, senhas

PORTAS = {nome: porta for nome, (_, porta) in SERVICOS.items()}


@pytest.fixture(scope="module")
def estado(tmp_path_factory):
    return tmp_path_factory.mktemp("estado")


@pytest.fixture(scope="module")
def bootstrap(service_env, estado, tmp_path_factory):
    """Runs the command in a subprocess with this module's database; returns what it printed."""
    saida = tmp_path_factory.mktemp("saida") / "bootstrap.log"
    base = {**{k: v for k, v in service_env.items() if k != "ERP_ADMIN_PASSWORD"}, "ERP_STATE_DIR": str(estado)}

    def bootstrap(*args: str, **env) -> str:
        with open(saida, "wb") as arquivo:
            run.run_bootstrap(PORTAS, {**os.environ, **base, **env}, list(args), arquivo)
        return saida.read_text(encoding="utf-8")
    return bootstrap


def _senhas(texto: str) -> list[str]:
    return re.findall(r"senha:\s+(.+?)\s+║", texto)


def test_cria_admin_e_demo_e_mostra_as_senhas(bootstrap, estado):
    texto = bootstrap("--demo")

    assert "ERP Web — credenciais de acesso" in texto and "╔" in texto and "╝" in texto
    assert "usuário: admin" in texto and "usuário: demo" in texto and "Estúdio Demo" in texto
    admin, demo = _senhas(texto)
    credenciais = estado / "credenciais.txt"
    assert stat.S_IMODE(credenciais.stat().st_mode) == 0o600
    assert f"admin={admin}" in credenciais.read_text() and f"demo={demo}" in credenciais.read_text()


def test_segunda_execucao_nao_duplica_e_mostra_as_mesmas_senhas(bootstrap, sql_dono):
    primeira = _senhas(bootstrap("--demo"))
    segunda = _senhas(bootstrap("--demo"))

    assert primeira == segunda
    assert sql_dono("SELECT count(*) AS n FROM auth.empresas WHERE nome = 'Estúdio Demo'") == [{"n": 1}]
    assert sql_dono("SELECT count(*) AS n FROM auth.usuarios") == [{"n": 2}]


def test_contas_criadas_entram(bootstrap, service_env, sql_dono):
    admin, demo = _senhas(bootstrap("--demo"))
    cliente = create_app(service_env).test_client()
    cliente.environ_base["HTTP_X_FORWARDED_FOR"] = "10.201.0.1"

    como_admin = cliente.post("/api/login", json={"username": "admin", "password": admin})
    como_demo = cliente.post("/api/login", json={"username": "demo", "password": demo})

    assert como_admin.status_code == 200 and como_demo.status_code == 200
    # Generated passwords open only the change to one of their own.
    assert como_admin.get_json()["usuario"]["trocar_senha"] is True
    assert como_demo.get_json()["usuario"]["trocar_senha"] is True
    usuario = como_demo.get_json()["usuario"]
    assert usuario["nome"] == "Usuário Demo" and [e["nome"] for e in usuario["empresas"]] == ["Estúdio Demo"]
    assert len(usuario["permissoes"]) == 13 and "admin" in usuario["permissoes"]
    trilha = sql_dono("SELECT acao, entidade FROM plataforma.auditoria WHERE empresa_id = %s ORDER BY id",
                      (usuario["empresa_id"],))
    assert [(r["acao"], r["entidade"]) for r in trilha][:2] == [("criar", "empresa"), ("criar", "usuario")]


def test_senha_do_ambiente_nao_e_impressa_nem_gravada(bootstrap, estado):
    texto = bootstrap("--demo", ERP_DEMO_PASSWORD="nao-e-a-senha")

    # The demo user exists with its generated password: the variable only applies on creation.
    assert _senhas(texto)[1] != "nao-e-a-senha"
    assert "nao-e-a-senha" not in (estado / "credenciais.txt").read_text()


def test_senha_alterada_pelo_usuario_nao_e_mostrada(bootstrap, sql_dono):
    sql_dono("UPDATE auth.usuarios SET senha_hash = %s WHERE username = 'demo'", (senhas.gerar_hash("minha-nova-senha"),))

    texto = bootstrap("--demo")

    assert _senhas(texto)[1] == "(não guardada aqui: trocada, ou mostrada no log quando foi criada)"
    assert bootstrap("--demo", ERP_DEMO_PASSWORD="minha-nova-senha").count("(a definida em ERP_DEMO_PASSWORD)") == 1


def test_sem_demo_so_o_admin(bootstrap):
    texto = bootstrap()

    assert "usuário: admin" in texto and "usuário: demo" not in texto
