"""Férias and the 13º in Chromium, against the live services, through the frontend only: RH's
"Férias" tab schedules 30 days for Lia (4.500,00) — the preview shows the memo (férias 4.500,00,
1/3 1.500,00, INSS 641,51, IRRF 385,10, líquido 4.973,39, paid 29/06) — confirming creates the
payables, the list shows them processed, the detail shows the payables in Financeiro; the folha
screen's "13º salário" previews the 1ª parcela of November with its memo. The tests follow one
another."""
import pytest
from playwright.sync_api import expect

SENHA = "senha-forte-123"


@pytest.fixture(scope="module")
def estudio(admin_http, nova_equipe):
    """An empresa with a conta, the categorias the payables find by name, and Lia at 4.500,00
    since 2025 — all through the API."""
    equipe = nova_equipe("Estúdio Férias", {
        "dono": ["cadastros:escrever", "rh:escrever", "financeiro:escrever"],
        "leitor": ["rh:ler"],
    })
    http = type(admin_http)(admin_http.base)
    http.entrar(equipe["dono"]["username"], SENHA)
    try:
        http.criar("/api/contas", nome="Banco do Estúdio", tipo="CORRENTE", banco="341", agencia="1234",
                   numero="12345-6", saldo_inicial="0.00")
        for nome in ("Salários", "Encargos sociais"):
            http.criar("/api/categorias", nome=nome, tipo="DESPESA")
        http.criar("/api/funcionarios", nome="Lia Férias", cpf="529.982.247-25", data_admissao="2025-01-06",
                   salario="4500.00")
    finally:
        http.close()
    return equipe


def test_agendar_ferias_ver_a_memoria_e_confirmar(abrir_pagina, entrar, estudio):
    pagina = abrir_pagina()
    entrar(pagina, estudio["dono"]["username"], SENHA)
    pagina.goto("/rh/ferias")
    pagina.get_by_role("button", name="Agendar férias").click()
    dialogo = pagina.get_by_role("dialog", name="Agendar férias")
    funcionario = dialogo.get_by_role("combobox", name="Funcionário")
    funcionario.fill("Lia")
    dialogo.get_by_role("listbox", name="Funcionário").get_by_role("option", name="Lia Férias").click()
    dialogo.get_by_label("Início").fill("01/07/2026")
    dialogo.get_by_label("Dias").fill("30")
    dialogo.get_by_role("button", name="Calcular").click()

    # The preview with how each value was calculated; nothing stored yet.
    expect(dialogo).to_contain_text("Férias de 01/07/2026 a 30/07/2026, pagas em 29/06/2026")
    for texto in ("4.500,00 ÷ 3 → 1.500,00", "641,5144 → 641,51", "IRRF férias = 564,85 − 179,75 = 385,10"):
        expect(dialogo).to_contain_text(texto)
    expect(dialogo).to_contain_text("R$\u00a04.973,39")

    dialogo.get_by_role("button", name="Confirmar férias").click()
    expect(dialogo).to_have_count(0)
    expect(pagina.get_by_role("status").filter(has_text="Férias de Lia Férias agendadas")).to_be_visible()
    linha = pagina.get_by_role("table", name="Férias").locator("tbody tr").filter(has_text="Lia Férias")
    expect(linha).to_contain_text("Processada")
    expect(linha).to_contain_text("01/07/2026 a 30/07/2026")
    expect(linha).to_contain_text("R$\u00a04.973,39")

    # The detail: the payables in Financeiro and the holerite.
    linha.click()
    detalhe = pagina.get_by_role("dialog", name="Férias de Lia Férias")
    expect(detalhe).to_contain_text("Férias 01/07/2026 a 30/07/2026 — Lia Férias")
    expect(detalhe).to_contain_text("INSS e IRRF das férias 07/2026")
    expect(detalhe).to_contain_text("1/3 constitucional de férias")

    # Scheduling the same days again: refused next to the início.
    detalhe.get_by_role("button", name="Fechar").click()
    pagina.get_by_role("button", name="Agendar férias").click()
    dialogo = pagina.get_by_role("dialog", name="Agendar férias")
    dialogo.get_by_role("combobox", name="Funcionário").fill("Lia")
    dialogo.get_by_role("listbox", name="Funcionário").get_by_role("option", name="Lia Férias").click()
    dialogo.get_by_label("Início").fill("10/07/2026")
    dialogo.get_by_label("Dias").fill("10")
    dialogo.get_by_role("button", name="Calcular").click()
    expect(dialogo).to_contain_text("O funcionário já tem férias de 01/07/2026 a 30/07/2026")


def test_previa_do_13o_na_folha(abrir_pagina, entrar, estudio):
    pagina = abrir_pagina()
    entrar(pagina, estudio["dono"]["username"], SENHA)
    pagina.goto("/rh/folha?competencia=2026-11")
    pagina.get_by_role("button", name="13º salário").click()
    dialogo = pagina.get_by_role("dialog", name="13º salário — novembro de 2026")
    linha = dialogo.get_by_role("table").first.locator("tbody > tr").filter(has_text="Lia Férias").first
    # 4.500,00 ÷ 12 × 12 avos, half: 2.250,00, no discounts.
    expect(linha).to_contain_text("R$\u00a02.250,00")
    expect(dialogo.get_by_role("button", name="Processar 13º")).to_be_visible()
    # The 2ª parcela is December's: November is refused, saying so.
    dialogo.get_by_label("Parcela").select_option("DECIMO_TERCEIRO_2")
    expect(dialogo).to_contain_text("A 2ª parcela do 13º é paga em dezembro")
