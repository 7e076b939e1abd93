"""/api/contas: the empresa's contas (bank accounts, cash box, cards, investments), and
/api/contas/<id>/cobranca: what a conta's bank needs to register boletos.

Reading needs `cadastros:ler`; writing `cadastros:escrever`. The rules of a write are
cadastros/contas.py's and cadastros/cobranca.py's; each is audited and publishes CONTA_ALTERADA
after its commit, so whoever caches contas (pickers, balances) refreshes.
"""
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from flask import Blueprint, Response
from pydantic import AfterValidator, BaseModel, Field, WithJsonSchema

from shared import documentos, pix
from shared.api import (Data, Dinheiro, Erro, Id, Lista, Modelo, Opcional, Pagina, Texto, endpoint, nunca_nulos,
                        pagina)
from shared.app import escrita, tenant_transaction
from shared.conta_bancaria import Agencia, Numero
from shared.errors import NaoEncontrado

from cadastros import cobranca, contas
from cadastros.bancos import CodigoBanco
from cadastros.permissoes import ESCREVER, LER

bp = Blueprint("contas", __name__)

Tipo = Literal["CORRENTE", "POUPANCA", "CAIXA", "CARTAO", "INVESTIMENTO"]
Nome = Annotated[Texto, Field(min_length=1, max_length=100)]


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
    cobranca: bool = Field(description="Se a conta tem cobrança configurada (GET /api/contas/<id>/cobranca)")
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


# ---------------------------------------------------------------- cobrança


Layout = Literal["CNAB240", "CNAB400"]
Percentual = Annotated[Dinheiro, Field(ge=0, le=20), WithJsonSchema(
    {"type": "string", "pattern": r"^\d{1,2}\.\d{2}$", "example": "2.00", "description": "Em %, de 0.00 a 20.00"})]


def _documento_numerico(valor: str) -> str:
    numero = documentos.validar(valor)
    if not numero.isdigit():
        raise ValueError("Os bancos ainda não aceitam CNPJ com letras na cobrança; informe um CPF ou CNPJ numérico")
    return numero


def _digitos(descricao: str, maximo: int):
    return Opcional[Annotated[Texto, Field(pattern=r"^[0-9]+$", max_length=maximo, description=descricao)]]


Convenio = _digitos("Convênio (BB), código do beneficiário (Caixa, Santander, Sicredi), código do cliente (Sicoob) "
                    "ou código da empresa (Bradesco); o Itaú não usa", 20)
Variacao = _digitos("Variação da carteira (BB 17 e 18) ou modalidade (Sicoob)", 3)


class ConfiguracaoCobranca(Modelo):
    """Every field of the settings: a PUT replaces them all (those left out take their defaults)."""

    layout: Layout | None = Field(None, description="Padrão: CNAB400 no Bradesco e no Itaú; CNAB240 nos outros")
    convenio: Convenio = None
    carteira: Annotated[Texto, Field(pattern=r"^[0-9A-Z]{1,3}$", description="Carteira de cobrança do banco")]
    variacao: Variacao = None
    posto: Opcional[Annotated[Texto, Field(pattern=r"^[0-9]{2}$", description="Posto da cooperativa (Sicredi)")]] = None
    proximo_nosso_numero: int = Field(1, ge=1, le=10**17, description="Onde a numeração dos boletos começa")
    proximo_nsa: int = Field(1, ge=1, le=999999, description="Número sequencial do próximo arquivo de remessa")
    chave_pix: Opcional[Annotated[Texto, Field(max_length=77)]] = None
    tipo_chave_pix: Opcional[pix.TipoChave] = Field(None, description="Sem ele, vem da própria chave")
    juros_mes_percentual: Percentual = Decimal("0.00")
    multa_percentual: Percentual = Decimal("0.00")
    dias_baixa: int | None = Field(None, ge=1, le=999, description="Dias após o vencimento até o banco devolver")
    instrucoes: Opcional[Annotated[Texto, Field(max_length=400)]] = None
    beneficiario_nome: Opcional[Annotated[Texto, Field(max_length=100)]] = None
    beneficiario_documento: Opcional[Annotated[Texto, AfterValidator(_documento_numerico)]] = None
    beneficiario_endereco: Opcional[Annotated[Texto, Field(max_length=200)]] = None
    categoria_tarifa_id: Id | None = Field(None, description="Categoria de despesa das tarifas do banco")


class CobrancaConta(BaseModel):
    conta_id: int
    layout: Layout
    convenio: str | None
    carteira: str
    variacao: str | None
    posto: str | None
    proximo_nosso_numero: int
    proximo_nsa: int
    chave_pix: str | None
    tipo_chave_pix: pix.TipoChave | None
    juros_mes_percentual: Dinheiro
    multa_percentual: Dinheiro
    dias_baixa: int | None
    instrucoes: str | None
    beneficiario_nome: str | None
    beneficiario_documento: str | None
    beneficiario_endereco: str | None
    categoria_tarifa_id: int | None
    atualizado_em: datetime


@bp.get("/api/contas/<int:conta_id>/cobranca")
@endpoint(resumo="A configuração de cobrança da conta", responses={200: CobrancaConta, 404: Erro}, permissao=LER)
def obter_cobranca(conta_id: int):
    with tenant_transaction() as cur:
        return CobrancaConta(**cobranca.obter(cur, conta_id))


@bp.put("/api/contas/<int:conta_id>/cobranca")
@endpoint(resumo="Configura a cobrança da conta, conferida pelas regras do banco", body=ConfiguracaoCobranca,
          responses={200: CobrancaConta, 400: Erro, 404: Erro}, permissao=ESCREVER)
def configurar_cobranca(conta_id: int, body: ConfiguracaoCobranca):
    with escrita() as tx:
        configuracao = cobranca.configurar(tx, conta_id, dict(body))
    return CobrancaConta(**configuracao)


@bp.delete("/api/contas/<int:conta_id>/cobranca")
@endpoint(resumo="Remove a configuração de cobrança da conta", responses={204: None, 404: Erro}, permissao=ESCREVER)
def remover_cobranca(conta_id: int):
    with escrita() as tx:
        cobranca.remover(tx, conta_id)
    return Response(status=204)
