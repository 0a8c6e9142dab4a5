"""Queued emails go out through a real (local) SMTP server, once each."""
from __future__ import annotations

import socket

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from renewal.outbox import SMTP_HOST_ENV, SMTP_PORT_ENV, SmtpNotConfigured, send_queued
from tests.db.test_service import ready_cart


class Inbox(Message):
    def __init__(self) -> None:
        super().__init__()
        self.messages = []

    def handle_message(self, message) -> None:
        self.messages.append(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(monkeypatch):
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv(SMTP_HOST_ENV, "127.0.0.1")
    monkeypatch.setenv(SMTP_PORT_ENV, str(port))
    yield inbox
    controller.stop()


def test_queued_email_is_sent_once(service, demo_db, clock, smtp):
    order = service.place_order(ready_cart(service)).value
    assert send_queued(demo_db, clock) == 1
    assert send_queued(demo_db, clock) == 0
    assert len(smtp.messages) == 1
    message = smtp.messages[0]
    assert message["To"] == "amministrazione@studiorossi.example"
    assert order.number in message["Subject"]
    assert "IBAN" in message.get_payload()
    assert service.emails(unsent_only=True) == []


def test_without_smtp_configuration_nothing_is_sent(service, demo_db, clock, monkeypatch):
    monkeypatch.delenv(SMTP_HOST_ENV, raising=False)
    service.place_order(ready_cart(service))
    with pytest.raises(SmtpNotConfigured):
        send_queued(demo_db, clock)
    assert len(service.emails(unsent_only=True)) == 1
