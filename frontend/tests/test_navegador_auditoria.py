"""The Auditoria as the studio's owner reads it, in Chromium, against the live services.

After a cliente is renamed and a parcela of the rent is changed, Administração → Auditoria says who
by name, what in a sentence ("alterou o lançamento"), which record by its name ("Aluguel do estúdio
— parcela 3/12") and, field by field, before → after in the screens' formats; the session, the
record's id and the correlation id show only under "Detalhes técnicos". The filters live in the
address. On a phone the entries are cards and nothing is wider than the window. Screenshots go to
/tmp/auditoria/ (ERP_AUDITORIA elsewhere).
"""
import os
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

SENHA = "senha-forte-123"
TELAS = Path(os.environ.get("ERP_AUDITORIA", "/tmp/auditoria"))
ALUGUEL = "Aluguel do estúdio — parcela 3/12"


@pytest.fixture(scope="module")
def estudio(admin_http, nova_equipe):
    """An empresa whose owner created a cliente and the rent (12 months) and then changed both:
    the cliente's name, the third month's value and due date."""
    equipe = nova_equipe("Estúdio Auditoria", {"dona": ["admin", "cadastros:escrever", "financeiro:escrever"]})
    sufixo = equipe["sufixo"]
    http = type(admin_http)(admin_http.base)
    http.entrar(equipe["dona"]["username"], SENHA)
    try:
        conta = http.criar("/api/contas", nome=f"Conta Itaú {sufixo}", tipo="CORRENTE", banco="341", agencia="1234",
                           numero="12345-6", saldo_inicial="0.00")
        aluguel = http.criar("/api/categorias", nome="Aluguel", tipo="DESPESA")
        maria = http.criar("/api/clientes", nome=f"Maria Souza {sufixo}")
        http.criar("/api/lancamentos", tipo="DESPESA", descricao="Aluguel do estúdio", valor="2300.00",
                   data_vencimento="2026-01-10", categoria_id=aluguel["id"], conta_id=conta["id"],
                   recorrencia={"frequencia": "MENSAL", "quantidade": 12})
        serie = http.get("/api/lancamentos", params={"categoria_id": aluguel["id"], "de": "2026-03-01",
                                                     "ate": "2026-03-31"}).json()["items"]
        assert len(serie) == 1
        alterado = http.put(f"/api/lancamentos/{serie[0]['id']}", json={"valor": "2500.00", "data_vencimento": "2026-03-15"})
        assert alterado.status_code == 200, alterado.text
        renomeada = http.put(f"/api/clientes/{maria['id']}", json={"nome": f"Maria Souza Lima {sufixo}"})
        assert renomeada.status_code == 200, renomeada.text
        trilha = http.get("/api/auditoria", params={"limit": 500}).json()["items"]
    finally:
        http.close()
    return {**equipe, "trilha": trilha, "lancamento_id": serie[0]["id"], "maria": maria}


def abrir(abrir_pagina, entrar, estudio, largura: int, altura: int):
    pagina = abrir_pagina()
    pagina.set_viewport_size({"width": largura, "height": altura})
    entrar(pagina, estudio["dona"]["username"], SENHA)
    pagina.goto("/administracao/auditoria")
    expect(linhas(pagina).first).to_be_visible()
    return pagina


def linhas(pagina):
    return pagina.get_by_role("table", name="Trilha de auditoria").locator("tbody tr")


def filtro(pagina, rotulo: str):
    """A filter's select by its label alone (a label around a select also holds its options' text)."""
    return pagina.locator(f"label.filtro:has(> span:text-is('{rotulo}')) select")


def ids_tecnicos(estudio) -> list[str]:
    """What only "Detalhes técnicos" may show: the session of the login, the correlation ids."""
    login = next(r for r in estudio["trilha"] if r["acao"] == "login")
    return [login["entidade_id"], *{r["correlation_id"] for r in estudio["trilha"]}]


def test_a_auditoria_diz_quem_o_que_qual_registro_e_o_antes_e_depois(abrir_pagina, entrar, estudio):
    pagina = abrir(abrir_pagina, entrar, estudio, 1366, 850)
    dona = estudio["dona"]["nome"]
    sufixo = estudio["sufixo"]

    parcela = linhas(pagina).filter(has_text="alterou o lançamento")
    expect(parcela).to_have_count(1)
    expect(parcela).to_contain_text(dona)
    expect(parcela).to_contain_text(ALUGUEL)
    valor = parcela.locator(".mudancas li").filter(has_text="Valor")
    expect(valor.locator(".antes")).to_have_text("R$ 2.300,00")
    expect(valor.locator(".depois")).to_have_text("R$ 2.500,00")
    vencimento = parcela.locator(".mudancas li").filter(has_text="Vencimento")
    expect(vencimento.locator(".antes")).to_have_text("10/03/2026")
    expect(vencimento.locator(".depois")).to_have_text("15/03/2026")

    cliente = linhas(pagina).filter(has_text="alterou o cliente")
    expect(cliente).to_contain_text(f"Maria Souza Lima {sufixo}")
    nome = cliente.locator(".mudancas li").filter(has_text="Nome")
    expect(nome.locator(".antes")).to_have_text(f"Maria Souza {sufixo}")
    expect(nome.locator(".depois")).to_have_text(f"Maria Souza Lima {sufixo}")
    expect(linhas(pagina).filter(has_text="entrou no sistema").first).to_contain_text(dona)
    expect(linhas(pagina).filter(has_text="criou o lançamento")).to_have_count(12)

    texto = pagina.locator("main").inner_text()
    for tecnico in ids_tecnicos(estudio) + ["lancamento", "sessao", estudio["dona"]["username"]]:
        assert tecnico not in texto, f"{tecnico!r} à vista fora dos detalhes técnicos"

    parcela.click()
    registro = pagina.get_by_role("dialog", name=f"{dona} alterou o lançamento")
    expect(registro.get_by_role("heading", name="O que mudou")).to_be_visible()
    expect(registro).to_contain_text(ALUGUEL)
    expect(registro.locator(".antes-depois")).to_have_count(2)
    correlation_id = next(r["correlation_id"] for r in estudio["trilha"]
                          if r["acao"] == "alterar" and r["entidade"] == "lancamento")
    expect(registro.get_by_text(correlation_id)).to_be_hidden()
    registro.get_by_text("Detalhes técnicos").click()
    expect(registro.get_by_text(correlation_id, exact=True)).to_be_visible()
    expect(registro.locator(".detalhes-tecnicos dd").filter(has_text=str(estudio["lancamento_id"])).first).to_be_visible()
    TELAS.mkdir(parents=True, exist_ok=True)
    pagina.screenshot(path=TELAS / "notebook-registro.png")


def test_filtros_por_tipo_acao_e_pessoa_ficam_no_endereco(abrir_pagina, entrar, estudio):
    pagina = abrir(abrir_pagina, entrar, estudio, 1366, 850)

    filtro(pagina, "Tipo de registro").select_option(label="Clientes")
    expect(linhas(pagina)).to_have_count(2)  # created, then renamed
    filtro(pagina, "Ação").select_option(label="Alteração")
    expect(linhas(pagina)).to_have_count(1)
    expect(linhas(pagina)).to_contain_text("alterou o cliente")
    assert parse_qs(urlsplit(pagina.url).query) == {"entidade": ["cliente"], "acao": ["alterar"]}

    filtro(pagina, "Tipo de registro").select_option(label="Todos")
    filtro(pagina, "Ação").select_option(label="Todas")
    filtro(pagina, "Pessoa").select_option(label=estudio["dona"]["nome"])
    expect(linhas(pagina).filter(has_text="criou o lançamento")).to_have_count(12)
    pagina.get_by_role("button", name="Personalizado").click()
    pagina.get_by_label("De", exact=True).fill("01/01/2001")
    pagina.get_by_label("Até", exact=True).fill("31/12/2001")
    expect(pagina.get_by_text("Nada foi registrado com estes filtros.")).to_be_visible()
    pagina.go_back()
    expect(linhas(pagina).first).to_be_visible()
    pagina.screenshot(path=TELAS / "notebook-filtros.png", full_page=True)


def test_no_celular_cada_registro_e_um_cartao_que_cabe_na_janela(abrir_pagina, entrar, estudio):
    pagina = abrir(abrir_pagina, entrar, estudio, 390, 844)
    medir = "() => [document.documentElement.scrollWidth, innerWidth]"

    largura, janela = pagina.evaluate(medir)
    assert largura <= janela, f"a página tem {largura} px numa janela de {janela}"
    parcela = linhas(pagina).filter(has_text="alterou o lançamento")
    expect(parcela.locator("td[data-label='Registro']")).to_have_text(ALUGUEL)
    TELAS.mkdir(parents=True, exist_ok=True)
    pagina.screenshot(path=TELAS / "celular-lista.png", full_page=True)

    parcela.click()
    registro = pagina.get_by_role("dialog")
    registro.get_by_text("Detalhes técnicos").click()
    expect(registro.locator(".detalhes-tecnicos pre").first).to_be_visible()
    larguras = registro.evaluate("(d) => [d.scrollWidth, d.clientWidth]")
    assert larguras[0] <= larguras[1], f"o registro aberto é mais largo que ele mesmo: {larguras}"
    assert pagina.evaluate(medir)[0] <= janela
    pagina.screenshot(path=TELAS / "celular-registro.png")
