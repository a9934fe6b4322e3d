"""Drill-down: the default indicator colours the level-2 map in every country (demo data).

The default indicator is organizations per 100,000 inhabitants; at level 2 its
denominator is the census population of data/boundaries/need_admin2.csv, so a drilled
map has classes, not the grey of "no data". Counted here as the map draws it: the fill
of each unit from the dashboard's hideout.
"""

from __future__ import annotations

import pytest

from dashboard import logic
from dashboard.data import DashboardData, load_data
from geo.builds.folder import build
from geo.indicators.unit_tables import unit_table
from geo.indicators.view import View
from geo.settings import get_settings


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> DashboardData:
    source = get_settings().organizations_dir
    out = tmp_path_factory.mktemp("drill-colours") / "processed"
    build([source / "demo_registry.csv"], programmes=[source / "demo_programmes.csv"], out=out)
    return load_data(out, is_demo=True)


def _fills(data: DashboardData, view: View) -> list[str]:
    hideout = logic.map_view(unit_table(data.prepared, view, data.weights), view).hideout
    colors = [*hideout["colors"], hideout["noData"]]
    fills = {-2: hideout["outside"], -1: hideout["noData"]}
    return [
        fills.get(c, colors[c] if c >= 0 else hideout["noData"])
        for c in hideout["classes"].values()
    ]


@pytest.mark.parametrize("parent", ["CO", "PE", "EC", "CO-ANT", "PE-CUS", "EC-P"])
def test_the_default_indicator_colours_the_drilled_map(data: DashboardData, parent: str) -> None:
    view = View(level=2, parent=parent)
    assert view.indicator == "orgs_per_100k"  # the default
    fills = _fills(data, view)
    palette = set(fills) - {"#d9d9d9", "#ffffff"}  # neither "no data" nor "outside"
    assert len(palette) >= 3, (parent, sorted(set(fills)))
    # most units are coloured, not grey
    assert sum(f in palette for f in fills) > len(fills) / 2
