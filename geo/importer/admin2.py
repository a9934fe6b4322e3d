"""Locate organization rows at level 2: a written municipio/provincia/cantón, or a code.

A row names its level-2 unit in one of three columns (see ``data/organizations/README.md``):
``admin2_code`` (DIVIPOLA, UBIGEO INEI or RENIEC, DPA; the header may name the scheme),
``province`` (a Peruvian PROVINCIA beside a DEPARTAMENTO column) or ``municipality``
(MUNICIPIO, CANTÓN; a DISTRITO, LOCALIDAD or CIUDAD header is below level 2 and is kept
as text only). :func:`resolve_written_admin2` resolves them with
:class:`geo.units.gazetteer_admin2.Admin2Gazetteer` inside the department the row declares
(homonyms resolve only with their parent); a code wins over a name, and a code that is
ambiguous (a 4-digit Peruvian code is one province for INEI and another for RENIEC) is
narrowed by the name written beside it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.importer.rows import Rows
from geo.importer.schema import BELOW_LEVEL2_HEADERS, CITY_HEADERS
from geo.io.text import fold
from geo.notice import Notice
from geo.units.gazetteer_admin2 import Admin2Gazetteer, Candidate, Match2, Scheme, scheme_of_header


@dataclass
class WrittenAdmin2:
    """What the written level-2 columns say, one entry per row.

    Attributes
    ----------
    given
        True where the row wrote a level-2 name or code.
    status
        ``"matched"``, ``"ambiguous"``, ``"unmatched"``, ``"not_drawn"`` or ``""`` (none given).
    admin2_id, parent
        The unit and its level-1 unit (``parent`` also for ``"not_drawn"``), or None.
    candidates
        Tuples of :class:`~geo.units.gazetteer_admin2.Candidate` for the messages.
    written
        The text the row wrote (code, else name), for messages.
    code_name_disagree
        True where a code and a name were both given and name two different units.
    """

    given: np.ndarray
    status: np.ndarray
    admin2_id: np.ndarray
    parent: np.ndarray
    candidates: np.ndarray
    written: np.ndarray
    code_name_disagree: np.ndarray


def province_as_department(rows: Rows, countries: np.ndarray) -> None:
    """Outside Peru a PROVINCIA column is level 1: use it where the department is empty."""
    df = rows.df
    use = df["department"].isna().to_numpy() & df["province"].notna().to_numpy()
    use &= countries != "PE"
    if use.any():
        df.loc[use, "department"] = df.loc[use, "province"]
        df.loc[use, "province"] = None


def _level2_names(
    rows: Rows,
    countries: np.ndarray,
    headers: dict[int, dict[str, str]],
    dept_matched: np.ndarray,
) -> np.ndarray:
    """Return each row's written level-2 name: Peru's provincia, else a level-2 municipality.

    A city column (:data:`geo.importer.schema.CITY_HEADERS`) counts only where the
    department gives no unit (empty, a placeholder, unmatched or ambiguous).
    """
    df = rows.df
    tables = df["_table"].to_numpy()
    header = {t: fold(found.get("municipality", "")) for t, found in headers.items()}
    level2_table = {t: h not in BELOW_LEVEL2_HEADERS for t, h in header.items()}
    city_table = {t: h in CITY_HEADERS for t, h in header.items()}
    municipality_ok = np.array([level2_table.get(t, False) for t in tables], dtype=bool)
    city = np.array([city_table.get(t, False) for t in tables], dtype=bool)
    municipality_ok |= ~dept_matched & city
    province = df["province"].to_numpy(dtype=object)
    municipality = df["municipality"].to_numpy(dtype=object)
    use_province = pd.notna(province) & (countries != "EC") & (countries != "CO")
    names = np.where(municipality_ok, municipality, None)
    return np.where(use_province, province, names)


def _schemes(rows: Rows, headers: dict[int, dict[str, str]]) -> np.ndarray:
    by_table = {t: scheme_of_header(found.get("admin2_code")) for t, found in headers.items()}
    return np.array([by_table.get(t) for t in rows.df["_table"].to_numpy()], dtype=object)


def _narrow_by_parents(match: Match2, parents: frozenset[str]) -> Match2:
    """Keep the candidates of an ambiguous match whose parent is one of ``parents``."""
    if match.status != "ambiguous" or not parents:
        return match
    kept = tuple(c for c in match.candidates if c.parent in parents)
    if len(kept) == 1:
        return Match2("matched", kept[0].admin2_id, match.method, kept[0].parent, match.score)
    return match if not kept else Match2("ambiguous", method=match.method, candidates=kept)


def _resolve_one(
    gaz: Admin2Gazetteer,
    code: object,
    name: object,
    country: str | None,
    parent: str | None,
    scheme: Scheme | None,
    dept_parents: frozenset[str],
) -> tuple[Match2, bool]:
    """Resolve one row's code and name; return the answer and whether they disagree."""
    by_name = gaz.resolve(name, country=country, parent=parent) if name is not None else None
    if by_name is not None:
        by_name = _narrow_by_parents(by_name, dept_parents)
    if code is None:
        return (by_name or Match2("unmatched")), False
    by_code = _narrow_by_parents(
        gaz.resolve_code(code, country=country, parent=parent, scheme=scheme), dept_parents
    )
    if by_code.status == "ambiguous" and by_name is not None and by_name.matched:
        ids = {c.admin2_id for c in by_code.candidates}
        if by_name.admin2_id in ids:  # the name beside the code says which
            return Match2("matched", by_name.admin2_id, "code", by_name.parent), False
    if by_code.status in ("matched", "not_drawn"):
        disagree = (
            by_name is not None and by_name.matched and by_name.admin2_id != by_code.admin2_id
        )
        return by_code, disagree
    if by_code.status == "unmatched" and by_name is not None and by_name.status != "unmatched":
        return by_name, False
    return by_code, False


def resolve_written_admin2(
    rows: Rows,
    gazetteer: Admin2Gazetteer,
    *,
    countries: np.ndarray,
    dept_resolved: pd.DataFrame,
    headers: dict[int, dict[str, str]],
) -> WrittenAdmin2:
    """Resolve each row's written level-2 code or name inside its declared department.

    Parameters
    ----------
    rows
        The import's row state (columns ``admin2_code``, ``province``, ``municipality``).
    gazetteer
        The level-2 gazetteer.
    countries
        Each row's country or None.
    dept_resolved
        The level-1 gazetteer's answer for each row's department (``status``,
        ``iso_3166_2``, ``candidates``): a matched department is the parent; an
        ambiguous one narrows the candidates to its units.
    headers
        ``id(raw)`` -> canonical field -> header, per input table.

    Returns
    -------
    WrittenAdmin2
    """
    df = rows.df
    n = len(df)
    status1 = dept_resolved["status"].to_numpy(dtype=object)
    names = _level2_names(rows, countries, headers, np.asarray(status1 == "matched", dtype=bool))
    codes = df["admin2_code"].to_numpy(dtype=object)
    schemes = _schemes(rows, headers)
    parent = np.asarray(
        np.where(status1 == "matched", dept_resolved["iso_3166_2"].to_numpy(object), None),
        dtype=object,
    )
    dept_parents = np.empty(n, dtype=object)
    dept_parents[:] = [frozenset()] * n
    ambiguous = np.flatnonzero(status1 == "ambiguous")
    candidates1 = dept_resolved["candidates"].to_numpy(object)
    dept_parents[ambiguous] = [frozenset(c[0] for c in candidates1[i]) for i in ambiguous]
    given = pd.notna(names) | pd.notna(codes)
    out = WrittenAdmin2(
        given=np.asarray(given, dtype=bool),
        status=np.full(n, "", dtype=object),
        admin2_id=np.full(n, None, dtype=object),
        parent=np.full(n, None, dtype=object),
        candidates=np.empty(n, dtype=object),
        written=np.where(pd.notna(codes), codes, names),
        code_name_disagree=np.zeros(n, dtype=bool),
    )
    out.candidates[:] = [()] * n
    # Each distinct (code, name, country, parent, scheme, department's units) once.
    at = np.flatnonzero(out.given)
    parts = (
        _none_for_missing(codes[at]), _none_for_missing(names[at]), countries[at], parent[at],
        schemes[at], dept_parents[at],
    )  # fmt: skip
    which, first = _distinct_rows(parts)
    answers = [_resolve_one(gazetteer, *(part[i] for part in parts)) for i in first]
    out.status[at] = np.array([m.status for m, _ in answers], dtype=object)[which]
    out.admin2_id[at] = np.array([m.admin2_id for m, _ in answers], dtype=object)[which]
    out.parent[at] = np.array([m.parent for m, _ in answers], dtype=object)[which]
    candidates = np.empty(len(answers), dtype=object)
    candidates[:] = [m.candidates for m, _ in answers]
    out.candidates[at] = candidates[which]
    out.code_name_disagree[at] = np.array([d for _, d in answers], dtype=bool)[which]
    return out


def _distinct_rows(parts: tuple[np.ndarray, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Return each row's code of its distinct combination of ``parts``, and one row per code."""
    which = np.zeros(len(parts[0]), dtype=np.int64)
    first = np.zeros(0, dtype=np.int64)
    for part in parts:
        codes, uniques = pd.factorize(pd.Series(part, dtype=object), use_na_sentinel=True)
        combined = which * (len(uniques) + 1) + (codes + 1)
        _, first, which = np.unique(combined, return_index=True, return_inverse=True)
    return which, first


def _none_for_missing(values: np.ndarray) -> np.ndarray:
    """Return ``values`` (object) with None for every missing value (NaN, NA)."""
    out = np.asarray(values, dtype=object).copy()
    out[pd.isna(out)] = None
    return out


def describe_candidates(candidates: tuple[Candidate, ...]) -> tuple[Notice, ...] | Notice:
    """``"Bolívar (CO-19100, in CO-CAU, CO), ..."`` for a message; ``"none"`` when empty."""
    said = tuple(
        Notice(
            "row.candidate_admin2",
            name=c.name,
            code=c.admin2_id,
            parent=c.parent,
            country=c.country,
        )
        for c in candidates
    )
    return said or Notice("row.none")
