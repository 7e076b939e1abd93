"""The agenda as iCalendar: the secret feed (parsed with icalendar, UIDs stable across edits,
revocable, per empresa and per member) and the .ics import keyed by UID (re-import adds nothing,
an edited event updates its sessão, all or nothing)."""
import io
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Event, Timezone, TimezoneStandard

from shared.config import hoje

SP = ZoneInfo("America/Sao_Paulo")


def daqui_a(dias: int, hora: int = 14) -> datetime:
    return datetime.combine(hoje() + timedelta(days=dias), datetime.min.time(), SP).replace(hour=hora)


def criar(cliente, titulo: str, dias: int = 3, **campos) -> dict:
    corpo = {"titulo": titulo, "inicio": daqui_a(dias).isoformat(), "fim": daqui_a(dias, 16).isoformat(), **campos}
    resposta = cliente.post("/api/agenda", json=corpo)
    assert resposta.status_code == 201, resposta.get_json()
    return resposta.get_json()


def caminho_do_feed(cliente, **query) -> str:
    resposta = cliente.get("/api/agenda/feed", query_string=query)
    assert resposta.status_code == 200, resposta.get_json()
    corpo = resposta.get_json()
    assert corpo["url"].endswith(corpo["caminho"]) and corpo["url"].startswith("http")
    return corpo["caminho"]


def baixar(app, caminho: str):
    """The feed as a calendar app fetches it: no token, no cookie."""
    return app.test_client().get(caminho)


def eventos_do_feed(app, caminho: str) -> dict:
    resposta = baixar(app, caminho)
    assert resposta.status_code == 200, resposta.get_data(as_text=True)
    assert resposta.mimetype == "text/calendar"
    return {str(e["uid"]): e for e in Calendar.from_ical(resposta.get_data()).walk("VEVENT")}


def test_feed_da_empresa_serve_cada_sessao_com_seu_uid_sem_login(novo_usuario, app, cliente, sql_dono, empresa):
    ana = novo_usuario(empresa, "Ana Fotógrafa")
    sql_dono("UPDATE auth.empresas SET nome = 'Estúdio Luz' WHERE id = %s", (empresa,))
    evento_id = sql_dono("""INSERT INTO operacional.eventos (empresa_id, nome, data_inicio)
                            VALUES (%s, 'Casamento Lia & Rui', '2030-01-01') RETURNING id""", (empresa,),
                         empresa_id=empresa)[0]["id"]
    sessao = criar(cliente, "Cerimônia; com vírgula, e acento", local="Igreja Matriz", evento_id=evento_id,
                   observacoes="Levar escada", equipe=[{"usuario_id": ana, "papel": "fotografo_principal"}])
    caminho = caminho_do_feed(cliente)
    assert caminho_do_feed(cliente) == caminho  # the same address while not revoked

    resposta = baixar(app, caminho)
    cal = Calendar.from_ical(resposta.get_data())
    assert str(cal["x-wr-calname"]) == "Agenda — Estúdio Luz"
    (vevento,) = cal.walk("VEVENT")
    assert str(vevento["uid"]) == sessao["uid"]
    assert str(vevento["summary"]) == "Cerimônia; com vírgula, e acento"
    assert str(vevento["location"]) == "Igreja Matriz"
    assert vevento.decoded("dtstart") == daqui_a(3) and vevento.decoded("dtstart").utcoffset() == timedelta(0)
    assert vevento.decoded("dtend") == daqui_a(3, 16)
    descricao = str(vevento["description"])
    assert "Evento: Casamento Lia & Rui" in descricao and "Ana Fotógrafa (fotografo_principal)" in descricao
    assert "Levar escada" in descricao
    assert vevento.decoded("sequence") == 0 and vevento.get("dtstamp") is not None

    # A calendar app revalidates: nothing changed, nothing sent.
    assert app.test_client().get(caminho, headers={"If-None-Match": resposta.headers["ETag"]}).status_code == 304


def test_o_endereco_e_o_publico_que_o_gateway_encaminha(service_env, como, empresa):
    """Behind the gateway the service sees its own host; the public one comes in X-Forwarded-Host,
    believed with the gateway's proof (shared/encaminhamento.py)."""
    from operacional import create_app
    from shared.encaminhamento import CABECALHO_PROVA

    publica = create_app({**service_env, "ERP_GATEWAY_SECRET": "segredo-de-teste"})
    try:
        c = publica.test_client()
        c.environ_base["HTTP_AUTHORIZATION"] = como(empresa).environ_base["HTTP_AUTHORIZATION"]
        corpo = c.get("/api/agenda/feed", headers={
            CABECALHO_PROVA: "segredo-de-teste", "X-Forwarded-Proto": "https",
            "X-Forwarded-Host": "erp.exemplo.com.br"}).get_json()
        assert corpo["url"] == "https://erp.exemplo.com.br" + corpo["caminho"]
    finally:
        publica.extensions["erp"].db.fechar()


def test_uid_fica_o_mesmo_nas_edicoes_e_a_sequencia_cresce(app, cliente):
    sessao = criar(cliente, "Ensaio")
    caminho = caminho_do_feed(cliente)
    antes = eventos_do_feed(app, caminho)[sessao["uid"]]
    alterada = cliente.put(f"/api/agenda/{sessao['id']}", json={"titulo": "Ensaio remarcado",
                                                                "inicio": daqui_a(5).isoformat(),
                                                                "fim": daqui_a(5, 18).isoformat()})
    assert alterada.status_code == 200
    depois = eventos_do_feed(app, caminho)
    assert list(depois) == [sessao["uid"]]
    assert str(depois[sessao["uid"]]["summary"]) == "Ensaio remarcado"
    assert depois[sessao["uid"]].decoded("sequence") > antes.decoded("sequence")
    assert depois[sessao["uid"]].decoded("dtstart") == daqui_a(5)


def test_janela_do_feed_de_90_dias_atras_a_2_anos(app, cliente):
    criar(cliente, "Antiga demais", dias=-91)
    criar(cliente, "Recente", dias=-89)
    criar(cliente, "Longe demais", dias=731)
    titulos = {str(e["summary"]) for e in eventos_do_feed(app, caminho_do_feed(cliente)).values()}
    assert titulos == {"Recente"}


def test_revogar_faz_o_endereco_antigo_responder_404(app, cliente, como, empresa):
    criar(cliente, "Ensaio")
    antigo = caminho_do_feed(cliente)
    assert como(empresa, perms=["operacional:ler"]).delete("/api/agenda/feed").status_code == 403
    assert cliente.delete("/api/agenda/feed").status_code == 204
    assert baixar(app, antigo).status_code == 404
    novo = caminho_do_feed(cliente)
    assert novo != antigo and baixar(app, novo).status_code == 200
    assert baixar(app, "/api/agenda/feed/nao-existe.ics").status_code == 404


def test_o_token_de_outra_empresa_mostra_so_as_sessoes_dela(app, cliente, como, nova_empresa):
    minha = criar(cliente, "Minha sessão")
    outra = como(nova_empresa())
    dela = criar(outra, "Sessão da outra")
    assert list(eventos_do_feed(app, caminho_do_feed(outra))) == [dela["uid"]]
    assert list(eventos_do_feed(app, caminho_do_feed(cliente))) == [minha["uid"]]


def test_feed_por_membro_so_com_as_sessoes_dele(novo_usuario, app, cliente, sql_dono, empresa, nova_empresa):
    ana = novo_usuario(empresa, "Ana")
    beto = novo_usuario(empresa, "Beto")
    da_ana = criar(cliente, "Da Ana", equipe=[{"usuario_id": ana}])
    criar(cliente, "Do Beto", dias=4, equipe=[{"usuario_id": beto}])
    criar(cliente, "Sem equipe", dias=5)
    caminho = caminho_do_feed(cliente, membro=f"usuario:{ana}")
    assert caminho != caminho_do_feed(cliente)
    resposta = baixar(app, caminho)
    assert str(Calendar.from_ical(resposta.get_data())["x-wr-calname"]).endswith("— Ana")
    assert list(eventos_do_feed(app, caminho)) == [da_ana["uid"]]
    # Revoking Ana's feed leaves the empresa's.
    empresa_inteira = caminho_do_feed(cliente)
    assert cliente.delete("/api/agenda/feed", query_string={"membro": f"usuario:{ana}"}).status_code == 204
    assert baixar(app, caminho).status_code == 404 and baixar(app, empresa_inteira).status_code == 200

    freela = sql_dono("""INSERT INTO cadastros.fornecedores (empresa_id, nome, nome_busca, tipo_pessoa)
                         VALUES (%s, 'Caio Freela', 'caio freela', 'FISICA') RETURNING id""", (empresa,),
                      empresa_id=empresa)[0]["id"]
    do_freela = criar(cliente, "Do Caio", dias=6, equipe=[{"fornecedor_id": freela}, {"usuario_id": beto}])
    assert list(eventos_do_feed(app, caminho_do_feed(cliente, membro=f"fornecedor:{freela}"))) == [do_freela["uid"]]

    de_fora = novo_usuario(nova_empresa(), "De fora")
    for membro in (f"usuario:{de_fora}", "fornecedor:999999"):
        resposta = cliente.get("/api/agenda/feed", query_string={"membro": membro})
        assert resposta.status_code == 400 and "membro" in resposta.get_json()["campos"]
    assert cliente.get("/api/agenda/feed", query_string={"membro": "ana"}).status_code == 400


# ---------------------------------------------------------------- import


def arquivo(*eventos: Event, com_fuso: bool = False) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Google Inc//Google Calendar 70.9054//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-timezone", "America/Sao_Paulo")
    if com_fuso:
        # As Google Calendar exports it: a VTIMEZONE, then times with TZID.
        fuso = Timezone()
        fuso.add("tzid", "America/Sao_Paulo")
        padrao = TimezoneStandard()
        padrao.add("tzoffsetfrom", timedelta(hours=-3))
        padrao.add("tzoffsetto", timedelta(hours=-3))
        padrao.add("tzname", "-03")
        padrao.add("dtstart", datetime(1970, 1, 1))
        fuso.add_component(padrao)
        cal.add_component(fuso)
    for evento in eventos:
        cal.add_component(evento)
    return cal.to_ical()


def evento(uid: str | None, titulo: str, inicio, fim=None, **extras) -> Event:
    e = Event()
    if uid:
        e.add("uid", uid)
    e.add("summary", titulo)
    e.add("dtstart", inicio)
    if fim is not None:
        e.add("dtend", fim)
    e.add("dtstamp", datetime(2026, 1, 1, tzinfo=timezone.utc))
    for chave, valor in extras.items():
        e.add(chave.replace("_", "-"), valor)
    return e


def importar(cliente, conteudo: bytes, como_corpo: bool = False):
    if como_corpo:
        return cliente.post("/api/agenda/importar", data=conteudo, content_type="text/calendar")
    return cliente.post("/api/agenda/importar", data={"arquivo": (io.BytesIO(conteudo), "agenda.ics")},
                        content_type="multipart/form-data")


def doze_de_maio(hora: int, minuto: int = 0) -> datetime:
    return datetime(2030, 5, 12, hora, minuto, tzinfo=SP)


def exportado_do_google(titulo_do_almoco: str = "Almoço com cliente") -> bytes:
    return arquivo(
        evento("ensaio-1@google.com", "Ensaio Gestante", doze_de_maio(9), doze_de_maio(11), location="Estúdio",
               description="Levar vestido"),
        evento("almoco@google.com", titulo_do_almoco, datetime(2030, 5, 12, 15, 0, tzinfo=timezone.utc),
               duration=timedelta(hours=1, minutes=30)),
        evento("feriado@google.com", "Dia de folga", date(2030, 5, 13), date(2030, 5, 14)),
        evento("semanal@google.com", "Reunião semanal", doze_de_maio(8), doze_de_maio(9),
               rrule={"freq": "weekly", "count": 5}),
        evento(None, "Sem UID", doze_de_maio(18), doze_de_maio(19)),
        evento("cancelado@google.com", "Cancelado", doze_de_maio(20), doze_de_maio(21), status="CANCELLED"),
        evento("sem-fim@google.com", "Sem fim", doze_de_maio(22)),
        com_fuso=True)


def test_importa_do_google_e_reimportar_nao_cria_nada(cliente):
    resposta = importar(cliente, exportado_do_google())
    assert resposta.status_code == 200, resposta.get_json()
    corpo = resposta.get_json()
    assert (corpo["criadas"], corpo["atualizadas"], corpo["inalteradas"]) == (3, 0, 0)
    assert {(i["uid"], i["motivo"].split(" ")[0]) for i in corpo["ignoradas"]} == {
        ("semanal@google.com", "Evento"), (None, "Evento"), ("cancelado@google.com", "Evento"),
        ("sem-fim@google.com", "Sem")}
    sessoes = {s["uid"]: s for s in cliente.get("/api/agenda", query_string={
        "de": "2030-05-12", "ate": "2030-05-13"}).get_json()["items"]}
    assert set(sessoes) == {"ensaio-1@google.com", "almoco@google.com", "feriado@google.com"}
    ensaio = sessoes["ensaio-1@google.com"]
    assert (ensaio["titulo"], ensaio["inicio"], ensaio["fim"], ensaio["local"], ensaio["observacoes"],
            ensaio["tipo"]) == ("Ensaio Gestante", "2030-05-12T09:00:00-03:00", "2030-05-12T11:00:00-03:00",
                                "Estúdio", "Levar vestido", "outro")
    assert (sessoes["almoco@google.com"]["inicio"], sessoes["almoco@google.com"]["fim"]) == (
        "2030-05-12T12:00:00-03:00", "2030-05-12T13:30:00-03:00")
    # An all-day event: 00:00 to 24:00 in São Paulo.
    assert (sessoes["feriado@google.com"]["inicio"], sessoes["feriado@google.com"]["fim"]) == (
        "2030-05-13T00:00:00-03:00", "2030-05-14T00:00:00-03:00")

    de_novo = importar(cliente, exportado_do_google(), como_corpo=True).get_json()
    assert (de_novo["criadas"], de_novo["atualizadas"], de_novo["inalteradas"]) == (0, 0, 3)

    editado = importar(cliente, exportado_do_google("Almoço remarcado")).get_json()
    assert (editado["criadas"], editado["atualizadas"], editado["inalteradas"]) == (0, 1, 2)
    almoco = cliente.get(f"/api/agenda/{sessoes['almoco@google.com']['id']}").get_json()
    assert (almoco["titulo"], almoco["uid"], almoco["sequencia"]) == ("Almoço remarcado", "almoco@google.com", 1)


def test_o_feed_exportado_importa_em_outra_empresa_com_os_mesmos_uids(app, cliente, como, nova_empresa):
    criar(cliente, "Ensaio A")
    criar(cliente, "Ensaio B", dias=4)
    exportado = baixar(app, caminho_do_feed(cliente)).get_data()
    outra = como(nova_empresa())
    assert importar(outra, exportado).get_json()["criadas"] == 2
    assert importar(outra, exportado).get_json()["criadas"] == 0
    assert set(eventos_do_feed(app, caminho_do_feed(outra))) == set(eventos_do_feed(app, caminho_do_feed(cliente)))


def test_importacao_e_tudo_ou_nada(cliente):
    """A move that double-books a camera refuses the whole file: nothing of it is stored."""
    camera = cliente.post("/api/equipamentos", json={"nome": "Canon R6"}).get_json()
    importar(cliente, arquivo(evento("manha@x", "Manhã", doze_de_maio(9), doze_de_maio(10)),
                              evento("tarde@x", "Tarde", doze_de_maio(14), doze_de_maio(15))))
    sessoes = cliente.get("/api/agenda", query_string={"de": "2030-05-12", "ate": "2030-05-12"}).get_json()["items"]
    for sessao in sessoes:
        assert cliente.post("/api/equipamentos/alocar", json={"equipamento_id": camera["id"],
                                                              "sessao_id": sessao["id"]}).status_code == 201
    resposta = importar(cliente, arquivo(evento("nova@x", "Nova", doze_de_maio(18), doze_de_maio(19)),
                                         evento("manha@x", "Manhã", doze_de_maio(9), doze_de_maio(14, 30))))
    assert resposta.status_code == 409 and "Tarde" in resposta.get_json()["error"]
    depois = cliente.get("/api/agenda", query_string={"de": "2030-05-12", "ate": "2030-05-12"}).get_json()["items"]
    assert [(s["titulo"], s["fim"]) for s in depois] == [(s["titulo"], s["fim"]) for s in sessoes]


@pytest.mark.parametrize("conteudo, tipo, status", [
    (b"isto nao e um calendario", "text/calendar", 400),
    (b"BEGIN:VCARD\r\nVERSION:3.0\r\nEND:VCARD\r\n", "text/calendar", 400),
    (b"", "text/calendar", 400),
    (b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "application/json", 415),
    (b"BEGIN:VCALENDAR\r\n" + b"X-A:" + b"a" * (3 * 1024 * 1024) + b"\r\nEND:VCALENDAR\r\n", "text/calendar", 413),
])
def test_importacao_recusa_o_que_nao_e_ics(cliente, conteudo, tipo, status):
    resposta = cliente.post("/api/agenda/importar", data=conteudo, content_type=tipo)
    assert resposta.status_code == status, resposta.get_json()


def test_importacao_sem_arquivo_no_formulario_e_sem_permissao(cliente, como, empresa):
    resposta = cliente.post("/api/agenda/importar", data={}, content_type="multipart/form-data")
    assert resposta.status_code == 400 and "arquivo" in resposta.get_json()["campos"]
    leitor = como(empresa, perms=["operacional:ler"])
    assert importar(leitor, arquivo()).status_code == 403
