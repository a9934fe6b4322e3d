"""Organization import stage: types, sectors, services, federations and legal status.

A type column always wins. Where a row has no type (no column, or an empty cell), the
file's default type (``--type``) is used, else the type the name states
(:func:`geo.importer.org_names.type_from_name`; flag ``type_from_name``); the sector is read
from the name too when the row has none and the name is clear (flag
``sector_from_name``). A row whose type stays unknown is counted as ``other_sse`` and
flagged ``type_unrecognised``. A status column (ESTADO) gives ``status``
(:data:`geo.vocab.STATUSES`); without one every row is ``unknown``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from geo.importer.org_names import canonical_status, type_from_name
from geo.importer.rows import OrgRows
from geo.importer.schema import canonical_org_type, canonical_sector, canonical_services, split_list
from geo.io.text import fold


def _canonical_column(values: pd.Series, fn: Callable[[Any], Any]) -> np.ndarray:
    """Apply ``fn`` once per distinct value of a column; one result per row."""
    mapped = {v: fn(v) for v in pd.unique(values.to_numpy(dtype=object))}
    return np.array([mapped[v] for v in values.to_numpy(dtype=object)], dtype=object)


#: Type headers that say the rows are cooperatives (Peru: TIPO DE COOPERATIVA = "AGRARIA").
_COOPERATIVE_TYPE_HEADERS = {"tipo de cooperativa", "tipo cooperativa", "clase de cooperativa"}


def _type_labels(rows: OrgRows, raw_types: np.ndarray) -> np.ndarray:
    """Return the labels to map: under a TIPO DE COOPERATIVA header, "AGRARIA" is a cooperative."""
    tables = {
        t for t, found in rows.headers.items()
        if fold(found.get("org_type", "")) in _COOPERATIVE_TYPE_HEADERS
    }  # fmt: skip
    if not tables:
        return raw_types
    in_tables = rows.df["_table"].isin(tables).to_numpy() & pd.notna(raw_types)
    return np.where(in_tables, np.array(["cooperativa " + str(v) for v in raw_types]), raw_types)


def types_sectors_services(rows: OrgRows, *, default_type: str | None = None) -> None:
    """Fill ``org_type``, ``sector``, ``social_services``, ``federations`` and ``status``.

    Parameters
    ----------
    rows
        The import's row state.
    default_type
        A canonical type for rows without a type (``--type``), or None.
    """
    df = rows.df
    raw_types = df["org_type"].to_numpy(dtype=object)
    labels = _type_labels(rows, raw_types)
    types = {v: canonical_org_type(v) for v in pd.unique(labels)}
    org_type = np.array([types[v][0] for v in labels], dtype=object)
    recognised = np.array([types[v][1] for v in labels], dtype=bool)
    empty = pd.isna(raw_types)
    sector = _canonical_column(df["sector"], canonical_sector)
    if default_type is not None:
        org_type[empty] = default_type
    else:
        names = df["name"].to_numpy(dtype=object)
        # only rows without a type or a sector use what the name says: read those names
        need = empty | pd.isna(sector)
        read = {v: type_from_name(v) for v in pd.unique(names[need])}
        none = (None, None)
        name_type = np.array(
            [(read.get(v) or none)[0] if n else None for v, n in zip(names, need, strict=True)],
            dtype=object,
        )
        name_sector = np.array(
            [(read.get(v) or none)[1] if n else None for v, n in zip(names, need, strict=True)],
            dtype=object,
        )
        inferred = empty & (name_type != None)  # noqa: E711
        org_type[inferred] = name_type[inferred]
        rows.flag(inferred, "type_from_name")
        take_sector = pd.isna(sector) & (name_sector != None)  # noqa: E711
        sector = np.where(take_sector, name_sector, sector)
        rows.flag(np.asarray(take_sector, dtype=bool), "sector_from_name")
        recognised |= inferred
    rows.flag(~recognised & ~(empty & (default_type is not None)), "type_unrecognised")
    rows.columns["org_type"] = org_type
    rows.columns["sector"] = sector
    rows.columns["social_services"] = _canonical_column(
        df["social_services"], lambda v: "|".join(canonical_services(v))
    )
    rows.columns["federations"] = _canonical_column(
        df["federations"], lambda v: "|".join(split_list(v))
    )
    rows.columns["status"] = _canonical_column(df["status"], canonical_status)
