"""Organization import stages: choose each row's units, reject the rows nothing locates.

:func:`choose_units` decides, at both levels, between what a row writes (department,
municipality or code) and where its point falls, by the location policy
(``data/organizations/README.md``: the written domicile wins by default), and flags
disagreements. :func:`reject_unlocated` rejects the rows that neither locates, with a
message naming the value, the candidates with their countries, and the fix.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from geo.importer.admin2 import WrittenAdmin2, describe_candidates
from geo.importer.rows import OrgRows
from geo.vocab import COUNTRY_NAMES

Policy = Literal["name", "point"]


def pick(mask: np.ndarray, values: np.ndarray, other: np.ndarray | None = None) -> np.ndarray:
    """Return ``values`` where ``mask``, else ``other`` (None by default), as an object array."""
    out = np.full(len(mask), None, dtype=object) if other is None else other.astype(object)
    out[mask] = np.asarray(values, dtype=object)[mask]
    return out


def choose_units(rows: OrgRows, written2: WrittenAdmin2, policy: Policy) -> None:
    """Choose each row's units (both levels) between what is written and the point."""
    df, resolved = rows.df, rows.resolved
    status = resolved["status"].to_numpy(dtype=object)
    dept_iso = np.where(status == "matched", resolved["iso_3166_2"].to_numpy(dtype=object), None)
    has_dept = df["department"].notna().to_numpy()
    has_point = rows.point_iso != None  # noqa: E711
    s2 = written2.status
    # the declared level-1 unit: the department, else the parent of the written municipality
    from_muni = (dept_iso == None) & np.isin(s2, ["matched", "not_drawn"])  # noqa: E711
    decl_iso = np.where(from_muni, written2.parent, dept_iso)
    decl_ok = decl_iso != None  # noqa: E711
    decl_admin2 = pick(s2 == "matched", written2.admin2_id)
    rows.flag(from_muni, "department_from_municipality")
    from_name = decl_ok & ((policy == "name") | ~has_point)
    rows.iso = np.where(from_name, decl_iso, rows.point_iso)
    rows.location_source = np.where(from_name, "name", "point")
    # level 2: the written unit; else the point's unit when it lies in the kept level-1 unit
    point_fits = has_point & (rows.point_iso == rows.iso)
    keep_written = (decl_admin2 != None) & (from_name | ~has_point)  # noqa: E711
    rows.admin2 = pick(keep_written, decl_admin2, pick(point_fits, rows.point_admin2))
    differs = decl_ok & has_point & (decl_iso != rows.point_iso)
    rows.flag(differs, "point_outside_declared_unit")
    both2 = (decl_admin2 != None) & (rows.point_admin2 != None)  # noqa: E711
    rows.flag(
        both2 & point_fits & ~differs & (decl_admin2 != rows.point_admin2),
        "point_outside_declared_municipality",
    )
    rows.flag(
        has_dept & (status == "unmatched") & has_point & ~decl_ok, "department_unmatched_point_used"
    )
    rows.flag(
        has_dept & (status == "ambiguous") & has_point & ~decl_ok, "department_ambiguous_point_used"
    )
    rows.flag(written2.given & (s2 == "ambiguous"), "municipality_ambiguous")
    rows.flag(written2.given & (s2 == "unmatched"), "municipality_unmatched")
    rows.flag(s2 == "not_drawn", "municipality_not_drawn")
    rows.flag(written2.code_name_disagree, "municipality_code_name_disagree")


def _ambiguous_message(where: str, value: object, cands: tuple, has_muni: bool) -> str:
    """Explain an ambiguous department: the candidates with their countries, and the fix."""
    listed = (
        ", ".join(f"{nm} ({code}) in {COUNTRY_NAMES[code[:2]]}" for code, nm, _ in cands) or "none"
    )
    countries = sorted({code[:2] for code, _, _ in cands})
    if len(countries) > 1:
        fix = (
            f"add a country column, or pass --country {' or --country '.join(countries)} when "
            "the whole file is of one country"
        )
        fix += "" if has_muni else ", or add the municipio / cantón (it tells which)"
    else:
        names = " or ".join(repr(nm) for _, nm, _ in cands)
        fix = f"write the full name ({names}), or add the municipio / provincia"
    return f"{where}, column 'department': {value!r} matches several units: {listed}. Fix: {fix}."


def reject_unlocated(rows: OrgRows, written2: WrittenAdmin2) -> None:
    """Rows that neither the department, the municipality nor the point locate are rejected."""
    df, resolved = rows.df, rows.resolved
    status = resolved["status"].to_numpy(dtype=object)
    cands = resolved["candidates"].to_numpy(dtype=object)
    has_dept = df["department"].notna().to_numpy()
    has_muni = written2.given
    dept_values = df["department"].to_numpy(dtype=object)
    country_arr = rows.countries.to_numpy(dtype=object)

    def location_message(i: int) -> str:
        where = rows.where(i)
        suggestions = ", ".join(f"{nm} ({code})" for code, nm, _ in cands[i]) or "none"
        if not has_dept[i] and has_muni[i]:
            kind = (
                "matches several units"
                if written2.status[i] == "ambiguous"
                else ("is not a municipio, provincia or cantón code or name")
            )
            return (
                f"{where}, column 'municipality': {written2.written[i]!r} {kind}"
                f"{' of ' + country_arr[i] if country_arr[i] else ''}; candidates: "
                f"{describe_candidates(written2.candidates[i])}. Fix: add the department "
                "(or province) column, the country, or coordinates."
            )
        if not has_dept[i]:
            return (
                f"{where}: no department, no municipality and no usable coordinates; expected "
                "a department or province, a municipality (name or code), or latitude and "
                "longitude. Fix: fill in one of them."
            )
        if status[i] == "ambiguous":
            return _ambiguous_message(where, dept_values[i], cands[i], has_muni[i])
        scope = country_arr[i] or "CO, PE or EC"
        return (
            f"{where}, column 'department': {dept_values[i]!r} is not a department or province "
            f"of {scope}; closest: {suggestions}. Fix: correct the spelling, or add coordinates."
        )

    no_iso = rows.iso == None  # noqa: E711
    rows.reject(no_iso & ~has_dept & ~has_muni, "no_location", location_message)
    rows.reject(no_iso & (status == "ambiguous"), "ambiguous_department", location_message)
    rows.reject(no_iso & has_dept, "unmatched_department", location_message)
    rows.reject(
        no_iso & (written2.status == "ambiguous"), "ambiguous_municipality", location_message
    )
    rows.reject(no_iso, "unmatched_municipality", location_message)
