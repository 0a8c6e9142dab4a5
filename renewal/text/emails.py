"""Outgoing emails: their Italian text, composed here; queued in the outbox table and sent by SMTP
(``renewal.adapters.outbox``) when configured."""
from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Optional

from renewal.domain.decision import Reason
from renewal.domain.model import CURRENCY, PaymentMethod
from renewal.text.formats import format_date, format_euro

# Demo payment details: not a real bank account.
BANK_BENEFICIARY = "Servizi Fatturazione Demo S.r.l."
BANK_IBAN = "IT60 X054 2811 1010 0000 0123 456"
POSTAL_ACCOUNT = "c/c postale n. 00000000"


@dataclass(frozen=True)
class Email:
    to_address: str
    subject: str
    body: str


def payment_instructions(
    *, to_address: str, holder_name: str, order_number: str, method: PaymentMethod,
    total: Decimal, new_expiry: date, change: int = 0,
) -> Email:
    """The email a bank-transfer or postal-slip customer waits for; ``change``: the how-many-th
    email of the order, sent because the payment method changed (0 for the first)."""
    if method is PaymentMethod.BANK_TRANSFER:
        how = (
            f"Paga con bonifico bancario:\n"
            f"  Beneficiario: {BANK_BENEFICIARY}\n"
            f"  IBAN: {BANK_IBAN}\n"
        )
    else:
        how = (
            f"Paga con bollettino postale:\n"
            f"  Intestatario: {BANK_BENEFICIARY}\n"
            f"  {POSTAL_ACCOUNT}\n"
        )
    body = (
        f"Gentile {holder_name},\n\n"
        f"abbiamo ricevuto il tuo ordine di rinnovo n. {order_number} per Fatturazione Elettronica.\n\n"
        f"{how}"
        f"  Importo: {format_euro(total)}\n"
        f"  Causale: ordine {order_number}\n\n"
        f"Il rinnovo è concluso quando registriamo il pagamento: da quel momento la nuova "
        f"scadenza del servizio è il {format_date(new_expiry)}.\n"
    )
    if change:
        body = body.replace("abbiamo ricevuto il tuo ordine", "hai cambiato il modo di pagare il tuo ordine", 1)
        return Email(to_address, f"Ordine {order_number}: nuovi estremi per il pagamento ({change})", body)
    return Email(to_address, f"Ordine {order_number}: estremi per il pagamento", body)


def payment_received(*, to_address: str, holder_name: str, order_number: str, total: Decimal, new_expiry: date,
                     automatic_renewal_date: Optional[date]) -> Email:
    """The renewal is concluded: the customer is told the new expiry (and the automatic renewal, if on)."""
    automatic = (f"Il rinnovo automatico è attivo: il prossimo è previsto il {format_date(automatic_renewal_date)}.\n"
                 if automatic_renewal_date else "")
    body = (
        f"Gentile {holder_name},\n\n"
        f"abbiamo ricevuto il pagamento di {format_euro(total)} per l'ordine n. {order_number}: il rinnovo di "
        f"Fatturazione Elettronica è concluso.\n\n"
        f"La nuova scadenza del servizio è il {format_date(new_expiry)}.\n{automatic}\n"
        f"Grazie per aver rinnovato.\n"
    )
    return Email(to_address, f"Ordine {order_number}: pagamento ricevuto, rinnovo concluso", body)


REFUND_BECAUSE = {
    Reason.ORDER_CANCELLED: "l'ordine era stato annullato",
    Reason.PAYMENT_AFTER_DELETION: "il servizio era già stato cancellato e non si può più rinnovare",
    Reason.PAYMENT_AMOUNT_MISMATCH: "l'importo non corrisponde al totale dell'ordine",
    Reason.PAYMENT_CURRENCY_MISMATCH: "il pagamento non è in euro",
    Reason.PAYMENT_DUPLICATE: "l'ordine risultava già pagato",
}


def refund_due(*, to_address: str, holder_name: str, order_number: str, amount: Decimal, currency: str,
               reason: Reason, count: int = 1) -> Email:
    """Money arrived that renews nothing: the customer is told it goes back, and why."""
    received = format_euro(amount) if currency == CURRENCY else f"{amount} {currency}"
    because = REFUND_BECAUSE.get(reason, "non è stato possibile abbinarlo al rinnovo")
    body = (
        f"Gentile {holder_name},\n\n"
        f"abbiamo ricevuto un pagamento di {received} per l'ordine n. {order_number}, ma {because}: "
        f"il pagamento non rinnova il servizio.\n\n"
        f"Ti rimborsiamo l'importo con lo stesso metodo con cui hai pagato; non devi fare nulla.\n"
    )
    subject = f"Ordine {order_number}: pagamento da rimborsare" + (f" ({count})" if count > 1 else "")
    return Email(to_address, subject, body)


def html_body(text: str) -> str:
    """The HTML part: the same words, paragraph by paragraph."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    body = "".join(f"<p>{'<br>'.join(html.escape(line.strip()) for line in p.splitlines())}</p>\n"
                   for p in paragraphs)
    return f'<!doctype html>\n<html lang="it"><body style="font-family: sans-serif">\n{body}</body></html>\n'
