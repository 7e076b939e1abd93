"""Cobrança in Chromium, against the live services, through the frontend only: the whole loop.

A studio with an Itaú conta set up for cobrança (CNAB 400, carteira 109, a chave PIX) and three
receivables of one client. In Financeiro › Cobrança it picks two, makes the remessa and downloads
it; the bank (financeiro's simulated one) pays both; the retorno uploaded in Retornos reports two
liquidações and the ledger shows them received; the same retorno again changes nothing. The boleto
panel copies the linha digitável and the PIX code, shows the QR and gives the PDF; the file log
lists both files with each line and what it did. A contract's page links its carnê and its
remessa; a despesa takes a boleto's linha digitável to pay; and on a phone no Cobrança screen is
wider than the window but for the raw lines' own box.
"""
import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from shared.config import hoje

from financeiro.cobranca.cnab.banco_simulado import retorno_de

SENHA = "senha-forte-123"
CELULAR = {"width": 390, "height": 844}


def br(iso: str) -> str:
    """"2026-12-17" → "17/12/2026", as the screens write a date."""
    return date.fromisoformat(iso).strftime("%d/%m/%Y")


@pytest.fixture(scope="module")
def estudio(admin_http, nova_equipe):
    """An empresa and its manager; through the API an Itaú conta with cobrança, the categorias, a
    client with CPF and address, three receivables of the coming weeks and a fornecedor."""
    equipe = nova_equipe("Estúdio Cobrança", {"gerente": ["cadastros:escrever", "financeiro:escrever",
                                                          "operacional:escrever"]})
    sufixo = equipe["sufixo"]
    http = type(admin_http)(admin_http.base)
    http.entrar(equipe["gerente"]["username"], SENHA)
    try:
        conta = http.criar("/api/contas", nome=f"Itaú {sufixo}", tipo="CORRENTE", banco="341", agencia="1234",
                           numero="12345-6")
        ajustes = http.put(f"/api/contas/{conta['id']}/cobranca", json={
            "layout": "CNAB400", "carteira": "109", "chave_pix": "financeiro@estudio.com.br",
            "beneficiario_nome": f"Estúdio Cobrança {sufixo}", "beneficiario_documento": "11222333000181"})
        assert ajustes.status_code == 200, ajustes.text
        receita = http.criar("/api/categorias", nome=f"Ensaios {sufixo}", tipo="RECEITA")
        despesa = http.criar("/api/categorias", nome=f"Aluguel {sufixo}", tipo="DESPESA")
        cliente = http.criar("/api/clientes", nome=f"Bia Noiva {sufixo}", cpf_cnpj="52998224725", endereco={
            "cep": "01310100", "logradouro": "Avenida Paulista", "numero": "1000", "bairro": "Bela Vista",
            "cidade": "São Paulo", "uf": "SP"})
        sem_endereco = http.criar("/api/clientes", nome=f"Caio Sem Endereço {sufixo}", cpf_cnpj="39053344705")
        fornecedor = http.criar("/api/fornecedores", nome=f"Imobiliária {sufixo}", cpf_cnpj="11444777000161")
        receitas = [http.criar("/api/lancamentos", tipo="RECEITA", descricao=f"{nome} {sufixo}", valor=valor,
                               data_vencimento=(hoje() + timedelta(days=dias)).isoformat(),
                               categoria_id=receita["id"], conta_id=conta["id"], cliente_id=pessoa["id"])
                    for nome, valor, dias, pessoa in [
                        ("Ensaio gestante", "150.00", 10, cliente), ("Álbum de casamento", "250.50", 20, cliente),
                        ("Book infantil", "99.90", 30, cliente), ("Sessão avulsa", "80.00", 15, sem_endereco)]]
    finally:
        http.close()
    return {**equipe, "conta": conta, "receita": receita, "despesa": despesa, "cliente": cliente,
            "fornecedor": fornecedor, "receitas": receitas}


def linhas(pagina, nome):
    return pagina.get_by_role("table", name=nome).locator("tbody tr")


def test_remessa_retorno_e_boleto_no_navegador(abrir_pagina, entrar, estudio, tmp_path):
    gestante, album, book, avulsa = estudio["receitas"]
    pagina = abrir_pagina()
    pagina.context.grant_permissions(["clipboard-read", "clipboard-write"])
    entrar(pagina, estudio["gerente"]["username"], SENHA)

    # --- Cobrança › Remessas: the conta's open receivables; two chosen, their total.
    pagina.goto("/financeiro")
    pagina.get_by_role("navigation", name="Seções do financeiro").get_by_role("link", name="Cobrança").click()
    expect(pagina).to_have_url(re.compile(r"/financeiro/cobranca$"))
    abas = pagina.get_by_role("navigation", name="Seções da cobrança")
    expect(abas.get_by_role("link", name="Remessas")).to_have_attribute("aria-current", "page")
    titulos = linhas(pagina, "Títulos a receber")
    expect(titulos).to_have_count(4)
    expect(titulos.filter(has_text=gestante["descricao"])).to_contain_text("R$ 150,00")
    geracao = pagina.get_by_role("region", name="Gerar remessa")
    expect(geracao.get_by_role("button", name="Gerar remessa")).to_be_disabled()

    # A client without an address cannot get a boleto: the refusal names the lançamento, no file made.
    escolher_avulsa = pagina.get_by_label(f"Escolher {avulsa['descricao']} de {br(avulsa['data_vencimento'])}")
    escolher_avulsa.check()
    geracao.get_by_role("button", name="Gerar remessa").click()
    recusa = geracao.locator("[data-recusas]")
    expect(recusa).to_contain_text(avulsa["descricao"])
    expect(recusa).to_contain_text("endereço")
    expect(pagina.get_by_role("region", name="Remessa gerada")).to_have_count(0)
    escolher_avulsa.uncheck()
    for escolhido in (gestante, album):
        pagina.get_by_label(f"Escolher {escolhido['descricao']} de {br(escolhido['data_vencimento'])}").check()
    expect(geracao).to_contain_text("2 escolhidos · total R$ 400,50")
    expect(geracao.get_by_label("Layout")).to_have_value("CNAB400")
    expect(geracao.get_by_label("Instrução")).to_have_value("ENTRADA")

    # --- Gerar remessa → the file to download: fixed-width lines of 400, CRLF.
    geracao.get_by_role("button", name="Gerar remessa").click()
    resultado = pagina.get_by_role("region", name="Remessa gerada")
    expect(resultado).to_contain_text("R$ 400,50")
    nome_remessa = resultado.locator("[data-nome-arquivo]").inner_text()
    with pagina.expect_download() as baixado:
        resultado.get_by_role("link", name="Baixar arquivo").click()
    remessa = Path(baixado.value.path()).read_bytes().decode("ascii")
    registros = remessa.split("\r\n")
    assert registros[-1] == "" and len(registros) == 5, registros  # header, 2 títulos, trailer; CRLF after each
    assert all(len(linha) == 400 for linha in registros[:-1])
    # The choice starts again.
    expect(geracao).to_contain_text("0 escolhidos")

    # --- The bank pays both (the second with R$ 2,50 of juros) and answers with a retorno.
    retorno = retorno_de(remessa, {
        str(gestante["id"]): {"codigo": "06", "valor_pago": Decimal("150.00")},
        str(album["id"]): {"codigo": "06", "valor_pago": Decimal("253.00"), "juros_multa": Decimal("2.50")},
    }, data=hoje())
    arquivo = tmp_path / "CN07120A.RET"
    arquivo.write_bytes(retorno.encode("ascii"))

    abas.get_by_role("link", name="Retornos").click()
    expect(pagina).to_have_url(re.compile(r"/financeiro/cobranca/retornos$"))
    expect(pagina.get_by_label("Conta")).to_have_value(str(estudio["conta"]["id"]))
    # A file that is no retorno: its reason under the field, and nothing imported.
    pagina.get_by_label("Arquivo de retorno (CNAB 240 ou 400)").set_input_files(
        {"name": "extrato.txt", "mimeType": "text/plain", "buffer": b"isto nao e um retorno\r\n"})
    pagina.get_by_role("button", name="Importar retorno").click()
    expect(pagina.get_by_label("Arquivo de retorno (CNAB 240 ou 400)")).to_have_attribute("aria-invalid", "true")
    expect(pagina.locator("#campo-arquivo-erro")).not_to_be_empty()
    expect(pagina.get_by_role("region", name="Resultado do retorno")).to_have_count(0)
    pagina.get_by_label("Arquivo de retorno (CNAB 240 ou 400)").set_input_files(arquivo)
    pagina.get_by_role("button", name="Importar retorno").click()
    relatorio = pagina.get_by_role("region", name="Resultado do retorno")
    expect(relatorio.get_by_role("heading", name="Retorno importado")).to_be_visible()
    expect(relatorio.locator("[data-contagem='liquidados'] strong")).to_have_text("2")
    expect(relatorio.locator("[data-contagem='rejeitados'] strong")).to_have_text("0")
    expect(relatorio.locator("[data-contagem='nao_encontrados'] strong")).to_have_text("0")
    linhas_do_retorno = relatorio.get_by_role("link", name="Ver cada linha do arquivo e o que ela fez")
    endereco_do_retorno = linhas_do_retorno.get_attribute("href")

    # The same file again: "já importado", nothing paid twice.
    pagina.get_by_label("Arquivo de retorno (CNAB 240 ou 400)").set_input_files(arquivo)
    pagina.get_by_role("button", name="Importar retorno").click()
    expect(relatorio.get_by_role("heading", name="Este retorno já tinha sido importado")).to_be_visible()
    assert relatorio.get_by_role("link", name="Ver cada linha do arquivo e o que ela fez") \
        .get_attribute("href") == endereco_do_retorno

    # --- The ledger: both received (the juros on top), the others still open.
    pagina.goto(f"/financeiro?periodo=tudo&conta_id={estudio['conta']['id']}")
    razao = linhas(pagina, "Lançamentos")
    expect(razao).to_have_count(4)
    expect(razao.filter(has_text=gestante["descricao"])).to_contain_text("Recebido")
    expect(razao.filter(has_text=album["descricao"])).to_contain_text("Recebido")
    expect(razao.filter(has_text=book["descricao"])).to_contain_text("Pendente")

    # --- The boleto panel of a paid one: liquidado, the linha digitável copied, the PDF, the PIX and its QR.
    razao.filter(has_text=album["descricao"]).click()
    detalhe = pagina.get_by_role("dialog", name=f"Lançamento {album['descricao']}")
    recebimento = detalhe.get_by_role("table", name="Recebimentos").locator("tbody tr")
    expect(recebimento).to_have_count(1)
    expect(recebimento).to_contain_text("R$ 2,50")  # the juros, apart from the R$ 250,50
    boleto = detalhe.get_by_role("region", name="Boleto")
    expect(boleto).to_contain_text("Liquidado")
    linha_digitavel = boleto.get_by_label("Linha digitável")
    expect(linha_digitavel).to_have_value(re.compile(r"^341\d\d\.\d{5} \d{5}\.\d{6} \d{5}\.\d{6} \d \d{14}$"))
    boleto.get_by_role("button", name="Copiar", exact=True).click()
    expect(boleto.get_by_role("button", name="Copiado")).to_be_visible()
    assert pagina.evaluate("navigator.clipboard.readText()") == linha_digitavel.input_value()
    pdf = pagina.request.get(boleto.get_by_role("link", name="Baixar PDF").get_attribute("href"))
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")
    codigo_pix = boleto.get_by_label("PIX copia e cola")
    expect(codigo_pix).to_have_value(re.compile(r"^000201"))
    # The first button says "Copiado" for 3 s: a slow page may still show it; the PIX one follows.
    boleto.get_by_role("button", name="Copiar código PIX").click()
    expect(boleto.get_by_role("button", name="Copiar código PIX")).to_have_count(0)
    assert pagina.evaluate("navigator.clipboard.readText()") == codigo_pix.input_value()
    boleto.get_by_role("button", name="Mostrar QR").click()
    qr = boleto.get_by_role("img", name="QR code do PIX deste boleto")
    expect(qr).to_have_attribute("src", re.compile(r"^data:image/svg\+xml"))
    pagina.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=qr.element_handle())
    detalhe.get_by_role("button", name="Fechar").click()

    # The one left out has no boleto yet; issuing it draws its nosso número.
    razao.filter(has_text=book["descricao"]).click()
    detalhe = pagina.get_by_role("dialog", name=f"Lançamento {book['descricao']}")
    boleto = detalhe.get_by_role("region", name="Boleto")
    expect(boleto).to_contain_text("Boleto ainda não emitido")
    boleto.get_by_role("button", name="Emitir boleto").click()
    expect(boleto).to_contain_text("Emitido")
    expect(boleto.get_by_label("Linha digitável")).to_have_value(re.compile(r"^341"))
    detalhe.get_by_role("button", name="Fechar").click()

    # --- The file log: the remessa and the retorno; each file's lines and what they did.
    pagina.goto("/financeiro/cobranca/arquivos")
    arquivos = linhas(pagina, "Arquivos CNAB")
    expect(arquivos).to_have_count(2)
    expect(arquivos.filter(has_text="Remessa")).to_contain_text("R$ 400,50")
    expect(arquivos.filter(has_text="Retorno")).to_have_count(1)
    arquivos.filter(has_text="Remessa").click()
    expect(pagina).to_have_url(re.compile(r"/financeiro/cobranca/arquivos/\d+$"))
    expect(pagina.get_by_role("heading", name=f"Remessa {nome_remessa}")).to_be_visible()
    expect(linhas(pagina, "Títulos do arquivo")).to_have_count(2)
    expect(linhas(pagina, "Títulos do arquivo")).to_contain_text(["Liquidado", "Liquidado"])
    brutas = pagina.locator("pre[data-linha-cnab]")
    expect(brutas).to_have_count(4)
    assert brutas.all_inner_texts() == registros[:-1]
    expect(pagina.get_by_role("link", name="Baixar arquivo")).to_have_attribute(
        "href", re.compile(r"^/api/remessas/\d+/arquivo$"))
    pagina.goto(endereco_do_retorno)
    expect(pagina.get_by_role("heading", name=re.compile(r"^Retorno "))).to_be_visible()
    expect(linhas(pagina, "Linhas do arquivo").filter(has_text="Aplicada")).to_have_count(2)


def test_contrato_leva_ao_carne_e_a_remessa_das_parcelas(abrir_pagina, entrar, estudio, admin_http):
    http = type(admin_http)(admin_http.base)
    http.entrar(estudio["gerente"]["username"], SENHA)
    try:
        contrato = http.criar("/api/contratos", cliente_id=estudio["cliente"]["id"], descricao="Cobertura do casamento",
                              valor="900.00", parcelas=3, primeiro_vencimento=(hoje() + timedelta(days=40)).isoformat(),
                              conta_id=estudio["conta"]["id"], categoria_id=estudio["receita"]["id"])
    finally:
        http.close()
    pagina = abrir_pagina()
    entrar(pagina, estudio["gerente"]["username"], SENHA)
    pagina.goto(f"/operacional/contratos/{contrato['id']}")
    carne = pagina.get_by_role("link", name="Carnê (PDF)")
    expect(carne).to_have_attribute("href", f"/api/lancamentos/carne.pdf?contrato_id={contrato['id']}")
    pdf = pagina.request.get(carne.get_attribute("href"))
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")

    pagina.get_by_role("link", name="Gerar remessa").click()
    expect(pagina).to_have_url(re.compile(rf"/financeiro/cobranca\?contrato_id={contrato['id']}$"))
    expect(pagina.get_by_text(f"Parcelas em aberto do contrato nº {contrato['id']}")).to_be_visible()
    titulos = linhas(pagina, "Títulos a receber")
    expect(titulos).to_have_count(3)
    expect(titulos).to_contain_text(["Cobertura do casamento"] * 3)
    pagina.get_by_role("button", name="Ver todos os títulos").click()
    expect(pagina).to_have_url(re.compile(r"/financeiro/cobranca$"))


def test_despesa_com_boleto_para_pagar_e_remessa_de_pagamentos(abrir_pagina, entrar, estudio, admin_http):
    sufixo = estudio["sufixo"]
    http = type(admin_http)(admin_http.base)
    http.entrar(estudio["gerente"]["username"], SENHA)
    try:
        com_pix = http.criar("/api/fornecedores", nome=f"Maquiadora {sufixo}", cpf_cnpj="15350946056",
                             chave_pix="maquiadora@exemplo.com.br")
        for descricao, fornecedor in [(f"Maquiagem {sufixo}", com_pix), (f"Reforma {sufixo}", estudio["fornecedor"])]:
            http.criar("/api/lancamentos", tipo="DESPESA", descricao=descricao, valor="300.00",
                       data_vencimento=(hoje() + timedelta(days=5)).isoformat(), categoria_id=estudio["despesa"]["id"],
                       conta_id=estudio["conta"]["id"], fornecedor_id=fornecedor["id"])
    finally:
        http.close()
    pagina = abrir_pagina()
    entrar(pagina, estudio["gerente"]["username"], SENHA)
    pagina.goto(f"/financeiro?conta_id={estudio['conta']['id']}")
    pagina.get_by_role("button", name="Novo lançamento").click()
    dialogo = pagina.get_by_role("dialog", name="Novo lançamento")
    dialogo.get_by_label("Despesa").check()
    dialogo.get_by_label("Descrição").fill(f"Aluguel do estúdio {sufixo}")
    dialogo.get_by_label("Valor (R$)").fill("2.952,95")
    dialogo.get_by_label("Categoria").select_option(label=f"{estudio['despesa']['codigo']} Aluguel {sufixo}")
    dialogo.get_by_label("Conta").select_option(label=f"Itaú {sufixo}")
    campo = dialogo.get_by_label("Código de barras do boleto (para pagar)")
    campo.fill("23791.17209 60007.589645")
    dialogo.get_by_role("button", name="Criar lançamento").click()
    # The server's reason, under the field.
    expect(campo).to_have_attribute("aria-invalid", "true")
    expect(dialogo.locator("#campo-codigo_barras_pagamento-erro")).not_to_be_empty()
    campo.fill("23791.17209 60007.589645 52040.300502 5 42230000295295")
    dialogo.get_by_role("button", name="Criar lançamento").click()
    expect(dialogo).to_have_count(0)

    # In Pagamentos it goes by boleto, the makeup artist by PIX; a fornecedor without bank data or a
    # PIX key cannot be paid by file, and says why.
    pagina.goto("/financeiro/cobranca/pagamentos")
    despesas = linhas(pagina, "Despesas a pagar")
    expect(despesas).to_have_count(3)
    aluguel = despesas.filter(has_text=f"Aluguel do estúdio {sufixo}")
    expect(aluguel).to_contain_text("Boleto")
    expect(despesas.filter(has_text=f"Maquiagem {sufixo}")).to_contain_text("PIX")
    reforma = despesas.filter(has_text=f"Reforma {sufixo}")
    expect(reforma).to_contain_text("Sem dados para pagamento")
    expect(reforma).to_contain_text(f"Imobiliária {sufixo} não tem conta bancária nem chave PIX")
    expect(reforma.get_by_role("checkbox")).to_be_disabled()
    aluguel.get_by_role("checkbox").check()
    pagina.get_by_role("button", name="Gerar remessa de pagamentos").click()
    gerado = pagina.get_by_role("region", name="Remessa de pagamentos gerada")
    with pagina.expect_download() as baixado:
        gerado.get_by_role("link", name="Baixar arquivo").click()
    texto = Path(baixado.value.path()).read_bytes().decode("ascii")
    assert all(len(linha) == 240 for linha in texto.split("\r\n")[:-1])
    # The despesa's detail tells how its payment went.
    pagina.goto(f"/financeiro?periodo=tudo&conta_id={estudio['conta']['id']}&tipo=DESPESA")
    linhas(pagina, "Lançamentos").filter(has_text=f"Aluguel do estúdio {sufixo}").click()
    detalhe = pagina.get_by_role("dialog", name=f"Lançamento Aluguel do estúdio {sufixo}")
    expect(detalhe).to_contain_text("23795422300002952951172060007589645204030050")
    pagamento = detalhe.get_by_role("region", name="Pagamento por arquivo")
    expect(pagamento).to_contain_text("Boleto")
    expect(pagamento).to_contain_text("Enviado ao banco")


TELAS = ["/financeiro/cobranca", "/financeiro/cobranca/retornos", "/financeiro/cobranca/arquivos",
         "/financeiro/cobranca/pagamentos"]


def test_no_celular_a_cobranca_cabe_na_janela_menos_a_caixa_das_linhas(abrir_pagina, entrar, estudio):
    pagina = abrir_pagina()
    pagina.set_viewport_size(CELULAR)
    entrar(pagina, estudio["gerente"]["username"], SENHA)
    medir = "() => [document.documentElement.scrollWidth, innerWidth]"
    for tela in TELAS:
        pagina.goto(tela)
        expect(pagina.get_by_role("navigation", name="Seções da cobrança")).to_be_visible()
        expect(pagina.locator(".carregando")).to_have_count(0)
        largura, janela = pagina.evaluate(medir)
        assert largura <= janela, (tela, largura, janela)
    pagina.goto("/financeiro/cobranca/arquivos")
    linhas(pagina, "Arquivos CNAB").first.click()
    bruta = pagina.locator("pre[data-linha-cnab]").first
    expect(bruta).to_be_visible()
    largura, janela = pagina.evaluate(medir)
    assert largura <= janela, ("arquivo", largura, janela)
    # The raw line scrolls in its own box.
    assert bruta.evaluate("(pre) => pre.scrollWidth > pre.clientWidth && pre.clientWidth <= innerWidth")
