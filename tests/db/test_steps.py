"""Every step of the renewal is declared once (``renewal.dialogue.steps``) and everything else follows from the
declaration: this walks every declared step through what a customer meets (its question, "sì" and "no",
its value in the cart and in the cart's digest), and every command type to its handler."""
from __future__ import annotations

import inspect
from decimal import Decimal

import pytest

from renewal.dialogue import commands
from renewal.dialogue.commands import Command, Keep, Step
from renewal.dialogue.processor import ROUTES, Conversation
from renewal.dialogue.state import Asked, DialogueState, cart_digest
from renewal.dialogue.steps import STEPS
from renewal.text import questions, summaries
from tests.conftest import ports_for
from understanding.answers import _no, _yes

ROSSI = "1000001@aruba.it"
NEW_VALUES = {"storage_gb": 5, "users": 4, "years": 2}


def test_every_step_is_declared_once_in_the_order_it_is_asked():
    assert [declaration.step for declaration in STEPS] == list(Step)


def test_every_command_type_has_its_handler():
    kinds = {obj for _, obj in inspect.getmembers(commands, inspect.isclass)
             if issubclass(obj, Command) and obj is not Command}
    assert kinds == set(ROUTES), kinds ^ set(ROUTES)


@pytest.mark.parametrize("declaration", STEPS, ids=lambda d: d.step.value)
def test_a_declared_step_is_asked_answered_and_kept_track_of(service, declaration):
    step = declaration.step
    view = service.open_renewal(ROSSI).value
    [*_, asked] = questions.question(step, view)
    assert asked.text.strip()  # its question, with the cart's figures where it has any
    conversation = Conversation(ports_for(service), ROSSI, "steps")
    state = DialogueState(cart_id=view.cart_id, asked=Asked.of(step))
    for answer in (_yes(state), _no(state)):  # what "sì" and "no" mean there: a command with a handler
        assert type(answer) in ROUTES
        turn = conversation.handle(state, [answer])
        assert turn.replies and all(reply.text.strip() for reply in turn.replies)
    if declaration.cart_item or declaration.quantity:  # "lascia com'è" and a value repeated say it, with figures
        assert summaries.kept(view, step).strip()
    if declaration.item is None:
        return
    current = service.open_renewal(ROSSI).value
    assert declaration.value_in(current.cart) == getattr(current.cart, declaration.item)
    if declaration.change is None:
        return
    changed = declaration.operation(service)(current.cart_id, Decimal(NEW_VALUES[declaration.item]))
    assert changed.ok and declaration.value_in(changed.value.cart) == NEW_VALUES[declaration.item]
    assert cart_digest(changed.value) != cart_digest(current)  # another conversation's change is noticed


def test_lascia_tutto_keeps_the_items_the_customer_has(service):
    view = service.open_renewal(ROSSI).value
    kept = Keep(tuple(d.step for d in STEPS if d.cart_item))
    turn = Conversation(ports_for(service), ROSSI, "steps").handle(DialogueState(cart_id=view.cart_id), [kept])
    assert service.open_renewal(ROSSI).value.cart == view.cart
    assert turn.state.answered == {Step.STORAGE, Step.USERS, Step.MODULES}
    assert turn.state.asked is Asked.CODE  # then the first step not answered
