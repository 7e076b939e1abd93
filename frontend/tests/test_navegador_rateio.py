"""A lançamento's centros de custo in Chromium: the rent split 70 % / 30 % with what is left to
split shown as one types, the split in the detail, edited to fixed amounts, and the ledger filtered
by centro."""
import pytest
from playwright.sync_api import expect

from shared.config import hoje

SENHA = "senha-forte-123"


@pytest.fixture(scope="module")
def estudio(admin_http, nova_equipe):
    """An empresa whose manager has a conta, an expense categoria and three centros de custo (one
    inactive, which no form offers)."""
    equipe = nova_equipe("Estúdio Rateio", {"gerente": ["cadastros:escrever", "financeiro:escrever"]})
    sufixo, gerente = equipe["sufixo"], equipe["gerente"]
    http = type(admin_http)(admin_http.base)
    http.entrar(gerente["username"], SENHA)
    try:
        criar = {
            "conta": ("/api/contas", {"nome": f"Itaú {sufixo}", "tipo": "CORRENTE", "banco": "341"}),
            "despesa": ("/api/categorias", {"nome": f"Aluguel {sufixo}", "tipo": "DESPESA"}),
            "estudio": ("/api/centros-custo", {"nome": f"Estúdio {sufixo}"}),
            "ensaios": ("/api/centros-custo", {"nome": f"Ensaios {sufixo}"}),
            "antigo": ("/api/centros-custo", {"nome": f"Antigo {sufixo}", "ativo": False}),
        }
        registros = {}
        for nome, (caminho, corpo) in criar.items():
            resposta = http.post(caminho, json=corpo)
            assert resposta.status_code == 201, (nome, resposta.text)
            registros[nome] = resposta.json()
        outro = http.post("/api/lancamentos", json={
            "tipo": "DESPESA", "descricao": f"Luz {sufixo}", "valor": "200.00", "data_vencimento": hoje().isoformat(),
            "categoria_id": registros["despesa"]["id"], "conta_id": registros["conta"]["id"]})
        assert outro.status_code == 201, outro.text
    finally:
        http.close()
    return {"sufixo": sufixo, "gerente": gerente, **registros}


def test_rent_split_between_centros_shown_edited_and_filtered(abrir_pagina, entrar, estudio):
    sufixo = estudio["sufixo"]
    descricao = f"Aluguel de dezembro {sufixo}"
    pagina = abrir_pagina()
    entrar(pagina, estudio["gerente"]["username"], SENHA)
    pagina.get_by_role("navigation", name="Módulos").get_by_role("link", name="Financeiro").click()

    pagina.get_by_role("button", name="Novo lançamento").click()
    dialogo = pagina.get_by_role("dialog", name="Novo lançamento")
    dialogo.get_by_label("Despesa").check()
    dialogo.get_by_label("Descrição").fill(descricao)
    dialogo.get_by_label("Valor (R$)").fill("3.000,01")
    dialogo.get_by_label("Categoria").select_option(label=f"{estudio['despesa']['codigo']} Aluguel {sufixo}")
    dialogo.get_by_label("Conta").select_option(label=f"Itaú {sufixo}")
    centro = dialogo.get_by_label("Centro de custo", exact=True)
    expect(centro.locator("option")).to_have_text(["Nenhum", f"Ensaios {sufixo}", f"Estúdio {sufixo}"])

    # Split by %: what is left shows as one types, and a split past 100 % says so.
    dialogo.get_by_label("Dividir entre centros de custo").check()
    expect(dialogo.get_by_label("Em %")).to_be_checked()
    restante = dialogo.locator(".rateio-restante")
    expect(restante).to_have_text("Falta distribuir 100,00%.")
    dialogo.get_by_label("Centro 1").select_option(label=f"Estúdio {sufixo}")
    dialogo.locator("[name='rateio-0-percentual']").fill("70")
    expect(restante).to_have_text("Falta distribuir 30,00%.")
    dialogo.get_by_label("Centro 2").select_option(label=f"Ensaios {sufixo}")
    dialogo.locator("[name='rateio-1-percentual']").fill("40")
    expect(restante).to_have_text("Passou 10,00% do total.")
    # The server refuses a split that does not add up, next to the split.
    dialogo.get_by_role("button", name="Criar lançamento").click()
    expect(dialogo.locator(".rateio .erro-campo")).to_have_text("Os percentuais somam 110.00%; precisam somar 100%")
    dialogo.locator("[name='rateio-1-percentual']").fill("30")
    expect(restante).to_have_text("Tudo distribuído.")
    dialogo.get_by_role("button", name="Criar lançamento").click()
    expect(dialogo).to_have_count(0)

    # The detail shows each centro's part, in cents that add up to the valor.
    pagina.get_by_role("table", name="Lançamentos").locator("tbody tr").filter(has_text=descricao).click()
    detalhe = pagina.get_by_role("dialog", name=f"Lançamento {descricao}")
    partes = detalhe.locator(".rateio-do-lancamento li")
    expect(partes).to_have_text([f"Ensaios {sufixo}: R$ 900,00 (30,00%)", f"Estúdio {sufixo}: R$ 2.100,01 (70,00%)"])

    # Edited to fixed amounts in R$.
    detalhe.get_by_role("button", name="Editar").click()
    expect(detalhe.get_by_label("Em %")).to_be_checked()
    detalhe.get_by_label("Em R$").check()
    detalhe.locator("[name='rateio-0-valor']").fill("1.000,01")
    expect(detalhe.locator(".rateio-restante")).to_contain_text("Falta distribuir")
    detalhe.locator("[name='rateio-1-valor']").fill("2.000,00")
    expect(detalhe.locator(".rateio-restante")).to_have_text("Tudo distribuído.")
    detalhe.get_by_role("button", name="Salvar").click()
    expect(partes).to_have_text([f"Ensaios {sufixo}: R$ 1.000,01 (33,33%)", f"Estúdio {sufixo}: R$ 2.000,00 (66,67%)"])
    detalhe.get_by_role("button", name="Fechar").click()

    # The ledger filtered by a centro: the split rent, not the light bill without centro.
    linhas = pagina.get_by_role("table", name="Lançamentos").locator("tbody tr")
    expect(linhas).to_have_count(2)
    pagina.get_by_label("Centro de custo").select_option(label=f"Ensaios {sufixo}")
    expect(linhas).to_have_count(1)
    expect(linhas.first).to_contain_text(descricao)
    assert f"centro_custo_id={estudio['ensaios']['id']}" in pagina.url
