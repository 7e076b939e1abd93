"""Administration of the current empresa's users (permission `admin`).

An empresa admin sees and changes only members of the current empresa (anyone else is a 404),
grants only permissions they hold, and never touches a platform admin. A platform admin may also
create users in other empresas and change any user, its own password included. Whatever takes
access away from a user (password, permissions, deactivation, removal) also ends that user's open
sessions.
"""
import logging
import re
from datetime import datetime
from typing import Annotated

from flask import Blueprint, Response, g
from pydantic import AfterValidator, BaseModel, BeforeValidator, Field

from shared.api import MAX_ID, Erro, Id, Lista, Modelo, Pagina, Texto, cursor, cursor_invalido, endpoint
from shared.app import publicar, tenant_transaction
from shared.auditoria import auditar
from shared.errors import Conflito, NaoEncontrado, SemPermissao, Validacao
from shared.ratelimit import ip_do_cliente

from auth import empresas, permissoes, senhas, sessoes, usuarios
from auth.tenancia import agir_como_empresa, total_de_empresas
from auth.tipos import Senha

log = logging.getLogger(__name__)
bp = Blueprint("usuarios", __name__)

EVENTO = "auth.usuario.alterado"
_USERNAME = re.compile(r"[a-z0-9._-]{3,50}")


def _username(valor: str) -> str:
    if not _USERNAME.fullmatch(valor):
        raise ValueError("Use de 3 a 50 caracteres: letras minúsculas, números, ponto, hífen ou sublinhado")
    return valor


def _minusculo(valor):
    return valor.lower() if isinstance(valor, str) else valor


Username = Annotated[Texto, BeforeValidator(_minusculo), AfterValidator(_username)]
Nome = Annotated[Texto, Field(min_length=1, max_length=200)]
NovaSenha = Annotated[Senha, Field(min_length=8, max_length=1024, description="Pelo menos 8 caracteres")]
ListaDePermissoes = Annotated[list[Texto], Field(max_length=50), AfterValidator(permissoes.normalizar)]


class NovoUsuario(Modelo):
    username: Username
    nome: Nome
    password: NovaSenha
    empresas: list[Id] = Field(min_length=1, max_length=100, description="Empresas em que o usuário entra")
    permissoes: ListaDePermissoes = Field(default_factory=list, description="As mesmas em cada empresa")


class AlteracaoUsuario(Modelo):
    nome: Nome | None = None
    password: NovaSenha | None = None
    permissoes: ListaDePermissoes | None = Field(None, description="Na empresa atual; substitui as anteriores")
    ativo: bool | None = None


class FiltroUsuarios(Pagina):
    q: Texto | None = Field(None, max_length=100, description="Parte do username ou do nome")


class UsuarioItem(BaseModel):
    id: int
    username: str
    nome: str
    ativo: bool
    plataforma_admin: bool
    permissoes: list[str] = Field(description="Na empresa atual")
    criado_em: datetime
    atualizado_em: datetime


@bp.get("/api/usuarios")
@endpoint(resumo="Usuários da empresa atual", query=FiltroUsuarios, responses={200: Lista[UsuarioItem]},
          permissao="admin")
def listar(query: FiltroUsuarios):
    posicao = query.posicao()
    apos = None if posicao is None else posicao.get("username")
    if posicao is not None and not isinstance(apos, str):
        raise cursor_invalido()
    with tenant_transaction() as cur:
        linhas = usuarios.listar(cur, query.q, apos, query.limit + 1)
    proximo = cursor({"username": linhas[query.limit - 1]["username"]}) if len(linhas) > query.limit else None
    return Lista[UsuarioItem](items=linhas[: query.limit], next_cursor=proximo)


@bp.post("/api/usuarios")
@endpoint(resumo="Cria um usuário nas empresas indicadas", body=NovoUsuario,
          responses={201: UsuarioItem, 403: Erro, 409: Erro}, permissao="admin")
def criar(body: NovoUsuario):
    eu = g.usuario
    destinos = sorted(set(body.empresas))
    if not eu.plataforma_admin and destinos != [eu.empresa_id]:
        raise SemPermissao("Você só pode incluir usuários na empresa em que está")
    _exigir_concedivel(body.permissoes)
    senha_hash = senhas.gerar_hash(body.password)
    with tenant_transaction() as cur:
        faltam = sorted(set(destinos) - empresas.existentes(cur, destinos))
        if faltam:
            raise Validacao("Verifique os campos destacados",
                            {"empresas": f"Empresa inexistente: {', '.join(map(str, faltam))}"})
        novo = usuarios.criar(cur, body.username, body.nome, senha_hash)
        if novo is None:
            raise Conflito("Já existe um usuário com este username",
                           {"username": f"O username {body.username} já está em uso"})
        for empresa_id in destinos:
            agir_como_empresa(cur, empresa_id)
            usuarios.incluir_membro(cur, empresa_id, novo, body.permissoes)
            publicar(EVENTO, empresa_id, {"usuario_id": novo["id"], "acao": "criado"})
    return UsuarioItem(**novo, permissoes=body.permissoes), 201


@bp.put("/api/usuarios/<int:usuario_id>")
@endpoint(resumo="Altera nome, senha, permissões (na empresa atual) ou situação de um usuário",
          body=AlteracaoUsuario, responses={200: UsuarioItem, 403: Erro, 409: Erro}, permissao="admin")
def alterar(usuario_id: int, body: AlteracaoUsuario):
    eu = g.usuario
    senha_hash = None if body.password is None else senhas.gerar_hash(body.password)
    with tenant_transaction() as cur:
        antes = _alvo(cur, usuario_id, fora_da_empresa=eu.plataforma_admin)
        membro = antes["permissoes"] is not None
        if body.ativo is False and usuario_id == eu.id:
            raise Conflito("Você não pode desativar o próprio usuário", {"ativo": "Não é possível desativar a si mesmo"})
        if body.permissoes is not None:
            if not membro:
                raise Validacao("Verifique os campos destacados",
                                {"permissoes": "O usuário não pertence à empresa atual"})
            _exigir_concedivel(sorted(set(body.permissoes) - set(antes["permissoes"])))
        usuarios.alterar(cur, antes, body.nome, body.ativo, body.permissoes)
        if senha_hash is not None:
            usuarios.trocar_senha(cur, usuario_id, senha_hash)
        depois = usuarios.membro(cur, usuario_id) if membro else usuarios.por_id(cur, usuario_id)
        perdeu_acesso = (
            senha_hash is not None
            or depois["permissoes"] != antes["permissoes"]
            or (antes["ativo"] and not depois["ativo"])
        )
        revogadas = sessoes.revogar_do_usuario(cur, usuario_id) if perdeu_acesso else []
        mudou = senha_hash is not None or usuarios.foto(antes) != usuarios.foto(depois)
        registro = {"antes": usuarios.foto(antes),
                    "depois": {**usuarios.foto(depois), **({"senha_alterada": True} if senha_hash else {})}}
        if mudou and membro:
            auditar(cur, "alterar", "usuario", usuario_id, **registro)
            publicar(EVENTO, eu.empresa_id, {"usuario_id": usuario_id, "acao": "alterado"})
    if mudou and not membro:
        # Not a member here, so no empresa's trail is the right one: the log records it.
        log.warning("usuário alterado pela administração da plataforma fora de uma empresa",
                    extra={"username": eu.username, "ip": ip_do_cliente(), "usuario_id": usuario_id, **registro})
    sessoes.avisar_revogadas(revogadas)
    return UsuarioItem(**{**depois, "permissoes": depois["permissoes"] or []})


@bp.delete("/api/usuarios/<int:usuario_id>")
@endpoint(resumo="Remove o usuário da empresa atual (e o desativa se não restar nenhuma)",
          responses={204: None, 403: Erro, 409: Erro}, permissao="admin")
def remover(usuario_id: int):
    eu = g.usuario
    with tenant_transaction() as cur:
        antes = _alvo(cur, usuario_id)
        if usuario_id == eu.id:
            raise Conflito("Você não pode remover o próprio usuário")
        usuarios.remover_membro(cur, usuario_id)
        desativado = not antes["plataforma_admin"] and total_de_empresas(cur, usuario_id, eu.id) == 0
        if desativado:
            usuarios.desativar(cur, usuario_id)
        revogadas = sessoes.revogar_do_usuario(cur, usuario_id)
        auditar(cur, "remover", "usuario", usuario_id, antes=usuarios.foto(antes),
                depois={"ativo": False} if desativado else None)
        publicar(EVENTO, eu.empresa_id, {"usuario_id": usuario_id, "acao": "removido"})
    sessoes.avisar_revogadas(revogadas)
    return Response(status=204)


def _alvo(cur, usuario_id: int, fora_da_empresa: bool = False) -> dict:
    """The member of the current empresa to change: 404 for anyone else, 403 for a platform admin.

    `fora_da_empresa` (platform admins) also finds a user who is no member here, with
    `permissoes` None: how the platform admin changes its own password, for one.
    """
    if usuario_id > MAX_ID:
        raise NaoEncontrado("Usuário não encontrado")
    alvo = usuarios.membro(cur, usuario_id, bloquear=True)
    if alvo is None and fora_da_empresa:
        alvo = usuarios.por_id(cur, usuario_id, bloquear=True)
    if alvo is None:
        raise NaoEncontrado("Usuário não encontrado")
    if alvo["plataforma_admin"] and not g.usuario.plataforma_admin:
        raise SemPermissao("Somente a administração da plataforma altera um administrador da plataforma")
    return alvo


def _exigir_concedivel(pedidas: list[str]) -> None:
    faltam = [p for p in pedidas if not g.usuario.pode(p)]
    if faltam:
        raise SemPermissao(f"Você não pode conceder permissões que não tem: {', '.join(faltam)}")
