"""The bounded subset sum (financeiro/conciliacao/subconjuntos.py): what it finds, in what order,
within which bounds; and, by hypothesis, that with budget enough it finds exactly what brute force
finds, and with any budget only true combinations."""
from itertools import combinations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from financeiro.conciliacao.subconjuntos import combinacoes

PARCELAS = [("p1", 50000), ("p2", 30000), ("p3", 20000), ("p4", 10000), ("p5", 20000)]


def test_finds_the_combinations_that_add_up_to_the_total_fewer_items_first():
    assert combinacoes(PARCELAS, 50000, quantas=10) == [
        ("p1",), ("p2", "p3"), ("p2", "p5"), ("p3", "p4", "p5")]


def test_keys_come_in_the_order_of_the_items_whatever_their_amounts():
    assert combinacoes([("pequena", 100), ("grande", 900)], 1000) == [("pequena", "grande")]


def test_minimum_and_maximum_number_of_items():
    assert combinacoes(PARCELAS, 50000, minimo_itens=2, quantas=10) == [("p2", "p3"), ("p2", "p5"), ("p3", "p4", "p5")]
    assert combinacoes(PARCELAS, 50000, maximo_itens=2, quantas=10) == [("p1",), ("p2", "p3"), ("p2", "p5")]
    assert combinacoes(PARCELAS, 130000, quantas=10) == [("p1", "p2", "p3", "p4", "p5")]
    assert combinacoes(PARCELAS, 130000, maximo_itens=4) == []


def test_a_range_takes_every_total_between_its_ends():
    # Card settlements net of a 3% fee: 485.00 + 388.00 = 873.00 of a 900.00 sale.
    liquidacoes = [("t1", 48500), ("t2", 38800), ("t3", 1990)]
    assert combinacoes(liquidacoes, 90000 * 94 // 100, 90000) == [("t1", "t2"), ("t1", "t2", "t3")]


def test_the_callers_order_picks_the_best_and_quantas_how_many():
    distancia = {"p1": 9, "p2": 0, "p3": 1, "p4": 2, "p5": 7}
    pior_distancia = lambda combinacao: max(distancia[k] for k in combinacao)  # noqa: E731
    assert combinacoes(PARCELAS, 50000, quantas=2, ordem=pior_distancia) == [("p2", "p3"), ("p2", "p5")]
    assert combinacoes(PARCELAS, 50000, quantas=1) == [("p1",)]


def test_nothing_adds_up():
    assert combinacoes(PARCELAS, 12345) == []
    assert combinacoes([], 100) == []
    assert combinacoes(PARCELAS, 50000, 40000) == []  # an empty range


def test_the_budget_bounds_the_search_however_many_combinations_there_are():
    # 40 parcelas of 100.00: C(40, 5) ways to make 500.00; the search stops at its budget.
    iguais = [(n, 10000) for n in range(40)]
    assert combinacoes(iguais, 50000, orcamento=1) == []
    achadas = combinacoes(iguais, 50000, orcamento=500, quantas=1000)
    assert 0 < len(achadas) < 500
    assert all(len(set(c)) == 5 for c in achadas)


def test_amounts_must_be_positive():
    with pytest.raises(ValueError, match="positivos"):
        combinacoes([("a", 100), ("b", 0)], 100)
    with pytest.raises(ValueError, match="positivos"):
        combinacoes([("a", -100)], 100)


itens = st.lists(st.integers(min_value=1, max_value=60), max_size=8).map(lambda vs: list(enumerate(vs)))


def _por_forca_bruta(lista, de, ate, minimo, maximo):
    return {tuple(k for k, _ in c)
            for n in range(max(minimo, 1), maximo + 1) for c in combinations(lista, n)
            if de <= sum(v for _, v in c) <= ate}


@given(itens, st.integers(0, 200), st.integers(0, 20), st.integers(1, 3), st.integers(0, 5))
def test_with_budget_enough_it_finds_what_brute_force_finds(lista, de, folga, minimo, extra):
    maximo = minimo + extra
    achadas = combinacoes(lista, de, de + folga, minimo_itens=minimo, maximo_itens=maximo,
                          orcamento=10**6, quantas=10**6)
    assert len(achadas) == len(set(achadas))
    assert set(achadas) == _por_forca_bruta(lista, de, de + folga, minimo, maximo)
    assert [len(c) for c in achadas] == sorted(len(c) for c in achadas)


@given(itens, st.integers(1, 200), st.integers(0, 20), st.integers(1, 60), st.integers(1, 5))
def test_with_any_budget_it_finds_only_true_combinations(lista, de, folga, orcamento, quantas):
    valor = dict(lista)
    achadas = combinacoes(lista, de, de + folga, orcamento=orcamento, quantas=quantas)
    assert len(achadas) <= quantas
    for combinacao in achadas:
        assert 1 <= len(combinacao) <= 5 and len(set(combinacao)) == len(combinacao)
        assert de <= sum(valor[k] for k in combinacao) <= de + folga
        assert list(combinacao) == sorted(combinacao)  # keys in the order of the items
