"""The demo studio's team (`python -m rh.demo`): its shape, variables for the last two months that
the preview uses, created once, deterministic, in its empresa only (as the app role under RLS)."""
from decimal import Decimal

import psycopg2
import pytest

from rh import create_app, demo

A, B, OUTRA = 9001, 9002, 9003  # this module's own database: any ids


def _contagens(sql_dono, empresa_id: int) -> dict:
    """As the owner, which row-level security does not hide."""
    return sql_dono("""SELECT (SELECT count(*) FROM rh.funcionarios WHERE empresa_id = %(e)s) AS funcionarios,
                              (SELECT count(*) FROM rh.variaveis_mes WHERE empresa_id = %(e)s) AS variaveis,
                              (SELECT count(*) FROM plataforma.auditoria WHERE empresa_id = %(e)s) AS auditoria""",
                    {"e": empresa_id})[0]


@pytest.fixture(scope="module")
def criado(service_env, database):
    """The demo created in A, after another empresa already had a funcionário of its own."""
    conn = psycopg2.connect(database.owner_url)
    with conn, conn.cursor() as cur:
        cur.execute("""INSERT INTO rh.funcionarios (empresa_id, nome, nome_busca, cpf, data_admissao, salario)
                       VALUES (%s, 'Da outra', 'da outra', '52998224725', '2025-01-01', 3000)""", (OUTRA,))
    conn.close()
    app = create_app(service_env)
    with app.app_context():
        resumo = demo.garantir(A)
    app.extensions["erp"].db.fechar()
    return resumo


def test_uma_equipe_pequena_com_cada_vinculo(criado, sql_dono):
    assert criado.criado and (criado.funcionarios, criado.variaveis) == (6, 8)
    equipe = sql_dono("""SELECT nome, cargo, vinculo, salario, dependentes, vale_transporte FROM rh.funcionarios
                          WHERE empresa_id = %s ORDER BY nome""", (A,))
    assert sorted(f["vinculo"] for f in equipe) == ["CLT"] * 4 + ["ESTAGIARIO", "PRO_LABORE"]
    clt = [f for f in equipe if f["vinculo"] == "CLT"]
    assert {f["salario"] for f in clt} == {Decimal("2000.00"), Decimal("2600.00"), Decimal("4500.00"),
                                          Decimal("6000.00")}
    assert sum(f["dependentes"] > 0 for f in equipe) == 1 and sum(f["vale_transporte"] for f in equipe) == 2


def test_a_previa_dos_dois_ultimos_meses_usa_as_variaveis(criado, como):
    cliente = como(A, perms=["rh:ler"])
    for competencia in demo.meses():
        resposta = cliente.get("/api/folha/calcular", query_string={"competencia": f"{competencia:%Y-%m}"})
        assert resposta.status_code == 200, resposta.get_json()
        itens = {i["nome"]: i for i in resposta.get_json()["itens"]}
        assert len(itens) == 6
        assert any(r["codigo"] == "COMISSOES" for r in itens["Carla Ribeiro"]["rubricas"])
        assert any(r["codigo"] == "HE50" for r in itens["Rafael Nogueira"]["rubricas"])


def test_criado_uma_vez_e_so_na_empresa(criado, sql_dono, app):
    antes = _contagens(sql_dono, A)
    assert antes["auditoria"] == 14  # every write through the domain, audited
    with app.app_context():
        de_novo = demo.garantir(A)
    assert not de_novo.criado and _contagens(sql_dono, A) == antes
    assert _contagens(sql_dono, OUTRA)["funcionarios"] == 1 and _contagens(sql_dono, B)["funcionarios"] == 0


def test_deterministico_em_outra_empresa(criado, sql_dono, app):
    with app.app_context():
        demo.garantir(B)
    equipe = "SELECT nome, cpf, salario, data_admissao FROM rh.funcionarios WHERE empresa_id = %s ORDER BY nome"
    assert sql_dono(equipe, (A,)) == sql_dono(equipe, (B,))


def test_linha_de_comando(service_env, capsys):
    assert demo.main(["--empresa", str(A)], service_env) == 0
    assert "já tinha funcionários" in capsys.readouterr().out
