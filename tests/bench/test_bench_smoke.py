"""The bench command keeps working: a smoke run (few turns, two folds) writes the
whole report. Rasa's default pipeline is left out (``--without-default-pipeline``):
cross-validating even a one-epoch DIET took 6 of the suite's minutes, and it
measures Rasa, not this project. The smoke run trains with the project's cache (the ``model`` fixture
has just filled it) and cross-validates on one example in five. No timing is asserted here; the targets live in
the report."""
from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import PROJECT


def test_the_bench_writes_every_section_of_the_report(tmp_path, model):
    out = tmp_path / "bench"
    done = subprocess.run([sys.executable, "-m", "bench.run", "--smoke", "--without-default-pipeline", "--out", str(out)],
                          cwd=PROJECT, capture_output=True, text=True, timeout=1500, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr[-3000:]
    report = (out / "report.md").read_text()
    for section in ("## Targets", "## NLU", "## NLU on held-out utterances", "## Dialogue", "## Latency per turn over REST",
                    "## Orders under load", "## Training, loading, memory"):
        assert section in report
    assert (out / "latency.png").stat().st_size > 0 and (out / "confusion-project.png").stat().st_size > 0
    figures = json.loads((out / "figures.json").read_text())
    corpus = figures["dialogue"]["corpus"]
    assert corpus["dev"]["conversations"] == corpus["sealed"]["conversations"] == 2
    assert figures["dialogue"]["stories"]["total"] > 0
    assert figures["heldout"]["sealed"]["count"] > 300 and 0 <= figures["heldout"]["sealed"]["macro_f1"] <= 1
    orders = figures["orders"]
    assert orders["orders"] == orders["confirmed"] == orders["conversations"] and orders["duplicated"] == 0
    assert not [r for r in figures["latency"]["ours"] + figures["latency"]["init"] if r["errors"]]
    assert len(figures["nlu"]["project"]["worst"]) == 10
