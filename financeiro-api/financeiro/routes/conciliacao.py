"""/api/extratos/conciliacao: confirming a match of statement transactions with the ledger,
reading it and undoing it; /api/extratos/transacoes/<id>/lancamento: creating the lançamento a
transaction is, reconciled with it (GET: what its form opens with).

Reading needs `financeiro:ler`; the rest `financeiro:escrever`. Confirming and undoing are
audited by financeiro/conciliacao/confirmacao.py (the automatic conciliação calls it too), which
also publishes LANCAMENTO_ALTERADO with the lançamentos whose baixas changed.
"""
from datetime import date, datetime
from typing import Annotated, Literal

from flask import Blueprint, Response
from pydantic import BaseModel, Field

from shared.api import MAX_ID, Dinheiro, Erro, Id, Modelo, Opcional, Texto, endpoint
from shared.app import escrita, tenant_transaction
from shared.errors import ErroAPI, NaoEncontrado, Validacao

from financeiro.conciliacao import confirmacao, proposta
from financeiro.permissoes import ESCREVER, LER
from financeiro.routes.lancamentos import Competencia, Descricao, Documento

bp = Blueprint("conciliacao", __name__)

Ids = Annotated[list[Id], Field(max_length=50)]
Motivo = Annotated[Texto, Field(min_length=1, max_length=200)]


class NovaConciliacao(Modelo):
    transacao_id: Id | None = Field(None, description="A transação do extrato; ou transacao_ids, para várias (N:1)")
    transacao_ids: Annotated[list[Id], Field(min_length=1, max_length=20)] | None = Field(
        None, description="Várias transações da mesma conta e direção que pagam um lançamento")
    lancamento_ids: Ids = Field([], description="Lançamentos em aberto que recebem baixas")
    baixa_ids: Ids = Field([], description="Baixas já registradas, ainda não conciliadas, a vincular")
    tratar_diferenca: Literal["PAGAMENTO_PARCIAL", "JUROS_OU_DESCONTO"] | None = Field(
        None, description="Quando o valor difere do em aberto: pagamento parcial (padrão, se menor) "
                          "ou juros/desconto na última baixa")
    score: Annotated[float, Field(ge=0, le=1)] | None = Field(None, description="Da sugestão confirmada")
    motivos: Annotated[list[Motivo], Field(max_length=20)] = Field([], description="Da sugestão confirmada")


class NovoLancamentoDaTransacao(Modelo):
    categoria_id: Id
    cliente_id: Opcional[Id] = None
    fornecedor_id: Opcional[Id] = None
    descricao: Opcional[Descricao] = Field(None, description="Padrão: o histórico da transação")
    documento: Opcional[Documento] = None
    competencia: Competencia | None = Field(None, description="AAAA-MM; padrão: o mês da transação")


class LancamentoProposto(BaseModel):
    """What the form that creates a transaction's lançamento opens with."""

    tipo: Literal["RECEITA", "DESPESA"] = Field(description="Entradas pagam receitas; saídas, despesas")
    descricao: str = Field(description="O histórico da transação")
    cliente_id: int | None = Field(description="Numa entrada: o cliente que o histórico nomeia com certeza "
                                               "(pelo CPF/CNPJ ou pelo nome), um só e ativo")
    cliente_nome: str | None
    fornecedor_id: int | None = Field(description="Numa saída: o fornecedor, do mesmo modo")
    fornecedor_nome: str | None
    motivo: str | None = Field(description="Como o cliente ou fornecedor foi reconhecido, para mostrar")


class TransacaoConciliada(BaseModel):
    id: int
    data: date
    valor: Dinheiro = Field(description="Negativo para saídas")
    memo: str


class BaixaConciliada(BaseModel):
    id: int
    lancamento_id: int
    lancamento_descricao: str
    data: date
    valor: Dinheiro
    juros: Dinheiro
    multa: Dinheiro
    desconto: Dinheiro
    valor_movimentado: Dinheiro
    registrada_na_conciliacao: bool = Field(
        description="Registrada por esta conciliação (desfazer a exclui) ou já existente (desfazer só a desvincula)")


class Conciliacao(BaseModel):
    id: int
    conta_id: int
    origem: Literal["MANUAL", "AUTOMATICA", "REGRA"]
    regra_id: int | None
    regra_nome: str | None = Field(description="O nome da regra quando ela agiu, ainda que depois excluída")
    execucao_id: int | None = Field(description="A conciliação automática que a fez")
    score: float | None
    motivos: list[str]
    lancamento_criado_id: int | None = Field(description="O lançamento que ela criou (desfazer o exclui)")
    criado_em: datetime
    transacoes: list[TransacaoConciliada]
    baixas: list[BaixaConciliada]


@bp.post("/api/extratos/conciliacao")
@endpoint(resumo="Concilia transações do extrato com lançamentos em aberto (registrando as baixas) "
                 "e/ou com baixas já registradas",
          body=NovaConciliacao, responses={201: Conciliacao, 400: Erro, 404: Erro, 409: Erro}, permissao=ESCREVER)
def conciliar(body: NovaConciliacao):
    if (body.transacao_id is None) == (body.transacao_ids is None):
        raise Validacao("Verifique os campos destacados",
                        {"transacao_id": "Informe transacao_id ou transacao_ids, um dos dois"})
    transacao_ids = [body.transacao_id] if body.transacao_id is not None else body.transacao_ids
    try:
        with escrita() as tx:
            feita = confirmacao.conciliar(tx, transacao_ids, body.lancamento_ids, body.baixa_ids,
                                          body.tratar_diferenca, score=body.score, motivos=body.motivos)
    except ErroAPI as erro:
        # confirmar names the transactions transacao_ids; the client may have sent just one.
        if body.transacao_id is not None and erro.campos and "transacao_ids" in erro.campos:
            erro.campos["transacao_id"] = erro.campos.pop("transacao_ids")
        raise
    return Conciliacao(**feita), 201


@bp.post("/api/extratos/transacoes/<int:transacao_id>/lancamento")
@endpoint(resumo="Cria o lançamento que a transação é (pago na data dela, na conta dela) e a concilia com ele",
          body=NovoLancamentoDaTransacao, responses={201: Conciliacao, 400: Erro, 404: Erro, 409: Erro},
          permissao=ESCREVER)
def criar_lancamento(transacao_id: int, body: NovoLancamentoDaTransacao):
    if transacao_id > MAX_ID:
        raise NaoEncontrado("Transação não encontrada")
    with escrita() as tx:
        feita = confirmacao.lancar_transacao(tx, transacao_id, dict(body))
    return Conciliacao(**feita), 201


@bp.get("/api/extratos/transacoes/<int:transacao_id>/lancamento")
@endpoint(resumo="O lançamento que a transação seria: tipo, descrição e o cliente ou fornecedor que o histórico "
                 "nomeia com certeza, para abrir o formulário do POST", responses={200: LancamentoProposto, 404: Erro},
          permissao=LER)
def propor_lancamento(transacao_id: int):
    if transacao_id > MAX_ID:
        raise NaoEncontrado("Transação não encontrada")
    with tenant_transaction() as cur:
        return LancamentoProposto(**proposta.da_transacao(cur, transacao_id))


@bp.get("/api/extratos/conciliacao/<int:conciliacao_id>")
@endpoint(resumo="Uma conciliação: suas transações e baixas", responses={200: Conciliacao, 404: Erro}, permissao=LER)
def obter(conciliacao_id: int):
    with tenant_transaction() as cur:
        conciliacao = confirmacao.por_id(cur, conciliacao_id) if conciliacao_id <= MAX_ID else None
    if conciliacao is None:
        raise NaoEncontrado("Conciliação não encontrada")
    return Conciliacao(**conciliacao)


@bp.delete("/api/extratos/conciliacao/<int:conciliacao_id>")
@endpoint(resumo="Desfaz uma conciliação: exclui as baixas e o lançamento que ela registrou, "
                 "desvincula as demais e devolve as transações às não conciliadas",
          responses={204: None, 404: Erro, 409: Erro}, permissao=ESCREVER)
def desfazer(conciliacao_id: int):
    if conciliacao_id > MAX_ID:
        raise NaoEncontrado("Conciliação não encontrada")
    with escrita() as tx:
        confirmacao.desfazer(tx, conciliacao_id)
    return Response(status=204)
