"""Operacional › Agenda in Chromium, against the live services, through the frontend only: the office
books two sessões this week and sees both in the week view; a third that puts the same person in two
places at once shows the team conflict, and "Salvar mesmo assim" books it anyway; the subscription
panel shows a feed address that serves the agenda as iCalendar without any login."""
import re

import pytest
import requests
from playwright.sync_api import expect

from shared.config import hoje

SENHA = "senha-forte-123"


@pytest.fixture(scope="module")
def estudio(nova_equipe):
    """An empresa and its office manager, who writes in Operacional (and is a team member)."""
    return nova_equipe("Estúdio Agenda", {"gerente": ["operacional:escrever"]})


def nova_sessao(pagina, titulo: str, inicio: str, fim: str, pessoa: str | None = None):
    pagina.get_by_role("button", name="Nova sessão").click()
    dialogo = pagina.get_by_role("dialog", name="Nova sessão")
    dialogo.get_by_label("Título").fill(titulo)
    dialogo.get_by_label("Hora de início").fill(inicio)
    dialogo.get_by_label("Hora de término").fill(fim)
    if pessoa:
        dialogo.get_by_label("Pessoa da equipe").select_option(label=pessoa)
        dialogo.get_by_role("button", name="Adicionar à equipe").click()
        expect(dialogo.locator(".equipe-lista")).to_contain_text(pessoa)
    dialogo.get_by_role("button", name="Criar sessão").click()
    return dialogo


def test_semana_mostra_as_sessoes_e_conflito_de_equipe_pede_confirmacao(abrir_pagina, entrar, estudio, live_services):
    gerente = estudio["gerente"]
    pagina = abrir_pagina()
    entrar(pagina, gerente["username"], SENHA)
    dia = hoje().isoformat()
    pagina.goto(f"/operacional/agenda?vista=semana&data={dia}")
    expect(pagina.get_by_role("button", name="Semana", exact=True)).to_have_attribute("aria-pressed", "true")
    expect(pagina.get_by_text("Nenhuma sessão neste período.")).to_be_visible()

    dialogo = nova_sessao(pagina, "Ensaio da Ana", "14:00", "16:00", pessoa=gerente["nome"])
    expect(dialogo).to_have_count(0)
    dialogo = nova_sessao(pagina, "Reunião com o Beto", "18:00", "19:00")
    expect(dialogo).to_have_count(0)

    calendario = pagina.get_by_role("list", name=re.compile("^Agenda: Semana de"))
    expect(calendario.locator(".sessao-agenda")).to_have_count(2)
    expect(calendario.get_by_role("button", name=re.compile("Ensaio da Ana"))).to_contain_text("14:00–16:00")
    expect(calendario.get_by_role("button", name=re.compile("Reunião com o Beto"))).to_contain_text("18:00–19:00")

    # The same person at 15:00: the conflict names the other sessão; saving anyway books it.
    dialogo = nova_sessao(pagina, "Cerimônia do Rui", "15:00", "17:00", pessoa=gerente["nome"])
    alerta = dialogo.get_by_role("alert").filter(has_text="Conflito de equipe")
    expect(alerta).to_contain_text(f"{gerente['nome']} já está em «Ensaio da Ana»")
    expect(calendario.locator(".sessao-agenda")).to_have_count(2)
    dialogo.get_by_role("button", name="Salvar mesmo assim").click()
    expect(dialogo).to_have_count(0)
    expect(calendario.locator(".sessao-agenda")).to_have_count(3)

    # The other views: the day lists the three with their team; the month has them too.
    pagina.get_by_role("button", name="Dia", exact=True).click()
    expect(pagina).to_have_url(re.compile("vista=dia"))
    expect(pagina.locator(".sessao-agenda")).to_have_count(3)
    expect(pagina.get_by_role("button", name=re.compile("Cerimônia do Rui"))).to_contain_text(gerente["nome"])
    pagina.get_by_role("button", name="Mês", exact=True).click()
    expect(pagina.locator(".sessao-agenda")).to_have_count(3)

    # Subscribing: the address shown serves the agenda as iCalendar, with no session at all.
    pagina.get_by_role("button", name="Assinar agenda").click()
    painel = pagina.get_by_role("dialog", name="Assinar no Google Agenda / Outlook / Apple")
    endereco = painel.get_by_label("Endereço secreto da agenda")
    expect(endereco).to_have_value(re.compile(r"/api/agenda/feed/[\w-]+\.ics$"))
    resposta = requests.get(endereco.input_value(), timeout=10)
    assert resposta.status_code == 200 and resposta.headers["Content-Type"].startswith("text/calendar")
    assert resposta.text.count("BEGIN:VEVENT") == 3 and "SUMMARY:Ensaio da Ana" in resposta.text

    # A new address: the old one stops answering, the new one works. The old one is read before the
    # click: read after it, it may already be the new one.
    antigo = endereco.input_value()
    painel.get_by_role("button", name="Gerar novo endereço").click()
    pagina.get_by_role("dialog", name="Gerar novo endereço").get_by_role("button", name="Gerar novo endereço").click()
    expect(endereco).not_to_have_value(antigo)
    expect(endereco).to_have_value(re.compile(r"\.ics$"))
    assert requests.get(resposta.url, timeout=10).status_code == 404
    assert requests.get(endereco.input_value(), timeout=10).status_code == 200
    painel.get_by_role("button", name="Fechar").click()


def test_importar_ics_mostra_o_resultado_e_a_sessao(abrir_pagina, entrar, estudio):
    pagina = abrir_pagina()
    entrar(pagina, estudio["gerente"]["username"], SENHA)
    dia = hoje()
    pagina.goto(f"/operacional/agenda?vista=dia&data={dia.isoformat()}")
    ics = (f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Teste//EN\r\nBEGIN:VEVENT\r\nUID:importada@teste\r\n"
           f"SUMMARY:Sessão importada\r\nDTSTART;TZID=America/Sao_Paulo:{dia:%Y%m%d}T080000\r\n"
           f"DTEND;TZID=America/Sao_Paulo:{dia:%Y%m%d}T093000\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:Sem UID\r\n"
           f"DTSTART:{dia:%Y%m%d}T100000Z\r\nDTEND:{dia:%Y%m%d}T110000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    pagina.get_by_role("button", name="Importar .ics").click()
    dialogo = pagina.get_by_role("dialog", name="Importar .ics")
    dialogo.get_by_label("Arquivo .ics").set_input_files(
        files=[{"name": "agenda.ics", "mimeType": "text/calendar", "buffer": ics.encode()}])
    dialogo.get_by_role("button", name="Importar", exact=True).click()
    expect(dialogo.get_by_role("status").filter(has_text="Importação concluída")).to_contain_text("1 criada(s)")
    expect(dialogo).to_contain_text("Evento sem UID")
    dialogo.locator(".acoes").get_by_role("button", name="Fechar").click()
    expect(pagina.get_by_role("button", name=re.compile("Sessão importada"))).to_contain_text("08:00–09:30")

