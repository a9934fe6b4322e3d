"""A view, as one value: what a planner sees, a shared link restores and an export draws.

:class:`View` is the level and its parent, the filters, the indicator, the map classes,
the priority weights and target programme, the language, the selection and the map
position. It is parsed and checked once (:meth:`View.from_query`, from a dashboard link
or ``coopatlas export --view``) and shared by the dashboard's callbacks, the exports and
the command line; :func:`geo.indicators.unit_tables.unit_table` gives its unit table.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from typing import TypeVar
from urllib.parse import parse_qsl, urlencode

from geo.i18n import LANGS, Lang
from geo.indicators.catalogue import PANELS
from geo.indicators.classify import MAX_K, MIN_K
from geo.indicators.filters import Filters
from geo.indicators.periods import Period
from geo.indicators.priority import COMPONENTS, TARGET_PROGRAMMES
from geo.indicators.priority import NEED_COLUMNS as NEED_COMPONENTS
from geo.notice import Notice
from geo.units.levels import LEVEL_NUMBERS, get_level, parent_problems
from geo.vocab import MAP_SCHEMES, ORG_TYPES, Scheme

#: A string type of allowed values (``Lang``, ``Scheme``, ``str``) in :meth:`View.from_query`.
_S = TypeVar("_S", bound=str)

#: Indicators offered on the map, in menu order (:data:`geo.indicators.catalogue.PANELS`).
MAP_INDICATORS: tuple[str, ...] = PANELS["map"]
DEFAULT_CENTER = (-4.0, -74.5)
#: Separator of the selected units in the URL (``sel=CO-NAR|CO-CAU``).
SEL_SEP = "|"
DEFAULT_ZOOM = 5


@dataclass(frozen=True)
class View:
    """Everything a shared link must restore."""

    lang: Lang = "en"
    indicator: str = "orgs_per_100k"
    type_share: str = "cooperative"
    scheme: Scheme = "quantiles"
    k: int = 5
    filters: Filters = field(default_factory=Filters)
    selected: str | None = None  # the selected unit when exactly one is selected
    weights: tuple[float, ...] | None = None  # priority weights in COMPONENTS order
    center: tuple[float, float] = DEFAULT_CENTER
    zoom: int = DEFAULT_ZOOM
    level: int = 1  # a level of geo.units.levels.LEVELS
    parent: str | None = None  # below level 1: a country ("CO") or a unit above ("CO-ANT")
    selection: tuple[str, ...] = ()  # every selected unit, in the order they were picked
    programme: str | None = None  # coverage gap of one programme (TARGET_PROGRAMMES), or any
    per_population: bool = False  # organizations and members per 100,000 in the index
    # the programme period (geo.indicators.periods): participation of these years counts
    # (``years=2019-2021``; None: every year). Not the founding years of the filters.
    years: Period | None = None
    # an earlier period: the map shows the change in reach from ``before`` to ``years``
    before: Period | None = None

    def __post_init__(self) -> None:
        # ``selected`` is the one-unit view of ``selection``: either may be given.
        selection = tuple(
            dict.fromkeys(self.selection or ((self.selected,) if self.selected else ()))
        )
        object.__setattr__(self, "selection", selection)
        object.__setattr__(self, "selected", selection[0] if len(selection) == 1 else None)

    @property
    def weight_map(self) -> dict[str, float] | None:
        """The priority weights as a component -> weight mapping (None: the defaults)."""
        return None if self.weights is None else dict(zip(COMPONENTS, self.weights, strict=True))

    @property
    def column(self) -> str:
        """The indicator-table column the map shows."""
        if self.indicator == "type_share":
            return f"type_share_{self.type_share}"
        return self.indicator

    def to_query(self) -> str:
        """Encode the view as a URL query string (without ``?``), defaults left out."""
        default = View()
        params: dict[str, str] = {}
        for key, value, base in (
            ("lang", self.lang, default.lang),
            ("ind", self.indicator, default.indicator),
            ("type", self.type_share, default.type_share),
            ("scheme", self.scheme, default.scheme),
            ("k", str(self.k), str(default.k)),
            ("sel", SEL_SEP.join(self.selection), ""),
            ("target", self.programme or "", ""),
            ("pp", "1" if self.per_population else "", ""),
            ("level", str(self.level), str(default.level)),
            ("parent", self.parent or "", ""),
        ):
            if value != base:
                params[key] = value
        if self.weights is not None:
            params["w"] = ",".join(f"{w:g}" for w in self.weights)
        if (self.center, self.zoom) != (default.center, default.zoom):
            params["lat"] = f"{self.center[0]:.4f}"
            params["lon"] = f"{self.center[1]:.4f}"
            params["z"] = str(self.zoom)
        params.update(self.filters.to_query())
        params.update(_period_params(self))
        return urlencode(params)

    @classmethod
    def from_query(
        cls,
        query: str | Mapping[str, str],
        *,
        known_units: Collection[str] | None = None,
        known_children: Collection[str] | None = None,
    ) -> tuple[View, list[str]]:
        """Decode a URL query; invalid values fall back to defaults with a notice, never raise.

        Parameters
        ----------
        query
            The query string (with or without ``?``) or an already parsed mapping.
        known_units
            Unit codes that exist; others are dropped with a notice.
        known_children
            Level-2 unit ids that exist (``sel`` at level 2 is checked against them).

        Returns
        -------
        tuple
            The view and one notice per value that was dropped.
        """
        params = _query_params(query)
        notices: list[str] = []
        view = cls()
        # each step pops its keys, in this order (the order of the notices)
        lang = _pick(params, notices, "lang", LANGS, view.lang)
        indicator = _pick(params, notices, "ind", MAP_INDICATORS, view.indicator)
        type_share = _pick(params, notices, "type", ORG_TYPES, view.type_share)
        scheme = _pick(params, notices, "scheme", MAP_SCHEMES, view.scheme)
        k = _pick_k(params, notices, view.k)
        level, parent = _pick_level(params, notices, known_units)
        selection = _pick_selection(params, notices, known_children if parent else known_units)
        programme = _pick(params, notices, "target", TARGET_PROGRAMMES, "")
        per_population = _pick(params, notices, "pp", ("1", "0"), "0") == "1"
        weights = _pick_weights(params, notices)
        center, zoom = _pick_position(params, notices, view.center, view.zoom)
        years, before = _pick_periods(params, notices)
        filters, filter_notices = Filters.from_query(params, known_units=known_units)
        notices.extend(filter_notices)
        view = replace(
            view,
            lang=lang,
            indicator=indicator,
            type_share=type_share,
            scheme=scheme,
            k=k,
            filters=filters,
            selection=selection,
            programme=programme or None,
            per_population=per_population,
            weights=weights,
            center=center,
            zoom=zoom,
            level=level,
            parent=parent,
            years=years,
            before=before,
        )
        return view, notices


# --------------------------------------------------------------------------- query steps
# Each step pops its keys from ``params`` and appends a notice for a value it drops.


def _query_params(query: str | Mapping[str, str]) -> dict[str, str]:
    """Return the query as a mutable ``key -> value`` dict (blank values dropped from strings)."""
    if isinstance(query, str):
        return dict(parse_qsl(query.lstrip("?"), keep_blank_values=False))
    return {str(k): str(v) for k, v in query.items()}


def _pick(
    params: dict[str, str], notices: list[str], key: str, allowed: Collection[_S], current: _S
) -> _S:
    """Return the allowed value named by ``key``, or ``current`` when absent or not allowed."""
    value = params.pop(key, None)
    if value is None:
        return current
    for option in allowed:  # the allowed value itself, so that its type is kept
        if option == value:
            return option
    notices.append(
        Notice(
            "link.not_one_of",
            param=key,
            value=repr(value[:40]),
            allowed=", ".join(sorted(allowed)),
        )
    )
    return current


def _pick_k(params: dict[str, str], notices: list[str], current: int) -> int:
    """Return the number of classes ``k`` (``MIN_K`` to ``MAX_K``), or ``current``."""
    if "k" not in params:
        return current
    text = params.pop("k")
    if len(text) <= 2 and text.isdecimal() and text.isascii() and MIN_K <= int(text) <= MAX_K:
        return int(text)
    notices.append(Notice("link.bad_k", value=repr(text[:10]), low=MIN_K, high=MAX_K))
    return current


def _pick_level(
    params: dict[str, str], notices: list[str], known_units: Collection[str] | None
) -> tuple[int, str | None]:
    """Return ``level`` (:data:`geo.units.levels.LEVELS`) and ``parent`` (below level 1 only).

    A view below level 1 without a valid parent falls back to level 1 with a notice.
    """
    text = params.pop("level", None)
    parent = params.pop("parent", None)
    if text is None and parent is None:
        return 1, None
    if text is not None and text not in {str(n) for n in LEVEL_NUMBERS}:
        levels = ", ".join(map(str, LEVEL_NUMBERS))
        notices.append(
            Notice("link.not_one_of", param="level", value=repr(text[:10]), allowed=levels)
        )
        return 1, None
    level = get_level(text or 1)
    problems = parent_problems(level, parent, known_units)
    if problems:
        notices.extend(problems)
        return 1, None
    return level.number, parent


def _pick_selection(
    params: dict[str, str], notices: list[str], known_units: Collection[str] | None
) -> tuple[str, ...]:
    """Return the selected units ``sel`` (``|``-separated), unknown units dropped with a notice."""
    text = params.pop("sel", None)
    if not text:
        return ()
    codes = tuple(dict.fromkeys(c for c in text.split(SEL_SEP) if c))
    if known_units is None:
        return codes
    unknown = [c for c in codes if c not in known_units]
    for code in unknown[:3]:
        notices.append(Notice("link.sel_unknown", value=repr(code[:20])))
    return tuple(c for c in codes if c in known_units)


def _pick_weights(params: dict[str, str], notices: list[str]) -> tuple[float, ...] | None:
    """Return the priority weights ``w`` (one per component, finite, not all 0), or None."""
    if "w" not in params:
        return None
    text = params.pop("w")
    try:
        values = tuple(float(v) for v in text.split(","))
        if len(values) == len(COMPONENTS) - len(NEED_COMPONENTS):  # a link from before need
            values = values + (0.0,) * len(NEED_COMPONENTS)
        if len(values) != len(COMPONENTS) or min(values) < 0 or max(values) <= 0:
            raise ValueError
        if any(v != v or v == float("inf") for v in values):
            raise ValueError
        return values
    except ValueError:
        notices.append(Notice("link.bad_weights", value=repr(text[:40]), n=len(COMPONENTS)))
        return None


def _pick_position(
    params: dict[str, str], notices: list[str], center: tuple[float, float], zoom: int
) -> tuple[tuple[float, float], int]:
    """Return the map position ``lat``, ``lon``, ``z`` (all three, in range), or the given one."""
    if not {"lat", "lon", "z"} & params.keys():
        return center, zoom
    try:
        lat, lon, z = (
            float(params.pop("lat")),
            float(params.pop("lon")),
            int(params.pop("z")),
        )
        if not (-60 <= lat <= 30 and -120 <= lon <= -30 and 2 <= z <= 18):
            raise ValueError
        return (lat, lon), z
    except (KeyError, ValueError):
        notices.append(Notice("link.bad_position"))
        for key in ("lat", "lon", "z"):
            params.pop(key, None)
        return center, zoom


def _period_params(view: View) -> dict[str, str]:
    """Return the query keys of the programme periods (``years``, ``before``), when set."""
    return {
        key: period.to_text()
        for key, period in (("years", view.years), ("before", view.before))
        if period is not None
    }


def _pick_periods(
    params: dict[str, str], notices: list[str]
) -> tuple[Period | None, Period | None]:
    """Return the programme period ``years`` and the earlier one ``before`` (both or neither).

    ``before`` needs ``years`` and must end before it starts; otherwise it is dropped
    with a notice.
    """
    found: dict[str, Period | None] = {}
    for key in ("years", "before"):
        text = params.pop(key, None)
        found[key] = None if text is None else Period.parse(text)
        if text is not None and found[key] is None:
            notices.append(Notice("link.bad_period", param=key, value=repr(text[:20])))
    years, before = found["years"], found["before"]
    if before is not None and (years is None or before.last >= years.first):
        notices.append(Notice("link.before_not_before", value=before.to_text()))
        before = None
    return years, before
