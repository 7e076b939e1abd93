"""The payment plan's arithmetic (operacional/planos.py): splits that add up exactly for any value
and number of parcelas (hypothesis), month-end clamping, the sinal, and paid parcelas kept."""
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.errors import Validacao

from operacional import planos

centavos = st.integers(min_value=1, max_value=10**11)  # R$ 0,01 .. R$ 1.000.000.000,00


@given(centavos, st.integers(min_value=1, max_value=120))
def test_a_divisao_soma_exatamente_o_total_ou_e_recusada(total_centavos, n):
    total = Decimal(total_centavos) / 100
    if total_centavos < n:
        with pytest.raises(ValueError):
            planos.dividir(total, n)
        return
    partes = planos.dividir(total, n)
    assert len(partes) == n and sum(partes) == total
    assert all(p > 0 and p == p.quantize(Decimal("0.01")) for p in partes)
    # Equal cents; the remainder's cents one each on the first ones.
    assert max(partes) - min(partes) <= Decimal("0.01")
    assert partes == sorted(partes, reverse=True)


@given(centavos, st.integers(min_value=1, max_value=120), st.integers(min_value=1, max_value=99))
def test_com_sinal_o_plano_soma_o_valor(total_centavos, n, sinal_percentual):
    valor = Decimal(total_centavos) / 100
    sinal = (valor * sinal_percentual / 100).quantize(Decimal("0.01"))
    plano = planos.Plano(valor=valor, parcelas=n, base="data", primeiro_vencimento=date(2027, 1, 31), dias=0,
                         sinal=sinal if 0 < sinal < valor else None, sinal_base="data",
                         sinal_vencimento=date(2027, 1, 5))
    resto = valor - (plano.sinal or 0)
    if resto * 100 < n:
        with pytest.raises(Validacao):
            planos.gerar(plano)
        return
    parcelas = planos.gerar(plano)
    assert sum(p.valor for p in parcelas) == valor
    assert [p.numero for p in parcelas] == ([0] if plano.sinal else []) + list(range(1, n + 1))


def test_exemplo_da_documentacao():
    assert planos.dividir(Decimal("100.00"), 3) == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]
    assert planos.dividir(Decimal("0.05"), 5) == [Decimal("0.01")] * 5


def test_fim_de_mes_e_o_ultimo_dia_e_conta_sempre_do_primeiro_vencimento():
    v = [planos.Vencimento("data", date(2027, 1, 31), 0, meses).calcular(None, None, date(2026, 1, 1))[0]
         for meses in range(4)]
    assert v == [date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31), date(2027, 4, 30)]
    assert planos.somar_meses(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert planos.somar_meses(date(2027, 11, 15), 3) == date(2028, 2, 15)


def test_bases_relativas():
    hoje = date(2026, 12, 7)
    evento = planos.Vencimento("evento", None, -30, 0)
    assert evento.calcular(None, date(2027, 6, 20), hoje) == (date(2027, 5, 21), False)
    assinatura = planos.Vencimento("assinatura", None, 5, 1)
    assert assinatura.calcular(None, None, hoje) == (date(2027, 1, 12), True)  # provisional: from today
    assert assinatura.calcular(date(2026, 12, 20), None, hoje) == (date(2027, 1, 25), False)


def _plano(valor="1000.00", n=4, sinal=None):
    return planos.Plano(valor=Decimal(valor), parcelas=n, base="data", primeiro_vencimento=date(2027, 1, 10), dias=0,
                        sinal=sinal and Decimal(sinal), sinal_base=sinal and "data",
                        sinal_vencimento=sinal and date(2027, 1, 2))


def test_parcelas_pagas_ficam_e_o_resto_e_redividido_nas_abertas():
    pagas = {1: planos.Fixa(Decimal("250.00"), date(2027, 1, 10)), 2: planos.Fixa(Decimal("250.00"), date(2027, 2, 10))}
    # The value rose to 1200: the two open parcelas take the 700 left.
    parcelas = planos.gerar(_plano("1200.00", 4), pagas)
    assert [(p.numero, p.valor, p.fixa) for p in parcelas] == [
        (1, Decimal("250.00"), True), (2, Decimal("250.00"), True), (3, Decimal("350.00"), False),
        (4, Decimal("350.00"), False)]
    # More parcelas: the rest over the open ones, the paid keep their dates.
    parcelas = planos.gerar(_plano("1000.00", 5), pagas)
    assert [p.valor for p in parcelas] == [Decimal("250.00")] * 2 + [Decimal("166.67"), Decimal("166.67"),
                                                                   Decimal("166.66")]
    assert parcelas[2].vencimento.meses == 2


def test_plano_que_deixaria_paga_de_fora_ou_nao_cobre_as_pagas_e_recusado():
    pagas = {3: planos.Fixa(Decimal("250.00"), date(2027, 3, 10))}
    with pytest.raises(Validacao) as erro:
        planos.gerar(_plano("1000.00", 2), pagas)
    assert "parcela 3" in erro.value.campos["parcelas"]
    with pytest.raises(Validacao) as erro:
        planos.gerar(_plano("200.00", 4), pagas)
    assert "valor" in erro.value.campos
    with pytest.raises(Validacao) as erro:
        planos.gerar(_plano("1000.00", 1), {1: planos.Fixa(Decimal("900.00"), date(2027, 1, 10))})
    assert "900.00" in erro.value.campos["valor"]
    with pytest.raises(Validacao):
        planos.gerar(_plano("1000.00", 2), {0: planos.Fixa(Decimal("100.00"), date(2027, 1, 2))})


def test_sinal_pago_fica_e_o_resto_vai_as_parcelas():
    parcelas = planos.gerar(_plano("1000.00", 3, sinal="300.00"), {0: planos.Fixa(Decimal("300.00"), date(2027, 1, 2))})
    assert [(p.numero, p.valor) for p in parcelas] == [
        (0, Decimal("300.00")), (1, Decimal("233.34")), (2, Decimal("233.33")), (3, Decimal("233.33"))]


def test_mais_parcelas_que_centavos_e_recusado():
    with pytest.raises(Validacao) as erro:
        planos.gerar(_plano("0.05", 6))
    assert "parcelas" in erro.value.campos
