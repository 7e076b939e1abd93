"""/api/extratos: OFX statements imported into a conta, their transactions and the review list.

Reading needs `financeiro:ler`; importing, keeping and discarding `financeiro:escrever`. The
rules are financeiro/extratos.py's: every write is audited; an import publishes EXTRATO_IMPORTADO
after its commit. These routes parse the request and answer.
"""
import hashlib
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from flask import Blueprint, Response
from pydantic import BaseModel, Field, PlainSerializer, WithJsonSchema

from shared.api import Dinheiro, Erro, IdDeFiltro, Lista, Pagina, endpoint, pagina
from shared.app import escrita, plataforma, tenant_transaction
from shared.errors import Validacao

from financeiro import extratos
from financeiro.envio import ler as ler_envio, nome_do_arquivo
from financeiro.extratos import PosicaoExtrato, PosicaoTransacao
from financeiro.ofx import sem_coleta_de_ciclos
from financeiro.permissoes import ESCREVER, LER

bp = Blueprint("extratos", __name__)

_VERIFIQUE = "Verifique os campos destacados"

# A derived sum (a balance, a difference): written as money, but not bounded as an input is.
Soma = Annotated[Decimal, PlainSerializer(lambda d: f"{d:.2f}", return_type=str),
                 WithJsonSchema({"type": "string", "pattern": r"^-?\d+\.\d{2}$", "example": "1234.56"})]


class Extrato(BaseModel):
    id: int
    conta_id: int
    conta_nome: str
    arquivo_nome: str
    banco_ofx: str | None = Field(description="BANKID do arquivo, como código COMPE de 3 dígitos")
    agencia_ofx: str | None
    conta_ofx: str = Field(description="ACCTID do arquivo")
    data_inicio: date | None
    data_fim: date | None
    saldo_extrato: Dinheiro | None = Field(description="LEDGERBAL do arquivo; nulo se o banco não o enviou")
    data_saldo: date | None = Field(description="Data do LEDGERBAL (DTASOF)")
    saldo_sistema: Soma = Field(description="Saldo inicial da conta mais o movimento pago até data_saldo_sistema")
    data_saldo_sistema: date = Field(description="data_saldo; sem ela, data_fim; sem as duas, hoje")
    diferenca: Soma | None = Field(description="saldo_extrato - saldo_sistema; nulo sem saldo_extrato")
    importadas: int
    duplicadas: int
    a_revisar: int = Field(description="Quantas entraram em revisão na importação")
    saldos_ignorados: int = Field(description="Linhas de saldo que o banco listou como transações")
    em_revisao: int = Field(description="Quantas ainda estão em revisão")
    conciliadas: int
    importado_em: datetime


class Importacao(BaseModel):
    extrato_id: int
    conta_id: int
    ja_importado: bool = Field(description="O mesmo arquivo já fora importado nesta conta: nada foi gravado")
    importadas: int
    duplicadas: int = Field(description="Transações que a conta já tinha: contadas, não gravadas de novo")
    a_revisar: int = Field(description="Gravadas para revisão: mesma data e valor de outra já gravada")
    saldos_ignorados: int = Field(description="Linhas de saldo que o banco listou como transações")
    saldo_extrato: Dinheiro | None
    data_saldo: date | None
    saldo_sistema: Soma
    data_saldo_sistema: date
    diferenca: Soma | None
    extrato: Extrato


class TransacaoExtrato(BaseModel):
    id: int
    extrato_id: int
    conta_id: int
    data: date
    valor: Dinheiro = Field(description="Negativo para saídas")
    memo: str
    fitid: str | None
    tipo: str = Field(description="TRNTYPE do arquivo (DEBIT, CREDIT, PAYMENT...)")
    conciliado: bool
    revisar: bool = Field(description="Parece repetir uma transação já gravada: mantenha ou descarte")
    conciliacao_id: int | None = Field(description="A conciliação que a explica; nulo enquanto não conciliada")


class FiltroExtratos(Pagina):
    conta_id: IdDeFiltro | None = None


class FiltroTransacoes(Pagina):
    revisar: bool | None = None
    conciliado: bool | None = None


# ---------------------------------------------------------------- upload


@bp.post("/api/extratos/upload")
@endpoint(resumo="Importa um extrato OFX numa conta: tudo ou nada; repetidas são contadas, não gravadas",
          multipart={"arquivo": "Extrato OFX (1.x SGML ou 2.x XML), até MAX_UPLOAD_BYTES",
                     "conta_id": "Id da conta (cadastros) em que o extrato entra",
                     "confirmar_conta": "true: importa mesmo de outro banco ou conta (senão 409 conta_divergente)"},
          responses={201: Importacao, 400: Erro, 404: Erro, 409: Erro, 413: Erro},
          permissao=ESCREVER)
def upload():
    conta_id, arquivo, confirmar = _formulario()
    limite = plataforma().config.max_upload_bytes
    dados = arquivo.stream.read(limite + 1)
    sha256 = hashlib.sha256(dados).hexdigest()
    # The conta, and a file this conta already has, answer before the file is read.
    with tenant_transaction() as cur:
        repetido = extratos.repetido(cur, conta_id, sha256)
    if repetido is not None:
        return _resposta(*repetido)
    # The cycle collector stays paused (as while reading: sem_coleta_de_ciclos) until the
    # statement's objects are gone: resumed while they are alive, its passes walked all of them
    # while the rows were stored (up to 0.2 s of a 50,000-transaction upload).
    with sem_coleta_de_ciclos():
        preparado = extratos.ler(dados, limite)  # outside any transaction
        del dados
        with escrita() as tx:
            resultado, gravado = extratos.importar(tx, conta_id, nome_do_arquivo(arquivo.filename, "extrato.ofx"),
                                                 sha256, preparado, conferir=not confirmar)
        del preparado
    return _resposta(resultado, gravado)


def _resposta(resultado: extratos.Resultado, gravado: dict):
    corpo = Importacao(
        extrato_id=resultado.extrato_id, conta_id=gravado["conta_id"], ja_importado=resultado.ja_importado,
        importadas=resultado.importadas, duplicadas=resultado.duplicadas, a_revisar=resultado.a_revisar,
        saldos_ignorados=gravado["saldos_ignorados"], saldo_extrato=gravado["saldo_extrato"],
        data_saldo=gravado["data_saldo"], saldo_sistema=gravado["saldo_sistema"],
        data_saldo_sistema=gravado["data_saldo_sistema"], diferenca=gravado["diferenca"],
        extrato=Extrato(**gravado))
    # 201 also for a file already imported (CONTRACT.md: the upload answers 201); `ja_importado`
    # says that nothing was stored.
    return corpo, 201


def _formulario():
    """The conta_id, the file and confirmar_conta, or one 400 naming every field that is missing or wrong."""
    envio = ler_envio("o extrato", "a conta em que o extrato entra", "o extrato OFX")
    confirmar = (envio.formulario.get("confirmar_conta") or "false").strip().lower()
    if confirmar not in ("true", "false"):
        envio.campos["confirmar_conta"] = "Informe true ou false"
    if envio.campos:
        raise Validacao(_VERIFIQUE, envio.campos)
    return envio.conta_id, envio.arquivo, confirmar == "true"


# ---------------------------------------------------------------- reading


@bp.get("/api/extratos")
@endpoint(resumo="Extratos importados, do mais novo ao mais antigo", query=FiltroExtratos,
          responses={200: Lista[Extrato]}, permissao=LER)
def listar(query: FiltroExtratos):
    apos = query.apos(PosicaoExtrato)
    with tenant_transaction() as cur:
        linhas = extratos.listar(cur, query.conta_id, apos, query.limit + 1)
    return Lista[Extrato](**pagina(linhas, query, lambda e: PosicaoExtrato(id=e["id"])))


@bp.get("/api/extratos/<int:extrato_id>")
@endpoint(resumo="Um extrato, com a comparação de saldos", responses={200: Extrato, 404: Erro}, permissao=LER)
def obter(extrato_id: int):
    with tenant_transaction() as cur:
        return Extrato(**extratos.encontrar(cur, extrato_id))


@bp.get("/api/extratos/<int:extrato_id>/transacoes")
@endpoint(resumo="As transações de um extrato, por data", query=FiltroTransacoes,
          responses={200: Lista[TransacaoExtrato], 404: Erro}, permissao=LER)
def listar_transacoes(extrato_id: int, query: FiltroTransacoes):
    apos = query.apos(PosicaoTransacao)
    with tenant_transaction() as cur:
        linhas = extratos.transacoes(cur, extrato_id, query.revisar, query.conciliado, apos, query.limit + 1)
    return Lista[TransacaoExtrato](**pagina(linhas, query, lambda t: PosicaoTransacao(data=t["data"], id=t["id"])))


# ---------------------------------------------------------------- the review list


@bp.post("/api/extratos/transacoes/<int:transacao_id>/manter")
@endpoint(resumo="Mantém uma transação em revisão: não é repetida, fica como as outras",
          responses={200: TransacaoExtrato, 404: Erro}, permissao=ESCREVER)
def manter(transacao_id: int):
    with escrita() as tx:
        transacao = extratos.manter(tx, transacao_id)
    return TransacaoExtrato(**transacao)


@bp.delete("/api/extratos/transacoes/<int:transacao_id>")
@endpoint(resumo="Descarta uma transação em revisão (era repetida); só enquanto está em revisão",
          responses={204: None, 404: Erro, 409: Erro}, permissao=ESCREVER)
def descartar(transacao_id: int):
    with escrita() as tx:
        extratos.descartar(tx, transacao_id)
    return Response(status=204)


@bp.delete("/api/extratos/<int:extrato_id>")
@endpoint(resumo="Desfaz a importação: remove o extrato e suas transações, se nenhuma está conciliada",
          responses={204: None, 404: Erro, 409: Erro}, permissao=ESCREVER)
def excluir(extrato_id: int):
    with escrita() as tx:
        extratos.excluir(tx, extrato_id)
    return Response(status=204)
