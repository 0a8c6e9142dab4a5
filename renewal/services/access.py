"""Who is writing, on every channel: customer tokens bound to one conversation,
agent tokens for guided sessions, and one-time codes that link a chat to an
account. The assistant's actions, the channel connectors, the agent console and
the CLI all go through here."""
from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Optional, TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from renewal.adapters import identity
from renewal.adapters.db import Database
from renewal.adapters.tables import (
    AccountRow,
    AgentSessionRow,
    ChannelLinkRow,
    ConversationOwnerRow,
    LinkCodeRow,
    TokenSessionRow,
    aware,
)
from renewal.domain.clock import Clock, SystemClock
from renewal.domain.decision import Decision, Reason

T = TypeVar("T")

LINK_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read over the phone
LINK_CODE_LENGTH = 10
LINK_CODE_VALIDITY = timedelta(minutes=15)
MAX_LINK_CODE_LENGTH = 64
CHANNEL_TOKEN_VALIDITY = timedelta(minutes=5)
AGENT_TOKEN_VALIDITY = timedelta(hours=1)
MAX_AGENT_TOKEN_VALIDITY = timedelta(hours=8)


@dataclass(frozen=True)
class Caller:
    """The customer a conversation acts for, and the agent driving it if any."""

    username: str
    agent: Optional[str] = None


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def normalise_link_code(raw: Any) -> str:
    return "".join(str(raw or "").split()).upper().replace("-", "")[:MAX_LINK_CODE_LENGTH]


class AccessService:
    def __init__(self, database: Database, clock: Clock | None = None, secret: Optional[bytes] = None) -> None:
        self.database = database
        self.clock = clock or SystemClock()
        self._secret = secret

    @property
    def secret(self) -> bytes:
        if self._secret is None:
            raise identity.SecretMissing("set RENEWAL_TOKEN_SECRET to a random string of at least 16 characters")
        return self._secret

    def _account_exists(self, username: str) -> bool:
        with self.database.transaction() as session:
            return session.scalars(select(AccountRow.id).where(AccountRow.username == username)).first() is not None

    # --- tokens ----------------------------------------------------------

    def mint_customer_token(self, username: str, valid_for: timedelta, session_id: Optional[str] = None) -> Decision[str]:
        if not self._account_exists(username):
            return Decision.refuse(Reason.ACCOUNT_UNKNOWN, username=username)
        return Decision.allow(value=identity.mint_token(username, self.clock.now(), valid_for, self.secret,
                                                        session_id=session_id))

    def mint_agent_token(self, agent: str, valid_for: timedelta = AGENT_TOKEN_VALIDITY) -> Decision[str]:
        """An agent's token, recorded so that it can be revoked; at most a shift long."""
        if not identity.AGENT_NAME.fullmatch(agent):
            return Decision.refuse(Reason.AGENT_NAME_INVALID, agent=agent)
        valid_for = min(valid_for, MAX_AGENT_TOKEN_VALIDITY)
        now, session_id = self.clock.now(), secrets.token_urlsafe(12)
        with self.database.transaction() as session:
            session.add(AgentSessionRow(session_id=session_id, agent=agent, issued_at=now, expires_at=now + valid_for))
        return Decision.allow(value=identity.mint_token(agent, now, valid_for, self.secret, role=identity.AGENT,
                                                        session_id=session_id), expires_at=now + valid_for)

    def agent(self, agent_token: Any) -> Decision[str]:
        """The agent a token proves: signed, unexpired, minted here for that agent and not revoked."""
        verified = identity.verify_token(agent_token, self.clock.now(), self.secret, role=identity.AGENT)
        if not verified.ok:
            return verified
        with self.database.transaction() as session:
            row = session.get(AgentSessionRow, verified.figures["session_id"])
            if row is None or row.agent != verified.value:
                return Decision.refuse(Reason.TOKEN_INVALID)
            if row.revoked_at is not None:
                return Decision.refuse(Reason.TOKEN_REVOKED)
        return verified

    def revoke_agent_tokens(self, agent: str) -> int:
        """Revokes every token of the agent still valid; how many."""
        now = self.clock.now()
        with self.database.transaction() as session:
            rows = session.scalars(select(AgentSessionRow).where(
                AgentSessionRow.agent == agent, AgentSessionRow.revoked_at.is_(None))).all()
            live = [row for row in rows if aware(row.expires_at) > now]
            for row in rows:
                row.revoked_at = now
            return len(live)

    def admit(self, conversation_id: str, metadata: Any) -> Decision[dict[str, Any]]:
        """At the channel, before Rasa sees the message: checks the credentials in its metadata
        (a customer's ``token``, or an agent's ``agent_token`` with the ``account`` they act for)
        and that the conversation is this identity's, then gives the metadata Rasa may keep: the
        verified identity only, never a credential (``identity.stamp_identity``)."""
        who = self._verify(conversation_id, metadata if isinstance(metadata, dict) else {})
        if not who.ok:
            return who  # type: ignore[return-value]
        caller, session_id = who.value
        owned = self._own(conversation_id, caller)
        if not owned.ok:
            return owned  # type: ignore[return-value]
        return Decision.allow(value=identity.stamp_identity(conversation_id, caller.username, caller.agent,
                                                            session_id, self.clock.now(), self.secret))

    def caller(self, conversation_id: str, metadata: Any) -> Decision[Caller]:
        """At the action server: who the channel admitted for this conversation's message."""
        read = identity.read_identity(conversation_id, metadata, self.clock.now(), self.secret)
        return read.map(lambda found: Caller(*found))

    def owner(self, conversation_id: str) -> Decision[Caller]:
        """Who the conversation belongs to, as recorded when it opened (for what the bot says on its own
        after a hand-off, when no customer message carries a fresh identity)."""
        with self.database.transaction() as session:
            row = session.get(ConversationOwnerRow, conversation_id[:200])
            if row is None:
                return Decision.refuse(Reason.TOKEN_MISSING)
            return Decision.allow(value=Caller(row.username, row.agent))

    def _verify(self, conversation_id: str, metadata: dict[str, Any]) -> Decision[tuple[Caller, Optional[str]]]:
        now = self.clock.now()
        if metadata.get("agent_token") is not None:
            agent = self.agent(metadata["agent_token"])
            if not agent.ok:
                return agent  # type: ignore[return-value]
            username = str(metadata.get("account") or "")[:64]
            if not self._account_exists(username):
                return Decision.refuse(Reason.ACCOUNT_UNKNOWN, username=username)
            return Decision.allow(value=(Caller(username, agent.value), agent.figures["session_id"]))
        customer = identity.verify_token(metadata.get("token"), now, self.secret)
        if not customer.ok:
            return customer  # type: ignore[return-value]
        session_id = customer.figures["session_id"]
        bound = self._bind_session(session_id, conversation_id, customer.value)
        return bound.map(lambda username: (Caller(username), session_id))

    def _own(self, conversation_id: str, caller: Caller) -> Decision[None]:
        """The first identity to write in a conversation owns it; any other is refused there (an agent
        who takes a customer's request for a person writes through the desk, never as the customer)."""
        key = conversation_id[:200]

        def record(session: Session) -> Optional[Caller]:
            row = session.get(ConversationOwnerRow, key)
            return None if row is None else Caller(row.username, row.agent)

        owner = self._first(record, lambda session: session.add(ConversationOwnerRow(
            conversation_id=key, username=caller.username, agent=caller.agent, opened_at=self.clock.now())))
        return Decision.allow() if owner in (None, caller) else Decision.refuse(Reason.CONVERSATION_NOT_YOURS)

    def _bind_session(self, session_id: str, conversation_id: str, username: str) -> Decision[str]:
        """A token's first conversation owns it; any other conversation replays it."""
        def record(session: Session) -> Optional[str]:
            row = session.get(TokenSessionRow, session_id)
            return None if row is None else row.conversation_id

        first = self._first(record, lambda session: session.add(TokenSessionRow(
            session_id=session_id, conversation_id=conversation_id[:200], username=username,
            first_used_at=self.clock.now())))
        if first not in (None, conversation_id[:200]):
            return Decision.refuse(Reason.TOKEN_REPLAYED)
        return Decision.allow(value=username)

    def _first(self, record: Callable[[Session], Optional[T]], claim: Callable[[Session], None]) -> Optional[T]:
        """What was recorded first, or None when this call records it (``claim``). Every message after a
        conversation's first only reads; of two first messages at once, one records and the other reads."""
        with self.database.read() as session:
            found = record(session)
        if found is not None:
            return found
        try:
            with self.database.transaction() as session:
                found = record(session)
                if found is None:
                    claim(session)
                return found
        except IntegrityError:  # two first messages at once: the other one recorded it
            with self.database.read() as session:
                return record(session)

    # --- chats linked to accounts ---------------------------------------------

    def mint_link_code(self, username: str, channel: str, valid_for: timedelta = LINK_CODE_VALIDITY) -> Decision[str]:
        """A one-time code the customer sends to the bot (``/start CODE``); only its hash is stored."""
        if not self._account_exists(username):
            return Decision.refuse(Reason.ACCOUNT_UNKNOWN, username=username)
        code = "".join(secrets.choice(LINK_CODE_ALPHABET) for _ in range(LINK_CODE_LENGTH))
        now = self.clock.now()
        with self.database.transaction() as session:
            session.add(LinkCodeRow(code_hash=_hash(code), username=username, channel=channel,
                                    created_at=now, expires_at=now + valid_for))
        return Decision.allow(value=code, expires_at=now + valid_for)

    def redeem_link_code(self, channel: str, external_id: str, raw_code: Any) -> Decision[str]:
        """Links the chat to the code's account; a code works once, before it expires."""
        code = normalise_link_code(raw_code)
        now = self.clock.now()
        with self.database.transaction() as session:
            row = session.scalars(select(LinkCodeRow).where(LinkCodeRow.code_hash == _hash(code))
                                  .with_for_update()).first()
            if row is None or row.channel != channel:
                return Decision.refuse(Reason.LINK_CODE_UNKNOWN)
            if row.used_at is not None:
                return Decision.refuse(Reason.LINK_CODE_USED)
            if now >= aware(row.expires_at):
                return Decision.refuse(Reason.LINK_CODE_EXPIRED, expired_at=aware(row.expires_at))
            row.used_at, row.used_by = now, external_id
            link = session.scalars(select(ChannelLinkRow).where(
                ChannelLinkRow.channel == channel, ChannelLinkRow.external_id == external_id)).first()
            if link is None:
                session.add(ChannelLinkRow(channel=channel, external_id=external_id, username=row.username,
                                           linked_at=now))
            else:
                link.username, link.linked_at = row.username, now
            owner = session.get(ConversationOwnerRow, external_id)  # the chat is the conversation
            if owner is not None and owner.username != row.username:
                session.delete(owner)  # linked to another account: its conversation starts anew for it
            return Decision.allow(value=row.username, username=row.username)

    def linked_account(self, channel: str, external_id: str) -> Optional[str]:
        with self.database.transaction() as session:
            return session.scalars(select(ChannelLinkRow.username).where(
                ChannelLinkRow.channel == channel, ChannelLinkRow.external_id == external_id)).first()

    def channel_token(self, channel: str, external_id: str) -> Optional[str]:
        """A short-lived customer token for a linked chat, its session bound to the chat."""
        username = self.linked_account(channel, external_id)
        if username is None:
            return None
        return identity.mint_token(username, self.clock.now(), CHANNEL_TOKEN_VALIDITY, self.secret,
                                   session_id=f"{channel}:{external_id}")

    def unlink(self, channel: str, external_id: str) -> bool:
        with self.database.transaction() as session:
            link = session.scalars(select(ChannelLinkRow).where(
                ChannelLinkRow.channel == channel, ChannelLinkRow.external_id == external_id)).first()
            if link is None:
                return False
            session.delete(link)
            return True

