"""Login, logout, renewal, the current user and their own password: the session and the tokens
it issues."""
import math
import time
from dataclasses import replace
from typing import Annotated

from flask import Blueprint, Response, g, jsonify, request
from flask_limiter import RateLimitExceeded
from pydantic import BaseModel, Field

from shared.api import Erro, Id, Modelo, Texto, endpoint, json_do_corpo
from shared.app import contexto, escrita, plataforma, tenant_transaction
from shared.auth import COOKIE_CSRF, COOKIE_SESSAO
from shared.errors import ErroAPI, LimiteExcedido, resposta
from shared.ratelimit import ip_do_cliente, limiter

from auth import regras_de_senha, sessoes
from auth.sessoes import SessaoAberta
from auth.tipos import NovaSenha, Senha
from auth.tokens import emissor

bp = Blueprint("sessao", __name__)

# Failed attempts only (see _falhou): per client IP and per username, counted in Redis. A wrong
# current password in the own password change is one more failed attempt of the same counters:
# guessing a password there is guessing it at the login.
LIMITE_FALHAS = "5 per minute"
ESCOPO_IP, ESCOPO_USUARIO = "falhas-de-senha-ip", "falhas-de-senha-usuario"


class Login(Modelo):
    username: Annotated[Texto, Field(min_length=1, max_length=100)]
    password: Annotated[Senha, Field(min_length=1, max_length=1024)]
    empresa_id: Id | None = Field(None, description="Empresa em que entrar; padrão: a primeira do usuário")


class TrocaDeSenha(Modelo):
    senha_atual: Annotated[Senha, Field(min_length=1, max_length=1024, description="A senha que abriu a sessão")]
    nova_senha: NovaSenha


class Renovacao(Modelo):
    empresa_id: Id | None = Field(None, description="Troca a empresa da sessão; padrão: a atual")


class EmpresaResumo(BaseModel):
    id: int
    nome: str


class Perfil(BaseModel):
    id: int
    username: str
    nome: str
    empresa_id: int | None
    empresas: list[EmpresaResumo]
    permissoes: list[str]
    plataforma_admin: bool = Field(description="Administra a plataforma: todas as empresas e a criação delas")
    trocar_senha: bool = Field(description="A senha foi gerada ou dada por outra pessoa: até o usuário escolher "
                               "a sua (POST /api/usuarios/eu/trocar-senha), todas as outras rotas recusam a sessão")


class SessaoEmitida(BaseModel):
    token: str
    expires_in: int = Field(description="Segundos até o token expirar; renove antes disso")
    usuario: Perfil


class Autenticado(BaseModel):
    usuario: Perfil


class Permissoes(BaseModel):
    permissoes: list[str]


# ---------------------------------------------------------------- login limit


def _falhou(resposta) -> bool:
    return resposta.status_code == 401


def _senha_atual_errada(resposta) -> bool:
    if resposta.status_code != 400:
        return False
    campos = (resposta.get_json(silent=True) or {}).get("campos") or {}
    return campos.get("senha_atual") == sessoes.SENHA_ATUAL_INCORRETA


def _chave_ip() -> str:
    return f"login-ip:{ip_do_cliente()}"


def _chave_username() -> str:
    try:
        dados = json_do_corpo()
    except ErroAPI:  # a malformed body is a 400, never counted: any constant key will do
        dados = None
    username = dados.get("username") if isinstance(dados, dict) else None
    return "login-usuario:" + (username.strip().lower()[:100] if isinstance(username, str) else "?")


def _chave_da_sessao() -> str:
    # The same key a login of this username counts under (authentication ran before the limiter).
    usuario = g.get("usuario")
    return "login-usuario:" + (usuario.username if usuario is not None else "?")


@bp.errorhandler(RateLimitExceeded)
def _bloqueado(erro: RateLimitExceeded):
    """The attempt past the limit: the person is told what is blocked (their account, or the
    address they try from, which many accounts may share) and when to try again, in the message
    and in Retry-After (the end of the limit's window, as flask-limiter counts it)."""
    atual = limiter.current_limit
    segundos = max(1, math.ceil(atual.reset_at - time.time())) if atual is not None else 60
    bloqueado = ("Conta bloqueada temporariamente" if erro.limit.scope == ESCOPO_USUARIO
                 else "Acesso deste endereço bloqueado temporariamente")
    mensagem = (f"{bloqueado} após {erro.limit.limit.amount} tentativas com senha errada; "
                f"tente de novo em {segundos} segundos")
    return resposta(LimiteExcedido(mensagem, headers={"Retry-After": str(segundos)}))


# ---------------------------------------------------------------- routes


@bp.post("/api/login")
@limiter.shared_limit(LIMITE_FALHAS, ESCOPO_IP, key_func=_chave_ip, deduct_when=_falhou)
@limiter.shared_limit(LIMITE_FALHAS, ESCOPO_USUARIO, key_func=_chave_username, deduct_when=_falhou)
@endpoint(
    resumo="Entra: abre a sessão e devolve o token (também nos cookies erp_sessao e erp_csrf)",
    body=Login,
    responses={200: SessaoEmitida, 401: Erro, 403: Erro},
    publico=True,
)
def login(body: Login):
    ip = ip_do_cliente()
    usuario = sessoes.autenticar(plataforma().db, body.username, body.password, ip)
    # The request has no user yet: the login acts as the one it authenticates (its audit row is theirs).
    como = replace(contexto(), usuario_id=usuario["id"], username=usuario["username"])
    with escrita(como=como) as tx:
        aberta = sessoes.entrar(tx, usuario, body.empresa_id, ip, request.user_agent.string)
    return _responder(aberta)


@bp.post("/api/logout")
@endpoint(resumo="Sai: revoga a sessão; o token passa a receber 401 em todos os serviços", responses={204: None},
          senha_provisoria=True)
def logout():
    with escrita() as tx:
        sessoes.encerrar(tx, g.usuario.sessao_id, ip_do_cliente())
    resposta = Response(status=204)
    cfg = plataforma().config
    for nome in (COOKIE_SESSAO, COOKIE_CSRF):
        resposta.delete_cookie(nome, path="/", secure=cfg.cookie_secure, samesite="Strict",
                               httponly=nome == COOKIE_SESSAO)
    return resposta


@bp.post("/api/renovar-sessao")
@endpoint(
    resumo="Renova a sessão (prazo deslizante) com um token novo; com empresa_id, troca de empresa. "
    "Aceita o token de acesso já expirado: quem decide é a sessão, aberta e não revogada.",
    body=Renovacao,
    body_opcional=True,
    token_expirado=True,
    senha_provisoria=True,
    responses={200: SessaoEmitida, 403: Erro},
)
def renovar(body: Renovacao):
    with escrita() as tx:
        aberta = sessoes.renovar(tx, g.usuario, body.empresa_id)
    return _responder(aberta)


@bp.get("/api/check-auth")
@endpoint(resumo="O usuário da sessão, se ela continua aberta", responses={200: Autenticado}, senha_provisoria=True)
def check_auth():
    with tenant_transaction() as cur:
        aberta = sessoes.conferir(cur, g.usuario)
    return Autenticado(usuario=_perfil(aberta))


@bp.post("/api/usuarios/eu/trocar-senha")
@limiter.shared_limit(LIMITE_FALHAS, ESCOPO_IP, key_func=_chave_ip, deduct_when=_senha_atual_errada)
@limiter.shared_limit(LIMITE_FALHAS, ESCOPO_USUARIO, key_func=_chave_da_sessao, deduct_when=_senha_atual_errada)
@endpoint(
    resumo="Troca a própria senha, com a atual. As outras sessões do usuário terminam; esta segue, com um "
    "token novo (também nos cookies). Uma senha atual errada conta como uma falha de login.",
    body=TrocaDeSenha,
    senha_provisoria=True,
    responses={200: SessaoEmitida, 409: Erro, 429: Erro},
)
def trocar_senha(body: TrocaDeSenha):
    ip = ip_do_cliente()
    conferido = sessoes.conferir_senha_atual(plataforma().db, g.usuario, body.senha_atual)
    nova = regras_de_senha.preparar(body.nova_senha, "nova_senha", diferente_de=body.senha_atual)
    with escrita() as tx:
        aberta = sessoes.trocar_minha_senha(tx, g.usuario, conferido, nova, ip)
    return _responder(aberta)


@bp.get("/api/permissoes")
@endpoint(resumo="As permissões do token atual, na empresa atual", responses={200: Permissoes})
def permissoes():
    return Permissoes(permissoes=sorted(g.usuario.permissoes))


# ---------------------------------------------------------------- answers


def _perfil(aberta: SessaoAberta) -> Perfil:
    eu = aberta.eu
    return Perfil(
        id=eu.id,
        username=eu.username,
        nome=aberta.usuario["nome"],
        empresa_id=eu.empresa_id,
        empresas=[EmpresaResumo(**empresa) for empresa in aberta.acessos.empresas],
        permissoes=sorted(eu.permissoes),
        plataforma_admin=eu.plataforma_admin,
        trocar_senha=eu.trocar_senha,
    )


def _responder(aberta: SessaoAberta) -> Response:
    """The new token in the body and in the browser's cookies (HttpOnly, SameSite=Strict).

    The CSRF cookie is readable by the page's script, which echoes it in X-CSRF-Token.
    """
    cfg = plataforma().config
    token = emissor().emitir(aberta.eu)
    corpo = SessaoEmitida(token=token, expires_in=cfg.access_token_ttl, usuario=_perfil(aberta))
    resposta = jsonify(corpo.model_dump(mode="json"))
    comum = {"max_age": cfg.session_ttl, "path": "/", "secure": cfg.cookie_secure, "samesite": "Strict"}
    resposta.set_cookie(COOKIE_SESSAO, token, httponly=True, **comum)
    resposta.set_cookie(COOKIE_CSRF, aberta.eu.csrf, httponly=False, **comum)
    return resposta
