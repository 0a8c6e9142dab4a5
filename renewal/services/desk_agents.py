"""Support agents who sign in to the desk: accounts made with the operator CLI, passwords kept only as
argon2id hashes, and sign-in sessions whose cookie value is kept only as a SHA-256 hash. A session
lasts a shift at most and ends sooner when idle or signed out; signing out also revokes the agent
token the session used for guided sessions."""
from __future__ import annotations

import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Optional

from sqlalchemy import delete, select, text, update
from sqlalchemy.orm import Session

from renewal.adapters import identity, passwords
from renewal.adapters.db import Database
from renewal.adapters.tables import AgentSessionRow, DeskAgentRow, DeskSessionRow, DeskSignInFailureRow, aware
from renewal.domain.clock import Clock
from renewal.domain.decision import Decision, Reason

MIN_PASSWORD_LENGTH = 12
SESSION_LENGTH = timedelta(hours=8)  # a shift
IDLE_LIMIT = timedelta(minutes=30)  # an open desk page reports every 20 s
FAILURE_WINDOW = timedelta(minutes=15)  # failed sign-ins older than this no longer count
FREE_FAILURES = 3  # failures for a name from one address before each further try waits
MAX_DELAY = timedelta(minutes=5)  # the wait doubles with each failure (1 s, 2 s, 4 s...) up to this
ADDRESS_CAP = 30  # failures from one address (any names) in the window, then that address waits


@dataclass(frozen=True)
class DeskAgent:
    name: str  # the sign-in name: agents and the audit see it, customers never
    can_register_payments: bool
    display_name: Optional[str] = None  # what customers read
    can_supervise: bool = False  # may open requests held by others, and ended ones


def _agent(row: DeskAgentRow) -> DeskAgent:
    return DeskAgent(row.name, row.can_register_payments, row.display_name, row.can_supervise)


def sign_in_wait(here: list[datetime], from_address: list[datetime], now: datetime) -> Optional[timedelta]:
    """How long a sign-in must wait before its password is checked, from the failures in the window: for
    this name from this address (``here``: after FREE_FAILURES, a wait that doubles with each failure,
    counted from the last one), and from this address for any name (ADDRESS_CAP, then until the oldest
    leaves the window). The same name from another address is not held up: an attacker slows only
    himself, and cannot lock an agent out (OWASP's authentication guidance)."""
    waits = []
    if len(here) >= FREE_FAILURES:
        delay = min(timedelta(seconds=2 ** min(len(here) - FREE_FAILURES, 20)), MAX_DELAY)
        waits.append(max(here) + delay - now)
    if len(from_address) >= ADDRESS_CAP:
        waits.append(min(from_address) + FAILURE_WINDOW - now)
    longest = max(waits, default=timedelta(0))
    return longest if longest > timedelta(0) else None


@dataclass(frozen=True)
class DeskSession:
    agent: DeskAgent
    agent_session_id: str  # the agent token's session, for guided sessions
    expires_at: datetime


def _hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()



class DeskAgents:
    def __init__(self, database: Database, clock: Clock) -> None:
        self.database = database
        self.clock = clock

    def create(self, name: str, password: str, can_register_payments: bool = False,
               display_name: Optional[str] = None, can_supervise: bool = False) -> Decision[DeskAgent]:
        if not identity.AGENT_NAME.fullmatch(name):
            return Decision.refuse(Reason.AGENT_NAME_INVALID, agent=name)
        if len(password) < MIN_PASSWORD_LENGTH:
            return Decision.refuse(Reason.PASSWORD_TOO_SHORT, minimum=MIN_PASSWORD_LENGTH)
        display = " ".join((display_name or "").split())[:64] or None
        with self.database.transaction() as session:
            if session.get(DeskAgentRow, name) is not None:
                return Decision.refuse(Reason.AGENT_EXISTS, agent=name)
            row = DeskAgentRow(name=name, password_hash=passwords.hash_password(password), display_name=display,
                               can_register_payments=can_register_payments, can_supervise=can_supervise,
                               created_at=self.clock.now())
            session.add(row)
            return Decision.allow(value=_agent(row))

    def set_password(self, name: str, password: str) -> Decision[DeskAgent]:
        if len(password) < MIN_PASSWORD_LENGTH:
            return Decision.refuse(Reason.PASSWORD_TOO_SHORT, minimum=MIN_PASSWORD_LENGTH)
        with self.database.transaction() as session:
            row = session.get(DeskAgentRow, name)
            if row is None:
                return Decision.refuse(Reason.AGENT_UNKNOWN, agent=name)
            row.password_hash = passwords.hash_password(password)
            self._end_sessions(session, name)
            return Decision.allow(value=_agent(row))

    def names(self) -> list[str]:
        with self.database.transaction() as session:
            return list(session.scalars(select(DeskAgentRow.name).where(DeskAgentRow.disabled_at.is_(None))
                                        .order_by(DeskAgentRow.name)))

    def sign_in(self, name: str, password: str, address: str = "") -> Decision[str]:
        """The session key for the cookie (never stored: only its hash is), or one refusal for any failure.
        Counting and checking are one step: the attempt is recorded as a failure, in the same transaction
        that found it may go ahead (``sign_in_wait``), before the password is checked; a right password
        then takes it back. So parallel attempts cannot check more passwords than the throttle allows."""
        name, address, now = name[:64], address[:64], self.clock.now()
        with self.database.transaction() as session:
            _serialise(session)
            since = now - FAILURE_WINDOW
            here = [aware(at) for at in session.scalars(select(DeskSignInFailureRow.at).where(
                DeskSignInFailureRow.name == name, DeskSignInFailureRow.address == address,
                DeskSignInFailureRow.at > since))]
            from_address = [aware(at) for at in session.scalars(select(DeskSignInFailureRow.at).where(
                DeskSignInFailureRow.address == address, DeskSignInFailureRow.at > since))]
            wait = sign_in_wait(here, from_address, now)
            if wait is not None:
                return Decision.refuse(Reason.SIGN_IN_LOCKED, wait_seconds=math.ceil(wait.total_seconds()))
            attempt = DeskSignInFailureRow(name=name, address=address, at=now)
            session.add(attempt)
            session.flush()
            attempt_id = attempt.id
            row = session.get(DeskAgentRow, name)
            stored = row.password_hash if row is not None and row.disabled_at is None else passwords.UNKNOWN
        if not passwords.verify(stored, password):
            return Decision.refuse(Reason.SIGN_IN_FAILED)
        key = secrets.token_urlsafe(32)
        agent_session_id = secrets.token_urlsafe(12)
        with self.database.transaction() as session:
            session.execute(delete(DeskSignInFailureRow).where(  # the right password: this name starts afresh here
                DeskSignInFailureRow.name == name, DeskSignInFailureRow.address == address,
                DeskSignInFailureRow.id <= attempt_id))
            if passwords.needs_rehash(stored):
                session.get(DeskAgentRow, name).password_hash = passwords.hash_password(password)
            session.add(AgentSessionRow(session_id=agent_session_id, agent=name, issued_at=now,
                                        expires_at=now + SESSION_LENGTH))
            session.add(DeskSessionRow(key_hash=_hash_key(key), agent=name, agent_session_id=agent_session_id,
                                       created_at=now, expires_at=now + SESSION_LENGTH, last_seen_at=now))
        return Decision.allow(value=key, agent=name)

    def display_names(self) -> dict[str, Optional[str]]:
        with self.database.read() as session:
            return dict(session.execute(select(DeskAgentRow.name, DeskAgentRow.display_name)).all())

    def session(self, key: Optional[str]) -> Decision[DeskSession]:
        """The signed-in agent for a cookie value; the session counts as seen now."""
        if not key:
            return Decision.refuse(Reason.DESK_SESSION_EXPIRED)
        now = self.clock.now()
        with self.database.transaction() as session:
            row = session.get(DeskSessionRow, _hash_key(key[:128]))
            if row is None or row.ended_at is not None or aware(row.expires_at) <= now \
                    or aware(row.last_seen_at) + IDLE_LIMIT <= now:
                return Decision.refuse(Reason.DESK_SESSION_EXPIRED)
            agent = session.get(DeskAgentRow, row.agent)
            if agent.disabled_at is not None:
                return Decision.refuse(Reason.DESK_SESSION_EXPIRED)
            row.last_seen_at = now
            return Decision.allow(value=DeskSession(_agent(agent), row.agent_session_id, aware(row.expires_at)))

    def sign_out(self, key: str) -> None:
        now = self.clock.now()
        with self.database.transaction() as session:
            row = session.get(DeskSessionRow, _hash_key(key[:128]))
            if row is not None and row.ended_at is None:
                row.ended_at = now
                session.execute(update(AgentSessionRow).where(AgentSessionRow.session_id == row.agent_session_id)
                                .values(revoked_at=now))

    def _end_sessions(self, session, name: str) -> None:
        now = self.clock.now()
        session.execute(update(DeskSessionRow).where(DeskSessionRow.agent == name, DeskSessionRow.ended_at.is_(None))
                        .values(ended_at=now))


def _serialise(session: Session) -> None:
    """One sign-in check at a time (SQLite's BEGIN IMMEDIATE already does this; PostgreSQL is told to),
    held only while the throttle is read and the attempt recorded, never while a password is hashed."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("LOCK TABLE desk_sign_in_failures IN SHARE ROW EXCLUSIVE MODE"))
