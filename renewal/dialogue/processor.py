"""The processor: a customer's commands applied in order, one core operation each,
and the one reply that says what happened, then asks the next open step.

No Rasa here: the action server keeps a ``DialogueState`` in the conversation's
slots and calls ``Conversation.handle``; tests call it directly on a database.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, Optional

from renewal.dialogue.commands import (
    QUANTITY_STEPS,
    AcceptTerms,
    AddModule,
    AllModules,
    Ask,
    AskValue,
    Cancel,
    ChoosePayment,
    Command,
    Confirm,
    Decline,
    DropModule,
    GiveCode,
    HandOff,
    Keep,
    NoCode,
    NotUnderstood,
    OnlyModules,
    PickModule,
    RefuseTerms,
    Restore,
    Resume,
    SetQuantity,
    SmallTalk,
    StartRenewal,
    Step,
    Topic,
    UnknownModule,
)
from renewal.dialogue.ports import Ports
from renewal.domain.decision import Decision, Reason
from renewal.domain.model import Cart, CartStatus, LifecycleState
from renewal.domain.views import CartView, OrderView
from renewal.text import messages, questions, talk
from renewal.text.questions import Button, Reply

CODE_REFUSALS = {Reason.CODE_EXPIRED, Reason.CODE_NOT_YET_VALID, Reason.CODE_UNKNOWN}
"""An order refused for its agreement code: without the code it can go on."""
RENEW = "renew"  # after the greeting: "sì" starts the renewal
RENEW_ANYWAY = "renew_anyway"  # automatic renewal is on: "sì" renews now anyway
ANYTHING_ELSE = "anything_else"  # after the order
HANDOFF_QUEUE = "handoff_queue"  # nobody at the desk: "sì" leaves the request in the queue
HANDOFF_OFFER = "handoff_offer"  # not understood twice in a row: "sì" asks for a person


@dataclass(frozen=True)
class DialogueState:
    """What the conversation remembers between messages (Rasa keeps it in slots)."""

    cart_id: Optional[int] = None
    answered: frozenset[Step] = frozenset()
    asked: Optional[str] = None  # a Step's value, or RENEW, RENEW_ANYWAY, ANYTHING_ELSE, HANDOFF_QUEUE/OFFER
    listed_modules: tuple[str, ...] = ()
    order_number: Optional[str] = None
    pending: tuple[Command, ...] = ()  # what the customer asked while we ask to renew anyway
    last_quantity: Optional[Step] = None  # the quantity the customer spoke of last ("anzi, meglio 3")
    last_module: Optional[str] = None  # the module changed last ("anzi toglilo")
    seen_cart: Optional[str] = None  # the cart as this conversation last left it (``cart_digest``)
    misunderstood: int = 0  # messages in a row not understood

    @property
    def asked_step(self) -> Optional[Step]:
        return Step(self.asked) if self.asked in {s.value for s in Step} else None


@dataclass(frozen=True)
class Turn:
    replies: list[Reply]
    state: DialogueState
    paused: bool = False  # a person takes over: the bot stops answering until the agent gives it back


def next_step(view: CartView, answered: frozenset[Step]) -> Step:
    """The first step still open, in the help page's order. Once the conditions are accepted and the payment
    chosen, only the confirmation: the customer has taken the cart as shown, and «Confermi?» shows it whole."""
    if view.cart.terms_accepted and view.cart.payment_method is not None:
        return Step.CONFIRM
    for step in Step:
        if step is Step.PAYMENT and view.cart.payment_method is not None:
            continue
        if step is Step.TERMS and view.cart.terms_accepted:
            continue
        if step in (Step.PAYMENT, Step.TERMS, Step.CONFIRM) or step not in answered:
            return step
    return Step.CONFIRM


ASKED_STEP = {Topic.YEARS: Step.YEARS, Topic.MODULES: Step.MODULES, Topic.PAYMENT: Step.PAYMENT}
"""A question about a step's choices, with a cart: that step's question answers it, and a bare answer
("quanti anni posso fare?" "4") goes to it."""
QUANTITY_OF = {Step.STORAGE: "storage_gb", Step.USERS: "users", Step.YEARS: "years"}
WHY_OF = {Topic.WHY_STORAGE: Step.STORAGE, Topic.WHY_USERS: Step.USERS}
"""A question about a quantity's limit: that quantity is the one spoken of last ("e lo spazio a 2?" "lascia com'era")."""


@dataclass
class _Turn:
    """What one message did so far: the notes to say, the state, the cart."""

    state: DialogueState
    view: Optional[CartView] = None
    notes: list[str] = field(default_factory=list)
    first: list[Reply] = field(default_factory=list)  # greeting, renew-anyway question
    links: list[Reply] = field(default_factory=list)  # the pay link, after what was said
    focus: Optional[Step] = None  # the step to ask now, before the first open one
    open_question: bool = False  # the customer wants another value for it, and has not said which
    started: bool = False
    changed: bool = False  # the cart changed at some point of the turn (even if back as it was)
    refused: bool = False  # a change was refused: the cart may have moved on elsewhere (ordered, abandoned)
    ordered: bool = False
    stop: bool = False  # nothing more to ask this turn
    paused: bool = False  # queued for a person

    @property
    def cart(self) -> CartView:
        """The open cart, in a handler of a command that needs one (``_have_cart`` opened it first)."""
        assert self.view is not None, "a cart command ran without a cart"
        return self.view

    def say(self, text: str) -> None:
        if text:
            self.notes.append(text)

    def answered(self, *steps: Step) -> None:
        self.state = replace(self.state, answered=self.state.answered | set(steps))
        if self.focus is not None and (self.focus in steps or not self.open_question):
            self.focus = None  # answered, or the customer moved on


class Conversation:
    """One customer's conversation: ``handle`` applies a message's commands."""

    def __init__(self, ports: Ports, username: str, conversation_id: str = "", agent: Optional[str] = None,
                 transcript: Callable[[], str] = lambda: "", channel: str = "rest") -> None:
        self.service = ports.renewals
        self.handoffs = ports.handoffs
        self.payments = ports.pay_links
        self.unpaid = ports.unpaid
        self.channel = channel
        self.username = username
        self.conversation_id = conversation_id
        self.agent = agent
        self.transcript = transcript

    # --- the turn ---------------------------------------------------------------

    def handle(self, state: DialogueState, commands: list[Command]) -> Turn:
        turn = _Turn(state, self._open_cart(state))
        self._elsewhere(turn)
        before = _shown(turn.view)
        applied: list[Command] = []
        for index, command in enumerate(commands):
            if turn.stop:
                if turn.state.asked == RENEW_ANYWAY:  # kept until the customer says whether to renew now
                    later = tuple(c for c in commands[index:] if isinstance(c, _NEEDS_CART))
                    turn.state = replace(turn.state, pending=turn.state.pending + later)
                break
            self._apply(turn, command)
            applied.append(command)
        replies = self._reply(turn, before)
        if self.agent is not None:  # the audit trail of guided sessions
            done = [json.dumps(c.to_dict(), ensure_ascii=False) for c in applied]
            if turn.ordered:
                done.append(f"placed order {turn.state.order_number}")
            self.service.record_agent_actions(self.agent, self.username, self.conversation_id, done)
        missed = any(isinstance(c, NotUnderstood) and not (c.too_long or c.out_of_scope) for c in applied)
        return Turn(replies, replace(turn.state, seen_cart=cart_digest(turn.view),
                                     misunderstood=turn.state.misunderstood + 1 if missed else 0), turn.paused)

    def _elsewhere(self, turn: _Turn) -> None:
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
        order = self.service.order_of_cart(state.cart_id)
        if order is not None and order.username == self.username:
            turn.say(talk.order_placed_elsewhere(order))  # elsewhere, or here with its reply lost
            turn.state = DialogueState(order_number=order.number)
        else:
            turn.say(talk.RENEWAL_CLOSED_ELSEWHERE)
            turn.state = DialogueState()

    def _apply(self, turn: _Turn, command: Command) -> None:
        if isinstance(command, ChoosePayment) and turn.view is None and turn.state.order_number:
            self._pay_order_another_way(turn, command)  # "pago con carta" about the order waiting for payment
            return
        handler = getattr(self, f"_{type(command).__name__}")
        if isinstance(command, _NEEDS_CART) and not self._have_cart(turn, command):
            return
        handler(turn, command)

    def _reply(self, turn: _Turn, before: object) -> list[Reply]:
        replies = list(turn.first)
        if turn.notes:
            replies.append(Reply(" ".join(turn.notes)))
        replies += turn.links
        if turn.ordered:
            turn.state = replace(turn.state, asked=ANYTHING_ELSE)
            return replies + [questions.ANYTHING_ELSE]
        if turn.view is None or turn.stop:
            return replies
        view = self._refresh(turn) if turn.refused else turn.view  # else read this turn, or changed by it
        if view is None:
            return replies
        step = turn.focus or next_step(view, turn.state.answered)
        if step is not Step.CONFIRM and (turn.started or turn.changed or _shown(view) != before):
            replies.append(Reply(messages.cart_summary(view)))
        replies += questions.question(step, view, open_question=turn.open_question and turn.focus is step)
        listed = questions.module_list(view) if step is Step.MODULES else turn.state.listed_modules
        turn.state = replace(turn.state, asked=step.value, listed_modules=listed)
        return replies

    # --- the cart ---------------------------------------------------------------

    def _open_cart(self, state: DialogueState) -> Optional[CartView]:
        if state.cart_id is None:
            return None
        cart = self.service.cart(state.cart_id)
        if not cart.ok or cart.value.username != self.username or cart.value.cart.status is not CartStatus.OPEN:
            return None
        return cart.value

    def _refresh(self, turn: _Turn) -> Optional[CartView]:
        turn.view = self._open_cart(turn.state)
        return turn.view

    def _have_cart(self, turn: _Turn, command: Command) -> bool:
        """A change to the cart with no renewal open starts one first."""
        if turn.view is not None:
            return True
        self._StartRenewal(turn, StartRenewal(), pending=(command,))
        return turn.view is not None

    def _changed(self, turn: _Turn, decision: Decision[CartView], *steps: Step) -> bool:
        if not decision.ok:
            turn.refused = True
            turn.say(messages.explain(decision))
            return False
        turn.changed = turn.changed or _shown(decision.value) != _shown(turn.view)
        turn.view = decision.value
        turn.answered(*steps)
        return True

    # --- commands ----------------------------------------------------------------

    def _StartRenewal(self, turn: _Turn, command: StartRenewal, pending: tuple[Command, ...] = ()) -> None:
        if turn.view is not None:
            return
        check = self.service.renewal_check(self.username)
        anyway = command.anyway or turn.state.asked == RENEW_ANYWAY
        if check.ok and check.reason is Reason.AUTOMATIC_RENEWAL_ON and not anyway:
            turn.first.append(Reply(messages.explain(check) + talk.RENEW_NOW, questions.RENEW_ANYWAY_BUTTONS))
            turn.state = replace(turn.state, asked=RENEW_ANYWAY, pending=turn.state.pending + pending)
            turn.stop = True
            return
        opened = self.service.open_renewal(self.username)
        if not opened.ok:
            turn.say(messages.explain(opened))
            turn.state = replace(turn.state, cart_id=None, asked=None, pending=(),
                                 order_number=opened.figures.get("order_number", turn.state.order_number))
            turn.stop = True
            return
        if opened.reason in (Reason.IN_GRACE_PERIOD, Reason.AUTOMATIC_RENEWAL_MISSED):
            turn.say(messages.explain(opened))
        waiting = turn.state.pending if anyway else ()
        turn.view, turn.started = opened.value, True
        turn.state = DialogueState(cart_id=opened.value.cart_id)
        for earlier in waiting:
            self._apply(turn, earlier)

    def _SetQuantity(self, turn: _Turn, command: SetQuantity) -> None:
        current = getattr(turn.cart.cart, QUANTITY_OF[command.step])
        target = command.value if command.value is not None else \
            current * command.factor if command.factor is not None else current + (command.delta or Decimal(0))
        change = {Step.STORAGE: self.service.set_storage, Step.USERS: self.service.set_users,
                  Step.YEARS: self.service.set_years}[command.step]
        before = turn.cart
        turn.state = replace(turn.state, last_quantity=command.step)
        decision = change(turn.cart.cart_id, target)
        if not self._changed(turn, decision, command.step):
            turn.focus, turn.open_question = command.step, True  # refused: ask that one again, for a value
        elif getattr(turn.cart.cart, QUANTITY_OF[command.step]) == current:
            self._say_kept(turn, before, (command.step,))

    def _Restore(self, turn: _Turn, command: Restore) -> None:
        opened = Cart.for_renewal(turn.cart.subscription)  # what the cart held when the renewal opened
        if command.step is Step.MODULES:
            self._modules_to(turn, opened.modules)
        else:
            self._SetQuantity(turn, SetQuantity(command.step, value=Decimal(getattr(opened, QUANTITY_OF[command.step]))))

    def _Keep(self, turn: _Turn, command: Keep) -> None:
        self._say_kept(turn, turn.cart, command.steps)
        turn.answered(*command.steps)

    @staticmethod
    def _say_kept(turn: _Turn, view: CartView, steps: tuple[Step, ...]) -> None:
        """Each value kept, with its figures, and the total (the years say theirs already)."""
        for step in steps:
            turn.say(messages.kept(view, step))
        total = messages.total_unchanged(view)
        if set(steps) - {Step.YEARS, Step.CODE} and total not in turn.notes:
            turn.say(total)

    def _AskValue(self, turn: _Turn, command: AskValue) -> None:
        turn.focus, turn.open_question = command.step, True
        last = command.step if command.step in QUANTITY_STEPS else turn.state.last_quantity
        turn.state = replace(turn.state, answered=turn.state.answered - {command.step}, last_quantity=last)

    def _AddModule(self, turn: _Turn, command: AddModule) -> None:
        self._module(turn, self.service.add_module(turn.cart.cart_id, command.module), command.module, added=True)

    def _DropModule(self, turn: _Turn, command: DropModule) -> None:
        self._module(turn, self.service.remove_module(turn.cart.cart_id, command.module), command.module, added=False)

    def _PickModule(self, turn: _Turn, command: PickModule) -> None:
        if command.module in turn.cart.cart.modules:
            self._DropModule(turn, DropModule(command.module))
        else:
            self._AddModule(turn, AddModule(command.module))

    def _AllModules(self, turn: _Turn, command: AllModules) -> None:
        cart, sub = turn.cart.cart, turn.cart.subscription
        self._modules_to(turn, sub.renewable_modules | cart.modules if command.added else frozenset())

    def _OnlyModules(self, turn: _Turn, command: OnlyModules) -> None:
        self._modules_to(turn, frozenset(command.modules))

    def _modules_to(self, turn: _Turn, wanted: frozenset[str]) -> None:
        """Drops and adds modules, one core operation each, until the cart holds ``wanted``."""
        cart = turn.cart.cart
        for code in sorted(cart.modules - wanted):
            self._DropModule(turn, DropModule(code))
        for code in sorted(wanted - cart.modules):
            self._AddModule(turn, AddModule(code))
        if cart.modules == wanted:
            turn.say(messages.kept(turn.cart, Step.MODULES))
        turn.answered(Step.MODULES)

    def _UnknownModule(self, turn: _Turn, command: UnknownModule) -> None:
        turn.say(talk.MODULE_UNKNOWN)
        turn.focus, turn.open_question = Step.MODULES, True

    def _module(self, turn: _Turn, decision: Decision[CartView], code: str, added: bool) -> None:
        if decision.reason in (Reason.MODULE_ALREADY_IN_CART, Reason.MODULE_NOT_IN_CART):
            turn.say(messages.explain(decision))  # the cart already is as asked
            turn.answered(Step.MODULES)
        elif self._changed(turn, decision, Step.MODULES):
            turn.say(messages.module_changed(decision.figures["module"], added))
            turn.state = replace(turn.state, last_module=code)

    def _GiveCode(self, turn: _Turn, command: GiveCode) -> None:
        if command.code is None:  # "ho la convenzione", without the code
            if turn.cart.cart.agreement_code is not None:
                return
            if turn.state.asked_step is Step.CODE:
                self._AskValue(turn, AskValue(Step.CODE))
            else:
                turn.say(talk.CODE_LATER)
            return
        in_cart = turn.cart.cart.agreement_code
        if in_cart and command.code.upper() == in_cart.upper():
            turn.say(messages.code_kept(turn.cart))  # given again: said with its discount and total
            turn.answered(Step.CODE)
            return
        self._changed(turn, self.service.apply_agreement_code(turn.cart.cart_id, command.code), Step.CODE)

    def _NoCode(self, turn: _Turn, command: NoCode) -> None:
        if turn.cart.cart.agreement_code is not None:
            self._changed(turn, self.service.remove_agreement_code(turn.cart.cart_id), Step.CODE)
        else:
            turn.say(talk.NO_CODE)
            turn.answered(Step.CODE)

    def _ChoosePayment(self, turn: _Turn, command: ChoosePayment) -> None:
        self._changed(turn, self.service.set_payment_method(turn.cart.cart_id, command.method), Step.PAYMENT)

    def _AcceptTerms(self, turn: _Turn, command: AcceptTerms) -> None:
        if turn.cart.cart.terms_accepted and turn.state.asked_step is Step.CONFIRM:
            self._Confirm(turn, Confirm())  # "accetto" to "Confermi e completi l'ordine?"
            return
        if self._changed(turn, self.service.accept_terms(turn.cart.cart_id), Step.TERMS):
            turn.say(talk.TERMS_ACCEPTED)

    def _RefuseTerms(self, turn: _Turn, command: RefuseTerms) -> None:
        self._changed(turn, self.service.withdraw_terms(turn.cart.cart_id))
        turn.say(talk.TERMS_REFUSED)

    def _Confirm(self, turn: _Turn, command: Confirm) -> None:
        if turn.view is None:
            if turn.state.order_number:
                turn.say(messages.explain(Decision.refuse(Reason.ALREADY_PLACED, order_number=turn.state.order_number)))
            else:
                turn.say(talk.NOTHING_TO_CONFIRM)
            return
        cart = turn.view.cart
        if not cart.terms_accepted:
            turn.say(talk.TERMS_FIRST)
            return
        if cart.payment_method is None:
            turn.say(messages.explain(Decision.refuse(Reason.PAYMENT_METHOD_MISSING)))
            return
        placed = self.service.place_order(turn.view.cart_id, agent=self.agent)
        if not placed.ok:
            self._not_placed(turn, placed)
            return
        turn.say(messages.order_confirmation(placed.value))
        turn.state = DialogueState(order_number=placed.value.number)
        self._pay_link(turn, placed.value)
        turn.view, turn.ordered = None, True

    def _not_placed(self, turn: _Turn, refused: Decision[Any]) -> None:
        """The order refused at the last step: what is wrong and the way on, not «Confermi?» again."""
        turn.stop = True
        if refused.reason is Reason.SERVICE_DELETED:
            self.service.abandon_cart(turn.cart.cart_id)
            turn.say(messages.explain(refused) + talk.CART_CLOSED)
            turn.view, turn.state = None, DialogueState()
        elif refused.reason in CODE_REFUSALS:
            turn.say(messages.explain(refused) + talk.WITHOUT_THE_CODE)
        else:
            turn.say(messages.explain(refused) + talk.CHANGE_OR_CANCEL)

    def _pay_order_another_way(self, turn: _Turn, command: ChoosePayment) -> None:
        changed = self.unpaid.change_payment(turn.state.order_number or "", command.method, username=self.username,
                                             agent=self.agent)
        turn.say(messages.order_payment_changed(changed.value) if changed.ok else messages.explain(changed))
        if changed.ok:
            self._pay_link(turn, changed.value)

    def _pay_link(self, turn: _Turn, order: OrderView) -> None:
        """The provider's payment page for a card or PayPal order, as a button (and its address)."""
        if self.payments is None or not order.payment_method.switches_on_automatic_renewal:
            return
        link = self.payments.pay_link(order.number, self.conversation_id, self.channel)
        if link.ok:
            turn.links.append(Reply(messages.pay_link(link.value.order),
                                    (Button(messages.PAY_BUTTON, url=link.value.url),)))
        elif link.reason is not Reason.ORDER_ALREADY_PAID:
            turn.say(messages.explain(link))

    def _Decline(self, turn: _Turn, command: Decline) -> None:
        if turn.state.asked in (HANDOFF_QUEUE, HANDOFF_OFFER):
            turn.say(talk.NO_PERSON_WITH_CART if turn.view is not None else talk.NO_PERSON)
            turn.state = replace(turn.state, asked=None)
        elif turn.state.asked == RENEW_ANYWAY:
            turn.say(talk.NOT_RENEWING_NOW)
            turn.state = replace(turn.state, asked=None, pending=())
        elif turn.view is not None:
            turn.say(talk.NOT_CONFIRMING)
            turn.stop = True
        else:
            turn.say(talk.OK)

    def _Cancel(self, turn: _Turn, command: Cancel) -> None:
        if turn.view is not None:
            abandoned = self.service.abandon_cart(turn.view.cart_id)
            if not abandoned.ok:
                turn.say(messages.explain(abandoned))
                return
            turn.say(talk.RENEWAL_CANCELLED)
        elif turn.state.order_number:
            cancelled = self.unpaid.cancel(turn.state.order_number, username=self.username, agent=self.agent)
            turn.say(messages.order_cancelled(cancelled.value) if cancelled.ok else messages.explain(cancelled))
            if cancelled.ok:
                turn.state = DialogueState()
        else:
            turn.say(talk.NOTHING_TO_CANCEL)
        turn.state = replace(DialogueState(), order_number=turn.state.order_number)
        turn.view, turn.stop = None, True

    def _Ask(self, turn: _Turn, command: Ask) -> None:
        if command.topic in WHY_OF:
            turn.state = replace(turn.state, last_quantity=WHY_OF[command.topic])
        if command.topic in ASKED_STEP and turn.view is not None and turn.focus is None:
            turn.focus = ASKED_STEP[command.topic]  # "quanti anni posso fare?" then "4": the years
            if not (command.topic is Topic.YEARS and turn.view.status.state is LifecycleState.GRACE):
                return  # the step's question says the choices (in the grace period, the answer adds the last day)
        account = self.service.account(self.username)
        turn.say(messages.answer(command.topic, account.value if account.ok else None, turn.view,
                                 self._order(turn)))
        if command.topic is Topic.PAYMENT and account.ok and account.value.unpaid_order is not None:
            self._pay_link(turn, account.value.unpaid_order)  # "come pago?" with a card or PayPal order waiting
        if command.topic is Topic.AUTOMATIC_RENEWAL and turn.view is None and turn.state.cart_id is None:
            check = self.service.renewal_check(self.username)  # the answer ends "puoi comunque rinnovare adesso"
            if check.ok and check.reason is Reason.AUTOMATIC_RENEWAL_ON:
                turn.state = replace(turn.state, asked=RENEW_ANYWAY)

    def _order(self, turn: _Turn):
        if turn.state.order_number:
            order = self.unpaid.find(turn.state.order_number, self.username)
            if order.ok:
                return order.value
        return None

    def _HandOff(self, turn: _Turn, command: HandOff) -> None:
        if self.agent is not None:
            turn.say(talk.AGENT_ASKS_FOR_A_PERSON)
            return
        available = self.handoffs.availability()
        if not available.ok and not command.queue_anyway:
            turn.say(messages.handoff_unavailable(available))
            self._ask_person(turn, HANDOFF_QUEUE)
            return
        request = self.handoffs.request(self.conversation_id, self.username, self.channel, self.transcript())
        turn.say(messages.handoff_queued(request.id, request.position or 1, self.handoffs.expected_wait()))
        turn.state, turn.stop, turn.paused = replace(turn.state, asked=None), True, True

    @staticmethod
    def _ask_person(turn: _Turn, asked: str) -> None:
        """What was said this turn ends in a yes/no about a person; no step is asked after it."""
        turn.first, turn.notes = turn.first + [Reply(" ".join(turn.notes), questions.HANDOFF_BUTTONS)], []
        turn.state, turn.stop = replace(turn.state, asked=asked), True

    def _Resume(self, turn: _Turn, command: Resume) -> None:
        turn.say(messages.HANDOFF_RETURNED)
        turn.changed = True  # the cart as it is now, then the step where the renewal stopped
        if turn.view is None:
            turn.say(talk.ANYTHING_ELSE)

    def _SmallTalk(self, turn: _Turn, command: SmallTalk) -> None:
        if command.kind == "greet":
            if turn.view is None:
                turn.first.append(questions.GREETING)
                turn.state = replace(turn.state, asked=RENEW)
            else:
                turn.say(talk.HELLO)
        elif command.kind == "thank":
            turn.say(talk.THANKS)
        elif command.kind == "goodbye":
            turn.say(talk.GOODBYE if turn.view is None else talk.GOODBYE_WITH_CART)
            turn.stop = True
        elif command.kind == "ok":
            turn.say(talk.OK if turn.view is not None else f"{talk.OK} {talk.ANYTHING_ELSE}")
        elif command.kind == "go_on":
            turn.say(talk.GO_ON)
            turn.state = replace(turn.state, asked=None)

    def _NotUnderstood(self, turn: _Turn, command: NotUnderstood) -> None:
        if command.too_long:
            turn.say(talk.TOO_LONG)
        elif command.out_of_scope:
            turn.say(talk.OUT_OF_SCOPE)
        elif turn.state.misunderstood >= 1 and self.agent is None:  # twice in a row: a person may do better
            turn.say(talk.NOT_UNDERSTOOD_AGAIN)
            self._ask_person(turn, HANDOFF_OFFER)
        else:
            turn.say(talk.NOT_UNDERSTOOD if turn.view else talk.NOT_UNDERSTOOD_WITHOUT_CART)


_NEEDS_CART = (SetQuantity, Restore, Keep, AskValue, AddModule, DropModule, PickModule, AllModules, OnlyModules, UnknownModule,
               GiveCode, NoCode, ChoosePayment, AcceptTerms,
               RefuseTerms)


def cart_digest(view: Optional[CartView]) -> Optional[str]:
    """A short fingerprint of what the cart summary shows, the same in every process."""
    if view is None:
        return None
    cart = view.cart
    shown = (cart.storage_gb, cart.users, sorted(cart.modules), cart.agreement_code, cart.years,
             cart.payment_method.value if cart.payment_method else None, str(view.quote.total))
    return hashlib.sha256(json.dumps(shown).encode()).hexdigest()[:16]


def _shown(view: Optional[CartView]) -> object:
    """What the cart summary shows (accepting the conditions changes none of it)."""
    return None if view is None else (view.cart.with_changes(terms_accepted=False), view.quote)
