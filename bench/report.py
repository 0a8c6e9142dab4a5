"""The Markdown report, from the figures one bench run measured."""
from __future__ import annotations


def _mark(ok: bool) -> str:
    return "met" if ok else "**missed**"


def _runs(nlu: dict) -> str:
    """" (mean of 3 runs on new folds: 0.948, 0.953, 0.957)", or nothing for a single run."""
    runs = nlu.get("intent_macro_f1_runs", [])
    return f" (mean of {len(runs)} runs on new folds: {', '.join(_f(r) for r in runs)})" if len(runs) > 1 else ""


def _f(value: float | None, digits: int = 3) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def render(f: dict, targets: dict) -> str:
    nlu, lat, dialogue, orders = f["nlu"], f["latency"], f["dialogue"], f["orders"]
    ours_nlu, default_nlu = nlu["project"], nlu["default"]
    ratios = [o["p95_ms"] / i["p95_ms"] if i["p95_ms"] else None for o, i in zip(lat["ours"], lat["init"])]
    errors = sum(r["errors"] for r in lat["ours"])
    corpus, held = dialogue["corpus"], f["heldout"]
    everything = {"conversations": sum(p["conversations"] for p in corpus.values()),
                  "passed": sum(p["passed"] for p in corpus.values())}
    rate = everything["passed"] / everything["conversations"] if everything["conversations"] else 0.0
    lines = [
        "# Benchmark report" + (" (smoke run: few turns, not for reading)" if f["smoke"] else ""),
        "",
        f"Measured in one run of `python -m bench.run` on {f['started']}; {f['machine']}.",
        "Everything runs on this machine: Rasa server, action server, SQLite database, the load generator.",
        "",
        "## Targets",
        "",
        "| target | measured | |",
        "|---|---|---|",
        f"| intent macro-F1 ≥ {targets['heldout_macro_f1']} on the sealed held-out utterances | "
        f"{_f(held['sealed']['macro_f1'])} ({held['sealed']['count']} utterances; dev part "
        f"{_f(held['dev']['macro_f1'])}) | {_mark(held['sealed']['macro_f1'] >= targets['heldout_macro_f1'])} |",
        f"| intent macro-F1 ≥ {targets['intent_macro_f1']} (cross-validation) | {_f(ours_nlu['intent_macro_f1'])}"
        f"{_runs(ours_nlu)} | "
        f"{_mark(ours_nlu['intent_macro_f1'] >= targets['intent_macro_f1'])} |",
        f"| conversation corpus ≥ {targets['conversations']:.0%} passing | {rate:.1%} "
        f"({everything['passed']} of {everything['conversations']}; sealed {corpus['sealed']['passed']} of "
        f"{corpus['sealed']['conversations']}) | {_mark(rate >= targets['conversations'])} |",
        f"| entity F1 ≥ {targets['entity_f1']} (cross-validation; sealed held-out) | {_f(ours_nlu['entity_f1'])}; "
        f"{_f(held['sealed']['entity_f1'])} | "
        f"{_mark(min(ours_nlu['entity_f1'] or 0, held['sealed']['entity_f1']) >= targets['entity_f1'])} |",
    ]
    for row, ratio in zip(lat["ours"], ratios):
        lines.append(f"| p95 per turn ≤ {targets['p95_ratio']}× the rasa init bot's at {row['concurrency']} "
                     f"concurrent | {_f(ratio, 2)}× | {_mark(ratio is not None and ratio <= targets['p95_ratio'])} |")
    top = lat["ours"][-1]["concurrency"]
    clean = errors == 0 and orders["orders"] == orders["confirmed"] == orders["conversations"] and not orders["duplicated"]
    lines += [
        f"| {top} concurrent conversations: no error, no order lost or duplicated | {errors} errors, "
        f"{orders['orders']} orders for {orders['conversations']} conversations, {orders['duplicated']} duplicated | "
        f"{_mark(clean)} |",
        "",
        "## NLU (cross-validation on the same data)",
        "",
        "| pipeline | folds | intent accuracy | intent macro-F1 | entity F1 | time |",
        "|---|---|---|---|---|---|",
    ]
    for name, row in (("this project's (`config.yml`, fallback removed)", ours_nlu),
                      ("Rasa's default (`language: it`, no pipeline)", default_nlu)):
        lines.append(f"| {name} | not measured in this run (`--without-default-pipeline`) | | | | |" if row is None
                     else f"| {name} | {row['folds']}{' × ' + str(row['repeats']) if row.get('repeats', 1) > 1 else ''} "
                     f"| {_f(row['intent_accuracy'])} | {_f(row['intent_macro_f1'])} "
                     f"| {_f(row['entity_f1'])} | {row['seconds']:.0f} s |")
    lines += [
        "",
        f"Entity F1: this project's is scored {ours_nlu['entity_scoring']}"
        + (f"; the default pipeline's is {default_nlu['entity_scoring']}." if default_nlu else "."),
        "",
        "![intent confusion matrix, this project's pipeline](confusion-project.png)",
        "",
        "Ten worst held-out utterances (wrong, most confident first), this project's pipeline:",
        "",
        "| utterance | intent | predicted | confidence |",
        "|---|---|---|---|",
    ]
    lines += [f"| {w['text'][:80]} | {w['intent']} | {w['predicted']} | {w['confidence']:.2f} |"
              for w in ours_nlu["worst"]]
    weakest = sorted(ours_nlu["per_intent"].items(), key=lambda kv: kv[1])[:5]
    lines += ["", "Weakest intents (F1): " + ", ".join(f"{k} {v:.2f}" for k, v in weakest), ""]
    lines += [
        "## NLU on held-out utterances",
        "",
        "Written apart from `data/nlu` by someone who had not read it, never trained on "
        "(`tests/heldout/*/utterances.yml`); the dev part was looked at while building, the sealed part only "
        "measured. A message out of scope that the NLU does not understand counts as right.",
        "",
        "| part | utterances | intent accuracy | intent macro-F1 | entity F1 | most frequent confusions |",
        "|---|---|---|---|---|---|",
    ]
    for part in ("dev", "sealed"):
        h = held[part]
        confused = ", ".join(f"{g}→{p} {n}" for g, p, n in h["confusions"][:4])
        lines.append(f"| {part} | {h['count']} | {_f(h['accuracy'])} | {_f(h['macro_f1'])} | {_f(h['entity_f1'])} | "
                     f"{confused} |")
    lines += [
        "",
        "## Dialogue",
        "",
        "Realistic renewals written apart from the project (`tests/heldout/*/conversations-*.yml`), replayed over "
        "REST on fresh demo data: each passes when every reply states its figures, none says «non ho capito» "
        "unexpectedly, and the database ends as written. Test stories (`rasa test core`, tests/stories): "
        f"{dialogue['stories']['passed']} of {dialogue['stories']['total']} passed.",
        "",
        "| part | conversations | passed | rate | turns to an order (mean) | failed | silent misreadings |",
        "|---|---|---|---|---|---|---|",
    ]
    for part, row in corpus.items():
        lines.append(f"| {part} | {row['conversations']} | {row['passed']} | {row['pass_rate']:.1%} | "
                     f"{_f(row['turns_to_order'], 1)} | {', '.join(row['failed']) or 'none'} | "
                     f"{len(row.get('silent', []))} |")
    lines += [
        "",
        "## Latency per turn over REST",
        "",
        "A turn is one POST to `/webhooks/rest/webhook` until the bot's replies come back: NLU, policies, the action "
        "server and the database for this assistant; NLU and policies for the `rasa init` bot (no custom action). "
        "Each of our conversations is a complete renewal (9 turns, its own account); each of the init bot's is 9 "
        "turns of its mood dialogue. At each level the two assistants take turns, round after round, so that "
        "both meet the same machine.",
        "",
        "| concurrent | assistant | conversations | turns | errors | p50 ms | p95 ms | p99 ms | turns/s | p95 ratio |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row, init, ratio in zip(lat["ours"], lat["init"], ratios):
        for name, r in (("renewal", row), ("rasa init", init)):
            lines.append(f"| {r['concurrency']} | {name} | {r['conversations']} | {r['turns']} | {r['errors']} | "
                         f"{r['p50_ms']:.0f} | {r['p95_ms']:.0f} | {r['p99_ms']:.0f} | {r['turns_per_s']:.1f} | "
                         f"{_f(ratio, 2) + '×' if name == 'renewal' else ''} |")
    lines += ["", "![latency per turn](latency.png)", ""]
    for r in lat["ours"]:
        lines += [f"- error at {r['concurrency']}: {e}" for e in r["first_errors"]]
    lines += [
        "",
        "## Orders under load",
        "",
        f"{orders['conversations']} renewals over all levels: {orders['confirmed']} confirmed in the dialogue, "
        f"{orders['orders']} orders in the database, {orders['duplicated']} accounts with more than one.",
        "",
        "## Training, loading, memory",
        "",
        "| | this assistant | rasa init bot |",
        "|---|---|---|",
        f"| training from a clean cache | {f['training']['clean_s']:.0f} s | "
        f"{_f(f['baseline']['training_s'], 0) + ' s' if f['baseline']['training_s'] else 'kept from an earlier run'} |",
        f"| training again with the cache | {f['training']['cached_s']:.0f} s | |",
        f"| start to first answer (model load) | {f['load_s']:.0f} s (action server and Rasa together) | "
        f"{f['baseline']['load_s']:.0f} s |",
        f"| Rasa server resident memory (peak) | {f['memory']['rasa']['resident_mb']:.0f} MB "
        f"({f['memory']['rasa']['peak_mb']:.0f} MB) | {f['baseline']['memory']['resident_mb']:.0f} MB "
        f"({f['baseline']['memory']['peak_mb']:.0f} MB) |",
        f"| action server resident memory (peak) | {f['memory']['actions']['resident_mb']:.0f} MB "
        f"({f['memory']['actions']['peak_mb']:.0f} MB) | none |",
        "",
    ]
    return "\n".join(lines)
