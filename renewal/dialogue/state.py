"""What a conversation remembers between messages (``DialogueState``, kept by Rasa in slots), what was
asked last (``Asked``), and what one message does while it is being applied (``Work``)."""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import Enum
from typing import Optional

from renewal.dialogue.commands import Command, Option, SetQuantity, Step, durations
from renewal.dialogue.steps import STEPS
from renewal.domain.views import CartView
from renewal.text.questions import Reply


class Asked(str, Enum):
    """The question the bot asked last: a step of the renewal, or one of the yes/no questions around it.
    What "sì" and "no" mean depends on it."""

    STORAGE = "storage"
    USERS = "users"
    MODULES = "modules"
    CODE = "code"
    YEARS = "years"
    PAYMENT = "payment"
    TERMS = "terms"
    CONFIRM = "confirm"
    RENEW = "renew"  # after the greeting: "sì" starts the renewal
    RENEW_ANYWAY = "renew_anyway"  # automatic renewal is on: "sì" renews now anyway
    ANYTHING_ELSE = "anything_else"  # after the order
    HANDOFF_QUEUE = "handoff_queue"  # nobody at the desk: "sì" leaves the request in the queue
    HANDOFF_OFFER = "handoff_offer"  # not understood twice in a row: "sì" asks for a person
    CANCEL_CART = "cancel_cart"  # "annulla" at the final confirmation: "sì" discards the cart, "no" shows it again
    PROPOSAL = "proposal"  # a change priced, not made ("e se raddoppio gli utenti?"): "sì" makes it (``pending``)

    @property
    def step(self) -> Optional[Step]:
        return Step(self.value) if self.value in STEP_VALUES else None

    @classmethod
    def of(cls, step: Step) -> Asked:
        return cls(step.value)

    @classmethod
    def read(cls, raw: object) -> Optional[Asked]:
        """From a slot: None for anything else."""
        return cls(raw) if isinstance(raw, str) and raw in ASKED_VALUES else None


STEP_VALUES = frozenset(step.value for step in Step)
ASKED_VALUES = frozenset(asked.value for asked in Asked)
PERSON_QUESTIONS = (Asked.HANDOFF_QUEUE, Asked.HANDOFF_OFFER)


@dataclass(frozen=True)
class DialogueState:
    """What the conversation remembers between messages (Rasa keeps it in slots)."""

    cart_id: Optional[int] = None
    answered: frozenset[Step] = frozenset()
    asked: Optional[Asked] = None
    listed_modules: tuple[str, ...] = ()
    order_number: Optional[str] = None
    pending: tuple[Command, ...] = ()  # what the customer asked while we ask to renew anyway; the change proposed
    last_quantity: Optional[Step] = None  # the quantity the customer spoke of last ("anzi, meglio 3")
    last_module: Optional[str] = None  # the module changed last ("anzi toglilo")
    seen_cart: Optional[str] = None  # the cart as this conversation last left it (``cart_digest``)
    misunderstood: int = 0  # messages in a row not understood
    cancelled_cart: Optional[int] = None  # the cart the customer cancelled ("ho cambiato idea" brings it back)
    price_options: tuple[Option, ...] = ()  # the alternatives just priced, in order ("la seconda opzione", "quella
    # da 92,72"): durations, or other changes; one message
    refused_code: Optional[str] = None  # the agreement code just refused: "boh, me l'hanno dato così" is about it;
    # one message
    refused_value: Optional[Decimal] = None  # the quantity just refused ("3 anni" of a promotional product): what
    # "allora uno in meno" comes down from, when from the cart it could not be; one message
    previous_value: Optional[tuple[Step, Decimal]] = None  # a quantity and its value before its last change:
    # "5 anni... no, torna come prima"
    queue: Optional[int] = None  # the place of this conversation's request for a person while it waits (read each
    # message from the queue, not kept): the bot goes on meanwhile, and "annulla" withdraws the request

    def __post_init__(self) -> None:
        if self.asked is not None and not isinstance(self.asked, Asked):  # its value, from a slot or a test
            object.__setattr__(self, "asked", Asked.read(self.asked))

    @property
    def asked_step(self) -> Optional[Step]:
        return self.asked.step if self.asked is not None else None

    @property
    def priced_durations(self) -> tuple[int, ...]:
        """The durations among the alternatives just priced ("quello da 2", "la più lunga")."""
        return durations(self.price_options)

    @property
    def proposed_step(self) -> Optional[Step]:
        """The step of the change proposed ("vuoi che lo cambi?"): a quantity's, or the modules'."""
        if self.asked is not Asked.PROPOSAL or not self.pending:
            return None
        proposed = self.pending[0]
        return proposed.step if isinstance(proposed, SetQuantity) else Step.MODULES


@dataclass(frozen=True)
class Turn:
    """What a message did: the replies and the state to keep."""

    replies: list[Reply]
    state: DialogueState


@dataclass
class Work:
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
    said: tuple[Command, ...] = ()  # the message's commands, all of them (what is asked first may depend on a later one)
    at_start: Optional[CartView] = field(init=False, default=None)  # the cart as the message found it
    opened: Optional[CartView] = None  # or, opened by this message, as it opened (with what waited for it)
    refused_step: Optional[Step] = None  # the quantity refused last: what "togline solo uno" is about next
    refused_value: Optional[Decimal] = None  # and the value refused
    refused_code: Optional[str] = None  # the agreement code refused
    kept: dict[Step, str] = field(default_factory=dict)  # the note that said each value kept, replaced by a later one

    def __post_init__(self) -> None:
        self.at_start = self.view

    @property
    def hold_order(self) -> bool:
        """The message changed what the customer had seen (an item, the years, the code, a payment already
        chosen): no order in it, the new recap is shown and asked again ("accetto, però metti 4 anni")."""
        start = self.at_start or self.opened
        if start is None or self.view is None:
            return False
        before, now = start.cart, self.view.cart
        seen = (before.storage_gb, before.users, before.modules, before.years, before.agreement_code)
        return seen != (now.storage_gb, now.users, now.modules, now.years, now.agreement_code) or (
            before.payment_method is not None and before.payment_method != now.payment_method)
    stop: bool = False  # nothing more to ask this turn

    @property
    def cart(self) -> CartView:
        """The open cart, in a handler of a command that needs one (the processor opened it first)."""
        assert self.view is not None, "a cart command ran without a cart"
        return self.view

    def say(self, text: str) -> None:
        """A note for this turn's reply, without the sentences it already holds ("Il servizio è scaduto il..."
        said by the greeting and again by an answer)."""
        said = {sentence for note in self.notes for sentence in sentences(note)}
        new = [sentence for sentence in sentences(text) if sentence not in said]
        if new:
            self.notes.append(" ".join(new))

    def answered(self, *steps: Step) -> None:
        self.state = replace(self.state, answered=self.state.answered | set(steps))
        if self.focus is not None and (self.focus in steps or not self.open_question):
            self.focus = None  # answered, or the customer moved on


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀÈÉÌÒÙ«])")


def sentences(text: str) -> list[str]:
    """The sentences of a text; "n. FE-2026-000001" is no end of sentence, and a list (lines) is one."""
    if "\n" in text:
        return [text]
    found: list[str] = []
    for piece in _SENTENCE_END.split(text.strip()):
        if found and re.search(r"\b(?:n|ecc|pag)\.$", found[-1]):
            found[-1] += " " + piece
        else:
            found.append(piece)
    return [s for s in found if s]


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


def cart_digest(view: Optional[CartView]) -> Optional[str]:
    """A short fingerprint of what the cart summary shows (every declared step's value and the total), the
    same in every process: another conversation's change is told once."""
    if view is None:
        return None
    values = [_plain(declaration.value_in(view.cart)) for declaration in STEPS if declaration.shown]
    return hashlib.sha256(json.dumps([*values, str(view.quote.total)]).encode()).hexdigest()[:16]


def _plain(value: object) -> object:
    if isinstance(value, frozenset):
        return sorted(value)
    return value.value if isinstance(value, Enum) else value


def shown(view: Optional[CartView]) -> object:
    """What the cart summary shows (accepting the conditions changes none of it)."""
    return None if view is None else (view.cart.with_changes(terms_accepted=False), view.quote)
