"""IRRF: the monthly table, the better deduction for the worker, the Lei 15.270/2025 reduction on
the gross; the Receita's examples (folha-2026.md §1.4) and the 2026 worked examples (§1.5)."""
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from rh.folha import irrf
from rh.folha.tabelas import tabela_em

TABELA = tabela_em(date(2026, 1, 1))
D = Decimal


@pytest.mark.parametrize("base, imposto", [
    ("2428.80", "0.00"), ("2428.81", "0.00"), ("2826.65", "29.84"), ("3392.80", "114.76"),
    ("3892.80", "200.39"), ("4392.80", "312.89"), ("5350.40", "562.63"), ("5358.49", "564.85"),
    ("7000.00", "1016.27"), ("9011.91", "1569.55"),
])
def test_imposto_da_tabela(base, imposto):
    assert irrf.imposto_da_tabela(D(base), TABELA)[0] == D(imposto)


@pytest.mark.parametrize("bruto, inss, base, deducao, imposto, reducao, valor", [
    ("4000.00", "373.41", "3392.80", "SIMPLIFICADA", "114.76", "114.76", "0.00"),   # Receita exemplo 2
    ("5000.00", "509.60", "4392.80", "SIMPLIFICADA", "312.89", "312.89", "0.00"),   # exemplo 3
    ("6000.00", "649.60", "5350.40", "LEGAL", "562.63", "179.75", "382.88"),       # exemplo 4 (INSS 2025)
    ("7607.20", "0.00", "7000.00", "SIMPLIFICADA", "1016.27", "0.00", "1016.27"),  # exemplo 5
])
def test_exemplos_da_receita(bruto, inss, base, deducao, imposto, reducao, valor):
    r = irrf.calcular(D(bruto), D(inss), 0, TABELA)
    assert (r.base, r.deducao, r.imposto_tabela, r.reducao, r.valor) == (D(base), deducao, D(imposto), D(reducao),
                                                                          D(valor))


@pytest.mark.parametrize("bruto, inss, valor, deducao", [
    ("4500.00", "431.51", "0.00", "SIMPLIFICADA"),
    ("6000.00", "641.51", "385.10", "LEGAL"),
    ("10000.00", "988.09", "1569.55", "LEGAL"),
])
def test_exemplos_2026(bruto, inss, valor, deducao):
    r = irrf.calcular(D(bruto), D(inss), 0, TABELA)
    assert (r.valor, r.deducao) == (D(valor), deducao)


def test_reducao_sobre_o_bruto_e_nao_sobre_a_base():
    r = irrf.calcular(D("6000.00"), D("641.51"), 0, TABELA)
    assert r.reducao == D("179.75")          # 978,62 − 0,133145 × 6.000,00, not × 5.358,49
    assert "978,62 − 0,133145 × 6.000,00" in r.memo
    assert r.memo.endswith("IRRF = 564,85 − 179,75 = 385,10")


def test_reducao_arredonda_meio_para_cima_e_zera_em_7350():
    assert irrf.reducao(D("7000.00"), D("801.35"), TABELA)[0] == D("46.61")    # 46,605
    assert irrf.reducao(D("7350.00"), D("1000.00"), TABELA)[0] == D("0.00")    # 0,00425
    assert irrf.reducao(D("7350.01"), D("1000.00"), TABELA)[0] == D("0.00")
    assert irrf.calcular(D("7000.00"), D("781.51"), 0, TABELA).valor == D("754.74")


def test_reducao_limitada_ao_imposto():
    assert irrf.reducao(D("5000.00"), D("100.00"), TABELA)[0] == D("100.00")
    assert irrf.reducao(D("5000.00"), D("400.00"), TABELA)[0] == D("312.89")
    assert irrf.reducao(D("5200.00"), D("10.00"), TABELA)[0] == D("10.00")


def test_dependentes():
    r = irrf.calcular(D("6000.00"), D("641.51"), 2, TABELA)
    assert (r.deducao, r.deducao_valor, r.base) == ("LEGAL", D("1020.69"), D("4979.31"))
    assert (r.imposto_tabela, r.valor) == (D("460.58"), D("280.83"))
    assert "2 dependente(s) × 189,59" in r.memo


def test_um_dependente_vira_a_escolha_para_a_deducao_legal():
    assert irrf.calcular(D("4500.00"), D("431.51"), 0, TABELA).deducao == "SIMPLIFICADA"
    com_dependente = irrf.calcular(D("4500.00"), D("431.51"), 1, TABELA)
    assert (com_dependente.deducao, com_dependente.deducao_valor) == ("LEGAL", D("621.10"))


def test_sem_reducao_quando_a_configuracao_manda():
    r = irrf.calcular(D("6000.00"), D("641.51"), 0, TABELA, com_reducao=False)
    assert (r.reducao, r.valor) == (D("0.00"), D("564.85"))


def test_outra_tabela_outro_limite():
    """The reduction's numbers come from the table, not the code."""
    tabela = replace(TABELA, reducao_irrf=replace(TABELA.reducao_irrf, limite_isencao=D("7000.00")))
    assert irrf.calcular(D("6000.00"), D("641.51"), 0, tabela).valor == D("251.96")   # 564,85 − 312,89
