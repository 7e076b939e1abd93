"""The processed month (rh.folhas, rh.folha_holerites) and its payables in financeiro.

Processing closes a competência: the month is computed as the preview computes it (rh/previa.py)
and stored — totals, each payslip with its rubricas and memo — and is immutable afterwards except
by an audited reprocessing, which recomputes it from the current data and bumps `versao`.

The payables are financeiro's, reached only through its HTTP API (DESIGN rule 1):
`PUT /api/lancamentos/origens/folha:<id>` takes the whole desired state — one DESPESA per
funcionário for the net pay, the INSS+IRRF guide (DCTFWeb/DARF), the FGTS Digital guide, each by
its chave — and applies it in one transaction of its own: missing ones created, open ones
updated, paid ones left as they are (flagged `diferente_do_pedido`), the rest cancelled. The same
PUT twice changes nothing. So a failure halfway is harmless (README "Falha no meio do caminho"):

1. tx1 commits the folha (or its reprocessing), `versao` + 1;
2. the PUT, with Idempotency-Key `folha:<id>:v<versao>`;
3. tx2 stores the lancamento ids and `versao_sincronizada = versao` (situação PROCESSADA).

Financeiro down at 2: the folha stays PENDENTE_FINANCEIRO, and `POST /api/folha/<id>/sincronizar`
(or a reprocessing) sends the state again; a crash between financeiro's commit and tx2 is the same
case: financeiro finds every payable by its chave and nothing is created twice.
"""
import json
import logging
from datetime import date
from decimal import Decimal

from shared import catalogo_eventos as eventos
from shared.api import Posicao
from shared.app import escrita, tenant_transaction
from shared.db import violacoes_viram_erros
from shared.errors import Conflito, ErroAPI, Indisponivel, NaoEncontrado, Validacao
from shared.servicos import chamar
from shared.transacao import Transacao

from rh import configuracao, previa, vencimentos
from rh.folha.calculo import DESCRICAO_SALARIO
from rh.folha.formato import ZERO

log = logging.getLogger(__name__)

PENDENTE = "Contas a pagar ainda não lançadas no Financeiro"
TOTAIS = ("bruto", "descontos", "liquido", "inss", "irrf", "fgts")
# Two writes at once may reach financeiro in either order: whoever finds, after its answer, that
# the folha moved on sends the newest state again, so the last word financeiro hears is the newest.
TENTATIVAS = 3


class PosicaoFolha(Posicao):
    competencia: str
    id: int


def _texto(valor: Decimal) -> str:
    return f"{valor:.2f}"


def _json(valor) -> str:
    return json.dumps(valor, ensure_ascii=False)


def _mes(competencia: date) -> str:
    return f"{competencia:%m/%Y}"


# ---------------------------------------------------------------- reading


def por_id(cur, folha_id: int) -> dict | None:
    cur.execute("""SELECT id, competencia, situacao, versao, versao_sincronizada, totais, destino, lancamento_ids,
                          processada_em, usuario_id, reprocessada_em
                     FROM rh.folhas WHERE empresa_id = plataforma.empresa_atual() AND id = %s""", (folha_id,))
    return cur.fetchone()


def bloquear(cur, folha_id: int) -> dict:
    cur.execute("SELECT id FROM rh.folhas WHERE empresa_id = plataforma.empresa_atual() AND id = %s FOR UPDATE",
                (folha_id,))
    if cur.fetchone() is None:
        raise NaoEncontrado("Folha não encontrada")
    return por_id(cur, folha_id)


def holerites(cur, folha_id: int) -> list[dict]:
    cur.execute("""SELECT funcionario_id, nome, vinculo, bruto, descontos, liquido, inss, irrf, fgts, deducao_irrf,
                          rubricas, avisos
                     FROM rh.folha_holerites
                    WHERE empresa_id = plataforma.empresa_atual() AND folha_id = %s
                    ORDER BY nome, funcionario_id""", (folha_id,))
    return cur.fetchall()


def listar(cur, apos: PosicaoFolha | None, limite: int) -> list[dict]:
    """The processed months, newest competência first."""
    cur.execute("""SELECT id, competencia, situacao, versao, versao_sincronizada, totais, destino, lancamento_ids,
                          processada_em, usuario_id, reprocessada_em
                     FROM rh.folhas
                    WHERE empresa_id = plataforma.empresa_atual()
                      AND (%(competencia)s::date IS NULL OR (competencia, id) < (%(competencia)s::date, %(id)s))
                    ORDER BY competencia DESC, id DESC LIMIT %(limite)s""",
                {"competencia": apos.competencia if apos else None, "id": apos.id if apos else None,
                 "limite": limite})
    return cur.fetchall()


# ---------------------------------------------------------------- writing (tx1)


def _calcular(cur, competencia: date) -> tuple[list, dict]:
    folha, totais = previa.calcular(cur, competencia)
    if not folha:
        raise Validacao("Verifique os campos destacados",
                        {"competencia": f"Nenhum funcionário a pagar na competência {_mes(competencia)}"})
    return folha, {campo: _texto(totais[campo]) for campo in TOTAIS}


def _guardar_holerites(cur, folha_id: int, folha: list) -> None:
    for contratado, h in folha:
        cur.execute(
            """INSERT INTO rh.folha_holerites (empresa_id, folha_id, funcionario_id, nome, vinculo, bruto, descontos,
                                               liquido, inss, irrf, fgts, deducao_irrf, rubricas, avisos)
               VALUES (plataforma.empresa_atual(), %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s::jsonb, %s::jsonb)""",
            (folha_id, h.funcionario_id, h.nome, contratado.vinculo, h.bruto, h.descontos, h.liquido, h.inss, h.irrf,
             h.fgts, h.deducao_irrf, _json([{"codigo": r.codigo, "descricao": r.descricao, "tipo": r.tipo,
                                              "referencia": r.referencia, "valor": _texto(r.valor), "memo": r.memo}
                                             for r in h.rubricas]),
             _json(list(h.avisos))))


def processar(tx: Transacao, competencia: date) -> tuple[int, list[str]]:
    """tx1 of processing: the month computed and stored (409 when already processed); (its id,
    the pt-BR notes on where its payables go)."""
    folha, totais = _calcular(tx.cur, competencia)
    destino, avisos = configuracao.destino(tx.cur)
    ja = Conflito("Esta competência já foi processada",
                  {"competencia": f"A folha de {_mes(competencia)} já foi processada; use o reprocessamento"})
    with violacoes_viram_erros(unicas={"folhas_competencia_unica": ja}):
        tx.cur.execute("""INSERT INTO rh.folhas (empresa_id, competencia, totais, destino, usuario_id)
                          VALUES (plataforma.empresa_atual(), %s, %s::jsonb, %s::jsonb, %s) RETURNING id""",
                       (competencia, _json(totais), _json(destino), tx.contexto.usuario_id))
    folha_id = tx.cur.fetchone()["id"]
    _guardar_holerites(tx.cur, folha_id, folha)
    tx.auditar("processar", "folha", folha_id, depois={"competencia": _mes(competencia), "totais": totais,
                                                         "destino": destino, "holerites": len(folha)})
    tx.publicar(eventos.FOLHA_PROCESSADA, id=folha_id, competencia=f"{competencia:%Y-%m}", acao="processada")
    return folha_id, avisos


def reprocessar(tx: Transacao, folha_id: int) -> list[str]:
    """tx1 of a reprocessing: the month computed again from the current data, its payslips
    replaced, `versao` + 1; audited with the totals before and after. The notes of `destino`."""
    antes = bloquear(tx.cur, folha_id)
    folha, totais = _calcular(tx.cur, antes["competencia"])
    destino, avisos = configuracao.destino(tx.cur)
    tx.cur.execute("DELETE FROM rh.folha_holerites WHERE empresa_id = plataforma.empresa_atual() AND folha_id = %s",
                   (folha_id,))
    _guardar_holerites(tx.cur, folha_id, folha)
    tx.cur.execute("""UPDATE rh.folhas SET totais = %s::jsonb, destino = %s::jsonb, versao = versao + 1,
                                           reprocessada_em = now()
                       WHERE empresa_id = plataforma.empresa_atual() AND id = %s""",
                   (_json(totais), _json(destino), folha_id))
    tx.auditar("reprocessar", "folha", folha_id,
               antes={"versao": antes["versao"], "totais": antes["totais"], "destino": antes["destino"]},
               depois={"versao": antes["versao"] + 1, "totais": totais, "destino": destino})
    tx.publicar(eventos.FOLHA_PROCESSADA, id=folha_id, competencia=f"{antes['competencia']:%Y-%m}",
                acao="reprocessada")
    return avisos


# ---------------------------------------------------------------- financeiro (the PUT, then tx2)


def estado_desejado(cur, folha_id: int) -> tuple[dict, int]:
    """(the PUT's body, the versao it is) for the folha as stored now. Nothing is sent for an
    amount of zero (a guide with nothing to collect, a payslip the advance consumed)."""
    folha = por_id(cur, folha_id)
    competencia, destino = folha["competencia"], folha["destino"]
    comum = {"tipo": "DESPESA", "competencia": f"{competencia:%Y-%m}", "conta_id": destino["conta_id"],
             "centro_custo_id": destino["centro_custo_id"]}
    prefixo, mes = f"folha:{folha_id}", _mes(competencia)
    pagamento, guias = vencimentos.salario(competencia), vencimentos.guias(competencia)
    lancamentos = [
        {**comum, "chave": f"{prefixo}:liquido:{h['funcionario_id']}", "valor": _texto(h["liquido"]),
         "descricao": f"{DESCRICAO_SALARIO[h['vinculo']]} {mes} — {h['nome']}",
         "data_vencimento": pagamento.isoformat(), "categoria_id": destino["categoria_salarios_id"]}
        for h in holerites(cur, folha_id) if h["liquido"] > ZERO]
    totais = {campo: Decimal(folha["totais"][campo]) for campo in TOTAIS}
    guias_do_mes = (("darf", totais["inss"] + totais["irrf"], f"INSS e IRRF da folha {mes} (DCTFWeb/DARF)"),
                    ("fgts", totais["fgts"], f"FGTS da folha {mes} (FGTS Digital)"))
    for chave, valor, descricao in guias_do_mes:
        if valor > ZERO:
            lancamentos.append({**comum, "chave": f"{prefixo}:{chave}", "valor": _texto(valor), "descricao": descricao,
                                "data_vencimento": guias.isoformat(), "categoria_id": destino["categoria_encargos_id"]})
    return {"lancamentos": lancamentos, "cancelado": False}, folha["versao"]


def registrar(tx: Transacao, folha_id: int, versao: int, resposta: dict) -> int:
    """tx2: the lancamento ids financeiro answered, and `versao` confirmed if it is still the
    folha's; the folha's versao now. An older answer than the folha's versao is not marked done."""
    atual = bloquear(tx.cur, folha_id)
    ids = {item["chave"]: item["lancamento_id"] for item in resposta.get("lancamentos", [])}
    if atual["versao"] == versao and atual["versao_sincronizada"] < versao:
        tx.cur.execute("""UPDATE rh.folhas SET lancamento_ids = %s::jsonb, versao_sincronizada = %s
                           WHERE empresa_id = plataforma.empresa_atual() AND id = %s""",
                       (_json(ids), versao, folha_id))
        tx.auditar("sincronizar", "folha", folha_id, depois={
            "versao": versao, "lancamento_ids": ids, "criados": resposta.get("criados"),
            "alterados": resposta.get("alterados"), "cancelados": resposta.get("cancelados"),
            "diferentes_do_pedido": [item["chave"] for item in resposta.get("lancamentos", [])
                                     if item.get("diferente_do_pedido")]})
    return atual["versao"]


def sincronizar(folha_id: int) -> tuple[dict | None, str | None]:
    """Sends the folha's payables to financeiro and records its answer: (financeiro's answer,
    None) when done, else (None, the pt-BR reason it is still pending: financeiro down or refusing)."""
    for _ in range(TENTATIVAS):
        with tenant_transaction() as cur:
            corpo, versao = estado_desejado(cur, folha_id)
        try:
            resposta = chamar("financeiro-api", "PUT", f"/api/lancamentos/origens/folha:{folha_id}", json=corpo,
                              chave_idempotencia=f"folha:{folha_id}:v{versao}") or {}
        except Indisponivel as erro:
            return None, f"{PENDENTE}: {erro.mensagem}"
        except ErroAPI as erro:
            # financeiro refused what it was sent (a conta deactivated since, say): sending it as
            # it is again will not help; the staff fix the configuration and reprocess.
            log.warning("financeiro recusou a folha %s: %s", folha_id, erro.mensagem)
            return None, f"{PENDENTE}: o Financeiro recusou — {erro.mensagem}"
        with escrita() as tx:
            atual = registrar(tx, folha_id, versao, resposta)
        if atual == versao:
            return resposta, None
    return None, f"{PENDENTE}: a folha mudou durante o envio; tente sincronizar de novo"
