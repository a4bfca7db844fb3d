from __future__ import annotations

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sikkerhedsnet.core import jobs


class Command(BaseCommand):
    help = (
        "The background-job worker: runs queued exports, takes over jobs whose worker died, and purges expired "
        "technical records hourly. SIGTERM/SIGINT finish the current job, then stop. --once: run what is queued."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run the queued jobs, then exit")
        parser.add_argument("--poll", type=float, default=1.0, help="seconds between looks at an empty queue")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["once"]:
            self.stdout.write(f"Ran {jobs.run_pending()} job(s).")
            return
        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        self.stdout.write("Job worker running; stop with Ctrl-C.")
        jobs.work(stop=stop, poll_seconds=options["poll"])
        self.stdout.write("Job worker stopped.")
