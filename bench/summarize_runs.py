#!/usr/bin/env python3
"""Min, median and max of every figure over repeated bench/consumer.sh runs.

Usage: bench/summarize_runs.py RUN_DIR... > summary.md
Each RUN_DIR holds one run's consumer.json. A figure counts as met when its median meets the
target: one run on a shared machine can land either side of a target, the median of three less so.
"""
import json
import statistics
import sys
from pathlib import Path

# The targets, as in ConsumerComparison.java: figure -> minimum.
TARGETS = {
    "io_efficiency": 0.97,
    "io_vs_parallel_consumer": 1.2,
    "cpu_efficiency": 0.9,
    "noop_vs_raw": 0.6,
    "scaling_4x": 0.9,
    "eos_vs_alo": 0.8,
    "ours_vs_share_consumer": 1.0,
}
# Figures that describe the run, not the runtimes.
NOT_FIGURES = {"records", "naive_records", "partitions", "cores", "load_before", "load_after", "runs"}


def main(run_dirs):
    if not run_dirs:
        sys.exit("usage: bench/summarize_runs.py RUN_DIR... (each with a consumer.json)")
    runs = []
    for directory in run_dirs:
        path = Path(directory) / "consumer.json"
        if not path.is_file():
            sys.exit(f"{path}: missing; run bench/consumer.sh with REPEAT first")
        runs.append(json.loads(path.read_text()))

    print(f"{len(runs)} runs of {runs[0]['records']:,} records, {runs[0]['cores']} cores\n")
    print("| run | load before | load after |\n|---|---|---|")
    for index, run in enumerate(runs, 1):
        print(f"| {index} | {run.get('load_before', '?')} | {run.get('load_after', '?')} |")

    print("\n| figure | min | median | max | target | median meets it |")
    print("|---|---:|---:|---:|---:|---|")
    names = [k for k in runs[0] if k not in NOT_FIGURES]
    for name in names:
        values = [run[name] for run in runs if isinstance(run.get(name), (int, float))]
        if not values:
            continue
        median = statistics.median(values)
        target = TARGETS.get(name)
        met = "" if target is None else ("yes" if median >= target else "no")
        shown = "" if target is None else f"≥ {target}"
        print(
            f"| `{name}` | {min(values):,.3f} | {median:,.3f} | {max(values):,.3f} | {shown} | {met} |"
        )

    print("\n| run | records/s (min / median / max of the window rate) | complete in every run |")
    print("|---|---:|---|")
    for name in runs[0]["runs"]:
        rates = [run["runs"][name]["window_rate"] for run in runs if name in run["runs"]]
        complete = all(run["runs"].get(name, {}).get("complete") for run in runs)
        print(
            f"| {name} | {min(rates):,.0f} / {statistics.median(rates):,.0f} / {max(rates):,.0f}"
            f" | {'yes' if complete else 'no'} |"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
