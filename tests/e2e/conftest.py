"""The whole assistant as `make run` starts it (servers.stack), once per test session
on free loopback ports: REST, socket.io and Telegram (against a fake Bot API)."""
from __future__ import annotations

import json
import urllib.request
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from renewal import config
from renewal.adapters import identity
from renewal.adapters.db import Database
from renewal.config import ACTION_TOKEN_ENV, DEMO_PROVIDER_API_KEY_ENV, WEBHOOK_SECRET_ENV
from renewal.domain.clock import FixedClock
from renewal.services.demo import reset_demo
from renewal.services.renewals import RenewalService
from servers.stack import Stack, Stores
from tests.conftest import TODAY
from tests.e2e.fake_telegram import FakeBotApi
from tests.services import free_port

if TYPE_CHECKING:
    from tests.db.test_outbox import Inbox

SECRETS = {config.TOKEN_SECRET_ENV: "e2e-secret-0123456789abcdef", ACTION_TOKEN_ENV: "e2e-action-token-0123456789",
           config.API_SECRET_ENV: "e2e-jwt-secret-0123456789abcdef",
           WEBHOOK_SECRET_ENV: "e2e-payment-webhook-secret-0123456789",
           DEMO_PROVIDER_API_KEY_ENV: "e2e-demo-provider-key-0123456789"}
SECRET = SECRETS[config.TOKEN_SECRET_ENV]
TELEGRAM_TOKEN = "123456:e2e-telegram-token"
TELEGRAM_SECRET = "e2e-telegram-webhook-secret"



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

    def conversation(self, username: str | None) -> Conversation:
        return Conversation(self, self.token(username) if username else None)


class Conversation:
    def __init__(self, assistant: Assistant, token: str | None) -> None:
        self.assistant = assistant
        self.sender = f"e2e-{uuid.uuid4().hex[:10]}"
        self.token = token
        self.replies: list[dict] = []

    def say(self, text: str, via: str | None = None) -> str:
        """Sends one message (to the assistant's URL, or ``via`` another, e.g. one
        replica); returns the bot's texts joined, keeps the replies (buttons too)."""
        body = {"sender": self.sender, "message": text}
        if self.token is not None:
            body["metadata"] = {"token": self.token}
        request = urllib.request.Request(
            f"{via or self.assistant.url}/webhooks/rest/webhook", data=json.dumps(body).encode(),
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
def telegram_api() -> Iterator[FakeBotApi]:
    fake = FakeBotApi(TELEGRAM_TOKEN).start()
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def mail_inbox() -> Iterator[Inbox]:
    """A local SMTP server (aiosmtpd) the stack's outbox sender delivers to."""
    from aiosmtpd.controller import Controller

    from tests.db.test_outbox import Inbox

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    inbox.port = controller.port
    yield inbox
    controller.stop()


@pytest.fixture(scope="session")
def stack(model, tmp_path_factory, telegram_api, mail_inbox) -> Iterator[Stack]:
    """Action server, Rasa server (REST, socket.io, Telegram against the fake Bot
    API) and the support page, as ``make run`` starts them, on free ports; conversations in
    Rasa's SQL tracker store on SQLite, so that tests can read what it keeps."""
    work = tmp_path_factory.mktemp("e2e")
    database_url = f"sqlite:///{work / 'renewal.sqlite3'}"
    reset_demo(Database(database_url), TODAY)
    rasa_port = free_port()
    stack = Stack(work, model, rasa_ports=(rasa_port,), actions_ports=(free_port(),), web_port=free_port(),
                  desk_port=free_port(), payments_port=free_port(), provider_port=free_port(),
                  stores=Stores(tracker_store_url=f"sqlite:///{work / 'rasa-tracker.sqlite3'}"), env={
        **SECRETS, "RENEWAL_DATABASE_URL": database_url, "RENEWAL_TODAY": TODAY.isoformat(),
        "TELEGRAM_ACCESS_TOKEN": TELEGRAM_TOKEN, "TELEGRAM_API_BASE_URL": telegram_api.url,
        "TELEGRAM_WEBHOOK_URL": f"http://127.0.0.1:{rasa_port}/webhooks/telegram/webhook",
        "TELEGRAM_WEBHOOK_SECRET": TELEGRAM_SECRET,
        "DEMO_PROVIDER_DATABASE_URL": f"sqlite:///{work / 'demo-provider.sqlite3'}",
        "RENEWAL_SMTP_HOST": "127.0.0.1", "RENEWAL_SMTP_PORT": str(mail_inbox.port), "RENEWAL_OUTBOX_INTERVAL": "1",
    })
    try:
        stack.start().wait_ready()
        yield stack
    finally:
        stack.stop()


@pytest.fixture(scope="session")
def assistant(stack) -> Assistant:
    return Assistant(stack.rasa_url, stack.env["RENEWAL_DATABASE_URL"], stack.logs())


@pytest.fixture
def demo(assistant) -> RenewalService:
    """Fresh demo data for each test; returns a service on the same database."""
    return assistant.reset()


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, driven by Playwright: one per test module."""
    from playwright.sync_api import sync_playwright

    from tests.e2e.browser import launch

    with sync_playwright() as driver:
        chromium = launch(driver)
        yield chromium
        chromium.close()
