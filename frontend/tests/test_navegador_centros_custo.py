"""Centros de custo and the categorias' DRE group in Chromium, against the live services, through the
frontend only: the office creates its lines of business, renames one, deactivates another, and puts
a categoria in its line of the DRE; someone who only reads sees no button that writes."""
import re

import pytest
from playwright.sync_api import expect

SENHA = "senha-forte-123"


@pytest.fixture(scope="module")
def escritorio(nova_equipe):
    """An empresa, its office manager (cadastros:escrever) and a receptionist who only reads."""
    return nova_equipe("Estúdio Centros", {"gerente": ["cadastros:escrever", "cadastros:ler"],
                                           "leitor": ["cadastros:ler"]})


def linhas(pagina):
    return pagina.get_by_role("table").locator("tbody tr")


def test_criar_editar_e_desativar_centros_de_custo(abrir_pagina, entrar, escritorio):
    pagina = abrir_pagina()
    entrar(pagina, escritorio["gerente"]["username"], SENHA)
    pagina.goto("/cadastros/contas")
    pagina.get_by_role("navigation", name="Seções de cadastros").get_by_role("link", name="Centros de custo").click()
    expect(pagina).to_have_url(re.compile("/cadastros/centros-custo$"))
    expect(pagina.get_by_text("Nenhum centro de custo cadastrado ainda.")).to_be_visible()

    pagina.get_by_role("button", name="Cadastrar o primeiro centro de custo").click()
    dialogo = pagina.get_by_role("dialog", name="Novo centro de custo")
    dialogo.get_by_label("Nome").fill("Casamentos")
    dialogo.get_by_label("Código (opcional)").fill("CC01")
    dialogo.get_by_role("button", name="Criar centro de custo").click()
    expect(dialogo).to_have_count(0)
    expect(linhas(pagina)).to_have_count(1)
    expect(linhas(pagina).first).to_contain_text("Casamentos")
    expect(linhas(pagina).first).to_contain_text("CC01")

    for nome in ("Ensaios", "Formaturas"):
        pagina.get_by_role("button", name="Novo centro de custo").click()
        dialogo = pagina.get_by_role("dialog", name="Novo centro de custo")
        dialogo.get_by_label("Nome").fill(nome)
        pagina.keyboard.press("Enter")
        expect(dialogo).to_have_count(0)
    expect(linhas(pagina)).to_have_count(3)

    # A repeated name (other case, no accent) is refused next to the field.
    pagina.get_by_role("button", name="Novo centro de custo").click()
    dialogo = pagina.get_by_role("dialog", name="Novo centro de custo")
    dialogo.get_by_label("Nome").fill("ENSAIOS")
    dialogo.get_by_role("button", name="Criar centro de custo").click()
    expect(dialogo.get_by_label("Nome")).to_have_attribute("aria-invalid", "true")
    dialogo.get_by_role("button", name="Cancelar").click()

    # Rename.
    linhas(pagina).filter(has_text="Ensaios").click()
    dialogo = pagina.get_by_role("dialog", name="Editar centro de custo Ensaios")
    dialogo.get_by_label("Nome").fill("Ensaios externos")
    dialogo.get_by_role("button", name="Salvar").click()
    expect(dialogo).to_have_count(0)
    expect(linhas(pagina).filter(has_text="Ensaios externos")).to_have_count(1)

    # Deactivate: gone from the active ones, found among the inactive.
    linhas(pagina).filter(has_text="Formaturas").click()
    dialogo = pagina.get_by_role("dialog", name="Editar centro de custo Formaturas")
    dialogo.get_by_role("button", name="Desativar centro de custo").click()
    expect(dialogo).to_have_count(0)
    expect(linhas(pagina).filter(has_text="Formaturas")).to_have_count(0)
    pagina.get_by_label("Situação").select_option("false")
    expect(linhas(pagina)).to_have_count(1)
    expect(linhas(pagina).first).to_contain_text("Inativo")

    # The search finds by name without accents, or by code.
    pagina.get_by_label("Situação").select_option("")
    pagina.get_by_label("Buscar").fill("cc01")
    expect(linhas(pagina)).to_have_count(1)
    expect(linhas(pagina).first).to_contain_text("Casamentos")


def test_quem_so_le_ve_os_centros_sem_botoes_de_escrita(abrir_pagina, entrar, escritorio):
    pagina = abrir_pagina()
    entrar(pagina, escritorio["leitor"]["username"], SENHA)
    pagina.goto("/cadastros/centros-custo")
    expect(linhas(pagina).first).to_be_visible()
    expect(pagina.get_by_role("button", name="Novo centro de custo")).to_have_count(0)
    linhas(pagina).first.click()
    dialogo = pagina.get_by_role("dialog", name=re.compile("^Centro de custo "))
    expect(dialogo).to_be_visible()
    expect(dialogo.get_by_role("button", name=re.compile("Desativar|Excluir"))).to_have_count(0)


def test_grupo_no_dre_da_categoria(abrir_pagina, entrar, escritorio):
    pagina = abrir_pagina()
    entrar(pagina, escritorio["gerente"]["username"], SENHA)
    pagina.goto("/cadastros/categorias")
    pagina.get_by_role("button", name="Nova categoria").click()
    dialogo = pagina.get_by_role("dialog", name="Nova categoria")
    dialogo.get_by_label("Nome").fill("Tarifas do banco")
    dialogo.get_by_label("Tipo").select_option("DESPESA")
    dialogo.get_by_role("button", name="Criar categoria").click()
    expect(dialogo).to_have_count(0)

    # The default its name suggests; only despesa groups on offer.
    pagina.get_by_role("button", name="Editar Tarifas do banco").click()
    dialogo = pagina.get_by_role("dialog", name=re.compile("^Editar categoria .* Tarifas do banco$"))
    grupo = dialogo.get_by_label("Grupo no DRE")
    expect(grupo).to_have_value("despesas_financeiras")
    expect(grupo.locator("option")).to_have_count(6)
    expect(grupo.locator("option[value='receita_bruta']")).to_have_count(0)
    grupo.select_option("despesas_operacionais")
    dialogo.get_by_role("button", name="Salvar").click()
    expect(dialogo).to_have_count(0)

    pagina.reload()
    pagina.get_by_role("button", name="Editar Tarifas do banco").click()
    dialogo = pagina.get_by_role("dialog", name=re.compile("^Editar categoria .* Tarifas do banco$"))
    expect(dialogo.get_by_label("Grupo no DRE")).to_have_value("despesas_operacionais")
