"""Sends queued emails through SMTP when ``RENEWAL_SMTP_HOST`` is set."""
from __future__ import annotations

import os

from sqlalchemy import select

from renewal.clock import Clock
from renewal.db import Database, OutgoingEmailRow
from renewal.emails import Email, send_smtp

SMTP_HOST_ENV = "RENEWAL_SMTP_HOST"
SMTP_PORT_ENV = "RENEWAL_SMTP_PORT"


class SmtpNotConfigured(RuntimeError):
    pass


def send_queued(database: Database, clock: Clock) -> int:
    """Sends every unsent email, each marked sent in its own transaction, so a
    failure part way leaves the rest queued and never sends one twice on retry."""
    host = os.environ.get(SMTP_HOST_ENV)
    if not host:
        raise SmtpNotConfigured(f"set {SMTP_HOST_ENV} (and {SMTP_PORT_ENV}, default 25) to send emails")
    port = int(os.environ.get(SMTP_PORT_ENV, "25"))
    with database.transaction() as session:
        ids = list(session.scalars(select(OutgoingEmailRow.id).where(OutgoingEmailRow.sent_at.is_(None))))
    sent = 0
    for email_id in ids:
        with database.transaction() as session:
            row = session.get(OutgoingEmailRow, email_id, with_for_update=True)
            if row is None or row.sent_at is not None:
                continue
            send_smtp(Email(row.to_address, row.subject, row.body), host, port)
            row.sent_at = clock.now()
            sent += 1
    return sent
