"""The order: confirming the cart, what follows a refusal at the last step, the pay link, declining, and
cancelling (the cart, or an order not paid yet)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from renewal.dialogue.commands import Cancel, ChoosePayment, Command, Confirm, Decline
from renewal.dialogue.state import Asked, DialogueState, Work
from renewal.domain.decision import Decision, Reason
from renewal.domain.views import OrderView
from renewal.text import messages, questions, talk
from renewal.text import receipts as receipts_text
from renewal.text.questions import Button, Reply

if TYPE_CHECKING:
    from renewal.dialogue.processor import Conversation

CODE_REFUSALS = {Reason.CODE_EXPIRED, Reason.CODE_NOT_YET_VALID, Reason.CODE_UNKNOWN}
"""An order refused for its agreement code: without the code it can go on."""


def confirm(conv: Conversation, turn: Work, command: Confirm) -> None:
    if turn.view is None:
        if turn.state.order_number:
            turn.say(messages.explain(Decision.refuse(Reason.ALREADY_PLACED, order_number=turn.state.order_number)))
        else:
            turn.say(talk.NOTHING_TO_CONFIRM)
        return
    cart = turn.view.cart
    if turn.hold_order or turn.refused:
        return  # changed in this message, or a change asked it could not make: the recap asks «Confermi?» again
    if not cart.terms_accepted:
        turn.say(talk.TERMS_FIRST)
        return
    if cart.payment_method is None:
        turn.say(messages.explain(Decision.refuse(Reason.PAYMENT_METHOD_MISSING)))
        return
    placed = conv.renewals.place_order(turn.view.cart_id, agent=conv.agent)
    if not placed.ok:
        not_placed(conv, turn, placed)
        return
    turn.say(receipts_text.order_confirmation(placed.value))
    turn.state = DialogueState(order_number=placed.value.number)
    pay_link(conv, turn, placed.value)
    turn.view, turn.ordered = None, True


def not_placed(conv: Conversation, turn: Work, refused: Decision[Any]) -> None:
    """The order refused at the last step: what is wrong and the way on, not «Confermi?» again."""
    turn.stop = True
    if refused.reason is Reason.SERVICE_DELETED:
        conv.renewals.abandon_cart(turn.cart.cart_id)
        turn.say(messages.explain(refused) + talk.CART_CLOSED)
        turn.view, turn.state = None, DialogueState()
    elif refused.reason in CODE_REFUSALS:
        turn.say(messages.explain(refused) + talk.WITHOUT_THE_CODE)
    else:
        turn.say(messages.explain(refused) + talk.CHANGE_OR_CANCEL)


def pay_another_way(conv: Conversation, turn: Work, command: ChoosePayment) -> None:
    changed = conv.unpaid.change_payment(turn.state.order_number or "", command.method, username=conv.username,
                                         agent=conv.agent)
    turn.say(receipts_text.order_payment_changed(changed.value) if changed.ok else messages.explain(changed))
    if changed.ok:
        pay_link(conv, turn, changed.value)


def pay_link(conv: Conversation, turn: Work, placed: OrderView) -> None:
    """The provider's payment page for a card or PayPal order, as a button (and its address)."""
    if conv.pay_links is None or not placed.payment_method.switches_on_automatic_renewal:
        return
    link = conv.pay_links.pay_link(placed.number, conv.conversation_id, conv.channel)
    if link.ok:
        turn.links.append(Reply(receipts_text.pay_link(link.value.order),
                                (Button(receipts_text.PAY_BUTTON, url=link.value.url),)))
    elif link.reason is not Reason.ORDER_ALREADY_PAID:
        turn.say(messages.explain(link))


def decline(conv: Conversation, turn: Work, command: Decline) -> None:
    if turn.state.asked in (Asked.HANDOFF_QUEUE, Asked.HANDOFF_OFFER):
        turn.say(talk.NO_PERSON_WITH_CART if turn.view is not None else talk.NO_PERSON)
        turn.state = replace(turn.state, asked=None)
    elif turn.state.asked == Asked.RENEW_ANYWAY:
        turn.say(talk.NOT_RENEWING_NOW)
        turn.state = replace(turn.state, asked=None, pending=())
    elif turn.view is not None:
        turn.say(talk.NOT_CONFIRMING)
        turn.stop = True
    else:
        turn.say(talk.OK)


def cancel(conv: Conversation, turn: Work, command: Cancel) -> None:
    cancelled_cart = None
    if turn.view is not None and turn.state.asked is Asked.CONFIRM and not command.confirmed:
        turn.first.append(questions.cancel_question(turn.view))  # the whole order prepared: asked before it is lost
        turn.state, turn.stop = replace(turn.state, asked=Asked.CANCEL_CART), True
        return
    if turn.view is not None:
        abandoned = conv.renewals.abandon_cart(turn.view.cart_id)
        if not abandoned.ok:
            turn.say(messages.explain(abandoned))
            return
        turn.say(talk.RENEWAL_CANCELLED)
        cancelled_cart = turn.view.cart_id
    elif turn.state.order_number:
        cancelled = conv.unpaid.cancel(turn.state.order_number, username=conv.username, agent=conv.agent)
        turn.say(receipts_text.order_cancelled(cancelled.value) if cancelled.ok else messages.explain(cancelled))
        if cancelled.ok:
            turn.state = DialogueState()
    else:
        turn.say(talk.NOTHING_TO_CANCEL)
    turn.state = replace(DialogueState(), order_number=turn.state.order_number, cancelled_cart=cancelled_cart)
    turn.view, turn.stop = None, True


HANDLERS: dict[type[Command], Callable[[Conversation, Work, Any], None]] = {
    Confirm: confirm, Decline: decline, Cancel: cancel,
}
