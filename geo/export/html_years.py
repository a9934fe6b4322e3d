"""The offline HTML map's year slider: the view's indicator per programme year, sent once.

For an indicator the programme period changes (:data:`geo.indicators.catalogue.PERIOD_COLUMNS`:
coverage, participants, the priority index), :func:`year_steps` computes the view's unit
table for the view's own period and then for each of its years (each year of the data
when the view has no period), with the same functions as the dashboard
(:func:`geo.indicators.unit_tables.unit_table` over :func:`geo.indicators.periods.in_period`).
The steps are classified together (:func:`geo.indicators.pooled_classes.pooled_classes`), so
the legend is one for every year. :meth:`YearSteps.body_html` is the slider, the values
as JSON and a script: moving the slider recolours the units and updates their tooltips
in the browser, with no server and no network. The geometry is in the file once; each
step adds one colour index and one or two tooltip texts per unit.

The first step is the view's period (``years=`` or all years, participation without a
year included): the map opens on what the other exports of the view show.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, replace

import pandas as pd

from geo.export.html_tips import unit_properties
from geo.export.map_style import OUTSIDE_FILL
from geo.i18n import t
from geo.indicators.catalogue import PERIOD_COLUMNS
from geo.indicators.classify import Classification
from geo.indicators.mapspec import MapSpec
from geo.indicators.periods import Period
from geo.indicators.pooled_classes import pooled_classes
from geo.indicators.prepared import PreparedData
from geo.indicators.unit_tables import unit_table

#: Characters that must not appear raw in JSON inside a ``<script>`` element.
_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}

_CSS = """
.ca-years { bottom: 64px; left: 10px; width: 220px; max-width: calc(58% - 30px); }
.ca-years label { display: block; font-weight: 600; margin-bottom: 2px; }
.ca-years input { width: 100%; margin: 4px 0; }
.ca-years output { font-weight: 600; font-size: 15px; }
.ca-years:focus-within { outline: 3px solid #1b1b1b; outline-offset: 2px; }
"""

# The slider's script. The folium page defines the units layer (a global L.GeoJSON)
# after this block, so the script runs when the document is ready. It wraps the
# layer's style function (which folium wrote with the first step's colours), so
# Leaflet's resetStyle after a hover keeps the chosen year's colours.
_SCRIPT = """
(function () {
  "use strict";
  function unitsLayer() {
    for (const key of Object.keys(window)) {
      if (key.startsWith("geo_json_") && window[key] instanceof L.GeoJSON) return window[key];
    }
    return null;
  }
  function start() {
    const data = JSON.parse(document.getElementById("ca-years-data").textContent);
    const layer = unitsLayer();
    const input = document.getElementById("ca-year");
    const output = document.getElementById("ca-year-label");
    if (!layer || !input) return;
    const index = new Map(data.units.map((unit, k) => [unit, k]));
    const base = layer.options.style;
    let step = data.steps[0];
    layer.options.style = function (feature) {
      const style = Object.assign({}, base(feature));
      const k = index.get(feature.id);
      if (k !== undefined) style.fillColor = data.palette[step.fill[k]];
      return style;
    };
    function show(position) {
      step = data.steps[position];
      layer.eachLayer(function (unit) {
        const k = index.get(unit.feature.id);
        if (k === undefined) return;
        unit.feature.properties.value = step.value[k];
        unit.feature.properties.coverage = (step.coverage || step.value)[k];
        layer.resetStyle(unit);
      });
      output.textContent = step.label;
      input.setAttribute("aria-valuetext", step.label);
      document.documentElement.dataset.yearStep = String(position);
    }
    input.addEventListener("input", function () { show(Number(input.value)); });
    show(Number(input.value));
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
"""


@dataclass(frozen=True)
class YearSteps:
    """The slider's steps: a label, and per unit a fill and tooltip texts, for each step.

    Attributes
    ----------
    labels
        What the slider says at each step ("all years", "2019-2021", "2019" ...).
    periods
        The period of each step (None: every year, participation without a year too).
    units
        The unit codes, in the order of every per-unit list.
    palette
        The fill colours: the classes' colours, "no data", "outside the filters".
    fills
        Per step, per unit: an index into ``palette``.
    values, coverage
        Per step, per unit: the tooltip's indicator and coverage texts (HTML-escaped);
        ``coverage`` is None when the indicator is the coverage itself.
    table, classes
        The first step's unit table and classification (the map as the file opens).
    lang
        The page's language.
    """

    labels: tuple[str, ...]
    periods: tuple[Period | None, ...]
    units: tuple[str, ...]
    palette: tuple[str, ...]
    fills: tuple[tuple[int, ...], ...]
    values: tuple[tuple[str, ...], ...]
    coverage: tuple[tuple[str, ...], ...] | None
    table: pd.DataFrame
    classes: Classification
    lang: str

    def payload(self) -> dict[str, object]:
        """Return what the page's script reads: units, palette and the steps."""
        steps = []
        for i, label in enumerate(self.labels):
            step: dict[str, object] = {
                "label": label,
                "fill": list(self.fills[i]),
                "value": list(self.values[i]),
            }
            if self.coverage is not None:
                step["coverage"] = list(self.coverage[i])
            steps.append(step)
        return {"units": list(self.units), "palette": list(self.palette), "steps": steps}

    def body_html(self) -> str:
        """Return the slider's panel, its style, the steps as JSON and the script."""
        e = html.escape
        data = json.dumps(self.payload(), ensure_ascii=False, separators=(",", ":"))
        data = data.translate(_JSON_ESCAPES)
        name = e(t("period.title", self.lang))
        first = e(self.labels[0])
        return "\n".join(
            [
                f"<style>{_CSS}</style>",
                '<div class="ca-panel ca-years" id="ca-years" role="group" '
                f'aria-labelledby="ca-year-name">'
                f'<label id="ca-year-name" for="ca-year">{name}</label>'
                f'<input type="range" id="ca-year" min="0" max="{len(self.labels) - 1}" '
                f'step="1" value="0" aria-valuetext="{first}">'
                f'<output id="ca-year-label" for="ca-year" aria-live="polite">{first}</output>'
                "</div>",
                f'<script type="application/json" id="ca-years-data">{data}</script>',
                f"<script>{_SCRIPT}</script>",
            ]
        )


def year_periods(spec: MapSpec, prepared: PreparedData) -> list[Period | None]:
    """Return the slider's periods: the view's own, then each of its years (or the data's).

    Empty when the slider would show nothing new: an indicator the period does not
    change, data without programme years, or a period of one year.
    """
    rows = prepared.programme_years
    span = rows.year_range if rows is not None else None
    if spec.column not in PERIOD_COLUMNS or span is None:
        return []
    years = spec.years.years() if spec.years is not None else range(span[0], span[1] + 1)
    if len(years) < 2:
        return []
    return [spec.years, *(Period(y, y) for y in years)]


def _label(period: Period | None, lang: str) -> str:
    return t("period.all_years", lang) if period is None else period.to_text()


def year_steps(
    spec: MapSpec, prepared: PreparedData, *, weights: dict[str, float] | None = None
) -> YearSteps | None:
    """Return the slider's steps for the view ``spec``, or None when it has no slider.

    Parameters
    ----------
    spec
        The view: its indicator, filters, level, language and period.
    prepared
        From :func:`geo.indicators.prepared.prepare` (with its programme rows by year).
    weights
        Priority weights, for the priority index.

    Returns
    -------
    YearSteps or None
        None when :func:`year_periods` finds no step to move to.
    """
    periods = year_periods(spec, prepared)
    if not periods:
        return None
    tables = [unit_table(prepared, replace(spec, years=p).view, weights) for p in periods]
    pooled, parts = pooled_classes(
        tables, spec.column, scheme=spec.scheme, k=spec.k, lang=spec.lang
    )
    palette = (*pooled.colors, pooled.no_data_color, OUTSIDE_FILL)
    colour_index = {colour: i for i, colour in reversed(list(enumerate(palette)))}
    units = tuple(tables[0]["unit_id"].astype(str))
    fills, values, coverage = [], [], []
    for table, classes in zip(tables, parts, strict=True):
        tips, colours = unit_properties(spec, table, classes)
        fills.append(tuple(colour_index[colours[u]] for u in units))
        values.append(tuple(tips[u]["value"] for u in units))
        coverage.append(tuple(tips[u]["coverage"] for u in units))
    return YearSteps(
        labels=tuple(_label(p, spec.lang) for p in periods),
        periods=tuple(periods),
        units=units,
        palette=palette,
        fills=tuple(fills),
        values=tuple(values),
        coverage=None if spec.column == "coverage_any" else tuple(coverage),
        table=tables[0],
        classes=parts[0],
        lang=spec.lang,
    )


__all__ = ["YearSteps", "year_periods", "year_steps"]
