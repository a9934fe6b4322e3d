"""Resolve municipio, provincia and cantón names or codes, as registries write them.

The level-2 gazetteer is built from ``data/boundaries/admin2_units.csv`` (official names
and codes), ``admin2_aliases.csv`` (common variants: "Cúcuta", "Tumaco", "Cuzco") and
``peru_provincias_reniec.csv`` (RENIEC's province codes, which differ from INEI's for 174
provinces). Names are folded (:func:`geo.io.text.fold`: case, accents, punctuation,
mojibake), so "BOLIVAR", "Bolívar" and "bolivar" are one key.

Homonyms are the rule at this level (Colombia has three Bolívar, Ecuador two, Peru one),
so a **name resolves only together with its parent**: the level-1 unit written beside it
(``parent``), or, failing that, a country in which the name is unique. Fuzzy matching is
tried only inside a known parent. A **code** resolves alone when it is unique: DIVIPOLA
(5 digits, or 4 when a spreadsheet dropped the leading zero of a Colombian code), UBIGEO
INEI and DPA (4 digits; the two ranges overlap, so a bare 4-digit code needs the country
or the parent), RENIEC (4 digits, its own numbering), and 6-digit Peruvian district or
Ecuadorian parroquia codes (the first 4 digits are the province / cantón). Anything that
could be several units is reported as *ambiguous* with every candidate, its parent and
its country, never guessed.

Belén de Bajirá (DIVIPOLA 27086) is an official municipio with no polygon of its own (it
lies inside Riosucio and Carmen del Darién in MGN 2020): it resolves with status
``"not_drawn"``, its parent (Chocó) known and no level-2 unit.
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

import pandas as pd
from cachetools import LRUCache, cached
from rapidfuzz import fuzz, process

from geo._errors import DataFileError, MissingDataError
from geo.io.text import fold
from geo.settings import get_settings
from geo.units.boundaries import load_admin2_units

ALIASES_FILE = "admin2_aliases.csv"
RENIEC_FILE = "peru_provincias_reniec.csv"

#: Minimum rapidfuzz ``ratio`` for a fuzzy match inside a known parent (as level 1).
FUZZY_THRESHOLD = 85.0

#: A fuzzy match must beat the next unit of the same parent by more than this.
FUZZY_MARGIN = 5.0

#: Official municipios without a polygon: code -> (country, name, parent).
NOT_DRAWN: dict[str, tuple[str, str, str]] = {
    "27086": ("CO", "Belén de Bajirá", "CO-CHO"),
}

#: Code schemes a code column can name (from its header).
Scheme = Literal["divipola", "inei", "reniec", "dpa"]
Status = Literal["matched", "ambiguous", "unmatched", "not_drawn"]

_PREFIXES = re.compile(
    r"^(?:distrito metropolitano de(?:l)?|municipio de(?:l)?|municipio|"
    r"alcaldia municipal de(?:l)?|alcaldia de(?:l)?|alcaldia|"
    r"municipalidad provincial de(?:l)?|provincia de(?:l)?|provincia|"
    r"canton de(?:l)?|canton|gad municipal de(?:l)?|gad municipal del canton|"
    r"gobierno autonomo descentralizado municipal del canton|"
    r"gobierno autonomo descentralizado municipal de(?:l)?)\s+"
)
_DIGITS = re.compile(r"^\d{3,6}$")
_ADMIN2_ID = re.compile(r"^(co|pe|ec) (\d{4,5})$")


@dataclass(frozen=True)
class Candidate:
    """One level-2 unit an input could be."""

    admin2_id: str
    name: str
    parent: str
    country: str


@dataclass(frozen=True)
class Match2:
    """Outcome of resolving one municipio / provincia / cantón.

    Attributes
    ----------
    status
        ``"matched"``, ``"ambiguous"``, ``"unmatched"`` or ``"not_drawn"`` (an official
        unit without a polygon: Belén de Bajirá).
    admin2_id
        The unit (``CO-05001``), when matched.
    method
        ``"name"``, ``"alias"``, ``"prefix"``, ``"fuzzy"``, ``"code"``, ``"code_reniec"``,
        ``"district_code"`` or ``""``.
    parent
        The level-1 unit the matched unit is drawn in (also set for ``"not_drawn"``).
    candidates
        Ambiguous: every unit it could be; unmatched: units of that name under other
        parents, or the closest names of the parent.
    """

    status: Status
    admin2_id: str | None = None
    method: str = ""
    parent: str | None = None
    score: float = 0.0
    candidates: tuple[Candidate, ...] = field(default=())

    @property
    def matched(self) -> bool:
        """True when the input resolved to exactly one drawn unit."""
        return self.status == "matched"


def _read_csv(path: Path, what: str) -> pd.DataFrame:
    if not path.is_file():
        raise MissingDataError(f"{what} not found: {path}; restore it from the repository")
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise DataFileError(f"{what} {path} could not be read: {exc}") from exc


def scheme_of_header(header: str | None) -> Scheme | None:
    """Return the code scheme a code column's header names ("UBIGEO RENIEC" -> ``reniec``)."""
    words = fold(header or "").split()
    schemes: tuple[tuple[str, Scheme], ...] = (
        ("reniec", "reniec"), ("inei", "inei"), ("sunat", "inei"),
    )  # fmt: skip
    return next((scheme for word, scheme in schemes if word in words), None)


class Admin2Gazetteer:
    """Name and code lookup for the 1,541 level-2 units.

    Parameters
    ----------
    units
        The level-2 unit table (:func:`geo.units.boundaries.load_admin2_units`); defaults to
        the committed one.
    directory
        Folder of the alias and RENIEC tables; defaults to the committed ``data/boundaries``.

    Examples
    --------
    >>> gaz = Admin2Gazetteer()
    >>> gaz.resolve("BOLIVAR", parent="CO-SAN").admin2_id
    'CO-68101'
    >>> gaz.resolve("BOLIVAR").status
    'ambiguous'
    """

    def __init__(self, units: pd.DataFrame | None = None, directory: Path | None = None) -> None:
        folder = Path(directory) if directory is not None else get_settings().boundaries_dir
        units = load_admin2_units(directory) if units is None else units
        self.units = units
        self.by_id: dict[str, Candidate] = {}
        self._names: dict[str, list[tuple[str, str]]] = defaultdict(list)  # key -> (id, method)
        self._codes: dict[tuple[str, str], str] = {}  # (scheme, code) -> admin2_id
        for row in units.itertuples(index=False):
            parent = row.parent_iso_3166_2 or row.drawn_in_iso_3166_2
            self.by_id[row.admin2_id] = Candidate(row.admin2_id, row.name, parent, row.country)
            scheme = {"CO": "divipola", "PE": "inei", "EC": "dpa"}[row.country]
            self._codes[(scheme, row.code)] = row.admin2_id
            self._add_name(row.name, row.admin2_id, "name")
            if "," in row.name:  # "Bogotá, D.C." is also written "Bogotá"
                self._add_name(row.name.split(",")[0], row.admin2_id, "alias")
        if (folder / ALIASES_FILE).is_file():
            for row in _read_csv(folder / ALIASES_FILE, "Level-2 alias table").itertuples():
                self._add_name(row.alias, row.admin2_id, "alias")
        reniec = _read_csv(folder / RENIEC_FILE, "RENIEC province table")
        for row in reniec.itertuples(index=False):
            self._codes[("reniec", row.reniec_code)] = f"PE-{row.inei_code}"
        self._keys_by_parent: dict[str, list[str]] = defaultdict(list)
        for key, entries in self._names.items():
            for parent in {self.by_id[i].parent for i, _ in entries}:
                self._keys_by_parent[parent].append(key)
        self.resolve = lru_cache(maxsize=65536)(self._resolve)
        self.resolve_code = lru_cache(maxsize=65536)(self._resolve_code)

    def _add_name(self, label: str, admin2_id: str, method: str) -> None:
        key = fold(label)
        if key and all(i != admin2_id for i, _ in self._names[key]):
            self._names[key].append((admin2_id, method))

    def _in_scope(self, admin2_id: str, country: str | None, parent: str | None) -> bool:
        cand = self.by_id[admin2_id]
        return (country is None or cand.country == country) and (
            parent is None or cand.parent == parent
        )

    def _decide(self, ids: list[str], method: str, score: float = 100.0) -> Match2:
        unique = list(dict.fromkeys(ids))
        if len(unique) == 1:
            return Match2("matched", unique[0], method, self.by_id[unique[0]].parent, score)
        cands = tuple(self.by_id[i] for i in unique)
        return Match2("ambiguous", method=method, score=score, candidates=cands)

    def _resolve(
        self, name: object, *, country: str | None = None, parent: str | None = None
    ) -> Match2:
        """Resolve a written name (or a code written in the name column) to a unit.

        ``country`` (ISO alpha-2) and ``parent`` (level-1 ISO 3166-2) narrow the search;
        a name shared by several units is ambiguous unless they leave one.
        """
        if name is None or (isinstance(name, float) and name != name):
            return Match2("unmatched")
        key = fold(str(name)[:200])
        if not key:
            return Match2("unmatched")
        if _DIGITS.match(key.replace(" ", "")) or _ADMIN2_ID.match(key):
            return self._resolve_code(key, country=country, parent=parent)
        for method, candidate_key in (("", key), ("prefix", _PREFIXES.sub("", key))):
            if method and candidate_key == key:
                continue
            entries = self._names.get(candidate_key, [])
            scoped = [(i, m) for i, m in entries if self._in_scope(i, country, parent)]
            if scoped:
                return self._decide([i for i, _ in scoped], method or scoped[0][1])
            if entries:  # the name exists, but not under this parent / country
                others = tuple(self.by_id[i] for i, _ in entries)
                return Match2("unmatched", candidates=others)
        drawn = [c for c, (ctry, nm, par) in NOT_DRAWN.items() if fold(nm) == key]
        if drawn and (parent in (None, NOT_DRAWN[drawn[0]][2])):
            return Match2("not_drawn", method="name", parent=NOT_DRAWN[drawn[0]][2])
        if parent is None or len(key) > 80:
            return Match2("unmatched")
        return self._fuzzy(_PREFIXES.sub("", key), parent)

    def _fuzzy(self, key: str, parent: str) -> Match2:
        choices = self._keys_by_parent.get(parent, [])
        hits = process.extract(key, choices, scorer=fuzz.ratio, limit=5)
        scored: dict[str, float] = {}
        for choice, score, _ in hits:
            for i, _m in self._names[choice]:
                if self.by_id[i].parent == parent:
                    scored[i] = max(score, scored.get(i, 0.0))
        ranked = sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))
        cands = tuple(self.by_id[i] for i, _ in ranked[:3])
        if not ranked or ranked[0][1] < FUZZY_THRESHOLD:
            return Match2("unmatched", candidates=cands)
        if len(ranked) > 1 and ranked[1][1] >= ranked[0][1] - FUZZY_MARGIN:
            return Match2("ambiguous", method="fuzzy", score=ranked[0][1], candidates=cands)
        best, score = ranked[0]
        return Match2("matched", best, "fuzzy", parent, round(score, 1), cands)

    def _code_candidates(self, digits: str, scheme: Scheme | None) -> list[tuple[str, str]]:
        """Every (admin2_id, method) a string of digits can be, before any narrowing."""
        found: list[tuple[str, str]] = []

        def add(s: str, code: str, method: str) -> None:
            hit = self._codes.get((s, code))
            if hit is not None and (scheme is None or scheme == s):
                found.append((hit, method))

        if len(digits) == 5:
            add("divipola", digits, "code")
        elif len(digits) == 4:
            add("divipola", "0" + digits, "code")  # leading zero dropped by a spreadsheet
            for s in ("inei", "dpa"):
                add(s, digits, "code")
            add("reniec", digits, "code_reniec")
        elif len(digits) == 3:
            for s in ("inei", "dpa"):
                add(s, "0" + digits, "code")
            add("reniec", "0" + digits, "code_reniec")
        elif len(digits) == 6:  # Peruvian district / Ecuadorian parroquia
            for s in ("inei", "dpa"):
                add(s, digits[:4], "district_code")
            add("reniec", digits[:4], "district_code")
        return found

    def _resolve_code(
        self,
        code: object,
        *,
        country: str | None = None,
        parent: str | None = None,
        scheme: Scheme | None = None,
    ) -> Match2:
        """Resolve an official code (DIVIPOLA, UBIGEO INEI or RENIEC, DPA) to a unit.

        ``scheme`` restricts the code lists (from the column header); ``country`` and
        ``parent`` narrow the candidates. Several different units left: ambiguous.
        """
        if code is None or (isinstance(code, float) and code != code):
            return Match2("unmatched")
        if isinstance(code, float) and code.is_integer():
            code = int(code)
        key = fold(str(code)[:40])
        prefixed = _ADMIN2_ID.match(key)
        if prefixed:
            country = prefixed.group(1).upper()
            key = prefixed.group(2)
        digits = key.replace(" ", "")
        if not digits.isdigit():
            return Match2("unmatched")
        if digits in NOT_DRAWN and country in (None, "CO") and parent in (None, "CO-CHO"):
            return Match2("not_drawn", method="code", parent=NOT_DRAWN[digits][2])
        found = self._code_candidates(digits, scheme)
        scoped = [(i, m) for i, m in found if self._in_scope(i, country, parent)]
        if not scoped:
            return Match2("unmatched", candidates=tuple(self.by_id[i] for i, _ in found))
        match = self._decide([i for i, _ in scoped], scoped[0][1])
        return (
            match
            if match.matched
            else Match2("ambiguous", method="code", candidates=match.candidates)
        )


@cached(LRUCache(maxsize=4), lock=threading.Lock())
def default_admin2_gazetteer(boundaries_dir: Path) -> Admin2Gazetteer:
    """Return the level-2 gazetteer of the committed tables in ``boundaries_dir`` (built once).

    Its lookups are pure and their caches are safe to share between threads.
    """
    return Admin2Gazetteer(directory=boundaries_dir)
