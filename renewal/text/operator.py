"""What the operator command line prints: an account, orders, money received, the queue for a person, the
outbox (the refusals it prints are the same explanations the assistant gives)."""
from __future__ import annotations

from datetime import date
from typing import Any

from renewal.domain.model import RenewalMode
from renewal.text import messages, receipts, summaries
from renewal.text.formats import format_date, format_euro, format_gb


def account_text(view: Any) -> str:
    sub = view.subscription
    lines = [
        f"Account: {view.username} ({view.holder_name}, {view.reference_email})",
        messages.status_text(view.status),
        f"Rinnovo: {'automatico' if sub.renewal_mode is RenewalMode.AUTOMATIC else 'manuale'}"
        + (" (prodotto in promozione)" if sub.promotional else ""),
        f"Spazio aggiuntivo: {sub.storage_gb_bought} GB acquistati, {format_gb(sub.storage_gb_used)} GB usati",
        f"Utenti aggiuntivi: {sub.users_bought} acquistati, {sub.users_configured} configurati",
        f"Moduli acquistati: {', '.join(sorted(sub.modules_bought)) or 'nessuno'}; "
        f"suggeriti: {', '.join(sorted(sub.modules_suggested)) or 'nessuno'}",
    ]
    if view.unpaid_order:
        lines.append(f"Ordine in attesa di pagamento: {view.unpaid_order.number} "
                     f"({format_euro(view.unpaid_order.total)})")
    if view.open_cart:
        lines += ["", summaries.cart_summary(view.open_cart)]
    return "\n".join(lines)


def order_row(order: Any) -> str:
    state = f"pagato il {format_date(order.paid_at.date())}" if order.paid_at else \
        messages.ORDER_STATUS_NAMES[order.status]
    agent = f", operatore {order.placed_by_agent}" if order.placed_by_agent else ""
    refunds = "".join(f"\n    ricevuti {receipts.received_text(refund)}" for refund in order.refunds)
    return (f"{order.number}  {order.username}  {format_euro(order.total)}  "
            f"{messages.PAYMENT_METHOD_NAMES[order.payment_method]}  "
            f"scadenza {format_date(order.current_expiry)} -> {format_date(order.new_expiry)}  {state}{agent}{refunds}")


def payment_row(payment: Any) -> str:
    return f"{payment.order_number}  {receipts.received_text(payment)}"


def handoff_text(request: Any) -> str:
    who = request.username or "cliente non identificato"
    state = {"waiting": f"in attesa, posizione {request.position}", "taken": f"presa da {request.taken_by}",
             "returned": "restituita all'assistente", "closed": "chiusa"}[request.status.value]
    return f"#{request.id} {who} ({state}, {request.created_at:%d/%m/%Y %H:%M})\n{request.transcript}\n"


def email_row(email: Any) -> str:
    if email.sent_at:
        sent = f"inviata il {email.sent_at:%d/%m/%Y %H:%M}"
    elif email.gave_up_at:
        sent = f"NON inviata: rinuncia dopo {messages.plural(email.attempts, 'tentativo', 'tentativi')}; " \
               f"ultimo errore: {email.last_error}"
    elif email.attempts:
        sent = (f"da inviare: {messages.plural(email.attempts, 'tentativo fallito', 'tentativi falliti')}, prossimo "
                f"il {email.next_attempt_at:%d/%m/%Y %H:%M}; ultimo errore: {email.last_error}")
    else:
        sent = "da inviare"
    return f"#{email.id} a {email.to_address} ({sent})\nOggetto: {email.subject}\n{email.body}"


NOTHING = "(nessuno)"


def agent_created(name: str, display_name: str | None) -> str:
    return f"Operatore {name} creato: può accedere al desk; i clienti leggono «{display_name or 'Un operatore'}»."


def password_changed(name: str) -> str:
    return f"Password di {name} cambiata: le sessioni aperte sono chiuse."


def tokens_revoked(count: int, agent: str) -> str:
    return f"{count} token revocati per {agent}."


def emails_sent(sent: int, failed: int, gave_up: int) -> str:
    return f"Email inviate: {sent}; non inviate, da riprovare: {failed}; rinuncia: {gave_up}."


def payment_registered(new_expiry: date) -> str:
    """An operator or an agent registered a payment: the renewal is concluded."""
    return f"Pagamento registrato: rinnovo concluso, nuova scadenza {format_date(new_expiry)}."
