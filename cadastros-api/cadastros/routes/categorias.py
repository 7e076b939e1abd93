"""/api/categorias: the chart of categories (plano de contas), flat in code order or as a tree.

The tree's rules, and what each write audits and publishes, are cadastros/categorias.py's."""
from datetime import datetime
from typing import Annotated, Literal

from flask import Blueprint, Response
from pydantic import BaseModel, Field

from shared.api import Erro, Id, Lista, Modelo, Pagina, Texto, endpoint, pagina
from shared.app import escrita, tenant_transaction
from shared.errors import NaoEncontrado

from cadastros import categorias, modelo_de_categorias
from cadastros.permissoes import ESCREVER, LER

bp = Blueprint("categorias", __name__)

Nome = Annotated[Texto, Field(min_length=1, max_length=100)]
Tipo = Literal["RECEITA", "DESPESA"]
GrupoDre = Literal[tuple(dict.fromkeys(g for grupos in categorias.GRUPOS_DRE.values() for g in grupos))]
_SOBRE_O_GRUPO = ("A linha do DRE onde os valores da categoria entram; do mesmo tipo (uma receita não vai num grupo "
                  "de despesa). nao_operacional: transferências, aportes, retiradas e empréstimos, fora do resultado")


class NovaCategoria(Modelo):
    nome: Nome
    tipo: Tipo
    parent_id: Id | None = Field(None, description="A categoria mãe (do mesmo tipo); sem ela, uma raiz")
    grupo_dre: GrupoDre | None = Field(None, description=_SOBRE_O_GRUPO + "; sem ele: o que o nome indica "
                                       "(impostos, tarifas...), senão o da mãe, senão o do tipo")


class AlteracaoCategoria(Modelo):
    nome: Nome | None = None
    ativa: bool | None = Field(None, description="Desativar leva junto as subcategorias")
    grupo_dre: GrupoDre | None = Field(None, description=_SOBRE_O_GRUPO + "; só desta categoria, não das subcategorias")


class Movimento(Modelo):
    parent_id: Id | None = Field(description="A nova categoria mãe; null: vira uma raiz")
    posicao: int = Field(strict=True, ge=0,
                         description="Índice (a partir de 0) entre as novas irmãs; além do fim: a última")


class AplicacaoDoModelo(Modelo):
    modelo: modelo_de_categorias.MODELOS = Field(
        modelo_de_categorias.PADRAO, description="O plano sugerido; por enquanto, o de um estúdio de fotografia")


class ResultadoDoModelo(BaseModel):
    criadas: int = Field(description="Categorias do modelo que a empresa não tinha e foram criadas")
    existentes: int = Field(description="Categorias do modelo que a empresa já tinha (pelo nome) e ficaram como estavam")


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
    grupo_dre: GrupoDre = Field(description=_SOBRE_O_GRUPO)
    criado_em: datetime
    atualizado_em: datetime


class CategoriaNaArvore(Categoria):
    filhos: list["CategoriaNaArvore"]


class Arvore(BaseModel):
    items: list[CategoriaNaArvore]


@bp.get("/api/categorias")
@endpoint(resumo="Categorias em ordem de código (a árvore achatada)", query=FiltroCategorias,
          responses={200: Lista[Categoria]}, permissao=LER)
def listar(query: FiltroCategorias):
    apos = query.apos(categorias.PosicaoCategoria)
    with tenant_transaction() as cur:
        linhas = categorias.listar(cur, query.tipo, query.ativa, query.q, apos, query.limit + 1)
    return Lista[Categoria](**pagina(linhas, query, lambda c: categorias.PosicaoCategoria(caminho=c["caminho"])))


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
    with escrita() as tx:
        categoria = categorias.criar(tx, body.nome, body.tipo, body.parent_id, body.grupo_dre)
    return Categoria(**categoria), 201


@bp.post("/api/categorias/modelo")
@endpoint(resumo="Completa o plano de contas com o modelo sugerido, sem repetir nomes que já existem",
          body=AplicacaoDoModelo, body_opcional=True, responses={201: ResultadoDoModelo}, permissao=ESCREVER)
def aplicar_modelo(body: AplicacaoDoModelo):
    with escrita() as tx:
        resultado = modelo_de_categorias.aplicar(tx, body.modelo)
    return ResultadoDoModelo(**resultado), 201


@bp.put("/api/categorias/<int:categoria_id>")
@endpoint(resumo="Renomeia, muda o grupo do DRE, ativa ou desativa (com as subcategorias) uma categoria", body=AlteracaoCategoria,
          responses={200: Categoria, 409: Erro}, permissao=ESCREVER)
def alterar(categoria_id: int, body: AlteracaoCategoria):
    with escrita() as tx:
        categoria = categorias.alterar(tx, categoria_id, body.nome, body.ativa, body.grupo_dre)
    return Categoria(**categoria)


@bp.post("/api/categorias/<int:categoria_id>/mover")
@endpoint(resumo="Move uma categoria (com as subcategorias) para outra mãe ou posição", body=Movimento,
          responses={200: Categoria, 409: Erro}, permissao=ESCREVER)
def mover(categoria_id: int, body: Movimento):
    with escrita() as tx:
        categoria = categorias.mover(tx, categoria_id, body.parent_id, body.posicao)
    return Categoria(**categoria)


@bp.delete("/api/categorias/<int:categoria_id>")
@endpoint(resumo="Exclui uma categoria sem subcategorias e sem uso", responses={204: None, 409: Erro},
          permissao=ESCREVER)
def excluir(categoria_id: int):
    with escrita() as tx:
        categorias.excluir(tx, categoria_id)
    return Response(status=204)
