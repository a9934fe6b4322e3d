"""What an import tells its user: the rejected-rows table and the JSON report.

The rejected table gives each rejected row's original fields beside
``source_file``, ``source_row``, ``reason`` and ``message``; the report counts
rows by outcome, reason and flag (:func:`counts`, shared by both importers) and,
for organizations, describes each file and the department names not recognised.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
import pandas as pd

from geo.importer.rows import Rows
from geo.importer.types import unrecognised_labels
from geo.io.raw_table import RawTable

#: Rejections that a better department name would avoid (reported as unmatched names).
_LOCATION_REASONS = {"unmatched_department", "ambiguous_department"}


def rejected_table(tables: list[RawTable], rows: Rows) -> pd.DataFrame:
    """Return the rejected rows with their original fields, file by file.

    Parameters
    ----------
    tables
        The input files, in the order the import read them.
    rows
        The import's row state.

    Returns
    -------
    pandas.DataFrame
        ``source_file``, ``source_row``, ``reason``, ``message``, then the file's columns.
    """
    parts = []
    table_ids = rows.df["_table"].to_numpy()
    positions = rows.df["_pos"].to_numpy()
    rejected = rows.reason != None  # noqa: E711
    for raw in tables:
        mask = rejected & (table_ids == id(raw))
        if not mask.any():
            continue
        original = raw.frame.iloc[positions[mask]].reset_index(drop=True).astype(object)
        original.insert(0, "source_file", raw.source_file)
        original.insert(1, "source_row", rows.df["source_row"].to_numpy()[mask])
        original.insert(2, "reason", rows.reason[mask])
        # object, not text: the messages stay notices (said in a page's language later)
        original.insert(3, "message", pd.Series(rows.message[mask], dtype=object))
        parts.append(original)
    if not parts:
        return pd.DataFrame(columns=["source_file", "source_row", "reason", "message"])
    return pd.concat(parts, ignore_index=True)


def counts(rows: Rows, n_accepted: int, rejected: pd.DataFrame) -> dict[str, Any]:
    """Count input, accepted and rejected rows, rejections by reason and flags on accepted rows.

    Parameters
    ----------
    rows
        The import's row state.
    n_accepted
        Number of accepted rows.
    rejected
        The rejected table (:func:`rejected_table`).

    Returns
    -------
    dict
        ``input_rows``, ``accepted``, ``rejected``, ``rejected_by_reason``, ``flags_by_kind``.
    """
    return {
        "input_rows": len(rows.df),
        "accepted": n_accepted,
        "rejected": len(rejected),
        "rejected_by_reason": dict(sorted(Counter(rejected["reason"]).items())),
        "flags_by_kind": {
            code: int((mask & rows.alive).sum())
            for code, mask in sorted(rows.flags.items())
            if (mask & rows.alive).any()
        },
    }


def _file_entry(raw: RawTable, columns: dict[str, str]) -> dict[str, Any]:
    return {
        "file": raw.source_file,
        "kind": raw.kind,
        "encoding": raw.encoding,
        "delimiter": raw.delimiter,
        "rows": len(raw.frame),
        "header_row": raw.header_row,
        "columns": columns,
        "unmapped_columns": [c for c in raw.frame.columns if c not in columns.values()],
    }


def _unmatched_departments(rows: Rows, resolved: pd.DataFrame) -> list[dict[str, Any]]:
    """Group department names not resolved; most rows first, then by name."""
    groups = unmatched_groups(rows, resolved)
    return sorted(groups, key=lambda g: (-g["rows"], str(g["value"])))


def unmatched_groups(rows: Rows, resolved: pd.DataFrame) -> list[dict[str, Any]]:
    """Group department names not resolved (on accepted or location-rejected rows).

    Returns
    -------
    list of dict
        ``value``, ``status``, ``rows`` and the first row's ``suggestions``, in the
        order the names first appear (the report sorts them; a chunked build adds up
        the groups of its chunks first).
    """
    df = rows.df
    relevant = np.array([r is None or r in _LOCATION_REASONS for r in rows.reason], dtype=bool)
    unmatched = df["department"].notna() & resolved["status"].ne("matched") & relevant
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for i in np.flatnonzero(unmatched.to_numpy()):
        value = df["department"].iat[i]
        entry = groups.setdefault(
            (value, resolved["status"].iat[i]),
            {
                "value": value,
                "status": resolved["status"].iat[i],
                "rows": 0,
                "suggestions": [
                    {"iso_3166_2": c, "name": nm, "score": s}
                    for c, nm, s in resolved["candidates"].iat[i]
                ],
            },
        )
        entry["rows"] += 1
    return list(groups.values())


def organizations_report(
    tables: list[RawTable],
    rows: Rows,
    resolved: pd.DataFrame,
    mappings: dict[str, dict[str, str]],
    n_accepted: int,
    rejected: pd.DataFrame,
) -> dict[str, Any]:
    """Return the report of an organization import.

    Parameters
    ----------
    tables
        The input files.
    rows
        The import's row state.
    resolved
        The gazetteer's answer for each row's department (``status``, ``candidates``).
    mappings
        File name -> canonical field -> header.
    n_accepted
        Number of accepted rows.
    rejected
        The rejected table.

    Returns
    -------
    dict
        ``files``, the :func:`counts`, ``unmatched_departments`` and
        ``unrecognised_types`` (type labels not recognised, with their rows, so that a
        user can map them).
    """
    return {
        "files": [_file_entry(raw, mappings.get(raw.source_file, {})) for raw in tables],
        **counts(rows, n_accepted, rejected),
        "unmatched_departments": _unmatched_departments(rows, resolved),
        "unrecognised_types": sort_label_counts(unrecognised_labels(rows)),
    }


def sort_label_counts(groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Sort ``{"value", "rows"}`` groups as the report lists them: most rows first, then value."""
    return sorted(groups, key=lambda g: (-g["rows"], str(g["value"])))


def programmes_report(
    tables: list[RawTable],
    rows: Rows,
    mappings: dict[str, dict[str, str]],
    n_accepted: int,
    rejected: pd.DataFrame,
) -> dict[str, Any]:
    """Return the report of a programme import: the :func:`counts` and each file's columns."""
    return {
        **counts(rows, n_accepted, rejected),
        "files": [
            {"file": raw.source_file, "columns": mappings[raw.source_file]} for raw in tables
        ],
    }
