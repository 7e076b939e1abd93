"""Paying an evento's freelancers in Chromium, against the live services, through the frontend only:
a fornecedor is made an autônomo (RPA) with a cachê in its form; from the evento's page "Pagar
cachês da equipe" opens RH's Cachês on that evento, whose preview shows the autônomo's RPA (cachê
1.000,00 from the team, INSS 110,00, IRRF 0,00, líquido 890,00) and the PJ's gross; paying stores
them and creates the payables (and is then not offered again); the autônomo's cachê downloads its
RPA in PDF; the PJ's is cancelled; someone who only reads sees the cachês without the buttons, on a
phone without scrolling sideways. The tests follow one another."""
import re

import pytest
from playwright.sync_api import expect

SENHA = "senha-forte-123"


@pytest.fixture(scope="module")
def estudio(admin_http, nova_equipe):
    """An empresa with a conta, the categorias the payables find by name, the PJ Fotolab and an
    evento whose team has Carla (cachê 1.000,00) and Fotolab (1.200,00) — Carla made an autônomo
    by the first test, in the fornecedor form."""
    equipe = nova_equipe("Estúdio Cachês", {
        "dono": ["cadastros:escrever", "operacional:escrever", "rh:escrever", "financeiro:escrever"],
        "leitor": ["rh:ler", "operacional:ler"],
    })
    http = type(admin_http)(admin_http.base)
    http.entrar(equipe["dono"]["username"], SENHA)
    try:
        http.criar("/api/contas", nome="Banco do Estúdio", tipo="CORRENTE", banco="341", agencia="1234",
                   numero="12345-6", saldo_inicial="0.00")
        for nome in ("Salários", "Encargos sociais", "Cachês de freelancers"):
            http.criar("/api/categorias", nome=nome, tipo="DESPESA")
        carla = http.criar("/api/fornecedores", nome="Carla Souza", cpf_cnpj="529.982.247-25")
        fotolab = http.criar("/api/fornecedores", nome="Fotolab", cpf_cnpj="11.222.333/0001-81")
        evento = http.criar("/api/eventos", nome="Casamento Ana e Léo", data_inicio="2026-10-10", etapa="contratado")
        salva = http.put(f"/api/eventos/{evento['id']}/equipe", json={"equipe": [
            {"papel": "segundo_fotografo", "fornecedor_id": carla["id"], "cache": "1000.00"},
            {"papel": "videomaker", "fornecedor_id": fotolab["id"], "cache": "1200.00"}]})
        assert salva.status_code == 200, salva.text
        equipe.update(evento=evento, carla=carla)
    finally:
        http.close()
    return equipe


def test_pagar_os_caches_de_um_evento(abrir_pagina, entrar, estudio):
    pagina = abrir_pagina()
    entrar(pagina, estudio["dono"]["username"], SENHA)

    # The fornecedor form: Carla becomes an autônomo paid by RPA.
    pagina.goto("/cadastros/fornecedores")
    pagina.get_by_role("table").locator("tbody tr").filter(has_text="Carla Souza").click()
    dialogo = pagina.get_by_role("dialog", name="Editar fornecedor Carla Souza")
    dialogo.get_by_label("Cachê por evento").fill("800,00")
    dialogo.get_by_label("Autônomo (RPA)").check()
    dialogo.get_by_role("button", name="Salvar").click()
    expect(pagina.get_by_role("status").filter(has_text="Fornecedor Carla Souza atualizado.")).to_be_visible()

    # From the evento's page to the preview of its cachês.
    pagina.goto(f"/operacional/eventos/{estudio['evento']['id']}")
    pagina.get_by_role("link", name="Pagar cachês da equipe").click()
    expect(pagina).to_have_url(re.compile(rf"/rh/caches\?evento_id={estudio['evento']['id']}$"))
    previa = pagina.get_by_role("table", name="Cachês de Casamento Ana e Léo")
    carla = previa.locator("tbody > tr").filter(has_text="Carla Souza")
    expect(carla).to_contain_text("RPA")
    for valor in ("1.000,00", "110,00", "890,00"):
        expect(carla).to_contain_text(valor)
    expect(previa.locator("tbody > tr").filter(has_text="Fotolab")).to_contain_text("Sem retenção")
    pagina.get_by_role("button", name="Ver cálculo de Carla Souza").click()
    expect(previa).to_contain_text("Como foi calculado")

    pagina.get_by_role("button", name="Pagar cachês").click()
    confirmacao = pagina.get_by_role("dialog", name="Pagar os cachês de Casamento Ana e Léo")
    confirmacao.get_by_role("button", name="Pagar cachês").click()
    expect(confirmacao).to_have_count(0)
    expect(pagina.get_by_role("status").filter(has_text="2 cachês registrados")).to_be_visible()
    expect(pagina.get_by_text("Os cachês de toda a equipe deste evento já foram registrados")).to_be_visible()
    expect(pagina.get_by_role("button", name="Pagar cachês")).to_have_count(0)

    registrados = pagina.get_by_role("table", name="Cachês registrados")
    linha = registrados.locator("tbody tr").filter(has_text="Carla Souza")
    expect(linha).to_contain_text("nº 1")
    expect(linha).to_contain_text("Lançado")

    # The RPA in PDF.
    linha.click()
    detalhe = pagina.get_by_role("dialog", name="Cachê de Carla Souza")
    with pagina.expect_download() as baixado:
        detalhe.get_by_role("link", name="RPA (PDF)").click()
    with open(baixado.value.path(), "rb") as arquivo:
        assert arquivo.read(4) == b"%PDF"
    detalhe.get_by_role("button", name="Fechar").click()

    # The PJ's cachê cancelled, with its payable.
    registrados.locator("tbody tr").filter(has_text="Fotolab").click()
    pagina.get_by_role("dialog", name="Cachê de Fotolab").get_by_role("button", name="Cancelar cachê").click()
    pagina.get_by_role("dialog", name="Cancelar cachê").get_by_role("button", name="Cancelar cachê").click()
    expect(pagina.get_by_role("status").filter(has_text="Cachê de Fotolab cancelado.")).to_be_visible()
    expect(registrados.locator("tbody tr").filter(has_text="Fotolab")).to_contain_text("Cancelado")


def test_quem_so_le_ve_os_caches_sem_botoes(abrir_pagina, entrar, estudio):
    pagina = abrir_pagina()
    pagina.set_viewport_size({"width": 390, "height": 844})
    entrar(pagina, estudio["leitor"]["username"], SENHA)
    pagina.goto(f"/rh/caches?evento_id={estudio['evento']['id']}")
    expect(pagina.get_by_role("table", name="Cachês de Casamento Ana e Léo")).to_contain_text("Carla Souza")
    expect(pagina.get_by_role("button", name="Pagar cachês")).to_have_count(0)
    expect(pagina.get_by_role("button", name="Configuração")).to_have_count(0)
    larguras = pagina.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert larguras[0] <= larguras[1], f"a página é mais larga que a janela: {larguras}"
    pagina.get_by_role("table", name="Cachês registrados").locator("tbody tr").filter(has_text="Carla Souza").click()
    detalhe = pagina.get_by_role("dialog", name="Cachê de Carla Souza")
    expect(detalhe.get_by_role("link", name="RPA (PDF)")).to_be_visible()
    expect(detalhe.get_by_role("button", name="Cancelar cachê")).to_have_count(0)
