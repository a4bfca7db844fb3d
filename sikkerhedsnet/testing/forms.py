"""Test helpers for HTML forms: read the fields of a rendered form, add a one-time token to a POST."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from sikkerhedsnet.core.formtokens import FIELD_NAME, new_token


@dataclass
class ParsedForm:
    method: str
    action: str
    values: dict[str, str] = field(default_factory=dict)


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[ParsedForm] = []
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(ParsedForm(method=a.get("method", "get").lower(), action=a.get("action", "")))
            return
        if not self.forms:
            return
        current = self.forms[-1]
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    current.values[name] = a.get("value", "on")
            elif kind not in ("submit", "button", "file"):
                current.values[name] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            current.values[name] = ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            current.values[self._select] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea and self.forms:
            # The browser drops one newline right after <textarea>.
            value = self.forms[-1].values[self._textarea] + data
            self.forms[-1].values[self._textarea] = value[1:] if value.startswith("\n") else value


def parse_forms(html: str) -> list[ParsedForm]:
    """Every <form> on the page with the values a browser would submit (no buttons, no files)."""
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def form_values(html: str, *, method: str = "post", index: int = -1) -> dict[str, str]:
    """The submit values of the page's last (or `index`-th) form with this method, e.g. the main edit form."""
    forms = [f for f in parse_forms(html) if f.method == method]
    if not forms:
        raise AssertionError(f"no <form method={method}> on the page")
    return dict(forms[index].values)


def with_form_token(data: dict[str, Any]) -> dict[str, Any]:
    """POST data with a fresh one-time token, as the `{% form_token %}` tag would render it."""
    return {**data, FIELD_NAME: new_token()}
