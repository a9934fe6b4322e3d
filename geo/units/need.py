"""Load the committed need tables: official population, rural share and poverty per unit.

One table per level in ``data/boundaries`` (provenance in its README), built by
``scripts/build_need.py`` from pinned public copies of DANE, DNP, INEI, MINAM and INEC
tables:

* ``need_admin2.csv``: one row per level-2 unit of ``admin2_units.csv``;
* ``need_admin1.csv``: one row per unit of ``units.csv``.

Each country measures poverty its own way, named in ``poverty_measure``
(:data:`POVERTY_MEASURES`); the rates are not on one scale across countries. Empty
cells are figures the sources do not give; they are never filled in.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from geo._errors import DataFileError, MissingDataError
from geo.settings import get_settings
from geo.units.boundaries import Level
from geo.units.levels import LEVELS

NEED_ADMIN1_FILE = f"need_{LEVELS[1].stem}.csv"
NEED_ADMIN2_FILE = f"need_{LEVELS[2].stem}.csv"
REBUILD_HINT = "python scripts/build_need.py --mirror DIR"

#: Poverty measure codes: Colombia's multidimensional poverty index (DANE, census 2018,
#: % of persons), Peru's monetary poverty (INEI poverty map 2018, % of persons), Ecuador's
#: poverty by unsatisfied basic needs (INEC, census 2022, % of persons).
POVERTY_MEASURES = ("ipm", "monetary", "nbi")
#: What an NBI rate counts: persons (Colombia, Ecuador) or households (Peru).
NBI_BASES = ("persons", "households")

#: Value columns of both tables, in order (the key column comes first in the file).
NEED_COLUMNS = [
    "country",
    "population",
    "population_year",
    "population_urban",
    "population_rural",
    "rural_share",
    "rural_share_year",
    "rural_share_estimate",
    "poverty_measure",
    "poverty_rate",
    "poverty_year",
    "nbi_rate",
    "nbi_basis",
    "nbi_year",
]
_INTEGERS = [
    "population",
    "population_year",
    "population_urban",
    "population_rural",
    "rural_share_year",
    "poverty_year",
    "nbi_year",
]
_RATES = {"rural_share": 1.0, "poverty_rate": 100.0, "nbi_rate": 100.0}
_CODES = {"poverty_measure": POVERTY_MEASURES, "nbi_basis": NBI_BASES}


def load_need(level: Level, *, directory: Path | None = None) -> pd.DataFrame:
    """Return population, rural share and poverty per unit of one level.

    Parameters
    ----------
    level
        1: the 83 units of ``units.csv``; 2: the level-2 units of ``admin2_units.csv``.
    directory
        Folder holding the tables; defaults to the committed ``data/boundaries``.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``iso_3166_2`` (level 1) or ``admin2_id`` (level 2), sorted, with
        the columns :data:`NEED_COLUMNS`: counts and years as nullable ``Int64``,
        ``rural_share`` as a fraction (0-1), ``poverty_rate`` and ``nbi_rate`` in percent,
        ``rural_share_estimate`` as bool. A missing figure is ``<NA>``/``NaN``.

    Raises
    ------
    ValueError
        If ``level`` is not 1 or 2.
    MissingDataError
        If the table does not exist.
    DataFileError
        If it cannot be read or a cell breaks the schema (the message names the row,
        column, value and what was expected).
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {list(LEVELS)}, got {level!r}")
    key = LEVELS[level].id_column
    folder = Path(directory) if directory is not None else get_settings().boundaries_dir
    path = folder / f"need_{LEVELS[level].stem}.csv"
    if not path.is_file():
        raise MissingDataError(
            f"Need table not found: {path}. It is committed with the project; restore it "
            f"with `git checkout -- {path.name}` in data/boundaries/, or rebuild it with "
            f"`{REBUILD_HINT}`."
        )
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise _corrupt(path, f"{type(exc).__name__}: {exc}") from exc
    missing = [c for c in (key, *NEED_COLUMNS) if c not in raw.columns]
    if missing:
        raise _corrupt(path, f"missing columns {missing}")
    duplicated = raw[key][raw[key].duplicated()].tolist()
    if duplicated:
        raise _corrupt(path, f"{key} repeated: {duplicated[:5]}")
    problems: list[str] = []
    table = _typed(raw[[key, *NEED_COLUMNS]], problems)
    if problems:
        raise _corrupt(path, "; ".join(problems[:10]))
    return table.set_index(key).sort_index()


def _typed(raw: pd.DataFrame, problems: list[str]) -> pd.DataFrame:
    """Convert text cells to their types, noting each bad cell in ``problems``."""
    table = raw.copy()
    for column in _INTEGERS + list(_RATES):
        values = pd.to_numeric(raw[column].replace("", None), errors="coerce")
        upper = _RATES.get(column)
        bad = (raw[column] != "") & (
            values.isna() | (values < 0) | ((values > upper) if upper else (values % 1 != 0))
        )
        expected = f"a number from 0 to {upper:g}" if upper else "a whole number >= 0"
        problems += _bad_cells(raw, bad, column, expected)
        table[column] = values.astype("Int64") if column in _INTEGERS else values.astype(float)
    for column, allowed in _CODES.items():
        bad = ~raw[column].isin(allowed)
        problems += _bad_cells(raw, bad, column, f"one of {', '.join(allowed)}")
    flag = raw["rural_share_estimate"]
    problems += _bad_cells(
        raw, ~flag.isin(["True", "False", ""]), "rural_share_estimate", "True or False"
    )
    table["rural_share_estimate"] = flag == "True"
    return table


def _bad_cells(raw: pd.DataFrame, bad: pd.Series, column: str, expected: str) -> list[str]:
    return [
        f"row {i + 2}, column {column}: {raw.at[i, column]!r}, expected {expected}"
        for i in raw.index[bad.to_numpy()]
    ]


def _corrupt(path: Path, detail: str) -> DataFileError:
    return DataFileError(
        f"Need table {path} could not be read ({detail}). Restore the committed copy "
        f"(`git checkout -- {path.name}` in data/boundaries/) or rebuild it with "
        f"`{REBUILD_HINT}`."
    )


#: Per-unit sums from which the need indicators are pooled (people, and the population
#: they are counted in): rural people and the population whose area is known, poor
#: people (the country's own poverty measure) and the population it was measured in.
NEED_SUMS: tuple[str, ...] = (
    "people_rural",
    "population_rural_known",
    "people_poor",
    "population_poverty",
)


def need_sums(need: pd.DataFrame) -> pd.DataFrame:
    """Return :data:`NEED_SUMS` per unit of a need table (same index), 0 where unknown.

    A unit without a figure adds nothing to a pooled rate, neither people nor population,
    so its own rate is 0 / 0: no data.

    Rural people are the census's rural count where it has one (Colombia, Ecuador), else
    the rural share times the population (Peru: MINAM's estimate); poor people are the
    poverty rate (a percentage of persons) times the population.
    """
    population = pd.to_numeric(need["population"], errors="coerce").astype("float64")
    counted = pd.to_numeric(need["population_rural"], errors="coerce").astype("float64")
    share = pd.to_numeric(need["rural_share"], errors="coerce").astype("float64")
    rural = counted.where(counted.notna(), share * population)
    poverty = pd.to_numeric(need["poverty_rate"], errors="coerce").astype("float64")
    poor = poverty / 100.0 * population
    sums = pd.DataFrame(
        {
            "people_rural": rural,
            "population_rural_known": population.where(rural.notna()),
            "people_poor": poor,
            "population_poverty": population.where(poor.notna()),
        },
        index=need.index,
    )
    return sums.fillna(0.0)


#: Per-unit need values that are not sums (they do not add up over units): the unit's
#: poverty percentile within its own country at its own level (:func:`poverty_percentile`).
NEED_RANKS: tuple[str, ...] = ("poverty_percentile",)


def poverty_percentile(need: pd.DataFrame) -> pd.Series:
    """Return each unit's poverty percentile within its country (0 = least poor, 1 = poorest).

    The percentile is ``(r - 1) / (n - 1)``, where ``n`` is the number of the country's
    units of this level that have a poverty figure and ``r`` the unit's rank by rate,
    1 for the lowest (equal rates share the mean of their ranks). Each country is ranked
    by its own measure, so the percentile compares units of one country only: 0.9 in Peru
    and 0.9 in Colombia both mean "poorer than nine in ten of its country's units", not
    the same poverty. A country with one unit ranked gets 0.5; a unit without a figure
    gets NaN.

    Parameters
    ----------
    need
        A need table of one level (:func:`load_need`): ``country`` and ``poverty_rate``.

    Returns
    -------
    pandas.Series
        Float, same index as ``need``, named ``poverty_percentile``.
    """
    rate = pd.to_numeric(need["poverty_rate"], errors="coerce").astype("float64")
    ranks = rate.groupby(need["country"]).rank(method="average")
    counts = rate.notna().groupby(need["country"]).transform("sum").astype("float64")
    spread = (counts - 1).where(counts > 1)
    percentile = ((ranks - 1) / spread).where(counts > 1, 0.5).where(rate.notna())
    return percentile.rename("poverty_percentile")


#: Every per-unit need column a prepared unit table carries: the sums, then the ranks.
NEED_UNIT_COLUMNS: tuple[str, ...] = (*NEED_SUMS, *NEED_RANKS)


def need_unit_values(need: pd.DataFrame) -> pd.DataFrame:
    """Return :data:`NEED_UNIT_COLUMNS` per unit of a need table of one level (same index).

    The sums are 0 where unknown (:func:`need_sums`); the percentile is NaN where unknown
    (:func:`poverty_percentile`), computed over the whole level's table, so it does not
    change with a filter or a parent.
    """
    return need_sums(need).assign(poverty_percentile=poverty_percentile(need))
