"""The studio's work on the dashboard and the resultado por evento, in Chromium against the live
services (issue 17).

Whoever may read operacional sees "Sessões desta semana" (day by day, the hours in the studio's
zone, each day leading to the agenda's week) and "Eventos por etapa" (counts leading to the eventos
of that stage), updated without a reload when operacional publishes a write; whoever may not sees
neither. Relatórios › Por evento shows each evento's receita, custo and margem, a bar chart, the
total, and leads to the evento's lançamentos.

The rows are written as operacional's and financeiro's owner (this module tests the screens that
read them), and the event published as operacional-api publishes it after a commit.
"""
import re
from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import psycopg2
import pytest
from playwright.sync_api import expect

from shared import catalogo_eventos as eventos
from shared.config import hoje
from shared.eventos import Barramento
from shared.redis_client import conectar

SENHA = "senha-forte-123"
SP = ZoneInfo("America/Sao_Paulo")
AO_VIVO_MS = 5_000
DIAS = ("Segunda", "Terça", "Quarta", "Quinta", "Sexta", "Sábado", "Domingo")


def sql(live_services, empresa_id: int, consulta: str, parametros=()):
    conn = psycopg2.connect(live_services.database.owner_url)
    try:
        with conn, conn.cursor() as cur:
            cur.execute("SELECT set_config('app.empresa_id', %s, true)", (str(empresa_id),))
            cur.execute(consulta, parametros)
            return cur.fetchone()[0] if cur.description else None
    finally:
        conn.close()


@pytest.fixture(scope="module")
def estudio(live_services, nova_equipe):
    """An empresa with a gerente (dashboard, operacional, relatórios) and a financeira (dashboard
    only); a contratado wedding in two days with a sessão today 14:00–16:00, its centro de custo
    with a receita of R$ 1.000,00 and a despesa of R$ 300,00."""
    equipe = nova_equipe("Estúdio Agenda", {
        "gerente": ["dashboard:ler", "operacional:ler", "relatorios:ler", "financeiro:ler"],
        "financeira": ["dashboard:ler"],
    })
    empresa = equipe["empresa"]["id"]

    def um(consulta, *parametros):
        return sql(live_services, empresa, consulta + " RETURNING id", parametros)

    tipo = um("INSERT INTO operacional.tipos_evento (empresa_id, nome, nome_busca) VALUES (%s, 'Casamento', 'casamento')",
              empresa)
    centro = um("""INSERT INTO cadastros.centros_custo (empresa_id, nome, nome_busca, origem)
                   VALUES (%s, 'Casamento Lia', 'casamento lia', 'evento')""", empresa)
    evento = um("""INSERT INTO operacional.eventos (empresa_id, nome, tipo_id, data_inicio, etapa, centro_custo_id)
                   VALUES (%s, 'Casamento Lia e Rui', %s, %s, 'contratado', %s)""",
                empresa, tipo, hoje() + timedelta(days=2), centro)
    um("""INSERT INTO operacional.sessoes (empresa_id, titulo, tipo, inicio, fim, local, evento_id, uid)
          VALUES (%s, 'Ensaio pré-wedding', 'ensaio', %s, %s, 'Parque Ibirapuera', %s, gen_random_uuid()::text)""",
       empresa, datetime.combine(hoje(), time(14), SP), datetime.combine(hoje(), time(16), SP), evento)
    conta = um("""INSERT INTO cadastros.contas (empresa_id, nome, nome_busca, tipo, banco, saldo_inicial,
                                                data_saldo_inicial, ativa)
                  VALUES (%s, 'Banco', 'banco', 'CORRENTE', '001', 0, '2024-01-01', true)""", empresa)
    for ordem, (tipo_lancamento, valor) in enumerate((("RECEITA", Decimal("1000.00")), ("DESPESA", Decimal("300.00")))):
        categoria = um("""INSERT INTO cadastros.categorias (empresa_id, nome, nome_busca, tipo, ordem)
                          VALUES (%s, %s, %s, %s, %s)""", empresa, tipo_lancamento.title(), tipo_lancamento.lower(),
                       tipo_lancamento, ordem)
        lancamento = um("""INSERT INTO financeiro.lancamentos (empresa_id, tipo, descricao, valor, data_vencimento,
                                                               competencia, categoria_id, conta_id)
                           VALUES (%s, %s, 'Casamento', %s, %s, %s, %s, %s)""",
                        empresa, tipo_lancamento, valor, hoje(), hoje().replace(day=1), categoria, conta)
        sql(live_services, empresa, """INSERT INTO financeiro.rateios (empresa_id, lancamento_id, centro_custo_id, valor)
                                       VALUES (%s, %s, %s, %s)""", (empresa, lancamento, centro, valor))
    return {**equipe, "empresa_id": empresa, "evento": evento, "tipo": tipo, "centro": centro}


def entrar_no_dashboard(abrir_pagina, entrar, pessoa):
    pagina = abrir_pagina()
    entrar(pagina, pessoa["username"], SENHA)
    expect(pagina).to_have_url(re.compile(r"/dashboard$"))
    expect(pagina.get_by_role("status").filter(has_text="Ao vivo")).to_be_visible()
    return pagina


def test_the_week_and_the_etapas_on_the_dashboard_update_live(abrir_pagina, entrar, estudio, live_services):
    pagina = entrar_no_dashboard(abrir_pagina, entrar, estudio["gerente"])
    semana = pagina.get_by_role("region", name="Sessões desta semana")
    sessao = semana.locator(".semana-sessao").filter(has_text="Ensaio pré-wedding")
    expect(sessao).to_contain_text("14:00–16:00")
    expect(sessao).to_contain_text("Casamento Lia e Rui")
    dia = semana.locator(".semana-dia-titulo")
    expect(dia).to_have_text(f"{DIAS[hoje().weekday()]}, {hoje():%d/%m}")
    expect(dia).to_have_attribute("href", f"/operacional/agenda?vista=semana&data={hoje().isoformat()}")

    etapas = pagina.get_by_role("region", name="Eventos por etapa")
    expect(etapas.locator("[data-etapa=contratado]")).to_have_text(re.compile(r"1\s*Contratado"))
    expect(etapas.locator("[data-etapa=contratado]")).to_have_attribute("href", "/operacional?etapa=contratado")
    expect(etapas.locator("[data-etapa=lead]")).to_have_text(re.compile(r"0\s*Lead"))
    expect(etapas.get_by_role("row").filter(has_text="Casamento Lia e Rui")).to_contain_text("Contratado")

    # A lead written elsewhere: the widget follows without a reload.
    lead = sql(live_services, estudio["empresa_id"],
               """INSERT INTO operacional.eventos (empresa_id, nome, data_inicio, etapa)
                  VALUES (%s, 'Formatura Turma B', %s, 'lead') RETURNING id""",
               (estudio["empresa_id"], hoje() + timedelta(days=20)))
    Barramento(conectar(live_services.env["REDIS_URL"]), "operacional-api").publicar(
        eventos.EVENTO_CRIADO.nome, estudio["empresa_id"], {"id": lead})
    expect(etapas.locator("[data-etapa=lead]")).to_have_text(re.compile(r"1\s*Lead"), timeout=AO_VIVO_MS)

    # Mobile: the widgets stack, nothing wider than the screen.
    pagina.set_viewport_size({"width": 390, "height": 844})
    expect(semana).to_be_visible()
    largura = pagina.evaluate("document.documentElement.scrollWidth")
    assert largura <= 390, largura


def test_without_operacional_ler_neither_widget_shows(abrir_pagina, entrar, estudio):
    pagina = entrar_no_dashboard(abrir_pagina, entrar, estudio["financeira"])
    expect(pagina.get_by_role("region", name="Resumo")).to_be_visible()
    expect(pagina.get_by_role("region", name="Sessões desta semana")).to_have_count(0)
    expect(pagina.get_by_role("region", name="Eventos por etapa")).to_have_count(0)


def test_resultado_por_evento_in_relatorios(abrir_pagina, entrar, estudio):
    pagina = abrir_pagina()
    entrar(pagina, estudio["gerente"]["username"], SENHA)
    pagina.goto("/relatorios/eventos")
    expect(pagina.get_by_role("tab", name="Por evento").or_(pagina.get_by_role("link", name="Por evento"))).to_be_visible()
    linha = pagina.locator("tr[data-chave]").filter(has_text="Casamento Lia e Rui")
    expect(linha).to_contain_text("R$ 1.000,00")
    expect(linha).to_contain_text("R$ 300,00")
    expect(linha).to_contain_text("R$ 700,00")
    expect(linha).to_contain_text("70,00%")
    expect(pagina.locator("tfoot")).to_contain_text("R$ 700,00")
    expect(pagina.get_by_role("img", name=re.compile("^Gráfico de barras"))).to_be_visible()

    pagina.get_by_label("Agrupar").select_option("tipo")
    expect(pagina).to_have_url(re.compile(r"agrupar=tipo"))
    expect(pagina.locator("tr[data-chave]").filter(has_text="Casamento")).to_contain_text("R$ 700,00")

    pagina.get_by_label("Agrupar").select_option("evento")
    pagina.locator("tr[data-chave]").get_by_role("link", name="Casamento Lia e Rui").click()
    expect(pagina).to_have_url(re.compile(rf"/financeiro\?.*centro_custo_id={estudio['centro']}"))
    # The evento's two lançamentos, whatever their dates.
    expect(pagina.get_by_role("row").filter(has_text="R$ 1.000,00")).to_have_count(1)
    expect(pagina.get_by_role("row").filter(has_text="R$ 300,00")).to_have_count(1)
