"""One load level: N simulated users for D seconds against a running server, using locust as a library.

Run by bench/run.py (one process per level, so the load generator never shares a process with the server):
    python bench/load.py --host http://127.0.0.1:8150 --fixture F --users 10 --duration 60 --out level.json
Every user holds one logged-in session per role (made by bench/prepare.py; logins are not measured) and
repeats:
pick a journey from bench/journeys.py by weight, run it, think (--think-min..--think-max seconds).
Response times are recorded exactly (a request-event listener), not from locust's rounded histogram.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

import gevent
import locust  # noqa: F401 - first: gevent monkey-patching must happen before other imports
from locust import FastHttpUser, between, events, task
from locust.contrib.fasthttp import FastHttpSession
from locust.env import Environment
from requests.cookies import create_cookie

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.journeys import JOURNEYS, Context  # noqa: E402

FIXTURE: dict[str, Any] = {}
ACTIVE: list[Any] = []  # journeys in this run
SAMPLES: dict[str, list[float]] = {}
FAILURES: dict[str, int] = {}
ERRORS: dict[str, int] = {}
STATE = {"measuring": False, "ready": 0}
_COUNTER = itertools.count()


@events.request.add_listener
def _on_request(request_type: str, name: str, response_time: float, exception: Any, **_: Any) -> None:
    if not STATE["measuring"] or name == "login":
        return
    SAMPLES.setdefault(name, []).append(response_time)
    if exception is not None:
        FAILURES[name] = FAILURES.get(name, 0) + 1
        key = f"{name}: {str(exception)[:120]}"
        ERRORS[key] = ERRORS.get(key, 0) + 1


def _session(user: Any, key: str, n: int) -> FastHttpSession:
    """Simulated user n's session for a role: account n % len(accounts), its (n // len(accounts))th session."""
    accounts = FIXTURE[key]
    sessions = accounts[n % len(accounts)]["sessions"]
    made = sessions[(n // len(accounts)) % len(sessions)]
    session = FastHttpSession(base_url=user.host, request_event=user.environment.events.request, user=user)
    for name in ("sessionid", "csrftoken"):
        session.cookiejar.set_cookie(create_cookie(name, made[name], domain="127.0.0.1", path="/"))
    return session


class BenchUser(FastHttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        n = next(_COUNTER)
        pick = lambda key: FIXTURE[key][n % len(FIXTURE[key])]  # noqa: E731
        self.ctx = Context(
            rng=random.Random(n), caseworker=pick("caseworkers"), team_leader=pick("team_leaders"), head=pick("heads")
        )
        roles = {j.role for j in ACTIVE}
        self.sessions: dict[str, FastHttpSession] = {}
        for role in roles:
            if role == "api":
                session = FastHttpSession(
                    base_url=self.host,
                    request_event=self.environment.events.request,
                    user=self,
                    headers={"Authorization": f"Bearer {self.ctx.caseworker['token']}"},
                )
            elif role == "anonymous":
                session = FastHttpSession(base_url=self.host, request_event=self.environment.events.request, user=self)
            else:
                session = _session(
                    self, {"caseworker": "caseworkers", "team_leader": "team_leaders"}.get(role, "heads"), n
                )
            self.sessions[role] = session
        STATE["ready"] += 1

    @task
    def journey(self) -> None:
        chosen = self.ctx.rng.choices(ACTIVE, weights=[j.weight for j in ACTIVE])[0]
        chosen.run(self.sessions[chosen.role], self.ctx)


def _percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return 0.0
    k = (len(sorted_values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (k - lo)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", required=True)
    parser.add_argument("--fixture", required=True)
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--think-min", type=float, default=0.5)
    parser.add_argument("--think-max", type=float, default=1.5)
    parser.add_argument("--journeys", default="", help="comma-separated names (default: all)")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    if not args.host.startswith(("http://127.0.0.1", "http://localhost")):
        raise SystemExit("The benchmark only sends traffic to 127.0.0.1.")

    FIXTURE.update(json.loads(Path(args.fixture).read_text()))
    wanted = {n for n in args.journeys.split(",") if n}
    ACTIVE.extend(j for j in JOURNEYS if not wanted or j.name in wanted)
    BenchUser.wait_time = between(args.think_min, args.think_max)
    BenchUser.host = args.host

    env = Environment(user_classes=[BenchUser], events=events, host=args.host)
    runner = env.create_local_runner()
    runner.start(args.users, spawn_rate=args.users)
    deadline = time.monotonic() + 120
    while STATE["ready"] < args.users and time.monotonic() < deadline:
        gevent.sleep(0.2)
    if STATE["ready"] < args.users:
        raise SystemExit(f"only {STATE['ready']} of {args.users} users logged in within 120 s")
    gevent.sleep(1)
    STATE["measuring"] = True
    started = time.time()
    gevent.sleep(args.duration)
    STATE["measuring"] = False
    ended = time.time()
    runner.quit()

    elapsed = ended - started
    journeys = {}
    for j in ACTIVE:
        values = sorted(SAMPLES.get(j.name, []))
        journeys[j.name] = {
            "count": len(values),
            "errors": FAILURES.get(j.name, 0),
            "p50_ms": round(_percentile(values, 0.50), 2),
            "p95_ms": round(_percentile(values, 0.95), 2),
            "p99_ms": round(_percentile(values, 0.99), 2),
            "mean_ms": round(sum(values) / len(values), 2) if values else 0.0,
            "max_ms": round(values[-1], 2) if values else 0.0,
            "rps": round(len(values) / elapsed, 2),
        }
    total = sum(v["count"] for v in journeys.values())
    result = {
        "users": args.users,
        "duration_s": round(elapsed, 2),
        "started_at": started,
        "ended_at": ended,
        "think_time_s": [args.think_min, args.think_max],
        "requests": total,
        "errors": sum(v["errors"] for v in journeys.values()),
        "throughput_rps": round(total / elapsed, 2),
        "journeys": journeys,
        "error_messages": ERRORS,
    }
    Path(args.out).write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
