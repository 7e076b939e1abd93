"""RH in Chromium, against the live services, through the frontend only: the office registers a
funcionário (a wrong CPF and bank data without the rest are refused under their fields), opens the
month's payroll preview with the 2026 tables (6.000,00 → INSS 641,51, IRRF 385,10), reads how the
INSS was calculated in the holerite, enters overtime in the month's variables and sees the preview
change; filters by situação and deletes someone who left; on a phone nothing is wider than the
window; someone who only reads sees the records and no button that writes."""
import re

import pytest
from playwright.sync_api import expect

SENHA = "senha-forte-123"
CPF_VALIDO = "529.982.247-25"


@pytest.fixture(scope="module")
def estudio(nova_equipe):
    return nova_equipe("Estúdio RH", {"rh": ["rh:escrever"]})


def _sem_rolagem_lateral(pagina):
    larguras = pagina.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert larguras[0] <= larguras[1], f"a página é mais larga que a janela: {larguras}"


def test_cadastrar_funcionario_e_ver_a_folha_do_mes(abrir_pagina, entrar, estudio):
    pagina = abrir_pagina()
    entrar(pagina, estudio["rh"]["username"], SENHA)
    pagina.get_by_role("navigation", name="Módulos").get_by_role("link", name=re.compile("^RH")).click()
    expect(pagina).to_have_url(re.compile(r"/rh$"))
    expect(pagina.get_by_text("Nenhum funcionário cadastrado ainda.")).to_be_visible()
    pagina.get_by_role("button", name="Cadastrar o primeiro funcionário").click()

    dialogo = pagina.get_by_role("dialog", name="Novo funcionário")
    dialogo.get_by_label("Nome").fill("Marina Editora")
    dialogo.get_by_label("CPF").fill("52998224726")
    expect(dialogo.get_by_label("CPF")).to_have_value("529.982.247-26")
    dialogo.get_by_label("Cargo").fill("Editora de imagens")
    dialogo.get_by_label("Admissão").fill("02/03/2026")
    dialogo.get_by_label("Salário (R$)").fill("6.000,00")
    dialogo.get_by_role("button", name="Cadastrar funcionário").click()
    # The server's check digit refusal, under the field it names, which takes the focus.
    expect(dialogo.locator("#campo-cpf-erro")).to_contain_text("CPF inválido")
    expect(dialogo.get_by_label("CPF")).to_be_focused()
    dialogo.get_by_label("CPF").fill(CPF_VALIDO)
    # Bank data is all or none: an agência alone is refused, each missing field named.
    dialogo.get_by_label("Agência").fill("1234")
    dialogo.get_by_role("button", name="Cadastrar funcionário").click()
    expect(dialogo.locator("#campo-conta_bancaria-erro")).to_contain_text("juntos")
    expect(dialogo.locator("#campo-cpf-erro")).to_have_count(0)
    dialogo.get_by_label("Agência").fill("")
    dialogo.get_by_role("button", name="Cadastrar funcionário").click()
    # Closed once the server has stored it: on a machine busy with the whole suite that may take
    # longer than the 5 s default.
    expect(dialogo).to_have_count(0, timeout=15_000)

    linha = pagina.get_by_role("table").locator("tbody tr").filter(has_text="Marina Editora")
    expect(linha).to_contain_text("Editora de imagens")
    expect(linha).to_contain_text("CLT")
    expect(linha).to_contain_text("02/03/2026")
    expect(linha).to_contain_text("R$\u00a06.000,00")

    # The preview: the 2026 tables' worked example (a month fixed in the address, so the figures
    # do not follow the clock into another year's tables).
    pagina.get_by_role("link", name="Folha do mês").click()
    expect(pagina).to_have_url(re.compile(r"/rh/folha$"))
    expect(pagina.get_by_role("group", name="Competência")).to_be_visible()
    pagina.goto("/rh/folha?competencia=2026-11")
    expect(pagina.get_by_text("novembro de 2026").first).to_be_visible()
    folha = pagina.get_by_role("table").first
    celulas = folha.locator("tbody > tr").filter(has_text="Marina Editora").first.locator(":scope > td")
    expect(celulas.nth(1)).to_have_text("R$\u00a06.000,00")
    expect(celulas.nth(2)).to_have_text("R$\u00a0641,51")
    expect(celulas.nth(3)).to_have_text("R$\u00a0385,10")
    expect(celulas.nth(4)).to_have_text("R$\u00a0480,00")
    expect(celulas.nth(6)).to_have_text("R$\u00a04.973,39")
    expect(folha.locator(":scope > tfoot")).to_contain_text("R$\u00a04.973,39")

    # The holerite, and how the INSS was calculated.
    pagina.get_by_role("button", name="Ver holerite de Marina Editora").click()
    holerite = pagina.get_by_role("table", name="Holerite de Marina Editora")
    memo = holerite.locator("tbody tr").filter(has_text="INSS").first.locator("details")
    memo.get_by_text("Como foi calculado").click()
    expect(memo.locator("pre")).to_be_visible()
    expect(memo.locator("pre")).to_contain_text("641,51")
    expect(pagina.get_by_text("Dedução legal (INSS e dependentes)")).to_be_visible()

    # Ten hours of overtime at 50 %: saved, and the preview (the holerite still open) is asked again.
    pagina.get_by_role("button", name="Variáveis de Marina Editora").click()
    variaveis = pagina.get_by_role("dialog", name=re.compile("^Variáveis de Marina Editora"))
    expect(variaveis.get_by_label("Horas extras 50 %")).to_have_value("0")
    variaveis.get_by_label("Horas extras 50 %").fill("10")
    variaveis.get_by_role("button", name="Salvar e recalcular").click()
    expect(variaveis).to_have_count(0)
    expect(celulas.nth(1)).not_to_have_text("R$\u00a06.000,00")
    expect(celulas.nth(2)).not_to_have_text("R$\u00a0641,51")
    expect(holerite).to_contain_text(re.compile("extra", re.IGNORECASE))

    # The month picker keeps the month in the address; a month before the admission has no one.
    pagina.get_by_role("button", name="Mês anterior").click()
    expect(pagina).to_have_url(re.compile(r"competencia=2026-10$"))
    pagina.goto("/rh/folha?competencia=2026-02")
    expect(pagina.get_by_text("Ninguém na folha de fevereiro de 2026.")).to_be_visible()


@pytest.fixture(scope="module")
def com_folha(admin_http, nova_equipe):
    """Another empresa, whose funcionário (4.500,00 with two dependents and overtime) is registered
    through the API — a holerite with several rubricas and long memos — and one who left in January."""
    equipe = nova_equipe("Estúdio RH celular", {"rh": ["rh:escrever"], "leitor": ["rh:ler"]})
    http = type(admin_http)(admin_http.base)
    http.entrar(equipe["rh"]["username"], SENHA)
    try:
        funcionario = http.criar("/api/funcionarios", nome="Caio Assistente de Fotografia", cpf=CPF_VALIDO,
                                 data_admissao="2026-01-05", salario="4500.00", dependentes=2,
                                 vale_transporte=True, cargo="Assistente de fotografia")
        resposta = http.put(f"/api/funcionarios/{funcionario['id']}/variaveis/2026-11",
                            json={"horas_extras_50": "12.5", "horas_noturnas": "6", "comissoes": "350.00"})
        assert resposta.status_code == 200, resposta.text
        http.criar("/api/funcionarios", nome="Bia Temporária", cpf="123.456.789-09", data_admissao="2026-01-05",
                   data_demissao="2026-01-31", salario="1800.00")
    finally:
        http.close()
    return equipe


def test_no_celular_a_folha_e_a_lista_cabem_na_janela(abrir_pagina, entrar, com_folha):
    pagina = abrir_pagina()
    pagina.set_viewport_size({"width": 390, "height": 844})
    entrar(pagina, com_folha["rh"]["username"], SENHA)
    pagina.goto("/rh")
    expect(pagina.get_by_text("Caio Assistente de Fotografia")).to_be_visible()
    _sem_rolagem_lateral(pagina)
    pagina.get_by_text("Caio Assistente de Fotografia").click()
    expect(pagina.get_by_role("dialog", name=re.compile("^Editar funcionário"))).to_be_visible()
    _sem_rolagem_lateral(pagina)
    pagina.keyboard.press("Escape")

    pagina.goto("/rh/folha?competencia=2026-11")
    pagina.get_by_role("button", name="Ver holerite de Caio Assistente de Fotografia").click()
    holerite = pagina.get_by_role("table", name="Holerite de Caio Assistente de Fotografia")
    for resumo in holerite.get_by_text("Como foi calculado").all():
        resumo.click()
    expect(holerite.locator("pre").first).to_be_visible()
    _sem_rolagem_lateral(pagina)


def test_filtrar_pela_situacao_e_excluir_quem_saiu(abrir_pagina, entrar, com_folha):
    pagina = abrir_pagina()
    entrar(pagina, com_folha["rh"]["username"], SENHA)
    pagina.goto("/rh")
    linhas = pagina.get_by_role("table").locator("tbody tr")
    expect(linhas).to_have_count(1)
    expect(linhas.first).to_contain_text("Caio Assistente de Fotografia")
    pagina.get_by_label("Situação").select_option(label="Desligados")
    expect(pagina).to_have_url(re.compile(r"situacao=desligados"))
    expect(linhas).to_have_count(1)
    expect(linhas.first).to_contain_text("05/01/2026 (saiu em 31/01/2026)")
    linhas.first.click()
    dialogo = pagina.get_by_role("dialog", name="Editar funcionário Bia Temporária")
    dialogo.get_by_role("button", name="Excluir funcionário").click()
    confirmacao = pagina.get_by_role("dialog", name="Excluir funcionário")
    expect(confirmacao).to_contain_text("Excluir Bia Temporária")
    confirmacao.get_by_role("button", name="Excluir").click()
    expect(pagina.get_by_text("Nenhum funcionário encontrado com esses filtros.")).to_be_visible()
    pagina.get_by_label("Situação").select_option(label="Todos")
    expect(linhas).to_have_count(1)
    expect(linhas.first).to_contain_text("Caio Assistente de Fotografia")


def test_quem_so_le_nao_ve_botoes_de_escrita(abrir_pagina, entrar, com_folha):
    pagina = abrir_pagina()
    entrar(pagina, com_folha["leitor"]["username"], SENHA)
    pagina.goto("/rh")
    pagina.get_by_text("Caio Assistente de Fotografia").click()
    detalhes = pagina.get_by_role("dialog", name="Funcionário Caio Assistente de Fotografia")
    expect(detalhes).to_contain_text("529.982.247-25")
    expect(detalhes).to_contain_text("R$\u00a04.500,00")
    expect(detalhes.get_by_role("textbox")).to_have_count(0)
    pagina.keyboard.press("Escape")
    expect(pagina.get_by_role("button", name="Novo funcionário")).to_have_count(0)
    pagina.goto("/rh/folha?competencia=2026-11")
    expect(pagina.get_by_role("button", name="Ver holerite de Caio Assistente de Fotografia")).to_be_visible()
    expect(pagina.get_by_role("button", name=re.compile("^Variáveis"))).to_have_count(0)
