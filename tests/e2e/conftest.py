"""A real action server and a real Rasa server, started once per test session on
free loopback ports, spoken to over the REST channel."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Iterator

import pytest

from renewal import identity
from renewal.clock import FixedClock
from renewal.db import Database
from renewal.demo import reset_demo
from renewal.service import RenewalService
from tests.conftest import PROJECT, TODAY

VENV_BIN = Path(sys.executable).parent
SECRET = "e2e-secret-0123456789abcdef"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, seconds: float, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited early:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer in {seconds} s:\n{log.read_text()[-3000:]}")


class Assistant:
    def __init__(self, url: str, database_url: str, logs: tuple[Path, ...] = ()) -> None:
        self.url = url
        self.database_url = database_url
        self.clock = FixedClock(TODAY)
        self.logs = logs

    def log_text(self) -> str:
        return "".join(path.read_text(errors="replace") for path in self.logs)

    def reset(self) -> RenewalService:
        database = Database(self.database_url)
        reset_demo(database, TODAY)
        return RenewalService(database, self.clock)

    def token(self, username: str, minutes: int = 30) -> str:
        return identity.mint_token(username, self.clock.now(), timedelta(minutes=minutes), SECRET.encode())

    def conversation(self, username: str | None) -> "Conversation":
        return Conversation(self, self.token(username) if username else None)


class Conversation:
    def __init__(self, assistant: Assistant, token: str | None) -> None:
        self.assistant = assistant
        self.sender = f"e2e-{uuid.uuid4().hex[:10]}"
        self.token = token
        self.replies: list[dict] = []

    def say(self, text: str) -> str:
        """Sends one message; returns the bot's texts joined, keeps the replies (buttons too)."""
        body = {"sender": self.sender, "message": text}
        if self.token is not None:
            body["metadata"] = {"token": self.token}
        request = urllib.request.Request(
            f"{self.assistant.url}/webhooks/rest/webhook", data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"}, method="POST")
        with urllib.request.urlopen(request, timeout=60) as response:
            assert response.status == 200
            self.replies = json.loads(response.read())
        said = "\n".join(r.get("text", "") for r in self.replies)
        assert "None" not in said and "NONE" not in said, said
        return said

    def buttons(self) -> list[str]:
        return [b["title"] for r in self.replies for b in r.get("buttons", [])]


@pytest.fixture(scope="session")
def assistant(model, tmp_path_factory) -> Iterator[Assistant]:
    work = tmp_path_factory.mktemp("e2e")
    database_url = f"sqlite:///{work / 'renewal.sqlite3'}"
    actions_port, rasa_port = free_port(), free_port()
    env = {**os.environ, "RENEWAL_DATABASE_URL": database_url, "RENEWAL_TODAY": TODAY.isoformat(),
           identity.TOKEN_SECRET_ENV: SECRET, "SANIC_HOST": "127.0.0.1", "RASA_TELEMETRY_ENABLED": "false"}
    endpoints = work / "endpoints.yml"
    endpoints.write_text(f"action_endpoint:\n  url: http://127.0.0.1:{actions_port}/webhook\n")
    Assistant(f"http://127.0.0.1:{rasa_port}", database_url).reset()
    actions_log, rasa_log = work / "actions.log", work / "rasa.log"
    processes = [
        subprocess.Popen([str(VENV_BIN / "python"), "-m", "rasa_sdk", "--actions", "actions", "--port",
                          str(actions_port)], cwd=PROJECT, env=env, stdin=subprocess.DEVNULL,
                         stdout=actions_log.open("w"), stderr=subprocess.STDOUT),
        subprocess.Popen([str(VENV_BIN / "rasa"), "run", "--model", str(model), "--interface", "127.0.0.1",
                          "--port", str(rasa_port), "--endpoints", str(endpoints), "--credentials",
                          str(PROJECT / "credentials.yml")], cwd=PROJECT, env=env, stdin=subprocess.DEVNULL,
                         stdout=rasa_log.open("w"), stderr=subprocess.STDOUT),
    ]
    try:
        wait_for(f"http://127.0.0.1:{actions_port}/health", processes[0], 60, actions_log)
        wait_for(f"http://127.0.0.1:{rasa_port}/", processes[1], 180, rasa_log)
        # The root answers before the model is loaded: wait for a real reply.
        probe = Assistant(f"http://127.0.0.1:{rasa_port}", database_url, (actions_log, rasa_log))
        deadline = time.monotonic() + 180
        while not probe.conversation(None).say("ciao") and time.monotonic() < deadline:
            time.sleep(1)
        yield probe
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture
def demo(assistant) -> RenewalService:
    """Fresh demo data for each test; returns a service on the same database."""
    return assistant.reset()
