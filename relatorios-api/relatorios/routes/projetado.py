"""GET /api/relatorios/fluxo-caixa/projetado: the projected cash flow (relatorios/projetado.py).
Reading needs `relatorios:ler`; the answer comes through the cache (relatorios/leitura.py)."""
from datetime import date

from flask import Blueprint
from pydantic import BaseModel, Field

from shared.api import Dinheiro, Erro, endpoint

from relatorios import leitura, projetado
from relatorios.routes.fluxo import LER

bp = Blueprint("projetado", __name__)


class Dia(BaseModel):
    data: date
    entradas: Dinheiro = Field(description="Receitas em aberto esperadas no dia")
    saidas: Dinheiro = Field(description="Despesas em aberto esperadas no dia")
    saldo: Dinheiro = Field(description="Saldo previsto ao fim do dia")


class MenorSaldo(BaseModel):
    data: date = Field(description="O primeiro dia em que o saldo previsto é o menor")
    valor: Dinheiro


class QuantosQuanto(BaseModel):
    quantidade: int
    valor: Dinheiro


class Vencidos(BaseModel):
    receber: QuantosQuanto
    pagar: QuantosQuanto


class FluxoProjetado(BaseModel):
    saldo_atual: Dinheiro = Field(description="Soma dos saldos atuais das contas. Por centro de custo o saldo começa "
                                              "em zero: é o resultado de caixa acumulado do centro")
    dias: list[Dia]
    menor_saldo: MenorSaldo
    vencidos: Vencidos = Field(description="Em aberto com vencimento antes de hoje (depois do cenário de atraso); "
                                           "contados em hoje ou fora dos dias, conforme `vencidos`")


@bp.get("/api/relatorios/fluxo-caixa/projetado")
@endpoint(resumo="Fluxo de caixa projetado: o saldo previsto dia a dia pelo que está a receber e a pagar",
          query=projetado.Parametros, responses={200: FluxoProjetado, 400: Erro, 404: Erro}, permissao=LER)
def fluxo_projetado(query: projetado.Parametros):
    return leitura.responder("fluxo-caixa-projetado", query, projetado.calcular, FluxoProjetado)
