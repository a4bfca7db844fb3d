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
