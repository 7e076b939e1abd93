"""/api/relatorios/indicadores: the period's indicators, each with its formula and figures —
validate, read through the cache, serialize."""
from datetime import date
from typing import Literal

from flask import Blueprint
from pydantic import BaseModel, Field

from shared.api import Erro, endpoint

from relatorios import indicadores
from relatorios.leitura import responder

bp = Blueprint("indicadores", __name__)

LER = "relatorios:ler"


class Indicador(BaseModel):
    chave: Literal["margem_bruta", "margem_liquida", "despesas_fixas", "despesas_variaveis", "margem_contribuicao",
                   "indice_margem_contribuicao", "ponto_equilibrio", "quantidade_de_receitas", "ticket_medio",
                   "prazo_medio_recebimento", "prazo_medio_pagamento", "inadimplencia"]
    nome: str = Field(description="Como a tela o chama")
    unidade: Literal["dinheiro", "percentual", "dias", "inteiro"]
    valor: str | None = Field(
        pattern=r"^-?\d+(\.\d{1,2})?$", examples=["27.03"],
        description="dinheiro \"1234.56\"; percentual em pontos, duas casas; dias e contagens inteiros; "
                    "nulo quando o divisor é zero (a fórmula diz por quê)")
    formula: str = Field(description="A fórmula com os números, em pt-BR: \"Margem líquida = resultado do período ÷ "
                                     "receita líquida = 12.345,67 ÷ 45.678,90 = 27,03 %\"")
    componentes: dict[str, str] = Field(
        description="Os números da fórmula pelo nome: dinheiro como \"1234.56\", contagens e dias inteiros")


class Indicadores(BaseModel):
    de: date
    ate: date
    posicao: date = Field(description="A data das posições em aberto (PMR, PMP, inadimplência): `ate`, ou hoje "
                                      "quando `ate` é depois de hoje")
    indicadores: list[Indicador]


@bp.get("/api/relatorios/indicadores")
@endpoint(resumo="Indicadores do período (margens, ticket médio, prazos médios, inadimplência, ponto de equilíbrio) "
                 "com as fórmulas e os números",
          query=indicadores.Parametros, responses={200: Indicadores, 404: Erro}, permissao=LER)
def relatorio(query: indicadores.Parametros):
    return responder("indicadores", query, indicadores.calcular, Indicadores)
