"""Browser-test helpers: Playwright driving Debian's Chromium (never a downloaded browser) and axe-core.

Use the `page` fixture (root conftest) in tests marked `@pytest.mark.browser`:

    def test_x(page, live_server, caseworker):
        login(page, live_server.url, caseworker)
        page.goto(live_server.url + "/boern/")
        assert_accessible(page)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
TEST_PASSWORD = "test-password-123"  # noqa: S105 - the factories' password
AXE_JS = Path(settings.BASE_DIR) / "static" / "vendor" / "axe" / "axe.min.js"


def login(page: Any, base_url: str, user: Any, password: str = TEST_PASSWORD) -> None:
    """Log in through the real login form (keyboard: type and press Enter)."""
    page.goto(base_url + "/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", password)
    page.press("#id_password", "Enter")
    page.wait_for_load_state("domcontentloaded")


def axe_violations(page: Any, *, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict[str, Any]]:
    """Run axe-core (WCAG 2.1 A/AA rules) on the current page; return violations of the given impacts."""
    # Injected through DevTools (evaluate), which the page's CSP does not block; a <script> tag would be.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    return [v for v in result["violations"] if v.get("impact") in impacts]


def assert_accessible(page: Any) -> None:
    violations = axe_violations(page)
    details = [
        f"{v['id']} ({v['impact']}): {v['help']} -> " + ", ".join(n["target"][0] for n in v["nodes"][:3])
        for v in violations
    ]
    assert not violations, "axe-core found serious/critical WCAG violations on " + page.url + ":\n" + "\n".join(details)


TABLET = {"width": 820, "height": 1180}


def tab_to(page: Any, selector: str, *, limit: int = 80) -> None:
    """Press Tab (only Tab) until the element matching `selector` has the keyboard focus."""
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} cannot be reached with the Tab key on {page.url}")


def assert_fits_width(page: Any) -> None:
    """No horizontal scrolling: nothing is wider than the viewport (tablets on home visits)."""
    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"{page.url} scrolls sideways: content {widths[0]}px, viewport {widths[1]}px"
