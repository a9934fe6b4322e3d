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
from geo.notice import Notice

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


def _ambiguous_message(where: Notice, value: object, cands: tuple, has_muni: bool) -> Notice:
    """Explain an ambiguous department: the candidates with their countries, and the fix."""
    listed = tuple(
        Notice(
            "row.candidate_in_country", name=nm, code=code, country=Notice(f"country.{code[:2]}")
        )
        for code, nm, _ in cands
    )
    countries = sorted({code[:2] for code, _, _ in cands})
    if len(countries) > 1:
        fix = Notice(
            "row.fix_country",
            options=" or ".join(f"--country {c}" for c in countries),
            more="" if has_muni else Notice("row.fix_add_municipality"),
        )
    else:
        fix = Notice("row.fix_full_name", names=_either(tuple(repr(nm) for _, nm, _ in cands)))
    return Notice(
        "row.ambiguous_department",
        where=where,
        value=repr(value),
        candidates=listed or Notice("row.none"),
        fix=fix,
    )


def _either(names: tuple[str, ...]) -> str | Notice:
    """Return ``"'A' or 'B' or 'C'"`` (in any language)."""
    if len(names) < 2:
        return "".join(names)
    return Notice("row.or", a=names[0], b=_either(names[1:]))


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
        if not has_dept[i] and has_muni[i]:
            problem = (
                "row.matches_several"
                if written2.status[i] == "ambiguous"
                else ("row.not_a_municipality")
            )
            return Notice(
                "row.municipality_unplaced",
                where=where,
                value=repr(written2.written[i]),
                problem=Notice(problem),
                scope=Notice("row.of_country", country=country_arr[i]) if country_arr[i] else "",
                candidates=describe_candidates(written2.candidates[i]),
            )
        if not has_dept[i]:
            return Notice("row.no_location", where=where)
        if status[i] == "ambiguous":
            return _ambiguous_message(where, dept_values[i], cands[i], has_muni[i])
        suggestions = tuple(f"{nm} ({code})" for code, nm, _ in cands[i])
        return Notice(
            "row.unmatched_department",
            where=where,
            value=repr(dept_values[i]),
            scope=country_arr[i] or Notice("row.any_country"),
            suggestions=suggestions or Notice("row.none"),
        )

    no_iso = rows.iso == None  # noqa: E711
    rows.reject(no_iso & ~has_dept & ~has_muni, "no_location", location_message)
    rows.reject(no_iso & (status == "ambiguous"), "ambiguous_department", location_message)
    rows.reject(no_iso & has_dept, "unmatched_department", location_message)
    rows.reject(
        no_iso & (written2.status == "ambiguous"), "ambiguous_municipality", location_message
    )
    rows.reject(no_iso, "unmatched_municipality", location_message)
