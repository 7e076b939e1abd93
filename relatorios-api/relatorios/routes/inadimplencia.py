"""/api/relatorios/inadimplencia (aging as of a date, and a cliente's drill-down) and
/api/relatorios/extrato-cliente/<id>: validate, read through the cache, serialize."""
from datetime import date
from typing import Literal

from flask import Blueprint
from pydantic import BaseModel, Field

from shared.api import Dinheiro, Erro, endpoint

from relatorios import extrato_cliente, inadimplencia
from relatorios.leitura import responder

bp = Blueprint("inadimplencia", __name__)

LER = "relatorios:ler"

Faixa = Literal["a_vencer", "1_30", "31_60", "61_90", "mais_90"]


class ValorDaFaixa(BaseModel):
    faixa: Faixa = Field(description="a_vencer: vence na data base ou depois; as outras: dias de atraso")
    valor: Dinheiro
    quantidade: int = Field(description="Quantos lançamentos")


class ClienteEmAberto(BaseModel):
    cliente_id: int | None = Field(description="Nulo: lançamentos sem cliente")
    nome: str
    total: Dinheiro
    faixas: dict[Faixa, Dinheiro] = Field(description="O total do cliente em cada faixa")


class Inadimplencia(BaseModel):
    data_base: date
    total: Dinheiro = Field(description="Em aberto na data base (com `centro_custo_id`, a parte do centro); a soma "
                                        "exata das faixas")
    faixas: list[ValorDaFaixa]
    clientes: list[ClienteEmAberto] = Field(description="Do maior total ao menor")


class Cliente(BaseModel):
    id: int
    nome: str


class LancamentoEmAberto(BaseModel):
    lancamento_id: int
    descricao: str
    documento: str | None
    data_vencimento: date
    valor: Dinheiro = Field(description="O valor do lançamento")
    aberto: Dinheiro = Field(
        description="Quanto estava em aberto na data base (com `centro_custo_id`, a parte do centro)")
    dias_atraso: int
    faixa: Faixa


class InadimplenciaDoCliente(BaseModel):
    data_base: date
    cliente: Cliente
    total: Dinheiro
    faixas: list[ValorDaFaixa]
    lancamentos: list[LancamentoEmAberto] = Field(description="Por vencimento")


class Movimento(BaseModel):
    data: date
    tipo: Literal["cobranca", "pagamento"]
    lancamento_id: int
    descricao: str
    documento: str | None
    cobrado: Dinheiro = Field(description="Cobrança: o valor; pagamento: juros e multa cobrados nele")
    pago: Dinheiro = Field(description="O dinheiro recebido")
    desconto: Dinheiro
    saldo: Dinheiro = Field(description="Quanto o cliente devia depois deste movimento (negativo: crédito)")


class ExtratoCliente(BaseModel):
    cliente: Cliente
    de: date
    ate: date
    saldo_anterior: Dinheiro
    cobrado: Dinheiro
    pago: Dinheiro
    desconto: Dinheiro
    saldo_final: Dinheiro = Field(description="saldo_anterior + cobrado − pago − desconto")
    movimentos: list[Movimento]


@bp.get("/api/relatorios/inadimplencia")
@endpoint(resumo="Inadimplência: as receitas em aberto numa data base, por faixa de atraso e por cliente",
          query=inadimplencia.Parametros, responses={200: Inadimplencia, 400: Erro, 404: Erro}, permissao=LER)
def relatorio(query: inadimplencia.Parametros):
    return responder("inadimplencia", query, inadimplencia.calcular, Inadimplencia)


@bp.get("/api/relatorios/inadimplencia/clientes/<int:cliente_id>")
@endpoint(resumo="Os lançamentos de um cliente em aberto na data base, com dias de atraso e faixa",
          query=inadimplencia.Parametros, responses={200: InadimplenciaDoCliente, 400: Erro, 404: Erro}, permissao=LER)
def do_cliente(cliente_id: int, query: inadimplencia.Parametros):
    return responder(f"inadimplencia-cliente:{cliente_id}", query,
                     lambda cur, p: inadimplencia.do_cliente(cur, cliente_id, p), InadimplenciaDoCliente)


@bp.get("/api/relatorios/extrato-cliente/<int:cliente_id>")
@endpoint(resumo="Extrato do cliente: o que lhe foi cobrado e o que pagou no período, com o saldo",
          query=extrato_cliente.Periodo, responses={200: ExtratoCliente, 404: Erro}, permissao=LER)
def extrato(cliente_id: int, query: extrato_cliente.Periodo):
    # The question as an export asks it too (relatorios/catalogo.py): the cliente is one of its parameters.
    parametros = extrato_cliente.Parametros(cliente_id=cliente_id, de=query.de, ate=query.ate)
    return responder("extrato-cliente", parametros, extrato_cliente.calcular, ExtratoCliente)
