"""Real browsers for the end-to-end tests: Debian's Chromium, headless, driven by Playwright, and the
support page's chat widget as a customer uses it."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import PROJECT
from tests.e2e.desk_client import PASSWORD

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


AXE = PROJECT / "web" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def serious_accessibility_violations(page) -> list[str]:
    """axe-core's serious and critical WCAG 2.1 AA violations on the page as it is now, one line each."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: make test installs it from web/package.json")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())  # evaluated by the driver: the page's CSP does not apply
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA)
    return [f"{violation['id']} ({violation['impact']}): {violation['help']}: "
            + ", ".join(" ".join(node["target"]) for node in violation["nodes"])
            for violation in result["violations"] if violation["impact"] in ("serious", "critical")]


def tab_to(page, selector: str, text: str | None = None, limit: int = 80) -> None:
    """Presses Tab until the focus is on ``selector`` (with ``text``, if given), as a keyboard-only user does;
    fails if it is never reached."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("""([selector, text]) => {
                const active = document.activeElement;
                return !!active && active.matches(selector) && (text === null || active.textContent.trim() === text);
            }""", [selector, text]):
            return
    seen = page.evaluate("() => document.activeElement.outerHTML.slice(0, 120)")
    raise AssertionError(f"Tab never reaches {selector} {text or ''} (last on {seen})")


def focus_outline(page) -> str:
    """The outline the focused element is drawn with (WCAG 2.4.7: the focus is visible)."""
    return page.evaluate("""() => {
        const style = getComputedStyle(document.activeElement);
        return style.outlineStyle === 'none' ? 'none' : style.outlineWidth + ' ' + style.outlineStyle;
    }""")


def sign_in(browser, stack, name: str = "mario.rossi", errors: list[str] | None = None):
    """An agent signed in to the desk in a context of its own (1,400 px wide): the context and the page."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    desk = context.new_page()
    if errors is not None:
        console_errors(desk, errors)
    desk.goto(f"{stack.desk_url}/desk/")  # not signed in: the sign-in page
    desk.fill("#name", name)
    desk.fill("#password", PASSWORD)
    desk.click("#sign-in")
    desk.locator("#live", has_text="in linea").wait_for(timeout=15_000)
    return context, desk
