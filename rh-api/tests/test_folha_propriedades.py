"""Properties of the payroll engine over generated funcionários and months (hypothesis): the net is
exactly gross less discounts, INSS and IRRF never fall when income rises, the deduction chosen is
never worse for the worker than the other, every amount has two decimals, INSS and IRRF explain
themselves."""
from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from rh.folha import calculo, inss, irrf
from rh.folha.formato import numero
from rh.folha.modelos import Contratado, Variaveis
from rh.folha.tabelas import tabela_em

TABELA = tabela_em(date(2026, 1, 1))

dinheiro = st.decimals(min_value=Decimal("0.00"), max_value=Decimal("40000.00"), places=2)
salarios = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("40000.00"), places=2)
horas = st.decimals(min_value=Decimal("0"), max_value=Decimal("60"), places=2)
competencias = st.builds(date, st.just(2026), st.integers(1, 12), st.just(1))


@st.composite
def contratados(draw, salario=salarios):
    return Contratado(
        id=1, nome="Ana", vinculo=draw(st.sampled_from(["CLT", "ESTAGIARIO", "PRO_LABORE"])),
        salario=draw(salario), data_admissao=draw(st.dates(date(2025, 1, 1), date(2026, 12, 31))),
        dependentes=draw(st.integers(0, 6)), vale_transporte=draw(st.booleans()),
        custo_vale_transporte=draw(st.none() | dinheiro),
        jornada_mensal_horas=draw(st.sampled_from([Decimal("220"), Decimal("200"), Decimal("180")])))


variaveis = st.builds(Variaveis, horas_extras_50=horas, horas_extras_100=horas, horas_noturnas=horas,
                      comissoes=dinheiro, faltas_dias=st.integers(0, 12), adiantamento=dinheiro)


def duas_casas(valor: Decimal) -> bool:
    return valor.as_tuple().exponent == -2


def conferir(holerite):
    proventos = sum((r.valor for r in holerite.rubricas if r.tipo == "PROVENTO"), Decimal(0))
    descontos = sum((r.valor for r in holerite.rubricas if r.tipo == "DESCONTO"), Decimal(0))
    assert holerite.bruto == proventos and holerite.descontos == descontos
    assert holerite.liquido == holerite.bruto - holerite.descontos
    assert all(duas_casas(r.valor) for r in holerite.rubricas)
    assert all(duas_casas(getattr(holerite, campo)) for campo in ("bruto", "descontos", "liquido", "inss", "irrf",
                                                                  "fgts", "base_irrf"))
    for r in holerite.rubricas:
        assert r.memo and numero(r.valor) in r.memo


@settings(max_examples=300, deadline=None)
@given(contratados(), variaveis, competencias)
def test_mensal_liquido_exato_duas_casas_e_memo(c, v, competencia):
    if c.data_admissao > date(competencia.year, competencia.month, 28):
        c = Contratado(**{**c.__dict__, "data_admissao": competencia})
    holerite = calculo.mensal(c, v, competencia)
    conferir(holerite)
    if c.vinculo != "ESTAGIARIO":
        assert any(r.codigo == "INSS" for r in holerite.rubricas)
    assert any(r.codigo == "IRRF" for r in holerite.rubricas)


@settings(max_examples=100, deadline=None)
@given(contratados(), st.integers(1, 2), st.integers(0, 12), dinheiro, st.integers(1, 30))
def test_decimo_terceiro_e_ferias_liquido_exato(c, parcela, meses, media, dias):
    c = Contratado(**{**c.__dict__, "vinculo": "CLT"})
    conferir(calculo.decimo_terceiro(c, date(2026, 12, 18), parcela, meses, adiantado=c.salario / 2 if parcela == 2
                                     else Decimal(0), media_variaveis=media))
    conferir(calculo.ferias(c, date(2026, 7, 1), dias, date(2026, 7, 1), media))


@settings(max_examples=500, deadline=None)
@given(salarios, salarios, st.integers(0, 6))
def test_inss_e_irrf_nao_diminuem_com_a_renda(a, b, dependentes):
    menor, maior = sorted((a, b))
    inss_menor, inss_maior = inss.empregado(menor, TABELA).valor, inss.empregado(maior, TABELA).valor
    assert inss_menor <= inss_maior
    assert irrf.calcular(menor, inss_menor, dependentes, TABELA).valor <= \
        irrf.calcular(maior, inss_maior, dependentes, TABELA).valor


@settings(max_examples=200, deadline=None)
@given(contratados(), variaveis, salarios, salarios)
def test_mensal_monotono_no_salario(c, v, a, b):
    menor, maior = sorted((a, b))
    c = Contratado(**{**c.__dict__, "data_admissao": date(2025, 1, 1)})
    baixo = calculo.mensal(Contratado(**{**c.__dict__, "salario": menor}), v, date(2026, 5, 1))
    alto = calculo.mensal(Contratado(**{**c.__dict__, "salario": maior}), v, date(2026, 5, 1))
    assert baixo.inss <= alto.inss
    assert baixo.irrf <= alto.irrf


@settings(max_examples=500, deadline=None)
@given(salarios, dinheiro, st.integers(0, 6))
def test_deducao_escolhida_nunca_pior(rendimento, valor_inss, dependentes):
    r = irrf.calcular(rendimento, valor_inss, dependentes, TABELA)
    legal = valor_inss + dependentes * TABELA.deducao_dependente
    outra = TABELA.desconto_simplificado if r.deducao == "LEGAL" else legal
    imposto_outra, _ = irrf.imposto_da_tabela(max(rendimento - outra, Decimal(0)), TABELA)
    assert r.imposto_tabela <= imposto_outra
    assert r.deducao_valor == max(legal, TABELA.desconto_simplificado)
