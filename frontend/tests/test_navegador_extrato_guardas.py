"""The statement guard rails in Chromium, against the live services, through the frontend only: an
Itaú file sent to the Nubank conta is stopped with a warning and imported only when confirmed, and
an import is undone from the statement's screen (refused while a transaction is reconciled).
"""
import pytest
from playwright.sync_api import expect

from financeiro.ofx.escritor import Linha, ofx as escrever_ofx

SENHA = "senha-forte-123"


@pytest.fixture(scope="module")
def estudio(admin_http, nova_equipe):
    """An empresa, its manager, and a Nubank conta (banco 260)."""
    equipe = nova_equipe("Estúdio Guardas", {"gerente": ["cadastros:escrever", "financeiro:escrever"]})
    http = type(admin_http)(admin_http.base)
    http.entrar(equipe["gerente"]["username"], SENHA)
    try:
        nubank = http.post("/api/contas", json={"nome": f"Nubank {equipe['sufixo']}", "tipo": "CORRENTE", "banco": "260",
                                                "agencia": "0001", "numero": "8473621-5"})
        assert nubank.status_code == 201, nubank.text
    finally:
        http.close()
    return {**equipe, "nubank": nubank.json()}


def arquivo(tmp_path, nome, banco, sufixo):
    caminho = tmp_path / nome
    caminho.write_bytes(escrever_ofx([Linha("20250110", "-49.90", "TARIFA PACOTE", f"{nome}-{sufixo}-1"),
                                      Linha("20250112", "300.00", "PIX RECEBIDO ANA", f"{nome}-{sufixo}-2")],
                                     inicio="20250101", fim="20250131", banco=banco, agencia="0001",
                                     conta="8473621-5"))
    return caminho


def test_extrato_de_outro_banco_avisa_e_importa_so_confirmado(abrir_pagina, entrar, estudio, tmp_path):
    pagina = abrir_pagina()
    entrar(pagina, estudio["gerente"]["username"], SENHA)
    pagina.goto(f"/financeiro/extratos?conta_id={estudio['nubank']['id']}")
    pagina.get_by_label("Arquivo OFX").set_input_files(arquivo(tmp_path, "itau.ofx", "0341", estudio["sufixo"]))
    pagina.get_by_role("button", name="Importar extrato").click()
    aviso = pagina.locator(".conta-divergente")
    expect(aviso).to_contain_text("Este extrato é do banco 341 (Itaú), mas a conta Nubank")
    expect(aviso).to_contain_text("é do banco 260")
    expect(pagina.get_by_text("Nenhum extrato importado nesta conta ainda.", exact=False)).to_be_visible()
    aviso.get_by_role("button", name="Importar mesmo assim").click()
    expect(pagina.get_by_role("heading", name="Extrato importado")).to_be_visible()
    expect(pagina.locator(".conta-divergente")).to_have_count(0)
    expect(pagina.get_by_role("table", name="Extratos importados").locator("tbody tr")).to_have_count(1)


def test_desfazer_importacao_remove_o_extrato(abrir_pagina, entrar, estudio, tmp_path):
    pagina = abrir_pagina()
    entrar(pagina, estudio["gerente"]["username"], SENHA)
    pagina.goto(f"/financeiro/extratos?conta_id={estudio['nubank']['id']}")
    pagina.get_by_label("Arquivo OFX").set_input_files(arquivo(tmp_path, "nubank.ofx", "260", estudio["sufixo"]))
    pagina.get_by_role("button", name="Importar extrato").click()
    expect(pagina.get_by_role("heading", name="Extrato importado")).to_be_visible()
    pagina.get_by_role("link", name="Ver as transações do extrato").click()
    expect(pagina.get_by_role("heading", name="Extrato nubank.ofx")).to_be_visible()

    pagina.get_by_role("button", name="Desfazer importação").click()
    dialogo = pagina.get_by_role("dialog", name="Desfazer importação")
    expect(dialogo).to_contain_text("Remover o extrato nubank.ofx e 2 transações importadas dele?")
    dialogo.get_by_role("button", name="Cancelar").click()
    expect(dialogo).to_have_count(0)
    pagina.get_by_role("button", name="Desfazer importação").click()
    pagina.get_by_role("dialog", name="Desfazer importação").get_by_role("button", name="Desfazer importação").click()
    expect(pagina.get_by_text("Importação desfeita")).to_be_visible()
    expect(pagina).to_have_url(f"{pagina.url.split('/financeiro')[0]}/financeiro/extratos?conta_id={estudio['nubank']['id']}")
    lista = pagina.get_by_role("table", name="Extratos importados").locator("tbody tr").filter(has_text="nubank.ofx")
    expect(lista).to_have_count(0)
