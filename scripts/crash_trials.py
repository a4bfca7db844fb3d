"""Crash trials: kill -9 the server during a stream of API writes, restart, and prove nothing acknowledged is lost.

    .venv/bin/python scripts/crash_trials.py --trials 50 --engine both

For each engine (a fresh SQLite file, and a fresh PostgreSQL database) the script migrates, creates a
caseworker with an API token, then repeats:

1. start gunicorn (several worker processes, one process group);
2. let client threads stream writes: POST /api/v1/children and POST /api/v1/children/{id}/journal, each with
   its own Idempotency-Key; a client whose request got no answer retries it with the same key after the
   restart, as a real client would;
3. SIGKILL the whole process group at a random moment, while requests are in flight.

At the end it checks in the database (a separate process) that every write the client saw acknowledged
(HTTP 201) is present with the acknowledged id and content, that no write exists twice, and that
`manage.py verify_audit` passes. It prints the figures and writes them to test-artifacts/figures/.
Exit code 0 only when nothing acknowledged is missing, nothing is duplicated and the audit chain holds.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
FIGURES = ROOT / "test-artifacts" / "figures"
NOTE_DATE = "2025-01-02"  # any past day; a fixed one keeps the script free of time-zone questions
PG_ADMIN_URL = os.environ.get("PG_TEST_URL", "postgres://postgres@127.0.0.1:5432/test")


# ---------------------------------------------------------------------------------------------- the client


@dataclass
class Pending:
    """A write sent but not answered: retried with the same key and body after the restart."""

    kind: str
    path: str
    body: dict[str, Any]
    key: str


@dataclass
class ClientState:
    number: int
    rng: random.Random
    children: list[int] = field(default_factory=list)
    acked_children: dict[str, int] = field(default_factory=dict)  # cpr -> id
    acked_notes: dict[str, tuple[int, int]] = field(default_factory=dict)  # title -> (id, child id)
    attempted_titles: list[str] = field(default_factory=list)
    attempted_cprs: list[str] = field(default_factory=list)
    pending: Pending | None = None
    sent: int = 0
    unanswered: int = 0
    replayed: int = 0  # retries answered from the stored first response: committed, but the answer was lost
    other_status: dict[int, int] = field(default_factory=dict)


class Stop(Exception):
    pass


def _request(port: int, token: str, item: Pending) -> tuple[int, dict[str, Any], bool]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(
            "POST",
            item.path,
            body=json.dumps(item.body),
            headers={
                "Authorization": f"Bearer {token}",
                "Content-Type": "application/json",
                "Idempotency-Key": item.key,
            },
        )
        response = conn.getresponse()
        raw = response.read()
        replayed = response.getheader("Idempotent-Replayed") == "true"
        return response.status, json.loads(raw) if raw else {}, replayed
    finally:
        conn.close()


_serial_lock = threading.Lock()
_serial = [0]


def _next_cpr() -> str:
    from sikkerhedsnet.core import cpr

    with _serial_lock:
        _serial[0] += 1
        n = _serial[0]
    # Fictitious replacement-form numbers (day + 60), births spread over 2010-2019.
    birth = date(2010 + n % 10, 1 + (n // 10) % 12, 1 + (n // 120) % 28)
    return cpr.fictitious(birth, n // 3360)


def _next_write(state: ClientState) -> Pending:
    if not state.children or state.rng.random() < 0.3:
        cpr = _next_cpr()
        state.attempted_cprs.append(cpr)
        body = {"cpr": cpr, "first_name": f"Crash{state.number}", "last_name": "Fiktivsen"}
        return Pending("child", "/api/v1/children", body, str(uuid.uuid4()))
    child_id = state.rng.choice(state.children)
    title = f"crash-{uuid.uuid4().hex}"
    state.attempted_titles.append(title)
    body = {"occurred_on": NOTE_DATE, "title": title, "text": "Fiktivt notat skrevet under et nedbrud."}
    return Pending("note", f"/api/v1/children/{child_id}/journal", body, str(uuid.uuid4()))


def client_loop(state: ClientState, port: int, token: str, stop: threading.Event) -> None:
    while not stop.is_set():
        item = state.pending or _next_write(state)
        state.pending = item
        state.sent += 1
        try:
            status, body, replayed = _request(port, token, item)
        except (OSError, http.client.HTTPException, json.JSONDecodeError):
            state.unanswered += 1
            return  # the server is gone; retry this item after the restart
        state.pending = None
        state.replayed += replayed
        if status == 201:
            if item.kind == "child":
                state.acked_children[item.body["cpr"]] = body["id"]
                state.children.append(body["id"])
            else:
                state.acked_notes[item.body["title"]] = (body["id"], body["child_id"])
        else:
            state.other_status[status] = state.other_status.get(status, 0) + 1


# ------------------------------------------------------------------------------------------- the server


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(port: int, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError("gunicorn did not become healthy")


def _start_server(env: dict[str, str], port: int, workers: int, log: Any) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(  # noqa: S603 - fixed argv
        [
            GUNICORN,
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--preload",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
        start_new_session=True,  # its own process group: one killpg reaches the master and every worker
    )
    _wait_healthy(port, proc)
    return proc


def _kill(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


def _manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


# ------------------------------------------------------------------------------------------ one engine


def _database(engine: str, workdir: Path) -> tuple[str, Any]:
    """A fresh database URL and a cleanup function."""
    if engine == "sqlite":
        return f"sqlite:///{workdir / 'crash.sqlite3'}", lambda: None
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(PG_ADMIN_URL)
    name = f"crash_{os.getpid()}_{secrets.token_hex(3)}"
    params = {
        "host": cfg["HOST"] or "127.0.0.1",
        "port": cfg["PORT"] or 5432,
        "user": cfg["USER"] or "postgres",
        "password": cfg["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**params) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(**params) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    auth = cfg["USER"] or "postgres"
    if cfg["PASSWORD"]:
        auth += f":{cfg['PASSWORD']}"
    return f"postgres://{auth}@{params['host']}:{params['port']}/{name}", drop


def run_engine(engine: str, *, trials: int, workers: int, clients: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)  # noqa: S311 - kill timing, not cryptography
    with tempfile.TemporaryDirectory(prefix=f"crash-{engine}-") as tmp:
        workdir = Path(tmp)
        url, cleanup = _database(engine, workdir)
        env = os.environ | {
            "DATABASE_URL": url,
            "DJANGO_ENV": "development",
            "DJANGO_DEBUG": "false",
            "MEDIA_ROOT": str(workdir / "media"),
            "API_THROTTLE_RATE": "1000000/min",
            "PYTHONUNBUFFERED": "1",
        }
        env.pop("NEW_USER_PASSWORD", None)
        try:
            _manage(env, "migrate", "--noinput")
            token = _manage(env, "create_user", "crashtester", "--role", "caseworker", "--team", "Crash", "--api-token")
            token = token.strip().splitlines()[-1]
            states = [ClientState(number=i, rng=random.Random(rng.random())) for i in range(clients)]  # noqa: S311
            port = _free_port()
            started = time.monotonic()
            with open(workdir / "gunicorn.log", "ab") as log:
                for trial in range(1, trials + 1):
                    proc = _start_server(env, port, workers, log)
                    stop = threading.Event()
                    threads = [threading.Thread(target=client_loop, args=(s, port, token, stop)) for s in states]
                    for t in threads:
                        t.start()
                    # Kill at a random moment once writes are flowing (the first requests of a fresh worker
                    # are slow while it imports the URL configuration).
                    before = sum(s.sent for s in states)
                    flowing = time.monotonic() + 20
                    while sum(s.sent for s in states) < before + clients + 1 and time.monotonic() < flowing:
                        time.sleep(0.01)
                    time.sleep(rng.uniform(0.0, 1.5))
                    _kill(proc)  # SIGKILL, mid-stream
                    stop.set()
                    for t in threads:
                        t.join(60)
                    acked = sum(len(s.acked_children) + len(s.acked_notes) for s in states)
                    sent = sum(s.sent for s in states)
                    print(
                        f"  {engine} trial {trial}/{trials}: killed after {sent - before} requests; "
                        f"{acked} writes acknowledged so far",
                        flush=True,
                    )
                # Final run without a kill: flush every pending retry so the duplicate check covers them.
                proc = _start_server(env, port, workers, log)
                for s in states:
                    if s.pending is not None:
                        item = s.pending
                        status, body, replayed = _request(port, token, item)
                        s.pending = None
                        s.replayed += replayed
                        if status == 201 and item.kind == "child":
                            s.acked_children[item.body["cpr"]] = body["id"]
                        elif status == 201:
                            s.acked_notes[item.body["title"]] = (body["id"], body["child_id"])
                proc.send_signal(signal.SIGTERM)
                proc.wait(30)
            elapsed = time.monotonic() - started
            acks = {
                "children": {cpr: cid for s in states for cpr, cid in s.acked_children.items()},
                "notes": {t: list(v) for s in states for t, v in s.acked_notes.items()},
                "attempted_cprs": [c for s in states for c in s.attempted_cprs],
                "attempted_titles": [t for s in states for t in s.attempted_titles],
            }
            acks_file = workdir / "acks.json"
            acks_file.write_text(json.dumps(acks))
            verified = json.loads(_manage_script(env, "verify", str(acks_file)))
            audit = subprocess.run(  # noqa: S603
                [PY, "manage.py", "verify_audit"], cwd=ROOT, env=env, capture_output=True, text=True
            )
            result = {
                "engine": engine,
                "trials": trials,
                "kills": trials,
                "workers": workers,
                "clients": clients,
                "seconds": round(elapsed, 1),
                "requests_sent": sum(s.sent for s in states),
                "unanswered_at_kill": sum(s.unanswered for s in states),
                "retries_replayed": sum(s.replayed for s in states),
                "other_statuses": _merge(s.other_status for s in states),
                "acknowledged": verified["acknowledged"],
                "found": verified["found"],
                "missing": verified["missing"],
                "duplicates": verified["duplicates"],
                "committed_but_unacknowledged": verified["committed_but_unacknowledged"],
                "audit_chain": "intact" if audit.returncode == 0 else "BROKEN",
                "audit_detail": (audit.stdout + audit.stderr).strip().splitlines()[-1:],
            }
        finally:
            cleanup()
    return result


def _merge(dicts: Any) -> dict[str, int]:
    out: dict[str, int] = {}
    for d in dicts:
        for k, v in d.items():
            out[str(k)] = out.get(str(k), 0) + v
    return out


def _manage_script(env: dict[str, str], *args: str) -> str:
    result = subprocess.run([PY, __file__, *args], cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise RuntimeError(f"verification failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


# ------------------------------------------------------------------------- verification (own process)


def verify(acks_path: str) -> None:
    """Check the acknowledged writes against the database named by DATABASE_URL; print JSON figures."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db.models import Count

    from sikkerhedsnet.children.models import Child, JournalEntry

    acks = json.loads(Path(acks_path).read_text())
    children = dict(Child.objects.filter(cpr__in=list(acks["children"])).values_list("cpr", "pk"))
    found_children = sum(1 for cpr, cid in acks["children"].items() if children.get(cpr) == cid)
    notes = {
        title: (pk, child_id)
        for title, pk, child_id in JournalEntry.objects.filter(title__in=list(acks["notes"])).values_list(
            "title", "pk", "child_id"
        )
    }
    found_notes = sum(1 for title, v in acks["notes"].items() if notes.get(title) == tuple(v))
    duplicate_notes = (
        JournalEntry.objects.filter(title__in=acks["attempted_titles"])
        .values("title")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    committed_children = Child.objects.filter(cpr__in=acks["attempted_cprs"]).count()
    committed_notes = JournalEntry.objects.filter(title__in=acks["attempted_titles"]).count()
    acknowledged = len(acks["children"]) + len(acks["notes"])
    found = found_children + found_notes
    print(
        json.dumps(
            {
                "acknowledged": acknowledged,
                "acknowledged_children": len(acks["children"]),
                "acknowledged_notes": len(acks["notes"]),
                "found": found,
                "missing": acknowledged - found,
                "duplicates": duplicate_notes,  # children cannot be duplicated: the CPR is unique in the schema
                "committed_but_unacknowledged": committed_children + committed_notes - found,
            }
        )
    )


# ------------------------------------------------------------------------------------------------ main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=5)
    parser.add_argument("--engine", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seed", type=int, default=20260101)
    args = parser.parse_args()
    engines = ["sqlite", "postgres"] if args.engine == "both" else [args.engine]
    FIGURES.mkdir(parents=True, exist_ok=True)
    ok = True
    results = []
    for engine in engines:
        print(f"== Crash trials on {engine}: {args.trials} × SIGKILL, {args.workers} workers, {args.clients} clients")
        result = run_engine(engine, trials=args.trials, workers=args.workers, clients=args.clients, seed=args.seed)
        results.append(result)
        (FIGURES / f"crash-{engine}.json").write_text(json.dumps(result, indent=2))
        good = result["missing"] == 0 and result["duplicates"] == 0 and result["audit_chain"] == "intact"
        ok &= good
        print(
            f"== {engine}: {result['trials']} kills; acknowledged {result['acknowledged']}, found {result['found']}, "
            f"missing {result['missing']}, duplicates {result['duplicates']}, committed but unacknowledged "
            f"{result['committed_but_unacknowledged']}, lost answers replayed on retry {result['retries_replayed']}; "
            f"audit chain {result['audit_chain']} "
            f"({result['requests_sent']} requests in {result['seconds']} s) -> {'OK' if good else 'FAILED'}"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "verify":
        verify(sys.argv[2])
    else:
        sys.exit(main())
