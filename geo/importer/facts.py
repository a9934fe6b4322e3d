"""What an organization import decides from a whole file, gathered chunk by chunk.

Most stages judge a row on its own. A few decide from the whole file, and a file
imported in chunks must get the same decision in every chunk:

* whether the id column counts rows (:class:`geo.importer.ids.CounterCheck`);
* whether a "sector" column holds SEPS sectors, i.e. the organization type
  (:func:`geo.importer.rows.seps_sector_is_type`);
* the country a file without a country column resolves to
  (:func:`geo.importer.country.file_country`);
* the decimal separator most cells of each number column show
  (:func:`geo.io.number_text.decimal_votes`).

:class:`FactsGatherer` reads the chunks of one file (the first pass of a chunked
build) and returns its :class:`FileFacts`; :func:`attach` hands them to a chunk's
row state, where each stage takes them instead of deciding from the chunk.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from geo.importer.country import own_countries
from geo.importer.ids import CounterCheck
from geo.importer.rows import (
    SECTOR_SAMPLE,
    OrgRows,
    canonical_frame,
    map_unique,
    sector_values,
    seps_sector_is_type,
    strip_values,
    year_text,
)
from geo.importer.schema import ORG_HEADERS
from geo.io.number_text import decimal_votes
from geo.io.raw_table import RawTable
from geo.units.gazetteer import Gazetteer
from geo.units.gazetteer_admin2 import Admin2Gazetteer

#: Canonical number columns whose decimal separator is voted per file.
NUMBER_COLUMNS = (
    "latitude", "longitude", "members_total", "members_women", "members_youth", "year_founded",
)  # fmt: skip

#: Columns a row's own country is read from (see :func:`geo.importer.country.own_countries`).
_COUNTRY_COLUMNS = ("department", "admin2_code", "municipality", "province")


@dataclass
class FileFacts:
    """The file-level decisions of one file.

    Attributes
    ----------
    rows
        Data rows of the file.
    id_counter
        The id column counts rows (its values are set aside).
    sector_is_type
        The "sector" column holds SEPS sectors: it is the organization type.
    countries
        Rows whose own names give each country (files without a country column).
    votes
        Number column -> decimal separator votes over the whole column.
    """

    rows: int = 0
    id_counter: bool = False
    sector_is_type: bool = False
    countries: Counter[str] = field(default_factory=Counter)
    votes: dict[str, Counter[str]] = field(default_factory=dict)


class FactsGatherer:
    """Read the chunks of one file, in order, and return its :class:`FileFacts`.

    Parameters
    ----------
    mapping
        The explicit mapping of the import (``--mapping``).
    needs_country
        True when the file has no country column and no ``--country`` was given.
    gazetteer, gazetteer2
        The gazetteers that read a row's own country.
    """

    def __init__(
        self,
        mapping: dict[str, str] | None,
        *,
        needs_country: bool,
        gazetteer: Gazetteer,
        gazetteer2: Admin2Gazetteer,
    ) -> None:
        self._found: dict[str, str] | None = None  # before any SEPS sector swap
        self._mapping = mapping
        self._needs_country = needs_country
        self._gazetteers = (gazetteer, gazetteer2)
        self._counter = CounterCheck()
        self._sectors: dict[str, None] = {}  # distinct values in file order
        self._facts = FileFacts()

    def add(self, raw: RawTable) -> None:
        """Read the next chunk of the file."""
        facts = self._facts
        facts.rows += len(raw.frame)
        frame, found = canonical_frame(raw, ORG_HEADERS, self._mapping, sector_is_type=False)
        self._found = found
        if "org_id" in found:
            ids = strip_values(frame["org_id"]).tolist()
            self._counter.add(ids, frame["source_row"].to_numpy())
        if len(self._sectors) < SECTOR_SAMPLE:
            self._sectors.update(dict.fromkeys(sector_values(raw, found)))
        if self._needs_country:
            stripped = frame[list(_COUNTRY_COLUMNS)].apply(strip_values)
            own = own_countries(stripped, *self._gazetteers)
            facts.countries.update(c for c in own if c is not None)
        for column in NUMBER_COLUMNS:
            if column not in found:
                continue  # an empty column casts no vote
            if column in ("latitude", "longitude") and raw.geometry_columns_added:
                continue  # points from a GIS layer are read with a decimal point
            values = frame[column]
            if column == "year_founded":
                values = map_unique(values, year_text)
            facts.votes.setdefault(column, Counter()).update(decimal_votes(values))

    def facts(self) -> FileFacts:
        """Return the decisions over every chunk read."""
        self._facts.id_counter = self._counter.is_counter
        found = self._found or {}
        self._facts.sector_is_type = seps_sector_is_type(list(self._sectors), found)
        return self._facts


def attach(rows: OrgRows, raw: RawTable, facts: FileFacts) -> None:
    """Give the row state of a chunk ``raw`` its file's decisions."""
    rows.facts[id(raw)] = facts
    for column, votes in facts.votes.items():
        rows.votes[(id(raw), column)] = votes
