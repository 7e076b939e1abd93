"""GET /api/relatorios/eventos: the resultado por evento, por tipo or por fotógrafo
(relatorios/resultado_eventos.py) — validate, read through the cache, serialize.

Cached like every report, keyed also by the generations of operacional (the eventos, their
equipe), auth and rh (the fotógrafos' names), which it reads besides financeiro and cadastros.
"""
from datetime import date
from typing import Literal

from flask import Blueprint
from pydantic import BaseModel, Field

from shared.api import Dinheiro, Erro, endpoint

from relatorios import resultado_eventos
from relatorios.leitura import DOMINIOS, responder

bp = Blueprint("resultado_eventos", __name__)

LER = "relatorios:ler"
PERCENTUAL = {"pattern": r"^-?\d+\.\d{2}$", "examples": ["35.20"]}


class Figuras(BaseModel):
    quantidade: int = Field(description="Quantos eventos a linha soma")
    receita: Dinheiro = Field(description="Receitas do centro de custo de cada evento, em toda a vida dele")
    custo: Dinheiro = Field(description="Despesas do centro de custo de cada evento, em toda a vida dele")
    margem: Dinheiro = Field(description="receita − custo")
    margem_percentual: str | None = Field(None, **PERCENTUAL,
                                          description="margem ÷ receita × 100, duas casas; null quando a receita é 0")


class Linha(Figuras):
    chave: str = Field(description="O id do evento ou do tipo, \"u<id>\" (usuário), \"c<id>\" (funcionário) ou "
                                   "\"f<id>\" (fornecedor) do fotógrafo, ou \"sem\" (sem tipo, sem fotógrafo "
                                   "principal)")
    rotulo: str = Field(description="O nome do evento, do tipo ou do fotógrafo")
    evento_id: int | None = Field(None, description="Por evento")
    data_inicio: date | None = Field(None, description="Por evento")
    etapa: str | None = Field(None, description="Por evento: lead, orcamento, contratado, em_producao, entregue, "
                                                "concluido, perdido, cancelado")
    tipo: str | None = Field(None, description="Por evento: o nome do tipo")
    cliente: str | None = Field(None, description="Por evento: o nome do cliente")
    fotografo: str | None = Field(None, description="Por evento: o nome do fotógrafo principal")
    centro_custo_id: int | None = Field(None, description="Por evento: o centro de custo, para abrir os lançamentos "
                                                          "dele no Financeiro; null enquanto não foi criado")
    tipo_id: int | None = Field(None, description="Por tipo")
    usuario_id: int | None = Field(None, description="Por fotógrafo: um usuário da empresa")
    fornecedor_id: int | None = Field(None, description="Por fotógrafo: um fornecedor (freelancer)")
    funcionario_id: int | None = Field(None, description="Por fotógrafo: um funcionário do RH")


class ResultadoEventos(BaseModel):
    de: date
    ate: date
    agrupar: Literal["evento", "tipo", "fotografo"]
    regime: Literal["competencia", "caixa"]
    linhas: list[Linha] = Field(description="Por evento: pela data de início; por tipo e por fotógrafo: pelo nome, "
                                            "a linha \"Sem …\" por último")
    total: Figuras = Field(description="Todos os eventos do período: a soma das linhas")
    sem_centro_custo: int = Field(description="Eventos ainda sem centro de custo (sem valores a mostrar)")


@bp.get("/api/relatorios/eventos")
@endpoint(resumo="Resultado por evento, por tipo de evento ou por fotógrafo: receita, custo e margem de cada "
                 "evento iniciado no período, por competência ou caixa",
          query=resultado_eventos.Parametros, responses={200: ResultadoEventos, 400: Erro}, permissao=LER)
def relatorio(query: resultado_eventos.Parametros):
    return responder("resultado-eventos", query, resultado_eventos.calcular, ResultadoEventos,
                     (*DOMINIOS, "operacional", "auth", "rh"))
