"""The embedded servers, the JWT keys and the runner's process handling (tools/); `make run`
itself, up and stopped, is in test_make_run.py."""
import gc
import json
import os
import re
import runpy
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import psycopg2
import pytest
import redis
import yaml
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import load_pem_private_key, load_pem_public_key

from shared.config import REPO_ROOT, SERVICOS, Config
from tools import embedded, run


def test_embedded_postgres_starts_creates_the_database_and_stops(tmp_path):
    server = embedded.EmbeddedPostgres(tmp_path / "pg")
    owner_url = server.start()
    try:
        url = embedded.ensure_database(owner_url, "erp")
        assert embedded.ensure_database(owner_url, "erp") == url
        conn = psycopg2.connect(url)
        with conn, conn.cursor() as cur:
            cur.execute("SELECT current_database(), current_setting('max_connections')")
            assert cur.fetchone() == ("erp", embedded.SERVER_SETTINGS["max_connections"])
        conn.close()
    finally:
        server.stop()
    with pytest.raises(psycopg2.OperationalError):
        psycopg2.connect(url, connect_timeout=2)


def test_embedded_redis_survives_a_restart_with_its_data(tmp_path):
    server = embedded.EmbeddedRedis(tmp_path / "state", data_dir=tmp_path / "data")
    url = server.start()
    try:
        assert url == f"unix://{tmp_path.resolve() / 'state' / 'redis.sock'}"
        with redis.Redis.from_url(url) as client:
            client.set("chave", "valor")
        server.stop()
        with pytest.raises(redis.ConnectionError), redis.Redis.from_url(url) as client:
            client.ping()
        assert server.start() == url
        with redis.Redis.from_url(url) as client:
            assert client.get("chave") == b"valor"
    finally:
        server.stop()


def test_jwt_keys_are_generated_once_and_load_as_ed25519(tmp_path):
    kid = embedded.ensure_jwt_keys(tmp_path)
    assert embedded.ensure_jwt_keys(tmp_path) == kid
    assert re.fullmatch(r"k-\d{8}-[0-9a-f]{6}", kid)
    assert (tmp_path / "current").read_text().strip() == kid
    assert (tmp_path / f"{kid}.key.pem").stat().st_mode & 0o777 == 0o600

    pair = embedded.load_key_pair(tmp_path)
    private = load_pem_private_key(pair.private_pem.encode(), password=None)
    public = load_pem_public_key(pair.public_pem.encode())
    assert isinstance(private, Ed25519PrivateKey) and isinstance(public, Ed25519PublicKey)
    public.verify(private.sign(b"erp"), b"erp")  # raises if the two do not belong together


def test_with_dbname_keeps_the_socket_query():
    assert (
        embedded.with_dbname("postgresql://postgres:@/postgres?host=/tmp/x/pg", "erp_t_1")
        == "postgresql://postgres:@/erp_t_1?host=/tmp/x/pg"
    )
    assert embedded.with_dbname("postgresql://u:p@h:5432/a", "b") == "postgresql://u:p@h:5432/b"


def test_redis_url_with_db():
    assert embedded.redis_url_with_db("unix:///tmp/r.sock", 15) == "unix:///tmp/r.sock?db=15"
    assert embedded.redis_url_with_db("redis://h:6379/0", 15) == "redis://h:6379/15"


def test_a_socket_path_too_long_moves_to_a_stable_short_one(tmp_path):
    long_path = tmp_path / ("x" * 120) / "redis.sock"
    short = embedded.short_socket_path(long_path)
    assert len(str(short)) <= embedded.MAX_SOCKET_PATH
    assert short == embedded.short_socket_path(long_path)
    assert embedded.short_socket_path(tmp_path / "redis.sock") == tmp_path.resolve() / "redis.sock"


def test_service_env_tells_each_service_its_port_and_where_the_others_are():
    ports = {name: 7000 + i for i, name in enumerate(SERVICOS)}
    env = run.service_env("financeiro-api", ports, {"DATABASE_URL": "postgresql://x/erp"})
    assert env["PORT"] == str(ports["financeiro-api"])
    assert env["ERP_SERVICE"] == "financeiro-api"
    assert env["PYTHONPATH"].split(os.pathsep) == [str(REPO_ROOT), str(REPO_ROOT / "financeiro-api")]
    assert env["AUTH_API_URL"] == f"http://127.0.0.1:{ports['auth-api']}"
    assert env["DATABASE_URL"] == "postgresql://x/erp"


def _child(code: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, start_new_session=True)


def test_a_service_dying_at_start_fails_fast():
    process = _child("raise SystemExit(3)")
    with pytest.raises(run.ServiceFailed, match="código 3"):
        run.wait_healthy({"rh-api": process}, {"rh-api": 1}, timeout=30)


def test_stop_kills_what_ignores_sigterm():
    stubborn = _child("import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print(flush=True); time.sleep(60)")
    stubborn.stdout.readline()  # its handler is in place
    polite = _child("import time; time.sleep(60)")
    run.stop_processes([stubborn, polite], timeout=1)
    assert polite.returncode == -signal.SIGTERM
    assert stubborn.returncode == -signal.SIGKILL


def test_gunicorn_conf_reads_the_environment(monkeypatch):
    monkeypatch.setenv("PORT", "5123")
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.delenv("ERP_BIND_HOST", raising=False)
    conf = runpy.run_path(str(Path(REPO_ROOT, "shared", "gunicorn_conf.py")))
    assert conf["bind"] in (["[::]:5123"], ["0.0.0.0:5123"])
    assert conf["workers"] == 3
    assert conf["worker_class"] == "shared.gunicorn_workers.SyncWorker"  # gunicorn's sync, its errors in JSON
    assert conf["accesslog"] is None


def test_a_worker_built_app_is_out_of_the_cycle_collectors_way():
    conf = runpy.run_path(str(Path(REPO_ROOT, "shared", "gunicorn_conf.py")))
    antes = gc.get_freeze_count()
    try:
        conf["post_worker_init"](None)
        assert gc.get_freeze_count() > antes
    finally:
        gc.unfreeze()


def test_each_module_gets_its_own_migrated_database_and_a_complete_config(database, service_env):
    cfg = Config.from_env("financeiro-api", service_env)
    assert cfg.database_url == database.owner_url and cfg.app_database_url == database.app_url
    assert cfg.jwt_kid in cfg.jwt_public_keys and cfg.jwt_private_key
    conn = psycopg2.connect(cfg.app_database_url)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT current_user, current_database()")
            assert cur.fetchone() == ("erp_app", database.name)
    finally:
        conn.close()


def test_redis_server_can_be_taken_down_and_brought_back(redis_server, redis_url):
    redis_server.stop()
    with pytest.raises(redis.ConnectionError), redis.Redis.from_url(redis_url) as client:
        client.ping()
    redis_server.start()
    with redis.Redis.from_url(redis_url) as client:
        assert client.ping()


def test_live_services_answer_health_and_restart_one_by_one(live_services):
    for servico in SERVICOS:
        assert _health(live_services.url(servico)) == servico
    live_services.stop("rh-api")
    assert not run.healthy(live_services.ports["rh-api"])
    live_services.start("rh-api")
    assert _health(live_services.url("rh-api")) == "rh-api"


def _health(base_url: str) -> str:
    with urllib.request.urlopen(base_url + "/health", timeout=5) as response:
        assert response.status == 200
        return json.load(response)["service"]


# --- what `make run` gives each service ---------------------------------------------------------


def test_service_env_binds_the_apis_to_loopback_and_the_gateway_everywhere(monkeypatch):
    ports = {name: 7000 + i for i, name in enumerate(SERVICOS)}
    for name in SERVICOS:
        env = run.service_env(name, ports, {})
        for key in ("ERP_BIND_HOST", "PORT"):
            monkeypatch.delenv(key, raising=False)
            if key in env:
                monkeypatch.setenv(key, env[key])
        bind = runpy.run_path(str(Path(REPO_ROOT, "shared", "gunicorn_conf.py")))["bind"]
        if name == "frontend":
            assert bind in ([f"[::]:{ports[name]}"], [f"0.0.0.0:{ports[name]}"])
        else:
            assert bind == [f"127.0.0.1:{ports[name]}"], name


def test_the_gateway_secret_is_made_once_private_and_random(tmp_path):
    secret = embedded.ensure_gateway_secret(tmp_path)
    assert embedded.ensure_gateway_secret(tmp_path) == secret
    assert len(secret) >= 40 and embedded.ensure_gateway_secret(tmp_path / "other") != secret
    assert (tmp_path / embedded.GATEWAY_SECRET_FILE).stat().st_mode & 0o777 == 0o600


def test_every_deploy_gives_every_service_the_gateway_secret():
    compose = yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    for name in SERVICOS:
        assert compose["services"][name]["environment"]["ERP_GATEWAY_SECRET"] == "${ERP_GATEWAY_SECRET:-gateway-dev-only}"
    for document in ("railway.toml", "README.md"):
        assert "ERP_GATEWAY_SECRET" in (REPO_ROOT / document).read_text(encoding="utf-8"), document


def test_ports_move_together_from_the_base_port():
    assert run.ports_from(SERVICOS["frontend"][1]) == {name: port for name, (_, port) in SERVICOS.items()}
    assert run.ports_from(21000) == {name: 21000 + i for i, name in enumerate(SERVICOS)}


def test_a_stop_signal_interrupts_once_and_every_later_one_is_ignored():
    signals = run.StopSignals()
    with pytest.raises(KeyboardInterrupt):
        signals._handle(signal.SIGTERM, None)
    signals._handle(signal.SIGTERM, None)  # the one GNU make forwards: inside the shutdown, nothing
    signals._handle(signal.SIGINT, None)
    assert signals.stopping


def test_a_stop_signal_waits_while_a_child_is_being_started_and_recorded():
    signals = run.StopSignals()
    started = []
    with pytest.raises(KeyboardInterrupt):
        with signals.deferred():
            signals._handle(signal.SIGINT, None)
            signals._handle(signal.SIGINT, None)
            started.append("child")  # still runs: the interrupt comes once the step is complete
    assert started == ["child"] and signals.stopping
