"""Sends the outbox's emails through SMTP: STARTTLS and login when configured, retried with backoff,
each email marked sent once, and marked with the reason when sending gives up.

``python -m renewal.adapters.outbox`` runs the sender (``make run`` and the container topology start it);
``python -m renewal emails send`` sends what is due once. Without ``RENEWAL_SMTP_HOST`` the emails
stay queued and both say so.

Each email is leased (``email_deliveries.claimed_at``) before the SMTP conversation, which happens
outside any transaction, and marked sent after it. A sender that dies between the two leaves the
lease to expire and the email is sent again: its ``Message-ID`` is the same (built from the outbox
row), so the receiving side recognises the copy.
"""
from __future__ import annotations

import argparse
import logging
import secrets
import smtplib
import ssl
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from typing import Optional

from sqlalchemy import or_, select
from sqlalchemy.exc import SQLAlchemyError

from renewal.adapters.db import Database
from renewal.adapters.tables import EmailDeliveryRow, OutgoingEmailRow, aware
from renewal.bootstrap import Services, build
from renewal.config import (
    DEFAULT_MAIL_FROM,
    OUTBOX_INTERVAL_ENV,
    SMTP_HOST_ENV,
    SMTP_PASSWORD_ENV,
    SMTP_PORT_ENV,
    SMTP_STARTTLS_ENV,
    SMTP_USERNAME_ENV,
    Settings,
    SmtpSettings,
)
from renewal.domain.clock import Clock
from renewal.text.emails import Email, html_body

logger = logging.getLogger(__name__)

RETRY_DELAYS = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15), timedelta(hours=1),
                timedelta(hours=4))
"""After each failed attempt, the wait before the next; after the last, sending gives up."""
LEASE = timedelta(minutes=5)


class SmtpNotConfigured(RuntimeError):
    pass


def smtp_settings(settings: Settings) -> SmtpSettings:
    if settings.smtp is None:
        raise SmtpNotConfigured(f"set {SMTP_HOST_ENV} (and {SMTP_PORT_ENV}, default 25; {SMTP_USERNAME_ENV} and "
                                f"{SMTP_PASSWORD_ENV} to log in, {SMTP_STARTTLS_ENV}=1 for STARTTLS) to send "
                                f"emails; until then they stay queued")
    return settings.smtp


def compose(email: Email, message_id: str, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = email.to_address
    message["Subject"] = email.subject
    message["Message-ID"] = message_id
    message.set_content(email.body)
    message.add_alternative(html_body(email.body), subtype="html")
    return message


def send_smtp(email: Email, settings: SmtpSettings, message_id: str, sender: str = DEFAULT_MAIL_FROM) -> None:
    """One email through SMTP: STARTTLS (the server's certificate checked) and login when configured."""
    with smtplib.SMTP(settings.host, settings.port, timeout=30) as smtp:
        if settings.starttls:
            smtp.starttls(context=ssl.create_default_context(cafile=settings.ca_file))
        if settings.username:
            smtp.login(settings.username, settings.password or "")
        smtp.send_message(compose(email, message_id, sender))


@dataclass(frozen=True)
class OutboxRun:
    sent: int = 0
    failed: int = 0  # will be tried again
    gave_up: int = 0


Transport = Callable[[Email, SmtpSettings, str], None]


def message_id(email_id: int) -> str:
    return f"<outbox-{email_id}@fatturazione.example>"


class Outbox:
    def __init__(self, database: Database, clock: Clock, settings: SmtpSettings, transport: Optional[Transport] = None,
                 sender: str = DEFAULT_MAIL_FROM) -> None:
        self.database = database
        self.clock = clock
        self.settings = settings
        self.transport: Transport = transport or (lambda email, smtp, mid: send_smtp(email, smtp, mid, sender))

    def send_due(self, now_anyway: bool = False) -> OutboxRun:
        """Every email due (``now_anyway``: also those waiting for their next attempt), each once."""
        run = OutboxRun()
        for email_id in self._due(now_anyway):
            claimed = self._claim(email_id, now_anyway)
            if claimed is None:
                continue
            email, claim = claimed
            try:
                self.transport(email, self.settings, message_id(email_id))
            except (smtplib.SMTPException, OSError) as error:
                gave_up = self._failed(email_id, claim, f"{type(error).__name__}: {error}")
                run = OutboxRun(run.sent, run.failed + (not gave_up), run.gave_up + gave_up)
                logger.warning("email %s not sent (%s)%s", email_id, type(error).__name__,
                               ": giving up" if gave_up else ": will retry")
                continue
            self._sent(email_id, claim)
            run = OutboxRun(run.sent + 1, run.failed, run.gave_up)
        return run

    def _due(self, now_anyway: bool) -> list[int]:
        now = self.clock.now()
        with self.database.transaction() as session:
            query = (select(OutgoingEmailRow.id).outerjoin(EmailDeliveryRow, EmailDeliveryRow.email_id == OutgoingEmailRow.id)
                     .where(OutgoingEmailRow.sent_at.is_(None), EmailDeliveryRow.gave_up_at.is_(None))
                     .order_by(OutgoingEmailRow.id))
            if not now_anyway:
                query = query.where(or_(EmailDeliveryRow.next_attempt_at.is_(None),
                                        EmailDeliveryRow.next_attempt_at <= now))
            return list(session.scalars(query))

    def _claim(self, email_id: int, now_anyway: bool) -> Optional[tuple[Email, str]]:
        now = self.clock.now()
        with self.database.transaction() as session:
            row = session.get(OutgoingEmailRow, email_id, with_for_update=True)
            delivery = session.get(EmailDeliveryRow, email_id, with_for_update=True)
            if row is None or row.sent_at is not None:
                return None
            if delivery is None:
                delivery = EmailDeliveryRow(email_id=email_id, attempts=0)
                session.add(delivery)
            if delivery.gave_up_at is not None or (delivery.claimed_at is not None and aware(delivery.claimed_at) + LEASE > now):
                return None
            if not now_anyway and delivery.next_attempt_at is not None and aware(delivery.next_attempt_at) > now:
                return None
            delivery.claimed_at, delivery.claim = now, secrets.token_hex(8)
            return Email(row.to_address, row.subject, row.body), delivery.claim

    def _sent(self, email_id: int, claim: str) -> None:
        now = self.clock.now()
        with self.database.transaction() as session:
            row, delivery = session.get(OutgoingEmailRow, email_id), session.get(EmailDeliveryRow, email_id)
            if row is None or delivery is None or delivery.claim != claim:  # not the email claimed (deleted meanwhile)
                return
            row.sent_at = now
            delivery.attempts, delivery.claimed_at, delivery.claim, delivery.last_error = \
                delivery.attempts + 1, None, None, None

    def _failed(self, email_id: int, claim: str, reason: str) -> bool:
        """Records the failure; whether sending now gives up."""
        now = self.clock.now()
        with self.database.transaction() as session:
            delivery = session.get(EmailDeliveryRow, email_id)
            if delivery is None or delivery.claim != claim:  # not the email claimed (deleted meanwhile)
                return False
            delivery.attempts += 1
            delivery.claimed_at, delivery.claim, delivery.last_error = None, None, reason[:500]
            if delivery.attempts > len(RETRY_DELAYS):
                delivery.gave_up_at = now
                return True
            delivery.next_attempt_at = now + RETRY_DELAYS[delivery.attempts - 1]
            return False



def send_queued(services: Services) -> OutboxRun:
    """What ``emails send`` does: every queued email now, retries included (not those given up)."""
    return Outbox(services.database, services.clock, smtp_settings(services.settings),
                  sender=services.settings.mail_from).send_due(now_anyway=True)


def main(argv: Optional[list[str]] = None) -> int:
    settings = Settings.from_env()
    parser = argparse.ArgumentParser(prog="python -m renewal.adapters.outbox", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--interval", type=float, default=settings.outbox_interval,
                        help=f"seconds between rounds (${OUTBOX_INTERVAL_ENV}, default 10)")
    parser.add_argument("--once", action="store_true", help="one round, then exit")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    services = build(settings, provider=None, migrate=True)
    try:
        outbox = Outbox(services.database, services.clock, smtp_settings(settings), sender=settings.mail_from)
    except SmtpNotConfigured as error:
        print(f"Outbox sender idle: {error}.", flush=True)
        if args.once:
            return 2
        while True:  # stays up beside the other processes; configuring SMTP needs a restart
            time.sleep(3600)
    print(f"Outbox sender: {outbox.settings!r}, every {args.interval:g} s.", flush=True)
    while True:
        try:
            run = outbox.send_due()
        except SQLAlchemyError as error:  # the database is down or being rebuilt: the next round tries again
            logger.error("cannot read the outbox: %s", type(error).__name__)
            run = OutboxRun()
        except Exception:
            logger.exception("outbox round failed")
            run = OutboxRun()
        if run.sent or run.failed or run.gave_up:
            logger.info("emails sent %s, to retry %s, given up %s", run.sent, run.failed, run.gave_up)
        if args.once:
            return 0
        time.sleep(args.interval)


if __name__ == "__main__":
    sys.exit(main())
