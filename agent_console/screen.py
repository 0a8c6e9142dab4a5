"""The console's terminal screen (curses): the dialogue on the left, the
customer's account and cart on the right, the agent's input at the bottom."""
from __future__ import annotations

import curses
import textwrap

from agent_console.session import AgentSession

PROMPT = "> "


def wrap(lines: list[str], width: int) -> list[str]:
    out: list[str] = []
    for line in lines:
        out += textwrap.wrap(line, max(width, 10)) or [""]
    return out


def dialogue_lines(session: AgentSession, width: int) -> list[str]:
    out: list[str] = []
    for line in session.dialogue:
        for i, part in enumerate(line.text.splitlines() or [""]):
            out += wrap([f"{line.speaker}: {part}" if i == 0 else f"  {part}"], width)
    return out


def draw(window: "curses.window", session: AgentSession, typed: str, busy: bool = False) -> None:
    height, width = window.getmaxyx()
    left = max(int(width * 0.58), 20)
    body = height - 2
    window.erase()
    title = f" Rinnovi Fatturazione Elettronica — sessione guidata{' — ' + session.account if session.account else ''} "
    window.addnstr(0, 0, title.ljust(width), width - 1, curses.A_REVERSE)
    for row, text in enumerate(dialogue_lines(session, left - 1)[-(body - 1):], start=1):
        window.addnstr(row, 0, text, left - 1)
    for row in range(1, body):
        window.addstr(row, left, "│")
    for row, text in enumerate(wrap(session.status_lines(), width - left - 3)[:body - 1], start=1):
        window.addnstr(row, left + 2, text, width - left - 3)
    prompt = "(l'assistente risponde…)" if busy else PROMPT + typed
    window.addnstr(height - 1, 0, prompt[-(width - 1):], width - 1)
    window.refresh()


def run(window: "curses.window", session: AgentSession) -> None:
    curses.curs_set(1)
    typed = ""
    while not session.finished:
        draw(window, session, typed)
        key = window.get_wch()
        if key in ("\n", "\r", curses.KEY_ENTER):
            draw(window, session, "", busy=True)
            session.handle(typed)
            typed = ""
        elif key in (curses.KEY_BACKSPACE, "\b", "\x7f"):
            typed = typed[:-1]
        elif key == curses.KEY_RESIZE:
            continue
        elif isinstance(key, str) and key.isprintable():
            typed = (typed + key)[:1000]
