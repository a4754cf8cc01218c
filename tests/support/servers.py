"""Real servers for the executed examples: `<!-- exec server="redis" -->`.

A page whose examples talk to a server names it in an exec marker; the test starts that server
from Debian's package before the page's first block and stops it after the last, so the page
shows only what a reader types against a lab server. The servers listen on loopback only and
keep their files in the page's temporary directory.

A server that daemonises from inside an example would outlive it (and keep strace waiting), so
examples never start servers themselves.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from opskb.markdown import Document

READY_TIMEOUT = 15.0

# The lab ports the pages show: Redis on its default port, so that a plain `redis-cli` reaches it;
# the DNS servers on unprivileged ports, named in the pages' `dig -p` commands.
REDIS_PORT = 6379
REDIS_REPLICA_PORT = 6380
DNS_AUTHORITATIVE_PORT = 5300
DNS_RESOLVER_PORT = 5301


def _redis_answers(port: int, wanted: bytes = b"+PONG", command: bytes = b"PING\r\n") -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
        sock.sendall(command)
        return wanted in sock.recv(65536)
    return False


def _log_says(log: Path, text: str) -> Callable[[], bool]:
    return lambda: log.exists() and text in log.read_text(encoding="utf-8", errors="replace")


def _zones(doc: Document) -> dict[str, str]:
    """The zone files a DNS page shows: a fence titled `<zone>.zone` -> that zone's text."""
    zones = {}
    for fence in doc.fences:
        title = fence.title or ""
        if title.endswith(".zone"):
            zones[title.removesuffix(".zone")] = fence.text
    return zones


@dataclass
class Started:
    process: subprocess.Popen
    ready: Callable[[], bool]
    log: Path


def _start(argv: list[str], workdir: Path, name: str, ready) -> Started:
    log = workdir / f".{name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(argv, cwd=workdir, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
    return Started(process, ready if callable(ready) else _log_says(log, ready), log)


def _redis(workdir: Path, doc: Document) -> list[Started]:
    # Built-in defaults apart from where it listens and writes: what `redis-server` with no
    # configuration file does, which the pages describe.
    argv = ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--dir", str(workdir)]
    return [_start(argv, workdir, "redis", lambda: _redis_answers(REDIS_PORT))]


def _redis_replica(workdir: Path, doc: Document) -> list[Started]:
    replica_dir = workdir / ".replica"
    replica_dir.mkdir(exist_ok=True)
    argv = [
        "redis-server",
        "--port",
        str(REDIS_REPLICA_PORT),
        "--bind",
        "127.0.0.1",
        "--dir",
        str(replica_dir),
        "--replicaof",
        "127.0.0.1",
        str(REDIS_PORT),
    ]
    linked = lambda: _redis_answers(REDIS_REPLICA_PORT, b"master_link_status:up", b"INFO replication\r\n")  # noqa: E731
    return [_start(argv, workdir, "redis-replica", linked)]


def _dns_authoritative(workdir: Path, doc: Document) -> list[Started]:
    zones = _zones(doc)
    if not zones:
        raise ServerError(f"{doc.path}: server dns-authoritative needs a code block titled '<zone>.zone'")
    server_dir = workdir / ".named"
    server_dir.mkdir(exist_ok=True)
    zone_clauses = []
    for zone, text in zones.items():
        (server_dir / f"{zone}.zone").write_text(text, encoding="utf-8")
        zone_clauses.append(f'zone "{zone}" {{ type primary; file "{server_dir}/{zone}.zone"; }};')
    conf = server_dir / "named.conf"
    conf.write_text(
        "options {\n"
        f'  directory "{server_dir}";\n'
        f"  listen-on port {DNS_AUTHORITATIVE_PORT} {{ 127.0.0.1; }};\n"
        "  listen-on-v6 { none; };\n"
        f'  pid-file "{server_dir}/named.pid";\n'
        f'  session-keyfile "{server_dir}/session.key";\n'
        "  recursion no;\n"
        "  dnssec-validation no;\n"
        "};\n" + "\n".join(zone_clauses) + "\n",
        encoding="utf-8",
    )
    return [_start(["named", "-g", "-n", "1", "-c", str(conf)], workdir, "named", "running")]


def _dns_resolver(workdir: Path, doc: Document) -> list[Started]:
    """A caching resolver (Unbound) that sends the lab zones to the lab authoritative server."""
    server_dir = workdir / ".unbound"
    server_dir.mkdir(exist_ok=True)
    zones = _zones(doc)
    # Unbound answers the special-use names (RFC 6761: test., invalid., …) itself unless told not to.
    unblocked = "".join(f'  local-zone: "{tld}." nodefault\n' for tld in sorted({z.rsplit(".", 1)[-1] for z in zones}))
    stubs = "".join(
        f'stub-zone:\n  name: "{zone}"\n  stub-addr: 127.0.0.1@{DNS_AUTHORITATIVE_PORT}\n' for zone in zones
    )
    conf = server_dir / "unbound.conf"
    conf.write_text(
        "server:\n"
        "  interface: 127.0.0.1\n"
        f"  port: {DNS_RESOLVER_PORT}\n"
        "  do-ip6: no\n"
        "  do-daemonize: no\n"
        "  use-syslog: no\n"
        '  username: ""\n'
        '  chroot: ""\n'
        f'  directory: "{server_dir}"\n'
        f'  pidfile: "{server_dir}/unbound.pid"\n'
        "  verbosity: 1\n"
        "  do-not-query-localhost: no\n"
        '  module-config: "iterator"\n' + unblocked + stubs,
        encoding="utf-8",
    )
    return [_start(["unbound", "-d", "-c", str(conf)], workdir, "unbound", "start of service")]


class ServerError(Exception):
    pass


# name -> (Debian package with its program, how to start it for a page)
SERVERS: dict[str, tuple[str, Callable[[Path, Document], list[Started]]]] = {
    "redis": ("redis-server", _redis),
    "redis-replica": ("redis-server", _redis_replica),
    "dns-authoritative": ("bind9", _dns_authoritative),
    "dns-resolver": ("unbound", _dns_resolver),
}
PROGRAMS = {"redis-server": "redis-server", "bind9": "named", "unbound": "unbound"}


def page_servers(doc: Document) -> list[str]:
    """The servers a page's examples name, in the order they first appear."""
    names: list[str] = []
    for fence in doc.fences:
        if fence.executed:
            names += [name for name in fence.servers if name not in names]
    return names


@contextlib.contextmanager
def running(doc: Document, workdir: Path):
    """Start the page's servers, wait until each answers, stop them all afterwards."""
    started: list[Started] = []
    try:
        for name in page_servers(doc):
            if name not in SERVERS:
                raise ServerError(f"{doc.path}: unknown server {name!r} (known: {', '.join(SERVERS)})")
            package, start = SERVERS[name]
            if shutil.which(PROGRAMS[package]) is None:
                raise ServerError(f"{doc.path}: server {name} needs Debian's {package}: run scripts/setup")
            for server in start(workdir, doc):
                started.append(server)
                deadline = time.monotonic() + READY_TIMEOUT
                while not server.ready():
                    if server.process.poll() is not None or time.monotonic() > deadline:
                        log = server.log.read_text(encoding="utf-8", errors="replace")[-1500:]
                        raise ServerError(f"{doc.path}: server {name} did not start:\n{log}")
                    time.sleep(0.05)
        yield
    finally:
        for server in reversed(started):
            server.process.terminate()
            try:
                server.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.process.kill()
                server.process.wait()
