"""The cart's commands: opening the renewal, quantities, modules, the agreement code, the payment method, the
conditions. Each is one operation of ``Renewals``, its outcome said with its figures."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Optional

from renewal.dialogue import order
from renewal.dialogue.commands import (
    AcceptTerms,
    AddModule,
    AllModules,
    Ask,
    AskValue,
    ChoosePayment,
    Command,
    Confirm,
    DropModule,
    GiveCode,
    HandOff,
    Keep,
    NoCode,
    OnlyModules,
    Option,
    PickModule,
    PricedOption,
    RefuseTerms,
    Restore,
    SetQuantity,
    StartRenewal,
    Step,
    SuggestedModule,
    UnknownModule,
    durations,
)
from renewal.dialogue.state import Asked, DialogueState, Work
from renewal.dialogue.steps import QUANTITY_STEPS, Declaration, declared
from renewal.domain import rules
from renewal.domain.decision import Decision, Reason
from renewal.domain.model import Cart, PaymentMethod, Quote, Subscription
from renewal.domain.pricing import MODULE_LINE
from renewal.domain.views import AccountView, CartView
from renewal.text import messages, questions, talk
from renewal.text import summaries as summaries_text
from renewal.text.questions import Reply

if TYPE_CHECKING:
    from renewal.dialogue.processor import Conversation


def _not_automatic(command: Command) -> Optional[PaymentMethod]:
    """The payment method of a choice that switches no automatic renewal on (bank transfer, postal slip)."""
    if not isinstance(command, ChoosePayment) or command.method not in {m.value for m in PaymentMethod}:
        return None
    method = PaymentMethod(command.method)
    return None if method.switches_on_automatic_renewal else method


def _durations(account: AccountView, said: tuple[Command, ...]) -> list[int]:
    """The durations the customer asked about or for while asked whether to renew now: priced in that question."""
    allowed = rules.years_allowed(account.subscription)
    asked = [int(y) for c in said if isinstance(c, Ask) for y in c.years]
    years = _asked_of_renewal(tuple(c for c in said if isinstance(c, SetQuantity) and c.step is Step.YEARS),
                              account.subscription)  # "il massimo degli anni" ... "fai la metà"
    if years is not None and years == years.to_integral_value():
        asked.append(int(years))
    return [y for y in dict.fromkeys(asked) if y in allowed] or [1]


_CART_FIELDS = {Step.STORAGE: "storage_gb", Step.USERS: "users"}


def _as_asked(conv: Conversation, account: AccountView, as_is: list[Quote], said: tuple[Command, ...],
              automatic: bool, quantities: Mapping[Step, Decimal]) -> str:
    """The renewal priced with the storage and users (``quantities``, allowed by the rules) and the modules the
    customer asked to add or drop while asked whether to renew now ("adesso con bonifico, e aggiungi la
    conservazione", "vorrei triplicare lo spazio"); empty if they asked for none of them."""
    bought = account.subscription.modules_bought
    as_bought = Cart.for_renewal(account.subscription)
    changed = {_CART_FIELDS[step]: int(value) for step, value in quantities.items()
               if step in _CART_FIELDS and value == int(value) and value != declared(step).value_in(as_bought)}
    modules = bought
    for command in said:
        if isinstance(command, SuggestedModule) and command.by_price is None:  # "aggiungendo il modulo che mi
            code = suggestion(account.subscription, command, {})  # proponete"
            if code is not None:
                modules = modules | {code} if command.added else modules - {code}
        if isinstance(command, (AddModule, DropModule, PickModule)):
            adding = isinstance(command, AddModule) or (isinstance(command, PickModule) and command.module not in modules)
            modules = modules | {command.module} if adding else modules - {command.module}
    code = next((c.code for c in reversed(said) if isinstance(c, GiveCode) and c.code), None)  # "sono ingegnere,
    # codice ING2026": its discount, if it holds
    if modules == bought and not changed and code is None:
        return ""
    quotes = [q.value for q in (conv.renewals.renewal_quote(conv.username, quote.years, modules, agreement_code=code,
                                                            **changed)
                                for quote in as_is) if q.ok and q.value is not None]
    names = {line.code.removeprefix(MODULE_LINE): line.description for q in (*as_is, *quotes) for line in q.lines}
    discounted = next((q.agreement_code for q in quotes if q.agreement_code), None)
    return messages.renewal_as_asked(quotes, [names[c] for c in sorted(modules - bought) if c in names],
                                     [names[c] for c in sorted(bought - modules) if c in names], automatic,
                                     code=discounted, **changed)


def ask_to_renew_now(conv: Conversation, turn: Work, check: Decision[Any], other_way: list[PaymentMethod],
                     pending: tuple[Command, ...]) -> None:
    """Automatic renewal is on: when it runs, what renewing now another way changes, the price (as bought or with
    the modules asked for, for one year or the durations asked), why a change asked cannot be made; then whether
    to renew now. What the message asked waits for the answer (``pending``)."""
    account = conv.renewals.account(conv.username)
    asked = (*turn.state.pending, *dict.fromkeys((*pending, *turn.said)))  # this message's, once each
    as_is = [q for q in map(account.value.as_is_for, _durations(account.value, asked)) if q] if account.ok else []
    quantities = [c for c in asked if isinstance(c, SetQuantity)]
    values = {c: value for i, c in enumerate(quantities) if account.ok and (value := _asked_of_renewal(
              tuple(q for q in quantities[:i + 1] if q.step is c.step), account.value.subscription)) is not None}
    refused = {c: decision for c, value in values.items()  # "toglilo tutto", "togliendo l'utente": said now, not later
               if (check_value := declared(c.step).check) is not None
               and not (decision := check_value(account.value.subscription, value)).ok}
    for c in refused:  # "allora ne aggiunga uno" is about it next
        turn.refused_step, turn.refused_value = c.step, values[c]
    automatic_again = not other_way and any(isinstance(c, ChoosePayment) for c in asked)  # "sempre con la carta"
    unknown = "".join(f" {talk.module_unknown(c.name)}" for c in asked if isinstance(c, UnknownModule))  # "rinnovo
    # adesso e aggiungo il modulo magazzino": said with the question, not when the renewal opens
    said = messages.explain(check) + unknown + "".join(f" {messages.explain(d)}" for d in refused.values()) \
        + (messages.renewing_another_way(other_way[-1], account.value.reference_email)
           if other_way and account.ok else "") \
        + ((_as_asked(conv, account.value, as_is, asked, automatic_again,
                      {c.step: value for c, value in values.items() if c not in refused}) if account.ok else "")
           or messages.renewal_as_is(*as_is, automatic=automatic_again))
    turn.first.append(Reply(said + talk.RENEW_NOW, questions.RENEW_ANYWAY_BUTTONS))
    turn.state = replace(turn.state, asked=Asked.RENEW_ANYWAY,
                         pending=turn.state.pending + tuple(c for c in pending if c not in refused),
                         last_quantity=quantities[-1].step if quantities else turn.state.last_quantity)  # "fai la metà"
    turn.stop = True


def _asked_of_renewal(commands: tuple[SetQuantity, ...], sub: Subscription) -> Optional[Decimal]:
    """The value the last of ``commands`` (all about one quantity, in the order said) asks for in the renewal as
    bought: a value, an extreme of the rules, or a step or factor of the value before it ("il massimo degli
    anni" ... "fai la metà"); None when one names none (the ceiling of storage or users)."""
    value: Optional[Decimal] = None
    for command in commands:
        declaration = declared(command.step)
        base = value if value is not None else Decimal(declaration.value_in(Cart.for_renewal(sub)))
        bound = declaration.lowest if command.extreme == "min" else declaration.highest
        if command.value is not None:
            value = command.value
        elif command.extreme is not None:
            if bound is None or command.extreme == "allowed" or (command.extreme == "max" and command.step is not Step.YEARS):
                return None
            value = Decimal(bound(sub)) * (command.factor or 1)
        elif command.delta is not None:
            value = base + command.delta
        elif command.factor is not None:
            value = base * command.factor
    return value


def start_renewal(conv: Conversation, turn: Work, command: StartRenewal, pending: tuple[Command, ...] = ()) -> None:
    if turn.view is not None:
        return
    check = conv.renewals.renewal_check(conv.username)
    other_way = [method for method in map(_not_automatic, (*pending, *turn.said)) if method is not None]
    explained = any(map(_not_automatic, turn.state.pending))  # what changes was said when the customer was asked
    renew_said = any(isinstance(c, StartRenewal) for c in turn.said)  # "preferisco rinnovare adesso, con bonifico"
    again = command.again or any(isinstance(c, StartRenewal) and c.again for c in turn.said)
    anyway = command.anyway or again or (  # the renewal cancelled had been asked for already
        turn.state.asked == Asked.RENEW_ANYWAY and (explained or not other_way or renew_said)) or (
        any(isinstance(c, HandOff) for c in turn.said) and (renew_said or bool(other_way)))  # renewing now, and a
    # person asked for: no question left waiting, the renewal open for the agent to see
    automatic = check.ok and check.reason is Reason.AUTOMATIC_RENEWAL_ON
    if automatic and not anyway:
        ask_to_renew_now(conv, turn, check, other_way, pending)
        return
    opened = conv.renewals.open_renewal(conv.username, like=turn.state.cancelled_cart if again else None)
    if not opened.ok and opened.reason is Reason.SERVICE_DELETED:  # no dead end: a new service, or a person
        turn.first.append(questions.deleted_way_out(" ".join([*turn.notes, messages.explain(opened)])))
        turn.notes, turn.stop = [], True
        turn.state = replace(turn.state, cart_id=None, pending=(), asked=Asked.HANDOFF_OFFER)
        return
    if not opened.ok:
        turn.say(messages.explain(opened))
        turn.state = replace(turn.state, cart_id=None, asked=None, pending=(),
                             order_number=opened.figures.get("order_number", turn.state.order_number))
        turn.stop = True
        return
    if opened.reason in (Reason.IN_GRACE_PERIOD, Reason.AUTOMATIC_RENEWAL_MISSED):
        turn.say(messages.explain(opened))
    if automatic:  # said outright ("senza aspettare il rinnovo automatico"), or "sì" to the question: what it does
        turn.say(messages.renewing_now(check.figures))
    if automatic and other_way and not explained:
        turn.say(messages.renewing_another_way(other_way[-1], opened.value.reference_email, chosen=True))  # "rinnovo
        # adesso, con bonifico"
    waiting = turn.state.pending if anyway else ()
    turn.view, turn.started = opened.value, True
    turn.state = DialogueState(cart_id=opened.value.cart_id, queue=turn.state.queue,
                               listed_modules=turn.state.listed_modules)  # "l'ultimo che mi hai elencato"
    for earlier in waiting:
        conv.apply(turn, earlier)
    turn.opened = turn.view  # what the customer was told before this message: "accetto e confermo, però aggiungi..."


def target_of(turn: Work, command: SetQuantity) -> Optional[Decimal]:
    """The value ``command`` asks for in the cart as it is (a factor, an extreme, a step up or down); None, with
    the step asked again and why, when it names none the customer can mean."""
    declaration = declared(command.step)
    current = declaration.value_in(turn.cart.cart)
    sub = turn.cart.subscription
    if command.again:  # "un altro ancora" after "togli un GB": one more step the same way
        last = turn.state.previous_value
        direction = current - last[1] if last is not None and last[0] is command.step else Decimal(0)
        if not direction:
            turn.say(talk.not_sure_how_much(command.step.value, declaration.highest(sub) if declaration.highest else None))
            turn.focus, turn.open_question = command.step, True
            return None
        command = replace(command, delta=(command.delta or Decimal(1)) * (1 if direction > 0 else -1), again=False)
    refused = turn.state.refused_value if turn.state.last_quantity is command.step else None
    if command.extreme == "allowed" and refused is not None and declaration.lowest and declaration.highest:
        lowest, highest = declaration.lowest(sub), declaration.highest(sub)  # "metta quello che mi ha detto Lei"
        return Decimal(lowest if refused < lowest else highest)  # after a refusal: the limit it said
    if command.extreme is not None:
        bound = declaration.lowest if command.extreme == "min" else declaration.highest
        if bound is None or command.extreme == "allowed" or (command.extreme == "max" and command.step is not Step.YEARS):
            # "il massimo di spazio": the ceiling is no plan a customer means; ask, with the figures
            turn.say(talk.not_sure_how_much(command.step.value, declaration.highest(sub) if declaration.highest else None))
            turn.focus, turn.open_question = command.step, True
            return None
        base = Decimal(bound(sub))  # "il minimo", "metà degli anni massimi"
    else:
        base = declaration.value_in(Cart.for_renewal(sub)) if command.of_original else current
    before_last = turn.state.previous_value
    if command.instead_of_last and before_last is not None and before_last[0] is command.step:
        current = before_last[1]  # "anzi, mettene due in più invece de uno": the last change replaced
    target: Decimal = command.value if command.value is not None else base * command.factor \
        if command.factor is not None else base if command.extreme is not None \
        else (base if command.of_original else current) + (command.delta or Decimal(0))
    if command.delta is not None and refused is not None and not _allowed(declaration, sub, target) \
            and _allowed(declaration, sub, refused + command.delta):
        target = refused + command.delta  # "3 anni" refused (1 or 2), "allora uno in meno": 2, not 0
    if command.factor is not None and abs(target - target.to_integral_value()) < Decimal("0.000001"):
        target = target.to_integral_value()  # "un terzo" of 3 GB: 1 (a third is no exact decimal)
    if command.factor is not None and target != target.to_integral_value():  # "metà" of 3 users: asked, not rounded
        turn.say(talk.not_a_whole_part(command.step.value, base, target))
        turn.focus, turn.open_question = command.step, True
        return None
    return target


def _allowed(declaration: Declaration, sub: Subscription, value: Decimal) -> bool:
    """Whether the rules let this item be ``value`` (the step's own check)."""
    return declaration.check is None or declaration.check(sub, value).ok


def set_quantity(conv: Conversation, turn: Work, command: SetQuantity) -> None:
    spoken_of = turn.state.last_quantity
    if command.factor is not None and command.factor > 1 and not declared(command.step).value_in(turn.cart.cart) \
            and spoken_of is not None and spoken_of is not command.step:  # "quanto costa un anno?" ... "ok fai il
        command = replace(command, step=spoken_of)  # doppio" with no storage: nothing is doubled, the years are
    declaration = declared(command.step)
    current = declaration.value_in(turn.cart.cart)
    target = target_of(turn, command)
    if target is None:
        return
    change = declaration.operation(conv.renewals)
    before = turn.cart
    turn.state = replace(turn.state, last_quantity=command.step)
    decision = change(turn.cart.cart_id, target)
    if not conv.changed(turn, decision, command.step):
        turn.focus, turn.open_question = command.step, True  # refused: ask that one again, for a value
        turn.refused_step, turn.refused_value = command.step, target
    elif declaration.value_in(turn.cart.cart) == current:
        say_kept(turn, before, (command.step,))
    else:
        turn.state = replace(turn.state, previous_value=(command.step, Decimal(current)))  # "no, torna come prima"


def restore(conv: Conversation, turn: Work, command: Restore) -> None:
    """Back as the renewal opened ("rimetti com'era"), or as it was before its last change ("5 anni... no, torna
    come prima": the 3 said before), when that is remembered."""
    opened = Cart.for_renewal(turn.cart.subscription)  # what the cart held when the renewal opened
    if command.step is Step.MODULES:
        modules_to(conv, turn, opened.modules)
    elif command.before_last and turn.state.previous_value is not None and turn.state.previous_value[0] is command.step:
        set_quantity(conv, turn, SetQuantity(command.step, value=turn.state.previous_value[1]))
    else:
        set_quantity(conv, turn, SetQuantity(command.step, value=Decimal(declared(command.step).value_in(opened))))


def keep(conv: Conversation, turn: Work, command: Keep) -> None:
    say_kept(turn, turn.cart, command.steps)
    turn.answered(*command.steps)


def say_kept(turn: Work, view: CartView, steps: tuple[Step, ...]) -> None:
    """Each value kept, with its figures, and the total (the years say theirs already)."""
    for step in steps:
        if turn.kept.get(step) in turn.notes:  # "ok lascia 1 anno" after the years waited for the renewal: said
            turn.notes.remove(turn.kept[step])  # once, with the total as it is now
        before = len(turn.notes)
        turn.say(summaries_text.kept(view, step))
        if len(turn.notes) > before:
            turn.kept[step] = turn.notes[-1]
    total = summaries_text.total_unchanged(view)
    if set(steps) - {Step.YEARS, Step.CODE} and total not in turn.notes:
        turn.say(total)


def ask_value(conv: Conversation, turn: Work, command: AskValue) -> None:
    turn.focus, turn.open_question = command.step, True
    last = command.step if command.step in QUANTITY_STEPS else turn.state.last_quantity
    turn.state = replace(turn.state, answered=turn.state.answered - {command.step}, last_quantity=last)


def add_module(conv: Conversation, turn: Work, command: AddModule) -> None:
    module_changed(conv, turn, conv.renewals.add_module(turn.cart.cart_id, command.module), command.module, added=True)


def drop_module(conv: Conversation, turn: Work, command: DropModule) -> None:
    module_changed(conv, turn, conv.renewals.remove_module(turn.cart.cart_id, command.module), command.module, added=False)


def pick_module(conv: Conversation, turn: Work, command: PickModule) -> None:
    """Dropped if the cart held it when the message came ("i solleciti" at the modules step), added if not: a
    module just added by this message, by what waited for it or by the message before, is not dropped again."""
    if command.module not in turn.cart.cart.modules:
        add_module(conv, turn, AddModule(command.module))
    elif turn.at_start is not None and command.module in turn.at_start.cart.modules \
            and command.module != turn.state.last_module:
        drop_module(conv, turn, DropModule(command.module))
    else:
        turn.answered(Step.MODULES)  # "bonifico e conservazione" repeating what was just added


def suggested_module(conv: Conversation, turn: Work, command: SuggestedModule) -> None:
    code = referred_module(turn, command)
    if code is not None and command.added:
        add_module(conv, turn, AddModule(code))
    elif code is not None:
        drop_module(conv, turn, DropModule(code))


def referred_module(turn: Work, reference: AddModule | PickModule | SuggestedModule) -> Optional[str]:
    """The module a reference is about; among the suggested ones (the ones not bought, in the list's order),
    the place asked for, or the only one (besides the one named); None, said, if there is no such suggestion."""
    if not isinstance(reference, SuggestedModule):
        return reference.module
    code = suggestion(turn.cart.subscription, reference, turn.cart.module_prices)
    if code is None:
        among = _suggested(turn.cart.subscription, reference)
        turn.say(talk.which_bought_module([turn.cart.module_names[c] for c in among]) if reference.bought
                 else talk.no_such_suggestion(len(among)))
        turn.focus = Step.MODULES
    return code


def _suggested(sub: Subscription, reference: SuggestedModule) -> list[str]:
    """The suggested modules (the ones not bought, in the list's order), but the one named besides; or the
    bought ones."""
    return [code for code in questions.modules_in_order(sub) if (code in sub.modules_bought) is reference.bought
            and code != reference.besides]


def suggestion(sub: Subscription, reference: SuggestedModule, prices: Mapping[str, Decimal]) -> Optional[str]:
    """The suggested module a reference is about: the place asked for, the only one (besides the one named), or
    the cheapest or dearest; None if there is no such suggestion."""
    suggested = _suggested(sub, reference)
    if reference.by_price is not None and suggested:  # "quello che costa meno dei due"
        by_price = sorted(suggested, key=lambda code: prices[code])
        return by_price[0] if reference.by_price == "cheapest" else by_price[-1]
    if reference.place == 0 and len(suggested) == 1:  # "quello che mi hai suggerito", "e l'altro?": the only one
        return suggested[0]
    if not -len(suggested) <= reference.place <= len(suggested) or reference.place == 0:
        return None
    return suggested[reference.place - 1 if reference.place > 0 else reference.place]


def all_modules(conv: Conversation, turn: Work, command: AllModules) -> None:
    cart, sub = turn.cart.cart, turn.cart.subscription
    modules_to(conv, turn, sub.renewable_modules | cart.modules if command.added else frozenset())


def priced_option(conv: Conversation, turn: Work, command: PricedOption) -> None:
    """"quello da 143,96", "quella da 92,72" after alternatives were priced: the one of that total made, or said
    that none is."""
    for option in command.among:
        quoted = quote_option(conv, turn, option)
        if quoted.ok and quoted.value is not None and quoted.value.quote.total == command.total:
            for change in option:
                conv.apply(turn, change)
            return
    of_years = len(durations(command.among)) == len(command.among)
    turn.say(talk.no_option_costs(command.total, of_years))
    if of_years:
        turn.focus, turn.open_question = Step.YEARS, True


def resolved_option(turn: Work, option: Option) -> Optional[Option]:
    """An alternative's changes as values in the cart as it is ("il doppio" is 6 GB, "l'altro" the API); None,
    said, if one leads nowhere."""
    resolved: list[Command] = []
    for change in option:
        if isinstance(change, SetQuantity):
            target = target_of(turn, change)
            if target is None:
                return None
            resolved.append(SetQuantity(change.step, value=target))
        elif isinstance(change, (AddModule, PickModule, SuggestedModule)):
            code = referred_module(turn, change)
            if code is None:
                return None
            resolved.append(AddModule(code))
        elif isinstance(change, (DropModule, GiveCode)):
            resolved.append(change)
    return tuple(resolved)


def quote_option(conv: Conversation, turn: Work, option: Option) -> Decision[CartView]:
    """The cart as a resolved alternative would make it, nothing changed."""
    quantities = {c.step: c.value for c in option if isinstance(c, SetQuantity)}
    modules = (turn.cart.cart.modules | {c.module for c in option if isinstance(c, AddModule)}) \
        - {c.module for c in option if isinstance(c, DropModule)}
    code = next((c.code for c in option if isinstance(c, GiveCode) and c.code), None)
    return conv.renewals.quote_changes(turn.cart.cart_id, years=quantities.get(Step.YEARS),
                                       storage_gb=quantities.get(Step.STORAGE), users=quantities.get(Step.USERS),
                                       modules=modules, agreement_code=code)


def only_modules(conv: Conversation, turn: Work, command: OnlyModules) -> None:
    """"solo la conservazione": those modules and no other; but when those named were added in this renewal
    before the message ("aggiungi solleciti e api" ... "l'api toglila, solo solleciti"), «solo» is among the
    modules added: the ones bought stay."""
    wanted = frozenset(command.modules)
    if turn.at_start is not None:
        added = turn.at_start.cart.modules - turn.at_start.subscription.modules_bought
        if wanted <= added:
            wanted |= turn.cart.cart.modules & turn.cart.subscription.modules_bought
    modules_to(conv, turn, wanted)


def modules_to(conv: Conversation, turn: Work, wanted: frozenset[str]) -> None:
    """Drops and adds modules, one core operation each, until the cart holds ``wanted``."""
    cart = turn.cart.cart
    for code in sorted(cart.modules - wanted):
        drop_module(conv, turn, DropModule(code))
    for code in sorted(wanted - cart.modules):
        add_module(conv, turn, AddModule(code))
    if cart.modules == wanted:
        turn.say(summaries_text.kept(turn.cart, Step.MODULES))
    turn.answered(Step.MODULES)


def unknown_module(conv: Conversation, turn: Work, command: UnknownModule) -> None:
    turn.say(talk.module_unknown(command.name))
    turn.focus, turn.open_question = Step.MODULES, True


def module_changed(conv: Conversation, turn: Work, decision: Decision[CartView], code: str, added: bool) -> None:
    if decision.reason in (Reason.MODULE_ALREADY_IN_CART, Reason.MODULE_NOT_IN_CART):
        turn.say(messages.explain(decision))  # the cart already is as asked, not as the customer thought:
        turn.answered(Step.MODULES)
        turn.refused = True  # no order in this message
    elif conv.changed(turn, decision, Step.MODULES):
        turn.say(summaries_text.module_changed(decision.figures["module"], added))
        turn.state = replace(turn.state, last_module=code, last_quantity=None)  # the thing changed last


def give_code(conv: Conversation, turn: Work, command: GiveCode) -> None:
    if command.code is None:  # "ho la convenzione", without the code
        if turn.cart.cart.agreement_code is not None:
            return
        if turn.state.asked_step is Step.CODE:
            ask_value(conv, turn, AskValue(Step.CODE))
        else:
            turn.say(talk.CODE_LATER)
        return
    in_cart = turn.cart.cart.agreement_code
    if in_cart and command.code.upper() == in_cart.upper():
        turn.say(summaries_text.code_kept(turn.cart))  # given again: said with its discount and total
        turn.answered(Step.CODE)
        return
    if not conv.changed(turn, conv.renewals.apply_agreement_code(turn.cart.cart_id, command.code), Step.CODE):
        turn.refused_code = command.code  # what an objection next is about


def no_code(conv: Conversation, turn: Work, command: NoCode) -> None:
    if turn.cart.cart.agreement_code is not None:
        conv.changed(turn, conv.renewals.remove_agreement_code(turn.cart.cart_id), Step.CODE)
    else:
        turn.say(talk.NO_CODE)
        turn.answered(Step.CODE)


def choose_payment(conv: Conversation, turn: Work, command: ChoosePayment) -> None:
    held = turn.cart.cart.payment_method
    if held is not None and held.value == command.method and not turn.changed:  # "sì col bonifico come dicevo"
        turn.say(summaries_text.payment_kept(turn.cart))
        turn.answered(Step.PAYMENT)
        return
    conv.changed(turn, conv.renewals.set_payment_method(turn.cart.cart_id, command.method), Step.PAYMENT)


def accept_terms(conv: Conversation, turn: Work, command: AcceptTerms) -> None:
    if turn.cart.cart.terms_accepted and turn.state.asked_step is Step.CONFIRM and not turn.hold_order \
            and Confirm() not in turn.said:  # "accetto" to "Confermi e completi l'ordine?" (the message's own
        order.confirm(conv, turn, Confirm())  # «confermo» places it: "sì confermo e accetto")
        return
    if conv.changed(turn, conv.renewals.accept_terms(turn.cart.cart_id), Step.TERMS):
        turn.say(talk.TERMS_ACCEPTED)


def refuse_terms(conv: Conversation, turn: Work, command: RefuseTerms) -> None:
    conv.changed(turn, conv.renewals.withdraw_terms(turn.cart.cart_id))
    turn.say(talk.TERMS_REFUSED)


OPENING: dict[type[Command], Callable[[Conversation, Work, Any], None]] = {StartRenewal: start_renewal}
HANDLERS: dict[type[Command], Callable[[Conversation, Work, Any], None]] = {
    SetQuantity: set_quantity, Restore: restore, Keep: keep, AskValue: ask_value, AddModule: add_module,
    DropModule: drop_module, PickModule: pick_module, SuggestedModule: suggested_module, AllModules: all_modules,
    OnlyModules: only_modules, PricedOption: priced_option,
    UnknownModule: unknown_module, GiveCode: give_code, NoCode: no_code, ChoosePayment: choose_payment,
    AcceptTerms: accept_terms, RefuseTerms: refuse_terms,
}
"""The commands that change the cart: with no renewal open, one is started first."""
