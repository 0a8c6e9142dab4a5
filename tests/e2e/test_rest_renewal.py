"""Through the REST channel, each demo account gets what the rules say."""
from __future__ import annotations

from datetime import date

from renewal.domain.model import OrderStatus, PaymentMethod


def test_completed_card_renewal(assistant, demo):
    chat = assistant.conversation("1000001@aruba.it")
    chat.say("Buongiorno, vorrei rinnovare il servizio")
    first, question = [r["text"] for r in chat.replies]
    assert first.startswith("Il tuo carrello di rinnovo") and "scadenza attuale 14/12/2026" in first
    assert question.startswith("Spazio aggiuntivo: hai 3 GB e ne usi 1 GB.") and question.endswith("Rinnovi 3 GB?")
    assert "Spazio aggiuntivo: 2 GB" in chat.say("togli un giga")
    reply = chat.say("lascia com'è")
    assert "3. Integrazione API" in reply and "Aggiungi Integrazione API" in chat.buttons()
    reply = chat.say("non rinnovare solleciti")
    assert "Ho tolto Solleciti di pagamento" in reply and "- Moduli: Conservazione a norma\n" in reply
    assert "codice convenzione" in chat.say("va bene così")
    reply = chat.say("ING2026")
    assert "sconto 15%" in reply and "Per quanti anni" in reply
    reply = chat.say("due anni")
    assert "nuova scadenza 14/12/2028" in reply and "Come vuoi pagare" in reply
    assert "condizioni generali" in chat.say("con la carta di credito")
    reply = chat.say("accetto")
    assert "Riepilogo dell'ordine" in reply and "Conferma e completa l'ordine" in chat.buttons()
    reply = chat.say("confermo")
    order = demo.orders("1000001@aruba.it")[0]
    assert f"Ordine n. {order.number} confermato" in reply
    assert "rinnovo automatico" in reply and "07/12/2028" in reply
    assert order.payment_method is PaymentMethod.CARD and order.status is OrderStatus.AWAITING_PAYMENT
    assert order.new_expiry == date(2028, 12, 14) and order.discount > 0

    assert "già confermato" in chat.say("confermo")
    assert len(demo.orders()) == 1


def test_storage_refusal_with_its_figures(assistant, demo):
    chat = assistant.conversation("1000002@aruba.it")
    chat.say("voglio rinnovare")
    reply = chat.say("2 GB")
    assert "Non puoi diminuire lo spazio aggiuntivo: usi 2,5 GB dei 3 GB acquistati" in reply
    assert "Quanti GB vuoi rinnovare?" in reply
    assert demo.account("1000002@aruba.it").value.open_cart.cart.storage_gb == 3


def test_users_floor(assistant, demo):
    chat = assistant.conversation("1000001@aruba.it")
    chat.say("rinnova")
    chat.say("lascia com'è")
    reply = chat.say("1 utente")
    assert "2 sono già configurati" in reply and "pannello" in reply
    assert demo.account("1000001@aruba.it").value.open_cart.cart.users == 3


def test_automatic_renewal_is_explained(assistant, demo):
    chat = assistant.conversation("1000003@aruba.it")
    reply = chat.say("voglio rinnovare")
    assert "rinnovo automatico" in reply and "16/01/2027" in reply and "Rinnova" in reply
    assert "rinnovo automatico resta attivo" in chat.say("no")
    assert demo.account("1000003@aruba.it").value.open_cart is None


def test_grace_period_renewal(assistant, demo):
    chat = assistant.conversation("1000004@aruba.it")
    reply = chat.say("il mio servizio è scaduto, voglio rinnovarlo")
    assert "scaduto il 25/10/2026" in reply and "limitazioni" in reply and "mancano 60 giorni" in reply
    chat.say("lascia tutto com'è")
    chat.say("no")
    chat.say("1 anno")
    chat.say("bonifico")
    chat.say("sì")
    reply = chat.say("sì")
    order = demo.orders("1000004@aruba.it")[0]
    assert f"Ordine n. {order.number} confermato" in reply and "farmacia.neri@example.com" in reply
    assert order.new_expiry == date(2027, 10, 25)
    assert [e.order_number for e in demo.emails()] == [order.number]


def test_deletion_notice_with_a_way_out(assistant, demo):
    """Issue 27 (3): a deleted service is no dead end: what the customer can do instead, with buttons; the greeting
    offers no renewal for it."""
    chat = assistant.conversation("1000005@aruba.it")
    greeting = chat.say("ciao")
    assert "cancellato il 15/11/2026" in greeting and "Rinnova il servizio" not in chat.buttons()
    assert "nuovo servizio" in greeting and chat.buttons() == ["Sì, un operatore", "No, grazie"]
    reply = chat.say("vorrei rinnovare")
    assert "cancellato il 15/11/2026" in reply and "non è più possibile rinnovarlo" in reply and "nuovo servizio" in reply
    assert chat.buttons() == ["Sì, un operatore", "No, grazie"]
    assert demo.account("1000005@aruba.it").value.open_cart is None
    assert "Va bene" in chat.say("no, grazie")


def test_two_year_limit_of_the_promotional_product(assistant, demo):
    chat = assistant.conversation("1000006@aruba.it")
    chat.say("rinnova")
    chat.say("lascia tutto com'è")
    chat.say("no")
    reply = chat.say("3 anni")
    assert "prodotto in promozione" in reply and "1 o 2 anni" in reply
    assert "nuova scadenza 09/12/2028" in chat.say("2 anni")


def test_several_answers_correction_and_cancellation_mid_form(assistant, demo):
    chat = assistant.conversation("1000001@aruba.it")
    chat.say("rinnova")
    reply = chat.say("per 2 anni con 4 GB e pago con PayPal")
    assert "Spazio aggiuntivo: 4 GB" in reply and "Durata: 2 anni" in reply and "Pagamento: PayPal" in reply
    reply = chat.say("anzi, facciamo 3 anni")
    assert "Durata: 3 anni, nuova scadenza 14/12/2029" in reply
    reply = chat.say("cosa succede se non rinnovo?")
    assert "90 giorni" in reply and "14/03/2027" in reply and "Utenti aggiuntivi: hai 3" in reply
    assert "nessun ordine" in chat.say("annulla")
    assert demo.orders() == [] and demo.account("1000001@aruba.it").value.open_cart is None


def test_no_token_means_sign_in_first(assistant, demo):
    chat = assistant.conversation(None)
    reply = chat.say("voglio rinnovare")
    assert "areaclienti.pec.it" in reply and "password" in reply
    chat.token = "forged.token"
    assert "Non riesco a verificare" in chat.say("voglio rinnovare")
    assert demo.orders() == []


def test_a_bank_transfer_renewal_emails_the_payment_details_once(assistant, demo, mail_inbox):
    """Issue 14: the run command's outbox sender delivers the email to an SMTP server (aiosmtpd here).
    The inbox serves the whole session and order numbers start again with each test's demo data: only
    what arrives after this test starts counts, and the renewal (3 years) is this test's own."""
    import time

    from renewal.text.formats import format_euro

    time.sleep(1.5)  # a round of the sender (every second here) ends what an earlier test left in flight
    start = len(mail_inbox.messages)
    chat = assistant.conversation("1000002@aruba.it")
    for text in ("voglio rinnovare", "lascia tutto com'è", "nessun codice", "tre anni", "bonifico", "accetto"):
        chat.say(text)
    reply = chat.say("confermo")
    [order] = demo.orders("1000002@aruba.it")
    assert f"Ordine n. {order.number} confermato" in reply and order.new_expiry == date(2030, 1, 8)

    def received() -> list:
        return [m for m in mail_inbox.messages[start:] if order.number in m["Subject"]]

    deadline = time.monotonic() + 30
    while not received() and time.monotonic() < deadline:
        time.sleep(0.3)
    time.sleep(2.5)  # two more rounds of the sender: still one email
    [message] = received()
    assert message["To"] == "info@bianchiarchitetti.example"
    text = next(p for p in message.walk() if p.get_content_type() == "text/plain").get_payload(decode=True).decode()
    assert "IBAN" in text and f"Causale: ordine {order.number}" in text, text
    assert f"Importo: {format_euro(order.total)}" in text and "08/01/2030" in text, text
    assert any(p.get_content_type() == "text/html" for p in message.walk())
    assert [e.sent_at is not None for e in demo.emails()] == [True]
