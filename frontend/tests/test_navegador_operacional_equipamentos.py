"""Operacional › Equipamentos in Chromium, against the live services, through the frontend only: the
office puts two items in a new kit, allocates the kit to a sessão, and allocating it to another
sessão at an overlapping time is refused with a message naming the first sessão."""
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from shared.config import hoje

SENHA = "senha-forte-123"


@pytest.fixture(scope="module")
def estudio(nova_equipe):
    return nova_equipe("Estúdio Equipamentos", {"gerente": ["operacional:escrever"]})


@pytest.fixture(scope="module")
def api_do_gerente(admin_http, estudio):
    """The gerente's own HTTP session: the items and the sessões are set up through the API."""
    http = type(admin_http)(admin_http.base)
    http.entrar(estudio["gerente"]["username"], SENHA)
    yield http
    http.close()


def test_kit_alocado_e_conflito_nomeia_a_sessao(abrir_pagina, entrar, estudio, api_do_gerente):
    corpo = api_do_gerente.criar("/api/equipamentos", nome="Canon R6", categoria="camera", numero_serie="R6-001")
    api_do_gerente.criar("/api/equipamentos", nome="Lente 24-70", categoria="lente")
    dia = (hoje() + timedelta(days=3)).isoformat()
    api_do_gerente.criar("/api/agenda", titulo="Casamento Ana e Beto", inicio=f"{dia}T15:00:00-03:00",
                         fim=f"{dia}T20:00:00-03:00")
    api_do_gerente.criar("/api/agenda", titulo="Festa da Carla", inicio=f"{dia}T19:00:00-03:00",
                         fim=f"{dia}T23:00:00-03:00")

    pagina = abrir_pagina()
    entrar(pagina, estudio["gerente"]["username"], SENHA)
    pagina.goto("/operacional/equipamentos")
    expect(pagina.get_by_role("table", name="Equipamentos")).to_contain_text("Canon R6")

    pagina.get_by_role("button", name="Kits", exact=True).click()
    pagina.get_by_role("button", name="Montar o primeiro kit").click()
    dialogo = pagina.get_by_role("dialog", name="Novo kit")
    dialogo.get_by_label("Nome do kit").fill("Casamento completo")
    dialogo.get_by_role("checkbox", name="Canon R6").check()
    dialogo.get_by_role("checkbox", name="Lente 24-70").check()
    dialogo.get_by_role("button", name="Criar kit").click()
    expect(dialogo).to_have_count(0)
    linha = pagina.get_by_role("row").filter(has_text="Casamento completo")
    expect(linha).to_contain_text("Canon R6, Lente 24-70")

    linha.get_by_role("button", name="Alocar a uma sessão").click()
    alocar = pagina.get_by_role("dialog", name="Alocar o kit Casamento completo")
    escolha = alocar.get_by_label("Sessão (próximos 30 dias)")
    expect(escolha.locator("option").filter(has_text="Casamento Ana e Beto")).to_have_count(1)
    escolha.select_option(label=next(t for t in escolha.locator("option").all_inner_texts() if "Casamento Ana" in t))
    alocar.get_by_role("button", name="Alocar", exact=True).click()
    expect(alocar.get_by_role("listitem").filter(has_text="Canon R6")).to_have_count(1)
    expect(alocar.get_by_role("listitem").filter(has_text="Lente 24-70")).to_have_count(1)

    escolha.select_option(label=next(t for t in escolha.locator("option").all_inner_texts() if "Festa da Carla" in t))
    alocar.get_by_role("button", name="Alocar", exact=True).click()
    recusa = alocar.get_by_role("alert").filter(has_text="Não foi possível alocar")
    expect(recusa).to_contain_text("já está alocado à sessão \"Casamento Ana e Beto\"")
    expect(alocar.get_by_text("Nenhum equipamento alocado.")).to_be_visible()

    # The item shows the sessão in its next days.
    alocar.get_by_role("button", name="Concluir").click()
    pagina.get_by_role("button", name="Equipamentos", exact=True).click()
    pagina.get_by_role("row").filter(has_text="Canon R6").click()
    item = pagina.get_by_role("dialog", name="Canon R6")
    expect(item).to_contain_text("R6-001")
    expect(item.get_by_role("listitem").filter(has_text="Casamento Ana e Beto")).to_contain_text("Casamento completo")

    # Check-out to the gerente, then back damaged: the item goes to maintenance.
    gerente = estudio["gerente"]["nome"]
    item.get_by_label("Com quem vai").select_option(label=gerente)
    item.get_by_role("button", name="Registrar saída").click()
    expect(item).to_contain_text(f"{gerente} desde")
    item.get_by_label("Condição").select_option("avariado")
    item.get_by_role("button", name="Registrar retorno").click()
    expect(item.get_by_text("Em manutenção", exact=True)).to_be_visible()
    expect(item).to_contain_text("No estúdio")
    historico = api_do_gerente.get(f"/api/equipamentos/{corpo['id']}/movimentos").json()["items"]
    assert [(m["nome"], m["condicao"]) for m in historico] == [(gerente, "avariado")]
