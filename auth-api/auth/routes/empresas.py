"""Empresas: everyone lists their own; the platform admin lists all and creates them."""
from datetime import datetime
from typing import Annotated

from flask import Blueprint, g
from pydantic import BaseModel, Field

from shared.api import MAX_ID, Erro, Lista, Modelo, Opcional, Pagina, Texto, cursor, cursor_invalido, endpoint
from shared.app import publicar, tenant_transaction
from shared.errors import Conflito, SemPermissao

from auth import empresas

bp = Blueprint("empresas", __name__)


class NovaEmpresa(Modelo):
    nome: Annotated[Texto, Field(min_length=1, max_length=200)]
    # Check digits (numeric and alphanumeric CNPJ) come with the cadastros validation work.
    cnpj: Opcional[Annotated[Texto, Field(max_length=18)]] = None


class EmpresaItem(BaseModel):
    id: int
    nome: str
    cnpj: str | None
    ativa: bool
    criada_em: datetime


@bp.get("/api/empresas")
@endpoint(resumo="Empresas do usuário (todas, para a administração da plataforma)", query=Pagina,
          responses={200: Lista[EmpresaItem]})
def listar(query: Pagina):
    posicao = query.posicao()
    apos = None if posicao is None else posicao.get("id")
    if posicao is not None and not (type(apos) is int and 0 < apos <= MAX_ID):
        raise cursor_invalido()
    with tenant_transaction() as cur:
        linhas = empresas.listar(cur, g.usuario.plataforma_admin, apos, query.limit + 1)
    proximo = cursor({"id": linhas[query.limit - 1]["id"]}) if len(linhas) > query.limit else None
    return Lista[EmpresaItem](items=linhas[: query.limit], next_cursor=proximo)


@bp.post("/api/empresas")
@endpoint(resumo="Cria uma empresa (administração da plataforma)", body=NovaEmpresa,
          responses={201: EmpresaItem, 403: Erro, 409: Erro})
def criar(body: NovaEmpresa):
    if not g.usuario.plataforma_admin:
        raise SemPermissao("Somente a administração da plataforma cria empresas")
    with tenant_transaction() as cur:
        empresa = empresas.criar(cur, body.nome, body.cnpj)
        if empresa is None:
            raise Conflito("Já existe uma empresa com este CNPJ", {"cnpj": "CNPJ já cadastrado"})
        publicar("auth.empresa.alterada", empresa["id"], {"empresa_id": empresa["id"], "acao": "criada"})
    return EmpresaItem(**empresa), 201
