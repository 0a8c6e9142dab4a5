"""Issue 27 (10): the desk's transcript shows what the customer pressed (the button's title) or wrote, never an
intent payload."""
from __future__ import annotations

from renewal.text import desk as desk_text
from servers.rasa_api import transcript


def test_a_pressed_button_shows_its_title_and_the_chat_opening_is_said_in_words():
    events = [
        {"event": "user", "text": "/greet", "timestamp": 1},
        {"event": "bot", "text": "Vuoi parlare con un operatore del supporto?", "timestamp": 2,
         "data": {"buttons": [{"title": "Sì, un operatore", "payload": "/affirm"},
                              {"title": "No, continuiamo", "payload": "/deny"}]}},
        {"event": "user", "text": "/affirm", "timestamp": 3},
        {"event": "bot", "text": "Per quanti anni vuoi rinnovare?", "timestamp": 4,
         "data": {"buttons": [{"title": "2 anni", "payload": '/inform{"years": "2"}'}]}},
        {"event": "user", "text": '/inform{"years": "2"}', "timestamp": 5},
        {"event": "user", "text": "/deny", "timestamp": 6},  # typed, or a button of an older message
        {"event": "user", "text": "tre anni", "timestamp": 7},
    ]
    said = [line["text"] for line in transcript(events) if line["who"] == "customer"]
    assert said == [desk_text.CHAT_OPENED, "Sì, un operatore", "2 anni", "No, continuiamo", "tre anni"]
