"""The dashboard in Chromium, against the live services, through the frontend only.

Two people of one studio have the dashboard open; one of them opens "A receber", lands on the
ledger filtered the same way and receives a payment there; the other's figures change by
themselves, without a reload. Values read as pt-BR money; widgets lead to the filtered ledger.
"""
import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from shared.config import hoje

SENHA = "senha-forte-123"
PERMISSOES = ["dashboard:ler", "financeiro:escrever", "cadastros:escrever"]
# A write reaches an open dashboard through the stream within a second; the bound leaves room for
# a loaded 2-core machine without letting a dashboard that never updates pass.
AO_VIVO_MS = 5_000


@pytest.fixture(scope="module")
def estudio(admin_http, nova_equipe):
    """An empresa with two people who see the dashboard and write in the financeiro, a conta of
    R$ 1.000,00, and for today a receita of R$ 1.234,56 and a despesa of R$ 300,00, both open."""
    equipe = nova_equipe("Estúdio Painel", {"gerente": PERMISSOES, "socia": PERMISSOES})
    sufixo = equipe["sufixo"]
    http = type(admin_http)(admin_http.base)
    http.entrar(equipe["gerente"]["username"], SENHA)
    try:
        conta = http.criar("/api/contas", **{"nome": f"Itaú {sufixo}", "tipo": "CAIXA", "saldo_inicial": "1000.00",
                                      "data_saldo_inicial": "2024-12-31"})
        aulas = http.criar("/api/categorias", **{"nome": f"Aulas {sufixo}", "tipo": "RECEITA"})
        aluguel = http.criar("/api/categorias", **{"nome": f"Aluguel {sufixo}", "tipo": "DESPESA"})
        receita = http.criar("/api/lancamentos", **{
            "tipo": "RECEITA", "descricao": f"Pacote anual {sufixo}", "valor": "1234.56",
            "data_vencimento": hoje().isoformat(), "categoria_id": aulas["id"], "conta_id": conta["id"]})
        despesa = http.criar("/api/lancamentos", **{
            "tipo": "DESPESA", "descricao": f"Aluguel da sala {sufixo}", "valor": "300.00",
            "data_vencimento": hoje().isoformat(), "categoria_id": aluguel["id"], "conta_id": conta["id"]})
    finally:
        http.close()
    return {**equipe, "conta": conta, "receita": receita, "despesa": despesa}


def cartao(pagina, rotulo: str):
    """A summary card (a link to the ledger) by the label it starts with."""
    return pagina.get_by_role("region", name="Resumo").get_by_role("link", name=re.compile(f"^{rotulo}"))


def widget(pagina, titulo: str):
    return pagina.get_by_role("region", name=titulo)


def abrir_dashboard(abrir_pagina, entrar, pessoa, acaso: float | None = None):
    """The dashboard of `pessoa`, connected to its stream; `acaso`, what Math.random gives there."""
    pagina = abrir_pagina()
    if acaso is not None:
        pagina.add_init_script(f"Math.random = () => {acaso}")
    entrar(pagina, pessoa["username"], SENHA)
    # The home screen of whoever may see the dashboard.
    expect(pagina).to_have_url(re.compile(r"/dashboard$"))
    expect(pagina.get_by_role("heading", name="Dashboard", exact=True)).to_be_visible()
    # Connected before anyone writes: what the test proves is the live update, not the first load.
    expect(pagina.get_by_role("status").filter(has_text="Ao vivo")).to_be_visible()
    return pagina


def test_baixa_numa_aba_atualiza_o_dashboard_da_outra_sem_recarregar(abrir_pagina, entrar, estudio):
    sufixo = estudio["sufixo"]
    socia = abrir_dashboard(abrir_pagina, entrar, estudio["socia"])
    gerente = abrir_dashboard(abrir_pagina, entrar, estudio["gerente"])

    # pt-BR money, from the API's decimal strings.
    expect(cartao(socia, "Saldo total").locator(".cartao-valor")).to_have_text("R$ 1.000,00")
    expect(cartao(socia, "A receber").locator(".cartao-valor")).to_have_text("R$ 1.234,56")
    expect(cartao(socia, "A pagar").locator(".cartao-valor")).to_have_text("R$ 300,00")
    expect(cartao(socia, "Receitas do período")).to_contain_text("R$ 0,00 recebido")
    expect(cartao(socia, "Vencidos a receber").locator(".cartao-valor")).to_have_text("R$ 0,00")
    saldos = widget(socia, "Saldo por conta")
    expect(saldos.get_by_role("row").filter(has_text=f"Itaú {sufixo}")).to_contain_text("R$ 1.000,00")
    expect(saldos.get_by_role("img", name=re.compile("^Gráfico"))).to_be_visible()
    expect(widget(socia, "Próximos vencimentos").get_by_role("row").filter(has_text="Próximos 7 dias")) \
        .to_contain_text("R$ 1.234,56 (1 lançamento)")
    socia.evaluate("window.semRecarregar = true")

    # The gerente opens "A receber": the ledger with the open receitas only.
    cartao(gerente, "A receber").click()
    expect(gerente).to_have_url(re.compile(r"/financeiro\?periodo=tudo&tipo=RECEITA&status=PENDENTE&status=PARCIAL$"))
    expect(gerente.get_by_label(re.compile(r"^Tipo"))).to_have_value("RECEITA")
    expect(gerente.get_by_label(re.compile(r"^Situação"))).to_have_value("ABERTOS")
    linhas = gerente.get_by_role("table", name="Lançamentos").locator("tbody tr")
    expect(linhas).to_have_count(1)
    expect(linhas.first).to_contain_text(f"Pacote anual {sufixo}")

    gerente.get_by_role("button", name=f"Receber Pacote anual {sufixo}").click()
    baixa = gerente.get_by_role("dialog", name=f"Receber Pacote anual {sufixo}")
    expect(baixa.get_by_label("Valor recebido (R$)")).to_have_value("1.234,56")
    baixa.get_by_role("button", name="Registrar recebimento").click()
    expect(baixa).to_have_count(0)

    # The other person's dashboard, untouched, follows by itself.
    expect(cartao(socia, "A receber").locator(".cartao-valor")).to_have_text("R$ 0,00", timeout=AO_VIVO_MS)
    expect(cartao(socia, "Receitas do período")).to_contain_text("R$ 1.234,56 recebido", timeout=AO_VIVO_MS)
    expect(cartao(socia, "Saldo total").locator(".cartao-valor")).to_have_text("R$ 2.234,56", timeout=AO_VIVO_MS)
    expect(saldos.get_by_role("row").filter(has_text=f"Itaú {sufixo}")).to_contain_text("R$ 2.234,56",
                                                                                        timeout=AO_VIVO_MS)
    expect(cartao(socia, "A pagar").locator(".cartao-valor")).to_have_text("R$ 300,00")
    assert socia.evaluate("window.semRecarregar") is True

    # Back on the dashboard, the gerente sees the same.
    gerente.go_back()
    expect(cartao(gerente, "A receber").locator(".cartao-valor")).to_have_text("R$ 0,00")


def test_widgets_levam_ao_livro_filtrado(abrir_pagina, entrar, estudio):
    pagina = abrir_dashboard(abrir_pagina, entrar, estudio["socia"])
    conta = estudio["conta"]

    # A widget's link: its own filter (the open lançamentos due in the next 30 days).
    widget(pagina, "Próximos vencimentos").get_by_role("link", name=re.compile("^Ver lançamentos")).click()
    expect(pagina).to_have_url(re.compile(r"/financeiro\?.*status=PENDENTE&status=PARCIAL"))
    expect(pagina.get_by_label(re.compile(r"^Situação"))).to_have_value("ABERTOS")
    expect(pagina.get_by_label(re.compile(r"^De(\s|$)"))).to_have_value(hoje().strftime("%d/%m/%Y"))
    expect(pagina.get_by_label(re.compile(r"^Até(\s|$)"))).to_have_value((hoje() + timedelta(days=29)).strftime("%d/%m/%Y"))
    expect(pagina.get_by_role("table", name="Lançamentos")).to_contain_text(f"Aluguel da sala {estudio['sufixo']}")

    # A bar of the chart: the ledger of that conta.
    pagina.go_back()
    grafico = widget(pagina, "Saldo por conta").get_by_role("img", name=re.compile("^Gráfico"))
    grafico.locator(".u-over").click()
    expect(pagina).to_have_url(re.compile(rf"/financeiro\?.*conta_id={conta['id']}"))
    expect(pagina.get_by_label(re.compile(r"^Conta"))).to_have_value(str(conta["id"]))


def test_sem_o_fluxo_ao_vivo_o_dashboard_avisa_que_as_atualizacoes_pararam(abrir_pagina, entrar, estudio):
    pagina = abrir_pagina()
    pagina.route("**/api/dashboard/stream*", lambda rota: rota.abort())
    entrar(pagina, estudio["socia"]["username"], SENHA)
    expect(pagina.get_by_role("status").filter(has_text="Atualizações ao vivo pausadas")).to_be_visible()
    # The figures still come, from the plain GETs ("R$", a no-break space, the figure).
    expect(cartao(pagina, "A pagar").locator(".cartao-valor")).to_have_text(re.compile(r"^R\$\s\d"))


def test_as_abas_abertas_buscam_de_novo_espalhadas_no_tempo(abrir_pagina, entrar, nova_equipe, admin_http):
    """After a write every open dashboard re-fetches, each after its own random wait (ao-vivo.js,
    up to 1 s past the 200 ms that group a burst), so the tabs of a studio do not all arrive at
    dashboard-api in the same millisecond: here one tab draws 0 and the other 0.99."""
    equipe = nova_equipe("Estúdio Espalhado", {"gerente": PERMISSOES, "socia": PERMISSOES})
    sufixo = equipe["sufixo"]
    http = type(admin_http)(admin_http.base)
    http.entrar(equipe["gerente"]["username"], SENHA)
    try:
        conta = http.criar("/api/contas", nome=f"Caixa {sufixo}", tipo="CAIXA", saldo_inicial="0.00",
                           data_saldo_inicial="2024-12-31")
        energia = http.criar("/api/categorias", nome=f"Energia {sufixo}", tipo="DESPESA")
        cedo = abrir_dashboard(abrir_pagina, entrar, equipe["socia"], acaso=0)
        tarde = abrir_dashboard(abrir_pagina, entrar, equipe["gerente"], acaso=0.99)
        for pagina in (cedo, tarde):
            expect(cartao(pagina, "A pagar").locator(".cartao-valor")).to_have_text("R$ 0,00")
        http.criar("/api/lancamentos", tipo="DESPESA", descricao=f"Luz {sufixo}", valor="10.00",
                   data_vencimento=hoje().isoformat(), categoria_id=energia["id"], conta_id=conta["id"])
    finally:
        http.close()
    for pagina in (cedo, tarde):
        expect(cartao(pagina, "A pagar").locator(".cartao-valor")).to_have_text("R$ 10,00", timeout=AO_VIVO_MS)

    def ultima_busca(pagina) -> float:
        """When (ms since the epoch) the page last asked for the summary."""
        return pagina.evaluate("""() => Math.max(...performance.getEntriesByType("resource")
            .filter((e) => new URL(e.name).pathname === "/api/dashboard")
            .map((e) => performance.timeOrigin + e.startTime))""")

    assert ultima_busca(tarde) - ultima_busca(cedo) >= 700
