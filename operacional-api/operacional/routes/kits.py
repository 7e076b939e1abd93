"""/api/kits: kits of equipment, allocating a kit to a sessão, a sessão's alocações and a kit's
availability in a window.

Reading needs `operacional:ler`, writing `operacional:escrever`. The rules are the domain's
(operacional/kits.py, operacional/alocacoes.py); each write is audited and published.
"""
from datetime import datetime
from typing import Annotated

from flask import Blueprint, Response
from pydantic import BaseModel, Field

from shared.api import Erro, Id, IdDeFiltro, Lista, Modelo, Opcional, Pagina, Texto, endpoint, nunca_nulos, pagina
from shared.app import escrita, tenant_transaction
from shared.errors import NaoEncontrado

from operacional import alocacoes, kits
from operacional.permissoes import ESCREVER, LER
from operacional.routes.equipamentos import Alocacao, Janela, ResultadoAlocacao

bp = Blueprint("kits", __name__)

Nome = Annotated[Texto, Field(min_length=1, max_length=120)]
Descricao = Opcional[Annotated[Texto, Field(max_length=2000)]]
Itens = Annotated[list[Id], Field(min_length=1, max_length=200, description="Os equipamentos do kit")]


class NovoKit(Modelo):
    nome: Nome
    descricao: Descricao = None
    equipamento_ids: Itens


class AlteracaoKit(Modelo):
    """Any subset of a new kit's fields; equipamento_ids replaces the kit's items."""

    nome: Nome = None
    descricao: Descricao = None
    equipamento_ids: Itens = None

    _nunca_nulos = nunca_nulos("nome", "equipamento_ids")


class ItemDoKit(BaseModel):
    id: int
    nome: str
    categoria: str
    estado: str


class Kit(BaseModel):
    id: int
    nome: str
    descricao: str | None
    equipamento_ids: list[int]
    itens: list[ItemDoKit]
    criado_em: datetime
    atualizado_em: datetime


class AlocarKit(Modelo):
    kit_id: Id
    sessao_id: Id


class FiltroAlocacoes(Modelo):
    sessao_id: IdDeFiltro


class Bloqueio(BaseModel):
    sessao_id: int | None = Field(description="A sessão que tem o equipamento; nulo: manutenção")
    sessao: str | None
    motivo: str | None
    inicio: datetime
    fim: datetime


class DisponibilidadeItem(BaseModel):
    id: int
    nome: str
    estado: str
    livre: bool
    bloqueios: list[Bloqueio]


class Disponibilidade(BaseModel):
    kit_id: int
    livre: bool = Field(description="Todos os equipamentos do kit estão livres na janela")
    itens: list[DisponibilidadeItem]


@bp.get("/api/kits")
@endpoint(resumo="Kits da empresa, por nome, com os seus equipamentos", query=Pagina,
          responses={200: Lista[Kit]}, permissao=LER)
def listar(query: Pagina):
    with tenant_transaction() as cur:
        linhas = kits.listar(cur, query.apos(kits.PosicaoKit), query.limit + 1)
    return Lista[Kit](**pagina(linhas, query, lambda k: kits.PosicaoKit(nome=k["nome"], id=k["id"])))


@bp.get("/api/kits/<int:kit_id>")
@endpoint(resumo="Um kit", responses={200: Kit, 404: Erro}, permissao=LER)
def obter(kit_id: int):
    with tenant_transaction() as cur:
        kit = kits.por_id(cur, kit_id)
    if kit is None:
        raise NaoEncontrado("Kit não encontrado")
    return Kit(**kit)


@bp.post("/api/kits")
@endpoint(resumo="Cria um kit", body=NovoKit, responses={201: Kit, 409: Erro}, permissao=ESCREVER)
def criar(body: NovoKit):
    with escrita() as tx:
        kit = kits.criar(tx, dict(body))
    return Kit(**kit), 201


@bp.put("/api/kits/<int:kit_id>")
@endpoint(resumo="Altera um kit: os campos enviados; os outros ficam como estão", body=AlteracaoKit,
          responses={200: Kit, 404: Erro, 409: Erro}, permissao=ESCREVER)
def alterar(kit_id: int, body: AlteracaoKit):
    mudancas = {campo: valor for campo, valor in body if campo in body.model_fields_set}
    with escrita() as tx:
        kit = kits.alterar(tx, kit_id, mudancas)
    return Kit(**kit)


@bp.delete("/api/kits/<int:kit_id>")
@endpoint(resumo="Exclui um kit (o que ele alocou continua alocado)", responses={204: None, 404: Erro},
          permissao=ESCREVER)
def excluir(kit_id: int):
    with escrita() as tx:
        kits.excluir(tx, kit_id)
    return Response(status=204)


@bp.post("/api/kits/alocar")
@endpoint(resumo="Aloca todos os equipamentos do kit a uma sessão (todos ou nenhum); 409 nomeando a sessão "
                 "que já tem algum deles no mesmo horário", body=AlocarKit,
          responses={201: ResultadoAlocacao, 404: Erro, 409: Erro}, permissao=ESCREVER)
def alocar(body: AlocarKit):
    with escrita() as tx:
        resultado = alocacoes.alocar_kit(tx, body.kit_id, body.sessao_id)
    return ResultadoAlocacao(**resultado), 201


@bp.get("/api/kits/alocacoes")
@endpoint(resumo="Equipamentos alocados a uma sessão", query=FiltroAlocacoes,
          responses={200: Lista[Alocacao], 404: Erro}, permissao=LER)
def alocacoes_da_sessao(query: FiltroAlocacoes):
    with tenant_transaction() as cur:
        itens = alocacoes.da_sessao(cur, query.sessao_id)
    return Lista[Alocacao].inteira(itens)


@bp.delete("/api/kits/alocacoes/<int:alocacao_id>")
@endpoint(resumo="Desaloca um equipamento da sessão", responses={204: None, 404: Erro}, permissao=ESCREVER)
def desalocar(alocacao_id: int):
    with escrita() as tx:
        alocacoes.desalocar(tx, alocacao_id)
    return Response(status=204)


@bp.get("/api/kits/<int:kit_id>/disponibilidade")
@endpoint(resumo="Cada equipamento do kit na janela: livre, ou o que o ocupa", query=Janela,
          responses={200: Disponibilidade, 404: Erro}, permissao=LER)
def disponibilidade(kit_id: int, query: Janela):
    with tenant_transaction() as cur:
        kit = kits.por_id(cur, kit_id)
        if kit is None:
            raise NaoEncontrado("Kit não encontrado")
        bloqueios = alocacoes.bloqueios(cur, kit["equipamento_ids"], query.inicio, query.fim)
    itens = [{**item, "livre": item["estado"] != "baixado" and not bloqueios[item["id"]],
              "bloqueios": bloqueios[item["id"]]} for item in kit["itens"]]
    return Disponibilidade(kit_id=kit_id, livre=all(i["livre"] for i in itens), itens=itens)
