"""/api/folha/<id>/pagamento: the salary payment file (CNAB 240) of a processed folha.

Writing needs `rh:escrever` and, as the file and its payments are financeiro's writes made with the
caller's own credential, `financeiro:escrever`. rh/pagamento_salarios.py says what is paid;
financeiro makes, stores and serves the file (`GET /api/remessas/<id>/arquivo` downloads it).
Another empresa's folha is a 404, another empresa's conta financeiro's 404.
"""
from datetime import datetime
from typing import Literal

from flask import Blueprint
from pydantic import BaseModel, Field

from shared.api import MAX_ID, Dinheiro, Erro, Id, Modelo, endpoint
from shared.app import tenant_transaction
from shared.errors import Conflito, NaoEncontrado

from rh import folhas, pagamento_salarios
from rh.permissoes import ESCREVER
from rh.routes.acesso import exigir_o_financeiro

bp = Blueprint("pagamento_salarios", __name__)


class PedidoDePagamento(Modelo):
    conta_id: Id = Field(description="A conta (com cobrança/pagamentos configurados no banco) de onde saem os salários")
    layout: Literal["CNAB240"] = Field("CNAB240", description="Pagamentos vão só em CNAB 240")


class ArquivoDePagamento(BaseModel):
    id: int = Field(description="O arquivo no Financeiro: GET /api/remessas/<id>/arquivo o baixa")
    conta_id: int
    conta_nome: str | None = None
    finalidade: Literal["PAGAMENTOS"]
    layout: Literal["CNAB240"]
    banco: str
    nsa: int | None = Field(description="Número sequencial do arquivo")
    nome_arquivo: str
    quantidade: int = Field(description="Salários no arquivo")
    valor_total: Dinheiro
    criado_em: datetime


@bp.post("/api/folha/<int:folha_id>/pagamento")
@endpoint(resumo="Gera no Financeiro o arquivo de pagamento dos salários líquidos da folha (CNAB 240: PIX, crédito "
                 "em conta ou TED); quem não tem conta nem chave PIX é apontado pelo nome",
          body=PedidoDePagamento, responses={201: ArquivoDePagamento, 400: Erro, 403: Erro, 404: Erro, 409: Erro},
          permissao=ESCREVER)
def gerar(folha_id: int, body: PedidoDePagamento):
    exigir_o_financeiro("Gerar o arquivo de pagamento")
    with tenant_transaction() as cur:
        folha = folhas.por_id(cur, folha_id) if folha_id <= MAX_ID else None
    if folha is None:
        raise NaoEncontrado("Folha não encontrada")
    if folha["situacao"] == "PENDENTE_FINANCEIRO":
        raise Conflito("As contas a pagar desta folha ainda não estão no Financeiro: envie-as de novo primeiro",
                       {"folha": "Contas a pagar ainda não lançadas no Financeiro"})
    # Sent again (changing nothing unless a funcionário's account or key changed since the
    # processing), so the file pays each one's account of today.
    _, aviso = folhas.sincronizar(folha_id)
    if aviso:
        raise Conflito(aviso, {"folha": aviso})
    with tenant_transaction() as cur:
        folha = folhas.por_id(cur, folha_id)
    return ArquivoDePagamento(**pagamento_salarios.gerar(folha, body.conta_id, body.layout)), 201
