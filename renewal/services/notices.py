"""Messages for a customer that no message of theirs asked for (a payment arrived): recorded here, sent
on their live channel (web chat, Telegram) through Rasa's HTTP API, and on REST with their next message
(``connectors.gate``). Each is delivered once."""
from __future__ import annotations

from sqlalchemy import select, update

from renewal.adapters.db import Database
from renewal.adapters.tables import CustomerNoticeRow
from renewal.domain.clock import Clock


class Notices:
    def __init__(self, database: Database, clock: Clock) -> None:
        self.database = database
        self.clock = clock

    def post(self, conversation_id: str, text: str) -> int:
        with self.database.transaction() as session:
            row = CustomerNoticeRow(conversation_id=conversation_id[:200], text=text, created_at=self.clock.now())
            session.add(row)
            session.flush()
            return row.id

    def mark_delivered(self, notice_id: int) -> None:
        with self.database.transaction() as session:
            session.execute(update(CustomerNoticeRow).where(CustomerNoticeRow.id == notice_id,
                                                            CustomerNoticeRow.delivered_at.is_(None))
                            .values(delivered_at=self.clock.now()))

    def take_undelivered(self, conversation_id: str) -> list[str]:
        """The conversation's notices not delivered yet, oldest first, marked delivered."""
        with self.database.read() as session:  # almost always none: a read, no write lock
            if not session.scalar(select(CustomerNoticeRow.id).where(
                    CustomerNoticeRow.conversation_id == conversation_id,
                    CustomerNoticeRow.delivered_at.is_(None)).limit(1)):
                return []
        with self.database.transaction() as session:
            rows = list(session.scalars(select(CustomerNoticeRow).where(
                CustomerNoticeRow.conversation_id == conversation_id, CustomerNoticeRow.delivered_at.is_(None))
                .order_by(CustomerNoticeRow.id).with_for_update()))
            for row in rows:
                row.delivered_at = self.clock.now()
            return [row.text for row in rows]
