"""/api/lancamentos/contratos/<id>: the receivables of an operacional contract, as a desired state.

operacional-api saves a contract and says here which parcelas it has; financeiro creates, changes
or cancels its RECEITA lançamentos to match (financeiro/parcelas_de_contrato.py decides). Writing
needs `financeiro:escrever` or `operacional:escrever` (whoever may save a contract). The request is
idempotent by its nature — the same body twice leaves everything as the first left it — so an
`Idempotency-Key` header the caller sends is welcome and needs no storage here.
"""
from datetime import date
from typing import Annotated

from flask import Blueprint
from pydantic import BaseModel, Field, field_validator

from shared.api import Data, Dinheiro, Erro, Id, Modelo, Opcional, Texto, endpoint
from shared.app import escrita

from financeiro import parcelas_de_contrato
from financeiro.permissoes import ESCREVER
from financeiro.routes.lancamentos import Positivo, Status, valores

bp = Blueprint("parcelas_de_contrato", __name__)

MAXIMO_DE_PARCELAS = 240


class ParcelaPedida(Modelo):
    chave: Annotated[Texto, Field(min_length=1, max_length=100, description=(
        "Identifica a parcela para sempre (ex.: contrato:12:parcela:3); a mesma chave de novo altera a mesma parcela"))]
    numero: int = Field(ge=1, le=MAXIMO_DE_PARCELAS)
    valor: Positivo
    vencimento: Data


class ParcelasDeContrato(Modelo):
    cliente_id: Id
    conta_id: Id
    categoria_id: Id = Field(description="Uma categoria de receita")
    centro_custo_id: Opcional[Id] = Field(None, description="O centro de custo de cada parcela (o do evento)")
    # Room for " — parcela 240/240" within the lançamento's 200 characters.
    descricao: Annotated[Texto, Field(min_length=1, max_length=180, description=(
        "Cada parcela se chama \"<descricao> — parcela N/Q\""))]
    cancelado: bool = Field(False, description="Contrato cancelado: cancela todas as parcelas em aberto")
    parcelas: list[ParcelaPedida] = Field(default_factory=list, max_length=MAXIMO_DE_PARCELAS)

    @field_validator("parcelas")
    @classmethod
    def _sem_repeticao(cls, parcelas):
        for campo in ("chave", "numero"):
            vistos = set()
            for parcela in parcelas:
                if getattr(parcela, campo) in vistos:
                    raise ValueError(f"{campo} {getattr(parcela, campo)} repetido; cada parcela tem o seu")
                vistos.add(getattr(parcela, campo))
        return parcelas


class ParcelaDoContrato(BaseModel):
    chave: str
    lancamento_id: int
    numero: int
    valor: Dinheiro
    vencimento: date
    status: Status
    valor_pago: Dinheiro
    divergente: bool = Field(description=(
        "Tem pagamento e por isso ficou como estava, com valor ou vencimento diferente do pedido "
        "(ou não foi mais pedida): os valores dela prevalecem"))


class ResultadoDoContrato(BaseModel):
    contrato_id: int
    parcelas: list[ParcelaDoContrato] = Field(description="As parcelas que valem (não canceladas), por número")
    criadas: int
    alteradas: int
    canceladas: int


@bp.put("/api/lancamentos/contratos/<int:contrato_id>")
@endpoint(resumo="Define as parcelas a receber de um contrato do Operacional (cria, altera e cancela as em aberto)",
          body=ParcelasDeContrato, responses={200: ResultadoDoContrato, 400: Erro, 404: Erro, 409: Erro},
          permissao=(ESCREVER, "operacional:escrever"))
def sincronizar(contrato_id: int, body: ParcelasDeContrato):
    with escrita() as tx:
        resultado = parcelas_de_contrato.sincronizar(tx, contrato_id, valores(body))
    return ResultadoDoContrato(**resultado)
