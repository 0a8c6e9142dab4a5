"""The cart as the customer reads it: the summary after a change, the order line by line before the
confirmation, a value kept with its figures, the price.
"""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from renewal.domain.model import PaymentMethod, Quote, QuoteLine
from renewal.domain.pricing import STORAGE_LINE
from renewal.domain.rules import AUTOMATIC_RENEWAL_LEAD_DAYS
from renewal.text.formats import format_date as d
from renewal.text.formats import format_euro as eur
from renewal.text.formats import format_gb as gb

if TYPE_CHECKING:
    from renewal.dialogue.commands import Step
    from renewal.domain.views import CartView
from renewal.text.messages import PAYMENT_METHOD_NAMES, _years, plural


def price_text(q: Quote) -> str:
    if q.discount:
        return (f"{eur(q.net)} - sconto {gb(q.discount_percent)}% {eur(q.discount)} + IVA {gb(q.vat_percent)}% "
                f"{eur(q.vat)} = {eur(q.total)}")
    return f"{eur(q.net)} + IVA {gb(q.vat_percent)}% {eur(q.vat)} = {eur(q.total)}"


def _discount(q: Quote) -> str:
    """"Ordine degli Ingegneri, sconto 15%": whose agreement code, and what it takes off."""
    return f"{q.association}, sconto {gb(q.discount_percent)}%"


def _cart_lines(view: CartView) -> dict[str, str]:
    sub, cart, q = view.subscription, view.cart, view.quote
    modules = ", ".join(view.module_names[c] for c in sorted(cart.modules)) or "nessuno"
    if q.agreement_code:
        code = f"{q.agreement_code} ({_discount(q)})"
    elif cart.agreement_code:
        code = f"{cart.agreement_code} (non più valido: nessuno sconto)"
    else:
        code = "nessuno"
    return {
        "storage": f"- Spazio aggiuntivo: {cart.storage_gb} GB (ne usi {gb(sub.storage_gb_used)} GB)",
        "users": f"- Utenti aggiuntivi: {plural(cart.users, 'utente', 'utenti')} (di cui "
                 f"{plural(sub.users_configured, 'configurato', 'configurati')})",
        "modules": f"- Moduli: {modules}",
        "code": f"- Codice convenzione: {code}",
        "years": f"- Durata: {_years(q.years)}, nuova scadenza {d(q.new_expiry)} "
                 + (f"(scadenza attuale {d(q.current_expiry)})" if q.current_expiry >= view.status.on
                    else f"(è scaduto il {d(q.current_expiry)})"),
        "price": f"- Prezzo: {price_text(q)}",
        "payment": "- Pagamento: " + _payment_line(cart.payment_method, q, view.reference_email),
    }


def _payment_line(method: PaymentMethod | None, q: Quote, email: str) -> str:
    if method is None:
        return "da scegliere"
    if q.automatic_renewal_date is not None:
        return (f"{PAYMENT_METHOD_NAMES[method]}, con rinnovo automatico (il prossimo il "
                f"{d(q.automatic_renewal_date)})")
    return f"{PAYMENT_METHOD_NAMES[method]} (ricevi gli estremi per pagare all'indirizzo {email})"


def cart_summary(view: CartView) -> str:
    """The cart as the customer sees it after every change."""
    return "\n".join(["Il tuo carrello di rinnovo:", *_cart_lines(view).values()])


CHANGEABLE = ("storage", "users", "modules", "code", "years", "payment")


def cart_change(before: CartView, after: CartView) -> str | None:
    """One thing changed: its line, the new expiry and the new total (and, with an automatic renewal, when it
    comes next), not the whole cart again; None if several things changed (or none): then the whole cart."""
    was, now = _cart_lines(before), _cart_lines(after)
    changed = [key for key in CHANGEABLE if was[key] != now[key]]
    if len(changed) != 1:
        return None
    keys = dict.fromkeys([*changed, "years", "price"])
    if changed[0] == "years" and after.quote.automatic_renewal_date is not None:
        keys["payment"] = None  # the automatic renewal moves with the new expiry
    return "\n".join(["Carrello aggiornato:", *(now[key] for key in keys)])


def order_review(view: CartView) -> str:
    """The whole order, line by line, before "Conferma e completa l'ordine"."""
    priced = [f"- {_quantity_line(line)} x {eur(line.unit_yearly_price)} x {_years(line.years)} = {eur(line.amount)}"
              for line in view.quote.lines]
    lines = _cart_lines(view)
    return "\n".join(["Riepilogo dell'ordine:", *priced, *(lines[k] for k in ("code", "years", "price", "payment"))])


def _quantity_line(line: QuoteLine) -> str:
    """"Spazio aggiuntivo: 3 GB", "Utenti aggiuntivi: 2": what a line sells, with its unit."""
    if line.code == STORAGE_LINE:
        return f"Spazio aggiuntivo: {line.quantity} GB"
    return f"{line.description}: {line.quantity}"


def _automatic_from(method: PaymentMethod, renewal_date: date, new_expiry: date) -> str:
    """What card or PayPal switches on, for an order or a cart."""
    return (f"Con {PAYMENT_METHOD_NAMES[method]} si attiva il rinnovo automatico: il prossimo avverrà il "
            f"{d(renewal_date)}, {AUTOMATIC_RENEWAL_LEAD_DAYS} giorni prima della nuova scadenza del {d(new_expiry)}.")


def kept(view: CartView, step: Step) -> str:
    """The value a step keeps, with its figures: said also when the customer repeats the current one."""
    from renewal.dialogue.commands import Step
    cart, q = view.cart, view.quote
    if step is Step.STORAGE:
        return (f"Spazio aggiuntivo: {'resta' if cart.storage_gb == 1 else 'restano'} {cart.storage_gb} GB "
                f"(ne usi {gb(view.subscription.storage_gb_used)} GB).")
    if step is Step.USERS:
        configured = view.subscription.users_configured
        return (f"Utenti aggiuntivi: {'resta' if cart.users == 1 else 'restano'} {cart.users} "
                f"({configured} {'configurato' if configured == 1 else 'configurati'}).")
    if step is Step.MODULES:
        names = [view.module_names[c] for c in sorted(cart.modules)]
        return f"Moduli: {('resta ' if len(names) == 1 else 'restano ') + ', '.join(names) if names else 'nessuno'}."
    if step is Step.YEARS:
        return f"Durata: {_years(q.years)}, nuova scadenza {d(q.new_expiry)}, totale {eur(q.total)}."
    return ""


def payment_kept(view: CartView) -> str:
    """The way to pay told again ("sì col bonifico come dicevo"): said, with where the details go."""
    return "Pagamento: " + _payment_line(view.cart.payment_method, view.quote, view.reference_email) + "."


def code_kept(view: CartView) -> str:
    q = view.quote
    if q.agreement_code:
        return f"Il codice {q.agreement_code} è già nel carrello ({_discount(q)}): totale {eur(q.total)}."
    return f"Il codice {view.cart.agreement_code} è già nel carrello ma non è più valido: totale {eur(q.total)}."


def total_unchanged(view: CartView) -> str:
    return f"Il totale resta {eur(view.quote.total)}."


def module_changed(name: str, added: bool) -> str:
    return f"Ho {'aggiunto' if added else 'tolto'} {name}."
