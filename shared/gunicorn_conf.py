"""Gunicorn settings for every service: `gunicorn -c shared/gunicorn_conf.py "<pacote>:create_app()"`.

Everything a deploy may tune comes from the environment (PORT, WEB_CONCURRENCY, ...), so the same
file serves `make run`, docker compose and Railway.
"""
import os
import socket


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
