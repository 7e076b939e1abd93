"""/api/contratos/modelos: the contract templates (a body with {{ variables }}).

Reading needs `operacional:ler`, writing `operacional:escrever`; the rules (the sandbox, the
variables, the default template) are operacional/modelos_contrato.py's. Listing makes the
empresa's default template on its first use (once: it is a write, audited).
"""
from datetime import datetime
from typing import Annotated

from flask import Blueprint, Response
from pydantic import BaseModel, Field

from shared.api import MAX_ID, Erro, Lista, Modelo, Texto, endpoint, nunca_nulos
from shared.app import escrita, tenant_transaction
from shared.errors import NaoEncontrado

from operacional import modelos_contrato
from operacional.permissoes import ESCREVER, LER

bp = Blueprint("modelos_contrato", __name__)

Nome = Annotated[Texto, Field(min_length=1, max_length=120)]
Corpo = Annotated[Texto, Field(min_length=1, max_length=50000, description=(
    "Texto com variáveis {{ cliente.nome }}, {{ contrato.valor }}… (veja GET /api/contratos/modelos/variaveis); "
    "uma variável desconhecida é recusada ao salvar"))]


class NovoModelo(Modelo):
    nome: Nome
    corpo: Corpo


class AlteracaoModelo(Modelo):
    nome: Nome = None
    corpo: Corpo = None

    _nunca_nulos = nunca_nulos("nome", "corpo")


class ModeloContrato(BaseModel):
    id: int
    nome: str
    corpo: str
    padrao: bool = Field(description="O modelo que a empresa recebeu pronto: pode ser alterado, não excluído")
    criado_em: datetime
    atualizado_em: datetime


class Variaveis(BaseModel):
    variaveis: dict[str, list[str]] = Field(description="Cada variável e os seus campos")


def _id(modelo_id: int) -> int:
    if modelo_id > MAX_ID:
        raise NaoEncontrado("Modelo de contrato não encontrado")
    return modelo_id


@bp.get("/api/contratos/modelos")
@endpoint(resumo="Modelos de contrato da empresa (o padrão primeiro)", responses={200: Lista[ModeloContrato]},
          permissao=LER)
def listar():
    with escrita() as tx:
        modelos_contrato.garantir_padrao(tx)
        modelos = modelos_contrato.listar(tx.cur)
    return Lista[ModeloContrato].inteira([ModeloContrato(**m) for m in modelos])


@bp.get("/api/contratos/modelos/variaveis")
@endpoint(resumo="As variáveis que um modelo pode usar", responses={200: Variaveis}, permissao=LER)
def variaveis():
    return Variaveis(variaveis={nome: list(campos) for nome, campos in modelos_contrato.VARIAVEIS.items()})


@bp.get("/api/contratos/modelos/<int:modelo_id>")
@endpoint(resumo="Um modelo de contrato", responses={200: ModeloContrato, 404: Erro}, permissao=LER)
def obter(modelo_id: int):
    with tenant_transaction() as cur:
        modelo = modelos_contrato.por_id(cur, _id(modelo_id))
    if modelo is None:
        raise NaoEncontrado("Modelo de contrato não encontrado")
    return ModeloContrato(**modelo)


@bp.post("/api/contratos/modelos")
@endpoint(resumo="Cria um modelo de contrato", body=NovoModelo, responses={201: ModeloContrato, 400: Erro, 409: Erro},
          permissao=ESCREVER)
def criar(body: NovoModelo):
    with escrita() as tx:
        modelo = modelos_contrato.criar(tx, body.nome, body.corpo)
    return ModeloContrato(**modelo), 201


@bp.put("/api/contratos/modelos/<int:modelo_id>")
@endpoint(resumo="Altera um modelo (os contratos já feitos guardam o seu texto)", body=AlteracaoModelo,
          responses={200: ModeloContrato, 400: Erro, 404: Erro, 409: Erro}, permissao=ESCREVER)
def alterar(modelo_id: int, body: AlteracaoModelo):
    mudancas = {campo: valor for campo, valor in body if campo in body.model_fields_set}
    with escrita() as tx:
        modelo = modelos_contrato.alterar(tx, _id(modelo_id), mudancas)
    return ModeloContrato(**modelo)


@bp.delete("/api/contratos/modelos/<int:modelo_id>")
@endpoint(resumo="Exclui um modelo (não o padrão); os contratos feitos com ele guardam o seu texto",
          responses={204: None, 404: Erro, 409: Erro}, permissao=ESCREVER)
def excluir(modelo_id: int):
    with escrita() as tx:
        modelos_contrato.excluir(tx, _id(modelo_id))
    return Response(status=204)
