"""The conversation corpus over REST (bench/conversations.py): realistic renewals
written apart from the project, each on fresh demo data, on assistants of their own
replaying side by side. The dev part was read while building the assistant; the
sealed part is only measured, so a failure there names the conversation and no
more (read it only to measure again)."""
from __future__ import annotations

import pytest

from bench import conversations
from tests.conftest import TODAY
from tests.e2e.conftest import SECRETS

FLOOR = {"dev": 0.98, "sealed": 0.89}
"""The dev part passes but for known misses, each named with its reason at the top of its file (38 of 2,538 on
2026-12-06: bi to ch brought 26 of them, compositions not made yet or product choices the conversations do not
share). The sealed
part is never tuned to, so its figure is reported by the benchmark against its target, and here it only guards
against a regression below what was measured (75 of 84, 89 %, on 2026-12-04)."""


@pytest.fixture(scope="module")
def lanes(model, tmp_path_factory):
    with conversations.started_lanes(conversations.LANES, model, tmp_path_factory.mktemp("corpus"), TODAY,
                                     SECRETS) as started:
        yield started


@pytest.mark.parametrize("part", ["dev", "sealed"])
def test_the_corpus_passes(lanes, part):
    summary = conversations.run(part, lanes)
    failed = [o for o in summary.outcomes if not o.passed]
    details = "\n".join(f"{o.id}: " + "; ".join(o.problems) for o in failed) if part == "dev" else \
        ", ".join(o.id for o in failed)
    assert summary.pass_rate >= FLOOR[part], f"{len(failed)} of {len(summary.outcomes)} failed: {details}"
    assert len(summary.outcomes) >= 50
