"""Resolve department and province names, as registries write them, to a unit.

The gazetteer is built from the curated unit table (``data/boundaries/units.csv``):
official names, aliases, national statistical codes and ISO 3166-2 codes. A name
is folded (:func:`geo.io.text.fold`: case, accents, punctuation, mojibake) and looked
up in this order:

1. exact key (official name, alias, ISO code, national code with or without its
   leading zero);
2. the same after removing an administrative prefix ("Departamento de",
   "Provincia del", "Región", "Gobierno Regional de", ...);
3. fuzzy match (rapidfuzz ``ratio``) at or above :data:`FUZZY_THRESHOLD`.

A key shared by several units ("Amazonas", "Bolívar", plain "Lima", code "05"
without a country) is reported as *ambiguous* with its candidates, never guessed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from geo.io.text import fold
from geo.units.boundaries import load_units

#: Minimum rapidfuzz ``ratio`` (0-100) for a fuzzy match. Chosen on the misspelling
#: table in ``tests/test_gazetteer.py``: every realistic misspelling there scores >= 85
#: against its unit, while the closest wrong pairs of real names ("Cauca"/"Cesar",
#: "Meta"/"Lima") stay below 70.
FUZZY_THRESHOLD = 85.0

#: A fuzzy match must beat the next unit's score by more than this, else it is ambiguous.
FUZZY_MARGIN = 5.0

#: Names longer than this (after folding) are not fuzzy-matched: no real unit name is.
MAX_FUZZY_LENGTH = 80

#: Administrative prefixes removed in the second lookup pass (folded form).
_PREFIXES = re.compile(
    r"^(?:gobierno regional de(?:l)?|gobierno autonomo descentralizado provincial de(?:l)?|"
    r"departamento de(?:l)?|departamento|depto de(?:l)?|depto|dpto de(?:l)?|dpto|"
    r"provincia de(?:l)?|provincia|prov de(?:l)?|prov|region de(?:l)?|region|"
    r"gobernacion de(?:l)?|gobernacion)\s+"
)
_SUFFIXES = re.compile(r"\s+(?:department|province|region|departamento|provincia)$")

Status = Literal["matched", "ambiguous", "unmatched"]
Method = Literal["name", "alias", "code", "prefix", "fuzzy", ""]


@dataclass(frozen=True)
class Match:
    """Outcome of resolving one name.

    Attributes
    ----------
    status
        ``"matched"``, ``"ambiguous"`` or ``"unmatched"``.
    iso_3166_2
        The unit, when matched.
    method
        How it matched: ``"name"``, ``"alias"``, ``"code"``, ``"prefix"`` (after
        removing an administrative prefix) or ``"fuzzy"``.
    score
        100 for exact matches, the rapidfuzz ratio for fuzzy ones, 0 otherwise.
    matched_alias
        The official name or alias the input matched.
    candidates
        For ambiguous input, the units it could be; for unmatched input, the best
        suggestions (each ``(iso_3166_2, name, score)``).
    """

    status: Status
    iso_3166_2: str | None = None
    method: Method = ""
    score: float = 0.0
    matched_alias: str | None = None
    candidates: tuple[tuple[str, str, float], ...] = field(default=())

    @property
    def matched(self) -> bool:
        """True when the input resolved to exactly one unit."""
        return self.status == "matched"


@dataclass(frozen=True)
class _Entry:
    iso: str
    country: str
    label: str
    method: Method


class Gazetteer:
    """Name and code lookup for the 83 units.

    Parameters
    ----------
    units
        The unit table as returned by :func:`geo.units.boundaries.load_units`;
        defaults to the committed one.

    Examples
    --------
    >>> gaz = Gazetteer()
    >>> gaz.resolve("NARINO").iso_3166_2
    'CO-NAR'
    >>> gaz.resolve("Amazonas").status
    'ambiguous'
    """

    def __init__(self, units: pd.DataFrame | None = None) -> None:
        units = load_units() if units is None else units
        self.units = units
        self.names: dict[str, str] = dict(zip(units["iso_3166_2"], units["name"], strict=True))
        self.country_of: dict[str, str] = dict(
            zip(units["iso_3166_2"], units["country"], strict=True)
        )
        self._index: dict[str, list[_Entry]] = defaultdict(list)
        for row in units.itertuples(index=False):
            self._add(row.name, row.iso_3166_2, row.country, "name")
            for alias in filter(None, (a.strip() for a in row.aliases.split("|"))):
                self._add(alias, row.iso_3166_2, row.country, "alias")
            self._add(row.iso_3166_2, row.iso_3166_2, row.country, "code")
            code = row.national_code
            self._add(code, row.iso_3166_2, row.country, "code")
            if code.startswith("0"):
                self._add(code.lstrip("0"), row.iso_3166_2, row.country, "code")
        # Lima: the department code 15 covers both Lima units, so it is ambiguous.
        lima_units = units.loc[units["national_code"].isin(["15", "1501"])]
        for row in lima_units.itertuples(index=False):
            if row.national_code == "1501":
                self._add("15", row.iso_3166_2, row.country, "code")
        self._keys_by_country: dict[str | None, list[str]] = defaultdict(list)
        for key, entries in self._index.items():
            if all(e.method == "code" for e in entries):
                continue  # codes are never fuzzy-matched
            self._keys_by_country[None].append(key)
            for country in {e.country for e in entries}:
                self._keys_by_country[country].append(key)
        self.resolve = lru_cache(maxsize=65536)(self._resolve)

    def _add(self, label: str, iso: str, country: str, method: Method) -> None:
        key = fold(label)
        if not key:
            return
        entries = self._index[key]
        if not any(e.iso == iso for e in entries):
            entries.append(_Entry(iso, country, label, method))

    def _lookup(self, key: str, country: str | None) -> list[_Entry]:
        return [e for e in self._index.get(key, []) if country is None or e.country == country]

    def _from_entries(self, entries: list[_Entry], method: Method | None = None) -> Match:
        if len(entries) == 1:
            e = entries[0]
            return Match("matched", e.iso, method or e.method, 100.0, e.label)
        return Match(
            "ambiguous",
            candidates=tuple((e.iso, self.names[e.iso], 100.0) for e in entries),
        )

    def _resolve(self, name: object, country: str | None = None) -> Match:
        """Resolve ``name`` (optionally within ``country``, ISO alpha-2) to a unit."""
        if name is None or (isinstance(name, float) and name != name):
            return Match("unmatched")
        if isinstance(name, float) and name.is_integer():
            name = int(name)  # a code read from a spreadsheet as 5.0
        text = str(name)
        key = fold(text[:1000])
        if country is not None:
            country = str(country).strip().upper() or None
        if not key:
            return Match("unmatched")
        entries = self._lookup(key, country)
        if entries:
            return self._from_entries(entries)
        stripped = _SUFFIXES.sub("", _PREFIXES.sub("", key))
        if stripped != key:
            entries = self._lookup(stripped, country)
            if entries:
                return self._from_entries(entries, "prefix")
        if key.isdigit() or len(text) > 1000 or len(stripped) > MAX_FUZZY_LENGTH:
            return Match("unmatched")
        return self._fuzzy(stripped, country)

    def _fuzzy(self, key: str, country: str | None) -> Match:
        choices = self._keys_by_country.get(country, [])
        hits = process.extract(key, choices, scorer=fuzz.ratio, limit=8)
        scored: dict[str, tuple[str, float, str]] = {}
        for choice, score, _ in hits:
            for e in self._lookup(choice, country):
                if e.iso not in scored or scored[e.iso][1] < score:
                    scored[e.iso] = (e.label, score, choice)
        ranked = sorted(scored.items(), key=lambda kv: (-kv[1][1], kv[0]))
        suggestions = tuple((iso, self.names[iso], round(s, 1)) for iso, (_, s, _) in ranked[:3])
        if not ranked or ranked[0][1][1] < FUZZY_THRESHOLD:
            return Match("unmatched", candidates=suggestions)
        best_score = ranked[0][1][1]
        close = [iso for iso, v in ranked if v[1] >= best_score - FUZZY_MARGIN]
        if len(close) > 1:
            return Match("ambiguous", score=round(best_score, 1), candidates=suggestions)
        iso, (label, score, _) = ranked[0]
        return Match("matched", iso, "fuzzy", round(score, 1), label, suggestions)

    def resolve_many(
        self, names: pd.Series, countries: pd.Series | str | None = None
    ) -> pd.DataFrame:
        """Resolve a column of names, each distinct (name, country) pair once.

        Parameters
        ----------
        names
            Department/province names or codes as written.
        countries
            A column of ISO alpha-2 countries aligned with ``names``, one country for
            all, or ``None``.

        Returns
        -------
        pandas.DataFrame
            Indexed like ``names``, with columns ``status``, ``iso_3166_2``, ``method``,
            ``score``, ``matched_alias`` and ``candidates``.
        """
        if isinstance(countries, pd.Series):
            country_values = countries.astype(object).where(countries.notna(), None)
        else:
            country_values = pd.Series([countries] * len(names), index=names.index, dtype=object)
        # each row's code of its distinct (name, country) pair; missing values are None
        name_codes, name_values = pd.factorize(names, use_na_sentinel=True)
        country_codes, country_list = pd.factorize(country_values, use_na_sentinel=True)
        pair_codes = (name_codes + 1) * (len(country_list) + 1) + (country_codes + 1)
        _, first, codes = np.unique(pair_codes, return_index=True, return_inverse=True)
        name_of = np.asarray([None, *np.asarray(name_values, dtype=object)], dtype=object)
        country_of = np.asarray([None, *np.asarray(country_list, dtype=object)], dtype=object)
        found = [
            self.resolve(name_of[name_codes[i] + 1], country_of[country_codes[i] + 1])
            for i in first
        ]

        def column(values: list[Any]) -> np.ndarray:
            out = np.empty(len(values), dtype=object)
            out[:] = values
            return out[codes]

        return pd.DataFrame(
            {
                # lists: pandas infers the dtypes as it did row by row (float scores)
                "status": column([m.status for m in found]).tolist(),
                "iso_3166_2": pd.Series(column([m.iso_3166_2 for m in found]), dtype=object),
                "method": column([m.method for m in found]).tolist(),
                "score": column([m.score for m in found]).tolist(),
                "matched_alias": pd.Series(column([m.matched_alias for m in found]), dtype=object),
                "candidates": pd.Series(column([m.candidates for m in found]), dtype=object),
            }
        ).set_axis(names.index)
