"""`make bench`: load a data set into a fresh database, serve it with gunicorn, measure user journeys.

    .venv/bin/python bench/run.py --db sqlite --size 10000
    .venv/bin/python bench/run.py --db postgres --size 100000 --municipalities 98
    make bench BENCH_ARGS="--db postgres --size 10000"

Steps: create a fresh database (SQLite file under var/bench/, or PostgreSQL database `bench_<size>`), migrate,
`generate_synthetic` (timed with /usr/bin/time -v), prepare the simulated users (bench/prepare.py), start
gunicorn (several workers, 127.0.0.1 only, bench/settings.py), then for each load level (default 1, 10 and
25 concurrent users) run bench/load.py (locust as a library) for a bounded time. Writes
bench/results/<date>-<db>-<size>.json and prints a markdown summary. The database is dropped afterwards
unless --keep. Benchmarks are not part of `make test`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.journeys import JOURNEYS, TARGET_P50_RATIO, TARGET_P95_MS  # noqa: E402

PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
RESULTS = ROOT / "bench" / "results"
WORK = ROOT / "var" / "bench"


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def size_label(n: int) -> str:
    return f"{n // 1000}k" if n % 1000 == 0 and n >= 1000 else str(n)


# -- the database -------------------------------------------------------------------------------------------


def pg_admin(base_url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{base_url}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def fresh_database(args: argparse.Namespace) -> str:
    """Create an empty database for this run; returns its DATABASE_URL."""
    label = size_label(args.size)
    if args.db == "sqlite":
        WORK.mkdir(parents=True, exist_ok=True)
        path = WORK / f"bench-{label}.sqlite3"
        if not args.reuse:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    name = args.db_name or f"bench_{label}"
    if not re.fullmatch(r"bench_\w+", name):
        raise SystemExit("refusing to touch a database not named bench_*")
    if not args.reuse:
        pg_admin(args.pg_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        pg_admin(args.pg_url, f'CREATE DATABASE "{name}"')
    return f"{args.pg_url}/{name}"


def drop_database(args: argparse.Namespace, url: str) -> None:
    if args.keep:
        log(f"kept the database: {url}")
        return
    if args.db == "sqlite":
        path = url.removeprefix("sqlite:///")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        pg_admin(args.pg_url, f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


def manage(env: dict[str, str], *argv: str, timed: bool = False) -> dict[str, Any]:
    cmd = [PY, "manage.py", *argv]
    if timed and Path("/usr/bin/time").exists():
        cmd = ["/usr/bin/time", "-v", *cmd]
    started = time.monotonic()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    elapsed = time.monotonic() - started
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"manage.py {' '.join(argv)} failed")
    info: dict[str, Any] = {"seconds": round(elapsed, 1), "output": proc.stdout.strip()}
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
    if rss:
        info["max_rss_mib"] = round(int(rss.group(1)) / 1024, 1)
    return info


def settle_database(args: argparse.Namespace, db_url: str) -> float:
    """After a bulk load: vacuum, analyse and checkpoint now, so autovacuum and checkpoints of the fresh rows
    do not compete with the measured load (a production database is not freshly bulk-loaded)."""
    started = time.monotonic()
    if args.db == "postgres":
        import psycopg

        with psycopg.connect(db_url, autocommit=True) as conn:
            conn.execute("VACUUM (ANALYZE)")
            conn.execute("CHECKPOINT")
    else:
        import sqlite3

        conn = sqlite3.connect(db_url.removeprefix("sqlite:///"))
        conn.execute("ANALYZE")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
    return round(time.monotonic() - started, 1)


# -- the machine ----------------------------------------------------------------------------------------------


def machine(args: argparse.Namespace, db_url: str) -> dict[str, Any]:
    cpu = ""
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        cpu = platform.processor()
    mem_kb = 0
    try:
        mem_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))  # type: ignore[union-attr]
    except (OSError, AttributeError):
        pass
    versions = subprocess.run(
        [
            PY,
            "-c",
            "import django, gunicorn, locust, sqlite3; print(django.get_version(), gunicorn.__version__, "
            "locust.__version__, sqlite3.sqlite_version)",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    info = {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(mem_kb / 1024 / 1024, 1),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "django": versions[0],
        "gunicorn": versions[1],
        "locust": versions[2],
        "sqlite": versions[3],
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "note": "load generator, gunicorn and the database share this machine",
    }
    if args.db == "postgres":
        import psycopg

        with psycopg.connect(db_url) as conn:
            info["postgresql"] = conn.execute("SHOW server_version").fetchone()[0]
            info["postgresql_shared_buffers"] = conn.execute("SHOW shared_buffers").fetchone()[0]
    return info


def git_state() -> dict[str, Any]:
    def run(*argv: str) -> str:
        return subprocess.run(["git", *argv], cwd=ROOT, capture_output=True, text=True, check=False).stdout.strip()

    return {
        "commit": run("rev-parse", "HEAD"),
        "branch": run("rev-parse", "--abbrev-ref", "HEAD"),
        "dirty": bool(run("status", "--porcelain", "--untracked-files=no")),
    }


# -- the server -----------------------------------------------------------------------------------------------


def start_server(args: argparse.Namespace, env: dict[str, str]) -> subprocess.Popen[bytes]:
    cmd = [
        GUNICORN,
        "config.wsgi:application",
        "--workers",
        str(args.workers),
        "--bind",
        f"127.0.0.1:{args.port}",
        "--config",
        "bench/gunicorn_conf.py",
        "--log-level",
        "warning",
        "--timeout",
        "120",
    ]
    server = subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{args.port}/healthz", timeout=2) as r:  # noqa: S310
                if r.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
    stop_server(server)
    raise SystemExit("gunicorn did not answer /healthz within 60 s")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


class LockSampler:
    """PostgreSQL only: how often a backend waits for a lock while touching the audit chain head."""

    def __init__(self, db_url: str) -> None:
        self.db_url, self.samples, self.waiting = db_url, 0, []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        import psycopg

        with psycopg.connect(self.db_url, autocommit=True) as conn:
            while not self._stop.is_set():
                n = conn.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    "AND query ILIKE '%%audit_auditchainhead%%' AND datname = current_database()"
                ).fetchone()[0]
                self.samples += 1
                self.waiting.append(n)
                self._stop.wait(0.05)

    def __enter__(self) -> LockSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def summary(self) -> dict[str, Any]:
        busy = [n for n in self.waiting if n]
        return {
            "samples": self.samples,
            "share_of_samples_with_a_waiter": round(len(busy) / self.samples, 4) if self.samples else 0,
            "max_waiting_backends": max(self.waiting, default=0),
            "mean_waiting_backends": round(statistics.fmean(self.waiting), 3) if self.waiting else 0,
        }


def audit_writes(directory: Path, started: float, ended: float) -> dict[str, Any]:
    values = []
    for path in directory.glob("audit-*.log"):
        for line in path.read_text().splitlines():
            at, ms, _ = line.split()
            if started <= float(at) <= ended:
                values.append(float(ms))
    values.sort()
    if not values:
        return {"count": 0}

    def pct(q: float) -> float:
        return round(values[min(len(values) - 1, int(q * (len(values) - 1) + 0.5))], 2)

    return {
        "count": len(values),
        "p50_ms": pct(0.5),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "max_ms": round(values[-1], 2),
        "per_second": round(len(values) / (ended - started), 1),
    }


# -- one run --------------------------------------------------------------------------------------------------


def evaluate(level: dict[str, Any]) -> None:
    base = level["journeys"].get("healthz", {}).get("p50_ms") or 0
    level["healthz"] = level["journeys"].get("healthz", {})
    kinds = {j.name: j.kind for j in JOURNEYS}
    for name, stats in level["journeys"].items():
        stats["p50_ratio_to_healthz"] = round(stats["p50_ms"] / base, 2) if base else None
        kind = kinds.get(name, "page")
        if kind == "baseline":
            continue
        checks = {
            "p95": stats["p95_ms"] < TARGET_P95_MS[kind],
            "errors": stats["errors"] == 0,
            "ratio": stats["p50_ratio_to_healthz"] is not None and stats["p50_ratio_to_healthz"] <= TARGET_P50_RATIO,
        }
        stats["meets_targets"] = checks


def markdown(result: dict[str, Any]) -> str:
    lines = [
        f"## Benchmark {result['db']} {result['size']:,} children ({result['municipalities']} municipalities)",
        "",
        f"{result['date']} · {result['machine']['cpu']} · {result['machine']['cores']} cores · "
        f"gunicorn {result['server']['workers']} workers · think time {result['load']['think_time_s']} s · "
        f"generation {result['generation'].get('seconds', '–')} s, "
        f"max RSS {result['generation'].get('max_rss_mib', '–')} MiB",
        "",
    ]
    for level in result["levels"]:
        lines += [
            f"### {level['users']} users: {level['throughput_rps']} req/s, {level['errors']} errors; "
            f"audit write p95 {level['audit_writes'].get('p95_ms', '–')} ms; "
            f"load average before {level.get('load_average_before', ['–'])[0]}",
            "",
            "| journey | n | err | p50 ms | p95 ms | p99 ms | p50 / healthz | targets |",
            "|---|---:|---:|---:|---:|---:|---:|---|",
        ]
        for name, s in level["journeys"].items():
            checks = s.get("meets_targets")
            verdict = (
                "baseline"
                if checks is None
                else ("ok" if all(checks.values()) else "MISS " + ",".join(k for k, v in checks.items() if not v))
            )
            lines.append(
                f"| {name} | {s['count']} | {s['errors']} | {s['p50_ms']} | {s['p95_ms']} | {s['p99_ms']} | "
                f"{s['p50_ratio_to_healthz']} | {verdict} |"
            )
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--size", type=int, default=1000, help="children to generate")
    parser.add_argument("--municipalities", type=int, default=0, help="default: 1 below 50,000 children, else 98")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--users", default="1,10,25", help="concurrent users per level")
    parser.add_argument("--duration", type=float, default=60, help="measured seconds per level")
    parser.add_argument("--think-min", type=float, default=0.5)
    parser.add_argument("--think-max", type=float, default=1.5)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (2-4 on this machine)")
    parser.add_argument("--port", type=int, default=8150)
    parser.add_argument("--journeys", default="", help="comma-separated journey names (default: all)")
    parser.add_argument("--db-name", default="", help="PostgreSQL database (bench_*; default: bench_<size>)")
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432"))
    parser.add_argument("--reuse", action="store_true", help="keep an existing bench database (skip generation)")
    parser.add_argument("--keep", action="store_true", help="do not drop the database afterwards")
    parser.add_argument("--out", default="", help="results file (default: bench/results/<date>-<db>-<size>.json)")
    args = parser.parse_args()
    if not 1024 < args.port < 65536:
        raise SystemExit("--port must be a free unprivileged port on 127.0.0.1")
    municipalities = args.municipalities or (1 if args.size < 50_000 else 98)
    levels_users = [int(u) for u in args.users.split(",")]
    max_users = max(levels_users)

    db_url = fresh_database(args)
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update({"DATABASE_URL": db_url, "DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_DEBUG": "false"})
    work = WORK / f"run-{os.getpid()}"
    work.mkdir(parents=True, exist_ok=True)
    server = None
    try:
        log(f"database {db_url}: migrate")
        manage(env, "migrate", "--noinput")
        generation: dict[str, Any] = {"skipped": True}
        if not args.reuse:
            log(f"generate_synthetic --children {args.size} --municipalities {municipalities}")
            generation = manage(
                env,
                "generate_synthetic",
                "--children",
                str(args.size),
                "--seed",
                str(args.seed),
                "--municipalities",
                str(municipalities),
                timed=True,
            )
            log(f"generated in {generation['seconds']} s, max RSS {generation.get('max_rss_mib')} MiB")
        settle = settle_database(args, db_url)
        log(f"settled the database in {settle} s")
        prep = subprocess.run(
            [PY, "bench/prepare.py", "--out", str(work / "fixture.json"), "--users", str(max_users)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        dataset = json.loads(prep.stdout.strip().splitlines()[-1])
        log(f"data set: {dataset}")

        machine_info = machine(args, db_url)  # before the load: the load average says how busy the machine was
        server_env = dict(env, DJANGO_SETTINGS_MODULE="bench.settings", BENCH_AUDIT_DIR=str(work))
        server = start_server(args, server_env)
        levels = []
        for users in levels_users:
            log(f"{users} users for {args.duration:.0f} s")
            load_before = [round(x, 2) for x in os.getloadavg()]
            sampler = LockSampler(db_url) if args.db == "postgres" else None
            out = work / f"level-{users}.json"
            cmd = [
                PY,
                "bench/load.py",
                "--host",
                f"http://127.0.0.1:{args.port}",
                "--fixture",
                str(work / "fixture.json"),
                "--users",
                str(users),
                "--duration",
                str(args.duration),
                # One user alone measures unloaded latency: short pauses give enough samples per journey.
                "--think-min",
                str(args.think_min if users > 1 else 0.1),
                "--think-max",
                str(args.think_max if users > 1 else 0.2),
                "--out",
                str(out),
            ]
            if args.journeys:
                cmd += ["--journeys", args.journeys]
            if sampler:
                with sampler:
                    subprocess.run(cmd, cwd=ROOT, check=True)
            else:
                subprocess.run(cmd, cwd=ROOT, check=True)
            level = json.loads(out.read_text())
            level["audit_writes"] = audit_writes(work, level["started_at"], level["ended_at"])
            if sampler:
                level["pg_audit_head_lock_waits"] = sampler.summary()
            level["load_average_before"] = load_before
            level["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
            evaluate(level)
            levels.append(level)
            time.sleep(3)

        result = {
            "schema": 1,
            "date": datetime.now().astimezone().isoformat(timespec="seconds"),
            "db": "postgresql" if args.db == "postgres" else "sqlite",
            "size": args.size,
            "municipalities": municipalities,
            "git": git_state(),
            "machine": machine_info,
            "server": {"workers": args.workers, "settings": "bench.settings", "wsgi": "gunicorn sync workers"},
            "load": {
                "generator": "locust (FastHttpUser, as a library; bench/load.py)",
                "think_time_s": [args.think_min, args.think_max],
                "think_time_note": "a level of 1 user thinks 0.1-0.2 s (unloaded latency, enough samples)",
                "measured_seconds_per_level": args.duration,
                "journeys": [
                    {"name": j.name, "role": j.role, "weight": j.weight, "kind": j.kind, "description": j.description}
                    for j in JOURNEYS
                ],
                "targets": {"p95_ms": TARGET_P95_MS, "p50_ratio_to_healthz": TARGET_P50_RATIO},
            },
            "dataset": dataset,
            "settle_seconds": settle,
            "generation": {k: v for k, v in generation.items() if k != "output"}
            | {"output": generation.get("output", "")},
            "levels": levels,
        }
        RESULTS.mkdir(parents=True, exist_ok=True)
        name = args.out or f"{time.strftime('%Y-%m-%d')}-{result['db']}-{size_label(args.size)}.json"
        target = RESULTS / name if "/" not in name else Path(name)
        target.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
        print(markdown(result))
        log(f"wrote {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")
    finally:
        if server is not None:
            stop_server(server)
        shutil.rmtree(work, ignore_errors=True)
        drop_database(args, db_url)


if __name__ == "__main__":
    main()
