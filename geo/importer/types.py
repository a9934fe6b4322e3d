"""Organization import stage: types, sectors, services, federations and legal status.

A **type label** given in the file is mapped by :func:`geo.importer.schema.canonical_org_type`
(the supervisors' classes of ``data/organizations/type_labels.csv`` first, then the type
rules). Each row's type is decided from its label and its name alone
(:func:`decide_type`, a pure function; an import evaluates it once per distinct
combination of the label's class and what the name says, names read as a column by
:mod:`geo.importer.name_columns`):

* a **recognised label** wins; when the name says another type
  (:func:`geo.importer.org_names.read_name`) the row is flagged ``type_name_disagrees``;
* an **empty label** takes the file's default type (``--type``), else the name's type
  (flag ``type_from_name``);
* an **unrecognised label** never silently becomes ``other_sse`` when the name says what
  the organization is: the name decides (flag ``type_label_unknown_name_used``); the
  report lists the unrecognised labels with their counts (:func:`unrecognised_labels`);
* a name read as a cooperative only from its "Coo…" first word adds ``type_from_coo_name``;
* a row whose type stays unknown is counted as ``other_sse`` and flagged ``type_unrecognised``.

The sector comes from the sector column; where it is empty, from the label's class when
the class names one ("Especializada de ahorro y crédito": flag ``sector_from_type``),
else from the name when it is clear (flag ``sector_from_name``). A status column (ESTADO)
gives ``status`` (:data:`geo.vocab.STATUSES`); without one every row is ``unknown``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from geo.importer.name_columns import read_names
from geo.importer.org_names import NameReading, canonical_status, read_name
from geo.importer.rows import OrgRows, Rows, map_unique
from geo.importer.schema import canonical_org_type, canonical_sector, canonical_services, split_list
from geo.importer.type_labels import lookup_type_label
from geo.io.text import fold


def _canonical_column(values: pd.Series, fn: Callable[[Any], Any]) -> np.ndarray:
    """Apply ``fn`` once per distinct value of a column; one result per row."""
    return map_unique(values, fn).to_numpy(dtype=object)


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


@dataclass(frozen=True)
class LabelClass:
    """What a type label says: its canonical type, whether it is recognised, its sector."""

    org_type: str
    recognised: bool
    sector: str | None


def classify_label(label: str) -> LabelClass:
    """Map a type label (the supervisors' classes first, then the type rules)."""
    org_type, recognised = canonical_org_type(label)
    listed = lookup_type_label(label) if recognised else None
    return LabelClass(org_type, recognised, listed.sector if listed is not None else None)


@dataclass(frozen=True)
class TypeDecision:
    """One row's type: the canonical type, the sector its label or name gives, its flags."""

    org_type: str
    label_sector: str | None
    name_sector: str | None
    flags: tuple[str, ...]


def decide_type(label: object, name: object, default_type: str | None) -> TypeDecision:
    """Decide an organization's type from its type label and its name (see the module).

    Parameters
    ----------
    label
        The type label to map (None when the cell is empty).
    name
        The organization's name.
    default_type
        The file's type for rows without a label (``--type``), or None.

    Examples
    --------
    >>> decide_type("TRABAJO ASOCIADO", "COOTRAPELDAR", None).flags
    ()
    >>> d = decide_type("ENTIDAD X", "Coomeva", None)
    >>> d.org_type, d.flags
    ('cooperative', ('type_label_unknown_name_used', 'type_from_coo_name'))
    """
    given = classify_label(label) if isinstance(label, str) else None
    reading = read_name(name) if given is not None or default_type is None else None
    return _decide(given, reading, default_type)


def _decide(
    given: LabelClass | None, reading: NameReading | None, default_type: str | None
) -> TypeDecision:
    """Decide from the label's class (None: no label) and what the name says (None: nothing)."""
    name_sector = reading.sector if reading is not None else None
    if given is not None and given.recognised:
        differs = reading is not None and reading.org_type != given.org_type
        flags = ("type_name_disagrees",) if differs else ()
        return TypeDecision(given.org_type, given.sector, name_sector, flags)
    if given is None and default_type is not None:
        return TypeDecision(default_type, None, None, ())
    if reading is not None:
        first = "type_label_unknown_name_used" if given is not None else "type_from_name"
        return TypeDecision(reading.org_type, None, name_sector, (first, *_coo(reading)))
    return TypeDecision("other_sse", None, None, ("type_unrecognised",))


def _coo(reading: NameReading) -> tuple[str, ...]:
    return ("type_from_coo_name",) if reading.evidence == "coo" else ()


#: The type flags a decision can carry, in the order they are set.
_TYPE_FLAGS = (
    "type_from_name", "type_label_unknown_name_used", "type_from_coo_name",
    "type_name_disagrees", "type_unrecognised",
)  # fmt: skip


def _codes(values: np.ndarray) -> tuple[np.ndarray, list[Any]]:
    """Return each row's code of its distinct value (None: code 0) and the values by code."""
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    return codes + 1, [None, *uniques.tolist()]


def _combination_codes(*codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return each row's code of its distinct combination of codes, and one row per code."""
    combined = np.zeros(len(codes[0]), dtype=np.int64)
    for c in codes:
        combined = combined * (int(c.max(initial=0)) + 1) + c
    _, first, inverse = np.unique(combined, return_index=True, return_inverse=True)
    return inverse, first


def types_sectors_services(rows: OrgRows, *, default_type: str | None = None) -> None:
    """Fill ``org_type``, ``sector``, ``social_services``, ``federations`` and ``status``.

    Each distinct label is classified once; the names are read as a column
    (:func:`geo.importer.name_columns.read_names`: a name's sector only where the row has
    no sector and the label's class names none); each distinct combination of label and
    reading is decided once (:func:`_decide`), and the answers broadcast to rows.

    Parameters
    ----------
    rows
        The import's row state.
    default_type
        A canonical type for rows without a type (``--type``), or None.
    """
    df = rows.df
    labels = np.array(_type_labels(rows, df["org_type"].to_numpy(dtype=object)), dtype=object)
    label_codes, distinct_labels = _codes(labels)
    classes = [None] + [classify_label(lab) for lab in distinct_labels[1:]]
    sector = map_unique(df["sector"], canonical_sector).to_numpy(dtype=object)
    empty_sector = np.asarray(pd.isna(sector), dtype=bool)
    no_label_sector = np.array([c is None or c.sector is None for c in classes])[label_codes]
    need_name = (label_codes > 0) | (default_type is None)  # else the default type decides
    wanted = empty_sector & no_label_sector if default_type is None else None
    names = df["name"].to_numpy(dtype=object)
    folded = None if rows.folded_names is None else rows.folded_names[need_name]
    read = read_names(
        names[need_name],
        with_sector=None if wanted is None else wanted[need_name],
        folded=folded,
    )
    readings = np.full((3, len(names)), None, dtype=object)
    readings[:, need_name] = (read.org_type, read.sector, read.evidence)
    parts = [_codes(r) for r in readings]
    codes, first = _combination_codes(label_codes, *(c for c, _ in parts))
    decided = [
        _decide(classes[label_codes[i]], _reading(*(v[c[i]] for c, v in parts)), default_type)
        for i in first
    ]
    org_type = np.array([d.org_type for d in decided], dtype=object)[codes]
    for flag in _TYPE_FLAGS:
        rows.flag(np.array([flag in d.flags for d in decided], dtype=bool)[codes], flag)
    label_sector = np.array([d.label_sector for d in decided], dtype=object)[codes]
    from_type = empty_sector & pd.notna(label_sector)
    name_sector = np.array([d.name_sector for d in decided], dtype=object)[codes]
    from_name = empty_sector & ~from_type & pd.notna(name_sector)
    if default_type is not None:  # a file of one type (``--type``): sectors from names are not read
        from_name[:] = False
    sector = np.where(from_type, label_sector, np.where(from_name, name_sector, sector))
    rows.flag(np.asarray(from_type, dtype=bool), "sector_from_type")
    rows.flag(np.asarray(from_name, dtype=bool), "sector_from_name")
    rows.columns["org_type"] = org_type
    rows.columns["sector"] = sector
    rows.columns["social_services"] = _canonical_column(
        df["social_services"], lambda v: "|".join(canonical_services(v))
    )
    rows.columns["federations"] = _canonical_column(
        df["federations"], lambda v: "|".join(split_list(v))
    )
    rows.columns["status"] = _canonical_column(df["status"], canonical_status)


def _reading(org_type: str | None, sector: str | None, evidence: Any) -> NameReading | None:
    return None if org_type is None else NameReading(org_type, sector, evidence)


def unrecognised_labels(rows: Rows) -> list[dict[str, Any]]:
    """Count the type labels not recognised, on rows not rejected, in order of first row.

    Returns
    -------
    list of dict
        ``value`` (the label as written) and ``rows``; the report sorts them and a chunked
        build adds up the lists of its chunks first.
    """
    unknown = np.zeros(len(rows.df), dtype=bool)
    for flag in ("type_unrecognised", "type_label_unknown_name_used"):
        if flag in rows.flags:
            unknown |= rows.flags[flag]
    labels = rows.df["org_type"].to_numpy(dtype=object)
    unknown &= rows.alive & pd.notna(labels)
    counted = pd.Series(labels[unknown], dtype=object).value_counts(sort=False)
    return [{"value": str(v), "rows": int(n)} for v, n in counted.items()]
