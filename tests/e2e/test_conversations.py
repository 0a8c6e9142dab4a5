"""The conversation corpus over REST (bench/conversations.py): realistic renewals
written apart from the project, each on fresh demo data. The dev part was read
while building the assistant; the sealed part is only measured, so a failure
there names the conversation and no more (read it only to measure again)."""
from __future__ import annotations

import pytest

from bench import conversations

TARGET = 0.97


@pytest.mark.parametrize("part", ["dev", "sealed"])
def test_the_corpus_passes(assistant, part):
    summary = conversations.run(part, assistant.url, assistant.token, assistant.reset)
    failed = [o for o in summary.outcomes if not o.passed]
    details = "\n".join(f"{o.id}: " + "; ".join(o.problems) for o in failed) if part == "dev" else \
        ", ".join(o.id for o in failed)
    assert summary.pass_rate >= TARGET, f"{len(failed)} of {len(summary.outcomes)} failed: {details}"
    assert len(summary.outcomes) >= 50
