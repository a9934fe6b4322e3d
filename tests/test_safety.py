"""Spreadsheet formula neutralisation of exported text."""

from __future__ import annotations

import pytest

from geo.io.safety import neutralise_formula


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+SUM(A1:A3)", "'+SUM(A1:A3)"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=cmd", "'\t=cmd"),
        ("\r=cmd", "'\r=cmd"),
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("Cooperativa La Esperanza", "Cooperativa La Esperanza"),
        ("a=1", "a=1"),  # only the first character matters
        (" =1", " =1"),
        ("", ""),
        ("'=1", "'=1"),  # already neutral
    ],
)
def test_neutralise_formula(text, expected) -> None:
    assert neutralise_formula(text) == expected


def test_only_text_is_accepted() -> None:
    with pytest.raises(TypeError, match="expects str, got int"):
        neutralise_formula(-5)  # type: ignore[arg-type]
