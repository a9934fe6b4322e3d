"""A map view as the exports need it: indicator, classes, filters, selection, extent, language.

The dashboard turns its state into a :class:`MapSpec`; ``coopatlas export`` builds one
from its options. :func:`compute` gives the unit table and the classification, the
same for every output format.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import pandas as pd

from geo._errors import InputValidationError
from geo.i18n import Lang, format_date, format_percent, lang_problems, t
from geo.indicators.catalogue import INDICATORS, indicator_info
from geo.indicators.choropleth import classify_indicator
from geo.indicators.classify import MAX_K, MIN_K, Classification
from geo.indicators.filters import Filters
from geo.indicators.periods import Period
from geo.indicators.prepared import PreparedData
from geo.indicators.presets import preset_caption
from geo.indicators.priority import COMPONENTS, component_label
from geo.indicators.unit_tables import unit_table
from geo.indicators.view import View
from geo.units.boundaries import load_units
from geo.units.levels import children_words_id, country_of, get_level, is_country, parent_problems
from geo.vocab import COUNTRY_CODES, MAP_SCHEMES, Scheme

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
        Data source printed on the map (default: "organization registry imported
        with CoopAtlas"); the boundary and population sources follow it.
    date
        Date printed on the map (default today).
    synthetic
        True when the data shown are the bundled synthetic demo: every export
        then says so in plain sight.
    weights
        Priority index weights ``(component, weight)``, stated on every export
        that shows the priority index (:attr:`weights_line`).
    level, parent
        ``level=1`` (default, ``parent=None``): the level-1 units. ``level=2``: the
        level-2 units of ``parent``, a level-1 unit (``"CO-ANT"``) or a country
        (``"CO"``); the title names them ("Municipalities of Antioquia") and the map
        draws the parent's outline.

    The area of the map follows the filters: with ``extent="all"`` and one
    country filtered (or units of one country), the map is that country's
    (:attr:`frame`), titled with its name; filtered units name the title and
    frame the map.
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
    synthetic: bool = False
    weights: tuple[tuple[str, float], ...] = ()
    level: int = 1
    parent: str | None = None
    coverage_programme: str | None = (
        None  # the priority index's targeting (geo.indicators.priority)
    )
    per_population: bool = False
    years: Period | None = None  # the programme period (geo.indicators.periods)

    @classmethod
    def from_view(cls, view: View, **options: object) -> MapSpec:
        """Return the map of ``view``, with export ``options`` (source, date, extent ...)."""
        fields: dict[str, object] = {
            "column": view.column, "scheme": view.scheme, "k": view.k, "lang": view.lang,
            "filters": view.filters, "selected": view.selected,
            "weights": tuple((view.weight_map or {}).items()), "level": view.level,
            "parent": view.parent, "coverage_programme": view.programme,
            "per_population": view.per_population, "years": view.years,
        }  # fmt: skip
        return cls(**{**fields, **options})  # type: ignore[arg-type]

    @property
    def view(self) -> View:
        """The view this map draws (what its unit table depends on)."""
        return View(
            lang=self.lang,
            filters=self.filters,
            selected=self.selected,
            level=self.level,
            parent=self.parent,
            programme=self.coverage_programme,
            per_population=self.per_population,
            years=self.years,
        )

    def __post_init__(self) -> None:
        try:
            problems = parent_problems(get_level(self.level), self.parent, _unit_names())
        except InputValidationError as exc:
            problems = list(exc.problems)
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
        unknown = sorted(k for k, _ in self.weights if k not in COMPONENTS)
        if unknown:
            problems.append(f"unknown weight keys {unknown}; allowed keys are {list(COMPONENTS)}")
        if problems:
            raise InputValidationError(problems)

    # ------------------------------------------------------------------ area

    @property
    def countries(self) -> tuple[str, ...]:
        """Countries the map is about: the extent's, else those the filters keep, else all three."""
        if self.parent:
            return (country_of(self.parent),)
        if self.extent != "all":
            return (self.extent,)
        chosen = set(self.filters.countries) or set(COUNTRY_CODES)
        if self.filters.units:
            chosen &= {u.split("-")[0] for u in self.filters.units}
        return tuple(c for c in COUNTRY_CODES if c in chosen) or COUNTRY_CODES

    @property
    def place(self) -> str:
        """The place in a file name: ``co``, ``all`` or, below level 1, ``co-ant-level2``."""
        if self.parent:
            return f"{self.parent.lower()}-level{self.level}"
        return self.frame.lower()

    @property
    def frame(self) -> str:
        """The extent drawn: the one country the view is about, else ``"all"``."""
        countries = self.countries
        return countries[0] if len(countries) == 1 else "all"

    def shows(self, unit: str) -> bool:
        """Return True when unit ``unit`` (ISO 3166-2) is inside the view's area and filters."""
        if country_of(unit) not in self.countries:
            return False
        if self.parent:
            return is_country(self.parent) or _parents().get(unit) == self.parent
        return not self.filters.units or unit in self.filters.units

    @property
    def area(self) -> str:
        """The area in words: up to three filtered units, else the countries."""
        if self.parent:
            country = country_of(self.parent)
            name = _unit_names().get(self.parent) or t(f"country.{country}", self.lang)
            return t(children_words_id(get_level(self.level), self.parent), self.lang, name=name)
        units = self.filters.units
        if units and len(units) <= 3:
            names = _unit_names()
            return _and([names.get(u, u) for u in units], self.lang)
        if len(self.countries) == len(COUNTRY_CODES):
            return t("country.all", self.lang)
        return _and([t(f"country.{c}", self.lang) for c in self.countries], self.lang)

    # ------------------------------------------------------------------ texts

    @property
    def legend_title(self) -> str:
        """What the map colours, in words: the indicator's label (the legend's title)."""
        return indicator_info(self.column).label(self.lang)

    @property
    def title(self) -> str:
        """Map title: what it colours, the organization types kept (if filtered) and the area."""
        label = self.legend_title
        types = self.filters.org_types
        if not types:
            return t("map.title", self.lang, indicator=label, area=self.area)
        if len(types) > 3:
            words = t("map.n_types", self.lang, n=len(types))
        else:  # "cooperatives and pre-cooperatives", lower case inside the title
            words = _and([_lower_first(t(f"org_types.{k}", self.lang)) for k in types], self.lang)
        return t("map.title_types", self.lang, indicator=label, types=words, area=self.area)

    @property
    def subtitle(self) -> str:
        """The active filters in words ("Countries: Ecuador · Types: Cooperatives").

        A programme period is said after them ("Programme years 2019-2021").
        """
        words = self.filters.describe(lang=self.lang, headline=True, unit_names=_unit_names())
        if self.years is None:
            return words
        period = t("period.headline", self.lang, period=self.years.to_text())
        return f"{words} · {period}" if words else period

    @property
    def notice(self) -> str:
        """Return "Synthetic demo data" when the view shows the bundled demo, else ``""``."""
        return t("export.synthetic", self.lang) if self.synthetic else ""

    @property
    def shows_priority(self) -> bool:
        """True when the map colours the priority index or one of its parts."""
        return self.column.startswith("priority_")

    @property
    def weights_line(self) -> str:
        """The priority weights as shares of the score, or ``""`` when none are set.

        Components weighted 0 are left out; weights in a preset's ratios are named by
        the preset first ("Where to intervene (...). Priority index weights: ...").
        """
        total = sum(w for _, w in self.weights)
        if not total:
            return ""
        labels = {
            k: component_label(
                k,
                self.lang,
                coverage_programme=self.coverage_programme,
                per_population=self.per_population,
            )
            for k, _ in self.weights
        }
        parts = [
            f"{labels[k]} {format_percent(w / total, self.lang, 0)}"
            for k, w in self.weights
            if w > 0  # a component weighted 0 adds nothing: not listed
        ]
        line = t("export.weights", self.lang, weights=" · ".join(parts))
        name = preset_caption(dict(self.weights), self.lang)
        return f"{name}. {line}" if name else line

    @property
    def source_line(self) -> str:
        """Return the source line: the data source (or the default), boundaries, population."""
        return t("export.source", self.lang, source=self.source_text)

    @property
    def source_text(self) -> str:
        """The data source (or the default), then the boundary and population sources."""
        source = self.source or t("export.default_source", self.lang)
        return f"{source}; {t('export.reference_sources', self.lang)}"

    @property
    def footer(self) -> str:
        """Source and date line."""
        day = format_date(self.date or dt.date.today(), self.lang)
        return " · ".join([self.source_line, t("map.made_with", self.lang, date=day)])


@functools.cache
def _unit_names() -> Mapping[str, str]:
    """Return unit code -> name of the committed unit table (read once)."""
    units = load_units()
    return MappingProxyType(dict(zip(units["iso_3166_2"], units["name"], strict=True)))


@functools.cache
def _parents() -> Mapping[str, str]:
    """Return level-2 unit id -> its level-1 unit (read once)."""
    units = load_units(level=2)
    return MappingProxyType(dict(zip(units["admin2_id"], units["parent_iso_3166_2"], strict=True)))


def _lower_first(text: str) -> str:
    """Return ``text`` with its first letter in lower case ("Other SSE …" -> "other SSE …")."""
    return text[:1].lower() + text[1:]


def _and(items: list[str], lang: Lang) -> str:
    """Join names as "A", "A and B" or "A, B and C" in the language."""
    if len(items) == 1:
        return items[0]
    return t("export.and", lang, first=", ".join(items[:-1]), last=items[-1])


def compute(
    spec: MapSpec, prepared: PreparedData, *, weights: dict[str, float] | None = None
) -> tuple[pd.DataFrame, Classification]:
    """Return the unit table of the spec's view and the classification of its column."""
    table = unit_table(prepared, spec.view, weights)
    if spec.column not in table.columns:
        raise InputValidationError(f"indicator {spec.column!r} is not in the computed table")
    classes = classify_indicator(table, spec.column, scheme=spec.scheme, k=spec.k, lang=spec.lang)
    return table, classes
