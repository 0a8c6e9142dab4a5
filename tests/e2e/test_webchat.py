"""The support page in a real browser: Debian's Chromium, headless, driven by
Playwright, completes a renewal through the chat widget over socket.io, and pays it
on the demo payment provider's page (issue 14)."""
from __future__ import annotations

from renewal.domain.model import OrderStatus, PaymentMethod, RenewalMode
from renewal.text.formats import format_euro
from tests.e2e.browser import ARTIFACTS, console_errors, open_chat


def test_a_customer_renews_through_the_widget(browser, stack, demo):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    fetched: list[str] = []  # nothing leaves loopback (the widget's web-font import is taken out when served)
    page.on("requestfinished", lambda request: fetched.append(request.url))
    errors = console_errors(page)
    chat = open_chat(page, stack.web_url, "1000001@aruba.it")
    assert page.locator("#account").inner_text() == "1000001@aruba.it"
    try:
        reply = chat.say("voglio rinnovare", "Rinnovi 3 GB?")
        assert "scadenza attuale 14/12/2026" in reply
        chat.say("lascia com'è", "utenti")
        chat.press("Lascia com'è", "Va bene così, o vuoi")
        chat.press("Va bene così", "codice convenzione")
        chat.say("ING2026", "Per quanti anni")
        chat.say("due anni", "Come vuoi pagare")
        chat.say("con paypal", "condizioni generali")
        chat.press("Accetto", "Confermi e completi l'ordine?")
        review = chat.bot_texts()[-2]
        assert review.startswith("Riepilogo dell'ordine") and "Confermi" not in review  # apart from the question
        reply = chat.press("Conferma e completa l'ordine", "confermato")
    finally:
        page.screenshot(path=str(ARTIFACTS / "webchat-renewal.png"), full_page=True)
    [order] = demo.orders("1000001@aruba.it")
    assert f"Ordine n. {order.number} confermato" in reply
    assert "Spazio aggiuntivo: 3 GB" in reply and "sconto 15%" in reply
    assert order.payment_method is PaymentMethod.PAYPAL and order.discount > 0
    assert fetched and all(url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:")) for url in fetched), fetched
    assert errors == []  # issue 27 (13): no CSP error for the web font, no favicon 404

    # The pay link: the provider's page in a new tab, "Paga", and the chat tells the customer by itself.
    chat.wait_for_reply("pagina di pagamento sicura")
    with page.context.expect_page() as opened:
        page.locator("a.rw-reply", has_text="Paga ora").last.click()
    checkout = opened.value
    try:
        checkout.wait_for_load_state()
        assert checkout.url.startswith(f"{stack.provider_url}/pay/")
        assert checkout.locator("#order").inner_text() == order.number
        assert checkout.locator("#amount").inner_text() == format_euro(order.total)
        checkout.get_by_role("button", name="Paga", exact=True).click()
        checkout.locator("#outcome", has_text="Pagamento riuscito").wait_for(timeout=30_000)
        told = chat.wait_for_reply("Pagamento ricevuto")
    finally:
        checkout.screenshot(path=str(ARTIFACTS / "demo-provider-paid.png"), full_page=True)
        page.screenshot(path=str(ARTIFACTS / "webchat-paid.png"), full_page=True)
    assert f"Pagamento ricevuto: {format_euro(order.total)} per l'ordine n. {order.number}" in told
    assert f"la nuova scadenza è il {order.new_expiry:%d/%m/%Y}" in told
    assert demo.order(order.number).value.status is OrderStatus.PAID
    subscription = demo.account("1000001@aruba.it").value.subscription
    assert subscription.expiry_date == order.new_expiry and subscription.renewal_mode is RenewalMode.AUTOMATIC
    page.close()


def test_a_page_without_a_valid_session_opens_no_cart(browser, stack, demo):
    page = browser.new_page()
    assert page.goto(f"{stack.web_url}/?account=9999999@aruba.it").status == 404
    page.close()


def test_cancelling_at_the_final_confirmation_is_asked_and_the_button_looks_apart(browser, stack, demo):
    """Issue 27 (2): «Annulla il rinnovo» next to «Conferma e completa l'ordine» asks first, with what would be
    lost; «No, torna al riepilogo» shows the order again; the destructive buttons are styled apart."""
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 390, "height": 844})
    chat = open_chat(page, stack.web_url, "1000001@aruba.it")
    try:
        chat.say("voglio rinnovare per 2 anni, lascia tutto com'è, nessun codice, pago con bonifico", "condizioni generali")
        chat.press("Accetto", "Confermi e completi l'ordine?")
        confirm = page.locator(".rw-reply").filter(has_text="Conferma e completa l'ordine").last
        cancel = page.locator(".rw-reply").filter(has_text="Annulla il rinnovo").last
        page.locator(".rw-reply.rw-reply-destructive", has_text="Annulla il rinnovo").last.wait_for(timeout=5_000)
        colour = "el => getComputedStyle(el).color"
        assert cancel.evaluate(colour) != confirm.evaluate(colour)
        reply = chat.press("Annulla il rinnovo", "Vuoi annullare il rinnovo?")
        assert "Perderai il carrello che hai preparato (2 anni, totale 190,32 €)" in reply
        assert demo.account("1000001@aruba.it").value.open_cart is not None  # nothing thrown away yet
        page.screenshot(path=str(ARTIFACTS / "webchat-cancel-question-phone.png"), full_page=True)
        recaps = page.locator(".rw-response", has_text="Riepilogo dell'ordine")
        shown = recaps.count()
        page.locator(".rw-reply").filter(has_text="No, torna al riepilogo").last.click()
        recaps.nth(shown).wait_for(timeout=30_000)  # the recap again, and the question after it
        page.locator(".rw-response", has_text="Confermi e completi l'ordine?").nth(1).wait_for(timeout=30_000)
        assert "190,32 €" in recaps.nth(shown).inner_text() and demo.orders("1000001@aruba.it") == []
        page.locator(".rw-reply").filter(has_text="Annulla il rinnovo").last.click()
        page.locator(".rw-response", has_text="Vuoi annullare il rinnovo?").nth(1).wait_for(timeout=30_000)  # asked again
        chat.press("Sì, annulla", "Ho annullato il rinnovo")
    finally:
        page.screenshot(path=str(ARTIFACTS / "webchat-cancel-phone.png"), full_page=True)
        page.close()
    assert demo.account("1000001@aruba.it").value.open_cart is None and demo.orders("1000001@aruba.it") == []


def test_the_module_list_shows_one_module_a_line(browser, stack, demo):
    """Issue 27 (8): the numbered list of modules is one line per module in the widget, not one paragraph."""
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    chat = open_chat(page, stack.web_url, "1000001@aruba.it")
    try:
        chat.say("voglio rinnovare", "Rinnovi 3 GB?")
        chat.say("lascia com'è", "utenti")
        chat.press("Lascia com'è", "Va bene così, o vuoi")
        listed = page.locator(".rw-response", has_text="Conservazione a norma").last.inner_text()
        lines = [line.strip() for line in listed.splitlines() if line.strip()]
        assert any(line.startswith("1. Conservazione a norma") or line.startswith("Conservazione a norma")
                   for line in lines), listed
        assert sum("l'anno" in line for line in lines) == len([line for line in lines if "€ l'anno" in line]) >= 2
        assert not any(line.count("l'anno") > 1 for line in lines), listed  # never two modules on one line
    finally:
        page.screenshot(path=str(ARTIFACTS / "webchat-modules.png"), full_page=True)
        page.close()
