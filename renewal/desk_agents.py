"""Support agents who sign in to the desk: accounts made with the operator CLI, passwords kept only as
argon2id hashes, and sign-in sessions whose cookie value is kept only as a SHA-256 hash. A session
lasts a shift at most and ends sooner when idle or signed out; signing out also revokes the agent
token the session used for guided sessions."""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Optional

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select, update

from renewal import identity
from renewal.clock import Clock
from renewal.db import AgentSessionRow, DeskAgentRow, DeskSessionRow, DeskSignInFailureRow, Database, aware
from renewal.decision import Decision, Reason

MIN_PASSWORD_LENGTH = 12
SESSION_LENGTH = timedelta(hours=8)  # a shift
IDLE_LIMIT = timedelta(minutes=30)  # an open desk page reports every 20 s
MAX_FAILURES = 5  # failed sign-ins for one name within FAILURE_WINDOW, then that name waits
FAILURE_WINDOW = timedelta(minutes=15)
_HASHER = PasswordHasher()  # argon2id, the library's recommended parameters; stateless, safe to share
_DUMMY_HASH = _HASHER.hash(secrets.token_urlsafe(16))  # an unknown name costs as much as a wrong password


@dataclass(frozen=True)
class DeskAgent:
    name: str
    can_register_payments: bool


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

    def create(self, name: str, password: str, can_register_payments: bool = False) -> Decision[DeskAgent]:
        if not identity.AGENT_NAME.fullmatch(name):
            return Decision.refuse(Reason.AGENT_NAME_INVALID, agent=name)
        if len(password) < MIN_PASSWORD_LENGTH:
            return Decision.refuse(Reason.PASSWORD_TOO_SHORT, minimum=MIN_PASSWORD_LENGTH)
        with self.database.transaction() as session:
            if session.get(DeskAgentRow, name) is not None:
                return Decision.refuse(Reason.AGENT_EXISTS, agent=name)
            session.add(DeskAgentRow(name=name, password_hash=_HASHER.hash(password),
                                     can_register_payments=can_register_payments, created_at=self.clock.now()))
        return Decision.allow(value=DeskAgent(name, can_register_payments))

    def set_password(self, name: str, password: str) -> Decision[DeskAgent]:
        if len(password) < MIN_PASSWORD_LENGTH:
            return Decision.refuse(Reason.PASSWORD_TOO_SHORT, minimum=MIN_PASSWORD_LENGTH)
        with self.database.transaction() as session:
            row = session.get(DeskAgentRow, name)
            if row is None:
                return Decision.refuse(Reason.AGENT_UNKNOWN, agent=name)
            row.password_hash = _HASHER.hash(password)
            self._end_sessions(session, name)
            return Decision.allow(value=DeskAgent(name, row.can_register_payments))

    def names(self) -> list[str]:
        with self.database.transaction() as session:
            return list(session.scalars(select(DeskAgentRow.name).where(DeskAgentRow.disabled_at.is_(None))
                                        .order_by(DeskAgentRow.name)))

    def sign_in(self, name: str, password: str) -> Decision[str]:
        """The session key for the cookie (never stored: only its hash is), or one refusal for any failure;
        after MAX_FAILURES failures for a name in FAILURE_WINDOW, that name is refused for a while."""
        name, now = name[:64], self.clock.now()
        with self.database.transaction() as session:
            failures = session.scalar(select(func.count(DeskSignInFailureRow.id)).where(
                DeskSignInFailureRow.name == name, DeskSignInFailureRow.at > now - FAILURE_WINDOW))
            row = session.get(DeskAgentRow, name)
            stored = row.password_hash if row is not None and row.disabled_at is None else _DUMMY_HASH
        if failures >= MAX_FAILURES:
            return Decision.refuse(Reason.SIGN_IN_LOCKED, window_minutes=int(FAILURE_WINDOW.total_seconds() // 60))
        try:
            _HASHER.verify(stored, password[:1024])
            verified = stored is not _DUMMY_HASH
        except (VerificationError, InvalidHashError):
            verified = False
        if not verified:
            with self.database.transaction() as session:
                session.add(DeskSignInFailureRow(name=name, at=now))
            return Decision.refuse(Reason.SIGN_IN_FAILED)
        key = secrets.token_urlsafe(32)
        agent_session_id = secrets.token_urlsafe(12)
        with self.database.transaction() as session:
            if _HASHER.check_needs_rehash(stored):
                session.get(DeskAgentRow, name).password_hash = _HASHER.hash(password)
            session.add(AgentSessionRow(session_id=agent_session_id, agent=name, issued_at=now,
                                        expires_at=now + SESSION_LENGTH))
            session.add(DeskSessionRow(key_hash=_hash_key(key), agent=name, agent_session_id=agent_session_id,
                                       created_at=now, expires_at=now + SESSION_LENGTH, last_seen_at=now))
        return Decision.allow(value=key, agent=name)

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
            return Decision.allow(value=DeskSession(DeskAgent(agent.name, agent.can_register_payments),
                                                    row.agent_session_id, aware(row.expires_at)))

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
