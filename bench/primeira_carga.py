"""Part 8: the SPA's first load on a slow mobile connection, as a new user and as a returning one.

The runner (tools/run.py, what `make run` runs) is started with the demo studio on free ports, over
the bench's PostgreSQL and Redis. Debian's Chromium, driven by Playwright, then loads the app with
Chromium's network emulation set to DevTools' "Fast 3G" preset (562.5 ms of latency, 1.44 Mbit/s
down, 675 kbit/s up) and the cache enabled:

1. a first visit (empty cache): from navigation to the login form usable;
2. the login, until the dashboard shows its cards;
3. a returning visit (same browser, cache kept): from navigation to the dashboard's cards.

For each, the time, the requests the page made, how many of them went to the network (not served
from the browser's cache) and the bytes that crossed it.
"""
import os
import signal
import socket
import subprocess
import sys
import time

from shared.config import REPO_ROOT, SERVICOS

from bench.infra import Infra

CHROMIUM = os.environ.get("ERP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# DevTools' "Fast 3G" (front_end/core/sdk/NetworkManager.ts): 1.6 Mbit/s × 0.9 down,
# 750 kbit/s × 0.9 up, 150 ms × 3.75 of latency.
FAST_3G = {"offline": False, "latency": 562.5,
           "downloadThroughput": 1.6 * 1000 * 1000 / 8 * 0.9,
           "uploadThroughput": 750 * 1000 / 8 * 0.9}
SENHA_DEMO = "bench-demo-Carga-2026"
PRAZO = 120


def _porta_base_livre() -> int:
    """The first of 8 consecutive free ports from 5800 (so a `make run` on 5000 is left alone)."""
    for base in range(5800, 6400, 10):
        livres = True
        for porta in range(base, base + len(SERVICOS)):
            with socket.socket() as s:
                livres = livres and s.connect_ex(("127.0.0.1", porta)) != 0
        if livres:
            return base
    raise RuntimeError("sem 8 portas livres entre 5800 e 6400")


class _Contador:
    """Requests of one page, and which of them crossed the network, with their bytes."""

    def __init__(self, pagina, cdp):
        self.requests = 0
        self.rede = 0
        self.bytes = 0
        pagina.on("request", self._request)
        cdp.on("Network.responseReceived", self._resposta)
        cdp.on("Network.loadingFinished", self._fim)
        self._da_rede = set()

    def _request(self, _):
        self.requests += 1

    def _resposta(self, evento):
        resposta = evento["response"]
        if not resposta.get("fromDiskCache") and not resposta.get("fromServiceWorker") \
                and not resposta.get("fromPrefetchCache") and resposta.get("status") != 0:
            self._da_rede.add(evento["requestId"])
            self.rede += 1

    def _fim(self, evento):
        if evento["requestId"] in self._da_rede:
            self.bytes += int(evento.get("encodedDataLength", 0))

    def zerar(self):
        self.requests = self.rede = self.bytes = 0
        self._da_rede.clear()


def _medir_no_navegador(url: str) -> list[list[str]]:
    from playwright.sync_api import sync_playwright

    linhas = []
    with sync_playwright() as playwright:
        navegador = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            contexto = navegador.new_context(viewport={"width": 390, "height": 844})
            pagina = contexto.new_page()
            cdp = contexto.new_cdp_session(pagina)
            cdp.send("Network.enable")
            cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
            cdp.send("Network.emulateNetworkConditions", FAST_3G)
            contador = _Contador(pagina, cdp)

            def linha(nome, inicio):
                linhas.append([nome, f"{time.monotonic() - inicio:.2f}", str(contador.requests),
                               str(contador.rede), f"{contador.bytes / 1024:.0f}"])
                contador.zerar()

            inicio = time.monotonic()
            pagina.goto(url, timeout=PRAZO * 1000)
            pagina.get_by_label("Usuário").wait_for(timeout=PRAZO * 1000)
            linha("1. primeira visita: até o formulário de login", inicio)

            pagina.get_by_label("Usuário").fill("demo")
            pagina.get_by_label("Senha").fill(SENHA_DEMO)
            inicio = time.monotonic()
            pagina.get_by_role("button", name="Entrar").click()
            pagina.locator(".cartao-valor").first.wait_for(timeout=PRAZO * 1000)
            linha("2. login: até os cartões do dashboard", inicio)

            pagina.goto("about:blank")
            contador.zerar()
            inicio = time.monotonic()
            pagina.goto(url, timeout=PRAZO * 1000)
            pagina.locator(".cartao-valor").first.wait_for(timeout=PRAZO * 1000)
            linha("3. volta (cache do navegador): até os cartões do dashboard", inicio)
        finally:
            navegador.close()
    return linhas


def medir(infra: Infra) -> tuple[list[list[str]], list[str]]:
    if not os.path.isfile(CHROMIUM):
        return [], [f"parte pulada: Chromium não encontrado em {CHROMIUM} (apt-get install -y chromium)"]
    base = _porta_base_livre()
    banco = infra.banco_vazio("erp_bench_carga")
    ambiente = {k: v for k, v in os.environ.items() if k not in ("ERP_STATE_DIR", "WEB_CONCURRENCY")}
    ambiente.update(DATABASE_URL=banco.owner_url, REDIS_URL=infra.redis_url, ERP_DEMO_PASSWORD=SENHA_DEMO,
                    ERP_STATE_DIR=str(infra.pasta / "carga-estado"), PYTHONUNBUFFERED="1")
    log = infra.pasta / "carga.log"
    with open(log, "ab") as saida:
        runner = subprocess.Popen([sys.executable, "-m", "tools.run", "--base-port", str(base)], cwd=REPO_ROOT,
                                  env=ambiente, stdin=subprocess.DEVNULL, stdout=saida, stderr=subprocess.STDOUT,
                                  start_new_session=True)
        try:
            inicio = time.monotonic()
            # The runner prints this once every service answers.
            while "ERP Web no ar" not in log.read_text(errors="replace"):
                if runner.poll() is not None or time.monotonic() - inicio > PRAZO:
                    return [], ["erro: a demonstração não terminou", log.read_text(errors="replace")[-3000:]]
                time.sleep(0.2)
            linhas = _medir_no_navegador(f"http://127.0.0.1:{base}/")
        finally:
            if runner.poll() is None:
                runner.send_signal(signal.SIGINT)
                try:
                    runner.wait(60)
                except subprocess.TimeoutExpired:
                    os.killpg(runner.pid, signal.SIGKILL)
                    runner.wait()
    return linhas, [
        "Chromium com a emulação de rede 'Fast 3G' do DevTools (562,5 ms de latência, 1,44 Mbit/s, 675 kbit/s),",
        "tela de 390×844, cache ligado. 'na rede' = respostas que não vieram do cache do navegador (304 conta:",
        "revalidar custa uma ida e volta); KiB = bytes transferidos por elas (cabeçalhos incluídos).",
    ]
