"""Conciliação in Chromium, against the live services, through the frontend only.

A client pays the three parcelas of a course with one PIX: the staff find that match among the
suggestions and confirm it from the keyboard, undo it, and do it again by ticking the three
lançamentos. The bank's monthly fee gets a rule written from its transaction, tried on the past
statements before it is saved; the automatic conciliação then reconciles the fee by itself and
leaves the energy bill for review, which becomes a lançamento created from its transaction.
Someone who only reads sees all of it and can change none of it.
"""
import re
import secrets
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from shared.config import hoje

from financeiro.ofx.escritor import Linha, ofx as escrever_ofx

SENHA = "senha-forte-123"
PIX = "PIX RECEBIDO ANA BEATRIZ SOUZA"
TARIFA = "TARIFA PACOTE SERVICOS"
BOLETO = "PAGTO BOLETO 00123 ENERGIA"


def ofx(transacoes: list[tuple[date, str, str]], conta: str) -> bytes:
    """A statement of (data, valor, memo), each with a FITID of its own."""
    return escrever_ofx([Linha(dia, valor, memo, f"{conta}-{i}-{secrets.token_hex(4)}")
                         for i, (dia, valor, memo) in enumerate(transacoes)],
                        inicio=min(t[0] for t in transacoes), fim=max(t[0] for t in transacoes), conta=conta,
                        agencia="1234")


@pytest.fixture(scope="module")
def estudio(admin_http, nova_equipe):
    """An empresa with its manager and someone who only reads the financeiro; a course sold to Ana
    in three parcelas of R$ 100,00 and another client's R$ 300,00 (the same amount as the PIX, to
    compete with the right match); Itaú's statement with Ana's PIX; Bradesco's statements of two
    months, each with the bank's fee."""
    equipe = nova_equipe("Estúdio Conciliação", {"gerente": ["cadastros:escrever", "financeiro:escrever"],
                                                 "leitor": ["financeiro:ler"]})
    gerente, leitor = equipe["gerente"], equipe["leitor"]

    http = type(admin_http)(admin_http.base)
    http.entrar(gerente["username"], SENHA)

    criar = http.criar

    def importar(conta, nome, transacoes):
        # Every file says Itaú (BANKID 0341): into the Bradesco conta it goes knowingly.
        resposta = http.post("/api/extratos/upload", data={"conta_id": conta["id"], "confirmar_conta": "true"},
                             files={"arquivo": (nome, ofx(transacoes, conta["numero"]))})
        assert resposta.status_code == 201, resposta.text
        return resposta.json()["extrato_id"]

    try:
        itau = criar("/api/contas", nome="Itaú", tipo="CORRENTE", banco="341", agencia="1234", numero="11111-1")
        bradesco = criar("/api/contas", nome="Bradesco", tipo="CORRENTE", banco="237", agencia="4321", numero="22222-2")
        cursos = criar("/api/categorias", nome="Cursos", tipo="RECEITA")
        tarifas = criar("/api/categorias", nome="Tarifas bancárias", tipo="DESPESA")
        ana = criar("/api/clientes", nome="Ana Beatriz Souza")
        carlos = criar("/api/clientes", nome="Carlos Lima")
        criar("/api/lancamentos", tipo="RECEITA", descricao="Curso de fotografia", valor="300.00",
              data_vencimento=hoje().isoformat(), categoria_id=cursos["id"], conta_id=itau["id"], cliente_id=ana["id"],
              parcelas={"quantidade": 3, "frequencia": "MENSAL"})
        criar("/api/lancamentos", tipo="RECEITA", descricao="Ensaio de casamento", valor="300.00",
              data_vencimento=(hoje() + timedelta(days=20)).isoformat(), categoria_id=cursos["id"],
              conta_id=itau["id"], cliente_id=carlos["id"])
        extrato_itau = importar(itau, "itau.ofx", [(hoje(), "300.00", PIX), (hoje(), "150.00", "TED RECEBIDA FOTO CLUBE")])
        mes_passado = hoje() - timedelta(days=30)
        importar(bradesco, "bradesco-anterior.ofx", [(mes_passado, "-45.90", TARIFA), (mes_passado, "80.00", "PIX RECEBIDO JOAO")])
        extrato_bradesco = importar(bradesco, "bradesco.ofx", [(hoje(), "-45.90", TARIFA), (hoje(), "-236.90", BOLETO)])
    finally:
        http.close()
    return {"gerente": gerente, "leitor": leitor, "ana": ana, "tarifas": tarifas,
            "extrato_itau": extrato_itau, "extrato_bradesco": extrato_bradesco}


@pytest.fixture
def api_do_gerente(admin_http, estudio):
    http = type(admin_http)(admin_http.base)
    http.entrar(estudio["gerente"]["username"], SENHA)
    yield http
    http.close()


def parcelas_de(http, cliente_id) -> list[tuple[str, str]]:
    """(status, valor_pago) of the client's lançamentos, by due date."""
    resposta = http.get("/api/lancamentos", params={"cliente_id": cliente_id})
    assert resposta.status_code == 200, resposta.text
    return [(l["status"], l["valor_pago"]) for l in resposta.json()["items"]]


def transacoes(pagina):
    return pagina.get_by_role("listbox", name="Transações a conciliar")


def test_um_pix_paga_tres_parcelas_pela_sugestao_pelo_teclado_desfeito_e_refeito_a_mao(
        abrir_pagina, entrar, estudio, api_do_gerente):
    pagina = abrir_pagina()
    entrar(pagina, estudio["gerente"]["username"], SENHA)
    # From the statement to its conciliação.
    pagina.goto(f"/financeiro/extratos/{estudio['extrato_itau']}")
    pagina.get_by_role("link", name="Conciliar", exact=True).click()
    expect(pagina).to_have_url(re.compile(rf"/financeiro/conciliacao\?extrato={estudio['extrato_itau']}$"))
    expect(pagina.get_by_role("link", name="Conciliação", exact=True)).to_have_attribute("aria-current", "page")
    expect(pagina.get_by_role("combobox", name="Extrato", exact=True)).to_have_value(str(estudio["extrato_itau"]))
    expect(transacoes(pagina).get_by_role("option")).to_have_count(2)

    # --- the suggestion that pays the three parcelas, picked by its number and confirmed with Enter.
    transacoes(pagina).get_by_role("option", name=re.compile(PIX)).click()
    expect(pagina.get_by_role("region", name="Transação escolhida").get_by_role("heading")).to_have_text(PIX)
    sugestoes = pagina.get_by_role("list", name="Sugestões").locator(":scope > li")
    tres = sugestoes.filter(has_text="Receber 3 lançamentos")
    expect(tres).to_have_count(1)
    expect(tres.get_by_role("list", name="Motivos").get_by_role("listitem").first).to_be_visible()
    for numero in ("1/3", "2/3", "3/3"):
        expect(tres).to_contain_text(f"Curso de fotografia {numero}")
    numero = re.match(r"Sugestão (\d)", tres.get_attribute("aria-label")).group(1)
    pagina.keyboard.press(numero)
    expect(tres).to_have_attribute("aria-current", "true")
    pagina.keyboard.press("Enter")
    expect(pagina.get_by_role("status").filter(has_text=f"{PIX} conciliada.")).to_be_visible()
    expect(transacoes(pagina).get_by_role("option")).to_have_count(1)
    expect(transacoes(pagina).get_by_role("option", name=re.compile(PIX))).to_have_count(0)
    assert parcelas_de(api_do_gerente, estudio["ana"]["id"]) == [("PAGO", "100.00")] * 3

    # --- how it was reconciled, then undone: the parcelas open again, the PIX back in the list.
    pagina.get_by_role("tab", name="Conciliadas").click()
    conciliadas = pagina.get_by_role("table", name="Transações conciliadas").locator("tbody tr")
    expect(conciliadas).to_have_count(1)
    data = hoje().strftime("%d/%m/%Y")
    pagina.get_by_role("button", name=f"Ver a conciliação de {PIX} de {data}").click()
    detalhe = pagina.get_by_role("dialog", name="Conciliação", exact=True)
    expect(detalhe).to_contain_text("Manual")
    baixas = detalhe.get_by_role("table", name="Pagamentos da conciliação").locator("tbody tr")
    expect(baixas).to_have_count(3)
    expect(baixas.first).to_contain_text("Pela conciliação")
    detalhe.get_by_role("button", name="Fechar").click()
    pagina.get_by_role("button", name=f"Desfazer a conciliação de {PIX} de {data}").click()
    pagina.get_by_role("dialog", name="Desfazer conciliação").get_by_role("button", name="Desfazer").click()
    expect(pagina.get_by_text("Nenhuma transação deste extrato foi conciliada ainda.")).to_be_visible()
    assert parcelas_de(api_do_gerente, estudio["ana"]["id"]) == [("PENDENTE", "0.00")] * 3

    # --- the same match by hand: the three parcelas ticked, the sum checked against the PIX.
    pagina.get_by_role("tab", name="A conciliar").click()
    transacoes(pagina).get_by_role("option", name=re.compile(PIX)).click()
    pagina.get_by_role("button", name="Escolher lançamentos em aberto").click()
    manual = pagina.get_by_role("region", name="Escolher lançamentos em aberto")
    manual.get_by_label("Buscar lançamento").fill("curso")
    expect(manual.get_by_role("table", name="Lançamentos em aberto").locator("tbody tr")).to_have_count(3)
    soma = manual.locator(".soma-selecionados")
    manual.get_by_label("Selecionar Curso de fotografia 1/3").check()
    manual.get_by_label("Selecionar Curso de fotografia 2/3").check()
    expect(soma).to_contain_text("2 selecionados: R$ 200,00 de R$ 300,00.")
    expect(soma).to_contain_text("Faltam R$ 100,00 para chegar ao valor da transação.")
    manual.get_by_label("Selecionar Curso de fotografia 3/3").check()
    expect(soma).to_contain_text("Confere com a transação.")
    manual.get_by_role("button", name="Conciliar com os selecionados").click()
    expect(pagina.get_by_role("status").filter(has_text=f"{PIX} conciliada com 3 lançamentos.")).to_be_visible()
    expect(transacoes(pagina).get_by_role("option", name=re.compile(PIX))).to_have_count(0)
    assert parcelas_de(api_do_gerente, estudio["ana"]["id"]) == [("PAGO", "100.00")] * 3


def test_regra_escrita_a_partir_da_tarifa_testada_salva_e_aplicada_pela_conciliacao_automatica(
        abrir_pagina, entrar, estudio):
    pagina = abrir_pagina()
    entrar(pagina, estudio["gerente"]["username"], SENHA)
    pagina.goto(f"/financeiro/conciliacao?extrato={estudio['extrato_bradesco']}")
    transacoes(pagina).get_by_role("option", name=re.compile(TARIFA)).click()

    # --- the editor comes filled from the transaction; the dry run finds this month's fee and last month's.
    pagina.get_by_role("button", name="Criar regra a partir desta transação").click()
    editor = pagina.get_by_role("dialog", name="Nova regra")
    expect(editor.get_by_label("Histórico contém")).to_have_value(TARIFA)
    expect(editor.get_by_label("Direção")).to_have_value("SAIDA")
    expect(editor.get_by_label("Conta").locator("option:checked")).to_have_text("Bradesco")
    editor.get_by_label("Nome da regra").fill("Tarifas bancárias")
    editor.get_by_label("Categoria").select_option(label=f"{estudio['tarifas']['codigo']} Tarifas bancárias")
    editor.get_by_role("button", name="Testar").click()
    resultado = editor.get_by_role("region", name="Resultado do teste")
    expect(resultado).to_contain_text("Esta regra teria encontrado 2 transações.")
    expect(resultado.locator("tbody tr")).to_have_count(2)
    editor.get_by_role("button", name="Salvar regra").click()
    expect(editor).to_have_count(0)

    # A rule that suggests: the fee's suggestion now names it.
    sugestao = pagina.get_by_role("list", name="Sugestões").locator(":scope > li").filter(has_text="regra “Tarifas bancárias”")
    expect(sugestao).to_have_count(1)
    expect(sugestao).to_contain_text("Tarifas bancárias")

    # --- the rules list: a second rule ahead of it, then deleted; the first one now creates by itself.
    pagina.get_by_role("tab", name="Regras").click()
    regras = pagina.get_by_role("table", name="Regras de conciliação").locator("tbody tr")
    expect(regras).to_have_count(1)
    expect(regras.first).to_contain_text("Sugerir lançamento em Tarifas bancárias")
    pagina.get_by_role("button", name="Nova regra").click()
    nova = pagina.get_by_role("dialog", name="Nova regra")
    nova.get_by_label("Nome da regra").fill("Energia")
    nova.get_by_label("Histórico contém").fill("energia")
    nova.get_by_label("Direção").select_option("SAIDA")
    nova.get_by_label("Categoria").select_option(label=f"{estudio['tarifas']['codigo']} Tarifas bancárias")
    nova.get_by_role("button", name="Salvar regra").click()
    expect(regras).to_have_count(2)
    pagina.get_by_role("button", name="Subir a regra Energia").click()
    expect(regras.locator("td:nth-child(2)")).to_have_text(["Energia", "Tarifas bancárias"])
    pagina.get_by_role("button", name="Excluir a regra Energia").click()
    pagina.get_by_role("dialog", name="Excluir regra").get_by_role("button", name="Excluir").click()
    expect(regras).to_have_count(1)
    pagina.get_by_role("button", name="Editar a regra Tarifas bancárias").click()
    edicao = pagina.get_by_role("dialog", name="Editar regra Tarifas bancárias")
    expect(edicao.get_by_label("Histórico contém")).to_have_value("tarifa pacote servicos")  # stored folded
    edicao.get_by_label("Criar o lançamento na conciliação automática").check()
    edicao.get_by_role("button", name="Salvar regra").click()
    expect(regras.first).to_contain_text("Criar lançamento em Tarifas bancárias")

    # --- the automatic conciliação: the fee reconciled by the rule, the energy bill left for review.
    pagina.get_by_role("button", name="Conciliar automaticamente").click()
    pagina.get_by_role("dialog", name="Conciliar automaticamente").get_by_role("button", name="Iniciar").click()
    execucao = pagina.get_by_role("region", name="Conciliação automática")
    expect(execucao.get_by_role("status")).to_contain_text("Concluída")
    progresso = execucao.get_by_role("progressbar", name="Progresso da conciliação automática")
    expect(progresso).to_have_attribute("value", "2")
    expect(progresso).to_have_attribute("max", "2")
    expect(execucao).to_contain_text("1 lançamento criado por regra")
    expect(execucao).to_contain_text("1 deixada para revisão")
    pagina.get_by_role("tab", name="Conciliadas").click()
    pagina.get_by_role("button", name=f"Ver a conciliação de {TARIFA} de {hoje():%d/%m/%Y}").click()
    detalhe = pagina.get_by_role("dialog", name="Conciliação", exact=True)
    expect(detalhe).to_contain_text("Regra “Tarifas bancárias”")
    expect(detalhe).to_contain_text("Lançamento criado")
    detalhe.get_by_role("button", name="Fechar").click()

    # --- what was left: the energy bill, a lançamento nobody recorded, created from the transaction.
    pagina.get_by_role("tab", name="A conciliar").click()
    expect(transacoes(pagina).get_by_role("option")).to_have_count(1)
    transacoes(pagina).get_by_role("option", name=re.compile(BOLETO)).click()
    pagina.get_by_role("button", name="Criar lançamento", exact=True).click()
    criacao = pagina.get_by_role("dialog", name="Criar lançamento da transação")
    expect(criacao).to_contain_text("Uma despesa de R$ 236,90")
    expect(criacao.get_by_label("Descrição")).to_have_value(BOLETO)
    criacao.get_by_role("button", name="Criar e conciliar").click()
    expect(criacao.get_by_label("Categoria")).to_have_attribute("aria-invalid", "true")  # the server names the field
    criacao.get_by_label("Categoria").select_option(label=f"{estudio['tarifas']['codigo']} Tarifas bancárias")
    criacao.get_by_label("Descrição").fill("Conta de energia")
    criacao.get_by_role("button", name="Criar e conciliar").click()
    expect(criacao).to_have_count(0)
    expect(pagina.get_by_text("Todas as transações deste extrato estão conciliadas.")).to_be_visible()


def test_quem_so_le_ve_transacoes_sugestoes_e_regras_sem_botoes_que_escrevem(abrir_pagina, entrar, estudio):
    pagina = abrir_pagina()
    entrar(pagina, estudio["leitor"]["username"], SENHA)
    pagina.goto(f"/financeiro/conciliacao?extrato={estudio['extrato_itau']}")
    opcoes = transacoes(pagina).get_by_role("option")
    expect(opcoes.first).to_be_visible()
    opcoes.first.click()
    expect(opcoes.first).to_have_attribute("aria-selected", "true")
    pagina.keyboard.press("ArrowDown" if opcoes.count() > 1 else "ArrowUp")
    expect(pagina.get_by_role("region", name="Transação escolhida")).to_be_visible()
    escritas = re.compile(r"^(Confirmar|Conciliar|Criar|Escolher|Desfazer|Nova regra|Editar|Excluir|Subir|Descer)")
    expect(pagina.get_by_role("button", name=escritas)).to_have_count(0)
    # The other tabs, once loaded (a table, or the word that there is nothing yet), write nothing either.
    pagina.get_by_role("tab", name="Regras").click()
    expect(pagina.get_by_role("tabpanel", name="Regras")).to_contain_text(re.compile("Condições|Nenhuma regra"))
    expect(pagina.get_by_role("button", name=escritas)).to_have_count(0)
    pagina.get_by_role("tab", name="Conciliadas").click()
    expect(pagina.get_by_role("tabpanel", name="Conciliadas")).to_contain_text(re.compile("Histórico|Nenhuma transação"))
    expect(pagina.get_by_role("button", name=escritas)).to_have_count(0)
