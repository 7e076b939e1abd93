"""Férias as runs of their own (/api/ferias): the preview with its memo, scheduling (stored, its
payables in financeiro as the origem ferias:<id>), the month's folha knowing the days of férias,
reprocessing, cancelling, the retry after financeiro was down, other empresas and permissions —
against the real cadastros and financeiro apps in threads (test_folha_processamento.py's fixtures)."""
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from rh import vencimentos

sys.path.insert(0, str(Path(__file__).parent))
# Processing's neighbours in threads, its permissions and financeiro as a user, as there.
from test_folha_processamento import (_apps_vizinhos, _processar, app, cadastro, financeiro,  # noqa: E402,F401
                                      permissoes_de_escrita, vizinhos)

# Ana Lima (criar_funcionario's default): CLT, 4.500,00 since 2025-01-06.
JULHO = {"inicio": "2026-07-01", "dias": 30}


@pytest.fixture
def ana(cadastro, cliente, criar_funcionario):
    return criar_funcionario(cliente)


@pytest.fixture
def nas_ferias(sql_dono, empresa):
    """`nas_ferias(ferias_id)` → financeiro's lançamentos of those férias, as stored, by chave."""
    def ler(ferias_id):
        linhas = sql_dono("""SELECT id, chave_origem, descricao, valor, data_vencimento, competencia, status, favorecido
                               FROM financeiro.lancamentos WHERE origem = %s ORDER BY id""",
                          (f"ferias:{ferias_id}",), empresa_id=empresa)
        return {linha["chave_origem"]: linha for linha in linhas}
    return ler


def _agendar(cliente, funcionario, **campos):
    resposta = cliente.post("/api/ferias", json={"funcionario_id": funcionario["id"], **JULHO, **campos})
    assert resposta.status_code == 201, resposta.get_json()
    return resposta.get_json()


def _rubricas(holerite):
    return {r["codigo"]: r for r in holerite["rubricas"]}


def test_pagamento_dois_dias_antes_no_dia_bancario():
    assert vencimentos.ferias(date(2026, 7, 1)) == date(2026, 6, 29)     # a Monday
    assert vencimentos.ferias(date(2026, 7, 13)) == date(2026, 7, 10)    # 11/07 is a Saturday


def test_previa_de_30_dias_ao_centavo(cliente, ana):
    resposta = cliente.get(f"/api/ferias/calcular?funcionario_id={ana['id']}&inicio=2026-07-01&dias=30")
    assert resposta.status_code == 200, resposta.get_json()
    previa = resposta.get_json()
    assert (previa["inicio"], previa["fim"], previa["pagamento"]) == ("2026-07-01", "2026-07-30", "2026-06-29")
    h = previa["holerite"]
    rubricas = _rubricas(h)
    # Férias 4.500,00 ÷ 30 × 30 = 4.500,00; 1/3 = 1.500,00; INSS on 6.000,00: 1.621,00 × 7,5 % =
    # 121,575 + 1.281,84 × 9 % = 115,3656 + 1.451,43 × 12 % = 174,1716 + 1.645,73 × 14 % = 230,4022
    # = 641,5144 → 641,51; IRRF apart: 6.000,00 − 641,51 = 5.358,49 × 27,5 % − 908,73 = 564,85,
    # less the Lei 15.270 reduction 978,62 − 0,133145 × 6.000,00 = 179,75 → 385,10.
    assert (rubricas["FERIAS"]["valor"], rubricas["FERIAS_TERCO"]["valor"]) == ("4500.00", "1500.00")
    assert (h["inss"], h["irrf"], h["fgts"]) == ("641.51", "385.10", "480.00")
    assert h["liquido"] == "4973.39"           # 6.000,00 − 641,51 − 385,10
    assert "0,00 em 0 folha(s) ÷ 12 avos" in rubricas["FERIAS"]["memo"]
    # Nothing stored.
    assert cliente.get("/api/ferias").get_json()["items"] == []


def test_agendar_lanca_no_financeiro_e_lista(cliente, ana, nas_ferias, cadastro):
    ferias = _agendar(cliente, ana)
    assert ferias["situacao"] == "PROCESSADA" and ferias["versao"] == 1 and ferias["aviso"] is None
    assert (ferias["criados"], ferias["alterados"], ferias["cancelados"]) == (3, 0, 0)
    lancados = nas_ferias(ferias["id"])
    prefixo = f"ferias:{ferias['id']}"
    liquido = lancados[f"{prefixo}:liquido:{ana['id']}"]
    assert liquido["valor"] == Decimal("4973.39") and liquido["data_vencimento"] == date(2026, 6, 29)
    assert liquido["descricao"] == "Férias 01/07/2026 a 30/07/2026 — Ana Lima"
    # Whom it pays, as the month's net pays do (a salary payment file can take it); guides pay no one.
    assert (liquido["favorecido"]["nome"], liquido["favorecido"]["documento"]) == ("Ana Lima", "52998224725")
    assert lancados[f"{prefixo}:darf"]["favorecido"] is None
    assert lancados[f"{prefixo}:darf"]["valor"] == Decimal("641.51") + Decimal("385.10")
    assert lancados[f"{prefixo}:darf"]["data_vencimento"] == date(2026, 8, 20)
    assert lancados[f"{prefixo}:fgts"]["valor"] == Decimal("480.00")
    h = ferias["holerite"]
    assert sum(l["valor"] for l in lancados.values()) == sum(Decimal(h[c]) for c in ("liquido", "inss", "irrf", "fgts"))
    assert sorted(ferias["lancamento_ids"]) == sorted(l["id"] for l in lancados.values())

    lista = cliente.get(f"/api/ferias?funcionario_id={ana['id']}").get_json()
    assert [(f["id"], f["situacao"], f["bruto"]) for f in lista["items"]] == [(ferias["id"], "PROCESSADA", "6000.00")]
    detalhe = cliente.get(f"/api/ferias/{ferias['id']}").get_json()
    assert detalhe["holerite"]["liquido"] == "4973.39" and _rubricas(detalhe["holerite"])["INSS_FERIAS"]["memo"]


def test_sobrepostas_e_409_e_duas_vezes_tambem(cliente, ana, nas_ferias):
    ferias = _agendar(cliente, ana)
    for corpo in (JULHO, {"inicio": "2026-07-25", "dias": 10}, {"inicio": "2026-06-22", "dias": 10}):
        resposta = cliente.post("/api/ferias", json={"funcionario_id": ana["id"], **corpo})
        assert resposta.status_code == 409 and "inicio" in resposta.get_json()["campos"], corpo
    previa = cliente.get(f"/api/ferias/calcular?funcionario_id={ana['id']}&inicio=2026-07-20&dias=5")
    assert previa.status_code == 409
    assert len(nas_ferias(ferias["id"])) == 3
    assert len(cliente.get("/api/ferias").get_json()["items"]) == 1


def test_validacao(cliente, ana, criar_funcionario):
    estagiario = criar_funcionario(cliente, nome="Caio Estagiário", cpf="111.444.777-35", vinculo="ESTAGIARIO",
                                   salario="1800.00")
    casos = [({"funcionario_id": ana["id"], "inicio": "2026-07-01", "dias": 4}, "dias"),
             ({"funcionario_id": ana["id"], "inicio": "2026-07-01", "dias": 31}, "dias"),
             ({"funcionario_id": ana["id"], "inicio": "2025-01-06", "dias": 10}, "inicio"),
             ({"funcionario_id": ana["id"], "inicio": "01/07/2026", "dias": 10}, "inicio"),
             ({"funcionario_id": estagiario["id"], "inicio": "2026-07-01", "dias": 10}, "funcionario_id")]
    for corpo, campo in casos:
        resposta = cliente.post("/api/ferias", json=corpo)
        assert resposta.status_code == 400 and campo in resposta.get_json()["campos"], (corpo, resposta.get_json())
    assert cliente.post("/api/ferias", json={"funcionario_id": 999999, **JULHO}).status_code == 404
    assert cliente.get("/api/ferias").get_json()["items"] == []


def test_mes_com_10_dias_de_ferias(cliente, ana):
    folha_antes = _processar(cliente, "2026-07")
    ferias = _agendar(cliente, ana, inicio="2026-07-13", dias=10)
    assert ferias["avisos"][-1] == "A folha de 07/2026 já foi processada sem estas férias: reprocesse-a"
    # The férias run: 1.500,00 + 1/3 500,00 = 2.000,00; INSS 1.621,00 × 7,5 % = 121,575 + 379,00 ×
    # 9 % = 34,11 → 155,69; IRRF 0,00 (2.000,00 − 607,20 is in the exempt band); paid 10/07.
    assert (ferias["holerite"]["inss"], ferias["holerite"]["liquido"], ferias["pagamento"]) == (
        "155.69", "1844.31", "2026-07-10")

    reprocessada = cliente.post(f"/api/folha/{folha_antes['id']}/reprocessar").get_json()
    ana_no_mes = cliente.get(f"/api/folha/{reprocessada['id']}").get_json()["holerites"][0]
    rubricas = _rubricas(ana_no_mes)
    # Salário: 30 − 10 = 20 dias, 4.500,00 ÷ 30 × 20 = 3.000,00; the days of férias shown apart.
    assert (rubricas["SALARIO"]["valor"], rubricas["SALARIO"]["referencia"]) == ("3000.00", "20 dias")
    assert (rubricas["FERIAS_NO_MES"]["valor"], rubricas["FERIAS_NO_MES"]["tipo"]) == ("2000.00", "INFORMATIVO")
    # INSS on the whole remuneração 3.000,00 + 2.000,00 = 5.000,00: 121,575 + 115,3656 + 174,1716 +
    # 645,73 × 14 % = 90,4022 = 501,5144 → 501,51, less the 155,69 withheld in the férias run = 345,82.
    # IRRF on 3.000,00 alone (the férias were taxed apart): 3.000,00 − 607,20 exempt → 0,00.
    assert (ana_no_mes["inss"], ana_no_mes["irrf"], ana_no_mes["fgts"]) == ("345.82", "0.00", "240.00")
    assert ana_no_mes["liquido"] == "2654.18"
    assert "menos o INSS já retido na folha de férias 155,69 → 345,82" in rubricas["INSS"]["memo"]


def test_ferias_entre_dois_meses_dividem_pelos_dias(cliente, ana):
    _agendar(cliente, ana, inicio="2026-07-22", dias=20)           # 10 days in July, 10 in August
    julho = {i["nome"]: i for i in cliente.get("/api/folha/calcular?competencia=2026-07").get_json()["itens"]}
    agosto = {i["nome"]: i for i in cliente.get("/api/folha/calcular?competencia=2026-08").get_json()["itens"]}
    # 3.000,00 + 1/3 1.000,00 = 4.000,00 over 20 days: 2.000,00 each month.
    assert _rubricas(julho["Ana Lima"])["FERIAS_NO_MES"]["valor"] == "2000.00"
    assert _rubricas(agosto["Ana Lima"])["FERIAS_NO_MES"]["valor"] == "2000.00"
    assert _rubricas(agosto["Ana Lima"])["SALARIO"]["valor"] == "3000.00"


def test_reprocessar_altera_as_abertas_e_nunca_as_pagas(cliente, ana, financeiro, nas_ferias, sql_dono, empresa):
    ferias = _agendar(cliente, ana)
    chave = f"ferias:{ferias['id']}:liquido:{ana['id']}"
    antes = nas_ferias(ferias["id"])
    pago = financeiro("POST", f"/api/lancamentos/{antes[chave]['id']}/baixas", json={"data": "2026-06-29"})
    assert pago.status_code == 201, pago.text
    assert cliente.put(f"/api/funcionarios/{ana['id']}", json={"salario": "6000.00"}).status_code == 200
    resposta = cliente.post(f"/api/ferias/{ferias['id']}/reprocessar")
    assert resposta.status_code == 200, resposta.get_json()
    reprocessada = resposta.get_json()
    assert reprocessada["versao"] == 2 and reprocessada["bruto"] == "8000.00"
    assert {l["chave"]: l["diferente_do_pedido"] for l in reprocessada["lancamentos"]}[chave] is True
    depois = nas_ferias(ferias["id"])
    assert depois[chave]["valor"] == antes[chave]["valor"] and depois[chave]["status"] == "PAGO"
    darf = f"ferias:{ferias['id']}:darf"
    assert depois[darf]["id"] == antes[darf]["id"] and depois[darf]["valor"] > antes[darf]["valor"]
    auditoria = sql_dono("""SELECT antes, depois FROM plataforma.auditoria
                             WHERE entidade = 'ferias' AND acao = 'reprocessar' AND entidade_id = %s""",
                         (str(ferias["id"]),), empresa_id=empresa)
    assert (auditoria[0]["antes"]["totais"]["bruto"], auditoria[0]["depois"]["totais"]["bruto"]) == (
        "6000.00", "8000.00")


def test_cancelar_cancela_as_abertas_e_libera_o_periodo(cliente, ana, nas_ferias):
    ferias = _agendar(cliente, ana)
    resposta = cliente.delete(f"/api/ferias/{ferias['id']}")
    assert resposta.status_code == 200, resposta.get_json()
    cancelada = resposta.get_json()
    assert cancelada["situacao"] == "CANCELADA" and cancelada["cancelados"] == 3 and cancelada["cancelada_em"]
    assert {l["status"] for l in nas_ferias(ferias["id"]).values()} == {"CANCELADO"}
    assert cliente.delete(f"/api/ferias/{ferias['id']}").status_code == 409
    assert cliente.post(f"/api/ferias/{ferias['id']}/reprocessar").status_code == 409
    # The month no longer counts them; the period is free again.
    itens = cliente.get("/api/folha/calcular?competencia=2026-07").get_json()["itens"]
    assert "FERIAS_NO_MES" not in _rubricas(itens[0])
    _agendar(cliente, ana)


def test_financeiro_fora_fica_pendente_e_sincronizar_lanca_uma_vez(cliente, ana, vizinhos, nas_ferias):
    vizinhos["financeiro-api"].parar()
    ferias = _agendar(cliente, ana)
    assert ferias["situacao"] == "PENDENTE_FINANCEIRO" and "Financeiro" in ferias["aviso"]
    vizinhos["financeiro-api"].iniciar()
    sincronizada = cliente.post(f"/api/ferias/{ferias['id']}/sincronizar").get_json()
    assert sincronizada["situacao"] == "PROCESSADA" and sincronizada["criados"] == 3
    de_novo = cliente.post(f"/api/ferias/{ferias['id']}/sincronizar").get_json()
    assert (de_novo["criados"], de_novo["alterados"], de_novo["cancelados"]) == (0, 0, 0)
    assert len(nas_ferias(ferias["id"])) == 3


def test_outra_empresa_nao_ve_as_ferias(cliente, ana, como, nova_empresa):
    ferias = _agendar(cliente, ana)
    outra = como(nova_empresa())
    for metodo, caminho in (("get", f"/api/ferias/{ferias['id']}"), ("post", f"/api/ferias/{ferias['id']}/reprocessar"),
                            ("post", f"/api/ferias/{ferias['id']}/sincronizar"),
                            ("delete", f"/api/ferias/{ferias['id']}"),
                            ("get", f"/api/ferias/calcular?funcionario_id={ana['id']}&inicio=2026-09-01&dias=10")):
        assert getattr(outra, metodo)(caminho).status_code == 404, caminho
    assert outra.post("/api/ferias", json={"funcionario_id": ana["id"], "inicio": "2026-09-01", "dias": 10}
                      ).status_code == 404
    assert outra.get("/api/ferias").get_json()["items"] == []
    assert outra.get(f"/api/ferias?funcionario_id={ana['id']}").get_json()["items"] == []


def test_rls_esconde_as_ferias_sem_where(app, cliente, ana, nova_empresa):
    _agendar(cliente, ana)
    assert cliente.get(f"/api/ferias/{2**63}").status_code == 404
    # As the app role, with no WHERE at all: RLS shows another empresa nothing.
    with app.extensions["erp"].db.transacao(nova_empresa()) as cur:
        cur.execute("SELECT * FROM rh.ferias")
        assert cur.fetchall() == []


def test_permissoes(como, empresa, ana):
    corpo = {"funcionario_id": ana["id"], **JULHO}
    leitor = como(empresa, perms=["rh:ler"])
    assert leitor.post("/api/ferias", json=corpo).status_code == 403
    assert leitor.get("/api/ferias").status_code == 200
    so_rh = como(empresa, perms=["rh:escrever"])
    resposta = so_rh.post("/api/ferias", json=corpo)
    assert resposta.status_code == 403 and "financeiro:escrever" in resposta.get_json()["error"]
    assert so_rh.get("/api/ferias").get_json()["items"] == []


def test_lista_pagina_do_inicio_mais_recente(cliente, ana):
    julho, setembro = _agendar(cliente, ana), _agendar(cliente, ana, inicio="2026-09-01", dias=10)
    primeira = cliente.get("/api/ferias?limit=1").get_json()
    assert [f["id"] for f in primeira["items"]] == [setembro["id"]] and primeira["next_cursor"]
    segunda = cliente.get(f"/api/ferias?limit=1&cursor={primeira['next_cursor']}").get_json()
    assert [f["id"] for f in segunda["items"]] == [julho["id"]] and segunda["next_cursor"] is None


def test_media_de_variaveis_dos_12_meses_anteriores(cliente, ana):
    salvas = cliente.put(f"/api/funcionarios/{ana['id']}/variaveis/2026-06", json={"comissoes": "1000.00"})
    assert salvas.status_code == 200
    _processar(cliente, "2026-06")
    previa = cliente.get(f"/api/ferias/calcular?funcionario_id={ana['id']}&inicio=2026-07-01&dias=30").get_json()
    rubricas = _rubricas(previa["holerite"])
    # 06/2026: comissões 1.000,00 + DSR 1.000,00 ÷ 26 úteis × 4 Sundays = 153,85 → 1.153,85 in the
    # 12 competências 07/2025 to 06/2026, all 12 of them avos: média 1.153,85 ÷ 12 = 96,15.
    # Férias (4.500,00 + 96,15) ÷ 30 × 30 = 4.596,15; 1/3 = 1.532,05.
    assert "07/2025 a 06/2026: 1.153,85 em 1 folha(s) ÷ 12 avos → 96,15" in rubricas["FERIAS"]["memo"]
    assert (rubricas["FERIAS"]["valor"], rubricas["FERIAS_TERCO"]["valor"]) == ("4596.15", "1532.05")
