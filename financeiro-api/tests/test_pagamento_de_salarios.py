"""Salaries paid by a bank file: the payroll's payables (PUT /api/lancamentos/origens/folha:<id>)
carry each funcionário as their `favorecido`, and POST /api/remessas/gerar with servico SALARIOS
makes the CNAB 240 pagamentos file of them (tipo de serviço 30, finalidade da TED 00004).
"""
import sys
import time
from pathlib import Path

import psycopg2
import psycopg2.extras
import pytest

from financeiro.cobranca.cnab import layout

sys.path.insert(0, str(Path(__file__).parent))
from apoio_cobranca import arquivo, configurar, fornecedor, gerar, lancamento  # noqa: E402
from test_cobranca_remessa import lotes, registros_240  # noqa: E402
from test_parcelas_de_contrato import auditorias, ok  # noqa: E402

ORIGEM = "folha:40"
ANA = {"nome": "Ana Lima", "documento": "529.982.247-25", "chave_pix": "52998224725", "tipo_chave_pix": "CPF"}
BRUNO = {"nome": "Bruno Alves", "documento": "11144477735", "banco": "341", "agencia": "1234",
         "conta": "55555-5", "tipo_conta": "CORRENTE"}
CARLA = {"nome": "Carla Dias", "documento": "39053344705", "banco": "001", "agencia": "4321-0", "conta": "98765-4"}


def liquido(cad, n, valor="1.00", **extra):
    return {"chave": f"{ORIGEM}:liquido:{n}", "tipo": "DESPESA", "descricao": f"Salário 11/2026 — F{n}",
            "valor": valor, "data_vencimento": "2027-01-05", "competencia": "2026-11",
            "categoria_id": cad.despesa_id, "conta_id": cad.conta_id, **extra}


def put(cliente, corpo, origem=ORIGEM):
    return cliente.put(f"/api/lancamentos/origens/{origem}", json=corpo)


def folha(cliente, cad, *favorecidos, valor="1000.00"):
    """The payroll's net pays, one per favorecido; their lançamento ids in order."""
    feito = ok(put(cliente, {"lancamentos": [liquido(cad, n, valor, favorecido=f)
                                             for n, f in enumerate(favorecidos, start=1)]}))
    return [linha["lancamento_id"] for linha in feito["lancamentos"]]


@pytest.fixture
def conta(sql_dono, cad):
    return configurar(sql_dono, cad)  # Itaú (341)


def test_the_favorecido_is_stored_shown_and_changed_by_a_later_request(cliente, cad, sql_dono):
    [ana] = folha(cliente, cad, ANA)
    mostrado = cliente.get(f"/api/lancamentos/{ana}").get_json()["favorecido"]
    assert mostrado == {"nome": "Ana Lima", "documento": "52998224725", "banco": None, "agencia": None, "conta": None,
                        "tipo_conta": None, "chave_pix": "52998224725", "tipo_chave_pix": "CPF"}
    antes = auditorias(sql_dono, cad.empresa_id)
    assert ok(put(cliente, {"lancamentos": [liquido(cad, 1, "1000.00", favorecido=ANA)]}))["alterados"] == 0
    assert auditorias(sql_dono, cad.empresa_id) == antes
    # Ana gave a bank account instead of her key: only the favorecido changes, audited.
    nova = {**ANA, "chave_pix": None, "tipo_chave_pix": None, "banco": "341", "agencia": "1234", "conta": "777-1"}
    assert ok(put(cliente, {"lancamentos": [liquido(cad, 1, "1000.00", favorecido=nova)]}))["alterados"] == 1
    assert cliente.get(f"/api/lancamentos/{ana}").get_json()["favorecido"]["conta"] == "777-1"
    [depois] = sql_dono("""SELECT depois FROM plataforma.auditoria WHERE empresa_id = %s AND acao = 'alterar'
                           ORDER BY id DESC LIMIT 1""", (cad.empresa_id,))
    assert depois["depois"]["favorecido"]["tipo_conta"] == "CORRENTE"  # a bank account's kind unless told
    assert ok(put(cliente, {"lancamentos": [liquido(cad, 1, "1000.00")]}))["alterados"] == 1
    assert cliente.get(f"/api/lancamentos/{ana}").get_json()["favorecido"] is None


def test_a_favorecido_is_validated_as_a_fornecedor_and_errors_name_the_field(cliente, cad, sql_dono):
    def erro(favorecido, **extra):
        resposta = put(cliente, {"lancamentos": [liquido(cad, 1, favorecido=favorecido, **extra)]})
        assert resposta.status_code == 400, resposta.get_json()
        return resposta.get_json()["campos"]

    campo = "lancamentos.0.favorecido"
    [(nome, texto)] = erro({**ANA, "documento": "52998224724"}).items()
    assert (nome, texto.startswith("CPF inválido")) == (f"{campo}.documento", True)
    assert f"{campo}.nome" in erro({**ANA, "nome": ""})
    assert set(erro({**BRUNO, "conta": None})) == {f"{campo}.conta"}
    assert "juntos" in erro({**BRUNO, "conta": None})[f"{campo}.conta"]
    assert f"{campo}.tipo_conta" in erro({**ANA, "tipo_conta": "CORRENTE"})
    assert f"{campo}.agencia" in erro({**BRUNO, "agencia": "12a4"})
    assert f"{campo}.banco" in erro({**BRUNO, "banco": "34"})
    assert f"{campo}.chave_pix" in erro({**ANA, "chave_pix": "ana@"})
    assert f"{campo}.chave_pix" in erro({**ANA, "tipo_chave_pix": "EMAIL"})
    assert f"{campo}.tipo_chave_pix" in erro({**ANA, "tipo_chave_pix": "OUTRO"})
    assert erro(ANA, fornecedor_id=cad.fornecedor_id) == {campo: "Informe o fornecedor ou o favorecido, não os dois"}
    assert erro(ANA, tipo="RECEITA", categoria_id=cad.receita_id) == {campo: "Só uma despesa tem favorecido"}
    assert sql_dono("SELECT count(*) AS n FROM financeiro.lancamentos WHERE empresa_id = %s",
                    (cad.empresa_id,))[0]["n"] == 0


def test_a_salary_file_pays_by_pix_credito_em_conta_and_ted(cliente, cad, conta):
    ids = folha(cliente, cad, ANA, BRUNO, CARLA)
    feito = gerar(cliente, conta, ids, servico="SALARIOS")
    assert (feito["finalidade"], feito["layout"], feito["quantidade"], feito["valor_total"]) == (
        "PAGAMENTOS", "CNAB240", 3, "3000.00")
    texto = arquivo(cliente, feito["id"])  # and the independent structural checker finds nothing wrong
    assert all(linha[9:11] == "30" for linha in texto.split("\r\n") if linha[7:8] == "1")
    por_forma = {h["forma_lancamento"]: detalhes for h, detalhes, _ in
                 lotes(registros_240(layout.carregar("febraban240_pagamentos"), texto))}
    assert sorted(por_forma) == ["01", "41", "45"]
    [(_, a_pix), (nome_b, b_pix)] = por_forma["45"]
    assert (a_pix["camara"], a_pix["nome_favorecido"], nome_b) == ("009", "ANA LIMA", "B_pix")
    assert a_pix["informacao_2"].startswith("00052998224725")
    assert (b_pix["forma_iniciacao"], b_pix["tipo_inscricao_favorecido"], b_pix["inscricao_favorecido"]) == (
        "003", "1", "00052998224725")
    [(_, a_credito), (_, b_credito)] = por_forma["01"]
    assert (a_credito["camara"], a_credito["banco_favorecido"], a_credito["agencia_favorecido"],
            a_credito["conta_favorecido"], a_credito["conta_favorecido_dv"], a_credito["finalidade_ted"]) == (
        "000", "341", "01234", "000000055555", "5", "")
    assert b_credito["inscricao_favorecido"] == "00011144477735"
    [(_, a_ted), _] = por_forma["41"]
    assert (a_ted["camara"], a_ted["banco_favorecido"], a_ted["agencia_favorecido"], a_ted["agencia_favorecido_dv"],
            a_ted["nome_favorecido"], a_ted["finalidade_ted"]) == ("018", "001", "04321", "0", "CARLA DIAS", "00004")
    linhas = cliente.get(f"/api/remessas/{feito['id']}/linhas?limit=50").get_json()["items"]
    acoes = {linha["lancamento_id"]: linha["acao"] for linha in linhas if linha["acao"]}
    assert acoes[ids[0]] == "Pagamento de salário por PIX a Ana Lima — R$ 1.000,00 em 05/01/2027"
    assert acoes[ids[2]].startswith("Pagamento de salário por TED a Carla Dias")


def test_a_supplier_file_keeps_service_20_and_finalidade_00005(cliente, cad, conta, sql_dono):
    ted = fornecedor(sql_dono, cad, "Locadora Lentes", banco="001", agencia="4321-0", conta="98765-4")
    feito = gerar(cliente, conta, [lancamento(cliente, cad, tipo="DESPESA", fornecedor_id=ted)])
    [cabecalho, a] = [linha for linha in arquivo(cliente, feito["id"]).split("\r\n") if linha[7:8] in ("1", "3")][:2]
    assert (cabecalho[9:11], a[219:224]) == ("20", "00005")


def test_a_funcionario_without_bank_data_is_named_and_no_file_is_made(cliente, cad, conta, sql_dono):
    sem_dados = {"nome": "Davi Souza", "documento": "71428793860"}
    ids = folha(cliente, cad, ANA, sem_dados)
    corpo = gerar(cliente, conta, ids, status=400, servico="SALARIOS")
    assert corpo["campos"] == {"lancamento_ids.1": (
        f"Lançamento {ids[1]} (Salário 11/2026 — F2): o favorecido Davi Souza não tem dados bancários nem chave PIX")}
    assert sql_dono("SELECT count(*) AS n FROM financeiro.arquivos_cnab WHERE empresa_id = %s",
                    (cad.empresa_id,))[0]["n"] == 0


def test_a_retry_does_not_pay_twice(cliente, cad, conta, sql_dono):
    ids = folha(cliente, cad, ANA, BRUNO)
    gerar(cliente, conta, ids, servico="SALARIOS")
    corpo = gerar(cliente, conta, ids, status=400, servico="SALARIOS")
    assert all("à espera do retorno do banco" in motivo for motivo in corpo["campos"].values())
    assert len(corpo["campos"]) == 2
    assert sql_dono("SELECT count(*) AS n FROM financeiro.pagamentos WHERE empresa_id = %s",
                    (cad.empresa_id,))[0]["n"] == 2


def test_salarios_are_paid_not_charged(cliente, cad, conta):
    receita = lancamento(cliente, cad)
    assert "servico" in gerar(cliente, conta, [receita], status=400, servico="SALARIOS")["campos"]
    assert "servico" in gerar(cliente, conta, [receita], status=400, servico="DIVERSOS")["campos"]


def test_another_empresas_favorecidos_are_out_of_reach(como, cadastro, nova_empresa, sql_dono, database):
    minha, outra = cadastro(nova_empresa()), cadastro(nova_empresa())
    eu, ela = como(minha.empresa_id), como(outra.empresa_id)
    [dela] = folha(ela, outra, ANA)
    assert eu.get(f"/api/lancamentos/{dela}").status_code == 404
    configurar(sql_dono, minha)
    assert eu.post("/api/remessas/gerar", json={"conta_id": minha.conta_id, "lancamento_ids": [dela],
                                                "servico": "SALARIOS"}).status_code == 404

    def com_favorecido(empresa_id):  # as the services read: the app role, a query without WHERE empresa_id
        with psycopg2.connect(database.app_url) as conn, conn.cursor() as cur:
            cur.execute("SELECT set_config('app.empresa_id', %s, true)", (str(empresa_id),))
            cur.execute("SELECT id FROM financeiro.lancamentos WHERE favorecido IS NOT NULL")
            return [linha[0] for linha in cur.fetchall()]
    assert (com_favorecido(minha.empresa_id), com_favorecido(outra.empresa_id)) == ([], [dela])


def test_needs_financeiro_escrever(como, cad, conta):
    [ana] = folha(como(cad.empresa_id), cad, ANA)
    leitor = como(cad.empresa_id, perms=["financeiro:ler"])
    assert leitor.post("/api/remessas/gerar", json={"conta_id": conta, "lancamento_ids": [ana],
                                                    "servico": "SALARIOS"}).status_code == 403


def test_a_payroll_of_6000_is_one_request_in_seconds(cliente, cad, monkeypatch):
    """6,002 lançamentos (6,000 net pays and the two guides) created, then the same request again:
    a statement per kind of write, not one per lançamento (~6,300 before, an audit row each)."""
    corpo = {"lancamentos": [liquido(cad, n, favorecido=ANA) for n in range(6000)]
             + [liquido(cad, f"guia{n}", "100.00") for n in range(2)]}
    enviadas = []
    executar = psycopg2.extras.RealDictCursor.execute
    monkeypatch.setattr(psycopg2.extras.RealDictCursor, "execute",
                        lambda cur, *args, **kwargs: enviadas.append(1) or executar(cur, *args, **kwargs))
    inicio = time.perf_counter()
    feito = ok(put(cliente, corpo))
    novo = time.perf_counter() - inicio
    assert (feito["criados"], len(feito["lancamentos"])) == (6002, 6002)
    assert len(enviadas) < 40, len(enviadas)
    comandos = len(enviadas)
    enviadas.clear()
    inicio = time.perf_counter()
    assert ok(put(cliente, corpo))["criados"] == 0
    igual = time.perf_counter() - inicio
    assert len(enviadas) < 20, len(enviadas)
    # ~1.8 s and ~0.6 s on an idle 2-core machine (printed with -s); the statements, not the clock,
    # are what the assertions hold, as the machine may be busy.
    print(f"\nPUT de 6.002 lançamentos: novos {novo:.2f} s ({comandos} comandos SQL), "
          f"sem mudança {igual:.2f} s ({len(enviadas)})")
