"""CPR numbers (personnumre): parsing, validation and display.

Rules (domain.md §9): 10 digits shown DDMMYY-SSSS; the 7th digit and the two-digit year give the century;
the modulus-11 check is NOT required (numbers without it have been issued since 2007); replacement numbers
(erstatningspersonnumre, day + 60) are accepted and marked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from stdnum.dk import cpr as stdnum_cpr
from stdnum.exceptions import ValidationError as StdnumValidationError

# ASCII digits only: `\d` also matches '٣' and '３', and the same child would be registered once per script.
_CPR_RE = re.compile(r"[0-9]{6}-?[0-9]{4}")
REPLACEMENT_DAY_OFFSET = 60


class InvalidCpr(ValueError):
    """The text is not a CPR number; `code` says why (machine-readable)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Cpr:
    digits: str  # exactly 10 digits
    birth_date: date
    replacement: bool

    @property
    def formatted(self) -> str:
        return f"{self.digits[:6]}-{self.digits[6:]}"


def compact(value: str) -> str:
    """Strip spaces and the hyphen; raises InvalidCpr when what is left is not 10 digits."""
    raw = (value or "").strip().replace(" ", "")
    if not _CPR_RE.fullmatch(raw):
        raise InvalidCpr("format", _("Et CPR-nummer består af 10 cifre, fx 010203-1234."))
    return raw.replace("-", "")


def parse(value: str) -> Cpr:
    """Parse and validate a CPR number (ordinary or replacement form) without the modulus-11 check."""
    digits = compact(value)
    day = int(digits[0:2])
    replacement = day > REPLACEMENT_DAY_OFFSET
    real_day = day - REPLACEMENT_DAY_OFFSET if replacement else day
    candidate = f"{real_day:02d}{digits[2:]}"
    try:
        # python-stdnum knows the century table (7th digit + year); it checks the date, not modulus 11.
        birth = stdnum_cpr.get_birth_date(candidate)
    except StdnumValidationError as exc:
        raise InvalidCpr("date", _("CPR-nummerets første seks cifre er ikke en gyldig fødselsdato.")) from exc
    return Cpr(digits=digits, birth_date=birth, replacement=replacement)


def format_cpr(digits: str) -> str:
    return f"{digits[:6]}-{digits[6:]}" if len(digits) == 10 else digits


def mask(digits: str) -> str:
    """DDMMYY-xxxx: what lists show; the full number only on the child's own page."""
    return f"{digits[:6]}-xxxx" if len(digits) == 10 else digits


def fictitious(birth: date, serial: int) -> str:
    """A clearly fictitious number in replacement form (day + 60) for demo and synthetic data."""
    if 1900 <= birth.year <= 1999:
        seventh = 0  # 0-3: 1900-1999
    elif 2000 <= birth.year <= 2036:
        seventh = 4  # 4 and 9: 2000-2036
    elif 2000 <= birth.year <= 2057:
        seventh = 5  # 5-8: 2000-2057
    else:
        raise ValueError("fictitious CPR numbers are made for births 1900-2057 only")
    return (
        f"{birth.day + REPLACEMENT_DAY_OFFSET:02d}{birth.month:02d}{birth.year % 100:02d}{seventh}{serial % 1000:03d}"
    )
