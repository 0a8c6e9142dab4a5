"""The benchmark report: how good and how fast the assistant is, measured in one
run on this machine, next to Rasa's default pipeline and the `rasa init` bot.

    make bench                       # the full report (over an hour: DIET cross-validated as well)
    .venv/bin/python -m bench.run --without-default-pipeline   # without that (about 30 minutes)
    .venv/bin/python -m bench.run --smoke --out results/bench-smoke   # a few turns, for CI

Writes ``report.md`` and its PNG plots into ``--out`` (default ``results/bench``).
No figure is asserted here: the report states the targets and whether they hold.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from bench import conversations, heldout, nlu_quality, plots, report
from bench.load import MOODBOT_TURNS, RENEWAL_TURNS, LoadResult, Script, run_load
from bench.processes import RASA, InitBot, memory, timed
from renewal import config
from renewal.adapters import identity
from renewal.adapters.db import Database
from renewal.domain.clock import FixedClock
from renewal.services.demo import add_load_accounts, reset_demo
from renewal.services.renewals import RenewalService
from servers.stack import PROJECT, Stack

TODAY = date(2026, 11, 24)
SECRETS = {config.TOKEN_SECRET_ENV: "bench-secret-0123456789abcdef", "ACTION_SERVER_TOKEN": "bench-action-0123456789",
           config.API_SECRET_ENV: "bench-jwt-secret-0123456789"}
TARGETS = {"intent_macro_f1": 0.95, "heldout_macro_f1": 0.95, "entity_f1": 0.95, "conversations": 0.97,
           "p95_ratio": 1.0}


@dataclass(frozen=True)
class Plan:
    concurrency: tuple[int, ...]
    conversations: dict[int, int]  # concurrency -> conversations per round at that level
    rounds: int  # the two assistants take turns, round after round, at each level
    folds: int
    corpus_limit: int | None  # conversations of the corpus replayed (all, or a few for the smoke run)
    default_pipeline: dict  # Rasa's default, or a one-epoch copy for the smoke run
    clean_training: bool  # train from an empty cache (the smoke run reuses the project's, .rasa/cache)
    nlu_sample_every: int  # cross-validate on one NLU example in that many (1: all)
    nlu_repeats: int  # this project's cross-validation, run again on new folds: one run's macro-F1 moves by ±0.005


FULL = Plan((1, 10, 50), {1: 25, 10: 50, 50: 100}, 3, 5, None,
            {"recipe": "default.v1", "assistant_id": "bench-default", "language": "it"}, True, 1, 3)
SMOKE = Plan((1, 2), {1: 1, 2: 2}, 1, 2, 2, {
    "recipe": "default.v1", "assistant_id": "bench-default-smoke", "language": "it",
    "pipeline": [{"name": "WhitespaceTokenizer"}, {"name": "CountVectorsFeaturizer"},
                 {"name": "DIETClassifier", "epochs": 1}, {"name": "EntitySynonymMapper"}]}, False, 5, 1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def measure_training(work: Path, clean: bool = True) -> dict[str, float]:
    """From a clean cache, then again with that cache (Rasa reuses every unchanged step). Not ``clean``:
    both with the project's cache, whatever it holds (the smoke run, whose figures are not for reading)."""
    env = {}
    if clean:
        cache = work / "training-cache"
        shutil.rmtree(cache, ignore_errors=True)
        env = {"RASA_CACHE_DIRECTORY": str(cache)}
    command = [RASA, "train", "--out", str(work / "models"), "--quiet"]
    first = timed(command + ["--fixed-model-name", "clean"] + (["--force"] if clean else []), PROJECT, env)
    again = timed(command + ["--fixed-model-name", "cached"], PROJECT, env)
    return {"clean_s": first, "cached_s": again}


def dialogue_success(stack: Stack, service_for: Callable[[], RenewalService], plan: Plan) -> dict:
    """The conversation corpus (dev and sealed parts) on fresh demo data over REST, and the test stories."""
    secret = SECRETS[config.TOKEN_SECRET_ENV].encode()

    def token(account: str) -> str:
        return identity.mint_token(account, FixedClock(TODAY).now(), timedelta(hours=1), secret)

    lane = conversations.Lane(stack.rasa_url, token, service_for)
    parts = {}
    for part in ("dev", "sealed"):
        summary = conversations.run(part, [lane], plan.corpus_limit)
        parts[part] = {"conversations": len(summary.outcomes), "passed": sum(o.passed for o in summary.outcomes),
                       "pass_rate": summary.pass_rate, "turns_to_order": summary.turns_to_order,
                       "failed": summary.failed(), "silent": summary.silent()}
    return {"corpus": parts, "stories": rasa_test_core(stack)}


def rasa_test_core(stack: Stack) -> dict:
    """The test stories (tests/stories) through `rasa test core` on the same model."""
    out = stack.work / "core-test"
    subprocess.run([RASA, "test", "core", "--model", str(stack.model), "--stories", str(PROJECT / "tests" / "stories"),
                    "--out", str(out), "--no-plot"], cwd=PROJECT, env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    report_path = out / "story_report.json"
    if not report_path.exists():
        return {"total": 0, "passed": 0}
    accuracy = json.loads(report_path.read_text())["conversation_accuracy"]
    return {"total": accuracy["total"], "passed": accuracy["correct"]}


def latency(stack: Stack, bot: InitBot, plan: Plan, accounts: list[str],
            service: RenewalService) -> tuple[list[LoadResult], list[LoadResult]]:
    """Complete renewals (each on its own account) and the init bot's dialogues, the two
    taking turns round after round at every level, so that both meet the same machine."""
    ours, theirs, next_account = [], [], iter(accounts)
    secret = SECRETS[config.TOKEN_SECRET_ENV].encode()
    for level in plan.concurrency:
        mine, baseline = [], []
        for round_number in range(plan.rounds):
            scripts = []
            for i in range(plan.conversations[level]):
                account = next(next_account)
                token = identity.mint_token(account, service.clock.now(), timedelta(hours=2), secret)
                scripts.append(Script(f"load-{level}-{round_number}-{i}-{time.time_ns()}", RENEWAL_TURNS,
                                      {"token": token}))
            mine.append(run_load(stack.rasa_url, scripts, level))
            baseline.append(run_load(bot.url, [Script(f"init-{level}-{round_number}-{i}-{time.time_ns()}",
                                                      MOODBOT_TURNS) for i in range(plan.conversations[level])],
                                     level))
        ours.append(LoadResult.merged(mine))
        theirs.append(LoadResult.merged(baseline))
    return ours, theirs


def orders_check(service: RenewalService, accounts: list[str], results: list[LoadResult]) -> dict:
    """Orders in the database against conversations that were confirmed: none lost, none twice."""
    confirmed = sum(1 for r in results for c in r.conversations if c.replies and "confermato" in c.replies[-1])
    per_account = [len(service.orders(a)) for a in accounts]
    return {"conversations": sum(len(r.conversations) for r in results), "confirmed": confirmed,
            "orders": sum(per_account), "duplicated": sum(1 for n in per_account if n > 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="a few turns and folds: checks the command works")
    parser.add_argument("--out", type=Path, default=PROJECT / "results" / "bench")
    parser.add_argument("--fresh-baseline", action="store_true", help="re-create the rasa init bot")
    parser.add_argument("--without-default-pipeline", action="store_true",
                        help="skip cross-validating Rasa's default pipeline (DIET: most of the run's time)")
    args = parser.parse_args(argv)
    plan = SMOKE if args.smoke else FULL
    out = args.out.resolve()
    work = out / "work"
    work.mkdir(parents=True, exist_ok=True)
    figures: dict = {"smoke": args.smoke, "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
                     f"Python {platform.python_version()}", "started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}

    step("training")
    figures["training"] = measure_training(work, plan.clean_training)

    step("assistant: start and dialogue")
    database_url = f"sqlite:///{work / 'bench.sqlite3'}"
    clock = FixedClock(TODAY)

    def fresh_service() -> RenewalService:
        database = Database(database_url)
        reset_demo(database, TODAY)
        return RenewalService(database, clock)

    fresh_service()
    stack = Stack(work / "stack", work / "models" / "cached.tar.gz", rasa_ports=(free_port(),),
                  actions_ports=(free_port(),), env={**SECRETS, "RENEWAL_DATABASE_URL": database_url,
                                                 "RENEWAL_TODAY": TODAY.isoformat()})
    bot = InitBot(work / "rasa-init", free_port()).prepare(args.fresh_baseline)
    started = time.perf_counter()
    try:
        stack.start().wait_ready()
        figures["load_s"] = time.perf_counter() - started
        figures["dialogue"] = dialogue_success(stack, fresh_service, plan)
        step("rasa init bot")
        bot.start(work / "rasa-init.log")
        step("latency: the two assistants in turn")
        service = fresh_service()
        levels = plan.concurrency
        accounts = add_load_accounts(service.database, TODAY,
                                     plan.rounds * sum(plan.conversations[level] for level in levels))
        ours, baseline = latency(stack, bot, plan, accounts, service)
        figures["orders"] = orders_check(service, accounts, ours)
        figures["memory"] = {name: memory(stack.processes[f"{name}-1"].pid).__dict__ for name in ("rasa", "actions")}
        figures["baseline"] = {"training_s": bot.training_seconds, "load_s": bot.ready_seconds,
                               "memory": memory(bot.pid).__dict__}
    finally:
        stack.stop()
        bot.stop()

    step("held-out NLU")
    figures["heldout"] = {part: heldout.figures(work / "models" / "cached.tar.gz", part) for part in ("dev", "sealed")}

    step("NLU cross-validation: this project's pipeline")
    ours_nlu = nlu_quality.evaluate(PROJECT / "config.yml", plan.folds, work / "nlu-project",
                                    sample_every=plan.nlu_sample_every, repeats=plan.nlu_repeats)
    default_nlu = None
    if not args.without_default_pipeline:
        step("NLU cross-validation: Rasa's default pipeline")
        default_config = work / "default-config.yml"
        default_config.write_text(json.dumps(plan.default_pipeline))
        default_nlu = nlu_quality.evaluate(default_config, plan.folds, work / "nlu-default", strip_fallback=False,
                                           sample_every=plan.nlu_sample_every)
    figures["nlu"] = {"project": ours_nlu, "default": default_nlu}

    figures["latency"] = {"ours": [summary(r) for r in ours], "init": [summary(r) for r in baseline]}
    plots.latency(figures["latency"], out / "latency.png")
    plots.confusion(work / "nlu-project", out / "confusion-project.png")
    (out / "figures.json").write_text(json.dumps(figures, indent=2, default=str))
    (out / "report.md").write_text(report.render(figures, TARGETS))
    print(f"Report: {out / 'report.md'}")
    return 0


def summary(result: LoadResult) -> dict:
    return {"concurrency": result.concurrency, "conversations": len(result.conversations),
            "turns": len(result.latencies), "errors": len(result.errors), "first_errors": result.errors[:3],
            "p50_ms": 1000 * result.percentile(0.50), "p95_ms": 1000 * result.percentile(0.95),
            "p99_ms": 1000 * result.percentile(0.99), "turns_per_s": result.turns_per_second}


def step(name: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {name}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
