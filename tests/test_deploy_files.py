"""The deploy files of every service keep to the layout (DESIGN.md "Running it").

A mistake in a railway.toml or a Dockerfile shows up only as a failed deploy, so the properties
every service's files must have are checked here. docker-compose.yml comes with its issue.
"""
import json
import re
import tomllib

import pytest

from shared.config import REPO_ROOT, SERVICOS, url_variable

MIGRADOR = "python -m shared.migrator {pasta}"


def railway(pasta: str) -> dict:
    return tomllib.loads((REPO_ROOT / pasta / "railway.toml").read_text(encoding="utf-8"))


def instrucoes(pasta: str) -> list[tuple[str, str]]:
    """The Dockerfile as (INSTRUCTION, arguments), continuation lines joined, comments dropped."""
    texto = (REPO_ROOT / pasta / "Dockerfile").read_text(encoding="utf-8")
    linhas = [linha for linha in texto.splitlines() if not linha.lstrip().startswith("#")]
    juntas = re.sub(r"\\\n\s*", " ", "\n".join(linhas))
    return [
        (partes[0].upper(), partes[1].strip() if len(partes) > 1 else "")
        for partes in (linha.strip().split(None, 1) for linha in juntas.splitlines() if linha.strip())
    ]


def argumentos(pasta: str, instrucao: str) -> list[str]:
    return [args for nome, args in instrucoes(pasta) if nome == instrucao]


def test_every_service_folder_and_only_those_have_a_railway_toml():
    assert {p.parent.name for p in REPO_ROOT.glob("*/railway.toml")} == set(SERVICOS)


@pytest.mark.parametrize("pasta", SERVICOS)
def test_railway_toml_builds_the_folders_dockerfile_from_the_repo_root(pasta):
    build = railway(pasta)["build"]
    assert build["builder"] == "DOCKERFILE"
    assert build["dockerfilePath"] == f"{pasta}/Dockerfile"
    assert (REPO_ROOT / build["dockerfilePath"]).is_file()
    assert {f"{pasta}/**", "shared/**"} <= set(build["watchPatterns"])


@pytest.mark.parametrize("pasta", SERVICOS)
def test_railway_toml_health_checks_and_restarts(pasta):
    deploy = railway(pasta)["deploy"]
    assert deploy["healthcheckPath"] == "/health"
    assert deploy["restartPolicyType"] == "ON_FAILURE"
    assert deploy["restartPolicyMaxRetries"] > 0


@pytest.mark.parametrize("pasta", SERVICOS)
def test_migrations_run_before_deploy_exactly_where_a_schema_is_owned(pasta):
    comando = railway(pasta)["deploy"].get("preDeployCommand", [])
    comandos = [comando] if isinstance(comando, str) else comando
    tem_migracoes = (REPO_ROOT / pasta / "migrations").is_dir()
    assert comandos == ([MIGRADOR.format(pasta=pasta)] if tem_migracoes else [])


@pytest.mark.parametrize("pasta", SERVICOS)
def test_dockerfile_copies_shared_and_runs_the_package_with_gunicorn_as_non_root(pasta):
    pacote, porta = SERVICOS[pasta]
    copias = argumentos(pasta, "COPY")
    assert "shared/ shared/" in copias
    assert f"{pasta}/ {pasta}/" in copias
    assert any(f"PYTHONPATH=/app:/app/{pasta}" in env.split() for env in argumentos(pasta, "ENV"))
    usuario = argumentos(pasta, "USER")
    assert usuario and usuario[-1].split(":")[0] not in ("root", "0")
    assert json.loads(argumentos(pasta, "CMD")[-1]) == [
        "gunicorn", "-c", "shared/gunicorn_conf.py", f"{pacote}:create_app()"
    ]
    assert argumentos(pasta, "EXPOSE") == [str(porta)]
    assert "/health" in argumentos(pasta, "HEALTHCHECK")[-1]


def test_top_level_railway_toml_is_a_guide_naming_every_service_and_gateway_variable():
    texto = (REPO_ROOT / "railway.toml").read_text(encoding="utf-8")
    # A service whose config path was left unset reads this file: it must configure nothing.
    assert tomllib.loads(texto) == {}
    for pasta, (_, porta) in SERVICOS.items():
        assert f"/{pasta}/railway.toml" in texto
        if pasta != "frontend":
            variavel = rf"\b{url_variable(pasta)}\s+http://{re.escape(pasta)}\.railway\.internal:{porta}\b"
            assert re.search(variavel, texto), f"{url_variable(pasta)} ausente do guia"
