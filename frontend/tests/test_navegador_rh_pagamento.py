"""The salary payment file in Chromium, against the live services, through the frontend only: on a
processed folha, "Arquivo de pagamento (CNAB 240)" offers the contas with bank settings; a
funcionário with neither bank account nor chave PIX is named and no file is made; once he has an
account, the file is made (tipo de serviço 30 in every lote) and downloaded from Financeiro."""
import pytest
from playwright.sync_api import expect

SENHA = "senha-forte-123"


@pytest.fixture(scope="module")
def estudio(admin_http, nova_equipe):
    """An Itaú conta with bank settings, the payroll's categorias, Marina (chave PIX by CPF) and
    Davi (no bank data), and November 2026 processed — all through the API."""
    equipe = nova_equipe("Estúdio Salários", {"dono": ["cadastros:escrever", "rh:escrever", "financeiro:escrever"]})
    sufixo = equipe["sufixo"]
    http = type(admin_http)(admin_http.base)
    http.entrar(equipe["dono"]["username"], SENHA)
    try:
        conta = http.criar("/api/contas", nome=f"Itaú {sufixo}", tipo="CORRENTE", banco="341", agencia="1234",
                           numero="12345-6", saldo_inicial="0.00")
        ajustes = http.put(f"/api/contas/{conta['id']}/cobranca", json={
            "layout": "CNAB240", "carteira": "109", "beneficiario_nome": f"Estúdio Salários {sufixo}",
            "beneficiario_documento": "11222333000181"})
        assert ajustes.status_code == 200, ajustes.text
        http.criar("/api/categorias", nome=f"Salários {sufixo}", tipo="DESPESA")
        http.criar("/api/categorias", nome=f"Encargos {sufixo}", tipo="DESPESA")
        http.criar("/api/funcionarios", nome="Marina Pix", cpf="529.982.247-25", data_admissao="2026-03-02",
                   salario="6000.00", chave_pix="52998224725", tipo_chave_pix="CPF")
        davi = http.criar("/api/funcionarios", nome="Davi Sem Conta", cpf="714.287.938-60",
                          data_admissao="2026-03-02", salario="3000.00")
        configurada = http.put("/api/folha/configuracao", json={"conta_id": conta["id"]})
        assert configurada.status_code == 200, configurada.text
        folha = http.criar("/api/folha/processar", competencia="2026-11")
        assert folha["situacao"] == "PROCESSADA", folha
    finally:
        http.close()
    return {**equipe, "conta": conta, "davi": davi, "folha": folha}


def test_gerar_e_baixar_o_arquivo_de_pagamento(abrir_pagina, entrar, admin_http, estudio):
    pagina = abrir_pagina()
    entrar(pagina, estudio["dono"]["username"], SENHA)
    pagina.goto(f"/rh/folha/{estudio['folha']['id']}")
    pagina.get_by_role("button", name="Arquivo de pagamento (CNAB 240)").click()
    dialogo = pagina.get_by_role("dialog", name="Arquivo de pagamento (CNAB 240)")
    dialogo.get_by_label("Conta de onde saem os salários").select_option(label=estudio["conta"]["nome"])
    dialogo.get_by_role("button", name="Gerar arquivo").click()
    recusa = dialogo.get_by_role("alert")
    expect(recusa).to_contain_text("nenhum arquivo foi gerado")
    expect(recusa.get_by_role("listitem")).to_have_count(1)
    expect(recusa).to_contain_text("o favorecido Davi Sem Conta não tem dados bancários nem chave PIX")

    http = type(admin_http)(admin_http.base)
    http.entrar(estudio["dono"]["username"], SENHA)
    try:
        conta = http.put(f"/api/funcionarios/{estudio['davi']['id']}", json={
            "banco": "001", "agencia": "4321-0", "conta_bancaria": "98765-4", "tipo_conta_bancaria": "CORRENTE"})
        assert conta.status_code == 200, conta.text
    finally:
        http.close()

    dialogo.get_by_role("button", name="Gerar arquivo").click()
    gerado = dialogo.locator("[data-arquivo-pagamento]")
    expect(gerado).to_contain_text("PAG341")
    expect(gerado).to_contain_text("R$\u00a0")
    baixar = dialogo.get_by_role("link", name="Baixar arquivo")
    resposta = pagina.request.get(baixar.get_attribute("href"))
    assert resposta.status == 200
    linhas = resposta.text().split("\r\n")[:-1]
    assert all(len(linha) == 240 for linha in linhas)
    assert sorted(linha[9:11] for linha in linhas if linha[7] == "1") == ["30", "30"]  # a PIX lote, a TED lote
    dialogo.get_by_role("button", name="Fechar").first.click()
    expect(dialogo).to_have_count(0)
