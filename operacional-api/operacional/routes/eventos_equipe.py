"""/api/eventos/<id>/equipe and /api/eventos/<id>/tarefas: an evento's team and its checklist.

Reading needs `operacional:ler`, writing `operacional:escrever`. Each write locks the evento first
(404 when it is not the empresa's), then operacional/equipe.py or operacional/checklist.py decides.
"""
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from flask import Blueprint, Response
from pydantic import BaseModel, Field, field_validator, model_validator

from shared.api import Dinheiro, Erro, Id, Lista, Modelo, Texto, endpoint, nunca_nulos
from shared.app import escrita, tenant_transaction

from operacional import centro_custo, checklist, equipe, eventos
from operacional.permissoes import ESCREVER, LER

bp = Blueprint("eventos_equipe", __name__)

Papel = Literal["fotografo_principal", "segundo_fotografo", "assistente", "videomaker", "outro"]
Titulo = Annotated[Texto, Field(min_length=1, max_length=120)]
Dias = Annotated[int, Field(strict=True, ge=-365, le=365,
                            description="Dias a partir do primeiro dia do evento (negativo: antes dele)")]


class UmaPessoa(Modelo):
    """Someone of the team — an evento's, a sessão's, who takes an item out: a usuário of the
    empresa (who logs in), a freelancer (a fornecedor) or a funcionário of RH, one of the three."""

    usuario_id: Id | None = Field(None, description="Um usuário da empresa (GET /api/eventos/membros, tipo usuario)")
    fornecedor_id: Id | None = Field(None, description="Um fornecedor de Cadastros (freelancer)")
    funcionario_id: Id | None = Field(None, description="Um funcionário do RH (GET /api/eventos/membros, "
                                                        "tipo funcionario), que não precisa entrar no sistema")

    @model_validator(mode="after")
    def _uma_pessoa(self):
        if [self.usuario_id, self.fornecedor_id, self.funcionario_id].count(None) != 2:
            raise ValueError("Informe usuario_id, fornecedor_id ou funcionario_id (um dos três)")
        return self


class NovoMembro(UmaPessoa):
    papel: Papel
    cache: Dinheiro | None = Field(None, description="O cachê combinado; o RH o paga (POST /api/caches), que sem "
                                                     "ele usa o do fornecedor")

    @field_validator("cache")
    @classmethod
    def _nao_negativo(cls, valor: Decimal | None):
        if valor is not None and valor < 0:
            raise ValueError("O cachê não pode ser negativo")
        return valor


class NovaEquipe(Modelo):
    equipe: list[NovoMembro] = Field(max_length=30)


class MembroDaEquipe(BaseModel):
    papel: Papel
    usuario_id: int | None
    fornecedor_id: int | None
    funcionario_id: int | None
    cache: Dinheiro | None
    nome: str | None = Field(description="Nulo: a pessoa não existe mais (em Cadastros ou no RH)")


class Equipe(BaseModel):
    equipe: list[MembroDaEquipe]


class NovaTarefa(Modelo):
    titulo: Titulo
    dias: Dias


class AlteracaoTarefa(Modelo):
    concluida: bool = None
    titulo: Titulo = None
    dias: Dias = None

    _nunca_nulos = nunca_nulos("concluida", "titulo", "dias")


class Tarefa(BaseModel):
    id: int
    titulo: str
    dias: int
    prazo: date = Field(description="data_inicio do evento + dias: muda quando o evento muda de data")
    concluida: bool
    concluida_em: datetime | None
    concluida_por: int | None = Field(description="O usuário que a concluiu")
    atrasada: bool = Field(description="Não concluída e com o prazo vencido")


@bp.get("/api/eventos/<int:evento_id>/equipe")
@endpoint(resumo="A equipe do evento", responses={200: Equipe, 404: Erro}, permissao=LER)
def obter_equipe(evento_id: int):
    with tenant_transaction() as cur:
        eventos.obter(cur, evento_id)
        return Equipe(equipe=equipe.da_equipe(cur, evento_id))


@bp.put("/api/eventos/<int:evento_id>/equipe")
@endpoint(resumo="Define a equipe do evento (substitui a anterior)", body=NovaEquipe,
          responses={200: Equipe, 400: Erro, 404: Erro}, permissao=ESCREVER)
def definir_equipe(evento_id: int, body: NovaEquipe):
    with escrita() as tx:
        evento = eventos.bloquear(tx.cur, evento_id)
        membros = equipe.substituir(tx, evento_id, [dict(m) for m in body.equipe])
    if evento["centro_custo_id"] is None:
        # A write of the evento is when a centro cadastros could not create before is asked again.
        centro_custo.sincronizar(evento_id, evento)
    return Equipe(equipe=membros)


@bp.get("/api/eventos/<int:evento_id>/tarefas")
@endpoint(resumo="O checklist do evento, por prazo", responses={200: Lista[Tarefa], 404: Erro}, permissao=LER)
def listar_tarefas(evento_id: int):
    with tenant_transaction() as cur:
        eventos.obter(cur, evento_id)
        return Lista[Tarefa].inteira(checklist.listar(cur, evento_id))


@bp.post("/api/eventos/<int:evento_id>/tarefas")
@endpoint(resumo="Acrescenta uma tarefa ao checklist do evento", body=NovaTarefa,
          responses={201: Tarefa, 400: Erro, 404: Erro}, permissao=ESCREVER)
def criar_tarefa(evento_id: int, body: NovaTarefa):
    with escrita() as tx:
        eventos.bloquear(tx.cur, evento_id)
        return Tarefa(**checklist.criar(tx, evento_id, dict(body))), 201


@bp.put("/api/eventos/<int:evento_id>/tarefas/<int:tarefa_id>")
@endpoint(resumo="Conclui, reabre, renomeia ou muda o prazo de uma tarefa", body=AlteracaoTarefa,
          responses={200: Tarefa, 400: Erro, 404: Erro}, permissao=ESCREVER)
def alterar_tarefa(evento_id: int, tarefa_id: int, body: AlteracaoTarefa):
    mudancas = {campo: valor for campo, valor in body if campo in body.model_fields_set}
    with escrita() as tx:
        eventos.bloquear(tx.cur, evento_id)
        return Tarefa(**checklist.alterar(tx, evento_id, tarefa_id, mudancas))


@bp.delete("/api/eventos/<int:evento_id>/tarefas/<int:tarefa_id>")
@endpoint(resumo="Remove uma tarefa do checklist do evento", responses={204: None, 404: Erro}, permissao=ESCREVER)
def excluir_tarefa(evento_id: int, tarefa_id: int):
    with escrita() as tx:
        eventos.bloquear(tx.cur, evento_id)
        checklist.excluir(tx, evento_id, tarefa_id)
    return Response(status=204)
