"""Take screenshots of pages as a given user, at desktop and tablet width (for looking, not testing).

Usage: .venv/bin/python scripts/screenshots.py USERNAME PATH [PATH ...]   (server on 127.0.0.1:8000)
Writes test-artifacts/screens/<name>-<width>.png.
"""

import os
import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = os.environ.get("SCREENSHOT_BASE", "http://127.0.0.1:8000")
PASSWORD = "demo-Sikkerhed-2026"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def main() -> None:
    username, paths = sys.argv[1], sys.argv[2:]
    out = Path("test-artifacts/screens")
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for width in (1280, 820):
            page = browser.new_page(viewport={"width": width, "height": 900})
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(BASE + "/accounts/login/")
            page.fill("#id_username", username)
            page.fill("#id_password", PASSWORD)
            page.click("button[type=submit]")
            for path in paths:
                page.goto(BASE + path)
                name = re.sub(r"[^a-z0-9]+", "_", path.lower()).strip("_") or "home"
                page.screenshot(path=str(out / f"{username}-{name}-{width}.png"), full_page=True)
            for e in errors:
                print("console error:", e)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
