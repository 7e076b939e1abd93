"""What the automatic run reads and writes for a whole batch at once gives what the one-by-one
reads and writes give: the rules a batch's transactions meet (regras.aplicaveis_de, also with a
pattern that times out), the lessons of conciliações whose baixas still wait to be stored
(confirmacao.Adiadas.ensinar), and a suggestion looked up alone without the batch's margin
(candidatos.FOLGA). The decisions themselves are pinned by test_conciliacao_automatica_decisoes.py.
"""
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

from shared.contexto import Contexto
from shared.transacao import Transacao

from financeiro import extratos
from financeiro.conciliacao import confirmacao, padroes, regras, sugestoes

sys.path.insert(0, str(Path(__file__).parent))
from test_regras_hostis import CATASTROFICA, LIMITE, MEMO_HOSTIL, guardar_regra  # noqa: E402


def _lidas(cur, ids: list[int]) -> list[dict]:
    return [extratos.transacao(cur, i) for i in ids]


def test_a_batch_meets_the_rules_each_of_its_transactions_meets_alone(app, cad, transacoes, sql_dono):
    guardar_regra(sql_dono, cad, "Tarifas", "^tar(ifa)? ", acao="CRIAR_LANCAMENTO", ordem=0)
    guardar_regra(sql_dono, cad, "TED grande", None, ordem=1, memo_contem="ted", valor_minimo=Decimal("100.00"))
    guardar_regra(sql_dono, cad, "Entradas", "recebido", ordem=2, direcao="ENTRADA", categoria_id=cad.receita_id)
    guardar_regra(sql_dono, cad, "Outra conta", None, ordem=3, memo_contem="ted", conta_id=cad.outra_conta_id)
    ids = transacoes(cad.empresa_id, cad.conta_id, [
        (date(2026, 3, 2), Decimal("-12.90"), "TARIFA TED"),
        (date(2026, 3, 2), Decimal("-150.00"), "TED ENVIADA FOTO LAB"),
        (date(2026, 3, 3), Decimal("-50.00"), "TED ENVIADA"),
        (date(2026, 3, 4), Decimal("300.00"), "PIX RECEBIDO ANA SOUZA"),
        (date(2026, 3, 5), Decimal("-80.00"), "Pagamento sem regra"),
    ])
    with app.extensions["erp"].db.transacao(cad.empresa_id) as cur:
        lidas = _lidas(cur, ids)
        juntas = regras.aplicaveis_de(cur, lidas)
        sozinhas = {t["id"]: regras.aplicaveis(cur, t) for t in lidas}
    assert juntas == sozinhas
    assert [[r["nome"] for r in juntas[i]] for i in ids] == [["Tarifas"], ["TED grande"], [], ["Entradas"], []]


def test_a_pattern_that_times_out_in_a_batch_is_tried_on_each_transaction_alone(app, cad, transacoes, sql_dono):
    ids = transacoes(cad.empresa_id, cad.conta_id, [
        *[(date(2024, 3, 1 + n), Decimal("-10.00"), MEMO_HOSTIL) for n in range(3)],
        (date(2024, 3, 5), Decimal("-10.00"), "aaa")])
    guardar_regra(sql_dono, cad, "Antiga", CATASTROFICA, acao="CRIAR_LANCAMENTO", ordem=0)
    sa = guardar_regra(sql_dono, cad, "Sã", "^a+$", ordem=1)
    inicio = time.monotonic()
    with app.extensions["erp"].db.transacao(cad.empresa_id) as cur:
        juntas = regras.aplicaveis_de(cur, _lidas(cur, ids))
        cur.execute("SELECT count(*) AS n FROM financeiro.regras")  # the transaction goes on
        assert cur.fetchone()["n"] == 2
    # The batch's statement timed out; alone, the hostile rule failed once (then quarantined)
    # and the sane one is met by every memo.
    assert {i: [r["id"] for r in rs] for i, rs in juntas.items()} == {i: [sa] for i in ids}
    assert time.monotonic() - inicio < LIMITE


def test_a_conciliacao_waiting_for_its_baixas_is_learned_from_once(app, cad, transacoes, sql_dono):
    [transacao_id] = transacoes(cad.empresa_id, cad.conta_id,
                                [(date(2026, 3, 10), Decimal("250.00"), "PIX RECEBIDO 10/03 ANA SOUZA")])
    [lancamento] = sql_dono(
        """INSERT INTO financeiro.lancamentos (empresa_id, tipo, descricao, valor, data_vencimento, competencia,
                                               categoria_id, conta_id, cliente_id)
           VALUES (%s, 'RECEITA', 'Ensaio', 250.00, '2026-03-10', '2026-03-01', %s, %s, %s) RETURNING id""",
        (cad.empresa_id, cad.receita_id, cad.conta_id, cad.cliente_id), empresa_id=cad.empresa_id)
    plataforma = app.extensions["erp"]
    memo = "PIX RECEBIDO 11/04 ANA SOUZA"
    licao = {"categoria_id": cad.receita_id, "cliente_id": cad.cliente_id, "fornecedor_id": None, "vezes": 1}
    with Transacao.abrir(plataforma.db, plataforma.barramento, Contexto("financeiro-api", cad.empresa_id, 1)) as tx:
        adiadas = confirmacao.Adiadas()
        conciliacao_id = confirmacao.confirmar(tx, [transacao_id], [lancamento["id"]], [], adiadas=adiadas)
        tx.cur.execute("SELECT count(*) AS n FROM financeiro.baixas WHERE conciliacao_id = %s", (conciliacao_id,))
        assert tx.cur.fetchone()["n"] == 0  # still waiting
        adiadas.ensinar(tx)
        assert padroes.aprendidos(tx.cur, memo, Decimal("1.00")) == [licao]
        adiadas.gravar(tx)
        assert padroes.aprendidos(tx.cur, memo, Decimal("1.00")) == [licao]
        assert confirmacao.por_ids(tx.cur, [conciliacao_id]) == {conciliacao_id: confirmacao.por_id(tx.cur,
                                                                                                    conciliacao_id)}
    [auditada] = sql_dono("""SELECT depois FROM plataforma.auditoria
                              WHERE acao = 'conciliar' AND entidade = 'conciliacao' AND entidade_id = %s""",
                          (str(conciliacao_id),))
    assert [b["lancamento_id"] for b in auditada["depois"]["baixas"]] == [lancamento["id"]]


def test_a_suggestion_alone_is_looked_up_without_the_batchs_margin(app, cad, transacoes, sql_dono):
    """Forty open lançamentos of one amount, a day apart, more than the lookups keep: alone, without
    FOLGA, they give the very candidates the batch's give once nothing is taken out."""
    sql_dono(
        """INSERT INTO financeiro.lancamentos (empresa_id, tipo, descricao, valor, data_vencimento, competencia,
                                               categoria_id, conta_id)
           SELECT %s, 'DESPESA', 'Parcela ' || n, 99.00, date '2026-02-10' + n, '2026-03-01', %s, %s
             FROM generate_series(1, 40) AS n""", (cad.empresa_id, cad.despesa_id, cad.conta_id),
        empresa_id=cad.empresa_id)
    [transacao_id] = transacoes(cad.empresa_id, cad.conta_id, [(date(2026, 3, 7), Decimal("-99.00"), "PAGTO")])
    with app.extensions["erp"].db.transacao(cad.empresa_id) as cur:
        [transacao] = _lidas(cur, [transacao_id])
        sem_folga = sugestoes.buscar(cur, [transacao], com_folga=False)[transacao_id]
        com_folga = sugestoes.buscar(cur, [transacao])[transacao_id]
    assert len(sem_folga.abertos) < len(com_folga.abertos)
    assert sem_folga.sem() == com_folga.sem()
