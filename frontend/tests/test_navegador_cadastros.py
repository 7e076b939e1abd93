"""Cadastros in Chromium, against the live services, through the frontend only.

What the studio's office does first: open its bank account and cash box, lay out the chart of
accounts, register clients (a mistyped CPF first), find one again, deactivate it, bring in the
suppliers from a spreadsheet; and someone who may only read sees no button that writes.
"""
import re

import pytest
from playwright.sync_api import expect

SENHA = "senha-forte-123"


@pytest.fixture(scope="module")
def escritorio(nova_equipe):
    """An empresa, its office manager (cadastros:escrever) and a receptionist who only reads."""
    return nova_equipe("Estúdio Cadastros", {"gerente": ["cadastros:escrever", "cadastros:ler"],
                                             "leitor": ["cadastros:ler"]})


@pytest.fixture(scope="module")
def gerente_http(admin_http, escritorio):
    """The manager over HTTP, for records a test needs but does not create on screen."""
    cliente = type(admin_http)(admin_http.base)
    cliente.entrar(escritorio["gerente"]["username"], SENHA)
    yield cliente
    cliente.close()


def linhas(pagina):
    return pagina.get_by_role("table").locator("tbody tr")


def no_da_arvore(pagina, nome):
    """The row of a category in the tree (its code, name and buttons)."""
    return pagina.locator(".no-linha").filter(has=pagina.locator(".nome", has_text=re.compile(f"^{nome}$")))


def test_contas_com_banco_da_lista_saldo_em_reais_e_caixa_sem_banco(abrir_pagina, entrar, escritorio):
    pagina = abrir_pagina()
    entrar(pagina, escritorio["gerente"]["username"], SENHA)
    pagina.get_by_role("navigation", name="Módulos").get_by_role("link", name="Cadastros").click()
    expect(pagina.get_by_role("heading", name="Cadastros")).to_be_visible()
    expect(pagina.get_by_role("link", name="Contas")).to_have_attribute("aria-current", "page")
    expect(pagina.get_by_text("Nenhuma conta cadastrada ainda.")).to_be_visible()

    pagina.get_by_role("button", name="Nova conta").click()
    dialogo = pagina.get_by_role("dialog", name="Nova conta")
    dialogo.get_by_label("Nome").fill("Itaú movimento")
    dialogo.get_by_label("Saldo inicial (R$)").fill("1.234,56")
    dialogo.get_by_label("Data do saldo inicial").fill("01/03/2026")
    # Without a bank, the server's error shows next to the picker.
    dialogo.get_by_role("button", name="Criar conta").click()
    banco = dialogo.get_by_role("combobox", name="Banco")
    expect(banco).to_have_attribute("aria-invalid", "true")
    expect(banco).to_be_focused()

    # The picker searches the banks list as one types; the keyboard picks the option.
    banco.fill("itau unib")
    opcoes = dialogo.get_by_role("listbox", name="Banco").get_by_role("option")
    expect(opcoes).to_have_text([re.compile(r"^341 — ITAÚ UNIBANCO S\.A\.$"), re.compile(r"^652 — Itaú Unibanco Holding")])
    # Esc closes the options, not the dialog; the arrows open them again.
    pagina.keyboard.press("Escape")
    expect(dialogo.get_by_role("listbox", name="Banco")).to_be_hidden()
    expect(dialogo).to_be_visible()
    pagina.keyboard.press("ArrowDown")
    expect(opcoes).to_have_count(2)
    pagina.keyboard.press("ArrowDown")
    expect(opcoes.nth(1)).to_have_attribute("aria-selected", "true")
    pagina.keyboard.press("ArrowUp")
    pagina.keyboard.press("Enter")
    expect(banco).to_have_value(re.compile(r"^341 — ITAÚ UNIBANCO"))
    expect(dialogo.get_by_role("listbox")).to_be_hidden()
    # Caixa has no bank; back to a conta corrente, the bank chosen is still there.
    dialogo.get_by_label("Tipo").select_option("CAIXA")
    expect(banco).to_have_count(0)
    dialogo.get_by_label("Tipo").select_option("CORRENTE")
    expect(banco).to_have_value(re.compile(r"^341 — ITAÚ UNIBANCO"))
    dialogo.get_by_label("Agência").fill("1234")
    dialogo.get_by_label("Número da conta").fill("12345-6")
    dialogo.get_by_role("button", name="Criar conta").click()
    expect(dialogo).to_have_count(0)

    linha = linhas(pagina).filter(has_text="Itaú movimento")
    expect(linha).to_contain_text("341 — ITAÚ UNIBANCO")
    expect(linha).to_contain_text("Ag. 1234 · C/C 12345-6")
    expect(linha.locator("td.numero")).to_have_text("R$ 1.234,56")

    # A cash box has no bank; a negative balance keeps its sign.
    pagina.get_by_role("button", name="Nova conta").click()
    dialogo = pagina.get_by_role("dialog", name="Nova conta")
    dialogo.get_by_label("Nome").fill("Caixa da recepção")
    dialogo.get_by_label("Tipo").select_option("CAIXA")
    expect(dialogo.get_by_role("combobox", name="Banco")).to_have_count(0)
    dialogo.get_by_label("Saldo inicial (R$)").fill("-50")
    dialogo.get_by_role("button", name="Criar conta").click()
    expect(dialogo).to_have_count(0)
    expect(linhas(pagina).filter(has_text="Caixa da recepção").locator("td.numero")).to_have_text("-R$ 50,00")

    # Editing keeps the bank it had, and a name already in use is refused next to the field.
    linhas(pagina).filter(has_text="Caixa da recepção").click()
    dialogo = pagina.get_by_role("dialog", name="Editar conta Caixa da recepção")
    dialogo.get_by_label("Nome").fill("Itaú movimento")
    dialogo.get_by_role("button", name="Salvar").click()
    expect(dialogo.get_by_label("Nome")).to_have_attribute("aria-invalid", "true")
    dialogo.get_by_label("Nome").fill("Caixa do balcão")
    dialogo.get_by_role("button", name="Salvar").click()
    expect(dialogo).to_have_count(0)
    expect(linhas(pagina).filter(has_text="Caixa do balcão")).to_have_count(1)

    linhas(pagina).filter(has_text="Itaú movimento").click()
    dialogo = pagina.get_by_role("dialog", name="Editar conta Itaú movimento")
    expect(dialogo.get_by_role("combobox", name="Banco")).to_have_value(re.compile(r"^341 — ITAÚ UNIBANCO"))
    expect(dialogo.get_by_label("Saldo inicial (R$)")).to_have_value("1.234,56")
    expect(dialogo.get_by_label("Data do saldo inicial")).to_have_value("01/03/2026")
    dialogo.get_by_role("button", name="Desativar conta").click()
    expect(dialogo).to_have_count(0)
    expect(linhas(pagina).filter(has_text="Itaú movimento")).to_have_count(0)
    pagina.get_by_label("Situação").select_option("false")
    expect(linhas(pagina).filter(has_text="Itaú movimento")).to_contain_text("Inativa")


def test_plano_de_contas_em_arvore_pelo_teclado(abrir_pagina, entrar, escritorio):
    pagina = abrir_pagina()
    entrar(pagina, escritorio["gerente"]["username"], SENHA)
    pagina.goto("/cadastros/categorias")
    expect(pagina.get_by_text("Nenhuma categoria cadastrada ainda.")).to_be_visible()

    pagina.get_by_role("button", name="Nova categoria").click()
    dialogo = pagina.get_by_role("dialog", name="Nova categoria")
    dialogo.get_by_label("Nome").fill("Aulas")
    dialogo.get_by_label("Tipo").select_option("RECEITA")
    dialogo.get_by_role("button", name="Criar categoria").click()
    expect(dialogo).to_have_count(0)
    expect(no_da_arvore(pagina, "Aulas").locator(".codigo")).to_have_text("1")

    for nome in ("Mensalidades", "Avulsas"):
        pagina.get_by_role("button", name="Adicionar subcategoria em Aulas").click()
        dialogo = pagina.get_by_role("dialog", name="Nova subcategoria em 1 Aulas")
        dialogo.get_by_label("Nome").fill(nome)
        pagina.keyboard.press("Enter")
        expect(dialogo).to_have_count(0)
    expect(no_da_arvore(pagina, "Mensalidades").locator(".codigo")).to_have_text("1.01")
    expect(no_da_arvore(pagina, "Avulsas").locator(".codigo")).to_have_text("1.02")

    # Up with the keyboard: the codes follow the new order and the focus stays on the moved one.
    pagina.get_by_role("button", name="Subir Avulsas").focus()
    pagina.keyboard.press("Enter")
    expect(no_da_arvore(pagina, "Avulsas").locator(".codigo")).to_have_text("1.01")
    expect(no_da_arvore(pagina, "Mensalidades").locator(".codigo")).to_have_text("1.02")
    expect(pagina.get_by_role("button", name="Descer Avulsas")).to_be_focused()
    expect(pagina.get_by_role("button", name="Subir Avulsas")).to_be_disabled()

    # Collapse and expand.
    recolher = pagina.get_by_role("button", name="Recolher 1 Aulas")
    expect(recolher).to_have_attribute("aria-expanded", "true")
    recolher.press("Enter")
    expect(no_da_arvore(pagina, "Mensalidades")).to_have_count(0)
    pagina.get_by_role("button", name="Expandir 1 Aulas").press("Enter")
    expect(no_da_arvore(pagina, "Mensalidades")).to_be_visible()

    # A category with subcategories cannot be deleted: the server says why, in the dialog.
    pagina.get_by_role("button", name="Editar Aulas").click()
    dialogo = pagina.get_by_role("dialog", name="Editar categoria 1 Aulas")
    dialogo.get_by_role("button", name="Excluir categoria").click()
    pagina.get_by_role("dialog", name="Excluir categoria").get_by_role("button", name="Excluir").click()
    expect(dialogo.get_by_role("alert")).to_contain_text("tem subcategorias")
    dialogo.get_by_role("button", name="Fechar").click()

    # Rename, and deactivate: hidden until the inactive ones are asked for.
    pagina.get_by_role("button", name="Editar Mensalidades").click()
    dialogo = pagina.get_by_role("dialog", name="Editar categoria 1.02 Mensalidades")
    dialogo.get_by_label("Nome").fill("Mensalidades de pilates")
    dialogo.get_by_role("button", name="Salvar").click()
    expect(dialogo).to_have_count(0)
    pagina.get_by_role("button", name="Editar Mensalidades de pilates").click()
    pagina.get_by_role("dialog").get_by_role("button", name="Desativar categoria").click()
    expect(no_da_arvore(pagina, "Mensalidades de pilates")).to_have_count(0)
    pagina.get_by_label("Inativas").select_option("sim")
    expect(no_da_arvore(pagina, "Mensalidades de pilates")).to_contain_text("Inativa")

    # A leaf goes away for good.
    pagina.get_by_role("button", name="Editar Avulsas").click()
    pagina.get_by_role("dialog").get_by_role("button", name="Excluir categoria").click()
    pagina.get_by_role("dialog", name="Excluir categoria").get_by_role("button", name="Excluir").click()
    expect(no_da_arvore(pagina, "Avulsas")).to_have_count(0)
    expect(no_da_arvore(pagina, "Mensalidades de pilates").locator(".codigo")).to_have_text("1.01")


def test_cliente_cpf_errado_depois_certo_busca_e_desativa(abrir_pagina, entrar, escritorio):
    pagina = abrir_pagina()
    entrar(pagina, escritorio["gerente"]["username"], SENHA)
    pagina.goto("/cadastros/clientes")
    nome = f"João da Silva {escritorio['sufixo']}"

    pagina.get_by_role("button", name="Novo cliente").click()
    dialogo = pagina.get_by_role("dialog", name="Novo cliente")
    dialogo.get_by_label("Nome").fill(nome)
    documento = dialogo.get_by_label("CPF ou CNPJ")
    documento.fill("12345678900")
    expect(documento).to_have_value("123.456.789-00")  # the mask as one types
    dialogo.get_by_label("E-mail").fill("joao.silva@exemplo.com.br")
    dialogo.get_by_label("Telefone").fill("11987654321")
    expect(dialogo.get_by_label("Telefone")).to_have_value("(11) 98765-4321")
    dialogo.get_by_label("CEP").fill("01310100")
    dialogo.get_by_label("Logradouro").fill("Avenida Paulista")
    dialogo.get_by_label("Número", exact=True).fill("1000")
    dialogo.get_by_label("Bairro").fill("Bela Vista")
    dialogo.get_by_label("Cidade").fill("São Paulo")
    dialogo.get_by_label("UF").select_option("SP")
    dialogo.get_by_role("button", name="Cadastrar cliente").click()

    # The server's verdict, next to the field, which takes the focus.
    expect(documento).to_have_attribute("aria-invalid", "true")
    expect(documento).to_be_focused()
    expect(dialogo.locator("#campo-cpf_cnpj-erro")).to_have_text("CPF inválido: confira os dígitos")

    documento.fill("529.982.247-25")
    expect(dialogo.locator("#campo-cpf_cnpj-erro")).to_have_count(0)
    dialogo.get_by_role("button", name="Cadastrar cliente").click()
    expect(dialogo).to_have_count(0)
    linha = linhas(pagina).filter(has_text=nome)
    expect(linha).to_contain_text("529.982.247-25")
    expect(linha).to_contain_text("(11) 98765-4321")
    expect(linha).to_contain_text("São Paulo/SP")

    busca = pagina.get_by_label("Buscar")
    for termo in ("jo sil", "529.982", "joao.silva@"):
        busca.fill(termo)
        expect(linhas(pagina)).to_have_count(1)
        expect(linhas(pagina).first).to_contain_text(nome)
    busca.fill("ninguém com este nome")
    expect(pagina.get_by_text("Nenhum cliente encontrado com esses filtros.")).to_be_visible()

    busca.fill("jo sil")
    linhas(pagina).filter(has_text=nome).focus()
    pagina.keyboard.press("Enter")
    dialogo = pagina.get_by_role("dialog", name=f"Editar cliente {nome}")
    expect(dialogo.get_by_label("CPF ou CNPJ")).to_have_value("529.982.247-25")
    expect(dialogo.get_by_label("Tipo de pessoa")).to_have_value("FISICA")
    dialogo.get_by_role("button", name="Desativar cliente").click()
    expect(dialogo).to_have_count(0)
    expect(pagina.get_by_text("Nenhum cliente encontrado com esses filtros.")).to_be_visible()
    pagina.get_by_label("Situação").select_option("false")
    expect(linhas(pagina).filter(has_text=nome)).to_contain_text("Inativo")


def test_importacao_de_fornecedores_recusa_tudo_e_mostra_as_linhas(abrir_pagina, entrar, escritorio):
    pagina = abrir_pagina()
    entrar(pagina, escritorio["gerente"]["username"], SENHA)
    pagina.goto("/cadastros/fornecedores")
    sufixo = escritorio["sufixo"]

    pagina.get_by_role("button", name="Importar CSV").click()
    dialogo = pagina.get_by_role("dialog", name="Importar fornecedores")
    with pagina.expect_download() as baixado:
        dialogo.get_by_role("link", name="Baixar o modelo (CSV)").click()
    modelo = open(baixado.value.path(), encoding="utf-8-sig").read()
    assert modelo.splitlines()[0].replace(",", ";").split(";")[0] == "nome"

    # Windows-1252 with semicolons, as Excel in pt-BR saves it; line 3 has a bad CNPJ.
    ruim = (f"nome;cpf_cnpj;cidade;uf\nGráfica Ágil {sufixo};11.222.333/0001-81;Campinas;SP\n"
            f"Papelaria Érica {sufixo};11.222.333/0001-00;Santos;SP\n").encode("cp1252")
    dialogo.get_by_label("Arquivo CSV").set_input_files({"name": "fornecedores.csv", "mimeType": "text/csv", "buffer": ruim})
    dialogo.get_by_role("button", name="Importar").click()
    relatorio = dialogo.get_by_role("table", name="Linhas com problemas")
    expect(relatorio.locator("tbody tr")).to_have_count(1)
    expect(relatorio.locator("tbody tr")).to_contain_text("3")
    expect(relatorio.locator("tbody tr")).to_contain_text("CPF/CNPJ: CNPJ inválido: confira os dígitos")
    expect(dialogo.locator("#campo-arquivo-erro")).to_contain_text("nada foi importado")

    bom = ruim.replace("11.222.333/0001-00".encode(), b"")
    dialogo.get_by_label("Arquivo CSV").set_input_files({"name": "fornecedores.csv", "mimeType": "text/csv", "buffer": bom})
    expect(relatorio).to_have_count(0)
    dialogo.get_by_role("button", name="Importar").click()
    expect(dialogo).to_have_count(0)
    expect(pagina.get_by_role("status").filter(has_text="2 fornecedores importados.")).to_be_visible()
    expect(linhas(pagina).filter(has_text=f"Gráfica Ágil {sufixo}")).to_contain_text("11.222.333/0001-81")
    expect(linhas(pagina).filter(has_text=f"Papelaria Érica {sufixo}")).to_contain_text("Santos/SP")


def test_quem_so_le_nao_ve_botoes_que_escrevem(abrir_pagina, entrar, escritorio, gerente_http):
    sufixo = escritorio["sufixo"]
    criado = gerente_http.post("/api/clientes", json={"nome": f"Cliente Lido {sufixo}", "email": "lido@exemplo.com.br"})
    assert criado.status_code == 201, criado.text
    categoria = gerente_http.post("/api/categorias", json={"nome": f"Aluguel {sufixo}", "tipo": "DESPESA"})
    assert categoria.status_code == 201, categoria.text

    pagina = abrir_pagina()
    entrar(pagina, escritorio["leitor"]["username"], SENHA)
    pagina.goto("/cadastros/clientes")
    linha = linhas(pagina).filter(has_text=f"Cliente Lido {sufixo}")
    expect(linha).to_be_visible()
    expect(pagina.get_by_role("button", name="Novo cliente")).to_have_count(0)
    expect(pagina.get_by_role("button", name="Importar CSV")).to_have_count(0)
    linha.click()
    dialogo = pagina.get_by_role("dialog", name=f"Cliente Cliente Lido {sufixo}")
    expect(dialogo).to_contain_text("lido@exemplo.com.br")
    expect(dialogo.get_by_role("textbox")).to_have_count(0)
    expect(dialogo.get_by_role("button", name=re.compile("Salvar|Desativar|Excluir"))).to_have_count(0)
    pagina.keyboard.press("Escape")
    expect(dialogo).to_have_count(0)

    pagina.get_by_role("link", name="Categorias").click()
    expect(no_da_arvore(pagina, f"Aluguel {sufixo}")).to_be_visible()
    expect(no_da_arvore(pagina, f"Aluguel {sufixo}").get_by_role("button")).to_have_count(0)
    expect(pagina.get_by_role("button", name="Nova categoria")).to_have_count(0)
    for aba, botao in (("Contas", "Nova conta"), ("Fornecedores", "Novo fornecedor")):
        pagina.get_by_role("link", name=aba).click()
        expect(pagina.get_by_role("link", name=aba)).to_have_attribute("aria-current", "page")
        expect(pagina.get_by_role("button", name=botao)).to_have_count(0)
