"""A transparent priority index: where to intervene next.

Each unit with at least one (filtered) organization gets seven components, each
a number from 0 (low priority) to 1 (high priority):

``organizations``
    ``ln(1 + orgs) / ln(1 + max orgs)``: how many organizations an intervention
    could work with, on a log scale relative to the largest unit in the selection.
``members``
    ``ln(1 + members) / ln(1 + max members)`` over the units with known members;
    missing when no organization of the unit reports its members.
``association_share``
    ``(producer associations + pre-cooperatives) / orgs``: organizations that
    are not (yet) cooperatives, the people a cooperative programme addresses.
``youth_share``
    ``youth_share`` of the indicator table (youth members / members over the
    organizations that report both); missing when none does.
``coverage_gap``
    ``1 - reached_any / orgs``: share of organizations no programme has reached.
``need``
    ``poverty_percentile``: the unit's poverty rate as a percentile within its own
    country and level (0 = least poor unit, 1 = poorest;
    :func:`geo.units.need.poverty_percentile`), so Colombia's IPM, Peru's monetary
    poverty and Ecuador's NBI each rank units of their own country only; missing where
    the source gives no poverty figure.
``rurality``
    ``rural_share``: rural people / population (0..1); optional (weight 0 by default):
    give it a weight to favour rural units as well as poor ones.

Two options target the index (keyword-only, defaults give the index above):
``coverage_programme`` (``my_coop``, ``think_coop`` or ``start_coop``) makes the
coverage gap ``1 - reached_<programme> / orgs``, the share of organizations that
programme has not reached (:mod:`geo.indicators.reach_target`, which "not yet reached"
counts by too); ``per_population=True`` puts organizations and members
per 100,000 inhabitants, instead of counts, on the same log-relative scale
(missing where the population is unknown). :mod:`geo.indicators.contributions` gives the
points each component adds to the top units' scores, and which component
separates them.

The score is ``100 * sum(w_i * c_i) / sum(w_i)`` over the components that are
not missing, so it lies in [0, 100]; the weights come from
``geo/indicators/priority_weights.toml`` or the dashboard. Each weighted contribution
(``priority_<component>_points``, in score points) is returned beside the score
and they add up to it, so a planner sees why a unit ranks high. Units without
organizations have no score ("no data") and no rank. Ranks are 1 for the
highest score; equal scores are ranked by ``unit_id`` so the order is stable.

Why this normalisation: counts have no natural maximum and are heavy-tailed
(capital regions dominate), so they are log-scaled and divided by the largest
unit's value; the three shares are already on a 0..1 scale with an absolute
meaning (0.8 coverage gap means 80 % of organizations not reached), so they are
used as they are, and a unit's share components do not change when other units
enter or leave the selection. See ``docs/indicators.md`` for a worked example.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from geo._errors import DataFileError, InputValidationError, MissingDataError
from geo.i18n import t, value_label
from geo.indicators.reach_target import reached_column
from geo.vocab import PRIORITY_COMPONENTS as COMPONENTS
from geo.vocab import PROGRAMME_KEYS

#: Programmes whose coverage gap can be targeted (column keys): not ``other``.
TARGET_PROGRAMMES: tuple[str, ...] = tuple(k for k in PROGRAMME_KEYS.values() if k != "other")


def component_label(
    component: str,
    lang: str,
    *,
    coverage_programme: str | None = None,
    per_population: bool = False,
) -> str:
    """Return the label of a priority component in ``lang``, for the index's options."""
    programme = check_programme(coverage_programme)
    if component == "coverage_gap" and programme is not None:
        name = next(n for n, k in PROGRAMME_KEYS.items() if k == programme)
        return t(
            "priority.component.coverage_gap_programme",
            lang,
            programme=value_label("programme", name, lang),
        )
    if per_population and component in _COUNT_COMPONENTS:
        return t(f"priority.component.{component}_per_100k", lang)
    return t(f"priority.component.{component}", lang)


def check_programme(value: object) -> str | None:
    """Return the column key of a programme to target, or None for any programme.

    Accepts a key of :data:`TARGET_PROGRAMMES` (``"start_coop"``) or the
    programme's name (``"Start.Coop"``), in any case.

    Raises
    ------
    InputValidationError
        Naming the value received and the allowed ones.
    """
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip().lower()
        for name, key in PROGRAMME_KEYS.items():
            if key in TARGET_PROGRAMMES and text in (key, name.lower()):
                return key
    raise InputValidationError(
        f"coverage_programme must be None (any programme) or one of "
        f"{list(TARGET_PROGRAMMES)}; got {value!r}"
    )


#: The committed default weights.
WEIGHTS_FILE = Path(__file__).with_name("priority_weights.toml")

#: Columns of the indicator table the index reads.
REQUIRED_COLUMNS: tuple[str, ...] = (
    "unit_id",
    "orgs",
    "orgs_producer_association",
    "orgs_pre_cooperative",
    "members_total",
    "members_known_orgs",
    "youth_share",
    "reached_any",
)

#: Need columns the ``need`` and ``rurality`` components read when the table has them
#: (a table without them, e.g. of custom units, leaves those components missing).
NEED_COLUMNS: dict[str, str] = {"need": "poverty_percentile", "rurality": "rural_share"}

#: Components computed from counts, which ``per_population=True`` turns into rates.
_COUNT_COMPONENTS = ("organizations", "members")

#: Decimals used to decide that two scores are tied (absorbs float rounding noise).
_TIE_DECIMALS = 9


def priority_columns() -> list[str]:
    """Return the names of the columns :func:`score_priority` adds, in order."""
    return [
        *(f"priority_{c}" for c in COMPONENTS),
        *(f"priority_{c}_points" for c in COMPONENTS),
        "priority_score",
        "priority_rank",
        "priority_missing",
    ]


def validate_weights(weights: Mapping[str, object]) -> dict[str, float]:
    """Check a weight mapping and return it as floats in :data:`COMPONENTS` order.

    Parameters
    ----------
    weights
        One weight per component; only ratios matter.

    Returns
    -------
    dict of str to float

    Raises
    ------
    InputValidationError
        Listing every problem: unknown keys (with the allowed ones), missing
        keys (the need components, :data:`NEED_COLUMNS`, may be left out: they
        weigh 0, as in weights written before they existed), values that are
        not finite numbers, negative values, all zero.
    """
    problems: list[str] = []
    if not isinstance(weights, Mapping):
        raise InputValidationError(
            f"weights must be a mapping of component -> number, got {type(weights).__name__}"
        )
    unknown = sorted(str(k) for k in weights if k not in COMPONENTS)
    if unknown:
        problems.append(f"unknown weight keys {unknown}; allowed keys are {list(COMPONENTS)}")
    missing = [c for c in COMPONENTS if c not in weights and c not in NEED_COLUMNS]
    if missing:
        problems.append(f"missing weights for {missing}; give every component (0 to leave out)")
    clean: dict[str, float] = {}
    for key in COMPONENTS:
        if key not in weights:
            if key in NEED_COLUMNS:  # weights written before need: left out
                clean[key] = 0.0
            continue
        value = weights[key]
        if isinstance(value, bool) or not isinstance(value, int | float | np.number):
            problems.append(f"weight {key!r} must be a number, got {value!r}")
        elif not math.isfinite(float(value)):
            problems.append(f"weight {key!r} must be finite, got {value!r}")
        elif float(value) < 0:
            problems.append(f"weight {key!r} must be >= 0, got {value!r}")
        else:
            clean[key] = float(value)
    if not problems and not any(clean.values()):
        problems.append("all weights are 0; at least one must be above 0")
    if problems:
        raise InputValidationError(problems)
    return clean


def load_weights(path: str | Path | None = None) -> dict[str, float]:
    """Read priority weights from a TOML settings file.

    Parameters
    ----------
    path
        A TOML file with a ``[weights]`` table holding one number per component;
        defaults to the committed :data:`WEIGHTS_FILE`.

    Returns
    -------
    dict of str to float
        Weights in :data:`COMPONENTS` order.

    Raises
    ------
    MissingDataError
        If the file does not exist.
    DataFileError
        If it is not valid UTF-8 TOML.
    InputValidationError
        If the weights are invalid (see :func:`validate_weights`); every line
        names the file.
    """
    file = Path(path) if path is not None else WEIGHTS_FILE
    if not file.is_file():
        raise MissingDataError(
            f"Priority weights file not found: {file}. "
            "Restore geo/indicators/priority_weights.toml "
            "or pass the path of a TOML file with a [weights] table."
        )
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DataFileError(f"Priority weights file {file} is not valid TOML: {exc}") from exc
    problems: list[str] = []
    extra = sorted(k for k in data if k != "weights")
    if extra:
        problems.append(f"unknown top-level keys {extra}; only a [weights] table is allowed")
    table = data.get("weights")
    if not isinstance(table, dict):
        problems.append("no [weights] table")
    else:
        try:
            weights = validate_weights(table)
        except InputValidationError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputValidationError([f"{file}: {p}" for p in problems])
    return weights


def priority_components(
    unit_table: pd.DataFrame,
    *,
    coverage_programme: str | None = None,
    per_population: bool = False,
) -> pd.DataFrame:
    """Return the components (0..1) of every unit, NaN where not defined.

    Parameters
    ----------
    unit_table
        Indicator table with :data:`REQUIRED_COLUMNS` (one row per unit), and
        ``reached_<programme>`` or ``population`` for the options.
    coverage_programme
        None: the coverage gap counts any programme; a key of
        :data:`TARGET_PROGRAMMES`: only that programme.
    per_population
        True: organizations and members per 100,000 inhabitants instead of counts.

    Returns
    -------
    pandas.DataFrame
        Columns ``priority_<component>``, same index as ``unit_table``. Units
        without organizations have NaN everywhere.
    """
    programme = check_programme(coverage_programme)
    cols = _columns_of(unit_table, coverage_programme=programme, per_population=per_population)
    comps = _components(cols, coverage_programme=programme, per_population=per_population)
    return pd.DataFrame({f"priority_{c}": comps[c] for c in COMPONENTS}, index=unit_table.index)


def _option_columns(coverage_programme: str | None, per_population: bool) -> list[str]:
    """Columns the options read beyond :data:`REQUIRED_COLUMNS`."""
    extra = [reached_column(coverage_programme)] if coverage_programme is not None else []
    return [*extra, "population"] if per_population else extra


def _columns_of(
    unit_table: pd.DataFrame,
    *,
    coverage_programme: str | None = None,
    per_population: bool = False,
) -> dict[str, np.ndarray]:
    needed = [*REQUIRED_COLUMNS, *_option_columns(coverage_programme, per_population)]
    missing = [c for c in needed if c not in unit_table.columns]
    if missing:
        raise InputValidationError(f"the indicator table lacks columns {missing}")
    cols = {
        c: pd.to_numeric(unit_table[c]).to_numpy(dtype="float64", na_value=np.nan)
        for c in needed
        if c != "unit_id"
    }
    cols["unit_id"] = unit_table["unit_id"].astype(str).to_numpy()
    for column in NEED_COLUMNS.values():
        if column in unit_table.columns:
            cols[column] = pd.to_numeric(unit_table[column]).to_numpy("float64", na_value=np.nan)
    return cols


def _components(
    cols: Mapping[str, np.ndarray],
    *,
    coverage_programme: str | None = None,
    per_population: bool = False,
) -> dict[str, np.ndarray]:
    """Components from plain arrays (no pandas, so the dashboard path stays fast)."""

    def col(name: str) -> np.ndarray:
        return np.asarray(cols[name], dtype="float64")

    orgs = col("orgs")
    has = orgs > 0
    members = col("members_total")
    has_members = has & (col("members_known_orgs") > 0)
    comps: dict[str, np.ndarray] = {}
    if per_population:
        population = col("population")
        with np.errstate(invalid="ignore", divide="ignore"):
            per_100k = 1e5 / population
        counted = population > 0  # NaN compares False: unknown population, no rate
        comps["organizations"] = _log_relative(orgs * per_100k, has & counted)
        comps["members"] = _log_relative(members * per_100k, has_members & counted)
    else:
        comps["organizations"] = _log_relative(orgs, has)
        comps["members"] = _log_relative(members, has_members)
    with np.errstate(invalid="ignore", divide="ignore"):
        associations = col("orgs_producer_association") + col("orgs_pre_cooperative")
        comps["association_share"] = np.where(has, associations / orgs, np.nan)
        comps["youth_share"] = np.where(has, col("youth_share"), np.nan)
        reached = col(reached_column(coverage_programme))  # as "not yet reached" counts
        comps["coverage_gap"] = np.where(has, 1.0 - reached / orgs, np.nan)
    nan = np.full(orgs.shape, np.nan)
    for component, column in NEED_COLUMNS.items():
        comps[component] = np.where(has, col(column), np.nan) if column in cols else nan
    return comps


def _log_relative(values: np.ndarray, defined: np.ndarray) -> np.ndarray:
    """``ln(1 + x) / ln(1 + max x)`` over ``defined`` rows, NaN elsewhere (0 if max is 0)."""
    out = np.full(values.shape, np.nan)
    if not defined.any():
        return out
    logs = np.log1p(values[defined])
    top = logs.max()
    out[defined] = logs / top if top > 0 else 0.0
    return out


def score_priority(
    unit_table: pd.DataFrame,
    weights: Mapping[str, object] | None = None,
    *,
    coverage_programme: str | None = None,
    per_population: bool = False,
) -> pd.DataFrame:
    """Score and rank every unit; return components, contributions, score and rank.

    Parameters
    ----------
    unit_table
        Indicator table from :func:`geo.indicators.compute.compute_indicators` (or any
        frame with :data:`REQUIRED_COLUMNS`).
    weights
        One weight per component; ``None`` reads :data:`WEIGHTS_FILE`.
    coverage_programme, per_population
        As in :func:`priority_components`.

    Returns
    -------
    pandas.DataFrame
        Same index as ``unit_table``, columns :func:`priority_columns`:
        ``priority_<c>`` (component, 0..1), ``priority_<c>_points`` (its weighted
        contribution in score points; NaN when the component is missing),
        ``priority_score`` (0..100, NaN for units without organizations),
        ``priority_rank`` (Int64, 1 = highest, ties by ``unit_id``, NA without
        score) and ``priority_missing`` (``|``-separated missing components whose
        weight was spread over the others; a component weighted 0 is never listed).
    """
    programme = check_programme(coverage_programme)
    cols = _columns_of(unit_table, coverage_programme=programme, per_population=per_population)
    arrays = priority_arrays(
        cols, weights, coverage_programme=programme, per_population=per_population
    )
    return pd.DataFrame(arrays, index=unit_table.index)


def priority_arrays(
    cols: Mapping[str, np.ndarray],
    weights: Mapping[str, object] | None = None,
    *,
    coverage_programme: str | None = None,
    per_population: bool = False,
) -> dict[str, object]:
    """Array version of :func:`score_priority` (what :mod:`geo.indicators.compute` calls).

    Parameters
    ----------
    cols
        Column name -> 1-D array for :data:`REQUIRED_COLUMNS` (and
        ``reached_<programme>`` or ``population`` for the options).
    weights
        As in :func:`score_priority`.
    coverage_programme, per_population
        As in :func:`priority_components`.

    Returns
    -------
    dict
        Column name -> array, keys in :func:`priority_columns` order.
    """
    w = validate_weights(weights) if weights is not None else load_weights()
    programme = check_programme(coverage_programme)
    comps = _components(cols, coverage_programme=programme, per_population=per_population)
    c = np.column_stack([comps[k] for k in COMPONENTS])
    wv = np.array([w[k] for k in COMPONENTS])
    available = ~np.isnan(c)
    weight_sum = (available * wv).sum(axis=1)
    has_orgs = ~np.isnan(comps["coverage_gap"])
    scored = has_orgs & (weight_sum > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        points = 100.0 * c * wv / weight_sum[:, None]
    points[~scored] = np.nan
    score = np.where(scored, np.nansum(points, axis=1), np.nan)
    out: dict[str, object] = {f"priority_{k}": comps[k] for k in COMPONENTS}
    for j, name in enumerate(COMPONENTS):
        out[f"priority_{name}_points"] = points[:, j]
    out["priority_score"] = score
    out["priority_rank"] = stable_rank(score, np.asarray(cols["unit_id"]).astype(str))
    out["priority_missing"] = np.array(
        [
            "|".join(n for j, n in enumerate(COMPONENTS) if wv[j] > 0 and not available[i, j])
            if has_orgs[i]
            else ""
            for i in range(len(score))
        ],
        dtype=object,
    )
    return out


def stable_rank(score: np.ndarray, iso: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """Rank 1..m by descending score, ties (to 9 decimals) by ``iso`` ascending; NA if no score."""
    finite = np.flatnonzero(np.isfinite(score))
    key = np.round(score[finite], _TIE_DECIMALS)
    order = finite[np.lexsort((iso[finite], -key))]  # last key is the primary one
    values = np.zeros(len(score), dtype=np.int64)
    values[order] = np.arange(1, order.size + 1)
    mask = np.ones(len(score), dtype=bool)
    mask[order] = False
    return pd.arrays.IntegerArray(values, mask)


def rank_units(table: pd.DataFrame) -> pd.DataFrame:
    """Return ``table`` sorted by priority: rank 1 first, units without score last (by unit id).

    Parameters
    ----------
    table
        A frame with ``priority_rank`` and ``unit_id``.

    Returns
    -------
    pandas.DataFrame
        A sorted copy with a fresh 0..n-1 index.
    """
    key = table["priority_rank"].astype("Float64").fillna(np.inf).to_numpy(dtype="float64")
    order = np.lexsort((table["unit_id"].astype(str).to_numpy(), key))
    return table.iloc[order].reset_index(drop=True)
