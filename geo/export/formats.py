"""One entry point for every export format: ``export(spec, fmt, out, ...)``.

Used by ``coopatlas export`` and by the dashboard's download buttons, so a view
exported from either place is the same file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from geo._errors import InputValidationError
from geo.i18n import Lang, t
from geo.indicators.compute import matching_rows
from geo.indicators.mapspec import MapSpec, compute
from geo.indicators.periods import Period
from geo.indicators.prepared import PreparedData
from geo.indicators.priority import load_weights, validate_weights
from geo.vocab import EXPORT_FORMATS, EXPORT_TABLES

#: The image formats of :func:`geo.export.static_map.save_map`.
_IMAGE_FORMATS: tuple[Literal["png", "svg", "pdf"], ...] = ("png", "svg", "pdf")

#: Which tables each data format can write.
_DATA_FORMATS = {
    "indicators": ("csv", "xlsx"),
    "organizations": ("csv", "xlsx", "geojson"),
    "rejected": ("csv", "xlsx"),
}


def check_request(fmt: str, what: str = "indicators") -> None:
    """Raise one error listing what is wrong with a format/table request.

    ``geojson`` always writes the organizations, whatever ``what`` says.
    """
    if fmt == "geojson":
        what = "organizations"
    problems = []
    if fmt not in EXPORT_FORMATS:
        problems.append(f"unknown format {fmt!r}; valid formats: {', '.join(EXPORT_FORMATS)}")
    if what not in EXPORT_TABLES:
        problems.append(f"unknown table {what!r}; valid tables: {', '.join(EXPORT_TABLES)}")
    elif fmt in ("csv", "xlsx", "geojson") and fmt not in _DATA_FORMATS[what]:
        allowed = ", ".join(_DATA_FORMATS[what])
        problems.append(f"the {what} table can be written as {allowed}, not {fmt}")
    if problems:
        raise InputValidationError(problems)


def export(
    spec: MapSpec,
    fmt: str,
    out: Path,
    *,
    prepared: PreparedData,
    organizations: pd.DataFrame | None = None,
    processed_dir: Path | None = None,
    what: str = "indicators",
    size: Literal["slide", "a4"] = "slide",
    weights: dict[str, float] | None = None,
    deck_specs: Sequence[MapSpec] | None = None,
) -> Path:
    """Write the view ``spec`` as ``fmt`` to ``out``.

    Parameters
    ----------
    spec
        The view.
    fmt
        One of :data:`EXPORT_FORMATS`. ``geojson`` writes the filtered organizations;
        ``csv``/``xlsx`` write the table named by ``what``.
    out
        Target file.
    prepared
        Prepared indicator data (:func:`geo.indicators.prepared.prepare`).
    organizations
        The processed organizations (needed for ``what="organizations"``/geojson).
    processed_dir
        The processed folder (needed for ``what="rejected"``).
    what
        ``indicators``, ``organizations`` or ``rejected``.
    size
        ``slide`` (1920x1080 px) or ``a4`` (300 dpi landscape) for PNG/SVG/PDF.
    weights
        Priority weights (default: the committed ones); stated on the slides and
        on maps of the priority index.
    deck_specs
        For ``pptx``: the views of the slides (default: ``spec`` alone).

    Every view written says whether its data are the synthetic demo
    (``spec.synthetic``) and names its source (``spec.source`` or the default).

    Returns
    -------
    pathlib.Path
        The file written.
    """
    check_request(fmt, what)
    if fmt == "geojson":
        what = "organizations"
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    weights = validate_weights(weights) if weights is not None else load_weights()
    stated = tuple(weights.items())
    spec = replace(spec, weights=stated)
    deck_specs = [replace(s, weights=stated) for s in deck_specs] if deck_specs else None
    image = next((f for f in _IMAGE_FORMATS if f == fmt), None)
    if image is not None:
        from geo.export.static_map import render_map, save_map

        table, classes = compute(spec, prepared, weights=weights)
        return save_map(render_map(spec, table, classes, size=size), out, fmt=image)
    if fmt == "pptx":
        from geo.export.deck import write_deck

        slides = [(s, *compute(s, prepared, weights=weights)) for s in (deck_specs or [spec])]
        return write_deck(slides, out)
    if fmt == "html":
        from geo.export.html import write_html_map
        from geo.export.html_years import year_steps

        steps = year_steps(spec, prepared, weights=weights)  # the slider, when it has years
        table, classes = (
            (steps.table, steps.classes) if steps else compute(spec, prepared, weights=weights)
        )
        return write_html_map(spec, table, classes, out, years=steps)
    from geo.export.data import write_indicators, write_organizations, write_rejected

    if what == "indicators":
        table, _ = compute(spec, prepared, weights=weights)
        return write_indicators(table, out, spec=spec, fmt=fmt)
    if what == "organizations":
        if organizations is None:
            raise InputValidationError("exporting organizations needs the processed organizations")
        rows = matching_rows(prepared, spec.filters)
        return write_organizations(organizations, rows, out, fmt=fmt, spec=spec)
    if processed_dir is None:
        raise InputValidationError("exporting rejected rows needs the processed folder (--data)")
    return write_rejected(processed_dir, out, fmt=fmt, lang=spec.lang, synthetic=spec.synthetic)


def country_specs(spec: MapSpec) -> list[MapSpec]:
    """Return the standard views of a deck: each country of the view, then all of them together.

    The countries are the view's (:attr:`MapSpec.countries`): a view filtered to
    one country gives one slide, of that country only; no filter gives the
    three countries and then all three. A view of one parent's units is one slide.
    """
    if spec.parent:
        return [spec]
    countries = spec.countries
    specs = [
        replace(spec, extent=c, filters=replace(spec.filters, countries=(c,))) for c in countries
    ]
    if len(countries) > 1:
        specs.append(replace(spec, extent="all"))
    return specs


def source_from_report(report: Mapping[str, Any], lang: Lang) -> str:
    """Return the data source of a processed folder, for the source line of its exports.

    ``report["source"]`` when the build recorded one, else the registry files it
    imported ("organization registry demo_registry.csv, imported with
    CoopAtlas"), else ``""`` (the exports then name the default source).
    """
    source = report.get("source")
    if isinstance(source, str) and source.strip():
        return source.strip()
    files = (report.get("organizations") or {}).get("files") or []
    names = [str(f.get("file")) for f in files if isinstance(f, Mapping) and f.get("file")]
    return t("export.registry_files", lang, files=", ".join(names)) if names else ""


def with_extension(out: Path, fmt: str) -> Path:
    """Return ``out`` with the suffix of ``fmt``.

    A matching suffix is kept, one naming another export format is replaced,
    anything else is kept and the suffix added (``u`` -> ``u.csv``,
    ``v1.2`` -> ``v1.2.csv``).
    """
    suffix = out.suffix.lower().lstrip(".")
    if suffix == fmt:
        return out
    if suffix in EXPORT_FORMATS:
        return out.with_suffix("." + fmt)
    return out.with_name(f"{out.name}.{fmt}")


#: The formats small multiples are written in (:mod:`geo.export.small_multiples`).
MULTIPLES_FORMATS: tuple[Literal["png", "pdf", "pptx"], ...] = ("png", "pdf", "pptx")


def export_small_multiples(
    spec: MapSpec,
    fmt: str,
    out: Path,
    *,
    periods: str,
    prepared: PreparedData,
    slides: Literal["one", "each"] = "one",
    weights: dict[str, float] | None = None,
) -> Path:
    """Write one map of ``spec`` per period of ``periods`` (``each`` or ``2015-2018,...``).

    Raises
    ------
    InputValidationError
        For a format other than :data:`MULTIPLES_FORMATS` or periods that are not ones.
    """
    from geo.export.small_multiples import periods_of, write_small_multiples

    chosen = next((f for f in MULTIPLES_FORMATS if f == fmt), None)
    if chosen is None:
        raise InputValidationError(
            f"small multiples are written as {', '.join(MULTIPLES_FORMATS)}, not {fmt}"
        )
    weights = validate_weights(weights) if weights is not None else load_weights()
    spec = replace(spec, weights=tuple(weights.items()))
    return write_small_multiples(
        spec,
        periods_of(periods, spec.years),
        prepared,
        Path(out),
        fmt=chosen,
        slides=slides,
        weights=weights,
    )


def export_change_map(
    spec: MapSpec,
    fmt: str,
    out: Path,
    *,
    before: Period | None,
    prepared: PreparedData,
    size: Literal["slide", "a4"] = "slide",
    weights: dict[str, float] | None = None,
) -> Path:
    """Write the change in programme reach from ``before`` to ``spec.years``.

    PNG, SVG, PDF or PPTX: the change map; CSV or XLSX: the table of its units.

    Raises
    ------
    InputValidationError
        For a format other than :data:`geo.export.change_map.CHANGE_FORMATS` and
        :data:`geo.export.change_files.CHANGE_TABLE_FORMATS`, or periods that are not
        two, the earlier one first.
    """
    from geo.export.change_files import CHANGE_TABLE_FORMATS, write_change_table
    from geo.export.change_map import ChangeSpec, write_change_map
    from geo.indicators.reach_change import reach_change

    weights = validate_weights(weights) if weights is not None else load_weights()
    change = ChangeSpec.of(replace(spec, weights=tuple(weights.items())), before)
    if fmt in CHANGE_TABLE_FORMATS:
        rows = reach_change(prepared, change.view, weights)
        return write_change_table(rows, change, Path(out), fmt=fmt)
    return write_change_map(change, prepared, Path(out), fmt=fmt, size=size, weights=weights)
