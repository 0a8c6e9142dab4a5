"""Issue 24, the desk's reach: who may read a request (the agent who holds it; a supervisor any), the
headers and cookies of its responses, and ids that name nothing."""
from __future__ import annotations

import http.client
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest

from renewal.services.handoff import HandoffService
from tests.e2e.desk_client import PASSWORD, DeskAgent, make_agent
from tests.processes import serving
from tests.services import free_port

ROSSI = "1000001@aruba.it"
HUGE = "9" * 30


def events_status(agent: DeskAgent, query: str) -> int:
    """The status of the live stream's answer (the stream itself is closed at once)."""
    try:
        with agent.opener.open(f"{agent.url}/desk/events{query}", timeout=30) as stream:
            return stream.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def agents(stack, assistant, demo) -> dict[str, DeskAgent]:
    make_agent(assistant.database_url, "mario.rossi")
    make_agent(assistant.database_url, "anna.bianchi")
    make_agent(assistant.database_url, "sara.verdi", supervisor=True)
    signed = {}
    for name in ("mario.rossi", "anna.bianchi", "sara.verdi"):
        signed[name] = DeskAgent(stack.desk_url)
        signed[name].sign_in(name)
    return signed


def test_a_request_is_read_by_the_agent_who_holds_it_or_a_supervisor(assistant, demo, agents):
    mario, anna, sara = agents["mario.rossi"], agents["anna.bianchi"], agents["sara.verdi"]
    assistant.conversation(ROSSI).say("voglio parlare con un operatore")
    [request] = HandoffService(demo.database, demo.clock).queue()
    assert events_status(anna, f"?open={request.id}") == 200  # waiting: anyone may look before taking it
    assert mario.post(f"/desk/api/handoffs/{request.id}/take")[1]["ok"]
    for reader, allowed in ((anna, False), (mario, True), (sara, True)):
        assert events_status(reader, f"?open={request.id}") == (200 if allowed else 403)
    opened = sara.wait_for(lambda s: "open" in s, open_id=request.id)["open"]
    assert opened["panel"]["email"] and not opened["mine"]  # the supervisor reads; it is not hers to answer
    assert anna.post(f"/desk/api/handoffs/{request.id}/reply", {"text": "ciao"})[0] == 409
    assert mario.post(f"/desk/api/handoffs/{request.id}/close")[1]["ok"]
    for reader, allowed in ((anna, False), (mario, True), (sara, True)):  # closed: the same
        assert events_status(reader, f"?open={request.id}") == (200 if allowed else 403)


def test_ids_that_name_nothing_get_404(agents):
    mario = agents["mario.rossi"]
    for path in (f"/desk/api/handoffs/{HUGE}/take", f"/desk/api/handoffs/{2 ** 31}/reply"):
        assert mario.post(path, {"text": "x"})[0] == 404
    for query in (f"?open={HUGE}", "?open=123456789", "?open=-1", "?open=%D9%A1%D9%A2"):  # the last: Arabic digits
        assert events_status(mario, query) == 404


def test_only_a_redirect_carries_a_location(stack, agents):
    """Every desk response carried `Location: /desk/` once a redirect had been made (a shared dict)."""
    agents["mario.rossi"].sign_in("mario.rossi")  # a redirect to /desk/
    connection = http.client.HTTPConnection(urllib.parse.urlsplit(stack.desk_url).netloc, timeout=30)
    for path in ("/desk/login", "/health", "/desk/desk.js"):
        connection.request("GET", path)
        reply = connection.getresponse()
        reply.read()
        assert reply.status == 200 and reply.getheader("Location") is None, path
    connection.close()


@pytest.fixture
def https_desk(stack) -> Iterator[str]:
    """A second desk, told that agents reach it over https (behind a TLS proxy)."""
    env = {**os.environ, **stack.env, "RENEWAL_DESK_PUBLIC_URL": "https://desk.example.test"}
    with serving("servers.desk", free_port(), env, "--rasa-url", stack.rasa_url) as url:
        yield url


def test_cookies_are_secure_when_the_desk_is_served_over_https(https_desk, assistant, demo):
    make_agent(assistant.database_url, "mario.rossi")
    connection = http.client.HTTPConnection(urllib.parse.urlsplit(https_desk).netloc, timeout=30)
    connection.request("GET", "/desk/login")
    page = connection.getresponse()
    body = page.read().decode()
    login_cookie = page.getheader("Set-Cookie")
    assert "Secure" in login_cookie
    token = re.search(r'name="csrf" value="([^"]+)"', body).group(1)
    form = urllib.parse.urlencode({"csrf": token, "name": "mario.rossi", "password": PASSWORD})
    connection.request("POST", "/desk/login", form, {"Content-Type": "application/x-www-form-urlencoded",
                                                    "Cookie": login_cookie.split(";")[0]})
    signed = connection.getresponse()
    signed.read()
    cookies = signed.msg.get_all("Set-Cookie")
    assert signed.status == 303 and signed.getheader("Location") == "/desk/"
    session = next(c for c in cookies if c.startswith("desk_session="))
    assert "Secure" in session and "HttpOnly" in session and "SameSite=Strict" in session
    connection.close()
