"""NLU quality by cross-validation: intent F1, entity F1, and the fallback threshold.

    .venv/bin/python bench/nlu_quality.py [--config config.yml] [--folds 5] [--out results/nlu]

Runs `rasa test nlu --cross-validation` with the pipeline minus its
FallbackClassifier (so every held-out prediction keeps its own confidence),
then prints a Markdown summary:
- intent accuracy and macro-F1;
- entity precision/recall/F1 per type, each type scored on the extractor that
  owns it (Rasa scores every extractor on every type, which is meaningless for
  deterministic extractors), and micro-averaged;
- for fallback thresholds 0.1 to 0.9, the share of correct predictions kept and
  of wrong predictions turned into a fallback.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parent.parent
OWNERS = {
    "ItalianEntityExtractor": {"storage_gb", "users", "years", "number", "module", "payment_method",
                               "agreement_code"},
}
SPAN_TYPES = {"storage_gb", "users", "years", "number"}  # valued by the normaliser: compare spans and roles


def run_cross_validation(config: Path, folds: int, out: Path, strip_fallback: bool = True,
                         sample_every: int = 1) -> None:
    """``sample_every`` > 1 keeps one example in that many (lookup tables, regexes and synonyms all):
    a quick run that goes through every step, for the bench's smoke test."""
    pipeline_config = yaml.safe_load(config.read_text())
    if strip_fallback:
        pipeline_config["pipeline"] = [c for c in pipeline_config["pipeline"] if c["name"] != "FallbackClassifier"]
    with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False) as handle:
        yaml.safe_dump(pipeline_config, handle)
    data = PROJECT / "data" / "nlu"
    if sample_every > 1:
        out.mkdir(parents=True, exist_ok=True)
        data = out / "sampled-nlu.yml"
        data.write_text(_sampled(PROJECT / "data" / "nlu", sample_every))
    subprocess.run(
        [str(Path(sys.executable).parent / "rasa"), "test", "nlu", "--cross-validation", "--folds", str(folds),
         "--successes", "--config", handle.name, "--nlu", str(data), "--out", str(out)],
        cwd=PROJECT, check=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
    )


def _sampled(data: Path, every: int) -> str:
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLWriter
    from rasa.shared.nlu.training_data.loading import load_data
    from rasa.shared.nlu.training_data.training_data import TrainingData

    full = load_data(str(data))
    by_intent: dict[str, list] = {}
    for example in full.intent_examples:
        by_intent.setdefault(example.get("intent"), []).append(example)
    kept = [e for examples in by_intent.values() for e in examples[::every]]
    return RasaYAMLWriter().dumps(TrainingData(kept, entity_synonyms=full.entity_synonyms,
                                               regex_features=full.regex_features, lookup_tables=full.lookup_tables))


def _key(entity: dict, text: str) -> tuple:
    if entity["entity"] in SPAN_TYPES:
        return entity["entity"], entity["start"], entity["end"], entity.get("role")
    return entity["entity"], str(entity["value"]).lower()


def entity_scores(out: Path) -> dict[str, Counter]:
    counts: dict[str, Counter] = {}
    for extractor, types in OWNERS.items():
        examples = []
        for kind in ("successes", "errors"):
            path = out / f"{extractor}_{kind}.json"
            if path.exists():
                examples += json.loads(path.read_text())
        for example in examples:
            gold = Counter(_key(e, example["text"]) for e in example["entities"] if e["entity"] in types)
            predicted = Counter(_key(e, example["text"]) for e in example["predicted_entities"]
                                if e["entity"] in types and e.get("extractor") == extractor)
            for key in gold | predicted:
                tally = counts.setdefault(key[0], Counter())
                tally["tp"] += min(gold[key], predicted[key])
                tally["fn"] += max(0, gold[key] - predicted[key])
                tally["fp"] += max(0, predicted[key] - gold[key])
    return counts


def prf(tally: Counter) -> tuple[float, float, float]:
    precision = tally["tp"] / (tally["tp"] + tally["fp"]) if tally["tp"] + tally["fp"] else 1.0
    recall = tally["tp"] / (tally["tp"] + tally["fn"]) if tally["tp"] + tally["fn"] else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def intent_predictions(out: Path) -> list[tuple[bool, float]]:
    rows = []
    for kind, correct in (("intent_successes.json", True), ("intent_errors.json", False)):
        path = out / kind
        if path.exists():
            rows += [(correct, e["intent_prediction"]["confidence"]) for e in json.loads(path.read_text())]
    return rows


def worst_utterances(out: Path, count: int = 10) -> list[dict]:
    """The held-out utterances the classifier got wrong with the most confidence."""
    path = out / "intent_errors.json"
    errors = json.loads(path.read_text()) if path.exists() else []
    errors.sort(key=lambda e: -(e["intent_prediction"].get("confidence") or 0))
    return [{"text": e["text"], "intent": e["intent"], "predicted": e["intent_prediction"]["name"],
             "confidence": e["intent_prediction"]["confidence"]} for e in errors[:count]]


def rasa_entity_f1(out: Path) -> float | None:
    """Rasa's own micro-averaged F1 over every trainable extractor's report (the default pipeline's DIET)."""
    reports = [json.loads(p.read_text()) for p in out.glob("*_report.json")
               if not p.name.startswith(("intent", "ItalianEntity", "response"))]
    scores = [r["micro avg"]["f1-score"] for r in reports if "micro avg" in r]
    return max(scores) if scores else None


def evaluate(config: Path, folds: int, out: Path, strip_fallback: bool = True, sample_every: int = 1,
             repeats: int = 1) -> dict:
    """Cross-validates ``config`` on the project's data ``repeats`` times (Rasa draws new folds each time);
    the figures the bench report shows: intent figures averaged over the runs, with their range, entities
    counted over all of them. The first run's files stay in ``out`` (the confusion matrix, the worst errors)."""
    started = time.perf_counter()
    runs = [out] + [out / f"repeat-{i}" for i in range(2, repeats + 1)]
    for run in runs:
        run_cross_validation(config, folds, run, strip_fallback, sample_every)
    reports = [json.loads((run / "intent_report.json").read_text()) for run in runs]
    macro_f1 = [r["macro avg"]["f1-score"] for r in reports]
    ours = [tally for run in runs for tally in entity_scores(run).values()]
    entity_f1 = prf(sum(ours, Counter()))[2] if ours else rasa_entity_f1(out)
    intents = [k for k, v in reports[0].items() if isinstance(v, dict) and "support" in v and "avg" not in k]
    return {"folds": folds, "repeats": repeats, "seconds": time.perf_counter() - started,
            "intent_accuracy": sum(r["accuracy"] for r in reports) / len(reports),
            "intent_macro_f1": sum(macro_f1) / len(macro_f1), "intent_macro_f1_runs": macro_f1,
            "entity_f1": entity_f1,
            "entity_scoring": "per owning extractor (spans and roles for quantities)" if ours
            else "Rasa's micro average over the trainable extractor",
            "worst": worst_utterances(out),
            "per_intent": {k: sum(r[k]["f1-score"] for r in reports) / len(reports) for k in intents}}


def report(out: Path) -> str:
    intents = json.loads((out / "intent_report.json").read_text())
    lines = ["## Intents (cross-validation)", "",
             f"- accuracy {intents['accuracy']:.3f}, macro-F1 {intents['macro avg']['f1-score']:.3f}, "
             f"weighted F1 {intents['weighted avg']['f1-score']:.3f}", "",
             "| intent | F1 | support |", "|---|---|---|"]
    per_intent = {k: v for k, v in intents.items() if isinstance(v, dict) and "support" in v and "avg" not in k}
    for name, scores in sorted(per_intent.items(), key=lambda kv: kv[1]["f1-score"]):
        lines.append(f"| {name} | {scores['f1-score']:.2f} | {scores['support']} |")
    counts = entity_scores(out)
    total = sum(counts.values(), Counter())
    p, r, f = prf(total)
    lines += ["", "## Entities", "", f"- micro precision {p:.3f}, recall {r:.3f}, F1 {f:.3f}", "",
              "| entity | precision | recall | F1 | support |", "|---|---|---|---|---|"]
    for name, tally in sorted(counts.items()):
        p, r, f = prf(tally)
        lines.append(f"| {name} | {p:.2f} | {r:.2f} | {f:.2f} | {tally['tp'] + tally['fn']} |")
    predictions = intent_predictions(out)
    right = [c for ok, c in predictions if ok]
    wrong = [c for ok, c in predictions if not ok]
    lines += ["", "## Fallback threshold", "",
              f"{len(right)} correct and {len(wrong)} wrong held-out predictions.", "",
              "| threshold | correct kept | wrong caught |", "|---|---|---|"]
    for step in range(1, 10):
        t = step / 10
        kept = sum(c >= t for c in right) / len(right) if right else 1.0
        caught = sum(c < t for c in wrong) / len(wrong) if wrong else 0.0
        lines.append(f"| {t:.1f} | {kept:.1%} | {caught:.1%} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", type=Path, default=PROJECT / "config.yml")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=PROJECT / "results" / "nlu")
    parser.add_argument("--report-only", action="store_true", help="summarise an earlier run in --out")
    args = parser.parse_args()
    if not args.report_only:
        run_cross_validation(args.config, args.folds, args.out)
    text = report(args.out)
    (args.out / "nlu_quality.md").write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
