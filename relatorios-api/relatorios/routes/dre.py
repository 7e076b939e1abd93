"""GET /api/relatorios/dre: the DRE gerencial (relatorios/dre.py) — validate, read through the
cache, serialize."""
from datetime import date
from typing import Literal

from flask import Blueprint
from pydantic import BaseModel, Field

from shared.api import Dinheiro, Erro, endpoint

from relatorios import dre
from relatorios.leitura import responder

bp = Blueprint("dre", __name__)

LER = "relatorios:ler"
PERCENTUAL = {"pattern": r"^-?\d+\.\d{2}$", "examples": ["12.50"]}


class Coluna(BaseModel):
    chave: str = Field(description="O mês (\"2026-01\"), o id do centro de custo (\"0\": sem centro) ou \"total\"")
    rotulo: str = Field(description="Como a tela a intitula: \"jan/2026\", o nome do centro, \"Total\"")
    de: date = Field(description="Primeiro dia que a coluna conta")
    ate: date = Field(description="Último dia que a coluna conta")
    centro_custo_id: int | None = Field(None, description="Só nas colunas por centro de custo (0: sem centro)")


class Variacao(BaseModel):
    anterior: Dinheiro = Field(description="O valor de referência: a coluna anterior (o 1º mês, o último do período "
                                           "anterior) ou, para centro e total, o mesmo no período anterior")
    valor: Dinheiro = Field(description="Valor da coluna − anterior")
    percentual: str | None = Field(None, **PERCENTUAL,
                                   description="valor ÷ |anterior| × 100, duas casas; null quando anterior é 0")


class CategoriaDaLinha(BaseModel):
    categoria_id: int
    nome: str
    nivel: int = Field(description="1 para uma categoria principal, 2 para uma subcategoria...")
    valores: list[Dinheiro] = Field(description="Por coluna, com as subcategorias do mesmo grupo da DRE")
    total: Dinheiro


class LinhaDaDre(BaseModel):
    chave: str = Field(description="receita_bruta, deducoes, receita_liquida ... resultado_do_periodo; "
                                   "nao_operacional_entradas e nao_operacional_saidas fora do resultado")
    rotulo: str
    tipo: Literal["grupo", "subtotal"] = Field(description="grupo: soma das categorias do grupo, sempre positiva, "
                                                           "o sinal no rótulo; subtotal: soma das linhas acima")
    valores: list[Dinheiro] = Field(description="Um por coluna, na ordem de `colunas`")
    total: Dinheiro = Field(description="O período todo: a soma das colunas")
    vertical: list[str | None] = Field(description="% da receita líquida da coluna, duas casas; null quando ela é 0")
    vertical_total: str | None = Field(None, **PERCENTUAL, description="% da receita líquida do período")
    horizontal: list[Variacao] = Field(description="Por coluna: contra o mês anterior, ou o mesmo centro no "
                                                   "período anterior")
    horizontal_total: Variacao = Field(description="O total contra o do período anterior")
    categorias: list[CategoriaDaLinha] = Field(description="Linhas de grupo: as categorias do grupo em árvore, na "
                                                           "ordem do plano de contas; subtotais: vazia")


class PeriodoAnterior(BaseModel):
    de: date
    ate: date


class Dre(BaseModel):
    de: date
    ate: date
    regime: Literal["competencia", "caixa"]
    centro_custo_id: int | None
    colunas: list[Coluna]
    periodo_anterior: PeriodoAnterior = Field(description="O período de mesma duração logo antes, da análise "
                                                          "horizontal")
    linhas: list[LinhaDaDre] = Field(description="Na ordem da DRE, de receita bruta a resultado do período")
    fora_do_resultado: list[LinhaDaDre] = Field(description="Aportes, retiradas, transferências e empréstimos "
                                                            "(grupo não operacional): fora do resultado")


@bp.get("/api/relatorios/dre")
@endpoint(resumo="DRE gerencial: receita bruta a resultado do período, por mês, centro de custo ou total, "
                 "com análise vertical e horizontal",
          query=dre.Parametros, responses={200: Dre, 400: Erro, 404: Erro}, permissao=LER)
def relatorio(query: dre.Parametros):
    return responder("dre", query, dre.calcular, Dre)
