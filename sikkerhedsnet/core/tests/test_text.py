import pytest

from sikkerhedsnet.core.text import clean_text, search_key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Søren", "soren"),
        ("Søren", "SOEREN"),
        ("Åse", "aase"),
        ("Åse", "ase"),
        ("Ærø", "aero"),
        ("José", "jose"),
        ("  Anna   Marie ", "anna marie"),
    ],
)
def test_search_key_makes_spellings_meet(a: str, b: str) -> None:
    assert search_key(a) == search_key(b)


def test_search_key_keeps_different_names_apart() -> None:
    assert search_key("Anna") != search_key("Anne")


def test_clean_text_strips_control_characters_but_keeps_newlines() -> None:
    assert clean_text("a\x00b\x1bc\nd\te") == "abc\nd\te"


@pytest.mark.parametrize(
    "invisible",
    [
        "\u200b",  # zero-width space
        "\u200c\u200d\u2060\ufeff",  # zero-width (non-)joiner, word joiner, BOM
        "\u00ad",  # soft hyphen
        "\u202e\u2066",  # direction overrides
        "\u3164\uffa0\u115f",  # Hangul fillers
        "\u2800",  # blank braille pattern
        "\u034f\ufe0f\U000e0100",  # grapheme joiner, variation selectors
        "\u00a0\u2003\u3000",  # spaces
    ],
)
def test_clean_text_of_invisible_characters_only_is_empty(invisible: str) -> None:
    assert clean_text(invisible * 12) == ""


def test_clean_text_keeps_visible_text_between_invisible_characters() -> None:
    assert clean_text("\u200bDøgnvagt\u3164 akut\u2800") == "Døgnvagt akut"
