"""/api/lancamentos/<id>/baixas and /api/baixas/<id>: the payments of a lançamento, and undoing one.

A baixa records money that moved: `valor` is the principal it settles, juros and multa were paid
on top and desconto given off it. Registering or undoing one changes the lançamento's status and
the conta's balance (the trigger in migrations/0003_lancamentos.sql); both are audited and
publish LANCAMENTO_ALTERADO (financeiro/baixas.py decides and does; these routes parse and answer).
"""
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from flask import Blueprint, Response
from pydantic import BaseModel, Field

from shared.api import Data, Dinheiro, Erro, Id, Lista, Modelo, Texto, endpoint
from shared.app import escrita, tenant_transaction

from financeiro import baixas
from financeiro.permissoes import ESCREVER, LER

bp = Blueprint("baixas", __name__)

NaoNegativo = Annotated[Dinheiro, Field(ge=0)]


class NovaBaixa(Modelo):
    valor: Annotated[Dinheiro, Field(gt=0)] | None = Field(None, description="Principal baixado; padrão: o valor em aberto")
    data: Data | None = Field(None, description="Padrão: hoje, em Brasília")
    conta_id: Id | None = Field(None, description="De onde saiu ou onde entrou o dinheiro; padrão: a conta do lançamento")
    juros: NaoNegativo = Decimal("0.00")
    multa: NaoNegativo = Decimal("0.00")
    desconto: NaoNegativo = Decimal("0.00")
    observacao: Annotated[Texto, Field(max_length=500)] | None = None


class Baixa(BaseModel):
    id: int
    lancamento_id: int
    conta_id: int
    conta_nome: str
    data: date
    valor: Dinheiro
    juros: Dinheiro
    multa: Dinheiro
    desconto: Dinheiro
    valor_movimentado: Dinheiro = Field(description="O que entrou ou saiu da conta: valor + juros + multa - desconto")
    observacao: str | None
    criado_em: datetime


@bp.get("/api/lancamentos/<int:lancamento_id>/baixas")
@endpoint(resumo="As baixas de um lançamento, por data", responses={200: Lista[Baixa], 404: Erro}, permissao=LER)
def listar(lancamento_id: int):
    with tenant_transaction() as cur:
        _, linhas = baixas.lancamento_com_baixas(cur, lancamento_id)  # 404 when it is not the empresa's
    return Lista[Baixa].inteira(linhas)


@bp.post("/api/lancamentos/<int:lancamento_id>/baixas")
@endpoint(resumo="Registra um pagamento (total ou parcial) de um lançamento", body=NovaBaixa,
          responses={201: Baixa, 404: Erro, 409: Erro}, permissao=ESCREVER)
def criar(lancamento_id: int, body: NovaBaixa):
    with escrita() as tx:
        baixa = baixas.baixar(tx, lancamento_id, dict(body))  # the values themselves, not their JSON text
    return Baixa(**baixa), 201


@bp.delete("/api/baixas/<int:baixa_id>")
@endpoint(resumo="Estorna uma baixa: o lançamento volta a ter esse valor em aberto; uma baixa conciliada "
                 "com o extrato só depois de desfeita a conciliação",
          responses={204: None, 404: Erro, 409: Erro}, permissao=ESCREVER)
def estornar(baixa_id: int):
    with escrita() as tx:
        baixas.estornar(tx, baixa_id)
    return Response(status=204)
