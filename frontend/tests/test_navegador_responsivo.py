"""Every screen on a phone (390×844) and on a laptop (1366×850), in Chromium, against the live services.

A photo studio with some life in it (contas, one of them overdrawn, a wedding in parcelas, rent
overdue, a statement half reconciled, a rule): on every screen the page is never wider than the
window, money never breaks across two lines and has one minus sign ("-R$", as pt-BR's Intl
writes it). The shell's menu collapses on the phone and works from the keyboard; dates are typed
and corrected as dd/mm/aaaa; a chart of nothing says so. Screenshots of each screen at both sizes go
to /tmp/telas/ (ERP_TELAS elsewhere), to be looked at.
"""
import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from shared.config import hoje

from financeiro.ofx.escritor import Linha, ofx as escrever_ofx

SENHA = "senha-forte-123"
TELAS = Path(os.environ.get("ERP_TELAS", "/tmp/telas"))
TAMANHOS = {"celular": {"width": 390, "height": 844}, "notebook": {"width": 1366, "height": 850}}
PERMISSOES = ["admin", "dashboard:ler", "cadastros:escrever", "financeiro:escrever"]

PIX = "PIX RECEBIDO ANA BEATRIZ SOUZA CASAMENTO JULIANA E PEDRO PARCELA 1"
ALUGUEL = "PAGTO BOLETO IMOBILIARIA CENTRAL LTDA ALUGUEL"
TARIFA = "TARIFA PACOTE SERVICOS"


def _data(dias: int) -> str:
    return (hoje() + timedelta(days=dias)).isoformat()


def semear(admin_http, nova_equipe) -> dict:
    """An empresa with a year's worth of variety in a few records, created through the HTTP API as
    its manager: long names and large amounts (what wraps), an overdrawn conta and despesas (the
    minus sign), overdue and paid lançamentos, a statement with one transaction reconciled."""
    equipe = nova_equipe("Estúdio Responsivo", {"gerente": PERMISSOES, "leitor": ["dashboard:ler"]})
    sufixo = equipe["sufixo"]
    http = type(admin_http)(admin_http.base)
    http.entrar(equipe["gerente"]["username"], SENHA)

    criar = http.criar

    try:
        itau = criar("/api/contas", nome="Itaú Unibanco movimento principal", tipo="CORRENTE", banco="341",
                     agencia="1234-5", numero="123456-7", saldo_inicial="15000.00", data_saldo_inicial=_data(-60))
        nubank = criar("/api/contas", nome="Nubank", tipo="CORRENTE", banco="260", agencia="0001", numero="9876543-2",
                       saldo_inicial="-2300.00", data_saldo_inicial=_data(-60))
        criar("/api/contas", nome="Caixa do estúdio", tipo="CAIXA", saldo_inicial="350.00", data_saldo_inicial=_data(-60))
        casamentos = criar("/api/categorias", nome="Casamentos", tipo="RECEITA")
        ensaios = criar("/api/categorias", nome="Ensaios fotográficos", tipo="RECEITA")
        criar("/api/categorias", nome="Ensaio gestante", tipo="RECEITA", parent_id=ensaios["id"])
        aluguel = criar("/api/categorias", nome="Aluguel do estúdio", tipo="DESPESA")
        equipamentos = criar("/api/categorias", nome="Equipamentos e lentes", tipo="DESPESA")
        tarifas = criar("/api/categorias", nome="Tarifas bancárias", tipo="DESPESA")
        endereco = {"cep": "01310100", "logradouro": "Avenida Paulista", "numero": "1578", "complemento": "conjunto 42",
                    "bairro": "Bela Vista", "cidade": "São Paulo", "uf": "SP"}
        ana = criar("/api/clientes", nome="Ana Beatriz Souza de Albuquerque", cpf_cnpj="52998224725",
                    email="ana.beatriz.albuquerque@exemplo.com.br", telefone="11987654321", endereco=endereco)
        criar("/api/clientes", nome="Carlos Mendes Fotografia e Eventos ME", cpf_cnpj="11222333000181",
              email="contato@carlosmendes.com.br", telefone="1134567890")
        imobiliaria = criar("/api/fornecedores", nome="Imobiliária Central Ltda", cpf_cnpj="11444777000161",
                            email="financeiro@imobiliariacentral.com.br", endereco=endereco)
        criar("/api/fornecedores", nome="Canon do Brasil Indústria e Comércio Ltda")

        criar("/api/lancamentos", tipo="RECEITA", descricao="Casamento Juliana e Pedro", valor="12345.67",
              data_vencimento=_data(-10), categoria_id=casamentos["id"], conta_id=itau["id"], cliente_id=ana["id"],
              documento="2026-031", parcelas={"quantidade": 3, "frequencia": "MENSAL"})
        criar("/api/lancamentos", tipo="RECEITA", descricao="Formatura Colégio São Bento — turma de 2025 completa",
              valor="123456.78", data_vencimento=_data(3), categoria_id=casamentos["id"], conta_id=itau["id"])
        criar("/api/lancamentos", tipo="RECEITA", descricao="Ensaio gestante", valor="850.00", data_vencimento=_data(0),
              categoria_id=ensaios["id"], conta_id=nubank["id"], status="PAGO", data_pagamento=_data(0))
        criar("/api/lancamentos", tipo="DESPESA", descricao="Aluguel do estúdio", valor="2300.00",
              data_vencimento=_data(-5), categoria_id=aluguel["id"], conta_id=itau["id"],
              fornecedor_id=imobiliaria["id"], recorrencia={"frequencia": "MENSAL", "quantidade": 3})
        lente = criar("/api/lancamentos", tipo="DESPESA", descricao="Lente 70-200mm f/2.8 com estabilizador",
                      valor="9876.54", data_vencimento=_data(1), categoria_id=equipamentos["id"], conta_id=nubank["id"])
        baixa = http.post(f"/api/lancamentos/{lente['id']}/baixas", json={"valor": "1000.00", "data": _data(0)})
        assert baixa.status_code == 201, baixa.text

        conteudo = escrever_ofx([
            Linha(hoje(), "4115.23", PIX, f"R-1-{sufixo}"),
            Linha(hoje(), "-2300.00", ALUGUEL, f"R-2-{sufixo}"),
            Linha(hoje(), "-45.90", TARIFA, f"R-3-{sufixo}"),
            Linha(hoje(), "150.00", "TED RECEBIDA FOTO CLUBE", f"R-4-{sufixo}"),
        ], inicio=hoje() - timedelta(days=30), fim=hoje(), conta="123456-7", agencia="1234", saldo="17919.33")
        enviado = http.post("/api/extratos/upload", data={"conta_id": itau["id"]},
                            files={"arquivo": ("itau-extrato-do-mes.ofx", conteudo)})
        assert enviado.status_code == 201, enviado.text
        extrato_id = enviado.json()["extrato_id"]
        transacoes = http.get(f"/api/extratos/{extrato_id}/transacoes").json()["items"]
        pix = next(t for t in transacoes if t["memo"] == PIX)
        parcela = http.get("/api/lancamentos", params={"cliente_id": ana["id"]}).json()["items"][0]
        conciliada = http.post("/api/extratos/conciliacao", json={"transacao_id": pix["id"], "lancamento_ids": [parcela["id"]]})
        assert conciliada.status_code == 201, conciliada.text
        criar("/api/extratos/regras", nome="Tarifas do banco", memo_contem="tarifa", direcao="SAIDA",
              acao="SUGERIR", categoria_id=tarifas["id"], descricao="Tarifa bancária do mês")
    finally:
        http.close()
    return {**equipe, "extrato_id": extrato_id, "itau": itau, "nubank": nubank}


@pytest.fixture(scope="module")
def estudio(admin_http, nova_equipe):
    return semear(admin_http, nova_equipe)


# In the page: the money written on screen (text nodes, dialogs included), each match measured by
# itself with a Range, so a sentence may wrap but its "-R$ 2.300,00" may not; every Dinheiro
# element in one piece; and the minus signs used.
MEDIR = r"""() => {
    const dinheiro = /-?R\$\s?\d[\d.]*,\d{2}/g;
    const linhas = (rects) => new Set([...rects].filter((r) => r.width > 0 && r.height > 0)
        .map((r) => Math.round(r.top + r.height / 2))).size;
    const quebrados = [];
    const caminhante = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let no = caminhante.nextNode(); no; no = caminhante.nextNode()) {
        for (const achado of no.data.matchAll(dinheiro)) {
            const trecho = document.createRange();
            trecho.setStart(no, achado.index);
            trecho.setEnd(no, achado.index + achado[0].length);
            if (linhas(trecho.getClientRects()) > 1) quebrados.push(achado[0]);
        }
    }
    for (const el of document.querySelectorAll(".dinheiro")) {
        if (linhas(el.getClientRects()) > 1) quebrados.push(el.textContent);
    }
    const dialogo = document.querySelector("dialog[open]");
    const texto = document.body.innerText;
    return {
        largura: document.documentElement.scrollWidth, janela: innerWidth,
        dialogo: dialogo && [dialogo.scrollWidth, dialogo.clientWidth],
        quebrados,
        sinais: [...new Set(texto.match(/\u2212|R\$\s?-|-R\$/g) || [])],
        quantos: (texto.match(/R\$\s?\d/g) || []).length,
    };
}"""


def conferir(pagina, tamanho: str, nome: str, dinheiro: bool = True) -> dict:
    """The screen on the page now, as the issue asks of every screen at every size; its screenshot."""
    expect(pagina.locator(".carregando")).to_have_count(0)
    expect(pagina.locator("[aria-busy='true']")).to_have_count(0)
    medida = pagina.evaluate(MEDIR)
    TELAS.mkdir(parents=True, exist_ok=True)
    # A dialog is fixed to the window (its content scrolls inside it): the window, not the whole page.
    pagina.screenshot(path=TELAS / f"{tamanho}-{nome}.png", full_page=not medida["dialogo"])
    assert medida["largura"] <= medida["janela"], f"{nome}: a página tem {medida['largura']} px numa janela de {medida['janela']}"
    if medida["dialogo"]:
        assert medida["dialogo"][0] <= medida["dialogo"][1], f"{nome}: o diálogo é mais largo que ele mesmo: {medida['dialogo']}"
    assert not medida["quebrados"], f"{nome}: dinheiro em duas linhas: {medida['quebrados']}"
    assert set(medida["sinais"]) <= {"-R$"}, f"{nome}: outra forma de sinal: {medida['sinais']}"
    if dinheiro:
        assert medida["quantos"] > 0, f"{nome}: nenhum valor em reais na tela"
    return medida


def abrir(abrir_pagina, entrar, tamanho: str, usuario: str, senha: str = SENHA):
    pagina = abrir_pagina()
    pagina.set_viewport_size(TAMANHOS[tamanho])
    entrar(pagina, usuario, senha)
    return pagina


def dentro_do_dialogo(dialogo):
    """Every button of the dialog within its width (the lançamento's were cut off at 1366 px); one
    in a table that scrolls sideways in its own box is reached by scrolling that box."""
    cortados = dialogo.evaluate("""(d) => {
        const caixa = d.getBoundingClientRect();
        return [...d.querySelectorAll("button")].filter((b) => b.offsetParent && !b.closest(".lista"))
            .filter((b) => { const r = b.getBoundingClientRect(); return r.left < caixa.left - 1 || r.right > caixa.right + 1; })
            .map((b) => b.textContent.trim());
    }""")
    assert not cortados, f"botões cortados: {cortados}"


@pytest.mark.parametrize("tamanho", TAMANHOS)
def test_cada_tela_cabe_na_janela_com_o_dinheiro_numa_linha_e_um_so_sinal(abrir_pagina, entrar, estudio, tamanho):
    pagina = abrir(abrir_pagina, entrar, tamanho, estudio["gerente"]["username"])
    extrato = estudio["extrato_id"]

    pagina.goto("/dashboard")
    expect(pagina.get_by_role("region", name="Resumo")).to_be_visible()
    expect(pagina.locator(".widget").first).to_be_visible()
    medida = conferir(pagina, tamanho, "dashboard")
    # The overdrawn Nubank, in the balances widget: the app's one minus sign.
    expect(pagina.get_by_role("region", name="Saldo por conta").get_by_role("row").filter(has_text="Nubank")) \
        .to_contain_text("-R$ 2.450,00")
    assert "-R$" in medida["sinais"]

    pagina.goto("/financeiro")
    lancamentos = pagina.get_by_role("table", name="Lançamentos").locator("tbody tr")
    expect(lancamentos.first).to_be_visible()
    # Despesas are money out, with the same "-R$" as everywhere else.
    expect(lancamentos.filter(has_text="Lente 70-200mm").locator(".dinheiro").first).to_have_text("-R$ 9.876,54")
    conferir(pagina, tamanho, "lancamentos")
    if tamanho == "celular":
        # A card: each value under its column's name.
        valor = lancamentos.filter(has_text="Lente 70-200mm").locator("td[data-label='Valor']")
        expect(valor).to_be_visible()
        assert pagina.evaluate("(td) => getComputedStyle(td, '::before').content", valor.element_handle()) == '"Valor"'

    pagina.get_by_role("button", name="Novo lançamento").click()
    novo = pagina.get_by_role("dialog", name="Novo lançamento")
    novo.get_by_label("Parcelar").check()
    novo.get_by_label("Valor total (R$)").fill("12.345,67")
    novo.get_by_label("Quantidade de parcelas").fill("12")
    expect(novo.get_by_role("table", name="Prévia das parcelas").locator("tbody tr")).to_have_count(12)
    conferir(pagina, tamanho, "lancamento-novo")
    dentro_do_dialogo(novo)
    pagina.keyboard.press("Escape")
    expect(novo).to_have_count(0)

    lancamentos.filter(has_text="Lente 70-200mm").click()
    detalhe = pagina.get_by_role("dialog", name=re.compile("^Lançamento Lente"))
    expect(detalhe.get_by_role("table", name="Pagamentos").locator("tbody tr")).to_have_count(1)
    detalhe.get_by_role("button", name="Registrar pagamento").click()
    expect(detalhe.get_by_role("region", name="Novo pagamento")).to_be_visible()
    conferir(pagina, tamanho, "lancamento-detalhe")
    dentro_do_dialogo(detalhe)
    pagina.keyboard.press("Escape")
    expect(detalhe).to_have_count(0)

    pagina.goto("/financeiro/extratos")
    pagina.get_by_label("Conta").select_option(label=estudio["itau"]["nome"])
    expect(pagina.get_by_role("table", name="Extratos importados").locator("tbody tr")).to_have_count(1)
    conferir(pagina, tamanho, "extratos")

    pagina.goto(f"/financeiro/extratos/{extrato}")
    expect(pagina.get_by_role("table", name="Transações do extrato").locator("tbody tr")).to_have_count(4)
    conferir(pagina, tamanho, "extrato")

    pagina.goto(f"/financeiro/conciliacao?extrato={extrato}")
    expect(pagina.get_by_role("list", name="Sugestões")).to_be_visible()
    conferir(pagina, tamanho, "conciliacao-a-conciliar")
    pagina.get_by_role("button", name="Escolher lançamentos em aberto").click()
    escolha = pagina.get_by_role("region", name="Escolher lançamentos em aberto")
    expect(escolha.get_by_role("table", name="Lançamentos em aberto").locator("tbody tr").first).to_be_visible()
    conferir(pagina, tamanho, "conciliacao-escolha-manual")
    pagina.get_by_role("button", name="Conciliar automaticamente").click()
    automatica = pagina.get_by_role("dialog", name="Conciliar automaticamente")
    conferir(pagina, tamanho, "conciliacao-automatica")
    dentro_do_dialogo(automatica)
    pagina.keyboard.press("Escape")
    pagina.get_by_role("tab", name="Conciliadas").click()
    expect(pagina.get_by_role("table", name="Transações conciliadas").locator("tbody tr")).to_have_count(1)
    conferir(pagina, tamanho, "conciliacao-conciliadas")
    pagina.get_by_role("button", name=re.compile("^Ver a conciliação")).click()
    conciliacao = pagina.get_by_role("dialog", name="Conciliação")
    expect(conciliacao.get_by_role("button", name="Desfazer conciliação")).to_be_visible()
    conferir(pagina, tamanho, "conciliacao-detalhe")
    dentro_do_dialogo(conciliacao)
    pagina.keyboard.press("Escape")
    pagina.get_by_role("tab", name="Regras").click()
    expect(pagina.get_by_role("table", name="Regras de conciliação").locator("tbody tr")).to_have_count(1)
    conferir(pagina, tamanho, "conciliacao-regras", dinheiro=False)
    pagina.get_by_role("button", name="Editar a regra Tarifas do banco").click()
    regra = pagina.get_by_role("dialog", name="Editar regra Tarifas do banco")
    regra.get_by_role("button", name="Testar").click()
    expect(regra.get_by_role("region", name="Resultado do teste")).to_be_visible()
    conferir(pagina, tamanho, "conciliacao-regra")
    dentro_do_dialogo(regra)
    pagina.keyboard.press("Escape")

    pagina.goto("/cadastros/contas")
    contas = pagina.get_by_role("table", name="Contas").locator("tbody tr")
    expect(contas).to_have_count(3)
    expect(contas.filter(has_text="Nubank").locator(".dinheiro")).to_have_text("-R$ 2.450,00")
    conferir(pagina, tamanho, "contas")
    contas.filter(has_text="Nubank").click()
    conta = pagina.get_by_role("dialog", name="Editar conta Nubank")
    expect(conta.get_by_label("Saldo inicial (R$)")).to_have_value("-2.300,00")
    conferir(pagina, tamanho, "conta", dinheiro=False)
    dentro_do_dialogo(conta)
    pagina.keyboard.press("Escape")

    pagina.goto("/cadastros/categorias")
    expect(pagina.get_by_role("button", name="Editar Ensaio gestante")).to_be_visible()
    conferir(pagina, tamanho, "categorias", dinheiro=False)

    for rota, nome in (("clientes", "Ana Beatriz Souza de Albuquerque"), ("fornecedores", "Imobiliária Central Ltda")):
        pagina.goto(f"/cadastros/{rota}")
        expect(pagina.get_by_role("table").locator("tbody tr").filter(has_text=nome)).to_be_visible()
        conferir(pagina, tamanho, rota, dinheiro=False)
    pagina.get_by_role("button", name="Importar CSV").click()
    importar = pagina.get_by_role("dialog", name="Importar fornecedores")
    conferir(pagina, tamanho, "fornecedores-importar", dinheiro=False)
    dentro_do_dialogo(importar)
    pagina.keyboard.press("Escape")
    pagina.get_by_role("table").locator("tbody tr").filter(has_text="Imobiliária Central Ltda").click()
    fornecedor = pagina.get_by_role("dialog", name=re.compile("^Editar fornecedor"))
    conferir(pagina, tamanho, "fornecedor", dinheiro=False)
    dentro_do_dialogo(fornecedor)
    pagina.keyboard.press("Escape")

    pagina.goto("/administracao/usuarios")
    expect(pagina.get_by_role("table", name="Usuários da empresa").locator("tbody tr")).to_have_count(2)
    conferir(pagina, tamanho, "usuarios", dinheiro=False)
    pagina.get_by_role("button", name="Novo usuário").click()
    usuario = pagina.get_by_role("dialog", name="Novo usuário")
    conferir(pagina, tamanho, "usuario-novo", dinheiro=False)
    dentro_do_dialogo(usuario)
    pagina.keyboard.press("Escape")

    pagina.goto("/administracao/auditoria")
    expect(pagina.get_by_role("table", name="Trilha de auditoria").locator("tbody tr").first).to_be_visible()
    conferir(pagina, tamanho, "auditoria", dinheiro=False)
    pagina.get_by_role("table", name="Trilha de auditoria").locator("tbody tr").filter(has_text="criou o lançamento").first.click()
    registro = pagina.get_by_role("dialog")
    expect(registro.get_by_role("heading", name="Dados registrados")).to_be_visible()
    conferir(pagina, tamanho, "auditoria-registro", dinheiro=False)
    dentro_do_dialogo(registro)


@pytest.mark.parametrize("tamanho", TAMANHOS)
def test_login_e_empresas_do_administrador_da_plataforma_cabem_na_janela(abrir_pagina, entrar, live_services, tamanho):
    pagina = abrir_pagina()
    pagina.set_viewport_size(TAMANHOS[tamanho])
    pagina.goto("/entrar")
    expect(pagina.get_by_role("button", name="Entrar")).to_be_visible()
    conferir(pagina, tamanho, "login", dinheiro=False)
    entrar(pagina, "admin", live_services.env["ERP_ADMIN_PASSWORD"])
    pagina.goto("/administracao/empresas")
    expect(pagina.get_by_role("table", name="Empresas").locator("tbody tr").first).to_be_visible()
    conferir(pagina, tamanho, "empresas", dinheiro=False)
    pagina.get_by_role("button", name="Nova empresa").click()
    conferir(pagina, tamanho, "empresa-nova", dinheiro=False)
    dentro_do_dialogo(pagina.get_by_role("dialog", name="Nova empresa"))


def test_no_celular_os_modulos_ficam_atras_do_botao_menu(abrir_pagina, entrar, estudio):
    pagina = abrir(abrir_pagina, entrar, "celular", estudio["gerente"]["username"])
    menu = pagina.get_by_role("button", name="Menu")
    modulos = pagina.get_by_role("navigation", name="Módulos")
    financeiro = modulos.get_by_role("link", name="Financeiro")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_have_attribute("aria-controls", "lista-de-modulos")
    expect(financeiro).to_be_hidden()
    # Sair and the empresa stay on screen, within the window.
    for elemento in (pagina.get_by_role("button", name="Sair"), pagina.get_by_role("banner").locator(".empresa")):
        caixa = elemento.bounding_box()
        assert caixa["x"] >= 0 and caixa["x"] + caixa["width"] <= TAMANHOS["celular"]["width"], caixa

    # Opened: the current module has the focus; Esc closes and gives it back to the button.
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(modulos.get_by_role("link", name="Dashboard")).to_be_focused()
    expect(financeiro).to_be_visible()
    pagina.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(financeiro).to_be_hidden()
    expect(menu).to_be_focused()

    # From the keyboard: Enter opens, Tab goes through the modules, Enter goes there and closes it.
    pagina.keyboard.press("Enter")
    expect(modulos.get_by_role("link", name="Dashboard")).to_be_focused()
    pagina.keyboard.press("Tab")
    expect(financeiro).to_be_focused()
    pagina.keyboard.press("Enter")
    expect(pagina).to_have_url(re.compile(r"/financeiro$"))
    expect(financeiro).to_be_hidden()
    expect(menu).to_have_attribute("aria-expanded", "false")
    assert pagina.evaluate("document.activeElement.id") == "conteudo"

    # A click elsewhere closes it too.
    menu.click()
    expect(financeiro).to_be_visible()
    pagina.mouse.click(200, 780)
    expect(financeiro).to_be_hidden()

    # On a laptop the list is always there and the button is not.
    pagina.set_viewport_size(TAMANHOS["notebook"])
    expect(menu).to_be_hidden()
    expect(financeiro).to_be_visible()


def test_data_digitada_errada_fica_no_campo_com_a_mensagem_em_dd_mm_aaaa(abrir_pagina, entrar, estudio):
    pagina = abrir(abrir_pagina, entrar, "celular", estudio["gerente"]["username"])
    pagina.goto("/financeiro")
    pagina.get_by_role("button", name="Novo lançamento").click()
    dialogo = pagina.get_by_role("dialog", name="Novo lançamento")
    vencimento = dialogo.get_by_label(re.compile("^Vencimento"))
    expect(vencimento).to_have_value(hoje().strftime("%d/%m/%Y"))
    expect(vencimento).to_have_attribute("placeholder", "dd/mm/aaaa")

    # Typed one key at a time, as on a phone: the mask writes the slashes, nothing is lost.
    vencimento.fill("")
    vencimento.press_sequentially("31022026")
    expect(vencimento).to_have_value("31/02/2026")
    dialogo.get_by_label("Descrição").focus()
    expect(dialogo.get_by_text("Data inválida; use dd/mm/aaaa")).to_be_visible()
    expect(vencimento).to_have_value("31/02/2026")
    expect(vencimento).to_have_attribute("aria-invalid", "true")

    # Sent anyway: the server's refusal speaks of dd/mm/aaaa too, and the typed date stays to fix.
    dialogo.get_by_label("Descrição").fill("Ensaio de família")
    dialogo.get_by_label("Valor (R$)").fill("450,00")
    dialogo.get_by_role("button", name="Criar lançamento").click()
    expect(vencimento).to_be_focused()
    expect(dialogo).to_contain_text("Data inválida; use dd/mm/aaaa")
    expect(dialogo).not_to_contain_text("AAAA-MM-DD")
    expect(vencimento).to_have_value("31/02/2026")

    vencimento.fill("28/02/2026")
    expect(vencimento).to_have_attribute("aria-invalid", "false")
    expect(dialogo.get_by_text("Data inválida")).to_have_count(0)


def test_grafico_sem_nada_no_periodo_diz_isso_em_vez_de_eixos_vazios(abrir_pagina, entrar, estudio):
    pagina = abrir(abrir_pagina, entrar, "notebook", estudio["gerente"]["username"])
    pagina.goto("/dashboard?de=2020-01-01&ate=2020-01-31")
    categorias = pagina.get_by_role("region", name="Principais categorias do período")
    expect(categorias.get_by_text("Sem lançamentos no período")).to_be_visible()
    expect(categorias.get_by_role("img")).to_have_count(0)
    meses = pagina.get_by_role("region", name="Receitas e despesas — 12 meses")
    expect(meses.get_by_text("Sem lançamentos no período")).to_be_visible()
    # The balances are not of the period: that chart is drawn, with a legend that names its series only.
    saldos = pagina.get_by_role("region", name="Saldo por conta")
    expect(saldos.get_by_role("img", name=re.compile("^Gráfico"))).to_be_visible()
    expect(saldos.locator(".u-legend")).not_to_contain_text("—")
    conferir(pagina, "notebook", "dashboard-sem-lancamentos")


@pytest.fixture(scope="module")
def estudio_demo(nova_equipe, live_services):
    """An empresa with the demo studio `make run` creates: 18 months of lançamentos, ~150 clientes,
    a statement waiting to be reconciled. The richest data there is, so what wraps or overflows on
    real names and amounts shows here first."""
    equipe = nova_equipe("Estúdio Demonstração", {"gerente": [*PERMISSOES, "relatorios:ler", "operacional:escrever"]})
    live_services.demo(equipe["empresa"]["id"])
    return equipe


TELAS_DA_DEMO = (
    ("/dashboard", "demo-dashboard", True),
    ("/financeiro", "demo-lancamentos", True),
    ("/financeiro/extratos?conta_id=todas", "demo-extratos", True),
    ("/financeiro/conciliacao", "demo-conciliacao", True),
    ("/financeiro/cobranca", "demo-cobranca-remessas", True),
    ("/financeiro/cobranca/retornos", "demo-cobranca-retornos", False),
    ("/financeiro/cobranca/arquivos", "demo-cobranca-arquivos", True),
    ("/financeiro/cobranca/pagamentos", "demo-cobranca-pagamentos", True),
    ("/cadastros/contas", "demo-contas", True),
    ("/cadastros/categorias", "demo-categorias", False),
    ("/cadastros/clientes", "demo-clientes", False),
    ("/cadastros/fornecedores", "demo-fornecedores", False),
    ("/administracao/usuarios", "demo-usuarios", False),
    ("/administracao/auditoria", "demo-auditoria", False),
    ("/relatorios", "demo-fluxo-de-caixa", True),
    ("/relatorios/projecao", "demo-projecao-de-caixa", True),
    ("/relatorios/inadimplencia", "demo-inadimplencia", True),
    ("/relatorios/analise", "demo-analise-por-categoria", True),
    ("/relatorios/dre", "demo-dre", True),
    ("/relatorios/comparativo", "demo-comparativo", True),
    ("/relatorios/indicadores", "demo-indicadores", True),
    ("/relatorios/eventos", "demo-resultado-por-evento", True),
    ("/operacional", "demo-eventos", False),
    ("/operacional/agenda?vista=semana", "demo-agenda-semana", False),
    ("/operacional/agenda?vista=mes", "demo-agenda-mes", False),
    ("/operacional/contratos", "demo-contratos", True),
    ("/operacional/equipamentos", "demo-equipamentos", False),
)


@pytest.mark.parametrize("tamanho", TAMANHOS)
def test_o_estudio_de_demonstracao_cabe_na_janela_em_cada_tela(abrir_pagina, entrar, estudio_demo, tamanho):
    pagina = abrir(abrir_pagina, entrar, tamanho, estudio_demo["gerente"]["username"])
    respostas_com_erro = []
    pagina.on("response", lambda r: r.status >= 400 and respostas_com_erro.append(f"{r.status} {r.url}"))
    for rota, nome, dinheiro in TELAS_DA_DEMO:
        pagina.goto(rota)
        expect(pagina.locator("main h1").first).to_be_visible()
        pagina.wait_for_load_state("networkidle")
        conferir(pagina, tamanho, nome, dinheiro=dinheiro)
    # The conciliação with its suggestions open, the widest screen of all.
    pagina.goto("/financeiro/conciliacao")
    expect(pagina.get_by_role("list", name="Sugestões")).to_be_visible()
    conferir(pagina, tamanho, "demo-conciliacao-sugestoes")
    assert not respostas_com_erro
