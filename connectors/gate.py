"""Every channel's messages pass here before Rasa sees them.

The credentials a message carries (a customer's ``token``, an agent's
``agent_token`` and ``account``) are checked once, here, with
``renewal.access.AccessService.admit``: the conversation must be this
identity's, and the message goes on to Rasa with the verified identity in place
of the credentials, so no token is ever recorded in a conversation. A message
that proves nothing, or comes from another identity than the conversation's, is
answered on its own channel with the reason and never reaches Rasa: its
conversation does not change. So is a message that cannot be checked (database
down): the customer is told to try again.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Awaitable, Callable, Optional

from rasa.core.channels.channel import UserMessage
from sqlalchemy.exc import SQLAlchemyError

from renewal import messages
from renewal.access import AccessService
from renewal.clock import clock_from_env
from renewal.db import Database
from renewal.identity import SecretMissing

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


class Gate:
    def __init__(self, access: Optional[AccessService] = None) -> None:
        self._access = access

    @property
    def access(self) -> AccessService:
        if self._access is None:
            self._access = AccessService(Database(), clock_from_env())
        return self._access

    def wrap(self, on_new_message: OnNewMessage) -> OnNewMessage:
        async def admitted(message: UserMessage) -> None:
            try:
                decision = await asyncio.to_thread(self.access.admit, message.sender_id, message.metadata)
            except SecretMissing:
                logger.error("RENEWAL_TOKEN_SECRET is not set: no customer can be identified")
                decision = None
            except SQLAlchemyError as error:  # the database is down: say so, the customer tries again
                logger.error("cannot check who writes: %s", type(error).__name__)
                decision = None
            if decision is None or not decision.ok:
                text = messages.explain(decision) if decision is not None else messages.SERVICE_UNAVAILABLE
                await message.output_channel.send_text_message(message.sender_id, text)
                return
            message.metadata = decision.value
            await on_new_message(message)
        return admitted
