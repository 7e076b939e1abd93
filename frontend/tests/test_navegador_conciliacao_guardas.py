"""Conciliação's guard rails and conveniences in Chromium, against the live services, through the
frontend only: visiting the screen asks nothing that answers an error; a rule with the conditions of
another is stopped with a warning that shows the other one and saves only when told to; and a
lançamento created from a bank line comes with the cliente or fornecedor the line names, which the
staff may change.
"""
import re
import secrets

import pytest
from playwright.sync_api import expect

from shared.config import hoje

from financeiro.ofx.escritor import Linha, ofx as escrever_ofx

SENHA = "senha-forte-123"
PIX = "PIX RECEBIDO 52998224725 CARLOS MENDES"
TED = "TED 341 0001 JOANA LIMA ME"
TARIFA = "TARIFA PACOTE SERVICOS"


@pytest.fixture(scope="module")
def estudio(admin_http, nova_equipe):
    """An empresa with its manager; Carlos Mendes (a cliente, with his CPF), Joana Lima ME and
    Gráfica Rápida (fornecedores); the rule "Tarifas bancárias"; and Itaú's statement with Carlos's
    PIX, a TED to Joana and the bank's fee. `http`: the manager's session, to check what the screens
    did."""
    equipe = nova_equipe("Estúdio Guardas da Conciliação", {"gerente": ["cadastros:escrever", "financeiro:escrever"]})
    http = type(admin_http)(admin_http.base)
    http.entrar(equipe["gerente"]["username"], SENHA)
    criar = http.criar
    itau = criar("/api/contas", nome="Itaú", tipo="CORRENTE", banco="341", agencia="1234", numero="11111-1")
    ensaios = criar("/api/categorias", nome="Ensaios", tipo="RECEITA")
    servicos = criar("/api/categorias", nome="Serviços de terceiros", tipo="DESPESA")
    tarifas = criar("/api/categorias", nome="Tarifas bancárias", tipo="DESPESA")
    carlos = criar("/api/clientes", nome="Carlos Mendes", cpf_cnpj="529.982.247-25")
    joana = criar("/api/fornecedores", nome="Joana Lima ME")
    grafica = criar("/api/fornecedores", nome="Gráfica Rápida")
    criar("/api/extratos/regras", nome="Tarifas bancárias", memo_contem="tarifa", acao="SUGERIR",
          categoria_id=tarifas["id"])
    linhas = [Linha(hoje(), valor, memo, f"guardas-{n}-{secrets.token_hex(4)}")
              for n, (valor, memo) in enumerate((("350.00", PIX), ("-820.00", TED), ("-45.90", TARIFA)))]
    resposta = http.post("/api/extratos/upload", data={"conta_id": itau["id"]}, files={
        "arquivo": ("itau.ofx", escrever_ofx(linhas, inicio=hoje(), fim=hoje(), conta="11111-1", agencia="1234"))})
    assert resposta.status_code == 201, resposta.text
    yield {**equipe, "http": http, "extrato": resposta.json()["extrato_id"], "ensaios": ensaios,
           "servicos": servicos, "tarifas": tarifas, "carlos": carlos, "joana": joana, "grafica": grafica}
    http.close()


def lancamentos_de(estudio, **filtro) -> list[str]:
    """The descrições of the lançamentos of a cliente or fornecedor, as the API lists them."""
    resposta = estudio["http"].get("/api/lancamentos", params=filtro)
    assert resposta.status_code == 200, resposta.text
    return [l["descricao"] for l in resposta.json()["items"]]


def transacoes(pagina):
    return pagina.get_by_role("listbox", name="Transações a conciliar")


def test_visitar_a_conciliacao_nao_pede_nada_que_responda_erro(abrir_pagina, entrar, estudio):
    pagina = abrir_pagina()
    entrar(pagina, estudio["gerente"]["username"], SENHA)
    erros = []
    pagina.on("response", lambda r: r.status >= 400 and erros.append(f"{r.status} {r.request.method} {r.url}"))
    # Without a statement in the address, the newest; never reconciled automatically.
    pagina.goto("/financeiro/conciliacao")
    expect(pagina).to_have_url(re.compile(rf"\?extrato={estudio['extrato']}$"))
    expect(transacoes(pagina).get_by_role("option")).to_have_count(3)
    expect(pagina.get_by_role("list", name="Sugestões").or_(pagina.get_by_text("Nenhuma sugestão"))).to_be_visible()
    expect(pagina.get_by_role("region", name="Conciliação automática")).to_have_count(0)
    for aba, pronta in (("Conciliadas", "Nenhuma transação deste extrato foi conciliada ainda."),
                        ("Regras", "Tarifas bancárias")):
        pagina.get_by_role("tab", name=aba).click()
        expect(pagina.get_by_role("tabpanel", name=aba)).to_contain_text(pronta)
    pagina.reload()
    expect(pagina.get_by_role("tabpanel", name="Regras")).to_contain_text("Tarifas bancárias")
    assert erros == []


def test_regra_com_as_condicoes_de_outra_avisa_mostra_a_outra_e_salva_so_confirmada(abrir_pagina, entrar, estudio):
    pagina = abrir_pagina()
    entrar(pagina, estudio["gerente"]["username"], SENHA)
    pagina.goto(f"/financeiro/conciliacao?extrato={estudio['extrato']}&aba=regras")
    regras = pagina.get_by_role("table", name="Regras de conciliação").locator("tbody tr")
    expect(regras.filter(has_text="Tarifas bancárias")).to_have_count(1)

    pagina.get_by_role("button", name="Nova regra").click()
    editor = pagina.get_by_role("dialog", name="Nova regra")
    editor.get_by_label("Nome da regra").fill("Tarifas do Itaú")
    editor.get_by_label("Histórico contém").fill("TARIFA")  # the same text, however written
    editor.get_by_label("Categoria").select_option(label=f"{estudio['tarifas']['codigo']} Tarifas bancárias")
    editor.get_by_role("button", name="Salvar regra").click()
    aviso = editor.locator(".regra-duplicada")
    expect(aviso).to_contain_text("Já existe a regra “Tarifas bancárias” com as mesmas condições")
    expect(editor).to_be_visible()
    expect(regras.filter(has_text="Tarifas do Itaú")).to_have_count(0)

    # The other rule, seen without leaving the form.
    ver = aviso.get_by_role("button", name="Ver a regra existente")
    ver.click()
    expect(ver).to_have_attribute("aria-expanded", "true")
    existente = aviso.get_by_role("region", name="Regra Tarifas bancárias")
    expect(existente).to_contain_text("histórico contém “tarifa”")
    expect(existente).to_contain_text("Sugerir lançamento em Tarifas bancárias")
    expect(editor.get_by_label("Nome da regra")).to_have_value("Tarifas do Itaú")

    aviso.get_by_role("button", name="Salvar mesmo assim").click()
    expect(editor).to_have_count(0)
    expect(regras.filter(has_text="Tarifas do Itaú")).to_have_count(1)

    # An edit into another rule's conditions is stopped too; back to its own, it saves.
    pagina.get_by_role("button", name="Editar a regra Tarifas do Itaú").click()
    edicao = pagina.get_by_role("dialog", name="Editar regra Tarifas do Itaú")
    edicao.get_by_label("Histórico contém").fill("tarifa pix")
    edicao.get_by_role("button", name="Salvar regra").click()
    expect(edicao).to_have_count(0)
    pagina.get_by_role("button", name="Editar a regra Tarifas do Itaú").click()
    edicao.get_by_label("Histórico contém").fill("Tarifa")
    edicao.get_by_role("button", name="Salvar regra").click()
    expect(edicao.locator(".regra-duplicada")).to_contain_text("Já existe a regra “Tarifas bancárias”")
    edicao.get_by_role("button", name="Cancelar").click()
    expect(regras.filter(has_text="tarifa pix")).to_have_count(1)


def test_lancamento_criado_da_linha_do_banco_vem_com_o_cliente_ou_fornecedor_dela(abrir_pagina, entrar, estudio):
    pagina = abrir_pagina()
    entrar(pagina, estudio["gerente"]["username"], SENHA)
    pagina.goto(f"/financeiro/conciliacao?extrato={estudio['extrato']}")

    # --- Carlos's PIX: he is found by his CPF, and the lançamento is his.
    transacoes(pagina).get_by_role("option", name=re.compile(PIX)).click()
    pagina.get_by_role("button", name="Criar lançamento", exact=True).click()
    criacao = pagina.get_by_role("dialog", name="Criar lançamento da transação")
    cliente = criacao.get_by_role("combobox", name="Cliente")
    expect(cliente).to_have_value("Carlos Mendes")
    expect(criacao).to_contain_text("Preenchido pelo CPF/CNPJ do cliente no histórico; troque se não for.")
    criacao.get_by_label("Categoria").select_option(label=f"{estudio['ensaios']['codigo']} Ensaios")
    criacao.get_by_role("button", name="Criar e conciliar").click()
    expect(criacao).to_have_count(0)
    expect(transacoes(pagina).get_by_role("option", name=re.compile(PIX))).to_have_count(0)
    assert lancamentos_de(estudio, cliente_id=estudio["carlos"]["id"]) == [PIX]

    # --- the TED: Joana comes by her name; the staff know better and pick the print shop.
    transacoes(pagina).get_by_role("option", name=re.compile(TED)).click()
    pagina.get_by_role("button", name="Criar lançamento", exact=True).click()
    fornecedor = criacao.get_by_role("combobox", name="Fornecedor")
    expect(fornecedor).to_have_value("Joana Lima ME")
    expect(criacao).to_contain_text("Preenchido pelo nome do fornecedor no histórico")
    fornecedor.fill("Gráfica")
    criacao.get_by_role("option", name="Gráfica Rápida").click()
    expect(fornecedor).to_have_value("Gráfica Rápida")
    expect(criacao).not_to_contain_text("Preenchido pelo")
    criacao.get_by_label("Categoria").select_option(label=f"{estudio['servicos']['codigo']} Serviços de terceiros")
    criacao.get_by_role("button", name="Criar e conciliar").click()
    expect(criacao).to_have_count(0)
    assert lancamentos_de(estudio, fornecedor_id=estudio["grafica"]["id"]) == [TED]
    assert lancamentos_de(estudio, fornecedor_id=estudio["joana"]["id"]) == []

    # --- the bank's fee names nobody: nothing is filled in.
    transacoes(pagina).get_by_role("option", name=re.compile(TARIFA)).click()
    pagina.get_by_role("button", name="Criar lançamento", exact=True).click()
    expect(criacao.get_by_role("combobox", name="Fornecedor")).to_have_value("")
    expect(criacao).not_to_contain_text("Preenchido pelo")
