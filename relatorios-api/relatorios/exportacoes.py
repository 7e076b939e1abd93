"""Export jobs (relatorios.exportacoes): a report as an XLSX or PDF file, made in the background.

Asking records the job, held by its asker's process, and once that commits a thread of the
process makes the file: the report's `calcular` in the empresa's tenant transaction (relatorios/
catalogo.py), its Documento, the XLSX or PDF. The job is held by a lease, `reservado_ate`, that
the thread renews with each progress it reports (the heartbeat) while it is still the value it
wrote (a fencing token), as financeiro's automatic conciliação does
(financeiro/conciliacao/automatica.py): when the process dies (a deploy, a restart), the next
look at the job's progress finds the lease run out and makes the file again in its own process.
A job taken up TENTATIVAS times ends as an error: it is what kills the processes that run it.

Files are kept a day: asking for a new export deletes the empresa's jobs older than GUARDAR
(row-level security allows no other empresa's), so an empresa keeps at most its last day's files
plus whatever it asked for before it stopped exporting.

A file never sits whole in memory (a year's razão is ~100,000 rows): the writer writes it to a
temporary file on disk, which is stored in parts of PARTE bytes (relatorios.exportacao_partes, going
with their job), and the download streams the parts, each read in its own short transaction.
"""
import logging
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO, Iterator
from zoneinfo import ZoneInfo

import psycopg2
import psycopg2.extras

from shared import metricas
from shared.app import Plataforma
from shared.config import FUSO
from shared.contexto import Contexto
from shared.db import Database
from shared.errors import Conflito, ErroAPI, NaoEncontrado
from shared.eventos import Barramento
from shared.logging import correlacionado
from shared.transacao import Transacao

from relatorios import catalogo
from relatorios.arquivos import documento, pdf, xlsx

log = logging.getLogger(__name__)

# Far longer than a heartbeat apart: a lease runs out only when its holder is gone.
RESERVA = "60 seconds"
BATIMENTO = 2.0  # seconds, at most, between two heartbeats of a job making its file
TENTATIVAS = 3
GUARDAR = "24 hours"
# A part of a file, stored and served at a time: psycopg2 sends a bytea as hex text of twice its
# size, so a part costs a few MiB of memory while it passes, whatever the file's size.
PARTE = 1024 * 1024
ESCRITORES = {"xlsx": xlsx.escrever, "pdf": pdf.escrever}
TIPOS = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "pdf": "application/pdf"}

_EXPORTACAO = """
    SELECT id, relatorio, formato, status, progresso, erro, criado_em, concluido_em, tentativas,
           status IN ('pendente', 'processando') AND coalesce(reservado_ate < now(), true) AS parada
      FROM relatorios.exportacoes
     WHERE empresa_id = plataforma.empresa_atual()"""


def exportaveis() -> list[str]:
    """The reports of the catalogue that have a file layout, in the catalogue's order."""
    return [nome for nome in catalogo.RELATORIOS if nome in documento.DOCUMENTOS]


def por_id(cur, exportacao_id: int) -> dict | None:
    cur.execute(f"{_EXPORTACAO} AND id = %s", (exportacao_id,))
    return cur.fetchone()


def foto(exportacao: dict) -> dict:
    """What the audit trail keeps of a job."""
    return {campo: exportacao[campo] for campo in ("relatorio", "formato", "status", "erro")}


def iniciar(tx: Transacao, relatorio: str, formato: str, parametros: dict) -> tuple[dict, datetime]:
    """Records the job, held by the caller: the job and its lease, for em_segundo_plano once this
    transaction has committed. The empresa's files older than GUARDAR go at the same time."""
    tx.cur.execute(f"DELETE FROM relatorios.exportacoes WHERE empresa_id = plataforma.empresa_atual() "
                   f"AND criado_em < now() - interval '{GUARDAR}'")
    tx.cur.execute(
        f"""INSERT INTO relatorios.exportacoes (empresa_id, usuario_id, username, correlation_id, relatorio,
                                                formato, parametros, reservado_ate, tentativas)
            VALUES (plataforma.empresa_atual(), %s, %s, %s, %s, %s, %s, now() + interval '{RESERVA}', 1)
            RETURNING id, reservado_ate""",
        (tx.contexto.usuario_id, tx.contexto.username, tx.contexto.correlation_id, relatorio, formato,
         psycopg2.extras.Json(parametros)),
    )
    criada = tx.cur.fetchone()
    exportacao = por_id(tx.cur, criada["id"])
    tx.auditar("exportar", "exportacao", exportacao["id"], depois={**foto(exportacao), "parametros": parametros})
    return exportacao, criada["reservado_ate"]


def acompanhar(tx: Transacao, exportacao_id: int) -> tuple[dict, datetime | None]:
    """(job, lease): a job left by a dead process (lease run out) is taken up here, and the lease
    is what em_segundo_plano needs after commit; None when the job needs nobody."""
    exportacao = por_id(tx.cur, exportacao_id)
    if exportacao is None:
        raise NaoEncontrado("Exportação não encontrada")
    if not exportacao["parada"]:
        return exportacao, None
    if exportacao["tentativas"] >= TENTATIVAS:
        _encerrar_com_erro(tx, exportacao_id, None, "O arquivo não pôde ser gerado depois de várias tentativas; "
                                                    "tente um período menor ou avise o suporte.")
        return por_id(tx.cur, exportacao_id), None
    tx.cur.execute(
        f"""UPDATE relatorios.exportacoes
               SET reservado_ate = now() + interval '{RESERVA}', tentativas = tentativas + 1
             WHERE empresa_id = plataforma.empresa_atual() AND id = %s AND status IN ('pendente', 'processando')
               AND coalesce(reservado_ate < now(), true)
            RETURNING reservado_ate""",
        (exportacao_id,),
    )
    linha = tx.cur.fetchone()
    return exportacao, None if linha is None else linha["reservado_ate"]


def arquivo(cur, exportacao_id: int) -> dict:
    """The finished file: its size, how many parts, name and content type. 409 while it is not ready."""
    cur.execute("""SELECT e.status, e.tamanho, e.nome_arquivo, e.tipo_conteudo,
                          (SELECT count(*) FROM relatorios.exportacao_partes p
                            WHERE p.empresa_id = e.empresa_id AND p.exportacao_id = e.id) AS partes
                     FROM relatorios.exportacoes e
                    WHERE e.empresa_id = plataforma.empresa_atual() AND e.id = %s""", (exportacao_id,))
    linha = cur.fetchone()
    if linha is None:
        raise NaoEncontrado("Exportação não encontrada")
    if linha["status"] == "erro":
        raise Conflito("A exportação falhou; peça o arquivo de novo")
    if linha["status"] != "pronto":
        raise Conflito("O arquivo ainda está sendo gerado; aguarde o fim do progresso")
    return linha


def partes(db: Database, empresa_id: int, usuario_id: int | None, exportacao_id: int, quantas: int) -> Iterator[bytes]:
    """The file's parts in order for a streamed download, each read in its own short transaction:
    a slow client holds no connection, and the process at most a part."""
    for ordem in range(quantas):
        with db.transacao(empresa_id, usuario_id) as cur:
            cur.execute("""SELECT dados FROM relatorios.exportacao_partes
                            WHERE empresa_id = plataforma.empresa_atual() AND exportacao_id = %s AND ordem = %s""",
                        (exportacao_id, ordem))
            linha = cur.fetchone()
        if linha is None:  # the file got old and went while it was being downloaded
            raise NaoEncontrado("O arquivo expirou durante o download; peça a exportação de novo")
        yield bytes(linha["dados"])


def guardar(cur, exportacao_id: int, conteudo: BinaryIO) -> None:
    """Stores the file read from `conteudo` as the job's parts, PARTE bytes at a time."""
    for ordem, dados in enumerate(iter(lambda: conteudo.read(PARTE), b"")):
        cur.execute("""INSERT INTO relatorios.exportacao_partes (empresa_id, exportacao_id, ordem, dados)
                       VALUES (plataforma.empresa_atual(), %s, %s, %s)""",
                    (exportacao_id, ordem, psycopg2.Binary(dados)))


def em_segundo_plano(plataforma: Plataforma, empresa_id: int, exportacao_id: int, reserva: datetime) -> None:
    """Makes the job's file in a thread of this process (the request goes on without waiting).
    The thread dies with the process; the lease then lets another one take the job up."""
    trabalho = _Trabalho(plataforma.db, plataforma.barramento, plataforma.config.servico, empresa_id, exportacao_id,
                         reserva)
    threading.Thread(target=trabalho.executar, name=f"exportacao-{exportacao_id}", daemon=True).start()


# ---------------------------------------------------------------- the job


class _Perdida(Exception):
    """Another process took the job up (this one's lease had run out): this one stops."""


@dataclass
class _Trabalho:
    db: Database
    barramento: Barramento
    servico: str
    empresa_id: int
    exportacao_id: int
    reserva: datetime
    ultimo_batimento: float = 0.0

    @property
    def marcas(self) -> dict:
        return {"empresa_id": self.empresa_id, "exportacao_id": self.exportacao_id}

    def executar(self) -> None:
        with metricas.trabalho("exportacao") as fim:
            fim.resultado = self._executar()

    def _executar(self) -> str:
        """How the job ended here, for the metrics: ok, lost, interrupted or error."""
        contexto = Contexto(self.servico, self.empresa_id)
        try:
            job = self._avancar(5)
            contexto = Contexto(self.servico, self.empresa_id, job["usuario_id"], job["username"],
                                job["correlation_id"])
            with correlacionado(contexto.correlation_id):
                self._gerar(contexto, job)
            return "ok"
        except _Perdida:
            log.warning("exportação retomada por outro processo; este para", extra=self.marcas)
            return "lost"
        except psycopg2.OperationalError:
            # The database went away: the next look at the job takes it up once the lease runs out.
            log.warning("exportação interrompida; será retomada", exc_info=True, extra=self.marcas)
            return "interrupted"
        except ErroAPI as erro:  # the report refused its parameters as they stand now
            self._falhar(contexto, erro.mensagem)
            return "error"
        except Exception:
            with correlacionado(contexto.correlation_id):
                log.exception("exportação falhou", extra=self.marcas)
            self._falhar(contexto, "Falha inesperada ao gerar o arquivo. "
                                   "A equipe foi avisada pelo registro do sistema.")
            return "error"

    def _gerar(self, contexto: Contexto, job: dict) -> None:
        relatorio, formato = job["relatorio"], job["formato"]
        modulo = catalogo.RELATORIOS[relatorio]
        with tempfile.TemporaryFile() as conteudo:
            # The file is written inside the report's transaction: the razão's rows are a server-side
            # cursor of it, read as they are written (relatorios/razao.py).
            with self.db.transacao(self.empresa_id, contexto.usuario_id) as cur:
                resultado = modulo.calcular(cur, modulo.Parametros.model_validate(job["parametros"]))
                cabecalho = documento.Cabecalho(_nome_da_empresa(cur), documento.filtros(cur, job["parametros"]),
                                                datetime.now(ZoneInfo(FUSO)))
                self._avancar(30)
                doc = documento.documento(relatorio, resultado)
                ESCRITORES[formato](doc, cabecalho, conteudo, lambda fracao: self._avancar(30 + int(fracao * 65)))
            tamanho = conteudo.seek(0, 2)
            conteudo.seek(0)
            nome = f"{relatorio}-{cabecalho.gerado_em:%Y%m%d-%H%M}.{formato}"
            with Transacao.abrir(self.db, self.barramento, contexto) as tx:
                # The lease first: a job another process holds gets no parts from this one.
                tx.cur.execute(
                    """UPDATE relatorios.exportacoes
                          SET status = 'pronto', progresso = 100, tamanho = %s, nome_arquivo = %s,
                              tipo_conteudo = %s, concluido_em = now(), reservado_ate = NULL
                        WHERE empresa_id = plataforma.empresa_atual() AND id = %s AND reservado_ate = %s
                       RETURNING id""",
                    (tamanho, nome, TIPOS[formato], self.exportacao_id, self.reserva),
                )
                if tx.cur.fetchone() is None:
                    raise _Perdida
                guardar(tx.cur, self.exportacao_id, conteudo)
                tx.auditar("concluir", "exportacao", self.exportacao_id,
                           depois=foto(por_id(tx.cur, self.exportacao_id)))
        log.info("exportação pronta", extra={**self.marcas, "bytes": tamanho})

    def _avancar(self, progresso: int) -> dict | None:
        """The heartbeat: the progress saved and the lease renewed, at most every BATIMENTO
        seconds but the first; the job's row on the first. Raises _Perdida once another process
        holds the job."""
        agora = time.monotonic()
        if self.ultimo_batimento and agora - self.ultimo_batimento < BATIMENTO:
            return None
        with self.db.transacao(self.empresa_id) as cur:
            cur.execute(
                f"""UPDATE relatorios.exportacoes
                       SET status = 'processando', progresso = greatest(progresso, %s),
                           reservado_ate = clock_timestamp() + interval '{RESERVA}'
                     WHERE empresa_id = plataforma.empresa_atual() AND id = %s AND reservado_ate = %s
                       AND status IN ('pendente', 'processando')
                    RETURNING reservado_ate, relatorio, formato, parametros, usuario_id, username, correlation_id""",
                (progresso, self.exportacao_id, self.reserva),
            )
            job = cur.fetchone()
        if job is None:
            raise _Perdida
        self.reserva, self.ultimo_batimento = job["reservado_ate"], agora
        return job

    def _falhar(self, contexto: Contexto, mensagem: str) -> None:
        try:
            with Transacao.abrir(self.db, self.barramento, contexto) as tx:
                _encerrar_com_erro(tx, self.exportacao_id, self.reserva, mensagem)
        except Exception:  # the job stays held until its lease runs out; then it is taken up
            log.exception("não foi possível registrar a falha da exportação", extra=self.marcas)


def _encerrar_com_erro(tx: Transacao, exportacao_id: int, reserva: datetime | None, mensagem: str) -> None:
    """Ends the job as failed, while `reserva` still holds it (None: whoever holds it, as its lease ran out)."""
    tx.cur.execute(
        """UPDATE relatorios.exportacoes
              SET status = 'erro', erro = %s, concluido_em = now(), reservado_ate = NULL
            WHERE empresa_id = plataforma.empresa_atual() AND id = %s AND status IN ('pendente', 'processando')
              AND (%s::timestamptz IS NULL OR reservado_ate = %s)
           RETURNING id""",
        (mensagem[:1000], exportacao_id, reserva, reserva),
    )
    if tx.cur.fetchone() is not None:
        tx.auditar("falhar", "exportacao", exportacao_id, depois=foto(por_id(tx.cur, exportacao_id)))


def _nome_da_empresa(cur) -> str:
    cur.execute("SELECT nome FROM auth.v_empresas")
    linha = cur.fetchone()
    return linha["nome"] if linha else ""
