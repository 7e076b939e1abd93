"""Eventos in Chromium, against the live services, through the frontend only: the office creates an
evento of a tipo for a cliente, lands on its page with the tipo's checklist, ticks a tarefa (still
ticked after a reload), puts a freelancer in the team, and sees its centro de custo made in
Cadastros; someone who only reads sees no button that writes."""
import re

import pytest
from playwright.sync_api import expect

SENHA = "senha-forte-123"


@pytest.fixture(scope="module")
def estudio(admin_http, nova_equipe):
    """An empresa with its producer (operacional:escrever and cadastros:escrever, to register the
    cliente and the freelancer first) and an assistant who only reads."""
    equipe = nova_equipe("Estúdio Eventos", {"produtora": ["operacional:escrever", "cadastros:escrever"],
                                             "leitor": ["operacional:ler"]})
    http = type(admin_http)(admin_http.base)
    http.entrar(equipe["produtora"]["username"], SENHA)
    try:
        equipe["cliente"] = http.criar("/api/clientes", nome="Ana e Bruno Noivos")
        equipe["freela"] = http.criar("/api/fornecedores", nome="Vitor Videomaker")
    finally:
        http.close()
    return equipe


def test_criar_evento_e_marcar_uma_tarefa(abrir_pagina, entrar, estudio):
    pagina = abrir_pagina()
    entrar(pagina, estudio["produtora"]["username"], SENHA)
    pagina.goto("/operacional")
    expect(pagina.get_by_text("Nenhum evento cadastrado ainda.")).to_be_visible()
    pagina.get_by_role("button", name="Cadastrar o primeiro evento").click()
    dialogo = pagina.get_by_role("dialog", name="Novo evento")
    dialogo.get_by_label("Nome").fill("Casamento Ana e Bruno")
    dialogo.get_by_label("Tipo").select_option(label="Casamento")
    dialogo.get_by_role("combobox", name="Cliente").fill("Ana e")
    dialogo.get_by_role("option", name="Ana e Bruno Noivos").click()
    dialogo.get_by_label("Data").fill("20/05/2031")
    dialogo.get_by_label("Local").fill("Sítio das Flores")
    dialogo.get_by_role("button", name="Criar evento").click()

    expect(pagina).to_have_url(re.compile(r"/operacional/eventos/\d+$"))
    expect(pagina.get_by_role("heading", name="Casamento Ana e Bruno")).to_be_visible()
    expect(pagina.get_by_text("Ana e Bruno Noivos")).to_be_visible()
    expect(pagina.get_by_text("Centro de custo pendente")).to_have_count(0)
    tarefas = pagina.get_by_role("list", name="Tarefas do evento").get_by_role("listitem")
    expect(tarefas).to_have_count(5)
    expect(tarefas.first).to_contain_text("D−60 · 21/03/2031")
    caixa = pagina.get_by_role("checkbox", name="Reunião de alinhamento")
    # The box shows what the server has: it turns checked when the PUT answers, not at the click
    # (Playwright's check() would fail on a busy machine where the answer comes after its look).
    caixa.click()
    expect(caixa).to_be_checked()
    pagina.reload()
    expect(pagina.get_by_role("checkbox", name="Reunião de alinhamento")).to_be_checked()
    expect(pagina.get_by_role("checkbox", name="Entregar álbum")).not_to_be_checked()

    # The team: a freelancer as videomaker, with the cachê.
    pagina.get_by_role("button", name="Editar equipe").click()
    pagina.get_by_role("button", name="Adicionar pessoa").click()
    pagina.get_by_label("Papel").select_option(label="Videomaker")
    pagina.get_by_label("Pessoa", exact=True).select_option(label="Vitor Videomaker (freelancer)")
    pagina.get_by_label("Cachê (opcional)").fill("850,00")
    pagina.get_by_role("button", name="Salvar equipe").click()
    expect(pagina.get_by_text("Videomaker: Vitor Videomaker (freelancer) — cachê R$ 850,00")).to_be_visible()

    # Its result and the way to its lançamentos in Financeiro (by its centro de custo).
    expect(pagina.get_by_text("Sem receita ainda")).to_be_visible()
    expect(pagina.get_by_role("link", name="Ver os lançamentos do evento no Financeiro")).to_have_attribute(
        "href", re.compile(r"/financeiro\?periodo=tudo&centro_custo_id=\d+"))

    # The list shows it with its etapa; the etapa filter narrows it.
    pagina.get_by_role("link", name="← Eventos").click()
    linhas = pagina.get_by_role("table").locator("tbody tr")
    expect(linhas).to_have_count(1)
    expect(linhas.first).to_contain_text("Lead")
    expect(linhas.first).to_contain_text("4 pendentes")
    pagina.get_by_label("Etapa").select_option(label="Concluído")
    expect(pagina.get_by_text("Nenhum evento encontrado com esses filtros.")).to_be_visible()


def test_quem_so_le_nao_ve_botoes_de_escrita(abrir_pagina, entrar, estudio):
    pagina = abrir_pagina()
    entrar(pagina, estudio["leitor"]["username"], SENHA)
    pagina.goto("/operacional")
    expect(pagina.get_by_role("table").or_(pagina.get_by_text("Nenhum evento cadastrado ainda."))).to_be_visible()
    expect(pagina.get_by_role("button", name="Novo evento")).to_have_count(0)
    expect(pagina.get_by_role("button", name="Cadastrar o primeiro evento")).to_have_count(0)


def test_editar_o_checklist_de_um_tipo(abrir_pagina, entrar, estudio):
    pagina = abrir_pagina()
    entrar(pagina, estudio["produtora"]["username"], SENHA)
    pagina.goto("/operacional")
    pagina.get_by_role("button", name="Tipos e checklists").click()
    dialogo = pagina.get_by_role("dialog", name="Tipos de evento")
    batizado = dialogo.get_by_role("listitem").filter(has_text="Batizado")
    expect(batizado).to_contain_text("2 tarefas no checklist")
    batizado.get_by_role("button", name="Checklist").click()
    checklist = pagina.get_by_role("dialog", name="Checklist de Batizado")
    expect(checklist.get_by_role("textbox", name="Tarefa 1")).to_have_value("Confirmar horário da cerimônia")
    checklist.get_by_role("button", name="Adicionar tarefa").click()
    checklist.get_by_role("textbox", name="Tarefa 3").fill("Enviar lembrancinhas")
    checklist.get_by_label("Dias do evento").nth(2).fill("400")
    checklist.get_by_role("button", name="Salvar checklist").click()
    expect(checklist.get_by_text("Deve ser menor ou igual a 365")).to_be_visible()
    checklist.get_by_label("Dias do evento").nth(2).fill("30")
    checklist.get_by_role("button", name="Salvar checklist").click()
    dialogo = pagina.get_by_role("dialog", name="Tipos de evento")
    expect(dialogo.get_by_role("listitem").filter(has_text="Batizado")).to_contain_text("3 tarefas no checklist")
    # A tipo in use cannot be deleted; the refusal says what to do instead.
    dialogo.get_by_role("listitem").filter(has_text="Casamento").get_by_role("button", name="Excluir").click()
    confirmacao = pagina.get_by_role("dialog", name="Excluir tipo de evento")
    confirmacao.get_by_role("button", name="Excluir").click()
    expect(confirmacao.get_by_role("alert")).to_contain_text("desative-o")
