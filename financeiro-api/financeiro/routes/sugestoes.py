"""/api/extratos/transacoes/<id>/sugestoes: what a statement transaction probably is in the ledger,
ranked, with the reasons (financeiro/conciliacao/sugestoes.py). A read: `financeiro:ler`."""
from dataclasses import asdict
from typing import Literal

from flask import Blueprint
from pydantic import BaseModel, Field

from shared.api import MAX_ID, Dinheiro, Erro, Modelo, endpoint
from shared.app import tenant_transaction
from shared.errors import NaoEncontrado

from financeiro import extratos
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


class Sugestoes(BaseModel):
    items: list[Sugestao]


@bp.get("/api/extratos/transacoes/<int:transacao_id>/sugestoes")
@endpoint(resumo="Sugestões de conciliação de uma transação do extrato, a melhor primeiro, com os motivos",
          query=FiltroSugestoes, responses={200: Sugestoes, 400: Erro, 404: Erro}, permissao=LER)
def sugerir(transacao_id: int, query: FiltroSugestoes):
    with tenant_transaction() as cur:
        transacao = extratos.transacao(cur, transacao_id) if transacao_id <= MAX_ID else None
        if transacao is None:
            raise NaoEncontrado("Transação não encontrada")
        achadas = sugestoes.sugerir(cur, transacao, query.limite)
    return Sugestoes(items=[Sugestao(**asdict(s)) for s in achadas])
