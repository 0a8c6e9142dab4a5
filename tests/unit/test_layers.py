"""The core (``renewal/domain``, ``dialogue``, ``text``) imports nothing but the standard library's pure
modules, dateutil and itself: no SQL, SMTP, HTTP, hashing of passwords, environment or files. The arrows
point down: the core imports no service or adapter; the services no server; nothing imports a test."""
from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT

CORE = ("renewal/domain", "renewal/dialogue", "renewal/text")
PURE_STDLIB = {"__future__", "collections", "dataclasses", "datetime", "decimal", "enum", "functools", "html",
               "itertools", "json", "math", "re", "string", "typing", "unicodedata", "hashlib", "abc", "operator"}
"""What the core may use of the standard library (hashlib: a digest of the cart, not a password hash)."""
IO_STDLIB = {"os", "sys", "io", "pathlib", "socket", "ssl", "smtplib", "urllib", "http", "subprocess", "sqlite3",
             "shutil", "tempfile", "asyncio", "threading", "logging", "secrets", "hmac", "time"}


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def modules(*folders: str) -> list[Path]:
    return sorted(path for folder in folders for path in (PROJECT / folder).rglob("*.py"))


@pytest.mark.parametrize("path", modules(*CORE), ids=lambda p: str(p.relative_to(PROJECT)))
def test_the_core_does_no_io(path):
    for name in imports(path):
        top = name.split(".")[0]
        if top == "renewal":
            assert name.startswith(("renewal.domain", "renewal.dialogue", "renewal.text")), name
        elif top == "dateutil":
            continue
        else:
            assert top in sys.stdlib_module_names, f"{path.name} imports {name}, a third-party package"
            assert top in PURE_STDLIB and top not in IO_STDLIB, f"{path.name} imports {name}"


@pytest.mark.parametrize("path", modules("renewal/services", "renewal/adapters", "renewal/domain", "renewal/dialogue",
                                         "renewal/text"), ids=lambda p: str(p.relative_to(PROJECT)))
def test_nothing_in_renewal_below_the_entry_points_imports_a_server_or_rasa(path):
    for name in imports(path):
        assert not name.startswith(("servers", "connectors", "actions", "rasa", "rasa_sdk", "sanic", "tests")), \
            f"{path.relative_to(PROJECT)} imports {name}"


def test_the_environment_is_read_in_one_place():
    readers = sorted(str(path.relative_to(PROJECT)) for path in modules("renewal", "servers", "connectors", "actions",
                                                                        "understanding", "italian")
                     if "os.environ" in path.read_text() or "getenv(" in path.read_text())
    assert readers == ["renewal/config.py", "servers/run.py", "servers/stack.py"]
