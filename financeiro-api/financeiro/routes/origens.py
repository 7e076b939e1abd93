"""/api/lancamentos/origens/<origem>: another service's lançamentos, as a desired state.

A service that keeps a whole in step with financeiro — rh-api's processed payroll "folha:12" —
says here which lançamentos that whole has; financeiro creates, changes or cancels them to match
(financeiro/origens.py decides). Writing needs `financeiro:escrever`. The request is idempotent by
its nature — the same body twice leaves everything as the first left it — so an `Idempotency-Key`
header the caller sends is welcome and needs no storage here.
"""
import re
from datetime import date
from typing import Annotated, Literal

from flask import Blueprint
from pydantic import AfterValidator, BaseModel, Field, field_validator

from shared import documentos, pix
from shared.api import Competencia, Data, Dinheiro, Erro, Id, Modelo, Opcional, Texto, endpoint
from shared.app import escrita
from shared.conta_bancaria import Agencia, Numero
from shared.errors import Validacao

from financeiro import origens
from financeiro.permissoes import ESCREVER
from financeiro.routes.lancamentos import Descricao, Documento, Positivo, Status, Tipo, valores

bp = Blueprint("origens", __name__)

# A payroll of 6,000 funcionários is 6,002 lançamentos (each one's net pay and the two guides);
# 10,000 leaves room and is what one pagamentos remessa takes (financeiro/remessas.py MAXIMO).
MAXIMO_DE_LANCAMENTOS = 10_000

# "<what>:<its id>" in the creator's words: folha:12, contrato:7.
_ORIGEM = re.compile(r"[a-z_]{1,30}:[0-9]{1,19}")


class Favorecido(Modelo):
    """Who the despesa pays when it has no fornecedor (a salary's funcionário): a bank account
    (banco, agência and conta together) and/or a PIX key, as a fornecedor's (financeiro/origens.py
    checks them together)."""

    nome: Annotated[Texto, Field(min_length=1, max_length=200)]
    documento: Annotated[Texto, AfterValidator(documentos.validar), Field(description="CPF ou CNPJ")]
    banco: Opcional[Annotated[Texto, Field(pattern=r"^[0-9]{3}$", description="Código COMPE do banco")]] = None
    agencia: Agencia = None
    conta: Numero = None
    tipo_conta: Opcional[Literal["CORRENTE", "POUPANCA", "PAGAMENTO"]] = Field(
        None, description="Padrão com conta: CORRENTE")
    chave_pix: Opcional[Annotated[Texto, Field(max_length=77)]] = None
    tipo_chave_pix: Opcional[pix.TipoChave] = Field(None, description="Sem ele, vem da própria chave")


class LancamentoPedido(Modelo):
    chave: Annotated[Texto, Field(min_length=1, max_length=100, description=(
        "Identifica o lançamento para sempre (ex.: folha:12:liquido:34); a mesma chave de novo altera o mesmo"))]
    tipo: Tipo
    descricao: Descricao
    valor: Positivo
    data_vencimento: Data
    competencia: Competencia | None = Field(None, description="AAAA-MM; padrão: o mês do vencimento")
    categoria_id: Id
    conta_id: Id
    cliente_id: Opcional[Id] = None
    fornecedor_id: Opcional[Id] = None
    centro_custo_id: Opcional[Id] = Field(None, description="O centro de custo do valor inteiro")
    documento: Opcional[Documento] = Field(None, description="null: fica o que estiver no lançamento")
    favorecido: Favorecido | None = Field(None, description=(
        "Despesa sem fornecedor: quem recebe (o funcionário de um salário), pago por remessa de pagamentos"))


class LancamentosDaOrigem(Modelo):
    lancamentos: list[LancamentoPedido] = Field(default_factory=list, max_length=MAXIMO_DE_LANCAMENTOS, description=(
        "Todos os lançamentos da origem: os em aberto que não estiverem aqui são cancelados"))
    cancelado: bool = Field(False, description="A origem acabou: cancela todos os lançamentos em aberto")

    @field_validator("lancamentos")
    @classmethod
    def _chaves_unicas(cls, lancamentos):
        vistas = set()
        for lancamento in lancamentos:
            if lancamento.chave in vistas:
                raise ValueError(f"chave {lancamento.chave} repetida; cada lançamento tem a sua")
            vistas.add(lancamento.chave)
        return lancamentos


class LancamentoDaOrigem(BaseModel):
    chave: str
    lancamento_id: int
    status: Status
    valor: Dinheiro
    data_vencimento: date
    diferente_do_pedido: bool = Field(description=(
        "Tem pagamento e por isso ficou como estava, com valor ou vencimento diferente do pedido "
        "(ou não foi mais pedido): os valores dele prevalecem"))


class ResultadoDaOrigem(BaseModel):
    origem: str
    lancamentos: list[LancamentoDaOrigem] = Field(description="Os que valem (não cancelados), por id")
    criados: int
    alterados: int
    cancelados: int


@bp.put("/api/lancamentos/origens/<origem>")
@endpoint(resumo="Define os lançamentos de uma origem de outro módulo (cria, altera e cancela os em aberto)",
          body=LancamentosDaOrigem, responses={200: ResultadoDaOrigem, 400: Erro, 404: Erro, 409: Erro},
          permissao=ESCREVER)
def sincronizar(origem: str, body: LancamentosDaOrigem):
    if not _ORIGEM.fullmatch(origem):
        raise Validacao("Verifique os campos destacados", {
            "origem": "Origem inválida; use o módulo e o número, ex.: folha:12"})
    with escrita() as tx:
        resultado = origens.sincronizar(tx, origem, valores(body.lancamentos), body.cancelado)
    return ResultadoDaOrigem(**resultado)
