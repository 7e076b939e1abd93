"""Every service authenticates every `/api/...` request by itself (DESIGN.md rule 4), for real.

Against the eight services running under gunicorn (`live_services`), with tokens signed here with
the test keys: each forged, broken, expired or misdirected token is a 401 in the contract's
envelope on every service, and a valid one gets past authentication. Then a real session through
auth-api: its token works everywhere, logout makes every service refuse it within a second
(revocation through Redis, no call to auth-api), renewal issues a token that works, and a missing
permission is a 403.

Module routes arrive service by service, so "past authentication" is shown with an unknown
`/api/...` path: 404 `nao_encontrado` for a valid token, 401 for anything else — authentication
comes before routing, so an anonymous caller cannot even learn which routes exist.
"""
import base64
import hashlib
import hmac
import json
import time

import jwt
import pytest
import requests

from shared.config import SERVICOS

SONDA = "/api/sonda-de-seguranca"  # no service has this route
ISSUER, AUDIENCE = "erp-web-auth", "erp-web"
LEEWAY = 10  # shared.config's default JWT_LEEWAY, which live_services keeps
PRAZO_REVOGACAO = 1.0  # seconds: DESIGN.md rule 4, a correctness bound

servicos = pytest.mark.parametrize("servico", list(SERVICOS))


# ---------------------------------------------------------------- tokens


def _b64(dados: bytes) -> str:
    return base64.urlsafe_b64encode(dados).rstrip(b"=").decode()


def _json_b64(objeto: dict) -> str:
    return _b64(json.dumps(objeto, separators=(",", ":")).encode())


def claims_validas(**mudancas) -> dict:
    agora = int(time.time())
    claims = {"iss": ISSUER, "aud": AUDIENCE, "iat": agora, "exp": agora + 300, "sub": "900",
              "sid": "sessao-forjada-nos-testes", "usr": "sonda", "emp": 1, "perms": [], "csrf": "c"}
    claims.update(mudancas)
    return {k: v for k, v in claims.items() if v is not ...}  # `...` drops a claim


def assinar(chave_privada: str, kid: str, **mudancas) -> str:
    return jwt.encode(claims_validas(**mudancas), chave_privada, algorithm="EdDSA", headers={"kid": kid})


def sem_assinatura(kid: str) -> str:
    """`alg: none`: the classic way around a verifier that trusts the header."""
    return f"{_json_b64({'alg': 'none', 'typ': 'JWT', 'kid': kid})}.{_json_b64(claims_validas())}."


def hs256_com_chave_publica(kid: str, public_pem: str) -> str:
    """Algorithm confusion: HS256 keyed with the public key's PEM, which every attacker has."""
    entrada = f"{_json_b64({'alg': 'HS256', 'typ': 'JWT', 'kid': kid})}.{_json_b64(claims_validas())}"
    assinatura = hmac.new(public_pem.encode(), entrada.encode(), hashlib.sha256).digest()
    return f"{entrada}.{_b64(assinatura)}"


def adulterado(token: str, **mudancas) -> str:
    """The same signature over a payload with other claims (e.g. another empresa)."""
    cabecalho, corpo, assinatura = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(corpo + "=" * (-len(corpo) % 4)))
    claims.update(mudancas)
    return f"{cabecalho}.{_json_b64(claims)}.{assinatura}"


def cabecalhos_invalidos(chaves) -> dict:
    """Authorization headers (None: no header at all) that must all be a 401."""
    k, outra = chaves, chaves.other
    agora = int(time.time())
    return {
        "sem token": None,
        "Bearer sozinho": "Bearer",
        "Bearer e espaços": "Bearer    ",
        "esquema Basic": "Basic eDp5",
        "token lixo": "Bearer isto-nao-e-um-jwt",
        "três partes lixo": "Bearer a.b.c",
        "assinado com outra chave": f"Bearer {assinar(outra.private_pem, k.kid)}",
        "kid desconhecido": f"Bearer {assinar(k.private_pem, 'kid-que-ninguem-publicou')}",
        "kid de outra chave": f"Bearer {assinar(outra.private_pem, outra.kid)}",
        "sem kid": "Bearer " + jwt.encode(claims_validas(), k.private_pem, algorithm="EdDSA"),
        "alg none": f"Bearer {sem_assinatura(k.kid)}",
        "HS256 com a chave pública": f"Bearer {hs256_com_chave_publica(k.kid, k.public_pem)}",
        "expirado além da tolerância": f"Bearer {assinar(k.private_pem, k.kid, iat=agora - 3600, exp=agora - LEEWAY - 30)}",
        "ainda não válido (nbf)": f"Bearer {assinar(k.private_pem, k.kid, nbf=agora + LEEWAY + 300)}",
        "emp adulterado": f"Bearer {adulterado(assinar(k.private_pem, k.kid), emp=2)}",
        "perms adulteradas": f"Bearer {adulterado(assinar(k.private_pem, k.kid), perms=['admin'], plat=True)}",
        "iss errado": f"Bearer {assinar(k.private_pem, k.kid, iss='outro-emissor')}",
        "aud errado": f"Bearer {assinar(k.private_pem, k.kid, aud='outro-publico')}",
        "sem exp": f"Bearer {assinar(k.private_pem, k.kid, exp=...)}",
        "sem sid": f"Bearer {assinar(k.private_pem, k.kid, sid=...)}",
        "sem sub": f"Bearer {assinar(k.private_pem, k.kid, sub=...)}",
        "sem perms": f"Bearer {assinar(k.private_pem, k.kid, perms=...)}",
        "sem emp": f"Bearer {assinar(k.private_pem, k.kid, emp=...)}",
        "perms não é lista": f"Bearer {assinar(k.private_pem, k.kid, perms='admin')}",
        "sub não numérico": f"Bearer {assinar(k.private_pem, k.kid, sub='admin')}",
    }


# ---------------------------------------------------------------- HTTP


@pytest.fixture(scope="module")
def http():
    with requests.Session() as sessao:
        sessao.trust_env = False  # loopback only, never through a proxy of the environment
        yield sessao


def chamar(http, live_services, servico: str, metodo: str, caminho: str, token: str | None = None, **kwargs):
    headers = kwargs.pop("headers", {})
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return http.request(metodo, live_services.url(servico) + caminho, headers=headers, timeout=10, **kwargs)


def envelope(resposta, status: int, code: str) -> dict:
    assert resposta.status_code == status, (resposta.status_code, resposta.text[:300])
    assert resposta.headers["Content-Type"].startswith("application/json")
    corpo = resposta.json()
    assert corpo["code"] == code and isinstance(corpo["error"], str) and corpo["error"]
    assert resposta.headers.get("X-Correlation-Id")
    return corpo


# ---------------------------------------------------------------- forged and broken tokens


@servicos
def test_every_invalid_token_is_a_401_on_every_service(http, live_services, jwt_keys, servico):
    """Missing, malformed, signed with another key or algorithm, expired, tampered, misdirected or
    incomplete: 401 `nao_autenticado`, each case checked, on this service."""
    falhas = {}
    for caso, cabecalho in cabecalhos_invalidos(jwt_keys).items():
        headers = {} if cabecalho is None else {"Authorization": cabecalho}
        resposta = chamar(http, live_services, servico, "GET", SONDA, headers=headers)
        try:
            envelope(resposta, 401, "nao_autenticado")
        except (AssertionError, ValueError, KeyError) as erro:
            falhas[caso] = f"{resposta.status_code}: {erro}"
    assert falhas == {}


@servicos
def test_a_valid_token_gets_past_authentication_on_every_service(http, live_services, jwt_keys, servico):
    """The same claims, correctly signed: authenticated locally, then routed (404 on an unknown path)."""
    token = assinar(jwt_keys.private_pem, jwt_keys.kid)
    envelope(chamar(http, live_services, servico, "GET", SONDA, token), 404, "nao_encontrado")
    # Within the leeway a just-expired token is still accepted (clock skew between machines).
    agora = int(time.time())
    quase = assinar(jwt_keys.private_pem, jwt_keys.kid, iat=agora - 600, exp=agora - LEEWAY // 2)
    envelope(chamar(http, live_services, servico, "GET", SONDA, quase), 404, "nao_encontrado")


@servicos
def test_the_session_cookie_authenticates_and_unsafe_methods_need_the_csrf_header(
        http, live_services, jwt_keys, servico):
    """The browser's cookie is a credential too, but the browser sends it by itself: a write with it
    must also carry X-CSRF-Token equal to the token's `csrf` claim, or it is a 403."""
    token = assinar(jwt_keys.private_pem, jwt_keys.kid, csrf="csrf-da-sessao")
    cookies = {"erp_sessao": token}
    envelope(chamar(http, live_services, servico, "GET", SONDA, cookies=cookies), 404, "nao_encontrado")
    envelope(chamar(http, live_services, servico, "POST", SONDA, cookies=cookies), 403, "sem_permissao")
    envelope(chamar(http, live_services, servico, "POST", SONDA, cookies=cookies,
                    headers={"X-CSRF-Token": "outro-valor"}), 403, "sem_permissao")
    envelope(chamar(http, live_services, servico, "POST", SONDA, cookies=cookies,
                    headers={"X-CSRF-Token": "csrf-da-sessao"}), 404, "nao_encontrado")
    forjado = {"erp_sessao": assinar(jwt_keys.other.private_pem, jwt_keys.kid)}
    envelope(chamar(http, live_services, servico, "GET", SONDA, cookies=forjado), 401, "nao_autenticado")


@servicos
def test_a_token_in_the_query_string_is_not_a_token(http, live_services, jwt_keys, servico):
    """Only the Authorization header (or the session cookie) carries credentials: URLs end up in logs."""
    token = assinar(jwt_keys.private_pem, jwt_keys.kid)
    envelope(chamar(http, live_services, servico, "GET", f"{SONDA}?token={token}&access_token={token}"),
             401, "nao_autenticado")


# ---------------------------------------------------------------- a real session through auth-api


@pytest.fixture
def sessao_admin(http, live_services):
    """A real login of the platform administrator through auth-api; logged out at the end."""
    resposta = chamar(http, live_services, "auth-api", "POST", "/api/login",
                      json={"username": "admin", "password": live_services.env["ERP_ADMIN_PASSWORD"]})
    assert resposta.status_code == 200, resposta.text[:300]
    corpo = resposta.json()
    assert corpo["expires_in"] > 0 and corpo["usuario"]["username"] == "admin"
    yield corpo["token"]
    chamar(http, live_services, "auth-api", "POST", "/api/logout", corpo["token"])


def autenticado_em_todos(http, live_services, token: str) -> dict:
    """Status of the probe on every service: 404 means authenticated (and no such route)."""
    return {s: chamar(http, live_services, s, "GET", SONDA, token).status_code for s in SERVICOS}


def test_logout_makes_every_service_refuse_the_token_within_one_second(http, live_services, sessao_admin):
    """No service asks auth-api: they learn of the logout through Redis, and within a second
    (measured here by polling each service from the moment logout answered)."""
    assert autenticado_em_todos(http, live_services, sessao_admin) == {s: 404 for s in SERVICOS}
    assert chamar(http, live_services, "auth-api", "GET", "/api/check-auth", sessao_admin).status_code == 200

    saida = chamar(http, live_services, "auth-api", "POST", "/api/logout", sessao_admin)
    assert saida.status_code == 204
    inicio = time.monotonic()
    demora = {}
    while len(demora) < len(SERVICOS) and time.monotonic() - inicio < 5:
        for servico in SERVICOS:
            if servico not in demora:
                resposta = chamar(http, live_services, servico, "GET", SONDA, sessao_admin)
                if resposta.status_code == 401:
                    envelope(resposta, 401, "nao_autenticado")
                    demora[servico] = time.monotonic() - inicio
    assert set(demora) == set(SERVICOS), f"ainda aceitam o token: {set(SERVICOS) - set(demora)}"
    lentos = {s: round(d, 3) for s, d in demora.items() if d > PRAZO_REVOGACAO}
    assert lentos == {}
    envelope(chamar(http, live_services, "auth-api", "GET", "/api/check-auth", sessao_admin), 401, "nao_autenticado")
    # A revoked session cannot be renewed into a fresh token either.
    envelope(chamar(http, live_services, "auth-api", "POST", "/api/renovar-sessao", sessao_admin),
             401, "nao_autenticado")


def test_renewal_issues_a_new_token_that_works_everywhere(http, live_services, sessao_admin):
    resposta = chamar(http, live_services, "auth-api", "POST", "/api/renovar-sessao", sessao_admin)
    assert resposta.status_code == 200, resposta.text[:300]
    corpo = resposta.json()
    novo = corpo["token"]
    assert novo != sessao_admin and corpo["expires_in"] > 0
    assert autenticado_em_todos(http, live_services, novo) == {s: 404 for s in SERVICOS}
    perfil = chamar(http, live_services, "auth-api", "GET", "/api/check-auth", novo)
    assert perfil.status_code == 200 and perfil.json()["usuario"]["username"] == "admin"


def test_check_auth_refuses_a_validly_signed_token_without_a_session(http, live_services, jwt_keys):
    """auth-api's own check goes further than the signature: the session must exist and be open."""
    token = assinar(jwt_keys.private_pem, jwt_keys.kid, sid="00000000-0000-0000-0000-000000000000")
    envelope(chamar(http, live_services, "auth-api", "GET", "/api/check-auth", token), 401, "nao_autenticado")


def test_missing_permission_is_403_sem_permissao(http, live_services, jwt_keys, sessao_admin):
    """A valid token without `admin` may not list users; the platform administrator may."""
    sem_admin = assinar(jwt_keys.private_pem, jwt_keys.kid, perms=["financeiro:escrever", "rh:ler"])
    envelope(chamar(http, live_services, "auth-api", "GET", "/api/usuarios", sem_admin), 403, "sem_permissao")
    assert chamar(http, live_services, "auth-api", "GET", "/api/usuarios", sessao_admin).status_code == 200
