"""The words by the map: the synthetic-data badge and an upload's banner with its counts."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.data import load_data
from dashboard.data_banner import banner, hidden_by_status
from geo.builds.folder import build
from geo.indicators.filters import Filters
from geo.indicators.unit_tables import unit_table
from geo.indicators.view import View

# Three organizations; one is in liquidation, which the default legal status
# (active or unknown) leaves out: 3 accepted, 2 on the map.
REGISTRY = """name,country,department,type,estado
Cooperativa Andina,CO,Antioquia,Cooperativa,Activa
Cooperativa del Valle,CO,Antioquia,Cooperativa,En liquidación
Asociación Sur,PE,Cusco,Asociación,Activa
"""


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory):
    folder: Path = tmp_path_factory.mktemp("banner")
    (folder / "registro.csv").write_text(REGISTRY, encoding="utf-8")
    build([folder / "registro.csv"], out=folder / "processed")
    return load_data(folder / "processed")


def text(children) -> str:
    return " ".join(str(getattr(c, "children", c)) for c in children)


def test_an_upload_names_its_file_and_why_a_row_is_not_shown(data) -> None:
    view = View(lang="es")
    table = unit_table(data.prepared, view, None)
    assert hidden_by_status(data) == 1
    said = text(banner(data, table, "es", upload=True, filters=view.filters))
    assert "registro.csv: 3 aceptadas; el mapa muestra 2." in said
    assert "Los filtros ocultan 1." in said
    assert "1 de ellas está en liquidación o cancelada" in said
    # the import report stays by the map, folded: file, rows read, accepted
    report = str(banner(data, table, "es", upload=True, filters=view.filters)[-1])
    assert "Informe de la importación" in report and "3 aceptadas" in report


def test_every_status_shown_means_no_reason_to_give(data) -> None:
    everything = Filters(status=("active", "in_liquidation", "cancelled", "unknown"))
    view = View(filters=everything)
    table = unit_table(data.prepared, view, None)
    said = text(banner(data, table, "en", upload=True, filters=view.filters))
    assert "registro.csv: 3 accepted; the map shows 3." in said
    assert "hide" not in said


def test_the_demo_badge_and_nothing_for_other_bundled_data(data) -> None:
    table = unit_table(data.prepared, View(), None)
    assert banner(data, table, "en", upload=False, filters=Filters()) == []
    demo = type(data)(**{**data.__dict__, "is_demo": True})
    said = text(banner(demo, table, "es", upload=False, filters=Filters()))
    assert said == "Datos sintéticos de demostración: no son organizaciones reales"


def test_the_page_title_follows_the_view(data) -> None:
    from dashboard.data_banner import page_title

    assert page_title(data, Filters(), "en") == "CoopAtlas"
    chosen = Filters(units=("CO-ANT",), org_types=("cooperative",))
    assert page_title(data, chosen, "es") == (
        "Departamentos / provincias: Antioquia · Tipos: Cooperativas — CoopAtlas"
    )
