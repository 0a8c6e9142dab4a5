"""The report's PNG plots (matplotlib, headless)."""
from __future__ import annotations

import shutil
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt


def latency(figures: dict, path: Path) -> None:
    """p50/p95/p99 per turn at each concurrency: this assistant beside the rasa init bot."""
    levels = [row["concurrency"] for row in figures["ours"]]
    fig, axes = plt.subplots(1, len(levels), figsize=(4 * len(levels), 3.6), squeeze=False)
    for axis, ours, init in zip(axes[0], figures["ours"], figures["init"]):
        names = ("p50", "p95", "p99")
        x = range(len(names))
        axis.bar([i - 0.2 for i in x], [ours[f"{n}_ms"] for n in names], 0.4, label="renewal assistant")
        axis.bar([i + 0.2 for i in x], [init[f"{n}_ms"] for n in names], 0.4, label="rasa init bot")
        axis.set_xticks(list(x), names)
        axis.set_title(f"{ours['concurrency']} concurrent conversations")
        axis.set_ylabel("ms per turn")
    axes[0][0].legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def confusion(nlu_out: Path, path: Path) -> None:
    """Rasa draws the intent confusion matrix of the cross-validation; the report keeps a copy."""
    drawn = nlu_out / "intent_confusion_matrix.png"
    if drawn.exists():
        shutil.copyfile(drawn, path)
