"""Processing the payroll in Chromium, against the live services, through the frontend only: with
nothing configured and no categoria named like salaries, processing is refused naming what to
configure; the Configuração dialog picks the conta and the categorias; processing a funcionário at
6.000,00 (November 2026) creates the payables — the net 4.973,39, the DARF with INSS + IRRF
1.026,61, the FGTS 480,00 — listed with links into Financeiro, where the salary is in the ledger;
the month then shows the stored folha and offers no second processing; the history lists it and
opens its page; on a phone nothing is wider than the window; someone who only reads sees the
processed month without its buttons; after the salary was paid and raised, reprocessing changes
the guides and names the paid salary it could not change; with Financeiro down a month is stored
pending, and "Tentar de novo" creates its payables once it is back. The tests follow one another
(the month processed by the first is the one the others read)."""
import re

import pytest
from playwright.sync_api import expect

SENHA = "senha-forte-123"
COMPETENCIA = "2026-11"


@pytest.fixture(scope="module")
def estudio(admin_http, nova_equipe):
    """An empresa whose categorias have names processing does not find by itself, a conta, and
    Marina at 6.000,00 since March 2026 — all through the API."""
    equipe = nova_equipe("Estúdio Folha", {
        "dono": ["cadastros:escrever", "rh:escrever", "financeiro:escrever"],
        "rh": ["rh:escrever", "financeiro:escrever"],
        "leitor": ["rh:ler"],
    })
    sufixo = equipe["sufixo"]
    http = type(admin_http)(admin_http.base)
    http.entrar(equipe["dono"]["username"], SENHA)
    try:
        http.criar("/api/contas", nome=f"Banco do Estúdio {sufixo}", tipo="CORRENTE", banco="341", agencia="1234",
                   numero="12345-6", saldo_inicial="0.00")
        equipe["remuneracao"] = http.criar("/api/categorias", nome=f"Remuneração da equipe {sufixo}", tipo="DESPESA")
        equipe["tributos"] = http.criar("/api/categorias", nome=f"Tributos trabalhistas {sufixo}", tipo="DESPESA")
        http.criar("/api/funcionarios", nome="Marina Folha", cpf="529.982.247-25", data_admissao="2026-03-02",
                   salario="6000.00", cargo="Editora de imagens")
    finally:
        http.close()
    return equipe


def _sem_rolagem_lateral(pagina):
    larguras = pagina.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert larguras[0] <= larguras[1], f"a página é mais larga que a janela: {larguras}"


def _categoria(categoria):
    """A top-level categoria as the pickers show it."""
    return f"{categoria['codigo']} {categoria['nome']}"


def test_processar_a_folha_e_ver_as_contas_no_financeiro(abrir_pagina, entrar, estudio):
    pagina = abrir_pagina()
    entrar(pagina, estudio["rh"]["username"], SENHA)
    pagina.goto(f"/rh/folha?competencia={COMPETENCIA}")
    linha = pagina.get_by_role("table").first.locator("tbody > tr").filter(has_text="Marina Folha").first
    expect(linha).to_contain_text("R$\u00a04.973,39")

    # Nothing configured and no categoria named like salaries: refused, naming what to configure.
    pagina.get_by_role("button", name="Processar folha").click()
    confirmacao = pagina.get_by_role("dialog", name="Processar a folha de novembro de 2026")
    expect(confirmacao).to_contain_text("cria no Financeiro as contas a pagar")
    expect(confirmacao).to_contain_text("fecha o mês")
    confirmacao.get_by_role("button", name="Processar folha").click()
    expect(confirmacao.get_by_role("alert")).to_contain_text(re.compile("categoria", re.IGNORECASE))
    confirmacao.get_by_role("button", name="Cancelar").click()
    expect(confirmacao).to_have_count(0)

    # The configuration, with the pickers of Cadastros.
    pagina.get_by_role("button", name="Configuração").click()
    dialogo = pagina.get_by_role("dialog", name="Configuração da folha")
    dialogo.get_by_label("Conta de pagamento").select_option(label=f"Banco do Estúdio {estudio['sufixo']}")
    dialogo.get_by_label("Categoria dos salários").select_option(label=_categoria(estudio["remuneracao"]))
    dialogo.get_by_label("Categoria dos encargos").select_option(label=_categoria(estudio["tributos"]))
    dialogo.get_by_role("button", name="Salvar configuração").click()
    expect(dialogo).to_have_count(0)
    pagina.get_by_role("button", name="Configuração").click()
    expect(dialogo.get_by_label("Categoria dos salários")).to_have_value(str(estudio["remuneracao"]["id"]))
    pagina.keyboard.press("Escape")

    pagina.get_by_role("button", name="Processar folha").click()
    confirmacao.get_by_role("button", name="Processar folha").click()
    expect(confirmacao).to_have_count(0)

    # The processed month: its banner, the payables in Financeiro, the stored holerite.
    expect(pagina.get_by_text(re.compile(r"Folha de novembro de 2026 processada em .* \(versão 1\)"))).to_be_visible()
    contas = pagina.get_by_role("table", name="Contas a pagar da folha de novembro de 2026")
    salario = contas.locator("tbody > tr").filter(has_text="Marina Folha")
    expect(salario).to_contain_text("R$\u00a04.973,39")
    expect(salario).to_contain_text("Pendente")
    expect(contas.locator("tbody > tr").filter(has_text="INSS e IRRF")).to_contain_text("R$\u00a01.026,61")
    expect(contas.locator("tbody > tr").filter(has_text="FGTS")).to_contain_text("R$\u00a0480,00")
    expect(contas.locator("tbody > tr")).to_have_count(3)
    expect(pagina.get_by_role("button", name="Processar folha")).to_have_count(0)
    expect(pagina.get_by_role("button", name="Reprocessar")).to_be_visible()
    pagina.get_by_role("button", name="Ver holerite de Marina Folha").click()
    expect(pagina.get_by_role("table", name="Holerite de Marina Folha")).to_contain_text("641,51")

    # Again after a reload: processed, not offered twice.
    pagina.reload()
    expect(pagina.get_by_text(re.compile(r"processada em .* \(versão 1\)"))).to_be_visible()
    expect(pagina.get_by_role("button", name="Processar folha")).to_have_count(0)

    # The salary's link opens Financeiro's ledger on it.
    salario.get_by_role("link").click()
    expect(pagina).to_have_url(re.compile(r"/financeiro\?"))
    razao = pagina.get_by_role("table").locator("tbody tr").filter(has_text="Marina Folha")
    expect(razao).to_have_count(1)
    expect(razao).to_contain_text("R$\u00a04.973,39")

    # The history lists the month and opens its page.
    pagina.goto("/rh/folha/historico")
    mes = pagina.get_by_role("table").locator("tbody tr").filter(has_text="novembro de 2026")
    expect(mes).to_contain_text("Processada")
    expect(mes).to_contain_text("R$\u00a04.973,39")
    expect(mes).to_contain_text("R$\u00a01.026,61")
    mes.click()
    expect(pagina).to_have_url(re.compile(r"/rh/folha/\d+$"))
    expect(pagina.get_by_text(re.compile(r"Folha de novembro de 2026 processada em"))).to_be_visible()
    expect(pagina.get_by_role("link", name="Histórico", exact=False).first).to_be_visible()


def test_no_celular_a_folha_processada_cabe_na_janela(abrir_pagina, entrar, estudio):
    pagina = abrir_pagina()
    pagina.set_viewport_size({"width": 390, "height": 844})
    entrar(pagina, estudio["rh"]["username"], SENHA)
    pagina.goto(f"/rh/folha?competencia={COMPETENCIA}")
    expect(pagina.get_by_role("table", name="Contas a pagar da folha de novembro de 2026")).to_contain_text("4.973,39")
    pagina.get_by_role("button", name="Ver holerite de Marina Folha").click()
    expect(pagina.get_by_role("table", name="Holerite de Marina Folha")).to_be_visible()
    _sem_rolagem_lateral(pagina)
    pagina.goto("/rh/folha/historico")
    expect(pagina.get_by_text("novembro de 2026")).to_be_visible()
    _sem_rolagem_lateral(pagina)


def test_quem_so_le_ve_a_folha_processada_sem_botoes(abrir_pagina, entrar, estudio):
    pagina = abrir_pagina()
    entrar(pagina, estudio["leitor"]["username"], SENHA)
    pagina.goto(f"/rh/folha?competencia={COMPETENCIA}")
    expect(pagina.get_by_text(re.compile(r"processada em .* \(versão 1\)"))).to_be_visible()
    expect(pagina.get_by_text("3 contas a pagar no Financeiro")).to_be_visible()
    expect(pagina.get_by_role("button", name="Reprocessar")).to_have_count(0)
    expect(pagina.get_by_role("button", name="Configuração")).to_have_count(0)
    expect(pagina.get_by_role("button", name="Ver holerite de Marina Folha")).to_be_visible()


def test_reprocessar_muda_as_guias_e_aponta_o_salario_ja_pago(abrir_pagina, entrar, admin_http, estudio):
    http = type(admin_http)(admin_http.base)
    http.entrar(estudio["dono"]["username"], SENHA)
    try:
        folha = http.get("/api/folha/historico").json()["items"][0]
        lancamentos = http.get("/api/lancamentos", params={"origem": f"folha:{folha['id']}"}).json()["items"]
        salario = next(x for x in lancamentos if "Marina Folha" in x["descricao"])
        http.criar(f"/api/lancamentos/{salario['id']}/baixas", valor=salario["valor"], data="2026-12-04")
        marina = http.get("/api/funcionarios", params={"q": "Marina"}).json()["items"][0]
        alterada = http.put(f"/api/funcionarios/{marina['id']}", json={"salario": "7000.00"})
        assert alterada.status_code == 200, alterada.text
    finally:
        http.close()

    pagina = abrir_pagina()
    entrar(pagina, estudio["rh"]["username"], SENHA)
    pagina.goto(f"/rh/folha?competencia={COMPETENCIA}")
    pagina.get_by_role("button", name="Reprocessar").click()
    confirmacao = pagina.get_by_role("dialog", name="Reprocessar a folha de novembro de 2026")
    expect(confirmacao).to_contain_text("as já pagas não são alteradas")
    confirmacao.get_by_role("button", name="Reprocessar").click()
    expect(confirmacao).to_have_count(0)

    expect(pagina.get_by_text(re.compile(r"processada em .* \(versão 2\)"))).to_be_visible()
    expect(pagina.get_by_role("status").filter(has_text="Contas já pagas não foram alteradas")).to_contain_text(
        "R$\u00a04.973,39")
    contas = pagina.get_by_role("table", name="Contas a pagar da folha de novembro de 2026")
    pago = contas.locator("tbody > tr").filter(has_text="Marina Folha")
    expect(pago).to_contain_text("Não alterada: já paga")
    expect(pago).to_contain_text("R$\u00a04.973,39")
    expect(contas.locator("tbody > tr").filter(has_text="FGTS")).to_contain_text("R$\u00a0560,00")
    holerites = pagina.get_by_role("table", name="Folha de novembro de 2026", exact=True)
    expect(holerites).to_contain_text("R$\u00a07.000,00")


def test_com_o_financeiro_fora_do_ar_a_folha_fica_pendente_ate_tentar_de_novo(abrir_pagina, entrar, live_services,
                                                                              estudio):
    pagina = abrir_pagina()
    entrar(pagina, estudio["rh"]["username"], SENHA)
    pagina.goto("/rh/folha?competencia=2026-10")
    expect(pagina.get_by_role("button", name="Ver holerite de Marina Folha")).to_be_visible()
    live_services.stop("financeiro-api")
    try:
        pagina.get_by_role("button", name="Processar folha").click()
        pagina.get_by_role("dialog", name="Processar a folha de outubro de 2026").get_by_role(
            "button", name="Processar folha").click()
        pendente = pagina.get_by_role("alert").filter(has_text="Contas a pagar ainda não criadas no Financeiro")
        expect(pendente).to_be_visible()
    finally:
        live_services.start("financeiro-api")
    pendente.get_by_role("button", name="Tentar de novo").click()
    expect(pendente).to_have_count(0)
    contas = pagina.get_by_role("table", name="Contas a pagar da folha de outubro de 2026")
    expect(contas.locator("tbody > tr")).to_have_count(3)
    expect(pagina.get_by_role("button", name="Processar folha")).to_have_count(0)
