"""What the console does, apart from drawing: guided sessions for a customer on the phone over
Rasa's REST channel (the agent's token and the customer's account in the metadata), with the live
account and cart from the database. Customers who ask for a person are answered in the desk
(``servers.desk``): the console only says how many wait."""
from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from typing import Optional

from renewal import messages
from renewal.access import AccessService
from renewal.clock import Clock
from renewal.decision import Decision
from renewal.formats import format_euro
from renewal.handoff import HandoffService, HandoffStatus
from renewal.service import RenewalService

HELP = ("Comandi: /cliente USERNAME apre una sessione guidata per il cliente · /esci. Tutto il resto lo scrivi "
        "all'assistente per conto del cliente. I clienti che chiedono un operatore si seguono nel desk.")


@dataclass
class Line:
    speaker: str  # "Operatore", "Assistente" or "Console"
    text: str


@dataclass
class AgentSession:
    rasa_url: str
    agent_token: str
    service: RenewalService
    agent: str = ""
    account: Optional[str] = None
    conversation_id: Optional[str] = None
    dialogue: list[Line] = field(default_factory=list)
    finished: bool = False

    @classmethod
    def sign_in(cls, rasa_url: str, agent_token: str, service: RenewalService, clock: Clock,
                secret: bytes) -> Decision["AgentSession"]:
        """The agent's token, checked before anything is shown."""
        agent = AccessService(service.database, clock, secret).agent(agent_token)
        return agent.map(lambda name: cls(rasa_url, agent_token, service, agent=name))

    def note(self, text: str) -> None:
        self.dialogue.append(Line("Console", text))

    def handle(self, typed: str) -> None:
        """One line the agent typed: a command, or words for the assistant."""
        text = typed.strip()
        if not text:
            return
        command, _, argument = text.partition(" ")
        commands = {"/cliente": self.open, "/esci": lambda _: self.quit(), "/aiuto": lambda _: self.note(HELP)}
        if command in commands:
            commands[command](argument.strip())
        elif self.account is None:
            self.note("Apri prima una sessione: /cliente USERNAME.")
        else:
            self.send(text)

    def open(self, username: str) -> None:
        account = self.service.account(username)
        if not account.ok:
            self.note(messages.explain(account))
            return
        self.account, self.conversation_id = account.value.username, f"agent-{self.agent}-{uuid.uuid4().hex[:8]}"
        self.dialogue = [Line("Console", f"Sessione guidata per {self.account}: scrivi come se fossi il cliente.")]

    def send(self, text: str) -> None:
        self.dialogue.append(Line("Operatore", text))
        body = {"sender": self.conversation_id, "message": text,
                "metadata": {"agent_token": self.agent_token, "account": self.account}}
        request = urllib.request.Request(f"{self.rasa_url}/webhooks/rest/webhook", data=json.dumps(body).encode(),
                                         headers={"Content-Type": "application/json"}, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                replies = json.loads(response.read())
        except (urllib.error.URLError, OSError, ValueError) as error:
            self.note(f"L'assistente non risponde ({error}): riprova tra poco.")
            return
        for reply in replies:
            text = reply.get("text") or ""
            buttons = [b.get("title", "") for b in reply.get("buttons") or []]
            if buttons:
                text += "\n[" + "] [".join(buttons) + "]"
            self.dialogue.append(Line("Assistente", text))

    def quit(self) -> None:
        self.finished = True

    def status_lines(self) -> list[str]:
        """The customer's account and renewal cart, read live from the database."""
        if self.account is None:
            return [f"Operatore: {self.agent}", "", "Nessun cliente aperto.", "", HELP]
        account = self.service.account(self.account)
        if not account.ok:
            return [messages.explain(account)]
        view = account.value
        lines = [f"Operatore: {self.agent}", f"Cliente: {view.holder_name} ({view.username})", "",
                 messages.status_text(view.status), ""]
        if view.unpaid_order is not None:
            order = view.unpaid_order
            lines.append(f"Ordine {order.number} in attesa di pagamento: {format_euro(order.total)} con "
                         f"{messages.PAYMENT_METHOD_NAMES[order.payment_method]}"
                         + (f", fatto da {order.placed_by_agent}." if order.placed_by_agent else "."))
        elif view.open_cart is not None:
            lines += messages.cart_summary(view.open_cart).splitlines()
        else:
            lines.append("Nessun carrello di rinnovo aperto.")
        waiting = sum(1 for r in HandoffService(self.service.database, self.service.clock).queue()
                      if r.status is HandoffStatus.WAITING)
        lines += ["", f"In coda per un operatore: {waiting}" + (" (nel desk)" if waiting else "")]
        return lines
