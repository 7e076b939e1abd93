"""/api/extratos/<id>/conciliacao-automatica: the automatic conciliação of a statement, run in the
background (financeiro/conciliacao/automatica.py), and its progress.

Starting needs `financeiro:escrever`, reading the progress `financeiro:ler`. Start and end are
audited; the run publishes `financeiro.lancamento.alterado` after each batch that reconciled something.
"""
import logging
from datetime import datetime
from typing import Literal

from flask import Blueprint, g
from pydantic import BaseModel, Field

from shared.api import MAX_ID, Erro, Modelo, endpoint
from shared.app import tenant_transaction
from shared.auditoria import auditar
from shared.errors import NaoEncontrado
from shared.logging import correlation_id

from financeiro import extratos
from financeiro.conciliacao import automatica
from financeiro.permissoes import ESCREVER, LER
from financeiro.routes.regras import Score

bp = Blueprint("conciliacao_automatica", __name__)
log = logging.getLogger(__name__)


class NovaExecucao(Modelo):
    score_minimo: Score = Field(automatica.SCORE_MINIMO,
                                description="Sem regra, só se confirma a sugestão a partir deste score")


class Execucao(BaseModel):
    id: int
    extrato_id: int
    status: Literal["PENDENTE", "EXECUTANDO", "CONCLUIDA", "FALHOU"]
    total: int = Field(description="Transações a conciliar quando começou")
    processadas: int
    conciliadas: int = Field(description="Conciliadas com lançamentos ou baixas existentes")
    criadas: int = Field(description="Conciliadas com um lançamento que uma regra criou")
    deixadas: int = Field(description="Deixadas para revisão: processadas - conciliadas - criadas")
    score_minimo: float
    erro: str | None
    criado_em: datetime
    concluido_em: datetime | None


@bp.post("/api/extratos/<int:extrato_id>/conciliacao-automatica")
@endpoint(resumo="Concilia automaticamente um extrato, em segundo plano: acompanhe pelo GET da execução",
          body=NovaExecucao, body_opcional=True, responses={202: Execucao, 400: Erro, 404: Erro, 409: Erro},
          permissao=ESCREVER)
def iniciar(extrato_id: int, body: NovaExecucao):
    with tenant_transaction() as cur:
        _exigir_extrato(cur, extrato_id)
        execucao, reserva = automatica.iniciar(cur, extrato_id, body.score_minimo, g.usuario, correlation_id())
        auditar(cur, "iniciar", "conciliacao_execucao", execucao["id"], depois=automatica.foto(execucao))
    automatica.em_segundo_plano(g.usuario.empresa_id, execucao["id"], reserva)
    return Execucao(**execucao), 202


@bp.get("/api/extratos/conciliacao-automatica/<int:execucao_id>")
@endpoint(resumo="O progresso de uma conciliação automática (retomada aqui se o processo dela parou)",
          responses={200: Execucao, 404: Erro}, permissao=LER)
def obter_execucao(execucao_id: int):
    with tenant_transaction() as cur:
        execucao = automatica.por_id(cur, execucao_id) if execucao_id <= MAX_ID else None
        if execucao is None:
            raise NaoEncontrado("Conciliação automática não encontrada")
        reserva = _retomar_se_parada(cur, execucao)
    return _progresso(execucao, reserva)


@bp.get("/api/extratos/<int:extrato_id>/conciliacao-automatica")
@endpoint(resumo="A conciliação automática mais recente de um extrato (retomada aqui se o processo dela parou)",
          responses={200: Execucao, 404: Erro}, permissao=LER)
def obter_ultima(extrato_id: int):
    with tenant_transaction() as cur:
        _exigir_extrato(cur, extrato_id)
        execucao = automatica.ultima(cur, extrato_id)
        if execucao is None:
            raise NaoEncontrado("Este extrato ainda não teve conciliação automática")
        reserva = _retomar_se_parada(cur, execucao)
    return _progresso(execucao, reserva)


def _retomar_se_parada(cur, execucao: dict):
    """A run whose process is gone (its lease ran out) is taken up by whoever looks at it."""
    return automatica.retomar(cur, execucao["id"]) if execucao["parada"] else None


def _progresso(execucao: dict, reserva) -> Execucao:
    """The run as read; taken up (`reserva`), it goes on in a thread of this process after its last
    saved batch."""
    if reserva is not None:
        log.info("conciliação automática retomada", extra={"execucao_id": execucao["id"]})
        automatica.em_segundo_plano(g.usuario.empresa_id, execucao["id"], reserva)
    return Execucao(**execucao)


def _exigir_extrato(cur, extrato_id: int) -> None:
    if extrato_id > MAX_ID or extratos.por_id(cur, extrato_id) is None:
        raise NaoEncontrado("Extrato não encontrado")
