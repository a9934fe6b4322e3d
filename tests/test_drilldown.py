"""Drill-down without a browser: the view's level and parent, the geometry route, the trail."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from dashboard import drilldown
from dashboard.app import create_app
from dashboard.data import DashboardData, load_data
from geo.builds.folder import build
from geo.indicators.unit_tables import unit_table
from geo.indicators.view import View
from geo.settings import get_settings

UNITS = {"CO-ANT", "CO-CUN", "PE-CUS"}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = get_settings().organizations_dir
    out = tmp_path_factory.mktemp("drill") / "processed"
    build([source / "demo_registry.csv"], programmes=[source / "demo_programmes.csv"], out=out)
    return out


@pytest.fixture(scope="module")
def data(folder: Path) -> DashboardData:
    return load_data(folder, is_demo=True)


def test_level_and_parent_round_trip_through_the_url() -> None:
    view = View(level=2, parent="CO-ANT", selected="CO-05001")
    query = view.to_query()
    assert "level=2" in query and "parent=CO-ANT" in query
    back, notices = View.from_query(query, known_units=UNITS, known_children={"CO-05001"})
    assert (back, notices) == (view, [])
    assert "level" not in View().to_query()


@pytest.mark.parametrize(
    ("query", "notice"),
    [
        ("level=3", "level='3' is not one of 1, 2"),
        ("level=2&parent=CO-XXX", "parent 'CO-XXX' is not a country or a known level-1 unit"),
        ("level=2", "level 2 needs a parent: a country ['CO', 'PE', 'EC'] or a unit"),
        ("parent=CO-ANT", "parent 'CO-ANT' needs level 2"),
        ("level=2&parent=CO-ANT&sel=CO-ANT", "sel='CO-ANT' is not a known unit"),
    ],
)
def test_invalid_level_values_fall_back_with_a_notice(query: str, notice: str) -> None:
    view, notices = View.from_query(query, known_units=UNITS, known_children={"CO-05001"})
    assert notice in notices
    assert view.selected is None
    assert view.level == (2 if "sel=" in query else 1)


def test_country_parent_is_level2_of_the_whole_country() -> None:
    view, notices = View.from_query("level=2&parent=PE", known_units=UNITS)
    assert (view.level, view.parent, notices) == (2, "PE", [])


def test_geometry_route_is_compressed_cached_and_per_parent(folder: Path) -> None:
    client = create_app(folder).server.test_client()
    response = client.get("/coopatlas/admin2/CO-ANT.geojson", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.headers["Cache-Control"] == "public, max-age=86400"
    features = json.loads(gzip.decompress(response.data))["features"]
    assert len(features) == 125
    assert {f["properties"]["parent"] for f in features} == {"CO-ANT"}
    assert all(f["properties"]["unit_id"].startswith("CO-05") for f in features)
    assert client.get("/coopatlas/admin2/XX-YYY.geojson").status_code == 404
    level1 = client.get("/coopatlas/units.geojson", headers={"Accept-Encoding": "gzip"})
    assert level1.headers["Content-Encoding"] == "gzip"


def test_view_table_rows_are_the_children_keyed_like_level1(data: DashboardData) -> None:
    view = View(level=2, parent="CO-ANT", indicator="orgs")
    table = unit_table(data.prepared, view, data.weights)
    assert len(table) == 125
    assert set(table["parent_id"]) == {"CO-ANT"}
    assert table["unit_id"].is_unique
    medellin = table.set_index("unit_id").loc["CO-05001"]
    assert medellin["population"] == 2_427_129  # DANE 2018 (data/boundaries/need_admin2.csv)
    assert medellin["orgs_per_100k"] == pytest.approx(medellin["orgs"] * 1e5 / 2_427_129)
    assert table["orgs"].sum() > 0


def test_trail_and_drill_link_in_spanish(data: DashboardData) -> None:
    def text(node: object) -> str:
        children = getattr(node, "children", node)
        if isinstance(children, list):
            return "".join(text(c) for c in children)
        return children if isinstance(children, str) else text(children)

    inside = View(lang="es", level=2, parent="CO-ANT")
    trail = text(drilldown.breadcrumb(inside, inside.to_query(), data.units)[0])
    assert trail == "Colombia › Antioquia"
    top = View(lang="es", selected="PE-CUS")
    crumbs = drilldown.breadcrumb(top, top.to_query(), data.units)
    assert "Provincias de Cusco ›" in text(crumbs[0])
    link = drilldown.link_query("lang=es&sel=PE-CUS&lat=1&lon=2&z=5", level=2, parent="PE-CUS")
    assert link == "?lang=es&level=2&parent=PE-CUS"


def test_gap_list_names_the_parents_units_without_organizations(data: DashboardData) -> None:
    view = View(level=2, parent="CO-ANT")
    gaps = drilldown.gap_list(data.prepared, view, data.units)
    assert "of 125 units in Antioquia" in gaps[1].children
    assert drilldown.gap_list(data.prepared, View(), data.units) == []


def test_a_country_frames_its_mainland(data: DashboardData) -> None:
    from dashboard import logic
    from geo.export.map_insets import INSET_UNITS
    from geo.units.boundaries import DETACHED_UNITS

    assert INSET_UNITS == DETACHED_UNITS  # the islands framed out are those with an inset
    box = drilldown.frame(View(level=2, parent="EC"), logic.unit_bounds(), data.units)
    assert box is not None
    (south, west), (north, _east) = box
    assert west > -82  # Galápagos (about -92°) is left out; the mainland coast is near -81°
    assert -5.1 < south < -4.9 and 1.3 < north < 1.5  # Zumba and the border with Colombia


def test_department_options_follow_the_country_and_sort_as_read(data: DashboardData) -> None:
    from dashboard.layout_controls import unit_options

    colombia = [o["label"] for o in unit_options(data, ["CO"])]
    assert len(colombia) == 33 and all(label.endswith("(CO)") for label in colombia)
    assert colombia.index("Córdoba (CO)") < colombia.index("Cundinamarca (CO)")
    assert len(unit_options(data, ["PE"])) == 26 and len(unit_options(data)) == 83
