"""/api/ferias: one funcionário's férias as a run of their own — the preview (`calcular`, nothing
stored), scheduling them (computed, stored, payables sent to financeiro), the list, one with its
payslip, the audited reprocessing, the retry of a sync that failed, and the cancellation.

Reading needs `rh:ler`; writing `rh:escrever`, and `financeiro:escrever` for what sends payables.
The rules are rh/ferias.py's; another empresa's férias or funcionário is a 404.
"""
from datetime import date, datetime, timedelta
from typing import Literal

from flask import Blueprint
from pydantic import BaseModel, Field

from shared.api import MAX_ID, Data, Dinheiro, Erro, Id, IdDeFiltro, Lista, Modelo, Pagina, endpoint, pagina
from shared.app import escrita, tenant_transaction
from shared.errors import NaoEncontrado

from rh import ferias, funcionarios
from rh.permissoes import ESCREVER, LER
from rh.routes.acesso import exigir_o_financeiro
from rh.routes.folha import Configuracao, ItemFolha, LancamentoNoFinanceiro

bp = Blueprint("ferias", __name__)

Dias = Field(ge=5, le=30, description="Dias de férias, de 5 a 30 (CLT art. 134)")


class FiltroCalculo(Modelo):
    funcionario_id: IdDeFiltro
    inicio: Data = Field(description="O primeiro dia de férias, AAAA-MM-DD")
    dias: int = Dias


class AgendarFerias(Modelo):
    funcionario_id: Id
    inicio: Data = Field(description="O primeiro dia de férias, AAAA-MM-DD")
    dias: int = Dias


class FiltroFerias(Pagina):
    funcionario_id: IdDeFiltro | None = Field(None, description="Só as férias deste funcionário")


class FeriasCalculadas(BaseModel):
    funcionario_id: int
    inicio: date
    fim: date
    dias: int
    pagamento: date = Field(description="Até 2 dias antes do início (CLT art. 145), no último dia bancário")
    holerite: ItemFolha


class Ferias(BaseModel):
    id: int
    funcionario_id: int
    nome: str
    inicio: date
    fim: date
    dias: int
    pagamento: date
    situacao: Literal["PROCESSADA", "PENDENTE_FINANCEIRO", "CANCELADA"]
    versao: int
    bruto: Dinheiro = Field(description="Férias + 1/3")
    liquido: Dinheiro
    processada_em: datetime
    reprocessada_em: datetime | None
    cancelada_em: datetime | None
    usuario_id: int | None
    destino: Configuracao = Field(description="Para onde as contas a pagar foram enviadas")
    lancamento_ids: list[int] = Field(description="As contas a pagar no Financeiro")


class FeriasComHolerite(Ferias):
    holerite: ItemFolha


class ResultadoDasFerias(FeriasComHolerite):
    aviso: str | None = Field(description="Por que as férias ficaram pendentes no Financeiro, quando ficaram")
    avisos: list[str] = Field(description="O que não estava configurado e foi achado pelo nome; as folhas mensais "
                                          "já processadas a reprocessar")
    lancamentos: list[LancamentoNoFinanceiro] = Field(description=(
        "A resposta do Financeiro a este envio (ferias:<id>:liquido:<funcionario_id>, :darf, :fgts)"))
    criados: int | None = Field(description="Contas a pagar criadas neste envio (nulo: não enviado)")
    alterados: int | None
    cancelados: int | None


def _id(ferias_id: int) -> int:
    """A path's id; beyond bigint it names no férias."""
    if ferias_id > MAX_ID:
        raise NaoEncontrado(ferias.NAO_ENCONTRADAS)
    return ferias_id


def _holerite(linha: dict) -> ItemFolha:
    return ItemFolha(**{campo: linha[campo] for campo in (
        "funcionario_id", "nome", "vinculo", "bruto", "inss", "irrf", "fgts", "liquido", "descontos", "deducao_irrf",
        "rubricas", "avisos")})


def _ferias(linha: dict) -> dict:
    return {**{campo: linha[campo] for campo in Ferias.model_fields if campo != "lancamento_ids"},
            "lancamento_ids": list(linha["lancamento_ids"].values())}


def _resultado(ferias_id: int, avisos: list[str], enviado: tuple[dict | None, str | None]):
    resposta, aviso = enviado
    with tenant_transaction() as cur:
        linha = ferias.por_id(cur, ferias_id)
    resposta = resposta or {}
    return ResultadoDasFerias(**_ferias(linha), holerite=_holerite(linha), aviso=aviso, avisos=avisos,
                              lancamentos=resposta.get("lancamentos", []), criados=resposta.get("criados"),
                              alterados=resposta.get("alterados"), cancelados=resposta.get("cancelados"))


@bp.get("/api/ferias/calcular")
@endpoint(resumo="Prévia das férias de um funcionário CLT (férias + 1/3, INSS e IRRF em separado), com a memória de "
                 "cálculo; nada é guardado", query=FiltroCalculo,
          responses={200: FeriasCalculadas, 400: Erro, 404: Erro, 409: Erro}, permissao=LER)
def calcular(query: FiltroCalculo):
    with tenant_transaction() as cur:
        funcionario = funcionarios.por_id(cur, query.funcionario_id)
        if funcionario is None:
            raise NaoEncontrado("Funcionário não encontrado")
        c, h, pagamento = ferias.calcular(cur, funcionario, query.inicio, query.dias)
        ferias.sem_sobreposicao(cur, query.funcionario_id, query.inicio, query.dias)
    return FeriasCalculadas(funcionario_id=c.id, inicio=query.inicio, dias=query.dias, pagamento=pagamento,
                            fim=query.inicio + timedelta(days=query.dias - 1), holerite=ItemFolha(
        funcionario_id=c.id, nome=h.nome, vinculo=c.vinculo, bruto=h.bruto, inss=h.inss, irrf=h.irrf, fgts=h.fgts,
        liquido=h.liquido, descontos=h.descontos, deducao_irrf=h.deducao_irrf, avisos=list(h.avisos),
        rubricas=[{"codigo": r.codigo, "descricao": r.descricao, "tipo": r.tipo, "referencia": r.referencia,
                   "valor": r.valor, "memo": r.memo} for r in h.rubricas]))


@bp.post("/api/ferias")
@endpoint(resumo="Agenda e processa as férias de um funcionário: guarda o holerite (imutável) e lança no Financeiro o "
                 "líquido (2 dias antes do início), a guia de INSS e IRRF e a do FGTS", body=AgendarFerias,
          responses={201: ResultadoDasFerias, 400: Erro, 403: Erro, 404: Erro, 409: Erro}, permissao=ESCREVER)
def agendar(body: AgendarFerias):
    exigir_o_financeiro("Processar férias")
    with escrita() as tx:
        ferias_id, avisos = ferias.processar(tx, body.funcionario_id, body.inicio, body.dias)
    return _resultado(ferias_id, avisos, ferias.sincronizar(ferias_id)), 201


@bp.get("/api/ferias")
@endpoint(resumo="As férias (canceladas também), do início mais recente ao mais antigo", query=FiltroFerias,
          responses={200: Lista[Ferias], 400: Erro}, permissao=LER)
def listar(query: FiltroFerias):
    with tenant_transaction() as cur:
        linhas = ferias.listar(cur, query.funcionario_id, query.apos(ferias.PosicaoFerias), query.limit + 1)
    return Lista[Ferias](**pagina(
        linhas, query, lambda f: ferias.PosicaoFerias(inicio=f["inicio"].isoformat(), id=f["id"]),
        lambda f: Ferias(**_ferias(f))))


@bp.get("/api/ferias/<int:ferias_id>")
@endpoint(resumo="Umas férias, com o holerite como foi calculado", responses={200: FeriasComHolerite, 404: Erro},
          permissao=LER)
def obter(ferias_id: int):
    with tenant_transaction() as cur:
        linha = ferias.por_id(cur, _id(ferias_id))
    if linha is None:
        raise NaoEncontrado(ferias.NAO_ENCONTRADAS)
    return FeriasComHolerite(**_ferias(linha), holerite=_holerite(linha))


@bp.post("/api/ferias/<int:ferias_id>/reprocessar")
@endpoint(resumo="Recalcula as férias com os dados atuais do funcionário e atualiza as contas em aberto no "
                 "Financeiro; as já pagas não mudam",
          responses={200: ResultadoDasFerias, 400: Erro, 403: Erro, 404: Erro, 409: Erro}, permissao=ESCREVER)
def reprocessar(ferias_id: int):
    exigir_o_financeiro("Reprocessar férias")
    with escrita() as tx:
        avisos = ferias.reprocessar(tx, _id(ferias_id))
    return _resultado(ferias_id, avisos, ferias.sincronizar(ferias_id))


@bp.post("/api/ferias/<int:ferias_id>/sincronizar")
@endpoint(resumo="Envia de novo as contas a pagar das férias ao Financeiro (depois de uma falha); nunca as duplica",
          responses={200: ResultadoDasFerias, 403: Erro, 404: Erro}, permissao=ESCREVER)
def sincronizar(ferias_id: int):
    exigir_o_financeiro("Sincronizar férias")
    with tenant_transaction() as cur:
        if ferias.por_id(cur, _id(ferias_id)) is None:
            raise NaoEncontrado(ferias.NAO_ENCONTRADAS)
    return _resultado(ferias_id, [], ferias.sincronizar(ferias_id))


@bp.delete("/api/ferias/<int:ferias_id>")
@endpoint(resumo="Cancela as férias: as contas em aberto no Financeiro são canceladas; as já pagas ficam (marcadas "
                 "como diferentes do pedido)", responses={200: ResultadoDasFerias, 403: Erro, 404: Erro, 409: Erro},
          permissao=ESCREVER)
def cancelar(ferias_id: int):
    exigir_o_financeiro("Cancelar férias")
    with escrita() as tx:
        avisos = ferias.cancelar(tx, _id(ferias_id))
    return _resultado(ferias_id, avisos, ferias.sincronizar(ferias_id))
