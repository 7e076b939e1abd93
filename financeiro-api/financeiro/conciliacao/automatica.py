"""The automatic conciliação of a whole statement, as a background run with progress
(financeiro.conciliacao_execucoes).

Each transaction (not reconciled, not under review, in data and id order) is decided on its own:
the first of the empresa's rules it meets that acts by itself decides — CRIAR_LANCAMENTO creates
its lançamento paid and reconciled, CONCILIAR confirms the best suggestion when it reaches the
rule's score — and without such a rule the best suggestion is confirmed when it reaches the run's
score and leads the second by VANTAGEM. Everything else is left for a person. A transaction whose
conciliação the ledger no longer allows (someone changed it meanwhile) is left too.

The run works in batches, each its own tenant transaction, which saves the progress with its
work: a run that stops anywhere (its process restarted, the database went away) has lost at most
one batch and goes on after the last transaction saved. While a batch decides, a second thread of
the run looks the next one up (antecipadas): the database works on those lookups while Python
ranks this batch's candidates. It is held by a lease, `reservado_ate`:
whoever holds the run renews it with each batch, and only while it is still the value it wrote
(a fencing token), so once another process took up a stale run the old holder stops at its next
batch. Gunicorn runs several processes: a run started in one is resumed by whichever process next
serves a look at its progress and finds the lease expired (retomar).

Wherever it runs, the run acts as the request that started it: a Contexto of the user and the
correlation id it stored, for its audit rows, its baixas, its events (each batch's, after that
batch commits) and its log lines.
"""
import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime

import psycopg2

from shared import catalogo_eventos as eventos
from shared.app import Plataforma
from shared.contexto import Contexto
from shared.db import Database, violacoes_viram_erros
from shared.errors import Conflito, ErroAPI, NaoEncontrado
from shared.eventos import Barramento
from shared.logging import correlacionado
from shared.transacao import Transacao

from financeiro import extratos
from financeiro.conciliacao import confirmacao
from financeiro.conciliacao.antecipadas import Antecipadas, Mudancas

log = logging.getLogger(__name__)

LOTE = 200
# Far longer than a batch takes: a lease runs out only when its holder is gone.
RESERVA = "60 seconds"
SCORE_MINIMO = 0.9
# How far the best suggestion must lead the second to be taken without a person: two open
# lançamentos that fit equally well are for someone who knows which one was paid.
VANTAGEM = 0.1
CONFIRMAVEIS = ("LANCAMENTOS", "BAIXAS")

_EXECUCAO = """
    SELECT id, extrato_id, status, total, processadas, conciliadas, criadas,
           processadas - conciliadas - criadas AS deixadas, score_minimo::float AS score_minimo, erro,
           criado_em, concluido_em,
           status IN ('PENDENTE', 'EXECUTANDO') AND coalesce(reservado_ate < now(), true) AS parada
      FROM financeiro.conciliacao_execucoes
     WHERE empresa_id = plataforma.empresa_atual()"""


def por_id(cur, execucao_id: int) -> dict | None:
    cur.execute(f"{_EXECUCAO} AND id = %s", (execucao_id,))
    return cur.fetchone()


def ultima(cur, extrato_id: int) -> dict | None:
    """The statement's latest run."""
    cur.execute(f"{_EXECUCAO} AND extrato_id = %s ORDER BY id DESC LIMIT 1", (extrato_id,))
    return cur.fetchone()


def foto(execucao: dict) -> dict:
    """What the audit trail keeps of a run."""
    return {campo: valor for campo, valor in execucao.items() if campo != "parada"}


# ---------------------------------------------------------------- starting and resuming


def iniciar(tx: Transacao, extrato_id: int, score_minimo: float) -> tuple[dict, datetime]:
    """Records a run of the statement by tx's user, under its correlation id, held by the caller:
    the run and its lease, for em_segundo_plano once this transaction has committed. 404 for a
    statement not the empresa's; Conflito while another run of the statement is on."""
    _exigir_extrato(tx.cur, extrato_id)
    em_andamento = Conflito("Já há uma conciliação automática deste extrato em andamento; acompanhe o progresso dela")
    with violacoes_viram_erros(unicas={"conciliacao_execucoes_uma_por_extrato": em_andamento}):
        tx.cur.execute(
            f"""INSERT INTO financeiro.conciliacao_execucoes
                       (empresa_id, extrato_id, score_minimo, total, usuario_id, username, correlation_id,
                        reservado_ate)
                SELECT plataforma.empresa_atual(), %s, %s, count(*), %s, %s, %s, now() + interval '{RESERVA}'
                  FROM financeiro.extrato_transacoes
                 WHERE empresa_id = plataforma.empresa_atual() AND extrato_id = %s
                   AND NOT conciliado AND NOT revisar AND descartada_em IS NULL
                RETURNING id, reservado_ate""",
            (extrato_id, score_minimo, tx.contexto.usuario_id, tx.contexto.username, tx.contexto.correlation_id,
             extrato_id),
        )
    criada = tx.cur.fetchone()
    execucao = por_id(tx.cur, criada["id"])
    tx.auditar("iniciar", "conciliacao_execucao", execucao["id"], depois=foto(execucao))
    return execucao, criada["reservado_ate"]


def acompanhar(tx: Transacao, execucao_id: int) -> tuple[dict, datetime | None]:
    """A run as it is, and, when its process is gone (its lease ran out), taken up by whoever
    looks: the new lease, for em_segundo_plano once this transaction has committed (else None)."""
    execucao = por_id(tx.cur, execucao_id)
    if execucao is None:
        raise NaoEncontrado("Conciliação automática não encontrada")
    return execucao, _retomar_se_parada(tx.cur, execucao)


def acompanhar_ultima(tx: Transacao, extrato_id: int) -> tuple[dict | None, datetime | None]:
    """As acompanhar, for the statement's latest run; (None, None) while it has had none, which
    is how every statement starts (not an error: the screen asks on every visit)."""
    _exigir_extrato(tx.cur, extrato_id)
    execucao = ultima(tx.cur, extrato_id)
    if execucao is None:
        return None, None
    return execucao, _retomar_se_parada(tx.cur, execucao)


def _exigir_extrato(cur, extrato_id: int) -> None:
    if extratos.por_id(cur, extrato_id) is None:
        raise NaoEncontrado("Extrato não encontrado")


def _retomar_se_parada(cur, execucao: dict) -> datetime | None:
    return retomar(cur, execucao["id"]) if execucao["parada"] else None


def retomar(cur, execucao_id: int) -> datetime | None:
    """Takes up a run whose holder is gone (its lease expired): the new lease, for
    em_segundo_plano after this transaction commits, or None when someone else holds it."""
    cur.execute(
        f"""UPDATE financeiro.conciliacao_execucoes SET reservado_ate = now() + interval '{RESERVA}'
             WHERE empresa_id = plataforma.empresa_atual() AND id = %s AND status IN ('PENDENTE', 'EXECUTANDO')
               AND coalesce(reservado_ate < now(), true)
            RETURNING reservado_ate""",
        (execucao_id,),
    )
    linha = cur.fetchone()
    return None if linha is None else linha["reservado_ate"]


def em_segundo_plano(plataforma: Plataforma, empresa_id: int, execucao_id: int, reserva: datetime) -> None:
    """Runs the run held by `reserva` in a thread of this process (the request goes on without
    waiting), with the service's database and event bus. The thread dies with the process; the
    lease then lets another one resume it."""
    trabalho = _Trabalho(plataforma.db, plataforma.barramento, plataforma.config.servico, empresa_id, execucao_id)
    threading.Thread(target=trabalho.executar, args=(reserva,), name=f"conciliacao-automatica-{execucao_id}",
                     daemon=True).start()


# ---------------------------------------------------------------- the run


@dataclass
class _Lote:
    """What one batch did: the counts it adds to the run's, and the conciliações it made."""

    processadas: int = 0
    conciliadas: int = 0
    criadas: int = 0
    conciliacoes: list[int] = field(default_factory=list)


@dataclass
class _Seguinte:
    """The next batch's lookups, made while this one decides (Antecipadas.buscar in another
    transaction: they cannot see this batch's decisions, which `antes` records as they are made)."""

    futuro: Future
    antes: Mudancas

    def buscadas(self, proximas: list[int]) -> Antecipadas | None:
        """The lookups, once made, when they were of these transactions (a person may have set one
        aside meanwhile: then they must be made again)."""
        try:
            ids, antecipadas = self.futuro.result()
        except Exception:  # looked up again in the batch's own transaction, which tells what is wrong
            log.warning("busca antecipada do lote seguinte falhou; refeita no lote", exc_info=True)
            return None
        if ids != proximas:
            return None
        antecipadas.antes = self.antes
        return antecipadas


@dataclass
class _Trabalho:
    """One worker's hold on a run: the service it works in (its database and event bus) and which
    run; as whom it works, the run itself says (_quem_iniciou)."""

    db: Database
    barramento: Barramento
    servico: str
    empresa_id: int
    execucao_id: int

    @property
    def marcas(self) -> dict:
        """What each of its log lines says besides the message."""
        return {"empresa_id": self.empresa_id, "execucao_id": self.execucao_id}

    def executar(self, reserva: datetime | None) -> None:
        # Until the run's author is known, the run acts as nobody (a failure is recorded as such).
        contexto = Contexto(self.servico, self.empresa_id)
        try:
            contexto = self._quem_iniciou()
            with correlacionado(contexto.correlation_id), \
                    ThreadPoolExecutor(1, thread_name_prefix=f"conciliacao-adiante-{self.execucao_id}") as adiante:
                log.info("conciliação automática em execução", extra=self.marcas)
                seguinte = None
                while reserva is not None:
                    reserva, seguinte = self._lote(contexto, reserva, adiante, seguinte)
        except psycopg2.OperationalError:
            # The database went away (or chose this batch to break a deadlock): what was saved
            # stays, and the next look at the run's progress takes it up once the lease runs out.
            with correlacionado(contexto.correlation_id):
                log.warning("conciliação automática interrompida; será retomada", exc_info=True, extra=self.marcas)
        except Exception:
            with correlacionado(contexto.correlation_id):
                log.exception("conciliação automática falhou", extra=self.marcas)
                self._falhar(contexto, reserva)

    def _quem_iniciou(self) -> Contexto:
        """The run acts as the request that started it: its user (in the audit trail and on the
        baixas) and its correlation id (in the logs, the audit trail and the events), wherever it
        runs."""
        with self.db.transacao(self.empresa_id) as cur:
            cur.execute("""SELECT usuario_id, username, correlation_id FROM financeiro.conciliacao_execucoes
                            WHERE empresa_id = plataforma.empresa_atual() AND id = %s""", (self.execucao_id,))
            execucao = cur.fetchone()
        return Contexto(self.servico, self.empresa_id, execucao["usuario_id"], execucao["username"],
                        execucao["correlation_id"])

    def _lote(self, contexto: Contexto, reserva: datetime, adiante: ThreadPoolExecutor,
              seguinte: "_Seguinte | None") -> tuple[datetime | None, "_Seguinte | None"]:
        """One batch, in its own transaction: the lease it holds next, or None when the run is over
        or was taken up by another process, and the next batch's lookups, under way meanwhile in
        `adiante`. The lançamentos it reconciled are announced once it has committed."""
        lote = _Lote()
        with Transacao.abrir(self.db, self.barramento, contexto) as tx:
            execucao = _renovar(tx.cur, self.execucao_id, reserva)
            if execucao is None:
                log.warning("conciliação automática retomada por outro processo; este para", extra=self.marcas)
                return None, None
            proximas = _proximas(tx.cur, execucao)
            antecipadas = seguinte.buscadas(proximas) if seguinte is not None else None
            if antecipadas is None:
                antecipadas = Antecipadas.buscar(tx.cur, proximas)
            seguinte = None
            if len(proximas) == LOTE:
                depois = {**execucao, "ultima_transacao_id": proximas[-1],
                          "ultima_data": antecipadas.transacoes[proximas[-1]]["data"]}
                seguinte = _Seguinte(adiante.submit(self._buscar, contexto, depois), antecipadas.feitas)
            for transacao_id in proximas:
                _decidir(tx, execucao, antecipadas, transacao_id, lote)
            antecipadas.adiadas.gravar(tx)
            concluida = len(proximas) < LOTE
            reserva = _salvar(tx.cur, self.execucao_id, lote, proximas, concluida)
            if concluida:
                tx.auditar("concluir", "conciliacao_execucao", self.execucao_id,
                           depois=foto(por_id(tx.cur, self.execucao_id)))
            lancamento_ids = _lancamentos(tx.cur, lote.conciliacoes)
            if lancamento_ids:
                tx.publicar(eventos.LANCAMENTO_ALTERADO, ids=lancamento_ids, acao="conciliado",
                            execucao_id=self.execucao_id)
        if concluida:
            log.info("conciliação automática concluída", extra=self.marcas)
        return reserva, seguinte

    def _buscar(self, contexto: Contexto, depois: dict) -> tuple[list[int], Antecipadas]:
        """The batch after `depois` (the run, at the last transaction of the one deciding now) and
        its lookups, in a transaction of their own: the ledger as the batches before the one
        deciding now left it."""
        with correlacionado(contexto.correlation_id), self.db.transacao(self.empresa_id) as cur:
            ids = _proximas(cur, depois)
            return ids, Antecipadas.buscar(cur, ids)

    def _falhar(self, contexto: Contexto, reserva: datetime | None) -> None:
        """Ends the run as failed (its work so far stays), while this worker still holds it."""
        erro = ("Falha inesperada; o que foi conciliado até aqui permanece. A equipe foi avisada pelo registro do "
                "sistema.")
        try:
            with Transacao.abrir(self.db, self.barramento, contexto) as tx:
                tx.cur.execute(
                    """UPDATE financeiro.conciliacao_execucoes
                          SET status = 'FALHOU', erro = %s, concluido_em = now(), reservado_ate = NULL
                        WHERE empresa_id = plataforma.empresa_atual() AND id = %s AND reservado_ate = %s
                       RETURNING id""",
                    (erro, self.execucao_id, reserva),
                )
                if tx.cur.fetchone() is not None:
                    tx.auditar("falhar", "conciliacao_execucao", self.execucao_id,
                               depois=foto(por_id(tx.cur, self.execucao_id)))
        except Exception:  # the run stays held until its lease runs out; then it is resumed
            log.exception("não foi possível registrar a falha da conciliação automática", extra=self.marcas)


def _renovar(cur, execucao_id: int, reserva: datetime) -> dict | None:
    """The run, its lease renewed, while it is still the one this worker holds."""
    cur.execute(
        f"""UPDATE financeiro.conciliacao_execucoes e
               SET reservado_ate = now() + interval '{RESERVA}', status = 'EXECUTANDO'
             WHERE e.empresa_id = plataforma.empresa_atual() AND e.id = %s
               AND e.status IN ('PENDENTE', 'EXECUTANDO') AND e.reservado_ate = %s
            RETURNING e.id, e.extrato_id, e.score_minimo::float AS score_minimo, e.criado_em, e.ultima_transacao_id,
                      (SELECT t.data FROM financeiro.extrato_transacoes t
                        WHERE t.empresa_id = e.empresa_id AND t.id = e.ultima_transacao_id) AS ultima_data""",
        (execucao_id, reserva),
    )
    return cur.fetchone()


def _salvar(cur, execucao_id: int, lote: _Lote, proximas: list[int], concluida: bool) -> datetime | None:
    """Adds a batch's counts to the run's, with where it got to: the lease for the next batch,
    or None when the run is over."""
    cur.execute(
        f"""UPDATE financeiro.conciliacao_execucoes
               SET processadas = processadas + %(processadas)s, conciliadas = conciliadas + %(conciliadas)s,
                   criadas = criadas + %(criadas)s, ultima_transacao_id = coalesce(%(ultima)s, ultima_transacao_id),
                   status = CASE WHEN %(concluida)s THEN 'CONCLUIDA' ELSE 'EXECUTANDO' END,
                   concluido_em = CASE WHEN %(concluida)s THEN now() END,
                   reservado_ate = CASE WHEN NOT %(concluida)s THEN clock_timestamp() + interval '{RESERVA}' END
             WHERE empresa_id = plataforma.empresa_atual() AND id = %(id)s
            RETURNING reservado_ate""",
        {"processadas": lote.processadas, "conciliadas": lote.conciliadas, "criadas": lote.criadas,
         "ultima": proximas[-1] if proximas else None, "concluida": concluida, "id": execucao_id},
    )
    return cur.fetchone()["reservado_ate"]


def _proximas(cur, execucao: dict) -> list[int]:
    """The next batch of the statement's transactions: those still to reconcile, and those
    reconciled since the run began (by an earlier N:1 of its own, or by a person), which count as
    reconciled when their turn comes."""
    cur.execute(
        """SELECT t.id
             FROM financeiro.extrato_transacoes t
             LEFT JOIN financeiro.conciliacoes c ON c.empresa_id = t.empresa_id AND c.id = t.conciliacao_id
            WHERE t.empresa_id = plataforma.empresa_atual() AND t.extrato_id = %(extrato)s
              AND NOT t.revisar AND t.descartada_em IS NULL
              AND (NOT t.conciliado OR c.criado_em >= %(inicio)s)
              AND (%(ultima_data)s::date IS NULL OR (t.data, t.id) > (%(ultima_data)s, %(ultima)s))
            ORDER BY t.data, t.id
            LIMIT %(lote)s""",
        {"extrato": execucao["extrato_id"], "inicio": execucao["criado_em"], "ultima_data": execucao["ultima_data"],
         "ultima": execucao["ultima_transacao_id"], "lote": LOTE},
    )
    return [linha["id"] for linha in cur.fetchall()]


def _decidir(tx: Transacao, execucao: dict, antecipadas: Antecipadas, transacao_id: int, lote: _Lote) -> None:
    cur = tx.cur
    lote.processadas += 1
    if antecipadas.conciliada(transacao_id):
        lote.conciliadas += 1
        return
    transacao = antecipadas.transacoes[transacao_id]
    try:
        feita = _conciliar(tx, execucao, antecipadas, transacao)
    except ErroAPI as erro:
        # Refused by the ledger as it is now (only its writes refuse, after _escrever's savepoint):
        # left for a person, like any other doubt.
        cur.execute("ROLLBACK TO SAVEPOINT transacao")
        log.info("transação deixada para revisão: %s", erro.mensagem,
                 extra={"execucao_id": execucao["id"], "transacao_id": transacao_id})
        return
    if feita is None:
        return
    cur.execute("RELEASE SAVEPOINT transacao")
    conciliacao_id, criou, transacao_ids = feita
    lote.conciliacoes.append(conciliacao_id)
    if criou:
        lote.criadas += 1
        return
    lote.conciliadas += 1 + _deixadas_antes(cur, execucao, transacao, transacao_ids)


def _conciliar(tx: Transacao, execucao: dict, antecipadas: Antecipadas,
               transacao: dict) -> tuple[int, bool, list[int]] | None:
    """What the run does with one transaction: (the conciliação, whether it created its
    lançamento, the transactions it reconciled), or None to leave it. What it changed is told to
    `antecipadas` once it is done (a refusal changes nothing: its savepoint is rolled back)."""
    regra = antecipadas.regra_que_age(transacao)
    if regra is not None and regra["acao"] == "CRIAR_LANCAMENTO":
        dados = {campo: regra[campo] for campo in ("categoria_id", "cliente_id", "fornecedor_id")}
        if regra["descricao"] is not None:
            dados["descricao"] = regra["descricao"]
        _escrever(tx.cur)
        conciliacao_id = confirmacao.criar_lancamento(tx, transacao, dados, origem="REGRA", regra=regra,
                                                      execucao_id=execucao["id"], adiadas=antecipadas.adiadas)
        antecipadas.criou(transacao, dados.get("descricao") or confirmacao.descricao_da_transacao(transacao))
        return conciliacao_id, True, [transacao["id"]]
    candidatas = antecipadas.candidatas(tx, transacao)
    melhor = next((s for s in candidatas if s.tipo in CONFIRMAVEIS), None)
    if melhor is None:
        return None
    if regra is not None:  # CONCILIAR: the staff trust this kind of transaction above the rule's score
        if melhor.score < regra["score_minimo"]:
            return None
        origem = {"origem": "REGRA", "regra": regra}
    else:
        segunda = next((s.score for s in candidatas if s is not melhor), 0.0)
        if candidatas[0] is not melhor or melhor.score < execucao["score_minimo"] \
                or round(melhor.score - segunda, 3) < VANTAGEM:
            return None
        origem = {"origem": "AUTOMATICA"}
    # A BAIXAS suggestion names the lançamentos of its baixas only to show them: they are paid already.
    a_pagar = [] if melhor.tipo == "BAIXAS" else melhor.lancamento_ids
    _escrever(tx.cur)
    conciliacao_id = confirmacao.confirmar(
        tx, melhor.transacao_ids, a_pagar, melhor.baixa_ids, melhor.tratar_diferenca,
        execucao_id=execucao["id"], score=melhor.score, motivos=melhor.motivos, adiadas=antecipadas.adiadas, **origem)
    antecipadas.confirmou(tx.cur, transacao, melhor)
    return conciliacao_id, False, melhor.transacao_ids


def _escrever(cur) -> None:
    """Before a decision's writes: the savepoint that a refusal of them (ErroAPI) rolls back to. A
    transaction left without writing needs none."""
    cur.execute("SAVEPOINT transacao")


def _deixadas_antes(cur, execucao: dict, transacao: dict, transacao_ids: list[int]) -> int:
    """How many of an N:1's other transactions were this statement's and came earlier: the run
    had counted them as left, and they are reconciled now."""
    if transacao_ids == [transacao["id"]]:
        return 0
    cur.execute(
        """SELECT count(*) AS n FROM financeiro.extrato_transacoes
            WHERE empresa_id = plataforma.empresa_atual() AND id = ANY(%s) AND extrato_id = %s
              AND (data, id) < (%s, %s)""",
        (transacao_ids, execucao["extrato_id"], transacao["data"], transacao["id"]),
    )
    return cur.fetchone()["n"]


def _lancamentos(cur, conciliacao_ids: list[int]) -> list[int]:
    """The lançamentos whose baixas these conciliações recorded or linked: what changed."""
    if not conciliacao_ids:
        return []
    cur.execute("""SELECT DISTINCT lancamento_id FROM financeiro.baixas
                    WHERE empresa_id = plataforma.empresa_atual() AND conciliacao_id = ANY(%s)
                    ORDER BY lancamento_id""", (conciliacao_ids,))
    return [linha["lancamento_id"] for linha in cur.fetchall()]
