"""The fast path of :mod:`geo.io.number_text` (Arrow, whole column) agrees with the cell rules.

Plain integers and unambiguous decimals are matched by Arrow on all distinct values at
once; every value it parses must be the number, and show the separator, that the
cell-by-cell rules (``_split_sign``, ``_vote``, ``_parse``) give it. The values are
generated near the patterns: digits, both separators, signs, and the white space
``str.strip`` strips (including the separators ``\\x1c``-``\\x1f`` and U+3000).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.io.number_text import _parse, _parse_fast, _split_sign, _vote, parse_numbers

SPACES = " \t\n\x1c\x1f\u00a0\u2007\u3000\u200b"


def _values(texts: list[str]) -> np.ndarray:
    out = np.empty(len(texts), dtype=object)
    out[:] = texts
    return out


def _check(texts: list[str]) -> None:
    values = _values(list(dict.fromkeys(texts)))
    for decimal in (None, ".", ","):
        parsed, own, done = _parse_fast(values, decimal)
        for value, number, separator, fast in zip(values, parsed, own, done, strict=True):
            if not fast:
                assert math.isnan(number) and separator is None
                continue
            sign, body = _split_sign(value)
            assert body, value
            assert separator == _vote(body), value
            expected = _parse(body, separator or decimal or ".")
            assert expected is not None and number == sign * expected, value


def test_worked_examples() -> None:
    # by hand: an integer, a decimal comma (not three digits after it), a decimal point,
    # white space str.strip strips (U+3000, \x1c) around; "1.234" is ambiguous (slow path)
    values = _values(["42", " -74,0721\u3000", "\x1c3.75", "1.234", "+0", "x"])
    parsed, own, done = _parse_fast(values, None)
    assert done.tolist() == [True, True, True, False, True, False]
    assert parsed[:3].tolist() == [42.0, -74.0721, 3.75]
    assert own.tolist() == [None, ",", ".", None, None, None]
    numbers, invalid = parse_numbers(pd.Series(["1.234", "12,5", "x"]))
    assert numbers[:2].tolist() == [1234.0, 12.5] and invalid.tolist() == [False, False, True]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from("0123456789.,+-" + SPACES), max_size=12)))
def test_fast_path_agrees_with_the_cell_rules(texts: list[str]) -> None:
    _check(texts)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=10)))
def test_fast_path_agrees_on_any_text(texts: list[str]) -> None:
    _check(texts)
