"""gunicorn hooks for the benchmark: time every audit write (the chain head row is the hot spot).

Each worker appends "<unix time> <milliseconds> <events>" per `audit.record_many` call to
$BENCH_AUDIT_DIR/audit-<pid>.log; bench/run.py slices the lines by each load level's time window.
"""

from __future__ import annotations

import os
import time
from typing import Any


def post_worker_init(worker: Any) -> None:
    directory = os.environ.get("BENCH_AUDIT_DIR")
    if not directory:
        return
    from sikkerhedsnet.audit import services

    original = services.record_many
    log = open(os.path.join(directory, f"audit-{os.getpid()}.log"), "a", buffering=1)  # noqa: SIM115

    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            entries = kwargs.get("entries")
            count = len(entries) if isinstance(entries, list) else 1
            log.write(f"{time.time():.3f} {elapsed:.3f} {count}\n")

    services.record_many = timed
