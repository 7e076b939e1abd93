"""The HTTP side of the security review (issue 20): what a browser, an attacker's page or a log
reader meets, on every service.

- The session cookies: HttpOnly for the token, SameSite=Strict both, Secure when configured.
- CSRF: every write route of every service (generated from the route tables) refuses a
  cookie-authenticated call without the page's X-CSRF-Token; a bearer token needs none.
- CORS: no service answers an origin it was not configured with.
- The SPA's headers through the live gateway: a CSP without inline scripts (the one inline import
  map by its hash), frame-ancestors 'none', nosniff, a referrer policy.
- An upload past MAX_UPLOAD_BYTES is a 413 and costs the gateway and the service no memory.
- No password, hash, token or key in any log line.
- Repeated failed logins: a pt-BR notice that the account is blocked, and until when.
- The issue's catastrophic pattern in a reconciliation rule cannot hold a worker (the statement
  timeout itself, with patterns PostgreSQL does take minutes on, is financeiro-api's
  tests/test_regras_hostis.py).
"""
import base64
import hashlib
import importlib
import os
import re
import time
from datetime import date

import pytest
import requests

from shared.api import especificacao
from shared.auth import COOKIE_CSRF, COOKIE_SESSAO, HEADER_CSRF
from shared.config import SERVICOS
from shared.encaminhamento import CABECALHO_PROVA

ORIGEM_CONFIGURADA = "https://painel.estudio.example"
ORIGEM_ALHEIA = "https://atacante.example"
SEGREDO_DO_GATEWAY = "segredo-do-gateway-nos-testes-de-seguranca"
ESCRITAS = {"POST", "PUT", "PATCH", "DELETE"}
MIB = 1024 * 1024
SENHA_DE_TESTE = "senha-forte-123"  # conftest.SENHA_DE_TESTE, every user nova_equipe creates


def construir(service_env, **extra) -> dict:
    return {servico: importlib.import_module(pacote).create_app({**service_env, **extra})
            for servico, (pacote, _) in SERVICOS.items()}


@pytest.fixture(scope="module")
def apps(service_env):
    """Every service's app over this module's database, as the gateway's proof makes it trust the
    client address the gateway forwards (the login limit counts per address)."""
    construidos = construir(service_env, ERP_GATEWAY_SECRET=SEGREDO_DO_GATEWAY)
    yield construidos
    for app in construidos.values():
        app.extensions["erp"].db.fechar()


_ips = iter(range(1, 1_000_000))


def cliente_de(app):
    """A test client from an address of its own (X-Forwarded-For, with the gateway's proof)."""
    cliente = app.test_client()
    n = next(_ips)
    cliente.environ_base["HTTP_X_FORWARDED_FOR"] = f"10.77.{n // 256 % 256}.{n % 256}"
    cliente.environ_base["HTTP_" + CABECALHO_PROVA.upper().replace("-", "_")] = SEGREDO_DO_GATEWAY
    return cliente


def atributos(cabecalho: str) -> tuple[str, dict]:
    """A Set-Cookie header as (name, {attribute in lower case: value or True})."""
    nome_valor, *partes = [p.strip() for p in cabecalho.split(";")]
    attrs = {}
    for parte in partes:
        chave, _, valor = parte.partition("=")
        attrs[chave.lower()] = valor or True
    return nome_valor.split("=", 1)[0], attrs


# ---------------------------------------------------------------- cookies


@pytest.mark.parametrize("seguro", [False, True])
def test_the_session_cookies_keep_the_token_from_scripts_and_other_sites(service_env, seguro):
    from auth import create_app

    app = create_app({**service_env, "ERP_GATEWAY_SECRET": SEGREDO_DO_GATEWAY, "COOKIE_SECURE": str(seguro).lower()})
    try:
        cliente = cliente_de(app)
        resposta = cliente.post("/api/login", json={"username": "admin", "password": service_env["ERP_ADMIN_PASSWORD"]})
        assert resposta.status_code == 200, resposta.get_json()
        cookies = dict(atributos(c) for c in resposta.headers.getlist("Set-Cookie"))
        assert set(cookies) == {COOKIE_SESSAO, COOKIE_CSRF}
        sessao, csrf = cookies[COOKIE_SESSAO], cookies[COOKIE_CSRF]
        assert sessao.get("httponly") is True
        assert "httponly" not in csrf  # the page's script reads it to send it back as X-CSRF-Token
        for attrs in (sessao, csrf):
            assert attrs["samesite"] == "Strict" and attrs["path"] == "/"
            assert ("secure" in attrs) is seguro
        saida = cliente.post("/api/logout", headers={"Authorization": f"Bearer {resposta.get_json()['token']}"})
        assert saida.status_code == 204
        apagados = dict(atributos(c) for c in saida.headers.getlist("Set-Cookie"))
        assert set(apagados) == {COOKIE_SESSAO, COOKIE_CSRF}
        assert all(a.get("max-age") == "0" for a in apagados.values())
    finally:
        app.extensions["erp"].db.fechar()


# ---------------------------------------------------------------- CSRF


def escritas_autenticadas(app):
    """(method, a path) of every write rule of the app that takes a session (not `publico`)."""
    for regra in app.url_map.iter_rules():
        spec = especificacao(app.view_functions[regra.endpoint])
        if spec is None or spec.publico or not regra.rule.startswith("/api/"):
            continue
        caminho = re.sub(r"<(?:\w+:)?\w+>", "1", regra.rule)
        for metodo in sorted(regra.methods & ESCRITAS):
            yield metodo, caminho


@pytest.mark.parametrize("servico", [s for s in SERVICOS if s != "frontend"])
def test_every_cookie_authenticated_write_needs_the_csrf_header(apps, assinar_token, empresa, servico):
    app = apps[servico]
    token = assinar_token(emp=empresa, perms=["admin"], plat=True, csrf="o-da-pagina")
    escritas = list(escritas_autenticadas(app))
    if not escritas:
        pytest.skip(f"{servico} não tem rotas de escrita")
    falhas = {}
    for metodo, caminho in escritas:
        for cabecalhos in ({}, {HEADER_CSRF: "outro"}, {HEADER_CSRF: ""}):
            cliente = app.test_client()
            cliente.set_cookie(COOKIE_SESSAO, token)
            resposta = cliente.open(caminho, method=metodo, json={}, headers=cabecalhos)
            corpo = resposta.get_json(silent=True) or {}
            if resposta.status_code != 403 or "CSRF" not in corpo.get("error", ""):
                falhas[f"{metodo} {caminho} {cabecalhos}"] = f"{resposta.status_code} {corpo}"
    assert not falhas, falhas


def test_the_csrf_header_or_a_bearer_token_lets_a_write_through(apps, assinar_token, empresa):
    app = apps["cadastros-api"]
    token = assinar_token(emp=empresa, perms=["cadastros:escrever"], csrf="o-da-pagina")
    corpo = {"nome": "Sonda CSRF", "tipo": "RECEITA"}
    cliente = app.test_client()
    cliente.set_cookie(COOKIE_SESSAO, token)
    assert cliente.post("/api/categorias", json=corpo, headers={HEADER_CSRF: "o-da-pagina"}).status_code == 201
    # A read needs no header; a bearer token is not sent by a browser on its own, so needs none.
    assert cliente.get("/api/categorias").status_code == 200
    portador = app.test_client().post("/api/categorias", json={**corpo, "nome": "Sonda portador"},
                                      headers={"Authorization": f"Bearer {token}"})
    assert portador.status_code == 201, portador.get_json()


# ---------------------------------------------------------------- CORS


@pytest.fixture(scope="module")
def apps_com_cors(service_env):
    construidos = construir(service_env, ERP_CORS_ORIGINS=ORIGEM_CONFIGURADA)
    yield construidos
    for app in construidos.values():
        app.extensions["erp"].db.fechar()


def preflight(app, origem: str):
    return app.test_client().options("/api/qualquer", headers={
        "Origin": origem, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": f"Content-Type, {HEADER_CSRF}"})


@pytest.mark.parametrize("servico", list(SERVICOS))
def test_cors_answers_only_the_configured_origin(apps, apps_com_cors, assinar_token, servico):
    token = assinar_token(perms=[])
    for app, origem in ((apps[servico], ORIGEM_CONFIGURADA), (apps[servico], ORIGEM_ALHEIA),
                        (apps_com_cors[servico], ORIGEM_ALHEIA)):
        assert "Access-Control-Allow-Origin" not in preflight(app, origem).headers
        resposta = app.test_client().get("/api/qualquer",
                                         headers={"Origin": origem, "Authorization": f"Bearer {token}"})
        assert "Access-Control-Allow-Origin" not in resposta.headers
        assert "Access-Control-Allow-Credentials" not in resposta.headers
    permitida = preflight(apps_com_cors[servico], ORIGEM_CONFIGURADA)
    assert permitida.headers["Access-Control-Allow-Origin"] == ORIGEM_CONFIGURADA
    assert HEADER_CSRF.lower() in permitida.headers["Access-Control-Allow-Headers"].lower()


# ---------------------------------------------------------------- the SPA's headers, live


@pytest.fixture(scope="module")
def gateway(live_services):
    with requests.Session() as sessao:
        sessao.trust_env = False
        base = live_services.url("frontend")
        sessao.url = lambda caminho: base + caminho
        yield sessao


def csp(resposta) -> dict[str, list[str]]:
    diretivas = {}
    for diretiva in resposta.headers["Content-Security-Policy"].split(";"):
        nome, *valores = diretiva.split()
        diretivas[nome] = valores
    return diretivas


@pytest.mark.parametrize("caminho", ["/", "/financeiro/lancamentos", "/static/js/main.js", "/api/check-auth"])
def test_the_spa_and_the_api_send_the_browser_security_headers(gateway, caminho):
    resposta = gateway.get(gateway.url(caminho), timeout=10)
    politica = csp(resposta)
    assert politica["frame-ancestors"] == ["'none'"]
    assert politica["object-src"] == ["'none'"] and politica["base-uri"] == ["'none'"]
    for fontes in (politica["script-src"], politica.get("style-src", []), politica["default-src"]):
        assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"} & set(fontes), politica
    assert resposta.headers["X-Content-Type-Options"] == "nosniff"
    assert resposta.headers["X-Frame-Options"] == "DENY"
    assert resposta.headers["Referrer-Policy"] in ("same-origin", "no-referrer", "strict-origin")


def test_the_pages_inline_scripts_are_only_those_the_csp_names_by_hash(gateway):
    resposta = gateway.get(gateway.url("/"), timeout=10)
    html = resposta.text
    hashes = {f"'sha256-{base64.b64encode(hashlib.sha256(corpo.encode()).digest()).decode()}'"
              for corpo in re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, re.S)}
    assert hashes <= set(csp(resposta)["script-src"])
    assert not re.search(r"\son[a-z]+\s*=", html, re.I), "manipulador de evento inline na página"
    assert "javascript:" not in html.lower()


# ---------------------------------------------------------------- upload limit, live


def rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants (gunicorn's master and workers)."""
    total, pendentes = 0, [pid]
    while pendentes:
        atual = pendentes.pop()
        try:
            with open(f"/proc/{atual}/status") as status:
                total += next(int(linha.split()[1]) for linha in status if linha.startswith("VmRSS:"))
            for tarefa in os.listdir(f"/proc/{atual}/task"):
                with open(f"/proc/{atual}/task/{tarefa}/children") as filhos:
                    pendentes += [int(p) for p in filhos.read().split()]
        except (FileNotFoundError, ProcessLookupError, StopIteration):
            continue
    return total


class CorpoGrande:
    """`total` bytes sent a MiB at a time, never all in the test's memory; of unknown length, so
    requests sends it chunked."""

    def __init__(self, total: int):
        self.total = total

    def __iter__(self):
        bloco = b"A" * MIB
        for inicio in range(0, self.total, MIB):
            yield bloco[: min(MIB, self.total - inicio)]


class CorpoGrandeComTamanho(CorpoGrande):
    """The same with its length known: requests sends a Content-Length."""

    def __len__(self):
        return self.total


@pytest.mark.parametrize("com_tamanho", [True, False], ids=["content-length", "chunked"])
@pytest.mark.parametrize("destino", ["frontend", "financeiro-api"])
def test_an_upload_past_the_limit_is_a_413_without_memory_growth(gateway, live_services, assinar_token, empresa,
                                                                 destino, com_tamanho):
    """120 MiB (six times MAX_UPLOAD_BYTES) at the OFX import, through the gateway and straight to
    financeiro: refused, and neither the gateway's nor financeiro's processes hold it in memory."""
    processos = {s: live_services._processes[s].pid for s in ("frontend", "financeiro-api")}
    antes = {s: rss_kib(pid) for s, pid in processos.items()}
    total = 120 * MIB
    token = assinar_token(emp=empresa, perms=["financeiro:escrever"])
    cabecalhos = {"Authorization": f"Bearer {token}", "Content-Type": "multipart/form-data; boundary=sonda"}
    corpo = CorpoGrandeComTamanho(total) if com_tamanho else CorpoGrande(total)
    try:
        resposta = gateway.post(live_services.url(destino) + "/api/extratos/upload", data=corpo, headers=cabecalhos,
                                timeout=60)
    except requests.ConnectionError:
        # The server may answer and close before the client has sent everything: the refusal
        # reached the socket first. What matters is below.
        resposta = None
    if resposta is not None:
        assert resposta.status_code == 413, resposta.text[:300]
        assert resposta.json()["code"] == "arquivo_grande"
    depois = {s: rss_kib(pid) for s, pid in processos.items()}
    crescimento = {s: (depois[s] - antes[s]) // 1024 for s in processos}
    assert all(mib < 40 for mib in crescimento.values()), f"MiB a mais: {crescimento}"


# ---------------------------------------------------------------- logs


def test_no_log_line_holds_a_password_a_hash_a_token_or_a_key(apps, service_env, jwt_keys, capsys, sql_dono):
    """Logins right and wrong, a password change, renewal and logout, with every log line of the
    auth-api captured: none carries the passwords, the token, the CSRF value, the stored hash or
    the signing key."""
    admin_password = service_env["ERP_ADMIN_PASSWORD"]
    auth = apps["auth-api"]
    capsys.readouterr()
    cliente = cliente_de(auth)
    entrada = cliente.post("/api/login", json={"username": "admin", "password": admin_password})
    admin = entrada.get_json()
    [csrf] = [c.split(";")[0].split("=", 1)[1] for c in entrada.headers.getlist("Set-Cookie")
              if c.startswith(COOKIE_CSRF + "=")]
    cabecalho = {"Authorization": f"Bearer {admin['token']}"}
    senha, nova, errada = "Senha-Inicial-7781q", "Senha-Trocada-9923w", "Senha-Errada-5521e"
    empresa = cliente.post("/api/empresas", json={"nome": "Logs sem segredos"}, headers=cabecalho).get_json()
    criado = cliente.post("/api/usuarios", headers=cabecalho, json={
        "username": "sonda.logs", "nome": "Sonda Logs", "password": senha, "empresas": [empresa["id"]],
        "permissoes": ["cadastros:ler"], "trocar_senha": False})
    assert criado.status_code == 201, criado.get_json()
    assert cliente_de(auth).post("/api/login", json={"username": "sonda.logs", "password": errada}).status_code == 401
    sessao = cliente_de(auth).post("/api/login", json={"username": "sonda.logs", "password": senha}).get_json()
    seu = {"Authorization": f"Bearer {sessao['token']}"}
    troca = cliente.post("/api/usuarios/eu/trocar-senha", headers=seu, json={"senha_atual": senha, "nova_senha": nova})
    assert troca.status_code == 200, troca.get_json()
    nova_sessao = cliente_de(auth).post("/api/login", json={"username": "sonda.logs", "password": nova}).get_json()
    assert cliente.post("/api/logout", headers={"Authorization": f"Bearer {nova_sessao['token']}"}).status_code == 204
    renovada = cliente.post("/api/renovar-sessao", headers=cabecalho).get_json()["token"]
    assert cliente.post("/api/logout", headers={"Authorization": f"Bearer {renovada}"}).status_code == 204

    saida = capsys.readouterr()
    logs = saida.out + saida.err
    assert '"path": "/api/login"' in logs  # the capture did see the requests' log lines
    [hash_da_senha] = [linha["senha_hash"] for linha in sql_dono(
        "SELECT senha_hash FROM auth.usuarios WHERE username = 'sonda.logs'")]
    chave = "".join(jwt_keys.private_pem.strip().splitlines()[1:-1])
    segredos = {"senha do admin": admin_password, "senha": senha, "nova senha": nova, "senha errada": errada,
                "token": admin["token"], "assinatura do token": admin["token"].rsplit(".", 1)[1],
                "token do usuário": sessao["token"], "token após a troca": troca.get_json()["token"],
                "token renovado": renovada, "csrf": csrf, "hash armazenado": hash_da_senha,
                "chave privada": chave[-40:], "segredo do gateway": SEGREDO_DO_GATEWAY}
    vazados = [nome for nome, segredo in segredos.items() if segredo in logs]
    assert vazados == []
    assert "$argon2" not in logs


def test_the_live_services_logs_hold_no_secret(live_services, admin_http, jwt_keys):
    """Every line every live service printed this session so far (the suite's logins included)."""
    assert admin_http.get("/api/check-auth").status_code == 200
    chave = "".join(jwt_keys.private_pem.strip().splitlines()[1:-1])
    token = admin_http.headers["Authorization"].split()[1]
    for servico in SERVICOS:
        log = live_services.log(servico)
        vazados = [nome for nome, segredo in {"senha do admin": live_services.env["ERP_ADMIN_PASSWORD"],
                                               "senha de teste": SENHA_DE_TESTE,
                                               "token": token, "chave privada": chave[-40:]}.items()
                   if segredo in log]
        assert vazados == [], servico
        assert "$argon2" not in log, servico
        assert not re.search(r"Bearer\s+ey", log), servico


# ---------------------------------------------------------------- lockout notice


def test_repeated_failed_logins_say_the_account_is_blocked_and_until_when(apps):
    auth = apps["auth-api"]
    falhas = [cliente_de(auth).post("/api/login", json={"username": "bloqueio.sonda", "password": "errada"})
              for _ in range(5)]
    assert [f.status_code for f in falhas] == [401] * 5
    bloqueio = cliente_de(auth).post("/api/login", json={"username": "bloqueio.sonda", "password": "errada"})
    assert bloqueio.status_code == 429
    corpo = bloqueio.get_json()
    assert corpo["code"] == "limite_excedido"
    espera = int(bloqueio.headers["Retry-After"])
    assert 1 <= espera <= 61
    aviso = re.fullmatch(r"Conta bloqueada temporariamente após 5 tentativas com senha errada; "
                         r"tente de novo em (\d+) segundos", corpo["error"])
    assert aviso, corpo["error"]
    # Both read the limit's window a moment apart, each rounding its way.
    assert abs(int(aviso[1]) - espera) <= 1


def test_repeated_failures_from_one_address_say_the_address_is_blocked(apps):
    cliente = cliente_de(apps["auth-api"])
    for n in range(5):
        assert cliente.post("/api/login", json={"username": f"ninguem.{n}", "password": "x"}).status_code == 401
    bloqueio = cliente.post("/api/login", json={"username": "ninguem.5", "password": "x"})
    assert bloqueio.status_code == 429
    aviso = re.fullmatch(r"Acesso deste endereço bloqueado temporariamente após 5 tentativas com senha errada; "
                         r"tente de novo em (\d+) segundos", bloqueio.get_json()["error"])
    assert aviso and abs(int(aviso[1]) - int(bloqueio.headers["Retry-After"])) <= 1


# ---------------------------------------------------------------- a catastrophic pattern


def test_the_issues_catastrophic_pattern_cannot_hold_a_worker(apps, assinar_token, empresa, sql_dono):
    """`(a+)+$` against a memo of 999 "a" and a "b": saved as a rule, tried over the stored
    transactions and applied in the suggestions, each answers promptly (the bound is generous:
    it proves nothing waits on the pattern, not speed)."""
    def inserir(sql, parametros):
        return sql_dono(sql + " RETURNING id", parametros, empresa_id=empresa)[0]["id"]

    conta = inserir("""INSERT INTO cadastros.contas (empresa_id, nome, nome_busca, tipo, banco, saldo_inicial,
                                                     data_saldo_inicial, ativa)
                       VALUES (%s, 'Itaú', 'itau', 'CORRENTE', '341', 0, '2020-01-01', true)""", (empresa,))
    categoria = inserir("""INSERT INTO cadastros.categorias (empresa_id, nome, nome_busca, tipo, ordem)
                           VALUES (%s, 'Tarifas', 'tarifas', 'DESPESA', 0)""", (empresa,))
    extrato = inserir("""INSERT INTO financeiro.extratos (empresa_id, conta_id, arquivo_nome, arquivo_sha256, conta_ofx,
                                                         data_inicio, data_fim, importadas, duplicadas, a_revisar,
                                                         saldos_ignorados)
                         VALUES (%s, %s, 'hostil.ofx', encode(sha256(random()::text::bytea), 'hex'), '1-1',
                                 %s, %s, 1, 0, 0, 0)""",
                      (empresa, conta, date(2026, 3, 2), date(2026, 3, 2)))
    transacao = inserir("""INSERT INTO financeiro.extrato_transacoes (empresa_id, extrato_id, conta_id, data, valor,
                                                                     fitid, memo, tipo, ocorrencia, chave)
                           VALUES (%s, %s, %s, %s, -10, 'h-1', %s, 'DEBIT', 0, 'F:h-1')""",
                        (empresa, extrato, conta, date(2026, 3, 2), "a" * 999 + "b"))
    financeiro = apps["financeiro-api"].test_client()
    token = assinar_token(emp=empresa, perms=["financeiro:escrever"])
    financeiro.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    regra = {"nome": "Hostil", "memo_regex": "(a+)+$", "acao": "SUGERIR", "categoria_id": categoria}

    for chamada in (lambda: financeiro.post("/api/extratos/regras/testar", json={"memo_regex": "(a+)+$"}),
                    lambda: financeiro.post("/api/extratos/regras", json=regra),
                    lambda: financeiro.get(f"/api/extratos/transacoes/{transacao}/sugestoes")):
        inicio = time.monotonic()
        resposta = chamada()
        assert time.monotonic() - inicio < 15
        # Either PostgreSQL evaluates it (its engine does not backtrack here) or the rule is
        # refused naming the field; never a 500, never a worker held.
        assert resposta.status_code in (200, 201) or (
            resposta.status_code == 400 and "memo_regex" in resposta.get_json()["campos"]), resposta.get_json()
    ativas = sql_dono("SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() "
                      "AND state = 'active' AND pid <> pg_backend_pid()")
    assert ativas[0]["n"] == 0
