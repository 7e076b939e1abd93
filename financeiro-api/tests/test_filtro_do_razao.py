"""The ledger's filters a report's drill-down lands on: a categoria with its subcategorias (as the
report's figure counts them) and "sem centro de custo" (centro 0), with totals equal to the sums of
the rows — from the lançamentos and from the monthly rollup alike."""
import random
import sys
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from financeiro import lancamentos as dominio

sys.path.insert(0, str(Path(__file__).parent))
from test_lancamentos import criar, listar  # noqa: E402
from test_totais import _direto  # noqa: E402


@pytest.fixture
def plano(cad, sql_dono):
    """Pessoal › Pró-labore › Sócia Ana, beside the cadastro's Aluguel: {nome: id}."""
    ids = {"Aluguel": cad.despesa_id}
    for nome, pai in (("Pessoal", None), ("Pró-labore", "Pessoal"), ("Sócia Ana", "Pró-labore")):
        ids[nome] = sql_dono("""INSERT INTO cadastros.categorias (empresa_id, nome, nome_busca, tipo, parent_id, ordem)
                                VALUES (%s, %s, %s, 'DESPESA', %s, 5) RETURNING id""",
                             (cad.empresa_id, nome, nome.lower(), ids.get(pai)), empresa_id=cad.empresa_id)[0]["id"]
    return ids


@pytest.fixture
def centros(cad, sql_dono):
    """Two centros de custo of the empresa."""
    return [sql_dono("""INSERT INTO cadastros.centros_custo (empresa_id, nome, nome_busca)
                        VALUES (%s, %s, %s) RETURNING id""", (cad.empresa_id, nome, nome.lower()),
                     empresa_id=cad.empresa_id)[0]["id"] for nome in ("Casamentos", "Estúdio")]


@pytest.fixture
def razao(cliente, cad, plano, centros):
    """30 despesas over five months in the four categorias, every third split between the two
    centros: {id: lançamento with its categoria's name}."""
    sorteio = random.Random(5)
    criados = {}
    for n in range(30):
        categoria = sorteio.choice(list(plano))
        rateio = {"rateio": [{"centro_custo_id": c, "percentual": "50"} for c in centros]} if n % 3 == 0 else {}
        lancamento = criar(cliente, cad, tipo="DESPESA", descricao=f"Despesa {n}", categoria_id=plano[categoria],
                           valor=f"{sorteio.randint(100, 99999) / 100:.2f}",
                           data_vencimento=str(date(2026, 1, 5) + timedelta(days=sorteio.randint(0, 140))), **rateio)
        criados[lancamento["id"]] = {**lancamento, "nome_da_categoria": categoria}
    return criados


def _todos(cliente, **filtros) -> tuple[list[dict], dict]:
    """Every row of the filtered ledger (following its pages) and the first page's totals."""
    pagina = listar(cliente, limit=7, **filtros)
    linhas, totais = pagina["items"], pagina["totais"]
    while pagina["next_cursor"]:
        pagina = listar(cliente, limit=7, cursor=pagina["next_cursor"], **filtros)
        linhas += pagina["items"]
    return linhas, totais


@pytest.mark.parametrize("periodo", [{}, {"de": "2026-02-01", "ate": "2026-04-30"},
                                     {"de": "2026-01-20", "ate": "2026-05-03"}])
def test_a_categoria_brings_its_subcategorias_and_its_totals_are_the_rows(cliente, plano, razao, periodo):
    ramos = {"Pessoal": {"Pessoal", "Pró-labore", "Sócia Ana"}, "Pró-labore": {"Pró-labore", "Sócia Ana"},
             "Sócia Ana": {"Sócia Ana"}, "Aluguel": {"Aluguel"}}
    for nome, ramo in ramos.items():
        linhas, totais = _todos(cliente, categoria_id=plano[nome], **periodo)
        esperados = {i for i, l in razao.items() if l["nome_da_categoria"] in ramo
                     and periodo.get("de", "0") <= l["data_vencimento"] <= periodo.get("ate", "9")}
        assert {l["id"] for l in linhas} == esperados, nome
        assert totais["quantidade"] == len(linhas)
        assert Decimal(totais["despesas"]) == sum(Decimal(l["valor"]) for l in linhas)
    pessoal = {l["id"] for l in _todos(cliente, categoria_id=plano["Pessoal"], **periodo)[0]}
    assert any(razao[i]["nome_da_categoria"] == "Sócia Ana" for i in pessoal), "a subcategoria's row must show"


def test_the_rollup_and_the_rows_agree_for_a_branch(app, cad, plano, razao):
    with app.app_context(), app.extensions["erp"].db.transacao(cad.empresa_id) as cur:
        for nome in plano:
            filtro = dominio.Filtro(categoria_id=plano[nome])
            assert filtro.resumo_responde()
            for de, ate in ((None, None), (date(2026, 2, 1), date(2026, 4, 30)), (date(2026, 1, 9), None)):
                com_periodo = replace(filtro, de=de, ate=ate)
                assert dominio.totais(cur, com_periodo) == _direto(cur, com_periodo), (nome, de, ate)


def test_centro_zero_is_what_has_no_centro_de_custo(cliente, centros, razao):
    linhas, totais = _todos(cliente, centro_custo_id=0)
    assert {l["id"] for l in linhas} == {i for i, l in razao.items() if not l["rateio"]}
    assert all(l["rateio"] == [] for l in linhas)
    assert Decimal(totais["despesas"]) == sum(Decimal(l["valor"]) for l in linhas)
    com_centro = _todos(cliente, centro_custo_id=centros[0])[0]
    assert {l["id"] for l in com_centro} == {i for i, l in razao.items() if l["rateio"]}


@pytest.mark.parametrize("consulta, campo", [({"centro_custo_id": "-1"}, "centro_custo_id"),
                                             ({"categoria_id": "0"}, "categoria_id"),
                                             ({"categoria_id": "x"}, "categoria_id")])
def test_invalid_filters_name_the_field(cliente, consulta, campo):
    resposta = cliente.get("/api/lancamentos", query_string=consulta)
    assert resposta.status_code == 400
    assert campo in resposta.get_json()["campos"]


def test_another_empresas_categoria_branch_shows_nothing(como, plano, razao, cadastro, nova_empresa):
    outra = cadastro(nova_empresa())
    estranho = como(outra.empresa_id)
    criar(estranho, outra, tipo="DESPESA", categoria_id=outra.despesa_id)
    corpo = listar(estranho, categoria_id=plano["Pessoal"])
    assert corpo["items"] == [] and corpo["totais"]["quantidade"] == 0
