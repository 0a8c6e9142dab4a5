"""Processes the bench measures: resident memory, time to ready, and the assistant
that ``rasa init`` makes, as the floor of what Rasa costs on this machine."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.load import say

RASA = str(Path(sys.executable).parent / "rasa")
ENV = {**os.environ, "RASA_TELEMETRY_ENABLED": "false"}


@dataclass(frozen=True)
class Memory:
    resident_mb: float
    peak_mb: float


def memory(pid: int) -> Memory:
    """Resident set size now and at its peak, from /proc (Linux)."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return Memory(int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024)


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    """Runs a command to the end; its wall time in seconds."""
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env={**ENV, **(env or {})}, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{(done.stdout + done.stderr)[-3000:]}")
    return time.perf_counter() - started


@dataclass
class InitBot:
    """The English mood bot ``rasa init`` creates and trains, served over REST."""

    folder: Path
    port: int
    process: subprocess.Popen | None = None
    training_seconds: float | None = None
    ready_seconds: float | None = None

    @property
    def pid(self) -> int:
        if self.process is None:
            raise RuntimeError("the init bot is not running")
        return self.process.pid

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def prepare(self, fresh: bool) -> InitBot:
        """Creates and trains the bot (about 75 s here), unless a trained one is kept from an earlier run."""
        if fresh and self.folder.exists():
            shutil.rmtree(self.folder)
        if not list((self.folder / "models").glob("*.tar.gz")):
            self.folder.mkdir(parents=True, exist_ok=True)
            self.training_seconds = timed([RASA, "init", "--no-prompt", "--init-dir", str(self.folder)], self.folder)
        return self

    def start(self, log: Path, seconds: float = 300) -> InitBot:
        started = time.perf_counter()
        self.process = subprocess.Popen(
            [RASA, "run", "--interface", "127.0.0.1", "--port", str(self.port)], cwd=self.folder, env=ENV,
            stdin=subprocess.DEVNULL, stdout=log.open("w"), stderr=subprocess.STDOUT)
        while time.perf_counter() - started < seconds:
            if self.process.poll() is not None:
                raise RuntimeError(f"rasa init's bot exited:\n{log.read_text()[-2000:]}")
            try:
                if say(self.url, "probe", "hello", None, timeout=5):
                    self.ready_seconds = time.perf_counter() - started
                    return self
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"rasa init's bot did not answer in {seconds} s")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
