"""Processing the month (POST /api/folha/processar), its payables in financeiro, reprocessing,
the retry after financeiro was down, the history and the configuration — against the real
cadastros and financeiro apps served in threads (`vizinhos`, as operacional's tests do)."""
from datetime import date
from decimal import Decimal

import psycopg2.errors
import pytest
import requests

from shared.config import url_variable

from rh import create_app, vencimentos

VIZINHOS = ("cadastros-api", "financeiro-api")


@pytest.fixture(scope="module")
def _apps_vizinhos(service_env):
    import cadastros
    import financeiro

    apps = {"cadastros-api": cadastros.create_app(service_env), "financeiro-api": financeiro.create_app(service_env)}
    yield apps
    for aplicacao in apps.values():
        aplicacao.extensions["erp"].db.fechar()


@pytest.fixture
def vizinhos(servico_em_thread, _apps_vizinhos):
    return {nome: servico_em_thread(aplicacao) for nome, aplicacao in _apps_vizinhos.items()}


@pytest.fixture
def app(service_env, vizinhos):
    aplicacao = create_app({**service_env, **{url_variable(nome): s.url for nome, s in vizinhos.items()}})
    yield aplicacao
    aplicacao.extensions["erp"].db.fechar()


@pytest.fixture(scope="module")
def permissoes_de_escrita():
    # The payables are the user's own writes in financeiro: processing needs both.
    return ("rh:escrever", "financeiro:escrever")


@pytest.fixture
def cadastro(sql_dono, empresa):
    """What the payables point at in cadastros (as owner): {conta, salarios, encargos, receita}."""
    def um(sql):
        return sql_dono(sql + " RETURNING id", (empresa,))[0]["id"]

    sql_dono("INSERT INTO auth.empresas (id, nome) VALUES (%s, %s) ON CONFLICT DO NOTHING", (empresa, "Estúdio"))
    return {
        "conta": um("""INSERT INTO cadastros.contas (empresa_id, nome, nome_busca, tipo, banco, saldo_inicial,
                                                     data_saldo_inicial, ativa)
                       VALUES (%s, 'Banco do estúdio', 'banco do estudio', 'CORRENTE', '001', 0, '2026-01-01', true)"""),
        "salarios": um("""INSERT INTO cadastros.categorias (empresa_id, nome, nome_busca, tipo, ordem)
                          VALUES (%s, 'Salários', 'salarios', 'DESPESA', 0)"""),
        "encargos": um("""INSERT INTO cadastros.categorias (empresa_id, nome, nome_busca, tipo, ordem)
                          VALUES (%s, 'Encargos sociais', 'encargos sociais', 'DESPESA', 1)"""),
        "receita": um("""INSERT INTO cadastros.categorias (empresa_id, nome, nome_busca, tipo, ordem)
                         VALUES (%s, 'Serviços', 'servicos', 'RECEITA', 2)"""),
    }


@pytest.fixture
def equipe(cadastro, cliente, criar_funcionario):
    """Two CLT employees: Ana Lima (4.500,00) and Bruno Reis (6.000,00)."""
    return [criar_funcionario(cliente),
            criar_funcionario(cliente, nome="Bruno Reis", cpf="111.444.777-35", salario="6000.00")]


@pytest.fixture
def no_financeiro(sql_dono, empresa):
    """`no_financeiro(folha_id)` → financeiro's lançamentos of that folha, as stored, by chave."""
    def ler(folha_id):
        linhas = sql_dono("""SELECT id, chave_origem, tipo, descricao, valor, data_vencimento, competencia, status,
                                    categoria_id, conta_id
                               FROM financeiro.lancamentos WHERE origem = %s ORDER BY id""",
                          (f"folha:{folha_id}",), empresa_id=empresa)
        return {linha["chave_origem"]: linha for linha in linhas}
    return ler


@pytest.fixture
def financeiro(vizinhos, assinar_token, empresa):
    """financeiro-api as a user of `empresa` (to pay a salary)."""
    token = assinar_token(emp=empresa, perms=["financeiro:ler", "financeiro:escrever"])

    def chamar(metodo, caminho, **kwargs):
        return requests.request(metodo, vizinhos["financeiro-api"].url + caminho,
                                headers={"Authorization": f"Bearer {token}"}, timeout=10, **kwargs)
    return chamar


def _processar(cliente, competencia="2026-10"):
    resposta = cliente.post("/api/folha/processar", json={"competencia": competencia})
    assert resposta.status_code == 201, resposta.get_json()
    return resposta.get_json()


# ---------------------------------------------------------------- due dates (pure)


def test_quinto_dia_util_conta_sabados_e_pula_domingos_e_feriados():
    # November 2026 starts on a Sunday and the 2nd is Finados: 3, 4, 5, 6 and Saturday the 7th.
    assert vencimentos.salario(date(2026, 10, 1)) == date(2026, 11, 7)
    # August 2026 starts on a Saturday, which counts: 1, 3, 4, 5, 6.
    assert vencimentos.salario(date(2026, 7, 1)) == date(2026, 8, 6)
    # January 2027: the 1st is a holiday, Saturday the 2nd counts, Sunday the 3rd does not.
    assert vencimentos.salario(date(2026, 12, 1)) == date(2027, 1, 7)


def test_guias_no_dia_20_antecipado_quando_nao_e_dia_bancario():
    assert vencimentos.guias(date(2026, 2, 1)) == date(2026, 3, 20)       # a Friday
    assert vencimentos.guias(date(2026, 5, 1)) == date(2026, 6, 19)       # the 20th is a Saturday
    assert vencimentos.guias(date(2026, 8, 1)) == date(2026, 9, 18)       # the 20th is a Sunday
    assert vencimentos.guias(date(2026, 10, 1)) == date(2026, 11, 19)     # the 20th is Consciência Negra


# ---------------------------------------------------------------- processing


def test_processar_lanca_as_contas_a_pagar_que_somam_a_folha(cliente, equipe, cadastro, no_financeiro):
    folha = _processar(cliente)
    assert folha["situacao"] == "PROCESSADA" and folha["versao"] == 1 and folha["aviso"] is None
    assert (folha["criados"], folha["alterados"], folha["cancelados"]) == (4, 0, 0)
    assert folha["competencia"] == "2026-10"
    # Nothing configured: found by name, and said so.
    assert folha["destino"]["conta_id"] == cadastro["conta"]
    assert folha["destino"]["categoria_salarios_id"] == cadastro["salarios"]
    assert folha["destino"]["categoria_encargos_id"] == cadastro["encargos"]
    assert len(folha["configuracao_usada"]) == 3

    ana, bruno = equipe
    lancamentos = no_financeiro(folha["id"])
    prefixo = f"folha:{folha['id']}"
    assert set(lancamentos) == {f"{prefixo}:liquido:{ana['id']}", f"{prefixo}:liquido:{bruno['id']}",
                                f"{prefixo}:darf", f"{prefixo}:fgts"}
    assert sorted(folha["lancamento_ids"]) == sorted(l["id"] for l in lancamentos.values())
    # 4.500,00: INSS 431,51, IRRF 0; 6.000,00: INSS 641,51, IRRF 385,10 (folha-2026.md §1.5).
    ana_liquido = Decimal("4500.00") - Decimal("431.51")
    bruno_liquido = Decimal("6000.00") - Decimal("641.51") - Decimal("385.10")
    salario_ana = lancamentos[f"{prefixo}:liquido:{ana['id']}"]
    assert salario_ana["valor"] == ana_liquido and salario_ana["descricao"] == "Salário 10/2026 — Ana Lima"
    assert lancamentos[f"{prefixo}:liquido:{bruno['id']}"]["valor"] == bruno_liquido
    assert lancamentos[f"{prefixo}:darf"]["valor"] == Decimal("431.51") + Decimal("641.51") + Decimal("385.10")
    assert lancamentos[f"{prefixo}:fgts"]["valor"] == Decimal("840.00")
    for chave, linha in lancamentos.items():
        assert linha["tipo"] == "DESPESA" and linha["status"] == "PENDENTE"
        assert linha["competencia"] == date(2026, 10, 1) and linha["conta_id"] == cadastro["conta"]
        guia = chave.endswith(("darf", "fgts"))
        assert linha["data_vencimento"] == (date(2026, 11, 19) if guia else date(2026, 11, 7))
        assert linha["categoria_id"] == cadastro["encargos" if guia else "salarios"]
    totais = {campo: Decimal(valor) for campo, valor in folha["totais"].items()}
    assert sum(l["valor"] for l in lancamentos.values()) == (
        totais["liquido"] + totais["inss"] + totais["irrf"] + totais["fgts"])


def test_a_folha_guardada_nao_muda_com_os_dados(cliente, equipe, sql_dono, empresa):
    folha = _processar(cliente)
    cliente.put(f"/api/funcionarios/{equipe[0]['id']}", json={"salario": "9000.00"})
    guardada = cliente.get(f"/api/folha/{folha['id']}").get_json()
    assert [h["nome"] for h in guardada["holerites"]] == ["Ana Lima", "Bruno Reis"]
    assert guardada["holerites"][0]["bruto"] == "4500.00"
    assert any(r["codigo"] == "INSS" and r["memo"] for r in guardada["holerites"][0]["rubricas"])
    assert guardada["totais"] == folha["totais"]
    historico = cliente.get("/api/folha/historico").get_json()
    assert [(f["id"], f["competencia"], f["situacao"]) for f in historico["items"]] == [
        (folha["id"], "2026-10", "PROCESSADA")]
    assert historico["items"][0]["lancamento_ids"] and historico["next_cursor"] is None
    with pytest.raises(psycopg2.errors.RaiseException):
        sql_dono("UPDATE rh.folha_holerites SET bruto = 0 WHERE folha_id = %s", (folha["id"],), empresa_id=empresa)


def test_processar_duas_vezes_e_409(cliente, equipe, no_financeiro):
    folha = _processar(cliente)
    de_novo = cliente.post("/api/folha/processar", json={"competencia": "2026-10"})
    assert de_novo.status_code == 409 and "competencia" in de_novo.get_json()["campos"]
    assert len(no_financeiro(folha["id"])) == 4


def test_mes_sem_ninguem_e_400(cliente, cadastro):
    resposta = cliente.post("/api/folha/processar", json={"competencia": "2026-10"})
    assert resposta.status_code == 400 and "competencia" in resposta.get_json()["campos"]


def test_financeiro_fora_fica_pendente_e_sincronizar_lanca_uma_vez(cliente, equipe, vizinhos, no_financeiro):
    vizinhos["financeiro-api"].parar()
    folha = _processar(cliente)
    assert folha["situacao"] == "PENDENTE_FINANCEIRO" and folha["lancamento_ids"] == []
    assert "Financeiro" in folha["aviso"]
    assert no_financeiro(folha["id"]) == {}
    ainda = cliente.post(f"/api/folha/{folha['id']}/sincronizar").get_json()
    assert ainda["situacao"] == "PENDENTE_FINANCEIRO"

    vizinhos["financeiro-api"].iniciar()
    sincronizada = cliente.post(f"/api/folha/{folha['id']}/sincronizar").get_json()
    assert sincronizada["situacao"] == "PROCESSADA" and len(sincronizada["lancamento_ids"]) == 4
    assert sincronizada["criados"] == 4
    de_novo = cliente.post(f"/api/folha/{folha['id']}/sincronizar").get_json()
    assert (de_novo["criados"], de_novo["alterados"], de_novo["cancelados"]) == (0, 0, 0)
    assert sorted(de_novo["lancamento_ids"]) == sorted(sincronizada["lancamento_ids"])
    assert len(no_financeiro(folha["id"])) == 4


def test_reprocessar_altera_as_abertas_e_nunca_as_pagas(cliente, equipe, financeiro, no_financeiro, sql_dono,
                                                        empresa):
    folha = _processar(cliente)
    ana, bruno = equipe
    chave_ana, chave_bruno = (f"folha:{folha['id']}:liquido:{f['id']}" for f in equipe)
    antes = no_financeiro(folha["id"])
    pago = financeiro("POST", f"/api/lancamentos/{antes[chave_ana]['id']}/baixas", json={"data": "2026-11-05"})
    assert pago.status_code == 201, pago.text

    for funcionario in equipe:
        assert cliente.put(f"/api/funcionarios/{funcionario['id']}", json={"salario": "7000.00"}).status_code == 200
    resposta = cliente.post(f"/api/folha/{folha['id']}/reprocessar")
    assert resposta.status_code == 200, resposta.get_json()
    reprocessada = resposta.get_json()
    assert reprocessada["versao"] == 2 and reprocessada["situacao"] == "PROCESSADA"
    assert reprocessada["totais"]["bruto"] == "14000.00"
    marcados = {l["chave"]: l["diferente_do_pedido"] for l in reprocessada["lancamentos"]}
    assert marcados[chave_ana] is True and marcados[chave_bruno] is False

    depois = no_financeiro(folha["id"])
    assert depois[chave_ana]["valor"] == antes[chave_ana]["valor"] and depois[chave_ana]["status"] == "PAGO"
    assert depois[chave_bruno]["id"] == antes[chave_bruno]["id"]                 # updated, not recreated
    assert depois[chave_bruno]["valor"] > antes[chave_bruno]["valor"]
    assert cliente.get(f"/api/folha/{folha['id']}").get_json()["holerites"][0]["bruto"] == "7000.00"
    auditoria = sql_dono("""SELECT antes, depois FROM plataforma.auditoria
                             WHERE entidade = 'folha' AND acao = 'reprocessar' AND entidade_id = %s""",
                         (str(folha["id"]),), empresa_id=empresa)
    assert auditoria[0]["antes"]["totais"]["bruto"] == "10500.00"
    assert auditoria[0]["depois"]["totais"]["bruto"] == "14000.00"


# ---------------------------------------------------------------- configuration


def test_configuracao_confere_em_cadastros_e_vale_ao_processar(cliente, equipe, cadastro, sql_dono, empresa,
                                                               no_financeiro):
    assert cliente.get("/api/folha/configuracao").get_json() == {
        "conta_id": None, "categoria_salarios_id": None, "categoria_encargos_id": None, "centro_custo_id": None}
    errada = cliente.put("/api/folha/configuracao", json={"categoria_salarios_id": cadastro["receita"],
                                                           "conta_id": 999999})
    assert errada.status_code == 400 and set(errada.get_json()["campos"]) == {"categoria_salarios_id", "conta_id"}
    outra = sql_dono("""INSERT INTO cadastros.categorias (empresa_id, nome, nome_busca, tipo, ordem)
                        VALUES (%s, 'Folha e benefícios', 'folha e beneficios', 'DESPESA', 3) RETURNING id""",
                     (empresa,))[0]["id"]
    certa = cliente.put("/api/folha/configuracao", json={"categoria_salarios_id": outra})
    assert certa.status_code == 200 and certa.get_json()["categoria_salarios_id"] == outra
    folha = _processar(cliente)
    assert folha["destino"]["categoria_salarios_id"] == outra and len(folha["configuracao_usada"]) == 2
    assert {l["categoria_id"] for c, l in no_financeiro(folha["id"]).items() if ":liquido:" in c} == {outra}


def test_sem_categoria_que_sirva_e_400_dizendo_o_que_configurar(cliente, criar_funcionario):
    criar_funcionario(cliente)
    resposta = cliente.post("/api/folha/processar", json={"competencia": "2026-10"})
    assert resposta.status_code == 400
    assert set(resposta.get_json()["campos"]) == {"conta_id", "categoria_salarios_id", "categoria_encargos_id"}


# ---------------------------------------------------------------- permissions, other empresas


def test_outra_empresa_nao_ve_a_folha(cliente, equipe, como, nova_empresa):
    folha = _processar(cliente)
    outra = como(nova_empresa())
    for metodo, caminho in (("get", f"/api/folha/{folha['id']}"), ("post", f"/api/folha/{folha['id']}/reprocessar"),
                            ("post", f"/api/folha/{folha['id']}/sincronizar")):
        assert getattr(outra, metodo)(caminho).status_code == 404, caminho
    assert outra.get("/api/folha/historico").get_json()["items"] == []


def test_ler_nao_processa(como, empresa, equipe):
    leitor = como(empresa, perms=["rh:ler"])
    assert leitor.post("/api/folha/processar", json={"competencia": "2026-10"}).status_code == 403
    assert leitor.put("/api/folha/configuracao", json={}).status_code == 403
    assert leitor.get("/api/folha/historico").status_code == 200


def test_sem_escrever_no_financeiro_nada_e_processado(como, empresa, equipe):
    so_rh = como(empresa, perms=["rh:escrever"])
    resposta = so_rh.post("/api/folha/processar", json={"competencia": "2026-10"})
    assert resposta.status_code == 403 and "financeiro:escrever" in resposta.get_json()["error"]
    assert so_rh.get("/api/folha/historico").get_json()["items"] == []  # no pending month left behind


def test_historico_pagina_da_competencia_mais_recente(cliente, equipe):
    outubro, setembro = _processar(cliente, "2026-10"), _processar(cliente, "2026-09")
    primeira = cliente.get("/api/folha/historico?limit=1").get_json()
    assert [f["id"] for f in primeira["items"]] == [outubro["id"]] and primeira["next_cursor"]
    segunda = cliente.get(f"/api/folha/historico?limit=1&cursor={primeira['next_cursor']}").get_json()
    assert [f["id"] for f in segunda["items"]] == [setembro["id"]] and segunda["next_cursor"] is None


def test_reprocessar_sem_quem_saiu_cancela_a_conta_aberta(cliente, equipe, no_financeiro, vizinhos):
    folha = _processar(cliente)
    assert cliente.delete(f"/api/funcionarios/{equipe[1]['id']}").status_code == 204
    vizinhos["financeiro-api"].parar()
    pendente = cliente.post(f"/api/folha/{folha['id']}/reprocessar").get_json()
    assert pendente["situacao"] == "PENDENTE_FINANCEIRO" and pendente["versao"] == 2
    vizinhos["financeiro-api"].iniciar()
    sincronizada = cliente.post(f"/api/folha/{folha['id']}/sincronizar").get_json()
    assert sincronizada["situacao"] == "PROCESSADA" and sincronizada["cancelados"] == 1
    assert no_financeiro(folha["id"])[f"folha:{folha['id']}:liquido:{equipe[1]['id']}"]["status"] == "CANCELADO"
    assert len(sincronizada["lancamento_ids"]) == 3
