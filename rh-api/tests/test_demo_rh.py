"""The demo studio's team (`python -m rh.demo`): its shape, variables for the last three months
that the preview uses, created once, deterministic, in its empresa only (as the app role under
RLS). And its live part (`python -m rh.demo_ao_vivo`): the two complete months before today
processed through rh-api's API, their payables created and the older month's paid through
financeiro's, and the cachês of operacional's demo eventos registered, the older ones paid, against
the real cadastros, financeiro, operacional and rh apps served in threads; a second run changes
nothing."""
from datetime import timedelta
from decimal import Decimal

import psycopg2
import pytest

from shared.config import hoje, url_variable
from shared.demo_ao_vivo import VARIAVEL_TOKEN

from rh import create_app, demo, demo_ao_vivo

A, B, OUTRA, VIVO = 9001, 9002, 9003, 9004  # this module's own database: any ids
PERMISSOES = ["rh:ler", "rh:escrever", "financeiro:ler", "financeiro:escrever", "cadastros:ler", "cadastros:escrever",
              "operacional:ler", "operacional:escrever"]


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
    assert criado.criado and (criado.funcionarios, criado.variaveis) == (6, 12)
    equipe = sql_dono("""SELECT nome, cargo, vinculo, salario, dependentes, vale_transporte FROM rh.funcionarios
                          WHERE empresa_id = %s ORDER BY nome""", (A,))
    assert sorted(f["vinculo"] for f in equipe) == ["CLT"] * 4 + ["ESTAGIARIO", "PRO_LABORE"]
    clt = [f for f in equipe if f["vinculo"] == "CLT"]
    assert {f["salario"] for f in clt} == {Decimal("2000.00"), Decimal("2600.00"), Decimal("4500.00"),
                                          Decimal("6000.00")}
    assert sum(f["dependentes"] > 0 for f in equipe) == 1 and sum(f["vale_transporte"] for f in equipe) == 2


def test_a_previa_dos_tres_ultimos_meses_usa_as_variaveis(criado, como):
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
    assert antes["auditoria"] == 18  # every write through the domain, audited
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


# ---------------------------------------------------------------- the processed months (rh.demo_ao_vivo)


@pytest.fixture
def no_ar(service_env, servico_em_thread, assinar_token):
    """cadastros, financeiro, operacional and rh served in threads (operacional and rh calling the
    first two), with the demo's cadastros, team and eventos in VIVO, as `make run` leaves them
    before rh's live demo: {servico: url}."""
    import cadastros.demo
    import financeiro
    import operacional
    import operacional.demo

    apps = {"cadastros-api": cadastros.create_app(service_env), "financeiro-api": financeiro.create_app(service_env)}
    urls = {nome: servico_em_thread(aplicacao).url for nome, aplicacao in apps.items()}
    vizinhos = {**service_env, **{url_variable(nome): url for nome, url in urls.items()}}
    for nome, fabrica in (("operacional-api", operacional.create_app), ("rh-api", create_app)):
        apps[nome] = fabrica(vizinhos)
        urls[nome] = servico_em_thread(apps[nome]).url
    with apps["cadastros-api"].app_context():
        cadastros.demo.garantir(VIVO)
    with apps["rh-api"].app_context():
        demo.garantir(VIVO)
    operacional.demo.criar(operacional.demo.Servicos(urls,
                                                     assinar_token(emp=VIVO, perms=PERMISSOES)), hoje())
    yield urls
    for aplicacao in apps.values():
        aplicacao.extensions["erp"].db.fechar()


def _fotografia(sql_dono) -> dict:
    """What the demo's payroll wrote in VIVO, as the owner sees it."""
    return sql_dono("""SELECT (SELECT count(*) FROM rh.folhas WHERE empresa_id = %(e)s) AS folhas,
                              (SELECT count(*) FROM financeiro.lancamentos WHERE empresa_id = %(e)s) AS lancamentos,
                              (SELECT count(*) FROM financeiro.baixas WHERE empresa_id = %(e)s) AS baixas,
                              (SELECT count(*) FROM cadastros.categorias WHERE empresa_id = %(e)s) AS categorias,
                              (SELECT count(*) FROM rh.caches WHERE empresa_id = %(e)s) AS caches,
                              (SELECT count(*) FROM plataforma.auditoria WHERE empresa_id = %(e)s) AS auditoria""",
                    {"e": VIVO})[0]


def test_dois_meses_processados_pela_api_o_mais_antigo_pago(no_ar, assinar_token, sql_dono):
    api = demo_ao_vivo.Servicos(no_ar, assinar_token(emp=VIVO, perms=PERMISSOES))
    resumo = demo_ao_vivo.criar(api, hoje())
    assert "configuração da folha definida" in resumo and resumo.count("processada") == 2
    assert "categoria dos cachês definida" in resumo and "cachês de 3 eventos registrados" in resumo

    folhas = sql_dono("""SELECT id, competencia, situacao, totais FROM rh.folhas WHERE empresa_id = %s
                          ORDER BY competencia""", (VIVO,))
    assert [f["competencia"] for f in folhas] == demo.processados()
    assert {f["situacao"] for f in folhas} == {"PROCESSADA"}
    for folha, pago in zip(folhas, (True, False)):
        lancamentos = sql_dono("""SELECT valor, status FROM financeiro.lancamentos
                                   WHERE empresa_id = %s AND origem = %s""", (VIVO, f"folha:{folha['id']}"))
        totais = {campo: Decimal(valor) for campo, valor in folha["totais"].items()}
        # Each net pay, the INSS+IRRF guide and the FGTS guide: the folha's totals to the cent.
        assert sum(item["valor"] for item in lancamentos) == (totais["liquido"] + totais["inss"] + totais["irrf"]
                                                              + totais["fgts"])
        assert len(lancamentos) == 8  # the six net pays and the two guides
        assert {item["status"] for item in lancamentos} == ({"PAGO"} if pago else {"PENDENTE"})

    destino = sql_dono("""SELECT ct.nome AS conta, cs.nome AS salarios, ce.nome AS encargos, cc.nome AS centro
                            FROM rh.configuracao_folha f
                            JOIN cadastros.contas ct ON ct.empresa_id = f.empresa_id AND ct.id = f.conta_id
                            JOIN cadastros.categorias cs ON cs.empresa_id = f.empresa_id
                                                        AND cs.id = f.categoria_salarios_id
                            JOIN cadastros.categorias ce ON ce.empresa_id = f.empresa_id
                                                        AND ce.id = f.categoria_encargos_id
                            JOIN cadastros.centros_custo cc ON cc.empresa_id = f.empresa_id
                                                           AND cc.id = f.centro_custo_id
                           WHERE f.empresa_id = %s""", (VIVO,))
    assert destino == [{"conta": "Itaú", "salarios": "Salários", "encargos": "Encargos sociais",
                        "centro": "Estúdio (estrutura)"}]
    assert sql_dono("SELECT count(*) AS n FROM rh.folhas WHERE empresa_id <> %s", (VIVO,))[0]["n"] == 0
    _caches_registrados_e_os_antigos_pagos(sql_dono)

    antes = _fotografia(sql_dono)
    assert demo_ao_vivo.criar(api, hoje()) == "já estava lá"
    assert _fotografia(sql_dono) == antes


def _caches_registrados_e_os_antigos_pagos(sql_dono) -> None:
    """Each past evento's freelancers paid through rh: their payables in financeiro on the evento's
    centro de custo, the autônomos' with INSS withheld; those of the eventos older than a fortnight
    paid, the latest wedding's open."""
    caches = sql_dono("""SELECT c.evento_id, e.data_inicio, e.centro_custo_id, c.nome, c.data_pagamento, c.bruto,
                                c.inss, c.liquido, c.numero_rpa
                           FROM rh.caches c JOIN operacional.eventos e ON e.empresa_id = c.empresa_id
                                                                     AND e.id = c.evento_id
                          WHERE c.empresa_id = %s ORDER BY e.data_inicio, c.nome""", (VIVO,))
    hoje_ = hoje()
    dias = {f"cache:{c['evento_id']}": (hoje_ - c["data_inicio"]).days for c in caches}
    assert [(hoje_ - c["data_inicio"]).days for c in caches] == [82] * 3 + [40] * 2 + [12] * 2
    assert {c["data_pagamento"] - c["data_inicio"] for c in caches} == {timedelta(days=1)}
    assert sum(c["bruto"] for c in caches) == Decimal("7600.00")  # the team's cachês, one the fornecedor's 350
    autonomos = [c for c in caches if c["numero_rpa"] is not None]
    assert sorted(c["nome"] for c in autonomos) == ["Lucas Prado Assistência Fotográfica", "Thiago Nunes Imagem"]
    assert all(c["inss"] > 0 and c["liquido"] == c["bruto"] - c["inss"] for c in autonomos)
    assert [c["bruto"] for c in autonomos if c["nome"].startswith("Lucas")] == [Decimal("350.00")]

    lancamentos = sql_dono("""SELECT l.origem, l.status, l.valor, l.data_vencimento, c.nome AS categoria,
                                     (SELECT array_agg(r.centro_custo_id) FROM financeiro.rateios r
                                       WHERE r.empresa_id = l.empresa_id AND r.lancamento_id = l.id) AS centros
                                FROM financeiro.lancamentos l
                                JOIN cadastros.categorias c ON c.empresa_id = l.empresa_id AND c.id = l.categoria_id
                               WHERE l.empresa_id = %s AND l.origem LIKE 'cache:%%'""", (VIVO,))
    centros = {f"cache:{c['evento_id']}": c["centro_custo_id"] for c in caches}
    assert None not in centros.values()
    assert all(item["centros"] == [centros[item["origem"]]] for item in lancamentos)
    liquidos = [item for item in lancamentos if item["categoria"] == "Freelancers"]
    assert sorted(item["valor"] for item in liquidos) == sorted(c["liquido"] for c in caches)
    # What the autônomos' RPAs withheld goes in the guides (the encargos categoria).
    guias = [item for item in lancamentos if item["categoria"] != "Freelancers"]
    assert sum(item["valor"] for item in guias) == sum(c["inss"] for c in caches)
    assert {item["status"] for item in liquidos if dias[item["origem"]] == 12} == {"PENDENTE"}
    assert {item["status"] for item in liquidos if dias[item["origem"]] > 15} == {"PAGO"}
    assert all(item["status"] == "PAGO" for item in guias
               if dias[item["origem"]] > 15 and item["data_vencimento"] <= hoje_)
    # operacional's demo no longer pays them itself: every cachê in financeiro is rh's.
    assert sql_dono("""SELECT count(*) AS n FROM financeiro.lancamentos
                        WHERE empresa_id = %s AND descricao LIKE 'Cachê %%' AND origem IS NULL""",
                    (VIVO,))[0]["n"] == 0


def test_caches_deixados_pendentes_sao_enviados_de_novo(no_ar, assinar_token, sql_dono):
    """A run stopped between storing an evento's cachês and financeiro's answer (versao ahead of
    what financeiro heard) is finished by the next: sent again, nothing duplicated."""
    api = demo_ao_vivo.Servicos(no_ar, assinar_token(emp=VIVO, perms=PERMISSOES))
    demo_ao_vivo.criar(api, hoje())  # done already when the test above ran
    evento_id = sql_dono("""UPDATE rh.caches_eventos SET versao = versao + 1
                             WHERE empresa_id = %(e)s
                               AND id = (SELECT max(id) FROM rh.caches_eventos WHERE empresa_id = %(e)s)
                            RETURNING id""", {"e": VIVO})[0]["id"]
    lancamentos = """SELECT id, valor, status FROM financeiro.lancamentos
                      WHERE empresa_id = %s AND origem = %s ORDER BY id"""
    antes = sql_dono(lancamentos, (VIVO, f"cache:{evento_id}"))

    assert demo_ao_vivo.criar(api, hoje()) == "cachês de 1 evento enviados de novo ao Financeiro"
    assert sql_dono("SELECT situacao FROM rh.caches_eventos WHERE empresa_id = %s AND id = %s",
                    (VIVO, evento_id)) == [{"situacao": "PROCESSADA"}]
    assert antes and sql_dono(lancamentos, (VIVO, f"cache:{evento_id}")) == antes
    assert demo_ao_vivo.criar(api, hoje()) == "já estava lá"


def test_sem_o_token_da_instalacao_nao_faz_nada(monkeypatch, capsys):
    monkeypatch.delenv(VARIAVEL_TOKEN, raising=False)
    assert demo_ao_vivo.main(["--empresa", str(VIVO)]) == 1
    assert VARIAVEL_TOKEN in capsys.readouterr().err
