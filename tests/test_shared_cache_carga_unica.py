"""A miss is loaded once (single-flight, shared/cache.py), on a real Redis, real threads and real
processes:

* many threads of one process, and threads of several processes, missing one key at the same
  moment run the loader once and all get its value;
* a holder that dies while loading (SIGKILL: its lock stays until it expires) keeps the others
  waiting no longer than the bound; one whose loader fails lets them load at once;
* keys do not wait for each other;
* with Redis down, or going down while a reader waits, every reader still gets its answer.
"""
import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from shared.cache import Cache
from shared.config import REPO_ROOT
from shared.eventos import Barramento
from shared.redis_client import conectar

EMPRESA = 31
DOMINIO = "financeiro"
FOLGA = 1.0  # seconds a 2-core machine under other tests may add to a bound, asserted generously


@pytest.fixture
def cliente(redis_url):
    c = conectar(redis_url)
    yield c
    c.close()


def novo_cache(cliente, espera: float = 5.0) -> Cache:
    return Cache(cliente, Barramento(cliente, "teste-carga-unica"), "teste-carga-unica", memo_ttl=30, espera=espera)


def chave_nova() -> str:
    return f"painel-{time.monotonic_ns()}"


def ao_mesmo_tempo(n: int, funcao) -> list:
    """`funcao()` in n threads released together; their results (an exception as itself)."""
    barreira = threading.Barrier(n)
    resultados = [None] * n

    def rodar(i):
        barreira.wait()
        try:
            resultados[i] = funcao()
        except Exception as erro:  # noqa: BLE001 - the test looks at it
            resultados[i] = erro

    threads = [threading.Thread(target=rodar, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return resultados


# ---------------------------------------------------------------- a reader in another process

CARREGADOR = r"""
import json, os, sys, threading, time
from shared.cache import Cache
from shared.eventos import Barramento
from shared.redis_client import conectar

redis_url, chave, espera, n, modo = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
cliente = conectar(redis_url)
cache = Cache(cliente, Barramento(cliente, "teste-carga-unica"), "teste-carga-unica", memo_ttl=30, espera=espera)

def carregar():
    if modo == "morrer":
        print("carregando", flush=True)
        time.sleep(60)  # killed meanwhile
    cliente.incr(chave + ":cargas")
    time.sleep(0.5)
    return f"calculado por {os.getpid()}"

largada = threading.Event()
resultados = []

def ler():
    largada.wait()
    resultados.append(cache.obter_texto(31, ("financeiro",), chave, carregar))

threads = [threading.Thread(target=ler) for _ in range(n)]
for t in threads:
    t.start()
print("pronto", flush=True)
while not cliente.exists(chave + ":largada"):  # all processes go together
    time.sleep(0.002)
largada.set()
for t in threads:
    t.join()
print(json.dumps(resultados), flush=True)
"""


def processo(tmp_path, redis_url: str, chave: str, espera: float, n: int, modo: str) -> subprocess.Popen:
    script = tmp_path / "carregador.py"
    script.write_text(CARREGADOR)
    filho = subprocess.Popen([sys.executable, str(script), redis_url, chave, str(espera), str(n), modo],
                             stdout=subprocess.PIPE, text=True, cwd=REPO_ROOT,
                             env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})
    assert filho.stdout.readline().strip() == "pronto"
    return filho


# ---------------------------------------------------------------- one load for everyone


def test_threads_missing_one_key_together_run_the_loader_once(cliente):
    cache = novo_cache(cliente)
    chave = chave_nova()
    cargas = []

    def carregar():
        cargas.append(threading.get_ident())
        time.sleep(0.3)  # long enough for every thread to miss meanwhile
        return {"saldo_total": "1234.56", "carga": len(cargas)}

    resultados = ao_mesmo_tempo(30, lambda: cache.obter(EMPRESA, (DOMINIO,), chave, carregar))
    assert len(cargas) == 1
    assert resultados == [{"saldo_total": "1234.56", "carga": 1}] * 30
    assert cache.obter(EMPRESA, (DOMINIO,), chave, carregar) == resultados[0] and len(cargas) == 1
    assert cache._cargas == {}, "nothing left behind for the key"


def test_processes_missing_one_key_together_run_the_loader_once(tmp_path, cliente, redis_url):
    """Three processes of ten threads each, as gunicorn's workers or replicas: one load in all,
    counted in Redis, and the very text it stored in every thread of every process."""
    chave = chave_nova()
    filhos = [processo(tmp_path, redis_url, chave, 5.0, 10, "contar") for _ in range(3)]
    cliente.set(chave + ":largada", "vai", ex=60)
    vistos = [json.loads(f.communicate(timeout=60)[0].strip().splitlines()[-1]) for f in filhos]
    assert int(cliente.get(chave + ":cargas")) == 1
    textos = {texto for lista in vistos for texto in lista}
    assert sum(len(lista) for lista in vistos) == 30 and len(textos) == 1
    assert textos.pop().removeprefix("calculado por ") in {str(f.pid) for f in filhos}


# ---------------------------------------------------------------- nobody hangs


def test_a_holder_that_dies_does_not_block_the_others_past_the_bound(tmp_path, cliente, redis_url):
    espera = 1.5
    chave = chave_nova()
    morto = processo(tmp_path, redis_url, chave, espera, 1, "morrer")
    cliente.set(chave + ":largada", "vai", ex=60)
    assert morto.stdout.readline().strip() == "carregando"
    os.kill(morto.pid, signal.SIGKILL)
    morto.wait(10)
    assert any(k.endswith(":carregando") and chave in k for k in cliente.keys("erp:cache:teste-carga-unica:*")), \
        "the dead holder's lock is still there"

    cache = novo_cache(cliente, espera=espera)
    inicio = time.monotonic()
    resultados = ao_mesmo_tempo(5, lambda: cache.obter_texto(EMPRESA, (DOMINIO,), chave, lambda: "calculado aqui"))
    demora = time.monotonic() - inicio
    assert resultados == ["calculado aqui"] * 5
    assert demora <= espera + FOLGA, f"esperou {demora:.2f} s"
    assert int(cliente.get(chave + ":cargas") or 0) == 0, "the dead one never loaded"


def test_a_loader_that_fails_lets_the_waiters_load_at_once(cliente):
    """The first thread's load raises: it gets its error, the others load for themselves without
    waiting out the bound."""
    cache = novo_cache(cliente, espera=5.0)
    chave = chave_nova()
    primeira = threading.Lock()

    def carregar():
        if primeira.acquire(blocking=False):
            time.sleep(0.3)
            raise RuntimeError("o banco caiu no meio")
        return "calculado de novo"

    inicio = time.monotonic()
    resultados = ao_mesmo_tempo(6, lambda: cache.obter_texto(EMPRESA, (DOMINIO,), chave, carregar))
    assert time.monotonic() - inicio < 2.0
    assert [str(r) for r in resultados].count("o banco caiu no meio") == 1
    assert resultados.count("calculado de novo") == 5


def test_different_keys_do_not_wait_for_each_other(cliente):
    cache = novo_cache(cliente)
    uma, outra = chave_nova(), chave_nova()
    solta = threading.Event()
    lenta = threading.Thread(target=lambda: cache.obter_texto(EMPRESA, (DOMINIO,), uma, lambda: solta.wait(10) and "lenta"))
    lenta.start()
    try:
        time.sleep(0.1)  # `uma` is loading
        inicio = time.monotonic()
        assert cache.obter_texto(EMPRESA, (DOMINIO,), outra, lambda: "rápida") == "rápida"
        assert time.monotonic() - inicio < 0.5
        assert lenta.is_alive(), "the other key was still loading"
    finally:
        solta.set()
        lenta.join(10)


# ---------------------------------------------------------------- Redis down


def test_with_redis_down_every_concurrent_reader_still_answers(redis_server, redis_url):
    cache = novo_cache(conectar(redis_url))
    redis_server.stop()
    resultados = ao_mesmo_tempo(8, lambda: cache.obter(EMPRESA, (DOMINIO,), chave_nova(), lambda: {"total": "10.50"}))
    assert resultados == [{"total": "10.50"}] * 8


def test_redis_going_down_while_a_reader_waits_for_another_process_still_answers(redis_server, redis_url):
    """Another process holds the lock (for 60 s here) and Redis stops: the waiter loads from the
    database then, not after the bound."""
    cliente = conectar(redis_url)
    cache = novo_cache(cliente, espera=60)
    chave = chave_nova()
    geracao = cache.geracao(EMPRESA, DOMINIO)
    cliente.set(f"erp:cache:teste-carga-unica:{EMPRESA}:{chave}:{geracao}:carregando", "1", px=60_000)
    resultado = []
    leitor = threading.Thread(target=lambda: resultado.append(
        cache.obter_texto(EMPRESA, (DOMINIO,), chave, lambda: "do banco")))
    leitor.start()
    time.sleep(0.3)
    assert leitor.is_alive(), "it waits for the holder while Redis is up"
    inicio = time.monotonic()
    redis_server.stop()
    leitor.join(10)
    assert resultado == ["do banco"] and time.monotonic() - inicio < 5
