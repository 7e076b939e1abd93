"""INSS band by band on the 2026 table: the worked examples of folha-2026.md §1.2/§1.5 to the cent,
the teto, the "parcela a deduzir" pitfall and the pró-labore's flat rate."""
from datetime import date
from decimal import Decimal

import pytest

from rh.folha import inss
from rh.folha.tabelas import tabela_em

TABELA = tabela_em(date(2026, 1, 1))


@pytest.mark.parametrize("salario, esperado", [
    ("4500.00", "431.51"),
    ("6000.00", "641.51"),
    ("1621.00", "121.58"),   # 121,575 rounds half up
    ("1000.00", "75.00"),
    ("2902.84", "236.94"),
    ("4354.27", "411.11"),
])
def test_exemplos_faixa_a_faixa(salario, esperado):
    assert inss.empregado(Decimal(salario), TABELA).valor == Decimal(esperado)


@pytest.mark.parametrize("salario, por_faixas, atalho", [("2000.00", "155.69", "155.68"),
                                                         ("1700.00", "128.69", "128.68")])
def test_parcela_a_deduzir_arredondada_nao_e_usada(salario, por_faixas, atalho):
    """The shortcut with rounded constants (24,32 / 111,40 / 198,49) is one cent off."""
    atalho_calculado = Decimal(salario) * Decimal("0.09") - Decimal("24.32")
    assert atalho_calculado == Decimal(atalho)
    assert inss.empregado(Decimal(salario), TABELA).valor == Decimal(por_faixas)


def test_memo_mostra_cada_faixa_e_o_arredondamento_unico():
    resultado = inss.empregado(Decimal("6000.00"), TABELA)
    assert resultado.memo.startswith(
        "INSS: 1.621,00 × 7,5 % = 121,575 + 1.281,84 × 9 % = 115,3656 + 1.451,43 × 12 % = 174,1716 + "
        "1.645,73 × 14 % = 230,4022 = 641,5144 → 641,51")
    assert "arredondada uma vez, meio para cima" in resultado.memo
    assert resultado.referencia == "7,5 % / 9 % / 12 % / 14 %"


def test_teto():
    resultado = inss.empregado(Decimal("10000.00"), TABELA)
    assert resultado.valor == Decimal("988.09")      # 988,0914; per-band rounding would give 988,10
    assert resultado.no_teto and resultado.base == Decimal("8475.55")
    assert "limitado ao teto 8.475,55" in resultado.memo
    no_limite = inss.empregado(Decimal("8475.55"), TABELA)
    assert no_limite.valor == Decimal("988.09") and not no_limite.no_teto


def test_base_zero():
    resultado = inss.empregado(Decimal("0.00"), TABELA)
    assert resultado.valor == Decimal("0.00") and resultado.memo


def test_contribuinte_individual_onze_por_cento_ate_o_teto():
    assert inss.contribuinte_individual(Decimal("5000.00"), TABELA).valor == Decimal("550.00")
    no_teto = inss.contribuinte_individual(Decimal("10000.00"), TABELA)
    assert no_teto.valor == Decimal("932.31") and no_teto.no_teto   # 8.475,55 × 11 % = 932,3105
    assert "8.475,55 × 11 % = 932,3105 → 932,31" in no_teto.memo
