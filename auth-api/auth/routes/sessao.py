"""Login, logout, renewal and the current user: the session and the tokens it issues."""
import logging
from typing import Annotated, NoReturn

from flask import Blueprint, Response, g, jsonify, request
from pydantic import BaseModel, Field

from shared.api import Erro, Id, Modelo, Texto, endpoint, json_do_corpo
from shared.app import plataforma, tenant_transaction
from shared.auditoria import auditar
from shared.auth import COOKIE_CSRF, COOKIE_SESSAO, Usuario
from shared.errors import ErroAPI, NaoAutenticado, SemPermissao
from shared.ratelimit import ip_do_cliente, limiter

from auth import senhas, sessoes, usuarios
from auth.acessos import Acessos, do_usuario
from auth.tenancia import agir_como_empresa
from auth.tipos import Senha
from auth.tokens import emissor

log = logging.getLogger(__name__)
bp = Blueprint("sessao", __name__)

CREDENCIAIS_INVALIDAS = "Usuário ou senha inválidos"
# Failed attempts only (see _falhou): per client IP and per username, counted in Redis.
LIMITE_FALHAS = "5 per minute"


class Login(Modelo):
    username: Annotated[Texto, Field(min_length=1, max_length=100)]
    password: Annotated[Senha, Field(min_length=1, max_length=1024)]
    empresa_id: Id | None = Field(None, description="Empresa em que entrar; padrão: a primeira do usuário")


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


def _chave_ip() -> str:
    return f"login-ip:{ip_do_cliente()}"


def _chave_username() -> str:
    try:
        dados = json_do_corpo()
    except ErroAPI:  # a malformed body is a 400, never counted: any constant key will do
        dados = None
    username = dados.get("username") if isinstance(dados, dict) else None
    return "login-usuario:" + (username.strip().lower()[:100] if isinstance(username, str) else "?")


# ---------------------------------------------------------------- routes


@bp.post("/api/login")
@limiter.limit(LIMITE_FALHAS, key_func=_chave_ip, deduct_when=_falhou)
@limiter.limit(LIMITE_FALHAS, key_func=_chave_username, deduct_when=_falhou)
@endpoint(
    resumo="Entra: abre a sessão e devolve o token (também nos cookies erp_sessao e erp_csrf)",
    body=Login,
    responses={200: SessaoEmitida, 403: Erro},
    publico=True,
)
def login(body: Login):
    db = plataforma().db
    with db.transacao(None) as cur:
        usuario = usuarios.por_username(cur, body.username)
    # Same answer, and about the same time, whether the username exists or not.
    if usuario is None:
        senhas.simular_conferencia(body.password)
        _recusar(body.username, "usuario_desconhecido")
    if not senhas.confere(usuario["senha_hash"], body.password):
        _recusar(body.username, "senha_errada")
    if not usuario["ativo"]:
        _recusar(body.username, "usuario_inativo")

    with db.transacao(None, usuario["id"]) as cur:
        acessos = do_usuario(cur, usuario)
    if not acessos.empresas and not usuario["plataforma_admin"]:
        raise SemPermissao("Seu usuário não tem acesso a nenhuma empresa ativa")
    empresa_id = acessos.escolher(body.empresa_id)

    ttl = plataforma().config.session_ttl
    with tenant_transaction(empresa_id) as cur:
        sessao = sessoes.criar(cur, usuario["id"], empresa_id, ttl, ip_do_cliente(), request.user_agent.string)
        g.usuario = _usuario_da_sessao(usuario, sessao, empresa_id, acessos)
        if empresa_id is not None:
            auditar(cur, "login", "sessao", sessao["id"], depois={"ip": ip_do_cliente()})
    if empresa_id is None:
        _registrar_sem_empresa("login")
    return _responder(usuario, g.usuario, acessos)


@bp.post("/api/logout")
@endpoint(resumo="Sai: revoga a sessão; o token passa a receber 401 em todos os serviços", responses={204: None})
def logout():
    eu = g.usuario
    with tenant_transaction() as cur:
        sessoes.revogar(cur, eu.sessao_id)
        if eu.empresa_id is not None:
            auditar(cur, "logout", "sessao", eu.sessao_id)
    sessoes.avisar_revogadas([eu.sessao_id])
    if eu.empresa_id is None:
        _registrar_sem_empresa("logout")
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
    responses={200: SessaoEmitida, 403: Erro},
)
def renovar(body: Renovacao):
    eu = g.usuario
    with tenant_transaction() as cur:
        sessao = sessoes.aberta(cur, eu.sessao_id, eu.id, bloquear=True)
        usuario = usuarios.ativo_por_id(cur, eu.id)
        if sessao is None or usuario is None:
            raise NaoAutenticado("Sessão encerrada; entre novamente")
        acessos = do_usuario(cur, usuario)
        anterior = sessao["empresa_id"]
        if body.empresa_id is None and anterior is not None and not acessos.tem(anterior):
            raise NaoAutenticado("Você não tem mais acesso a esta empresa; entre novamente")
        # Permissions are read again here: a change made by an admin applies from this renewal.
        empresa_id = acessos.escolher(body.empresa_id if body.empresa_id is not None else anterior)
        sessoes.prolongar(cur, sessao["id"], empresa_id, plataforma().config.session_ttl)
        g.usuario = _usuario_da_sessao(usuario, sessao, empresa_id, acessos)
        if empresa_id != anterior and empresa_id is not None:
            agir_como_empresa(cur, empresa_id)
            auditar(cur, "trocar_empresa", "sessao", sessao["id"],
                    antes={"empresa_id": anterior}, depois={"empresa_id": empresa_id})
    return _responder(usuario, g.usuario, acessos)


@bp.get("/api/check-auth")
@endpoint(resumo="O usuário da sessão, se ela continua aberta", responses={200: Autenticado})
def check_auth():
    eu = g.usuario
    with tenant_transaction() as cur:
        sessao = sessoes.aberta(cur, eu.sessao_id, eu.id)
        usuario = usuarios.ativo_por_id(cur, eu.id)
        if sessao is None or usuario is None:
            raise NaoAutenticado("Sessão encerrada; entre novamente")
        acessos = do_usuario(cur, usuario)
    return Autenticado(usuario=_perfil(usuario, eu, acessos))


@bp.get("/api/permissoes")
@endpoint(resumo="As permissões do token atual, na empresa atual", responses={200: Permissoes})
def permissoes():
    return Permissoes(permissoes=sorted(g.usuario.permissoes))


# ---------------------------------------------------------------- helpers


def _recusar(username: str, motivo: str) -> NoReturn:
    log.warning("login recusado", extra={"username": username, "ip": ip_do_cliente(), "motivo": motivo})
    raise NaoAutenticado(CREDENCIAIS_INVALIDAS)


def _registrar_sem_empresa(acao: str) -> None:
    # No empresa, so no audit trail to write to (plataforma.auditoria is per empresa): the log is it.
    log.warning("%s sem empresa", acao, extra={"acao": acao, "username": g.usuario.username, "ip": ip_do_cliente()})


def _usuario_da_sessao(usuario: dict, sessao: dict, empresa_id: int | None, acessos: Acessos) -> Usuario:
    """What the token will say: shared.auth's view of this user in this session and empresa."""
    return Usuario(
        id=usuario["id"],
        username=usuario["username"],
        empresa_id=empresa_id,
        permissoes=frozenset(acessos.permissoes_em(empresa_id)),
        sessao_id=sessao["id"],
        plataforma_admin=usuario["plataforma_admin"],
        csrf=sessao["csrf"],
    )


def _perfil(usuario: dict, eu: Usuario, acessos: Acessos) -> Perfil:
    return Perfil(
        id=eu.id,
        username=eu.username,
        nome=usuario["nome"],
        empresa_id=eu.empresa_id,
        empresas=[EmpresaResumo(**empresa) for empresa in acessos.empresas],
        permissoes=sorted(eu.permissoes),
        plataforma_admin=eu.plataforma_admin,
    )


def _responder(usuario: dict, eu: Usuario, acessos: Acessos) -> Response:
    """The new token in the body and in the browser's cookies (HttpOnly, SameSite=Strict).

    The CSRF cookie is readable by the page's script, which echoes it in X-CSRF-Token.
    """
    cfg = plataforma().config
    token = emissor().emitir(eu)
    corpo = SessaoEmitida(token=token, expires_in=cfg.access_token_ttl, usuario=_perfil(usuario, eu, acessos))
    resposta = jsonify(corpo.model_dump(mode="json"))
    comum = {"max_age": cfg.session_ttl, "path": "/", "secure": cfg.cookie_secure, "samesite": "Strict"}
    resposta.set_cookie(COOKIE_SESSAO, token, httponly=True, **comum)
    resposta.set_cookie(COOKIE_CSRF, eu.csrf, httponly=False, **comum)
    return resposta
