"""`python -m bench.carga.enxame --host URL --usuarios N --segundos S --saida ARQUIVO`: one Locust
run of locustfile.py's staff, headless, through Locust's library API; its stats go to ARQUIVO as
JSON, per route (n, failures, p50/p95/p99/mean in ms) and per error.

A process of its own: importing Locust patches the standard library for gevent, which the bench's
process (psycopg2, threads, subprocesses) must not get.
"""
import locust  # noqa: F401  first: its gevent patching must come before any socket is made

import argparse
import json
import sys
import time
from pathlib import Path

import gevent
from locust.env import Environment

from bench.carga import locustfile


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.carga.enxame", description=__doc__)
    parser.add_argument("--host", required=True, help="o gateway (frontend), ex.: http://127.0.0.1:5000")
    parser.add_argument("--usuarios", type=int, default=50)
    parser.add_argument("--segundos", type=float, default=90)
    parser.add_argument("--taxa", type=float, default=2, help="pessoas que chegam por segundo (padrão: 2)")
    parser.add_argument("--saida", type=Path, required=True)
    opcoes = parser.parse_args(argv)

    ambiente = Environment(user_classes=[locustfile.Equipe], host=opcoes.host)
    ambiente.create_local_runner()
    inicio = time.monotonic()
    ambiente.runner.start(opcoes.usuarios, spawn_rate=opcoes.taxa)
    gevent.spawn_later(opcoes.segundos, ambiente.runner.quit)
    ambiente.runner.greenlet.join()
    duracao = time.monotonic() - inicio

    rotas = []
    for entrada in sorted(ambiente.stats.entries.values(), key=lambda e: (locustfile.servico_da_rota(e.name), e.name)):
        tem = entrada.num_requests > 0
        rotas.append({
            "nome": entrada.name,
            "servico": locustfile.servico_da_rota(entrada.name),
            "n": entrada.num_requests,
            "falhas": entrada.num_failures,
            "p50": entrada.get_response_time_percentile(0.50) if tem else None,
            "p95": entrada.get_response_time_percentile(0.95) if tem else None,
            "p99": entrada.get_response_time_percentile(0.99) if tem else None,
            "media": entrada.avg_response_time if tem else None,
        })
    erros = [{"nome": e.name, "erro": str(e.error), "vezes": e.occurrences} for e in ambiente.stats.errors.values()]
    total = ambiente.stats.total
    opcoes.saida.write_text(json.dumps({
        "segundos": duracao, "usuarios": opcoes.usuarios, "rotas": rotas, "erros": erros,
        "requests_por_segundo": total.num_requests / duracao if duracao else 0,
    }, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
