"""The deploy files keep to the layout (DESIGN.md "Running it"): each service's railway.toml and
Dockerfile, the top-level Railway guide, docker-compose.yml and the README that explains them.

A mistake in any of them shows up only as a failed deploy (there is no Docker engine in CI), so the
properties they must have are checked here by parsing them.
"""
import json
import re
import runpy
import tomllib
from urllib.parse import urlsplit

import pytest
import yaml

from shared.config import REPO_ROOT, SERVICOS, url_variable

MIGRADOR = "python -m shared.migrator {pasta}"
APIS = [pasta for pasta in SERVICOS if pasta != "frontend"]
DONOS_DE_SCHEMA = [pasta for pasta in SERVICOS if (REPO_ROOT / pasta / "migrations").is_dir()]
INFRA = {"postgres": "postgres:16", "redis": "redis:7"}
INIT = "init"  # compose's one-shot step: JWT keys and every migration
ESTADO = "erp-state"  # the named volume with the JWT key pair
# Variables that every service or some of them need on Railway (the guide and the README name them).
VARIAVEIS_RAILWAY = ["JWT_PUBLIC_KEYS", "REDIS_URL", "DATABASE_URL", "ERP_APP_DB_PASSWORD",
                     "JWT_PRIVATE_KEY", "JWT_KID", "ERP_ADMIN_PASSWORD", "COOKIE_SECURE"]
SEGREDO = re.compile(r"PASSWORD|SECRET|TOKEN|KEY")
# ${VAR} or ${VAR:-default} (also ${VAR-default}), as docker compose interpolates them.
INTERPOLACAO = re.compile(r"\$\{(\w+)(?::?-([^}]*))?\}")


def railway(pasta: str) -> dict:
    return tomllib.loads((REPO_ROOT / pasta / "railway.toml").read_text(encoding="utf-8"))


def instrucoes(dockerfile: str) -> list[tuple[str, str]]:
    """The Dockerfile as (INSTRUCTION, arguments), continuation lines joined, comments dropped."""
    texto = (REPO_ROOT / dockerfile).read_text(encoding="utf-8")
    linhas = [linha for linha in texto.splitlines() if not linha.lstrip().startswith("#")]
    juntas = re.sub(r"\\\n\s*", " ", "\n".join(linhas))
    return [
        (partes[0].upper(), partes[1].strip() if len(partes) > 1 else "")
        for partes in (linha.strip().split(None, 1) for linha in juntas.splitlines() if linha.strip())
    ]


def argumentos(dockerfile: str, instrucao: str) -> list[str]:
    return [args for nome, args in instrucoes(dockerfile) if nome == instrucao]


def origens_copiadas(dockerfile: str) -> list[str]:
    """Every source path of the Dockerfile's COPY instructions (all but the last word)."""
    return [origem for args in argumentos(dockerfile, "COPY") for origem in args.split()[:-1]]


def comando_do_healthcheck(dockerfile: str) -> list[str]:
    return json.loads(argumentos(dockerfile, "HEALTHCHECK")[-1].split(" CMD ", 1)[1])


def compose() -> dict:
    return yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def interpolacoes() -> list[tuple[str, str]]:
    """(VAR, default) of every ${VAR...} in docker-compose.yml's values (comments are not read)."""
    def em(no):
        if isinstance(no, dict):
            return [par for valor in no.values() for par in em(valor)]
        if isinstance(no, list):
            return [par for valor in no for par in em(valor)]
        return INTERPOLACAO.findall(no) if isinstance(no, str) else []

    return em(compose())


def servico_compose(nome: str) -> dict:
    return compose()["services"][nome]


def montagens(servico: dict) -> dict:
    """{volume: (target, read_only)} from the short syntax `volume:/target[:ro]`."""
    resultado = {}
    for montagem in servico.get("volumes", []):
        origem, alvo, *modo = montagem.split(":")
        resultado[origem] = (alvo, modo == ["ro"])
    return resultado


def secao(texto: str, titulo: str) -> str:
    """A markdown section by its exact heading line, up to the next heading of its level or above."""
    nivel, _ = titulo.split(" ", 1)
    inicio = texto.index("\n" + titulo + "\n")
    fim = re.compile(rf"^#{{1,{len(nivel)}}} ", re.M).search(texto, inicio + len(titulo) + 2)
    return texto[inicio:fim.start() if fim else len(texto)]


# --- Railway ------------------------------------------------------------------------------------


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
    assert comandos == ([MIGRADOR.format(pasta=pasta)] if pasta in DONOS_DE_SCHEMA else [])


@pytest.mark.parametrize("pasta", SERVICOS)
def test_dockerfile_copies_shared_and_runs_the_package_with_gunicorn_as_non_root(pasta):
    pacote, porta = SERVICOS[pasta]
    dockerfile = f"{pasta}/Dockerfile"
    assert argumentos(dockerfile, "FROM")[-1].endswith("-slim")
    copias = argumentos(dockerfile, "COPY")
    assert "shared/ shared/" in copias
    assert f"{pasta}/ {pasta}/" in copias
    assert any(f"PYTHONPATH=/app:/app/{pasta}" in env.split() for env in argumentos(dockerfile, "ENV"))
    usuario = argumentos(dockerfile, "USER")
    assert usuario and usuario[-1].split(":")[0] not in ("root", "0")
    assert json.loads(argumentos(dockerfile, "CMD")[-1]) == [
        "gunicorn", "-c", "shared/gunicorn_conf.py", f"{pacote}:create_app()"
    ]
    assert argumentos(dockerfile, "EXPOSE") == [str(porta)]
    assert "/health" in argumentos(dockerfile, "HEALTHCHECK")[-1]


def test_gunicorn_binds_every_address_on_the_given_port(monkeypatch):
    # "[::]" takes IPv4 too (Railway's private network is IPv6); "0.0.0.0" on a host without IPv6.
    monkeypatch.setenv("PORT", "5123")
    conf = runpy.run_path(str(REPO_ROOT / "shared" / "gunicorn_conf.py"))
    assert conf["bind"] in (["[::]:5123"], ["0.0.0.0:5123"])


@pytest.mark.parametrize("documento", ["railway.toml", "README.md"])
def test_railway_guide_and_readme_name_each_config_path_address_and_variable(documento):
    texto = (REPO_ROOT / documento).read_text(encoding="utf-8")
    for pasta, (_, porta) in SERVICOS.items():
        assert f"/{pasta}/railway.toml" in texto
        if pasta != "frontend":
            endereco = rf"\b{url_variable(pasta)}[\s=]+http://{re.escape(pasta)}\.railway\.internal:{porta}\b"
            assert re.search(endereco, texto), f"{url_variable(pasta)} ausente de {documento}"
    for variavel in VARIAVEIS_RAILWAY:
        assert re.search(rf"\b{variavel}\b", texto), f"{variavel} ausente de {documento}"


def test_top_level_railway_toml_configures_nothing():
    # A service whose config path was left unset reads this file: it must configure nothing.
    assert tomllib.loads((REPO_ROOT / "railway.toml").read_text(encoding="utf-8")) == {}


# --- docker compose -----------------------------------------------------------------------------


def test_compose_has_the_infrastructure_the_init_step_and_every_service():
    assert set(compose()["services"]) == {*INFRA, INIT, *SERVICOS}


@pytest.mark.parametrize("nome", INFRA)
def test_compose_infrastructure_images_have_health_checks(nome):
    servico = servico_compose(nome)
    assert servico["image"] == INFRA[nome]
    teste = servico["healthcheck"]["test"]
    assert teste[0] in ("CMD", "CMD-SHELL")
    assert ("pg_isready" if nome == "postgres" else "redis-cli") in teste[1]


def test_compose_keeps_postgres_data_in_a_named_volume():
    volumes = montagens(servico_compose("postgres"))
    assert any(alvo == "/var/lib/postgresql/data" and volume in compose()["volumes"]
               for volume, (alvo, _) in volumes.items())


@pytest.mark.parametrize("pasta", SERVICOS)
def test_compose_builds_each_service_from_the_repo_root_on_its_port(pasta):
    servico = servico_compose(pasta)
    dockerfile = f"{pasta}/Dockerfile"
    assert servico["build"] == {"context": ".", "dockerfile": dockerfile}
    assert servico["environment"]["PORT"] == str(SERVICOS[pasta][1])
    # The Dockerfile's own check, which asks $PORT's /health (the images have no curl).
    assert servico["healthcheck"]["test"] == ["CMD", *comando_do_healthcheck(dockerfile)]
    assert servico["restart"] in ("always", "unless-stopped", "on-failure")


@pytest.mark.parametrize("pasta", SERVICOS)
def test_compose_starts_each_service_after_what_it_needs(pasta):
    esperado = {"redis": "service_healthy", INIT: "service_completed_successfully"}
    if pasta == "frontend":
        esperado |= {api: "service_healthy" for api in APIS}
    else:
        esperado["postgres"] = "service_healthy"
    condicoes = {nome: regra["condition"] for nome, regra in servico_compose(pasta)["depends_on"].items()}
    assert condicoes == esperado


@pytest.mark.parametrize("pasta", SERVICOS)
def test_compose_gives_each_service_its_environment(pasta):
    servico = servico_compose(pasta)
    ambiente = servico["environment"]
    assert urlsplit(ambiente["REDIS_URL"]).hostname == "redis"
    # The JWT key pair from init, read-only: no JWT_* variable holds a key.
    assert montagens(servico)[ESTADO] == (ambiente["ERP_STATE_DIR"], True)
    assert not {"JWT_PRIVATE_KEY", "JWT_PUBLIC_KEYS"} & set(ambiente)
    if pasta == "frontend":
        assert "DATABASE_URL" not in ambiente
        for api in APIS:
            assert ambiente[url_variable(api)] == f"http://{api}:{SERVICOS[api][1]}"
    else:
        # The host only: the service connects as erp_app with ERP_APP_DB_PASSWORD, never as owner.
        banco = urlsplit(ambiente["DATABASE_URL"])
        assert (banco.hostname, banco.password) == ("postgres", None)
        assert ambiente["ERP_APP_DB_PASSWORD"]
    if pasta == "auth-api":
        assert ambiente["ERP_ADMIN_PASSWORD"]


def test_compose_publishes_only_the_frontend_on_its_port():
    publicados = {nome: servico["ports"] for nome, servico in compose()["services"].items() if "ports" in servico}
    assert list(publicados) == ["frontend"]
    assert [str(porta).rsplit(":", 1)[-1] for porta in publicados["frontend"]] == [str(SERVICOS["frontend"][1])]


def test_compose_init_is_a_one_shot_with_every_schemas_migrations():
    init = servico_compose(INIT)
    assert init.get("restart", "no") == "no"
    assert init["build"]["context"] == "."
    dockerfile = init["build"]["dockerfile"]
    assert argumentos(dockerfile, "FROM")[-1].endswith("-slim")
    origens = origens_copiadas(dockerfile)
    assert "shared/" in origens
    migracoes = {origem.split("/")[0] for origem in origens if origem.rstrip("/").endswith("/migrations")}
    assert migracoes == set(DONOS_DE_SCHEMA)
    for origem in origens:
        assert (REPO_ROOT / origem).exists(), origem
    # Without arguments the migrator applies the platform's and every service's migrations.
    comando = " ".join(json.loads(argumentos(dockerfile, "CMD")[-1]))
    assert re.search(r"python -m shared\.migrator\s*($|&&|;)", comando)
    assert init["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    # The owner migrates; the non-root user may write the keys where the volume is mounted.
    assert urlsplit(init["environment"]["DATABASE_URL"]).hostname == "postgres"
    assert argumentos(dockerfile, "USER")[-1] not in ("root", "0")
    assert montagens(init)[ESTADO] == (init["environment"]["ERP_STATE_DIR"], False)
    assert f"chown erp {init['environment']['ERP_STATE_DIR']}" in " ".join(argumentos(dockerfile, "RUN"))


def test_compose_build_sources_are_not_dockerignored():
    ignorados = (REPO_ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    for servico in compose()["services"].values():
        if "build" not in servico:
            continue
        for origem in origens_copiadas(servico["build"]["dockerfile"]):
            if origem.split("/")[0] in ignorados:
                assert "!" + origem in ignorados, f"{origem} fica fora do contexto (.dockerignore)"


def test_compose_has_no_literal_secret_and_marks_its_dev_defaults():
    texto = (REPO_ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    assert "PRIVATE KEY" not in texto and "JWT_PRIVATE_KEY" not in texto
    usadas = interpolacoes()
    assert usadas
    padroes = {}
    for variavel, padrao in usadas:
        if padrao and SEGREDO.search(variavel):
            assert padrao.endswith("-dev-only"), f"${{{variavel}}}: padrão sem a marca -dev-only"
        # One default per variable, or the migrator and the services would disagree on a password.
        assert padroes.setdefault(variavel, padrao) == padrao, variavel
    for nome, servico in compose()["services"].items():
        for chave, valor in servico.get("environment", {}).items():
            if SEGREDO.search(chave):
                assert INTERPOLACAO.fullmatch(valor), f"{nome}: {chave} literal"
            if chave.endswith("_URL") and urlsplit(valor).password:
                assert INTERPOLACAO.fullmatch(urlsplit(valor).password), f"{nome}: senha literal em {chave}"


def test_readme_explains_compose_commands_and_every_variable():
    texto = secao((REPO_ROOT / "README.md").read_text(encoding="utf-8"), "### docker compose")
    for comando in ["docker compose up", "python -m auth.bootstrap --demo", "docker compose logs",
                    "docker compose down -v"]:
        assert comando in texto
    for variavel, _ in interpolacoes():
        assert f"`{variavel}`" in texto, f"{variavel} não documentada no README"
