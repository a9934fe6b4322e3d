"""text_array and text_cells (geo.io) agree with pandas' typing and with isinstance."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geo.io.text_arrays import STR_DTYPE, text_array
from geo.io.text_columns import text_cells

CASES = {
    "text and None": ["Cooperativa Andina", None, "Asociación Ñandú"],
    "text and NaN": [float("nan"), "x"],
    "text and pd.NA": [pd.NA, "x", None],
    "numpy str": [np.str_("q"), "y"],
    "only None": [None, None],
    "empty": [],
    "int and text": [1, "x"],
    "text and float": ["x", 1.5],
    "bool and text": [True, "x"],
    "bytes and text": [b"x", "y"],
}


@pytest.mark.parametrize("cells", CASES.values(), ids=CASES.keys())
def test_the_column_is_the_one_pandas_types_from_the_cells(cells: list[object]) -> None:
    values = np.array(cells, dtype=object)
    expected = pd.DataFrame({"a": values})["a"]
    got = pd.DataFrame({"a": text_array(values)})["a"]
    pd.testing.assert_series_equal(got, expected)


def test_text_becomes_an_arrow_str_array_and_other_arrays_pass_through() -> None:
    made = text_array(np.array(["a", None], dtype=object))
    assert made.dtype == STR_DTYPE and isinstance(made, pd.arrays.ArrowStringArray)
    assert list(pd.Series(made).isna()) == [False, True]
    numbers = np.array([1.5, 2.0])
    assert text_array(numbers) is numbers
    mixed = np.array([1, "x"], dtype=object)
    assert text_array(mixed) is mixed


@pytest.mark.parametrize("cells", [*CASES.values(), [3.0], [float("nan")]], ids=str)
def test_text_cells_are_the_cells_isinstance_str_finds(cells: list[object]) -> None:
    values = np.empty(len(cells), dtype=object)
    values[:] = cells
    is_text, text = text_cells(values)
    assert is_text.tolist() == [isinstance(c, str) for c in cells]
    assert text.to_pylist() == [c for c in cells if isinstance(c, str)]
    assert str(text.type) == "large_string"
