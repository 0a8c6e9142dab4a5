"""The NLU on the held-out utterances (``tests/heldout/{dev,sealed}/utterances.yml``):
written apart from ``data/nlu`` and never trained on.

    .venv/bin/python -m bench.heldout [--model models/renewal.tar.gz] [--part sealed]

Prints intent accuracy and macro-F1 (the fallback counts as a wrong intent) and
entity precision, recall and F1 per type, values compared as the actions read
them (a relative change as a signed number: "togli un giga" is storage_gb "-1").
Only figures and confusion counts are printed for the sealed part.
"""
from __future__ import annotations

import argparse
import asyncio
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from sklearn.metrics import f1_score

PROJECT = Path(__file__).resolve().parent.parent
HELDOUT = PROJECT / "tests" / "heldout"
QUANTITIES = {"storage_gb", "users", "years", "number"}
FALLBACK = "nlu_fallback"


def load(part: str) -> list[dict[str, Any]]:
    return yaml.safe_load((HELDOUT / part / "utterances.yml").read_text())


def _number(value: Any) -> str:
    try:
        return str(Decimal(str(value)).normalize())
    except InvalidOperation:
        return str(value)


def gold_entities(example: dict[str, Any]) -> Counter:
    found: Counter = Counter()
    for name, value in (example.get("entities") or {}).items():
        for one in value if isinstance(value, list) else [value]:
            text = str(one)
            if name in QUANTITIES:
                sign = text[0] if text[:1] in "+-" else ""
                found[(name, sign + _number(text.lstrip("+-")))] += 1
            else:
                found[(name, text.upper() if name == "agreement_code" else text)] += 1
    return found


def predicted_entities(entities: Iterable[dict[str, Any]]) -> Counter:
    found: Counter = Counter()
    for entity in entities:
        name, value = entity["entity"], entity.get("value")
        if name in QUANTITIES:
            sign = {"increase": "+", "decrease": "-"}.get(entity.get("role") or "", "")
            found[(name, sign + _number(value))] += 1
        else:
            found[(name, str(value).upper() if name == "agreement_code" else str(value))] += 1
    return found


@dataclass
class Scores:
    count: int = 0
    gold: list[str] = field(default_factory=list)
    predicted: list[str] = field(default_factory=list)
    entities: dict[str, Counter] = field(default_factory=dict)
    errors: list[dict[str, str]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return sum(g == p for g, p in zip(self.gold, self.predicted)) / len(self.gold)

    @property
    def macro_f1(self) -> float:
        labels = sorted(set(self.gold))
        return float(f1_score(self.gold, self.predicted, labels=labels, average="macro", zero_division=0))

    def entity_f1(self) -> tuple[float, float, float]:
        total = sum(self.entities.values(), Counter())
        return prf(total)

    def confusions(self) -> Counter:
        return Counter((g, p) for g, p in zip(self.gold, self.predicted) if g != p)


def prf(tally: Counter) -> tuple[float, float, float]:
    precision = tally["tp"] / (tally["tp"] + tally["fp"]) if tally["tp"] + tally["fp"] else 1.0
    recall = tally["tp"] / (tally["tp"] + tally["fn"]) if tally["tp"] + tally["fn"] else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


async def _parse_all(model: Path, texts: list[str]) -> list[dict[str, Any]]:
    import logging

    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog
    configure_structlog(logging.WARNING)
    agent = Agent.load(str(model))
    return [await agent.parse_message(text) for text in texts]


def score(model: Path, part: str) -> Scores:
    examples = load(part)
    parses = asyncio.run(_parse_all(model, [e["text"] for e in examples]))
    scores = Scores(count=len(examples))
    for example, parse in zip(examples, parses):
        predicted = (parse.get("intent") or {}).get("name") or FALLBACK
        if predicted == FALLBACK and example["intent"] == "out_of_scope":
            predicted = "out_of_scope"  # not understood is the right outcome for what is out of scope
        scores.gold.append(example["intent"])
        scores.predicted.append(predicted)
        if predicted != example["intent"]:
            scores.errors.append({"text": example["text"], "intent": example["intent"], "predicted": predicted})
        gold, found = gold_entities(example), predicted_entities(parse.get("entities") or [])
        for key in gold | found:
            tally = scores.entities.setdefault(key[0], Counter())
            tally["tp"] += min(gold[key], found[key])
            tally["fn"] += max(0, gold[key] - found[key])
            tally["fp"] += max(0, found[key] - gold[key])
    return scores


def figures(model: Path, part: str) -> dict[str, Any]:
    """The figures the bench report shows for ``part``."""
    scores = score(model, part)
    return {"count": scores.count, "accuracy": scores.accuracy, "macro_f1": scores.macro_f1,
            "entity_f1": scores.entity_f1()[2],
            "confusions": [[g, p, n] for (g, p), n in scores.confusions().most_common(8)]}


def report(scores: Scores, part: str, show_errors: bool) -> str:
    lines = [f"## Held-out NLU ({part}, {scores.count} utterances)", "",
             f"- intent accuracy {scores.accuracy:.3f}, macro-F1 {scores.macro_f1:.3f}",
             "- entity P/R/F1 {:.3f} / {:.3f} / {:.3f}".format(*scores.entity_f1()), ""]
    for name, tally in sorted(scores.entities.items()):
        lines.append(f"  - {name}: P/R/F1 %.3f / %.3f / %.3f (%d gold)" % (*prf(tally), tally["tp"] + tally["fn"]))
    lines += ["", "Most frequent confusions (intent -> predicted):"]
    lines += [f"- {g} -> {p}: {n}" for (g, p), n in scores.confusions().most_common(12)]
    if show_errors:
        lines += ["", "Errors:"] + [f"- {e['text']!r}: {e['intent']} -> {e['predicted']}" for e in scores.errors]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, default=PROJECT / "models" / "renewal.tar.gz")
    parser.add_argument("--part", choices=["dev", "sealed"], default="dev")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    scores = score(args.model, args.part)
    print(report(scores, args.part, show_errors=args.part == "dev"))
    if args.json:
        args.json.write_text(json.dumps({"part": args.part, "count": scores.count, "accuracy": scores.accuracy,
                                         "macro_f1": scores.macro_f1, "entity_f1": scores.entity_f1()[2]}))


if __name__ == "__main__":
    main()
