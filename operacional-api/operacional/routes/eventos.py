"""/api/eventos: the studio's jobs — list, create, read, change (etapa included), delete — plus the
evento's result (from financeiro by its centro de custo), the retry of its centro, and the people
a team can be made of.

Reading needs `operacional:ler`, writing `operacional:escrever`. The rules are
operacional/eventos.py's; the centro de custo, created in cadastros through its API after the
evento commits, operacional/centro_custo.py's. The team and the checklist are in
routes/eventos_equipe.py, the tipos in routes/tipos_evento.py.
"""
from datetime import date, datetime
from typing import Annotated, Literal

from flask import Blueprint, Response
from pydantic import BaseModel, Field

from shared.api import (Data, Dinheiro, Erro, Id, IdDeFiltro, Lista, Modelo, Opcional, Pagina, Texto, endpoint,
                        nunca_nulos, pagina)
from shared.app import escrita, tenant_transaction

from operacional import centro_custo, contratos_financeiro, equipe, eventos
from operacional.permissoes import ESCREVER, LER

bp = Blueprint("eventos", __name__)

Etapa = Literal["lead", "orcamento", "contratado", "em_producao", "entregue", "concluido", "perdido", "cancelado"]
Nome = Annotated[Texto, Field(min_length=1, max_length=120)]
NomeDoTipo = Annotated[Opcional[Annotated[Texto, Field(max_length=60)]],
                       Field(description="O nome de um tipo de evento ativo (Casamento, Ensaio…), sem diferença de "
                                         "maiúsculas ou acentos; ou use tipo_id")]
Local = Opcional[Annotated[Texto, Field(max_length=200)]]
Observacoes = Opcional[Annotated[Texto, Field(max_length=2000)]]
DESCRICAO_ETAPA = ("lead → orcamento → contratado → em_producao → entregue → concluido, ou perdido/cancelado; "
                   "avança quantas etapas quiser, volta uma, e um evento encerrado só reabre como lead")


class NovoEvento(Modelo):
    nome: Nome
    tipo: NomeDoTipo = None
    tipo_id: Id | None = None
    cliente_id: Id | None = Field(None, description="Um cliente de Cadastros")
    data_inicio: Data
    data_fim: Data | None = Field(None, description="Último dia, se o evento tem mais de um; não antes de data_inicio")
    local: Local = None
    etapa: Etapa = Field("lead", description=DESCRICAO_ETAPA)
    observacoes: Observacoes = None


class AlteracaoEvento(Modelo):
    """Any subset of a new evento's fields; the others keep their values. `null` clears tipo,
    cliente, data_fim, local and observacoes, and is refused for the others."""

    nome: Nome = None
    tipo: NomeDoTipo = None
    tipo_id: Id | None = None
    cliente_id: Id | None = None
    data_inicio: Data = None
    data_fim: Data | None = None
    local: Local = None
    etapa: Etapa = Field(None, description=DESCRICAO_ETAPA)
    observacoes: Observacoes = None

    _nunca_nulos = nunca_nulos("nome", "data_inicio", "etapa")


class FiltroEventos(Pagina):
    etapa: list[Etapa] | None = Field(None, description="Uma ou mais etapas (repita o parâmetro)")
    tipo_id: IdDeFiltro | None = None
    cliente_id: IdDeFiltro | None = None
    de: Data | None = Field(None, description="data_inicio a partir deste dia")
    ate: Data | None = Field(None, description="data_inicio até este dia")
    q: Texto | None = Field(None, max_length=100, description="Palavras do nome, sem diferença de acentos")


class Evento(BaseModel):
    id: int
    nome: str
    tipo_id: int | None
    tipo: str | None
    cliente_id: int | None
    cliente: str | None = Field(description="O nome do cliente em Cadastros")
    data_inicio: date
    data_fim: date | None
    local: str | None
    etapa: Etapa
    centro_custo_id: int | None = Field(description="O centro de custo do evento em Cadastros")
    centro_custo_pendente: bool = Field(description="Cadastros ainda não criou o centro de custo (estava fora do ar): a "
                                                    "próxima alteração ou POST /api/eventos/<id>/centro-custo tenta "
                                                    "de novo")
    observacoes: str | None
    tarefas_pendentes: int
    tarefas_atrasadas: int = Field(description="Tarefas não concluídas cujo prazo já passou")
    criado_em: datetime
    atualizado_em: datetime


def _evento(linha: dict) -> Evento:
    return Evento(**linha, centro_custo_pendente=linha["centro_custo_id"] is None)


class Resultado(BaseModel):
    centro_custo_id: int | None
    receita: Dinheiro = Field(description="Receitas do evento por competência (lançamentos não cancelados)")
    custo: Dinheiro = Field(description="Despesas do evento por competência")
    margem: Dinheiro
    margem_percentual: Dinheiro | None = Field(description="margem / receita × 100; nulo sem receita")
    recebido: Dinheiro
    a_receber: Dinheiro
    pago: Dinheiro
    a_pagar: Dinheiro


class Membro(BaseModel):
    tipo: Literal["usuario", "fornecedor", "funcionario"] = Field(
        description="usuario: entra no sistema; fornecedor: freelancer; funcionario: do RH, sem login")
    id: int
    nome: str


def _ler(evento_id: int) -> Evento:
    with tenant_transaction() as cur:
        return _evento(eventos.obter(cur, evento_id))


@bp.get("/api/eventos")
@endpoint(resumo="Eventos da empresa, por data de início", query=FiltroEventos, responses={200: Lista[Evento]},
          permissao=LER)
def listar(query: FiltroEventos):
    filtros = {"etapas": query.etapa, "tipo_id": query.tipo_id, "cliente_id": query.cliente_id, "de": query.de,
               "ate": query.ate, "q": query.q}
    with tenant_transaction() as cur:
        linhas = eventos.listar(cur, filtros, query.apos(eventos.PosicaoEvento), query.limit + 1)
    return Lista[Evento](**pagina(linhas, query, eventos.posicao, _evento))


@bp.get("/api/eventos/membros")
@endpoint(resumo="Quem pode estar numa equipe: os usuários ativos da empresa, os fornecedores ativos e os "
                 "funcionários não demitidos",
          responses={200: Lista[Membro]}, permissao=LER)
def membros():
    with tenant_transaction() as cur:
        return Lista[Membro].inteira(equipe.membros_da_empresa(cur))


@bp.post("/api/eventos")
@endpoint(resumo="Cria um evento (com o checklist do seu tipo e o seu centro de custo)", body=NovoEvento,
          responses={201: Evento, 400: Erro}, permissao=ESCREVER)
def criar(body: NovoEvento):
    with escrita() as tx:
        evento = eventos.criar(tx, dict(body))
    centro = centro_custo.sincronizar(evento["id"], evento)
    return _evento({**evento, "centro_custo_id": centro}), 201


@bp.get("/api/eventos/<int:evento_id>")
@endpoint(resumo="Um evento", responses={200: Evento, 404: Erro}, permissao=LER)
def obter(evento_id: int):
    return _ler(evento_id)


@bp.put("/api/eventos/<int:evento_id>")
@endpoint(resumo="Altera um evento: os campos enviados; os outros ficam como estão", body=AlteracaoEvento,
          responses={200: Evento, 400: Erro, 404: Erro}, permissao=ESCREVER)
def alterar(evento_id: int, body: AlteracaoEvento):
    mudancas = {campo: valor for campo, valor in body if campo in body.model_fields_set}
    with escrita() as tx:
        antes, depois = eventos.alterar(tx, evento_id, mudancas)
    if centro_custo.precisa_sincronizar(antes, depois):
        centro_custo.sincronizar(evento_id, depois)
    if antes["data_inicio"] != depois["data_inicio"] or antes["centro_custo_id"] is None:
        # Contract parcelas due relative to the evento move with it, and get its centro de custo once
        # it exists (operacional/contratos_financeiro.py).
        contratos_financeiro.evento_movido(evento_id)
    return _ler(evento_id)


@bp.delete("/api/eventos/<int:evento_id>")
@endpoint(resumo="Exclui um evento sem contrato nem sessões (desativa o seu centro de custo)",
          responses={204: None, 404: Erro, 409: Erro}, permissao=ESCREVER)
def excluir(evento_id: int):
    with escrita() as tx:
        antes = eventos.excluir(tx, evento_id)
    if antes["centro_custo_id"] is not None:
        # The centro may hold lançamentos (cadastros keeps them): it is deactivated, not deleted.
        centro_custo.sincronizar(evento_id, antes, ativo=False)
    return Response(status=204)


@bp.post("/api/eventos/<int:evento_id>/centro-custo")
@endpoint(resumo="Cria ou atualiza agora o centro de custo do evento em Cadastros (nova tentativa)",
          responses={200: Evento, 404: Erro, 503: Erro}, permissao=ESCREVER)
def sincronizar_centro(evento_id: int):
    evento = _ler(evento_id).model_dump()
    centro_custo.sincronizar(evento_id, evento, tolerante=False)
    return _ler(evento_id)


@bp.get("/api/eventos/<int:evento_id>/resultado")
@endpoint(resumo="Receita, custo e margem do evento, pelo seu centro de custo no Financeiro",
          responses={200: Resultado, 404: Erro}, permissao=LER)
def resultado(evento_id: int):
    with tenant_transaction() as cur:
        evento = eventos.obter(cur, evento_id)
        valores = centro_custo.resultado(cur, evento["centro_custo_id"])
    return Resultado(centro_custo_id=evento["centro_custo_id"], **valores)
