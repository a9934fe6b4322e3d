"""Builders of the dashboard's left panel: the map indicator, priority weights, filters, upload.

:func:`controls` assembles the panel from one small builder per group of
controls; :mod:`dashboard.layout` puts it on the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dash import dcc, html

from dashboard import ids, indicator_menu, presets, weight_shares
from dashboard.data import DashboardData
from dashboard.fields import attrs, field, options, search_words
from dashboard.upload_options import upload_options
from dashboard.widget_texts import dropdown_texts
from geo.i18n import Lang, t, tn
from geo.indicators.classify import MAX_K, MIN_K
from geo.indicators.priority import COMPONENTS, TARGET_PROGRAMMES
from geo.indicators.view import View
from geo.io.text import fold
from geo.vocab import (
    COUNTRY_CODES,
    MAP_SCHEMES,
    ORG_TYPES,
    PROGRAMME_KEYS,
    PROGRAMMES,
    SECTOR_GROUPS,
    SECTORS,
    STATUSES,
)


def multi_filter(
    label_id: str,
    label: str,
    component_id: str,
    choices: list[dict[str, str]],
    value: list[str],
    *,
    lang: str,
    placeholder: str | None = None,
) -> html.Div:
    """Build a labelled, searchable multi-select filter; empty means every value ("All").

    ``placeholder`` says what an empty choice means when it is not "All".
    """
    texts = {**dropdown_texts(lang), "placeholder": placeholder or t("filters.any", lang)}
    dropdown = dcc.Dropdown(
        id=component_id, options=choices, value=value, multi=True, searchable=True, **texts
    )
    return field(label_id, label, dropdown)


def indicator_options(lang: Lang) -> list[dict[str, Any]]:
    """Return the options of the map indicator menu, grouped (:mod:`dashboard.indicator_menu`)."""
    return indicator_menu.grouped_options(lang)


def controls(data: DashboardData, view: View, *, showing_upload: bool = False) -> html.Section:
    """Build the left panel: indicator, classification, weights, filters and upload.

    Parameters
    ----------
    data
        The loaded data (unit names, federations and founding years of the filters).
    view
        The view whose values the controls show.
    showing_upload
        True when the page shows an uploaded registry (the "clear" button is enabled).

    Returns
    -------
    dash.html.Section
        The panel (``#controls-panel``, the target of a skip link).
    """
    return html.Section(
        [
            *indicator_controls(view),
            presets.preset_buttons(view),  # #21: "where to intervene", beside the weights
            weights_panel(data, view),
            targeting_controls(view),
            *filter_controls(data, view),
            upload_panel(view.lang, showing_upload=showing_upload),
        ],
        id="controls-panel",
        className="ca-panel ca-controls",
        **attrs(aria_label=t("access.controls", view.lang)),
    )


def indicator_controls(view: View) -> list[Any]:
    """Build the map indicator group: title, indicator, type, colour scheme, classes."""
    lang = view.lang
    return [
        html.H2(t("map.indicator", lang), id="indicator-title"),
        field(
            "l-indicator",
            t("map.indicator", lang),
            dcc.Dropdown(
                id=ids.INDICATOR,
                options=indicator_options(lang),
                value=view.indicator,
                clearable=False,
                maxHeight=indicator_menu.MENU_HEIGHT,
                **dropdown_texts(lang),
            ),
        ),
        field(
            "l-type-share",
            t("map.type_share", lang),
            dcc.Dropdown(
                id=ids.TYPE_SHARE,
                options=options("org_type", ORG_TYPES, lang),
                value=view.type_share,
                clearable=False,
                **dropdown_texts(lang),
            ),
        ),
        field(
            "l-scheme",
            t("map.scheme", lang),
            dcc.Dropdown(
                id=ids.SCHEME,
                options=[
                    {"label": t(f"scheme.{s}", lang), "value": f"scheme_{s}"} for s in MAP_SCHEMES
                ],
                value=f"scheme_{view.scheme}",
                clearable=False,
                **dropdown_texts(lang),
            ),
        ),
        field(
            "l-classes",
            t("map.classes", lang),
            dcc.Slider(
                id=ids.CLASSES,
                min=MIN_K,
                max=MAX_K,
                step=1,
                value=view.k,
                marks={k: str(k) for k in range(MIN_K, MAX_K + 1)},
            ),
        ),
    ]


def filter_controls(data: DashboardData, view: View) -> list[Any]:
    """Build the filters group: title, the filters in their order, the reset button."""
    lang = view.lang
    return [
        html.H2(t("filters.title", lang), id="filters-title"),
        *vocabulary_filters(data, view),
        sector_group_filter(view),
        years_filter(data, view),
        federation_filter(data, view),
        status_filter(view),
        html.Button(t("filters.reset", lang), id=ids.RESET, className="ca-button", n_clicks=0),
    ]


def unit_options(
    data: DashboardData, countries: Sequence[str] | None = None
) -> list[dict[str, str]]:
    """Return the unit filter's options, ``"name (country)"``, sorted by country then name.

    Names sort as people read them, accents aside ("Córdoba" before "Cundinamarca");
    with ``countries``, only their units are offered. The sorted options are built once
    per data (:func:`_all_unit_options`); a country change only picks among them.
    """
    chosen = set(countries or ())
    return [
        dict(option)  # a copy: the kept options are shared by every request
        for country, option in _all_unit_options(data)
        if not chosen or country in chosen
    ]


def _all_unit_options(data: DashboardData) -> list[tuple[str, dict[str, str]]]:
    """Return every unit's (country, option), sorted, kept on ``data`` after the first call."""
    kept = data.derived.get("unit_options")
    if kept is None:
        units = data.units.assign(_key=data.units["name"].map(fold))
        units = units.sort_values(["country", "_key"])
        kept = [
            (
                r.country,
                {
                    "label": f"{r.name} ({r.country})",
                    "value": r.iso_3166_2,
                    "search": search_words(r.name, r.iso_3166_2),
                },
            )
            for r in units.itertuples(index=False)
        ]
        data.derived["unit_options"] = kept
    return kept


def vocabulary_filters(data: DashboardData, view: View) -> list[html.Div]:
    """Build the multi-select filters on countries, units, types, sectors and programmes."""
    lang, chosen = view.lang, view.filters
    return [
        multi_filter(
            "l-country",
            t("filters.country", lang),
            ids.F_COUNTRY,
            options("country", list(COUNTRY_CODES), lang),
            list(chosen.countries),
            lang=lang,
        ),
        multi_filter(
            "l-unit",
            t("filters.unit", lang),
            ids.F_UNIT,
            unit_options(data, chosen.countries),
            list(chosen.units),
            lang=lang,
        ),
        multi_filter(
            "l-type",
            t("filters.org_type", lang),
            ids.F_TYPE,
            options("org_type", ORG_TYPES, lang),
            list(chosen.org_types),
            lang=lang,
        ),
        multi_filter(
            "l-sector",
            t("filters.sector", lang),
            ids.F_SECTOR,
            options("sector", SECTORS, lang),
            list(chosen.sectors),
            lang=lang,
        ),
        multi_filter(
            "l-programme",
            t("filters.programme", lang),
            ids.F_PROGRAMME,
            options("programme", list(PROGRAMMES), lang),
            list(chosen.programmes),
            lang=lang,
        ),
    ]


def years_filter(data: DashboardData, view: View) -> html.Div:
    """Build the founding-year range slider, bounded by the data's years (1950-2025 if none)."""
    low, high = data.year_bounds
    return field(
        "l-years",
        t("filters.years", view.lang),
        dcc.RangeSlider(
            id=ids.F_YEARS,
            min=low,
            max=high,
            step=1,
            value=[view.filters.founded_from or low, view.filters.founded_to or high],
            marks={low: str(low), high: str(high)},
            tooltip={"placement": "top"},
        ),
        thumbs=f"{t('access.from', view.lang)}|{t('access.to', view.lang)}",
    )


def federation_filter(data: DashboardData, view: View) -> html.Div:
    """Build the federation filter; its options are the federations named in the data.

    The names are the prepared data's (the distinct lists split once, as the filter
    matches them): a page does not read every organization's list again.
    """
    federations = data.prepared.federations
    return multi_filter(
        "l-federation",
        t("filters.federation", view.lang),
        ids.F_FEDERATION,
        [{"label": f, "value": f, "search": search_words(f)} for f in federations],
        list(view.filters.federations),
        lang=view.lang,
    )


def weights_panel(data: DashboardData, view: View) -> html.Details:
    """Build the priority-weight sliders (defaults: ``geo/indicators/priority_weights.toml``)."""
    weights = view.weight_map or data.weights
    shares = weight_shares.share_texts(weights, view.lang)  # "40 %" beside each slider
    names = dict(zip(COMPONENTS, weight_shares.weight_labels(view), strict=True))
    sliders = [
        html.Div(
            [
                html.Div(
                    [
                        html.Label(names[c], id=f"l-weight-{c}"),
                        weight_shares.share_badge(c, shares[c], view.lang),
                    ],
                    className="ca-weight-head",
                ),
                dcc.Slider(
                    id={"type": ids.WEIGHT, "component": c},
                    min=0,
                    max=5,
                    step=0.5,
                    value=weights[c],
                    marks={0: "0", 5: "5"},
                    tooltip={"placement": "bottom", "always_visible": True},
                ),
            ],
            className="ca-field",
        )
        for c in COMPONENTS
    ]
    title = t("priority.weights", view.lang)
    return html.Details([html.Summary(title), *sliders], open=view.weights is not None)


def upload_panel(lang: str, *, showing_upload: bool) -> html.Div:
    """Build the "your registry" panel: upload, validation report, mapping step."""
    from dashboard.uploads import SESSION_TTL_HOURS

    return html.Div(
        [
            html.H2(t("upload.title", lang), id="h-upload"),
            html.P(t("upload.showing", lang), className="ca-summary") if showing_upload else None,
            dcc.Upload(
                html.Div(t("upload.hint", lang)),
                id=ids.UPLOAD,
                className="ca-upload",
                multiple=False,
            ),
            dcc.Upload(
                html.Div(t("upload.programmes", lang)),
                id=ids.UPLOAD_PROGRAMMES,
                className="ca-upload ca-upload-small",
                multiple=False,
            ),
            html.P(tn("upload.private", SESSION_TTL_HOURS, lang), className="ca-orgs-note"),
            upload_options(lang),
            dcc.Store(id=ids.UPLOAD_PENDING),
            dcc.Loading(html.Div(id=ids.UPLOAD_REPORT), type="dot"),
            html.Div(
                [
                    html.Button(
                        t("upload.apply", lang),
                        id=ids.UPLOAD_APPLY,
                        className="ca-button",
                        disabled=True,
                    ),
                    html.Button(
                        t("upload.download_rejected", lang),
                        id=ids.UPLOAD_REJECTED,
                        className="ca-button",
                        disabled=True,
                    ),
                    html.Button(
                        t("upload.download_flagged", lang),
                        id=ids.UPLOAD_FLAGGED,
                        className="ca-button",
                        disabled=True,
                    ),
                    html.Button(
                        t("upload.clear", lang),
                        id=ids.UPLOAD_CLEAR,
                        className="ca-button",
                        disabled=not showing_upload,
                    ),
                ],
                className="ca-zoom",
            ),
            dcc.Download(id=ids.UPLOAD_DOWNLOAD),
        ],
        className="ca-upload-panel",
    )


def status_filter(view: View) -> html.Div:
    """Build the legal-status filter; empty means the default (active or unknown).

    Organizations in liquidation or cancelled stay in the data but are not counted
    unless chosen here (``status`` in the URL).
    """
    lang = view.lang
    return multi_filter(
        "l-status",
        t("filters.status", lang),
        ids.F_STATUS,
        options("status", list(STATUSES), lang),
        list(view.filters.status),
        lang=lang,
        placeholder=t("filters.status_default", lang),
    )


def sector_group_filter(view: View) -> html.Div:
    """Build the searchable sector-group filter (``sector_groups`` in the URL)."""
    lang = view.lang
    return multi_filter(
        "l-sector-group",
        t("filters.sector_group", lang),
        ids.F_SECTOR_GROUP,
        options("sector_group", list(SECTOR_GROUPS), lang),
        list(view.filters.sector_groups),
        lang=lang,
    )


def target_options(lang: Lang) -> list[dict[str, str]]:
    """Return the programme choices of the coverage gap: any programme, then each one."""
    names = {key: name for name, key in PROGRAMME_KEYS.items()}
    return [{"label": t("programme.any", lang), "value": "any"}] + [
        {"label": names[key], "value": key} for key in TARGET_PROGRAMMES
    ]


def targeting_controls(view: View) -> html.Div:
    """Build the priority index's targeting: the coverage gap's programme, per population."""
    lang = view.lang
    return html.Div(
        [
            field(
                "l-target",
                t("plan.target", lang),
                dcc.Dropdown(
                    id=ids.TARGET,
                    options=target_options(lang),
                    value=view.programme or "any",
                    clearable=False,
                    **dropdown_texts(lang),
                ),
            ),
            dcc.Checklist(
                id=ids.PER_POP,
                options=[{"label": t("plan.per_population", lang), "value": "on"}],
                value=["on"] if view.per_population else [],
                className="ca-field",
            ),
        ],
        className="ca-targeting",
        role="group",
        **attrs(aria_label=t("plan.targeting", lang)),
    )


def programme_of(value: str | None) -> str | None:
    """Return the view's programme from the selector's value (``"any"``: no programme)."""
    return value if value in TARGET_PROGRAMMES else None
