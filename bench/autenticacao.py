"""Part 1: local token verification (the design) against a call to auth-api per request (the plan).

Same run, same token (a real session of the platform admin, issued by auth-api), same machine:

* the parts of the local check, in this process: the Ed25519 signature and claims
  (shared.auth.Verificador) and the Redis lookup for revocation;
* the middleware alone, in this process: two identical views of an app built by criar_app, one
  public and one protected, through Flask's test client — the difference is the middleware;
* over HTTP against the real auth-api under gunicorn (one sync worker): its public /health, its
  protected GET /api/permissoes (authenticated locally, answers from the token, no database), and
* the plan's first design: the round trip a service would make to auth-api for every request,
  GET /api/check-auth (which also looks the session and the user up in PostgreSQL).
"""
import contextlib

import requests
from flask import Blueprint

from bench.infra import ADMIN_PASSWORD, Infra
from bench.medir import cronometrar
from bench.tabela import numero
from shared.api import endpoint
from shared.app import criar_app
from shared.auth import Verificador, chave_revogacao
from shared.redis_client import conectar


def _esperar(resposta, status: int):
    if resposta.status_code != status:
        raise RuntimeError(f"esperava {status}, veio {resposta.status_code}: {resposta.text[:200]}")
    return resposta


def _app_de_medida(ambiente: dict):
    """Two identical views; only the middleware (authentication) differs."""
    bp = Blueprint("bench", __name__)

    @bp.get("/api/bench/publico")
    @endpoint(resumo="Sem autenticação", publico=True)
    def publico():
        return {"ok": True}

    @bp.get("/api/bench/protegido")
    @endpoint(resumo="Com autenticação")
    def protegido():
        return {"ok": True}

    return criar_app("bench", [bp], ambiente)


def medir(infra: Infra, n: int) -> tuple[list, list[str]]:
    banco = infra.banco_migrado("erp_bench")
    ambiente = infra.ambiente(banco, WEB_CONCURRENCY="1")
    auth = infra.iniciar_servicos(["auth-api"], ambiente)["auth-api"]

    http = requests.Session()
    http.trust_env = False
    login = _esperar(http.post(auth + "/api/login", json={"username": "admin", "password": ADMIN_PASSWORD},
                               timeout=10), 200)
    token = login.json()["token"]
    cabecalho = {"Authorization": f"Bearer {token}"}

    medidas = []
    # ---- the parts of the local check, in this process
    verificador = Verificador({infra.chaves.kid: infra.chaves.public_pem}, "erp-web-auth", "erp-web", 10)
    claims = verificador.verificar(token)
    medidas.append(cronometrar("Verificador.verificar (Ed25519 + claims)", lambda: verificador.verificar(token), n))
    cliente_redis = conectar(infra.redis_url)
    chave = chave_revogacao(claims["sid"])
    medidas.append(cronometrar("Redis EXISTS (sessão revogada?)", lambda: cliente_redis.exists(chave), n))

    # ---- the middleware alone, in this process (its JSON log lines go to a file, as in a service)
    app = _app_de_medida(ambiente)
    cliente = app.test_client()
    with open(infra.pasta / "in-process.log", "w") as descarte, contextlib.redirect_stdout(descarte):
        _esperar(cliente.get("/api/bench/protegido", headers=cabecalho), 200)
        _esperar(cliente.get("/api/bench/protegido"), 401)
        publico = cronometrar("in-process: view pública", lambda: cliente.get("/api/bench/publico"), n)
        protegido = cronometrar("in-process: mesma view, protegida (middleware local)",
                                lambda: cliente.get("/api/bench/protegido", headers=cabecalho), n)
    medidas += [publico, protegido]
    app.extensions["erp"].db.fechar()

    # ---- over HTTP, the real auth-api under gunicorn
    _esperar(http.get(auth + "/api/permissoes", headers=cabecalho, timeout=10), 200)
    _esperar(http.get(auth + "/api/check-auth", headers=cabecalho, timeout=10), 200)
    medidas.append(cronometrar("HTTP auth-api: GET /health (pública)", lambda: http.get(auth + "/health", timeout=10), n))
    local = cronometrar("(a) HTTP auth-api: GET /api/permissoes, token verificado localmente",
                        lambda: http.get(auth + "/api/permissoes", headers=cabecalho, timeout=10), n)
    ida = cronometrar("(b) HTTP auth-api: GET /api/check-auth (o plano: 1 ida por request)",
                      lambda: http.get(auth + "/api/check-auth", headers=cabecalho, timeout=10), n)
    medidas += [local, ida]
    http.close()
    cliente_redis.close()

    custo = protegido.p50_us - publico.p50_us
    plano = local.p50_us + ida.p50_us
    notas = [
        f"Middleware local, no processo: ≈ {numero(custo)} µs por request (p50 protegida − p50 pública).",
        "(a) é um request autenticado inteiro; no desenho do plano cada request de cada serviço pagaria",
        f"    ainda (b) por cima: p50 ≈ {numero(plano)} µs em vez de {numero(local.p50_us)} µs"
        f" ({plano / local.p50_us:.1f}x), com o auth-api como ponto único de falha.",
        "gunicorn com 1 worker sync, sem keep-alive (uma conexão TCP por request); o mesmo token em todas as linhas.",
    ]
    return medidas, notas
