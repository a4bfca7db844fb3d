"""Exit 0 when the PostgreSQL URL given as the only argument accepts a connection within 3 seconds."""

import sys

import dj_database_url
import psycopg

cfg = dj_database_url.parse(sys.argv[1])
try:
    psycopg.connect(
        host=cfg["HOST"] or "127.0.0.1",
        port=cfg["PORT"] or 5432,
        user=cfg["USER"] or "postgres",
        password=cfg["PASSWORD"] or None,
        dbname=cfg["NAME"] or "postgres",
        connect_timeout=3,
    ).close()
except Exception:  # noqa: BLE001 - any failure means "not reachable"
    sys.exit(1)
