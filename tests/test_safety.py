"""Spreadsheet formula neutralisation of exported text."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.io.safety import neutralise_formula, neutralise_frame


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
        (" =1", "' =1"),  # LibreOffice and Google Sheets trim the space on import
        ("\n=1", "'\n=1"),
        ("\u200b=1", "'\u200b=1"),  # zero-width space
        ("\u00a0\u3000+1", "'\u00a0\u3000+1"),  # no-break and ideographic spaces
        ("\uff1dSUM(A1)", "'\uff1dSUM(A1)"),  # full-width equals sign
        ("\uff20x", "'\uff20x"),  # full-width commercial at
        ("\u2212" + "1", "'\u22121"),  # minus sign
        ("Coop =1", "Coop =1"),  # a sign after text is no formula
        ("", ""),
        ("'=1", "'=1"),  # already neutral
    ],
)
def test_neutralise_formula(text, expected) -> None:
    assert neutralise_formula(text) == expected


def test_only_text_is_accepted() -> None:
    with pytest.raises(TypeError, match="expects str, got int"):
        neutralise_formula(-5)  # type: ignore[arg-type]


def test_a_whole_frame_neutralises_lookalikes_like_single_cells() -> None:
    cells = [" =1", "\u200b=1", "\uff1d1", "ok", "Coop =1", None]
    frame = pd.DataFrame({"\u3000=x": pd.Series(cells, dtype=pd.StringDtype("pyarrow"))})
    safe = neutralise_frame(frame)
    assert list(safe.columns) == ["'\u3000=x"]
    expected = [None if c is None else neutralise_formula(c) for c in cells]
    assert safe.iloc[:, 0].astype(object).where(safe.iloc[:, 0].notna(), None).tolist() == expected
    assert expected[:3] == ["' =1", "'\u200b=1", "'\uff1d1"]
