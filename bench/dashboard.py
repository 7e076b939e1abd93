"""Part 7: the dashboard over a big ledger — GET /api/dashboard cold and warm, how soon a payment
shows, and how many idle live streams one dashboard-api instance holds, at what memory.

The ledger is part 5's (bench.financeiro.gerar_livro: 1,000,000 lançamentos in empresa 1 beside
four other empresas). dashboard-api and financeiro-api run under gunicorn as `make run` starts them
(dashboard-api with the worker class tools/run.py gives it). Cold: every request comes after the
empresa's financeiro generation was bumped, as a write does, so none finds its cached value; warm:
the same request again. Freshness: a baixa is posted to financeiro-api and the dashboard is asked
until its "a receber" changes, timed from the moment the baixa's response arrived. Streams: N
sockets each hold GET /api/dashboard/stream open; the resident memory of the dashboard-api process
tree is read from /proc before and after, and one more payment must reach every stream.
"""
import json
import select
import socket
import time
from pathlib import Path
from urllib.parse import urlparse

import psycopg2
import redis

from bench.financeiro import EMPRESA, gerar_livro, milhares
from bench.infra import Banco, Infra
from bench.medir import Medida, cronometrar, cronometrar_frio, resumir
from shared.eventos import chave_geracao

PERMISSOES = {"dashboard:ler", "financeiro:ler", "financeiro:escrever"}


def _rss_da_arvore(pid: int) -> int:
    """Resident memory (bytes) of a process and all its descendants, from /proc."""
    total, pendentes = 0, [pid]
    while pendentes:
        atual = pendentes.pop()
        try:
            for linha in Path(f"/proc/{atual}/status").read_text().splitlines():
                if linha.startswith("VmRSS:"):
                    total += int(linha.split()[1]) * 1024
            for tarefa in Path(f"/proc/{atual}/task").iterdir():
                pendentes += [int(f) for f in (tarefa / "children").read_text().split()]
        except OSError:
            continue
    return total


def _abertos_a_receber(banco: Banco, quantos: int) -> list[int]:
    """Open receitas of empresa 1, to be paid one by one."""
    conn = psycopg2.connect(banco.owner_url)
    try:
        with conn, conn.cursor() as cur:
            cur.execute("""SELECT id FROM financeiro.lancamentos
                            WHERE empresa_id = %s AND tipo = 'RECEITA' AND status = 'PENDENTE'
                            ORDER BY data_vencimento DESC, id LIMIT %s""", (EMPRESA, quantos))
            return [i for (i,) in cur.fetchall()]
    finally:
        conn.close()


def _abrir_stream(url: str, token: str) -> socket.socket | None:
    """An open stream, past its first event; None when the service refused it (503: its cap)."""
    destino = urlparse(url)
    conexao = socket.create_connection((destino.hostname, destino.port), timeout=30)
    conexao.sendall((f"GET /api/dashboard/stream HTTP/1.1\r\nHost: {destino.netloc}\r\n"
                     f"Authorization: Bearer {token}\r\nAccept: text/event-stream\r\n\r\n").encode())
    recebido = b""
    while b"event: estado" not in recebido:
        parte = conexao.recv(4096)
        recebido += parte
        if recebido.startswith((b"HTTP/1.1 503", b"HTTP/1.0 503")):
            conexao.close()
            return None
        if not parte:
            raise RuntimeError(f"bench: o stream fechou antes do primeiro evento: {recebido[:300]!r}")
    return conexao


def _esperar_em_todos(conexoes: list[socket.socket], prazo: float) -> tuple[int, float]:
    """How many streams received an `atualizado` event before `prazo` seconds, and when the last did."""
    faltam = {c.fileno(): c for c in conexoes}
    lidos = {fd: b"" for fd in faltam}
    inicio = time.monotonic()
    ultimo = 0.0
    while faltam and time.monotonic() - inicio < prazo:
        prontos, _, _ = select.select(list(faltam.values()), [], [], 0.2)
        for conexao in prontos:
            lidos[conexao.fileno()] += conexao.recv(65536)
            if b"event: atualizado" in lidos[conexao.fileno()]:
                del faltam[conexao.fileno()]
                ultimo = time.monotonic() - inicio
    return len(conexoes) - len(faltam), ultimo


def medir(infra: Infra, n: int, quantos: int, streams: int) -> tuple[list[Medida], list[str]]:
    banco = infra.banco_migrado("erp_bench_dashboard")
    _ids, notas = gerar_livro(banco, quantos, outras=4, por_outra=quantos // 5)
    ambiente = infra.ambiente(banco, WEB_CONCURRENCY="1")
    financeiro = infra.iniciar_servicos(["financeiro-api"], ambiente)["financeiro-api"]
    # dashboard-api as deployed: two workers (each holds up to ERP_SSE_MAXIMO streams).
    painel = infra.iniciar_servicos(["dashboard-api"], {**ambiente, "WEB_CONCURRENCY": "2"})["dashboard-api"]
    http = infra.sessao_http(ambiente, EMPRESA, PERMISSOES, "bench-dashboard")
    r = redis.Redis.from_url(infra.redis_url)

    def resumo() -> dict:
        resposta = http.get(f"{painel}/api/dashboard", timeout=60)
        resposta.raise_for_status()
        return resposta.json()

    primeiro = resumo()
    # Cold: the generation moves as a write moves it, without its message, and the service's memory
    # of generations (0.5 s, shared/cache.py) is let run out first, so the request must rebuild.
    medidas = [cronometrar_frio("GET /api/dashboard frio (cache invalidado por uma nova geração)",
                                lambda: r.incr(chave_geracao(EMPRESA, "financeiro")), resumo, max(20, n // 10), 0.6),
               cronometrar("GET /api/dashboard quente (o mesmo de novo)", resumo, n, aquecimento=20)]
    widgets = cronometrar("GET /api/dashboard/widgets quente", lambda: http.get(
        f"{painel}/api/dashboard/widgets", timeout=60).raise_for_status(), n, aquecimento=20)
    medidas.append(widgets)

    # Freshness: a payment, then the dashboard until it shows it.
    abertos = _abertos_a_receber(banco, 60)
    atrasos = []
    for lancamento_id in abertos[:50]:
        antes = resumo()["a_receber"]
        baixa = http.post(f"{financeiro}/api/lancamentos/{lancamento_id}/baixas", json={}, timeout=60)
        baixa.raise_for_status()
        escrito = time.perf_counter_ns()
        while resumo()["a_receber"] == antes:
            if time.perf_counter_ns() - escrito > 10 * 10**9:
                raise RuntimeError("bench: o dashboard não mostrou a baixa em 10 s")
        atrasos.append(time.perf_counter_ns() - escrito)
    medidas.append(resumir("da baixa gravada (201) ao dashboard que a mostra", atrasos))

    # Idle streams.
    token = http.headers["Authorization"].split(" ", 1)[1]
    rss_antes = _rss_da_arvore(infra.pids["dashboard-api"])
    inicio = time.perf_counter_ns()
    conexoes, recusados = [], 0
    motivo = None
    try:
        for _ in range(streams):
            conexao = _abrir_stream(painel, token)
            if conexao is None:
                recusados += 1
            else:
                conexoes.append(conexao)
    except (OSError, RuntimeError) as erro:
        motivo = f"streams: o {len(conexoes) + recusados + 1}º não abriu ({erro})"
    aberto_em = (time.perf_counter_ns() - inicio) / 1e9
    time.sleep(2)
    rss_depois = _rss_da_arvore(infra.pids["dashboard-api"])
    recebidos, ultimo = 0, 0.0
    if conexoes and len(abertos) > 50:
        http.post(f"{financeiro}/api/lancamentos/{abertos[50]}/baixas", json={}, timeout=60).raise_for_status()
        recebidos, ultimo = _esperar_em_todos(conexoes, prazo=10)
    # The dashboard still answers while the streams are open.
    medidas.append(cronometrar(f"GET /api/dashboard quente com {len(conexoes)} streams abertos", resumo,
                               max(20, n // 5), aquecimento=5))
    for conexao in conexoes:
        conexao.close()
    http.close()
    mb = 1024 * 1024
    notas += [
        f"resumo da empresa {EMPRESA}: {json.dumps({k: primeiro[k] for k in ('saldo_total', 'a_receber', 'a_pagar', 'vencidos')}, ensure_ascii=False)}.",
        f"streams: {len(conexoes)} abertos ({recusados} recusados com 503 pelo limite por processo) em "
        f"{aberto_em:.1f} s; memória residente do dashboard-api (mestre e "
        f"workers) {rss_antes / mb:.0f} MB antes, {rss_depois / mb:.0f} MB com eles "
        f"({(rss_depois - rss_antes) / max(1, len(conexoes)) / 1024:.0f} KB por stream); uma baixa chegou a "
        f"{recebidos} de {len(conexoes)} em {ultimo * 1000:.0f} ms." + (f" {motivo}" if motivo else ""),
        f"empresa {EMPRESA}: {milhares(quantos)} lançamentos e 4 outras empresas de {milhares(quantos // 5)}; "
        "dashboard-api com 2 workers e financeiro-api com 1 (classe de worker do tools/run.py).",
    ]
    return medidas, notas
