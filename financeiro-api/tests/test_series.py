"""Parcelas and recorrências as arithmetic: exact cents, dates that step by calendar months."""
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from financeiro import series

centavos = st.integers(min_value=1, max_value=99_999_999_999_999)


@given(total=centavos, quantidade=st.integers(min_value=1, max_value=series.MAXIMO),
       resto=st.sampled_from(["PRIMEIRA", "ULTIMA"]))
def test_any_split_of_any_total_adds_up_exactly_and_differs_by_at_most_the_remainder(total, quantidade, resto):
    valor = Decimal(total) / 100
    if total < quantidade:
        with pytest.raises(ValueError):
            series.dividir(valor, quantidade, resto)
        return
    parcelas = series.dividir(valor, quantidade, resto)
    assert len(parcelas) == quantidade
    assert sum(parcelas) == valor
    assert all(p.as_tuple().exponent == -2 and p >= Decimal("0.01") for p in parcelas)
    iguais = parcelas[1:] if resto == "PRIMEIRA" else parcelas[:-1]
    assert len(set(iguais)) <= 1
    assert max(parcelas) - min(parcelas) < Decimal(quantidade) / 100


def test_the_remainder_goes_to_the_chosen_parcela():
    assert series.dividir(Decimal("100.00"), 3) == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]
    assert series.dividir(Decimal("100.00"), 3, "ULTIMA") == [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]
    assert series.dividir(Decimal("0.02"), 2) == [Decimal("0.01"), Decimal("0.01")]


@given(st.lists(st.integers(min_value=1, max_value=999), min_size=1, max_size=2000))
def test_sums_of_many_small_values_are_exact(centavos_):
    # Decimal, never float: 0.1 added ten times is 1.00, not 0.9999999999999999.
    assert sum(Decimal(c) / 100 for c in centavos_) == Decimal(sum(centavos_)) / 100


def test_months_keep_the_day_or_take_the_last_of_a_shorter_month():
    assert series.datas(date(2026, 1, 31), "MENSAL", 4) == [
        date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30)]
    assert series.datas(date(2024, 2, 29), "ANUAL", 3) == [date(2024, 2, 29), date(2025, 2, 28), date(2026, 2, 28)]
    assert series.datas(date(2026, 12, 15), "MENSAL", 2) == [date(2026, 12, 15), date(2027, 1, 15)]


def test_weeks_and_an_end_date():
    assert series.datas(date(2026, 11, 2), "SEMANAL", ate=date(2026, 11, 23)) == [
        date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16), date(2026, 11, 23)]
    assert series.datas(date(2026, 1, 10), "MENSAL", ate=date(2026, 3, 9)) == [date(2026, 1, 10), date(2026, 2, 10)]


def test_a_series_longer_than_the_maximum_is_refused():
    with pytest.raises(ValueError, match="360"):
        series.datas(date(2026, 1, 1), "SEMANAL", ate=date(2040, 1, 1))
