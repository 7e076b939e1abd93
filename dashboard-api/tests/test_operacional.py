"""The studio's work on the dashboard (issue 17): this week's sessões and the open eventos by etapa
in GET /api/dashboard and /metrics — for users with operacional:ler only —, the week's bounds on
the studio's calendar (São Paulo), tenancy, freshness after an operacional write, and the live
stream forwarding operacional's events.

Rows are written straight into operacional's tables as their owner (the dashboard only reads);
a write's event is published as operacional-api publishes it after its commit.
"""
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from dashboard.operacional import ETAPAS_ABERTAS, PARTES
from shared import catalogo_eventos as eventos
from shared.config import hoje

sys.path.insert(0, str(Path(__file__).parent))
# The stream's app (a short heartbeat, so a closed stream ends at once) and its bus, as there.
from test_stream import abrir, app, barramento  # noqa: E402,F401

SP = ZoneInfo("America/Sao_Paulo")
LER = ["dashboard:ler", "operacional:ler"]


@pytest.fixture(scope="module")
def permissoes_de_escrita():
    return LER


def segunda() -> date:
    return hoje() - timedelta(days=hoje().weekday())


def em_sp(dia: date, hora: int, minuto: int = 0) -> datetime:
    return datetime(dia.year, dia.month, dia.day, hora, minuto, tzinfo=SP)


class Estudio:
    """Writes an empresa's eventos and sessões as operacional's owner."""

    def __init__(self, sql_dono, empresa_id: int):
        self.sql = sql_dono
        self.empresa_id = empresa_id
        self.tipo = self._um("""INSERT INTO operacional.tipos_evento (empresa_id, nome, nome_busca)
                                VALUES (%s, 'Casamento', 'casamento') RETURNING id""", (empresa_id,))
        self.cliente = self._um("""INSERT INTO cadastros.clientes (empresa_id, nome, nome_busca, tipo_pessoa)
                                   VALUES (%s, 'Ana e Bruno', 'ana e bruno', 'FISICA') RETURNING id""",
                                (empresa_id,))

    def _um(self, consulta, parametros):
        return self.sql(consulta, parametros, empresa_id=self.empresa_id)[0]["id"]

    def evento(self, nome: str, inicio: date, etapa: str = "contratado", fim: date | None = None,
               cliente: bool = False) -> int:
        return self._um(
            """INSERT INTO operacional.eventos (empresa_id, nome, tipo_id, cliente_id, data_inicio, data_fim, local,
                                                etapa)
               VALUES (%s, %s, %s, %s, %s, %s, 'Salão Azul', %s) RETURNING id""",
            (self.empresa_id, nome, self.tipo, self.cliente if cliente else None, inicio, fim, etapa))

    def sessao(self, titulo: str, inicio: datetime, fim: datetime, evento_id: int | None = None,
               antes: int = 0, depois: int = 0) -> int:
        return self._um(
            """INSERT INTO operacional.sessoes (empresa_id, titulo, tipo, inicio, fim, antes_min, depois_min, local,
                                                evento_id, uid)
               VALUES (%s, %s, 'ensaio', %s, %s, %s, %s, 'Parque', %s, gen_random_uuid()::text) RETURNING id""",
            (self.empresa_id, titulo, inicio, fim, antes, depois, evento_id))


def pedir(como, empresa_id: int, perms=LER, caminho="/api/dashboard") -> dict:
    resposta = como(empresa_id, perms).get(caminho)
    assert resposta.status_code == 200, resposta.get_json()
    return resposta.get_json()


# ---------------------------------------------------------------- the week


def test_the_week_is_monday_to_sunday_of_today_on_the_studios_calendar(como, nova_empresa, sql_dono):
    estudio = Estudio(sql_dono, nova_empresa())
    seg = segunda()
    dom = seg + timedelta(days=6)
    casamento = estudio.evento("Casamento de Ana", seg + timedelta(days=5))
    dentro = {
        "primeira hora": estudio.sessao("Primeira hora", em_sp(seg, 0), em_sp(seg, 1)),
        "última hora": estudio.sessao("Última hora", em_sp(dom, 23), em_sp(dom, 23, 59)),
        "da semana passada": estudio.sessao("Virada", em_sp(seg - timedelta(days=1), 22), em_sp(seg, 2)),
        "cerimônia": estudio.sessao("Cerimônia", em_sp(seg + timedelta(days=5), 16), em_sp(seg + timedelta(days=5), 18),
                                    evento_id=casamento, antes=90, depois=60),
    }
    # Outside: the Sunday before and the Monday after, in São Paulo. Monday 01:00 UTC is still
    # Sunday 22:00 there: a week in UTC would take it. A buffer alone touching the week counts not.
    estudio.sessao("Domingo antes", em_sp(seg - timedelta(days=1), 20), em_sp(seg - timedelta(days=1), 21))
    estudio.sessao("UTC engana", datetime(seg.year, seg.month, seg.day, 1, tzinfo=ZoneInfo("UTC")),
                   datetime(seg.year, seg.month, seg.day, 2, tzinfo=ZoneInfo("UTC")))
    estudio.sessao("Só a volta", em_sp(seg - timedelta(days=1), 22), em_sp(seg - timedelta(days=1), 23, 30), depois=120)
    estudio.sessao("Segunda seguinte", em_sp(dom + timedelta(days=1), 0), em_sp(dom + timedelta(days=1), 1))

    semana = pedir(como, estudio.empresa_id)["semana"]
    assert (semana["de"], semana["ate"]) == (seg.isoformat(), dom.isoformat())
    assert semana["quantidade"] == 4
    assert [s["id"] for s in semana["sessoes"]] == [dentro[n] for n in ("da semana passada", "primeira hora",
                                                                         "cerimônia", "última hora")]
    por_id = {s["id"]: s for s in semana["sessoes"]}
    assert por_id[dentro["da semana passada"]]["dia"] == seg.isoformat()  # listed on the Monday
    assert por_id[dentro["última hora"]]["dia"] == dom.isoformat()
    cerimonia = por_id[dentro["cerimônia"]]
    assert cerimonia == {
        "id": dentro["cerimônia"], "titulo": "Cerimônia", "tipo": "ensaio",
        "inicio": em_sp(seg + timedelta(days=5), 16).isoformat(), "fim": em_sp(seg + timedelta(days=5), 18).isoformat(),
        "dia": (seg + timedelta(days=5)).isoformat(), "local": "Parque", "evento_id": casamento,
        "evento": "Casamento de Ana"}
    # Times in the studio's zone, with its offset: what the widget shows as the hour.
    assert datetime.fromisoformat(por_id[dentro["primeira hora"]]["inicio"]).utcoffset() == \
        em_sp(seg, 0).utcoffset()


def test_an_empty_week_and_no_eventos(como, nova_empresa):
    corpo = pedir(como, nova_empresa())
    assert corpo["semana"]["quantidade"] == 0 and corpo["semana"]["sessoes"] == []
    assert corpo["eventos_por_etapa"] == {
        "etapas": [{"etapa": etapa, "quantidade": 0} for etapa in ETAPAS_ABERTAS], "total": 0, "proximos": []}


# ---------------------------------------------------------------- eventos by etapa


def test_open_eventos_by_etapa_and_the_next_five(como, nova_empresa, sql_dono):
    estudio = Estudio(sql_dono, nova_empresa())
    dia = hoje()
    criados = {}
    for n, (etapa, dias) in enumerate([("lead", 40), ("lead", 3), ("orcamento", 10), ("contratado", 1),
                                       ("contratado", 0), ("em_producao", -20), ("entregue", 60), ("contratado", 90)]):
        criados[n] = estudio.evento(f"Evento {n}", dia + timedelta(days=dias), etapa, cliente=n == 3)
    # Closed ones count nowhere; an open one already over is not "next"; one going on still is.
    for etapa in ("concluido", "perdido", "cancelado"):
        estudio.evento(f"Fechado {etapa}", dia + timedelta(days=2), etapa)
    andamento = estudio.evento("Festival", dia - timedelta(days=2), "em_producao", fim=dia + timedelta(days=1))

    corpo = pedir(como, estudio.empresa_id)["eventos_por_etapa"]
    assert corpo["etapas"] == [{"etapa": "lead", "quantidade": 2}, {"etapa": "orcamento", "quantidade": 1},
                               {"etapa": "contratado", "quantidade": 3}, {"etapa": "em_producao", "quantidade": 2},
                               {"etapa": "entregue", "quantidade": 1}]
    assert corpo["total"] == 9
    assert [e["id"] for e in corpo["proximos"]] == [andamento, criados[4], criados[3], criados[1], criados[2]]
    primeiro = corpo["proximos"][2]
    assert primeiro == {"id": criados[3], "nome": "Evento 3", "tipo": "Casamento", "etapa": "contratado",
                        "data_inicio": (dia + timedelta(days=1)).isoformat(), "data_fim": None, "local": "Salão Azul",
                        "cliente_id": estudio.cliente, "cliente": "Ana e Bruno"}


# ---------------------------------------------------------------- permission, tenancy, contract


@pytest.mark.parametrize("caminho", ["/api/dashboard", "/api/dashboard/metrics"])
def test_without_operacional_ler_the_parts_are_absent(como, nova_empresa, sql_dono, caminho):
    estudio = Estudio(sql_dono, nova_empresa())
    estudio.sessao("Ensaio", em_sp(segunda(), 10), em_sp(segunda(), 11))
    sem = pedir(como, estudio.empresa_id, ["dashboard:ler"], caminho)
    assert not set(PARTES) & set(sem)
    assert sem["saldo_total"] == "0.00"  # the money is still there
    com = pedir(como, estudio.empresa_id, LER, caminho)
    escreve = pedir(como, estudio.empresa_id, ["dashboard:ler", "operacional:escrever"], caminho)
    assert com["semana"]["quantidade"] == escreve["semana"]["quantidade"] == 1
    assert com["eventos_por_etapa"] == escreve["eventos_por_etapa"]
    # operacional:ler alone does not open the dashboard.
    assert como(estudio.empresa_id, ["operacional:ler"]).get(caminho).status_code == 403


def test_another_empresas_sessoes_and_eventos_never_appear(como, nova_empresa, sql_dono):
    a, b = Estudio(sql_dono, nova_empresa()), Estudio(sql_dono, nova_empresa())
    seg = segunda()
    evento_b = b.evento("Evento de B", hoje(), "lead")
    b.sessao("Sessão de B", em_sp(seg, 9), em_sp(seg, 10), evento_id=evento_b)
    b.sessao("Outra de B", em_sp(seg + timedelta(days=3), 9), em_sp(seg + timedelta(days=3), 10))
    sessao_a = a.sessao("Sessão de A", em_sp(seg, 9), em_sp(seg, 10))
    corpo_a = pedir(como, a.empresa_id)
    assert [s["id"] for s in corpo_a["semana"]["sessoes"]] == [sessao_a] and corpo_a["semana"]["quantidade"] == 1
    assert corpo_a["eventos_por_etapa"]["total"] == 0 and corpo_a["eventos_por_etapa"]["proximos"] == []
    corpo_b = pedir(como, b.empresa_id)
    assert corpo_b["semana"]["quantidade"] == 2 and corpo_b["eventos_por_etapa"]["total"] == 1


def test_the_openapi_document_describes_the_parts(app):
    esquemas = app.test_client().get("/openapi.json").get_json()["components"]["schemas"]
    for modelo in ("Resumo", "Metricas"):
        propriedades = esquemas[modelo]["properties"]
        assert {"semana", "eventos_por_etapa"} <= set(propriedades)
        assert not {"semana", "eventos_por_etapa"} & set(esquemas[modelo].get("required", []))
    assert {"id", "titulo", "inicio", "fim", "dia", "evento"} <= set(esquemas["SessaoDaSemana"]["properties"])


# ---------------------------------------------------------------- freshness and the live stream


def test_an_operacional_write_is_seen_at_the_next_read(como, nova_empresa, sql_dono, barramento):
    estudio = Estudio(sql_dono, nova_empresa())
    assert pedir(como, estudio.empresa_id)["eventos_por_etapa"]["total"] == 0  # now cached
    id_ = estudio.evento("Formatura", hoje() + timedelta(days=4), "orcamento")
    barramento.publicar(eventos.EVENTO_CRIADO.nome, estudio.empresa_id, {"id": id_})
    fim = time.monotonic() + 1.0
    while pedir(como, estudio.empresa_id)["eventos_por_etapa"]["total"] != 1:
        assert time.monotonic() < fim, "a escrita do operacional não apareceu em 1 s"
        time.sleep(0.02)


def test_an_operacional_event_reaches_the_stream_with_its_parts(como, nova_empresa, barramento):
    a, b = nova_empresa(), nova_empresa()
    _, de_a = abrir(como, a, LER)
    _, de_b = abrir(como, b, LER)
    try:
        assert de_a.proximo()["id"] == "f0.c0.o0" and de_b.proximo()["event"] == "estado"
        barramento.publicar(eventos.EVENTO_ALTERADO.nome, a, {"id": 1, "acao": "etapa"})
        evento = de_a.ate(lambda e: e.get("event") == "atualizado")
        assert evento is not None, "o evento do operacional não chegou em 1 s"
        assert evento["data"] == {"dominio": "operacional", "tipo": eventos.EVENTO_ALTERADO.nome,
                                  "widgets": ["semana", "eventos_por_etapa"]}
        assert evento["id"] == "f0.c0.o1"
        assert de_b.proximo(ate=0.3) is None  # never another empresa's
    finally:
        de_a.fechar()
        de_b.fechar()


def test_a_reconnection_behind_on_operacional_refreshes_its_parts_only(como, empresa, barramento):
    barramento.publicar(eventos.EVENTO_CRIADO.nome, empresa, {"id": 1})
    _, leitor = abrir(como, empresa, LER, **{"Last-Event-ID": "f0.c0.o0"})
    try:
        assert leitor.proximo()["event"] == "estado"
        evento = leitor.proximo()
        assert evento["id"] == "f0.c0.o1"
        assert evento["data"] == {"dominio": "operacional", "tipo": "dashboard.ressincronizado",
                                  "widgets": ["semana", "eventos_por_etapa"]}
    finally:
        leitor.fechar()


def test_an_id_of_the_old_two_domain_form_gets_everything(como, empresa):
    _, leitor = abrir(como, empresa, LER, **{"Last-Event-ID": "f0.c0"})
    try:
        assert leitor.proximo()["event"] == "estado"
        evento = leitor.proximo()
        assert evento["id"] == "f0.c0.o0"
        assert set(PARTES) <= set(evento["data"]["widgets"]) and "saldos_por_conta" in evento["data"]["widgets"]
    finally:
        leitor.fechar()
