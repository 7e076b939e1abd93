"""Sessions: a row in auth.sessoes per login (12-hour sliding life) behind short access tokens.

Revoking has two paths. Postgres is the truth, read on every renewal and check-auth. Redis is the
fast path every service checks per request (shared.auth.chave_revogacao), so a revoked token gets
401 everywhere at once; its key only has to outlive the access tokens already issued.

What has no empresa has no audit trail (plataforma.auditoria is per empresa): a login or logout
without one, and a refused login, go to the log instead, with the username and the client's ip.
"""
import logging
import secrets
from dataclasses import dataclass
from typing import NoReturn

import redis

from shared.app import plataforma
from shared.auth import Usuario, chave_revogacao
from shared.db import Database
from shared import catalogo_eventos as eventos
from shared.errors import Conflito, NaoAutenticado, SemPermissao, Validacao
from shared.transacao import Transacao

from auth import senhas, usuarios
from auth.acessos import Acessos, do_usuario
from auth.regras_de_senha import SenhaNova
from auth.tenancia import agir_como_empresa

log = logging.getLogger(__name__)

CREDENCIAIS_INVALIDAS = "Usuário ou senha inválidos"
SENHA_ATUAL_INCORRETA = "Senha atual incorreta"
# Old rows are of no use once expired for a while; each login tidies its own user's.
RETENCAO = "30 days"


@dataclass(frozen=True)
class SessaoAberta:
    """An open session as the routes answer it: the user's row, what the token says, where they may go."""

    usuario: dict
    eu: Usuario
    acessos: Acessos


# ---------------------------------------------------------------- login, renewal, logout


def autenticar(db: Database, username: str, senha: str, ip: str) -> dict:
    """The active user these credentials open, or the one 401 for any reason.

    Reads in its own short transaction: the password check (argon2, slow on purpose) holds no
    connection. Same answer, and about the same time, whether the username exists or not.
    """
    with db.transacao(None) as cur:
        usuario = usuarios.por_username(cur, username)
    if usuario is None:
        senhas.simular_conferencia(senha)
        _recusar(username, ip, "usuario_desconhecido")
    if not senhas.confere(usuario["senha_hash"], senha):
        _recusar(username, ip, "senha_errada")
    if not usuario["ativo"]:
        _recusar(username, ip, "usuario_inativo")
    return usuario


def entrar(tx: Transacao, usuario: dict, empresa_pedida: int | None, ip: str, user_agent: str | None) -> SessaoAberta:
    """Opens a session for the authenticated `usuario` in the empresa asked for (else their first).

    `tx` acts as that user (its Contexto is theirs) and sees their memberships.
    """
    acessos = do_usuario(tx.cur, usuario)
    if not acessos.empresas and not usuario["plataforma_admin"]:
        raise SemPermissao("Seu usuário não tem acesso a nenhuma empresa ativa")
    empresa_id = acessos.escolher(empresa_pedida)
    if empresa_id is not None:
        agir_como_empresa(tx, empresa_id)
    sessao = criar(tx.cur, usuario["id"], empresa_id, plataforma().config.session_ttl, ip, user_agent)
    if empresa_id is not None:
        tx.auditar("login", "sessao", sessao["id"], depois={"ip": ip})
    else:
        _sem_empresa(tx, "login", ip)
    return SessaoAberta(usuario, _usuario_da_sessao(usuario, sessao, empresa_id, acessos), acessos)


def renovar(tx: Transacao, eu: Usuario, empresa_pedida: int | None) -> SessaoAberta:
    """Extends `eu`'s session with what the user may do now; `empresa_pedida` switches empresa.

    Permissions are read again here: a change made by an admin applies from this renewal.
    """
    sessao, usuario = _sessao_e_usuario(tx.cur, eu)
    acessos = do_usuario(tx.cur, usuario)
    anterior = sessao["empresa_id"]
    if empresa_pedida is None and anterior is not None and not acessos.tem(anterior):
        raise NaoAutenticado("Você não tem mais acesso a esta empresa; entre novamente")
    empresa_id = acessos.escolher(empresa_pedida if empresa_pedida is not None else anterior)
    prolongar(tx.cur, sessao["id"], empresa_id, plataforma().config.session_ttl)
    if empresa_id != anterior and empresa_id is not None:
        agir_como_empresa(tx, empresa_id)
        tx.auditar("trocar_empresa", "sessao", sessao["id"],
                   antes={"empresa_id": anterior}, depois={"empresa_id": empresa_id})
    return SessaoAberta(usuario, _usuario_da_sessao(usuario, sessao, empresa_id, acessos), acessos)


def conferir_senha_atual(db: Database, eu: Usuario, senha: str) -> str:
    """The hash `senha` opens, when it is `eu`'s current password; else a 400 naming senha_atual
    (which the route counts as a failed login: guessing here is guessing there).

    Reads in its own short transaction, as a login does: argon2 holds no connection.
    """
    with db.transacao(None) as cur:
        usuario = usuarios.ativo_por_id(cur, eu.id)
    if usuario is None:
        raise NaoAutenticado("Sessão encerrada; entre novamente")
    if not senhas.confere(usuario["senha_hash"], senha):
        log.warning("troca de senha recusada", extra={"username": eu.username, "motivo": "senha_atual_errada"})
        raise Validacao("Verifique os campos destacados", {"senha_atual": SENHA_ATUAL_INCORRETA})
    return usuario["senha_hash"]


def trocar_minha_senha(tx: Transacao, eu: Usuario, hash_conferido: str, nova: SenhaNova, ip: str) -> SessaoAberta:
    """`eu` changes their own password (the current one was checked: `hash_conferido`). Their other
    sessions end; this one goes on, with a token that no longer asks for the change."""
    sessao, usuario = _sessao_e_usuario(tx.cur, eu, bloquear_usuario=True)
    if usuario["senha_hash"] != hash_conferido:
        # Changed by someone else (a reset, another tab) since the check: that one stands.
        raise Conflito("Sua senha foi alterada enquanto isso; confira a senha atual e tente de novo",
                       {"senha_atual": "A senha mudou desde a conferência"})
    nova.exigir_diferente_de(usuario["username"], usuario["nome"])
    usuarios.gravar_senha(tx.cur, eu.id, nova.hash, trocar=False)
    encerradas = revogar_do_usuario(tx, eu.id, exceto=eu.sessao_id)
    depois = {"senha_alterada": True, "trocar_senha": False, "outras_sessoes_encerradas": encerradas}
    if tx.contexto.empresa_id is not None:
        tx.auditar("trocar_senha", "usuario", eu.id, antes={"trocar_senha": usuario["trocar_senha"]}, depois=depois)
        tx.publicar(eventos.USUARIO_ALTERADO, usuario_id=eu.id, acao="alterado")
    else:
        _sem_empresa(tx, "trocar_senha", ip)
    usuario = {**usuario, "trocar_senha": False}
    acessos = do_usuario(tx.cur, usuario)
    return SessaoAberta(usuario, _usuario_da_sessao(usuario, sessao, sessao["empresa_id"], acessos), acessos)


def _sessao_e_usuario(cur, eu: Usuario, bloquear_usuario: bool = False) -> tuple[dict, dict]:
    """`eu`'s session (locked) and user row (locked too with `bloquear_usuario`, first: in the
    order an administrator's change takes them, user then sessions), or 401 when either ended."""
    usuario = usuarios.ativo_por_id(cur, eu.id, bloquear=True) if bloquear_usuario else None
    sessao = aberta(cur, eu.sessao_id, eu.id, bloquear=True)
    if not bloquear_usuario:
        usuario = usuarios.ativo_por_id(cur, eu.id)
    if sessao is None or usuario is None:
        raise NaoAutenticado("Sessão encerrada; entre novamente")
    return sessao, usuario


def conferir(cur, eu: Usuario) -> SessaoAberta:
    """`eu`'s session if it is still open and the user still active (else 401)."""
    sessao = aberta(cur, eu.sessao_id, eu.id)
    usuario = usuarios.ativo_por_id(cur, eu.id)
    if sessao is None or usuario is None:
        raise NaoAutenticado("Sessão encerrada; entre novamente")
    return SessaoAberta(usuario, eu, do_usuario(cur, usuario))


def encerrar(tx: Transacao, sessao_id: str, ip: str) -> None:
    """Logout: the session is revoked, here and (after the commit) in every service."""
    revogar(tx.cur, sessao_id)
    tx.apos_commit.append(lambda: avisar_revogadas([sessao_id]))
    if tx.contexto.empresa_id is not None:
        tx.auditar("logout", "sessao", sessao_id)
    else:
        _sem_empresa(tx, "logout", ip)


def _recusar(username: str, ip: str, motivo: str) -> NoReturn:
    log.warning("login recusado", extra={"username": username, "ip": ip, "motivo": motivo})
    raise NaoAutenticado(CREDENCIAIS_INVALIDAS)


def _sem_empresa(tx: Transacao, acao: str, ip: str) -> None:
    # No empresa, so no audit trail to write to: the log is it, once the transaction committed.
    username = tx.contexto.username
    tx.apos_commit.append(
        lambda: log.warning("%s sem empresa", acao, extra={"acao": acao, "username": username, "ip": ip}))


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
        trocar_senha=usuario["trocar_senha"],
    )


# ---------------------------------------------------------------- the session rows


def _limpo(texto: str | None, tamanho: int) -> str | None:
    # Headers are the client's to fill: PostgreSQL refuses NUL bytes in text.
    return None if texto is None else texto.replace("\x00", "")[:tamanho]


def criar(cur, usuario_id: int, empresa_id: int | None, ttl: int, ip: str | None, user_agent: str | None) -> dict:
    cur.execute(
        "DELETE FROM auth.sessoes WHERE usuario_id = %s AND expira_em < now() - %s::interval",
        (usuario_id, RETENCAO),
    )
    cur.execute(
        """INSERT INTO auth.sessoes (usuario_id, empresa_id, csrf, expira_em, ip, user_agent)
           VALUES (%s, %s, %s, now() + make_interval(secs => %s), %s, %s)
           RETURNING id::text, csrf, expira_em""",
        (usuario_id, empresa_id, secrets.token_urlsafe(32), ttl, _limpo(ip, 64), _limpo(user_agent, 400)),
    )
    return cur.fetchone()


def aberta(cur, sessao_id: str, usuario_id: int, bloquear: bool = False) -> dict | None:
    """The session if it is neither revoked nor expired.

    `bloquear` makes a renewal wait for a concurrent logout and then see the session revoked.
    """
    cur.execute(
        f"""SELECT id::text, empresa_id, csrf, expira_em FROM auth.sessoes
            WHERE id = %s::uuid AND usuario_id = %s AND revogada_em IS NULL AND expira_em > now()
            {"FOR UPDATE" if bloquear else ""}""",
        (sessao_id, usuario_id),
    )
    return cur.fetchone()


def prolongar(cur, sessao_id: str, empresa_id: int | None, ttl: int) -> None:
    """The sliding part: every renewal pushes the end `ttl` seconds from now."""
    cur.execute(
        """UPDATE auth.sessoes
           SET empresa_id = %s, ultimo_uso = now(), expira_em = now() + make_interval(secs => %s)
           WHERE id = %s::uuid""",
        (empresa_id, ttl, sessao_id),
    )


def revogar(cur, sessao_id: str) -> None:
    cur.execute(
        "UPDATE auth.sessoes SET revogada_em = now() WHERE id = %s::uuid AND revogada_em IS NULL",
        (sessao_id,),
    )


def revogar_do_usuario(tx: Transacao, usuario_id: int, exceto: str | None = None) -> int:
    """Revokes every open session of a user (but `exceto`): in Postgres now, in every service after
    the commit. Returns how many."""
    tx.cur.execute(
        """UPDATE auth.sessoes SET revogada_em = now()
           WHERE usuario_id = %s AND revogada_em IS NULL AND expira_em > now()
             AND (%s::uuid IS NULL OR id <> %s::uuid)
           RETURNING id::text""",
        (usuario_id, exceto, exceto),
    )
    revogadas = [linha["id"] for linha in tx.cur.fetchall()]
    tx.apos_commit.append(lambda: avisar_revogadas(revogadas))
    return len(revogadas)


def avisar_revogadas(sessoes: list[str]) -> None:
    """Tells every service, through Redis, that these sessions' tokens are dead. Call after commit."""
    if not sessoes:
        return
    p = plataforma()
    # Covers the longest remaining life of a token already issued, leeway included.
    validade = p.config.access_token_ttl + p.config.jwt_leeway + 5
    try:
        pipe = p.redis.pipeline(transaction=False)
        for sessao_id in sessoes:
            pipe.set(chave_revogacao(sessao_id), "1", ex=validade)
        pipe.execute()
    except redis.RedisError:
        log.warning(
            "redis indisponível: revogação só no banco; os tokens expiram em até %s s", validade,
            extra={"sessoes": sessoes},
        )
