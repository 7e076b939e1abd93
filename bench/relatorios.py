"""Part 9: the reports over a big ledger — each report cold and warm, and one XLSX export end to end
with the memory it took.

The ledger is part 5's (bench.financeiro.gerar_livro: N lançamentos in empresa 1 beside four other
empresas of N/5, 40% of them on one centro de custo and 20% split over 2 or 3; without the search
words, which no report reads). relatorios-api runs under gunicorn as deployed (two workers). Cold: every request
comes after the empresa's financeiro generation was bumped, as a write does, and the service's
memory of generations (0.5 s, shared/cache.py) has run out, so the report is computed again; warm:
the same request again, from the cache. Each report for a year and for the longest period
allowed (60 months), the análise with and without a centro de custo. relatorios.somas.somar, what
the DRE, comparativo and indicadores add up, is also timed in this process by month for a year over
the service's own database role: every call computes (it has no cache), so it is the cold path of
those reports without HTTP. The export is of the biggest report the ledger gives (the
one with the most rows: the fluxo de caixa by day over the 5 years allowed, or the inadimplência by
cliente), timed from the POST to the file downloaded; the peak resident memory (VmHWM) of each
worker is read from /proc before and after it.
"""
import time
from datetime import date, timedelta
from pathlib import Path

import psycopg2
import psycopg2.extras
import redis

from bench.financeiro import EMPRESA, gerar_livro, milhares
from bench.infra import Infra, adicionar_servicos_ao_path
from bench.medir import Medida, cronometrar, cronometrar_frio, resumir
from shared.eventos import chave_geracao

# Issue 16's targets, printed beside the figures, never checked: warm < 20 ms, cold < 300 ms for a year.
META_QUENTE, META_FRIO_ANO = "meta < 20 ms", "meta < 300 ms"


def _meses_ate(hoje: date, meses: int) -> dict:
    """The `meses` calendar months up to today, the current one included (60: the reports' maximum)."""
    inicio = hoje.replace(day=1)
    for _ in range(meses - 1):
        inicio = (inicio - timedelta(days=1)).replace(day=1)
    return {"de": inicio.isoformat(), "ate": hoje.isoformat()}


def _workers(mestre: int) -> list[int]:
    """The gunicorn master's children (its workers), from /proc."""
    filhos = []
    for tarefa in Path(f"/proc/{mestre}/task").iterdir():
        filhos += [int(f) for f in (tarefa / "children").read_text().split()]
    return filhos


def _memoria(pid: int) -> dict:
    """VmHWM (peak) and VmRSS (now) of one process, in bytes."""
    valores = {}
    for linha in Path(f"/proc/{pid}/status").read_text().splitlines():
        campo, _, resto = linha.partition(":")
        if campo in ("VmHWM", "VmRSS"):
            valores[campo] = int(resto.split()[0]) * 1024
    return valores


def _mb(valor: int) -> str:
    return f"{valor / (1024 * 1024):.0f} MB"


def _medir_somas(app_url: str, ano: dict, centro: int, n: int) -> list[Medida]:
    """somas.somar by month for a year, each regime for every centro, one centro and per centro."""
    adicionar_servicos_ao_path()
    from relatorios import somas

    de, ate = date.fromisoformat(ano["de"]), date.fromisoformat(ano["ate"])
    conn = psycopg2.connect(app_url, cursor_factory=psycopg2.extras.RealDictCursor)
    conn.autocommit = True
    medidas = []
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT set_config('app.empresa_id', %s, false)", (str(EMPRESA),))
            for regime in ("competencia", "caixa"):
                for rotulo, filtros in (("todos os centros", {}), ("um centro", {"centro_custo_id": centro}),
                                        ("por centro", {"por_centro": True})):
                    medidas.append(cronometrar(
                        f"somas.somar {regime}, um ano por mês, {rotulo} (sem HTTP nem cache) ({META_FRIO_ANO})",
                        lambda: somas.somar(cur, regime, de, ate, por_mes=True, **filtros), n, aquecimento=2))
    finally:
        conn.close()
    return medidas


def medir(infra: Infra, n: int, quantos: int) -> tuple[list[Medida], list[str]]:
    banco = infra.banco_migrado("erp_bench_relatorios")
    ids, notas = gerar_livro(banco, quantos, outras=4, por_outra=quantos // 5, palavras=False)
    ambiente = infra.ambiente(banco, WEB_CONCURRENCY="2")
    url = infra.iniciar_servicos(["relatorios-api"], ambiente)["relatorios-api"]
    http = infra.sessao_http(ambiente, EMPRESA, {"relatorios:ler"}, "bench-relatorios")
    r = redis.Redis.from_url(infra.redis_url)
    hoje = ids["hoje"]
    ano, tudo = _meses_ate(hoje, 12), _meses_ate(hoje, 60)
    centro = ids["centros"][0]  # the most used
    n_frio = max(20, n // 10)

    def pedir(caminho: str, parametros: dict):
        def operacao():
            resposta = http.get(f"{url}/api/relatorios/{caminho}", params=parametros, timeout=600)
            resposta.raise_for_status()
            return resposta.json()
        return operacao

    linhas = [  # name, request, whether the cold target (for a year) applies
        ("fluxo-caixa (um ano, por mês)", pedir("fluxo-caixa", {**ano, "agrupamento": "mes"}), True),
        ("fluxo-caixa (5 anos, por mês)", pedir("fluxo-caixa", {**tudo, "agrupamento": "mes"}), False),
        ("fluxo-caixa/projetado (90 dias)", pedir("fluxo-caixa/projetado", {"dias": 90}), False),
        ("fluxo-caixa/projetado (365 dias)", pedir("fluxo-caixa/projetado", {"dias": 365}), False),
        ("inadimplencia (hoje)", pedir("inadimplencia", {}), False),
    ]
    for regime in ("competencia", "caixa"):
        for periodo, datas in (("um ano", ano), ("5 anos", tudo)):
            for rotulo, filtro in (("", {}), (", um centro", {"centro_custo_id": centro})):
                linhas.append((f"analise ({periodo}, {regime}{rotulo})",
                               pedir("analise", {**datas, "regime": regime, **filtro}), periodo == "um ano"))
    medidas = []
    for nome, operacao, um_ano in linhas:
        operacao()
        # Cold: the generation moves as a write moves it, without its message, and the service's
        # memory of generations (0.5 s, shared/cache.py) is let run out first, so the report is computed.
        medidas += [cronometrar_frio(f"GET {nome} frio" + (f" ({META_FRIO_ANO})" if um_ano else ""),
                                     lambda: r.incr(chave_geracao(EMPRESA, "financeiro")), operacao,
                                     n_frio, 0.6),
                    cronometrar(f"GET {nome} quente ({META_QUENTE})", operacao, n, aquecimento=20)]

    medidas += _medir_somas(banco.app_url, ano, centro, n_frio)

    # The export: the candidate with the most rows, as the screen would ask for it.
    cinco_anos = {**_meses_ate(hoje, 60), "agrupamento": "dia"}
    fluxo_dia = len(pedir("fluxo-caixa", cinco_anos)()["periodos"])
    por_cliente = len(pedir("inadimplencia", {})()["clientes"])
    if fluxo_dia >= por_cliente:
        relatorio, parametros, tamanho = "fluxo-caixa", cinco_anos, f"{milhares(fluxo_dia)} dias em 5 anos"
    else:
        relatorio, parametros, tamanho = "inadimplencia", {}, f"{milhares(por_cliente)} clientes com saldo aberto"

    workers = _workers(infra.pids["relatorios-api"])
    antes = {pid: _memoria(pid) for pid in workers}
    inicio = time.perf_counter_ns()
    criada = http.post(f"{url}/api/relatorios/export", json={"relatorio": relatorio, "formato": "xlsx",
                                                              "parametros": parametros}, timeout=60)
    criada.raise_for_status()
    exportacao = criada.json()["id"]
    consultas = 0
    while True:
        estado = http.get(f"{url}/api/relatorios/export/{exportacao}", timeout=60)
        estado.raise_for_status()
        consultas += 1
        if estado.json()["status"] in ("pronto", "erro"):
            break
        if time.perf_counter_ns() - inicio > 600 * 10**9:
            raise RuntimeError("bench: a exportação não terminou em 10 minutos")
        time.sleep(0.05)
    if estado.json()["status"] == "erro":
        raise RuntimeError(f"bench: a exportação terminou com erro: {estado.json()['erro']}")
    arquivo = http.get(f"{url}/api/relatorios/export/{exportacao}/arquivo", timeout=600)
    arquivo.raise_for_status()
    medidas.append(resumir(f"exportação XLSX de {relatorio} (POST → pronto → arquivo)",
                           [time.perf_counter_ns() - inicio]))
    depois = {pid: _memoria(pid) for pid in workers}
    http.close()

    memoria = "; ".join(f"worker {pid}: pico {_mb(antes[pid]['VmHWM'])} antes, {_mb(depois[pid]['VmHWM'])} depois "
                        f"(residente agora {_mb(depois[pid]['VmRSS'])})" for pid in workers)
    notas += [
        "metas do issue 16, como texto (o bench não as verifica): quente < 20 ms; frio < 300 ms para um ano.",
        f"períodos: um ano = {ano['de']} a {ano['ate']}, 5 anos = {tudo['de']} a {tudo['ate']} (o máximo); "
        f"um centro = o mais usado (id {centro}); frio = depois de uma nova geração do financeiro "
        "(o cache não serve), quente = o mesmo request de novo.",
        "exportação: não há exportação do detalhe do livro (os lançamentos de um ano) em relatorios-api; "
        f"medida a maior que existe: {relatorio} ({tamanho}), {len(arquivo.content) / 1024:.0f} KiB, {consultas} consultas do progresso "
        f"(uma a cada 50 ms); memória do relatorios-api (VmHWM, desde a partida): {memoria}.",
        f"empresa {EMPRESA}: {milhares(quantos)} lançamentos e 4 outras empresas de {milhares(quantos // 5)}; "
        "relatorios-api com 2 workers, como em produção.",
    ]
    return medidas, notas
