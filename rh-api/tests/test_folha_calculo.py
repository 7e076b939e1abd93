"""The month's payslip, the 13º and férias to the cent (folha-2026.md §1.5), proportional months,
variable pay with its DSR, absences, the vínculos, and the effective-dated tables."""
import json
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from rh.folha import calculo, tabelas
from rh.folha.modelos import Contratado, Variaveis

D = Decimal
MARCO = date(2026, 3, 1)     # 31 days, 5 Sundays, no national holiday: 26 dias úteis


def contratado(salario="6000.00", **campos) -> Contratado:
    return Contratado(**{"id": 1, "nome": "Ana Souza", "vinculo": "CLT", "salario": D(salario),
                         "data_admissao": date(2025, 1, 6), **campos})


def rubrica(holerite, codigo):
    return next(r for r in holerite.rubricas if r.codigo == codigo)


def codigos(holerite):
    return [r.codigo for r in holerite.rubricas]


@pytest.mark.parametrize("salario, inss, irrf, liquido, deducao", [
    ("4500.00", "431.51", "0.00", "4068.49", "SIMPLIFICADA"),
    ("6000.00", "641.51", "385.10", "4973.39", "LEGAL"),
    ("10000.00", "988.09", "1569.55", "7442.36", "LEGAL"),
])
def test_exemplos_resolvidos(salario, inss, irrf, liquido, deducao):
    h = calculo.mensal(contratado(salario), Variaveis(), MARCO)
    assert (h.bruto, h.inss, h.irrf, h.liquido, h.deducao_irrf) == (D(salario), D(inss), D(irrf), D(liquido), deducao)
    assert h.fgts == (D(salario) * D("0.08")).quantize(D("0.01"))
    assert h.descontos == D(inss) + D(irrf)
    assert codigos(h) == ["SALARIO", "INSS", "IRRF", "FGTS"]
    assert h.competencia == MARCO and h.tipo == "MENSAL"


def test_teto_gera_aviso():
    h = calculo.mensal(contratado("10000.00"), Variaveis(), MARCO)
    assert h.base_inss == D("8475.55") and h.base_irrf == D("9011.91")
    assert any("teto" in aviso for aviso in h.avisos)
    assert not calculo.mensal(contratado("6000.00"), Variaveis(), MARCO).avisos


def test_competencia_vale_o_mes_inteiro():
    assert calculo.mensal(contratado(), Variaveis(), date(2026, 3, 17)).competencia == MARCO


def test_admissao_no_dia_10():
    h = calculo.mensal(contratado("3000.00", data_admissao=date(2026, 3, 10)), Variaveis(), MARCO)
    salario = rubrica(h, "SALARIO")
    assert (salario.valor, salario.referencia) == (D("2100.00"), "21 dias")     # 3.000 ÷ 30 × 21
    assert "mês comercial de 30 dias" in salario.memo
    assert h.inss == D("164.69")        # 121,575 + 479,00 × 9 % = 164,685, on the proportional salary
    assert h.fgts == D("168.00")


def test_demissao_no_meio_do_mes():
    h = calculo.mensal(contratado("3000.00", data_demissao=date(2026, 4, 15)), Variaveis(), date(2026, 4, 1))
    assert (rubrica(h, "SALARIO").valor, rubrica(h, "SALARIO").referencia) == (D("1500.00"), "15 dias")


def test_fevereiro_inteiro_e_salario_integral_e_parcial_conta_30():
    fevereiro = date(2026, 2, 1)
    assert rubrica(calculo.mensal(contratado("3000.00"), Variaveis(), fevereiro), "SALARIO").valor == D("3000.00")
    admitido = contratado("3000.00", data_admissao=date(2026, 2, 15))
    assert rubrica(calculo.mensal(admitido, Variaveis(), fevereiro), "SALARIO").valor == D("1600.00")   # 16 dias
    saiu_no_ultimo_dia = contratado("3000.00", data_demissao=date(2026, 2, 28))
    assert rubrica(calculo.mensal(saiu_no_ultimo_dia, Variaveis(), fevereiro), "SALARIO").valor == D("3000.00")


def test_fora_do_contrato_no_mes():
    with pytest.raises(ValueError, match="não trabalhou em 03/2026"):
        calculo.mensal(contratado(data_admissao=date(2026, 4, 1)), Variaveis(), MARCO)
    with pytest.raises(ValueError, match="não trabalhou"):
        calculo.mensal(contratado(data_demissao=date(2026, 2, 27)), Variaveis(), MARCO)


def test_horas_extras_noturno_comissoes_e_dsr():
    """2.200,00 over 220 h: the hour is 10,00."""
    variaveis = Variaveis(horas_extras_50=D("10"), horas_extras_100=D("5"), horas_noturnas=D("10"),
                          comissoes=D("130.00"))
    h = calculo.mensal(contratado("2200.00"), variaveis, MARCO)
    assert [(r.codigo, r.valor) for r in h.rubricas if r.tipo == "PROVENTO"] == [
        ("SALARIO", D("2200.00")), ("HE50", D("150.00")), ("HE100", D("100.00")), ("NOTURNO", D("20.00")),
        ("COMISSOES", D("130.00")), ("DSR", D("76.92"))]    # 400,00 ÷ 26 × 5 = 76,923…
    assert rubrica(h, "DSR").memo == (
        "DSR: variáveis 400,00 ÷ 26 dias úteis × 5 domingos e feriados → 76,92 "
        "(calendário: domingos, feriados nacionais e Sexta-feira Santa; sábados são úteis)")
    assert rubrica(h, "HE50").memo == "2.200,00 ÷ 220,00 h × 150 % × 10,00 h → 150,00"
    assert h.base_inss == D("2676.92")
    assert h.fgts == D("214.15")     # 2.676,92 × 8 % = 214,1536


def test_dsr_com_feriado_nacional_e_com_dias_informados():
    # Deliberately changed with the movable holidays (test_feriados.py): April 2026 has 4 Sundays,
    # Tiradentes (a Tuesday) and Sexta-feira Santa (the 3rd): 6, and 24 dias úteis; it was 5 and 25,
    # 30,00, when only the fixed national holidays were known.
    abril = date(2026, 4, 1)
    h = calculo.mensal(contratado("2200.00"), Variaveis(horas_extras_50=D("10")), abril)
    assert rubrica(h, "DSR").valor == D("37.50")        # 150 ÷ 24 × 6
    informado = calculo.mensal(contratado("2200.00"), Variaveis(horas_extras_50=D("10"), dias_uteis=25,
                                                                 domingos_feriados=5), abril)
    assert rubrica(informado, "DSR").valor == D("30.00")
    assert "dias informados" in rubrica(informado, "DSR").memo


def test_sem_variaveis_sem_dsr():
    assert "DSR" not in codigos(calculo.mensal(contratado(), Variaveis(), MARCO))


def test_faltas_e_dsr_perdido():
    h = calculo.mensal(contratado("3000.00"), Variaveis(faltas_dias=2), MARCO)
    assert (rubrica(h, "FALTAS").valor, rubrica(h, "DSR_FALTAS").valor) == (D("200.00"), D("100.00"))
    assert "no mínimo 1 semana(s)" in rubrica(h, "DSR_FALTAS").memo
    assert h.base_inss == D("2700.00")
    sete = calculo.mensal(contratado("3000.00"), Variaveis(faltas_dias=7), MARCO)
    assert rubrica(sete, "DSR_FALTAS").valor == D("200.00")      # 7 absences need 2 weeks


def test_faltas_nunca_passam_do_salario_do_mes():
    h = calculo.mensal(contratado("3000.00", data_admissao=date(2026, 3, 20)), Variaveis(faltas_dias=12), MARCO)
    assert rubrica(h, "SALARIO").valor == D("1100.00")
    assert rubrica(h, "FALTAS").valor == D("1100.00") and "DSR_FALTAS" not in codigos(h)
    assert (h.base_inss, h.inss, h.fgts) == (D("0.00"), D("0.00"), D("0.00"))


def test_vale_transporte_seis_por_cento_do_salario_limitado_ao_custo():
    h = calculo.mensal(contratado(vale_transporte=True), Variaveis(horas_extras_50=D("10")), MARCO)
    assert rubrica(h, "VALE_TRANSPORTE").valor == D("360.00")    # not on the horas extras
    barato = calculo.mensal(contratado(vale_transporte=True, custo_vale_transporte=D("220.00")), Variaveis(), MARCO)
    assert rubrica(barato, "VALE_TRANSPORTE").valor == D("220.00")
    assert "limitado ao custo" in rubrica(barato, "VALE_TRANSPORTE").memo
    assert (barato.inss, barato.irrf) == (D("641.51"), D("385.10"))    # VT is outside the bases


def test_adiantamento_descontado():
    h = calculo.mensal(contratado(), Variaveis(adiantamento=D("2000")), MARCO)
    assert rubrica(h, "ADIANTAMENTO").valor == D("2000.00")
    assert h.liquido == D("2973.39") and h.inss == D("641.51")


def test_dependentes_no_mes():
    h = calculo.mensal(contratado(dependentes=2), Variaveis(), MARCO)
    assert (h.irrf, h.base_irrf, h.deducao_irrf) == (D("280.83"), D("4979.31"), "LEGAL")


def test_estagiario_sem_inss_nem_fgts_com_irrf():
    h = calculo.mensal(contratado("6000.00", vinculo="ESTAGIARIO"), Variaveis(), MARCO)
    assert rubrica(h, "SALARIO").descricao == "Bolsa-auxílio"
    assert codigos(h) == ["SALARIO", "IRRF"]
    assert (h.inss, h.fgts, h.base_inss) == (D("0.00"), D("0.00"), D("0.00"))
    assert (h.deducao_irrf, h.base_irrf, h.irrf) == ("SIMPLIFICADA", D("5392.80"), D("394.54"))


def test_pro_labore_onze_por_cento_sem_fgts():
    h = calculo.mensal(contratado("10000.00", vinculo="PRO_LABORE"), Variaveis(), MARCO)
    assert rubrica(h, "SALARIO").descricao == "Pró-labore"
    assert (h.inss, h.fgts, h.irrf) == (D("932.31"), D("0.00"), D("1584.88"))
    assert "FGTS" not in codigos(h)


def test_autonomo_nao_entra_na_folha_mensal():
    with pytest.raises(ValueError, match="autônomo não entra na folha mensal"):
        calculo.mensal(contratado(vinculo="AUTONOMO"), Variaveis(), MARCO)


def test_decimo_terceiro_ano_inteiro():
    primeira = calculo.decimo_terceiro(contratado(), date(2026, 11, 30), 1)
    assert (primeira.tipo, primeira.bruto, primeira.descontos, primeira.liquido) == (
        "DECIMO_TERCEIRO_1", D("3000.00"), D("0.00"), D("3000.00"))
    assert (primeira.inss, primeira.irrf, primeira.fgts) == (D("0.00"), D("0.00"), D("240.00"))
    segunda = calculo.decimo_terceiro(contratado(), date(2026, 12, 18), 2, adiantado=D("3000.00"))
    assert (segunda.tipo, segunda.bruto, segunda.inss, segunda.irrf) == (
        "DECIMO_TERCEIRO_2", D("6000.00"), D("641.51"), D("385.10"))
    assert segunda.liquido == D("1973.39")
    assert segunda.fgts == D("240.00")
    assert codigos(segunda) == ["DECIMO_TERCEIRO", "ADIANTAMENTO_13", "INSS_13", "IRRF_13", "FGTS"]
    assert "em separado" in rubrica(segunda, "IRRF_13").memo


def test_decimo_terceiro_proporcional_quinze_dias_contam():
    """Admitted 10/03 (22 days in March: counts) or 20/03 (12 days: doesn't)."""
    dez_meses = calculo.decimo_terceiro(contratado(data_admissao=date(2026, 3, 10)), date(2026, 12, 18), 2)
    assert (rubrica(dez_meses, "DECIMO_TERCEIRO").valor, rubrica(dez_meses, "DECIMO_TERCEIRO").referencia) == (
        D("5000.00"), "10/12")
    nove_meses = calculo.decimo_terceiro(contratado(data_admissao=date(2026, 3, 20)), date(2026, 12, 18), 2)
    assert nove_meses.bruto == D("4500.00")
    informado = calculo.decimo_terceiro(contratado(), date(2026, 12, 18), 2, meses_trabalhados=6,
                                        media_variaveis=D("600.00"))
    assert informado.bruto == D("3300.00")       # (6.000 + 600) ÷ 12 × 6


def test_decimo_terceiro_regras():
    with pytest.raises(ValueError, match="parcela"):
        calculo.decimo_terceiro(contratado(), date(2026, 12, 18), 3)
    with pytest.raises(ValueError, match="só para funcionário CLT"):
        calculo.decimo_terceiro(contratado(vinculo="ESTAGIARIO"), date(2026, 12, 18), 2)


def test_ferias_trinta_dias():
    h = calculo.ferias(contratado(), date(2026, 7, 1), 30, date(2026, 7, 1))
    assert [(r.codigo, r.valor) for r in h.rubricas if r.tipo == "PROVENTO"] == [
        ("FERIAS", D("6000.00")), ("FERIAS_TERCO", D("2000.00"))]
    assert (h.tipo, h.bruto, h.inss, h.irrf, h.fgts) == ("FERIAS", D("8000.00"), D("921.51"), D("1037.85"),
                                                         D("640.00"))
    assert h.liquido == D("6040.64")


def test_ferias_reducao_conforme_configuracao():
    """20 days on 6.000: 4.000 + 1.333,33 = 5.333,33, inside the reduction's decreasing line."""
    padrao = calculo.ferias(contratado(), date(2026, 7, 1), 20, date(2026, 7, 1))
    assert (padrao.bruto, padrao.inss, padrao.deducao_irrf) == (D("5333.33"), D("548.18"), "SIMPLIFICADA")
    assert padrao.irrf == D("122.45")            # 390,96 − (978,62 − 0,133145 × 5.333,33 → 268,51)
    sem = calculo.ferias(contratado(), date(2026, 7, 1), 20, date(2026, 7, 1),
                         tabela=replace(tabelas.tabela_em(MARCO), reducao_nas_ferias="NENHUMA"))
    assert sem.irrf == D("390.96")
    assert "NENHUMA" in rubrica(sem, "IRRF_FERIAS").memo


def test_ferias_regras():
    with pytest.raises(ValueError, match="entre 1 e 30"):
        calculo.ferias(contratado(), date(2026, 7, 1), 31, date(2026, 7, 1))
    with pytest.raises(ValueError, match="só para funcionário CLT"):
        calculo.ferias(contratado(vinculo="PRO_LABORE"), date(2026, 7, 1), 30, date(2026, 7, 1))


def test_totais():
    holerites = [calculo.mensal(contratado(s), Variaveis(), MARCO) for s in ("4500.00", "6000.00", "10000.00")]
    assert calculo.totais(holerites) == {
        "bruto": D("20500.00"), "descontos": D("4015.76"), "liquido": D("16484.24"),
        "inss": D("2061.11"), "irrf": D("1954.65"), "fgts": D("1640.00")}
    assert calculo.totais([]) == dict.fromkeys(("bruto", "descontos", "liquido", "inss", "irrf", "fgts"), D("0"))


def test_tabela_em_vigor():
    tabela = tabelas.tabela_em(date(2026, 6, 30))
    assert tabela.vigencia == date(2026, 1, 1)
    assert (tabela.salario_minimo, tabela.teto_inss, tabela.deducao_dependente) == (
        D("1621.00"), D("8475.55"), D("189.59"))
    assert "UNVERIFIED" in tabela.fontes["inss_contribuinte_individual"]
    with pytest.raises(ValueError, match="Não há tabela da folha em vigor em 31/12/2025"):
        tabelas.tabela_em(date(2025, 12, 31))


def test_um_ano_novo_e_um_arquivo_novo(tmp_path):
    """A fake 2027 table beside the real 2026 one: the date picks the file, the engine follows it."""
    dados = json.loads((tabelas.PASTA / "2026-01.json").read_text(encoding="utf-8"))
    (tmp_path / "2026-01.json").write_text(json.dumps(dados), encoding="utf-8")
    dados["vigencia"] = "2027-01-01"
    dados["salario_minimo"] = "1700.00"
    dados["inss"]["faixas"][0]["ate"] = "1700.00"
    (tmp_path / "2027-01.json").write_text(json.dumps(dados), encoding="utf-8")
    assert tabelas.tabela_em(date(2026, 12, 31), tmp_path).vigencia == date(2026, 1, 1)
    nova = tabelas.tabela_em(date(2027, 1, 1), tmp_path)
    assert (nova.vigencia, nova.salario_minimo) == (date(2027, 1, 1), D("1700.00"))
    h = calculo.mensal(contratado("2000.00"), Variaveis(), date(2027, 1, 1), nova)
    assert h.inss == D("154.50")     # 1.700 × 7,5 % = 127,50 + 300 × 9 % = 27,00


def test_leitura_desconhecida_da_reducao_nas_ferias_e_recusada(tmp_path):
    dados = json.loads((tabelas.PASTA / "2026-01.json").read_text(encoding="utf-8"))
    dados["configuracoes"]["reducao_nas_ferias"] = "TALVEZ"
    (tmp_path / "2026-01.json").write_text(json.dumps(dados), encoding="utf-8")
    with pytest.raises(ValueError, match="reducao_nas_ferias deve ser uma de FERIAS_ISOLADAS, NENHUMA"):
        tabelas.tabela_em(date(2026, 1, 1), tmp_path)
