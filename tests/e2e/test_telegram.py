"""Telegram end to end: Bot API Update JSON posted to the webhook, the bot's replies
(texts and inline keyboards) read from a fake Bot API server, orders from the database."""
from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from renewal.domain.model import PaymentMethod
from renewal.text.formats import format_euro
from tests.conftest import PROJECT
from tests.e2e.conftest import TELEGRAM_SECRET
from tests.e2e.desk_client import DeskAgent, make_agent
from tests.services import free_port

_update_ids = itertools.count(1)


class TelegramChat:
    """A customer's private chat: posts Updates to the webhook, reads what the bot sent back."""

    def __init__(self, stack, telegram_api, chat_id: int) -> None:
        self.stack, self.api, self.chat_id = stack, telegram_api, chat_id
        self.sent: list[dict] = []
        self.buttons: dict[str, str] = {}  # every inline button shown in this chat: title -> callback data

    def post(self, update: dict, secret: str | None = TELEGRAM_SECRET) -> int:
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        request = urllib.request.Request(f"{self.stack.rasa_url}/webhooks/telegram/webhook",
                                         data=json.dumps(update).encode(), headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def _chat(self) -> dict:
        return {"id": self.chat_id, "type": "private", "first_name": "Mario"}

    def _exchange(self, update: dict) -> str:
        mark = self.api.mark()
        assert self.post(update) == 200
        self.sent = [m for m in self.api.sent(mark) if m["chat_id"] == str(self.chat_id)]
        self.buttons.update({b["text"]: b["callback_data"] for b in self.keyboard() if "callback_data" in b})
        said = "\n".join(m["text"] for m in self.sent)
        assert said and "None" not in said, said
        return said

    def say(self, text: str) -> str:
        return self._exchange({"update_id": next(_update_ids), "message": {
            "message_id": next(_update_ids), "date": int(time.time()), "chat": self._chat(),
            "from": {"id": self.chat_id, "is_bot": False, "first_name": "Mario", "language_code": "it"},
            "text": text}})

    def keyboard(self) -> list[dict]:
        """The inline buttons of the bot's latest messages: title and callback data."""
        return [button for m in self.sent if m["reply_markup"]
                for row in m["reply_markup"]["inline_keyboard"] for button in row]

    def press(self, title: str) -> str:
        """Presses a button the bot showed (an older message's buttons stay pressable, as in Telegram)."""
        return self._exchange({"update_id": next(_update_ids), "callback_query": {
            "id": str(next(_update_ids)), "chat_instance": "1", "data": self.buttons[title],
            "from": {"id": self.chat_id, "is_bot": False, "first_name": "Mario"},
            "message": {"message_id": 1, "date": int(time.time()), "chat": self._chat(), "text": "…"}}})


def link_code(stack, username: str) -> str:
    """The operator mints a one-time code with the CLI, as the README shows."""
    done = subprocess.run([sys.executable, "-m", "renewal", "link-code", username], cwd=PROJECT,
                          env={**os.environ, **stack.env}, capture_output=True, text=True, check=True)
    return done.stdout.strip()


@pytest.fixture
def chat(stack, telegram_api, demo):
    return lambda chat_id: TelegramChat(stack, telegram_api, chat_id)


def test_a_linked_chat_completes_a_renewal_with_the_keyboards(chat, stack, demo):
    mario = chat(5550001)
    assert "non è ancora collegata" in mario.say("voglio rinnovare")
    assert demo.account("1000001@aruba.it").value.open_cart is None
    assert "collegata all'account 1000001@aruba.it" in mario.say(f"/start {link_code(stack, '1000001@aruba.it')}")

    reply = mario.say("voglio rinnovare")
    assert "Il tuo carrello di rinnovo" in reply and "scadenza attuale 14/12/2026" in reply
    assert "Lascia com'è" in [b["text"] for b in mario.keyboard()]
    mario.press("Lascia com'è")
    mario.press("Lascia com'è")
    assert "Va bene così" in [b["text"] for b in mario.keyboard()]
    assert "codice convenzione" in mario.press("Va bene così")
    assert "Per quanti anni" in mario.press("Non ho un codice")
    reply = mario.press("2 anni")
    assert "nuova scadenza 14/12/2028" in reply and "Come vuoi pagare" in reply
    assert "condizioni generali" in mario.press("Bonifico bancario")
    assert "Riepilogo dell'ordine" in mario.press("Accetto")
    reply = mario.press("Conferma e completa l'ordine")
    [order] = demo.orders("1000001@aruba.it")
    assert f"Ordine n. {order.number} confermato" in reply
    assert order.payment_method is PaymentMethod.BANK_TRANSFER and order.placed_by_agent is None
    assert "già confermato" in mario.press("Conferma e completa l'ordine")
    assert len(demo.orders()) == 1


def test_a_link_code_works_once_and_bad_codes_link_nothing(chat, stack, demo):
    code = link_code(stack, "1000002@aruba.it")
    assert "non è valido" in chat(5550002).say("/start ABCDEFGHJK")
    assert "non è valido" in chat(5550002).say("/start '; DROP TABLE link_codes; --")
    assert "collegata all'account 1000002@aruba.it" in chat(5550002).say(f"/start {code}")
    replayed = chat(5550003)
    assert "già stato usato" in replayed.say(f"/start {code}")
    assert "non è ancora collegata" in replayed.say("rinnova")
    assert demo.account("1000002@aruba.it").value.open_cart is None


def test_updates_without_the_webhook_secret_are_refused(chat, telegram_api, demo):
    mario = chat(5550004)
    mark = telegram_api.mark()
    update = {"update_id": next(_update_ids), "message": {"message_id": 1, "date": 0, "text": "rinnova",
                                                          "chat": {"id": 5550004, "type": "private"}}}
    assert mario.post(update, secret=None) == 403
    assert mario.post(update, secret="guessed") == 403
    assert mario.post({"not": "an update"}) in (200, 400)
    assert mario.post({"update_id": "x", "message": "y"}) == 400
    assert telegram_api.sent(mark) == []


def test_the_webhook_is_registered_at_start_with_its_secret(stack, telegram_api):
    registered = [params for method, params in telegram_api.calls if method == "setWebhook"]
    assert registered == [{"url": stack.env["TELEGRAM_WEBHOOK_URL"], "secret_token": TELEGRAM_SECRET}]


def test_the_channel_refuses_to_start_with_a_token_and_no_webhook_secret(model, tmp_path):
    """Issue 12 item 1: chat ids are not secret, so a webhook without its secret would let anyone
    write as any linked customer."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("TELEGRAM_")}
    env.update(TELEGRAM_ACCESS_TOKEN="123456:no-secret-token", RASA_TELEMETRY_ENABLED="false",
               RASA_JWT_SECRET="telegram-test-jwt-secret-0123", RENEWAL_DATABASE_URL=f"sqlite:///{tmp_path / 'r.sqlite3'}")
    started = subprocess.run(
        [sys.executable, "-m", "servers.rasa_server", "--model", str(model), "--interface", "127.0.0.1",
         "--port", str(free_port()), "--credentials", str(PROJECT / "credentials.yml"), "--enable-api"],
        cwd=PROJECT, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)
    assert started.returncode != 0
    assert "TELEGRAM_WEBHOOK_SECRET is not" in started.stdout + started.stderr


def linked(chat, stack, chat_id: int, username: str = "1000001@aruba.it") -> TelegramChat:
    """A chat linked through the deep link the operator sends (``https://t.me/<bot>?start=CODE``)."""
    done = subprocess.run([sys.executable, "-m", "renewal", "link-code", username, "--deep-link"], cwd=PROJECT,
                          env={**os.environ, **stack.env, "TELEGRAM_BOT_USERNAME": "rinnovi_bot"},
                          capture_output=True, text=True, check=True)
    link = done.stdout.strip()
    assert link.startswith("https://t.me/rinnovi_bot?start=")
    payload = link.split("?start=", 1)[1]
    assert len(payload) <= 64 and re.fullmatch(r"[A-Za-z0-9_-]+", payload)  # what Telegram accepts in /start
    customer = chat(chat_id)
    assert f"collegata all'account {username}" in customer.say(f"/start {payload}")  # what Telegram sends
    return customer


def test_commands_in_italian_button_presses_answered_and_edits_not_a_new_turn(chat, stack, telegram_api, demo):
    [commands] = [json.loads(params["commands"]) for method, params in telegram_api.calls
                  if method == "setMyCommands"]
    assert [c["command"] for c in commands] == ["help", "annulla", "operatore"]
    assert all(c["description"] for c in commands)
    mario = linked(chat, stack, 5550011)
    assert "/operatore ti passa a una persona" in mario.say("/help")
    mario.say("voglio rinnovare")
    mark = telegram_api.mark()
    mario.press("Lascia com'è")
    assert [method for method, _ in telegram_api.calls[mark:]].count("answerCallbackQuery") == 1
    mario.press("Lascia com'è")
    assert all(len(data.encode()) <= 64 for data in mario.buttons.values())
    before = demo.account("1000001@aruba.it").value.open_cart.cart
    mark = telegram_api.mark()
    edited = {"update_id": next(_update_ids), "edited_message": {
        "message_id": 7, "date": int(time.time()), "edit_date": int(time.time()), "text": "togli tutti i moduli",
        "chat": {"id": 5550011, "type": "private"}, "from": {"id": 5550011, "is_bot": False, "first_name": "M"}}}
    assert mario.post(edited) == 200
    assert telegram_api.sent(mark) == [] and demo.account("1000001@aruba.it").value.open_cart.cart == before
    assert "Ho annullato il rinnovo" in mario.say("/annulla")
    assert demo.account("1000001@aruba.it").value.open_cart is None


def test_the_hand_off_on_telegram_both_ways(chat, stack, telegram_api, assistant, demo):
    make_agent(assistant.database_url, "mario.rossi")
    agent = DeskAgent(stack.desk_url)
    agent.sign_in("mario.rossi")
    mario = linked(chat, stack, 5550012)
    mario.say("voglio rinnovare")
    assert "Ti passo a un operatore del supporto" in mario.say("/operatore")
    [request] = agent.wait_for(lambda s: s["waiting"] == 1)["queue"]
    assert request["channel"] == "telegram"

    def told(action: str, body: dict | None = None) -> str:
        mark = telegram_api.mark()
        status, done = agent.post(f"/desk/api/handoffs/{request['id']}/{action}", body)
        assert status == 200 and done["ok"], done
        return "\n".join(m["text"] for m in telegram_api.sent(mark) if m["chat_id"] == "5550012")

    assert "Mario del supporto ha preso la tua richiesta" in told("take")
    assert "Mario (supporto): Ciao, sono Mario." in told("reply", {"text": "Ciao, sono Mario."})
    mark = telegram_api.mark()
    assert mario.post({"update_id": next(_update_ids), "message": {
        "message_id": next(_update_ids), "date": int(time.time()), "chat": {"id": 5550012, "type": "private"},
        "from": {"id": 5550012, "is_bot": False, "first_name": "Mario"}, "text": "grazie, aspetto"}}) == 200
    assert telegram_api.sent(mark) == []  # the bot keeps quiet while a person has the chat
    agent.wait_for(lambda s: any(line["text"] == "grazie, aspetto" for line in s["open"]["transcript"]),
                   open_id=request["id"])
    back = told("give-back")
    assert "Mario ti ripassa all'assistente automatico" in back and back.count("assistente automatico") == 1
    assert "Rinnovi 3 GB?" in back


def test_a_card_renewal_on_telegram_gets_a_pay_button_and_hears_of_the_payment_at_once(chat, stack, telegram_api,
                                                                                       demo):
    """Issue 14: the pay link is a URL button; the payment's news reaches the chat with no message of the
    customer's (pushed through Rasa's HTTP API)."""
    mario = linked(chat, stack, 5550013)
    for text in ("voglio rinnovare", "lascia tutto com'è", "nessun codice", "un anno", "carta di credito", "accetto"):
        mario.say(text)
    reply = mario.say("confermo")
    [order] = demo.orders("1000001@aruba.it")
    assert f"Ordine n. {order.number} confermato" in reply and "premi «Paga ora»" in reply
    [pay] = [b for b in mario.keyboard() if b["text"] == "Paga ora"]
    assert pay["url"].startswith(f"{stack.provider_url}/pay/") and "callback_data" not in pay
    mark = telegram_api.mark()
    paying = urllib.request.Request(f"{pay['url']}/pay", data=b"", method="POST")
    assert "Pagamento riuscito" in urllib.request.urlopen(paying, timeout=30).read().decode()
    deadline = time.monotonic() + 20
    while not (told := [m["text"] for m in telegram_api.sent(mark) if m["chat_id"] == "5550013"]):
        assert time.monotonic() < deadline, "the chat was not told"
        time.sleep(0.2)
    assert told == [f"Pagamento ricevuto: {format_euro(order.total)} per l'ordine n. {order.number}. Il rinnovo è "
                    f"concluso, la nuova scadenza è il {order.new_expiry:%d/%m/%Y}. Il rinnovo automatico è attivo: "
                    f"il prossimo avverrà il {order.automatic_renewal_date:%d/%m/%Y}, con carta di credito."]

