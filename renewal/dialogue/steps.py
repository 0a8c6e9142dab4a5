"""The renewal's steps, each declared once: what it sets in the cart and through which operation, whether a
bare number answers it, whether "lascia tutto com'è" keeps it, whether the cart's summary shows it, and what
"sì" and "no" mean when it was asked. The processor, the digest of the cart, the parser's yes/no and the
tests all read these declarations; its question and its "kept" line are in ``renewal.text``.

A new step is one declaration here, one rule in ``renewal.domain.rules``, its question and line of text,
and their tests (``tests/unit/test_steps.py`` walks every declared step)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Optional

from renewal.dialogue.commands import (
    AcceptTerms,
    AskValue,
    Command,
    Confirm,
    Decline,
    GiveCode,
    Keep,
    NoCode,
    RefuseTerms,
    Step,
)
from renewal.dialogue.ports import Renewals
from renewal.domain import rules
from renewal.domain.decision import Decision
from renewal.domain.model import Cart, Subscription
from renewal.domain.rules import Quantity
from renewal.domain.views import CartView


def _keep(step: Step) -> Command:
    return Keep((step,))


@dataclass(frozen=True)
class Declaration:
    step: Step
    item: Optional[str]  # the cart's field it sets (None: the confirmation sets none)
    yes: Callable[[Step], Command]  # what "sì" means when this step was asked
    no: Callable[[Step], Command]  # what "no" means
    change: Optional[str] = None  # the Renewals operation that sets a quantity ("set_storage")
    quote: Optional[str] = None  # the one that prices it, nothing changed ("quote_storage")
    quantity: bool = False  # a bare number answers it
    cart_item: bool = False  # "lascia tutto com'è" keeps it (what the customer already has)
    shown: bool = True  # the cart's summary shows it (the digest of the cart follows what is shown)
    lowest: Optional[Callable[[Subscription], int]] = None  # a quantity's floor and ceiling by the rules
    highest: Optional[Callable[[Subscription], int]] = None  # ("il minimo", "il più lungo possibile")
    check: Optional[Callable[[Subscription, Quantity], Decision[Any]]] = None  # whether the rules allow a value

    def value_in(self, cart: Cart) -> Any:
        """What the cart holds for this step."""
        if self.item is None:
            raise ValueError(f"the {self.step.value} step sets nothing in the cart")
        return getattr(cart, self.item)

    def operation(self, renewals: Renewals, quote: bool = False) -> Callable[[int, Quantity], Decision[CartView]]:
        """The operation that sets this step's quantity (``quote``: that prices it, nothing changed)."""
        name = self.quote if quote else self.change
        if name is None:
            raise ValueError(f"the {self.step.value} step is not a quantity")
        found: Callable[[int, Quantity], Decision[CartView]] = getattr(renewals, name)
        return found


STEPS: tuple[Declaration, ...] = (
    Declaration(Step.STORAGE, "storage_gb", yes=_keep, no=AskValue, change="set_storage", quote="quote_storage", quantity=True,
                cart_item=True, lowest=rules.lowest_storage_gb, highest=rules.highest_storage_gb, check=rules.check_storage),
    Declaration(Step.USERS, "users", yes=_keep, no=AskValue, change="set_users", quote="quote_users", quantity=True,
                cart_item=True, lowest=rules.lowest_users, highest=rules.highest_users, check=rules.check_users),
    Declaration(Step.MODULES, "modules", yes=_keep, no=_keep, cart_item=True),  # "Va bene così?" "No." keeps them
    Declaration(Step.CODE, "agreement_code", yes=lambda _: GiveCode(), no=lambda _: NoCode()),
    Declaration(Step.YEARS, "years", yes=_keep, no=AskValue, change="set_years", quote="quote_years", quantity=True,
                lowest=lambda s: rules.years_allowed(s)[0], highest=lambda s: rules.years_allowed(s)[-1],
                check=rules.check_years),
    Declaration(Step.PAYMENT, "payment_method", yes=AskValue, no=AskValue),
    Declaration(Step.TERMS, "terms_accepted", yes=lambda _: AcceptTerms(), no=lambda _: RefuseTerms(), shown=False),
    Declaration(Step.CONFIRM, None, yes=lambda _: Confirm(), no=lambda _: Decline(), shown=False),
)
"""In the help page's order, the order the steps are asked in."""

_BY_STEP = {declaration.step: declaration for declaration in STEPS}
QUANTITY_STEPS = tuple(d.step for d in STEPS if d.quantity)
CART_ITEMS = tuple(d.step for d in STEPS if d.cart_item)
"""What "lascia tutto com'è" keeps."""


def declared(step: Step) -> Declaration:
    return _BY_STEP[step]
