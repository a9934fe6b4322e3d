"""Which fields of a row each flag is about: what a list of flagged rows shows beside the flag.

One entry per code of :data:`geo.importer.rows.FLAGS` (``tests/test_upload_rows.py``
checks that none is missing): the canonical fields (:mod:`geo.importer.schema`) whose
values tell a person why the row was flagged, most telling first. The accepted table
keeps the department, type and sector as written in ``*_raw`` columns
(:data:`ACCEPTED_COLUMN`); coordinates are the ones kept (after a swap, or empty when
dropped). Kept apart from :mod:`geo.importer.rows` so that a dashboard worker can read
it without loading the importer.
"""

from __future__ import annotations

_POINT = ("latitude", "longitude")

FLAG_FIELDS: dict[str, tuple[str, ...]] = {
    "point_outside_declared_unit": ("department", *_POINT),
    "swapped_coordinates": _POINT,
    "zero_coordinates": _POINT,
    "invalid_coordinates": _POINT,
    "incomplete_coordinates": _POINT,
    "point_outside_country": _POINT,
    "snapped_to_unit": _POINT,
    "department_unmatched_point_used": ("department",),
    "department_ambiguous_point_used": ("department",),
    "fuzzy_department": ("department",),
    "department_from_municipality": ("department", "municipality"),
    "point_outside_declared_municipality": ("municipality", *_POINT),
    "municipality_ambiguous": ("municipality",),
    "municipality_unmatched": ("municipality",),
    "municipality_not_drawn": ("municipality",),
    "municipality_code_name_disagree": ("municipality",),
    "type_unrecognised": ("org_type",),
    "type_from_name": ("name",),
    "type_label_unknown_name_used": ("org_type", "name"),
    "type_from_coo_name": ("name",),
    "type_name_disagrees": ("org_type", "name"),
    "sector_from_type": ("org_type",),
    "department_placeholder": ("department",),
    "sector_from_name": ("name",),
    "country_from_file": ("department",),
    "invalid_number": ("members_total", "members_women", "members_youth", "year_founded"),
    "members_inconsistent": ("members_total", "members_women", "members_youth"),
    "generated_id": ("org_id",),
    "possible_duplicate": ("name",),
    "row_problem": (),
}

#: A canonical field -> the accepted table's column holding it as written.
ACCEPTED_COLUMN: dict[str, str] = {
    "department": "department_raw",
    "org_type": "org_type_raw",
    "sector": "sector_raw",
}


def accepted_column(field: str) -> str:
    """Return the accepted table's column of canonical ``field``."""
    return ACCEPTED_COLUMN.get(field, field)


__all__ = ["ACCEPTED_COLUMN", "FLAG_FIELDS", "accepted_column"]
