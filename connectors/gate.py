"""Every channel's messages pass here before Rasa sees them.

The credentials a message carries (a customer's ``token``, an agent's
``agent_token`` and ``account``) are checked once, here, with
``renewal.services.access.AccessService.admit``: the conversation must be this
identity's, and the message goes on to Rasa with the verified identity in place
of the credentials, so no token is ever recorded in a conversation. A message
that proves nothing, or comes from another identity than the conversation's, is
answered on its own channel with the reason and never reaches Rasa: its
conversation does not change. So is a message that cannot be checked (database
down): the customer is told to try again.

While a person has the conversation (``renewal.services.handoff``), Rasa only records
the customer's messages (the desk paused it when the agent took the request; while
the request waits, the bot goes on and says the place in the queue); here the
customer gets what the agent wrote that has not reached them yet (on REST, this is
how agent messages are delivered: with the customer's next request). Likewise the
notices no message asked for (a payment arrived: ``renewal.services.notices``).
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from sqlalchemy.exc import SQLAlchemyError

from renewal.adapters.identity import SecretMissing
from renewal.bootstrap import Services
from renewal.services.access import AccessService
from renewal.services.handoff import CustomerTurn, HandoffService
from renewal.services.notices import Notices
from renewal.text import messages

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


class Gate:
    def __init__(self, access: AccessService, handoffs: HandoffService, notices: Notices) -> None:
        self.access = access
        self.handoffs = handoffs
        self.notices = notices

    @classmethod
    def of(cls, services: Services) -> Gate:
        return cls(services.access, services.handoffs, services.notices)

    def _waiting_for(self, conversation_id: str) -> tuple[CustomerTurn, list[str]]:
        return self.handoffs.customer_wrote(conversation_id), self.notices.take_undelivered(conversation_id)

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
            try:
                handoff, notices = await asyncio.to_thread(self._waiting_for, message.sender_id)
            except SQLAlchemyError as error:
                logger.error("cannot read the hand-off: %s", type(error).__name__)
                await message.output_channel.send_text_message(message.sender_id, messages.SERVICE_UNAVAILABLE)
                return
            for text in [said.for_customer for said in handoff.undelivered] + notices:
                await message.output_channel.send_text_message(message.sender_id, text)
            await on_new_message(message)
        return admitted
