"""Starts the assistant's processes together: action server(s), Rasa server(s)
(REST, socket.io and Telegram channels, HTTP API behind a JWT), the web chat page
and, with more than one replica, nginx in front of them. ``scripts/run-assistant``,
``scripts/run-topology``, the benchmark and the end-to-end tests all start them
here, so the command lines and the secrets they share are written once.

One replica of each with Rasa's in-memory tracker and lock stores is the default
(``make run``). Replicas need shared stores: conversations in PostgreSQL
(``RASA_TRACKER_STORE_URL``) and conversation locks in Redis
(``RASA_LOCK_STORE_URL``); see ``Stores``.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Optional

import yaml

from renewal.adapters import identity
from renewal.config import (
    ACTION_TOKEN_ENV,
    ACTION_TOKEN_HEADER,
    API_SECRET_ENV,
    DEMO_PROVIDER_URL_ENV,
    LOCK_STORE_ENV,
    PAYMENT_PROVIDER_ENV,
    PROJECT,
    SOCKETIO_ORIGINS_ENV,
    SOCKETIO_REDIS_ENV,
    TRACKER_STORE_ENV,
    Settings,
)

VENV_BIN = Path(sys.executable).parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


@dataclass(frozen=True)
class Stores:
    """Where Rasa keeps conversations and their locks. Unset: in the Rasa
    process's memory (one replica only). ``tracker_store_url``:
    ``postgresql://user:password@host:port/database`` (Rasa creates the database
    when it is missing), or ``sqlite:///path`` for one replica; ``lock_store_url``: ``redis://[:password@]host:port/db``,
    optionally with ``?key_prefix=name``."""

    tracker_store_url: Optional[str] = None
    lock_store_url: Optional[str] = None

    @classmethod
    def of(cls, settings: Settings) -> Stores:
        return cls(settings.tracker_store_url, settings.lock_store_url)

    @property
    def shared(self) -> bool:
        return bool(self.tracker_store_url and self.lock_store_url)

    def endpoints(self) -> dict[str, Any]:
        """The ``tracker_store`` and ``lock_store`` sections of Rasa's endpoints file."""
        found: dict[str, Any] = {}
        if self.tracker_store_url and self.tracker_store_url.startswith("sqlite:///"):
            found["tracker_store"] = {"type": "SQL", "dialect": "sqlite",
                                      "db": self.tracker_store_url[len("sqlite:///"):]}
        elif self.tracker_store_url:
            url = urllib.parse.urlsplit(self.tracker_store_url)
            if not url.scheme.startswith("postgresql"):
                raise ValueError(f"{TRACKER_STORE_ENV}: a postgresql:// or sqlite:/// URL is expected")
            found["tracker_store"] = _without_none({
                "type": "SQL", "dialect": "postgresql", "url": url.hostname or "127.0.0.1", "port": url.port or 5432,
                "db": url.path.lstrip("/") or "rasa", "login_db": "postgres",
                "username": _unquote(url.username), "password": _unquote(url.password)})
        if self.lock_store_url:
            url = urllib.parse.urlsplit(self.lock_store_url)
            if url.scheme != "redis":
                raise ValueError(f"{LOCK_STORE_ENV}: a redis:// URL is expected")
            query = urllib.parse.parse_qs(url.query)
            found["lock_store"] = _without_none({
                "type": "redis", "url": url.hostname or "127.0.0.1", "port": url.port or 6379,
                "db": int(url.path.lstrip("/") or 1), "password": _unquote(url.password),
                "key_prefix": query.get("key_prefix", [None])[0]})
        return found


def _unquote(value: Optional[str]) -> Optional[str]:
    return urllib.parse.unquote(value) if value else None


def _without_none(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}


def write_endpoints(path: Path, actions_url: str, action_token: str, stores: Stores = Stores()) -> Path:
    """Rasa's endpoints: the action server with the shared secret in a header, and the stores."""
    endpoints = {"action_endpoint": {"url": f"{actions_url}/webhook",
                                     "headers": {ACTION_TOKEN_HEADER: action_token}},
                 **stores.endpoints()}
    path.touch(mode=0o600)
    path.write_text(yaml.safe_dump(endpoints, sort_keys=False))
    return path


def nginx_config(work: Path, port: int, actions_port: int, rasa_ports: tuple[int, ...],
                 actions_ports: tuple[int, ...]) -> str:
    """nginx in front of the replicas: round robin for Rasa's HTTP channels, the same
    replica per client for socket.io (its long polling needs it), round robin for
    the action servers. A replica that refuses a connection is skipped. Only the
    channels are published: Rasa's HTTP API is not reachable through nginx."""
    def servers(ports: tuple[int, ...]) -> str:
        return "".join(f"    server 127.0.0.1:{p} max_fails=0;\n" for p in ports)

    temp = work / "nginx-temp"
    return f"""worker_processes 1;
pid {work / 'nginx.pid'};
error_log {work / 'nginx-error.log'} warn;
daemon off;
events {{ worker_connections 1024; }}
http {{
  access_log {work / 'nginx-access.log'};
  client_body_temp_path {temp}/body; proxy_temp_path {temp}/proxy; fastcgi_temp_path {temp}/fastcgi;
  uwsgi_temp_path {temp}/uwsgi; scgi_temp_path {temp}/scgi;
  # Bodies stay in memory: nginx's workers may run as another user than the files' owner.
  client_max_body_size 1m; client_body_buffer_size 1m; proxy_max_temp_file_size 0;
  proxy_read_timeout 310s;
  proxy_next_upstream error;
  upstream rasa {{
{servers(rasa_ports)}  }}
  upstream rasa_by_client {{
    hash $remote_addr consistent;
{servers(rasa_ports)}  }}
  upstream actions {{
{servers(actions_ports)}  }}
  server {{
    listen 127.0.0.1:{port};
    location /socket.io/ {{
      proxy_pass http://rasa_by_client;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection "upgrade";
    }}
    location /webhooks/ {{ proxy_pass http://rasa; }}
    location / {{ return 404; }}  # Rasa's HTTP API stays on the replicas' internal addresses
  }}
  server {{
    listen 127.0.0.1:{actions_port};
    location / {{ proxy_pass http://actions; }}
  }}
}}
"""


@dataclass
class Stack:
    """The processes of one assistant; ``start`` then ``wait_ready``, ``stop`` at
    the end. Processes are named ``actions-N``, ``rasa-N`` (N from 1), ``nginx``
    and ``web``; ``stop_process`` and ``start_process`` take one down and up again."""

    work: Path
    model: Path
    rasa_ports: tuple[int, ...] = (5005,)
    actions_ports: tuple[int, ...] = (5055,)
    web_port: Optional[int] = None
    desk_port: Optional[int] = None
    payments_port: Optional[int] = None  # the payment webhook
    provider_port: Optional[int] = None  # the demo payment provider (with payments_port)
    balancer_ports: Optional[tuple[int, int]] = None  # nginx: (Rasa, action servers)
    stores: Stores = field(default_factory=Stores)
    env: dict[str, str] = field(default_factory=dict)
    log_to_files: bool = True
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    commands: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        replicas = len(self.rasa_ports) > 1 or len(self.actions_ports) > 1
        if replicas and not self.balancer_ports:
            raise ValueError("more than one replica needs the balancer (balancer_ports)")
        if len(self.rasa_ports) > 1 and not self.stores.shared:
            raise ValueError(f"Rasa replicas need shared stores: set {TRACKER_STORE_ENV} and {LOCK_STORE_ENV}")

    @property
    def rasa_url(self) -> str:
        """Where channels reach the assistant: the balancer, or the only Rasa server."""
        return f"http://127.0.0.1:{self.balancer_ports[0] if self.balancer_ports else self.rasa_ports[0]}"

    @property
    def actions_url(self) -> str:
        return f"http://127.0.0.1:{self.balancer_ports[1] if self.balancer_ports else self.actions_ports[0]}"

    def replica_url(self, number: int) -> str:
        """Rasa replica ``number`` (from 1), bypassing the balancer."""
        return f"http://127.0.0.1:{self.rasa_ports[number - 1]}"

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    @property
    def desk_url(self) -> str:
        return f"http://127.0.0.1:{self.desk_port}"

    @property
    def payments_url(self) -> str:
        return f"http://127.0.0.1:{self.payments_port}"

    @property
    def provider_url(self) -> str:
        """The demo payment provider (its API and its pay pages)."""
        return f"http://127.0.0.1:{self.provider_port}"

    def log(self, name: str) -> Path:
        return self.work / f"{name}.log"

    def logs(self) -> tuple[Path, ...]:
        return tuple(self.log(name) for name in self.commands)

    def api_token(self, minutes: int = 60) -> str:
        return identity.mint_api_token(datetime.now(timezone.utc), timedelta(minutes=minutes),
                                       self.env[API_SECRET_ENV].encode())

    def start(self) -> Stack:
        self.work.mkdir(parents=True, exist_ok=True)
        if len(self.rasa_ports) > 1 and self.stores.lock_store_url:  # a socket's messages from any replica
            self.env.setdefault(SOCKETIO_REDIS_ENV, self.stores.lock_store_url)
        if self.web_port:  # the chat widget's socket may be opened from the support page only
            self.env.setdefault(SOCKETIO_ORIGINS_ENV, ",".join(self._origins()))
        if self.payments_port:  # card and PayPal paid on the demo provider's page
            if not self.provider_port:
                raise ValueError("the payment webhook needs the demo provider (provider_port)")
            self.env.setdefault(PAYMENT_PROVIDER_ENV, "demo")
            self.env.setdefault(DEMO_PROVIDER_URL_ENV, self.provider_url)
        endpoints = write_endpoints(self.work / "endpoints.yml", self.actions_url,
                                    self.env[ACTION_TOKEN_ENV], self.stores)
        python = str(VENV_BIN / "python")
        for number, port in enumerate(self.actions_ports, 1):
            self._spawn(f"actions-{number}", [python, "-m", "servers.action_server", "--port", str(port)])
        for number, port in enumerate(self.rasa_ports, 1):
            self._spawn(f"rasa-{number}", [
                python, "-m", "servers.rasa_server", "--model", str(self.model), "--interface", "127.0.0.1",
                "--port", str(port), "--endpoints", str(endpoints),
                "--credentials", str(PROJECT / "credentials.yml"), *self._cors(),
                "--enable-api", "--jwt-method", "HS256",  # the JWT secret from the environment
            ])
        if self.balancer_ports:
            config = self.work / "nginx.conf"
            for folder in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
                (self.work / "nginx-temp" / folder).mkdir(parents=True, exist_ok=True)
            config.write_text(nginx_config(self.work, *self.balancer_ports, self.rasa_ports, self.actions_ports))
            self._spawn("nginx", [NGINX, "-p", str(self.work), "-e", str(self.work / "nginx-error.log"),
                                  "-c", str(config)])
        if self.web_port:
            self._spawn("web", [python, "-m", "servers.webchat", "--port", str(self.web_port),
                                "--rasa-url", self.rasa_url])
        self._spawn("mailer", [python, "-m", "renewal.adapters.outbox"])  # idle until SMTP is configured
        if self.desk_port:  # Rasa's HTTP API is not behind nginx: the desk calls the first replica
            self._spawn("desk", [python, "-m", "servers.desk", "--port", str(self.desk_port),
                                 "--rasa-url", self.rasa_url, "--rasa-api-url", self.replica_url(1)])
        if self.payments_port:
            self._spawn("provider", [python, "-m", "servers.demo_provider", "--port", str(self.provider_port),
                                     "--webhook-url", f"{self.payments_url}/payments/webhook"])
            self._spawn("payments", [python, "-m", "servers.payments", "--port", str(self.payments_port),
                                     "--rasa-api-url", self.replica_url(1)])
        return self

    def _origins(self) -> list[str]:
        return [f"http://127.0.0.1:{self.web_port}", f"http://localhost:{self.web_port}"] if self.web_port else []

    def _cors(self) -> list[str]:
        """Browsers may call Rasa from the support page's origin only (none without the page)."""
        return ["--cors", *self._origins()] if self.web_port else []

    def _spawn(self, name: str, argv: list[str]) -> None:
        self.commands[name] = argv
        self.start_process(name)

    def start_process(self, name: str) -> None:
        """Starts (again) one of the processes; its log is appended to."""
        out = self.log(name).open("a") if self.log_to_files else None
        try:
            self.processes[name] = subprocess.Popen(
                self.commands[name], cwd=PROJECT, env={**os.environ, "RASA_TELEMETRY_ENABLED": "false", **self.env},
                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT if out else None)
        finally:
            if out:
                out.close()  # the process holds its own copy

    def stop_process(self, name: str, kill: bool = False) -> None:
        """Stops one process: SIGTERM (a clean shutdown), or SIGKILL (a crash)."""
        process = self.processes[name]
        process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def health_url(self, name: str) -> tuple[str, dict[str, str]]:
        kind, _, number = name.partition("-")
        if kind == "actions":
            return f"http://127.0.0.1:{self.actions_ports[int(number) - 1]}/health", {}
        if kind == "rasa":
            return f"{self.replica_url(int(number))}/status", {"Authorization": f"Bearer {self.api_token()}"}
        if kind == "nginx":
            return f"{self.rasa_url}/webhooks/rest/", {}
        if kind == "desk":
            return f"{self.desk_url}/health", {}
        if kind == "payments":
            return f"{self.payments_url}/health", {}
        if kind == "provider":
            return f"{self.provider_url}/health", {}
        if kind == "mailer":
            return "", {}  # no address: up while its process runs
        return f"{self.web_url}/health", {}

    def wait_ready(self, seconds: float = 300, names: Optional[list[str]] = None) -> None:
        """Until every process (or those named) answers: Rasa once it has loaded its model."""
        deadline = time.monotonic() + seconds
        for name in names or list(self.commands):
            url, headers = self.health_url(name)
            while not (_answers(url, headers) if url else self.processes[name].poll() is None):
                if self.processes[name].poll() is not None:
                    raise RuntimeError(f"{name} exited early:\n{self.tail(name)}")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{url} did not answer in {seconds} s:\n{self.tail(name)}")
                time.sleep(0.5)

    def tail(self, name: str) -> str:
        return self.log(name).read_text(errors="replace")[-3000:] if self.log_to_files else "(see the output above)"

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def _answers(url: str, headers: dict[str, str]) -> bool:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, OSError):
        return False
