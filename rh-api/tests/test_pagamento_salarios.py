"""POST /api/folha/<id>/pagamento: the salary payment file (CNAB 240) of a processed folha, made by
the real financeiro (served in a thread, as test_folha_processamento.py does) from the folha's
payables, each carrying its funcionário as the favorecido."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from test_folha_processamento import (  # noqa: E402,F401  (the fixtures this module shares)
    _apps_vizinhos, _processar, app, cadastro, financeiro, permissoes_de_escrita, vizinhos)

ANA = {"nome": "Ana Lima", "cpf": "529.982.247-25", "chave_pix": "52998224725", "tipo_chave_pix": "CPF"}
BRUNO = {"nome": "Bruno Alves", "cpf": "111.444.777-35", "salario": "6000.00", "banco": "341", "agencia": "1234",
         "conta_bancaria": "55555-5", "tipo_conta_bancaria": "CORRENTE"}
CARLA = {"nome": "Carla Dias", "cpf": "390.533.447-05", "salario": "3000.00", "banco": "001", "agencia": "4321-0",
         "conta_bancaria": "98765-4", "tipo_conta_bancaria": "POUPANCA"}


@pytest.fixture
def conta(sql_dono, empresa, cadastro):
    """The folha's conta, at Itaú with its bank settings (Cadastros › Contas › Cobrança)."""
    sql_dono("UPDATE cadastros.contas SET banco = '341', agencia = '1234', numero = '12345-6' WHERE id = %s",
             (cadastro["conta"],), empresa_id=empresa)
    sql_dono("""INSERT INTO cadastros.contas_cobranca (empresa_id, conta_id, layout, carteira, beneficiario_nome,
                                                       beneficiario_documento, beneficiario_endereco)
                VALUES (%s, %s, 'CNAB240', '109', 'Estúdio Luz Ltda', '11222333000181', 'Rua das Flores, 10')""",
             (empresa, cadastro["conta"]), empresa_id=empresa)
    return cadastro["conta"]


def pagar(cliente, folha_id, conta_id, status=201, **extra):
    resposta = cliente.post(f"/api/folha/{folha_id}/pagamento", json={"conta_id": conta_id, **extra})
    assert resposta.status_code == status, resposta.get_json()
    return resposta.get_json()


def detalhes(texto):
    """(segment, line) of each detail, and the header de lote of each lote."""
    linhas = texto.split("\r\n")[:-1]
    return ([(linha[13], linha) for linha in linhas if linha[7] == "3"], [linha for linha in linhas if linha[7] == "1"])


def test_o_arquivo_paga_por_pix_credito_em_conta_e_ted(cliente, criar_funcionario, conta, financeiro):
    for dados in (ANA, BRUNO, CARLA):
        criar_funcionario(cliente, **dados)
    folha = _processar(cliente)
    feito = pagar(cliente, folha["id"], conta)
    assert (feito["finalidade"], feito["layout"], feito["quantidade"], feito["banco"]) == ("PAGAMENTOS", "CNAB240", 3,
                                                                                           "341")
    baixado = financeiro("GET", f"/api/remessas/{feito['id']}/arquivo")
    assert baixado.status_code == 200
    segmentos, cabecalhos = detalhes(baixado.content.decode("ascii"))
    assert [c[9:11] for c in cabecalhos] == ["30"] * 3  # tipo de serviço 30: pagamento de salários
    por_nome = {linha[43:73].strip(): linha for segmento, linha in segmentos if segmento == "A"}
    assert sorted(por_nome) == ["ANA LIMA", "BRUNO ALVES", "CARLA DIAS"]
    # PIX by the CPF key (câmara 009), its B with forma de iniciação 03 and the CPF.
    assert por_nome["ANA LIMA"][17:20] == "009"
    [b_pix] = [linha for segmento, linha in segmentos if segmento == "B" and linha[14:17] == "003"]
    assert b_pix[18:32] == "00052998224725"
    # Crédito em conta in the same bank: câmara 000, agência 01234, conta 55555 DV 5.
    credito = por_nome["BRUNO ALVES"]
    assert (credito[17:20], credito[20:23], credito[23:28], credito[29:41], credito[41]) == (
        "000", "341", "01234", "000000055555", "5")
    # TED to another bank, finalidade 00004 (pagamento de salários).
    ted = por_nome["CARLA DIAS"]
    assert (ted[17:20], ted[20:23], ted[23:29], ted[219:224]) == ("018", "001", "043210", "00004")
    pagamentos = financeiro("GET", f"/api/remessas/{feito['id']}").json()["pagamentos"]
    assert sorted(p["forma"] for p in pagamentos) == ["CREDITO_CONTA", "PIX", "TED"]


def test_quem_nao_tem_conta_nem_chave_pix_e_apontado_pelo_nome(cliente, criar_funcionario, conta, sql_dono, empresa):
    criar_funcionario(cliente, **ANA)
    criar_funcionario(cliente, nome="Davi Souza", cpf="714.287.938-60")
    folha = _processar(cliente)
    corpo = pagar(cliente, folha["id"], conta, status=400)
    [motivo] = corpo["campos"].values()
    assert "o favorecido Davi Souza não tem dados bancários nem chave PIX" in motivo
    assert "nenhum arquivo foi gerado" in corpo["error"]
    assert sql_dono("SELECT count(*) AS n FROM financeiro.arquivos_cnab WHERE empresa_id = %s", (empresa,))[0]["n"] == 0


def test_a_conta_mudada_depois_do_processamento_e_a_que_recebe(cliente, criar_funcionario, conta, financeiro):
    ana = criar_funcionario(cliente, **ANA)
    folha = _processar(cliente)
    assert cliente.put(f"/api/funcionarios/{ana['id']}", json={
        "chave_pix": None, "tipo_chave_pix": None, "banco": "341", "agencia": "1234", "conta_bancaria": "777-1",
        "tipo_conta_bancaria": "CORRENTE"}).status_code == 200
    feito = pagar(cliente, folha["id"], conta)
    [pagamento] = financeiro("GET", f"/api/remessas/{feito['id']}").json()["pagamentos"]
    assert pagamento["forma"] == "CREDITO_CONTA"


def test_repetir_o_pedido_nao_paga_duas_vezes(cliente, criar_funcionario, conta, sql_dono, empresa):
    criar_funcionario(cliente, **ANA)
    criar_funcionario(cliente, **BRUNO)
    folha = _processar(cliente)
    pagar(cliente, folha["id"], conta)
    corpo = pagar(cliente, folha["id"], conta, status=400)
    assert len(corpo["campos"]) == 2
    assert all("à espera do retorno do banco" in motivo for motivo in corpo["campos"].values())
    assert sql_dono("SELECT count(*) AS n FROM financeiro.arquivos_cnab WHERE empresa_id = %s", (empresa,))[0]["n"] == 1
    assert sql_dono("SELECT count(*) AS n FROM financeiro.pagamentos WHERE empresa_id = %s", (empresa,))[0]["n"] == 2


def test_folha_pendente_no_financeiro_e_409(cliente, criar_funcionario, conta, vizinhos):
    criar_funcionario(cliente, **ANA)
    vizinhos["financeiro-api"].parar()
    folha = _processar(cliente)
    assert folha["situacao"] == "PENDENTE_FINANCEIRO"
    vizinhos["financeiro-api"].iniciar()
    assert "folha" in pagar(cliente, folha["id"], conta, status=409)["campos"]


def test_validacao_nomeia_o_campo(cliente, criar_funcionario, conta):
    criar_funcionario(cliente, **ANA)
    folha = _processar(cliente)
    assert "conta_id" in pagar(cliente, folha["id"], None, status=400)["campos"]
    assert "layout" in pagar(cliente, folha["id"], conta, status=400, layout="CNAB400")["campos"]


def test_precisa_de_escrever_no_rh_e_no_financeiro(como, cliente, criar_funcionario, conta, empresa):
    criar_funcionario(cliente, **ANA)
    folha = _processar(cliente)
    so_rh = como(empresa, perms=["rh:escrever", "financeiro:ler"])
    assert "financeiro:escrever" in pagar(so_rh, folha["id"], conta, status=403)["error"]
    pagar(como(empresa, perms=["rh:ler", "financeiro:escrever"]), folha["id"], conta, status=403)


def test_folha_ou_conta_de_outra_empresa_e_404(como, cliente, criar_funcionario, conta, nova_empresa, sql_dono):
    criar_funcionario(cliente, **ANA)
    folha = _processar(cliente)
    outra = nova_empresa()
    pagar(como(outra), folha["id"], conta, status=404)
    conta_dela = sql_dono("""INSERT INTO cadastros.contas (empresa_id, nome, nome_busca, tipo, banco, saldo_inicial,
                                                           data_saldo_inicial, ativa)
                             VALUES (%s, 'Dela', 'dela', 'CORRENTE', '341', 0, '2026-01-01', true) RETURNING id""",
                          (outra,), empresa_id=outra)[0]["id"]
    pagar(cliente, folha["id"], conta_dela, status=404)
    pagar(cliente, 999_999_999, conta, status=404)


def test_openapi_documenta_a_rota(cliente):
    operacao = cliente.get("/openapi.json").get_json()["paths"]["/api/folha/{folha_id}/pagamento"]["post"]
    assert {"201", "400", "403", "404", "409"} <= set(operacao["responses"])
