"""Issue 27 (12): the support page's chat widget and the desk as everyone can use them (WCAG 2.1 AA). axe-core
finds no serious or critical violation in either page, with a conversation on screen; a customer renews with the
keyboard alone, and an agent takes a request, replies and gives it back with the keyboard alone, while the other
side reads it in its own browser."""
from __future__ import annotations

from renewal.domain.model import PaymentMethod
from renewal.domain.pricing import STORAGE_LINE
from tests.e2e.browser import (
    ARTIFACTS,
    ChatWidget,
    focus_outline,
    open_chat,
    serious_accessibility_violations,
    sign_in,
    tab_to,
)
from tests.e2e.desk_client import make_agent

PHONE = {"width": 390, "height": 844}



def accessible_name(page) -> str:
    return page.evaluate("""() => {
        const active = document.activeElement;
        return active.getAttribute('aria-label') || active.getAttribute('title') || active.textContent.trim();
    }""")


def test_the_support_page_and_its_chat_pass_axe_on_desktop_and_phone(browser, stack, demo):
    ARTIFACTS.mkdir(exist_ok=True)
    for name, viewport in (("desktop", {"width": 1100, "height": 900}), ("phone", PHONE)):
        page = browser.new_page(viewport=viewport)
        try:
            page.goto(f"{stack.web_url}/?account=1000001@aruba.it")
            assert serious_accessibility_violations(page) == []  # the launcher alone
            chat = open_chat(page, stack.web_url, "1000001@aruba.it")
            chat.say("voglio rinnovare", "Rinnovi 3 GB?")  # a question with its buttons on screen
            assert serious_accessibility_violations(page) == []
            send = page.locator(".rw-send").bounding_box()
            assert send and send["width"] >= 44 and send["height"] >= 44, send  # a finger's target
        finally:
            page.screenshot(path=str(ARTIFACTS / f"webchat-accessible-{name}.png"))
            page.close()


def test_a_customer_renews_with_the_keyboard_alone(browser, stack, demo):
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(f"{stack.web_url}/?account=1000002@aruba.it")
    tab_to(page, ".rw-launcher")
    assert accessible_name(page) == "Apri la chat" and focus_outline(page) != "none"
    page.keyboard.press("Enter")
    chat = ChatWidget(page)
    chat.wait_for_reply("Vuoi rinnovare il servizio?")
    log = page.locator("[aria-live]", has=page.locator(".rw-response"))
    assert log.count() == 1  # new messages are announced by screen readers

    def write(text: str, expect: str) -> None:
        if not page.evaluate("document.activeElement.matches('.rw-new-message')"):
            tab_to(page, ".rw-new-message")
        assert accessible_name(page) == "Messaggio per l'assistente"
        page.keyboard.type(text)
        page.keyboard.press("Enter")
        chat.wait_for_reply(expect)

    def press(title: str, expect: str) -> None:
        page.locator(".rw-new-message").focus()  # where the keyboard is after writing
        for _ in range(20):  # back from the text box: the newest buttons come first
            page.keyboard.press("Shift+Tab")
            if page.evaluate("t => document.activeElement.textContent.trim() === t", title):
                break
        else:
            raise AssertionError(f"Shift+Tab never reaches «{title}»")
        assert focus_outline(page) != "none"
        page.keyboard.press("Enter")
        chat.wait_for_reply(expect)

    try:
        press("Rinnova il servizio", "Rinnovi 3 GB?")
        write("4 GB", "utenti")
        write("lascia tutto il resto com'è, senza codice, 1 anno, bonifico", "condizioni generali")
        press("Accetto", "Confermi e completi l'ordine?")
        press("Conferma e completa l'ordine", "confermato")
    finally:
        page.screenshot(path=str(ARTIFACTS / "webchat-keyboard-only.png"), full_page=True)
        page.close()
    [order] = demo.orders("1000002@aruba.it")
    assert order.payment_method is PaymentMethod.BANK_TRANSFER and order.years == 1
    assert any(line.code == STORAGE_LINE and line.quantity == 4 for line in order.lines), order.lines


def test_the_desk_passes_axe_and_an_agent_takes_replies_and_gives_back_with_the_keyboard_alone(
        browser, stack, assistant, demo):
    make_agent(assistant.database_url, "mario.rossi")
    login = browser.new_page()
    login.goto(f"{stack.desk_url}/desk/login")
    assert serious_accessibility_violations(login) == []
    login.close()
    errors: list[str] = []
    agent_context, desk = sign_in(browser, stack, errors=errors)
    customer_context = browser.new_context(viewport=PHONE)
    page = customer_context.new_page()
    chat = open_chat(page, stack.web_url, "1000001@aruba.it")
    try:
        chat.say("voglio parlare con un operatore", "Ti passo a un operatore del supporto")
        desk.locator("#queue .waiting", has_text="1000001@aruba.it").wait_for(timeout=15_000)
        assert serious_accessibility_violations(desk) == []  # the queue with a request

        tab_to(desk, "#queue button")
        assert focus_outline(desk) != "none"
        desk.keyboard.press("Enter")
        tab_to(desk, "#take")
        desk.keyboard.press("Enter")
        chat.wait_for_reply("ha preso la tua richiesta")
        desk.locator("#conversation-title", has_text="presa da mario.rossi").wait_for(timeout=15_000)
        assert serious_accessibility_violations(desk) == []  # a conversation open, with its panel
        unlabelled = desk.evaluate("""() => [...document.querySelectorAll('input:not([type=hidden]), textarea, select')]
            .filter(field => field.labels.length === 0).map(field => field.id)""")
        assert unlabelled == []  # each field is named by a label, not by its placeholder alone

        tab_to(desk, "#reply")
        desk.keyboard.type("Buongiorno, sono Mario: come posso aiutarti?")
        tab_to(desk, "#send")
        desk.keyboard.press("Enter")
        chat.wait_for_reply("Mario (supporto): Buongiorno, sono Mario: come posso aiutarti?")
        chat.say_only("grazie, ora va bene")
        desk.locator("#transcript li.customer", has_text="grazie, ora va bene").wait_for(timeout=15_000)

        tab_to(desk, "#give-back")
        desk.keyboard.press("Enter")
        chat.wait_for_reply("ti ripassa all'assistente automatico")
        assert errors == []
    finally:
        desk.screenshot(path=str(ARTIFACTS / "desk-keyboard-only.png"), full_page=True)
        page.screenshot(path=str(ARTIFACTS / "desk-keyboard-only-customer.png"), full_page=True)
        agent_context.close()
        customer_context.close()
