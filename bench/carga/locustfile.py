"""A studio day: the demo studio's staff using the app through the gateway, as the SPA does.

Each Locust user is one member of staff with a login of their own (`<prefixo>-01` ... created by
bench/carga/dia.py): their dashboard tab keeps its live stream open the whole run, re-fetching its
figures whenever the stream says a write changed them, and meanwhile they browse the ledger,
reconcile the bank statement, open reports and the agenda, and write what the staff write all day —
lançamentos and their baixas, an OFX statement now and then, the confirmation of reconciliation
suggestions, sessões created and moved in the agenda, new clientes — with a person's pause between
screens. Request names are the route and the shape of its query
(not its values), so the stats come out per route; SERVICO_DA_ROTA says which service answers each.

Each person writes only records of their own (escritas.py says how), so every write expects its
success status and anything else, a 409 included, is a failure. A run adds records to the demo
studio; ERP_CARGA_RODADA (a number, distinct per run over the same database) keeps one run's
values apart from another's.

Standalone (the stack up, the users created):
    ERP_CARGA_SENHA=... locust -f bench/carga/locustfile.py --host http://127.0.0.1:5000 \
        --headless -u 50 -r 10 -t 60s
"""
import itertools
import json
import os
import random
import time
from datetime import date, datetime, timedelta

import gevent
import requests
from locust import HttpUser, between, task
from urllib3.util.retry import Retry

from bench.carga.escritas import (FUSO, Caderno, Lancamento, corpo_da_baixa, corpo_da_conciliacao, corpo_da_sessao,
                                  corpo_do_cliente, corpo_do_lancamento, extrato_ofx, folhas, memo, movida)

PREFIXO = os.environ.get("ERP_CARGA_PREFIXO", "equipe")
SENHA = os.environ.get("ERP_CARGA_SENHA", "")
QUANTOS = int(os.environ.get("ERP_CARGA_USUARIOS", "50"))
# Unset (a standalone run): the minute, so that runs a minute apart differ.
RODADA = int(os.environ.get("ERP_CARGA_RODADA") or time.time() // 60 % 100)
STREAM = "/api/dashboard/stream"
QUEDA_DO_STREAM = f"GET {STREAM} (caiu antes do fim)"
AGRUPAR_MS = 200  # the dashboard tab's grouping of a burst of events (ao-vivo.js)
ESPALHAR_MS = 1000  # and its random wait on top, per tab, so the tabs do not re-fetch at once (ao-vivo.js)
# The first match wins: a request's name starts with its method and path.
SERVICO_DA_ROTA = (
    ("/api/login", "auth-api"),
    ("/api/lancamentos", "financeiro-api"),
    ("/api/extratos", "financeiro-api"),
    ("/api/relatorios", "relatorios-api"),
    ("/api/agenda", "operacional-api"),
    ("/api/eventos", "operacional-api"),
    ("/api/dashboard", "dashboard-api"),
    ("/api/contas", "cadastros-api"),
    ("/api/categorias", "cadastros-api"),
    ("/api/centros-custo", "cadastros-api"),
    ("/api/clientes", "cadastros-api"),
)
# A person reading a screen before the next one.
PAUSA = between(2, 6)
# The screens' weights (@task): a busy hour of a studio's office, where looking comes first — the
# ledger most, then the reconciliation and the reports, the dashboard and the agenda — and two
# screens in seven save something (far fewer requests: the write screens read too, and each write
# makes every open dashboard re-fetch): a lançamento typed in, a payment, statement lines confirmed,
# a sessão booked or moved, a new cliente, a bank statement uploaded when there are new lines for it.
# A quiet day writes less; this much gives the main write routes tens of samples in 120 s of 50
# people, enough for a p95.
LEITURAS = {"razao": 8, "conciliacao": 4, "relatorios": 4, "dashboard": 2, "agenda": 2}
# Down a statement's pending list, one reconciliation screen confirms this many lines at most.
CONFIRMADAS_POR_TELA = 3
ESCRITAS = {"novo_lancamento": 2, "conciliar": 2, "pagar": 1, "importar_extrato": 1, "sessao": 1, "cliente": 1}

_numeros = itertools.count()


def servico_da_rota(nome: str) -> str:
    caminho = nome.split(" ", 2)[1] if " " in nome else nome
    return next((servico for prefixo, servico in SERVICO_DA_ROTA if caminho.startswith(prefixo)), "?")


class Equipe(HttpUser):
    wait_time = PAUSA

    def on_start(self):
        numero = next(_numeros) % QUANTOS + 1
        self.username = f"{PREFIXO}-{numero:02d}"
        self.caderno = Caderno(self.username, numero, RODADA)
        # A kept-alive connection the gateway closes (gunicorn's keepalive) just as a request goes out
        # on it ends with no answer at all; the browser sends that request again on a new connection,
        # and so does a GET here, once (a write is never sent twice). An answer, a 503 too, is kept.
        self.client.adapters["http://"].max_retries = Retry(total=1, connect=1, read=1, status=0, other=0,
                                                            allowed_methods={"GET"},
                                                            respect_retry_after_header=False)
        self.token = self._entrar()
        self.client.headers["Authorization"] = f"Bearer {self.token}"
        self.hoje = datetime.now(FUSO).date()  # the studio's today, which the API dates payments by
        self.extratos = []
        self.parando = False
        self.recarga_agendada = False
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
        `retry` as the browser does. A stream that ends before the run does counts as a failure.
        Each `atualizado` (a write anywhere in the studio) makes the tab re-fetch, as the SPA's does."""
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
                        for linha in resposta.iter_lines():
                            if linha == b"event: atualizado":
                                self._agendar_recarga()
                    erro = RuntimeError("o servidor fechou o stream")
            except requests.RequestException as falha:
                erro = falha
            if not self.parando:
                eventos.fire(request_type="SSE", name=QUEDA_DO_STREAM, response_time=_ms(inicio),
                             response_length=0, response=None, context={}, exception=erro)
                gevent.sleep(2)

    def _agendar_recarga(self):
        """ao-vivo.js: a burst of events within AGRUPAR_MS (plus this tab's random part of
        ESPALHAR_MS) costs one re-fetch of the summary and the widgets (dashboard.js's carregar);
        events during that re-fetch schedule the next."""
        if not self.recarga_agendada:
            self.recarga_agendada = True
            gevent.spawn_later((AGRUPAR_MS + random.random() * ESPALHAR_MS) / 1000, self._recarregar)

    def _recarregar(self):
        self.recarga_agendada = False
        if not self.parando:
            self._get("/api/dashboard", nome="GET /api/dashboard (ao vivo)")
            self._get("/api/dashboard/widgets", nome="GET /api/dashboard/widgets (ao vivo)")

    # ------------------------------------------------------------ screens that only read

    @task(LEITURAS["dashboard"])
    def dashboard(self):
        self._get("/api/dashboard")
        self._get("/api/dashboard/widgets")

    @task(LEITURAS["razao"])
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

    @task(LEITURAS["conciliacao"])
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

    @task(LEITURAS["relatorios"])
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

    @task(LEITURAS["agenda"])
    def agenda(self):
        mes = _primeiro_dia(self.hoje + timedelta(days=30 * random.randint(-1, 1)))
        self._get("/api/agenda", {"de": mes.isoformat(), "ate": _ultimo_dia(mes).isoformat(), "limit": 500})

    # ------------------------------------------------------------ writes: the person's own records (escritas.py)

    @task(ESCRITAS["novo_lancamento"])
    def novo_lancamento(self):
        """The new-lançamento dialog — it loads the contas, the categorias of the tipo and the
        centros de custo — saving a receita or a despesa due today."""
        tipo = random.choice(("RECEITA", "DESPESA"))
        contas = self._get("/api/contas", {"limit": 500, "ativa": "true"}, nome="GET /api/contas?ativa")
        arvore = self._get("/api/categorias/arvore", {"tipo": tipo, "ativa": "true"},
                           nome="GET /api/categorias/arvore?tipo")
        self._get("/api/centros-custo", {"limit": 500, "ativo": "true"}, nome="GET /api/centros-custo?ativo")
        if self.caderno.conta is None and contas:
            self.caderno.escolher_conta(contas["items"])
        categorias = folhas(arvore["items"]) if arvore else []
        if self.caderno.conta is None or not categorias:
            return
        n = self.caderno.proximo()
        criado = self._pedir("POST", "/api/lancamentos", esperado=201,
                             json=corpo_do_lancamento(self.caderno, n, tipo, random.choice(categorias), self.hoje))
        if criado:
            self.caderno.lancamentos[criado["id"]] = Lancamento(criado["id"], tipo, criado["valor"],
                                                                memo(tipo, self.caderno, n))

    @task(ESCRITAS["pagar"])
    def pagar(self):
        """The ledger row's "Receber" or "Pagar" on one of the person's open lançamentos."""
        abertos = self.caderno.abertos()
        if not abertos:
            return
        lancamento = random.choice(abertos)
        baixa = self._pedir("POST", f"/api/lancamentos/{lancamento.id}/baixas", "POST /api/lancamentos/{id}/baixas",
                            esperado=201, json=corpo_da_baixa(lancamento, self.caderno.conta["id"], self.hoje))
        if baixa:
            lancamento.aberto = False
            self.caderno.baixas.add(baixa["id"])

    @task(ESCRITAS["importar_extrato"])
    def importar_extrato(self):
        """The statement upload: the bank's OFX of today with the person's lançamentos not yet in one."""
        novos = self.caderno.fora_do_extrato()
        if not novos:
            return
        arquivo = extrato_ofx(self.caderno, novos, self.hoje)
        importado = self._pedir("POST", "/api/extratos/upload", esperado=201,
                                data={"conta_id": str(self.caderno.conta["id"])},
                                files={"arquivo": (f"extrato-{self.username}.ofx", arquivo, "application/x-ofx")})
        if importado:
            for lancamento in novos:
                lancamento.no_extrato = True
            self.caderno.extratos.append(importado["extrato_id"])

    @task(ESCRITAS["conciliar"])
    def conciliar(self):
        """The reconciliation screen on one of the person's statements: its pending lines, and down
        the list a few of them, each line's suggestions and the best made of the person's records
        confirmed."""
        if not self.caderno.extratos:
            return
        extrato = random.choice(self.caderno.extratos)
        pendentes = self._get(f"/api/extratos/{extrato}/transacoes", {"conciliado": "false", "limit": 50},
                              nome="GET /api/extratos/{id}/transacoes?conciliado")
        if pendentes is None:
            return
        self.caderno.transacoes.update(t["id"] for t in pendentes["items"])
        # A line under review is kept or discarded on the statements screen before it can be reconciled.
        linhas = [t for t in pendentes["items"] if not t["revisar"]]
        if not linhas:
            self.caderno.extratos.remove(extrato)
            return
        feitas = set()
        for transacao in random.sample(linhas, min(CONFIRMADAS_POR_TELA, len(linhas))):
            if transacao["id"] in feitas:  # a line that went with another's confirmation
                continue
            sugestoes = self._get(f"/api/extratos/transacoes/{transacao['id']}/sugestoes", {"limite": 5},
                                  nome="GET /api/extratos/transacoes/{id}/sugestoes")
            sugestao = self.caderno.propria(sugestoes["items"]) if sugestoes else None
            if sugestao and self._pedir("POST", "/api/extratos/conciliacao", esperado=201,
                                        json=corpo_da_conciliacao(transacao["id"], sugestao)):
                self.caderno.conciliada(sugestao)
                feitas.update(sugestao["transacao_ids"])

    @task(ESCRITAS["sessao"])
    def sessao(self):
        """The agenda's sessão dialog (it lists the eventos to link one): a new sessão, or one of the
        person's moved a day or an hour."""
        self._get("/api/eventos", {"limit": 500})
        if self.caderno.sessoes and random.random() < 0.5:
            sessao_id = random.choice(list(self.caderno.sessoes))
            corpo = movida(self.caderno.sessoes[sessao_id])
            if self._pedir("PUT", f"/api/agenda/{sessao_id}", "PUT /api/agenda/{id}", json=corpo):
                self.caderno.sessoes[sessao_id] = corpo
        else:
            corpo = corpo_da_sessao(self.caderno, self.caderno.proximo(), self.hoje)
            salva = self._pedir("POST", "/api/agenda", esperado=201, json=corpo)
            if salva:
                self.caderno.sessoes[salva["id"]] = corpo

    @task(ESCRITAS["cliente"])
    def cliente(self):
        """A new cliente typed in on the Cadastros screen."""
        self._pedir("POST", "/api/clientes", esperado=201, json=corpo_do_cliente(self.caderno, self.caderno.proximo()))

    def _get(self, caminho: str, parametros: dict | None = None, nome: str | None = None) -> dict | None:
        return self._pedir("GET", caminho, nome, params=parametros)

    def _pedir(self, metodo: str, caminho: str, nome: str | None = None, esperado: int = 200,
               **opcoes) -> dict | None:
        """A request as the SPA makes it; any status but `esperado` is a failure, named by the status
        and its message."""
        with self.client.request(metodo, caminho, name=nome or f"{metodo} {caminho}", catch_response=True,
                                 timeout=30, **opcoes) as resposta:
            if resposta.status_code != esperado:
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
