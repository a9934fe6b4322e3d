"""Rules asked once per column agree with the same rules asked cell by cell.

The build folds names and tests summary lines on whole columns (Arrow for ASCII
text, the rule itself for the rest); these tests compare both ways on cells chosen
to sit on the edges (case, punctuation, accents, mojibake, ``:``, ``*``, "total"
inside a word) and on generated text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.importer.ids import _LOOSE, _LOOSE_RE2, summary_kind, summary_kinds
from geo.io.text import fold
from geo.io.text_columns import fold_column

EDGES = [
    "TOTAL SEGMENTO 1", "Sub total", "subtotales", "Total general", "Gran Total",
    " -- TOTAL", "Totalmente Cooperativa", "COOPERATIVA TOTAL LTDA", "TÓTAL", "TOTAL.",
    "Fuente: SEPS", "NOTA: revisar", "nota : x", "(*) Dato provisional", "** Nota",
    "Asociación de Productores", "CAÐAR", "NARIÃ‘O", "Bogotá, D.C.", "", "   ",
    "a\u00a0total", "\u00a0TOTAL", "Coop. San José", "x:y", "*", "ﬁnca", "ＴＯＴＡＬ",
]  # fmt: skip


def _cells(values: Sequence[object]) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def test_summary_kinds_of_the_edges_are_summary_kind_cell_by_cell() -> None:
    cells = _cells([*EDGES, None, 3.0])
    assert summary_kinds(cells).tolist() == [summary_kind(v) for v in cells]
    # worked out by hand from the patterns in geo/importer/ids.py
    assert summary_kinds(_cells([" -- TOTAL", "Totalmente Cooperativa", "(*) Dato"])).tolist() == [
        "total",
        None,
        "note",
    ]


def test_fold_column_of_the_edges_is_fold_cell_by_cell() -> None:
    cells = _cells([*EDGES, None])
    assert fold_column(cells).tolist() == [fold(v) for v in EDGES] + [None]
    assert fold_column(_cells(["  Bogotá, D.C. ", "CAÐAR "])).tolist() == ["bogota d c", "canar"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(min_size=0, max_size=30), max_size=20))
def test_column_rules_agree_with_cell_rules_on_any_text(texts: list[str]) -> None:
    cells = _cells(texts)
    assert fold_column(cells).tolist() == [fold(v) for v in texts]
    assert summary_kinds(cells).tolist() == [summary_kind(v) for v in texts]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.sampled_from("TotalSUB :*()-.,\t\n\x1c\x1fgrnmuae"), max_size=25),
        max_size=20,
    )
)
def test_column_rules_agree_on_ascii_text_near_the_patterns(texts: list[str]) -> None:
    cells = _cells(texts)
    assert fold_column(cells).tolist() == [fold(v) for v in texts]
    assert summary_kinds(cells).tolist() == [summary_kind(v) for v in texts]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.text(
            alphabet=st.characters(min_codepoint=0, max_codepoint=0x2FF, exclude_categories=["Cs"]),
            max_size=25,
        ),
        max_size=20,
    )
)
def test_column_rules_agree_on_latin_text(texts: list[str]) -> None:
    cells = _cells(texts)
    assert fold_column(cells).tolist() == [fold(v) for v in texts]
    assert summary_kinds(cells).tolist() == [summary_kind(v) for v in texts]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(" a1-.\t\u00a0é"), max_size=25), max_size=20))
def test_folding_makes_every_run_of_other_characters_one_space(texts: list[str]) -> None:
    # fold_column rewrites only the runs that are not already one space; runs of spaces,
    # punctuation and both, at either end or between words, must fold as fold does
    cells = _cells(texts)
    assert fold_column(cells).tolist() == [fold(v) for v in texts]


FIRST_CELLS = [
    "Fuente: SEPS", "  nota: x", "\u3000TOTAL", "\u00a0\u2028Subtotal", "\x1c(*) dato",
    "ELABORACİON propia", "observacıón", "Observación", "ſuma", "SUMA", "Cooperativa", "",
    "x total", "(*", "fecha de corte", "Fecha De Corte", "\u200btotal",
]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(FIRST_CELLS) | st.text(max_size=12), max_size=20))
def test_first_cells_are_tested_as_pythons_re_tests_them(cells: list[str]) -> None:
    # the Arrow (RE2) pattern marks exactly the first cells Python's re marked
    expected = [bool(re.search(_LOOSE, c, re.IGNORECASE)) for c in cells]
    got = pc.match_substring_regex(
        pa.array(cells, type=pa.large_string()), _LOOSE_RE2, ignore_case=True
    )
    assert got.to_pylist() == expected
