"""Gunicorn settings for every service: `gunicorn -c shared/gunicorn_conf.py "<pacote>:create_app()"`.

Everything a deploy may tune comes from the environment (PORT, WEB_CONCURRENCY, ...), so the same
file serves `make run`, docker compose and Railway.
"""
import gc
import os
import shutil
import socket
import tempfile


def _bind_host() -> str:
    # Railway's private network is IPv6 only, and "[::]" also takes IPv4 on a dual-stack host;
    # a host or container without IPv6 gets plain IPv4.
    if socket.has_ipv6:
        try:
            with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as probe:
                probe.bind(("::", 0))
            return "[::]"
        except OSError:
            pass
    return "0.0.0.0"


# ERP_BIND_HOST narrows it: `make run` binds the backends to loopback, so only the gateway (and
# this machine) reaches them.
bind = [f"{os.environ.get('ERP_BIND_HOST') or _bind_host()}:{os.environ.get('PORT', '8000')}"]
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# gunicorn's own classes answer its own errors (414, 431, a malformed request) with an HTML page;
# these subclasses answer them in the contract's JSON envelope (shared/gunicorn_workers.py).
CLASSES_DE_WORKER = {"sync": "shared.gunicorn_workers.SyncWorker", "gthread": "shared.gunicorn_workers.ThreadWorker"}
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
worker_class = CLASSES_DE_WORKER.get(worker_class, worker_class)
threads = int(os.environ.get("GUNICORN_THREADS", "1"))  # used by the gthread worker class
timeout = 30
graceful_timeout = 10
# The services log every request themselves, as JSON with the correlation id.
accesslog = None
# Peers whose X-Forwarded-Proto gunicorn itself believes (it then sets the request's scheme): none.
# The apps decide, by proof rather than by address (shared/encaminhamento.py): on one machine any
# process is 127.0.0.1, and the gateway is not the only one.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "")
# Several services share a machine (`make run`, tests) and would fight over the one default path of
# gunicorn's control socket; nothing here uses `gunicornc`.
control_socket_disable = True

# Metrics (shared/metricas.py): with more than one worker process each counts in files of its own
# and /metrics adds them up (prometheus_client's multiprocess mode). Set in the master as it starts,
# before any worker imports prometheus_client, which reads it then (and not when this file is merely
# read, as the tests do). A fresh folder per gunicorn start, below PROMETHEUS_MULTIPROC_DIR when
# given: counts left by an earlier run (or by another service on the same machine, given the same
# variable) would otherwise be added to this one's. A master killed with SIGKILL leaves its folder
# behind, in the temporary folder by default.
_pasta_das_metricas = None


def on_starting(_server):
    global _pasta_das_metricas
    if workers > 1 or os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        raiz = os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None
        if raiz:
            os.makedirs(raiz, exist_ok=True)
        _pasta_das_metricas = tempfile.mkdtemp(prefix="erp-metricas-", dir=raiz)
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = _pasta_das_metricas


def post_worker_init(_worker):
    """Once a worker has built its app: what it loaded (modules, the app, its pydantic schemas: most
    of a worker's objects, alive as long as it is) is taken out of the cycle collector's sight, so a
    full collection started during a request walks only what requests made. A month of the agenda
    (~1,700 sessões built into models) sets such collections off: its p99 was 3.8× its p50 in bench
    part 10, and 1.2× with this (issue 20)."""
    gc.freeze()


def child_exit(_server, worker):
    """A worker gone (restarted, killed): its live gauges (connections in use, open streams) leave
    the sums; its counters stay, as a counter never goes down."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


def on_exit(_server):
    if _pasta_das_metricas:
        shutil.rmtree(_pasta_das_metricas, ignore_errors=True)
