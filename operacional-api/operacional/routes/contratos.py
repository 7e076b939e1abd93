"""/api/contratos: contracts with their payment plan, whose receivables live in financeiro.

Reading needs `operacional:ler`, writing `operacional:escrever`. A save is two steps (README
"Falha no meio do caminho"): the contract commits here (operacional/contratos.py), then its
receivables go to financeiro over HTTP (operacional/contratos_financeiro.py). When financeiro is
down the contract is still saved: the answer says `sincronizacao: "pendente"` with the reason,
and `POST /api/contratos/<id>/sincronizar` (or any later save) sends them again, never twice.
Templates are routes/modelos_contrato.py; the acceptance, routes/aceite.py.
"""
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from flask import Blueprint, Response
from pydantic import BaseModel, Field

from shared.api import (MAX_ID, Data, Dinheiro, Erro, Id, IdDeFiltro, Lista, Modelo, Pagina, Texto, endpoint,
                        nunca_nulos, pagina)
from shared.app import escrita, tenant_transaction
from shared.errors import NaoEncontrado

from operacional import aceite, contratos, contratos_financeiro
from operacional.permissoes import ESCREVER, LER

bp = Blueprint("contratos", __name__)

Base = Literal["data", "assinatura", "evento"]
Status = Literal["proposta", "assinado", "em_execucao", "concluido", "cancelado"]
Positivo = Annotated[Dinheiro, Field(gt=Decimal(0))]
Dias = Annotated[int, Field(ge=-3650, le=3650, description="Dias depois (negativo: antes) da base; evento D−30 é -30")]
NumeroDeParcelas = Annotated[int, Field(strict=True, ge=1, le=120, description="Parcelas mensais, de 1 a 120")]
Descricao = Annotated[Texto, Field(min_length=1, max_length=200)]
DESCRICAO_BASE = ("De onde conta o primeiro vencimento: 'data' (primeiro_vencimento), 'assinatura' (o dia do aceite; "
                  "antes dele, provisório a partir de hoje) ou 'evento' (a data de início do evento), mais `dias`")


class Sinal(Modelo):
    valor: Positivo = Field(description="Menor que o valor do contrato; o resto é dividido nas parcelas")
    vencimento: Data | None = Field(None, description="Obrigatório com vencimento_base 'data'")
    vencimento_base: Base = Field("data", description=DESCRICAO_BASE)
    dias: Dias = 0


class NovoContrato(Modelo):
    cliente_id: Id = Field(description="Um cliente de Cadastros")
    descricao: Descricao
    valor: Positivo
    parcelas: NumeroDeParcelas
    primeiro_vencimento: Data | None = Field(None, description=(
        "Obrigatório com vencimento_base 'data'; as outras parcelas vencem no mesmo dia dos meses seguintes"))
    vencimento_base: Base = Field("data", description=DESCRICAO_BASE)
    dias: Dias = 0
    sinal: Sinal | None = None
    conta_id: Id = Field(description="A conta em que as parcelas serão recebidas")
    categoria_id: Id = Field(description="Uma categoria de receita")
    evento_id: Id | None = None
    modelo_id: Id | None = Field(None, description="O modelo do texto; sem ele, o modelo padrão da empresa")


class AlteracaoContrato(Modelo):
    """Any subset of a new contract's fields, plus status; the others keep their values. `null`
    clears primeiro_vencimento, sinal, evento_id and modelo_id. Parcelas já pagas ficam como estão;
    o restante do valor é redividido nas parcelas em aberto."""

    cliente_id: Id = None
    descricao: Descricao = None
    valor: Positivo = None
    parcelas: NumeroDeParcelas = None
    primeiro_vencimento: Data | None = None
    vencimento_base: Base = None
    dias: Dias = None
    sinal: Sinal | None = None
    conta_id: Id = None
    categoria_id: Id = None
    evento_id: Id | None = None
    modelo_id: Id | None = None
    status: Status = Field(None, description="proposta → assinado → em_execucao → concluido; cancelado a partir de "
                                             "qualquer um, menos concluido; cancelar cancela as parcelas em aberto")

    _nunca_nulos = nunca_nulos("cliente_id", "descricao", "valor", "parcelas", "vencimento_base", "dias", "conta_id",
                               "categoria_id", "status")


class SinalGravado(BaseModel):
    valor: Dinheiro
    vencimento: date | None
    vencimento_base: Base
    dias: int


class ParcelaDoContrato(BaseModel):
    numero: int = Field(description="0 é o sinal")
    valor: Dinheiro
    vencimento: date
    base: Base
    dias: int
    provisorio: bool = Field(description="Data provisória: relativa a uma assinatura que ainda não houve")
    chave: str
    lancamento_id: int | None
    status: Literal["paga", "aberta", "vencida", "cancelada", "nao_lancada"]
    valor_pago: Dinheiro


class Contrato(BaseModel):
    id: int
    cliente_id: int
    cliente_nome: str | None
    conta_id: int
    categoria_id: int
    evento_id: int | None
    evento_nome: str | None
    modelo_id: int | None
    descricao: str
    valor: Dinheiro
    status: Status
    parcelas: int
    primeiro_vencimento: date | None
    vencimento_base: Base
    dias: int
    sinal: SinalGravado | None
    assinado_em: datetime | None
    texto: str
    plano: list[ParcelaDoContrato]
    lancamento_ids: list[int] = Field(description="Os lançamentos a receber do Financeiro, um por parcela")
    sincronizacao: Literal["sincronizado", "pendente"]
    mensagem_sincronizacao: str | None
    versao: int
    criado_em: datetime
    atualizado_em: datetime


class ResumoContrato(BaseModel):
    id: int
    cliente_id: int
    cliente_nome: str | None
    evento_id: int | None
    evento_nome: str | None
    descricao: str
    valor: Dinheiro
    status: Status
    parcelas: int
    sincronizacao: Literal["sincronizado", "pendente"]
    criado_em: datetime


class FiltroContratos(Pagina):
    status: Status | None = None
    cliente_id: IdDeFiltro | None = None
    evento_id: IdDeFiltro | None = None


def _id(contrato_id: int) -> int:
    """A path's id; beyond bigint it names no contract."""
    if contrato_id > MAX_ID:
        raise NaoEncontrado("Contrato não encontrado")
    return contrato_id


def _contrato(contrato_id: int, motivo: str | None = None) -> Contrato:
    with tenant_transaction() as cur:
        c = contratos.obter(cur, contrato_id)
    pendente = c["versao_sincronizada"] < c["versao"]
    sinal = None if c["sinal"] is None else SinalGravado(
        valor=c["sinal"], vencimento=c["sinal_vencimento"], vencimento_base=c["sinal_base"], dias=c["sinal_dias"] or 0)
    return Contrato(**{campo: c[campo] for campo in Contrato.model_fields if campo in c and campo != "sinal"},
                    sinal=sinal,
                    sincronizacao="pendente" if pendente else "sincronizado",
                    mensagem_sincronizacao=(motivo or contratos_financeiro.PENDENTE) if pendente else None)


def _mudancas(body: Modelo) -> dict:
    # Fields as the model holds them (money stays Decimal); the sinal as a plain dict.
    return {campo: (dict(valor) if isinstance(valor, BaseModel) else valor)
            for campo, valor in body if campo in body.model_fields_set}


@bp.get("/api/contratos")
@endpoint(resumo="Contratos da empresa, dos mais novos aos mais antigos", query=FiltroContratos,
          responses={200: Lista[ResumoContrato]}, permissao=LER)
def listar(query: FiltroContratos):
    with tenant_transaction() as cur:
        linhas = contratos.listar(cur, {"status": query.status, "cliente_id": query.cliente_id,
                                        "evento_id": query.evento_id},
                                  query.apos(contratos.PosicaoContrato), query.limit + 1)
    return Lista[ResumoContrato](**pagina(
        linhas, query, lambda c: contratos.PosicaoContrato(id=c["id"]),
        lambda c: ResumoContrato(**c, sincronizacao="pendente" if c["pendente"] else "sincronizado")))


@bp.post("/api/contratos")
@endpoint(resumo="Cria um contrato e lança as suas parcelas a receber no Financeiro", body=NovoContrato,
          responses={201: Contrato, 400: Erro}, permissao=ESCREVER)
def criar(body: NovoContrato):
    with escrita() as tx:
        contrato_id = contratos.criar(tx, _mudancas(body))
    return _contrato(contrato_id, contratos_financeiro.sincronizar(contrato_id)), 201


@bp.get("/api/contratos/<int:contrato_id>")
@endpoint(resumo="Um contrato, com cada parcela e a sua situação no Financeiro", responses={200: Contrato, 404: Erro},
          permissao=LER)
def obter(contrato_id: int):
    return _contrato(_id(contrato_id))


@bp.put("/api/contratos/<int:contrato_id>")
@endpoint(resumo="Altera um contrato (plano, status…) e atualiza as parcelas em aberto no Financeiro",
          body=AlteracaoContrato, responses={200: Contrato, 400: Erro, 404: Erro, 409: Erro}, permissao=ESCREVER)
def alterar(contrato_id: int, body: AlteracaoContrato):
    with escrita() as tx:
        contratos.alterar(tx, _id(contrato_id), _mudancas(body))
    return _contrato(contrato_id, contratos_financeiro.sincronizar(contrato_id))


@bp.delete("/api/contratos/<int:contrato_id>")
@endpoint(resumo="Exclui um contrato sem parcela paga, cancelando antes as suas parcelas no Financeiro",
          responses={204: None, 404: Erro, 409: Erro, 503: Erro}, permissao=ESCREVER)
def excluir(contrato_id: int):
    contratos_financeiro.excluir(_id(contrato_id))
    return Response(status=204)


@bp.post("/api/contratos/<int:contrato_id>/sincronizar")
@endpoint(resumo="Envia de novo as parcelas ao Financeiro (depois de uma falha); nunca as duplica",
          responses={200: Contrato, 404: Erro}, permissao=ESCREVER)
def sincronizar(contrato_id: int):
    with tenant_transaction() as cur:
        contratos.obter(cur, _id(contrato_id))
    return _contrato(contrato_id, contratos_financeiro.sincronizar(contrato_id))


@bp.get("/api/contratos/<int:contrato_id>/pdf")
@endpoint(resumo="O contrato em PDF, como está agora", responses={200: None, 404: Erro}, permissao=LER,
          conteudo={"application/pdf": "O texto do contrato"})
def pdf(contrato_id: int):
    with tenant_transaction() as cur:
        dados = aceite.documento(cur, _id(contrato_id))
    return Response(dados, mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="contrato-{contrato_id}.pdf"'})
