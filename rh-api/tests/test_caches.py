"""Cachês of an evento's freelancers (/api/caches): the preview, registering them with the RPAs,
their payables in financeiro, the month's teto across eventos, the RPA PDF, the cancellation, the
retry after financeiro was down, permissions and another empresa — against the real cadastros and
financeiro apps served in threads. The evento and its team are operacional's rows, inserted as
owner (rh reads them through operacional's read contract views)."""
import io
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import requests
from pypdf import PdfReader

sys.path.insert(0, str(Path(__file__).parent))
# Processing's neighbours in threads and its permissions, as there.
from test_folha_processamento import _apps_vizinhos, app, permissoes_de_escrita, vizinhos  # noqa: E402,F401

CARLA_CPF, DIEGO_CPF = "52998224725", "11144477735"


@pytest.fixture
def estudio(sql_dono, empresa):
    """The empresa's cadastros (as owner): conta, categorias, a centro de custo and three
    fornecedores — Carla and Diego, autônomos (RPA), and Fotolab, a PJ."""
    def um(sql, *parametros):
        return sql_dono(sql + " RETURNING id", (empresa, *parametros))[0]["id"]

    sql_dono("INSERT INTO auth.empresas (id, nome, cnpj) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
             (empresa, "Estúdio Luz", f"{empresa:08d}000190"))
    categoria = """INSERT INTO cadastros.categorias (empresa_id, nome, nome_busca, tipo, ordem)
                   VALUES (%s, %s, %s, 'DESPESA', %s)"""
    fornecedor = """INSERT INTO cadastros.fornecedores (empresa_id, nome, nome_busca, tipo_pessoa, cpf_cnpj,
                                                       cache_valor, cache_rpa)
                    VALUES (%s, %s, %s, %s, %s, %s, %s)"""
    return {
        "conta": um("""INSERT INTO cadastros.contas (empresa_id, nome, nome_busca, tipo, banco, saldo_inicial,
                                                     data_saldo_inicial, ativa)
                       VALUES (%s, 'Banco do estúdio', 'banco do estudio', 'CORRENTE', '001', 0, '2026-01-01', true)"""),
        "salarios": um(categoria, "Salários", "salarios", 0),
        "encargos": um(categoria, "Encargos sociais", "encargos sociais", 1),
        "caches": um(categoria, "Cachês e serviços de terceiros", "caches e servicos de terceiros", 2),
        "centro": um("INSERT INTO cadastros.centros_custo (empresa_id, nome, nome_busca) VALUES (%s, %s, %s)",
                     "Casamento Ana & Léo", "casamento ana leo"),
        "carla": um(fornecedor, "Carla Souza", "carla souza", "FISICA", CARLA_CPF, Decimal("800.00"), True),
        "diego": um(fornecedor, "Diego Prado", "diego prado", "FISICA", DIEGO_CPF, Decimal("5000.00"), True),
        "fotolab": um(fornecedor, "Fotolab", "fotolab", "JURIDICA", "11222333000181", None, False),
    }


@pytest.fixture
def criar_evento(sql_dono, empresa, estudio):
    """`criar_evento(equipe, nome=..., centro=True)` → the id of an evento of operacional with that
    team: [(papel, fornecedor key of `estudio` or None for an employee, cachê or None)]."""
    def criar(equipe, nome="Casamento Ana & Léo", centro=True):
        evento_id = sql_dono("""INSERT INTO operacional.eventos (empresa_id, nome, data_inicio, centro_custo_id)
                                VALUES (%s, %s, '2026-10-10', %s) RETURNING id""",
                             (empresa, nome, estudio["centro"] if centro else None))[0]["id"]
        for papel, quem, cache in equipe:
            sql_dono("""INSERT INTO operacional.equipe_evento (empresa_id, evento_id, papel, usuario_id,
                                                               fornecedor_id, cache)
                        VALUES (%s, %s, %s, %s, %s, %s)""",
                     (empresa, evento_id, papel, None if quem else 7, estudio[quem] if quem else None, cache))
        return evento_id
    return criar


EQUIPE = [("fotografo_principal", None, None), ("segundo_fotografo", "carla", Decimal("1000.00")),
          ("assistente", "diego", None), ("videomaker", "fotolab", Decimal("1200.00"))]


@pytest.fixture
def no_financeiro(sql_dono, empresa):
    """`no_financeiro(evento_id)` → financeiro's lançamentos of that evento's cachês, by chave,
    with the centro de custo of each (its rateio)."""
    def ler(evento_id):
        linhas = sql_dono("""SELECT l.id, l.chave_origem, l.tipo, l.descricao, l.valor, l.data_vencimento,
                                    l.competencia, l.status, l.categoria_id, l.conta_id, l.fornecedor_id,
                                    (SELECT min(r.centro_custo_id) FROM financeiro.rateios r
                                      WHERE r.empresa_id = l.empresa_id AND r.lancamento_id = l.id) AS centro_custo_id
                               FROM financeiro.lancamentos l WHERE l.origem = %s ORDER BY l.id""",
                          (f"cache:{evento_id}",), empresa_id=empresa)
        return {linha["chave_origem"]: linha for linha in linhas}
    return ler


def _registrar(cliente, evento_id, data="2026-10-15"):
    resposta = cliente.post("/api/caches", json={"evento_id": evento_id, "data_pagamento": data})
    assert resposta.status_code == 201, resposta.get_json()
    return resposta.get_json()


def _por_nome(caches):
    return {c["nome"]: c for c in caches}


# ---------------------------------------------------------------- the preview


def test_calcular_mostra_cada_freelancer_com_o_rpa_dos_autonomos(cliente, criar_evento):
    evento_id = criar_evento(EQUIPE)
    resposta = cliente.get(f"/api/caches/calcular?evento_id={evento_id}&data_pagamento=2026-10-15")

    assert resposta.status_code == 200, resposta.get_json()
    calculo = resposta.get_json()
    itens = _por_nome(calculo["itens"])
    assert set(itens) == {"Carla Souza", "Diego Prado", "Fotolab"}          # the employee is not a freelancer
    # Carla: the team's 1.000,00 wins over her 800,00; Diego: his own 5.000,00.
    carla, diego, fotolab = itens["Carla Souza"], itens["Diego Prado"], itens["Fotolab"]
    assert (carla["bruto"], carla["inss"], carla["irrf"], carla["liquido"]) == ("1000.00", "110.00", "0.00", "890.00")
    assert (diego["bruto"], diego["inss"], diego["irrf"], diego["liquido"]) == ("5000.00", "550.00", "0.00",
                                                                                "4450.00")
    assert (fotolab["rpa"], fotolab["inss"], fotolab["liquido"]) == (False, "0.00", "1200.00")
    assert "equipe do evento" in carla["rubricas"][0]["memo"] and "padrão do fornecedor" in diego["rubricas"][0]["memo"]
    assert [r["codigo"] for r in carla["rubricas"]] == ["CACHE", "INSS", "IRRF"]
    assert calculo["totais"]["liquido"] == "6540.00" and calculo["evento_nome"] == "Casamento Ana & Léo"
    assert all(i["cache_id"] is None for i in calculo["itens"])
    assert cliente.get("/api/caches").get_json()["items"] == []             # nothing stored


def test_sem_cache_em_lugar_nenhum_e_400_nomeando_a_pessoa(cliente, criar_evento):
    evento_id = criar_evento([("videomaker", "fotolab", None)])
    resposta = cliente.get(f"/api/caches/calcular?evento_id={evento_id}")
    assert resposta.status_code == 400 and "Fotolab" in resposta.get_json()["campos"]["evento_id"]
    sem_freelancer = criar_evento([("fotografo_principal", None, None)], nome="Ensaio")
    assert cliente.post("/api/caches", json={"evento_id": sem_freelancer}).status_code == 400


def test_sem_categoria_dos_caches_e_400_dizendo_o_que_configurar(cliente, criar_evento, estudio, sql_dono, empresa):
    sql_dono("UPDATE cadastros.categorias SET ativa = false WHERE id = %s", (estudio["caches"],), empresa_id=empresa)
    evento_id = criar_evento(EQUIPE)
    resposta = cliente.post("/api/caches", json={"evento_id": evento_id})
    assert resposta.status_code == 400 and set(resposta.get_json()["campos"]) == {"categoria_id"}
    assert cliente.get("/api/caches").get_json()["items"] == []
    assert cliente.put("/api/caches/configuracao", json={"categoria_id": estudio["caches"]}).status_code == 400
    assert cliente.put("/api/caches/configuracao", json={"categoria_id": estudio["encargos"]}).status_code == 200
    assert _registrar(cliente, evento_id)["configuracao_usada"] == [
        'Conta não configurada: usada a conta corrente "Banco do estúdio"',
        'Categoria dos encargos (a guia) não configurada: usada "Encargos sociais"']


def test_validacao_dos_campos(cliente):
    assert set(cliente.get("/api/caches/calcular").get_json()["campos"]) == {"evento_id"}
    errado = cliente.post("/api/caches", json={"evento_id": "x", "data_pagamento": "15/10/2026"})
    assert errado.status_code == 400 and set(errado.get_json()["campos"]) == {"evento_id", "data_pagamento"}
    assert cliente.get("/api/caches/calcular?evento_id=999999").status_code == 404


# ---------------------------------------------------------------- registering and financeiro


def test_registrar_guarda_os_rpas_e_lanca_no_financeiro(cliente, criar_evento, estudio, no_financeiro, sql_dono,
                                                        empresa):
    evento_id = criar_evento(EQUIPE)
    registro = _registrar(cliente, evento_id)

    assert registro["situacao"] == "PROCESSADA" and registro["aviso"] is None
    assert (registro["criados"], registro["alterados"], registro["cancelados"]) == (4, 0, 0)
    assert registro["configuracao_usada"] and any("Cachês" in a for a in registro["configuracao_usada"])
    caches = _por_nome(registro["caches"])
    assert sorted(c["numero_rpa"] for c in caches.values() if c["numero_rpa"]) == [1, 2]
    assert caches["Fotolab"]["numero_rpa"] is None
    assert all(c["competencia"] == "2026-10" and c["situacao"] == "PROCESSADA" for c in caches.values())

    lancamentos = no_financeiro(evento_id)
    liquidos = {l["fornecedor_id"]: l for c, l in lancamentos.items() if ":liquido:" in c}
    assert {f: l["valor"] for f, l in liquidos.items()} == {
        estudio["carla"]: Decimal("890.00"), estudio["diego"]: Decimal("4450.00"),
        estudio["fotolab"]: Decimal("1200.00")}
    for linha in liquidos.values():
        assert (linha["tipo"], linha["status"], linha["categoria_id"]) == ("DESPESA", "PENDENTE", estudio["caches"])
        assert linha["centro_custo_id"] == estudio["centro"] and linha["conta_id"] == estudio["conta"]
        assert linha["data_vencimento"] == date(2026, 10, 15)
    guia = lancamentos[f"cache:{evento_id}:guia:2026-10"]
    # INSS 110,00 + 550,00, IRRF 0: due the 20th of November, a holiday (Consciência Negra) → the 19th.
    assert guia["valor"] == Decimal("660.00") and guia["data_vencimento"] == date(2026, 11, 19)
    assert guia["categoria_id"] == estudio["encargos"] and guia["centro_custo_id"] == estudio["centro"]
    assert caches["Carla Souza"]["lancamento_id"] == liquidos[estudio["carla"]]["id"]

    previa = cliente.get(f"/api/caches/calcular?evento_id={evento_id}&data_pagamento=2026-10-15").get_json()
    assert {i["nome"]: i["cache_id"] for i in previa["itens"]} == {n: c["id"] for n, c in caches.items()}
    de_novo = cliente.post("/api/caches", json={"evento_id": evento_id})
    assert de_novo.status_code == 409 and "evento_id" in de_novo.get_json()["campos"]
    assert len(no_financeiro(evento_id)) == 4
    auditoria = sql_dono("""SELECT depois FROM plataforma.auditoria
                             WHERE entidade = 'cache' AND acao = 'registrar' AND entidade_id = %s""",
                         (str(evento_id),), empresa_id=empresa)
    assert len(auditoria[0]["depois"]["caches"]) == 3


def test_o_segundo_evento_do_mes_soma_para_o_teto_e_o_irrf(cliente, criar_evento):
    primeiro = criar_evento([("assistente", "diego", None)], nome="Casamento 1")
    segundo = criar_evento([("assistente", "diego", None)], nome="Casamento 2")
    _registrar(cliente, primeiro, "2026-10-05")
    (diego,) = _registrar(cliente, segundo, "2026-10-25")["caches"]
    assert (diego["inss"], diego["irrf"], diego["liquido"]) == ("382.31", "1584.88", "3032.81")
    memos = {r["codigo"]: r["memo"] for r in cliente.get(f"/api/caches/{diego['id']}").get_json()["rubricas"]}
    assert "932,31 − 550,00 = 382,31" in memos["INSS"] and "IN RFB 1.500/2014" in memos["IRRF"]
    # Another month starts again.
    terceiro = criar_evento([("assistente", "diego", None)], nome="Casamento 3")
    (novembro,) = _registrar(cliente, terceiro, "2026-11-03")["caches"]
    assert novembro["inss"] == "550.00"


def test_cota_patronal_de_20_vai_na_guia(cliente, criar_evento, no_financeiro):
    assert cliente.get("/api/caches/configuracao").get_json()["cota_patronal"] == "SIMPLES_NACIONAL"
    assert cliente.put("/api/caches/configuracao", json={"cota_patronal": "20"}).status_code == 200
    errada = cliente.put("/api/caches/configuracao", json={"cota_patronal": "15", "categoria_id": 999999})
    assert errada.status_code == 400 and "cota_patronal" in errada.get_json()["campos"]
    evento_id = criar_evento([("segundo_fotografo", "carla", Decimal("1000.00"))])
    (carla,) = _registrar(cliente, evento_id)["caches"]
    assert carla["inss_patronal"] == "200.00" and carla["liquido"] == "890.00"
    assert no_financeiro(evento_id)[f"cache:{evento_id}:guia:2026-10"]["valor"] == Decimal("310.00")


def test_rpa_em_pdf_e_sem_rpa_404(cliente, criar_evento):
    caches = _por_nome(_registrar(cliente, criar_evento(EQUIPE))["caches"])
    pdf = cliente.get(f"/api/caches/{caches['Carla Souza']['id']}/rpa.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    assert f"rpa-{caches['Carla Souza']['numero_rpa']}.pdf" in pdf.headers["Content-Disposition"]
    texto = PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()
    for esperado in ("Recibo de Pagamento a Autônomo", "Estúdio Luz", "Carla Souza", "CPF 529.982.247-25",
                     "Segundo fotógrafo no evento \"Casamento Ana & Léo\"", "R$ 1.000,00", "R$ 110,00", "R$ 890,00",
                     "15 de outubro de 2026", "MEMÓRIA DE CÁLCULO"):
        assert esperado in texto, esperado
    sem = cliente.get(f"/api/caches/{caches['Fotolab']['id']}/rpa.pdf")
    assert sem.status_code == 404 and "não tem RPA" in sem.get_json()["error"]


def test_lista_por_evento_e_por_mes_paginada(cliente, criar_evento):
    um, outro = criar_evento(EQUIPE, nome="Um"), criar_evento([("assistente", "diego", None)], nome="Outro")
    _registrar(cliente, um)
    _registrar(cliente, outro, "2026-11-02")
    pagina = cliente.get("/api/caches?limit=2").get_json()
    assert [c["evento_nome"] for c in pagina["items"]] == ["Outro", "Um"] and pagina["next_cursor"]
    resto = cliente.get(f"/api/caches?limit=2&cursor={pagina['next_cursor']}").get_json()
    assert len(resto["items"]) == 2 and resto["next_cursor"] is None
    assert len(cliente.get(f"/api/caches?evento_id={um}").get_json()["items"]) == 3
    assert [c["competencia"] for c in cliente.get("/api/caches?competencia=2026-11").get_json()["items"]] == [
        "2026-11"]
    assert "competencia" in cliente.get("/api/caches?competencia=novembro").get_json()["campos"]


# ---------------------------------------------------------------- cancelling, failures


def test_cancelar_cancela_a_conta_em_aberto_e_a_paga_fica(cliente, criar_evento, estudio, no_financeiro,
                                                          vizinhos, assinar_token, empresa, sql_dono):
    evento_id = criar_evento(EQUIPE)
    caches = _por_nome(_registrar(cliente, evento_id)["caches"])
    carla, diego = caches["Carla Souza"], caches["Diego Prado"]

    cancelado = cliente.delete(f"/api/caches/{carla['id']}")
    assert cancelado.status_code == 200, cancelado.get_json()
    assert cancelado.get_json()["situacao"] == "PROCESSADA" and cancelado.get_json()["cancelados"] == 1
    lancamentos = no_financeiro(evento_id)
    assert lancamentos[f"cache:{evento_id}:liquido:{carla['id']}"]["status"] == "CANCELADO"
    assert lancamentos[f"cache:{evento_id}:guia:2026-10"]["valor"] == Decimal("550.00")
    assert cliente.get(f"/api/caches/{carla['id']}").get_json()["situacao"] == "CANCELADO"
    assert cliente.delete(f"/api/caches/{carla['id']}").status_code == 409
    (auditoria,) = sql_dono("""SELECT antes FROM plataforma.auditoria
                               WHERE entidade = 'cache' AND acao = 'cancelar' AND entidade_id = %s""",
                            (str(evento_id),), empresa_id=empresa)
    assert auditoria["antes"]["cache_id"] == carla["id"] and auditoria["antes"]["liquido"] == "890.00"
    # Cancelled, she can be paid again for the evento, with a new RPA.
    (de_novo,) = _registrar(cliente, evento_id)["caches"]
    assert de_novo["nome"] == "Carla Souza" and de_novo["numero_rpa"] == 3

    token = assinar_token(emp=empresa, perms=["financeiro:ler", "financeiro:escrever"])
    pago = requests.post(f"{vizinhos['financeiro-api'].url}/api/lancamentos/{diego['lancamento_id']}/baixas",
                         json={"data": "2026-10-15"}, headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert pago.status_code == 201, pago.text
    recusado = cliente.delete(f"/api/caches/{diego['id']}")
    assert recusado.status_code == 409 and "pago" in recusado.get_json()["error"]
    assert cliente.get(f"/api/caches/{diego['id']}").get_json()["situacao"] == "PROCESSADA"


def test_financeiro_fora_fica_pendente_e_sincronizar_lanca_uma_vez(cliente, criar_evento, vizinhos, no_financeiro):
    evento_id = criar_evento(EQUIPE)
    vizinhos["financeiro-api"].parar()
    registro = _registrar(cliente, evento_id)
    assert registro["situacao"] == "PENDENTE_FINANCEIRO" and "Financeiro" in registro["aviso"]
    assert no_financeiro(evento_id) == {}
    um = registro["caches"][0]["id"]
    assert cliente.get(f"/api/caches/{um}").get_json()["situacao"] == "PENDENTE_FINANCEIRO"

    vizinhos["financeiro-api"].iniciar()
    sincronizado = cliente.post(f"/api/caches/{um}/sincronizar").get_json()
    assert sincronizado["situacao"] == "PROCESSADA" and sincronizado["criados"] == 4
    de_novo = cliente.post(f"/api/caches/{um}/sincronizar").get_json()
    assert (de_novo["criados"], de_novo["alterados"], de_novo["cancelados"]) == (0, 0, 0)
    assert len(no_financeiro(evento_id)) == 4


# ---------------------------------------------------------------- permissions, another empresa


def test_permissoes(como, empresa, criar_evento):
    evento_id = criar_evento(EQUIPE)
    leitor = como(empresa, perms=["rh:ler"])
    assert leitor.get(f"/api/caches/calcular?evento_id={evento_id}").status_code == 200
    assert leitor.post("/api/caches", json={"evento_id": evento_id}).status_code == 403
    sem_financeiro = como(empresa, perms=["rh:escrever"])
    recusado = sem_financeiro.post("/api/caches", json={"evento_id": evento_id})
    assert recusado.status_code == 403 and "financeiro:escrever" in recusado.get_json()["error"]
    assert como(empresa, perms=[]).get("/api/caches").status_code == 403
    assert leitor.put("/api/caches/configuracao", json={"cota_patronal": "20"}).status_code == 403
    assert como(empresa).get("/api/caches").get_json()["items"] == []       # nothing was stored


def test_outra_empresa_nao_ve_nem_paga(app, cliente, como, nova_empresa, criar_evento):
    evento_id = criar_evento(EQUIPE)
    carla = _por_nome(_registrar(cliente, evento_id)["caches"])["Carla Souza"]
    outra, de_fora = nova_empresa(), como(nova_empresa())
    for caminho in (f"/api/caches/{carla['id']}", f"/api/caches/{carla['id']}/rpa.pdf",
                    f"/api/caches/calcular?evento_id={evento_id}"):
        assert de_fora.get(caminho).status_code == 404, caminho
    assert de_fora.post("/api/caches", json={"evento_id": evento_id}).status_code == 404
    assert de_fora.post(f"/api/caches/{carla['id']}/sincronizar").status_code == 404
    assert de_fora.delete(f"/api/caches/{carla['id']}").status_code == 404
    assert de_fora.get("/api/caches").get_json()["items"] == []
    assert cliente.get(f"/api/caches/{2**63}").status_code == 404
    # As the app role, with no WHERE at all: RLS shows another empresa nothing.
    with app.extensions["erp"].db.transacao(outra) as cur:
        for tabela in ("rh.caches", "rh.caches_eventos", "rh.configuracao_caches"):
            cur.execute(f"SELECT * FROM {tabela}")
            assert cur.fetchall() == [], tabela
