"""A conta's cobrança settings and a fornecedor's PIX key in Chromium, through the frontend only.

The office sets up boletos on its Banco do Brasil conta — the form asks what that bank asks, and a
convênio of the wrong length is refused next to the field, in the bank's words —, sees the
"Cobrança" badge in the list, removes it again; on its Itaú conta no convênio is asked at all;
and a fornecedor gets the PIX key it is paid by.
"""
import re

import pytest
from playwright.sync_api import expect

SENHA = "senha-forte-123"


@pytest.fixture(scope="module")
def escritorio(admin_http, nova_equipe):
    """An empresa and its manager; through the API a BB and an Itaú conta with agência and número,
    a categoria for the tarifas and a fornecedor."""
    equipe = nova_equipe("Estúdio Boletos", {"gerente": ["cadastros:escrever", "cadastros:ler"]})
    sufixo = equipe["sufixo"]
    http = type(admin_http)(admin_http.base)
    http.entrar(equipe["gerente"]["username"], SENHA)
    try:
        for nome, banco in ((f"BB {sufixo}", "001"), (f"Itaú {sufixo}", "341")):
            http.criar("/api/contas", nome=nome, banco=banco, agencia="1234", numero="56789-0")
        http.criar("/api/categorias", nome=f"Tarifas bancárias {sufixo}", tipo="DESPESA")
        http.criar("/api/fornecedores", nome=f"Fotolab {sufixo}")
    finally:
        http.close()
    return equipe


def linha(pagina, texto):
    return pagina.get_by_role("table").locator("tbody tr").filter(has_text=texto)


def abrir_cobranca(pagina, conta, botao):
    linha(pagina, conta).click()
    pagina.get_by_role("dialog", name=f"Editar conta {conta}").get_by_role("button", name=botao).click()
    dialogo = pagina.get_by_role("dialog", name=f"Cobrança da conta {conta}")
    expect(dialogo).to_be_visible()
    return dialogo


def salvar_e_reabrir(pagina, dialogo, conta):
    """Saves the open cobrança dialog, sees the conta's badge, and opens what was saved again."""
    dialogo.get_by_role("button", name="Salvar cobrança").click()
    expect(dialogo).to_have_count(0)
    expect(linha(pagina, conta).get_by_text("Cobrança", exact=True)).to_be_visible()
    return abrir_cobranca(pagina, conta, "Cobrança (boletos e PIX)")


def test_cobranca_de_uma_conta_com_as_regras_do_banco(abrir_pagina, entrar, escritorio):
    sufixo = escritorio["sufixo"]
    bb, itau = f"BB {sufixo}", f"Itaú {sufixo}"
    pagina = abrir_pagina()
    entrar(pagina, escritorio["gerente"]["username"], SENHA)
    pagina.goto("/cadastros/contas")
    expect(linha(pagina, bb)).to_be_visible()
    expect(linha(pagina, bb).get_by_text("Cobrança", exact=True)).to_have_count(0)

    dialogo = abrir_cobranca(pagina, bb, "Configurar cobrança")
    # Banco do Brasil: convênio (with its lengths as the hint), carteira and variação.
    convenio = dialogo.get_by_label("Convênio")
    expect(dialogo.get_by_text("4, 6, 7 ou 8 dígitos, como 1234567")).to_be_visible()
    expect(dialogo.get_by_label("Layout do arquivo")).to_have_value("CNAB240")
    convenio.fill("12345")
    dialogo.get_by_label("Carteira").select_option("17")
    dialogo.get_by_label("Variação").fill("019")
    dialogo.get_by_label("Multa (%)").fill("2")
    dialogo.get_by_label("Juros ao mês (%)").fill("1,5")
    tarifas = dialogo.get_by_role("combobox", name="Categoria das tarifas")
    tarifas.fill("tarifas banc")
    dialogo.get_by_role("option", name=f"Tarifas bancárias {sufixo}").click()
    dialogo.get_by_role("button", name="Salvar cobrança").click()
    expect(convenio).to_have_attribute("aria-invalid", "true")
    expect(dialogo.get_by_text("O convênio do Banco do Brasil tem 4, 6, 7 ou 8 dígitos; exemplo: 1234567")).to_be_visible()
    convenio.fill("1234567")
    # Saved, it gets the badge; opened again, it shows what was saved; then it is removed, and the
    # badge goes.
    dialogo = salvar_e_reabrir(pagina, dialogo, bb)
    expect(dialogo.get_by_label("Convênio")).to_have_value("1234567")
    expect(dialogo.get_by_label("Carteira")).to_have_value("17")
    expect(dialogo.get_by_label("Juros ao mês (%)")).to_have_value("1,50")
    expect(dialogo.get_by_role("combobox", name="Categoria das tarifas")).to_have_value(f"Tarifas bancárias {sufixo}")
    dialogo.get_by_role("button", name="Remover cobrança").click()
    pagina.get_by_role("dialog", name="Remover cobrança").get_by_role("button", name="Remover").click()
    expect(dialogo).to_have_count(0)
    expect(linha(pagina, bb).get_by_text("Cobrança", exact=True)).to_have_count(0)

    # Itaú asks for no convênio: agência and conta identify the beneficiário; CNAB 400 first.
    dialogo = abrir_cobranca(pagina, itau, "Configurar cobrança")
    expect(dialogo.get_by_label("Convênio")).to_have_count(0)
    expect(dialogo.get_by_text("O Itaú não usa convênio")).to_be_visible()
    expect(dialogo.get_by_label("Layout do arquivo")).to_have_value("CNAB400")
    dialogo.get_by_label("Carteira").select_option("109")
    dialogo.get_by_label("Chave PIX").fill("Financeiro@Estudio.com.br")
    dialogo = salvar_e_reabrir(pagina, dialogo, itau)
    expect(dialogo.get_by_label("Chave PIX")).to_have_value("financeiro@estudio.com.br")
    expect(dialogo.get_by_label("Tipo da chave")).to_have_value("EMAIL")


def test_chave_pix_de_um_fornecedor(abrir_pagina, entrar, escritorio):
    fornecedor = f"Fotolab {escritorio['sufixo']}"
    pagina = abrir_pagina()
    entrar(pagina, escritorio["gerente"]["username"], SENHA)
    pagina.goto("/cadastros/fornecedores")

    linha(pagina, fornecedor).click()
    dialogo = pagina.get_by_role("dialog", name=f"Editar fornecedor {fornecedor}")
    pagamento = dialogo.get_by_role("group", name="Dados para pagamento")
    # A bank without agência and conta is refused, next to the missing fields.
    banco = pagamento.get_by_role("combobox", name="Banco")
    banco.fill("bradesco")
    pagamento.get_by_role("option", name=re.compile(r"^237 — ")).click()
    pagamento.get_by_label("Chave PIX").fill("+55 (11) 98765-4321")
    dialogo.get_by_role("button", name="Salvar").click()
    expect(pagamento.get_by_label("Agência")).to_have_attribute("aria-invalid", "true")
    expect(pagamento.get_by_text("Informe a agência também: banco, agência e conta vão juntos")).to_be_visible()
    pagamento.get_by_label("Agência").fill("3391")
    pagamento.get_by_label("Conta", exact=True).fill("45873-2")
    dialogo.get_by_role("button", name="Salvar").click()
    expect(dialogo).to_have_count(0)

    linha(pagina, fornecedor).click()
    dialogo = pagina.get_by_role("dialog", name=f"Editar fornecedor {fornecedor}")
    pagamento = dialogo.get_by_role("group", name="Dados para pagamento")
    expect(pagamento.get_by_role("combobox", name="Banco")).to_have_value(re.compile(r"^237 — "))
    expect(pagamento.get_by_label("Chave PIX")).to_have_value("+5511987654321")
    expect(pagamento.get_by_label("Tipo da chave")).to_have_value("TELEFONE")
    expect(pagamento.get_by_label("Tipo de conta")).to_have_value("CORRENTE")
