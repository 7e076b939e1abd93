"""Centros de custo on lançamentos: one centro, or a rateio by % or by amounts, always exact."""
import csv
import io
import sys
from decimal import Decimal
from pathlib import Path

import psycopg2
import pytest
from hypothesis import given
from hypothesis import strategies as st

from financeiro import rateio

# pytest's importlib mode puts no test folder on sys.path; the ledger's helpers are beside this one.
sys.path.insert(0, str(Path(__file__).parent))
from test_lancamentos import criar, listar, novo  # noqa: E402


@pytest.fixture
def centros(sql_dono):
    """`centros(empresa_id, *nomes, ativo=True)` → their ids, created in cadastros' table."""
    def criar_centros(empresa_id: int, *nomes: str, ativo: bool = True) -> list[int]:
        return [sql_dono("""INSERT INTO cadastros.centros_custo (empresa_id, nome, nome_busca, ativo)
                            VALUES (%s, %s, %s, %s) RETURNING id""", (empresa_id, nome, nome.lower(), ativo),
                         empresa_id=empresa_id)[0]["id"] for nome in nomes]
    return criar_centros


@pytest.fixture
def cc(centros, cad):
    """This test's empresa's centros: Casamentos, Ensaios, Estúdio."""
    return centros(cad.empresa_id, "Casamentos", "Ensaios", "Estúdio")


def partes(lancamento):
    return {(linha["nome"], linha["valor"], linha["percentual"]) for linha in lancamento["rateio"]}


def erro(resposta, campo):
    assert resposta.status_code == 400, resposta.get_json()
    return resposta.get_json()["campos"][campo]


# ---------------------------------------------------------------- arithmetic


@given(total=st.integers(min_value=1, max_value=10**13),
       percentuais=st.lists(st.integers(min_value=1, max_value=10_000), min_size=1, max_size=50))
def test_percent_rateios_always_sum_exactly_to_the_valor(total, percentuais):
    valor = Decimal(total) / 100
    pesos = [Decimal(p) / 100 for p in percentuais]  # any weights, in % with 2 decimals
    divididos = rateio.distribuir(valor, pesos)
    assert sum(divididos) == valor
    assert all(d.as_tuple().exponent == -2 and d >= 0 for d in divididos)
    # Each part is its exact share rounded down or up by one cent: never further.
    soma = sum(pesos)
    for parte, peso in zip(divididos, pesos, strict=True):
        assert abs(parte - valor * peso / soma) < Decimal("0.01")


def test_the_cents_left_over_go_to_the_largest_fractions_then_the_first():
    assert rateio.distribuir(Decimal("100.00"), [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]) == [
        Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]
    assert rateio.distribuir(Decimal("0.10"), [Decimal(1)] * 3) == [Decimal("0.04"), Decimal("0.03"), Decimal("0.03")]
    assert rateio.distribuir(Decimal("1000.01"), [Decimal(70), Decimal(30)]) == [Decimal("700.01"), Decimal("300.00")]


# ---------------------------------------------------------------- writing and reading


def test_one_centro_takes_the_whole_valor(cliente, cad, cc):
    criado = criar(cliente, cad, centro_custo_id=cc[1])
    assert criado["centro_custo_id"] == cc[1]
    assert partes(criado) == {("Ensaios", "450.00", "100.00")}
    assert cliente.get(f"/api/lancamentos/{criado['id']}").get_json()["rateio"] == criado["rateio"]
    sem = criar(cliente, cad)
    assert sem["centro_custo_id"] is None and sem["rateio"] == []


def test_a_rateio_by_percent_becomes_cents_that_add_up_exactly(cliente, cad, cc):
    criado = criar(cliente, cad, tipo="DESPESA", categoria_id=cad.despesa_id, valor="1000.01",
                   rateio=[{"centro_custo_id": cc[2], "percentual": "70"}, {"centro_custo_id": cc[1], "percentual": 30}])
    assert criado["centro_custo_id"] is None
    assert partes(criado) == {("Estúdio", "700.01", "70.00"), ("Ensaios", "300.00", "30.00")}


def test_a_rateio_by_amounts_must_add_up_exactly(cliente, cad, cc):
    criado = criar(cliente, cad, rateio=[{"centro_custo_id": cc[0], "valor": "400.00"},
                                        {"centro_custo_id": cc[1], "valor": "50.00"}])
    assert partes(criado) == {("Casamentos", "400.00", "88.89"), ("Ensaios", "50.00", "11.11")}
    resposta = cliente.post("/api/lancamentos", json=novo(cad, rateio=[
        {"centro_custo_id": cc[0], "valor": "400.00"}, {"centro_custo_id": cc[1], "valor": "49.99"}]))
    assert erro(resposta, "rateio") == "Os valores somam 449.99; o lançamento é de 450.00"


@pytest.mark.parametrize("campos, campo, mensagem", [
    ({"rateio": [{"centro_custo_id": 0, "percentual": "60"}, {"centro_custo_id": 1, "percentual": "30"}]},
     "rateio", "somam 90.00%"),
    ({"rateio": [{"centro_custo_id": 0, "percentual": "50"}, {"centro_custo_id": 0, "percentual": "50"}]},
     "rateio", "uma vez só"),
    ({"rateio": [{"centro_custo_id": 0, "percentual": "50"}, {"centro_custo_id": 1, "valor": "225.00"}]},
     "rateio", "não os dois"),
    ({"rateio": [{"centro_custo_id": 0}]}, "rateio.0", "um dos dois"),
    ({"rateio": [{"centro_custo_id": 0, "percentual": "100.5"}]}, "rateio.0.percentual", "100"),
    ({"rateio": [{"centro_custo_id": 0, "percentual": "33.333"}]}, "rateio.0.percentual", "duas casas"),
    ({"rateio": []}, "rateio", "pelo menos 1"),
    ({"centro_custo_id": 0, "rateio": [{"centro_custo_id": 1, "percentual": "100"}]}, "corpo", "não os dois"),
    ({"valor": "0.01", "rateio": [{"centro_custo_id": 0, "percentual": "50"}, {"centro_custo_id": 1, "percentual": "50"}]},
     "rateio", "pelo menos R$ 0,01"),
])
def test_invalid_rateios_are_named_and_nothing_is_stored(cliente, cad, cc, campos, campo, mensagem):
    for chave in ("centro_custo_id",):
        if chave in campos:
            campos[chave] = cc[campos[chave]]
    for linha in campos.get("rateio", []):
        linha["centro_custo_id"] = cc[linha["centro_custo_id"]]
    assert mensagem in erro(cliente.post("/api/lancamentos", json=novo(cad, **campos)), campo)
    assert listar(cliente)["items"] == []


def test_an_inactive_or_another_empresas_centro_is_refused(cliente, cad, cc, centros, cadastro, nova_empresa):
    [inativo] = centros(cad.empresa_id, "Antigo", ativo=False)
    [alheio] = centros(cadastro(nova_empresa()).empresa_id, "Deles")
    assert erro(cliente.post("/api/lancamentos", json=novo(cad, centro_custo_id=inativo)),
                "centro_custo_id") == "Centro de custo inativo; escolha outro"
    assert erro(cliente.post("/api/lancamentos", json=novo(cad, centro_custo_id=alheio)),
                "centro_custo_id") == "Centro de custo não encontrado"
    assert erro(cliente.post("/api/lancamentos", json=novo(cad, rateio=[
        {"centro_custo_id": cc[0], "percentual": "50"}, {"centro_custo_id": alheio, "percentual": "50"}])),
        "rateio") == "Centro de custo não encontrado"
    meu = criar(cliente, cad)
    assert erro(cliente.put(f"/api/lancamentos/{meu['id']}", json={"centro_custo_id": alheio}),
                "centro_custo_id") == "Centro de custo não encontrado"
    assert listar(cliente)["totais"]["quantidade"] == 1


def test_parcelas_each_get_the_rateio_of_their_own_valor(cliente, cad, cc):
    criado = criar(cliente, cad, valor="100.00", parcelas={"quantidade": 3},
                   rateio=[{"centro_custo_id": cc[0], "percentual": "50"}, {"centro_custo_id": cc[1], "percentual": "50"}])
    serie = listar(cliente, serie_id=criado["serie"]["id"])["items"]
    assert [partes(p) for p in serie] == [
        {("Casamentos", "16.67", "50.00"), ("Ensaios", "16.67", "50.00")},
        {("Casamentos", "16.67", "50.00"), ("Ensaios", "16.66", "50.00")},
        {("Casamentos", "16.67", "50.00"), ("Ensaios", "16.66", "50.00")}]
    assert all(sum(Decimal(linha["valor"]) for linha in p["rateio"]) == Decimal(p["valor"]) for p in serie)


def test_editing_replaces_clears_and_splits_a_new_valor_again(cliente, cad, cc, sql_dono):
    criado = criar(cliente, cad, rateio=[{"centro_custo_id": cc[2], "percentual": "70"},
                                        {"centro_custo_id": cc[1], "percentual": "30"}])
    caminho = f"/api/lancamentos/{criado['id']}"
    novo_valor = cliente.put(caminho, json={"valor": "100.01"}).get_json()
    assert partes(novo_valor) == {("Estúdio", "70.01", "70.00"), ("Ensaios", "30.00", "30.00")}
    por_valores = cliente.put(caminho, json={"rateio": [{"centro_custo_id": cc[0], "valor": "60.01"},
                                                         {"centro_custo_id": cc[1], "valor": "40.00"}]}).get_json()
    assert partes(por_valores) == {("Casamentos", "60.01", "60.00"), ("Ensaios", "40.00", "40.00")}
    # Fixed amounts follow a new valor in proportion.
    assert partes(cliente.put(caminho, json={"valor": "200.02"}).get_json()) == {
        ("Casamentos", "120.02", "60.00"), ("Ensaios", "80.00", "40.00")}
    assert cliente.put(caminho, json={"centro_custo_id": cc[0]}).get_json()["centro_custo_id"] == cc[0]
    assert cliente.put(caminho, json={"valor": "50.00"}).get_json()["rateio"][0]["valor"] == "50.00"
    limpo = cliente.put(caminho, json={"centro_custo_id": None}).get_json()
    assert limpo["rateio"] == [] and limpo["centro_custo_id"] is None
    acoes = sql_dono("""SELECT depois->'rateio' AS rateio FROM plataforma.auditoria
                         WHERE entidade = 'lancamento' AND entidade_id = %s AND acao = 'alterar' ORDER BY id""",
                     (str(criado["id"]),), empresa_id=cad.empresa_id)
    assert acoes[-1]["rateio"] == [] and len(acoes) == 6


def test_este_e_seguintes_changes_the_rateio_of_the_following_parcelas(cliente, cad, cc):
    criado = criar(cliente, cad, valor="300.00", parcelas={"quantidade": 3}, centro_custo_id=cc[0])
    serie = listar(cliente, serie_id=criado["serie"]["id"])["items"]
    resposta = cliente.put(f"/api/lancamentos/{serie[1]['id']}", query_string={"escopo": "SEGUINTES"},
                           json={"rateio": [{"centro_custo_id": cc[0], "valor": "50.00"},
                                            {"centro_custo_id": cc[1], "valor": "50.00"}]})
    assert resposta.status_code == 200, resposta.get_json()
    depois = listar(cliente, serie_id=criado["serie"]["id"])["items"]
    assert [p["centro_custo_id"] for p in depois] == [cc[0], None, None]
    assert partes(depois[2]) == {("Casamentos", "50.00", "50.00"), ("Ensaios", "50.00", "50.00")}


def test_a_deleted_lancamento_takes_its_rateio_with_it(cliente, cad, cc, sql_dono):
    criado = criar(cliente, cad, centro_custo_id=cc[0])
    assert cliente.delete(f"/api/lancamentos/{criado['id']}").status_code == 204
    assert sql_dono("SELECT * FROM financeiro.rateios WHERE empresa_id = %s", (cad.empresa_id,),
                    empresa_id=cad.empresa_id) == []


# ---------------------------------------------------------------- the ledger's filter and the read view


def test_the_ledger_filters_by_centro_in_its_lines_and_totals(cliente, cad, cc):
    so_ensaios = criar(cliente, cad, valor="100.00", centro_custo_id=cc[1])
    dividido = criar(cliente, cad, valor="200.00", rateio=[{"centro_custo_id": cc[0], "percentual": "50"},
                                                          {"centro_custo_id": cc[1], "percentual": "50"}])
    criar(cliente, cad, valor="400.00")
    ensaios = listar(cliente, centro_custo_id=cc[1], de="2026-03-01", ate="2026-03-31")
    assert [l["id"] for l in ensaios["items"]] == [so_ensaios["id"], dividido["id"]]
    assert (ensaios["totais"]["quantidade"], ensaios["totais"]["receitas"]) == (2, "300.00")
    assert [l["id"] for l in listar(cliente, centro_custo_id=cc[0])["items"]] == [dividido["id"]]
    assert listar(cliente, centro_custo_id=cc[2])["items"] == []
    assert cliente.get("/api/lancamentos", query_string={"centro_custo_id": "x"}).status_code == 400


def test_another_empresa_sees_neither_the_rateios_nor_the_filter(como, cliente, cad, cc, cadastro, nova_empresa,
                                                                 database):
    meu = criar(cliente, cad, centro_custo_id=cc[0])
    outra = cadastro(nova_empresa())
    estranho = como(outra.empresa_id)
    assert listar(estranho, centro_custo_id=cc[0])["items"] == []
    assert estranho.get(f"/api/lancamentos/{meu['id']}").status_code == 404

    def v_rateios(empresa_id):  # as the services read it: the app role, under row-level security
        with psycopg2.connect(database.app_url) as conn, conn.cursor() as cur:
            cur.execute("SELECT set_config('app.empresa_id', %s, true)", (str(empresa_id),))
            cur.execute("SELECT lancamento_id, centro_custo_id, valor FROM financeiro.v_rateios")
            return cur.fetchall()
    assert v_rateios(outra.empresa_id) == []
    assert v_rateios(cad.empresa_id) == [(meu["id"], cc[0], Decimal("450.00"))]


def test_the_csv_export_names_each_lancamentos_centros(cliente, cad, cc):
    criar(cliente, cad, valor="100.00", centro_custo_id=cc[1])
    criar(cliente, cad, valor="1000.01", data_vencimento="2026-03-11", rateio=[
        {"centro_custo_id": cc[2], "percentual": "70"}, {"centro_custo_id": cc[1], "percentual": "30"}])
    criar(cliente, cad, valor="5.00", data_vencimento="2026-03-12")
    texto = cliente.get("/api/lancamentos/exportar").get_data(as_text=True)
    cabecalho, *linhas = csv.reader(io.StringIO(texto.lstrip("\ufeff")), delimiter=";")
    assert [dict(zip(cabecalho, linha))["Centro de custo"] for linha in linhas] == [
        "Ensaios", "Ensaios 300,00 | Estúdio 700,01", ""]
