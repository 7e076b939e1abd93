"""Part 13: a studio day under load (issue 20) — Locust's staff against the whole stack, twice.

The eight services start under gunicorn as `make run` starts them (tools/run.py: the same
functions, two workers each, the frontend as the gateway), over a new database with the demo
studio written by the runner's own steps (bootstrap, DEMOS, DEMOS_AO_VIVO), and with the
production rate limits. The platform admin then creates the studio's staff through the gateway:
`usuarios` users (equipe-01 ...) with the demo user's permissions. Locust (bench/carga/enxame.py, in
a process of its own) runs locustfile.py's users through the gateway for `segundos`, reading and
writing, each person only their own records (bench/carga/escritas.py):

1. a quiet day: p50/p95/p99 and failures per route, reads and writes alike;
2. the same, with one service (`reiniciar`, relatorios-api by default) killed with SIGKILL halfway
   through and started again at once: its own routes, writes too, may fail while it is down (the
   gateway answers 503), every other service's must not — the target is 0 failures. The time the
   service took to answer /health again, and until a report came back through the gateway, are
   measured beside it.

The second run finds the first's records in place; each run has its own ERP_CARGA_RODADA, so that
its values (escritas.py) are not the first's.
"""
import json
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

from shared.config import REPO_ROOT, SERVICOS
from tools import run

from bench.infra import ADMIN_PASSWORD, Infra, portas_livres

CABECALHO = ["rota", "serviço", "requests", "falhas", "p50 ms", "p95 ms", "p99 ms"]
SENHA_DEMO = "bench-demo-Dia-2026"
SENHA_EQUIPE = "bench-equipe-Dia-" + secrets.token_hex(4)
META_FALHAS = "meta 0 falhas"
# Staff arriving two a second: 50 logins (argon2id each) at once would measure a login storm, not a day.
CHEGADAS_POR_SEGUNDO = 2
RELATORIO_DE_PROVA = "/api/relatorios/inadimplencia"
# locustfile.QUEDA_DO_STREAM, not imported: importing Locust would patch this process for gevent.
QUEDA_DO_STREAM = "GET /api/dashboard/stream (caiu antes do fim)"


class _Pilha:
    """The eight services on free ports, each of which can be killed and started again."""

    def __init__(self, infra: Infra, ambiente: dict):
        self.portas = dict(zip(SERVICOS, portas_livres(len(SERVICOS))))
        self.base = {**os.environ, **ambiente}
        self.pasta = infra.pasta
        self.processos: dict[str, subprocess.Popen] = {}

    def url(self) -> str:
        """The gateway: the one address the staff use."""
        return f"http://127.0.0.1:{self.portas['frontend']}"

    def iniciar(self, *servicos: str) -> None:
        iniciados = {}
        for nome in servicos or SERVICOS:
            with open(self.pasta / f"dia-{nome}.log", "ab") as saida:
                iniciados[nome] = run.start_service(nome, self.portas, self.base, saida)
        self.processos.update(iniciados)
        run.wait_healthy(iniciados, self.portas)

    def matar(self, servico: str) -> None:
        """A crash: SIGKILL to the master and its workers, no graceful stop."""
        processo = self.processos.pop(servico)
        os.killpg(processo.pid, signal.SIGKILL)
        processo.wait()

    def passo(self, comando) -> None:
        """One of the runner's steps (bootstrap, demos) with the services' variables."""
        with open(self.pasta / "dia-demo.log", "ab") as saida:
            comando(self.portas, self.base, saida)

    def parar(self) -> None:
        run.stop_processes(list(self.processos.values()))
        self.processos.clear()


def _sessao(url: str, username: str, senha: str, prazo: float = 60) -> requests.Session:
    """Logged in through the gateway. While auth-api is swamped by the staff's logins (argon2id on a
    loaded machine) the gateway may turn a login away, 504 or 503 with auth-api's breaker open: tried
    again for up to `prazo` seconds, as a person would, rather than losing the run."""
    http = requests.Session()
    http.trust_env = False
    limite = time.monotonic() + prazo
    while True:
        resposta = http.post(url + "/api/login", json={"username": username, "password": senha}, timeout=30)
        if resposta.status_code not in (503, 504) or time.monotonic() > limite:
            break
        time.sleep(2)
    resposta.raise_for_status()
    http.headers["Authorization"] = f"Bearer {resposta.json()['token']}"
    return http


def _criar_equipe(pilha: _Pilha, empresa_id: int, quantos: int, prefixo: str) -> None:
    """The studio's staff, through the gateway as the admin screen creates them."""
    with _sessao(pilha.url(), "demo", SENHA_DEMO) as demo:
        permissoes = demo.get(pilha.url() + "/api/permissoes", timeout=30).json()["permissoes"]
    with _sessao(pilha.url(), "admin", ADMIN_PASSWORD) as admin:
        for numero in range(1, quantos + 1):
            resposta = admin.post(pilha.url() + "/api/usuarios", timeout=30, json={
                "username": f"{prefixo}-{numero:02d}", "nome": f"Equipe {numero:02d}", "password": SENHA_EQUIPE,
                "empresas": [empresa_id], "permissoes": permissoes, "trocar_senha": False})
            if resposta.status_code != 201:
                raise RuntimeError(f"POST /api/usuarios: {resposta.status_code} {resposta.text[:300]}")


def _enxame(pilha: _Pilha, usuarios: int, segundos: float, saida: Path, prefixo: str, rodada: int) -> subprocess.Popen:
    ambiente = {**os.environ, "ERP_CARGA_SENHA": SENHA_EQUIPE, "ERP_CARGA_PREFIXO": prefixo,
                "ERP_CARGA_USUARIOS": str(usuarios), "ERP_CARGA_RODADA": str(rodada), "PYTHONPATH": str(REPO_ROOT)}
    with open(pilha.pasta / "dia-locust.log", "ab") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "bench.carga.enxame", "--host", pilha.url(), "--usuarios", str(usuarios),
             "--taxa", str(CHEGADAS_POR_SEGUNDO), "--segundos", str(segundos), "--saida", str(saida)],
            cwd=REPO_ROOT, env=ambiente, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)


def _esperar(processo: subprocess.Popen, segundos: float, pasta: Path) -> None:
    try:
        codigo = processo.wait(segundos + 120)
    except subprocess.TimeoutExpired:
        processo.kill()
        raise RuntimeError("o Locust não terminou no prazo") from None
    if codigo != 0:
        raise RuntimeError(f"o Locust falhou (código {codigo}):\n"
                           + (pasta / "dia-locust.log").read_text(errors="replace")[-3000:])


def _ms(valor) -> str:
    return "—" if valor is None else f"{valor:.0f}"


def _linhas(resultado: dict) -> list[list[str]]:
    return [[r["nome"], r["servico"], str(r["n"]), str(r["falhas"]), _ms(r["p50"]), _ms(r["p95"]), _ms(r["p99"])]
            for r in resultado["rotas"]]


def _erros(resultado: dict, limite: int = 8) -> list[str]:
    erros = sorted(resultado["erros"], key=lambda e: -e["vezes"])
    return [f"  {e['vezes']}× {e['nome']}: {e['erro'][:160]}" for e in erros[:limite]]


def _reiniciar_no_meio(pilha: _Pilha, servico: str, apos: float, medidas: dict) -> None:
    """Kills `servico` `apos` seconds in, starts it again at once; how long until /health answers
    and until a report comes back 200 through the gateway (its breaker closed again)."""
    time.sleep(apos)
    prova = _sessao(pilha.url(), "demo", SENHA_DEMO)
    inicio = time.monotonic()
    pilha.matar(servico)
    pilha.iniciar(servico)
    medidas["health"] = time.monotonic() - inicio
    while time.monotonic() - inicio < 120:
        if prova.get(pilha.url() + RELATORIO_DE_PROVA, timeout=10).status_code == 200:
            medidas["gateway"] = time.monotonic() - inicio
            break
        time.sleep(0.1)
    prova.close()


def medir(infra: Infra, usuarios: int, segundos: float, reiniciar: str = "relatorios-api") -> list[tuple]:
    """Two tables, (titulo, linhas, notas) each, of CABECALHO's columns."""
    banco = infra.banco_migrado("erp_bench_dia")
    ambiente = infra.ambiente(banco, ERP_STATE_DIR=str(infra.pasta / "dia-estado"), ERP_DEMO_PASSWORD=SENHA_DEMO,
                              ERP_GATEWAY_SECRET=secrets.token_hex(32), WEB_CONCURRENCY="2")
    ambiente.pop("RATE_LIMIT_PADRAO")  # the production limits: each member of staff is one user
    pilha = _Pilha(infra, ambiente)
    prefixo = "equipe"
    enxame = None
    try:
        inicio = time.monotonic()
        pilha.passo(lambda p, b, s: run.run_bootstrap(p, b, ["--demo"], s))
        empresa_id = int((infra.pasta / "dia-estado" / "empresa-demo").read_text().strip())
        pilha.passo(lambda p, b, s: run.run_demos(p, b, s, empresa_id))
        pilha.iniciar()
        pilha.passo(lambda p, b, s: run.run_demos_ao_vivo(p, b, s, empresa_id))
        _criar_equipe(pilha, empresa_id, usuarios, prefixo)
        preparo = time.monotonic() - inicio

        calmo = infra.pasta / "dia-calmo.json"
        _esperar(_enxame(pilha, usuarios, segundos, calmo, prefixo, 1), segundos, infra.pasta)
        calmo = json.loads(calmo.read_text())

        com_queda = infra.pasta / "dia-reinicio.json"
        medidas = {}
        enxame = _enxame(pilha, usuarios, segundos, com_queda, prefixo, 2)
        _reiniciar_no_meio(pilha, reiniciar, segundos / 2, medidas)
        _esperar(enxame, segundos, infra.pasta)
        com_queda = json.loads(com_queda.read_text())
    finally:
        if enxame is not None and enxame.poll() is None:
            enxame.kill()
            enxame.wait()
        pilha.parar()

    def resumo(resultado: dict, servicos, rotulo: str) -> list[str]:
        rotas = [r for r in resultado["rotas"] if r["servico"] in servicos]
        return [rotulo, "", str(sum(r["n"] for r in rotas)), str(sum(r["falhas"] for r in rotas)), "", "", ""]

    todos = set(SERVICOS) | {"?"}
    outros = todos - {reiniciar}
    comum = [f"{usuarios} pessoas (logins próprios, {CHEGADAS_POR_SEGUNDO} chegando por segundo), {segundos:.0f} s "
             "cada rodada, pausa de 2 a 6 s entre telas (e antes de tentar de novo um login que falhou); "
             "cada uma com o stream do dashboard aberto a rodada toda. Tudo pelo gateway; 2 telas em 7 gravam "
             "(lançamento, baixa, conciliação, extrato OFX, sessão, cliente), cada pessoa só nos seus registros, "
             "então toda gravação espera 201/200 e um 409 conta como falha; "
             f"8 serviços com 2 workers (gunicorn), limites de taxa de produção. Preparo (demo + equipe): "
             f"{preparo:.0f} s.",
             f"'{QUEDA_DO_STREAM}': um stream que terminou antes do fim da rodada (o navegador reconecta); "
             "'(ao vivo)': o dashboard aberto buscando de novo resumo e widgets a cada 'atualizado' do stream, "
             "como o SPA (uma rajada em 200 ms mais até 1 s ao acaso, uma busca)."]
    tabela_calma = (
        f"13. Um dia de estúdio sob carga (Locust): {usuarios} pessoas no razão, na conciliação, nos relatórios, "
        "na agenda e no dashboard ao vivo, lançando, conciliando, agendando e cadastrando",
        _linhas(calmo) + [resumo(calmo, todos, "total")],
        comum + [f"{calmo['requests_por_segundo']:.1f} requests/s no total."]
        + (["falhas:"] + _erros(calmo) if calmo["erros"] else []),
    )
    health, gateway = medidas.get("health"), medidas.get("gateway")
    tabela_reinicio = (
        f"13b. O mesmo dia com o {reiniciar} morto (SIGKILL) e reiniciado aos {segundos / 2:.0f} s: "
        "as falhas nos outros serviços, leituras e gravações (meta: nenhuma)",
        _linhas(com_queda) + [resumo(com_queda, outros, f"outros serviços, total ({META_FALHAS})"),
                              resumo(com_queda, {reiniciar}, f"{reiniciar}, total (reiniciado)")],
        [f"{reiniciar}: /health de novo em {health:.1f} s depois do SIGKILL; um relatório pelo gateway de novo "
         f"200 em {gateway:.1f} s." if health is not None and gateway is not None
         else f"{reiniciar}: não voltou em 120 s.",
         f"{com_queda['requests_por_segundo']:.1f} requests/s no total."]
        + (["falhas:"] + _erros(com_queda) if com_queda["erros"] else []),
    )
    return [tabela_calma, tabela_reinicio]
