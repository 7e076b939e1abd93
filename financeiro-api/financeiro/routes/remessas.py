"""/api/remessas: CNAB files — a remessa made from lançamentos, a retorno imported, the log of both.

Reading needs `financeiro:ler`; generating a remessa and importing a retorno `financeiro:escrever`.
financeiro/remessas.py and financeiro/retornos.py decide and store (each file one transaction:
all of it or nothing); these routes parse and answer.
"""
from datetime import date, datetime
from typing import Annotated, Literal

from flask import Blueprint, Response
from pydantic import BaseModel, Field

from shared.api import Dinheiro, Erro, Id, IdDeFiltro, Lista, Modelo, Pagina, endpoint, pagina
from shared.app import escrita, tenant_transaction
from shared.errors import ArquivoGrande, Validacao

from financeiro import remessas, retornos
from financeiro.envio import ler as ler_envio, nome_do_arquivo
from financeiro.permissoes import ESCREVER, LER
from financeiro.remessas import PosicaoArquivo, PosicaoLinha

bp = Blueprint("remessas", __name__)

Layout = Literal["CNAB240", "CNAB400"]
Direcao = Literal["REMESSA", "RETORNO"]
Finalidade = Literal["COBRANCA", "PAGAMENTOS"]


class PedidoDeRemessa(Modelo):
    conta_id: Id
    lancamento_ids: Annotated[list[Id], Field(min_length=1, max_length=remessas.MAXIMO, description=(
        "Só receitas (cobrança: boletos) ou só despesas (pagamentos), todas desta conta"))]
    layout: Layout | None = Field(None, description="Padrão: o da configuração de cobrança da conta (pagamentos: CNAB240)")
    instrucao: Literal["ENTRADA", "BAIXA", "ALTERACAO_VENCIMENTO"] = Field(
        "ENTRADA", description="Cobrança: registrar, pedir a baixa ou mudar o vencimento (para o atual do lançamento)")
    servico: Literal["FORNECEDORES", "SALARIOS"] = Field("FORNECEDORES", description=(
        "Pagamentos: o que o arquivo paga — fornecedores (tipo de serviço 20, TED com finalidade 00005) ou "
        "salários (tipo de serviço 30, TED com finalidade 00004)"))


class Arquivo(BaseModel):
    id: int
    conta_id: int
    conta_nome: str | None = None
    direcao: Direcao
    finalidade: Finalidade
    layout: Layout
    banco: str
    nsa: int | None = Field(description="Número sequencial do arquivo")
    nome_arquivo: str
    quantidade: int = Field(description="Títulos ou pagamentos (remessa); ocorrências (retorno)")
    valor_total: Dinheiro
    criado_em: datetime


class TituloDoArquivo(BaseModel):
    lancamento_id: int
    nosso_numero: str = Field(description="Como o boleto o imprime")
    valor: Dinheiro
    vencimento: date
    situacao: str
    motivo: str | None


class PagamentoDoArquivo(BaseModel):
    id: int
    lancamento_id: int
    forma: str
    valor: Dinheiro
    data_pagamento: date
    situacao: str
    motivo: str | None


class ArquivoDetalhado(Arquivo):
    titulos: list[TituloDoArquivo]
    pagamentos: list[PagamentoDoArquivo]
    resumo: dict | None = Field(description="De um retorno: as contagens, os avisos e os não encontrados")


class LinhaDoArquivo(BaseModel):
    numero: int
    registro: str
    conteudo: str
    ocorrencia: str | None
    resultado: str | None = Field(description="APLICADA, JA_APLICADA, INFORMATIVA, NAO_ENCONTRADO ou REJEITADA")
    acao: str | None
    lancamento_id: int | None


class ResultadoDoRetorno(BaseModel):
    id: int = Field(description="O arquivo importado (o da primeira importação, quando repetido)")
    ja_importado: bool = Field(description="O mesmo arquivo já fora importado nesta conta: nada mudou")
    liquidados: int
    confirmados: int
    rejeitados: int
    baixados: int
    nao_encontrados: int
    pagos: int = 0
    agendados: int = 0
    em_analise: int = 0
    avisos: list[str]
    nao_encontrados_lista: list[str] = Field(description="Os nossos números (ou seus números) que não temos")
    lancamento_tarifas_id: int | None = Field(None, description="A despesa das tarifas do banco, paga na data do crédito")


class ErroDoRetorno(Erro):
    linha: int | None = Field(None, description="A linha do arquivo (a partir de 1) que não pôde ser lida")


class FiltroArquivos(Pagina):
    direcao: Direcao | None = None
    finalidade: Finalidade | None = None
    conta_id: IdDeFiltro | None = None


@bp.post("/api/remessas/gerar")
@endpoint(resumo="Gera a remessa CNAB de receitas (boletos) ou de despesas (pagamentos) de uma conta",
          body=PedidoDeRemessa, responses={201: Arquivo, 400: Erro, 404: Erro}, permissao=ESCREVER)
def gerar(body: PedidoDeRemessa):
    with escrita() as tx:
        gravado = remessas.gerar(tx, body.conta_id, body.lancamento_ids, body.layout, body.instrucao, body.servico)
    return Arquivo(**gravado), 201


@bp.get("/api/remessas")
@endpoint(resumo="Os arquivos CNAB enviados (remessas) e recebidos (retornos), do mais novo ao mais antigo",
          query=FiltroArquivos, responses={200: Lista[Arquivo]}, permissao=LER)
def listar(query: FiltroArquivos):
    apos = query.apos(PosicaoArquivo)
    with tenant_transaction() as cur:
        linhas = remessas.listar(cur, query.direcao, query.finalidade, query.conta_id, apos, query.limit + 1)
    return Lista[Arquivo](**pagina(linhas, query, lambda a: PosicaoArquivo(id=a["id"])))


@bp.get("/api/remessas/<int:arquivo_id>")
@endpoint(resumo="Um arquivo CNAB com os títulos ou pagamentos que leva (e, de um retorno, o resumo)",
          responses={200: ArquivoDetalhado, 404: Erro}, permissao=LER)
def obter(arquivo_id: int):
    with tenant_transaction() as cur:
        arquivo = remessas.detalhar(cur, arquivo_id)
    return ArquivoDetalhado(**{**arquivo, "resumo": arquivo["resumo"] if arquivo["direcao"] == "RETORNO" else None})


@bp.get("/api/remessas/<int:arquivo_id>/linhas")
@endpoint(resumo="As linhas de um arquivo CNAB e o que cada uma fez", query=Pagina,
          responses={200: Lista[LinhaDoArquivo], 404: Erro}, permissao=LER)
def linhas(arquivo_id: int, query: Pagina):
    apos = query.apos(PosicaoLinha)
    with tenant_transaction() as cur:
        lidas = remessas.linhas(cur, arquivo_id, apos, query.limit + 1)
    return Lista[LinhaDoArquivo](**pagina(lidas, query, lambda linha: PosicaoLinha(numero=linha["numero"])))


@bp.get("/api/remessas/<int:arquivo_id>/arquivo")
@endpoint(resumo="O arquivo CNAB como o banco o recebe (ou como o banco o mandou)", permissao=LER,
          responses={200: None, 404: Erro},
          conteudo={"text/plain": "Linhas de largura fixa (240 ou 400) em ASCII, cada uma terminada em CRLF"})
def baixar_arquivo(arquivo_id: int):
    with tenant_transaction() as cur:
        nome, dados = remessas.conteudo(cur, arquivo_id)
    return Response(dados, content_type="text/plain; charset=us-ascii",
                    headers={"Content-Disposition": f'attachment; filename="{nome}"'})


# ---------------------------------------------------------------- retorno


@bp.post("/api/remessas/retorno")
@endpoint(resumo="Importa um retorno CNAB do banco: tudo numa transação; o mesmo arquivo de novo não muda nada",
          multipart={"arquivo": "O retorno (CNAB 240 ou 400) como o banco o mandou, até 5 MB",
                     "conta_id": "Id da conta (cadastros) do retorno"},
          responses={201: ResultadoDoRetorno, 400: ErroDoRetorno, 404: Erro, 413: Erro}, permissao=ESCREVER)
def importar_retorno():
    conta_id, arquivo = _formulario()
    dados = arquivo.stream.read(retornos.MAXIMO_BYTES + 1)
    if len(dados) > retornos.MAXIMO_BYTES:
        motivo = "O arquivo passa do limite de 5 MB"
        raise ArquivoGrande(motivo, {"arquivo": motivo})
    lido = retornos.ler(dados)  # outside any transaction: a file that cannot be read changes nothing
    with escrita() as tx:
        resultado = retornos.importar(tx, conta_id, nome_do_arquivo(arquivo.filename, "retorno.ret"), dados, lido)
    return ResultadoDoRetorno(**resultado), 201


def _formulario():
    envio = ler_envio("o retorno", "a conta do retorno", "o retorno do banco")
    if envio.campos:
        raise Validacao("Verifique os campos destacados", envio.campos)
    return envio.conta_id, envio.arquivo
