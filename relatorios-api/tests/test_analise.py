"""GET /api/relatorios/analise: the tree of categorias with subtotals and percentages, by
competência and by caixa, against a second computation straight over financeiro.lancamentos and
financeiro.baixas (never the rollups); tree sums, percentages adding to 100.00, validation, tenancy."""
import random
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from relatorios.analise import _partes_percentuais
from shared import config

# name, parent name, tipo — in plano de contas order (ordem = position among siblings).
PLANO = [("Ensaios", None, "RECEITA"), ("Gestante", "Ensaios", "RECEITA"), ("Família", "Ensaios", "RECEITA"),
         ("Newborn", "Família", "RECEITA"), ("Casamentos", None, "RECEITA"), ("Álbuns", None, "RECEITA"),
         ("Aluguel", None, "DESPESA"), ("Pessoal", None, "DESPESA"), ("Freelancers", "Pessoal", "DESPESA")]


def _moeda(valor) -> str:
    return f"{Decimal(valor):.2f}"


def gerar(sql_dono, empresa_id: int, semente: int) -> dict:
    """The PLANO's categorias and 150 lançamentos over two years with baixas; {nome: id}."""
    sorteio = random.Random(semente)
    hoje = config.hoje()
    conta = sql_dono("""INSERT INTO cadastros.contas (empresa_id, nome, nome_busca, tipo, banco, saldo_inicial,
                                                      data_saldo_inicial, ativa)
                        VALUES (%s, 'C', 'c', 'CORRENTE', '001', 0, '2020-01-01', true) RETURNING id""",
                     (empresa_id,))[0]["id"]
    ordens, irmaos = {}, {}
    for nome, pai, _ in PLANO:
        ordens[nome] = irmaos.get(pai, 0)
        irmaos[pai] = ordens[nome] + 1
    # The roots inserted last first, so the report must order by `ordem`, not by id (nor by name:
    # "Ensaios" comes before "Casamentos").
    ids = {}
    for nome, pai, tipo in [p for p in reversed(PLANO) if p[1] is None] + [p for p in PLANO if p[1]]:
        ids[nome] = sql_dono("""INSERT INTO cadastros.categorias (empresa_id, nome, nome_busca, tipo, parent_id, ordem)
                                VALUES (%s, %s, %s, %s, %s, %s) RETURNING id""",
                             (empresa_id, nome, nome.lower(), tipo, ids.get(pai), ordens[nome]))[0]["id"]
    for n in range(150):
        nome, _, tipo = sorteio.choice(PLANO)
        vencimento = hoje + timedelta(days=sorteio.randint(-700, 60))
        competencia = (vencimento - timedelta(days=sorteio.randint(0, 60))).replace(day=1)
        valor = Decimal(sorteio.randint(100, 900000)) / 100
        lancamento = sql_dono("""INSERT INTO financeiro.lancamentos (empresa_id, tipo, descricao, valor, data_vencimento,
                                                                      competencia, categoria_id, conta_id)
                                 VALUES (%s, %s, 'L', %s, %s, %s, %s, %s) RETURNING id""",
                              (empresa_id, tipo, valor, vencimento, competencia, ids[nome], conta))[0]["id"]
        sorte = sorteio.random()
        if sorte < 0.1:
            sql_dono("""UPDATE financeiro.lancamentos SET cancelado = true, status = 'CANCELADO'
                         WHERE empresa_id = %s AND id = %s""", (empresa_id, lancamento))
        elif sorte < 0.7:
            juros = Decimal(sorteio.randint(0, 500)) / 100
            desconto = min(valor, Decimal(sorteio.randint(0, 300)) / 100)
            sql_dono("""INSERT INTO financeiro.baixas (empresa_id, lancamento_id, conta_id, data, valor, juros, desconto)
                        VALUES (%s, %s, %s, %s, %s, %s, %s)""",
                     (empresa_id, lancamento, conta, vencimento + timedelta(days=sorteio.randint(-10, 30)), valor,
                      juros, desconto))
    return ids


class Oraculo:
    def __init__(self, sql_dono, empresa_id: int):
        self.sql, self.empresa_id = sql_dono, empresa_id
        self.categorias = sql_dono("SELECT id, nome, tipo, parent_id FROM cadastros.categorias WHERE empresa_id = %s",
                                   (empresa_id,))

    def proprios(self, de, ate, tipo, regime) -> dict:
        if regime == "competencia":
            linhas = self.sql("""SELECT categoria_id, sum(valor) AS valor FROM financeiro.lancamentos
                                  WHERE empresa_id = %s AND tipo = %s AND NOT cancelado
                                    AND competencia >= date_trunc('month', %s::date) AND competencia <= %s
                                  GROUP BY categoria_id""", (self.empresa_id, tipo, de, ate))
        else:
            linhas = self.sql("""SELECT l.categoria_id, sum(b.valor + b.juros + b.multa - b.desconto) AS valor
                                   FROM financeiro.baixas b JOIN financeiro.lancamentos l
                                     ON l.empresa_id = b.empresa_id AND l.id = b.lancamento_id
                                  WHERE b.empresa_id = %s AND l.tipo = %s AND b.data BETWEEN %s AND %s
                                  GROUP BY l.categoria_id""", (self.empresa_id, tipo, de, ate))
        return {l["categoria_id"]: l["valor"] for l in linhas}

    def ramo(self, categoria_id) -> set:
        filhos = {c["id"] for c in self.categorias if c["parent_id"] == categoria_id}
        return {categoria_id}.union(*(self.ramo(f) for f in filhos))


@pytest.fixture(scope="module")
def gerados(database):
    return {}


@pytest.fixture
def plano(gerados, sql_dono):
    """Empresa 1901's categorias {nome: id}, its ledger generated once for the module."""
    if not gerados:
        gerados.update(gerar(sql_dono, 1901, semente=5))
    return gerados


@pytest.mark.parametrize("regime", ["competencia", "caixa"])
@pytest.mark.parametrize("tipo", ["RECEITA", "DESPESA"])
@pytest.mark.parametrize("de, ate", [(-365, 0), (-700, 60), (-31, -1), (-200, -150)])
def test_each_categoria_is_its_branchs_sum_against_a_second_computation(como, sql_dono, plano, regime, tipo, de, ate):
    hoje = config.hoje()
    de, ate = hoje + timedelta(days=de), hoje + timedelta(days=ate)
    resposta = como(1901).get(f"/api/relatorios/analise?de={de}&ate={ate}&tipo={tipo}&regime={regime}")
    assert resposta.status_code == 200, resposta.get_json()
    corpo = resposta.get_json()
    oraculo = Oraculo(sql_dono, 1901)
    proprios = oraculo.proprios(de, ate, tipo, regime)
    total = sum(proprios.values(), Decimal(0))
    assert corpo["total"] == _moeda(total)
    esperados = {c["id"]: sum((proprios.get(i, Decimal(0)) for i in oraculo.ramo(c["id"])), Decimal(0))
                 for c in oraculo.categorias if c["tipo"] == tipo}
    assert {i["categoria_id"]: i["valor"] for i in corpo["itens"]} == {
        i: _moeda(v) for i, v in esperados.items() if v}
    # Tree order, levels, and the percentages: the first level adds to 100.00, each categoria to at
    # least its subcategorias' sum (its own part on top), and each near its exact share.
    nomes = [i["nome"] for i in corpo["itens"]]
    assert nomes == [n for n, _, t in PLANO if t == tipo and esperados[plano[n]]]
    niveis = {"Casamentos": 1, "Ensaios": 1, "Gestante": 2, "Família": 2, "Newborn": 3, "Álbuns": 1,
              "Aluguel": 1, "Pessoal": 1, "Freelancers": 2}
    assert all(i["nivel"] == niveis[i["nome"]] for i in corpo["itens"])
    if total:
        assert sum(Decimal(i["percentual"]) for i in corpo["itens"] if i["nivel"] == 1) == Decimal("100.00")
        for item in corpo["itens"]:
            assert abs(Decimal(item["percentual"]) - Decimal(item["valor"]) * 100 / total) < Decimal("0.01") * 9
    else:
        assert corpo["itens"] == []


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.integers(0, 10**9), min_size=1, max_size=30).filter(any))
def test_rounded_own_parts_always_add_to_100_and_stay_within_a_cent(centavos):
    valores = [Decimal(c) / 100 for c in centavos]
    total = sum(valores)
    partes = _partes_percentuais(valores, total)
    assert sum(partes) == Decimal("100.00")
    for valor, parte in zip(valores, partes):
        assert abs(parte - valor * 100 / total) < Decimal("0.01")


def test_defaults_are_this_month_by_competencia_of_receitas(como, sql_dono, plano):
    hoje = config.hoje()
    inicio = hoje.replace(day=1)
    fim = (inicio + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    assert como(1901).get("/api/relatorios/analise").get_json() == como(1901).get(
        f"/api/relatorios/analise?de={inicio}&ate={fim}&tipo=RECEITA&regime=competencia").get_json()


@pytest.mark.parametrize("consulta, campo", [
    ("tipo=AMBOS", "tipo"), ("regime=misto", "regime"), ("de=2026-05-01&ate=2026-04-30", "ate"),
    ("de=2019-01-01&ate=2026-01-01", "ate"), ("de=hoje", "de"), ("conta_id=1", "conta_id"),
])
def test_validation_errors_name_the_field(como, consulta, campo):
    resposta = como(1901).get(f"/api/relatorios/analise?{consulta}")
    assert resposta.status_code == 400
    assert campo in resposta.get_json()["campos"]


def test_another_empresas_categorias_and_amounts_are_never_shown(como, sql_dono, plano):
    outra = gerar(sql_dono, 1902, semente=6)
    de, ate = date(2000, 1, 1), date(2004, 12, 31)
    assert como(1902).get(f"/api/relatorios/analise?de={de}&ate={ate}").get_json() == {"total": "0.00", "itens": []}
    hoje = config.hoje()
    corpo = como(1902).get(f"/api/relatorios/analise?de={hoje - timedelta(days=700)}&ate={hoje}&regime=caixa"
                           ).get_json()
    ids = {i["categoria_id"] for i in corpo["itens"]}
    assert ids and ids <= set(outra.values())
    assert corpo["total"] == _moeda(sum(Oraculo(sql_dono, 1902).proprios(
        hoje - timedelta(days=700), hoje, "RECEITA", "caixa").values(), Decimal(0)))
