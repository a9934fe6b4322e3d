"""A map view as the exports need it: indicator, classes, filters, selection, extent, language.

The dashboard turns its state into a :class:`MapSpec`; ``coopatlas export`` builds one
from its options. :func:`compute` gives the unit table and the classification, the
same for every output format.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from geo._errors import InputValidationError
from geo.catalogue import INDICATORS, indicator_info
from geo.choropleth import classify_indicator
from geo.classify import MAX_K, MIN_K, Classification
from geo.filters import Filters
from geo.i18n import Lang, format_date, lang_problems, t
from geo.indicators import compute_indicators
from geo.prepared import PreparedData
from geo.vocab import MAP_SCHEMES, Scheme

#: Map extents: (south, west, north, east) in degrees.
EXTENTS: dict[str, tuple[float, float, float, float]] = {
    "all": (-18.6, -81.6, 13.6, -66.8),  # mainland and San Andrés; Galápagos in an inset
    "CO": (-4.3, -79.1, 12.6, -66.8),  # San Andrés in an inset
    "PE": (-18.4, -81.4, -0.0, -68.6),
    "EC": (-5.1, -81.1, 1.7, -75.1),  # Galápagos in an inset
}

#: Indicators that can colour a map (numbers per unit; not ids, ranks or text).
MAPPABLE: tuple[str, ...] = tuple(
    sorted(k for k, info in INDICATORS.items() if info.kind not in ("id", "rank", "text"))
)


@dataclass(frozen=True)
class MapSpec:
    """One map view, independent of the dashboard.

    Attributes
    ----------
    column
        Indicator column of the unit table (e.g. ``orgs_per_100k``).
    scheme, k
        Classification scheme and number of classes.
    lang
        ``"en"`` or ``"es"``.
    filters
        Which organizations count.
    selected
        ISO code of a highlighted unit, or ``None``.
    extent
        ``"all"``, ``"CO"``, ``"PE"`` or ``"EC"``.
    source
        Data source line printed on the map.
    date
        Date printed on the map (default today).
    """

    column: str = "orgs_per_100k"
    scheme: Scheme = "quantiles"
    k: int = 5
    lang: Lang = "en"
    filters: Filters = field(default_factory=Filters)
    selected: str | None = None
    extent: str = "all"
    source: str = ""
    date: dt.date | None = None

    def __post_init__(self) -> None:
        problems = []
        if self.column not in MAPPABLE and not self.column.startswith("orgs_sector_"):
            valid = ", ".join(MAPPABLE)
            problems.append(f"unknown indicator {self.column!r}; valid indicators: {valid}")
        if self.scheme not in MAP_SCHEMES:
            problems.append(f"scheme must be one of {', '.join(MAP_SCHEMES)}; got {self.scheme!r}")
        if not MIN_K <= self.k <= MAX_K:
            problems.append(f"k must be from {MIN_K} to {MAX_K}; got {self.k}")
        problems.extend(lang_problems(self.lang))
        if self.extent not in EXTENTS:
            problems.append(f"extent must be one of {', '.join(EXTENTS)}; got {self.extent!r}")
        if problems:
            raise InputValidationError(problems)

    @property
    def title(self) -> str:
        """Map title: the indicator and the area."""
        label = indicator_info(self.column).label(self.lang)
        return t(
            "map.title", self.lang, indicator=label, area=t(f"country.{self.extent}", self.lang)
        )

    @property
    def subtitle(self) -> str:
        """The active filters, in words."""
        described = self.filters.describe(lang=self.lang)
        return t("map.subtitle", self.lang, filters=described)

    @property
    def footer(self) -> str:
        """Source and date line."""
        day = format_date(self.date or dt.date.today(), self.lang)
        parts = [p for p in (self.source, t("map.made_with", self.lang, date=day)) if p]
        return " · ".join(parts)


def compute(
    spec: MapSpec, prepared: PreparedData, *, weights: dict[str, float] | None = None
) -> tuple[pd.DataFrame, Classification]:
    """Return the unit table for the spec's filters and the classification of its column."""
    table = compute_indicators(prepared, spec.filters, weights=weights)
    if spec.column not in table.columns:
        raise InputValidationError(f"indicator {spec.column!r} is not in the computed table")
    classes = classify_indicator(table, spec.column, scheme=spec.scheme, k=spec.k, lang=spec.lang)
    return table, classes
