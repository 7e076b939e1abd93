"""GET /api/dashboard/stream: only the user's empresa's events, Last-Event-ID, heartbeat, Redis down,
auth; and a real write through the gateway reaching an open stream.

The streams are read by a thread each (`Leitor`), as a browser reads them; every wait is a bounded
poll: a condition checked until it holds or its wall-clock budget runs out.
"""
import json
import queue
import threading
import time

import pytest

from dashboard import create_app
from dashboard.ao_vivo import WIDGETS, identificador, widgets_afetados
from dashboard.operacional import PARTES
from shared import catalogo_eventos as eventos
from shared.eventos import Barramento, chave_geracao
from shared.redis_client import conectar

LER = ["dashboard:ler"]


@pytest.fixture(scope="module")
def app(service_env):
    # A short heartbeat and verification, so a test sees several of each in a fraction of a second.
    return create_app({**service_env, "ERP_SSE_HEARTBEAT": "0.2", "ERP_SSE_VERIFICACAO": "0.2"})


@pytest.fixture(scope="module")
def permissoes_de_escrita():
    return LER


@pytest.fixture
def barramento(service_env):
    return Barramento(conectar(service_env["REDIS_URL"]), "teste-stream")


class Leitor:
    """Reads an SSE response on a thread of its own; events (dicts) come out of `eventos`.

    The reading thread also closes the response (a generator cannot be closed from another thread
    while it runs), which is how a client going away looks to the server.
    """

    def __init__(self, pedacos, fechar, fechar_de_fora: bool = False):
        self.eventos: queue.Queue = queue.Queue()
        self._pedacos = pedacos
        self._fechar = fechar
        # A real socket (requests) may be shut from the test's thread, which wakes the reader at once.
        self._fechar_de_fora = fechar_de_fora
        self._parar = threading.Event()
        self._thread = threading.Thread(target=self._ler, daemon=True)
        self._thread.start()

    def _ler(self):
        resto = ""
        try:
            for pedaco in self._pedacos:
                resto += pedaco.decode() if isinstance(pedaco, bytes) else pedaco
                while "\n\n" in resto:
                    bloco, resto = resto.split("\n\n", 1)
                    self.eventos.put(_analisar(bloco))
                if self._parar.is_set():
                    break
        except Exception:  # a socket shut under a read fails in whatever way the library has
            if not self._parar.is_set():
                raise
        finally:
            self._fechar()
            self.eventos.put({"fim": True})

    def proximo(self, ate: float = 1.0, pings: bool = False) -> dict | None:
        """The next event (pings skipped unless asked) within `ate` seconds of wall time, or None."""
        limite = time.monotonic() + ate
        while (resta := limite - time.monotonic()) > 0:
            try:
                evento = self.eventos.get(timeout=resta)
            except queue.Empty:
                return None
            if pings or not evento.get("ping"):
                return evento
        return None

    def ate(self, condicao, segundos: float = 1.0) -> dict | None:
        """The first event for which `condicao(evento)` holds within `segundos`, or None."""
        limite = time.monotonic() + segundos
        while (resta := limite - time.monotonic()) > 0:
            evento = self.proximo(resta, pings=True)
            if evento is not None and condicao(evento):
                return evento
        return None

    def fechar(self):
        self._parar.set()
        if self._fechar_de_fora:
            self._fechar()
        self._thread.join(timeout=5)
        assert not self._thread.is_alive()


def _analisar(bloco: str) -> dict:
    evento = {}
    for linha in bloco.split("\n"):
        if linha.startswith(":"):
            evento["ping"] = linha[1:].strip()
            continue
        campo, _, valor = linha.partition(": ")
        evento[campo] = json.loads(valor) if campo == "data" else valor
    return evento


def abrir(como, empresa_id: int, perms=LER, **cabecalhos):
    resposta = como(empresa_id, perms).get("/api/dashboard/stream", headers=cabecalhos, buffered=False)
    assert resposta.status_code == 200, resposta.get_data(as_text=True)
    return resposta, Leitor(resposta.response, resposta.close)


def _geracoes(service_env, empresa_id):
    cliente = conectar(service_env["REDIS_URL"])
    fin, cad, ope = cliente.mget([chave_geracao(empresa_id, d) for d in ("financeiro", "cadastros", "operacional")])
    return identificador({"financeiro": int(fin or 0), "cadastros": int(cad or 0), "operacional": int(ope or 0)})


def _abertas(app, empresa_id):
    return app.extensions["dashboard_ao_vivo"].abertas(empresa_id)


# ---------------------------------------------------------------- the stream


def test_connect_says_estado_with_headers_and_the_current_generations(como, empresa, service_env):
    resposta, leitor = abrir(como, empresa)
    try:
        assert resposta.mimetype == "text/event-stream"
        assert resposta.headers["Cache-Control"] == "no-cache"
        assert resposta.headers["X-Accel-Buffering"] == "no"
        primeiro = leitor.proximo()
        assert primeiro["event"] == "estado" and primeiro["data"] == {"ao_vivo": True}
        assert primeiro["id"] == _geracoes(service_env, empresa) == "f0.c0.o0"
        assert primeiro["retry"] == "2000"
    finally:
        leitor.fechar()


def test_an_event_reaches_its_empresa_within_a_second_and_never_another(como, nova_empresa, barramento, app):
    a, b = nova_empresa(), nova_empresa()
    _, de_a = abrir(como, a)
    _, de_b = abrir(como, b)
    try:
        assert de_a.proximo()["event"] == "estado" and de_b.proximo()["event"] == "estado"
        barramento.publicar(eventos.LANCAMENTO_ALTERADO.nome, a, {"ids": [1], "acao": "criado"})
        evento = de_a.ate(lambda e: e.get("event") == "atualizado")
        assert evento is not None, "o evento não chegou em 1 s"
        assert evento["data"] == {"dominio": "financeiro", "tipo": eventos.LANCAMENTO_ALTERADO.nome,
                                  "widgets": list(WIDGETS)}
        assert evento["id"] == "f1.c0.o0"

        # B's own event comes after A's on the one subscription: anything of A's would be seen first.
        barramento.publicar(eventos.CONTA_ALTERADA.nome, b, {"id": 7, "acao": "alterada"})
        evento = de_b.ate(lambda e: e.get("event") == "atualizado")
        assert evento["data"] == {"dominio": "cadastros", "tipo": eventos.CONTA_ALTERADA.nome,
                                  "widgets": ["saldos_por_conta"]}
        assert evento["id"] == "f0.c1.o0"
        # And A saw nothing of B's: A's next event, published after B's, is its own.
        barramento.publicar(eventos.LANCAMENTO_ALTERADO.nome, a, {"ids": [2], "acao": "criado"})
        seguinte = de_a.proximo()
        assert seguinte["event"] == "atualizado" and seguinte["id"] == "f2.c0.o0"
    finally:
        de_a.fechar()
        de_b.fechar()


def test_events_of_other_domains_are_not_forwarded(como, empresa, barramento):
    _, leitor = abrir(como, empresa)
    try:
        assert leitor.proximo()["event"] == "estado"
        # Not a catalogue event (rh publishes none yet): a name of a domain the dashboard does not
        # read, as the bus may carry, to show that such a domain is not forwarded.
        barramento.publicar("rh.funcionario.alterado", empresa)
        barramento.publicar(eventos.CLIENTE_ALTERADO.nome, empresa)
        barramento.publicar(eventos.CATEGORIA_ALTERADA.nome, empresa)
        evento = leitor.proximo()
        # rh is not the dashboard's; a cliente changes no widget but moves the id on.
        assert evento["data"]["tipo"] == eventos.CLIENTE_ALTERADO.nome and evento["data"]["widgets"] == []
        evento = leitor.proximo()
        assert evento["data"]["widgets"] == ["top_categorias"] and evento["id"] == "f0.c2.o0"
    finally:
        leitor.fechar()


def test_widgets_per_event_type():
    assert widgets_afetados(eventos.EXTRATO_IMPORTADO.nome) == WIDGETS
    assert widgets_afetados(eventos.CONTA_ALTERADA.nome) == ("saldos_por_conta",)
    assert widgets_afetados(eventos.CATEGORIA_ALTERADA.nome) == ("top_categorias",)
    assert widgets_afetados("cadastros.contador.x") == ()  # a name that merely begins like a conta's
    assert widgets_afetados(eventos.EMPRESA_ALTERADA.nome) == ()


def test_last_event_id_stale_gets_an_atualizado_at_once_current_gets_nothing(como, empresa, barramento):
    barramento.publicar(eventos.LANCAMENTO_ALTERADO.nome, empresa)
    barramento.publicar(eventos.CONTA_ALTERADA.nome, empresa)
    _, leitor = abrir(como, empresa, **{"Last-Event-ID": "f1.c0.o0"})
    try:
        estado = leitor.proximo()
        assert estado["event"] == "estado" and estado["id"] == "f1.c0.o0"
        evento = leitor.proximo()
        assert evento["event"] == "atualizado" and evento["id"] == "f1.c1.o0"
        assert evento["data"] == {"dominio": "cadastros", "tipo": "dashboard.ressincronizado",
                                  "widgets": ["saldos_por_conta", "top_categorias"]}
    finally:
        leitor.fechar()

    _, leitor = abrir(como, empresa, **{"Last-Event-ID": "f0.c0.o0"})  # financeiro moved: everything
    try:
        leitor.proximo()
        assert leitor.proximo()["data"]["widgets"] == list(WIDGETS)
    finally:
        leitor.fechar()

    _, leitor = abrir(como, empresa, **{"Last-Event-ID": "f1.c1.o0"})
    try:
        assert leitor.proximo()["event"] == "estado"
        # Three heartbeats (and the verifications between them) with nothing else in between.
        for _ in range(3):
            assert leitor.proximo(pings=True) == {"ping": "ping"}
    finally:
        leitor.fechar()


def test_the_query_ultimo_id_stands_for_last_event_id(como, empresa, barramento):
    barramento.publicar(eventos.LANCAMENTO_ALTERADO.nome, empresa)
    resposta = como(empresa, LER).get("/api/dashboard/stream?ultimo_id=f0.c0.o0", buffered=False)
    leitor = Leitor(resposta.response, resposta.close)
    try:
        assert leitor.proximo()["event"] == "estado"
        assert leitor.proximo()["id"] == "f1.c0.o0"
    finally:
        leitor.fechar()


def test_a_lost_message_is_made_good_by_the_verification(como, empresa, service_env):
    _, leitor = abrir(como, empresa)
    try:
        assert leitor.proximo()["id"] == "f0.c0.o0"
        conectar(service_env["REDIS_URL"]).incr(chave_geracao(empresa, "financeiro"))  # no publish
        evento = leitor.ate(lambda e: e.get("event") == "atualizado")
        assert evento is not None and evento["id"] == "f1.c0.o0" and evento["data"]["widgets"] == list(WIDGETS)
    finally:
        leitor.fechar()


def test_heartbeat(como, empresa):
    _, leitor = abrir(como, empresa)
    try:
        assert leitor.proximo()["event"] == "estado"
        assert [leitor.proximo(pings=True) for _ in range(2)] == [{"ping": "ping"}] * 2
    finally:
        leitor.fechar()


def test_the_client_going_away_releases_its_queue(app, como, empresa):
    _, leitor = abrir(como, empresa)
    assert leitor.proximo()["event"] == "estado"
    assert _abertas(app, empresa) == 1
    leitor.fechar()
    assert _abertas(app, empresa) == 0


def test_past_the_maximum_a_stream_is_refused_and_requests_still_served(service_env, assinar_token, empresa):
    """Streams hold the worker's threads: beyond ERP_SSE_MAXIMO one more is a 503 to retry, so
    there is always a thread left for the dashboard's own GETs."""
    app = create_app({**service_env, "ERP_SSE_MAXIMO": "1", "ERP_SSE_HEARTBEAT": "0.2",
                      "ERP_SSE_VERIFICACAO": "0.2"})
    cliente = app.test_client()
    cliente.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {assinar_token(emp=empresa, perms=list(LER))}"
    aberto = cliente.get("/api/dashboard/stream", buffered=False)
    leitor = Leitor(aberto.response, aberto.close)
    try:
        assert leitor.proximo()["event"] == "estado"
        recusado = cliente.get("/api/dashboard/stream")
        assert recusado.status_code == 503
        assert "Retry-After" in recusado.headers
        assert "tente de novo" in recusado.get_json()["error"]
        assert cliente.get("/api/dashboard").status_code == 200
    finally:
        leitor.fechar()
    segundo = cliente.get("/api/dashboard/stream", buffered=False)
    assert segundo.status_code == 200
    segundo.close()


def test_the_stream_ends_at_the_token_exp(app, assinar_token, empresa):
    cliente = app.test_client()
    token = assinar_token(emp=empresa, perms=LER, exp=int(time.time()) + 2)
    resposta = cliente.get("/api/dashboard/stream", headers={"Authorization": f"Bearer {token}"}, buffered=False)
    leitor = Leitor(resposta.response, resposta.close)
    try:
        assert leitor.proximo()["event"] == "estado"
        assert leitor.ate(lambda e: e.get("fim"), segundos=4.0) is not None
        assert _abertas(app, empresa) == 0
    finally:
        leitor.fechar()


def test_redis_down_says_ao_vivo_false_and_back_resynchronises(app, como, empresa, redis_server):
    _, leitor = abrir(como, empresa)
    try:
        assert leitor.proximo()["data"] == {"ao_vivo": True}
        redis_server.stop()
        evento = leitor.ate(lambda e: e.get("event") == "estado", segundos=5.0)
        assert evento is not None and evento["data"] == {"ao_vivo": False}

        # Connecting while it is down: estado false at once, no id to give.
        _, outro = abrir(como, empresa)
        try:
            primeiro = outro.proximo(ate=3.0)
            assert primeiro["event"] == "estado" and primeiro["data"] == {"ao_vivo": False} and "id" not in primeiro
        finally:
            outro.fechar()

        redis_server.start()
        # Back: estado true, then everything refreshed (writes during the outage bumped nothing).
        evento = leitor.ate(lambda e: e.get("event") == "estado", segundos=10.0)
        assert evento is not None and evento["data"] == {"ao_vivo": True}
        evento = leitor.proximo()
        assert evento["event"] == "atualizado" and evento["data"]["widgets"] == [*WIDGETS, *PARTES]
    finally:
        leitor.fechar()


# ---------------------------------------------------------------- auth


def test_401_without_a_token_and_403_without_dashboard_ler(app, como, empresa):
    sem_token = app.test_client().get("/api/dashboard/stream")
    assert (sem_token.status_code, sem_token.get_json()["code"]) == (401, "nao_autenticado")
    sem_permissao = como(empresa, ["financeiro:ler"]).get("/api/dashboard/stream")
    assert sem_permissao.status_code == 403
    assert "dashboard:ler" in sem_permissao.get_json()["error"]
    assert _abertas(app, empresa) == 0


def test_openapi_describes_the_stream(app):
    caminho = app.test_client().get("/openapi.json").get_json()["paths"]["/api/dashboard/stream"]["get"]
    assert "text/event-stream" in json.dumps(caminho)


# ---------------------------------------------------------------- through the gateway, for real


def test_a_write_through_the_gateway_reaches_an_open_stream_within_a_second(live_services, nova_equipe, admin_http):
    equipe = nova_equipe("Estúdio ao vivo", {"gerente": ["dashboard:ler", "financeiro:escrever",
                                                         "cadastros:escrever"]})
    http = type(admin_http)(live_services.url("frontend"))  # the root conftest's client, logged in below
    http.entrar(equipe["gerente"]["username"], equipe["gerente"]["password"])
    conta = http.post("/api/contas", json={"nome": "Caixa ao vivo", "tipo": "CAIXA"})
    categoria = http.post("/api/categorias", json={"nome": "Ensaios", "tipo": "RECEITA"})
    assert conta.status_code == categoria.status_code == 201, (conta.text, categoria.text)

    # Read timeout above the 15 s heartbeat of the live services.
    resposta = http.get("/api/dashboard/stream", stream=True, timeout=(5, 30))
    assert resposta.status_code == 200, resposta.text
    assert resposta.headers["Content-Type"].startswith("text/event-stream")
    assert resposta.headers["X-Accel-Buffering"] == "no"
    leitor = Leitor(resposta.iter_content(chunk_size=None), resposta.close, fechar_de_fora=True)
    try:
        estado = leitor.proximo(ate=5.0)
        assert estado["event"] == "estado" and estado["data"] == {"ao_vivo": True}
        criado = http.post("/api/lancamentos", json={
            "tipo": "RECEITA", "descricao": "Ensaio de casamento", "valor": "1500.00",
            "data_vencimento": time.strftime("%Y-%m-%d"), "categoria_id": categoria.json()["id"],
            "conta_id": conta.json()["id"]})
        assert criado.status_code == 201, criado.text
        evento = leitor.ate(lambda e: e.get("event") == "atualizado")
        assert evento is not None, "a escrita não chegou ao stream em 1 s"
        assert evento["data"]["dominio"] == "financeiro" and evento["data"]["widgets"] == list(WIDGETS)
        assert evento["id"].startswith("f1.")
    finally:
        leitor.fechar()
        http.close()
