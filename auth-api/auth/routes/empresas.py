"""Empresas: everyone lists their own; the platform admin lists all and creates them."""
from datetime import datetime
from typing import Annotated

from flask import Blueprint, g
from pydantic import BaseModel, Field

from shared.api import Erro, Lista, Modelo, Opcional, Pagina, Texto, endpoint, pagina
from shared.app import escrita, tenant_transaction

from auth import empresas
from auth.empresas import PosicaoEmpresa

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
    apos = query.apos(PosicaoEmpresa)
    with tenant_transaction() as cur:
        linhas = empresas.listar(cur, g.usuario, apos, query.limit + 1)
    return Lista[EmpresaItem](**pagina(linhas, query, lambda e: PosicaoEmpresa(id=e["id"])))


@bp.post("/api/empresas")
@endpoint(resumo="Cria uma empresa (administração da plataforma)", body=NovaEmpresa,
          responses={201: EmpresaItem, 403: Erro, 409: Erro})
def criar(body: NovaEmpresa):
    with escrita() as tx:
        empresa = empresas.criar(tx, g.usuario, body.nome, body.cnpj)
    return EmpresaItem(**empresa), 201
