"""A logging filter that keeps personal data (CPR numbers, query strings) out of log lines."""

from __future__ import annotations

import logging
import re

_CPR = re.compile(r"(?<!\d)\d{6}-?\d{4}(?!\d)")
_QUERY = re.compile(r"\?[^\s\"']*")


def redact(text: str) -> str:
    return _QUERY.sub("?[redacted]", _CPR.sub("[cpr]", text))


class RedactPersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string must not break logging
            return True
        record.msg = redact(message)
        record.args = ()
        if record.exc_info:
            # A traceback carries exception messages, e.g. a database error quoting the CPR it refused.
            text = logging.Formatter().formatException(record.exc_info)
            record.exc_text = redact(text)
            record.exc_info = None
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
