"""The support page in a real browser: Debian's Chromium, headless, driven by
Playwright, completes a renewal through the chat widget over socket.io, and pays it
on the demo payment provider's page (issue 14)."""
from __future__ import annotations

import pytest

from renewal.domain.model import OrderStatus, PaymentMethod, RenewalMode
from renewal.text.formats import format_euro
from tests.e2e.browser import ARTIFACTS, ChatWidget, launch

playwright = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as driver:
        chromium = launch(driver)
        yield chromium
        chromium.close()


def test_a_customer_renews_through_the_widget(browser, stack, demo):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    fetched: list[str] = []  # the widget's web-font import is blocked by the page's CSP: nothing leaves loopback
    page.on("requestfinished", lambda request: fetched.append(request.url))
    page.goto(f"{stack.web_url}/?account=1000001@aruba.it")
    assert page.locator("#account").inner_text() == "1000001@aruba.it"
    page.locator(".rw-launcher").click()
    chat = ChatWidget(page)
    try:
        chat.wait_for_reply("Vuoi rinnovare il servizio?")
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
