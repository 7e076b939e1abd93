"""/api/extratos/transacoes/<id>/sugestoes: what a statement transaction probably is in the ledger,
ranked, with the reasons (financeiro/conciliacao/sugestoes.py). A read: `financeiro:ler`."""
from datetime import date
from typing import Literal

from flask import Blueprint
from pydantic import BaseModel, Field

from shared.api import MAX_ID, Dinheiro, Erro, Modelo, endpoint
from shared.app import tenant_transaction
from shared.errors import NaoEncontrado

from financeiro.conciliacao import sugestoes
from financeiro.permissoes import LER

bp = Blueprint("sugestoes", __name__)

MAXIMO = 20


class FiltroSugestoes(Modelo):
    limite: int = Field(5, ge=1, le=MAXIMO, description=f"Quantas sugestões, as melhores (máximo {MAXIMO})")


class NovoLancamento(BaseModel):
    categoria_id: int
    cliente_id: int | None
    fornecedor_id: int | None
    descricao: str


class LancamentoSugerido(BaseModel):
    """What the screen shows of a lançamento a suggestion names, so it needs no other request."""

    id: int
    descricao: str
    data_vencimento: date
    valor_aberto: Dinheiro
    cliente_nome: str | None
    fornecedor_nome: str | None
    serie_numero: int | None
    serie_quantidade: int | None


class BaixaSugerida(BaseModel):
    id: int
    lancamento_id: int
    data: date
    valor_movimentado: Dinheiro


class Sugestao(BaseModel):
    tipo: Literal["LANCAMENTOS", "BAIXAS", "NOVO_LANCAMENTO"] = Field(
        description="LANCAMENTOS: baixas a registrar em lançamentos em aberto; BAIXAS: pagamentos já "
                    "registrados, ainda não conciliados; NOVO_LANCAMENTO: criar o lançamento que uma regra sugere")
    transacao_ids: list[int] = Field(description="Inclui sempre a transação pedida; mais de uma quando várias "
                                                 "transações pagam um lançamento")
    lancamento_ids: list[int]
    baixa_ids: list[int]
    score: float = Field(ge=0, le=1)
    motivos: list[str] = Field(description="Os motivos, o mais forte primeiro")
    tratar_diferenca: Literal["PAGAMENTO_PARCIAL", "JUROS_OU_DESCONTO"] | None = Field(
        description="Como confirmar quando os valores diferem; nulo quando são iguais")
    diferenca: Dinheiro = Field(description="Valor das transações menos o em aberto (positivo: pagou a mais)")
    regra_id: int | None
    regra_nome: str | None
    novo_lancamento: NovoLancamento | None
    lancamentos: list[LancamentoSugerido] = Field(description="Os de lancamento_ids, na mesma ordem")
    baixas: list[BaixaSugerida] = Field(description="As de baixa_ids, na mesma ordem")


class Sugestoes(BaseModel):
    items: list[Sugestao]


@bp.get("/api/extratos/transacoes/<int:transacao_id>/sugestoes")
@endpoint(resumo="Sugestões de conciliação de uma transação do extrato, a melhor primeiro, com os motivos",
          query=FiltroSugestoes, responses={200: Sugestoes, 400: Erro, 404: Erro}, permissao=LER)
def sugerir(transacao_id: int, query: FiltroSugestoes):
    if transacao_id > MAX_ID:
        raise NaoEncontrado("Transação não encontrada")
    with tenant_transaction() as cur:
        achadas = sugestoes.da_transacao(cur, transacao_id, query.limite)
    return Sugestoes(items=[Sugestao(**s) for s in achadas])
