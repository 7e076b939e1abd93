"""Administration of the current empresa's users (permission `admin`).

The rules (who may create, change or remove whom, which permissions one may grant) live in
auth.usuarios; these routes parse, call it and answer.
"""
import re
from datetime import datetime
from typing import Annotated

from flask import Blueprint, Response, g
from pydantic import AfterValidator, BaseModel, BeforeValidator, Field

from shared.api import Erro, Id, Lista, Modelo, Pagina, Texto, endpoint, pagina
from shared.app import escrita, tenant_transaction
from shared.errors import Validacao
from shared.ratelimit import ip_do_cliente

from auth import permissoes, regras_de_senha, senhas, usuarios
from auth.tipos import NovaSenha
from auth.usuarios import PosicaoUsuario

bp = Blueprint("usuarios", __name__)
_USERNAME = re.compile(r"[a-z0-9._-]{3,50}")


def _username(valor: str) -> str:
    if not _USERNAME.fullmatch(valor):
        raise ValueError("Use de 3 a 50 caracteres: letras minúsculas, números, ponto, hífen ou sublinhado")
    return valor


def _minusculo(valor):
    return valor.lower() if isinstance(valor, str) else valor


Username = Annotated[Texto, BeforeValidator(_minusculo), AfterValidator(_username)]
Nome = Annotated[Texto, Field(min_length=1, max_length=200)]
ListaDePermissoes = Annotated[list[Texto], Field(max_length=50), AfterValidator(permissoes.normalizar)]


class NovoUsuario(Modelo):
    username: Username
    nome: Nome
    password: NovaSenha | None = Field(None, description="A senha inicial; sem ela, uma temporária é gerada e vem "
                                       "na resposta (senha_temporaria), só desta vez")
    empresas: list[Id] = Field(min_length=1, max_length=100, description="Empresas em que o usuário entra")
    permissoes: ListaDePermissoes = Field(default_factory=list, description="As mesmas em cada empresa")
    trocar_senha: bool | None = Field(None, description="A pessoa troca a senha inicial por uma só dela no primeiro "
                                      "acesso. Sem este campo: sim quando a senha é gerada, não quando informada "
                                      "(o SPA sempre pede); false só com uma password informada")


class AlteracaoUsuario(Modelo):
    nome: Nome | None = None
    password: NovaSenha | None = None
    permissoes: ListaDePermissoes | None = Field(None, description="Na empresa atual; substitui as anteriores")
    ativo: bool | None = None


class SenhaTemporaria(BaseModel):
    senha_temporaria: str = Field(description="Mostrada só desta vez; serve apenas para o usuário escolher a sua "
                                  "no próximo acesso")


class FiltroUsuarios(Pagina):
    q: Texto | None = Field(None, max_length=100, description="Parte do username ou do nome")


class UsuarioItem(BaseModel):
    id: int
    username: str
    nome: str
    ativo: bool
    plataforma_admin: bool
    trocar_senha: bool = Field(description="Deve trocar a senha no próximo acesso")
    permissoes: list[str] = Field(description="Na empresa atual")
    criado_em: datetime
    atualizado_em: datetime


class UsuarioCriado(UsuarioItem):
    senha_temporaria: str | None = Field(description="A senha gerada quando nenhuma foi informada, mostrada só "
                                         "nesta resposta; null quando o administrador a digitou")


@bp.get("/api/usuarios")
@endpoint(resumo="Usuários da empresa atual", query=FiltroUsuarios, responses={200: Lista[UsuarioItem]},
          permissao="admin")
def listar(query: FiltroUsuarios):
    apos = query.apos(PosicaoUsuario)
    with tenant_transaction() as cur:
        linhas = usuarios.listar(cur, query.q, apos, query.limit + 1)
    return Lista[UsuarioItem](**pagina(linhas, query, lambda u: PosicaoUsuario(username=u["username"])))


# Passwords are checked and hashed before the transaction opens (regras_de_senha.preparar): argon2 is
# slow on purpose, and no database connection should wait for it.


@bp.post("/api/usuarios")
@endpoint(resumo="Cria um usuário nas empresas indicadas, com a senha inicial informada ou uma gerada; "
          "ele a troca no primeiro acesso", body=NovoUsuario,
          responses={201: UsuarioCriado, 403: Erro, 409: Erro}, permissao="admin")
def criar(body: NovoUsuario):
    temporaria = None
    # A client of the contract's first shape sends a password and expects the user to work at once.
    trocar = body.password is None if body.trocar_senha is None else body.trocar_senha
    if body.password is not None:
        senha = regras_de_senha.preparar(body.password, "password")
    elif trocar:
        temporaria = senhas.gerar_senha_temporaria()
        senha = regras_de_senha.SenhaNova("password", temporaria, senhas.gerar_hash(temporaria))
    else:
        # A generated password is one the admin has seen: it only lets the person choose theirs.
        raise Validacao("Verifique os campos destacados", {
            "trocar_senha": "Sem uma senha informada, a senha é gerada e a pessoa deve trocá-la no primeiro acesso"})
    with escrita() as tx:
        novo = usuarios.criar(tx, g.usuario, body.username, body.nome, senha, body.empresas, body.permissoes,
                              trocar)
    return UsuarioCriado(**novo, senha_temporaria=temporaria), 201


@bp.put("/api/usuarios/<int:usuario_id>")
@endpoint(resumo="Altera nome, senha, permissões (na empresa atual) ou situação de um usuário",
          body=AlteracaoUsuario, responses={200: UsuarioItem, 403: Erro, 409: Erro}, permissao="admin")
def alterar(usuario_id: int, body: AlteracaoUsuario):
    senha = None if body.password is None else regras_de_senha.preparar(body.password, "password")
    with escrita() as tx:
        usuario = usuarios.alterar(tx, g.usuario, usuario_id, ip_do_cliente(), nome=body.nome, senha=senha,
                                   permissoes=body.permissoes, ativo=body.ativo)
    return UsuarioItem(**usuario)


@bp.post("/api/usuarios/<int:usuario_id>/redefinir-senha")
@endpoint(resumo="Redefine a senha de um usuário: gera uma temporária (mostrada só nesta resposta), que ele "
          "troca no próximo acesso; as sessões abertas dele terminam",
          responses={200: SenhaTemporaria, 403: Erro, 404: Erro, 409: Erro}, permissao="admin")
def redefinir_senha(usuario_id: int):
    temporaria = senhas.gerar_senha_temporaria()
    senha_hash = senhas.gerar_hash(temporaria)
    with escrita() as tx:
        usuarios.redefinir_senha(tx, g.usuario, usuario_id, ip_do_cliente(), senha_hash)
    return SenhaTemporaria(senha_temporaria=temporaria)


@bp.delete("/api/usuarios/<int:usuario_id>")
@endpoint(resumo="Remove o usuário da empresa atual (e o desativa se não restar nenhuma)",
          responses={204: None, 403: Erro, 409: Erro}, permissao="admin")
def remover(usuario_id: int):
    with escrita() as tx:
        usuarios.remover(tx, g.usuario, usuario_id)
    return Response(status=204)
