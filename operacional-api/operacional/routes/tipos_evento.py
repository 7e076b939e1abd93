"""/api/eventos/tipos: the empresa's tipos de evento and each one's checklist model.

Reading needs `operacional:ler`, writing `operacional:escrever`. The rules are
operacional/tipos_evento.py's. The first listing of an empresa that was never given the usual tipos
gives them (one write, audited), so a new empresa's list is never empty.
"""
from datetime import datetime
from typing import Annotated

from flask import Blueprint, Response
from pydantic import BaseModel, Field

from shared.api import Erro, Lista, Modelo, Texto, endpoint, nunca_nulos
from shared.app import escrita, tenant_transaction

from operacional import tipos_evento
from operacional.permissoes import ESCREVER, LER

bp = Blueprint("tipos_evento", __name__)

Nome = Annotated[Texto, Field(min_length=1, max_length=60)]


class NovoTipo(Modelo):
    nome: Nome = Field(description="Único na empresa, sem diferença de maiúsculas ou acentos")
    ativo: bool = True


class AlteracaoTipo(Modelo):
    nome: Nome = None
    ativo: bool = Field(None, description="Um tipo inativo não é mais oferecido para novos eventos")

    _nunca_nulos = nunca_nulos("nome", "ativo")


class FiltroTipos(Modelo):
    ativo: bool | None = None


class TipoEvento(BaseModel):
    id: int
    nome: str
    ativo: bool
    tarefas: int = Field(description="Quantas tarefas tem o seu checklist")
    criado_em: datetime
    atualizado_em: datetime


class TarefaModelo(Modelo):
    titulo: Annotated[Texto, Field(min_length=1, max_length=120)]
    dias: int = Field(strict=True, ge=-365, le=365, description="Dias a partir do primeiro dia do evento (D−30: -30)")


class Checklist(Modelo):
    tarefas: list[TarefaModelo] = Field(max_length=100)


@bp.get("/api/eventos/tipos")
@endpoint(resumo="Tipos de evento da empresa, por nome", query=FiltroTipos, responses={200: Lista[TipoEvento]},
          permissao=LER)
def listar(query: FiltroTipos):
    with tenant_transaction() as cur:
        tipos = tipos_evento.listar(cur, query.ativo) if tipos_evento.padroes_aplicados(cur) else None
    if tipos is None:
        with escrita() as tx:
            tipos_evento.garantir_padroes(tx)
            tipos = tipos_evento.listar(tx.cur, query.ativo)
    return Lista[TipoEvento].inteira(tipos)


@bp.post("/api/eventos/tipos")
@endpoint(resumo="Cria um tipo de evento", body=NovoTipo, responses={201: TipoEvento, 409: Erro},
          permissao=ESCREVER)
def criar(body: NovoTipo):
    with escrita() as tx:
        return TipoEvento(**tipos_evento.criar(tx, dict(body))), 201


@bp.put("/api/eventos/tipos/<int:tipo_id>")
@endpoint(resumo="Renomeia, ativa ou desativa um tipo de evento", body=AlteracaoTipo,
          responses={200: TipoEvento, 404: Erro, 409: Erro}, permissao=ESCREVER)
def alterar(tipo_id: int, body: AlteracaoTipo):
    mudancas = {campo: valor for campo, valor in body if campo in body.model_fields_set}
    with escrita() as tx:
        return TipoEvento(**tipos_evento.alterar(tx, tipo_id, mudancas))


@bp.delete("/api/eventos/tipos/<int:tipo_id>")
@endpoint(resumo="Exclui um tipo de evento que nenhum evento usa", responses={204: None, 404: Erro, 409: Erro},
          permissao=ESCREVER)
def excluir(tipo_id: int):
    with escrita() as tx:
        tipos_evento.excluir(tx, tipo_id)
    return Response(status=204)


@bp.get("/api/eventos/tipos/<int:tipo_id>/checklist")
@endpoint(resumo="O checklist modelo do tipo: as tarefas que um novo evento dele recebe",
          responses={200: Checklist, 404: Erro}, permissao=LER)
def obter_checklist(tipo_id: int):
    with tenant_transaction() as cur:
        return Checklist(tarefas=tipos_evento.checklist(cur, tipo_id))


@bp.put("/api/eventos/tipos/<int:tipo_id>/checklist")
@endpoint(resumo="Define o checklist modelo do tipo (os eventos já criados mantêm as suas tarefas)",
          body=Checklist, responses={200: Checklist, 400: Erro, 404: Erro}, permissao=ESCREVER)
def definir_checklist(tipo_id: int, body: Checklist):
    with escrita() as tx:
        tarefas = tipos_evento.substituir_checklist(tx, tipo_id, [dict(t) for t in body.tarefas])
    return Checklist(tarefas=tarefas)
