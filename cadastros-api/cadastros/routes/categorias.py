"""/api/categorias: the chart of categories (plano de contas), flat in code order or as a tree."""
from datetime import datetime
from typing import Annotated, Literal

from flask import Blueprint, Response, g
from pydantic import BaseModel, Field

from shared.api import Erro, Id, Lista, Modelo, Pagina, Texto, cursor, cursor_invalido, endpoint
from shared.app import publicar, tenant_transaction
from shared.auditoria import auditar
from shared.errors import NaoEncontrado

from cadastros import categorias
from cadastros.permissoes import ESCREVER, LER

bp = Blueprint("categorias", __name__)

EVENTO = "cadastros.categoria.alterada"

Nome = Annotated[Texto, Field(min_length=1, max_length=100)]
Tipo = Literal["RECEITA", "DESPESA"]


class NovaCategoria(Modelo):
    nome: Nome
    tipo: Tipo
    parent_id: Id | None = Field(None, description="A categoria mãe (do mesmo tipo); sem ela, uma raiz")


class AlteracaoCategoria(Modelo):
    nome: Nome | None = None
    ativa: bool | None = Field(None, description="Desativar leva junto as subcategorias")


class Movimento(Modelo):
    parent_id: Id | None = Field(description="A nova categoria mãe; null: vira uma raiz")
    posicao: int = Field(strict=True, ge=0,
                         description="Índice (a partir de 0) entre as novas irmãs; além do fim: a última")


class FiltroArvore(Modelo):
    tipo: Tipo | None = None
    ativa: bool | None = None


class FiltroCategorias(FiltroArvore, Pagina):
    q: Texto | None = Field(None, max_length=100,
                            description="Palavras (ou partes) do nome, sem diferença de acentos e maiúsculas")


class Categoria(BaseModel):
    id: int
    nome: str
    tipo: Tipo
    parent_id: int | None
    codigo: str = Field(description='A posição na árvore: "1", "1.01", "1.01.02"')
    nivel: int = Field(description="1 para uma raiz, até 4")
    ordem: int = Field(description="Posição (a partir de 0) entre as irmãs")
    ativa: bool
    criado_em: datetime
    atualizado_em: datetime


class CategoriaNaArvore(Categoria):
    filhos: list["CategoriaNaArvore"]


class Arvore(BaseModel):
    items: list[CategoriaNaArvore]


def _posicao_do_cursor(query: Pagina) -> list[int] | None:
    """The `caminho` of the last category of the previous page."""
    posicao = query.posicao()
    if posicao is None:
        return None
    caminho = posicao.get("caminho")
    if not (isinstance(caminho, list) and 1 <= len(caminho) <= categorias.MAX_NIVEIS
            and all(type(n) is int and 0 <= n < 2**31 for n in caminho)):
        raise cursor_invalido()
    return caminho


@bp.get("/api/categorias")
@endpoint(resumo="Categorias em ordem de código (a árvore achatada)", query=FiltroCategorias,
          responses={200: Lista[Categoria]}, permissao=LER)
def listar(query: FiltroCategorias):
    apos = _posicao_do_cursor(query)
    with tenant_transaction() as cur:
        linhas = categorias.listar(cur, query.tipo, query.ativa, query.q, apos, query.limit + 1)
    proximo = cursor({"caminho": linhas[query.limit - 1]["caminho"]}) if len(linhas) > query.limit else None
    return Lista[Categoria](items=linhas[: query.limit], next_cursor=proximo)


@bp.get("/api/categorias/arvore")
@endpoint(resumo="A árvore inteira de categorias, para escolhas (sem paginação)", query=FiltroArvore,
          responses={200: Arvore}, permissao=LER)
def arvore(query: FiltroArvore):
    with tenant_transaction() as cur:
        return Arvore(items=categorias.arvore(cur, query.tipo, query.ativa))


@bp.get("/api/categorias/<int:categoria_id>")
@endpoint(resumo="Uma categoria", responses={200: Categoria}, permissao=LER)
def obter(categoria_id: int):
    with tenant_transaction() as cur:
        categoria = categorias.por_id(cur, categoria_id)
    if categoria is None:
        raise NaoEncontrado("Categoria não encontrada")
    return Categoria(**categoria)


@bp.post("/api/categorias")
@endpoint(resumo="Cria uma categoria, a última entre as irmãs", body=NovaCategoria,
          responses={201: Categoria, 409: Erro}, permissao=ESCREVER)
def criar(body: NovaCategoria):
    with tenant_transaction() as cur:
        categoria = categorias.criar(cur, body.nome, body.tipo, body.parent_id)
        auditar(cur, "criar", "categoria", categoria["id"], depois=categorias.foto(categoria))
        publicar(EVENTO, g.usuario.empresa_id, {"id": categoria["id"], "acao": "criada"})
    return Categoria(**categoria), 201


@bp.put("/api/categorias/<int:categoria_id>")
@endpoint(resumo="Renomeia, ativa ou desativa (com as subcategorias) uma categoria", body=AlteracaoCategoria,
          responses={200: Categoria, 409: Erro}, permissao=ESCREVER)
def alterar(categoria_id: int, body: AlteracaoCategoria):
    with tenant_transaction() as cur:
        for antes, depois in categorias.alterar(cur, categoria_id, body.nome, body.ativa):
            auditar(cur, "alterar", "categoria", depois["id"], categorias.foto(antes), categorias.foto(depois))
            publicar(EVENTO, g.usuario.empresa_id, {"id": depois["id"], "acao": "alterada"})
        categoria = categorias.por_id(cur, categoria_id)
    return Categoria(**categoria)


@bp.post("/api/categorias/<int:categoria_id>/mover")
@endpoint(resumo="Move uma categoria (com as subcategorias) para outra mãe ou posição", body=Movimento,
          responses={200: Categoria, 409: Erro}, permissao=ESCREVER)
def mover(categoria_id: int, body: Movimento):
    with tenant_transaction() as cur:
        antes, depois = categorias.mover(cur, categoria_id, body.parent_id, body.posicao)
        if categorias.foto(antes) != categorias.foto(depois):
            auditar(cur, "mover", "categoria", categoria_id, categorias.foto(antes), categorias.foto(depois))
            publicar(EVENTO, g.usuario.empresa_id, {"id": categoria_id, "acao": "movida"})
    return Categoria(**depois)


@bp.delete("/api/categorias/<int:categoria_id>")
@endpoint(resumo="Exclui uma categoria sem subcategorias e sem uso", responses={204: None, 409: Erro},
          permissao=ESCREVER)
def excluir(categoria_id: int):
    with tenant_transaction() as cur:
        antes = categorias.excluir(cur, categoria_id)
        auditar(cur, "excluir", "categoria", categoria_id, antes=categorias.foto(antes))
        publicar(EVENTO, g.usuario.empresa_id, {"id": categoria_id, "acao": "excluida"})
    return Response(status=204)
