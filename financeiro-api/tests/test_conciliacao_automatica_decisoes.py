"""The automatic conciliação's decisions, pinned: over generated months of a studio's statement
(tests/gerador_conciliacao.py) with the tricky cases added — two equal candidates, N:1, a rule
CONCILIAR and a rule CRIAR_LANCAMENTO, a candidate consumed by an earlier line of the same batch,
a partial payment and then its rest — the run must make exactly the conciliações recorded in
conciliacao_automatica_decisoes.json, whatever the size of its batches.

The record was made by the one-transaction-at-a-time run (before the batch's candidates were
looked up together) and is what any faster run must still decide: the same transactions with the
same lançamentos and baixas, the same amounts, origem, rule, score and motivos. Everything is
written by position (the transaction's place in the statement, the lançamento's and the baixa's
among the empresa's), so the record does not depend on the ids the database draws. Beside it, the
rule a batch's lookups rest on: a lookup's rows once some are gone (candidatos.abertos_sem).
"""
import json
import os
import sys
import threading
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from financeiro.conciliacao import automatica, candidatos

sys.path.insert(0, str(Path(__file__).parent))
from gerador_conciliacao import gerar  # noqa: E402

REGISTRO = Path(__file__).with_name("conciliacao_automatica_decisoes.json")
# Set to write the record anew from the code as it is (then review the diff before keeping it).
REESCREVER = os.environ.get("REESCREVER_DECISOES") == "1"
SCORE = 0.6
LOTE = automatica.LOTE


def _extras(sql_dono, cenario) -> None:
    """The cases a month may not have, added to its statement and ledger: a cliente paying one
    parcela twice on consecutive days (the second finds it consumed by the first, in the same
    batch), one paying a parcela in part and then the rest, two identical open lançamentos that one
    deposit fits equally, and the rules."""
    e, conta = cenario.empresa_id, cenario.conta_id
    cliente_id = next(iter(cenario.clientes.values()))
    [cliente] = sql_dono("SELECT nome_busca FROM cadastros.clientes WHERE id = %s", (cliente_id,), empresa_id=e)
    nome = cliente["nome_busca"]
    categoria = cenario.categorias["Ensaios"]
    dia = date(2026, 3, 18)
    lancados = sql_dono(
        """INSERT INTO financeiro.lancamentos (empresa_id, tipo, descricao, valor, data_vencimento, competencia,
                                               categoria_id, conta_id, cliente_id)
           SELECT %s, 'RECEITA', v.d, v.v, v.venc, '2026-03-01', %s, %s, v.c
             FROM unnest(%s::text[], %s::numeric[], %s::date[], %s::bigint[]) AS v (d, v, venc, c)
           RETURNING id""",
        (e, categoria, conta, ["Ensaio repetido", "Ensaio em partes", "Mensalidade", "Mensalidade"],
         [Decimal("777.00"), Decimal("500.00"), Decimal("431.10"), Decimal("431.10")],
         [dia, dia, dia, dia], [cliente_id, cliente_id, None, None]), empresa_id=e)
    cenario.lancamento_ids |= {linha["id"] for linha in lancados}
    pix = f"PIX RECEBIDO {nome.upper()}"[:32]
    sql_dono(
        """INSERT INTO financeiro.extrato_transacoes (empresa_id, extrato_id, conta_id, data, valor, fitid, memo,
                                                      tipo, ocorrencia, chave)
           SELECT %s, %s, %s, v.data, v.valor, v.fitid, v.memo, 'CREDIT', 0, 'F:' || v.fitid
             FROM unnest(%s::date[], %s::numeric[], %s::text[], %s::text[]) AS v (data, valor, fitid, memo)""",
        (e, cenario.extrato_id, conta, [dia, dia + timedelta(days=1), dia, dia + timedelta(days=2), dia],
         [Decimal("777.00"), Decimal("777.00"), Decimal("300.00"), Decimal("200.00"), Decimal("431.10")],
         ["X1", "X2", "X3", "X4", "X5"], [pix, pix, f"{pix} PARTE", f"{pix} RESTO", "DEPOSITO EM DINHEIRO"]),
        empresa_id=e)
    sql_dono(
        """INSERT INTO financeiro.regras (empresa_id, nome, ordem, memo_regex, memo_contem, direcao, acao,
                                          categoria_id, score_minimo)
           VALUES (%s, 'Tarifas', 0, '^tar(ifa)? ', NULL, 'SAIDA', 'CRIAR_LANCAMENTO', %s, NULL),
                  (%s, 'Cartões', 1, NULL, 'credito', 'ENTRADA', 'CONCILIAR', NULL, 0.3),
                  (%s, 'Partes', 2, NULL, 'parte', 'ENTRADA', 'CONCILIAR', NULL, 0.2)""",
        (e, cenario.categorias["Tarifas bancárias"], e, e), empresa_id=e)


def _rodar(como, cenario) -> dict:
    cliente = como(cenario.empresa_id)
    resposta = cliente.post(f"/api/extratos/{cenario.extrato_id}/conciliacao-automatica", json={"score_minimo": SCORE})
    assert resposta.status_code == 202, resposta.get_json()
    execucao_id = resposta.get_json()["id"]
    for _ in range(6000):
        execucao = cliente.get(f"/api/extratos/conciliacao-automatica/{execucao_id}").get_json()
        if execucao["status"] in ("CONCLUIDA", "FALHOU"):
            for thread in threading.enumerate():
                if thread.name == f"conciliacao-automatica-{execucao_id}":
                    thread.join()
            return execucao
        time.sleep(0.05)
    pytest.fail("a conciliação automática não terminou")


def _decisoes(sql_dono, cenario, baixas_antes: list[int], execucao: dict) -> dict:
    """What the run did, by position."""
    e = cenario.empresa_id
    transacoes = [t["id"] for t in sql_dono(
        "SELECT id FROM financeiro.extrato_transacoes WHERE empresa_id = %s AND extrato_id = %s ORDER BY data, id",
        (e, cenario.extrato_id), empresa_id=e)]
    posicao_t = {i: n for n, i in enumerate(transacoes)}
    posicao_l = {i: n for n, i in enumerate(sorted(cenario.lancamento_ids))}
    posicao_b = {i: n for n, i in enumerate(baixas_antes)}
    conciliacoes = sql_dono(
        """SELECT c.id, c.origem, c.regra_nome, c.score::text AS score, c.motivos, c.lancamento_criado_id IS NOT NULL
                  AS criou,
                  (SELECT array_agg(t.id ORDER BY t.id) FROM financeiro.extrato_transacoes t
                    WHERE t.empresa_id = c.empresa_id AND t.conciliacao_id = c.id) AS transacoes
             FROM financeiro.conciliacoes c
            WHERE c.empresa_id = %s AND c.execucao_id = %s""", (e, execucao["id"]), empresa_id=e)
    baixas = sql_dono(
        """SELECT conciliacao_id, id, lancamento_id, valor::text, juros::text, desconto::text, data::text,
                  registrada_na_conciliacao
             FROM financeiro.baixas WHERE empresa_id = %s AND conciliacao_id IS NOT NULL ORDER BY lancamento_id, id""",
        (e,), empresa_id=e)
    feitas = []
    for c in conciliacoes:
        feitas.append({
            "transacoes": sorted(posicao_t[i] for i in c["transacoes"]),
            "origem": c["origem"], "regra": c["regra_nome"], "score": c["score"], "motivos": list(c["motivos"]),
            "criou_lancamento": c["criou"],
            "baixas": [[posicao_l.get(b["lancamento_id"], "criado"), posicao_b.get(b["id"], "nova"), b["valor"],
                        b["juros"], b["desconto"], b["data"], b["registrada_na_conciliacao"]]
                       for b in baixas if b["conciliacao_id"] == c["id"]]})
    feitas.sort(key=lambda f: f["transacoes"])
    return {"transacoes": len(transacoes),
            "contagens": {k: execucao[k] for k in ("status", "total", "processadas", "conciliadas", "criadas",
                                                    "deixadas")},
            "conciliacoes": feitas}


@pytest.mark.parametrize("seed, lote", [(1, LOTE), (1, 7), (2, LOTE), (3, LOTE)])
def test_the_run_makes_exactly_the_recorded_conciliacoes(como, nova_empresa, sql_dono, monkeypatch, seed, lote):
    monkeypatch.setattr(automatica, "LOTE", lote)
    gerar(sql_dono, nova_empresa(), seed)  # a neighbour with the very same month: never touched
    cenario = gerar(sql_dono, nova_empresa(), seed)
    _extras(sql_dono, cenario)
    baixas_antes = [b["id"] for b in sql_dono("SELECT id FROM financeiro.baixas WHERE empresa_id = %s ORDER BY id",
                                              (cenario.empresa_id,), empresa_id=cenario.empresa_id)]
    execucao = _rodar(como, cenario)
    feitas = _decisoes(sql_dono, cenario, baixas_antes, execucao)
    registro = json.loads(REGISTRO.read_text()) if REGISTRO.exists() else {}
    if REESCREVER and lote == LOTE:
        registro[str(seed)] = feitas
        REGISTRO.write_text(json.dumps(registro, indent=1, ensure_ascii=False, sort_keys=True) + "\n")
    assert feitas == registro[str(seed)]


def _lookup(quantos: int) -> list[dict]:
    """A lookup of the conta's lançamentos due nearby (busca 5: PROXIMOS_POR_LADO of them) that
    brought `quantos` rows, ids in its order."""
    return [{"id": n, "buscas": [5], "posicoes": [n]} for n in range(1, quantos + 1)]


def test_the_rows_a_lookup_gives_once_some_are_paid_are_the_next_ones_it_brought():
    cheia = _lookup(candidatos.PROXIMOS_POR_LADO + candidatos.FOLGA)
    sem_dez = candidatos.abertos_sem(cheia, set(range(1, 11)))
    assert [linha["id"] for linha in sem_dez] == list(range(11, 21))
    assert "buscas" not in sem_dez[0]
    # Past its margin only a new lookup knows what comes next; a lookup that brought fewer rows
    # than it could has nothing more to bring.
    assert candidatos.abertos_sem(cheia, set(range(1, 12))) is None
    assert [linha["id"] for linha in candidatos.abertos_sem(_lookup(12), set(range(1, 6)))] == list(range(6, 13))
