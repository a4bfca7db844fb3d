"""Query budgets: a page's number of SQL queries is fixed and does not grow with the rows it shows.

    assert_constant_queries(request=lambda: client.get(url), grow=add_rows, expected=9)

`request` makes the request (and checks its status); `grow(n)` adds n more of the rows the page lists. The
helper warms up once (first-request work such as creating the audit chain head), then measures with
`small` rows and again with `large` rows: both counts must equal `expected`. On failure it prints the SQL.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext


def captured(request: Callable[[], Any]) -> list[str]:
    """The SQL statements one call of `request` runs."""
    with CaptureQueriesContext(connection) as context:
        request()
    return [q["sql"] for q in context.captured_queries]


def assert_constant_queries(
    *, request: Callable[[], Any], grow: Callable[[int], Any], expected: int, small: int = 3, large: int = 30
) -> None:
    request()
    grow(small)
    with_small = captured(request)
    grow(large - small)
    with_large = captured(request)
    if len(with_small) == len(with_large) == expected:
        return
    listing = "\n".join(f"  {i + 1:2d}. {sql[:200]}" for i, sql in enumerate(with_large))
    raise AssertionError(
        f"expected {expected} queries; got {len(with_small)} with {small} rows and {len(with_large)} with {large} "
        f"rows. Queries with {large} rows:\n{listing}"
    )
