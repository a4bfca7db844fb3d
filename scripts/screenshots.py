"""Take screenshots of the main pages at desktop (1366 px) and phone (390 px) width (for looking, not testing).

Usage: .venv/bin/python scripts/screenshots.py [USERNAME PATH ...]   (a server with the demo data on SCREENSHOT_BASE,
default http://127.0.0.1:8000; `make screenshots` starts one). Without arguments it shows the main pages of a day:
Mine sager, Mine opgaver, a child's overview, the notification form and the safety plan as a caseworker, the team
overview as a team leader and the reports index as the head, once in Danish and once in English.
Writes test-artifacts/screenshots/<user>-<lang>-<page>-<width>.png and prints each page whose document is wider
than the window (horizontal scroll).
"""

import os
import re
import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

BASE = os.environ.get("SCREENSHOT_BASE", "http://127.0.0.1:8000")
PASSWORD = "demo-Sikkerhed-2026"  # noqa: S105 - the published demo password (fictitious data only)
OUT = Path("test-artifacts/screenshots")
WIDTHS = (1366, 390)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Paths with {child} are filled with the first child on the caseworker's Mine sager that has a safety plan.
DEFAULT_TOUR: dict[str, list[str]] = {
    "raadgiver01": [
        "/boern/mine-sager/",
        "/underretninger/mine-opgaver/",
        "/boern/{child}/",
        "/underretninger/ny/",
        "/sikkerhed/boern/{child}/sikkerhedsplan/",
    ],
    "teamleder.nord": ["/accounts/team/"],
    "leder": ["/rapporter/"],
}


def log_in(page: Page, username: str) -> None:
    page.goto(BASE + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_load_state("domcontentloaded")


def set_language(page: Page, code: str) -> None:
    button = page.locator(f'form.app-lang button[value="{code}"]')
    if button.count():
        button.first.click()
        page.wait_for_load_state("domcontentloaded")


def child_with_plan(page: Page) -> str:
    """The first child on Mine sager whose safety plan page offers a plan (falls back to the first child)."""
    page.goto(BASE + "/boern/mine-sager/")
    ids = list(dict.fromkeys(re.findall(r'href="/boern/(\d+)/"', page.content())))
    for child_id in ids[:25]:
        page.goto(f"{BASE}/sikkerhed/boern/{child_id}/sikkerhedsplan/")
        if page.locator("a[href^='/sikkerhed/sikkerhedsplaner/']").count():
            return child_id
    return ids[0] if ids else "1"


def shoot(page: Page, username: str, lang: str, paths: list[str], width: int) -> None:
    for path in paths:
        page.goto(BASE + path)
        page.wait_for_load_state("networkidle")
        name = re.sub(r"[^a-z0-9]+", "_", re.sub(r"\d+", "n", path.lower())).strip("_") or "home"
        page.screenshot(path=str(OUT / f"{username}-{lang}-{name}-{width}.png"), full_page=True)
        doc_width = page.evaluate("document.documentElement.scrollWidth")
        if doc_width > width:
            print(f"horizontal scroll: {path} as {username} ({lang}) is {doc_width} px wide at {width} px")


def main() -> None:
    tour = {sys.argv[1]: sys.argv[2:]} if len(sys.argv) > 2 else DEFAULT_TOUR
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for username, paths in tour.items():
            for lang in ("da", "en"):
                context = browser.new_context(viewport={"width": WIDTHS[0], "height": 900})
                page = context.new_page()
                errors: list[str] = []
                page.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
                log_in(page, username)
                set_language(page, lang)
                child = child_with_plan(page) if any("{child}" in p for p in paths) else ""
                filled = [p.replace("{child}", child) for p in paths]
                for width in WIDTHS:
                    page.set_viewport_size({"width": width, "height": 900})
                    shoot(page, username, lang, filled, width)
                for e in errors:
                    print("console error:", e)
                context.close()
        browser.close()
    print(f"screenshots in {OUT}/")


if __name__ == "__main__":
    main()
