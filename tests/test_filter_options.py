"""The page's filter options come from the data once, as the filters match them.

A page used to read every organization's federations again (about 100 ms a page at
100,000 organizations), and a country change sorted the units again. Expected values
are written out here from the small registry below.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from dashboard import ids, layout, layout_controls
from dashboard.data import load_data
from geo.builds.folder import build
from geo.indicators.filters import Filters
from geo.indicators.sums import filter_mask
from geo.indicators.view import View


def _components(node: Any) -> list[Any]:
    found, stack = [], [node]
    while stack:
        item = stack.pop()
        if isinstance(item, list | tuple):
            stack.extend(item)
        elif hasattr(item, "to_plotly_json"):
            found.append(item)
            stack.append(getattr(item, "children", None))
    return found


def _registry(tmp_path: Path) -> Path:
    rows = [
        ["A1", "Cooperativa Cafetera del Huila", "Huila", "Cooperativa", " FedA | Red Sur "],
        ["A2", "Asociación de Paneleros", "Cusco", "Asociación", "Red Sur"],
        ["A3", "Comuna San Pedro", "Pichincha", "Comuna", ""],
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["Código", "Razón social", "Departamento", "Tipo", "Federación"])
    writer.writerows(rows)
    path = tmp_path / "registro.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return build([path], out=tmp_path / "processed").out


def test_federation_options_are_the_names_the_filter_matches(tmp_path: Path) -> None:
    data = load_data(_registry(tmp_path))
    tree = layout.page(data, View())
    box = next(c for c in _components(tree) if getattr(c, "id", None) == ids.F_FEDERATION)
    # " FedA | Red Sur " is two federations, spaces aside; "Red Sur" is named twice
    assert [o["value"] for o in box.options] == ["FedA", "Red Sur"]
    # each option selects the organizations that name it
    mask = filter_mask(data.prepared, Filters(federations=("Red Sur",)))
    chosen = data.organizations["org_id"].to_numpy()[data.prepared.row[mask]]
    assert sorted(chosen) == ["A1", "A2"]


def test_unit_options_per_country_sorted_and_independent(tmp_path: Path) -> None:
    data = load_data(_registry(tmp_path))
    peru = layout_controls.unit_options(data, ["PE"])
    # ISO 3166-2:PE: 24 departments, the Constitutional Province of Callao and the
    # Municipality of Metropolitan Lima are 26 first-level units
    assert len(peru) == 26
    assert all(o["label"].endswith("(PE)") for o in peru)
    assert peru[0]["label"] == "Amazonas (PE)" and peru[-1]["label"] == "Ucayali (PE)"
    everything = layout_controls.unit_options(data)
    assert len(everything) == 83
    # countries in order CO, EC, PE; within one, names as read, accents aside
    countries = [o["label"][-3:-1] for o in everything]
    assert countries == sorted(countries)
    colombia = [o["label"] for o in everything if o["label"].endswith("(CO)")]
    assert colombia.index("Córdoba (CO)") < colombia.index("Cundinamarca (CO)")
    # an answer is the caller's to change: the next one is as before
    peru[0]["label"] = "changed"
    assert layout_controls.unit_options(data, ["PE"])[0]["label"] == "Amazonas (PE)"
