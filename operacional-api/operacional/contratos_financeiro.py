"""A contract's receivables in financeiro, through its HTTP API only (DESIGN rule 1).

Financeiro's `PUT /api/lancamentos/contratos/<id>` takes the whole desired state — "the
receivables of contrato X are exactly these parcelas" — and applies it in one transaction of its
own: creates the parcelas it has not got (by chave), reschedules the open ones, leaves the paid
ones, cancels the rest. The same PUT twice changes nothing. That is what makes a failure halfway
harmless (README "Falha no meio do caminho"):

1. tx1 (contratos.py) commits the contract and its plan, `versao` + 1;
2. the PUT, with Idempotency-Key `contrato:<id>:v<versao>`;
3. tx2 stores each parcela's lancamento_id and `versao_sincronizada = versao`.

Financeiro down at 2: the contract is saved, `versao_sincronizada < versao` says "pendente", and
the next save or `POST /api/contratos/<id>/sincronizar` sends the state again. A crash between
financeiro's commit and tx2: the retry sends the same state, financeiro finds every parcela by its
chave and answers the same ids — nothing is created twice. No outbox table is needed because the
desired state is always recomputable from the contract itself.
"""
import logging

from shared.app import escrita, tenant_transaction
from shared import catalogo_eventos as eventos
from shared.errors import Conflito, ErroAPI, Indisponivel
from shared.servicos import chamar
from shared.transacao import Transacao

from operacional import contratos

log = logging.getLogger(__name__)

PENDENTE = "Parcelas ainda não lançadas no Financeiro"
RECUSA = f"{PENDENTE}: o Financeiro recusou"


def estado_desejado(cur, contrato_id: int) -> tuple[dict, int]:
    """(the PUT's body, the versao it is) for the contract as stored now."""
    cur.execute("""SELECT c.cliente_id, c.conta_id, c.categoria_id, c.descricao, c.status, c.versao,
                          e.centro_custo_id
                     FROM operacional.contratos c
                     LEFT JOIN operacional.eventos e ON e.id = c.evento_id
                    WHERE c.id = %s""", (contrato_id,))
    contrato = cur.fetchone()
    cur.execute("SELECT numero, valor, vencimento, chave FROM operacional.parcelas_contrato "
                "WHERE contrato_id = %s ORDER BY numero", (contrato_id,))
    # financeiro numbers from 1: the sinal (0) is the first, the parcelas follow in order.
    parcelas = [{"chave": p["chave"], "numero": posicao, "valor": f"{p['valor']:.2f}",
                 "vencimento": p["vencimento"].isoformat()}
                for posicao, p in enumerate(cur.fetchall(), start=1)]
    corpo = {"cliente_id": contrato["cliente_id"], "conta_id": contrato["conta_id"],
             "categoria_id": contrato["categoria_id"], "centro_custo_id": contrato["centro_custo_id"],
             "descricao": contrato["descricao"], "cancelado": contrato["status"] == "cancelado",
             "parcelas": parcelas}
    return corpo, contrato["versao"]


def registrar(tx: Transacao, contrato_id: int, versao: int, resposta: dict) -> int | None:
    """tx2: each parcela's lançamento, and `versao` confirmed if it is still the contract's; the
    contract's versao now (None: deleted meanwhile). A save that came meanwhile (a higher versao)
    is not marked done by this older answer: the caller sends again."""
    tx.cur.execute("SELECT versao, versao_sincronizada FROM operacional.contratos WHERE id = %s FOR UPDATE",
                   (contrato_id,))
    atual = tx.cur.fetchone()
    if atual is None:
        return None
    ids = {}
    for parcela in resposta.get("parcelas", []):
        tx.cur.execute("""UPDATE operacional.parcelas_contrato SET lancamento_id = %s
                           WHERE contrato_id = %s AND chave = %s AND lancamento_id IS DISTINCT FROM %s""",
                       (parcela["lancamento_id"], contrato_id, parcela["chave"], parcela["lancamento_id"]))
        ids[parcela["chave"]] = parcela["lancamento_id"]
    if atual["versao"] == versao and atual["versao_sincronizada"] < versao:
        tx.cur.execute("UPDATE operacional.contratos SET versao_sincronizada = %s WHERE id = %s", (versao, contrato_id))
        tx.auditar("sincronizar", "contrato", contrato_id, depois={
            "versao": versao, "lancamento_ids": ids, "criadas": resposta.get("criadas"),
            "alteradas": resposta.get("alteradas"), "canceladas": resposta.get("canceladas")})
        tx.publicar(eventos.CONTRATO_ALTERADO, id=contrato_id, acao="sincronizado")
    return atual["versao"]


# Two saves at once may reach financeiro in either order: whoever finds, after its answer, that the
# contract moved on sends the newest state again, so the last word financeiro hears is the newest.
TENTATIVAS = 3


def sincronizar(contrato_id: int) -> str | None:
    """Sends the contract's state to financeiro and records its answer; None when done, else the
    pt-BR reason it is still pending (financeiro down or refusing: the contract stays saved)."""
    for _ in range(TENTATIVAS):
        with tenant_transaction() as cur:
            corpo, versao = estado_desejado(cur, contrato_id)
        try:
            resposta = chamar("financeiro-api", "PUT", f"/api/lancamentos/contratos/{contrato_id}", json=corpo,
                              chave_idempotencia=f"contrato:{contrato_id}:v{versao}")
        except Indisponivel as erro:
            return f"{PENDENTE}: {erro.mensagem}"
        except ErroAPI as erro:
            # financeiro refused what it was sent (say, a conta deactivated since): retrying as it
            # is will not help, so the message is the staff's to act on.
            log.warning("financeiro recusou o contrato %s: %s", contrato_id, erro.mensagem)
            return f"{RECUSA} — {erro.mensagem}"
        with escrita() as tx:
            atual = registrar(tx, contrato_id, versao, resposta or {})
        if atual is None or atual == versao:
            return None
    # Financeiro may have heard an older state last: the contract says pending until a sync that
    # finds it still.
    with escrita() as tx:
        tx.cur.execute("UPDATE operacional.contratos SET versao_sincronizada = 0 WHERE id = %s", (contrato_id,))
    return f"{PENDENTE}: o contrato mudou durante o envio; tente de novo"


def evento_movido(evento_id: int) -> None:
    """The eventos module calls this after committing a change of the evento's data_inicio (or
    its centro de custo): the due dates relative to it move, and financeiro gets them; a contract
    financeiro cannot take now stays pending, for its next save or sync."""
    try:
        with escrita() as tx:
            ids = contratos.redatar_do_evento(tx, evento_id)
    except ErroAPI as erro:
        # The evento's own change is committed already; a plan that no longer holds (say, paid
        # parcelas since) keeps its dates until the contract is saved again, where it is named.
        log.warning("parcelas do evento %s não redatadas: %s", evento_id, erro.mensagem)
        return
    for contrato_id in ids:
        sincronizar(contrato_id)


def excluir(contrato_id: int) -> None:
    """DELETE: refused (409) with a paid parcela; else the contract is cancelled (tx1), financeiro
    cancels its open receivables, and only then is the contract deleted. Financeiro down: 503, and
    the contract stays cancelled — deleting it again finishes the job; financeiro refusing: 409."""
    with escrita() as tx:
        contrato = contratos.bloquear(tx.cur, contrato_id)
        contratos.conferir_exclusao(tx.cur, contrato_id)
        if contrato["status"] != "cancelado":
            contratos.alterar(tx, contrato_id, {"status": "cancelado"})
    motivo = sincronizar(contrato_id)
    if motivo is not None and motivo.startswith(RECUSA):
        # Financeiro answered and said no: trying again as it is will not help, so not a 503.
        raise Conflito(f"O contrato foi cancelado, mas não pôde ser excluído ainda. {motivo}")
    if motivo is not None:
        raise Indisponivel(f"O contrato foi cancelado, mas não pôde ser excluído ainda. {motivo}; "
                           "tente excluir de novo em instantes", modulo="financeiro-api")
    with escrita() as tx:
        contratos.excluir(tx, contrato_id)
