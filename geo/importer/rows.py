"""The rows of an import in progress: canonical columns and each row's verdict.

A verdict is a rejection (a :data:`REJECTION_REASONS` code and a message) or
flags (:data:`FLAGS` codes); an import returns an :class:`ImportResult`.

Both importers (:mod:`geo.importer.registry` for organizations, :mod:`geo.importer.programmes` for
programme rows) map a file's headers to canonical fields, build one frame of
text columns, then run stages that reject rows (with a reason and a message) or
flag them. :class:`Rows` holds that frame and those verdicts; the helpers below
parse the text columns the same way for both.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, SupportsInt

import numpy as np
import pandas as pd

from geo._errors import MissingColumns
from geo.importer.schema import map_headers
from geo.io.number_text import parse_numbers
from geo.io.raw_table import TEXT_DTYPE, RawTable
from geo.io.text import decode_entities, fold
from geo.notice import Notice
from geo.units.join import SNAP_DISTANCE_M

#: Rejection reasons: code -> short English description (the report and docs use it).
REJECTION_REASONS: dict[str, str] = {
    "missing_name": "the organization has no name",
    "summary_row": "a totals line or a note (TOTAL, Subtotal, Fuente:, Nota:), not an organization",
    "duplicate_id": "an earlier row has the same organization id",
    "unknown_country": "the country is not Colombia, Peru or Ecuador",
    "no_location": "neither a department nor usable coordinates",
    "unmatched_department": "the department is not recognised and no coordinates locate the row",
    "ambiguous_department": "the department matches several units; no coordinates locate the row",
    "ambiguous_municipality": (
        "no department; the municipality matches several units and no coordinates locate the row"
    ),
    "unmatched_municipality": (
        "no department; the municipality is not recognised and no coordinates locate the row"
    ),
    "malformed_row": "the row has more fields than the header",
    "unknown_organization": "the programme row names an organization id that was not accepted",
    "missing_programme": "the programme row has no programme",
}

#: Flag codes on accepted rows -> description.
FLAGS: dict[str, str] = {
    "point_outside_declared_unit": "the coordinates fall in another unit than the department",
    "swapped_coordinates": "latitude and longitude were swapped; swapped back",
    "zero_coordinates": "coordinates (0, 0) were dropped",
    "invalid_coordinates": "coordinates not numbers or out of range were dropped",
    "incomplete_coordinates": "only one of latitude/longitude was given; dropped",
    "point_outside_country": "the coordinates fall outside the row's country; dropped",
    "snapped_to_unit": (
        f"the point was just off the coast; moved onto the nearest unit "
        f"(at most {SNAP_DISTANCE_M / 1000:g} km)"
    ),
    "department_unmatched_point_used": "the department was not recognised; the point located it",
    "department_ambiguous_point_used": "the department was ambiguous; the point located it",
    "fuzzy_department": "the department matched a unit by fuzzy matching",
    "department_from_municipality": (
        "the department was missing, a placeholder, not recognised or ambiguous; the "
        "municipality (or the city) located it"
    ),
    "point_outside_declared_municipality": (
        "the coordinates fall in another municipality of the declared department"
    ),
    "municipality_ambiguous": "the municipality matches several units; level 2 left empty",
    "municipality_unmatched": (
        "the municipality (name or code) is not recognised in the declared department"
    ),
    "municipality_not_drawn": "the municipality has no polygon of its own (Belén de Bajirá)",
    "municipality_code_name_disagree": "the municipality code and name are different units",
    "type_unrecognised": "the organization type is empty or not recognised; counted as other SSE",
    "type_from_name": "the row had no type; it was read from the name",
    "type_label_unknown_name_used": (
        "the type label is not recognised; the name says what the organization is"
    ),
    "type_from_coo_name": 'the name was read as a cooperative from its first word "Coo…"',
    "type_name_disagrees": "the name says another type than the type column; the column wins",
    "sector_from_type": "the row had no sector; the type's class names it",
    "department_placeholder": (
        "the department cell held a placeholder (Not Applicable, N/A, -, the country's "
        "name); counted as empty"
    ),
    "sector_from_name": "the row had no sector; it was read from the name",
    "country_from_file": (
        "the row had no country and its department is ambiguous or unknown; the country "
        "that the file's other rows resolve to was used"
    ),
    "invalid_number": "a member count or year was not a valid number; left empty",
    "members_inconsistent": "women or youth members exceed the total",
    "generated_id": "the row had no organization id; one was generated from file and row",
    "possible_duplicate": "another organization has the same name in the same unit",
    "row_problem": "the reader reported a problem with this row",
}


@dataclass
class ImportResult:
    """Accepted and rejected rows of an import, and its report.

    Attributes
    ----------
    accepted
        Organizations (GeoDataFrame, EPSG:4326, point geometry or None) or programme rows.
    rejected
        Original fields plus ``source_file``, ``source_row``, ``reason``, ``message``.
    report
        JSON-serialisable summary (counts by reason and flag, unmatched names, mappings).
    """

    accepted: pd.DataFrame
    rejected: pd.DataFrame
    report: dict[str, Any] = field(default_factory=dict)


#: Ecuador's SEPS writes the organization type in a column named "Sector".
_SEPS_SECTORS = {"cooperativo", "asociativo", "comunitario"}


def missing_columns(raw: RawTable, needs: list[str]) -> MissingColumns:
    """Return what a file lacks as data (``department`` for "department or coordinates")."""
    fields = tuple(dict.fromkeys(n.split(" ", 1)[0] for n in needs))
    return MissingColumns(raw.source_file, fields, tuple(str(h) for h in raw.frame.columns))


def missing_columns_error(
    raw: RawTable, aliases: dict[str, tuple[str, ...]], needs: list[str]
) -> str:
    """Explain which required columns a file lacks, the headers it has and the names accepted.

    Parameters
    ----------
    raw
        The file.
    aliases
        Canonical field -> accepted header names.
    needs
        The missing fields (keys of ``aliases``).

    Returns
    -------
    str
        One problem line for :class:`geo._errors.InputValidationError`.
    """
    accepted = "; ".join(
        f"{f}: {', '.join(repr(a) for a in aliases[f] if '_' not in a)}" for f in needs
    )
    header = (
        f" (read from row {raw.header_row}; no row among the first 30 maps them)"
        if raw.kind in ("csv", "xlsx")
        else ""
    )
    row_fix = (
        ", or, when the header is not the row read, name it with --header-row N"
        if raw.kind in ("csv", "xlsx")
        else ""
    )
    return (
        f"{raw.source_file}: required column(s) {', '.join(needs)} not found. "
        f"Headers found{header}: {', '.join(repr(h) for h in raw.frame.columns) or '(none)'}. "
        f"Accepted names (case and accents ignored): {accepted}. "
        "Fix: rename the column in the file, or pass a mapping file (--mapping) naming it"
        f"{row_fix}."
    )


#: How many distinct values of a "sector" column decide whether it holds SEPS sectors.
SECTOR_SAMPLE = 1000


def sector_values(raw: RawTable, found: dict[str, str]) -> list[str]:
    """Return the first :data:`SECTOR_SAMPLE` distinct values of the file's "sector" column.

    Empty when the file has a type column or no sector column (nothing to decide).
    A file read in chunks gathers them chunk by chunk, in file order.
    """
    if "org_type" in found or "sector" not in found:
        return []
    return list(raw.frame[found["sector"]].dropna().unique()[:SECTOR_SAMPLE])


def seps_sector_is_type(values: list[str], found: dict[str, str]) -> bool:
    """Tell whether the "sector" column holds SEPS sectors and there is no type column."""
    if "org_type" in found or "sector" not in found:
        return False
    values = [fold(v) for v in values[:SECTOR_SAMPLE]]
    values = [v for v in values if v]
    return bool(values) and sum(v in _SEPS_SECTORS for v in values) >= 0.8 * len(values)


def canonical_frame(
    raw: RawTable,
    aliases: dict[str, tuple[str, ...]],
    mapping: dict[str, str] | None,
    *,
    sector_is_type: bool | None = None,
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Rename a file's columns to canonical fields (missing fields are empty text columns).

    Parameters
    ----------
    raw
        The file.
    aliases
        Canonical field -> accepted header names.
    mapping
        Explicit canonical field -> header mapping, tried first.
    sector_is_type
        Whether the file's "sector" column holds SEPS sectors (its organization
        type), when ``raw`` is a chunk and the whole file decided it
        (:func:`sector_values`); default: decided from ``raw``.

    Returns
    -------
    frame : pandas.DataFrame
        One text column per field of ``aliases``, plus ``source_file``,
        ``source_row``, ``_table`` (``id(raw)``) and ``_pos`` (row position in ``raw``).
    found : dict
        Canonical field -> header found in the file.
    """
    found = map_headers(list(raw.frame.columns), aliases, mapping)
    if sector_is_type is None:
        sector_is_type = seps_sector_is_type(sector_values(raw, found), found)
    if sector_is_type:
        found["org_type"] = found.pop("sector")
    n = len(raw.frame)
    data: dict[str, Any] = {}
    for field_name in aliases:
        header = found.get(field_name)
        # Keep the reader's Arrow text columns: no per-cell Python objects.
        data[field_name] = (
            raw.frame[header].astype(TEXT_DTYPE).reset_index(drop=True)
            if header
            else pd.Series(pd.NA, index=range(n), dtype=TEXT_DTYPE)
        )
    frame = pd.DataFrame(data)
    frame["source_file"] = raw.source_file
    frame["source_row"] = np.asarray(raw.row_numbers, dtype="int64")
    frame["_table"] = id(raw)
    frame["_pos"] = np.arange(n)
    return frame, found


def map_unique(values: pd.Series, fn: Callable[[Any], Any]) -> pd.Series:
    """Apply ``fn`` once per distinct value (registry columns repeat a lot).

    Parameters
    ----------
    values
        Any column; missing values are passed to ``fn`` as ``None``.
    fn
        The function to apply.

    Returns
    -------
    pandas.Series
        Object dtype, same index as ``values``.
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    mapped = np.array([fn(u) for u in uniques.tolist()] + [fn(None)], dtype=object)
    return pd.Series(mapped[codes], index=values.index, dtype=object)


def _strip_text(value: object) -> object:
    if not isinstance(value, str):
        return None
    return decode_entities(value).strip() or None


def strip_values(values: pd.Series) -> pd.Series:
    """Decode HTML character references and strip white space; empty and non-text become None."""
    return map_unique(values, _strip_text)


def year_text(value: object) -> object:
    """Return the year of a founding date written as a year or a date ("2004", "15/03/2004")."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if len(text) > 4 and text[:4].isdigit() and text[4] in "-/.":
        return text[:4]  # ISO date
    if len(text) > 4 and text[-4:].isdigit() and text[-5] in "-/.":
        return text[-4:]  # dd/mm/yyyy
    return text


def where(source_file: object, source_row: SupportsInt) -> Notice:
    """Name a row of a file for a message: ``"<file>, row <n>"`` (in any language)."""
    return Notice("row.where", file=str(source_file), row=int(source_row))


class Rows:
    """Row state of an import: the canonical frame and each row's reason, message and flags.

    Parameters
    ----------
    df
        The canonical frame of every input row (see :func:`canonical_frame`).
    """

    def __init__(self, df: pd.DataFrame) -> None:
        n = len(df)
        self.df = df
        self.reason = np.full(n, None, dtype=object)
        self.message = np.full(n, None, dtype=object)
        self._alive: np.ndarray | None = None  # ``reason == None``, until the next rejection
        self.flags: dict[str, np.ndarray] = {}
        #: ``(id(raw), column)`` -> the whole file column's decimal votes, when ``df``
        #: holds a chunk of the file (see :func:`geo.io.number_text.decimal_votes`).
        self.votes: dict[tuple[int, str], Counter[str]] = {}

    def reject(self, mask: np.ndarray, reason: str, message: Callable[[int], str]) -> None:
        """Reject the rows in ``mask`` not rejected yet; ``message(i)`` explains row ``i``.

        The message is a :class:`geo.notice.Notice`: English as text (``rejected.csv``),
        and said in a page's language by the upload's report and download.
        """
        mask = mask & self.alive
        for i in np.flatnonzero(mask):
            self.reason[i] = reason
            self.message[i] = message(int(i))
        if mask.any():
            self._alive = None

    def flag(self, mask: np.ndarray, code: str) -> None:
        """Add flag ``code`` to the rows in ``mask`` (rejected or not)."""
        current = self.flags.get(code)
        self.flags[code] = mask.copy() if current is None else (current | mask)

    @property
    def alive(self) -> np.ndarray:
        """Mask of the rows not rejected (yet): a new array, computed once per rejection."""
        if self._alive is None:
            self._alive = self.reason == None  # noqa: E711
        return self._alive.copy()

    def where(self, i: int) -> Notice:
        """Name row ``i`` for a message: ``"<file>, row <n>"``."""
        return where(self.df["source_file"].iat[i], self.df["source_row"].iat[i])

    def flag_strings(self) -> np.ndarray:
        """Return each row's flags joined by ``|``, in the order of :data:`FLAGS`."""
        out = np.full(self.reason.shape, "", dtype=object)
        for code in FLAGS:
            mask = self.flags.get(code)
            if mask is not None and mask.any():
                out[mask] = out[mask] + "|" + code
        return np.array([s[1:] for s in out], dtype=object)

    def numbers(
        self, column: str, decimals: dict[int, str | None] | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Parse a text column file by file (each file has its own decimal separator).

        Parameters
        ----------
        column
            A column of :attr:`df`.
        decimals
            ``id(raw)`` -> decimal separator for files whose convention is known.

        Returns
        -------
        values : numpy.ndarray
            float64, NaN when missing or invalid.
        invalid : numpy.ndarray
            bool, True where the text was not a number.
        """
        df = self.df
        values = np.full(len(df), np.nan)
        invalid = np.zeros(len(df), dtype=bool)
        for table_id, idx in df.groupby("_table", sort=False).indices.items():
            decimal = (decimals or {}).get(table_id)
            numbers, bad = parse_numbers(
                df[column].iloc[idx], decimal=decimal, votes=self.votes.get((table_id, column))
            )
            values[idx] = numbers.to_numpy(dtype="float64", na_value=np.nan)
            invalid[idx] = bad.to_numpy(dtype=bool)
        return values, invalid

    def whole_numbers(
        self, column: str, *, lower: float, upper: float
    ) -> tuple[pd.api.extensions.ExtensionArray, np.ndarray]:
        """Parse whole numbers in ``[lower, upper]``; others become NA and are reported invalid.

        Returns
        -------
        values : pandas.arrays.IntegerArray
            ``Int64`` values.
        invalid : numpy.ndarray
            bool, True where the text was not a number or out of range.
        """
        arr, invalid = self.numbers(column)
        out_of_range = np.isfinite(arr) & ((arr < lower) | (arr > upper) | (arr != np.round(arr)))
        invalid = invalid | out_of_range
        arr[invalid] = np.nan
        return pd.array(arr, dtype="Float64").astype("Int64"), invalid


class OrgRows(Rows):
    """Row state of an organization import: :class:`Rows` plus what the stages found.

    Every array has one entry per input row; the stages fill them in order.
    """

    def __init__(self, df: pd.DataFrame) -> None:
        super().__init__(df)
        n = len(df)
        self.countries = pd.Series([None] * n, dtype=object)  # "CO"/"PE"/"EC" or None
        self.lat = np.full(n, np.nan)
        self.lon = np.full(n, np.nan)
        self.point_iso = np.full(n, None, dtype=object)  # unit of the point
        self.point_admin2 = np.full(n, None, dtype=object)  # level-2 unit of the point
        self.admin2 = np.full(n, None, dtype=object)  # the level-2 unit kept (admin2_id)
        self.headers: dict[int, dict[str, str]] = {}  # id(raw) -> field -> header
        self.resolved = pd.DataFrame()  # the gazetteer's answer for the department
        self.iso = np.full(n, None, dtype=object)  # the unit kept
        self.location_source = np.full(n, "point", dtype=object)
        self.columns: dict[str, Any] = {}  # canonical output columns
        self.notes: dict[str, Any] = {}  # what the stages tell the report
        # Set when ``df`` is a chunk of a file: what the whole file decided (see
        # :mod:`geo.importer.facts`), and the ids of the earlier chunks.
        self.facts: dict[int, Any] = {}  # id(raw) -> geo.importer.facts.FileFacts
        self.earlier_ids: Any = None  # geo.importer.seen_keys.SeenIds
        #: ``fold`` of each name once stripped (set by the text stage), read by the stages
        #: that fold names (summary lines, types from names, possible duplicates).
        self.folded_names: np.ndarray | None = None
