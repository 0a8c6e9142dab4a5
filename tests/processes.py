"""A server of the project's started as its own process for a test, and stopped after it."""
from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

from tests.conftest import PROJECT


@contextmanager
def serving(module: str, port: int, env: dict[str, str], *arguments: str) -> Iterator[str]:
    """``python -m module --port port ...`` until its ``/health`` answers; its address."""
    process = subprocess.Popen([sys.executable, "-m", module, "--port", str(port), *arguments], cwd=PROJECT, env=env,
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            try:
                urllib.request.urlopen(f"{url}/health", timeout=1).close()
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, f"{module} did not start"
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
