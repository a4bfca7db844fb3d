"""Print the hardening figures the tests and scripts wrote to test-artifacts/figures/ (see `make test`/`make soak`).

crash-<engine>.json          scripts/crash_trials.py: writes acknowledged vs found, over all SIGKILL trials
fuzz/<engine>/*.json          schemathesis (API) and hypothesis (forms): examples run
matrix/<engine>/*.json        the permission matrix: cells (URL or operation × method × role × relation)
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "test-artifacts" / "figures"


def _load(paths):
    return [json.loads(p.read_text()) for p in sorted(paths)]


def main() -> int:
    if not ROOT.exists():
        print("No figures yet: run `make test` or `make soak`.")
        return 0
    print("== Hardening figures")
    crashes = _load(ROOT.glob("crash-*.json"))
    total_ack = total_found = 0
    for c in crashes:
        total_ack += c["acknowledged"]
        total_found += c["found"]
        print(
            f"Crash trials {c['engine']:<10} {c['trials']:>3} × SIGKILL ({c['workers']} gunicorn workers, "
            f"{c['clients']} clients): acknowledged {c['acknowledged']}, found {c['found']}, missing {c['missing']}, "
            f"duplicates {c['duplicates']}, lost answers replayed {c.get('retries_replayed', 0)}, "
            f"audit chain {c['audit_chain']}"
        )
    if crashes:
        print(f"Crash trials total: {total_ack} writes acknowledged, {total_found} found")
    for engine_dir in sorted((ROOT / "fuzz").glob("*")):
        runs = _load(engine_dir.glob("*.json"))
        api = sum(r["examples"] for r in runs if "schema" in r["test"])
        forms = [r for r in runs if "escaped" in r["test"]]
        print(
            f"Fuzzing on {engine_dir.name:<10} API: {api} examples over "
            f"{sum(1 for r in runs if 'schema' in r['test'])} operations; forms: "
            f"{sum(r['examples'] for r in forms)} examples over {len(forms)} forms "
            f"({sum(r.get('values_shown', 0) for r in forms)} fuzzed values checked on pages)"
        )
    for engine_dir in sorted((ROOT / "matrix").glob("*")):
        cells = defaultdict(int)
        names = defaultdict(int)
        for r in _load(engine_dir.glob("*.json")):
            cells[r["kind"]] += r["cells"]
            names[r["kind"]] += 1
        print(
            f"Permission matrix on {engine_dir.name:<10} {names['url']} URL names: {cells['url']} cells; "
            f"{names['api']} API operations: {cells['api']} cells; Django admin: {cells['admin']} cells; "
            f"total {sum(cells.values())}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
