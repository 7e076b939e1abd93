"""Forms, files and phone layouts in Chromium, against the live services, through the frontend only.

A refused form points at what to fix: the message under the field, the field in view (also at the
top of a long dialog sent from its bottom) and with the focus; a message about no field on screen
goes to the top and is brought into view; the "em uso" refusal at the bottom of a long dialog is
seen without scrolling. Files are dragged onto a zone or chosen with a click or from the keyboard,
checked for kind and size before sending. On a phone the ledger's filters wait behind a "Filtros"
button that counts those in use, and the Cadastros tabs fit in 360 px.
"""
import re

import pytest
from playwright.sync_api import expect

from financeiro.ofx.escritor import Linha, ofx as escrever_ofx

SENHA = "senha-forte-123"
CELULAR = {"width": 390, "height": 844}
ESTREITO = {"width": 360, "height": 740}
NOTEBOOK = {"width": 1366, "height": 850}


@pytest.fixture(scope="module")
def estudio(admin_http, nova_equipe):
    """An empresa, its manager, a conta and a fornecedor in use by a lançamento."""
    equipe = nova_equipe("Estúdio Formulários", {"gerente": ["cadastros:escrever", "financeiro:escrever", "relatorios:ler"]})
    with type(admin_http)(admin_http.base) as http:
        http.entrar(equipe["gerente"]["username"], SENHA)
        conta = http.criar("/api/contas", nome="Nubank", tipo="CORRENTE", banco="260", agencia="0001",
                           numero="8473621-5")
        aluguel = http.criar("/api/categorias", nome="Aluguel", tipo="DESPESA")
        imobiliaria = http.criar("/api/fornecedores", nome="Imobiliária Central",
                                 endereco={"cep": "01310100", "logradouro": "Avenida Paulista", "numero": "1578",
                                           "bairro": "Bela Vista", "cidade": "São Paulo", "uf": "SP"},
                                 observacoes="Contrato de locação renovado todo mês de março. " * 6)
        http.criar("/api/lancamentos", tipo="DESPESA", descricao="Aluguel do estúdio", valor="2300.00",
                   data_vencimento="2026-01-10", categoria_id=aluguel["id"], conta_id=conta["id"],
                   fornecedor_id=imobiliaria["id"])
    return {**equipe, "conta": conta}


def abrir(abrir_pagina, entrar, estudio, tamanho):
    pagina = abrir_pagina()
    pagina.set_viewport_size(tamanho)
    entrar(pagina, estudio["gerente"]["username"], SENHA)
    return pagina


# Whether an element is seen whole in its dialog: below the dialog's sticky header, above its
# bottom and the window's.
A_VISTA = """([dialogo, elemento]) => {
    const topo = dialogo.querySelector(":scope > header").getBoundingClientRect().bottom;
    const fundo = Math.min(dialogo.getBoundingClientRect().bottom, innerHeight);
    const caixa = elemento.getBoundingClientRect();
    return caixa.height > 0 && caixa.top >= topo - 1 && caixa.bottom <= fundo + 1;
}"""


def a_vista(dialogo, elemento) -> bool:
    return dialogo.page.evaluate(A_VISTA, [dialogo.element_handle(), elemento.element_handle()])


def esperar_a_vista(pagina, dialogo, elemento) -> None:
    pagina.wait_for_function(A_VISTA, arg=[dialogo.element_handle(), elemento.element_handle()])


def test_erro_do_servidor_fica_sob_o_campo_a_vista_e_com_o_foco_mesmo_no_alto_de_um_dialogo_longo(
        abrir_pagina, entrar, estudio):
    pagina = abrir(abrir_pagina, entrar, estudio, CELULAR)
    pagina.goto("/cadastros/fornecedores")
    pagina.get_by_role("button", name="Novo fornecedor").click()
    dialogo = pagina.get_by_role("dialog", name="Novo fornecedor")
    dialogo.get_by_label("Nome").fill("Locadora de Lentes")
    documento = dialogo.get_by_label("CPF ou CNPJ")
    documento.fill("123.456.789-00")
    # The select is drawn like the text fields: no system arrow, the same height.
    tipo = dialogo.get_by_label("Tipo de pessoa")
    assert tipo.evaluate("(s) => getComputedStyle(s).appearance") == "none"
    assert tipo.bounding_box()["height"] == documento.bounding_box()["height"]
    dialogo.get_by_label("Observações").fill("Entrega às sextas")
    enviar = dialogo.get_by_role("button", name="Cadastrar fornecedor")
    enviar.scroll_into_view_if_needed()
    assert not a_vista(dialogo, documento), "o campo deveria estar fora da vista antes do envio"

    enviar.click()
    erro = dialogo.locator("#campo-cpf_cnpj-erro")
    expect(erro).to_have_text("CPF inválido: confira os dígitos")
    expect(documento).to_be_focused()
    expect(documento).to_have_attribute("aria-invalid", "true")
    expect(documento).to_have_attribute("aria-describedby", "campo-cpf_cnpj-erro")
    esperar_a_vista(pagina, dialogo, documento)
    esperar_a_vista(pagina, dialogo, erro)

    documento.fill("529.982.247-25")
    expect(documento).to_have_attribute("aria-invalid", "false")
    enviar.click()
    expect(dialogo).to_have_count(0)
    expect(pagina.get_by_role("table").locator("tbody tr").filter(has_text="Locadora de Lentes")).to_have_count(1)


def test_erro_sobre_campo_que_o_formulario_nao_mostra_vai_para_o_alto_e_a_vista(abrir_pagina, entrar, estudio):
    pagina = abrir(abrir_pagina, entrar, estudio, CELULAR)
    # A server that validates a field this form has no box for (a newer API, an older screen).
    pagina.route("**/api/fornecedores", lambda rota: rota.fulfill(status=400, json={
        "error": "Verifique os campos destacados", "code": "validacao",
        "campos": {"inscricao_estadual": "Inscrição estadual obrigatória em SP"}})
        if rota.request.method == "POST" else rota.continue_())
    pagina.goto("/cadastros/fornecedores")
    pagina.get_by_role("button", name="Novo fornecedor").click()
    dialogo = pagina.get_by_role("dialog", name="Novo fornecedor")
    dialogo.get_by_label("Nome").fill("Gráfica Central")
    enviar = dialogo.get_by_role("button", name="Cadastrar fornecedor")
    enviar.scroll_into_view_if_needed()
    enviar.click()
    geral = dialogo.get_by_role("alert")
    expect(geral).to_have_text("Verifique os campos destacados: Inscrição estadual obrigatória em SP")
    expect(dialogo.locator("[aria-invalid='true']")).to_have_count(0)
    esperar_a_vista(pagina, dialogo, geral)


def test_recusa_em_uso_no_fim_do_dialogo_aparece_sem_rolar(abrir_pagina, entrar, estudio):
    pagina = abrir(abrir_pagina, entrar, estudio, CELULAR)
    pagina.goto("/cadastros/fornecedores")
    pagina.get_by_role("table").locator("tbody tr").filter(has_text="Imobiliária Central").click()
    dialogo = pagina.get_by_role("dialog", name="Editar fornecedor Imobiliária Central")
    dialogo.get_by_role("button", name="Excluir fornecedor").click()
    pagina.get_by_role("dialog", name="Excluir fornecedor").get_by_role("button", name="Excluir").click()
    recusa = dialogo.get_by_role("alert").filter(has_text="está em uso em lançamentos")
    expect(recusa).to_be_visible()
    esperar_a_vista(pagina, dialogo, recusa)


def test_zona_de_arquivo_escolhe_confere_e_envia_o_extrato(abrir_pagina, entrar, estudio, tmp_path):
    pagina = abrir(abrir_pagina, entrar, estudio, NOTEBOOK)
    pagina.goto(f"/financeiro/extratos?conta_id={estudio['conta']['id']}")
    zona = pagina.locator(".zona-arquivo")
    expect(zona).to_contain_text("Arraste o arquivo aqui ou clique para escolher")
    campo = pagina.get_by_label("Arquivo OFX")
    erro = pagina.locator("#campo-arquivo-erro")

    # Sent without a file; then a file of another kind, an empty one and one past the limit: each
    # refused next to the field, before anything is sent.
    pagina.get_by_role("button", name="Importar extrato").click()
    expect(erro).to_have_text("Escolha um arquivo OFX.")
    expect(campo).to_be_focused()
    campo.set_input_files(files=[{"name": "foto.jpg", "mimeType": "image/jpeg", "buffer": b"\xff\xd8\xff"}])
    expect(erro).to_have_text("“foto.jpg” não é um arquivo .ofx. Escolha um arquivo .ofx.")
    expect(campo).to_have_attribute("aria-invalid", "true")
    campo.set_input_files(files=[{"name": "vazio.ofx", "mimeType": "application/x-ofx", "buffer": b""}])
    expect(erro).to_have_text("“vazio.ofx” está vazio. Escolha outro arquivo.")
    grande = tmp_path / "enorme.ofx"
    with grande.open("wb") as arquivo:
        arquivo.truncate(21 * 1024 * 1024)
    campo.set_input_files(grande)
    expect(erro).to_have_text("“enorme.ofx” tem 21 MB; o limite é 20 MB.")
    pagina.get_by_role("button", name="Importar extrato").click()
    expect(erro).to_have_text("Escolha um arquivo OFX.")

    # A good one: its name and size in the zone, then imported.
    arquivo = tmp_path / "nubank-janeiro.ofx"
    arquivo.write_bytes(escrever_ofx([Linha("20250110", "-49.90", "TARIFA PACOTE", f"jan-{estudio['sufixo']}")],
                                     inicio="20250101", fim="20250131", banco="260", agencia="0001",
                                     conta="8473621-5"))
    campo.set_input_files(arquivo)
    expect(erro).to_have_count(0)
    expect(campo).to_have_attribute("aria-invalid", "false")
    expect(zona.locator(".arquivo-escolhido")).to_have_text(re.compile(r"^nubank-janeiro\.ofx · \d+ bytes$"))
    expect(zona).to_contain_text("Arraste outro arquivo aqui ou clique para trocar")
    pagina.get_by_role("button", name="Importar extrato").click()
    expect(pagina.get_by_role("heading", name="Extrato importado")).to_be_visible()
    expect(zona.locator(".arquivo-escolhido")).to_have_count(0)


def test_zona_de_arquivo_pelo_teclado_e_arrastando(abrir_pagina, entrar, estudio, tmp_path):
    pagina = abrir(abrir_pagina, entrar, estudio, NOTEBOOK)
    pagina.goto("/cadastros/fornecedores")
    pagina.get_by_role("button", name="Importar CSV").click()
    dialogo = pagina.get_by_role("dialog", name="Importar fornecedores")
    zona = dialogo.locator(".zona-arquivo")
    csv = tmp_path / "fornecedores.csv"
    csv.write_text("nome;email\nEstúdio de Som Aurora;contato@aurora.com.br\nMolduras Paulista;\n", encoding="utf-8")

    # From the keyboard: Tab reaches the zone (its ring shows); Space opens the system's picker, and
    # so does Enter. What opens it is a click on the field: counted here (and the system's dialog
    # kept closed, which headless Chromium opens only now and then), then the file given to it.
    dialogo.get_by_role("link", name="Baixar o modelo (CSV)").focus()
    pagina.keyboard.press("Tab")
    entrada = dialogo.get_by_label("Arquivo CSV")
    expect(entrada).to_be_focused()
    assert zona.evaluate("(z) => getComputedStyle(z).boxShadow") != "none"
    entrada.evaluate("""(campo) => campo.addEventListener("click", (evento) => {
        window.aberturas = (window.aberturas || 0) + 1;
        evento.preventDefault();
    })""")
    pagina.keyboard.press("Space")
    pagina.wait_for_function("() => window.aberturas === 1")
    pagina.keyboard.press("Enter")
    pagina.wait_for_function("() => window.aberturas === 2")
    entrada.set_input_files(csv)
    expect(zona.locator(".arquivo-escolhido")).to_have_text(re.compile(r"^fornecedores\.csv · \d+ bytes$"))

    # Dragged onto the zone: it lights up while a file is over it, and takes the file dropped (the
    # browser's drag events, with a file in their DataTransfer, as the system sends them).
    def arrastar(nome, tipo, conteudo, eventos=("dragenter", "dragover", "drop")):
        zona.evaluate("""(zona, [nome, tipo, conteudo, eventos]) => {
            const dados = new DataTransfer();
            dados.items.add(new File([conteudo], nome, { type: tipo }));
            for (const evento of eventos) {
                zona.querySelector("input").dispatchEvent(
                    new DragEvent(evento, { bubbles: true, cancelable: true, dataTransfer: dados }));
            }
        }""", [nome, tipo, conteudo, list(eventos)])

    arrastar("contrato.pdf", "application/pdf", "%PDF", eventos=("dragenter", "dragover"))
    expect(zona).to_have_class(re.compile(r"\barrastando\b"))
    arrastar("contrato.pdf", "application/pdf", "%PDF", eventos=("drop",))
    expect(zona).not_to_have_class(re.compile(r"\barrastando\b"))
    expect(dialogo.locator("#campo-arquivo-erro")).to_have_text(
        "“contrato.pdf” não é um arquivo .csv. Escolha um arquivo .csv.")
    expect(zona.locator(".arquivo-escolhido")).to_have_count(0)
    arrastar("fornecedores.csv", "text/csv", csv.read_text(encoding="utf-8"))
    expect(dialogo.locator("#campo-arquivo-erro")).to_have_count(0)
    expect(zona.locator(".arquivo-escolhido")).to_contain_text("fornecedores.csv")
    dialogo.get_by_role("button", name="Importar").click()
    expect(dialogo).to_have_count(0)
    expect(pagina.get_by_text("2 fornecedores importados.")).to_be_visible()
    expect(pagina.get_by_role("table").locator("tbody tr").filter(has_text="Molduras Paulista")).to_have_count(1)


def test_no_celular_os_filtros_do_livro_ficam_atras_do_botao_filtros(abrir_pagina, entrar, estudio):
    pagina = abrir(abrir_pagina, entrar, estudio, CELULAR)
    pagina.goto("/financeiro")
    botao = pagina.get_by_role("button", name=re.compile("^Filtros"))
    situacao = pagina.get_by_role("combobox", name="Situação", exact=True)
    expect(botao).to_have_accessible_name("Filtros")
    expect(botao).to_have_attribute("aria-expanded", "false")
    expect(situacao).to_be_hidden()

    botao.click()
    expect(botao).to_have_attribute("aria-expanded", "true")
    expect(situacao).to_be_visible()
    situacao.select_option(label="Em aberto")
    pagina.get_by_role("combobox", name="Tipo", exact=True).select_option(label="Despesas")
    expect(pagina).to_have_url(re.compile(r"tipo=DESPESA"))
    expect(botao).to_have_accessible_name("Filtros 2 em uso")
    botao.click()
    expect(situacao).to_be_hidden()
    largura, janela = pagina.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert largura <= janela, f"a página tem {largura} px numa janela de {janela}"

    # On a laptop the filters are always there, and the button is not.
    pagina.set_viewport_size(NOTEBOOK)
    expect(botao).to_be_hidden()
    expect(situacao).to_be_visible()
    expect(situacao).to_have_value("ABERTOS")


def test_em_360_px_as_abas_cabem_todas_a_vista_sem_alargar_a_pagina(abrir_pagina, entrar, estudio):
    pagina = abrir(abrir_pagina, entrar, estudio, ESTREITO)
    secoes = (("/cadastros/contas", "Seções de cadastros", "Contas"),
              ("/cadastros/fornecedores", "Seções de cadastros", "Fornecedores"),
              ("/cadastros/centros-custo", "Seções de cadastros", "Centros de custo"),
              ("/relatorios/analise", "Relatórios", "Por categoria"))
    for rota, nome_das_abas, aba in secoes:
        pagina.goto(rota)
        abas = pagina.get_by_role("navigation", name=nome_das_abas)
        expect(abas.get_by_role("link", name=aba)).to_have_attribute("aria-current", "page")
        medida = abas.evaluate("""(nav) => ({
            pagina: document.documentElement.scrollWidth, janela: innerWidth,
            faixa: [nav.scrollWidth, nav.clientWidth],
            fora: [...nav.querySelectorAll("a")].filter((a) => {
                const r = a.getBoundingClientRect(), n = nav.getBoundingClientRect();
                return r.left < n.left - 1 || r.right > n.right + 1;
            }).map((a) => a.textContent),
        })""")
        assert medida["pagina"] <= medida["janela"], medida
        assert medida["faixa"][0] <= medida["faixa"][1], medida
        assert medida["fora"] == [], medida
