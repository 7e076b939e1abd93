"""Timing a repeated operation and summarising it."""
import statistics
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Medida:
    nome: str
    n: int
    p50_us: float
    p99_us: float
    media_us: float
    nota: str = ""


def percentil(ordenados: list[float], p: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    indice = max(0, min(len(ordenados) - 1, round(p / 100 * len(ordenados) + 0.5) - 1))
    return ordenados[indice]


def resumir(nome: str, amostras_ns: list[int], nota: str = "") -> Medida:
    us = sorted(a / 1000 for a in amostras_ns)
    return Medida(nome, len(us), percentil(us, 50), percentil(us, 99), statistics.fmean(us), nota)


def cronometrar(nome: str, operacao, n: int, aquecimento: int = 100, nota: str = "") -> Medida:
    """Runs `operacao` `aquecimento` times untimed, then `n` times, each timed on its own."""
    for _ in range(aquecimento):
        operacao()
    amostras = []
    relogio = time.perf_counter_ns
    for _ in range(n):
        inicio = relogio()
        operacao()
        amostras.append(relogio() - inicio)
    return resumir(nome, amostras, nota)


def cronometrar_frio(nome: str, invalidar, operacao, n: int, espera: float) -> Medida:
    """Times `operacao` `n` times, each after `invalidar()` and `espera` seconds, so that it finds
    no cached answer (`espera` outlasts what a service keeps in its own memory)."""
    amostras = []
    for _ in range(n):
        invalidar()
        time.sleep(espera)
        inicio = time.perf_counter_ns()
        operacao()
        amostras.append(time.perf_counter_ns() - inicio)
    return resumir(nome, amostras)
