"""A person takes over: the queue of customers who asked for one, who works on each request, what the
agent writes to the customer (and notes only agents see), and the hand-back to the bot.

A request is ``waiting`` until an agent takes it, then ``taken`` until the agent gives the conversation
back to the bot (``returned``) or closes it (``closed``). While it is open the bot does not answer the
conversation (the channel layer and Rasa's pause see to that); at most one request is open per
conversation and one agent works on it, both enforced by the database. Every agent action is audited.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import Enum
from typing import Optional

from dateutil import tz
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from renewal.adapters.db import Database
from renewal.adapters.tables import AgentActionRow, DeskAgentRow, DeskSessionRow, HandoffMessageRow, HandoffRow, aware
from renewal.domain.clock import Clock
from renewal.domain.decision import Decision, Reason
from renewal.text import handoffs as handoffs_text

SUPPORT_ZONE = tz.gettz("Europe/Rome")
ONLINE_WITHIN = timedelta(minutes=2)  # a desk page reports every 20 s while open
MAX_MESSAGE_LENGTH = 2000
WAITS_FOR_ESTIMATE = 20  # the last requests taken, for the expected wait
SHOWN_AFTER_WITHDRAWAL = timedelta(minutes=10)  # a withdrawn request stays in the desk's list, with the reason


class HandoffStatus(str, Enum):
    WAITING = "waiting"
    TAKEN = "taken"
    RETURNED = "returned"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"  # by the customer, before an agent took it


OPEN = (HandoffStatus.WAITING.value, HandoffStatus.TAKEN.value)


class MessageKind(str, Enum):
    AGENT = "agent"  # the agent's words to the customer, on their channel
    NOTICE = "notice"  # what happens to the request, told to the customer (taken, transferred, ended)
    NOTE = "note"  # agents only


TO_CUSTOMER = (MessageKind.AGENT.value, MessageKind.NOTICE.value)


@dataclass(frozen=True)
class SupportHours:
    """When people answer: ISO weekdays (1 = Monday) and a daily window, Italian time."""

    first_day: int = 1
    last_day: int = 5
    opens: time = time(9)
    closes: time = time(18)

    @classmethod
    def parse(cls, text: str) -> SupportHours:
        """``"1-5 09:00-18:00"``: Monday to Friday, nine to six."""
        found = re.fullmatch(r"\s*([1-7])-([1-7])\s+(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})\s*", text)
        if not found:
            raise ValueError(f"RENEWAL_SUPPORT_HOURS: expected e.g. '1-5 09:00-18:00', got {text!r}")
        a, b, h1, m1, h2, m2 = (int(g) for g in found.groups())
        return cls(a, b, time(h1, m1), time(h2, m2))

    def open_at(self, moment: datetime) -> bool:
        local = moment.astimezone(SUPPORT_ZONE)
        return self.first_day <= local.isoweekday() <= self.last_day and self.opens <= local.time() < self.closes


@dataclass(frozen=True)
class HandoffView:
    id: int
    conversation_id: str
    username: Optional[str]
    channel: str
    transcript: str
    status: HandoffStatus
    created_at: datetime
    taken_by: Optional[str]
    taken_at: Optional[datetime]
    ended_at: Optional[datetime]
    position: Optional[int] = None  # in the queue, while waiting (1 = next)
    withdrawn_with: Optional[str] = None  # the customer's words, when they withdrew it

    @property
    def open(self) -> bool:
        return self.status.value in OPEN


@dataclass(frozen=True)
class HandoffMessage:
    id: int
    handoff_id: int
    conversation_id: str
    kind: MessageKind
    agent: str
    text: str
    at: datetime
    delivered_at: Optional[datetime]
    display_name: Optional[str] = None  # the agent as customers read them

    @property
    def for_customer(self) -> str:
        """As the customer reads it: signed with the agent's display name, never their sign-in name."""
        return handoffs_text.agent_says(self.display_name, self.text) if self.kind is MessageKind.AGENT else self.text


@dataclass(frozen=True)
class CustomerTurn:
    """What the channel needs when a customer writes: the open request, if any, and the agent's
    messages not delivered yet (now marked delivered: the channel sends them with this reply)."""

    handoff: Optional[HandoffView]
    undelivered: tuple[HandoffMessage, ...] = ()


def may_open(request: HandoffView, agent: str, supervisor: bool) -> bool:
    """Who may read a request (its transcript, notes, the customer's account and orders): anyone while it
    waits in the queue (to choose it), then only the agent who holds it, or held it last; a supervisor
    any request."""
    return supervisor or request.status in (HandoffStatus.WAITING, HandoffStatus.WITHDRAWN) or request.taken_by == agent


def _view(row: HandoffRow, position: Optional[int] = None) -> HandoffView:
    return HandoffView(row.id, row.conversation_id, row.username, row.channel, row.transcript,
                       HandoffStatus(row.status), aware(row.created_at), row.taken_by, aware(row.taken_at),
                       aware(row.ended_at), position, row.withdrawn_with)


def _message(session: Session, row: HandoffMessageRow) -> HandoffMessage:
    return HandoffMessage(row.id, row.handoff_id, row.conversation_id, MessageKind(row.kind), row.agent, row.text,
                          aware(row.at), aware(row.delivered_at), _display_name(session, row.agent))


def _display_name(session: Session, agent: str) -> Optional[str]:
    known = session.get(DeskAgentRow, agent)
    return known.display_name if known is not None else None



class HandoffService:
    def __init__(self, database: Database, clock: Clock, hours: Optional[SupportHours] = None) -> None:
        self.database = database
        self.clock = clock
        self.hours = hours or SupportHours()

    # --- the customer's side ----------------------------------------------------

    def availability(self) -> Decision[int]:
        """Whether a person can answer now: within the support hours and with an agent at the desk."""
        now = self.clock.now()
        if not self.hours.open_at(now):
            return Decision.refuse(Reason.SUPPORT_CLOSED, hours=self.hours)
        online = self.agents_online()
        if online == 0:
            return Decision.refuse(Reason.NO_AGENT_ONLINE, hours=self.hours)
        return Decision.allow(value=online, agents_online=online)

    def agents_online(self) -> int:
        now = self.clock.now()
        with self.database.transaction() as session:
            return session.scalar(select(func.count(func.distinct(DeskSessionRow.agent))).where(
                DeskSessionRow.ended_at.is_(None), DeskSessionRow.expires_at > now,
                DeskSessionRow.last_seen_at > now - ONLINE_WITHIN)) or 0

    def request(self, conversation_id: str, username: Optional[str], channel: str, transcript: str) -> HandoffView:
        """Queues the conversation (or gives its request already open), with its place in the queue."""
        key = conversation_id[:200]
        try:
            with self.database.transaction() as session:
                row = HandoffRow(conversation_id=key, username=username, channel=(channel or "rest")[:32],
                                 transcript=transcript, status=HandoffStatus.WAITING.value,
                                 created_at=self.clock.now())
                session.add(row)
                session.flush()
                handoff_id = row.id
        except IntegrityError:  # already queued: the same request
            already = self.open_for(key)
            assert already is not None  # the unique index refused a second open request: the first is there
            handoff_id = already.id
        return self.get(handoff_id).value

    def open_for(self, conversation_id: str) -> Optional[HandoffView]:
        with self.database.transaction() as session:
            row = session.scalars(select(HandoffRow).where(HandoffRow.conversation_id == conversation_id[:200],
                                                           HandoffRow.status.in_(OPEN))).first()
            return None if row is None else _view(row, self._position(session, row))

    def follow(self, conversation_id: str, username: str, channel: str) -> Optional[HandoffView]:
        """A customer back in a new conversation on the same channel (the page reloaded) with a request still
        waiting in an old one: the request moves here, its place kept, so nobody waits for a page left behind.
        None if nothing moved (a request already here, none waiting, or one an agent has: they write there)."""
        key = conversation_id[:200]
        with self.database.transaction() as session:
            if session.scalar(select(HandoffRow.id).where(HandoffRow.conversation_id == key,
                                                         HandoffRow.status.in_(OPEN))) is not None:
                return None
            row = session.scalars(select(HandoffRow).where(
                HandoffRow.username == username, HandoffRow.channel == (channel or "rest")[:32],
                HandoffRow.status == HandoffStatus.WAITING.value).with_for_update()).first()
            if row is None:
                return None
            row.conversation_id = key
            return _view(row, self._position(session, row))

    def customer_wrote(self, conversation_id: str) -> CustomerTurn:
        """Called by the channel for each customer message: the open request and the agent's messages
        still to deliver, marked delivered in the same transaction (so each is delivered once)."""
        with self.database.read() as session:  # almost always nothing to deliver: a read, no write lock
            if not session.scalar(select(HandoffMessageRow.id).where(
                    HandoffMessageRow.conversation_id == conversation_id[:200],
                    HandoffMessageRow.kind.in_(TO_CUSTOMER), HandoffMessageRow.delivered_at.is_(None)).limit(1)):
                row = session.scalars(select(HandoffRow).where(HandoffRow.conversation_id == conversation_id[:200],
                                                               HandoffRow.status.in_(OPEN))).first()
                return CustomerTurn(None if row is None else _view(row, self._position(session, row)), ())
        now = self.clock.now()
        with self.database.transaction() as session:
            pending = session.scalars(select(HandoffMessageRow).where(
                HandoffMessageRow.conversation_id == conversation_id[:200],
                HandoffMessageRow.kind.in_(TO_CUSTOMER),
                HandoffMessageRow.delivered_at.is_(None)).order_by(HandoffMessageRow.id).with_for_update()).all()
            for row in pending:
                row.delivered_at = now
            undelivered = tuple(_message(session, row) for row in pending)
            row = session.scalars(select(HandoffRow).where(HandoffRow.conversation_id == conversation_id[:200],
                                                           HandoffRow.status.in_(OPEN))).first()
            return CustomerTurn(None if row is None else _view(row, self._position(session, row)), undelivered)

    def withdraw(self, conversation_id: str, said: str) -> Decision[HandoffView]:
        """The customer no longer waits: their request leaves the queue, with their words for the agents. Refused
        once an agent has it (the conversation is theirs) or with nothing waiting."""
        with self.database.transaction() as session:
            row = session.scalars(select(HandoffRow).where(HandoffRow.conversation_id == conversation_id[:200],
                                                           HandoffRow.status.in_(OPEN)).with_for_update()).first()
            if row is None:
                return Decision.refuse(Reason.HANDOFF_NOT_WAITING)
            if row.status == HandoffStatus.TAKEN.value:
                return Decision.refuse(Reason.HANDOFF_TAKEN, handoff_id=row.id, taken_by=row.taken_by)
            row.status, row.ended_at, row.withdrawn_with = HandoffStatus.WITHDRAWN.value, self.clock.now(), said[:300]
            return Decision.allow(value=_view(row))

    def recently_withdrawn(self, within: timedelta = SHOWN_AFTER_WITHDRAWAL) -> list[HandoffView]:
        """Requests the customers withdrew lately: the desk still lists them a while, with why."""
        with self.database.transaction() as session:
            return [_view(row) for row in session.scalars(select(HandoffRow).where(
                HandoffRow.status == HandoffStatus.WITHDRAWN.value,
                HandoffRow.ended_at > self.clock.now() - within).order_by(HandoffRow.id))]

    def expected_wait(self) -> Optional[timedelta]:
        """The median wait of the last requests taken; None until some have been."""
        with self.database.transaction() as session:
            rows = session.execute(select(HandoffRow.created_at, HandoffRow.taken_at).where(
                HandoffRow.taken_at.is_not(None)).order_by(HandoffRow.taken_at.desc()).limit(WAITS_FOR_ESTIMATE)).all()
        waits = [(aware(taken) - aware(created)).total_seconds() for created, taken in rows]
        return timedelta(seconds=statistics.median(waits)) if waits else None

    # --- the desk -------------------------------------------------------------------

    def get(self, handoff_id: int) -> Decision[HandoffView]:
        with self.database.transaction() as session:
            row = session.get(HandoffRow, handoff_id)
            if row is None:
                return Decision.refuse(Reason.HANDOFF_UNKNOWN, handoff_id=handoff_id)
            return Decision.allow(value=_view(row, self._position(session, row)))

    def queue(self, agent: Optional[str] = None, include_ended: bool = False) -> list[HandoffView]:
        """Open requests, oldest first (with ``agent``: the waiting ones and that agent's)."""
        with self.database.transaction() as session:
            query = select(HandoffRow).order_by(HandoffRow.id)
            if not include_ended:
                query = query.where(HandoffRow.status.in_(OPEN))
            rows = session.scalars(query).all()
            waiting = [row.id for row in rows if row.status == HandoffStatus.WAITING.value]
            return [_view(row, waiting.index(row.id) + 1 if row.id in waiting else None) for row in rows
                    if agent is None or row.status != HandoffStatus.TAKEN.value or row.taken_by == agent]

    def take(self, handoff_id: int, agent: str) -> Decision[HandoffView]:
        """The agent takes a waiting request: one conditional update, so of two agents at once one wins."""
        now = self.clock.now()
        with self.database.transaction() as session:
            taken = session.execute(update(HandoffRow).where(
                HandoffRow.id == handoff_id, HandoffRow.status == HandoffStatus.WAITING.value).values(
                status=HandoffStatus.TAKEN.value, taken_by=agent, taken_at=now)).rowcount
            row = session.get(HandoffRow, handoff_id)
            if row is None:
                return Decision.refuse(Reason.HANDOFF_UNKNOWN, handoff_id=handoff_id)
            if not taken:
                if row.status == HandoffStatus.TAKEN.value:
                    return Decision.refuse(Reason.HANDOFF_TAKEN, handoff_id=handoff_id, taken_by=row.taken_by)
                if row.status == HandoffStatus.WITHDRAWN.value:
                    return Decision.refuse(Reason.HANDOFF_WITHDRAWN, handoff_id=handoff_id)
                return Decision.refuse(Reason.HANDOFF_ENDED, handoff_id=handoff_id)
            self._audit(session, agent, row, f"took request for a person n. {row.id}")
            notice = self._notice(session, row, agent, handoffs_text.handoff_taken(_display_name(session, agent)))
            return Decision.allow(value=_view(row), notice=notice)

    def transfer(self, handoff_id: int, agent: str, colleague: str) -> Decision[HandoffView]:
        with self.database.transaction() as session:
            row, refused = self._mine(session, handoff_id, agent)
            if refused is not None or row is None:
                return refused or Decision.refuse(Reason.HANDOFF_UNKNOWN, handoff_id=handoff_id)
            known = session.get(DeskAgentRow, colleague)
            if known is None or known.disabled_at is not None or colleague == agent:
                return Decision.refuse(Reason.AGENT_UNKNOWN, agent=colleague)
            row.taken_by = colleague
            self._audit(session, agent, row, f"transferred request n. {row.id} to {colleague}")
            notice = self._notice(session, row, agent, handoffs_text.handoff_transferred(known.display_name))
            return Decision.allow(value=_view(row), colleague=colleague, notice=notice)

    def write(self, handoff_id: int, agent: str, text: str, kind: MessageKind = MessageKind.AGENT
              ) -> Decision[HandoffMessage]:
        """A message to the customer (or a note) from the agent working on the request."""
        text = text.strip()
        if not text:
            return Decision.refuse(Reason.MESSAGE_EMPTY)
        if len(text) > MAX_MESSAGE_LENGTH:
            return Decision.refuse(Reason.MESSAGE_TOO_LONG, maximum=MAX_MESSAGE_LENGTH)
        with self.database.transaction() as session:
            row, refused = self._mine(session, handoff_id, agent)
            if refused is not None or row is None:
                return refused or Decision.refuse(Reason.HANDOFF_UNKNOWN, handoff_id=handoff_id)
            message = HandoffMessageRow(handoff_id=row.id, conversation_id=row.conversation_id, kind=kind.value,
                                        agent=agent, text=text, at=self.clock.now())
            session.add(message)
            self._audit(session, agent, row, f"{'wrote to the customer' if kind is MessageKind.AGENT else 'noted'}"
                                             f" in request n. {row.id}")
            session.flush()
            return Decision.allow(value=_message(session, message))

    def mark_delivered(self, message_id: int) -> None:
        with self.database.transaction() as session:
            session.execute(update(HandoffMessageRow).where(HandoffMessageRow.id == message_id,
                                                            HandoffMessageRow.delivered_at.is_(None))
                            .values(delivered_at=self.clock.now()))

    def messages(self, handoff_id: int) -> list[HandoffMessage]:
        with self.database.transaction() as session:
            return [_message(session, row) for row in session.scalars(select(HandoffMessageRow).where(
                HandoffMessageRow.handoff_id == handoff_id).order_by(HandoffMessageRow.id))]

    def end(self, handoff_id: int, agent: str, status: HandoffStatus) -> Decision[HandoffView]:
        """Gives the conversation back to the bot (``RETURNED``) or closes it (``CLOSED``)."""
        with self.database.transaction() as session:
            row, refused = self._mine(session, handoff_id, agent)
            if refused is not None or row is None:
                return refused or Decision.refuse(Reason.HANDOFF_UNKNOWN, handoff_id=handoff_id)
            row.status, row.ended_at, row.ended_by = status.value, self.clock.now(), agent
            verb = "gave back to the bot" if status is HandoffStatus.RETURNED else "closed"
            self._audit(session, agent, row, f"{verb} request n. {row.id}")
            display_name = _display_name(session, agent)
            notice = self._notice(session, row, agent, handoffs_text.handoff_returned(display_name)
                                  if status is HandoffStatus.RETURNED else handoffs_text.handoff_closed(display_name))
            return Decision.allow(value=_view(row), notice=notice)

    def reopen(self, handoff_id: int, agent: str, notice_id: int) -> Decision[HandoffView]:
        """An end Rasa could not carry out (the conversation still paused, nobody would answer the customer): the
        request is the agent's again, to try later; the notice of the end is dropped if it was not delivered."""
        with self.database.transaction() as session:
            row = session.get(HandoffRow, handoff_id, with_for_update=True)
            if row is None:
                return Decision.refuse(Reason.HANDOFF_UNKNOWN, handoff_id=handoff_id)
            if row.ended_by != agent or row.status not in (HandoffStatus.RETURNED.value, HandoffStatus.CLOSED.value):
                return Decision.refuse(Reason.HANDOFF_NOT_YOURS, handoff_id=handoff_id, taken_by=row.taken_by)
            row.status, row.ended_at, row.ended_by = HandoffStatus.TAKEN.value, None, None
            notice = session.get(HandoffMessageRow, notice_id)
            if notice is not None and notice.handoff_id == row.id and notice.delivered_at is None:
                session.delete(notice)
            self._audit(session, agent, row, f"could not end request n. {row.id}: the assistant did not answer")
            return Decision.allow(value=_view(row))

    def _mine(self, session, handoff_id: int, agent: str) -> tuple[Optional[HandoffRow], Optional[Decision]]:
        """The request, if ``agent`` has taken it and it is still open."""
        row = session.get(HandoffRow, handoff_id, with_for_update=True)
        if row is None:
            return None, Decision.refuse(Reason.HANDOFF_UNKNOWN, handoff_id=handoff_id)
        if row.status not in OPEN:
            return None, Decision.refuse(Reason.HANDOFF_ENDED, handoff_id=handoff_id)
        if row.status == HandoffStatus.WAITING.value:
            return None, Decision.refuse(Reason.HANDOFF_NOT_TAKEN, handoff_id=handoff_id)
        if row.status == HandoffStatus.TAKEN.value and row.taken_by != agent:
            return None, Decision.refuse(Reason.HANDOFF_NOT_YOURS, handoff_id=handoff_id, taken_by=row.taken_by)
        return row, None

    def _notice(self, session, row: HandoffRow, agent: str, text: str) -> HandoffMessage:
        notice = HandoffMessageRow(handoff_id=row.id, conversation_id=row.conversation_id,
                                   kind=MessageKind.NOTICE.value, agent=agent, text=text, at=self.clock.now())
        session.add(notice)
        session.flush()
        return _message(session, notice)

    @staticmethod
    def _position(session, row: HandoffRow) -> Optional[int]:
        if row.status != HandoffStatus.WAITING.value:
            return None
        return session.scalar(select(func.count()).select_from(HandoffRow).where(
            HandoffRow.status == HandoffStatus.WAITING.value, HandoffRow.id <= row.id))

    def _audit(self, session, agent: str, row: HandoffRow, action: str) -> None:
        session.add(AgentActionRow(agent=agent, username=row.username or "", conversation_id=row.conversation_id,
                                   action=action, at=self.clock.now()))
