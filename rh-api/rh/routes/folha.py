"""/api/folha: the payroll's preview (`calcular`, nothing stored), processing a run — the month or
a parcela of the 13º salário, by `tipo` — (`processar`: stored, immutable, its payables sent to
financeiro), its audited reprocessing, the retry of a sync that failed, the history, and where the
payables go (`configuracao`).

Reading needs `rh:ler`; writing `rh:escrever`. The rules are rh/previa.py's, rh/folhas.py's and
rh/configuracao.py's; another empresa's folha is a 404.
"""
from datetime import datetime
from typing import Literal

from flask import Blueprint
from pydantic import BaseModel, Field

from shared.api import MAX_ID, Competencia, Data, Dinheiro, Erro, Id, Lista, Modelo, Pagina, endpoint, pagina
from shared.app import escrita, tenant_transaction
from shared.errors import NaoEncontrado

from rh import configuracao, folhas, previa
from rh.permissoes import ESCREVER, LER
from rh.routes.acesso import exigir_o_financeiro

bp = Blueprint("folha", __name__)


TipoFolha = Literal["MENSAL", "DECIMO_TERCEIRO_1", "DECIMO_TERCEIRO_2"]
DESCRICAO_TIPO = ("MENSAL (a folha do mês, padrão), DECIMO_TERCEIRO_1 (1ª parcela do 13º, de fevereiro a novembro) "
                  "ou DECIMO_TERCEIRO_2 (2ª parcela do 13º, em dezembro)")


class FiltroCompetencia(Modelo):
    competencia: Competencia = Field(description="O mês da folha, AAAA-MM")
    tipo: TipoFolha = Field("MENSAL", description=DESCRICAO_TIPO)


class Rubrica(BaseModel):
    codigo: str = Field(description="SALARIO, HE50, HE100, NOTURNO, DSR, COMISSOES, FALTAS, INSS, IRRF, VT, FGTS...")
    descricao: str
    tipo: Literal["PROVENTO", "DESCONTO", "INFORMATIVO"]
    referencia: str = Field(description="\"30 dias\", \"10,00 h\", as alíquotas...")
    valor: Dinheiro
    memo: str = Field(description="Como o valor foi calculado, com os números")


class ItemFolha(BaseModel):
    funcionario_id: int
    nome: str
    vinculo: str
    bruto: Dinheiro = Field(description="Soma dos proventos")
    inss: Dinheiro
    irrf: Dinheiro
    fgts: Dinheiro = Field(description="Custo do empregador (8 %), fora dos descontos")
    liquido: Dinheiro = Field(description="bruto − descontos, exatamente")
    descontos: Dinheiro = Field(description="Soma dos descontos")
    deducao_irrf: Literal["LEGAL", "SIMPLIFICADA", "NENHUMA"] = Field(
        description="A dedução do IRRF usada: a legal (INSS e dependentes) ou o desconto simplificado, a maior")
    rubricas: list[Rubrica]
    avisos: list[str]


class Totais(BaseModel):
    bruto: Dinheiro
    descontos: Dinheiro
    liquido: Dinheiro
    inss: Dinheiro
    irrf: Dinheiro
    fgts: Dinheiro


class Folha(BaseModel):
    competencia: Competencia
    tipo: TipoFolha
    itens: list[ItemFolha]
    totais: Totais


@bp.get("/api/folha/calcular")
@endpoint(resumo="Prévia da folha do mês (cada funcionário ativo no mês, exceto autônomos) ou de uma parcela do 13º "
                 "(os CLT), com a memória de cálculo", query=FiltroCompetencia, responses={200: Folha, 400: Erro},
          permissao=LER)
def calcular(query: FiltroCompetencia):
    with tenant_transaction() as cur:
        folha, totais = previa.calcular(cur, query.competencia, query.tipo)
    return Folha(competencia=query.competencia, tipo=query.tipo, totais=Totais(**totais), itens=[
        ItemFolha(funcionario_id=h.funcionario_id, nome=h.nome, vinculo=c.vinculo, bruto=h.bruto,
                  inss=h.inss, irrf=h.irrf, fgts=h.fgts, liquido=h.liquido, descontos=h.descontos,
                  deducao_irrf=h.deducao_irrf, avisos=list(h.avisos),
                  rubricas=[Rubrica(codigo=r.codigo, descricao=r.descricao, tipo=r.tipo, referencia=r.referencia,
                                    valor=r.valor, memo=r.memo) for r in h.rubricas])
        for c, h in folha])


# ---------------------------------------------------------------- configuração


class Configuracao(Modelo):
    conta_id: Id | None = Field(None, description="A conta de onde saem os salários; sem ela, a primeira conta "
                                                   "corrente ativa")
    categoria_salarios_id: Id | None = Field(None, description="Categoria de despesa dos salários; sem ela, a "
                                                                 "primeira cujo nome fala em salário, folha ou pessoal")
    categoria_encargos_id: Id | None = Field(None, description="Categoria de despesa das guias (INSS/IRRF e FGTS); "
                                                                 "sem ela, a primeira cujo nome fala em encargo, INSS "
                                                                 "ou FGTS")
    centro_custo_id: Id | None = None


@bp.get("/api/folha/configuracao")
@endpoint(resumo="Para onde vão as contas a pagar da folha (conta, categorias, centro de custo)",
          responses={200: Configuracao}, permissao=LER)
def obter_configuracao():
    with tenant_transaction() as cur:
        return Configuracao(**configuracao.ler(cur))


@bp.put("/api/folha/configuracao")
@endpoint(resumo="Define para onde vão as contas a pagar da folha; um campo nulo é procurado pelo nome ao processar",
          body=Configuracao, responses={200: Configuracao, 400: Erro}, permissao=ESCREVER)
def alterar_configuracao(body: Configuracao):
    with escrita() as tx:
        return Configuracao(**configuracao.alterar(tx, body.model_dump()))


# ---------------------------------------------------------------- processing


class Processar(Modelo):
    competencia: Competencia = Field(description="O mês a fechar, AAAA-MM")
    tipo: TipoFolha = Field("MENSAL", description=DESCRICAO_TIPO)


class LancamentoNoFinanceiro(BaseModel):
    chave: str = Field(description="folha:<id>:liquido:<funcionario_id>, folha:<id>:darf, folha:<id>:fgts; na 2ª "
                                   "parcela do 13º, folha:<id>:inss e folha:<id>:irrf em vez do darf")
    lancamento_id: int
    status: str
    valor: Dinheiro
    data_vencimento: Data
    diferente_do_pedido: bool = Field(description="Já pago (ou em parte): o Financeiro não o alterou")


class FolhaProcessada(BaseModel):
    id: int
    competencia: Competencia
    tipo: TipoFolha
    situacao: Literal["PROCESSADA", "PENDENTE_FINANCEIRO"]
    versao: int
    totais: Totais
    processada_em: datetime
    reprocessada_em: datetime | None
    usuario_id: int | None
    destino: Configuracao = Field(description="Para onde as contas a pagar foram enviadas")
    lancamento_ids: list[int] = Field(description="As contas a pagar no Financeiro")


class ResultadoDoProcessamento(FolhaProcessada):
    aviso: str | None = Field(description="Por que a folha ficou pendente no Financeiro, quando ficou")
    configuracao_usada: list[str] = Field(description="O que não estava configurado e foi achado pelo nome")
    lancamentos: list[LancamentoNoFinanceiro] = Field(description="A resposta do Financeiro a este envio")
    criados: int | None = Field(description="Contas a pagar criadas neste envio (nulo: não enviado)")
    alterados: int | None
    cancelados: int | None


class FolhaComHolerites(FolhaProcessada):
    holerites: list[ItemFolha]


def _id(folha_id: int) -> int:
    """A path's id; beyond bigint it names no folha."""
    if folha_id > MAX_ID:
        raise NaoEncontrado("Folha não encontrada")
    return folha_id


def _folha(linha: dict) -> dict:
    return {**{campo: linha[campo] for campo in ("id", "competencia", "tipo", "situacao", "versao",
                                                 "processada_em", "reprocessada_em", "usuario_id", "destino")},
            "totais": Totais(**linha["totais"]), "lancamento_ids": list(linha["lancamento_ids"].values())}


def _resultado(folha_id: int, avisos: list[str], enviado: tuple[dict | None, str | None]):
    resposta, aviso = enviado
    with tenant_transaction() as cur:
        linha = folhas.por_id(cur, folha_id)
    resposta = resposta or {}
    return ResultadoDoProcessamento(**_folha(linha), aviso=aviso, configuracao_usada=avisos,
                                    lancamentos=resposta.get("lancamentos", []), criados=resposta.get("criados"),
                                    alterados=resposta.get("alterados"), cancelados=resposta.get("cancelados"))


@bp.post("/api/folha/processar")
@endpoint(resumo="Fecha a folha do mês ou uma parcela do 13º: guarda os holerites (imutáveis) e lança no Financeiro "
                 "os líquidos, a guia de INSS e IRRF e a do FGTS", body=Processar,
          responses={201: ResultadoDoProcessamento, 400: Erro, 403: Erro, 409: Erro}, permissao=ESCREVER)
def processar(body: Processar):
    exigir_o_financeiro("Processar a folha")
    with escrita() as tx:
        folha_id, avisos = folhas.processar(tx, body.competencia, body.tipo)
    return _resultado(folha_id, avisos, folhas.sincronizar(folha_id)), 201


@bp.post("/api/folha/<int:folha_id>/reprocessar")
@endpoint(resumo="Recalcula a folha com os dados atuais e atualiza as contas em aberto no Financeiro; as já pagas "
                 "não mudam", responses={200: ResultadoDoProcessamento, 400: Erro, 403: Erro, 404: Erro}, permissao=ESCREVER)
def reprocessar(folha_id: int):
    exigir_o_financeiro("Processar a folha")
    with escrita() as tx:
        avisos = folhas.reprocessar(tx, _id(folha_id))
    return _resultado(folha_id, avisos, folhas.sincronizar(folha_id))


@bp.post("/api/folha/<int:folha_id>/sincronizar")
@endpoint(resumo="Envia de novo as contas a pagar da folha ao Financeiro (depois de uma falha); nunca as duplica",
          responses={200: ResultadoDoProcessamento, 403: Erro, 404: Erro}, permissao=ESCREVER)
def sincronizar(folha_id: int):
    exigir_o_financeiro("Processar a folha")
    with tenant_transaction() as cur:
        if folhas.por_id(cur, _id(folha_id)) is None:
            raise NaoEncontrado("Folha não encontrada")
    return _resultado(folha_id, [], folhas.sincronizar(folha_id))


@bp.get("/api/folha/historico")
@endpoint(resumo="As folhas processadas, da competência mais recente à mais antiga", query=Pagina,
          responses={200: Lista[FolhaProcessada], 400: Erro}, permissao=LER)
def historico(query: Pagina):
    with tenant_transaction() as cur:
        linhas = folhas.listar(cur, query.apos(folhas.PosicaoFolha), query.limit + 1)
    return Lista[FolhaProcessada](**pagina(
        linhas, query, lambda f: folhas.PosicaoFolha(competencia=f["competencia"].isoformat(), id=f["id"]),
        lambda f: FolhaProcessada(**_folha(f))))


@bp.get("/api/folha/<int:folha_id>")
@endpoint(resumo="Uma folha processada, com os holerites como foram calculados", responses={200: FolhaComHolerites,
                                                                                            404: Erro}, permissao=LER)
def obter(folha_id: int):
    with tenant_transaction() as cur:
        linha = folhas.por_id(cur, _id(folha_id))
        if linha is None:
            raise NaoEncontrado("Folha não encontrada")
        itens = folhas.holerites(cur, folha_id)
    return FolhaComHolerites(**_folha(linha), holerites=[ItemFolha(**h) for h in itens])
