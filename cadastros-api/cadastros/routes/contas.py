"""/api/contas: the empresa's contas (bank accounts, cash box, cards, investments).

Reading needs `cadastros:ler`; writing `cadastros:escrever`. The rules of a write are
cadastros/contas.py's; each is audited and publishes CONTA_ALTERADA after its commit, so whoever
caches contas (pickers, balances) refreshes.
"""
import re
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from flask import Blueprint, Response
from pydantic import AfterValidator, BaseModel, Field

from shared.api import Data, Dinheiro, Erro, Lista, Modelo, Opcional, Pagina, Texto, endpoint, nunca_nulos, pagina
from shared.app import escrita, tenant_transaction
from shared.errors import NaoEncontrado

from cadastros import bancos, contas
from cadastros.permissoes import ESCREVER, LER

bp = Blueprint("contas", __name__)

Tipo = Literal["CORRENTE", "POUPANCA", "CAIXA", "CARTAO", "INVESTIMENTO"]
Nome = Annotated[Texto, Field(min_length=1, max_length=100)]


def _banco(codigo: str) -> str:
    if not bancos.existe(codigo):
        raise ValueError("Banco desconhecido: use o código de 3 dígitos da lista de bancos (GET /api/bancos)")
    return codigo


# Digits, then optionally a hyphen and the check digit, which Banco do Brasil writes as X at times.
_DIGITOS_COM_DV = re.compile(r"[0-9]+(-[0-9X])?")


def _digitos_com_dv(exemplo: str) -> AfterValidator:
    def validar(valor: str) -> str:
        valor = valor.upper()
        if not _DIGITOS_COM_DV.fullmatch(valor):
            raise ValueError(f"Use só dígitos, com o dígito verificador depois do hífen, como {exemplo}")
        return valor
    return AfterValidator(validar)


# A form's empty field means "none", not an invalid code (Opcional).
CodigoBanco = Annotated[Opcional[Annotated[Texto, AfterValidator(_banco)]],
                        Field(description="Código COMPE (GET /api/bancos); obrigatório, exceto no tipo CAIXA")]
Agencia = Opcional[Annotated[Texto, Field(max_length=10), _digitos_com_dv("1234-5")]]
Numero = Opcional[Annotated[Texto, Field(max_length=20), _digitos_com_dv("12345-6")]]


class NovaConta(Modelo):
    nome: Nome = Field(description="Único na empresa, sem diferença de maiúsculas ou acentos")
    tipo: Tipo = "CORRENTE"
    banco: CodigoBanco = None
    agencia: Agencia = None
    numero: Numero = None
    saldo_inicial: Dinheiro = Decimal("0.00")
    data_saldo_inicial: Data | None = Field(None, description="Data do saldo inicial; padrão: hoje, em Brasília")
    ativa: bool = True


class AlteracaoConta(Modelo):
    """Any subset of a new conta's fields; the others keep their values. `null` clears banco,
    agencia or numero, and is refused for the others (their None default only means "absent")."""

    nome: Nome = None
    tipo: Tipo = None
    banco: CodigoBanco = None
    agencia: Agencia = None
    numero: Numero = None
    saldo_inicial: Dinheiro = None
    data_saldo_inicial: Data = None
    ativa: bool = None

    _nunca_nulos = nunca_nulos("nome", "tipo", "saldo_inicial", "data_saldo_inicial", "ativa")


class FiltroContas(Pagina):
    ativa: bool | None = None
    tipo: Tipo | None = None
    q: Texto | None = Field(None, max_length=100, description="Palavras do nome, sem diferença de acentos")


class Conta(BaseModel):
    id: int
    nome: str
    tipo: Tipo
    banco: str | None
    banco_nome: str | None = Field(description="Nome do banco; nulo sem banco ou se o código saiu da lista")
    agencia: str | None
    numero: str | None
    saldo_inicial: Dinheiro
    data_saldo_inicial: date
    ativa: bool
    saldo_atual: Dinheiro = Field(description="saldo_inicial mais o movimento pago da conta (financeiro)")
    criado_em: datetime
    atualizado_em: datetime


@bp.get("/api/contas")
@endpoint(resumo="Contas da empresa, por nome", query=FiltroContas, responses={200: Lista[Conta]},
          permissao=LER)
def listar(query: FiltroContas):
    apos = query.apos(contas.PosicaoConta)
    with tenant_transaction() as cur:
        linhas = contas.listar(cur, query.ativa, query.tipo, query.q, apos, query.limit + 1)
    return Lista[Conta](**pagina(linhas, query, lambda c: contas.PosicaoConta(nome=c["nome"], id=c["id"])))


@bp.get("/api/contas/<int:conta_id>")
@endpoint(resumo="Uma conta", responses={200: Conta, 404: Erro}, permissao=LER)
def obter(conta_id: int):
    with tenant_transaction() as cur:
        conta = contas.por_id(cur, conta_id)
    if conta is None:
        raise NaoEncontrado("Conta não encontrada")
    return Conta(**conta)


@bp.post("/api/contas")
@endpoint(resumo="Cria uma conta", body=NovaConta, responses={201: Conta, 409: Erro}, permissao=ESCREVER)
def criar(body: NovaConta):
    with escrita() as tx:
        conta = contas.criar(tx, dict(body))  # the values themselves: model_dump() would turn money into text
    return Conta(**conta), 201


@bp.put("/api/contas/<int:conta_id>")
@endpoint(resumo="Altera uma conta: os campos enviados; os outros ficam como estão", body=AlteracaoConta,
          responses={200: Conta, 404: Erro, 409: Erro}, permissao=ESCREVER)
def alterar(conta_id: int, body: AlteracaoConta):
    mudancas = {campo: valor for campo, valor in body if campo in body.model_fields_set}
    with escrita() as tx:
        conta = contas.alterar(tx, conta_id, mudancas)
    return Conta(**conta)


@bp.delete("/api/contas/<int:conta_id>")
@endpoint(resumo="Exclui uma conta que nada usa", responses={204: None, 404: Erro, 409: Erro},
          permissao=ESCREVER)
def excluir(conta_id: int):
    with escrita() as tx:
        contas.excluir(tx, conta_id)
    return Response(status=204)
