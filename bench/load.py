"""Conversations over Rasa's REST channel, many at once: the time of every turn.

Each conversation's turns go one after the other, as a person types; up to
``concurrency`` conversations run at the same time (one thread each).
"""
from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Optional

# A complete renewal for an account like 1000001@aruba.it: nine turns to an order.
RENEWAL_TURNS = ("voglio rinnovare", "lascia com'è", "lascia com'è", "va bene così", "no", "un anno",
                 "bonifico", "accetto", "confermo")
# The same number of turns for the assistant `rasa init` makes (its English mood bot), each one its stories or
# rules answer whatever its policy learnt: after "yes" its stories end, and «great» there got no reply from some
# trainings (TED is not seeded), which failed the smoke run now and then.
MOODBOT_TURNS = ("hello", "I am sad", "yes", "are you a bot?", "bye", "are you a human?", "goodbye", "am I talking to a bot?",
                 "bye")


@dataclass(frozen=True)
class Script:
    sender: str
    turns: Sequence[str]
    metadata: Optional[dict] = None


@dataclass
class ConversationResult:
    sender: str
    latencies: list[float] = field(default_factory=list)
    replies: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class LoadResult:
    concurrency: int
    conversations: list[ConversationResult]
    wall_seconds: float

    @property
    def latencies(self) -> list[float]:
        return [t for c in self.conversations for t in c.latencies]

    @property
    def errors(self) -> list[str]:
        return [e for c in self.conversations for e in c.errors]

    @property
    def turns_per_second(self) -> float:
        return len(self.latencies) / self.wall_seconds if self.wall_seconds else 0.0

    def percentile(self, share: float) -> float:
        return percentile(self.latencies, share)

    @classmethod
    def merged(cls, results: Sequence[LoadResult]) -> LoadResult:
        """Several runs at one level as one: their conversations, their wall time added."""
        return cls(results[0].concurrency, [c for r in results for c in r.conversations],
                   sum(r.wall_seconds for r in results))


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile (``share`` in 0..1); 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(share * len(ordered) + 0.5)))
    return ordered[rank - 1]


def say(url: str, sender: str, text: str, metadata: Optional[dict], timeout: float = 120) -> list[dict]:
    body: dict = {"sender": sender, "message": text}
    if metadata is not None:
        body["metadata"] = metadata
    request = urllib.request.Request(f"{url}/webhooks/rest/webhook", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())


def converse(url: str, script: Script) -> ConversationResult:
    result = ConversationResult(script.sender)
    for text in script.turns:
        started = time.perf_counter()
        try:
            replies = say(url, script.sender, text, script.metadata)
        except (urllib.error.URLError, OSError, ValueError) as error:
            result.errors.append(f"{script.sender} «{text}»: {error}")
            return result
        result.latencies.append(time.perf_counter() - started)
        said = "\n".join(r.get("text") or "" for r in replies)
        if not said:
            result.errors.append(f"{script.sender} «{text}»: no reply")
        result.replies.append(said)
    return result


def run_load(url: str, scripts: Sequence[Script], concurrency: int,
             conversation: Callable[[str, Script], ConversationResult] = converse) -> LoadResult:
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(lambda script: conversation(url, script), scripts))
    return LoadResult(concurrency, results, time.perf_counter() - started)
