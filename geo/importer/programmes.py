"""Import programme participation rows (My.Coop, Think.Coop, Start.Coop...).

Each row names an organization id, which must be among the organizations
accepted by :func:`geo.importer.registry.import_organizations`; rows are rejected and
flagged with the same codes and messages as organizations.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from geo._errors import MissingColumns, MissingColumnsError
from geo.importer.report import programmes_report, rejected_table
from geo.importer.rows import (
    ImportResult,
    Rows,
    canonical_frame,
    map_unique,
    missing_columns,
    missing_columns_error,
    strip_values,
    year_text,
)
from geo.importer.schema import PROGRAMME_HEADERS, PROGRAMME_REQUIRED, canonical_programme
from geo.io.raw_table import RawTable
from geo.notice import Notice

PROGRAMME_COLUMNS = [
    "org_id", "programme", "programme_raw", "year", "participants", "participants_women",
    "flags", "source_file", "source_row",
]  # fmt: skip


def _canonical_frames(
    tables: list[RawTable], mapping: dict[str, str] | None
) -> tuple[list[pd.DataFrame], dict[str, dict[str, str]]]:
    """Map each file's headers; raise once, listing every file that lacks a required column."""
    frames, problems, mappings = [], [], {}
    missing: list[MissingColumns] = []
    for raw in tables:
        frame, found = canonical_frame(raw, PROGRAMME_HEADERS, mapping)
        needs = [f for f in PROGRAMME_REQUIRED if f not in found]
        if needs:
            problems.append(missing_columns_error(raw, PROGRAMME_HEADERS, needs))
            missing.append(missing_columns(raw, needs))
            continue
        frames.append(frame)
        mappings[raw.source_file] = found
    if missing:
        raise MissingColumnsError(problems, missing)
    return frames, mappings


def import_programmes(
    tables: list[RawTable],
    *,
    org_ids: pd.Series | set[str] | pa.Array,
    mapping: dict[str, str] | None = None,
) -> ImportResult:
    """Validate programme participation rows against the accepted organizations.

    Parameters
    ----------
    tables
        Raw tables from :func:`geo.io.readers.read_table`.
    org_ids
        Ids of the accepted organizations; rows naming another id are rejected. An
        Arrow array (as read back from a chunked build's output) is searched
        without making a Python string of each id.
    mapping
        Explicit canonical field -> header mapping.

    Returns
    -------
    ImportResult
        ``accepted`` has :data:`PROGRAMME_COLUMNS`.

    Raises
    ------
    InputValidationError
        If a file lacks the organization id or programme column.
    """
    frames, mappings = _canonical_frames(tables, mapping)
    df = pd.concat(frames, ignore_index=True)
    rows = Rows(df)
    for col in ("org_id", "programme"):
        df[col] = strip_values(df[col])
    programme = map_unique(df["programme"], canonical_programme)
    rows.reject(
        programme.isna().to_numpy(),
        "missing_programme",
        lambda i: Notice("row.missing_programme", where=rows.where(i)),
    )
    rows.reject(
        ~_known(df["org_id"], org_ids),
        "unknown_organization",
        lambda i: Notice(
            "row.unknown_organization", where=rows.where(i), value=repr(df["org_id"].iat[i])
        ),
    )
    df["year"] = map_unique(df["year"], year_text)
    year, bad_year = rows.whole_numbers("year", lower=1990, upper=dt.date.today().year)
    people, bad_p = rows.whole_numbers("participants", lower=0, upper=1_000_000)
    women, bad_w = rows.whole_numbers("participants_women", lower=0, upper=1_000_000)
    rows.flag(bad_year | bad_p | bad_w, "invalid_number")
    rows.flag(
        women.to_numpy(dtype="float64", na_value=np.nan)
        > people.to_numpy(dtype="float64", na_value=np.nan),
        "members_inconsistent",
    )
    keep = np.flatnonzero(rows.alive)
    flags = rows.flag_strings()
    accepted = pd.DataFrame(
        {
            "org_id": df["org_id"].to_numpy(dtype=object)[keep],
            "programme": programme.to_numpy(dtype=object)[keep],
            "programme_raw": df["programme"].to_numpy(dtype=object)[keep],
            "year": year[keep],
            "participants": people[keep],
            "participants_women": women[keep],
            "flags": flags[keep],
            "source_file": df["source_file"].to_numpy(dtype=object)[keep],
            "source_row": df["source_row"].to_numpy(dtype="int64")[keep],
        }
    )
    rejected = rejected_table(tables, rows)
    report = programmes_report(tables, rows, mappings, len(accepted), rejected)
    return ImportResult(accepted, rejected, report)


def _known(ids: pd.Series, org_ids: pd.Series | set[str] | pa.Array) -> np.ndarray:
    """Mask of the ``ids`` (text or None) that are among ``org_ids``."""
    if isinstance(org_ids, set):
        org_ids = pd.Series(list(org_ids), dtype=object)
    if isinstance(org_ids, pd.Series):
        org_ids = pa.array(org_ids.to_numpy(dtype=object), type=pa.string())
    values = pa.array(ids.to_numpy(dtype=object), type=pa.string())
    found = pc.is_in(values, value_set=org_ids.cast(pa.string()))
    return found.to_numpy(zero_copy_only=False).astype(bool)
