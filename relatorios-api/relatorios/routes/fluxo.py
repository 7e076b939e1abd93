"""GET /api/relatorios/fluxo-caixa: the realized cash flow (relatorios/fluxo.py). Reading needs
`relatorios:ler`; the answer comes through the cache (relatorios/leitura.py)."""
from datetime import date

from flask import Blueprint
from pydantic import BaseModel, Field

from shared.api import Dinheiro, Erro, endpoint

from relatorios import fluxo, leitura

bp = Blueprint("fluxo", __name__)

LER = "relatorios:ler"


class Periodo(BaseModel):
    inicio: date
    fim: date
    entradas: Dinheiro = Field(description="O que entrou nas contas no período (recebimentos, com juros e multa)")
    saidas: Dinheiro = Field(description="O que saiu das contas no período (pagamentos, com juros e multa)")
    saldo_final: Dinheiro = Field(description="Saldo ao fim do último dia do período")


class FluxoDeCaixa(BaseModel):
    saldo_inicial: Dinheiro = Field(description="Saldo no começo de `de`: saldos iniciais das contas e o que se "
                                                "movimentou antes (a partir da data do saldo inicial de cada conta). "
                                                "Por centro de custo o saldo começa em zero: é o resultado de caixa "
                                                "acumulado do centro")
    entradas: Dinheiro
    saidas: Dinheiro
    saldo_final: Dinheiro = Field(description="saldo_inicial + entradas − saídas; com `ate` hoje e sem centro de "
                                              "custo, a soma dos saldos atuais das contas")
    periodos: list[Periodo]


@bp.get("/api/relatorios/fluxo-caixa")
@endpoint(resumo="Fluxo de caixa realizado: o dinheiro que entrou e saiu das contas, por dia, semana ou mês",
          query=fluxo.Parametros, responses={200: FluxoDeCaixa, 400: Erro, 404: Erro}, permissao=LER)
def fluxo_caixa(query: fluxo.Parametros):
    return leitura.responder("fluxo-caixa", query, fluxo.calcular, FluxoDeCaixa)
