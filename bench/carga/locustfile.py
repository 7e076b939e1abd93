"""A studio day: the demo studio's staff using the app through the gateway, as the SPA does.

Each Locust user is one member of staff with a login of their own (`<prefixo>-01` ... created by
bench/carga/dia.py): their dashboard tab keeps its live stream open the whole run, and meanwhile
they browse the ledger, reconcile the bank statement, open reports and the agenda, with a person's
pause between screens. Request names are the route and the shape of its query (not its values),
so the stats come out per route; SERVICO_DA_ROTA says which service answers each.

Everything here reads: a load run leaves the demo studio as it found it, and any run can be
compared with any other.

Standalone (the stack up, the users created):
    ERP_CARGA_SENHA=... locust -f bench/carga/locustfile.py --host http://127.0.0.1:5000 \
        --headless -u 50 -r 10 -t 60s
"""
import itertools
import json
import os
import random
import time
from datetime import date, timedelta

import gevent
import requests
from locust import HttpUser, between, task

PREFIXO = os.environ.get("ERP_CARGA_PREFIXO", "equipe")
SENHA = os.environ.get("ERP_CARGA_SENHA", "")
QUANTOS = int(os.environ.get("ERP_CARGA_USUARIOS", "50"))
STREAM = "/api/dashboard/stream"
QUEDA_DO_STREAM = f"GET {STREAM} (caiu antes do fim)"
# The first match wins: a request's name starts with its method and path.
SERVICO_DA_ROTA = (
    ("/api/login", "auth-api"),
    ("/api/lancamentos", "financeiro-api"),
    ("/api/extratos", "financeiro-api"),
    ("/api/relatorios", "relatorios-api"),
    ("/api/agenda", "operacional-api"),
    ("/api/dashboard", "dashboard-api"),
)
# A person reading a screen before the next one.
PAUSA = between(2, 6)

_numeros = itertools.count()


def servico_da_rota(nome: str) -> str:
    caminho = nome.split(" ", 2)[1] if " " in nome else nome
    return next((servico for prefixo, servico in SERVICO_DA_ROTA if caminho.startswith(prefixo)), "?")


class Equipe(HttpUser):
    wait_time = PAUSA

    def on_start(self):
        self.username = f"{PREFIXO}-{next(_numeros) % QUANTOS + 1:02d}"
        self.token = self._entrar()
        self.client.headers["Authorization"] = f"Bearer {self.token}"
        self.hoje = date.today()
        self.extratos = []
        self.parando = False
        self.stream = gevent.spawn(self._manter_stream)
        self.dashboard()

    def on_stop(self):
        self.parando = True
        self.stream.kill()

    def _entrar(self) -> str:
        """The login; a person whose login failed tries again after a pause (each failure counts)."""
        while True:
            with self.client.post("/api/login", json={"username": self.username, "password": SENHA},
                                  name="POST /api/login", catch_response=True, timeout=30) as resposta:
                if resposta.status_code == 200:
                    return resposta.json()["token"]
                resposta.failure(_motivo(resposta))
            gevent.sleep(self.wait_time())

    # ------------------------------------------------------------ the open dashboard tab

    def _manter_stream(self):
        """The dashboard's EventSource: open until the run ends; reconnects after the server's
        `retry` as the browser does. A stream that ends before the run does counts as a failure."""
        http = requests.Session()
        http.trust_env = False
        eventos = self.environment.events.request
        while not self.parando:
            inicio = time.perf_counter()
            erro = None
            try:
                # The heartbeat comes every 15 s: a read waiting twice that long means a dead stream.
                with http.get(self.host + STREAM, headers={"Authorization": f"Bearer {self.token}",
                                                           "Accept": "text/event-stream"},
                              stream=True, timeout=(10, 30)) as resposta:
                    eventos.fire(request_type="GET", name=f"GET {STREAM}", response_time=_ms(inicio),
                                 response_length=0, response=resposta, context={},
                                 exception=None if resposta.status_code == 200 else
                                 RuntimeError(f"HTTP {resposta.status_code}"))
                    if resposta.status_code == 200:
                        for _ in resposta.iter_lines():
                            pass
                    erro = RuntimeError("o servidor fechou o stream")
            except requests.RequestException as falha:
                erro = falha
            if not self.parando:
                eventos.fire(request_type="SSE", name=QUEDA_DO_STREAM, response_time=_ms(inicio),
                             response_length=0, response=None, context={}, exception=erro)
                gevent.sleep(2)

    # ------------------------------------------------------------ screens

    @task(1)
    def dashboard(self):
        self._get("/api/dashboard")
        self._get("/api/dashboard/widgets")

    @task(4)
    def razao(self):
        """The ledger: a month by vencimento, sometimes the next page, sometimes a search."""
        mes = _primeiro_dia(self.hoje - timedelta(days=30 * random.randint(0, 11)))
        filtros = {"data": "vencimento", "de": mes.isoformat(), "ate": _ultimo_dia(mes).isoformat(),
                   "limit": 50}
        pagina = self._get("/api/lancamentos", filtros, nome="GET /api/lancamentos?de&ate")
        if pagina and pagina.get("next_cursor") and random.random() < 0.3:
            self._get("/api/lancamentos", {**filtros, "cursor": pagina["next_cursor"]},
                      nome="GET /api/lancamentos?de&ate&cursor")
        if random.random() < 0.3:
            self._get("/api/lancamentos", {"q": random.choice(("aluguel", "ensaio", "energia", "casamento", "maria")),
                                           "limit": 50}, nome="GET /api/lancamentos?q")

    @task(2)
    def conciliacao(self):
        """The reconciliation screen: the statements, one's pending lines, a line's suggestions."""
        if not self.extratos:
            lista = self._get("/api/extratos", {"limit": 100})
            self.extratos = [e["id"] for e in (lista or {}).get("items", [])]
            if not self.extratos:
                return
        extrato = random.choice(self.extratos)
        self._get(f"/api/extratos/{extrato}", nome="GET /api/extratos/{id}")
        pendentes = self._get(f"/api/extratos/{extrato}/transacoes", {"conciliado": "false", "limit": 50},
                              nome="GET /api/extratos/{id}/transacoes?conciliado")
        linhas = (pendentes or {}).get("items", [])
        for transacao in random.sample(linhas, min(2, len(linhas))):
            self._get(f"/api/extratos/transacoes/{transacao['id']}/sugestoes", {"limite": 5},
                      nome="GET /api/extratos/transacoes/{id}/sugestoes")

    @task(2)
    def relatorios(self):
        """One report of this year (the screens' default period), each in its default shape."""
        ano = {"de": date(self.hoje.year, 1, 1).isoformat(), "ate": self.hoje.isoformat()}
        caminho, parametros = random.choice((
            ("/api/relatorios/fluxo-caixa", {**ano, "agrupamento": "mes"}),
            ("/api/relatorios/fluxo-caixa/projetado", {"dias": 90}),
            ("/api/relatorios/dre", {**ano, "regime": "competencia"}),
            ("/api/relatorios/analise", {**ano, "regime": "competencia"}),
            ("/api/relatorios/indicadores", {**ano, "regime": "competencia"}),
            ("/api/relatorios/inadimplencia", {}),
        ))
        self._get(caminho, parametros)

    @task(1)
    def agenda(self):
        mes = _primeiro_dia(self.hoje + timedelta(days=30 * random.randint(-1, 1)))
        self._get("/api/agenda", {"de": mes.isoformat(), "ate": _ultimo_dia(mes).isoformat(), "limit": 500})

    def _get(self, caminho: str, parametros: dict | None = None, nome: str | None = None) -> dict | None:
        """GET as the SPA does; anything but 200 is a failure, named by the status and its message."""
        with self.client.get(caminho, params=parametros, name=nome or f"GET {caminho}", catch_response=True,
                             timeout=30) as resposta:
            if resposta.status_code != 200:
                resposta.failure(_motivo(resposta))
                return None
            try:
                return resposta.json()
            except json.JSONDecodeError:
                resposta.failure("resposta sem JSON")
                return None


def _motivo(resposta) -> str:
    """A failed answer's status and message; status 0 is no answer at all (refused, reset, timeout)."""
    return f"HTTP {resposta.status_code}: {resposta.text[:120] if resposta.text else resposta.error}"


def _ms(inicio: float) -> float:
    return (time.perf_counter() - inicio) * 1000


def _primeiro_dia(dia: date) -> date:
    return dia.replace(day=1)


def _ultimo_dia(dia: date) -> date:
    return (dia.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
