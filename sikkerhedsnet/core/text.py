"""Text helpers: search normalisation that is accent- and case-insensitive and knows the Danish letters."""

from __future__ import annotations

import unicodedata

# æ, ø, å are letters of their own in Danish, but people type "ae", "oe", "aa" (or "a", "o") on foreign
# keyboards; the search key folds them all to one spelling so "Søren", "Soeren" and "Soren" meet.
_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def search_key(value: str) -> str:
    """Lower-case, fold Danish/German letters, strip remaining accents, collapse whitespace."""
    folded = (value or "").casefold().translate(_FOLD)
    decomposed = unicodedata.normalize("NFKD", folded)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # "aa" and "oe" variants: fold the two-letter forms to the one-letter ASCII base as well, so
    # "Aase" == "Åse" == "Ase" and "Soren" finds "Søren".
    stripped = stripped.replace("aa", "a").replace("ae", "a").replace("oe", "o").replace("ue", "u")
    return " ".join(stripped.split())


def clean_text(value: str) -> str:
    """Remove control characters (except newline and tab) that would corrupt exports and PDFs."""
    return "".join(ch for ch in value if ch in "\n\t" or unicodedata.category(ch)[0] != "C").strip()
