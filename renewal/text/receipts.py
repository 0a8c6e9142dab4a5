"""Orders and payments as the customer reads them: the confirmation, a changed payment method, a cancel, the
pay link, a payment registered or not completed, money received.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from renewal.text.formats import format_date as d
from renewal.text.formats import format_euro as eur

if TYPE_CHECKING:
    from renewal.domain.views import OrderView
from renewal.text.messages import PAYMENT_METHOD_NAMES, REFUND_REASON_NAMES, _years
from renewal.text.summaries import _automatic_from


def received_text(payment: Any) -> str:
    """A payment received, as the CLI and the desk list it: «95,16 € il 04/12/2026 (demo:pay_1), da
    rimborsare: ordine annullato»."""
    amount = eur(payment.amount) if payment.currency == "EUR" else f"{payment.amount} {payment.currency}"
    text = f"{amount} il {d(payment.received_at.date())}" + (f" ({payment.reference})" if payment.reference else "")
    if payment.refund_reason is None:
        return text
    state = f"rimborsato il {d(payment.refunded_at.date())}" if payment.refunded_at else "da rimborsare"
    return f"{text}, {state}: {REFUND_REASON_NAMES.get(payment.refund_reason, payment.refund_reason.value)}"


def order_payment_changed(order: OrderView) -> str:
    method = PAYMENT_METHOD_NAMES[order.payment_method]
    if order.automatic_renewal_date is not None:
        return (f"L'ordine n. {order.number} ora si paga con {method} ({eur(order.total)}). "
                + _automatic_from(order.payment_method, order.automatic_renewal_date, order.new_expiry)
                + " Il rinnovo è concluso quando registriamo il pagamento.")
    return (f"L'ordine n. {order.number} ora si paga con {method} ({eur(order.total)}): ti ho mandato un'email "
            f"a {order.reference_email} con gli estremi per pagare.")


def order_cancelled(order: OrderView) -> str:
    return (f"Ho annullato l'ordine n. {order.number}: non devi pagare nulla e la scadenza resta il "
            f"{d(order.current_expiry)}. Se vuoi rinnovare, scrivi «rinnova».")


def order_confirmation(order: OrderView) -> str:
    """Order number, total and what happens next for the chosen payment."""
    head = f"Ordine n. {order.number} confermato: totale {eur(order.total)} IVA inclusa."
    if order.automatic_renewal_date is not None:
        nxt = _automatic_from(order.payment_method, order.automatic_renewal_date, order.new_expiry)
    else:
        nxt = (f"Riceverai un'email all'indirizzo {order.reference_email} con il numero d'ordine e gli estremi per "
               f"pagare con {PAYMENT_METHOD_NAMES[order.payment_method]}.")
    done = (f"Il rinnovo è concluso quando registriamo il pagamento: allora la scadenza passa dal "
            f"{d(order.current_expiry)} al {d(order.new_expiry)}.")
    return " ".join([head, nxt, done])


def checkout_description(order: OrderView) -> str:
    """What the provider's payment page says is being bought."""
    return (f"Rinnovo Fatturazione Elettronica per {_years(order.years)}, nuova scadenza {d(order.new_expiry)} "
            f"(ordine n. {order.number})")


PAY_BUTTON = "Paga ora"


def pay_link(order: OrderView) -> str:
    """Above the «Paga ora» button, which opens the provider's page."""
    return (f"Per pagare {eur(order.total)} con {PAYMENT_METHOD_NAMES[order.payment_method]} premi «{PAY_BUTTON}»: "
            f"si apre la pagina di pagamento sicura dell'ordine n. {order.number}.")


def payment_registered(order: OrderView) -> str:
    """A card or PayPal payment arrived: the renewal is concluded."""
    text = (f"Pagamento ricevuto: {eur(order.total)} per l'ordine n. {order.number}. Il rinnovo è concluso, la "
            f"nuova scadenza è il {d(order.new_expiry)}.")
    if order.automatic_renewal_date is not None:
        text += (f" Il rinnovo automatico è attivo: il prossimo avverrà il {d(order.automatic_renewal_date)}, con "
                 f"{PAYMENT_METHOD_NAMES[order.payment_method]}.")
    return text


def payment_not_completed(order: OrderView, how: str) -> str:
    what = "non è andato a buon fine" if how == "failed" else "non è stato completato"
    return (f"Il pagamento dell'ordine n. {order.number} {what}: l'ordine resta in attesa di pagamento "
            f"({eur(order.total)}). Quando vuoi riprovare scrivi «come pago?» e ti mando un nuovo link.")
