"""PostgreSQL and Redis for the tests that need them (the replicated topology, the Redis lock store).

The servers already running are used where they answer (``RENEWAL_DATABASE_URL``'s PostgreSQL or
127.0.0.1:5432, Redis on 127.0.0.1:6379); otherwise private ones are started for the test session
from the Debian packages ``scripts/install-system-packages`` installs, in a temporary directory on
free ports, and stopped at its end. A server that can be neither found nor started fails the test:
nothing is skipped."""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

from renewal.adapters.db import postgres_server
from renewal.config import DATABASE_URL_ENV

LOCALHOST = "127.0.0.1"
REDIS_PORT = 6379
STARTUP_SECONDS = 60


@dataclass(frozen=True)
class Address:
    host: str
    port: int


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOCALHOST, 0))
        return sock.getsockname()[1]


def redis_answers(address: Address) -> bool:
    try:
        with socket.create_connection((address.host, address.port), timeout=2) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


class PrivateServer:
    """A server process of the test session's own in a temporary directory; ``stop`` ends it and
    removes the directory."""

    def __init__(self, process: subprocess.Popen, directory: Path) -> None:
        self.process, self.directory = process, directory

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.directory, ignore_errors=True)


def _wait(ready: Callable[[], bool], server: PrivateServer, what: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while not ready():
        if server.process.poll() is not None or time.monotonic() > deadline:
            output = log.read_text(errors="replace")[-2000:]
            server.stop()
            raise RuntimeError(f"{what} did not start: {output}")
        time.sleep(0.1)


def _directory(name: str) -> Path:
    """A new directory under the system's temporary one (not pytest's, which only root may enter)."""
    return Path(tempfile.mkdtemp(prefix=f"renewal-{name}-"))


def _postgres_binaries() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise RuntimeError("PostgreSQL is neither running nor installed: run scripts/install-system-packages")
    return Path(found[-1]).parent


def _as_postgres_user(directory: Path) -> list[str]:
    """initdb and postgres refuse to run as root: there they run as the ``postgres`` user, which owns
    the directory."""
    if os.geteuid() != 0:
        return []
    shutil.chown(directory, "postgres")
    return ["runuser", "-u", "postgres", "--"]


def start_postgres() -> tuple[PrivateServer, URL]:
    """A private PostgreSQL cluster (trust authentication, superuser ``root``)."""
    binaries, port, directory = _postgres_binaries(), free_port(), _directory("postgres")
    prefix, data, log = _as_postgres_user(directory), directory / "data", directory / "postgres.log"
    subprocess.run([*prefix, str(binaries / "initdb"), "-D", str(data), "-U", "root", "--auth=trust",
                    "--encoding=UTF8", "--locale=C.UTF-8"], check=True, stdin=subprocess.DEVNULL,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120)
    with log.open("wb") as output:
        process = subprocess.Popen([*prefix, str(binaries / "postgres"), "-D", str(data), "-p", str(port),
                                    "-h", LOCALHOST, "-k", str(directory), "-c", "fsync=off",
                                    "-c", "max_connections=200"],
                                   stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT)
    url = make_url(f"postgresql://root@{LOCALHOST}:{port}/postgres")
    server = PrivateServer(process, directory)
    _wait(lambda: accepts_queries(url), server, "PostgreSQL", log)
    return server, url


def accepts_queries(url: URL) -> bool:
    engine = create_engine(url, future=True, connect_args={"connect_timeout": 2})
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:
        return False
    finally:
        engine.dispose()


def start_redis() -> tuple[PrivateServer, Address]:
    """A private Redis that keeps nothing on disk."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("Redis is neither running nor installed: run scripts/install-system-packages")
    directory = _directory("redis")
    address, log = Address(LOCALHOST, free_port()), directory / "redis.log"
    with log.open("wb") as output:
        process = subprocess.Popen([binary, "--bind", LOCALHOST, "--port", str(address.port), "--save", "",
                                    "--appendonly", "no", "--dir", str(directory)],
                                   stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT)
    server = PrivateServer(process, directory)
    _wait(lambda: redis_answers(address), server, "Redis", log)
    return server, address


def running_postgres() -> URL | None:
    """The PostgreSQL server the environment names, or the local one, where it lets the tests in."""
    server = postgres_server(os.environ.get(DATABASE_URL_ENV, ""))
    return server if accepts_queries(server) else None


def running_redis() -> Address | None:
    address = Address(LOCALHOST, REDIS_PORT)
    return address if redis_answers(address) else None
