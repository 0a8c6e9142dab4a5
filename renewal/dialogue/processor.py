"""The processor: a customer's commands applied in order, one operation each, and the one reply that says
what happened, then asks the next open step.

Each command type has its handler in a table (``ROUTES``), by concern: the cart (``cart``), the order
(``order``), the talk around them (``talking``). No Rasa and no database here: the action server keeps a
``DialogueState`` in the conversation's slots and calls ``Conversation.handle`` with the operations it is
given (``ports``); tests call it on a real database through the same ports.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Optional

from renewal.dialogue import cart, order, talking
from renewal.dialogue.commands import (
    AcceptTerms,
    Ask,
    ChoosePayment,
    Command,
    Confirm,
    HandOff,
    NotUnderstood,
    StartRenewal,
    Step,
    UnknownModule,
    WithdrawHandOff,
)
from renewal.dialogue.ports import Ports
from renewal.dialogue.state import Asked, DialogueState, Turn, Work, cart_digest, next_step, sentences, shown
from renewal.domain.decision import Decision
from renewal.domain.model import CartStatus
from renewal.domain.views import CartView
from renewal.text import handoffs as handoffs_text
from renewal.text import messages, questions, talk
from renewal.text import summaries as summaries_text
from renewal.text.questions import Reply

Handler = Callable[["Conversation", Work, Any], None]


@dataclass(frozen=True)
class Route:
    handle: Handler
    needs_cart: bool = False  # a change to the cart: with no renewal open, one is started first


ROUTES: dict[type[Command], Route] = {
    **{kind: Route(handle, needs_cart=True) for kind, handle in cart.HANDLERS.items()},
    **{kind: Route(handle) for kind, handle in {**cart.OPENING, **order.HANDLERS, **talking.HANDLERS}.items()},
}
"""Every command type and its handler: a command without one is a test failure, not a silent miss."""

CHANGES = frozenset(kind for kind in cart.HANDLERS if kind is not AcceptTerms)
"""What changes the cart (or asks to): an order is never placed in the message that says one."""


def said_once(replies: list[Reply]) -> list[Reply]:
    """Each sentence once a turn, across its messages ("Puoi rinnovare da 1 a 10 anni." in a refusal and again in the
    question after it); a message left empty goes, unless it has buttons."""
    seen: set[str] = set()
    kept: list[Reply] = []
    for reply in replies:
        new = [sentence for sentence in sentences(reply.text) if sentence not in seen]
        seen.update(new)
        if new or reply.buttons:
            kept.append(replace(reply, text=" ".join(new) or reply.text))
    return kept


class Conversation:
    """One customer's conversation: ``handle`` applies a message's commands."""

    def __init__(self, ports: Ports, username: str, conversation_id: str = "", agent: Optional[str] = None,
                 transcript: Callable[[], str] = lambda: "", channel: str = "rest") -> None:
        self.renewals = ports.renewals
        self.handoffs = ports.handoffs
        self.pay_links = ports.pay_links
        self.unpaid = ports.unpaid
        self.channel = channel
        self.username = username
        self.conversation_id = conversation_id
        self.agent = agent
        self.transcript = transcript

    # --- the turn ---------------------------------------------------------------

    def handle(self, state: DialogueState, commands: list[Command]) -> Turn:
        turn = Work(replace(state, price_options=(), pending=() if state.asked is Asked.PROPOSAL else state.pending),
                    self.open_cart(state), said=tuple(commands))  # a change proposed is made on "sì", or not at all
        if any(type(c) in CHANGES for c in commands):  # "accetto e confermo, però aggiungi i solleciti":
            closing: list[Command] = [c for c in commands if isinstance(c, (AcceptTerms, Confirm))]  # the changes first; an order
            commands = [c for c in commands if c not in closing] + closing  # only if none changed what was shown
        commands = sorted(commands, key=lambda c: isinstance(c, Confirm))  # "sì confermo, accetto le condizioni"
        self._elsewhere(turn)
        before = shown(turn.view)
        applied: list[Command] = []
        for index, command in enumerate(commands):
            if turn.stop:
                if turn.state.asked is Asked.RENEW_ANYWAY:  # kept until the customer says whether to renew now
                    later = tuple(c for c in commands[index:] if ROUTES[type(c)].needs_cart or (  # and the prices
                        isinstance(c, Ask) and (c.years or c.what_if or c.module or c.options)))  # asked of a cart
                    turn.state = replace(turn.state, pending=turn.state.pending + tuple(  # a module unknown was
                        c for c in later if not isinstance(c, UnknownModule)))  # said with the question
                break
            self.apply(turn, command)
            applied.append(command)
        if state.queue is not None and not any(isinstance(c, (HandOff, WithdrawHandOff)) for c in applied):
            turn.say(handoffs_text.handoff_waiting(state.queue))  # the bot went on; the person is still awaited
        replies = said_once(self._reply(turn, before))
        if self.agent is not None:  # the audit trail of guided sessions
            done = [json.dumps(c.to_dict(), ensure_ascii=False) for c in applied]
            if turn.ordered:
                done.append(f"placed order {turn.state.order_number}")
            self.renewals.record_agent_actions(self.agent, self.username, self.conversation_id, done)
        missed = state.queue is None and any(isinstance(c, NotUnderstood) and not (c.too_long or c.out_of_scope)
                                             for c in applied)
        turn.state = replace(turn.state, refused_value=turn.refused_value,  # for the next message only
                             refused_code=turn.refused_code)
        if turn.refused_step is not None and (turn.state.cart_id is not None  # spoken of last, whatever followed
                                              or turn.state.asked is Asked.RENEW_ANYWAY):
            turn.state = replace(turn.state, last_quantity=turn.refused_step)
        return Turn(replies, replace(turn.state, seen_cart=cart_digest(turn.view),
                                     misunderstood=turn.state.misunderstood + 1 if missed else 0))

    def apply(self, turn: Work, command: Command) -> None:
        if isinstance(command, ChoosePayment) and turn.view is None and turn.state.order_number:
            order.pay_another_way(self, turn, command)  # "pago con carta" about the order waiting for payment
            return
        route = ROUTES[type(command)]
        if route.needs_cart and not self.have_cart(turn, command):
            return
        route.handle(self, turn, command)

    def _elsewhere(self, turn: Work) -> None:
        """What another conversation on the account (the customer on another channel, an agent) did to
        this conversation's cart since its last message: said first, never looped on."""
        state = turn.state
        if state.cart_id is None:
            return
        if turn.view is not None:
            if state.seen_cart is not None and cart_digest(turn.view) != state.seen_cart:
                turn.say(talk.CART_CHANGED_ELSEWHERE)
                turn.changed = True
            return
        placed = self.renewals.order_of_cart(state.cart_id)
        if placed is not None and placed.username == self.username:
            turn.say(talk.order_placed_elsewhere(placed))  # elsewhere, or here with its reply lost
            turn.state = DialogueState(order_number=placed.number)
        else:
            turn.say(talk.RENEWAL_CLOSED_ELSEWHERE)
            turn.state = DialogueState()

    def _reply(self, turn: Work, before: object) -> list[Reply]:
        replies = list(turn.first)
        if turn.notes:
            replies.append(Reply(" ".join(turn.notes)))
        replies += turn.links
        if turn.ordered:
            turn.state = replace(turn.state, asked=Asked.ANYTHING_ELSE)
            return [*replies, questions.ANYTHING_ELSE]
        if turn.view is not None and turn.stop and (turn.changed or turn.started):  # "mettimi 2 anni e passami un operatore"
            return [Reply(summaries_text.cart_summary(turn.view)), *replies]
        if turn.view is None or turn.stop:
            return replies
        view = self.refresh(turn) if turn.refused else turn.view  # else read this turn, or changed by it
        if view is None:
            return replies
        step = turn.focus or next_step(view, turn.state.answered)
        if step is not Step.CONFIRM and (turn.started or turn.changed or shown(view) != before):
            change = summaries_text.cart_change(turn.at_start, view) if turn.at_start is not None else None
            replies.append(Reply(change or summaries_text.cart_summary(view)))  # one change: that line and the total
        replies += questions.question(step, view, open_question=turn.open_question and turn.focus is step)
        listed = questions.module_list(view) if step is Step.MODULES else turn.state.listed_modules
        turn.state = replace(turn.state, asked=Asked.of(step), listed_modules=listed)
        return replies

    # --- the cart ---------------------------------------------------------------

    def open_cart(self, state: DialogueState) -> Optional[CartView]:
        if state.cart_id is None:
            return None
        found = self.renewals.cart(state.cart_id)
        if not found.ok or found.value.username != self.username or found.value.cart.status is not CartStatus.OPEN:
            return None
        return found.value

    def refresh(self, turn: Work) -> Optional[CartView]:
        turn.view = self.open_cart(turn.state)
        return turn.view

    def have_cart(self, turn: Work, command: Command) -> bool:
        """A change to the cart with no renewal open starts one first."""
        if turn.view is not None:
            return True
        cart.start_renewal(self, turn, StartRenewal(), pending=(command,))
        return turn.view is not None

    def changed(self, turn: Work, decision: Decision[CartView], *steps: Step) -> bool:
        """Applies what an operation on the cart decided: the new cart, or the refusal said."""
        if not decision.ok:
            turn.refused = True
            turn.say(messages.explain(decision))
            return False
        turn.changed = turn.changed or shown(decision.value) != shown(turn.view)
        turn.view = decision.value
        turn.answered(*steps)
        return True
