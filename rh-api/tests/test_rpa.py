"""The RPA of an autônomo (rh/rpa.py, pure): INSS of the contribuinte individual up to the teto with
the month's earlier cachês counted, IRRF on the month's payments summed, to the cent."""
from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from rh import rpa
from rh.folha.tabelas import tabela_em

OUTUBRO = date(2026, 10, 1)
D = Decimal


def _calcular(bruto, ja_pago=rpa.JaPago(), **kwargs):
    return rpa.calcular(D(bruto), OUTUBRO, rpa=True, origem_do_valor="equipe do evento", ja_pago=ja_pago, **kwargs)


def _rubrica(recibo, codigo):
    return next(r for r in recibo.rubricas if r.codigo == codigo)


def test_mil_reais_retem_so_o_inss():
    recibo = _calcular("1000.00")
    assert (recibo.bruto, recibo.inss, recibo.irrf, recibo.liquido) == (D("1000.00"), D("110.00"), D("0.00"),
                                                                         D("890.00"))
    assert "1.000,00 × 11 % = 110,00 → 110,00" in _rubrica(recibo, "INSS").memo
    # 110,00 < 607,20: the desconto simplificado, the base in the exempt band.
    assert "desconto simplificado 607,20" in _rubrica(recibo, "IRRF").memo


def test_cinco_mil_a_reducao_da_lei_15270_zera_o_irrf():
    recibo = _calcular("5000.00")
    assert (recibo.inss, recibo.irrf, recibo.liquido) == (D("550.00"), D("0.00"), D("4450.00"))
    memo = _rubrica(recibo, "IRRF").memo
    # 5.000,00 − 607,20 = 4.392,80 × 22,5 % − 675,49 = 312,89, reduced by 312,89 (rendimento até 5.000,00).
    assert "base 4.392,80" in memo and "4.392,80 × 22,5 % − 675,49 = 312,89" in memo
    assert "redução Lei 15.270 (rendimento 5.000,00 até 5.000,00)" in memo


def test_sete_mil_deducao_legal_e_reducao_parcial():
    recibo = _calcular("7000.00")
    # INSS 770,00 (> 607,20: legal); base 6.230,00 × 27,5 % − 908,73 = 804,52; redução
    # 978,62 − 0,133145 × 7.000,00 = 46,605 → 46,61; IRRF 757,91.
    assert (recibo.inss, recibo.irrf, recibo.liquido) == (D("770.00"), D("757.91"), D("5472.09"))


def test_segundo_cache_do_mes_chega_ao_teto_e_soma_o_irrf():
    primeiro = _calcular("5000.00")
    segundo = _calcular("5000.00", rpa.JaPago(primeiro.bruto, primeiro.inss, primeiro.irrf))
    # The month: 10.000,00, limited to the teto 8.475,55 × 11 % = 932,31; 550,00 already withheld.
    assert segundo.inss == D("382.31")
    assert "retido neste RPA: 932,31 − 550,00 = 382,31" in _rubrica(segundo, "INSS").memo
    assert any("teto" in aviso for aviso in segundo.avisos)
    # IRRF on 10.000,00 − 932,31 = 9.067,69 × 27,5 % − 908,73 = 1.584,88 (no reduction past 7.350,00),
    # less the 0,00 the first withheld.
    assert segundo.irrf == D("1584.88")
    assert segundo.liquido == D("5000.00") - D("382.31") - D("1584.88")
    # Past the teto, nothing more is withheld.
    terceiro = _calcular("1000.00", rpa.JaPago(D("10000.00"), D("932.31"), D("1584.88")))
    assert terceiro.inss == D("0.00") and terceiro.irrf == D("275.00")


def test_cota_patronal_de_20_e_informativa_e_no_simples_nao_ha():
    com_cota = _calcular("1000.00", cota_patronal="20")
    patronal = _rubrica(com_cota, "INSS_PATRONAL")
    assert (patronal.tipo, patronal.valor, com_cota.inss_patronal) == ("INFORMATIVO", D("200.00"), D("200.00"))
    assert com_cota.liquido == D("890.00")
    simples = _calcular("1000.00")
    assert simples.inss_patronal == D("0.00") and "Simples Nacional" in simples.avisos[-1]


def test_sem_rpa_paga_o_bruto():
    recibo = rpa.calcular(D("1200.00"), OUTUBRO, rpa=False, origem_do_valor="cachê padrão do fornecedor")
    assert (recibo.inss, recibo.irrf, recibo.liquido) == (D("0.00"), D("0.00"), D("1200.00"))
    assert [r.codigo for r in recibo.rubricas] == ["CACHE"] and "sem retenção" in recibo.rubricas[0].memo


CENTAVOS = st.integers(min_value=1, max_value=3_000_000).map(lambda c: D(c) / 100)


@given(bruto=CENTAVOS, anterior=st.one_of(st.just(D(0)), CENTAVOS),
       patronal=st.sampled_from(["SIMPLES_NACIONAL", "20"]))
def test_liquido_e_bruto_menos_inss_menos_irrf(bruto, anterior, patronal):
    tabela = tabela_em(OUTUBRO)
    antes = _calcular(anterior) if anterior else None
    ja_pago = rpa.JaPago(antes.bruto, antes.inss, antes.irrf) if antes else rpa.JaPago()
    recibo = _calcular(bruto, ja_pago, cota_patronal=patronal)
    assert recibo.liquido == recibo.bruto - recibo.inss - recibo.irrf
    assert recibo.inss >= 0 and recibo.irrf >= 0
    # The month's INSS never passes 11 % of the teto; each RPA's INSS never passes 11 % of its cachê.
    assert ja_pago.inss + recibo.inss <= (tabela.teto_inss * D("0.11")).quantize(D("0.01"))
    assert recibo.inss <= (recibo.bruto * D("0.11")).quantize(D("0.01")) + D("0.01")
    descontos = sum((r.valor for r in recibo.rubricas if r.tipo == "DESCONTO"), D(0))
    assert descontos == recibo.inss + recibo.irrf
