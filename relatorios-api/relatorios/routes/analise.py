"""/api/relatorios/analise: the análise por categoria — validate, read through the cache, serialize."""
from flask import Blueprint
from pydantic import BaseModel, Field

from shared.api import Dinheiro, Erro, endpoint

from relatorios import analise
from relatorios.leitura import responder

bp = Blueprint("analise", __name__)

LER = "relatorios:ler"


class ItemDaAnalise(BaseModel):
    categoria_id: int
    nome: str
    nivel: int = Field(description="1 para uma categoria principal, 2 para uma subcategoria...")
    valor: Dinheiro = Field(description="Inclui as subcategorias")
    percentual: str = Field(pattern=r"^\d+\.\d{2}$", examples=["12.50"],
                            description="% do total, duas casas; as de nível 1 somam 100.00")


class Analise(BaseModel):
    total: Dinheiro
    itens: list[ItemDaAnalise] = Field(description="Na ordem do plano de contas")


@bp.get("/api/relatorios/analise")
@endpoint(resumo="Análise por categoria: receitas ou despesas do período na árvore do plano de contas, com %",
          query=analise.Parametros, responses={200: Analise, 404: Erro}, permissao=LER)
def relatorio(query: analise.Parametros):
    return responder("analise", query, analise.calcular, Analise)
