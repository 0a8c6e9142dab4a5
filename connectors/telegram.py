"""Telegram for Rasa 3.6, with the settings from the environment, a configurable
Bot API server, a webhook secret, and chats linked to accounts.

Settings (``credentials.yml`` keys override them): ``TELEGRAM_ACCESS_TOKEN``
(the channel is off without it), ``TELEGRAM_WEBHOOK_URL`` (registered with
Telegram at start), ``TELEGRAM_WEBHOOK_SECRET`` (Telegram echoes it in the
``X-Telegram-Bot-Api-Secret-Token`` header; updates without it are refused;
with a token and no secret the channel refuses to start) and
``TELEGRAM_API_BASE_URL`` (a local Bot API server; default api.telegram.org).

A chat says who it is once: the customer opens ``https://t.me/<bot>?start=CODE``
(or sends ``/start CODE``) with a one-time code from ``python -m renewal
link-code``; from then on each message reaches the assistant with a short-lived
token for the linked account, minted here. Unlinked chats get the sign-in
explanation and never reach the assistant.

The bot's commands (``/help``, ``/annulla``, ``/operatore``) are registered with
``setMyCommands`` at start; every button press is answered with
``answerCallbackQuery``; a button's ``callback_data`` stays within Telegram's 64
bytes; a link button (the pay page) opens its address; an edited message is not a new turn.
"""
from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any, Optional

from aiogram import Bot
from aiogram.bot.api import TELEGRAM_PRODUCTION, TelegramAPIServer
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Update
from aiogram.utils.exceptions import TelegramAPIError
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.telegram import TelegramOutput
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from connectors import Wired
from connectors.gate import Gate
from renewal.bootstrap import Services
from renewal.config import TelegramSettings
from renewal.domain.decision import Decision, Reason
from renewal.text import messages

logger = logging.getLogger(__name__)

CHANNEL = "telegram"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_CALLBACK_DATA = 64  # bytes, as the Bot API allows
COMMAND_TEXTS = {"/annulla": "annulla", "/operatore": "voglio parlare con un operatore"}


class TelegramBotOutput(TelegramOutput):
    """Rasa's Telegram output (texts, buttons as inline keyboards) on any Bot API server."""

    def __init__(self, access_token: str, api_base_url: Optional[str] = None) -> None:
        server = TelegramAPIServer.from_base(api_base_url) if api_base_url else TELEGRAM_PRODUCTION
        Bot.__init__(self, access_token, server=server)

    async def send_text_with_buttons(self, recipient_id: str, text: str, buttons: list[dict[str, Any]],
                                     button_type: Optional[str] = "inline", **kwargs: Any) -> None:
        if any(button.get("url") for button in buttons):  # a link (the pay page) opens in the browser
            markup = InlineKeyboardMarkup()
            markup.row(*(InlineKeyboardButton(b["title"], url=b["url"]) if b.get("url")
                         else InlineKeyboardButton(b["title"], callback_data=callback_data(b)) for b in buttons))
            await self.send_message(recipient_id, text, reply_markup=markup)
            return
        await super().send_text_with_buttons(recipient_id, text, [
            {**button, "payload": callback_data(button)} for button in buttons], button_type, **kwargs)


def callback_data(button: dict[str, Any]) -> str:
    """The button's payload when it fits Telegram's 64 bytes, else its title (understood as typed)."""
    for candidate in (str(button.get("payload") or ""), str(button.get("title") or "")):
        if candidate and len(candidate.encode()) <= MAX_CALLBACK_DATA:
            return candidate
    return str(button.get("title") or "").encode()[:MAX_CALLBACK_DATA].decode(errors="ignore")


def update_text(update: Update) -> tuple[Optional[str], Optional[str]]:
    """The chat and the text of an update: a message or a button. An edited message is not a new turn
    (the customer corrects what the bot already answered: they write again if it matters)."""
    if update.callback_query is not None and update.callback_query.message is not None:
        return str(update.callback_query.message.chat.id), update.callback_query.data
    message = update.message
    if message is None or message.text is None:
        return None, None
    return str(message.chat.id), message.text


class TelegramChannel(InputChannel):
    @classmethod
    def name(cls) -> str:
        return CHANNEL

    @classmethod
    def from_credentials(cls, credentials: Optional[dict[str, Any]]) -> InputChannel:
        given, services = credentials or {}, Wired.get()
        configured = services.settings.telegram
        settings = replace(configured, **{key: given[key] for key in ("access_token", "webhook_url", "webhook_secret",
                                                                     "api_base_url") if given.get(key)})
        if settings.access_token and not settings.webhook_secret:
            # Chat ids are not secret: without the secret anyone reaching the webhook could write as any chat.
            raise RasaException("Telegram: TELEGRAM_ACCESS_TOKEN is set but TELEGRAM_WEBHOOK_SECRET is not; "
                                "set a secret (e.g. openssl rand -hex 24) or unset the token to turn Telegram off")
        return cls(settings, services)

    def __init__(self, settings: TelegramSettings, services: Services) -> None:
        self.settings = settings
        self.services = services
        self.access = services.access
        self.output: Optional[TelegramBotOutput] = None

    def get_output_channel(self) -> Optional[TelegramBotOutput]:
        return self.output

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        telegram = Blueprint("telegram_webhook", __name__)
        settings = self.settings

        @telegram.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok" if settings.access_token else "off"})

        token = settings.access_token
        if not token:
            logger.info("Telegram is off: TELEGRAM_ACCESS_TOKEN is not set")
            return telegram
        on_new_message = Gate.of(self.services).wrap(on_new_message)

        @telegram.listener("after_server_start")
        async def register_webhook(app: Any, loop: Any) -> None:
            self.output = TelegramBotOutput(token, settings.api_base_url)
            try:
                await self.output.request("setMyCommands", {"commands": json.dumps(
                    [{"command": name, "description": text} for name, text in messages.TELEGRAM_COMMANDS], ensure_ascii=False)})
            except TelegramAPIError as error:
                logger.error("Telegram refused the bot's commands: %s", error)
            if not settings.webhook_url:
                logger.warning("TELEGRAM_WEBHOOK_URL is not set: the webhook is not registered with Telegram")
                return
            data = {"url": settings.webhook_url, "secret_token": settings.webhook_secret}
            try:
                await self.output.request("setWebhook", data)
                logger.info("Telegram webhook registered")
            except TelegramAPIError as error:
                logger.error("Telegram refused the webhook: %s", error)

        @telegram.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if not settings.webhook_secret or not hmac.compare_digest(
                    (request.headers.get(SECRET_HEADER) or "").encode(), settings.webhook_secret.encode()):
                return response.text("forbidden", status=403)
            try:
                update = Update(**request.json)
                chat_id, text = update_text(update)
            except Exception:  # anything that is not an Update as the Bot API documents it
                return response.text("not an update", status=400)
            if update.callback_query is not None:
                await self._output().answer_callback_query(update.callback_query.id)
            if chat_id is not None and text:
                await self._handle(chat_id, text, on_new_message)
            return response.text("ok")

        return telegram

    async def _handle(self, chat_id: str, text: str, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        command, _, argument = text.strip().partition(" ")
        command = command.split("@")[0]
        if command == "/start":
            await self._link(chat_id, argument)
            return
        if command == "/help":
            await self._say(chat_id, messages.TELEGRAM_HELP)
            return
        text = COMMAND_TEXTS.get(command, text)
        token = await asyncio.to_thread(self.access.channel_token, CHANNEL, chat_id)
        if token is None:
            await self._say(chat_id, messages.explain(Decision.refuse(Reason.CHAT_NOT_LINKED)))
            return
        await on_new_message(UserMessage(text, self.output, chat_id, input_channel=CHANNEL,
                                         metadata={"token": token}))

    async def _link(self, chat_id: str, code: str) -> None:
        if not code.strip():
            linked = await asyncio.to_thread(self.access.linked_account, CHANNEL, chat_id)
            await self._say(chat_id, messages.telegram_linked(linked) if linked
                            else messages.explain(Decision.refuse(Reason.CHAT_NOT_LINKED)))
            return
        redeemed = await asyncio.to_thread(self.access.redeem_link_code, CHANNEL, chat_id, code)
        await self._say(chat_id, messages.telegram_linked(redeemed.value) if redeemed.ok
                        else messages.explain(redeemed))

    async def _say(self, chat_id: str, text: str) -> None:
        await self._output().send_text_message(chat_id, text)

    def _output(self) -> TelegramBotOutput:
        if self.output is None:
            raise RuntimeError("Telegram's output is made when the server starts")
        return self.output
