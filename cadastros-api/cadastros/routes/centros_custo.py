"""/api/centros-custo: the empresa's centros de custo (lines of business, the studio's structure,
later each evento), by which lançamentos are split and the reports grouped.

Reading needs `cadastros:ler` (or `financeiro:ler`, to pick one in a lançamento); writing
`cadastros:escrever`. Another module keeps the centro of one of its records (each evento's) with
`PUT /api/centros-custo/origem/<chave>`, which `operacional:escrever` may call too. The rules of a
write are cadastros/centros_custo.py's; each is audited and publishes CENTRO_CUSTO_ALTERADO after
its commit.
"""
import re
from datetime import datetime
from typing import Annotated

from flask import Blueprint, Response
from pydantic import BaseModel, Field

from shared.api import Erro, Lista, Modelo, Opcional, Pagina, Texto, endpoint, nunca_nulos, pagina
from shared.app import escrita, tenant_transaction
from shared.errors import NaoEncontrado, Validacao

from cadastros import centros_custo
from cadastros.permissoes import ESCREVER, LER

bp = Blueprint("centros_custo", __name__)

# The record a centro is kept for: its module's kind of record and its id ("evento:12").
CHAVE_DE_ORIGEM = re.compile(r"[a-z_]{1,30}:[0-9]{1,19}")

Nome = Annotated[Texto, Field(min_length=1, max_length=100)]
Codigo = Annotated[Opcional[Annotated[Texto, Field(max_length=20)]],
                   Field(description="Código do contador, se houver (CC-01); único na empresa; vazio: nenhum")]


class NovoCentroCusto(Modelo):
    nome: Nome = Field(description="Único na empresa, sem diferença de maiúsculas ou acentos")
    codigo: Codigo = None
    ativo: bool = True


class AlteracaoCentroCusto(Modelo):
    """Any subset of a new centro's fields; the others keep their values. `null` clears codigo and
    is refused for the others."""

    nome: Nome = None
    codigo: Codigo = None
    ativo: bool = None

    _nunca_nulos = nunca_nulos("nome", "ativo")


class FiltroCentrosCusto(Pagina):
    ativo: bool | None = None
    q: Texto | None = Field(None, max_length=100, description="Palavras do nome ou do código, sem diferença de acentos")


class CentroCusto(BaseModel):
    id: int
    nome: str
    codigo: str | None
    ativo: bool
    origem: str | None = Field(description="Quem o criou, quando não foi uma pessoa: 'evento' (um por evento); "
                                           "nulo: criado em Cadastros")
    chave_origem: str | None = Field(None, description="O registro para o qual outro módulo o mantém ('evento:12'); "
                                                       "nulo: criado em Cadastros")
    criado_em: datetime
    atualizado_em: datetime


@bp.get("/api/centros-custo")
@endpoint(resumo="Centros de custo da empresa, por nome", query=FiltroCentrosCusto,
          responses={200: Lista[CentroCusto]}, permissao=LER)
def listar(query: FiltroCentrosCusto):
    apos = query.apos(centros_custo.PosicaoCentroCusto)
    with tenant_transaction() as cur:
        linhas = centros_custo.listar(cur, query.ativo, query.q, apos, query.limit + 1)
    return Lista[CentroCusto](**pagina(
        linhas, query, lambda c: centros_custo.PosicaoCentroCusto(nome=c["nome"], id=c["id"])))


@bp.get("/api/centros-custo/<int:centro_id>")
@endpoint(resumo="Um centro de custo", responses={200: CentroCusto, 404: Erro}, permissao=LER)
def obter(centro_id: int):
    with tenant_transaction() as cur:
        centro = centros_custo.por_id(cur, centro_id)
    if centro is None:
        raise NaoEncontrado("Centro de custo não encontrado")
    return CentroCusto(**centro)


@bp.post("/api/centros-custo")
@endpoint(resumo="Cria um centro de custo", body=NovoCentroCusto, responses={201: CentroCusto, 409: Erro},
          permissao=ESCREVER)
def criar(body: NovoCentroCusto):
    with escrita() as tx:
        centro = centros_custo.criar(tx, dict(body))
    return CentroCusto(**centro), 201


@bp.put("/api/centros-custo/<int:centro_id>")
@endpoint(resumo="Altera um centro de custo: os campos enviados; os outros ficam como estão",
          body=AlteracaoCentroCusto, responses={200: CentroCusto, 404: Erro, 409: Erro}, permissao=ESCREVER)
def alterar(centro_id: int, body: AlteracaoCentroCusto):
    mudancas = {campo: valor for campo, valor in body if campo in body.model_fields_set}
    with escrita() as tx:
        centro = centros_custo.alterar(tx, centro_id, mudancas)
    return CentroCusto(**centro)


class CentroPorOrigem(Modelo):
    nome: Nome = Field(description="Se outro centro já tem este nome, recebe \" (2)\", \" (3)\"…: o primeiro livre")
    ativo: bool | None = Field(None, description="Padrão: como está (ativo, quando é criado)")


@bp.put("/api/centros-custo/origem/<chave>")
@endpoint(resumo="Cria ou altera o centro de custo que outro módulo mantém para um registro seu (ex.: evento:12)",
          body=CentroPorOrigem, responses={200: CentroCusto, 201: CentroCusto, 400: Erro, 409: Erro},
          permissao=(ESCREVER, "operacional:escrever"))
def por_origem(chave: str, body: CentroPorOrigem):
    if not CHAVE_DE_ORIGEM.fullmatch(chave):
        raise Validacao("Verifique os campos destacados",
                        {"chave": "Chave de origem inválida; use o tipo do registro e o seu número, como evento:12"})
    with escrita() as tx:
        centro, criado = centros_custo.por_origem(tx, chave, body.nome, body.ativo)
    return CentroCusto(**centro), 201 if criado else 200


@bp.delete("/api/centros-custo/<int:centro_id>")
@endpoint(resumo="Exclui um centro de custo que nada usa", responses={204: None, 404: Erro, 409: Erro},
          permissao=ESCREVER)
def excluir(centro_id: int):
    with escrita() as tx:
        centros_custo.excluir(tx, centro_id)
    return Response(status=204)
