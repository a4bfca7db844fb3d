"""mypy against a committed baseline that may only shrink (`make check` runs it; `make mypy-baseline` rewrites it).

The baseline (`mypy-baseline.txt`) lists today's known errors as `path: [code] message`, without line numbers, so
editing a file does not invalidate it. The check fails when mypy reports an error that is not in the baseline (a new
error); errors fixed since the baseline was written are reported, and `--update` removes them from the file. The
update never adds an entry: new errors are fixed, not recorded.

    python scripts/mypy_baseline.py            # check
    python scripts/mypy_baseline.py --update   # drop fixed errors from the baseline
    python scripts/mypy_baseline.py --init     # write the baseline from scratch (only when adopting mypy)
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "mypy-baseline.txt"
TARGETS = ["sikkerhedsnet", "config"]
LINE = re.compile(r"^(?P<path>[^:]+):\d+(?::\d+)?: error: (?P<message>.*?)\s+\[(?P<code>[a-z-]+)\]$")


def current_errors() -> Counter[str]:
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-m", "mypy", *TARGETS],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    found: Counter[str] = Counter()
    for line in result.stdout.splitlines():
        match = LINE.match(line.strip())
        if match:
            found[f"{match['path']}: [{match['code']}] {match['message']}"] += 1
    if result.returncode not in (0, 1) or (result.returncode == 1 and not found):
        sys.stdout.write(result.stdout + result.stderr)
        raise SystemExit("mypy did not run")
    return found


def read_baseline() -> Counter[str]:
    if not BASELINE.exists():
        return Counter()
    lines = [line for line in BASELINE.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return Counter(lines)


def write_baseline(errors: Counter[str]) -> None:
    app = sum(n for e, n in errors.items() if not _is_test(e))
    header = (
        "# mypy errors known when the baseline was written; it may only shrink (scripts/mypy_baseline.py).\n"
        f"# {sum(errors.values())} errors, {app} of them in app code.\n"
    )
    BASELINE.write_text(header + "".join(f"{e}\n" for e in sorted(errors.elements())), encoding="utf-8")


def _is_test(entry: str) -> bool:
    path = entry.split(":", 1)[0]
    return "/tests/" in path or path.startswith("sikkerhedsnet/testing/") or path.endswith("conftest.py")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--update", action="store_true", help="drop errors that are fixed from the baseline")
    parser.add_argument("--init", action="store_true", help="write the baseline from the current errors")
    args = parser.parse_args()
    errors = current_errors()
    if args.init:
        write_baseline(errors)
        print(f"mypy baseline written: {sum(errors.values())} errors")
        return 0
    baseline = read_baseline()
    new = errors - baseline
    fixed = baseline - errors
    app = sum(n for e, n in errors.items() if not _is_test(e))
    print(f"mypy: {sum(errors.values())} errors ({app} in app code, {sum(errors.values()) - app} in tests); ", end="")
    print(f"baseline {sum(baseline.values())}")
    if new:
        print(f"{sum(new.values())} new mypy errors (not in mypy-baseline.txt); fix them:")
        for entry in sorted(new.elements()):
            print(f"  {entry}")
        return 1
    if fixed:
        if args.update:
            write_baseline(baseline - fixed)
            print(f"baseline shrunk by {sum(fixed.values())}")
        else:
            print(f"{sum(fixed.values())} baseline errors are fixed: run `make mypy-baseline` to shrink the baseline.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
