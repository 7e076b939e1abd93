"""bench/carga/escritas.py: the studio day's writers never reach for each other's records."""
from datetime import date
from decimal import Decimal

from bench.carga.escritas import Caderno, Lancamento, corpo_da_conciliacao, extrato_ofx
from financeiro.ofx import ler_extrato

CONTA = {"id": 7, "banco": "341", "agencia": "0001", "numero": "12345-6"}


def _sugestao(**campos):
    return {"tipo": "LANCAMENTOS", "transacao_ids": [1], "lancamento_ids": [], "baixa_ids": [], "score": 0.9,
            "motivos": ["Mesmo valor"], "tratar_diferenca": None, **campos}


def test_no_two_people_nor_two_runs_type_the_same_value():
    valores = [Caderno(f"equipe-{numero:02d}", numero, rodada).valor(n)
               for numero in range(1, 51) for rodada in (1, 2) for n in range(1, 100)]
    assert len(set(valores)) == len(valores)
    assert all(Decimal(v) == round(Decimal(v), 2) for v in valores)


def test_only_a_suggestion_made_wholly_of_ones_own_records_is_confirmed():
    caderno = Caderno("equipe-01", 1, 1)
    caderno.transacoes = {1, 2}
    caderno.lancamentos = {10: Lancamento(10, "DESPESA", "111.01", "PAGTO")}
    caderno.baixas = {20}
    alheias = [_sugestao(lancamento_ids=[99]), _sugestao(transacao_ids=[1, 3], lancamento_ids=[10]),
               _sugestao(tipo="BAIXAS", baixa_ids=[98]), _sugestao(tipo="NOVO_LANCAMENTO")]
    assert caderno.propria(alheias) is None
    propria = _sugestao(tipo="BAIXAS", transacao_ids=[1, 2], baixa_ids=[20])
    assert caderno.propria([*alheias, propria, _sugestao(lancamento_ids=[10])]) is propria


def test_the_confirmation_is_the_spas():
    assert corpo_da_conciliacao(1, _sugestao(lancamento_ids=[10])) == {
        "score": 0.9, "motivos": ["Mesmo valor"], "transacao_id": 1, "lancamento_ids": [10]}
    assert corpo_da_conciliacao(1, _sugestao(tipo="BAIXAS", transacao_ids=[1, 2], baixa_ids=[20],
                                             tratar_diferenca="PAGAMENTO_PARCIAL")) == {
        "score": 0.9, "motivos": ["Mesmo valor"], "transacao_ids": [1, 2], "baixa_ids": [20],
        "tratar_diferenca": "PAGAMENTO_PARCIAL"}


def test_the_statement_is_the_persons_conta_and_lines_as_the_importer_reads_them():
    caderno = Caderno("equipe-03", 3, 2)
    caderno.escolher_conta([{"id": 1, "banco": None, "numero": None}, CONTA])
    hoje = date(2026, 12, 7)
    extrato = ler_extrato(extrato_ofx(caderno, [Lancamento(5, "RECEITA", "311.02", "PIX RECEBIDO EQUIPE-03 2-1"),
                                                Lancamento(6, "DESPESA", "312.02", "PAGTO EQUIPE-03 2-2")], hoje),
                          1_000_000)
    assert (extrato.conta.banco, extrato.conta.numero) == ("341", "12345-6")
    assert [(t.data, t.valor, t.fitid) for t in extrato.transacoes] == [
        (hoje, Decimal("311.02"), "carga-2-equipe-03-5"), (hoje, Decimal("-312.02"), "carga-2-equipe-03-6")]
