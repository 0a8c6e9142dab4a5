"""The talk around the cart: questions answered from the customer's own data, a person asked for, the
conversation given back by the agent, small talk, and what the bot did not understand."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Optional

from renewal.dialogue import cart
from renewal.dialogue.commands import (
    AddModule,
    Ask,
    Clarify,
    Command,
    DropModule,
    GiveCode,
    HandOff,
    NotUnderstood,
    Option,
    Resume,
    SetQuantity,
    SmallTalk,
    Step,
    SuggestedModule,
    Topic,
    WithdrawHandOff,
    duration_options,
)
from renewal.dialogue.order import pay_link
from renewal.dialogue.state import Asked, Work, next_step
from renewal.dialogue.steps import declared
from renewal.domain.decision import Reason
from renewal.domain.model import LifecycleState
from renewal.domain.views import OrderView
from renewal.text import answers as answers_text
from renewal.text import handoffs as handoffs_text
from renewal.text import messages, questions, talk
from renewal.text.questions import Reply

if TYPE_CHECKING:
    from renewal.dialogue.processor import Conversation

ASKED_STEP = {Topic.YEARS: Step.YEARS, Topic.MODULES: Step.MODULES, Topic.PAYMENT: Step.PAYMENT}
"""A question about a step's choices, with a cart: that step's question answers it, and a bare answer
("quanti anni posso fare?" "4") goes to it."""
WHY_OF = {Topic.WHY_STORAGE: Step.STORAGE, Topic.WHY_USERS: Step.USERS, Topic.FREE_SPACE: Step.STORAGE}
"""A question about a quantity's limit: that quantity is the one spoken of last ("e lo spazio a 2?" "lascia com'era")."""


def price_with_code_as_bought(conv: Conversation, turn: Work, options: tuple[Option, ...], code: str) -> None:
    """Everything as bought with the agreement code asked about, for the durations asked (or one year), nothing
    opened; a code the rules refuse is said with its reason."""
    account = conv.renewals.account(conv.username)
    if account.ok and not account.value.status.renewable:  # deleted: why, no price
        turn.say(answers_text.answer(Topic.PRICE, account.value))
        return
    checked = conv.renewals.code_status(conv.username, code)
    if not checked.ok or not account.ok:
        turn.say(messages.explain(checked if not checked.ok else account))
        return
    years = tuple(int(c.value) for option in options for c in option
                  if isinstance(c, SetQuantity) and c.step is Step.YEARS and c.value is not None) or (1,)
    quotes = [conv.renewals.renewal_quote(conv.username, y, account.value.subscription.modules_bought,
                                          agreement_code=code) for y in years]
    turn.say(messages.renewal_as_asked([q.value for q in quotes if q.ok and q.value is not None], [], [],
                                       automatic=account.value.status.automatic_renewal_date is not None,
                                       code=code).strip())


def _one_offered(turn: Work, offered: frozenset[str]) -> None:
    """One add-on recommended is the one spoken of: "cosa mi consigliate?" ... "ok mettilo", "aggiungi quello"."""
    if len(offered) == 1:
        turn.state = replace(turn.state, last_module=next(iter(offered)), last_quantity=None)


def ask(conv: Conversation, turn: Work, command: Ask) -> None:
    if command.about is not None and command.topic is not Topic.CODE_INFO:  # "la conservazione a norma cos'è?"
        # then "mettila"
        turn.state = replace(turn.state, last_module=command.about, last_quantity=None)
        described = conv.renewals.module(command.about) if command.topic is Topic.MODULES else None
        if described is not None and described.description:  # "boh... ma a che serve esattamente?"
            turn.say(answers_text.module_described(described))
    if command.topic in WHY_OF:
        turn.state = replace(turn.state, last_quantity=WHY_OF[command.topic])
    if command.topic in ASKED_STEP and turn.view is not None and turn.focus is None:
        turn.focus = ASKED_STEP[command.topic]  # "quanti anni posso fare?" then "4": the years
        if command.topic is Topic.MODULES and command.about is None:  # "cosa mi consigliate?"; but "la
            # conservazione cosa fa?" keeps the conservazione spoken of ("allora la tolga")
            _one_offered(turn, turn.view.subscription.modules_suggested - turn.view.cart.modules)
        if not (command.topic is Topic.YEARS and turn.view.status.state is LifecycleState.GRACE):
            return  # the step's question says the choices (in the grace period, the answer adds the last day)
    asked_before = WHY_OF.get(command.topic) or turn.state.asked_step
    if turn.view is not None and turn.focus is None and not turn.changed and asked_before is not None \
            and asked_before not in turn.state.answered and next_step(turn.view, turn.state.answered) is not Step.CONFIRM:
        turn.focus = asked_before  # "e come li cancello dal pannello?" to the users question: answered, then the
        # users asked again (not the first step still open)
    if command.without is not None and turn.view is not None:  # "e quanto avrei pagato senza?": both totals
        held = turn.view.cart
        other = conv.renewals.renewal_quote(conv.username, held.years, turn.view.subscription.modules_bought) \
            if command.without == "changes" else conv.renewals.renewal_quote(
                conv.username, held.years, held.modules, storage_gb=held.storage_gb, users=held.users)
        if other.ok and other.value is not None:
            turn.say(answers_text.price_without(turn.view, other.value, command.without))
            return
    if command.years and turn.view is not None:  # "quanto per 2 anni e quanto per 5?": each, nothing changed
        options = [conv.renewals.quote_years(turn.view.cart_id, years) for years in command.years]
        turn.say(answers_text.price_options(turn.view, [o.value for o in options if o.ok])
                 or " ".join(messages.explain(o) for o in options if not o.ok))
        turn.state = replace(turn.state, price_options=duration_options(o.value.cart.years for o in options
                                                                        if o.ok and o.value is not None),
                             last_quantity=Step.YEARS)  # "lascia come prima" keeps the cart's
        return
    years = command.years
    supposed = command.what_if
    if turn.view is None and isinstance(supposed, SetQuantity) and supposed.step is Step.YEARS and supposed.extreme:
        account = conv.renewals.account(conv.username)  # "quanto pagherei per il massimo degli anni?" before renewing
        bound = declared(Step.YEARS).lowest if supposed.extreme == "min" else declared(Step.YEARS).highest
        years = (Decimal(bound(account.value.subscription)),) if account.ok and bound is not None else years
    if years and turn.view is None:  # no renewal open ("e quanto viene per tre anni?"): as bought, priced
        account = conv.renewals.account(conv.username)
        quotes = [q for q in map(account.value.as_is_for, map(int, years)) if q] if account.ok else []
        if quotes:
            turn.say(messages.renewal_as_is(*quotes).strip())
            turn.state = replace(turn.state, price_options=duration_options(q.years for q in quotes))
            return
    code = next((c.code for option in command.options for c in option if isinstance(c, GiveCode) and c.code), None)
    if code is not None and turn.view is None:  # "e per 2 anni col codice ING2026 quanto verrebbe?" before renewing
        price_with_code_as_bought(conv, turn, command.options, code)
        return
    if command.options and turn.view is not None:  # "il totale aggiungendo api? e con archivio?": each, nothing
        priced_alternatives(conv, turn, command.options)  # changed
        return
    if command.what_if is not None and turn.view is not None:  # "e se raddoppio gli utenti?": priced, proposed
        propose(conv, turn, command.what_if)
        return
    if command.module is not None and turn.view is not None:  # "e l'altro quanto costa?": that module's price
        code = cart.referred_module(turn, command.module)
        with_it = conv.renewals.quote_module(turn.view.cart_id, code) if code is not None else None
        if code is not None and with_it is not None and with_it.ok:  # no such suggestion: already said
            turn.say(answers_text.module_price(turn.view, with_it.value, code))
            turn.state = replace(turn.state, last_module=code, last_quantity=None)  # "ok mettilo"
        return
    if command.module is not None and turn.view is None and not isinstance(command.module, SuggestedModule):
        module_price_as_bought(conv, turn, command.module.module)  # "quello per il gestionale quanto costa?"
        return
    if isinstance(command.module, SuggestedModule) and turn.view is None:  # "e se rinnovassi aggiungendo quello che
        account = conv.renewals.account(conv.username)  # mi consigliate, quanto pagherei?": the one suggested
        sub = account.value.subscription if account.ok else None
        suggested = sorted(sub.suggestions) if sub is not None else []
        if len(suggested) == 1:
            module_price_as_bought(conv, turn, suggested[0])
            return
    if command.topic is Topic.MODULES and turn.view is None:  # no renewal open: the modules priced all the same
        account = conv.renewals.account(conv.username)
        if account.ok:
            sub = account.value.subscription
            priced = conv.renewals.renewal_quote(conv.username, 1, sub.modules_bought | sub.modules_suggested)
            if priced.ok and priced.value is not None:
                turn.say(questions.modules_offer(sub, priced.value))
                turn.state = replace(turn.state, listed_modules=questions.modules_in_order(sub))  # "il meno caro"
                _one_offered(turn, sub.suggestions)
                return
    if command.topic is Topic.CODE_INFO:  # the code named, or the one in the cart: what it is and until when
        named = command.about or (turn.view.cart.agreement_code if turn.view is not None else None) or next(
            (c.code for c in turn.state.pending if isinstance(c, GiveCode) and c.code), None)  # "il codice vale
        # anche se rinnovo per 2 anni?" asked whether to renew now with it
        turn.say(answers_text.code_status(conv.renewals.code_status(conv.username, named)) if named
                 else answers_text.code_info(conv.renewals.agreement_discounts()))
        return
    if command.topic in (Topic.PRICE, Topic.STATUS) and turn.view is None and turn.state.asked is Asked.RENEW_ANYWAY \
            and turn.state.pending:  # "quanto siamo complessivamente?", "ma poi scade quando?" asked whether to renew
        # now with changes: their total and new expiry, asked again
        cart.ask_to_renew_now(conv, turn, conv.renewals.renewal_check(conv.username), [], ())
        return
    account = conv.renewals.account(conv.username)
    asked_years = [c.value for c in turn.state.pending if isinstance(c, SetQuantity) and c.step is Step.YEARS
                   and c.value is not None] if command.topic is Topic.AFTER_PAYMENT and turn.view is None \
        and turn.state.asked is Asked.RENEW_ANYWAY else []
    if asked_years:  # "what happens dopo che pago?"
        turn.say(answers_text.after_payment(account.value if account.ok else None, None, int(asked_years[-1])))
        return  # after «fammelo per 2 anni» while asked whether to renew now: with those years
    turn.say(answers_text.answer(command.topic, account.value if account.ok else None, turn.view,
                             order_of(conv, turn)))
    if command.topic in (Topic.PAYMENT, Topic.PAY_LINK) and account.ok and account.value.unpaid_order is not None:
        pay_link(conv, turn, account.value.unpaid_order)  # "come pago?" with a card or PayPal order waiting
    if command.topic in (Topic.AUTOMATIC_RENEWAL, Topic.AUTOMATIC_FAILED) and turn.view is None \
            and turn.state.cart_id is None:
        check = conv.renewals.renewal_check(conv.username)  # the answer ends "puoi comunque rinnovare adesso"
        if check.ok and check.reason is Reason.AUTOMATIC_RENEWAL_ON:
            turn.state = replace(turn.state, asked=Asked.RENEW_ANYWAY)


def module_price_as_bought(conv: Conversation, turn: Work, code: str) -> None:
    """A module's price asked with no renewal open: its yearly price and the renewal as bought with it; "ok,
    aggiungilo" then opens the renewal with it."""
    account = conv.renewals.account(conv.username)
    if not account.ok:
        return
    bought = account.value.subscription.modules_bought
    as_is = account.value.as_is_for(1)  # the account already holds the renewal as bought, priced
    with_it = conv.renewals.renewal_quote(conv.username, 1, bought | {code})
    if as_is is not None and with_it.ok and with_it.value is not None:
        turn.say(answers_text.module_price_as_bought(as_is, with_it.value, code, code in bought))
        turn.state = replace(turn.state, last_module=code, last_quantity=None)
        return
    check = conv.renewals.renewal_check(conv.username)  # "e se lo rinnovo aggiungendo la conservazione?" of a
    turn.say(messages.explain(check if not check.ok else with_it))  # deleted service: why not, with its dates


def priced_alternatives(conv: Conversation, turn: Work, options: tuple[Option, ...]) -> None:
    """Each alternative's total side by side, nothing changed; kept for «la seconda», «quella da 92,72»."""
    assert turn.view is not None
    resolved = [r for r in (cart.resolved_option(turn, option) for option in options) if r is not None]
    quoted = [(r, cart.quote_option(conv, turn, r)) for r in resolved]
    priced = [(r, q.value) for r, q in quoted if q.ok and q.value is not None]
    turn.say(" ".join([answers_text.priced_alternatives(turn.view, [v for _, v in priced]),
                       *(messages.explain(q) for _, q in quoted if not q.ok)]).strip())
    added = {c.module for r, _ in priced for c in r if isinstance(c, AddModule)}
    turn.state = replace(turn.state, price_options=tuple(r for r, _ in priced), last_quantity=None,
                         last_module=next(iter(added)) if len(added) == 1 else turn.state.last_module)  # "e con
    # l'archivio quanto verrebbe per un anno?" then "lo aggiunga pure"


def propose(conv: Conversation, turn: Work, change: SetQuantity | DropModule) -> None:
    """The total with the quantity asked about, or without the module, nothing changed; "sì" makes the change
    (kept in ``pending``)."""
    made: SetQuantity | DropModule = change
    if isinstance(change, DropModule):
        step = Step.MODULES
        quoted = conv.renewals.quote_without_module(turn.cart.cart_id, change.module)
    else:
        target = cart.target_of(turn, change)
        if target is None:
            return
        step, made = change.step, SetQuantity(change.step, value=target)
        quoted = declared(change.step).operation(conv.renewals, quote=True)(turn.cart.cart_id, target)
    if not quoted.ok:  # "e se tolgo tutti gli utenti?": the rule's reason, with the figures
        turn.say(messages.explain(quoted))
        turn.focus = step
        return
    turn.first.append(Reply(" ".join([*turn.notes, answers_text.what_if(turn.cart, quoted.value, step.value)]),
                            questions.PROPOSAL_BUTTONS))
    turn.notes, turn.stop = [], True
    turn.state = replace(turn.state, asked=Asked.PROPOSAL, last_quantity=None if step is Step.MODULES else step,
                         last_module=change.module if isinstance(change, DropModule) else turn.state.last_module,
                         pending=(made,))


def order_of(conv: Conversation, turn: Work) -> Optional[OrderView]:
    if turn.state.order_number:
        found = conv.unpaid.find(turn.state.order_number, conv.username)
        if found.ok:
            return found.value
    return None


def hand_off(conv: Conversation, turn: Work, command: HandOff) -> None:
    if conv.agent is not None:
        turn.say(talk.AGENT_ASKS_FOR_A_PERSON)
        return
    if turn.state.queue is not None:  # asked again while waiting: the place in the queue
        turn.say(handoffs_text.handoff_waiting(turn.state.queue))
        turn.stop = True
        return
    available = conv.handoffs.availability()
    if not available.ok and not command.queue_anyway:
        turn.say(handoffs_text.handoff_unavailable(available))
        ask_person(turn, Asked.HANDOFF_QUEUE)
        return
    request = conv.handoffs.request(conv.conversation_id, conv.username, conv.channel, conv.transcript())
    turn.say(handoffs_text.handoff_queued(request.id, request.position or 1, conv.handoffs.expected_wait()))
    turn.state, turn.stop = replace(turn.state, asked=None, queue=request.position or 1), True


def withdraw(conv: Conversation, turn: Work, command: WithdrawHandOff) -> None:
    """The request leaves the queue, with the customer's words for the agents; the renewal goes on."""
    withdrawn = conv.handoffs.withdraw(conv.conversation_id, command.said)
    turn.say(handoffs_text.handoff_withdrawn(withdrawn.value.id) if withdrawn.ok
             else handoffs_text.handoff_taken(None) if withdrawn.reason is Reason.HANDOFF_TAKEN  # meanwhile
             else messages.explain(withdrawn))
    turn.state = replace(turn.state, queue=None, asked=None)
    if turn.view is None:
        turn.say(talk.ANYTHING_ELSE)


def ask_person(turn: Work, asked: Asked) -> None:
    """What was said this turn ends in a yes/no about a person; no step is asked after it."""
    turn.first, turn.notes = turn.first + [Reply(" ".join(turn.notes), questions.HANDOFF_BUTTONS)], []
    turn.state, turn.stop = replace(turn.state, asked=asked), True


def resume(conv: Conversation, turn: Work, command: Resume) -> None:
    """The agent's notice said the chat is back with the bot: the cart as it is now and the step, nothing twice."""
    turn.changed = True  # the cart as it is now, then the step where the renewal stopped
    if turn.view is None:
        turn.say(talk.ANYTHING_ELSE)


def small_talk(conv: Conversation, turn: Work, command: SmallTalk) -> None:
    if command.kind == "greet":
        check = conv.renewals.renewal_check(conv.username) if turn.view is None else None
        if check is not None and check.reason is Reason.SERVICE_DELETED:  # no "Rinnova il servizio" for it
            turn.first.append(questions.deleted_way_out(messages.explain(check)))
            turn.state = replace(turn.state, asked=Asked.HANDOFF_OFFER)
        elif turn.view is None:
            turn.first.append(questions.GREETING)
            turn.state = replace(turn.state, asked=Asked.RENEW)
        else:
            turn.say(talk.HELLO)
    elif command.kind == "thank":
        turn.say(talk.THANKS)
    elif command.kind == "goodbye":
        turn.say(talk.GOODBYE if turn.view is None else talk.GOODBYE_WITH_CART)
        turn.stop = True
    elif command.kind == "ok":
        turn.say(talk.OK if turn.view is not None else f"{talk.OK} {talk.ANYTHING_ELSE}")
    elif command.kind == "waiting":  # "allora?": the step's question again, or what can be asked
        turn.say(talk.HERE if turn.view is not None else f"{talk.HERE} {talk.GO_ON}")
    elif command.kind == "go_on":
        turn.say(talk.GO_ON)
        turn.state = replace(turn.state, asked=None)


def not_understood(conv: Conversation, turn: Work, command: NotUnderstood) -> None:
    if command.too_long:
        turn.say(talk.TOO_LONG)
    elif turn.state.queue is not None:  # while a person is awaited, words the bot cannot read are for them
        turn.say(handoffs_text.FORWARDED)
        turn.stop = True
    elif command.out_of_scope:
        turn.say(talk.OUT_OF_SCOPE)
    elif turn.state.misunderstood >= 1 and conv.agent is None:  # twice in a row: a person may do better
        turn.say(talk.NOT_UNDERSTOOD_AGAIN)
        ask_person(turn, Asked.HANDOFF_OFFER)
    else:
        step = turn.state.asked_step
        turn.say(talk.not_understood_at(step.value if step else None) if turn.view else talk.NOT_UNDERSTOOD_WITHOUT_CART)


def clarify(conv: Conversation, turn: Work, command: Clarify) -> None:
    step = turn.state.asked_step
    turn.say(talk.not_sure_at(step.value if step else None))
    if step is not None and turn.view is not None:
        turn.focus = step


HANDLERS: dict[type[Command], Callable[[Conversation, Work, Any], None]] = {
    Clarify: clarify, Ask: ask, HandOff: hand_off, WithdrawHandOff: withdraw, Resume: resume, SmallTalk: small_talk,
    NotUnderstood: not_understood,
}
