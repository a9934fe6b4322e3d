"""Plain functions behind the callbacks: from data and a view to what the page shows.

Nothing here touches Dash's callback machinery, so it is unit-tested directly.
Every text that comes from the data is returned as a plain string, which Dash
renders as text (never as HTML).
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal, SupportsFloat

import numpy as np
import pandas as pd
from cachetools import LRUCache
from cachetools.keys import hashkey
from dash import dcc, html

from dashboard.indicator_menu import targeted_label
from geo.i18n import Lang, format_value, no_data, number_fmt, t, tn
from geo.indicators import map_key
from geo.indicators.catalogue import PANELS, indicator_info
from geo.indicators.choropleth import classify_indicator
from geo.indicators.classify import OUTSIDE_COLOR
from geo.indicators.presets import preset_caption
from geo.indicators.priority import COMPONENTS, component_label
from geo.indicators.view import MAP_INDICATORS, View
from geo.notice import in_lang
from geo.units.boundaries import load_boundaries

#: Colour per organization type for points and charts (colour-blind-safe, Okabe-Ito).
TYPE_COLORS: dict[str, str] = {
    "cooperative": "#0072B2",
    "pre_cooperative": "#56B4E9",
    "producer_association": "#E69F00",
    "community_organization": "#009E73",
    "mutual_employee_fund": "#CC79A7",
    "other_sse": "#999999",
}

#: Columns of the unit table in the dashboard grid, in order
#: (:data:`geo.indicators.catalogue.PANELS`).
TABLE_COLUMNS: tuple[str, ...] = PANELS["grid"]

#: Short keys for the grid's rows (the column id stays the indicator name): the rows of
#: 83 units then fit well under 20 KB per update.
TABLE_KEYS: dict[str, str] = {column: f"c{i}" for i, column in enumerate(TABLE_COLUMNS)}

PROGRAMME_COLUMNS = (
    ("My.Coop", "coverage_my_coop"),
    ("Think.Coop", "coverage_think_coop"),
    ("Start.Coop", "coverage_start_coop"),
    ("any", "coverage_any"),
)


@dataclass(frozen=True)
class MapView:
    """What the map needs after a change: colours (hideout), legend, status and name."""

    hideout: dict[str, Any]
    legend: list[Any]
    status: list[Any]
    label: str


#: ``[[south, west], [north, east]]`` in degrees, as Leaflet's ``fitBounds`` takes it.
Bounds = list[list[float]]

#: Bounding boxes of the units per boundaries folder, read once per worker (the
#: boundaries are fixed for the process); callbacks only take minima and maxima.
_BOUNDS: LRUCache[tuple[Any, ...], pd.DataFrame] = LRUCache(maxsize=4)
_BOUNDS_LOCK = threading.Lock()


def unit_bounds(directory: Path | None = None) -> pd.DataFrame:
    """Return each unit's bounding box, indexed by ISO 3166-2 code (read once, cached).

    Parameters
    ----------
    directory
        The boundaries folder; the committed one by default.

    Returns
    -------
    pandas.DataFrame
        Columns ``south``, ``west``, ``north``, ``east`` (EPSG:4326 degrees).
    """
    key = hashkey(str(directory))
    with _BOUNDS_LOCK:
        hit = _BOUNDS.get(key)
    if hit is not None:
        return hit
    units = load_boundaries("simplified", directory=directory)
    box = units.geometry.bounds
    table = pd.DataFrame(
        {"south": box["miny"], "west": box["minx"], "north": box["maxy"], "east": box["maxx"]}
    ).set_axis(units["iso_3166_2"].to_numpy())
    with _BOUNDS_LOCK:
        _BOUNDS[key] = table
    return table


def frame_bounds(bounds: pd.DataFrame, codes: Any) -> Bounds | None:
    """Return the box around the units ``codes`` (None when none is known)."""
    rows = bounds.loc[bounds.index.intersection(list(codes))]
    if rows.empty:
        return None
    return [
        [round(float(rows["south"].min()), 3), round(float(rows["west"].min()), 3)],
        [round(float(rows["north"].max()), 3), round(float(rows["east"].max()), 3)],
    ]


def view_frame(units: pd.DataFrame, view: View, bounds: pd.DataFrame) -> Bounds | None:
    """Return what the map should show: the units in the filters and the selected unit.

    The units in the filters are those of the view's countries and units, as
    :mod:`geo.indicators.compute` scopes them. ``units`` is the unit table (``iso_3166_2``,
    ``country``); ``bounds`` is :func:`unit_bounds`.
    """
    filters = view.filters
    scope = pd.Series(True, index=units.index)
    if filters.countries:
        scope &= units["country"].isin(filters.countries)
    if filters.units:
        scope &= units["iso_3166_2"].isin(filters.units)
    codes = set(units.loc[scope, "iso_3166_2"])
    codes.update(view.selection)
    return frame_bounds(bounds, codes)


def no_match(table: pd.DataFrame) -> bool:
    """Return True when no organization matches the filters."""
    in_scope = table["in_scope"].astype(bool).to_numpy()
    return int(table["orgs"].to_numpy()[in_scope].sum()) == 0


def empty_message(lang: Lang) -> list[Any]:
    """Say that nothing matches, and what to do (the static map's empty message)."""
    return [html.Strong(t("static_map.empty", lang)), html.Br(), t("access.empty_hint", lang)]


def fmt(column: str, value: SupportsFloat | None, lang: Lang, *, unit: bool = True) -> str:
    """Format an indicator value for display (with its unit unless ``unit=False``).

    Missing values read "no data" / "sin datos".
    """
    info = indicator_info(column)
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return no_data(lang)
    return format_value(
        float(value),
        fmt=number_fmt(info.fmt),
        decimals=info.decimals,
        unit=info.unit(lang) if unit else "",
        lang=lang,
    )


def count_text(orgs: SupportsFloat | None, lang: Lang) -> str:
    """Say "1 organization" / "12 organizations" ("sin datos" for a missing count)."""
    if orgs is None or pd.isna(orgs):
        return no_data(lang)
    return tn("count.organizations", float(orgs), lang)


def map_stamp(after: object = None) -> int:
    """Return the version of a map answer: this host's time, and later than ``after``.

    ``after`` is the version of the colours the browser shows (None on a page's first
    map request). The browser keeps the highest version it has seen, so an answer
    from a host whose clock is behind must still be numbered after the last one.
    Microseconds: exact in a JavaScript number (below 2**53).
    """
    now = time.time_ns() // 1000
    if isinstance(after, int | float) and not isinstance(after, bool) and after < 2**53:
        return max(now, int(after) + 1)
    return now


def map_view(table: pd.DataFrame, view: View, *, after: object = None) -> MapView:
    """Classify the view's indicator and return the hideout and legend.

    Units outside the filtered countries/units have no value ("no data"). ``after``
    is the version of the colours the browser shows (see :func:`map_stamp`).
    """
    column = view.column
    values = table[column].astype("float64").where(table["in_scope"].astype(bool))
    classes = classify_indicator(table, column, scheme=view.scheme, k=view.k, lang=view.lang)
    iso = table["unit_id"].tolist()
    tooltips = {}
    label = targeted_label(column, view)
    away = map_key.outside(table).tolist()
    for code, value, orgs, coverage, out in zip(
        iso, values.tolist(), table["orgs"].tolist(), table["coverage_any"].tolist(), away,
        strict=True,
    ):  # fmt: skip
        shown = map_key.outside_text(view.lang) if out else fmt(column, value, view.lang)
        tooltips[code] = [
            f"{label}: {shown}",
            count_text(orgs, view.lang),
            f"{t('programme.any', view.lang)}: {fmt('coverage_any', coverage, view.lang)}",
        ]
    hideout = {
        "v": map_stamp(after),  # the newest wins in the browser (assets/coopatlas.js)
        "classes": dict(zip(iso, map_key.unit_classes(table, classes).tolist(), strict=True)),
        "colors": list(classes.colors),
        "noData": classes.no_data_color,
        "outside": OUTSIDE_COLOR,
        "selected": list(view.selection),
        "tooltips": tooltips,
    }
    rows = [
        html.Div(
            [html.Span(className="ca-swatch", style={"background": color}), html.Span(text)],
            className="ca-legend-row",
        )
        for text, color in map_key.key_rows(table, classes, view.lang)
    ]
    legend: list[Any] = [html.Div(label, className="ca-legend-title"), *rows]
    caption = preset_caption(view.weight_map, view.lang) if column.startswith("priority_") else ""
    if caption:  # #21: the preset the weights are, under the key's title
        legend.insert(1, html.P(caption, className="ca-legend-note"))
    if classes.merge_note(view.lang):
        legend.append(html.P(classes.merge_note(view.lang), className="ca-legend-note"))
    units = tn("access.units_in_filters", int(table["in_scope"].astype(bool).sum()), view.lang)
    name = t("access.map_label", view.lang, indicator=label, units=units)
    if no_match(table):  # every unit grey: a zero is no class to show
        hideout["classes"] = dict.fromkeys(iso, -1)
        return MapView(hideout, [], empty_message(view.lang), name)
    if values.isna().all():  # organizations match, yet no unit has a value: say why
        return MapView(hideout, legend, no_values_message(table, view), name)
    return MapView(hideout, legend, [], name)


def no_values_message(table: pd.DataFrame, view: View) -> list[Any]:
    """Say why no unit has a value for the view's indicator, and offer indicators that do.

    Each offer is a link to the same view with another indicator.
    """
    lang = view.lang
    info = indicator_info(view.column)
    in_scope = table["in_scope"].astype(bool)
    population_missing = table.loc[in_scope, "population"].isna().all()
    why = "map.no_values_population" if info.needs_population and population_missing else None
    text = t(why or "map.no_values", lang, indicator=info.label(lang))
    offers: list[Any] = []
    for indicator in MAP_INDICATORS:
        column = replace(view, indicator=indicator).column
        if column == view.column or table.loc[in_scope, column].astype("float64").isna().all():
            continue
        link = dcc.Link(
            indicator_info(column).label(lang),
            href="?" + replace(view, indicator=indicator).to_query(),
            className="ca-offer",
        )
        offers += [" · " if offers else " ", link]
        if len(offers) >= 8:  # four offers
            break
    return [html.P([text, " ", t("map.try_instead", lang), *offers], className="ca-no-values")]


def table_rows(table: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows for the unit grid (units in scope): numbers rounded, missing as None.

    Built column by column from arrays (a frame's copy, casts and records cost more
    than the few thousand values of a grid).
    """
    scope = table["in_scope"].astype(bool).to_numpy()
    columns: dict[str, list[Any]] = {"unit_id": table["unit_id"][scope].tolist()}
    for column in TABLE_COLUMNS:
        if column in ("name", "country"):
            columns[column] = table[column][scope].tolist()
            continue
        numbers = pd.to_numeric(table[column], errors="coerce").astype("float64").to_numpy()
        rounded = np.round(numbers[scope], 4).tolist()
        columns[column] = [None if v != v else v for v in rounded]  # NaN: missing
    keys = list(columns)
    return [dict(zip(keys, row, strict=True)) for row in zip(*columns.values(), strict=True)]


def compact_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows with short keys (:data:`TABLE_KEYS`, ``id`` for the unit) and whole numbers as ints."""
    out = []
    for row in rows:
        compact: dict[str, Any] = {"id": row["unit_id"]}
        for column, key in TABLE_KEYS.items():
            value = row[column]
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            compact[key] = value
        out.append(compact)
    return out


def summary_text(table: pd.DataFrame, view: View) -> str:
    """Say in one sentence what the filters match."""
    rows = table.loc[table["in_scope"].astype(bool)]
    lang = view.lang
    return t(
        "summary.sentence",
        lang,
        organizations=tn("summary.organizations", int(rows["orgs"].sum()), lang),
        cooperatives=tn("summary.cooperatives", int(rows["cooperatives"].sum()), lang),
        reached=tn("summary.reached", int(rows["reached_any"].sum()), lang),
    )


def info_panel(table: pd.DataFrame, view: View) -> list[Any]:
    """List the selected unit's figures and what drives its priority score."""
    lang = view.lang
    if not view.selected or view.selected not in set(table["unit_id"]):
        return [html.P(t("app.info_empty", lang))]
    row = table.set_index("unit_id").loc[view.selected]
    figures = [
        ("orgs", row["orgs"]),
        ("orgs_per_100k", row["orgs_per_100k"]),
        ("cooperatives", row["cooperatives"]),
        ("coop_share", row["coop_share"]),
        ("association_share", row["association_share"]),
        ("members_total", row["members_total"]),
        ("women_share", row["women_share"]),
        ("youth_share", row["youth_share"]),
        ("orgs_social_services", row["orgs_social_services"]),
        ("coverage_any", row["coverage_any"]),
        ("not_reached", row["not_reached"]),
        ("participants", row["participants"]),
    ]
    pairs: list[Any] = []
    for column, value in figures:
        pairs += [html.Dt(targeted_label(column, view)), html.Dd(fmt(column, value, lang))]
    children: list[Any] = [
        html.H3(f"{row['name']} ({view.selected})"),
        html.Dl(pairs),
        html.H3(t("priority.why", lang)),
    ]
    score = row["priority_score"]
    if pd.isna(score):
        children.append(html.P(no_data(lang)))
        return children
    rank = row["priority_rank"]
    ranked = int(table["priority_rank"].notna().sum())
    children.append(
        html.P(
            f"{fmt('priority_score', score, lang, unit=False)} / 100 · "
            + t("priority.rank", lang, rank=int(rank), total=fmt("orgs", ranked, lang, unit=False))
        )
    )
    parts: list[Any] = []
    for component in COMPONENTS:
        points = row.get(f"priority_{component}_points")
        value = row.get(f"priority_{component}")
        name = component_label(
            component, lang, coverage_programme=view.programme, per_population=view.per_population
        )
        text = (
            no_data(lang)
            if pd.isna(points)
            else f"{fmt('priority_score', points, lang, unit=False)} {t('priority.points', lang)} "
            f"({fmt('coop_share', value, lang)})"
        )
        parts += [html.Dt(name), html.Dd(text)]
    children.append(html.Dl(parts))
    return children


def export_view(data: Any, view: View, fmt: str) -> tuple[str, bytes]:
    """Export ``view`` in ``fmt``; return the file name and its bytes.

    Written in a temporary folder that is removed afterwards (see :func:`export_file`).
    """
    import tempfile

    with tempfile.TemporaryDirectory(prefix="coopatlas-export-") as tmp:
        path = export_file(data, view, fmt, Path(tmp))
        return path.name, path.read_bytes()


def export_file(data: Any, view: View, fmt: str, folder: Path) -> Path:
    """Export ``view`` in ``fmt`` into ``folder``; return the file written.

    ``fmt`` is an export format, or ``pdf-a4`` for an A4 landscape PDF (``pdf``
    is slide-sized). With an earlier period (``view.before``) the images and the slide are
    the change map (:mod:`geo.export.change_map`), as on the page. The map is framed to the
    filtered countries and units
    (:class:`geo.indicators.mapspec.MapSpec`); it names the processed data's source and, for
    the bundled demo, says the data are synthetic. A failed export raises
    :class:`geo._errors.CoopAtlasError`; the caller removes ``folder``.
    """
    from geo.export.change_map import CHANGE_FORMATS
    from geo.export.formats import country_specs, export, source_from_report
    from geo.indicators.mapspec import MapSpec

    size: Literal["slide", "a4"] = "a4" if fmt == "pdf-a4" else "slide"
    fmt = "pdf" if fmt == "pdf-a4" else fmt
    spec = MapSpec.from_view(
        view,
        source=source_from_report(getattr(data, "report", None) or {}, view.lang),
        synthetic=bool(getattr(data, "is_demo", False)),
    )
    tag = "-a4" if size == "a4" else ""
    if view.before is not None and fmt in CHANGE_FORMATS:  # the change map the page shows
        from geo.export.formats import export_change_map

        out = folder / f"coopatlas-change-{spec.place}{tag}.{fmt}"
        weights = view.weight_map or data.weights
        return export_change_map(spec, fmt, out, before=view.before, prepared=data.prepared,
                                 size=size, weights=weights)  # fmt: skip
    name = f"coopatlas-{view.column}-{spec.place}{tag}.{fmt}"
    return export(
        spec,
        fmt,
        folder / name,
        prepared=data.prepared,
        organizations=data.organizations,
        processed_dir=data.source,
        size=size,
        weights=view.weight_map or data.weights,
        deck_specs=country_specs(spec) if fmt == "pptx" else None,
    )


#: At most this many URL notices are shown, each cut to this many characters.
MAX_NOTICES = 8
MAX_NOTICE_CHARS = 160


def cap_notices(notices: list[str], *, lang: Lang = "en") -> list[str]:
    """Return at most :data:`MAX_NOTICES` notices in ``lang``, shortened, and a count of the rest.

    A :class:`geo.notice.Notice` is said in ``lang``; plain text is shown as it is.
    """
    said = (in_lang(n, lang) for n in notices)
    shown = [n if len(n) <= MAX_NOTICE_CHARS else n[: MAX_NOTICE_CHARS - 1] + "…" for n in said]
    if len(shown) > MAX_NOTICES:
        rest = len(shown) - MAX_NOTICES
        shown = [*shown[:MAX_NOTICES], t("app.notices_more", lang, n=rest)]
    return shown
