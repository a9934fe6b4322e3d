"""Names read as a column agree with :func:`geo.importer.org_names.read_name` cell by cell.

The build reads the type and sector of every name at once with Arrow's regular
expressions (:mod:`geo.importer.name_columns`); these tests ask the cell rule the same
names: the edges of the rules (forms at the same position, abbreviations, "Coo…" words,
"Ltda.", accents, mojibake, long names) and generated names built from the rules' words.
"""

from __future__ import annotations

import re._parser as re_parser  # type: ignore[import-not-found]  # re's parser has no stubs
from collections.abc import Sequence

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.importer.name_columns import read_names
from geo.importer.org_names import _NAME_FORMS, read_name
from geo.io.text_columns import fold_column

EDGES = [
    "COOPERATIVA DE AHORRO Y CREDITO SAN JOSE LTDA", "Asoc. de productores de cacao",
    "FONDO DE EMPLEADOS DE LA COOPERATIVA X", "Asociación Nacional de Cooperativas",
    "Federación de las Cooperativas Cafeteras", "COAC Jardín Azuayo", "CAC del Valle",
    "Coopac Santa María", "Precoop. de transporte", "PRE COOPERATIVA", "Fdo de Empleados",
    "COOMULTRASAN", "Coomeva", "Coordinadora de mujeres", "Cooperación Andina", "Cooper",
    "Coolechera", "Cook", "Comercializadora Ltda.", "Servicios Limitada", "Caja Central X",
    "CAJA CENTRAL FINANCOOP", "Empresa comunitaria La Unión", "Comunidad Campesina de Ayabaca",
    "Comuna San Pablo", "Mutual Bienestar", "Asociación Mutual Andes", "Employee fund ABC",
    "Producers association of milk", "COPERATIVA AGRARIA", "COOOPERATIVA", "Co-operativa",
    "Juan Pérez", "", "   ", "CAÐAR cooperativa", "NARIÃ‘O Asociación", "ＣＯＯＰ lechera",
    "Asociación " + "x" * 520 + " cooperativa", "x" * 495 + " cooperativa", "coop\u00a0cafe",
    "Asociacion de cooperativas y fondo de empleados", "Liga de Cooperativas de Café",
]  # fmt: skip


def _cells(values: Sequence[object]) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _as_cells(names: np.ndarray, with_sector: np.ndarray) -> list[tuple | None]:
    readings = [read_name(n, with_sector=bool(w)) for n, w in zip(names, with_sector, strict=True)]
    return [None if r is None else (r.org_type, r.sector, r.evidence) for r in readings]


def _as_column(names: np.ndarray, with_sector: np.ndarray) -> list[tuple | None]:
    """Read as a column; the build's way (names folded once by the caller) reads the same."""
    answers = []
    for folded in (None, fold_column(names)):
        read = read_names(names, with_sector=with_sector, folded=folded)
        answers.append(
            [
                None if t is None else (t, s, e)
                for t, s, e in zip(read.org_type, read.sector, read.evidence, strict=True)
            ]
        )
    assert answers[0] == answers[1]
    return answers[0]


def test_the_edges_read_as_a_column_are_read_name_cell_by_cell() -> None:
    names = _cells([*EDGES, None, 3.0])
    for with_sector in (np.ones(len(names), bool), np.arange(len(names)) % 2 == 0):
        assert _as_column(names, with_sector) == _as_cells(names, with_sector)


def test_worked_examples() -> None:
    # by hand from geo/importer/org_names.py: "coac" expands to "cooperativa de ahorro y
    # credito" (a cooperative, the sector rule "\bahorro" says savings_credit); the
    # integration-body form starts at 0, before "cooperativ" at 22, and wins; "Coomeva"
    # has no form, its first word is "coo" + 4 letters; a name alone says nothing.
    names = _cells(["COAC Jardín", "Federación de Cooperativas", "Coomeva", "Juan Pérez"])
    read = read_names(names, with_sector=np.array([True, True, False, True]))
    assert read.org_type.tolist() == ["cooperative", "other_sse", "cooperative", None]
    assert read.sector.tolist() == ["savings_credit", None, None, None]
    assert read.evidence.tolist() == ["form", "form", "coo", None]
    assert read_names(names).sector.tolist() == [None] * 4  # sectors only where asked


WORDS = [
    "cooperativa", "coop", "coop.", "coac", "cac", "coopac", "precoop", "pre", "asoc",
    "asociación", "asociacion", "federacion", "de", "las", "fondo", "fondos", "empleados",
    "fdo", "mutual", "caja", "central", "comuna", "comunidad", "campesina", "empresa",
    "comunitaria", "ltda", "limitada", "coomeva", "coordinadora", "cooper", "café", "cacao",
    "leche", "ahorro", "credito", "red", "union", "x", "-", ",", "CO-OPERATIVA", "association",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.lists(st.sampled_from(WORDS), max_size=8), st.booleans()), max_size=15)
)
def test_column_agrees_on_names_made_of_the_rules_words(
    rows: list[tuple[list[str], bool]],
) -> None:
    names = _cells([" ".join(words) for words, _ in rows])
    with_sector = np.array([w for _, w in rows], dtype=bool)
    assert _as_column(names, with_sector) == _as_cells(names, with_sector)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=40), max_size=15))
def test_column_agrees_on_any_text(texts: list[str]) -> None:
    names = _cells(texts)
    with_sector = np.ones(len(names), dtype=bool)
    assert _as_column(names, with_sector) == _as_cells(names, with_sector)


def _shortest_match(pattern: str) -> int:
    """Return the fewest characters ``pattern`` can match (re's own parser)."""
    return int(re_parser.parse(pattern).getwidth()[0])


def test_no_form_matches_empty_text() -> None:
    # The column tells the earliest form by the named group that took part in one search
    # of all forms; a group that took part with empty text would read as "none took part".
    assert all(_shortest_match(p.pattern) > 0 for p, _ in _NAME_FORMS)
    assert _shortest_match(r"\b(?:x|)") == 0  # the check can fail: this one matches ""
