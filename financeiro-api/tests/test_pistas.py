"""The clues of a suggestion and what they weigh (financeiro/conciliacao/pistas.py), and reading a
bank memo (memo.py), on memos and amounts alone: no database, no app. What each clue weighs is
PESOS's; these pin the figures the ranking was tuned with (tests/test_sugestoes.py measures it)."""
import dataclasses
from datetime import date
from decimal import Decimal

import pytest

from financeiro.conciliacao.memo import Historico, Transacao, origem
from financeiro.conciliacao.pistas import (JUROS_OU_DESCONTO, PAGAMENTO_PARCIAL, PESOS, Indicios, Pessoa, Pista,
                                           fator, motivos, na_conta, peso_da_taxa, pista_da_soma,
                                           pista_da_soma_de_baixas, pista_do_pagamento_registrado, pista_do_registro,
                                           pista_do_valor, pista_do_vencimento, pista_dos_vencimentos,
                                           pistas_da_soma_de_transacoes, plausivel, score, score_da_regra, semelhanca)

DIA = date(2026, 3, 10)
CPF_DA_ANA = "123.456.789-09"


def transacao(valor: str, memo: str, entrada: bool = True, conta_id: int = 10) -> Transacao:
    return Transacao(1, conta_id, DIA, Decimal(valor), entrada, memo)


def lancamento(id=100, pessoa_id=None, pessoa_nome=None, categoria_id=7, categoria_nome="Ensaios", documento=None,
               descricao="Ensaio gestante", conta_id=10, vencimento=DIA, parcela=False) -> dict:
    """A candidate row, as candidatos.lancamentos reads it."""
    return {"id": id, "pessoa_id": pessoa_id, "pessoa_nome": pessoa_nome, "categoria_id": categoria_id,
            "categoria_nome": categoria_nome, "documento": documento, "descricao": descricao, "conta_id": conta_id,
            "data_vencimento": vencimento, "parcela": parcela}


def pesos(pistas: list[Pista]) -> list[float]:
    return [round(p.peso, 4) for p in pistas]


# ---------------------------------------------------------------- reading the memo


def test_a_memo_reads_into_the_words_of_a_name_its_cpf_cnpj_and_its_document_numbers():
    pix = Historico.de(f"PIX RECEBIDO 12/03 ANA SOUZA {CPF_DA_ANA}")
    assert (pix.nome, pix.documentos, pix.numeros) == (["ana", "souza"], ["12345678909"], [])
    # The bank's words and the year are no name and no document; a number keeps its zeros and loses them.
    boleto = Historico.de("PAGTO BOLETO NF 004521 2024 FOTO LAB")
    assert (boleto.nome, boleto.numeros) == (["foto", "lab"], ["004521", "4521"])
    assert Historico.de("TED 12.345.678/0001-95 ESTUDIO LUZ").documentos == ["12345678000195"]


def test_who_a_memo_says_the_money_is_from():
    assert origem("PIX RECEBIDO 12/03 ANA SOUZA") == origem("PIX RECEBIDO 02/04 ANA SOUZA") == ("ana", "souza")
    # Only the bank's words: an acquirer's settlements are alike by those.
    assert origem("CIELO VENDAS 0345") == ("cielo", "vendas")


def test_a_card_settlement_is_money_in_from_an_acquirer_and_own_accounts_are_named_by_the_bank():
    assert transacao("970.00", "CIELO VENDAS CREDITO").do_cartao
    assert not transacao("970.00", "CIELO VENDAS CREDITO", entrada=False).do_cartao
    assert not transacao("970.00", "PIX RECEBIDO ANA SOUZA").do_cartao
    assert transacao("5000.00", "TRANSF MESMA TITULARIDADE").entre_contas_proprias
    assert transacao("12.34", "RENDIMENTO POUPANCA").entre_contas_proprias
    assert not transacao("5000.00", "TED RECEBIDA ANA SOUZA").entre_contas_proprias


def test_name_similarity_counts_cut_words_initials_typos_and_what_the_memo_adds():
    assert semelhanca("ana souza brandao", ["ana", "souza", "brandao"]) == 1.0
    assert semelhanca("ana souza brandao", ["ana", "souza", "bran"]) == 0.934   # cut by the bank: 0.9 a word
    assert semelhanca("ana souza brandao", ["ana", "souza", "b"]) == 0.694      # an initial: 0.5
    assert semelhanca("ana souza brandao", ["ana"]) == 0.5                      # one first name: anyone's
    assert semelhanca("ana souza", ["maria", "souza"]) == 0.125                 # a first name that is not hers
    assert semelhanca("ana souza", []) == semelhanca("", ["ana"]) == 0.0


# ---------------------------------------------------------------- the amount


def test_an_amount_equal_to_the_open_one_is_the_strongest_amount_clue():
    assert pista_do_valor(transacao("500.00", "PIX"), Decimal("500.00"), 0, False) == (
        Pista(PESOS.valor_igual, "valor igual ao em aberto"), None)
    assert PESOS.valor_igual == 0.55


def test_a_card_settlement_net_of_the_acquirers_fee():
    cielo = transacao("970.00", "CIELO VENDAS CREDITO")
    pista, tratar = pista_do_valor(cielo, Decimal("1000.00"), 0, False)
    assert (pista.peso, tratar) == (0.35, JUROS_OU_DESCONTO)
    assert pista.motivo == "valor R$ 30,00 menor que o em aberto (tarifa ou desconto?)"
    # Any fee in the acquirers' range (0.5% to 6%) is as likely as another; below it, less.
    assert peso_da_taxa(cielo, Decimal("0.005")) == peso_da_taxa(cielo, Decimal("0.06")) == 0.35
    assert peso_da_taxa(cielo, Decimal("0.002")) == 0.2
    # Past 6% it is no fee: nothing to say.
    assert pista_do_valor(cielo, Decimal("1040.00"), 0, False) is None


def test_less_without_an_acquirer_is_a_desconto_the_smaller_the_likelier():
    pix = transacao("500.00", "PIX RECEBIDO ANA SOUZA")
    pequeno = pista_do_valor(pix, Decimal("505.00"), 0, False)[0].peso
    grande = pista_do_valor(pix, Decimal("520.00"), 0, False)[0].peso
    assert round(grande, 4) == 0.1218 and PESOS.desconto < grande < pequeno < PESOS.desconto + PESOS.desconto_faixa


def test_more_is_juros_only_when_paid_late_enough_for_them_and_never_from_an_acquirer():
    boleto = transacao("510.00", "PAGTO BOLETO FOTO LAB", entrada=False)
    pista, tratar = pista_do_valor(boleto, Decimal("500.00"), 10, False)
    assert (round(pista.peso, 4), tratar) == (0.33, JUROS_OU_DESCONTO)
    assert pista.motivo == "valor R$ 10,00 maior que o em aberto (juros ou multa?)"
    assert pista_do_valor(boleto, Decimal("500.00"), 0, False) is None    # on the due date: no juros
    # 4% more: too much for a day late (3% + 0.15%), fine a month late.
    atrasado = transacao("520.00", "PAGTO BOLETO FOTO LAB", entrada=False)
    assert pista_do_valor(atrasado, Decimal("500.00"), 1, False) is None
    assert pista_do_valor(atrasado, Decimal("500.00"), 30, False) is not None
    assert pista_do_valor(transacao("1010.00", "CIELO VENDAS"), Decimal("1000.00"), 10, False) is None


def test_a_partial_payment_fits_only_beside_another_clue():
    pix = transacao("500.00", "PIX RECEBIDO ANA SOUZA")
    assert pista_do_valor(pix, Decimal("1000.00"), 0, False) is None
    assert pista_do_valor(pix, Decimal("1000.00"), 0, True) == (
        Pista(0.05, "pagamento parcial: R$ 500,00 de R$ 1.000,00 em aberto"), PAGAMENTO_PARCIAL)


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize("dias, peso, motivo", [
    (0, 0.35, "no dia do vencimento"),
    (1, 0.2917, "1 dia após o vencimento"),
    (5, 0.175, "5 dias após o vencimento"),
    (-3, 0.175, "vence em 3 dias"),          # paying early is rarer: 3 days early weigh as 5 late
    (30, 0.05, "30 dias após o vencimento"),
])
def test_the_due_date_weighs_less_the_farther_the_transaction_is(dias, peso, motivo):
    pista = pista_do_vencimento(dias)
    assert (round(pista.peso, 4), pista.motivo) == (peso, motivo)


def test_far_from_the_due_date_a_whole_match_grows_unlikely_down_to_a_half():
    assert plausivel(0) == plausivel(15) == plausivel(-9) == 1.0
    assert plausivel(30) == 0.9
    assert plausivel(1000) == PESOS.plausibilidade_minima == 0.5


def test_several_due_dates_weigh_as_the_farthest_and_say_the_range():
    linhas = [lancamento(vencimento=date(2026, 3, 5)), lancamento(vencimento=date(2026, 3, 10))]
    assert pista_dos_vencimentos(DIA, linhas) == Pista(pista_do_vencimento(5).peso,
                                                       "vencimentos de 05/03/2026 a 10/03/2026")
    assert pista_dos_vencimentos(DIA, linhas[1:]) == pista_do_vencimento(0)


def test_a_baixa_registered_near_the_transactions_day():
    assert pista_do_registro(0) == Pista(0.35, "registrado no mesmo dia da transação")
    assert pista_do_registro(2) == Pista(0.175, "registrado 2 dias antes da transação")
    assert pista_do_registro(-1).motivo == "registrado 1 dia depois da transação"
    assert pista_do_pagamento_registrado(date(2026, 3, 12)) == Pista(
        0.55, "pagamento já registrado no sistema em 12/03/2026")
    assert pista_do_pagamento_registrado(DIA, na_soma=True).peso == 0.1
    assert pista_da_soma_de_baixas([{"data": date(2026, 3, 8)}, {"data": DIA}]) == Pista(
        0.4, "soma de 2 pagamentos já registrados no sistema (de 08/03/2026 a 10/03/2026)")


# ---------------------------------------------------------------- who and which document


def indicios(t: Transacao, *pessoas: Pessoa, categorias=None) -> Indicios:
    return Indicios(t, {p.id: p for p in pessoas}, categorias or {})


def test_the_cpf_in_the_memo_says_whose_money_it_is():
    t = transacao("500.00", f"PIX RECEBIDO ANA SOUZA {CPF_DA_ANA}")
    ana = Pessoa(1, "ana souza", por_documento=True, semelhanca=1.0)
    ind = indicios(t, ana)
    assert ind.da_pessoa(lancamento(pessoa_id=1, pessoa_nome="Ana Souza")) == [
        Pista(0.85, "CPF/CNPJ do cliente no histórico")]
    assert ind.da_pessoa(lancamento(id=101, pessoa_id=2, pessoa_nome="Bia Lima")) == []
    # The memo names Ana for sure: Bia's lançamento is lowered, Ana's is not.
    assert fator(ind, 0, [lancamento(pessoa_id=1)]) == 1.0
    assert fator(ind, 0, [lancamento(pessoa_id=2)]) == PESOS.outra_pessoa_nomeada == 0.6


def test_a_name_in_the_memo_weighs_by_how_like_hers_it_is():
    t = transacao("500.00", "PIX RECEBIDO ANA SOUZA BRAN", entrada=False)
    parecida = Pessoa(1, "ana souza brandao", semelhanca=0.934)
    ind = indicios(t, parecida)
    [pista] = ind.da_pessoa(lancamento(pessoa_id=1, pessoa_nome="Ana Souza Brandão"))
    assert (round(pista.peso, 4), pista.motivo) == (0.651, "nome do fornecedor no histórico (Ana Souza Brandão)")
    # Below nome_minimo a name says nothing, and names nobody another lançamento could be lowered for.
    vaga = Pessoa(2, "ana lima", semelhanca=0.5)
    assert indicios(t, vaga).da_pessoa(lancamento(pessoa_id=2, pessoa_nome="Ana Lima")) == []
    # Probably her (0.6 <= semelhanca < 0.8): another's lançamento is lowered, less.
    provavel = Pessoa(3, "ana souza", semelhanca=0.7)
    assert fator(indicios(t, provavel), 0, [lancamento(pessoa_id=9)]) == PESOS.outra_pessoa_talvez == 0.8


def test_a_memo_naming_someone_nobody_registered_lowers_a_pessoa_of_another_first_name():
    t = transacao("500.00", "PIX RECEBIDO CARLA MENDES")
    ind = indicios(t)
    assert fator(ind, 0, [lancamento(pessoa_id=5, pessoa_nome="Ana Souza")]) == PESOS.outro_nome
    assert fator(ind, 0, [lancamento(pessoa_id=6, pessoa_nome="Carlla Mendes")]) == 1.0  # a typo of hers
    assert fator(ind, 0, [lancamento()]) == 1.0                                          # no pessoa at all


def test_what_was_confirmed_before_with_this_memos_pattern():
    t = transacao("89.90", "DEB AUTOMATICO ENEL SP", entrada=False)
    enel = Pessoa(4, "enel", vezes=3)
    [pista] = indicios(t, enel).da_pessoa(lancamento(pessoa_id=4, pessoa_nome="Enel"))
    assert pista == Pista(0.75, "confirmado 3 vezes para Enel com este histórico")
    assert indicios(t, Pessoa(4, "enel", vezes=10)).da_pessoa(lancamento(pessoa_id=4, pessoa_nome="Enel"))[0].peso \
        == PESOS.aprendido_maximo
    # No pessoa: the categoria it was confirmed with, weaker.
    [categoria] = indicios(t, categorias={7: 2}).da_pessoa(lancamento(categoria_nome="Energia"))
    assert (round(categoria.peso, 4), categoria.motivo) == (
        0.2, "confirmado 2 vezes para a categoria Energia com este histórico")


def test_the_documento_or_a_number_of_the_descricao_in_the_memo():
    t = transacao("480.00", "PAGTO BOLETO NF 004521 FOTO LAB", entrada=False)
    ind = indicios(t)
    assert ind.da_pessoa(lancamento(documento="NF 4521")) == [Pista(0.8, "mesmo documento (NF 4521)")]
    assert ind.da_pessoa(lancamento(id=101, descricao="Álbuns pedido 004521")) == [
        Pista(0.5, "número 004521 na descrição do lançamento")]
    assert ind.da_pessoa(lancamento(id=102, documento="NF 999")) == []


def test_a_rows_clues_are_worked_out_once_and_said_once_for_several_rows():
    t = transacao("1000.00", f"PIX RECEBIDO ANA SOUZA {CPF_DA_ANA}")
    ind = indicios(t, Pessoa(1, "ana souza", por_documento=True))
    parcelas = [lancamento(id=i, pessoa_id=1, pessoa_nome="Ana Souza", parcela=True) for i in (100, 101)]
    assert ind.da_pessoa(parcelas[0]) is ind.da_pessoa(parcelas[0])
    assert ind.de_todas(parcelas) == [Pista(0.85, "CPF/CNPJ do cliente no histórico")]


def test_money_moved_between_own_accounts_halves_any_match():
    t = transacao("5000.00", "TRANSF MESMA TITULARIDADE")
    assert fator(indicios(t), 0, [lancamento()]) == PESOS.entre_contas_proprias == 0.5
    assert fator(indicios(t), 30, [lancamento()]) == 0.45


def test_planned_for_the_transactions_conta():
    t = transacao("500.00", "PIX")
    assert na_conta(t, [lancamento(), lancamento(id=101)]) == [Pista(0.1, "previsto para esta conta")]
    assert na_conta(t, [lancamento(), lancamento(id=101, conta_id=11)]) == []


# ---------------------------------------------------------------- sums, rules, the score


def test_a_sum_of_one_pessoas_parcelas_weighs_more_than_several_peoples_bills():
    da_ana = [lancamento(id=i, pessoa_id=1, pessoa_nome="Ana Souza", parcela=True) for i in (100, 101)]
    assert pista_da_soma(da_ana) == Pista(0.55, "soma de 2 parcelas de Ana Souza")
    de_varios = [lancamento(id=100, pessoa_id=1), lancamento(id=101, pessoa_id=2), lancamento(id=102)]
    pista = pista_da_soma(de_varios)
    assert (round(pista.peso, 4), pista.motivo) == (0.12, "soma de 3 lançamentos")
    assert pistas_da_soma_de_transacoes(2, 0.5, todas_do_dia=True) == [
        Pista(0.5, "soma de 3 transações do extrato"), Pista(0.25, "reúne as 3 transações do dia com este histórico")]
    assert pistas_da_soma_de_transacoes(1, 0.5, todas_do_dia=False) == [Pista(0.5, "soma de 2 transações do extrato")]


def test_clues_join_as_independent_ones_and_the_strongest_motivo_comes_first():
    pistas = [Pista(0.1, "previsto para esta conta"), Pista(0.55, "valor igual ao em aberto"),
              Pista(0.35, "no dia do vencimento")]
    # 1 - (0.9 × 0.45 × 0.65)
    assert score(pistas) == 0.737
    assert score(pistas, 0.5) == 0.368
    assert score([]) == 0.0
    assert motivos(pistas) == ["valor igual ao em aberto", "no dia do vencimento", "previsto para esta conta"]
    assert pesos(pistas) == [0.1, 0.55, 0.35]


def test_a_sugerir_rules_lancamento_ranks_below_a_match_the_memo_and_the_ledger_agree_on():
    assert [score_da_regra(n) for n in range(3)] == [0.7, 0.69, 0.68]


def test_the_weights_are_one_frozen_table():
    with pytest.raises(dataclasses.FrozenInstanceError):
        PESOS.valor_igual = 0.9
    assert all(0 <= valor <= 1 for nome, valor in vars(PESOS).items() if isinstance(valor, float))
