"""/api/extratos/<id>/conciliacao-automatica: the automatic conciliação of a statement, run in the
background (financeiro/conciliacao/automatica.py), and its progress.

Starting needs `financeiro:escrever`, reading the progress `financeiro:ler`. Start and end are
audited; the run publishes LANCAMENTO_ALTERADO after each batch that reconciled something.
"""
import logging
from datetime import datetime
from typing import Literal

from flask import Blueprint, jsonify
from pydantic import BaseModel, Field, RootModel

from shared.api import MAX_ID, Erro, Modelo, endpoint
from shared.app import contexto, escrita, plataforma
from shared.errors import NaoEncontrado

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


class UltimaExecucao(RootModel[Execucao | None]):
    """The statement's latest run, or null while it has had none."""


@bp.post("/api/extratos/<int:extrato_id>/conciliacao-automatica")
@endpoint(resumo="Concilia automaticamente um extrato, em segundo plano: acompanhe pelo GET da execução",
          body=NovaExecucao, body_opcional=True, responses={202: Execucao, 400: Erro, 404: Erro, 409: Erro},
          permissao=ESCREVER)
def iniciar(extrato_id: int, body: NovaExecucao):
    with escrita() as tx:
        execucao, reserva = automatica.iniciar(tx, _extrato(extrato_id), body.score_minimo)
    return _progresso(execucao, reserva), 202


@bp.get("/api/extratos/conciliacao-automatica/<int:execucao_id>")
@endpoint(resumo="O progresso de uma conciliação automática (retomada aqui se o processo dela parou)",
          responses={200: Execucao, 404: Erro}, permissao=LER)
def obter_execucao(execucao_id: int):
    if execucao_id > MAX_ID:
        raise NaoEncontrado("Conciliação automática não encontrada")
    # A write: a run whose process is gone is taken up by whoever looks at it (its lease renewed).
    with escrita() as tx:
        execucao, reserva = automatica.acompanhar(tx, execucao_id)
    return _progresso(execucao, reserva, retomada=True)


@bp.get("/api/extratos/<int:extrato_id>/conciliacao-automatica")
@endpoint(resumo="A conciliação automática mais recente de um extrato (retomada aqui se o processo dela parou); "
                 "null enquanto o extrato não teve nenhuma",
          responses={200: UltimaExecucao, 404: Erro}, permissao=LER)
def obter_ultima(extrato_id: int):
    with escrita() as tx:
        execucao, reserva = automatica.acompanhar_ultima(tx, _extrato(extrato_id))
    if execucao is None:
        return jsonify(None)
    return _progresso(execucao, reserva, retomada=True)


def _progresso(execucao: dict, reserva, retomada: bool = False) -> Execucao:
    """The run as read; held by this request (`reserva`, now committed), it goes on in a thread of
    this process, after its last saved batch."""
    if reserva is not None:
        if retomada:
            log.info("conciliação automática retomada", extra={"execucao_id": execucao["id"]})
        automatica.em_segundo_plano(plataforma(), contexto().empresa_id, execucao["id"], reserva)
    return Execucao(**execucao)


def _extrato(extrato_id: int) -> int:
    """A path's id, which beyond bigint names no statement."""
    if extrato_id > MAX_ID:
        raise NaoEncontrado("Extrato não encontrado")
    return extrato_id
