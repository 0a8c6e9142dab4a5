"""Outgoing emails: composed here, queued in the outbox table, sent by SMTP when configured."""
from __future__ import annotations

import os
import smtplib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from email.message import EmailMessage

from renewal.model import PaymentMethod
from renewal.formats import format_date, format_euro

SENDER = os.environ.get("RENEWAL_MAIL_FROM", "Fatturazione Elettronica <noreply@fatturazione.example>")

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


def send_smtp(email: Email, host: str, port: int) -> None:
    message = EmailMessage()
    message["From"] = SENDER
    message["To"] = email.to_address
    message["Subject"] = email.subject
    message.set_content(email.body)
    with smtplib.SMTP(host, port, timeout=30) as smtp:
        smtp.send_message(message)
