"""/api/funcionarios: the studio's funcionários, and /api/funcionarios/<id>/variaveis/<AAAA-MM>: the
month's variables of one of them.

Reading needs `rh:ler`; writing `rh:escrever`. The rules of a write are rh/funcionarios.py's and
rh/variaveis.py's; each is audited and publishes FUNCIONARIO_ALTERADO after its commit.
"""
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from flask import Blueprint, Response
from pydantic import AfterValidator, BaseModel, Field

from shared.api import (Competencia, Data, Dinheiro, Erro, Lista, Modelo, Opcional, Pagina, Texto, endpoint,
                        nunca_nulos, pagina)
from shared.app import escrita, tenant_transaction
from shared.conta_bancaria import Agencia, Numero
from shared.documentos import validar_cpf
from shared.errors import NaoEncontrado
from shared.pix import TipoChave

from rh import competencias, documentos, funcionarios, variaveis
from rh.permissoes import ESCREVER, LER

bp = Blueprint("funcionarios", __name__)

Vinculo = Literal["CLT", "ESTAGIARIO", "PRO_LABORE", "AUTONOMO"]
TipoConta = Literal["CORRENTE", "POUPANCA", "PAGAMENTO"]
Nome = Annotated[Texto, Field(min_length=1, max_length=200)]
Cpf = Annotated[Texto, AfterValidator(validar_cpf), Field(description="11 dígitos, com ou sem pontuação")]
Pis = Opcional[Annotated[Texto, AfterValidator(documentos.validar_pis),
                         Field(description="PIS/PASEP/NIT: 11 dígitos, com ou sem pontuação")]]
Cargo = Opcional[Annotated[Texto, Field(max_length=100)]]
Salario = Annotated[Dinheiro, Field(gt=0, description="Salário mensal (mês cheio)")]
Dependentes = Annotated[int, Field(ge=0, le=99, description="Dependentes para o IRRF")]
Jornada = Annotated[Dinheiro, Field(gt=0, le=744, description="Horas por mês: o divisor do valor da hora")]
CustoVT = Opcional[Annotated[Dinheiro, Field(ge=0, description="Custo real do vale-transporte no mês, que limita "
                                                                "o desconto de até 6 % do salário")]]

Banco = Opcional[Annotated[Texto, Field(pattern=r"^[0-9]{3}$", description="Código COMPE do banco, 3 dígitos")]]
ChavePix = Opcional[Annotated[Texto, Field(max_length=77)]]


class NovoFuncionario(Modelo):
    nome: Nome
    cpf: Cpf = Field(description="Único na empresa")
    data_admissao: Data
    salario: Salario
    dependentes: Dependentes = 0
    vinculo: Vinculo = "CLT"
    pis: Pis = None
    cargo: Cargo = None
    data_demissao: Opcional[Data] = None
    jornada_mensal_horas: Jornada = Decimal("220.00")
    vale_transporte: bool = False
    custo_vale_transporte: CustoVT = None
    banco: Banco = None
    agencia: Agencia = None
    conta_bancaria: Numero = None
    tipo_conta_bancaria: Opcional[TipoConta] = None
    chave_pix: ChavePix = None
    tipo_chave_pix: Opcional[TipoChave] = Field(None, description="Sem ele, vem da própria chave")


class AlteracaoFuncionario(Modelo):
    """Any subset of a new funcionário's fields; the others keep their values. `null` clears the
    optional ones and is refused for the others."""

    nome: Nome = None
    cpf: Cpf = None
    data_admissao: Data = None
    salario: Salario = None
    dependentes: Dependentes = None
    vinculo: Vinculo = None
    pis: Pis = None
    cargo: Cargo = None
    data_demissao: Opcional[Data] = None
    jornada_mensal_horas: Jornada = None
    vale_transporte: bool = None
    custo_vale_transporte: CustoVT = None
    banco: Banco = None
    agencia: Agencia = None
    conta_bancaria: Numero = None
    tipo_conta_bancaria: Opcional[TipoConta] = None
    chave_pix: ChavePix = None
    tipo_chave_pix: Opcional[TipoChave] = None

    _nunca_nulos = nunca_nulos("nome", "cpf", "data_admissao", "salario", "dependentes", "vinculo",
                               "jornada_mensal_horas", "vale_transporte")


class FiltroFuncionarios(Pagina):
    q: Texto | None = Field(None, max_length=100, description="Palavras do nome, ou o começo do CPF")
    ativos: bool | None = Field(None, description="true: não demitidos até hoje; false: os demitidos")
    vinculo: Vinculo | None = None


class Funcionario(BaseModel):
    id: int
    nome: str
    cpf: str
    pis: str | None
    cargo: str | None
    data_admissao: date
    data_demissao: date | None
    ativo: bool = Field(description="Sem demissão, ou demissão de hoje em diante")
    salario: Dinheiro
    dependentes: int
    vinculo: Vinculo
    jornada_mensal_horas: Dinheiro = Field(description="Horas por mês, como 220.00")
    vale_transporte: bool
    custo_vale_transporte: Dinheiro | None
    banco: str | None
    agencia: str | None
    conta_bancaria: str | None
    tipo_conta_bancaria: TipoConta | None
    chave_pix: str | None
    tipo_chave_pix: TipoChave | None
    criado_em: datetime
    atualizado_em: datetime


Horas = Annotated[Dinheiro, Field(ge=0, le=9999, description="Horas, com até duas casas: 10.50")]
Valor = Annotated[Dinheiro, Field(ge=0)]


class NovasVariaveis(Modelo):
    """Every variable of the month: a PUT replaces them all (those left out are zero)."""

    horas_extras_50: Horas = Decimal("0.00")
    horas_extras_100: Horas = Decimal("0.00")
    horas_noturnas: Horas = Decimal("0.00")
    comissoes: Valor = Decimal("0.00")
    adiantamento: Valor = Field(Decimal("0.00"), description="Adiantamento de salário já pago no mês")
    faltas_dias: int = Field(0, ge=0, le=31, description="Faltas não justificadas, em dias")


class Variaveis(BaseModel):
    funcionario_id: int
    competencia: Competencia
    horas_extras_50: Dinheiro
    horas_extras_100: Dinheiro
    horas_noturnas: Dinheiro
    comissoes: Dinheiro
    adiantamento: Dinheiro
    faltas_dias: int


@bp.get("/api/funcionarios")
@endpoint(resumo="Funcionários da empresa, por nome", query=FiltroFuncionarios, responses={200: Lista[Funcionario]},
          permissao=LER)
def listar(query: FiltroFuncionarios):
    apos = query.apos(funcionarios.PosicaoFuncionario)
    with tenant_transaction() as cur:
        linhas = funcionarios.listar(cur, query.q, query.ativos, query.vinculo, apos, query.limit + 1)
    return Lista[Funcionario](**pagina(
        linhas, query, lambda f: funcionarios.PosicaoFuncionario(nome_busca=f["nome_busca"], id=f["id"])))


@bp.get("/api/funcionarios/<int:funcionario_id>")
@endpoint(resumo="Um funcionário", responses={200: Funcionario, 404: Erro}, permissao=LER)
def obter(funcionario_id: int):
    with tenant_transaction() as cur:
        funcionario = funcionarios.por_id(cur, funcionario_id)
    if funcionario is None:
        raise NaoEncontrado("Funcionário não encontrado")
    return Funcionario(**funcionario)


@bp.post("/api/funcionarios")
@endpoint(resumo="Cadastra um funcionário", body=NovoFuncionario, responses={201: Funcionario, 409: Erro},
          permissao=ESCREVER)
def criar(body: NovoFuncionario):
    with escrita() as tx:
        funcionario = funcionarios.criar(tx, dict(body))  # the values themselves: money stays Decimal
    return Funcionario(**funcionario), 201


@bp.put("/api/funcionarios/<int:funcionario_id>")
@endpoint(resumo="Altera um funcionário: os campos enviados; os outros ficam como estão", body=AlteracaoFuncionario,
          responses={200: Funcionario, 404: Erro, 409: Erro}, permissao=ESCREVER)
def alterar(funcionario_id: int, body: AlteracaoFuncionario):
    mudancas = {campo: valor for campo, valor in body if campo in body.model_fields_set}
    with escrita() as tx:
        funcionario = funcionarios.alterar(tx, funcionario_id, mudancas)
    return Funcionario(**funcionario)


@bp.delete("/api/funcionarios/<int:funcionario_id>")
@endpoint(resumo="Exclui um funcionário e as variáveis lançadas para ele", responses={204: None, 404: Erro},
          permissao=ESCREVER)
def excluir(funcionario_id: int):
    with escrita() as tx:
        funcionarios.excluir(tx, funcionario_id)
    return Response(status=204)


@bp.get("/api/funcionarios/<int:funcionario_id>/variaveis/<competencia>")
@endpoint(resumo="As variáveis do mês (AAAA-MM) de um funcionário; zeradas num mês sem nenhuma",
          responses={200: Variaveis, 400: Erro, 404: Erro}, permissao=LER)
def obter_variaveis(funcionario_id: int, competencia: str):
    mes = competencias.ler(competencia)
    with tenant_transaction() as cur:
        return Variaveis(**variaveis.obter(cur, funcionario_id, mes))


@bp.put("/api/funcionarios/<int:funcionario_id>/variaveis/<competencia>")
@endpoint(resumo="Grava as variáveis do mês (AAAA-MM) de um funcionário: substitui todas", body=NovasVariaveis,
          responses={200: Variaveis, 400: Erro, 404: Erro}, permissao=ESCREVER)
def gravar_variaveis(funcionario_id: int, competencia: str, body: NovasVariaveis):
    mes = competencias.ler(competencia)
    with escrita() as tx:
        return Variaveis(**variaveis.gravar(tx, funcionario_id, mes, dict(body)))
