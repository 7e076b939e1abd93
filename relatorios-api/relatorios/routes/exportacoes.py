"""/api/relatorios/export: a report as an XLSX or PDF file, made in the background
(relatorios/exportacoes.py), its progress, and the file once ready.

Anyone who may read the reports may export them (`relatorios:ler`): the file holds what the
screen shows. Asking is audited, as is the job's end.
"""
import logging
from typing import Any, Literal

from flask import Blueprint, Response
from pydantic import BaseModel, Field

from shared.api import MAX_ID, Erro, Modelo, Texto, endpoint, validar
from shared.app import contexto, escrita, plataforma, tenant_transaction
from shared.errors import NaoEncontrado, Validacao

from relatorios import catalogo, exportacoes

bp = Blueprint("exportacoes", __name__)
log = logging.getLogger(__name__)

LER = "relatorios:ler"
Status = Literal["pendente", "processando", "pronto", "erro"]


class NovaExportacao(Modelo):
    relatorio: Texto = Field(max_length=60, description="O nome do relatório: " + ", ".join(exportacoes.exportaveis()))
    formato: Literal["xlsx", "pdf"]
    parametros: dict[str, Any] = Field(default_factory=dict,
                                       description="Os parâmetros da consulta do relatório, como na tela")


class ExportacaoCriada(BaseModel):
    id: int
    status: Status


class Exportacao(ExportacaoCriada):
    progresso: int = Field(ge=0, le=100)
    erro: str | None = Field(None, description="Por que o arquivo não foi gerado (status erro)")


@bp.post("/api/relatorios/export")
@endpoint(resumo="Exporta um relatório em XLSX ou PDF, em segundo plano: acompanhe pelo GET da exportação",
          body=NovaExportacao, responses={202: ExportacaoCriada, 400: Erro}, permissao=LER)
def exportar(body: NovaExportacao):
    parametros = _parametros(body.relatorio, body.parametros)
    with escrita() as tx:
        exportacao, reserva = exportacoes.iniciar(tx, body.relatorio, body.formato, parametros)
    exportacoes.em_segundo_plano(plataforma(), contexto().empresa_id, exportacao["id"], reserva)
    return ExportacaoCriada(**exportacao), 202


@bp.get("/api/relatorios/export/<int:exportacao_id>")
@endpoint(resumo="O progresso de uma exportação (retomada aqui se o processo dela parou)",
          responses={200: Exportacao, 404: Erro}, permissao=LER)
def obter(exportacao_id: int):
    # A write: a job whose process is gone is taken up by whoever looks at it.
    with escrita() as tx:
        exportacao, reserva = exportacoes.acompanhar(tx, _id(exportacao_id))
    if reserva is not None:
        log.info("exportação retomada", extra={"exportacao_id": exportacao_id})
        exportacoes.em_segundo_plano(plataforma(), contexto().empresa_id, exportacao_id, reserva)
    return Exportacao(**exportacao)


@bp.get("/api/relatorios/export/<int:exportacao_id>/arquivo")
@endpoint(resumo="O arquivo de uma exportação pronta (409 enquanto é gerado)",
          responses={200: None, 404: Erro, 409: Erro}, permissao=LER,
          conteudo={exportacoes.TIPOS["xlsx"]: "Planilha com células numéricas e de data",
                    exportacoes.TIPOS["pdf"]: "PDF para imprimir ou enviar"})
def baixar(exportacao_id: int):
    with tenant_transaction() as cur:
        pronto = exportacoes.arquivo(cur, _id(exportacao_id))
    # Streamed a part at a time, after this request's transaction (relatorios/exportacoes.py).
    partes = exportacoes.partes(plataforma().db, contexto().empresa_id, contexto().usuario_id, exportacao_id,
                                pronto["partes"])
    return Response(partes, mimetype=pronto["tipo_conteudo"],
                    headers={"Content-Disposition": f'attachment; filename="{pronto["nome_arquivo"]}"',
                             "Content-Length": str(pronto["tamanho"])})


def _parametros(relatorio: str, parametros: dict) -> dict:
    """The report's query validated by its own model (as its route does), as JSON to store; a
    field's error is named under `parametros`."""
    if relatorio not in exportacoes.exportaveis():
        raise Validacao(f"Não há exportação para o relatório {relatorio!r}",
                        {"relatorio": "Escolha um de: " + ", ".join(exportacoes.exportaveis())})
    modelo = catalogo.RELATORIOS[relatorio].Parametros
    try:
        return validar(modelo, parametros, "parametros").model_dump(mode="json")
    except Validacao as erro:
        raise Validacao(erro.mensagem, {f"parametros.{campo}": texto for campo, texto in (erro.campos or {}).items()})


def _id(exportacao_id: int) -> int:
    """A path's id, which beyond bigint names no export."""
    if exportacao_id > MAX_ID:
        raise NaoEncontrado("Exportação não encontrada")
    return exportacao_id
