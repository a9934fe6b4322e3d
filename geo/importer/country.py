"""Organization import stage: the country of rows whose file has no country column.

A registry exported by one supervisor has no country column, and without
``--country`` a name shared across countries ("BOLIVAR": Colombia's department,
Ecuador's province) cannot be resolved on its own. :func:`country_from_file` reads
the file instead: each row's department (name or code) resolved in all three
countries, or, where that is ambiguous or missing, its level-2 name or code (GUARANDA
is only in Ecuador's Bolívar) gives the row's own country. When more than half the
rows of a file, and at least :data:`MAJORITY` of the rows that say, resolve to one
country, that country is used for the rows that do not say (flag
``country_from_file``); rows that resolve elsewhere keep their own country. A file
truly mixed is never guessed: its ambiguous rows stay ambiguous, and their message
names the candidates with their countries and suggests ``--country``.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from geo.importer.rows import OrgRows
from geo.units.gazetteer import Gazetteer
from geo.units.gazetteer_admin2 import Admin2Gazetteer

#: Share of the rows that resolve on their own that must agree on one country.
MAJORITY = 0.8


def own_countries(df: pd.DataFrame, gaz: Gazetteer, gaz2: Admin2Gazetteer) -> list[str | None]:
    """Return each row's country from its own names or codes, or None.

    Parameters
    ----------
    df
        Canonical rows with stripped ``department``, ``admin2_code``,
        ``municipality`` and ``province`` (see :func:`geo.importer.ids.text_fields`).
    gaz, gaz2
        The level-1 and level-2 gazetteers.
    """
    resolved = gaz.resolve_many(df["department"], None)
    out: list[str | None] = []
    level2 = df["admin2_code"].where(df["admin2_code"].notna(), df["municipality"])
    level2 = level2.where(level2.notna(), df["province"])
    for status, iso, cands, name in zip(
        resolved["status"], resolved["iso_3166_2"], resolved["candidates"], level2, strict=True
    ):
        if status == "matched":
            out.append(gaz.country_of[iso])
            continue
        parents = {c[0] for c in cands} if status == "ambiguous" else set()
        countries = {gaz.country_of[p] for p in parents}
        if len(countries) == 1:
            out.append(countries.pop())
            continue
        out.append(_level2_country(gaz2, name, parents))
    return out


def _level2_country(gaz2: Admin2Gazetteer, name: object, parents: set[str]) -> str | None:
    """Return the country of a level-2 name or code, inside ``parents`` when given."""
    if name is None or pd.isna(name):
        return None
    match = gaz2.resolve(name)
    if match.status == "ambiguous" and parents:
        kept = {c.parent for c in match.candidates if c.parent in parents}
        return next(iter(kept))[:2] if len(kept) == 1 else None
    if match.status in ("matched", "not_drawn") and match.parent:
        if parents and match.parent not in parents:
            return None
        return match.parent[:2]
    return None


def file_country(counts: Counter[str], n_rows: int) -> str | None:
    """Return the country a file resolves to, or None when mixed or too few rows say.

    Parameters
    ----------
    counts
        Rows of the file whose own names give each country (in file order of first
        appearance: ties go to the first).
    n_rows
        All rows of the file.
    """
    if not counts:
        return None
    top, n = counts.most_common(1)[0]
    if n < 2 or n <= 0.5 * n_rows or n < MAJORITY * sum(counts.values()):
        return None  # mixed, or too few rows say: never guessed
    return top


def country_from_file(
    rows: OrgRows,
    gazetteer: Gazetteer,
    gazetteer2: Admin2Gazetteer,
    *,
    fixed_country: str | None,
) -> None:
    """Give rows without a country the country their file resolves to (see the module).

    Parameters
    ----------
    rows
        The import's row state; ``rows.countries`` is updated in place and
        ``rows.notes["country_from_file"]`` lists each file's decision. A chunk of
        a file takes the whole file's counts from ``rows.facts``.
    gazetteer, gazetteer2
        The level-1 and level-2 gazetteers.
    fixed_country
        ``--country``; when given, nothing is inferred.
    """
    notes: list[dict[str, object]] = []
    rows.notes["country_from_file"] = notes
    if fixed_country is not None:
        return
    df = rows.df
    countries = rows.countries.to_numpy(dtype=object).copy()
    for table_id, idx in df.groupby("_table", sort=False).indices.items():
        if "country" in rows.headers.get(table_id, {}):
            continue
        own = own_countries(df.iloc[idx], gazetteer, gazetteer2)
        facts = rows.facts.get(table_id)
        if facts is None:
            counts, n_rows = Counter(c for c in own if c is not None), len(idx)
        else:
            counts, n_rows = facts.countries, facts.rows
        entry: dict[str, object] = {
            "file": df["source_file"].iat[idx[0]],
            "countries": dict(sorted(counts.items())),
        }
        notes.append(entry)
        top = entry["country"] = file_country(counts, n_rows)
        if top is None:
            continue
        undecided = np.array([c is None for c in own], dtype=bool)
        countries[idx] = np.where(undecided, top, np.array(own, dtype=object))
        mask = np.zeros(len(df), dtype=bool)
        mask[idx[undecided]] = True
        rows.flag(mask, "country_from_file")
        entry["rows"] = int((mask & rows.alive).sum())
    rows.countries = pd.Series(countries, dtype=object)
