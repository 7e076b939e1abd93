"""Navigation by period, in Chromium, against the live services, through the frontend only.

A studio's ledger is not stuck on this month: a month navigator (‹ dezembro de 2026 ›, from the
mouse and the keyboard) and quick periods ("Vencidos" shows only what is overdue); every filter is
in the address, so a reload keeps it and the back button returns to the previous one; a wedding
sold in 10 parcelas is seen whole from any of them ("Ver todas as parcelas"); the words are the
staff's ("Receber", "Pagar", "Desfazer pagamento", a statement's "Saída"/"Entrada"); the
conciliação's reconciled transactions have the same period picker. Screenshots of the ledger with
the navigator at 1366×850 and 390×844 go to /tmp/periodo/ (ERP_PERIODO elsewhere).
"""
import calendar
import os
import re
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from shared.config import hoje

from financeiro.ofx.escritor import Linha, ofx as escrever_ofx

SENHA = "senha-forte-123"
TELAS = Path(os.environ.get("ERP_PERIODO", "/tmp/periodo"))
MESES = ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro",
         "novembro", "dezembro"]
CASAMENTO = "Casamento Juliana e Pedro"


def mes(dia: date, n: int = 0) -> tuple[int, int]:
    """The (year, month) `n` months from `dia`'s."""
    ano, m = divmod(dia.year * 12 + dia.month - 1 + n, 12)
    return ano, m + 1


def nome_do_mes(ano_mes: tuple[int, int]) -> str:
    return f"{MESES[ano_mes[1] - 1]} de {ano_mes[0]}"


def no_mes(ano_mes: tuple[int, int], dia: int) -> date:
    return date(*ano_mes, min(dia, calendar.monthrange(*ano_mes)[1]))


def busca(pagina) -> dict:
    return parse_qs(urlsplit(pagina.url).query)


@pytest.fixture(scope="module")
def estudio(admin_http, nova_equipe):
    """A studio in a fresh empresa: a wedding in 10 monthly parcelas on the 10th from two months ago
    (the first one received), the rent of last month still open, a photo shoot due today and a
    graduation next month; a statement of two months with a transaction reconciled in each."""
    equipe = nova_equipe("Estúdio Período", {"gerente": ["cadastros:escrever", "financeiro:escrever"]})
    sufixo = equipe["sufixo"]
    http = type(admin_http)(admin_http.base)
    http.entrar(equipe["gerente"]["username"], SENHA)

    criar = http.criar

    dia = hoje()
    try:
        itau = criar("/api/contas", nome=f"Itaú {sufixo}", tipo="CORRENTE", banco="341", agencia="1234", numero="12345-6")
        nubank = criar("/api/contas", nome=f"Nubank {sufixo}", tipo="CORRENTE", banco="260", agencia="0001", numero="98765-4")
        casamentos = criar("/api/categorias", nome="Casamentos", tipo="RECEITA")
        aluguel = criar("/api/categorias", nome="Aluguel", tipo="DESPESA")
        tarifas = criar("/api/categorias", nome="Tarifas bancárias", tipo="DESPESA")
        ana = criar("/api/clientes", nome=f"Ana Beatriz Souza {sufixo}")
        imobiliaria = criar("/api/fornecedores", nome=f"Imobiliária Central {sufixo}")

        primeiro = no_mes(mes(dia, -2), 10)
        criar("/api/lancamentos", tipo="RECEITA", descricao=CASAMENTO, valor="10000.00",
              data_vencimento=primeiro.isoformat(), categoria_id=casamentos["id"], conta_id=itau["id"],
              cliente_id=ana["id"], parcelas={"quantidade": 10, "frequencia": "MENSAL"})
        parcelas = http.get("/api/lancamentos", params={"cliente_id": ana["id"], "limit": 50}).json()["items"]
        assert [p["serie"]["numero"] for p in parcelas] == list(range(1, 11))
        recebida = http.post(f"/api/lancamentos/{parcelas[0]['id']}/baixas", json={"valor": "1000.00", "data": primeiro.isoformat()})
        assert recebida.status_code == 201, recebida.text
        criar("/api/lancamentos", tipo="DESPESA", descricao="Aluguel do estúdio", valor="2300.00",
              data_vencimento=no_mes(mes(dia, -1), 5).isoformat(), categoria_id=aluguel["id"], conta_id=itau["id"],
              fornecedor_id=imobiliaria["id"])
        criar("/api/lancamentos", tipo="RECEITA", descricao="Ensaio gestante", valor="850.00",
              data_vencimento=dia.isoformat(), categoria_id=casamentos["id"], conta_id=nubank["id"])
        criar("/api/lancamentos", tipo="RECEITA", descricao="Formatura", valor="5000.00",
              data_vencimento=no_mes(mes(dia, 1), 20).isoformat(), categoria_id=casamentos["id"], conta_id=itau["id"])

        # Two months of a bank statement: each line's OFX type, and one reconciled in each month.
        anterior, atual = no_mes(mes(dia, -1), 15), no_mes(mes(dia), 1)
        conteudo = escrever_ofx([
            Linha(anterior, "-45.90", "TARIFA PACOTE SERVICOS", f"T-1-{sufixo}", tipo="FEE"),
            Linha(anterior, "-236.90", "PAGTO CONTA LUZ", f"T-2-{sufixo}"),
            Linha(atual, "-49.90", "TARIFA PACOTE SERVICOS", f"T-3-{sufixo}", tipo="FEE"),
            Linha(atual, "1500.00", "DEPOSITO EM DINHEIRO", f"T-4-{sufixo}"),
            Linha(atual, "300.00", "PIX RECEBIDO ANA BEATRIZ", f"T-5-{sufixo}"),
            Linha(atual, "1.27", "REMUNERACAO", f"T-6-{sufixo}", tipo="INT"),
        ], inicio=anterior, fim=atual, conta="12345-6", agencia="1234")
        enviado = http.post("/api/extratos/upload", data={"conta_id": itau["id"]},
                            files={"arquivo": ("itau-dois-meses.ofx", conteudo)})
        assert enviado.status_code == 201, enviado.text
        extrato_id = enviado.json()["extrato_id"]
        transacoes = http.get(f"/api/extratos/{extrato_id}/transacoes").json()["items"]
        tarifas_pagas = {}
        for transacao in transacoes:
            if transacao["memo"] == "TARIFA PACOTE SERVICOS":
                dia_da_tarifa = date.fromisoformat(transacao["data"])
                descricao = f"Tarifa do banco {dia_da_tarifa:%d/%m}"
                criada = http.post(f"/api/extratos/transacoes/{transacao['id']}/lancamento",
                                   json={"categoria_id": tarifas["id"], "descricao": descricao})
                assert criada.status_code == 201, criada.text
                tarifas_pagas[descricao] = dia_da_tarifa
    finally:
        http.close()
    return {**equipe, "itau": itau, "ana": ana, "extrato_id": extrato_id, "primeiro": primeiro,
            "anterior": anterior, "atual": atual, "tarifas_pagas": tarifas_pagas}


def livro(estudio) -> dict[str, tuple[date, bool]]:
    """Every lançamento by its row's text: its due date and whether it is still open (the first
    parcela was received; the bank's fees were created paid by the conciliação)."""
    primeiro, dia = estudio["primeiro"], hoje()
    datas = {f"{CASAMENTO} {n}/10": (no_mes(mes(primeiro, n - 1), 10), n > 1) for n in range(1, 11)}
    datas.update({"Aluguel do estúdio": (no_mes(mes(dia, -1), 5), True), "Ensaio gestante": (dia, True),
                  "Formatura": (no_mes(mes(dia, 1), 20), True)})
    datas.update({descricao: (data, False) for descricao, data in estudio["tarifas_pagas"].items()})
    return datas


def entre(estudio, de: date, ate: date) -> list[str]:
    return sorted(d for d, (v, _) in livro(estudio).items() if de <= v <= ate)


def linhas(pagina, nome="Lançamentos"):
    return pagina.get_by_role("table", name=nome).locator("tbody tr")


def descricoes(pagina) -> list[str]:
    """Each row's description with its parcela, as the ledger shows them."""
    return [re.sub(r"\s+", " ", t).strip() for t in linhas(pagina).locator(".descricao").all_inner_texts()]


def mostra(pagina, esperadas: list[str]) -> None:
    """The list shows exactly `esperadas` (in any order), once its reload for the new period is in:
    until then the previous period's rows, possibly as many, are still on screen."""
    fim = time.monotonic() + 10
    while sorted(descricoes(pagina)) != sorted(esperadas) and time.monotonic() < fim:
        pagina.wait_for_timeout(100)
    assert sorted(descricoes(pagina)) == sorted(esperadas)


def periodo(pagina):
    return pagina.get_by_role("group", name="Período", exact=True)


def abrir_livro(abrir_pagina, entrar, estudio, caminho="/financeiro", tamanho=None):
    pagina = abrir_pagina()
    if tamanho:
        pagina.set_viewport_size(tamanho)
    entrar(pagina, estudio["gerente"]["username"], SENHA)
    pagina.goto(caminho)
    expect(pagina.get_by_role("heading", name="Financeiro")).to_be_visible()
    return pagina


def test_o_navegador_de_meses_e_os_periodos_rapidos_mudam_a_lista(abrir_pagina, entrar, estudio):
    dia = hoje()
    datas = livro(estudio)
    pagina = abrir_livro(abrir_pagina, entrar, estudio)

    def do_mes(n):
        return sorted(d for d, (v, _) in datas.items() if mes(v) == mes(dia, n))

    # This month, by default: its name between the arrows, and nothing of it in the address.
    expect(periodo(pagina).locator(".periodo-nome")).to_have_text(nome_do_mes(mes(dia)))
    expect(pagina.get_by_role("button", name="Este mês")).to_have_attribute("aria-pressed", "true")
    expect(linhas(pagina)).to_have_count(len(do_mes(0)))
    mostra(pagina, sorted(do_mes(0)))
    assert urlsplit(pagina.url).query == ""

    # ‹ the previous month: the wedding's 2nd parcela and the rent; the address says which month.
    pagina.get_by_role("button", name="Mês anterior").click()
    expect(periodo(pagina).locator(".periodo-nome")).to_have_text(nome_do_mes(mes(dia, -1)))
    expect(pagina).to_have_url(re.compile(r"\?mes=%d-%02d$" % mes(dia, -1)))
    expect(linhas(pagina)).to_have_count(len(do_mes(-1)))
    mostra(pagina, sorted(do_mes(-1)))
    expect(pagina.get_by_role("button", name="Este mês")).to_have_attribute("aria-pressed", "false")

    # › twice: next month.
    pagina.get_by_role("button", name="Próximo mês").click()
    pagina.get_by_role("button", name="Próximo mês").click()
    expect(periodo(pagina).locator(".periodo-nome")).to_have_text(nome_do_mes(mes(dia, 1)))
    expect(linhas(pagina)).to_have_count(len(do_mes(1)))
    mostra(pagina, sorted(do_mes(1)))

    # From the keyboard: the arrow keys on the navigator step it, and the focus stays there.
    anterior = pagina.get_by_role("button", name="Mês anterior")
    anterior.focus()
    pagina.keyboard.press("ArrowLeft")
    expect(periodo(pagina).locator(".periodo-nome")).to_have_text(nome_do_mes(mes(dia)))
    expect(anterior).to_be_focused()
    expect(pagina).to_have_url(re.compile(r"/financeiro$"))  # this month is the default: left out
    pagina.keyboard.press("ArrowLeft")
    expect(periodo(pagina).locator(".periodo-nome")).to_have_text(nome_do_mes(mes(dia, -1)))
    pagina.keyboard.press("Enter")  # the focused ‹ itself
    expect(periodo(pagina).locator(".periodo-nome")).to_have_text(nome_do_mes(mes(dia, -2)))
    expect(linhas(pagina)).to_have_count(len(do_mes(-2)))
    expect(linhas(pagina).filter(has_text="1/10")).to_contain_text("Recebido")

    # "Vencidos": only what is open and past its due date, whatever the month.
    pagina.get_by_role("button", name="Vencidos").click()
    vencidos = sorted(d for d, (v, aberto) in datas.items() if aberto and v < dia)
    expect(linhas(pagina)).to_have_count(len(vencidos))
    mostra(pagina, vencidos)
    for linha in linhas(pagina).all():
        expect(linha).to_have_class(re.compile(r"\blinha-vencida\b"))
        expect(linha).to_contain_text("Vencido")
    assert busca(pagina) == {"periodo": ["vencidos"]}
    expect(periodo(pagina).locator(".periodo-nome")).to_have_text(f"Vencidos até {dia - timedelta(days=1):%d/%m/%Y}")

    # "Próximos 30 dias" and "Últimos 12 meses".
    pagina.get_by_role("button", name="Próximos 30 dias").click()
    proximos = entre(estudio, dia, dia + timedelta(days=29))
    expect(linhas(pagina)).to_have_count(len(proximos))
    mostra(pagina, proximos)
    pagina.get_by_role("button", name="Últimos 12 meses").click()
    doze = entre(estudio, no_mes(mes(dia, -11), 1), no_mes(mes(dia), 31))
    expect(linhas(pagina)).to_have_count(len(doze))
    mostra(pagina, doze)
    expect(pagina.get_by_role("button", name="Últimos 12 meses")).to_have_attribute("aria-pressed", "true")

    # "Personalizado": De/Até start from the period on screen and are typed as dd/mm/aaaa.
    pagina.get_by_role("button", name="Personalizado").click()
    de, ate = pagina.get_by_label("De", exact=True), pagina.get_by_label("Até", exact=True)
    expect(de).to_have_value(f"01/{mes(dia, -11)[1]:02d}/{mes(dia, -11)[0]}")
    inicio, fim = no_mes(mes(dia, -1), 1), no_mes(mes(dia, 1), 31)
    de.fill(inicio.strftime("%d/%m/%Y"))
    ate.fill(fim.strftime("%d/%m/%Y"))
    escolhidos = entre(estudio, inicio, fim)
    expect(linhas(pagina)).to_have_count(len(escolhidos))
    mostra(pagina, escolhidos)
    assert busca(pagina) == {"periodo": ["personalizado"], "de": [inicio.isoformat()], "ate": [fim.isoformat()]}

    # Nothing in a month long gone: the empty list says what to do.
    pagina.goto("/financeiro?mes=2001-01")
    expect(periodo(pagina).locator(".periodo-nome")).to_have_text("janeiro de 2001")
    vazio = pagina.locator(".vazio")
    expect(vazio).to_have_text("Nenhum lançamento neste período. Crie um em “Novo lançamento” ou importe um extrato.")
    vazio.get_by_role("link", name="importe um extrato").click()
    expect(pagina).to_have_url(re.compile(r"/financeiro/extratos$"))


def test_os_filtros_ficam_no_endereco_resistem_ao_recarregar_e_o_voltar_restaura_o_anterior(abrir_pagina, entrar, estudio):
    pagina = abrir_livro(abrir_pagina, entrar, estudio)
    pagina.get_by_role("button", name="Últimos 12 meses").click()
    expect(linhas(pagina)).to_have_count(len(entre(estudio, no_mes(mes(hoje(), -11), 1), no_mes(mes(hoje()), 31))))

    # Discrete changes are steps in the history; the search box writes the address as one types.
    pagina.get_by_label("Tipo").select_option("RECEITA")
    expect(linhas(pagina)).to_have_count(4)
    pagina.get_by_label("Situação").select_option("ABERTOS")
    expect(linhas(pagina)).to_have_count(3)
    pagina.get_by_label("Buscar").fill("casamento")
    expect(linhas(pagina)).to_have_count(2)
    expect(pagina).to_have_url(re.compile(r"q=casamento"))
    assert busca(pagina) == {"periodo": ["12meses"], "tipo": ["RECEITA"], "status": ["PENDENTE", "PARCIAL"],
                             "q": ["casamento"]}
    cliente = pagina.get_by_role("combobox", name="Cliente")
    cliente.fill("ana bea")
    pagina.get_by_role("option", name=f"Ana Beatriz Souza {estudio['sufixo']}").click()
    expect(pagina).to_have_url(re.compile(rf"cliente_id={estudio['ana']['id']}"))
    expect(linhas(pagina)).to_have_count(2)

    # A reload keeps every filter, the client by its name.
    pagina.reload()
    expect(linhas(pagina)).to_have_count(2)
    expect(pagina.get_by_label("Tipo")).to_have_value("RECEITA")
    expect(pagina.get_by_label("Situação")).to_have_value("ABERTOS")
    expect(pagina.get_by_label("Buscar")).to_have_value("casamento")
    expect(pagina.get_by_role("combobox", name="Cliente")).to_have_value(f"Ana Beatriz Souza {estudio['sufixo']}")
    expect(pagina.get_by_role("button", name="Últimos 12 meses")).to_have_attribute("aria-pressed", "true")

    # Back: the filters before the client; back again: before the situação (typing was no step).
    pagina.go_back()
    expect(pagina.get_by_role("combobox", name="Cliente")).to_have_value("")
    expect(pagina.get_by_label("Buscar")).to_have_value("casamento")
    expect(linhas(pagina)).to_have_count(2)
    pagina.go_back()
    expect(pagina.get_by_label("Situação")).to_have_value("")
    expect(pagina.get_by_label("Buscar")).to_have_value("")
    expect(pagina.get_by_label("Tipo")).to_have_value("RECEITA")
    expect(linhas(pagina)).to_have_count(4)
    pagina.go_forward()
    expect(pagina.get_by_label("Situação")).to_have_value("ABERTOS")
    expect(pagina.get_by_label("Buscar")).to_have_value("casamento")
    expect(linhas(pagina)).to_have_count(2)

    # A month too: back returns to the one before. A filter set back to its default leaves the address.
    pagina.goto("/financeiro")
    pagina.get_by_role("button", name="Mês anterior").click()
    expect(pagina).to_have_url(re.compile(r"\?mes="))
    pagina.get_by_role("button", name="Mês anterior").click()
    pagina.go_back()
    expect(periodo(pagina).locator(".periodo-nome")).to_have_text(nome_do_mes(mes(hoje(), -1)))
    pagina.get_by_label("Tipo").select_option("DESPESA")
    expect(pagina).to_have_url(re.compile(r"tipo=DESPESA"))
    pagina.get_by_label("Tipo").select_option("")
    expect(pagina).not_to_have_url(re.compile(r"tipo="))
    pagina.get_by_role("button", name="Este mês").click()
    expect(pagina).to_have_url(re.compile(r"/financeiro$"))

    # A link with filters opens the ledger with them, as a colleague would share it.
    outra = abrir_livro(abrir_pagina, entrar, estudio,
                        f"/financeiro?periodo=vencidos&tipo=DESPESA&conta_id={estudio['itau']['id']}")
    expect(outra.get_by_role("button", name="Vencidos")).to_have_attribute("aria-pressed", "true")
    expect(outra.get_by_label("Conta")).to_have_value(str(estudio["itau"]["id"]))
    expect(linhas(outra)).to_have_count(1)
    expect(linhas(outra).first).to_contain_text("Aluguel do estúdio")
    # Filters that find nothing say so, and clear in one click (the period stays).
    outra.get_by_label("Buscar").fill("nada disso")
    expect(outra.locator(".vazio")).to_contain_text("Nenhum lançamento encontrado com esses filtros.")
    outra.get_by_role("button", name="Limpar os filtros").click()
    expect(outra).to_have_url(re.compile(r"/financeiro\?periodo=vencidos$"))
    expect(outra.get_by_label("Buscar")).to_have_value("")
    expect(linhas(outra)).to_have_count(sum(1 for v, aberto in livro(estudio).values() if aberto and v < hoje()))


def test_ver_todas_as_parcelas_de_uma_venda_pela_lista_e_pelo_detalhe(abrir_pagina, entrar, estudio):
    dia = hoje()
    pagina = abrir_livro(abrir_pagina, entrar, estudio)
    parcela = f"{CASAMENTO} 3/10"

    # The parcela of this month shows "3/10", a link to the whole sale.
    linha = linhas(pagina).filter(has_text=parcela)
    link = linha.get_by_role("link", name=f"3/10: ver todas as parcelas de {CASAMENTO}")
    expect(link).to_have_text("3/10")
    link.click()
    expect(pagina).to_have_url(re.compile(r"\?periodo=tudo&serie_id=\d+$"))
    expect(pagina.get_by_role("dialog")).to_have_count(0)  # the link, not the row
    expect(pagina.get_by_role("status").filter(has_text="Todas as parcelas de")).to_contain_text(CASAMENTO)
    expect(linhas(pagina)).to_have_count(10)
    assert descricoes(pagina) == [f"{CASAMENTO} {n}/10" for n in range(1, 11)]
    # With their status and totals.
    expect(linhas(pagina).first).to_contain_text("Recebido")
    for n in range(2, 11):
        expect(linhas(pagina).nth(n - 1)).to_contain_text("Pendente")
    vencidas = sum(1 for n in range(2, 11) if no_mes(mes(estudio["primeiro"], n - 1), 10) < dia)
    expect(linhas(pagina).filter(has_text="Vencido")).to_have_count(vencidas)
    totais = pagina.get_by_role("region", name="Totais do filtro")
    expect(totais.locator(".total.receitas .total-valor")).to_have_text("R$ 10.000,00")
    expect(totais.locator(".total.receitas")).to_contain_text("R$ 1.000,00 recebidas · R$ 9.000,00 a receber")
    expect(totais.locator(".total.saldo")).to_contain_text("10 lançamentos")

    # Back to the month; from the detail of a parcela, the same.
    pagina.go_back()
    expect(pagina).to_have_url(re.compile(r"/financeiro$"))
    expect(linhas(pagina).filter(has_text=parcela)).to_have_count(1)
    linhas(pagina).filter(has_text=parcela).locator("td").first.click()
    detalhe = pagina.get_by_role("dialog", name=f"Lançamento {CASAMENTO}")
    expect(detalhe).to_contain_text("Parcela 3 de 10")
    detalhe.get_by_role("link", name="Ver todas as parcelas").click()
    expect(detalhe).to_have_count(0)
    expect(linhas(pagina)).to_have_count(10)
    pagina.get_by_role("button", name="Ver todos os lançamentos").click()
    expect(pagina).to_have_url(re.compile(r"/financeiro$"))
    expect(linhas(pagina).filter(has_text=parcela)).to_have_count(1)


def test_as_palavras_de_quem_trabalha_no_estudio(abrir_pagina, entrar, estudio):
    pagina = abrir_livro(abrir_pagina, entrar, estudio, "/financeiro?periodo=12meses")
    # "Receber" a receita, "Pagar" a despesa.
    expect(pagina.get_by_role("button", name="Receber Ensaio gestante")).to_have_text("Receber")
    expect(pagina.get_by_role("button", name="Pagar Aluguel do estúdio")).to_have_text("Pagar")
    expect(pagina.get_by_role("button", name=re.compile("^Baixar"))).to_have_count(0)
    pagina.get_by_role("button", name="Receber Ensaio gestante").click()
    receber = pagina.get_by_role("dialog", name="Receber Ensaio gestante")
    expect(receber.get_by_label("Valor recebido (R$)")).to_have_value("850,00")
    expect(receber.get_by_label("Data do recebimento")).to_have_value(hoje().strftime("%d/%m/%Y"))
    expect(receber.get_by_role("button", name="Registrar recebimento")).to_be_visible()
    pagina.keyboard.press("Escape")
    expect(receber).to_have_count(0)

    # The received parcela: "Recebido", its payment undone as "Desfazer recebimento".
    linhas(pagina).filter(has_text=f"{CASAMENTO} 1/10").locator("td").first.click()
    detalhe = pagina.get_by_role("dialog", name=f"Lançamento {CASAMENTO}")
    expect(detalhe.locator(".cabecalho-lancamento")).to_contain_text("Recebido")
    recebimentos = detalhe.get_by_role("table", name="Recebimentos").locator("tbody tr")
    expect(recebimentos).to_have_count(1)
    expect(recebimentos.get_by_role("button")).to_have_text("Desfazer recebimento")
    expect(detalhe.get_by_text(re.compile("[Bb]aixa|[Ee]storn"))).to_have_count(0)
    pagina.keyboard.press("Escape")

    # A statement's types in Portuguese.
    pagina.goto(f"/financeiro/extratos/{estudio['extrato_id']}")
    transacoes = linhas(pagina, "Transações do extrato")
    expect(transacoes).to_have_count(6)
    tipos = {}
    for linha in transacoes.all():
        celulas = linha.locator("td").all_inner_texts()
        tipos[celulas[1].strip()] = celulas[2].strip()
    assert tipos == {"TARIFA PACOTE SERVICOS": "Tarifa", "PAGTO CONTA LUZ": "Saída", "DEPOSITO EM DINHEIRO": "Entrada",
                     "PIX RECEBIDO ANA BEATRIZ": "PIX recebido", "REMUNERACAO": "Juros"}
    expect(pagina.get_by_text(re.compile(r"\b(DEBIT|CREDIT|FEE)\b"))).to_have_count(0)

    # The rule editor: the regular expression under "Avançado"; the threshold said plainly.
    pagina.goto(f"/financeiro/conciliacao?extrato={estudio['extrato_id']}&aba=regras")
    expect(pagina.get_by_role("tab", name="Regras")).to_have_attribute("aria-selected", "true")
    pagina.get_by_role("button", name="Nova regra").click()
    editor = pagina.get_by_role("dialog", name="Nova regra")
    regex = editor.get_by_label("Padrão avançado (expressão regular)")
    expect(regex).to_be_hidden()
    editor.get_by_text("Avançado", exact=True).click()
    expect(regex).to_be_visible()
    editor.get_by_label("Confirmar a melhor sugestão na conciliação automática").check()
    confianca = editor.get_by_label("Confiança mínima para conciliar sozinho (%)")
    expect(confianca).to_have_value("90")
    expect(editor).to_contain_text("90 é um bom começo")
    expect(editor.get_by_text(re.compile("Pontuação"))).to_have_count(0)
    # Refused by the server, the pattern's field shows even with "Avançado" closed.
    editor.get_by_label("Nome da regra").fill("Padrão quebrado")
    regex.fill("(TARIFA")
    editor.get_by_text("Avançado", exact=True).click()
    expect(regex).to_be_hidden()
    editor.get_by_role("button", name="Salvar regra").click()
    expect(regex).to_be_visible()
    expect(regex).to_have_attribute("aria-invalid", "true")
    pagina.keyboard.press("Escape")


def test_conciliadas_por_periodo_do_extrato_no_endereco(abrir_pagina, entrar, estudio):
    pagina = abrir_livro(abrir_pagina, entrar, estudio, f"/financeiro/conciliacao?extrato={estudio['extrato_id']}")
    pagina.get_by_role("tab", name="Conciliadas").click()
    expect(pagina).to_have_url(re.compile(r"aba=conciliadas"))
    conciliadas = linhas(pagina, "Transações conciliadas")
    # The whole statement by default: one fee in each month.
    expect(pagina.get_by_role("button", name="Todo o extrato")).to_have_attribute("aria-pressed", "true")
    expect(conciliadas).to_have_count(2)

    # Month by month, from the statement's last month.
    pagina.get_by_role("button", name="Mês a mês").click()
    seletor = pagina.get_by_role("group", name="Período das transações")
    expect(seletor.locator(".periodo-nome")).to_have_text(nome_do_mes(mes(estudio["atual"])))
    expect(conciliadas).to_have_count(1)
    expect(conciliadas.first).to_contain_text(estudio["atual"].strftime("%d/%m/%Y"))
    seletor.get_by_role("button", name="Mês anterior").click()
    expect(conciliadas).to_have_count(1)
    expect(conciliadas.first).to_contain_text(estudio["anterior"].strftime("%d/%m/%Y"))
    seletor.get_by_role("button", name="Mês anterior").click()
    expect(pagina.get_by_text("Nenhuma transação conciliada neste período do extrato.")).to_be_visible()

    # The tab and the period survive a reload; back returns to the month before.
    pagina.reload()
    expect(pagina.get_by_role("tab", name="Conciliadas")).to_have_attribute("aria-selected", "true")
    expect(pagina.get_by_text("Nenhuma transação conciliada neste período do extrato.")).to_be_visible()
    pagina.go_back()
    expect(conciliadas).to_have_count(1)
    expect(conciliadas.first).to_contain_text(estudio["anterior"].strftime("%d/%m/%Y"))
    pagina.get_by_role("button", name="Todo o extrato").click()
    expect(conciliadas).to_have_count(2)


@pytest.mark.parametrize("tamanho", [{"width": 1366, "height": 850}, {"width": 390, "height": 844}],
                         ids=["notebook", "celular"])
def test_o_livro_com_o_navegador_cabe_na_janela(abrir_pagina, entrar, estudio, tamanho):
    pagina = abrir_livro(abrir_pagina, entrar, estudio, tamanho=tamanho)
    nome = "notebook" if tamanho["width"] > 1000 else "celular"
    TELAS.mkdir(parents=True, exist_ok=True)

    def conferir(tela):
        expect(pagina.locator(".carregando")).to_have_count(0)
        expect(pagina.locator("[aria-busy='true']")).to_have_count(0)
        pagina.screenshot(path=TELAS / f"{nome}-{tela}.png", full_page=True)
        largura, janela = pagina.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        assert largura <= janela, f"{tela}: a página tem {largura} px numa janela de {janela}"

    expect(linhas(pagina).first).to_be_visible()
    conferir("livro-mes")
    pagina.get_by_role("button", name="Personalizado").click()
    expect(pagina.get_by_label("Até", exact=True)).to_be_visible()
    conferir("livro-personalizado")
    linhas(pagina).filter(has_text=f"{CASAMENTO} 3/10").get_by_role("link").click()
    expect(linhas(pagina)).to_have_count(10)
    conferir("livro-parcelas")
