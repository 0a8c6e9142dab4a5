"""Starts the assistant's processes together: the action server, the Rasa server
(REST, socket.io and Telegram channels, HTTP API behind a JWT) and the web chat
page. ``scripts/run-assistant`` and the end-to-end tests both start them here,
so the command lines and the secrets they share are written once.
"""
from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import IO, Optional

from renewal import identity
from servers import action_server

PROJECT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
SECRET_NAMES = (identity.TOKEN_SECRET_ENV, action_server.TOKEN_ENV, identity.API_SECRET_ENV)


def local_secrets(folder: Path) -> dict[str, str]:
    """Each secret from the environment, or else from a file in ``folder`` made
    once (mode 600; ``var/`` is never committed)."""
    found = {}
    for name in SECRET_NAMES:
        value = os.environ.get(name)
        if not value:
            path = folder / name.lower()
            if not path.exists():
                folder.mkdir(parents=True, exist_ok=True)
                path.touch(mode=0o600)
                path.write_text(secrets.token_urlsafe(32))
            value = path.read_text().strip()
        found[name] = value
    return found


def write_endpoints(path: Path, actions_port: int, action_token: str) -> Path:
    """Rasa's endpoints: the action server on loopback, with the shared secret in a header."""
    path.write_text(
        "action_endpoint:\n"
        f"  url: http://127.0.0.1:{actions_port}/webhook\n"
        "  headers:\n"
        f"    {action_server.TOKEN_HEADER}: {json.dumps(action_token)}\n")
    path.chmod(0o600)
    return path


@dataclass
class Stack:
    """The processes of one assistant; ``start`` then ``wait_ready``, ``stop`` at the end."""

    work: Path
    model: Path
    rasa_port: int = 5005
    actions_port: int = 5055
    web_port: Optional[int] = None
    env: dict[str, str] = field(default_factory=dict)
    log_to_files: bool = True
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    def log(self, name: str) -> Path:
        return self.work / f"{name}.log"

    def api_token(self, minutes: int = 60) -> str:
        return identity.mint_api_token(datetime.now(timezone.utc), timedelta(minutes=minutes),
                                       self.env[identity.API_SECRET_ENV].encode())

    def _spawn(self, name: str, argv: list[str]) -> None:
        out: IO | None = self.log(name).open("w") if self.log_to_files else None
        self.processes[name] = subprocess.Popen(
            argv, cwd=PROJECT, env={**os.environ, "RASA_TELEMETRY_ENABLED": "false", **self.env},
            stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT if out else None)

    def start(self) -> "Stack":
        self.work.mkdir(parents=True, exist_ok=True)
        endpoints = write_endpoints(self.work / "endpoints.yml", self.actions_port,
                                    self.env[action_server.TOKEN_ENV])
        python = str(VENV_BIN / "python")
        self._spawn("actions", [python, "-m", "servers.action_server", "--port", str(self.actions_port)])
        self._spawn("rasa", [
            str(VENV_BIN / "rasa"), "run", "--model", str(self.model), "--interface", "127.0.0.1",
            "--port", str(self.rasa_port), "--endpoints", str(endpoints),
            "--credentials", str(PROJECT / "credentials.yml"), "--cors", "*",
            "--enable-api", "--jwt-secret", self.env[identity.API_SECRET_ENV], "--jwt-method", "HS256",
        ])
        if self.web_port:
            self._spawn("web", [python, "-m", "servers.webchat", "--port", str(self.web_port),
                                "--rasa-url", self.rasa_url])
        return self

    def wait_ready(self, seconds: float = 300) -> None:
        """Until the action server answers, Rasa has loaded its model and the page is served."""
        deadline = time.monotonic() + seconds
        checks = [("actions", f"http://127.0.0.1:{self.actions_port}/health", {}),
                  ("rasa", f"{self.rasa_url}/status", {"Authorization": f"Bearer {self.api_token()}"})]
        if self.web_port:
            checks.append(("web", f"{self.web_url}/health", {}))
        for name, url, headers in checks:
            while not _answers(url, headers):
                if self.processes[name].poll() is not None:
                    raise RuntimeError(f"{name} exited early:\n{self.tail(name)}")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{url} did not answer in {seconds} s:\n{self.tail(name)}")
                time.sleep(0.5)

    def tail(self, name: str) -> str:
        return self.log(name).read_text(errors="replace")[-3000:] if self.log_to_files else "(see the output above)"

    def stop(self) -> None:
        for process in self.processes.values():
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
