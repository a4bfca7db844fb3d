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


# Characters that show nothing but are not control or format characters (category C, removed anyway): the
# Hangul fillers, the combining grapheme joiner, variation selectors, Khmer and Mongolian invisible marks, the
# blank braille pattern. A reason typed only of these (or of zero-width spaces) must read as empty, not as text.
_INVISIBLE = frozenset(
    "\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180f\u2800\u3164\uffa0"
    + "".join(map(chr, range(0xFE00, 0xFE10)))
    + "".join(map(chr, range(0xE0100, 0xE01F0)))
)


def clean_text(value: str) -> str:
    """Remove control and format characters (except newline and tab; zero-width spaces, direction marks, ...) that
    would corrupt exports and PDFs, and the other invisible characters above; then strip."""
    return "".join(
        ch for ch in value if ch in "\n\t" or (unicodedata.category(ch)[0] != "C" and ch not in _INVISIBLE)
    ).strip()
