"""/api/extratos/regras: the staff's reconciliation rules, ordered, tried before they are saved.

Reading (and the dry run) needs `financeiro:ler`; writing `financeiro:escrever`. Every write is
audited. The automatic conciliação that applies them is routes/conciliacao_automatica.py.
"""
from datetime import date, datetime
from typing import Annotated, Literal

from flask import Blueprint, Response
from pydantic import AfterValidator, BaseModel, Field

from shared.api import MAX_ID, Dinheiro, Erro, Id, Lista, Modelo, Opcional, Texto, endpoint
from shared.app import escrita, tenant_transaction
from shared.errors import NaoEncontrado

from financeiro.conciliacao import regras
from financeiro.permissoes import ESCREVER, LER
from financeiro.routes.lancamentos import Descricao, Positivo

bp = Blueprint("regras", __name__)

Acao = Literal["SUGERIR", "CRIAR_LANCAMENTO", "CONCILIAR"]
Direcao = Literal["ENTRADA", "SAIDA"]
Nome = Annotated[Texto, Field(min_length=1, max_length=100)]
TextoDoMemo = Annotated[Texto, Field(min_length=1, max_length=200)]


def _duas_casas(score: float) -> float:
    if round(score, 2) != score:
        raise ValueError("Use no máximo duas casas decimais, como 0.85")
    return score


Score = Annotated[float, Field(ge=0, le=1), AfterValidator(_duas_casas)]


class NovaRegra(Modelo):
    """A rule: the conditions set must all hold (at least one of memo_contem, memo_regex,
    valor_minimo, valor_maximo), and what to do with a transaction that meets them."""

    nome: Nome
    ativa: bool = True
    memo_contem: Opcional[TextoDoMemo] = Field(None, description="Trecho do histórico; sem diferenciar maiúsculas "
                                                                 "nem acentos")
    memo_regex: Opcional[TextoDoMemo] = Field(None, description="Expressão regular do PostgreSQL sobre o histórico, "
                                                                "sem diferenciar maiúsculas; sem referências a grupos "
                                                                "(\\1) nem verificações (?= (?! (?<= (?<! umas "
                                                                "dentro das outras. Avaliada com limite de tempo: "
                                                                "a que passar dele não vale para a transação")
    valor_minimo: Opcional[Positivo] = Field(None, description="Do valor absoluto da transação")
    valor_maximo: Opcional[Positivo] = Field(None, description="Do valor absoluto da transação")
    direcao: Opcional[Direcao] = Field(None, description="Padrão, para SUGERIR e CRIAR_LANCAMENTO: a da categoria")
    conta_id: Opcional[Id] = None
    acao: Acao = Field(description="SUGERIR um lançamento novo; CRIAR_LANCAMENTO pago e conciliado na conciliação "
                                   "automática; CONCILIAR a melhor sugestão a partir de score_minimo")
    categoria_id: Opcional[Id] = Field(None, description="Do lançamento a sugerir ou criar")
    cliente_id: Opcional[Id] = None
    fornecedor_id: Opcional[Id] = None
    descricao: Opcional[Descricao] = Field(None, description="Do lançamento criado; padrão: o histórico")
    score_minimo: Score | None = Field(None, description="Para CONCILIAR, de 0 a 1")


class RegraASalvar(NovaRegra):
    confirmar_duplicada: bool = Field(False, description="true: salva mesmo com as condições de outra regra "
                                                         "(senão 409 regra_duplicada)")


class RegraEmTeste(NovaRegra):
    """A rule still being written: only its conditions are needed to see what it would find."""

    nome: Opcional[Nome] = None
    acao: Acao | None = None


class Regra(BaseModel):
    id: int
    nome: str
    ordem: int
    ativa: bool
    memo_contem: str | None = Field(description="Guardado sem maiúsculas nem acentos")
    memo_regex: str | None
    valor_minimo: Dinheiro | None
    valor_maximo: Dinheiro | None
    direcao: Direcao | None
    conta_id: int | None
    conta_nome: str | None
    acao: Acao
    categoria_id: int | None
    categoria_nome: str | None
    cliente_id: int | None
    cliente_nome: str | None
    fornecedor_id: int | None
    fornecedor_nome: str | None
    descricao: str | None
    score_minimo: float | None
    criado_em: datetime
    atualizado_em: datetime


class ErroDaRegra(Erro):
    """A 409: `regra_duplicada` names the rule with the same conditions; `conflito`, a cadastro the
    rule uses deleted meanwhile."""

    regra_id: int | None = Field(None, description="Em regra_duplicada: a regra com as mesmas condições")
    regra_nome: str | None = None


class Ordem(Modelo):
    ids: list[Id] = Field(max_length=1000, description="Todas as regras da empresa, na ordem em que se aplicam")


class TransacaoEncontrada(BaseModel):
    id: int
    extrato_id: int
    data: date
    valor: Dinheiro = Field(description="Negativo para saídas")
    memo: str
    conciliado: bool


class Teste(BaseModel):
    total: int = Field(description="Quantas transações guardadas a regra teria encontrado")
    mensagem: str = Field(description="O total por extenso, para mostrar")
    exemplos: list[TransacaoEncontrada] = Field(description=f"As {regras.EXEMPLOS} mais recentes")


# ---------------------------------------------------------------- rules


@bp.get("/api/extratos/regras")
@endpoint(resumo="As regras de conciliação, na ordem em que se aplicam", responses={200: Lista[Regra]},
          permissao=LER)
def listar():
    with tenant_transaction() as cur:
        return Lista[Regra].inteira(regras.listar(cur))


@bp.post("/api/extratos/regras")
@endpoint(resumo="Cria uma regra de conciliação, depois das outras", body=RegraASalvar,
          responses={201: Regra, 400: Erro, 404: Erro, 409: ErroDaRegra}, permissao=ESCREVER)
def criar(body: RegraASalvar):
    with escrita() as tx:
        criada = regras.criar(tx, *_dados(body))
    return Regra(**criada), 201


@bp.get("/api/extratos/regras/<int:regra_id>")
@endpoint(resumo="Uma regra de conciliação", responses={200: Regra, 404: Erro}, permissao=LER)
def obter(regra_id: int):
    with tenant_transaction() as cur:
        return Regra(**regras.por_id(cur, _existente(regra_id)))


@bp.put("/api/extratos/regras/<int:regra_id>")
@endpoint(resumo="Substitui uma regra de conciliação (a ordem fica)", body=RegraASalvar,
          responses={200: Regra, 400: Erro, 404: Erro, 409: ErroDaRegra}, permissao=ESCREVER)
def alterar(regra_id: int, body: RegraASalvar):
    with escrita() as tx:
        alterada = regras.alterar(tx, _existente(regra_id), *_dados(body))
    return Regra(**alterada)


@bp.delete("/api/extratos/regras/<int:regra_id>")
@endpoint(resumo="Exclui uma regra; as conciliações que ela fez guardam o seu nome",
          responses={204: None, 404: Erro}, permissao=ESCREVER)
def excluir(regra_id: int):
    with escrita() as tx:
        regras.excluir(tx, _existente(regra_id))
    return Response(status=204)


@bp.put("/api/extratos/regras/ordem")
@endpoint(resumo="Reordena as regras: informe todas, na ordem nova", body=Ordem,
          responses={200: Lista[Regra], 400: Erro, 404: Erro}, permissao=ESCREVER)
def ordenar(body: Ordem):
    with escrita() as tx:
        ordenadas = regras.ordenar(tx, body.ids)
    return Lista[Regra].inteira(ordenadas)


@bp.post("/api/extratos/regras/testar")
@endpoint(resumo="Quantas transações já guardadas uma regra (ainda não salva) teria encontrado, e as mais "
                 "recentes", body=RegraEmTeste, responses={200: Teste, 400: Erro, 404: Erro}, permissao=LER)
def testar(body: RegraEmTeste):
    with tenant_transaction() as cur:
        total, exemplos = regras.testar(cur, body.model_dump())
    return Teste(total=total, mensagem=_teria_encontrado(total), exemplos=exemplos)


def _teria_encontrado(total: int) -> str:
    if total == 0:
        return "Esta regra não teria encontrado nenhuma transação"
    return f"Esta regra teria encontrado {total} {'transação' if total == 1 else 'transações'}"


def _dados(body: RegraASalvar) -> tuple[dict, bool]:
    """The rule's fields, and whether to save it even with another rule's conditions."""
    return body.model_dump(exclude={"confirmar_duplicada"}), body.confirmar_duplicada


def _existente(regra_id: int) -> int:
    """A path's id, which beyond bigint names no rule."""
    if regra_id > MAX_ID:
        raise NaoEncontrado("Regra não encontrada")
    return regra_id
