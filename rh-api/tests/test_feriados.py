"""The holidays that move with Easter, as data of the payroll table: banks close on Carnaval's Monday
and Tuesday, Sexta-feira Santa and Corpus Christi (the guides move back); the payroll's dias úteis
skip only Sexta-feira Santa (the DSR and the salary's 5th dia útil)."""
import json
from datetime import date
from decimal import Decimal

import pytest
from dateutil.easter import easter

from rh import vencimentos
from rh.folha import calculo, tabelas
from rh.folha.modelos import Contratado, Variaveis

D = Decimal
TABELA = tabelas.tabela_em(date(2026, 1, 1))


def contratado() -> Contratado:
    return Contratado(id=1, nome="Ana Souza", vinculo="CLT", salario=D("2200.00"), data_admissao=date(2025, 1, 6))


def dsr(competencia: date, tabela=None):
    """(domingos e feriados, dias úteis) the calendar gives the month's DSR."""
    h = calculo.mensal(contratado(), Variaveis(horas_extras_50=D("10")), competencia, tabela)
    return next(r for r in h.rubricas if r.codigo == "DSR").referencia


@pytest.mark.parametrize("ano, pascoa", [(2025, date(2025, 4, 20)), (2026, date(2026, 4, 5)),
                                         (2027, date(2027, 3, 28))])
def test_pascoa_em_datas_conhecidas(ano, pascoa):
    assert easter(ano) == pascoa


@pytest.mark.parametrize("dia, nome", [
    (date(2026, 2, 16), "Carnaval (segunda-feira)"), (date(2026, 2, 17), "Carnaval (terça-feira)"),
    (date(2026, 4, 3), "Sexta-feira Santa"), (date(2026, 6, 4), "Corpus Christi"),
    (date(2027, 2, 8), "Carnaval (segunda-feira)"), (date(2027, 2, 9), "Carnaval (terça-feira)"),
    (date(2027, 3, 26), "Sexta-feira Santa"), (date(2027, 5, 27), "Corpus Christi"),
    (date(2025, 3, 3), "Carnaval (segunda-feira)"), (date(2025, 4, 18), "Sexta-feira Santa"),
    (date(2025, 6, 19), "Corpus Christi"),
])
def test_cada_feriado_movel_cai_no_seu_dia(dia, nome):
    assert [f.nome for f in TABELA.moveis_em(dia)] == [nome]


def test_bancario_nao_e_o_mesmo_que_feriado_da_folha():
    carnaval, sexta_santa, corpus, quarta_de_cinzas = (date(2026, 2, 16), date(2026, 4, 3), date(2026, 6, 4),
                                                        date(2026, 2, 18))
    assert [TABELA.feriado_bancario(d) for d in (carnaval, sexta_santa, corpus, quarta_de_cinzas)] == [
        True, True, True, False]
    assert [TABELA.feriado_da_folha(d) for d in (carnaval, sexta_santa, corpus, quarta_de_cinzas)] == [
        False, True, False, False]
    tiradentes = date(2026, 4, 21)
    assert TABELA.feriado_bancario(tiradentes) and TABELA.feriado_da_folha(tiradentes)


def test_a_tabela_diz_a_fonte():
    assert "4.880/2020" in TABELA.fontes["feriados_moveis"]
    assert "9.093/1995" in TABELA.fontes["feriados_moveis"]


def test_guias_antecipadas_num_feriado_movel_bancario():
    assert vencimentos.guias(date(2030, 5, 1)) == date(2030, 6, 19)    # 20/06/2030 is Corpus Christi
    assert vencimentos.guias(date(2034, 1, 1)) == date(2034, 2, 17)    # 20/02/2034 is Carnaval's Monday
    assert vencimentos.guias(date(2057, 3, 1)) == date(2057, 4, 19)    # 20/04/2057 is Sexta-feira Santa


def test_quinto_dia_util_pula_sexta_feira_santa_e_conta_carnaval_e_corpus_christi():
    # April 2026: Wed 1, Thu 2, (Fri 3 Sexta-feira Santa), Sat 4, Mon 6, Tue 7.
    assert vencimentos.salario(date(2026, 3, 1)) == date(2026, 4, 7)
    # March 2030: Fri 1, Sat 2, Carnaval's Mon 4 and Tue 5 count, Wed 6.
    assert vencimentos.salario(date(2030, 2, 1)) == date(2030, 3, 6)
    # June 2026: Mon 1 to Fri 5, Corpus Christi (Thu 4) among them.
    assert vencimentos.salario(date(2026, 5, 1)) == date(2026, 6, 5)


def test_dsr_conta_sexta_feira_santa_e_nao_carnaval_nem_corpus_christi():
    assert dsr(date(2026, 4, 1)) == "24 úteis / 6 dom. e feriados"    # 4 Sundays, Sexta-feira Santa, Tiradentes
    assert dsr(date(2026, 2, 1)) == "24 úteis / 4 dom. e feriados"    # Carnaval is a dia útil
    assert dsr(date(2026, 6, 1)) == "26 úteis / 4 dom. e feriados"    # so is Corpus Christi


def test_o_municipio_que_declara_corpus_christi_e_um_dado_da_tabela(tmp_path):
    """What counts is the table's data, not code: a table marking Corpus Christi `folha` counts it."""
    dados = json.loads((tabelas.PASTA / "2026-01.json").read_text(encoding="utf-8"))
    next(f for f in dados["feriados_moveis"] if f["nome"] == "Corpus Christi")["folha"] = True
    (tmp_path / "2026-01.json").write_text(json.dumps(dados), encoding="utf-8")
    tabela = tabelas.tabela_em(date(2026, 6, 1), tmp_path)
    assert dsr(date(2026, 6, 1), tabela) == "25 úteis / 5 dom. e feriados"


def test_tabela_sem_feriados_moveis_e_recusada(tmp_path):
    dados = json.loads((tabelas.PASTA / "2026-01.json").read_text(encoding="utf-8"))
    del dados["feriados_moveis"]
    (tmp_path / "2026-01.json").write_text(json.dumps(dados), encoding="utf-8")
    with pytest.raises(KeyError):
        tabelas.tabela_em(date(2026, 1, 1), tmp_path)
