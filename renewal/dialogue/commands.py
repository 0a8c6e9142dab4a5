"""What a customer can ask for in one message, as small frozen dataclasses.

The understanding step turns a message into a list of these, in the customer's
order; ``renewal.dialogue.processor`` applies them, one core operation each. The shape
follows Rasa Pro's ``dialogue_understanding/commands`` (without an LLM).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from decimal import Decimal
from enum import Enum
from typing import Any, Literal, Optional


class Step(str, Enum):
    """The renewal's questions, in the help page's order."""

    STORAGE = "storage"
    USERS = "users"
    MODULES = "modules"
    CODE = "code"
    YEARS = "years"
    PAYMENT = "payment"
    TERMS = "terms"
    CONFIRM = "confirm"


class Topic(str, Enum):
    """Questions answered from the customer's own data."""

    PRICE = "price"
    STATUS = "status"
    CART = "cart"
    MODULES = "modules"
    YEARS = "years"
    PAYMENT = "payment"
    ORDER = "order"
    EXPIRY_CONSEQUENCES = "expiry_consequences"
    AUTOMATIC_RENEWAL = "automatic_renewal"
    SIGN_IN = "sign_in"
    WHY_STORAGE = "why_storage"
    WHY_USERS = "why_users"
    BOT = "bot"
    TERMS = "terms"
    PAYMENT_DETAILS = "payment_details"  # where the bank or postal details are
    PAY_LINK = "pay_link"  # "non trovo la pagina per pagare"
    EMAILS = "emails"  # where the order's e-mail, the receipt arrive
    CODE_INFO = "code_info"  # what the agreement code is for, where to get one
    AFTER_PAYMENT = "after_payment"  # what changes once the payment is registered
    SERVICE_BACK = "service_back"  # whether a deleted service can be had back
    FREE_SPACE = "free_space"  # how to free space so storage can go down
    AUTOMATIC_FAILED = "automatic_failed"  # what happens if the automatic charge does not go through
    CARD_ON_FILE = "card_on_file"  # how to change the card the automatic renewal charges


@dataclass(frozen=True)
class Command:
    def to_dict(self) -> dict[str, Any]:
        nested = {f.name: value.to_dict() for f in fields(self) if isinstance(value := getattr(self, f.name), Command)}
        options = {f.name: options_to_list(getattr(self, f.name)) for f in fields(self) if f.name in _OPTIONS}
        return {"command": type(self).__name__,
                **{k: (str(v) if isinstance(v, Decimal) else v.value if isinstance(v, Enum)
                       else [str(x) for x in v] if k == "years" else v)
                   for k, v in asdict(self).items() if k not in _OPTIONS}, **nested, **options}


@dataclass(frozen=True)
class StartRenewal(Command):
    anyway: bool = False  # renew now although automatic renewal is on
    again: bool = False  # the renewal just cancelled, back as it was ("ho cambiato idea, procediamo")


@dataclass(frozen=True)
class SetQuantity(Command):
    """``value`` sets the quantity; ``delta`` changes it ("un giga in più" is +1); ``factor`` multiplies it
    ("il doppio dello spazio" is 2, "metà degli utenti" 0.5); ``extreme`` is "min" or "max" ("il più lungo
    possibile"), resolved through the rules, or "allowed": the limit a refusal just said ("metta quello che mi ha
    detto Lei")."""

    step: Step
    value: Optional[Decimal] = None
    delta: Optional[Decimal] = None
    factor: Optional[Decimal] = None
    extreme: Optional[str] = None
    of_original: bool = False  # the factor or the change is of the value the renewal opened with ("tre volte quello
    # che avevo", "uno in più di quello che avevo")
    instead_of_last: bool = False  # the delta replaces the last change ("mettene due in più invece de uno"): from the
    # value before it
    again: bool = False  # the last change once more, ``delta`` (or 1) in its direction ("un altro ancora", "and one
    # more")


@dataclass(frozen=True)
class Restore(Command):
    """Puts a step back as it was when the renewal opened ("rimetti com'era"), or, ``before_last`` change,
    as it was before it ("5 anni... no, torna come prima")."""

    step: Step
    before_last: bool = False


@dataclass(frozen=True)
class Keep(Command):
    """Keeps what the cart has for these steps ("lascia com'è")."""

    steps: tuple[Step, ...]


@dataclass(frozen=True)
class AskValue(Command):
    """The customer wants a different value but has not said which ("no", "non voglio 5 GB")."""

    step: Step


@dataclass(frozen=True)
class AddModule(Command):
    module: str


@dataclass(frozen=True)
class DropModule(Command):
    module: str


@dataclass(frozen=True)
class PickModule(Command):
    """A module named with no verb ("il secondo"): dropped if in the cart, added if not."""

    module: str


@dataclass(frozen=True)
class SuggestedModule(Command):
    """A module by its place among the suggested ones ("il secondo che mi hai suggerito"), added or dropped: the
    suggested add-ons are the ones not bought, in the list's order; place 0 is the only one suggested, or
    with ``besides`` the only one other than that ("e l'altro?"). With ``bought``, among the modules bought
    instead ("quello che avevo già")."""

    place: int
    besides: Optional[str] = None
    bought: bool = False
    added: bool = True  # False: "il modulo che mi avevi suggerito toglilo"
    by_price: Optional[str] = None  # "cheapest" or "dearest": "quello che costa meno dei due"


@dataclass(frozen=True)
class AllModules(Command):
    """Every suggested module added ("entrambi i moduli suggeriti"), or every module dropped ("nessun modulo")."""

    added: bool


Option = tuple[Command, ...]  # one of the alternatives priced side by side: the changes it makes, resolved


def duration_options(years: Iterable[int | Decimal]) -> tuple[Option, ...]:
    """Durations priced side by side, as alternatives ("quanto per 2 anni e quanto per 5?")."""
    return tuple((SetQuantity(Step.YEARS, value=Decimal(y)),) for y in years)


def durations(options: tuple[Option, ...]) -> tuple[int, ...]:
    """The durations among alternatives priced ("quello da 2", "la più lunga"): those of one change, of the years."""
    return tuple(int(c.value) for option in options if len(option) == 1
                 for c in option if isinstance(c, SetQuantity) and c.step is Step.YEARS and c.value is not None)


@dataclass(frozen=True)
class PricedOption(Command):
    """"quello da 143,96", "quella da 92,72": of the alternatives just priced (``among``), the one whose total is
    ``total``."""

    total: Decimal
    among: tuple[Option, ...]


@dataclass(frozen=True)
class OnlyModules(Command):
    """Just these modules, no other ("solo la conservazione")."""

    modules: tuple[str, ...]


@dataclass(frozen=True)
class UnknownModule(Command):
    """A module asked for by a name the catalogue does not have ("il modulo magazzino": ``name``, when one was
    read)."""

    name: Optional[str] = None


@dataclass(frozen=True)
class GiveCode(Command):
    """An agreement code; ``None``: the customer has one but has not written it yet."""

    code: Optional[str] = None


@dataclass(frozen=True)
class NoCode(Command):
    pass


@dataclass(frozen=True)
class ChoosePayment(Command):
    method: str


@dataclass(frozen=True)
class AcceptTerms(Command):
    pass


@dataclass(frozen=True)
class RefuseTerms(Command):
    pass


@dataclass(frozen=True)
class Confirm(Command):
    pass


@dataclass(frozen=True)
class Decline(Command):
    """"No" to the confirmation, or to renewing while automatic renewal is on."""


@dataclass(frozen=True)
class Cancel(Command):
    confirmed: bool = False  # "sì" to "Vuoi annullare il rinnovo?" (asked at the final confirmation)


@dataclass(frozen=True)
class Ask(Command):
    topic: Topic
    years: tuple[Decimal, ...] = ()  # the price asked for these durations, nothing changed ("per 2 e per 5 anni")
    module: Optional[AddModule | PickModule | SuggestedModule] = None  # the price of this module ("e l'altro?")
    what_if: Optional[SetQuantity | DropModule] = None  # the price with this quantity or without this module,
    # proposed not made ("e se raddoppio gli utenti?", "quanto costa senza i solleciti?")
    options: tuple[Option, ...] = ()  # alternatives priced side by side, nothing changed ("il totale aggiungendo
    # api? e con archivio?", "con 1 giga o con 2?"): each one's changes
    without: Optional[Literal["code", "changes"]] = None  # PRICE compared: "code" ("quanto avrei pagato senza?"),
    # or "changes" (everything as bought: "prima di aggiungere tutta 'sta roba quanto veniva?")
    about: Optional[str] = None  # the one module the question names: the one spoken of ("la conservazione cos'è?"
    # then "mettila"); for CODE_INFO, the agreement code it names ("l'ING2025 vale ancora?")


@dataclass(frozen=True)
class HandOff(Command):
    queue_anyway: bool = False  # "sì" to leaving the request in the queue with nobody at the desk


@dataclass(frozen=True)
class WithdrawHandOff(Command):
    """The customer no longer waits for a person ("lascia stare, non voglio più aspettare")."""

    said: str = ""  # their words, for the agents


@dataclass(frozen=True)
class Resume(Command):
    """The agent gave the conversation back to the bot (never typed: the action sees Rasa's resume)."""


@dataclass(frozen=True)
class SmallTalk(Command):
    kind: str  # greet, thank, goodbye, go_on ("sì" to "Posso aiutarti in altro?"), waiting ("allora?")


@dataclass(frozen=True)
class Clarify(Command):
    """The message asks to change something, but no reader could say what: asked, never guessed."""


@dataclass(frozen=True)
class NotUnderstood(Command):
    too_long: bool = False
    out_of_scope: bool = False


_OPTIONS = ("options", "among")  # fields that hold alternatives (tuples of commands)


def options_to_list(options: tuple[Option, ...]) -> list[list[dict[str, Any]]]:
    return [[c.to_dict() for c in option] for option in options]


def options_from_list(raw: Any) -> tuple[Option, ...]:
    """Alternatives as ``options_to_list`` wrote them (in a slot); anything else is none."""
    if not isinstance(raw, list):
        return ()
    return tuple(tuple(from_dict(c) for c in option if isinstance(c, dict) and "command" in c)
                 for option in raw if isinstance(option, list))


_TYPES: dict[str, Any] = {"step": Step, "topic": Topic, "value": Decimal, "delta": Decimal, "factor": Decimal}


def from_dict(data: dict[str, Any]) -> Command:
    """The command ``Command.to_dict`` wrote (commands wait in a slot while the customer is asked)."""
    cls = {kind.__name__: kind for kind in Command.__subclasses__()}[data["command"]]
    values: dict[str, Any] = {}
    for f in fields(cls):
        raw = data.get(f.name)
        if f.name == "steps":
            values[f.name] = tuple(Step(s) for s in raw or ())
        elif f.name == "modules":
            values[f.name] = tuple(raw or ())
        elif f.name == "years":
            values[f.name] = tuple(Decimal(str(v)) for v in raw or ())
        elif f.name in _OPTIONS:
            values[f.name] = options_from_list(raw)
        elif isinstance(raw, dict) and "command" in raw:
            values[f.name] = from_dict(raw)  # "e l'altro quanto costa?": the module a price is asked for
        elif raw is not None and f.name in _TYPES:
            values[f.name] = _TYPES[f.name](raw)
        elif f.name in data:
            values[f.name] = raw
    return cls(**values)
