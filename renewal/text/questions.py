"""The renewal's questions in Italian, each with its buttons, from the customer's figures.

Button payloads are Rasa intents with entities ("/inform{...}"): a pressed button
is understood exactly, whatever the channel shows.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Optional

from renewal.dialogue.commands import Step
from renewal.domain import rules
from renewal.domain.pricing import MODULE_LINE
from renewal.text.formats import format_date as d
from renewal.text.formats import format_euro as eur
from renewal.text.formats import format_gb as gb
from renewal.text.messages import (
    HOW_EACH_METHOD_PAYS,
    PAYMENT_METHOD_NAMES,
    plural,
    storage_floor_text,
    years_allowed_text,
    years_text,
)
from renewal.text.summaries import order_review

if TYPE_CHECKING:
    from renewal.domain.model import Quote, Subscription
    from renewal.domain.views import CartView


@dataclass(frozen=True)
class Button:
    title: str
    payload: str = ""
    url: str = ""  # a link (the pay page) rather than something to say


@dataclass(frozen=True)
class Reply:
    """One message of the bot: its text and the buttons under it."""

    text: str
    buttons: tuple[Button, ...] = ()


def _intent(name: str, **entities: str) -> str:
    return f"/{name}{json.dumps(entities, ensure_ascii=False)}" if entities else f"/{name}"


YES = Button("Sì", "/affirm")
KEEP_OR_CHANGE = (Button("Lascia com'è", "/keep_as_is"), Button("Cambia", "/deny"))
NO = Button("No", "/deny")


def module_list(view: CartView) -> tuple[str, ...]:
    """The modules in the order the list shows them, the same all through the conversation: the
    ones bought, then the suggested ones (so "il secondo" keeps its meaning after a change)."""
    return modules_in_order(view.subscription)


def modules_in_order(sub: Subscription) -> tuple[str, ...]:
    return tuple(sorted(sub.modules_bought)) + tuple(sorted(sub.suggestions))


def modules_offer(sub: Subscription, priced: Quote) -> str:
    """The same numbered list before any renewal is open ("che moduli posso aggiungere e quanto costano?"),
    priced from a quote holding every module."""
    lines = {line.code.removeprefix(MODULE_LINE): line for line in priced.lines if line.code.startswith(MODULE_LINE)}
    return _numbered([(lines[code].description, lines[code].unit_yearly_price,
                       "ce l'hai" if code in sub.modules_bought else "puoi aggiungerlo")
                      for code in modules_in_order(sub) if code in lines])


def modules_text(view: CartView) -> str:
    """The numbered list of modules: what "il secondo" or "l'ultimo" refers to."""
    return _numbered([(view.module_names[code], _module_price(view, code),
                       "nel carrello" if code in view.cart.modules else "puoi aggiungerlo") for code in module_list(view)])


def _numbered(modules: list[tuple[str, Decimal, str]]) -> str:
    """Name, yearly price and state of each module, numbered in the list's order."""
    if not modules:
        return "Per il tuo servizio non ci sono moduli aggiuntivi."
    lines = [f"{n}. {name} ({eur(price)} l'anno) - {state}" for n, (name, price, state) in enumerate(modules, 1)]
    return "Moduli:\n\n" + "\n".join(lines)  # a blank line: the web chat's markdown then draws a list, a line each


def _module_price(view: CartView, code: str) -> Decimal:
    return view.module_prices[code]


def _storage(view: CartView, open_question: bool) -> Reply:
    sub, cart = view.subscription, view.cart
    if sub.storage_gb_bought == 0:
        head = "Spazio aggiuntivo: non ne hai acquistato."
    else:
        head = f"Spazio aggiuntivo: hai {sub.storage_gb_bought} GB e ne usi {gb(sub.storage_gb_used)} GB."
        if not open_question:  # asked again after a refusal: the refusal said why
            head += " " + storage_floor_text(sub)
    if open_question:
        return Reply(f"{head} Quanti GB vuoi rinnovare?")
    keep = ("Va bene così, senza spazio aggiuntivo?" if cart.storage_gb == 0
            else f"Rinnovi {cart.storage_gb} GB?")
    return Reply(f"{head} {keep}", KEEP_OR_CHANGE)


def _users(view: CartView, open_question: bool) -> Reply:
    sub, cart = view.subscription, view.cart
    if sub.users_bought == 0:
        head = "Utenti aggiuntivi: non ne hai acquistati."
    else:
        head = (f"Utenti aggiuntivi: hai {plural(sub.users_bought, 'utente', 'utenti')}, di cui "
                f"{plural(sub.users_configured, 'configurato', 'configurati')}; il minimo è "
                f"{rules.lowest_users(sub)}.")
    if open_question:
        return Reply(f"{head} Quanti utenti aggiuntivi vuoi rinnovare?")
    keep = ("Va bene così, senza utenti aggiuntivi?" if cart.users == 0
            else f"Rinnovi {plural(cart.users, 'utente', 'utenti')}?")
    return Reply(f"{head} {keep}", KEEP_OR_CHANGE)


def _modules(view: CartView, open_question: bool) -> Reply:
    names = view.module_names
    buttons = [Button(f"Non rinnovare {names[c]}", _intent("remove_module", module=c)) for c in sorted(view.cart.modules)]
    buttons += [Button(f"Aggiungi {names[c]}", _intent("add_module", module=c))
                for c in sorted(view.subscription.renewable_modules - view.cart.modules)]
    ask = ("Quale vuoi togliere o aggiungere? Puoi scrivere il nome o il numero." if open_question
           else "Va bene così, o vuoi togliere o aggiungere qualcosa?")
    return Reply(f"{modules_text(view)}\n{ask}", (*buttons, Button("Va bene così", "/keep_as_is")))


def _code(view: CartView, open_question: bool) -> Reply:
    if open_question:
        return Reply("Scrivimi il codice convenzione (ad esempio ING2026), oppure rispondi no.",
                     (Button("Non ho un codice", "/remove_code"),))
    return Reply("Hai un codice convenzione fornito dal tuo ordine professionale (ingegneri, architetti...)? "
                 "Scrivilo, oppure rispondi no.", (Button("Non ho un codice", "/remove_code"),))


def _years(view: CartView, open_question: bool) -> Reply:
    allowed = rules.years_allowed(view.subscription)
    q = view.quote
    head = years_allowed_text(view.subscription)
    now = (f"Ora è {years_text(q.years)}: nuova scadenza {d(q.new_expiry)}, totale {eur(q.total)}.")
    ask = "Per quanti anni vuoi rinnovare?"
    choices = [n for n in (1, 2, 3, 5) if n in allowed]
    return Reply(f"{head} {now} {ask}",
                 tuple(Button(years_text(n), _intent("inform", years=str(n))) for n in choices))


def _payment(view: CartView, open_question: bool) -> Reply:
    next_charge = d(rules.automatic_renewal_date(view.quote.new_expiry))  # "che differenza c'è tra carta e bonifico?"
    return Reply(f"Come vuoi pagare? {HOW_EACH_METHOD_PAYS} Con questo carrello, il prossimo rinnovo automatico "
                 f"sarebbe il {next_charge}.",
                 tuple(Button(title[0].upper() + title[1:], _intent("inform", payment_method=method.value))
                       for method, title in PAYMENT_METHOD_NAMES.items()))


def _terms(view: CartView, open_question: bool) -> Reply:
    return Reply("Per completare l'ordine devi accettare le condizioni generali di contratto. Le accetti?",
                 (Button("Accetto", "/accept_terms"), Button("Non accetto", "/deny")))


def _confirm(view: CartView, open_question: bool) -> Reply:
    return Reply("Confermi e completi l'ordine?",
                 (Button("Conferma e completa l'ordine", "/confirm_order"), Button("Annulla il rinnovo", "/cancel")))


def cancel_question(view: CartView) -> Reply:
    """"Annulla" with the whole order prepared: what would be lost, before it is."""
    return Reply(f"Vuoi annullare il rinnovo? Perderai il carrello che hai preparato ({years_text(view.quote.years)}, "
                 f"totale {eur(view.quote.total)}) e nessun ordine verrà fatto.",
                 (Button("Sì, annulla", "/cancel"), Button("No, torna al riepilogo", "/deny")))


_QUESTIONS = {
    Step.STORAGE: _storage, Step.USERS: _users, Step.MODULES: _modules, Step.CODE: _code,
    Step.YEARS: _years, Step.PAYMENT: _payment, Step.TERMS: _terms, Step.CONFIRM: _confirm,
}


def question(step: Step, view: CartView, open_question: bool = False) -> list[Reply]:
    """What the bot asks for ``step``; ``open_question`` when the customer wants another value
    but has not said which. The confirmation comes after the whole order, in a message of its own."""
    asked = _QUESTIONS[step](view, open_question)
    if step is Step.CONFIRM:
        return [Reply(order_review(view)), asked]
    return [asked]


GREETING = Reply("Ciao! Sono l'assistente virtuale per il rinnovo di Fatturazione Elettronica. Vuoi rinnovare il "
                 "servizio?", (Button("Rinnova il servizio", "/renew"),
                               Button("Cosa succede se non rinnovo?", "/ask_expiry_consequences")))
ANYTHING_ELSE = Reply("Posso aiutarti in altro?", (YES, NO))
RENEW_ANYWAY_BUTTONS = (Button("Sì, rinnova", "/affirm"), Button("No", "/deny"))
HANDOFF_BUTTONS = (Button("Sì, un operatore", "/affirm"), Button("No, continuiamo", "/deny"))
DELETED_BUTTONS = (Button("Sì, un operatore", "/affirm"), Button("No, grazie", "/deny"))


def deleted_way_out(deleted: str) -> Reply:
    """A deleted service: why it cannot be renewed, and what the customer can do instead (a person may help)."""
    return Reply(f"{deleted} Se ti serve ancora Fatturazione Elettronica, puoi attivare un nuovo servizio dall'Area "
                 f"Clienti. Vuoi parlarne con un operatore?", DELETED_BUTTONS)
PROPOSAL_BUTTONS = (Button("Sì, cambialo", "/affirm"), Button("No, lascia così", "/deny"))


def plain(text: Optional[str]) -> list[Reply]:
    return [Reply(text)] if text else []
