"""Financeiro in Chromium, against the live services, through the frontend only.

The studio sells a package of classes in three parcelas that do not divide evenly, receives part of
the first one, and imports its bank statement — twice, by mistake, which must change nothing.
"""
import calendar
import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from shared.config import hoje

from financeiro.ofx.escritor import Linha, ofx as escrever_ofx

SENHA = "senha-forte-123"


def mais_meses(dia: date, meses: int) -> date:
    """As the server steps a monthly série: the same day, or the month's last when it is shorter."""
    ano, mes = divmod(dia.year * 12 + dia.month - 1 + meses, 12)
    return date(ano, mes + 1, min(dia.day, calendar.monthrange(ano, mes + 1)[1]))


def reais(texto: str) -> Decimal:
    """"R$ 1.234,56" (or "-R$ 5,00") → Decimal, digit by digit."""
    negativo = texto.strip().startswith("-")
    numero = Decimal(re.sub(r"[^\d,]", "", texto).replace(",", "."))
    return -numero if negativo else numero


def ofx(transacoes: list[tuple[str, str, str, str]], saldo: str) -> bytes:
    """A January statement of (data, valor, fitid, memo)."""
    return escrever_ofx([Linha(data, valor, memo, fitid) for data, valor, fitid, memo in transacoes],
                        inicio="20250101", fim="20250131", agencia="1234", saldo=saldo)


EXTRATO = ofx([
    ("20250110", "1500.00", "JAN-1", "PIX RECEBIDO MARIA"),
    ("20250115", "-236.90", "JAN-2", "PAGTO CONTA LUZ"),
    ("20250120", "-29.99", "JAN-3", "TARIFA PACOTE"),
], saldo="2233.11")
# The next statement overlaps: two lines with the data and valor of January's (another FITID).
SEGUNDO_EXTRATO = ofx([
    ("20250120", "-29.99", "FEV-0", "TARIFA PACOTE"),
    ("20250115", "-236.90", "FEV-1", "PAGTO CONTA LUZ"),
    ("20250203", "800.00", "FEV-2", "PIX RECEBIDO JOAO"),
], saldo="3033.11")


@pytest.fixture(scope="module")
def estudio(admin_http, nova_equipe):
    """An empresa, its manager (cadastros and financeiro), someone who only reads the financeiro, a
    conta, a revenue and an expense category and a client."""
    equipe = nova_equipe("Estúdio Financeiro", {"gerente": ["cadastros:escrever", "financeiro:escrever"],
                                                "leitor": ["financeiro:ler"]})
    sufixo, gerente, leitor = equipe["sufixo"], equipe["gerente"], equipe["leitor"]

    http = type(admin_http)(admin_http.base)
    http.entrar(gerente["username"], SENHA)
    try:
        registros = {
            "conta": http.post("/api/contas", json={
                "nome": f"Itaú {sufixo}", "tipo": "CORRENTE", "banco": "341", "agencia": "1234", "numero": "12345-6",
                "saldo_inicial": "1000.00", "data_saldo_inicial": "2024-12-31"}),
            "outra_conta": http.post("/api/contas", json={
                "nome": f"Santander {sufixo}", "tipo": "CORRENTE", "banco": "033", "agencia": "4321", "numero": "98765-4"}),
            "categoria": http.post("/api/categorias", json={"nome": f"Aulas {sufixo}", "tipo": "RECEITA"}),
            "despesa": http.post("/api/categorias", json={"nome": f"Aluguel {sufixo}", "tipo": "DESPESA"}),
            "cliente": http.post("/api/clientes", json={"nome": f"Maria Pilates {sufixo}"}),
        }
        for nome, resposta in registros.items():
            assert resposta.status_code == 201, (nome, resposta.text)
        registros = {nome: r.json() for nome, r in registros.items()}
        # For the one who only reads: a lançamento of today and a statement in the other conta.
        lancamento = http.post("/api/lancamentos", json={
            "tipo": "RECEITA", "descricao": f"Aula avulsa {sufixo}", "valor": "80.00", "data_vencimento": hoje().isoformat(),
            "categoria_id": registros["categoria"]["id"], "conta_id": registros["outra_conta"]["id"]})
        assert lancamento.status_code == 201, lancamento.text
        # The file's bank is not that conta's: imported knowingly, as the upload then allows.
        extrato = http.post("/api/extratos/upload", data={"conta_id": registros["outra_conta"]["id"], "confirmar_conta": "true"},
                            files={"arquivo": ("santander.ofx", ofx([("20250105", "80.00", "S-1", "PIX AULA")], "80.00"))})
        assert extrato.status_code == 201, extrato.text
    finally:
        http.close()
    return {"sufixo": sufixo, "gerente": gerente, "leitor": leitor, **registros}


def linhas(pagina, nome="Lançamentos"):
    return pagina.get_by_role("table", name=nome).locator("tbody tr")


def test_receita_parcelada_baixa_parcial_e_extrato_importado_duas_vezes(abrir_pagina, entrar, estudio):
    sufixo = estudio["sufixo"]
    descricao = f"Pacote 10 aulas {sufixo}"
    pagina = abrir_pagina()
    entrar(pagina, estudio["gerente"]["username"], SENHA)
    pagina.get_by_role("navigation", name="Módulos").get_by_role("link", name="Financeiro").click()
    expect(pagina.get_by_role("heading", name="Financeiro")).to_be_visible()
    expect(pagina.get_by_role("link", name="Lançamentos")).to_have_attribute("aria-current", "page")
    pagina.get_by_label("Conta").select_option(label=f"Itaú {sufixo}")
    expect(pagina.get_by_text("Nenhum lançamento encontrado com esses filtros.")).to_be_visible()

    # The preview's arithmetic, as the server's: whole cents, the remainder on one parcela, a
    # month's missing day becoming its last.
    casos = [("100.00", 3, "PRIMEIRA"), ("100.00", 3, "ULTIMA"), ("0.05", 3, "ULTIMA"), ("10.01", 360, "PRIMEIRA"),
             ("999999999999.99", 7, "ULTIMA")]
    divisoes = pagina.evaluate("""async (casos) => {
        const m = await import('/static/js/telas/financeiro/comum.js');
        return casos.map(([total, n, resto]) => m.dividirEmParcelas(total, n, resto));
    }""", casos)
    for (total, n, resto), partes in zip(casos, divisoes, strict=True):
        base, sobra = divmod(int(Decimal(total) * 100), n)
        esperadas = [base] * n
        esperadas[0 if resto == "PRIMEIRA" else -1] += sobra
        assert partes == [f"{Decimal(c) / 100:.2f}" for c in esperadas]
        assert sum(Decimal(p) for p in partes) == Decimal(total)
    datas = pagina.evaluate("""async () => {
        const m = await import('/static/js/telas/financeiro/comum.js');
        return [0, 1, 2, 13].map((i) => m.passoDeData('2028-01-31', 'MENSAL', i))
            .concat([m.passoDeData('2028-02-29', 'ANUAL', 1), m.passoDeData('2026-12-29', 'SEMANAL', 1)]);
    }""")
    assert datas == ["2028-01-31", "2028-02-29", "2028-03-31", "2029-02-28", "2029-02-28", "2027-01-05"]

    # --- a receita of R$ 100,00 in 3 monthly parcelas: the preview splits it in cents.
    pagina.get_by_role("button", name="Novo lançamento").click()
    dialogo = pagina.get_by_role("dialog", name="Novo lançamento")
    expect(dialogo.get_by_label("Receita")).to_be_checked()
    dialogo.get_by_label("Descrição").fill(descricao)
    dialogo.get_by_label("Parcelar").check()
    dialogo.get_by_label("Valor total (R$)").fill("100,00")
    expect(dialogo.get_by_label("Vencimento da 1ª parcela")).to_have_value(hoje().strftime("%d/%m/%Y"))
    dialogo.get_by_label("Categoria").select_option(label=f"{estudio['categoria']['codigo']} Aulas {sufixo}")
    dialogo.get_by_label("Conta").select_option(label=f"Itaú {sufixo}")
    cliente = dialogo.get_by_role("combobox", name="Cliente")
    cliente.fill("maria pil")
    dialogo.get_by_role("option", name=f"Maria Pilates {sufixo}").click()
    expect(cliente).to_have_value(f"Maria Pilates {sufixo}")
    dialogo.get_by_label("Quantidade de parcelas").fill("3")

    previa = dialogo.get_by_role("table", name="Prévia das parcelas")
    valores = previa.locator("tbody td.numero:last-child")
    expect(valores).to_have_text(["R$ 33,34", "R$ 33,33", "R$ 33,33"])
    expect(previa.locator("tfoot")).to_contain_text("R$ 100,00")
    # The cent left over goes to the last parcela instead.
    dialogo.get_by_label("Centavos que sobram").select_option("ULTIMA")
    expect(valores).to_have_text(["R$ 33,33", "R$ 33,33", "R$ 33,34"])
    datas = previa.locator("tbody td:nth-child(2)")
    expect(datas.first).to_have_text(hoje().strftime("%d/%m/%Y"))
    dialogo.get_by_role("button", name="Criar lançamento").click()
    expect(dialogo).to_have_count(0)
    expect(pagina.get_by_role("status").filter(has_text=f"Receita {descricao} criada (3 parcelas).")).to_be_visible()

    # This month shows the first parcela; widening the period shows all three.
    expect(linhas(pagina)).to_have_count(1)
    expect(linhas(pagina).first).to_contain_text("1/3")
    pagina.get_by_role("button", name="Personalizado").click()
    pagina.get_by_label("Até").fill((hoje() + timedelta(days=100)).strftime("%d/%m/%Y"))
    expect(linhas(pagina)).to_have_count(3)
    mostrados = [reais(t) for t in linhas(pagina).locator("td.numero:nth-child(5)").all_inner_texts()]
    assert mostrados == [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]
    assert sum(mostrados) == Decimal("100.00")
    # The export is the same selection, as a spreadsheet.
    with pagina.expect_download() as baixado:
        pagina.get_by_role("link", name="Exportar CSV").click()
    planilha = Path(baixado.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert len(planilha) == 4 and all(descricao in linha for linha in planilha[1:])
    totais = pagina.get_by_role("region", name="Totais do filtro")
    expect(totais.locator(".total.receitas .total-valor")).to_have_text("R$ 100,00")
    expect(totais.locator(".total.saldo")).to_contain_text("3 lançamentos")

    # --- R$ 10,00 of the first parcela received: PARCIAL, R$ 23,33 still open.
    pagina.get_by_role("button", name=f"Receber {descricao} 1/3").click()
    baixa = pagina.get_by_role("dialog", name=f"Receber {descricao}")
    valor = baixa.get_by_label("Valor recebido (R$)")
    expect(valor).to_have_value("33,33")  # the open amount
    valor.fill("10,00")
    expect(baixa).to_contain_text("Entra na conta: R$ 10,00")
    baixa.get_by_role("button", name="Registrar recebimento").click()
    expect(baixa).to_have_count(0)
    primeira = linhas(pagina).filter(has_text="1/3")
    expect(primeira).to_contain_text("Recebido em parte")
    expect(primeira.locator("td.numero").nth(1)).to_have_text("R$ 23,33")
    expect(totais.locator(".total.receitas")).to_contain_text("R$ 10,00 recebidas · R$ 90,00 a receber")

    # The detail lists the payment received; the situação filter finds the partial one alone.
    primeira.click()
    detalhe = pagina.get_by_role("dialog", name=f"Lançamento {descricao}")
    expect(detalhe).to_contain_text("Parcela 1 de 3")
    expect(detalhe.get_by_role("table", name="Recebimentos").locator("tbody tr")).to_have_count(1)
    expect(detalhe.get_by_role("table", name="Recebimentos").locator("tbody tr")).to_contain_text("R$ 10,00")
    detalhe.get_by_role("button", name="Fechar").click()
    expect(detalhe).to_have_count(0)
    pagina.get_by_label("Situação").select_option("PARCIAL")
    expect(linhas(pagina)).to_have_count(1)
    expect(linhas(pagina).first).to_contain_text("1/3")

    # --- the bank statement: imported once, then the same file again imports nothing.
    pagina.get_by_role("link", name="Extratos").click()
    expect(pagina.get_by_text("Nenhum extrato importado nesta conta ainda.")).to_be_visible()
    expect(pagina.get_by_label("Conta")).to_have_value(str(estudio["conta"]["id"]))
    arquivo = {"name": "extrato-janeiro.ofx", "mimeType": "application/x-ofx", "buffer": EXTRATO}
    pagina.get_by_label("Arquivo OFX").set_input_files(arquivo)
    pagina.get_by_role("button", name="Importar extrato").click()
    relatorio = pagina.get_by_role("region", name="Resultado da importação")
    expect(relatorio.get_by_role("heading")).to_have_text("Extrato importado")
    expect(relatorio.locator(".contagem.importadas")).to_have_text("3 importadas")
    expect(relatorio.locator(".contagem.duplicadas")).to_have_text("0 duplicadas")
    expect(relatorio.locator(".contagem.a-revisar")).to_have_text("0 a revisar")
    # The bank says R$ 2.233,11 on 31/01/2025; the system knows only the conta's opening R$ 1.000,00.
    expect(relatorio.locator(".diferenca dd")).to_have_text("R$ 1.233,11")
    expect(relatorio.get_by_role("alert")).to_contain_text("difere do saldo do sistema")
    expect(linhas(pagina, "Extratos importados")).to_have_count(1)

    pagina.get_by_label("Arquivo OFX").set_input_files(arquivo)
    pagina.get_by_role("button", name="Importar extrato").click()
    expect(relatorio.get_by_role("heading")).to_have_text("Este arquivo já tinha sido importado nesta conta")
    expect(relatorio.locator(".contagem.importadas")).to_have_text("0 importadas")
    expect(relatorio.locator(".contagem.duplicadas")).to_have_text("3 duplicadas")
    expect(linhas(pagina, "Extratos importados")).to_have_count(1)

    # --- the statement's transactions, money out in red.
    relatorio.get_by_role("link", name="Ver as transações do extrato").click()
    expect(pagina).to_have_url(re.compile(r"/financeiro/extratos/\d+$"))
    expect(pagina.get_by_role("heading", name="Extrato extrato-janeiro.ofx")).to_be_visible()
    transacoes = linhas(pagina, "Transações do extrato")
    expect(transacoes).to_have_count(3)
    expect(transacoes.nth(0)).to_contain_text("PIX RECEBIDO MARIA")
    expect(transacoes.nth(1).locator(".negativo")).to_have_text("-R$ 236,90")
    expect(transacoes.nth(2).locator(".negativo")).to_have_text("-R$ 29,99")
    assert sum(reais(t) for t in transacoes.locator("td.numero").all_inner_texts()) == Decimal("1233.11")

    # --- an overlapping statement: what looks repeated waits for someone to keep or discard it.
    pagina.get_by_role("link", name="‹ Voltar aos extratos").click()
    pagina.get_by_label("Arquivo OFX").set_input_files(
        {"name": "extrato-fevereiro.ofx", "mimeType": "application/x-ofx", "buffer": SEGUNDO_EXTRATO})
    pagina.get_by_role("button", name="Importar extrato").click()
    expect(relatorio.locator(".contagem.importadas")).to_have_text("3 importadas")
    expect(relatorio.locator(".contagem.a-revisar")).to_have_text("2 a revisar")
    expect(linhas(pagina, "Extratos importados")).to_have_count(2)
    relatorio.get_by_role("link", name="Ver as transações do extrato").click()
    pagina.get_by_label("Transações").select_option("revisar")
    transacoes = linhas(pagina, "Transações do extrato")
    expect(transacoes).to_have_count(2)
    expect(transacoes.first).to_contain_text("A revisar")
    pagina.get_by_role("button", name="Manter PAGTO CONTA LUZ de 15/01/2025").click()
    expect(transacoes).to_have_count(1)
    pagina.get_by_role("button", name="Descartar TARIFA PACOTE de 20/01/2025").click()
    pagina.get_by_role("dialog", name="Descartar transação").get_by_role("button", name="Descartar").click()
    expect(pagina.get_by_text("Nenhuma transação com esse filtro.")).to_be_visible()
    pagina.get_by_label("Transações").select_option("")
    expect(transacoes).to_have_count(2)
    expect(pagina.get_by_role("region", name="Extrato", exact=True)).to_contain_text("0 a revisar")


def test_despesa_recorrente_vencida_editada_deste_em_diante_paga_desfeita_cancela_e_exclui(abrir_pagina, entrar, estudio):
    sufixo = estudio["sufixo"]
    descricao = f"Aluguel sala {sufixo}"
    primeiro = hoje() - timedelta(days=10)
    pagina = abrir_pagina()
    entrar(pagina, estudio["gerente"]["username"], SENHA)
    pagina.goto("/financeiro")
    pagina.get_by_role("button", name="Personalizado").click()
    pagina.get_by_label("De", exact=True).fill((hoje() - timedelta(days=60)).strftime("%d/%m/%Y"))
    pagina.get_by_label("Até").fill((hoje() + timedelta(days=100)).strftime("%d/%m/%Y"))
    pagina.get_by_label("Buscar").fill(f"aluguel {sufixo}")
    expect(pagina.get_by_text("Nenhum lançamento encontrado com esses filtros.")).to_be_visible()

    # --- a monthly rent, three times, the first already past due.
    pagina.get_by_role("button", name="Novo lançamento").click()
    dialogo = pagina.get_by_role("dialog", name="Novo lançamento")
    dialogo.get_by_label("Despesa").check()
    dialogo.get_by_label("Descrição").fill(descricao)
    dialogo.get_by_label("Repetir").check()
    dialogo.get_by_label("Valor de cada um (R$)").fill("250,00")
    dialogo.get_by_label("Primeiro vencimento").fill(primeiro.strftime("%d/%m/%Y"))
    expect(dialogo.get_by_label("Primeiro vencimento")).to_have_value(primeiro.strftime("%d/%m/%Y"))
    dialogo.get_by_label("Categoria").select_option(label=f"{estudio['despesa']['codigo']} Aluguel {sufixo}")
    dialogo.get_by_label("Conta").select_option(label=f"Itaú {sufixo}")
    dialogo.get_by_label("Número de vezes").fill("3")
    previa = dialogo.get_by_role("table", name="Prévia das repetições")
    expect(previa.locator("tbody tr")).to_have_count(3)
    expect(previa.locator("tbody td:nth-child(2)")).to_have_text([mais_meses(primeiro, n).strftime("%d/%m/%Y") for n in range(3)])
    expect(previa.locator("tfoot")).to_contain_text("R$ 750,00")
    dialogo.get_by_role("button", name="Criar lançamento").click()
    expect(dialogo).to_have_count(0)

    expect(linhas(pagina)).to_have_count(3)
    vencida = linhas(pagina).filter(has_text="1/3")
    expect(vencida).to_contain_text("Vencido")
    expect(vencida).to_have_class(re.compile(r"\blinha-vencida\b"))
    expect(vencida.locator("td.numero").first).to_have_text("-R$ 250,00")
    # The quick period "Vencidos" (the search still on); the back button, the period before.
    pagina.get_by_role("button", name="Vencidos").click()
    expect(linhas(pagina)).to_have_count(1)
    expect(linhas(pagina).first).to_contain_text("1/3")
    pagina.go_back()
    expect(linhas(pagina)).to_have_count(3)

    # --- the rent goes up from the second month on: this one and the following.
    linhas(pagina).filter(has_text="2/3").click()
    detalhe = pagina.get_by_role("dialog", name=f"Lançamento {descricao}")
    expect(detalhe).to_contain_text("Repetição 2 de 3")
    detalhe.get_by_role("button", name="Editar").click()
    detalhe.get_by_label("Valor (R$)").fill("260,00")
    detalhe.get_by_label("Este e os seguintes").check()
    detalhe.get_by_role("button", name="Salvar").click()
    expect(detalhe.get_by_role("button", name="Editar")).to_be_visible()
    detalhe.get_by_role("button", name="Fechar").click()
    expect(detalhe).to_have_count(0)
    valores = linhas(pagina).locator("td.numero:nth-child(5)")
    expect(valores).to_have_text(["-R$ 250,00", "-R$ 260,00", "-R$ 260,00"])
    expect(pagina.get_by_role("region", name="Totais do filtro").locator(".total.despesas .total-valor")).to_have_text("R$ 770,00")

    # --- paid late with interest, then the payment undone.
    vencida.click()
    detalhe.get_by_role("button", name="Registrar pagamento").click()
    nova = detalhe.get_by_role("region", name="Novo pagamento")
    expect(nova.get_by_label("Valor pago (R$)")).to_have_value("250,00")
    nova.get_by_label("Juros (R$)").fill("5,00")
    expect(nova).to_contain_text("Sai da conta: R$ 255,00")
    nova.get_by_role("button", name="Registrar pagamento").click()
    baixas = detalhe.get_by_role("table", name="Pagamentos").locator("tbody tr")
    expect(baixas).to_have_count(1)
    expect(baixas.locator("td.numero").last).to_have_text("R$ 255,00")
    expect(detalhe.locator(".cabecalho-lancamento")).to_contain_text("Pago")
    detalhe.get_by_role("button", name=re.compile("^Desfazer pagamento de R\\$ 250,00")).click()
    pagina.get_by_role("dialog", name="Desfazer pagamento").get_by_role("button", name="Desfazer pagamento").click()
    expect(detalhe.get_by_text("Nenhum pagamento registrado.")).to_be_visible()
    expect(detalhe.locator(".cabecalho-lancamento")).to_contain_text("Pendente")

    # --- cancelled and brought back; the last month deleted.
    detalhe.get_by_role("button", name="Cancelar lançamento").click()
    confirmacao = pagina.get_by_role("dialog", name="Cancelar lançamento")
    expect(confirmacao.get_by_label("Só este")).to_be_checked()
    confirmacao.get_by_role("button", name="Cancelar lançamento").click()
    expect(detalhe.locator(".cabecalho-lancamento")).to_contain_text("Cancelado")
    detalhe.get_by_role("button", name="Reativar lançamento").click()
    expect(detalhe.locator(".cabecalho-lancamento")).to_contain_text("Pendente")
    detalhe.get_by_role("button", name="Fechar").click()
    linhas(pagina).filter(has_text="3/3").click()
    detalhe.get_by_role("button", name="Excluir lançamento").click()
    pagina.get_by_role("dialog", name="Excluir lançamento").get_by_role("button", name="Excluir").click()
    expect(detalhe).to_have_count(0)
    expect(linhas(pagina)).to_have_count(2)


def test_quem_so_le_ve_o_livro_e_os_extratos_sem_botoes_que_escrevem(abrir_pagina, entrar, estudio):
    sufixo = estudio["sufixo"]
    pagina = abrir_pagina()
    entrar(pagina, estudio["leitor"]["username"], SENHA)
    pagina.goto("/financeiro")
    linha = linhas(pagina).filter(has_text=f"Aula avulsa {sufixo}")
    expect(linha).to_contain_text("R$ 80,00")
    expect(pagina.get_by_role("button", name="Novo lançamento")).to_have_count(0)
    expect(linhas(pagina).get_by_role("button")).to_have_count(0)
    linha.click()
    detalhe = pagina.get_by_role("dialog", name=f"Lançamento Aula avulsa {sufixo}")
    expect(detalhe.get_by_text("Nenhum recebimento registrado.")).to_be_visible()
    expect(detalhe.get_by_role("button", name=re.compile("Registrar|Editar|Cancelar|Excluir|Desfazer"))).to_have_count(0)
    pagina.keyboard.press("Escape")
    expect(detalhe).to_have_count(0)

    # Financeiro's users read Cadastros' contas to choose from (without cadastros:ler).
    pagina.get_by_role("link", name="Extratos").click()
    expect(pagina.get_by_label("Conta").locator("option", has_text=f"Santander {sufixo}")).to_have_count(1)
    pagina.get_by_label("Conta").select_option(label="Todas as contas")
    expect(linhas(pagina, "Extratos importados").filter(has_text="santander.ofx")).to_contain_text(f"Santander {sufixo}")
    expect(pagina.get_by_role("button", name="Importar extrato")).to_have_count(0)
