"""Real browsers for the end-to-end tests: Debian's Chromium, headless, driven by Playwright, and the
support page's chat widget as a customer uses it."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import PROJECT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = PROJECT / "test-artifacts"
# As the machine's notes say: no sandbox as root, and no calls home on a closed network.
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def launch(driver):
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: make test installs Debian's chromium (scripts/install-system-packages)")
    return driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)


class ChatWidget:
    def __init__(self, page) -> None:
        self.page = page

    def bot_texts(self) -> list[str]:
        return self.page.locator(".rw-response").all_inner_texts()

    def wait_for_reply(self, containing: str, timeout_ms: int = 30_000) -> str:
        self.page.locator(".rw-response", has_text=containing).last.wait_for(timeout=timeout_ms)
        return "\n".join(self.bot_texts())

    def say_only(self, text: str) -> None:
        """Sends without waiting for an answer (a person may answer later, or nobody)."""
        field = self.page.locator(".rw-new-message")
        field.fill(text)
        field.press("Enter")
        self.page.locator(".rw-client", has_text=text).last.wait_for(timeout=10_000)

    def say(self, text: str, expect: str) -> str:
        field = self.page.locator(".rw-new-message")
        field.fill(text)
        field.press("Enter")
        return self.wait_for_reply(expect)

    def press(self, title: str, expect: str) -> str:
        exactly = re.compile(f"^{re.escape(title)}$")
        self.page.locator(".rw-reply").filter(has_text=exactly).last.click()
        return self.wait_for_reply(expect)


def console_errors(page, errors: list[str] | None = None) -> list[str]:
    """What the page reports as errors (console, uncaught exceptions, failed loads such as a 404 favicon), filled
    as they happen into ``errors`` (a new list if None): the tests expect it empty."""
    errors = [] if errors is None else errors
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def open_chat(page, web_url: str, account: str) -> ChatWidget:
    """The support page of ``account`` with its chat opened and greeted."""
    page.goto(f"{web_url}/?account={account}")
    page.locator(".rw-launcher").click()
    chat = ChatWidget(page)
    chat.wait_for_reply("Vuoi rinnovare il servizio?")
    return chat
