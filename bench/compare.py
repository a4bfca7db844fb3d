"""Compare benchmark results side by side: how latency grows with the data set.

    .venv/bin/python bench/compare.py bench/results/*-sqlite-1k.json bench/results/*-sqlite-10k.json
    .venv/bin/python bench/compare.py --users 10 bench/results/*.json

Prints one markdown table per measure (p50, p95, p50 / healthz) with a column per results file, for the
chosen load level (default: the highest in each file).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any


def level(result: dict[str, Any], users: int | None) -> dict[str, Any]:
    levels = result["levels"]
    if users is None:
        return max(levels, key=lambda lv: lv["users"])
    return next(lv for lv in levels if lv["users"] == users)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+")
    parser.add_argument("--users", type=int, default=None)
    args = parser.parse_args()
    results = [json.loads(Path(f).read_text()) for f in args.files]
    chosen = [level(r, args.users) for r in results]
    heads = [f"{r['db']} {r['size']:,} ({lv['users']} users)" for r, lv in zip(results, chosen, strict=True)]
    names = list(dict.fromkeys(n for lv in chosen for n in lv["journeys"]))
    for measure, key in (("p50 ms", "p50_ms"), ("p95 ms", "p95_ms"), ("p50 / healthz p50", "p50_ratio_to_healthz")):
        print(f"\n#### {measure}\n")
        print("| journey | " + " | ".join(heads) + " |")
        print("|---|" + "---:|" * len(heads))
        for name in names:
            cells = [str(lv["journeys"].get(name, {}).get(key, "–")) for lv in chosen]
            print(f"| {name} | " + " | ".join(cells) + " |")
    print("\n| | " + " | ".join(heads) + " |")
    print("|---|" + "---:|" * len(heads))
    rows = (
        ("throughput req/s", lambda r, lv: lv["throughput_rps"]),
        ("errors", lambda r, lv: lv["errors"]),
        ("audit write p95 ms", lambda r, lv: lv["audit_writes"].get("p95_ms", "–")),
        ("load average before", lambda r, lv: lv.get("load_average_before", ["–"])[0]),
        ("generation s", lambda r, lv: r["generation"].get("seconds", "–")),
        ("generation max RSS MiB", lambda r, lv: r["generation"].get("max_rss_mib", "–")),
    )
    for label, get in rows:
        print(f"| {label} | " + " | ".join(str(get(r, lv)) for r, lv in zip(results, chosen, strict=True)) + " |")


if __name__ == "__main__":
    main()
