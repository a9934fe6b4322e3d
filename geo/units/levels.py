"""The administrative levels, described once as data.

Every part of CoopAtlas that works "at a level" (the unit tables, the drill-down,
the map exports, the URL and the command line) reads what it needs from a
:class:`Level` in :data:`LEVELS` instead of branching on a level number:

* level 1: Colombia's departamentos and Bogotá D.C., Peru's departamentos (Lima split
  in two, with Callao), Ecuador's provincias; their parent is a country;
* level 2: municipios, provincias and cantones; their parent is a level-1 unit, or a
  whole country ("all of Colombia's municipios").

A unit table at any level has the same key columns: ``unit_id`` (the unit's id:
``CO-ANT`` at level 1, ``CO-05001`` at level 2) and ``parent_id`` (the country at
level 1, the level-1 unit at level 2). A third level (Peru's districts, say) is one
more row here plus its unit file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from geo._errors import InputValidationError
from geo.notice import Notice
from geo.vocab import COUNTRY_CODES

#: Key column of every unit table, at every level.
UNIT_ID = "unit_id"
#: The unit's parent in every unit table: a country at level 1, a level-1 unit below.
PARENT_ID = "parent_id"


@dataclass(frozen=True)
class Level:
    """What one administrative level is.

    Attributes
    ----------
    number
        1, 2, ...; a level's parent is the level above (``number - 1``), level 1's is
        the country.
    id_column
        Column of the unit id in the level's own unit file and boundary layers.
    id_pattern
        Regular expression a unit id of this level matches.
    parent_column
        Column of the parent unit's id in the level's unit file (None: the country).
    countries
        Countries that have this level.
    noun_id
        Message id prefix of the level's units in words, per country
        (``drill.children.CO``: "Municipalities of {name}"); ``""`` for level 1.
    code_column
        Column of the national statistical code (DIVIPOLA, UBIGEO, DPA) in its files.
    stem
        Stem of the level's files in ``data/boundaries``: ``{stem}_full.parquet``,
        ``{stem}_simplified.geojson``, ``need_{stem}.csv``.
    units_file
        The level's attribute table (no geometry) in ``data/boundaries``.
    """

    number: int
    id_column: str
    id_pattern: str
    parent_column: str | None
    countries: tuple[str, ...]
    noun_id: str
    code_column: str
    stem: str
    units_file: str

    @property
    def parent_level(self) -> Level | None:
        """The level of this level's parent units (None: its parents are countries)."""
        return LEVELS.get(self.number - 1)

    def is_unit_id(self, code: str) -> bool:
        """Return True when ``code`` has the form of a unit id of this level."""
        return re.fullmatch(self.id_pattern, code) is not None


#: The levels, by number. Level 1 ids are ISO 3166-2 codes; level 2 ids are the
#: country code and the national code (DIVIPOLA, UBIGEO INEI, DPA).
LEVELS: dict[int, Level] = {
    1: Level(
        number=1,
        id_column="iso_3166_2",
        id_pattern=r"[A-Z]{2}-[A-Z]{1,3}",
        parent_column=None,
        countries=COUNTRY_CODES,
        noun_id="",
        code_column="national_code",
        stem="admin1",
        units_file="units.csv",
    ),
    2: Level(
        number=2,
        id_column="admin2_id",
        id_pattern=r"[A-Z]{2}-[0-9]{2,6}",
        parent_column="parent_iso_3166_2",
        countries=COUNTRY_CODES,
        noun_id="drill.children",
        code_column="code",
        stem="admin2",
        units_file="admin2_units.csv",
    ),
}

#: The level numbers, in order (URL and command-line choices).
LEVEL_NUMBERS: tuple[int, ...] = tuple(LEVELS)
#: The first level: its units are what organizations are joined to first.
TOP = LEVELS[1]


def get_level(number: object) -> Level:
    """Return the level numbered ``number``.

    Raises
    ------
    InputValidationError
        If there is no such level (the message lists the levels there are).
    """
    for level in LEVELS.values():
        if str(number) == str(level.number):
            return level
    raise InputValidationError(f"level must be one of {list(LEVELS)}; got {number!r}")


def is_country(code: str | None) -> bool:
    """Return True when ``code`` names a country (``"CO"``), not a unit."""
    return code in COUNTRY_CODES


def country_of(code: str) -> str:
    """Return the country of a country code or of a unit id at any level."""
    return code.split("-", 1)[0]


def parent_problems(level: Level, parent: str | None, known: object = None) -> list[str]:
    """Say what is wrong with ``parent`` for a view at ``level`` (nothing: ``[]``).

    Level 1 takes no parent (its units are all shown, filtered by country). Below, the
    parent is a country, or a unit of the level above; ``known`` (a collection of unit
    ids of that level) is checked when given, else only the id's form.
    """
    above = level.parent_level
    if above is None:
        below = ", ".join(str(n) for n in LEVELS if n > level.number)
        return [] if parent is None else [_said("link.parent_needs_level", parent, levels=below)]
    if parent is None:
        return [
            Notice(
                "link.level_needs_parent", level=level.number, countries=str(list(COUNTRY_CODES))
            )
        ]
    if is_country(parent):
        return []
    if known is not None and parent not in known:  # type: ignore[operator]
        return [_said("link.parent_unknown", parent, level=above.number)]
    if known is None and not (above.is_unit_id(parent) and country_of(parent) in COUNTRY_CODES):
        return [_said("link.parent_malformed", parent, level=above.number)]
    return []


def _said(key: str, parent: str, **fields: object) -> Notice:
    """Return the notice ``key`` about ``parent`` (quoted, at most 20 characters)."""
    return Notice(key, parent=repr(parent[:20]), **fields)


def children_words_id(level: Level, parent: str) -> str:
    """Return the message id of ``parent``'s units at ``level`` ("Municipalities of {name}")."""
    return f"{level.noun_id}.{country_of(parent)}"


__all__ = [
    "LEVELS",
    "LEVEL_NUMBERS",
    "PARENT_ID",
    "TOP",
    "UNIT_ID",
    "Level",
    "children_words_id",
    "country_of",
    "get_level",
    "is_country",
    "parent_problems",
]
