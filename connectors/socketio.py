"""Rasa's socket.io channel (the support page's chat widget) behind the gate:
the widget's ``customData`` carries the customer's token, checked and replaced by
the verified identity before Rasa records the message (``connectors.gate``)."""
from __future__ import annotations

from typing import Any

from rasa.core.channels import socketio
from sanic import Blueprint

from connectors.gate import Gate, OnNewMessage


class SocketIOInput(socketio.SocketIOInput):
    @classmethod
    def name(cls) -> str:
        return "socketio"

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        return super().blueprint(Gate().wrap(on_new_message))
