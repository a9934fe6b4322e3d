"""Layout builders: small functions, one per part of the page.

The left panel's controls are built in :mod:`dashboard.layout_controls`.
"""

from __future__ import annotations

import json
from typing import Any

import dash_ag_grid as dag
import dash_leaflet as dl
from dash import dcc, html

from dashboard import data_banner, drilldown, ids, keyboard, period, planner
from dashboard.data import DashboardData
from dashboard.export_job import STEPS as EXPORT_STEPS
from dashboard.indicator_menu import targeted_label
from dashboard.layout_controls import attrs, controls
from dashboard.logic import TABLE_COLUMNS, TABLE_KEYS, unit_bounds, view_frame
from dashboard.points import MAX_ZOOM
from dashboard.widget_texts import grid_locale_text
from geo.i18n import LANGS, Lang, format_number, no_data, t, tn
from geo.indicators.catalogue import indicator_info
from geo.indicators.view import DEFAULT_CENTER, DEFAULT_ZOOM, View
from geo.settings import get_settings

UNITS_URL = "/coopatlas/units.geojson"
ORGS_URL = "/coopatlas/organizations.geojson"
CONTEXT_URL = "/coopatlas/context.geojson"

COUNTRY_BOUNDS = {
    "all": [[-18.6, -92.1], [13.6, -66.8]],
    "CO": [[-4.3, -79.1], [13.6, -66.8]],
    "PE": [[-18.4, -81.4], [-0.0, -68.6]],
    "EC": [[-5.1, -81.1], [1.7, -75.1]],
}


def js(name: str) -> dict[str, str]:
    """Return a reference to a function of ``assets/coopatlas.js``."""
    return {"variable": f"coopatlas.{name}"}


def header(lang: str) -> html.Header:
    """Build the header: title, subtitle and language switch."""
    return html.Header(
        [
            html.Div(
                [html.H1(t("app.title", lang)), html.P(t("app.subtitle", lang), id="subtitle")]
            ),
            html.Div(
                [
                    html.Label(t("app.language", lang), id="language-label", htmlFor=ids.LANG),
                    dcc.RadioItems(
                        id=ids.LANG,
                        options=[
                            {"label": "English", "value": "en"},
                            {"label": "Español", "value": "es"},
                        ],
                        value=lang,
                        inline=True,
                    ),
                ],
                className="ca-lang",
            ),
        ],
        className="ca-header",
    )


def orgs_note(without: int, total: int, lang: Lang) -> str:
    """Say how many organizations have no coordinates (counted in their unit, not drawn)."""
    return tn("map.orgs_not_drawn", without, lang, total=format_number(total, lang))


def busy(lang: str) -> html.Div:
    """Build the cue shown over a part of the page while it is being updated."""
    return html.Div(t("access.loading", lang), className="ca-busy", role="status")


def updating(child: Any, targets: Any, lang: str) -> dcc.Loading:
    """Show :func:`busy` over ``child`` (still visible, dimmed) while ``targets`` update."""
    return dcc.Loading(
        child,
        target_components=targets,
        custom_spinner=busy(lang),
        delay_show=250,
        overlay_style={"visibility": "visible", "opacity": 0.55},
        parent_className="ca-loading",
    )


def zoom_buttons(lang: Lang) -> html.Div:
    """Build the map view buttons: the filters, the whole region, each country."""
    return html.Div(
        [
            html.Button(t("access.fit_filters", lang), id=ids.ZOOM_FIT, className="ca-button"),
            html.Button(t("access.whole_region", lang), id=ids.ZOOM_ALL, className="ca-button"),
            html.Button(t("country.CO", lang), id=ids.ZOOM_CO, className="ca-button"),
            html.Button(t("country.PE", lang), id=ids.ZOOM_PE, className="ca-button"),
            html.Button(t("country.EC", lang), id=ids.ZOOM_EC, className="ca-button"),
            dcc.Checklist(
                id=ids.ORGS_TOGGLE,
                options=[{"label": t("map.orgs_layer", lang), "value": "on"}],
                value=[],
                inline=True,
            ),
        ],
        className="ca-zoom",
        role="group",
        **attrs(aria_label=t("access.map_view", lang)),
    )


def map_panel(data: DashboardData, view: View) -> html.Section:
    """Build the centre: view buttons, the map with its legend, the points toggle.

    Without a position in the link the map opens framed on the units in the filters
    (and the selected unit); the frame is remembered so a later change of filters
    re-frames it (see ``dashboard.callbacks``).
    """
    lang = view.lang
    settings = get_settings()
    layers: list[Any] = []
    if settings.tile_url:
        layers.append(dl.TileLayer(url=settings.tile_url, attribution=settings.tile_attribution))
    layers += [
        planner.context_layer(CONTEXT_URL),  # under the choropleth
        dl.GeoJSON(
            id=ids.UNITS,
            url=drilldown.admin2_url(view.parent) if view.parent else UNITS_URL,
            style=js("unitStyle"),
            hoverStyle=js("unitHover"),
            onEachFeature=js("unitTooltip"),
            hideout={
                "classes": {},
                "colors": [],
                "noData": "#d9d9d9",
                "selected": [],
                "tooltips": {},
            },
        ),
        dl.LayerGroup(id=ids.ORGS),
        dl.ScaleControl(position="bottomright", imperial=False),
    ]
    frame = drilldown.frame(view, unit_bounds(), data.units) or view_frame(
        data.units, view, unit_bounds()
    )
    placed = (view.center, view.zoom) != (DEFAULT_CENTER, DEFAULT_ZOOM)
    position: dict[str, Any] = {"center": list(view.center), "zoom": view.zoom}
    if frame and not placed:  # dash-leaflet needs a centre; the viewport then fits the frame
        (south, west), (north, east) = frame
        position["center"] = [(south + north) / 2, (west + east) / 2]
        position["viewport"] = {"bounds": frame, "transition": "fitBounds"}
    without = int(data.organizations["latitude"].isna().sum())
    return html.Section(
        [
            drilldown.nav(view),
            data_banner.placeholder(lang),  # synthetic data, or the upload shown
            zoom_buttons(lang),
            dcc.Store(id=ids.MAP_FRAME, data=frame),
            dcc.Store(id=ids.ORGS_WINDOW),
            updating(
                html.Div(
                    [
                        dl.Map(
                            layers,
                            id=ids.MAP,
                            **position,
                            boundsOptions={"padding": [8, 8]},
                            minZoom=3,
                            maxZoom=MAX_ZOOM,  # where clusters list their organizations
                            zoomSnap=0.5,
                            attributionControl=bool(settings.tile_url),
                        ),
                        html.Div(id=ids.LEGEND, className="ca-legend"),
                        html.Div(id=ids.MAP_STATUS, className="ca-map-status", role="status"),
                    ],
                    id=ids.MAP_REGION,
                    className="ca-mapwrap",
                    role="region",
                    **attrs(
                        aria_label=t("map.indicator", lang), data_busy=t("access.loading", lang)
                    ),
                ),
                {ids.UNITS: "hideout"},
                lang,
            ),
            html.Div(
                orgs_note(without, len(data.organizations), lang),
                id=ids.ORGS_NOTE,
                className="ca-orgs-note",
            ),
            html.P(id=ids.SUMMARY, className="ca-summary", role="status"),
        ],
        className="ca-panel ca-map-panel",
        **attrs(aria_label=t("access.map_view", lang)),
    )


#: Export buttons: (format, label), map formats first.
EXPORT_BUTTONS = (
    ("png", "PNG"), ("pdf", "PDF 16:9"), ("pdf-a4", "PDF A4"), ("svg", "SVG"),
    ("pptx", "PowerPoint"), ("html", "HTML"),
    ("csv", "CSV"), ("xlsx", "Excel"), ("geojson", "GeoJSON"),
)  # fmt: skip


#: Class of the export's progress and cancel button; `` ca-running`` is added while it runs.
WORKING_CLASS = "ca-export-working"


def export_working(lang: str) -> html.Div:
    """Build the running export's progress and cancel button (shown after a second)."""
    return html.Div(
        [
            html.Progress(
                id=ids.EXPORT_PROGRESS,
                value="0",
                max=str(EXPORT_STEPS),
                **attrs(aria_label=t("export.job_progress", lang)),
            ),
            html.Span(id=ids.EXPORT_PROGRESS_TEXT, role="status"),
            html.Button(t("export.job_cancel", lang), id=ids.EXPORT_CANCEL, className="ca-button"),
        ],
        id=ids.EXPORT_WORKING,
        className=WORKING_CLASS,
    )


def export_panel(lang: str) -> html.Div:
    """Build the export buttons (each downloads the current view in one format)."""
    buttons = [
        html.Button(label, id={"type": ids.EXPORT, "fmt": fmt}, className="ca-button")
        for fmt, label in EXPORT_BUTTONS
    ]
    return html.Div(
        [
            html.H3(t("app.export", lang), id="h-export"),
            html.Div(buttons, className="ca-zoom"),
            dcc.Loading(
                html.Div(id=ids.EXPORT_STATUS, role="status", **attrs(aria_live="polite")),
                type="dot",
            ),
            export_working(lang),
            dcc.Store(id=ids.DOWNLOAD),  # {"url", "name"} of the export to download
            dcc.Store(id=ids.DOWNLOAD_SINK),
        ]
    )


def side_panel(view: View) -> html.Aside:
    """Build the right panel: exports, the selected unit and the charts."""
    lang = view.lang
    charts = html.Div(
        **attrs(data_busy=t("access.loading", lang)),
        children=[
            html.H3(t("app.chart_types", lang), id="h-chart-types"),
            html.Div(id=ids.CHART_TYPES),
            html.H3(t("app.chart_coverage", lang), id="h-chart-coverage"),
            html.Div(id=ids.CHART_COVERAGE),
            html.H3(t("priority.top", lang, n=10), id="h-chart-priority"),
            html.Div(id=ids.CHART_PRIORITY),
            html.H3(t("priority.contributions", lang), id="h-chart-contributions"),
            html.Div(id=ids.CHART_CONTRIB, className="ca-contrib"),
        ],
    )
    targets: dict[str, Any] = {
        ids.CHART_TYPES: "children",
        ids.CHART_PRIORITY: "children",
    }
    return html.Aside(
        [
            html.Div(id=ids.INFO, className="ca-info"),
            html.Div(id=ids.GAPS, className="ca-info"),
            updating(charts, targets, lang),
            export_panel(lang),
        ],
        className="ca-panel ca-side",
        **attrs(aria_label=t("access.details", lang)),
    )


#: Width of a header letter and the header's padding and sort icon, in pixels: a column
#: is at least as wide as its longest header word, so headers wrap between words only.
HEADER_CHAR_PX = 8
HEADER_PADDING_PX = 44


def header_min_width(label: str) -> int:
    """Return the narrowest column (px) that fits the longest word of ``label``."""
    longest = max((len(word) for word in label.split()), default=0)
    return max(90, longest * HEADER_CHAR_PX + HEADER_PADDING_PX)


def column_defs(view: View) -> list[dict[str, Any]]:
    """Return AG Grid columns: the view's headers, numbers formatted per language.

    "Organizations not yet reached" names the view's target programme, when it has one.
    """
    lang = view.lang
    defs = []
    for column in TABLE_COLUMNS:
        info = indicator_info(column)
        label = targeted_label(column, view)
        spec: dict[str, Any] = {
            "field": TABLE_KEYS[column],
            "colId": column,
            "headerName": label,
            "headerTooltip": label,
            "sortable": True,
            "minWidth": header_min_width(label),
        }
        if column == "name":
            spec.update(pinned="left", minWidth=170, filter=True)
        elif column == "country":
            spec.update(width=90)
        else:
            spec["type"] = "numericColumn"
            pct = str(info.fmt == "percent").lower()
            missing = json.dumps(no_data(lang))
            call = f"coopatlasFormat(params.value, '{lang}', {info.decimals}, {pct}, {missing})"
            spec["valueFormatter"] = {"function": call}
        defs.append(spec)
    return defs


def table_panel(view: View) -> html.Section:
    """Build the unit table (sortable; a click selects the unit)."""
    lang = view.lang
    grid = dag.AgGrid(
        id=ids.TABLE,
        columnDefs=column_defs(view),
        rowData=[],
        defaultColDef={
            "resizable": True,
            "minWidth": 90,
            "flex": 1,
            "wrapHeaderText": True,
            "autoHeaderHeight": True,
        },
        getRowId="params.data.id",
        dashGridOptions={
            "rowSelection": {
                "mode": "multiRow",  # a click toggles the row's unit (planner_callbacks)
                "checkboxes": False,
                "headerCheckbox": False,
                "enableClickSelection": False,
            },
            "animateRows": False,
            # one tab stop: Tab leaves the grid, the arrow keys move inside it
            # (assets/coopatlas_keyboard.js: Enter or Space selects the row's unit)
            "tabToNextCell": {"function": "false"},
            "tabToNextHeader": {"function": "false"},
            # no row means no organization matches: say so, in the catalogue's words
            "localeText": {**grid_locale_text(lang), "noRowsToShow": t("static_map.empty", lang)},
        },
        style={"height": "420px"},
    )
    return html.Section(
        [
            html.H2(t("app.table", lang), id="h-table"),
            html.Div(
                updating(grid, {ids.TABLE: "rowData"}, lang),
                **attrs(data_busy=t("access.loading", lang)),
            ),
        ],
        className="ca-panel ca-table-panel",
        id="table-panel",
        **attrs(aria_labelledby="h-table"),
    )


def skip_links(lang: str) -> html.Nav:
    """Build the links that take keyboard users past the map's units (shown on focus)."""
    return html.Nav(
        [
            html.A(t("access.skip_map", lang), href="#map-region", className="ca-skip"),
            html.A(t("access.skip_table", lang), href="#table-panel", className="ca-skip"),
            html.A(t("access.skip_filters", lang), href="#controls-panel", className="ca-skip"),
        ],
        className="ca-skips",
        **attrs(aria_label=t("access.main", lang)),
    )


def page(
    data: DashboardData,
    view: View,
    notices: list[str] | None = None,
    *,
    showing_upload: bool = False,
    upload_gone: bool = False,
) -> list[Any]:
    """Build the dashboard for ``view``; ``notices`` say what in the link was invalid.

    ``upload_gone`` adds the notice that the tab's upload was cleared or has expired.

    The filters come first in the page (and so in the tab order), then the map, its
    table right below it, the selected unit and charts; on wide screens the filters
    are a left column, on phones a drawer opened by a button kept by the map
    (:mod:`dashboard.keyboard`).
    """
    lang = view.lang
    footer = [t("app.source", lang)]
    if data.is_demo:
        footer.append(" " + t("app.demo_note", lang))
    # Notices quote link values: keep each short so a crafted link cannot flood the page.
    shown = [n if len(n) <= 160 else n[:157] + "..." for n in (notices or [])]
    said = [t("upload.gone", lang)] if upload_gone else []
    if shown:
        said.append(t("app.notice_url", lang, items="; ".join(shown)))
    notice = " ".join(said) or None
    return [
        dcc.Store(id=ids.SELECTION, data=list(view.selection)),
        dcc.Store(id=ids.VIEW),
        dcc.Store(id=ids.ANSWERED, data={}),
        dcc.Store(id=ids.AFTER_FIRST_RENDER),  # dashboard.first_answer: the table, just after
        skip_links(lang),
        header(lang),
        html.Main(
            [
                html.Div(notice, id=ids.NOTICE, className="ca-notice", role="status"),
                html.Div(
                    [
                        # first in the tab order; a column on wide screens, a drawer on phones
                        controls(data, view, showing_upload=showing_upload),
                        map_panel(data, view),
                        period.panel(data, view),
                        table_panel(view),
                        planner.selection_panel(view),
                        side_panel(view),
                    ],
                    className="ca-main",
                ),
                keyboard.filters_button(lang),
            ]
        ),
        html.Footer(footer, id="footer", className="ca-footer"),
    ]


def shell() -> html.Div:
    """Build the app layout: the URL and a container the page is rendered into."""
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh=False),
            dcc.Store(id=ids.URL_SYNC),
            dcc.Store(id=ids.HIDEOUT_SINK),
            dcc.Store(id=ids.HTML_LANG),
            dcc.Store(id=ids.SESSION, storage_type="session"),
            html.Div(id=ids.PAGE),
        ]
    )


def error_page(message: str) -> html.Div:
    """Build the page shown when the data cannot be loaded (the server keeps running)."""
    return html.Div(
        [
            html.H1(" / ".join(t("app.error_title", lang) for lang in LANGS)),
            html.Pre(message),
        ],
        className="ca-error",
        id="error-page",
    )
