"""GET /api/folha/calcular through HTTP: the worked examples of folha-2026.md §1.5 to the cent, who
is in a month (admitted by its end, not dismissed before its start, no autônomos), a proportional
month, dependents, the month's variables changing the preview; and the variables' own routes
(zeros for an empty month, replace-all PUT, audited, validated)."""
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

COMPETENCIA = "2026-11"
CPFS = ["52998224725", "08183658466", "92941465456", "15409931327", "18761160130", "96674982636"]


def previa(cliente, competencia: str = COMPETENCIA) -> dict:
    resposta = cliente.get("/api/folha/calcular", query_string={"competencia": competencia})
    assert resposta.status_code == 200, resposta.get_json()
    return resposta.get_json()


def por_nome(folha: dict) -> dict:
    return {item["nome"]: item for item in folha["itens"]}


def rubrica(item: dict, codigo: str) -> dict:
    return next(r for r in item["rubricas"] if r["codigo"] == codigo)


def conferir_somas(folha: dict) -> None:
    """liquido = bruto − descontos on every line and in the totals; the totals sum the lines."""
    for item in folha["itens"]:
        assert Decimal(item["liquido"]) == Decimal(item["bruto"]) - Decimal(item["descontos"])
        proventos = sum(Decimal(r["valor"]) for r in item["rubricas"] if r["tipo"] == "PROVENTO")
        descontos = sum(Decimal(r["valor"]) for r in item["rubricas"] if r["tipo"] == "DESCONTO")
        assert (proventos, descontos) == (Decimal(item["bruto"]), Decimal(item["descontos"]))
    for campo in ("bruto", "descontos", "liquido", "inss", "irrf", "fgts"):
        assert Decimal(folha["totais"][campo]) == sum(Decimal(i[campo]) for i in folha["itens"])


@pytest.mark.parametrize("salario, inss, irrf, fgts, liquido, deducao", [
    ("4500.00", "431.51", "0.00", "360.00", "4068.49", "SIMPLIFICADA"),
    ("6000.00", "641.51", "385.10", "480.00", "4973.39", "LEGAL"),
    ("10000.00", "988.09", "1569.55", "800.00", "7442.36", "LEGAL"),
])
def test_exemplos_resolvidos_ao_centavo(cliente, criar_funcionario, salario, inss, irrf, fgts, liquido, deducao):
    criar_funcionario(cliente, salario=salario)
    folha = previa(cliente)
    assert folha["competencia"] == COMPETENCIA
    [item] = folha["itens"]
    assert (item["bruto"], item["inss"], item["irrf"], item["fgts"], item["liquido"], item["deducao_irrf"]) == (
        salario, inss, irrf, fgts, liquido, deducao)
    assert item["vinculo"] == "CLT"
    assert rubrica(item, "INSS")["memo"] and rubrica(item, "IRRF")["memo"]
    assert rubrica(item, "FGTS")["tipo"] == "INFORMATIVO"
    conferir_somas(folha)


def test_inss_no_teto_avisa(cliente, criar_funcionario):
    criar_funcionario(cliente, salario="10000.00")
    [item] = previa(cliente)["itens"]
    assert any("teto" in aviso for aviso in item["avisos"])


def test_quem_entra_no_mes(cliente, criar_funcionario):
    criar_funcionario(cliente, nome="Ana Desde Sempre", cpf=CPFS[0])
    criar_funcionario(cliente, nome="Bruno Demitido Antes", cpf=CPFS[1], data_demissao="2026-10-31")
    criar_funcionario(cliente, nome="Caio Admitido Depois", cpf=CPFS[2], data_admissao="2026-12-01")
    criar_funcionario(cliente, nome="Dora Autônoma", cpf=CPFS[3], vinculo="AUTONOMO")
    criar_funcionario(cliente, nome="Edu Estagiário", cpf=CPFS[4], vinculo="ESTAGIARIO", salario="1200.00")
    criar_funcionario(cliente, nome="Fábio Sócio", cpf=CPFS[5], vinculo="PRO_LABORE", salario="5000.00")
    folha = previa(cliente)
    assert [(i["nome"], i["vinculo"]) for i in folha["itens"]] == [
        ("Ana Desde Sempre", "CLT"), ("Edu Estagiário", "ESTAGIARIO"), ("Fábio Sócio", "PRO_LABORE")]
    assert por_nome(previa(cliente, "2026-10"))["Bruno Demitido Antes"]
    conferir_somas(folha)


def test_mes_proporcional_na_admissao_e_na_demissao(cliente, criar_funcionario):
    criar_funcionario(cliente, nome="Ana Nova", cpf=CPFS[0], salario="6000.00", data_admissao="2026-11-16")
    criar_funcionario(cliente, nome="Bruno Saindo", cpf=CPFS[1], salario="3000.00", data_demissao="2026-11-10")
    itens = por_nome(previa(cliente))
    salario_ana = rubrica(itens["Ana Nova"], "SALARIO")
    assert (salario_ana["valor"], salario_ana["referencia"]) == ("3000.00", "15 dias")
    assert rubrica(itens["Bruno Saindo"], "SALARIO")["valor"] == "1000.00"
    assert itens["Ana Nova"]["inss"] == "248.60"  # 3.000,00 band by band, rounded once


def test_dependentes_fazem_a_deducao_legal_valer(cliente, criar_funcionario):
    criar_funcionario(cliente, salario="4500.00", dependentes=2)
    [item] = previa(cliente)["itens"]
    # 431,51 + 2 × 189,59 = 810,69 > 607,20: the legal deductions are the better choice.
    assert (item["deducao_irrf"], item["irrf"]) == ("LEGAL", "0.00")


def test_as_variaveis_do_mes_mudam_a_previa(cliente, criar_funcionario):
    ana = criar_funcionario(cliente, salario="2200.00", vale_transporte=True)
    antes = previa(cliente)["itens"][0]
    resposta = cliente.put(f"/api/funcionarios/{ana['id']}/variaveis/{COMPETENCIA}",
                           json={"horas_extras_50": "10", "comissoes": "300.00", "adiantamento": "500.00"})
    assert resposta.status_code == 200, resposta.get_json()
    depois = previa(cliente)["itens"][0]
    assert rubrica(depois, "HE50")["valor"] == "150.00"  # 2.200 ÷ 220 h × 150 % × 10 h
    assert rubrica(depois, "COMISSOES")["valor"] == "300.00"
    assert rubrica(depois, "ADIANTAMENTO")["valor"] == "500.00"
    assert any(r["codigo"] == "DSR" for r in depois["rubricas"])
    assert Decimal(depois["bruto"]) > Decimal(antes["bruto"]) + 450
    assert Decimal(depois["inss"]) > Decimal(antes["inss"])
    # Another month is untouched by November's variables.
    assert previa(cliente, "2026-12")["itens"][0]["bruto"] == antes["bruto"]
    conferir_somas(previa(cliente))


def test_mes_sem_funcionarios_da_totais_zerados(cliente):
    folha = previa(cliente)
    assert folha["itens"] == []
    assert folha["totais"] == dict.fromkeys(("bruto", "descontos", "liquido", "inss", "irrf", "fgts"), "0.00")


@pytest.mark.parametrize("query, mensagem", [
    ({}, "Campo obrigatório"),
    ({"competencia": "2026-13"}, "Competência inválida; use AAAA-MM, como 2026-11"),
    ({"competencia": "11/2026"}, "Competência inválida; use AAAA-MM, como 2026-11"),
    ({"competencia": "2025-12"}, "Não há tabela da folha em vigor em 01/12/2025"),
])
def test_competencia_invalida_e_400(cliente, query, mensagem):
    resposta = cliente.get("/api/folha/calcular", query_string=query)
    assert resposta.status_code == 400
    assert resposta.get_json()["campos"] == {"competencia": mensagem}


def test_outra_empresa_nao_entra_na_previa(cliente, criar_funcionario, como, nova_empresa):
    criar_funcionario(cliente)
    assert previa(como(nova_empresa()))["itens"] == []


# ---------------------------------------------------------------- the variables' routes


def test_variaveis_zeradas_gravadas_e_auditadas(cliente, criar_funcionario, sql_dono, empresa):
    ana = criar_funcionario(cliente)
    caminho = f"/api/funcionarios/{ana['id']}/variaveis/{COMPETENCIA}"
    assert cliente.get(caminho).get_json() == {
        "funcionario_id": ana["id"], "competencia": COMPETENCIA, "horas_extras_50": "0.00",
        "horas_extras_100": "0.00", "horas_noturnas": "0.00", "comissoes": "0.00", "adiantamento": "0.00",
        "faltas_dias": 0}
    gravadas = cliente.put(caminho, json={"horas_extras_100": "2.5", "horas_noturnas": 4, "faltas_dias": 1})
    assert gravadas.status_code == 200, gravadas.get_json()
    assert cliente.get(caminho).get_json() == gravadas.get_json()
    assert (gravadas.get_json()["horas_extras_100"], gravadas.get_json()["faltas_dias"]) == ("2.50", 1)
    # The same again changes nothing; a PUT replaces them all.
    cliente.put(caminho, json={"horas_extras_100": "2.50", "horas_noturnas": "4.00", "faltas_dias": 1})
    assert cliente.put(caminho, json={"comissoes": "10"}).get_json()["horas_extras_100"] == "0.00"
    auditoria = sql_dono("""SELECT acao, entidade_id, rotulo FROM plataforma.auditoria
                            WHERE empresa_id = %s AND entidade = 'variaveis_mes' ORDER BY id""", (empresa,))
    assert [(a["entidade_id"], a["rotulo"]) for a in auditoria] == [
        (f"{ana['id']}:2026-11", "Variáveis de 11/2026")] * 2
    # Deleting the funcionário takes their variables with it.
    cliente.delete(f"/api/funcionarios/{ana['id']}")
    assert sql_dono("SELECT count(*) AS n FROM rh.variaveis_mes WHERE empresa_id = %s", (empresa,))[0]["n"] == 0


@pytest.mark.parametrize("corpo, campo, mensagem", [
    ({"horas_extras_50": "-1"}, "horas_extras_50", "Deve ser maior ou igual a 0"),
    ({"comissoes": "12,50"}, "comissoes", "Informe um valor numérico, como 1234.56"),
    ({"faltas_dias": 32}, "faltas_dias", "Deve ser menor ou igual a 31"),
    ({"adiantamento": "-0.01"}, "adiantamento", "Deve ser maior ou igual a 0"),
    ({"bonus": "1"}, "bonus", "Campo desconhecido"),
])
def test_variaveis_validadas(cliente, criar_funcionario, corpo, campo, mensagem):
    ana = criar_funcionario(cliente)
    resposta = cliente.put(f"/api/funcionarios/{ana['id']}/variaveis/{COMPETENCIA}", json=corpo)
    assert resposta.status_code == 400
    assert resposta.get_json()["campos"][campo] == mensagem


@pytest.mark.parametrize("mes", ["2026-13", "2026-1", "novembro"])
def test_competencia_do_caminho_invalida_e_400(cliente, criar_funcionario, mes):
    ana = criar_funcionario(cliente)
    for resposta in (cliente.get(f"/api/funcionarios/{ana['id']}/variaveis/{mes}"),
                     cliente.put(f"/api/funcionarios/{ana['id']}/variaveis/{mes}", json={})):
        assert resposta.status_code == 400
        assert resposta.get_json()["campos"] == {"competencia": "Competência inválida; use AAAA-MM, como 2026-11"}


def test_variaveis_de_funcionario_inexistente_e_404(cliente):
    assert cliente.get(f"/api/funcionarios/999999/variaveis/{COMPETENCIA}").status_code == 404
    assert cliente.put(f"/api/funcionarios/999999/variaveis/{COMPETENCIA}", json={}).status_code == 404


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(salario=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("60000"), places=2),
       vinculo=st.sampled_from(["CLT", "ESTAGIARIO", "PRO_LABORE"]),
       dependentes=st.integers(0, 5), vale_transporte=st.booleans(),
       admissao=st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 11, 30)),
       demissao_dia=st.none() | st.integers(1, 30),
       variaveis=st.fixed_dictionaries({}, optional={
           "horas_extras_50": st.decimals(min_value=0, max_value=200, places=2),
           "horas_extras_100": st.decimals(min_value=0, max_value=200, places=2),
           "horas_noturnas": st.decimals(min_value=0, max_value=200, places=2),
           "comissoes": st.decimals(min_value=0, max_value=50000, places=2),
           "adiantamento": st.decimals(min_value=0, max_value=5000, places=2),
           "faltas_dias": st.integers(0, 31)}))
def test_qualquer_funcionario_do_mes_fecha_as_contas(como, nova_empresa, salario, vinculo, dependentes,
                                                     vale_transporte, admissao, demissao_dia, variaveis):
    cliente = como(nova_empresa())
    demissao = None if demissao_dia is None else max(admissao, date(2026, 11, demissao_dia))
    resposta = cliente.post("/api/funcionarios", json={
        "nome": "Ana", "cpf": CPFS[0], "data_admissao": admissao.isoformat(), "salario": str(salario),
        "vinculo": vinculo, "dependentes": dependentes, "vale_transporte": vale_transporte,
        "data_demissao": demissao and demissao.isoformat()})
    assert resposta.status_code == 201, resposta.get_json()
    caminho = f"/api/funcionarios/{resposta.get_json()['id']}/variaveis/{COMPETENCIA}"
    assert cliente.put(caminho, json={k: str(v) for k, v in variaveis.items()}).status_code == 200
    folha = previa(cliente)
    assert len(folha["itens"]) == 1
    conferir_somas(folha)
