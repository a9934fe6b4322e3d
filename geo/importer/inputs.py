"""Check an organization import's inputs: the options, and each file's header and columns.

:func:`check_inputs` checks ``--country``, ``--policy`` and ``--type``, finds each
file's header row (:mod:`geo.io.header_row`), maps its columns to canonical fields
and raises once with every problem found.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from geo._errors import InputValidationError, MissingColumns, MissingColumnsError
from geo.importer.rows import canonical_frame, missing_columns, missing_columns_error
from geo.importer.schema import (
    ORG_HEADERS,
    ORG_REQUIRED,
    canonical_country,
    canonical_org_type,
    map_headers,
)
from geo.io.header_row import locate_header
from geo.io.raw_table import RawTable
from geo.vocab import ORG_TYPES


def maps_required(mapping: dict[str, str] | None) -> Callable[[list[str]], bool]:
    """Return a test of header cells: do they map the name and a department or a point."""

    def test(headers: list[str]) -> bool:
        found = map_headers(headers, ORG_HEADERS, mapping)
        located = "department" in found or ("latitude" in found and "longitude" in found)
        return all(f in found for f in ORG_REQUIRED) and located

    return test


def _check_options(
    country: str | None, policy: str, org_type: str | None, problems: list[str]
) -> tuple[str | None, str | None]:
    """Check ``--country``, ``--policy`` and ``--type``; return the canonical country and type."""
    fixed_country = fixed_type = None
    if country is not None:
        fixed_country = canonical_country(country)
        if fixed_country is None:
            problems.append(f"--country must be CO, PE or EC; got {country!r}")
    if policy not in ("name", "point"):
        problems.append(f"policy must be 'name' or 'point'; got {policy!r}")
    if org_type is not None:
        fixed_type, known = (org_type, True) if org_type in ORG_TYPES else (None, False)
        if not known:
            fixed_type, known = canonical_org_type(org_type)
        if not known:
            problems.append(
                f"--type must be one of {', '.join(ORG_TYPES)} (or a label such as "
                f"'Cooperativa'); got {org_type!r}"
            )
    return fixed_country, fixed_type


def check_inputs(
    tables: list[RawTable],
    *,
    country: str | None,
    policy: str,
    mapping: dict[str, str] | None,
    org_type: str | None = None,
    header_row: int | None = None,
) -> tuple[str | None, str | None, list[RawTable], list[pd.DataFrame], dict[str, dict[str, str]]]:
    """Check the options and each file's columns; raise once with every problem.

    Returns the fixed country and type, the tables under their header rows (see
    :func:`geo.io.header_row.locate_header`), the canonical frames and each file's
    header mapping.
    """
    problems: list[str] = []
    missing: list[MissingColumns] = []
    fixed_country, fixed_type = _check_options(country, policy, org_type, problems)
    frames, mappings, located = [], {}, []
    maps_required_ = maps_required(mapping)
    for given in tables:
        try:
            raw = locate_header(given, maps_required_, header_row=header_row)
        except InputValidationError as exc:
            problems.extend(exc.problems)
            continue
        located.append(raw)
        frame, found = canonical_frame(raw, ORG_HEADERS, mapping)
        needs = [f for f in ORG_REQUIRED if f not in found]
        has_point = "latitude" in found and "longitude" in found
        if "department" not in found and not has_point:
            needs.append("department (or latitude and longitude)")
        if needs:
            problems.append(
                missing_columns_error(
                    raw, {**ORG_HEADERS, needs[-1]: ORG_HEADERS["department"]}, needs
                )
            )
            missing.append(missing_columns(raw, needs))
            continue
        frames.append(frame)
        mappings[raw.source_file] = found
    if missing:
        raise MissingColumnsError(problems, missing)
    if problems:
        raise InputValidationError(problems)
    return fixed_country, fixed_type, located, frames, mappings


def concat_frames(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate the canonical frames of the files (an empty canonical frame for none)."""
    if not frames:
        return pd.DataFrame(columns=[*ORG_HEADERS, "source_file", "source_row", "_table", "_pos"])
    return pd.concat(frames, ignore_index=True)
