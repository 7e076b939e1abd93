"""Keeping a run's payables in step with financeiro — a folha (rh/folhas.py) or a férias
(rh/ferias.py), each an origem of `PUT /api/lancamentos/origens/<entidade>:<id>`.

A run row has `versao` (+ 1 per write that changes what financeiro should hold),
`versao_sincronizada` (what financeiro has confirmed) and `lancamento_ids`. The steps:

1. tx1 (the caller's) commits the run, `versao` + 1;
2. the PUT of the whole desired state, with Idempotency-Key `<entidade>:<id>:v<versao>`;
3. tx2 stores financeiro's ids and `versao_sincronizada = versao`.

Financeiro down at 2 leaves the run PENDENTE_FINANCEIRO until a `sincronizar` (or another write)
sends the state again; a crash between financeiro's commit and tx2 is the same case: financeiro
finds every payable by its chave and nothing is created twice.
"""
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass

from shared.app import escrita, tenant_transaction
from shared.errors import ErroAPI, Indisponivel, NaoEncontrado
from shared.servicos import chamar
from shared.transacao import Transacao

log = logging.getLogger(__name__)

PENDENTE = "Contas a pagar ainda não lançadas no Financeiro"
# Two writes at once may reach financeiro in either order: whoever finds, after its answer, that
# the run moved on sends the newest state again, so the last word financeiro hears is the newest.
TENTATIVAS = 3


@dataclass(frozen=True)
class Origem:
    entidade: str                     # "folha", "ferias": the origem's prefix and the audit's entity
    tabela: str                       # "rh.folhas", "rh.ferias"
    rotulo: str                       # pt-BR, in the messages: "a folha", "as férias"
    nao_encontrada: str               # the 404's message
    # (the PUT's body, the versao it is) for the run as stored now
    estado_desejado: Callable[[object, int], tuple[dict, int]]


def _versoes(cur, origem: Origem, run_id: int) -> dict:
    cur.execute(f"""SELECT versao, versao_sincronizada FROM {origem.tabela}
                     WHERE empresa_id = plataforma.empresa_atual() AND id = %s FOR UPDATE""", (run_id,))
    linha = cur.fetchone()
    if linha is None:
        raise NaoEncontrado(origem.nao_encontrada)
    return linha


def registrar(tx: Transacao, origem: Origem, run_id: int, versao: int, resposta: dict) -> int:
    """tx2: the lancamento ids financeiro answered, and `versao` confirmed if it is still the
    run's; the run's versao now. An older answer than the run's versao is not marked done."""
    atual = _versoes(tx.cur, origem, run_id)
    ids = {item["chave"]: item["lancamento_id"] for item in resposta.get("lancamentos", [])}
    if atual["versao"] == versao and atual["versao_sincronizada"] < versao:
        tx.cur.execute(f"""UPDATE {origem.tabela} SET lancamento_ids = %s::jsonb, versao_sincronizada = %s
                            WHERE empresa_id = plataforma.empresa_atual() AND id = %s""",
                       (json.dumps(ids), versao, run_id))
        tx.auditar("sincronizar", origem.entidade, run_id, depois={
            "versao": versao, "lancamento_ids": ids, "criados": resposta.get("criados"),
            "alterados": resposta.get("alterados"), "cancelados": resposta.get("cancelados"),
            "diferentes_do_pedido": [item["chave"] for item in resposta.get("lancamentos", [])
                                     if item.get("diferente_do_pedido")]})
    return atual["versao"]


def _prazo(corpo: dict) -> float:
    """Seconds to wait for financeiro: a payroll of thousands takes it seconds to apply (about 2 s
    for 6,000 payables, bench part 12), and a busy machine several times that; waiting less would
    leave a month it does apply marked pending."""
    return 10 + len(corpo.get("lancamentos", ())) / 300


def sincronizar(origem: Origem, run_id: int) -> tuple[dict | None, str | None]:
    """Sends the run's payables to financeiro and records its answer: (financeiro's answer, None)
    when done, else (None, the pt-BR reason it is still pending: financeiro down or refusing)."""
    for _ in range(TENTATIVAS):
        with tenant_transaction() as cur:
            corpo, versao = origem.estado_desejado(cur, run_id)
        try:
            resposta = chamar("financeiro-api", "PUT", f"/api/lancamentos/origens/{origem.entidade}:{run_id}",
                              json=corpo, chave_idempotencia=f"{origem.entidade}:{run_id}:v{versao}",
                              timeout=_prazo(corpo)) or {}
        except Indisponivel as erro:
            return None, f"{PENDENTE}: {erro.mensagem}"
        except ErroAPI as erro:
            # financeiro refused what it was sent (a conta deactivated since, say): sending it as
            # it is again will not help; the staff fix the configuration and reprocess.
            log.warning("financeiro recusou %s:%s: %s", origem.entidade, run_id, erro.mensagem)
            return None, f"{PENDENTE}: o Financeiro recusou — {erro.mensagem}"
        with escrita() as tx:
            atual = registrar(tx, origem, run_id, versao, resposta)
        if atual == versao:
            return resposta, None
    return None, f"{PENDENTE}: {origem.rotulo} mudou durante o envio; tente sincronizar de novo"
