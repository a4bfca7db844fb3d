"""How many audited actions per second the hash chain takes: writers call `audit.record` as fast as they can.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_10k .venv/bin/python bench/audit_capacity.py
Every audited read locks the one chain head row until its commit, so this is the system-wide ceiling for
audited actions (reads of a child, searches, changes). Run it against a benchmark database (it appends
events), never against one that matters.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from sikkerhedsnet.accounts.models import User  # noqa: E402
from sikkerhedsnet.audit import services as audit  # noqa: E402
from sikkerhedsnet.audit.models import AuditEvent  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--writers", default="1,4,16")
    args = parser.parse_args()
    name = connection.settings_dict["NAME"]
    if connection.vendor == "postgresql" and not str(name).startswith("bench_"):
        raise SystemExit("run this against a bench_* database only")
    user = User.objects.order_by("pk").first()

    def write(counts: dict[int, int], n: int, until: float) -> None:
        done = 0
        while time.monotonic() < until:
            audit.record(by=user, type=AuditEvent.Type.RECORD_VIEWED, new={"benchmark": True})
            done += 1
        counts[n] = done
        connection.close()

    for writers in [int(w) for w in args.writers.split(",")]:
        counts: dict[int, int] = {}
        until = time.monotonic() + args.seconds
        threads = [threading.Thread(target=write, args=(counts, n, until)) for n in range(writers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        print(f"{connection.vendor}: {writers:2d} writers: {sum(counts.values()) / args.seconds:.0f} audited actions/s")


if __name__ == "__main__":
    main()
