"""The 13º salário as runs of their own (tipo DECIMO_TERCEIRO_1 / _2 of POST /api/folha/processar):
the preview, the média de variáveis from the processed months, the 2ª parcela discounting the 1ª,
the payables in financeiro with their own due dates — against the real cadastros and financeiro
apps in threads (test_folha_processamento.py's fixtures)."""
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from rh import vencimentos

sys.path.insert(0, str(Path(__file__).parent))
# Processing's neighbours in threads, its permissions and financeiro's view, as there.
from test_folha_processamento import (_apps_vizinhos, _processar, app, cadastro, financeiro,  # noqa: E402,F401
                                      no_financeiro, permissoes_de_escrita, vizinhos)


@pytest.fixture
def equipe(cadastro, cliente, criar_funcionario):
    """Ana Lima, 4.500,00 since 2025 with R$ 1.000,00 of comissões in 09/2026 (processed); Bruno
    Reis, 6.000,00 admitted 2026-03-20; Carla Dias, 9.000,00 since 2024."""
    ana = criar_funcionario(cliente)
    bruno = criar_funcionario(cliente, nome="Bruno Reis", cpf="111.444.777-35", salario="6000.00",
                              data_admissao="2026-03-20")
    carla = criar_funcionario(cliente, nome="Carla Dias", cpf="390.533.447-05", salario="9000.00",
                              data_admissao="2024-02-01")
    resposta = cliente.put(f"/api/funcionarios/{ana['id']}/variaveis/2026-09",
                           json={"comissoes": "1000.00"})
    assert resposta.status_code == 200, resposta.get_json()
    _processar(cliente, "2026-09")
    return ana, bruno, carla


def _por_nome(folha):
    return {item["nome"]: item for item in folha.get("itens") or folha.get("holerites")}


def _rubrica(item, codigo):
    return next(r for r in item["rubricas"] if r["codigo"] == codigo)


def test_vencimentos_do_13o():
    assert vencimentos.decimo_terceiro(date(2026, 11, 1), 1) == date(2026, 11, 30)   # a Monday
    # 20/12/2026 is a Sunday: the 2ª parcela and the INSS of the 13º come forward to Friday the 18th.
    assert vencimentos.decimo_terceiro(date(2026, 12, 1), 2) == date(2026, 12, 18)
    assert vencimentos.inss_do_decimo_terceiro(date(2026, 12, 1)) == date(2026, 12, 18)
    assert vencimentos.decimo_terceiro(date(2026, 2, 1), 1) == date(2026, 2, 27)     # 28/02 is a Saturday


def test_primeira_parcela_com_media_e_admissao_no_meio_do_ano(cliente, equipe):
    resposta = cliente.get("/api/folha/calcular?competencia=2026-11&tipo=DECIMO_TERCEIRO_1")
    assert resposta.status_code == 200, resposta.get_json()
    previa = resposta.get_json()
    assert previa["tipo"] == "DECIMO_TERCEIRO_1"
    itens = _por_nome(previa)
    # Ana: the 09/2026 folha paid comissões 1.000,00 + DSR 1.000,00 ÷ 25 úteis × 5 (4 Sundays and
    # 07/09) = 200,00: 1.200,00 ÷ 12 avos = média 100,00. 13º = (4.500,00 + 100,00) ÷ 12 × 12 =
    # 4.600,00; the 1ª parcela is half, 2.300,00, without discounts; FGTS 8 % = 184,00.
    ana = itens["Ana Lima"]
    assert (ana["bruto"], ana["descontos"], ana["liquido"], ana["fgts"]) == ("2300.00", "0.00", "2300.00", "184.00")
    memo = _rubrica(ana, "DECIMO_TERCEIRO_1")["memo"]
    assert "1.200,00 em 1 folha(s) ÷ 12 avos → 100,00" in memo and "4.600,00" in memo
    # Bruno, admitted 20/03 (12 days in March: no avo): April to December = 9/12 of 6.000,00 =
    # 4.500,00; half 2.250,00.
    bruno = itens["Bruno Reis"]
    assert (bruno["liquido"], _rubrica(bruno, "DECIMO_TERCEIRO_1")["referencia"]) == ("2250.00", "9/12")
    # Carla: 9.000,00 ÷ 2 = 4.500,00.
    assert itens["Carla Dias"]["liquido"] == "4500.00"
    assert previa["totais"]["liquido"] == "9050.00" and previa["totais"]["fgts"] == "724.00"


def test_as_duas_parcelas_lancadas_no_financeiro(cliente, equipe, no_financeiro):
    ana, bruno, carla = equipe
    primeira = cliente.post("/api/folha/processar", json={"competencia": "2026-11", "tipo": "DECIMO_TERCEIRO_1"})
    assert primeira.status_code == 201, primeira.get_json()
    primeira = primeira.get_json()
    assert primeira["tipo"] == "DECIMO_TERCEIRO_1" and primeira["situacao"] == "PROCESSADA"
    lancados = no_financeiro(primeira["id"])
    prefixo = f"folha:{primeira['id']}"
    assert set(lancados) == {f"{prefixo}:liquido:{f['id']}" for f in equipe} | {f"{prefixo}:fgts"}
    salario_ana = lancados[f"{prefixo}:liquido:{ana['id']}"]
    assert salario_ana["descricao"] == "13º salário 1ª parcela 11/2026 — Ana Lima"
    assert salario_ana["valor"] == Decimal("2300.00") and salario_ana["data_vencimento"] == date(2026, 11, 30)
    assert lancados[f"{prefixo}:fgts"]["valor"] == Decimal("724.00")
    assert lancados[f"{prefixo}:fgts"]["data_vencimento"] == date(2026, 12, 18)   # 20/12 is a Sunday

    segunda = cliente.post("/api/folha/processar", json={"competencia": "2026-12", "tipo": "DECIMO_TERCEIRO_2"})
    assert segunda.status_code == 201, segunda.get_json()
    segunda = segunda.get_json()
    itens = _por_nome(cliente.get(f"/api/folha/{segunda['id']}").get_json())
    # Ana: 13º 4.600,00 − 1ª parcela 2.300,00 − INSS on 4.600,00 (121,575 + 115,3656 + 174,1716 +
    # 245,73 × 14 % = 34,4022 → 445,51) − IRRF 0,00 (base 4.600,00 − 607,20 = 3.992,80 → 222,89,
    # all of it taken by the Lei 15.270 reduction) = 1.854,49; FGTS on 4.600,00 − 2.300,00 = 184,00.
    assert (itens["Ana Lima"]["liquido"], itens["Ana Lima"]["inss"], itens["Ana Lima"]["fgts"]) == (
        "1854.49", "445.51", "184.00")
    assert _rubrica(itens["Ana Lima"], "ADIANTAMENTO_13")["valor"] == "2300.00"
    # Bruno: 4.500,00 − 2.250,00 − INSS 431,51 − IRRF 0,00 = 1.818,49.
    assert itens["Bruno Reis"]["liquido"] == "1818.49"
    # Carla: 9.000,00 − 4.500,00 − INSS at the teto 988,09 − IRRF (9.000,00 − 988,09 = 8.011,91 ×
    # 27,5 % − 908,73 = 1.294,55, no reduction above 7.350,00) = 2.217,36.
    assert (itens["Carla Dias"]["liquido"], itens["Carla Dias"]["irrf"]) == ("2217.36", "1294.55")

    lancados = no_financeiro(segunda["id"])
    prefixo = f"folha:{segunda['id']}"
    assert set(lancados) == {f"{prefixo}:liquido:{f['id']}" for f in equipe} | {
        f"{prefixo}:inss", f"{prefixo}:irrf", f"{prefixo}:fgts"}
    inss = Decimal("445.51") + Decimal("431.51") + Decimal("988.09")
    assert lancados[f"{prefixo}:inss"]["valor"] == inss
    assert lancados[f"{prefixo}:inss"]["data_vencimento"] == date(2026, 12, 18)   # Decreto 3.048 art. 216 §1º
    assert lancados[f"{prefixo}:irrf"]["valor"] == Decimal("1294.55")
    assert lancados[f"{prefixo}:irrf"]["data_vencimento"] == date(2027, 1, 20)   # with the month's DARF
    assert lancados[f"{prefixo}:fgts"]["data_vencimento"] == date(2027, 1, 20)
    assert lancados[f"{prefixo}:liquido:{carla['id']}"]["data_vencimento"] == date(2026, 12, 18)
    assert lancados[f"{prefixo}:liquido:{carla['id']}"]["descricao"] == "13º salário 2ª parcela 12/2026 — Carla Dias"
    totais = {campo: Decimal(valor) for campo, valor in segunda["totais"].items()}
    assert sum(l["valor"] for l in lancados.values()) == (
        totais["liquido"] + totais["inss"] + totais["irrf"] + totais["fgts"])

    historico = cliente.get("/api/folha/historico").get_json()["items"]
    assert [(f["competencia"], f["tipo"]) for f in historico] == [
        ("2026-12", "DECIMO_TERCEIRO_2"), ("2026-11", "DECIMO_TERCEIRO_1"), ("2026-09", "MENSAL")]


def test_segunda_sem_a_primeira_nao_desconta_e_avisa(cliente, equipe):
    itens = _por_nome(cliente.get("/api/folha/calcular?competencia=2026-12&tipo=DECIMO_TERCEIRO_2").get_json())
    assert not any(r["codigo"] == "ADIANTAMENTO_13" for r in itens["Ana Lima"]["rubricas"])
    assert any("1ª parcela" in aviso and "não foi processada" in aviso for aviso in itens["Ana Lima"]["avisos"])


def test_duas_vezes_e_409_nomeando_a_parcela_e_o_mes_continua_livre(cliente, equipe):
    corpo = {"competencia": "2026-11", "tipo": "DECIMO_TERCEIRO_1"}
    assert cliente.post("/api/folha/processar", json=corpo).status_code == 201
    de_novo = cliente.post("/api/folha/processar", json=corpo)
    assert de_novo.status_code == 409
    assert de_novo.get_json()["campos"]["competencia"] == (
        "O 13º salário 1ª parcela 11/2026 já foi processado; use o reprocessamento")
    assert cliente.post("/api/folha/processar", json={"competencia": "2026-11"}).status_code == 201


@pytest.mark.parametrize("competencia,tipo", [("2026-11", "DECIMO_TERCEIRO_2"), ("2026-12", "DECIMO_TERCEIRO_1"),
                                              ("2026-01", "DECIMO_TERCEIRO_1")])
def test_parcela_fora_do_seu_mes_e_400(cliente, equipe, competencia, tipo):
    for resposta in (cliente.get(f"/api/folha/calcular?competencia={competencia}&tipo={tipo}"),
                     cliente.post("/api/folha/processar", json={"competencia": competencia, "tipo": tipo})):
        assert resposta.status_code == 400
        assert set(resposta.get_json()["campos"]) == {"competencia", "tipo"}


def test_tipo_invalido_e_400(cliente, equipe):
    resposta = cliente.post("/api/folha/processar", json={"competencia": "2026-11", "tipo": "FERIAS"})
    assert resposta.status_code == 400 and "tipo" in resposta.get_json()["campos"]


def test_reprocessar_a_parcela_altera_as_abertas_e_nao_as_pagas(cliente, equipe, financeiro, no_financeiro):
    ana, bruno, _ = equipe
    folha = cliente.post("/api/folha/processar", json={"competencia": "2026-11", "tipo": "DECIMO_TERCEIRO_1"})
    folha = folha.get_json()
    chave_ana, chave_bruno = (f"folha:{folha['id']}:liquido:{f['id']}" for f in (ana, bruno))
    antes = no_financeiro(folha["id"])
    pago = financeiro("POST", f"/api/lancamentos/{antes[chave_ana]['id']}/baixas", json={"data": "2026-11-27"})
    assert pago.status_code == 201, pago.text
    for funcionario in (ana, bruno):
        assert cliente.put(f"/api/funcionarios/{funcionario['id']}", json={"salario": "8000.00"}).status_code == 200
    reprocessada = cliente.post(f"/api/folha/{folha['id']}/reprocessar").get_json()
    assert reprocessada["versao"] == 2 and reprocessada["tipo"] == "DECIMO_TERCEIRO_1"
    depois = no_financeiro(folha["id"])
    assert depois[chave_ana]["valor"] == Decimal("2300.00") and depois[chave_ana]["status"] == "PAGO"
    # Bruno: 8.000,00 × 9/12 ÷ 2 = 3.000,00, the same lançamento changed.
    assert depois[chave_bruno]["id"] == antes[chave_bruno]["id"] and depois[chave_bruno]["valor"] == Decimal("3000.00")


def test_outra_empresa_e_permissoes(cliente, equipe, como, nova_empresa, empresa):
    folha = cliente.post("/api/folha/processar", json={"competencia": "2026-11", "tipo": "DECIMO_TERCEIRO_1"})
    folha = folha.get_json()
    outra = como(nova_empresa())
    assert outra.get(f"/api/folha/{folha['id']}").status_code == 404
    assert outra.post(f"/api/folha/{folha['id']}/reprocessar").status_code == 404
    so_rh = como(empresa, perms=["rh:escrever"])
    corpo = {"competencia": "2026-12", "tipo": "DECIMO_TERCEIRO_2"}
    assert so_rh.post("/api/folha/processar", json=corpo).status_code == 403
    assert como(empresa, perms=["rh:ler"]).post("/api/folha/processar", json=corpo).status_code == 403
