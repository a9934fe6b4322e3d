"""The organization columns of the processed data as arrays: codes, numbers, bit sets.

Used by :func:`geo.indicators.prepared.prepare`: each column is checked and coded once
(sectors, members, services, federations, programmes, legal status); problems that
can be tolerated are noted, never silently dropped.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from geo.indicators.filters import KEY_RE, LIST_SEPARATOR
from geo.vocab import (
    PROGRAMME_KEYS,
    SECTORS,
    SERVICES,
    STATUSES,
)


def _numeric(column: pd.Series, name: str, notices: list[str]) -> np.ndarray:
    values = pd.to_numeric(column, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    bad = int((column.notna().to_numpy() & np.isnan(values)).sum())
    negative = values < 0
    if bad:
        notices.append(f"{name}: {bad} non-numeric values treated as unknown")
    if negative.any():
        notices.append(f"{name}: {int(negative.sum())} negative values treated as unknown")
        values[negative] = np.nan
    return values


def _split_lists(column: pd.Series) -> tuple[np.ndarray, list[frozenset[str]]]:
    """Factorize a ``|``-separated column: codes per row and the set of each distinct value."""
    codes, uniques = pd.factorize(column.fillna("").astype(str))
    sets = [
        frozenset(part.strip() for part in str(u).split(LIST_SEPARATOR) if part.strip())
        for u in uniques
    ]
    return codes.astype(np.int32), sets


def org_arrays(
    orgs: pd.DataFrame, programmes: pd.DataFrame | None, org_id: np.ndarray, notices: list[str]
) -> tuple[tuple[str, ...], dict[str, np.ndarray], list[frozenset[str]]]:
    """Code every organization column as arrays in the rows' order (tolerated problems noted).

    Returns the sector categories, the :class:`PreparedData` arrays by field name
    (all but the unit and type codes) and the distinct federation sets.
    """
    sectors, sector_code = _sector_codes(orgs["sector"], notices)
    total, women, youth, year = (
        _numeric(orgs[c], c, notices)
        for c in ("members_total", "members_women", "members_youth", "year_founded")
    )
    service_bits = _service_bits(orgs["social_services"], notices)
    fed_codes, fed_sets = _split_lists(orgs["federations"])
    reach, part, part_w = _programme_arrays(programmes, org_id, notices)
    per_org = {
        "org_id": org_id,
        "sector_code": sector_code.astype(np.int16),
        "year": year,
        "has_members": ~np.isnan(total),
        "values": _value_matrix(total, women, youth, part, part_w),
        "service_bits": service_bits,
        "federation_combo": fed_codes,
        "federated": np.array([bool(st) for st in fed_sets], dtype=bool)[fed_codes],
        "reach_bits": reach,
        "status_code": _status_codes(orgs),
    }
    return sectors, per_org, fed_sets


def _status_codes(orgs: pd.DataFrame) -> np.ndarray:
    """Code each organization's status (absent column or unknown label: ``unknown``)."""
    if "status" not in orgs.columns:
        return np.full(len(orgs), STATUSES.index("unknown"), dtype=np.int8)
    codes = pd.Index(STATUSES).get_indexer(orgs["status"].astype(object).fillna("unknown"))
    return np.where(codes < 0, STATUSES.index("unknown"), codes).astype(np.int8)


def _service_bits(column: pd.Series, notices: list[str]) -> np.ndarray:
    """Bit mask of social services per row; unknown services count as ``other``."""
    service_codes, service_sets = _split_lists(column)
    unknown_services = sorted(set().union(*service_sets) - set(SERVICES)) if service_sets else []
    if unknown_services:
        notices.append(
            f"social services outside the vocabulary counted as 'other': {unknown_services}"
        )
    # unknown keys count as "other" (once, even if "other" is also listed)
    service_masks = np.array([_service_mask(st) for st in service_sets], dtype=np.uint16)
    return service_masks[service_codes] if service_sets else np.zeros(len(column), dtype=np.uint16)


def _value_matrix(
    total: np.ndarray,
    women: np.ndarray,
    youth: np.ndarray,
    part: np.ndarray,
    part_w: np.ndarray,
) -> np.ndarray:
    """One row per organization, the :data:`VALUE_COLUMNS` sums in order (0 where unknown)."""
    has_members = ~np.isnan(total)
    women_pair = has_members & ~np.isnan(women)
    youth_pair = has_members & ~np.isnan(youth)
    return np.column_stack(
        [
            np.where(has_members, total, 0.0),
            np.where(women_pair, women, 0.0),
            np.where(women_pair, total, 0.0),
            np.where(youth_pair, youth, 0.0),
            np.where(youth_pair, total, 0.0),
            *part,
            *part_w,
        ]
    )


def _sector_codes(column: pd.Series, notices: list[str]) -> tuple[tuple[str, ...], np.ndarray]:
    """Sector categories (canonical, then extra keys found) and each row's code.

    Missing or blank sectors get code ``len(sectors)`` (unknown); values that are
    not lower-case keys are counted as ``other`` with a notice.
    """
    codes, uniques = pd.factorize(column)  # NA -> -1; the per-value work is on uniques
    keys = [str(u).strip().lower() for u in uniques]
    extra = sorted({k for k in keys if k and k not in SECTORS and KEY_RE.match(k)})
    invalid = sorted({k for k in keys if k and k not in SECTORS and not KEY_RE.match(k)})
    if invalid:
        notices.append(f"sectors that are not keys counted as 'other': {examples(invalid)}")
    sectors = (*SECTORS, *extra)
    position = {s: i for i, s in enumerate(sectors)}
    unknown = len(sectors)
    lookup = np.array(
        [unknown if not k else position.get(k, position["other"]) for k in keys]
        + [unknown],  # index -1 (missing) reads the last entry
        dtype=np.int16,
    )
    return sectors, lookup[codes]


def _service_mask(services: frozenset[str]) -> int:
    keys = {s if s in SERVICES else "other" for s in services}
    return sum(1 << SERVICES.index(s) for s in keys)


def _programme_arrays(
    programmes: pd.DataFrame | None, org_id: np.ndarray, notices: list[str]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Reach bits and (programme, organization) participant sums, in the organizations' order.

    All zeros without programme rows; rows of unknown organizations or
    programmes are ignored with a notice.
    """
    n = org_id.size
    reach = np.zeros(n, dtype=np.uint8)
    part = np.zeros((len(PROGRAMME_KEYS), n))
    part_w = np.zeros((len(PROGRAMME_KEYS), n))
    if programmes is None or not len(programmes):
        return reach, part, part_w
    pos = pd.Index(org_id).get_indexer(programmes["org_id"].astype(str))
    unknown_org = pos < 0
    if unknown_org.any():
        ids = programmes["org_id"].astype(str)[unknown_org]
        notices.append(
            f"programmes: {int(unknown_org.sum())} rows of organizations not in the table "
            f"ignored, e.g. {examples(ids)}"
        )
    names = programmes["programme"].astype(str)
    prog_code = pd.Index(list(PROGRAMME_KEYS)).get_indexer(names)
    unknown_prog = (prog_code < 0) & ~unknown_org
    if unknown_prog.any():
        notices.append(
            f"programmes: {int(unknown_prog.sum())} rows with a programme outside "
            f"{list(PROGRAMME_KEYS)} ignored, e.g. {examples(names[unknown_prog])}"
        )
    keep = (pos >= 0) & (prog_code >= 0)
    for name, target in (("participants", part), ("participants_women", part_w)):
        if name in programmes.columns:
            values = _numeric(programmes[name], f"programmes.{name}", notices)
        else:
            values = np.full(len(programmes), np.nan)
        values = np.nan_to_num(values, nan=0.0)
        for j in range(len(PROGRAMME_KEYS)):
            rows = keep & (prog_code == j)
            target[j] = np.bincount(pos[rows], weights=values[rows], minlength=n)
    for j in range(len(PROGRAMME_KEYS)):
        rows = keep & (prog_code == j)
        reach[np.unique(pos[rows])] |= np.uint8(1 << j)
    return reach, part, part_w


def examples(values: Sequence[object] | np.ndarray | pd.Series, limit: int = 5) -> str:
    """Return up to ``limit`` distinct values for a message, and how many more there are."""
    items = list(dict.fromkeys(str(v) for v in values))
    more = f" (+{len(items) - limit} more)" if len(items) > limit else ""
    return f"{items[:limit]}{more}"
