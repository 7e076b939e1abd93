"""Empresas: everyone lists their own; the platform admin lists all and creates them."""
from datetime import datetime
from typing import Annotated

from flask import Blueprint, g
from pydantic import AfterValidator, BaseModel, Field

from shared.api import Erro, Lista, Modelo, Opcional, Pagina, Texto, endpoint, pagina
from shared.app import escrita, tenant_transaction

from auth import empresas
from auth.cnpj import validar as validar_cnpj
from auth.empresas import PosicaoEmpresa

bp = Blueprint("empresas", __name__)


class NovaEmpresa(Modelo):
    nome: Annotated[Texto, Field(min_length=1, max_length=200)]
    cnpj: Opcional[Annotated[Texto, Field(max_length=18), AfterValidator(validar_cnpj)]] = Field(
        None, description="Com ou sem pontuação; numérico ou alfanumérico (a partir de julho de 2026). "
        "Verificado pelos dígitos e guardado só com letras e números: 12ABC34501DE35")


class FiltroEmpresas(Pagina):
    administradas: bool = Field(False, description="Só as ativas em que o usuário pode incluir pessoas: "
                                "todas, para a administração da plataforma; as que administra, para os demais")


class EmpresaItem(BaseModel):
    id: int
    nome: str
    cnpj: str | None = Field(description="Só letras e números, 14 caracteres")
    ativa: bool
    criada_em: datetime


@bp.get("/api/empresas")
@endpoint(resumo="Empresas do usuário (todas, para a administração da plataforma)", query=FiltroEmpresas,
          responses={200: Lista[EmpresaItem]})
def listar(query: FiltroEmpresas):
    apos = query.apos(PosicaoEmpresa)
    with tenant_transaction() as cur:
        linhas = empresas.listar(cur, g.usuario, apos, query.limit + 1, query.administradas)
    return Lista[EmpresaItem](**pagina(linhas, query, lambda e: PosicaoEmpresa(id=e["id"])))


@bp.post("/api/empresas")
@endpoint(resumo="Cria uma empresa (administração da plataforma)", body=NovaEmpresa,
          responses={201: EmpresaItem, 403: Erro, 409: Erro})
def criar(body: NovaEmpresa):
    with escrita() as tx:
        empresa = empresas.criar(tx, g.usuario, body.nome, body.cnpj)
    return EmpresaItem(**empresa), 201
