"""/api/relatorios/comparativo: two periods side by side per categoria — validate, read through the
cache, serialize."""
from datetime import date

from flask import Blueprint
from pydantic import BaseModel, Field

from shared.api import Dinheiro, Erro, endpoint

from relatorios import comparativo
from relatorios.leitura import responder

bp = Blueprint("comparativo", __name__)

LER = "relatorios:ler"

Percentual = str | None
DESCRICAO_DO_PERCENTUAL = "(B − A) ÷ |A| em pontos percentuais, duas casas (\"-12.50\"); nulo quando A é zero"


class Comparacao(BaseModel):
    a: Dinheiro = Field(description="No período A (a base)")
    b: Dinheiro = Field(description="No período B (o atual)")
    variacao: Dinheiro = Field(description="B − A")
    variacao_percentual: Percentual = Field(pattern=r"^-?\d+\.\d{2}$", examples=["12.50"],
                                            description=DESCRICAO_DO_PERCENTUAL)


class ItemDoComparativo(Comparacao):
    categoria_id: int
    nome: str
    nivel: int = Field(description="1 para uma categoria principal, 2 para uma subcategoria...")


class TipoNoComparativo(BaseModel):
    total: Comparacao = Field(description="Todas as categorias do tipo")
    itens: list[ItemDoComparativo] = Field(
        description="Na ordem do plano de contas; cada valor inclui as subcategorias; só as com valor em A ou B")


class PeriodoComparado(BaseModel):
    de: date
    ate: date


class Comparativo(BaseModel):
    a: PeriodoComparado = Field(description="O período base")
    b: PeriodoComparado = Field(description="O período comparado (o atual)")
    receitas: TipoNoComparativo
    despesas: TipoNoComparativo
    fora_do_resultado: Comparacao = Field(
        description="Aportes menos retiradas dos sócios (grupo DRE nao_operacional): nos totais, fora do resultado")
    resultado: Comparacao = Field(
        description="O resultado do período da DRE: receitas − despesas − fora_do_resultado")


@bp.get("/api/relatorios/comparativo")
@endpoint(resumo="Comparativo: receitas e despesas de dois períodos por categoria, com a variação em R$ e %",
          query=comparativo.Parametros, responses={200: Comparativo, 404: Erro}, permissao=LER)
def relatorio(query: comparativo.Parametros):
    return responder("comparativo", query, comparativo.calcular, Comparativo)
