"""One "reached" under a view's targeting: "not yet reached" follows the coverage gap's programme.

Worked by hand on the fixture of ``tests/test_indicators.py`` (three units, ten
organizations; programme rows o1 My.Coop, o1 Think.Coop, o3 My.Coop, o7 Start.Coop,
o7 My.Coop, o9 other, o99 outside the registry):

=========  ====  ==============  ==================  ==================
unit       orgs  reached by any  reached by My.Coop  reached Think.Coop
=========  ====  ==============  ==================  ==================
CO-ANT     6     o1, o3 -> 2     o1, o3 -> 2         o1 -> 1
CO-BOY     0     0               0                   0
PE-CUS     4     o7, o9 -> 2     o7 -> 1             0
=========  ====  ==============  ==================  ==================

so "not yet reached" is 4, 0, 2 for any programme; 4, 0, 3 for My.Coop; 5, 0, 4 for
Think.Coop; and Start.Coop (o7 only) 6, 0, 3.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geo.indicators.compute import compute_indicators, summarise
from geo.indicators.prepared import prepare
from geo.indicators.reach_target import not_reached, reached_column
from geo.indicators.selection import selection_totals
from geo.indicators.unit_tables import unit_table
from geo.indicators.view import View
from tests.test_indicators import orgs_frame, population_frame, programmes_frame, units_frame

NAN = float("nan")


@pytest.fixture(scope="module")
def prepared():
    return prepare(
        orgs_frame(), programmes_frame(), units=units_frame(), population=population_frame()
    )


@pytest.mark.parametrize(
    ("programme", "expected"),
    [(None, [4, 0, 2]), ("my_coop", [4, 0, 3]), ("think_coop", [5, 0, 4]),
     ("start_coop", [6, 0, 3])],
)  # fmt: skip
def test_not_reached_counts_the_targeted_programme(prepared, programme, expected) -> None:
    table = compute_indicators(prepared, coverage_programme=programme)
    assert table["not_reached"].tolist() == expected


@pytest.mark.parametrize(
    ("programme", "gap"),
    # 1 - reached / orgs: any 1 - 2/6, 1 - 2/4; My.Coop 1 - 2/6, 1 - 1/4; Think.Coop 1 - 1/6, 1
    [(None, [4 / 6, NAN, 2 / 4]), ("my_coop", [4 / 6, NAN, 3 / 4]),
     ("think_coop", [5 / 6, NAN, 4 / 4])],
)  # fmt: skip
def test_the_coverage_gap_is_not_reached_over_organizations(prepared, programme, gap) -> None:
    table = compute_indicators(prepared, coverage_programme=programme)
    np.testing.assert_allclose(table["priority_coverage_gap"].to_numpy(float), gap, rtol=1e-12)
    with np.errstate(invalid="ignore"):
        ratio = table["not_reached"].to_numpy(float) / table["orgs"].to_numpy(float)
    np.testing.assert_allclose(table["priority_coverage_gap"].to_numpy(float), ratio)


def test_the_view_target_reaches_totals_and_summaries(prepared) -> None:
    view = View(programme="my_coop")
    table = unit_table(prepared, view)
    assert table["not_reached"].tolist() == [4, 0, 3]
    overall = summarise(table, prepared, by="all")
    assert int(overall["not_reached"].iloc[0]) == 4 + 0 + 3
    totals = selection_totals(prepared, None, ["CO-ANT", "PE-CUS"], unit_table=table)
    assert totals["not_reached"].tolist() == [4 + 3, 4 + 0 + 3]
    # without a target the same places count any programme: 4 + 2
    plain = unit_table(prepared, View())
    assert int(summarise(plain, prepared, by="all")["not_reached"].iloc[0]) == 6


def test_reached_column_and_not_reached_on_plain_sums() -> None:
    assert reached_column(None) == "reached_any"
    assert reached_column("start_coop") == "reached_start_coop"
    sums = {"orgs": np.array([6, 0, 4]), "reached_any": np.array([2, 0, 2]),
            "reached_my_coop": np.array([2, 0, 1])}  # fmt: skip
    assert not_reached(sums, None).tolist() == [4, 0, 2]
    assert not_reached(sums, "my_coop").tolist() == [4, 0, 3]
    with pytest.raises(ValueError, match="coverage_programme must be None or one of"):
        reached_column("My.Coop")
    assert isinstance(pd.Series(not_reached(sums, None)).sum(), np.integer)


def test_not_yet_reached_is_named_for_the_target_programme(prepared) -> None:
    from dashboard.indicator_menu import targeted_label
    from dashboard.logic import map_view
    from geo.indicators.reach_target import not_reached_label

    assert not_reached_label(None, "en") is None
    assert not_reached_label("my_coop", "en") == "Organizations not yet reached by My.Coop"
    assert (
        not_reached_label("start_coop", "es") == "Organizaciones aún no alcanzadas por Start.Coop"
    )
    view = View(lang="es", indicator="not_reached", programme="think_coop")
    assert targeted_label("not_reached", view) == "Organizaciones aún no alcanzadas por Think.Coop"
    assert targeted_label("orgs", view) == "Organizaciones"
    assert targeted_label("not_reached", View()) == "Organizations not yet reached"
    # the map's key and tooltips say it, over the counts 5, 0, 4 of Think.Coop
    shown = map_view(unit_table(prepared, view), view)
    assert shown.legend[0].children == "Organizaciones aún no alcanzadas por Think.Coop"
    assert shown.hideout["tooltips"]["PE-CUS"][0] == (
        "Organizaciones aún no alcanzadas por Think.Coop: 4 organizaciones"
    )


def test_the_table_header_names_the_target_programme() -> None:
    from dashboard.callbacks import table_columns_part
    from dashboard.layout import column_defs
    from dashboard.view_answer import ViewRequest, _Shared

    def header(view: View) -> str:
        return next(c["headerName"] for c in column_defs(view) if c["colId"] == "not_reached")

    assert header(View()) == "Organizations not yet reached"
    assert header(View(lang="es", programme="my_coop")) == (
        "Organizaciones aún no alcanzadas por My.Coop"
    )
    # the view's answer carries the headers, so a new target renames the column
    view = View(programme="start_coop")
    shared = _Shared("", None)
    shared.__dict__["view_and_table"] = (view, None)  # the part reads the view alone
    (defs,) = table_columns_part(ViewRequest(shared, {}))
    assert [c["headerName"] for c in defs if c["colId"] == "not_reached"] == [
        "Organizations not yet reached by Start.Coop"
    ]
