"""Sends the outbox's emails through SMTP: STARTTLS and login when configured, retried with backoff,
each email marked sent once, and marked with the reason when sending gives up.

``python -m renewal.outbox`` runs the sender (``make run`` and the container topology start it);
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
import os
import secrets
import smtplib
import ssl
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable, Optional

from sqlalchemy import or_, select
from sqlalchemy.exc import SQLAlchemyError

from renewal.clock import Clock, clock_from_env
from renewal.db import Database, EmailDeliveryRow, OutgoingEmailRow, aware
from renewal.emails import Email, send_smtp

logger = logging.getLogger(__name__)

SMTP_HOST_ENV = "RENEWAL_SMTP_HOST"
SMTP_PORT_ENV = "RENEWAL_SMTP_PORT"
SMTP_USERNAME_ENV = "RENEWAL_SMTP_USERNAME"
SMTP_PASSWORD_ENV = "RENEWAL_SMTP_PASSWORD"
SMTP_STARTTLS_ENV = "RENEWAL_SMTP_STARTTLS"
SMTP_CA_FILE_ENV = "RENEWAL_SMTP_CA_FILE"
RETRY_DELAYS = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15), timedelta(hours=1),
                timedelta(hours=4))
"""After each failed attempt, the wait before the next; after the last, sending gives up."""
LEASE = timedelta(minutes=5)
INTERVAL_SECONDS = 10
INTERVAL_ENV = "RENEWAL_OUTBOX_INTERVAL"


class SmtpNotConfigured(RuntimeError):
    pass


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 25
    username: Optional[str] = None
    password: Optional[str] = None
    starttls: bool = False
    ca_file: Optional[str] = None  # a private CA to trust for STARTTLS (default: the system's)

    @classmethod
    def from_env(cls) -> "SmtpSettings":
        host = os.environ.get(SMTP_HOST_ENV)
        if not host:
            raise SmtpNotConfigured(f"set {SMTP_HOST_ENV} (and {SMTP_PORT_ENV}, default 25; {SMTP_USERNAME_ENV} and "
                                    f"{SMTP_PASSWORD_ENV} to log in, {SMTP_STARTTLS_ENV}=1 for STARTTLS) to send "
                                    f"emails; until then they stay queued")
        username = os.environ.get(SMTP_USERNAME_ENV) or None
        starttls = os.environ.get(SMTP_STARTTLS_ENV, "1" if username else "0").lower() in ("1", "true", "yes")
        return cls(host, int(os.environ.get(SMTP_PORT_ENV, "25")), username, os.environ.get(SMTP_PASSWORD_ENV),
                   starttls, os.environ.get(SMTP_CA_FILE_ENV) or None)

    def tls_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.ca_file)

    def __repr__(self) -> str:  # never the password
        return f"SmtpSettings(host={self.host!r}, port={self.port}, username={self.username!r}, starttls={self.starttls})"


@dataclass(frozen=True)
class OutboxRun:
    sent: int = 0
    failed: int = 0  # will be tried again
    gave_up: int = 0


Transport = Callable[[Email, SmtpSettings, str], None]


def message_id(email_id: int) -> str:
    return f"<outbox-{email_id}@fatturazione.example>"


class Outbox:
    def __init__(self, database: Database, clock: Clock, settings: SmtpSettings, transport: Transport = send_smtp) -> None:
        self.database = database
        self.clock = clock
        self.settings = settings
        self.transport = transport

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



def send_queued(database: Database, clock: Clock) -> OutboxRun:
    """What ``emails send`` does: every queued email now, retries included (not those given up)."""
    return Outbox(database, clock, SmtpSettings.from_env()).send_due(now_anyway=True)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m renewal.outbox", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--interval", type=float, default=float(os.environ.get(INTERVAL_ENV, INTERVAL_SECONDS)),
                        help=f"seconds between rounds (${INTERVAL_ENV}, default {INTERVAL_SECONDS})")
    parser.add_argument("--once", action="store_true", help="one round, then exit")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    database, clock = Database(), clock_from_env()
    try:
        outbox = Outbox(database, clock, SmtpSettings.from_env())
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
        except Exception:  # noqa: BLE001 - one bad round never stops the sender; it is logged whole
            logger.exception("outbox round failed")
            run = OutboxRun()
        if run.sent or run.failed or run.gave_up:
            logger.info("emails sent %s, to retry %s, given up %s", run.sent, run.failed, run.gave_up)
        if args.once:
            return 0
        time.sleep(args.interval)


if __name__ == "__main__":
    sys.exit(main())
