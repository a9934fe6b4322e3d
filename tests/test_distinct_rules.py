"""Rules asked once per distinct value give each row what asking row by row gives.

:meth:`geo.units.gazetteer.Gazetteer.resolve_many` resolves each distinct (name,
country) pair once and broadcasts the answers by integer codes; these tests compare it
with :meth:`~geo.units.gazetteer.Gazetteer.resolve` asked of every row, on a column with
repeats, empty cells, NaN, unknown and ambiguous names, and countries given per row,
once for all, or not at all.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geo.units.gazetteer import Gazetteer

NAMES = [
    "Antioquia", None, "Nariño", "NARINO", float("nan"), "Lima", "Lima", "Zzz", "Antioquia",
    "Bolívar", "", "Santander", "Bolivar", "Cusco", "El Oro", None, "Lima",
]  # fmt: skip
COUNTRIES = ["CO", "CO", None, "CO", "PE", "PE", None, "EC", "CO"]


def _row_by_row(gazetteer: Gazetteer, names: pd.Series, countries: object) -> pd.DataFrame:
    def country(i: int) -> object:
        return countries.iat[i] if isinstance(countries, pd.Series) else countries

    found = [
        gazetteer.resolve(n if isinstance(n, str) else None, country(i))
        for i, n in enumerate(names)
    ]
    return pd.DataFrame(
        {
            "status": [m.status for m in found],
            "iso_3166_2": pd.Series([m.iso_3166_2 for m in found], dtype=object),
            "method": [m.method for m in found],
            "score": [m.score for m in found],
            "matched_alias": pd.Series([m.matched_alias for m in found], dtype=object),
            "candidates": pd.Series([m.candidates for m in found], dtype=object),
        }
    ).set_axis(names.index)


@pytest.mark.parametrize(
    "countries",
    [
        pd.Series([*COUNTRIES, *COUNTRIES[:7], None], dtype=object),
        "CO",
        None,
    ],
)
def test_resolve_many_is_resolve_row_by_row(countries: object) -> None:
    gazetteer = Gazetteer()
    names = pd.Series(NAMES, dtype=object, index=np.arange(100, 100 + len(NAMES)))
    if isinstance(countries, pd.Series):
        countries = countries.set_axis(names.index)
    got = gazetteer.resolve_many(names, countries)
    pd.testing.assert_frame_equal(got, _row_by_row(gazetteer, names, countries))
    # by hand: "Antioquia" in Colombia is CO-ANT, the same answer on both of its rows
    if isinstance(countries, str):
        assert got["iso_3166_2"].iat[0] == got["iso_3166_2"].iat[8] == "CO-ANT"
