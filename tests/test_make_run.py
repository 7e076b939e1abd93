"""`make run` itself, started as a terminal, a CI job or systemd starts it, then stopped as they stop
it: the signal to its whole process group, twice. Linux only (the process tree is read from /proc).

Each start is the whole system (private PostgreSQL and Redis, migrations, eight services), so there
are two: one looked at while up and then stopped with SIGTERM, one stopped with SIGINT; both share a
state directory, so the second reuses the data (and must find the same gateway secret).
"""
import ipaddress
import os
import random
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from shared.config import REPO_ROOT, SERVICOS
from tools import embedded, run


# What a developer's shell or this test session may have set that would point the runner elsewhere:
# it must start its own PostgreSQL and Redis under its own state directory, as on a fresh machine.
_NOT_FOR_THE_RUNNER = ("DATABASE_URL", "REDIS_URL", "APP_DATABASE_URL", "JWT_PUBLIC_KEYS", "JWT_PRIVATE_KEY",
                       "JWT_KID", "ERP_GATEWAY_SECRET", "ERP_BIND_HOST", "WEB_CONCURRENCY", "MAKEFLAGS", "MFLAGS")
STOP_DEADLINE = 60  # seconds from the signals until nothing is left; the bug leaves them forever
# `python <this file> -m tools.run ARGS` is the real runner, plus one more of its stop signal at every
# line of tools/ that it executes once the first one has arrived: a further signal at each point of
# the shutdown path, not only where two signals a millisecond apart happen to land.
SIGNAL_AT_EVERY_LINE = r"""
import os, runpy, signal, sys

TOOLS = os.path.join(os.getcwd(), "tools") + os.sep
armed = []

def line(frame, event, arg):
    if event == "line":
        os.kill(os.getpid(), armed[0])
    return line

def call(frame, event, arg):
    return line if frame.f_code.co_filename.startswith(TOOLS) else None

def trace_from(frame):
    sys.settrace(call)
    while frame is not None:  # the frames already running: main() and what it called
        if frame.f_code.co_filename.startswith(TOOLS):
            frame.f_trace = line
        frame = frame.f_back

def rearm(frame, event, arg):
    # A handler that raises inside `line` switches tracing off (CPython does): on again at the next call.
    if sys.gettrace() is None:
        trace_from(frame)

def arm(signum, frame):
    if not armed:
        armed.append(signum)
        trace_from(frame)
        sys.setprofile(rearm)

def install(signum, handler, _install=signal.signal):
    if callable(handler):
        def arming(signum, frame, handler=handler):
            arm(signum, frame)
            return handler(signum, frame)
        return _install(signum, arming)
    return _install(signum, handler)

signal.signal = install
sys.path.insert(0, os.getcwd())
sys.argv = sys.argv[2:]  # after "-m"
runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
"""
_http = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _free_base_port() -> int:
    """The first of eight consecutive ports nobody listens on, below the kernel's ephemeral range
    (where the session's own live services are), on every interface as the frontend binds."""
    for _ in range(200):
        base = random.randrange(20000, 30000 - len(SERVICOS))
        held = []
        try:
            for port in range(base, base + len(SERVICOS)):
                s = socket.socket(socket.AF_INET6 if socket.has_ipv6 else socket.AF_INET)
                held.append(s)
                s.bind(("::" if s.family == socket.AF_INET6 else "0.0.0.0", port))
            return base
        except OSError:
            continue
        finally:
            for s in held:
                s.close()
    pytest.fail("nenhuma faixa de 8 portas livres entre 20000 e 30000")


def _proc(pid: int, name: str) -> bytes:
    try:
        with open(f"/proc/{pid}/{name}", "rb") as f:
            return f.read()
    except OSError:  # gone, or another user's
        return b""


def _identity(pid: int):
    """(start time, parent) of a live process, None when it is gone (a zombie is gone too)."""
    stat = _proc(pid, "stat")
    if not stat:
        return None
    fields = stat.rsplit(b")", 1)[1].split()  # from the state on: the name may hold anything
    return None if fields[0] in (b"Z", b"X") else (int(fields[19]), int(fields[1]))


def _runner_tree(state: Path, root: int | None = None) -> dict:
    """{pid: start time} of `root`, every process started with this state directory (the services
    in their own sessions, Redis, PostgreSQL's postmaster after pg_ctl left), and their descendants."""
    marks = (b"ERP_STATE_DIR=" + str(state).encode() + b"\0", str(state).encode() + b"/")
    parents, members = {}, set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or _identity(int(entry)) is None:
            continue
        pid = int(entry)
        parents[pid] = _identity(pid)[1]
        if pid == root or marks[0] in _proc(pid, "environ") or marks[1] in _proc(pid, "cmdline"):
            members.add(pid)
    grown = True
    while grown:  # descendants: PostgreSQL's own processes rewrite their command line and environment
        children = {pid for pid, parent in parents.items() if parent in members} - members
        members |= children
        grown = bool(children)
    return {pid: _identity(pid)[0] for pid in members if _identity(pid) is not None}


def _survivors(known: dict, state: Path) -> dict:
    """What is still running of `known` (the same pid and start time), or was started with `state`."""
    alive = {pid: start for pid, start in known.items() if (_identity(pid) or (None,))[0] == start}
    return {**alive, **_runner_tree(state)}


def _listening(port: int) -> list:
    """Addresses a socket listens on at `port`, from the kernel's tables."""
    found = []
    for table, size in (("/proc/net/tcp", 4), ("/proc/net/tcp6", 16)):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except FileNotFoundError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                raw = bytes.fromhex(address)
                raw = b"".join(raw[i:i + 4][::-1] for i in range(0, size, 4))  # host-order words
                found.append(ipaddress.ip_address(raw))
    return found


def _address_off_loopback(family, probe: str):
    """This machine's address on its route to `probe` (a UDP connect sends nothing), or None."""
    try:
        with socket.socket(family, socket.SOCK_DGRAM) as s:
            s.connect((probe, 9))
            address = s.getsockname()[0]
    except OSError:
        return None
    return None if ipaddress.ip_address(address).is_loopback else address


def _healthy(port: int) -> bool:
    try:
        with _http.open(f"http://127.0.0.1:{port}/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


class MakeRun:
    """`make run` in its own process group, as a terminal, a CI job or systemd starts it."""

    def __init__(self, state: Path, log: Path):
        self.state, self.log = state, log
        self.ports = run.ports_from(_free_base_port())
        env = {k: v for k, v in os.environ.items() if k not in _NOT_FOR_THE_RUNNER}
        env.update(ERP_STATE_DIR=str(state), ERP_ADMIN_PASSWORD="admin-teste-123", WEB_CONCURRENCY="1")
        args = f"--no-demo --base-port {self.ports['frontend']}"
        injector = state.parent / "signal_at_every_line.py"
        injector.write_text(SIGNAL_AT_EVERY_LINE)
        with open(log, "ab") as output:
            # -o: never reinstall the virtualenv here; PY: the interpreter running these tests.
            self.make = subprocess.Popen(
                ["make", "-s", "-o", ".venv/.installed", "run", f"PY={sys.executable} {injector}", f"ARGS={args}"],
                cwd=REPO_ROOT, env=env, stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.tree = {}

    def wait_up(self, timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        pending = set(self.ports.values())
        while pending:
            assert self.make.poll() is None, f"make run terminou (código {self.make.returncode}):\n{self.output()}"
            assert time.monotonic() < deadline, f"sem /health após {timeout} s: {sorted(pending)}\n{self.output()}"
            pending = {port for port in pending if not _healthy(port)}
            time.sleep(0.2)
        self.tree = _runner_tree(self.state, self.make.pid)

    def stop_with(self, signum: int) -> float:
        """The signal twice to the whole process group, as `kill -SIG -PGID` twice in a row (and GNU
        make forwards a SIGTERM once more); returns the seconds until nothing of it was left."""
        time.sleep(0.1)  # rested, this process is less likely to be preempted between the two
        start = time.monotonic()
        os.killpg(self.make.pid, signum)
        os.killpg(self.make.pid, signum)
        self.gap = time.monotonic() - start
        self.make.wait(STOP_DEADLINE)
        while _survivors(self.tree, self.state) and time.monotonic() - start < STOP_DEADLINE:
            time.sleep(0.1)
        return time.monotonic() - start

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]

    def kill_what_is_left(self) -> None:
        """Whatever the runner left behind (the bug): SIGKILL, so the session does not keep it."""
        if self.make.poll() is None:
            os.killpg(self.make.pid, signal.SIGKILL)
            self.make.wait()
        for pid in _survivors(self.tree, self.state):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


@pytest.fixture(scope="module")
def runner_state(tmp_path_factory):
    """One state directory for every `make run` of this module: the second start reuses the data."""
    if not Path("/proc/self/environ").exists():
        pytest.skip("os testes de `make run` percorrem /proc (Linux)")
    return tmp_path_factory.mktemp("make-run")


@pytest.fixture(scope="module")
def make_run(runner_state):
    """`make run` up: the state and loopback tests look at it, the SIGTERM test then stops it."""
    system = MakeRun(runner_state, runner_state.parent / "make-run-1.log")
    try:
        system.wait_up()
        yield system
    finally:
        system.kill_what_is_left()


def test_make_run_apis_listen_on_loopback_only_and_the_gateway_everywhere(make_run):
    for name, port in make_run.ports.items():
        addresses = _listening(port)
        assert addresses, f"{name}: ninguém escuta em {port}"
        if name == "frontend":
            assert all(a.is_unspecified for a in addresses), addresses
        else:
            assert all(a.is_loopback for a in addresses), f"{name} escuta em {addresses}"
    outside = [a for a in (_address_off_loopback(socket.AF_INET, "192.0.2.123"),
                           _address_off_loopback(socket.AF_INET6, "2001:db8::123")) if a]
    for address in outside:  # from the network, as another machine would: only the gateway answers
        for name, port in make_run.ports.items():
            with socket.socket(socket.AF_INET6 if ":" in address else socket.AF_INET) as s:
                s.settimeout(5)
                if name == "frontend":
                    s.connect((address, port))
                else:
                    with pytest.raises(ConnectionRefusedError):
                        s.connect((address, port))


def test_make_run_gives_every_service_the_kept_gateway_secret(make_run):
    secret = (make_run.state / embedded.GATEWAY_SECRET_FILE).read_text().strip()
    assert len(secret) >= 40
    services = {}
    for pid in make_run.tree:
        environ = dict(v.split(b"=", 1) for v in _proc(pid, "environ").split(b"\0") if b"=" in v)
        if b"ERP_SERVICE" in environ:
            services.setdefault(environ[b"ERP_SERVICE"].decode(), set()).add(environ.get(b"ERP_GATEWAY_SECRET"))
    assert services == {name: {secret.encode()} for name in SERVICOS}
    # And for a service started by hand while `make run` is up (shared.config's fallback).
    runtime = (make_run.state / "runtime.env").read_text()
    assert f"ERP_GATEWAY_SECRET={secret}\n" in runtime
    assert (make_run.state / "runtime.env").stat().st_mode & 0o777 == 0o600


def test_make_run_sigterm_twice_to_its_group_stops_every_process_it_started(make_run):
    assert len(make_run.tree) >= 2 + 2 * len(SERVICOS) + 1 + 1  # make, runner, masters+workers, Redis, PostgreSQL
    took = make_run.stop_with(signal.SIGTERM)
    left = _survivors(make_run.tree, make_run.state)
    assert not left, f"sobraram após {took:.1f} s: {_describe(left)}\n{make_run.output()}"
    _assert_stopped_cleanly(make_run)


def test_make_run_sigint_twice_to_its_group_stops_every_process_it_started(runner_state):
    secret = runner_state / embedded.GATEWAY_SECRET_FILE
    earlier = secret.read_text() if secret.exists() else None  # the SIGTERM test's start made it
    system = MakeRun(runner_state, runner_state.parent / "make-run-2.log")
    try:
        system.wait_up()
        if earlier is not None:
            assert secret.read_text() == earlier, "o segredo do gateway mudou entre duas partidas"
        took = system.stop_with(signal.SIGINT)
        left = _survivors(system.tree, system.state)
        assert not left, f"sobraram após {took:.1f} s: {_describe(left)}\n{system.output()}"
        _assert_stopped_cleanly(system)
    finally:
        system.kill_what_is_left()


def _assert_stopped_cleanly(system: MakeRun) -> None:
    for port in system.ports.values():
        with socket.socket() as s, pytest.raises(ConnectionRefusedError):
            s.connect(("127.0.0.1", port))
    output = system.output()
    assert "Traceback" not in output and output.rstrip().endswith("ERP Web parado."), output
    assert not (system.state / "runtime.env").exists()


def _describe(pids) -> str:
    return "; ".join(f"{pid} {_proc(pid, 'cmdline').replace(bytes(1), b' ')[:100].decode(errors='replace')}" for pid in pids)
