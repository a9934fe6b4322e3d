"""Organization import stages: text fields, summary lines, names and ids.

* **Text fields** are stripped and kept as written.
* **Summary lines.** Registries copied from reports keep their subtotal lines
  ("TOTAL SEGMENTO 1", "Subtotal", "Total general") and notes ("Fuente: SEPS",
  "Nota: ..."). A row whose name (or, when the name is empty, whose first filled
  cell) reads like one is rejected as ``summary_row``, never imported.
* **Names** are required (``missing_name``).
* **Ids.** A column of small whole numbers that restarts (1, 2, 3, 1, 2...) or that
  counts the rows (1, 2, 3...) is a row counter, not an id, even under a header
  such as CÓDIGO: its values are set aside (the report names the column) and ids are
  built from file and row (flag ``generated_id``). Real ids (NIT, RUC, registry
  codes) keep the duplicate rule: a later row with the same id is ``duplicate_id``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from geo.importer.placeholders import blank_department_placeholders
from geo.importer.rows import OrgRows, strip_values
from geo.importer.rows import where as row_at
from geo.io.raw_table import TEXT_DTYPE, RawTable
from geo.io.text import fold
from geo.io.text_columns import WHITE_SPACE, fold_column, text_cells
from geo.notice import Notice

#: Text fields stored as given (stripped), never interpreted.
TEXT_FIELDS = (
    "org_id", "name", "country", "department", "municipality", "province", "admin2_code",
    "org_type", "sector", "federations", "social_services", "status",
)  # fmt: skip

_TOTAL = re.compile(r"^(?:sub ?totale?s?|totale?s?|gran total|total general|suma total)\b")
_NOTE = re.compile(
    r"^\s*(?:fuente|fuentes|nota|notas|source|sources|note|notes|elaborado por|"
    r"elaboracion|corte|fecha de corte|observaciones?)\s*:",
    re.IGNORECASE,
)
_FOOTNOTE = re.compile(r"^\s*\(?\*+\)?\s")
#: Characters of a cell folded to test for a total line.
_SUMMARY_FOLDED = 200
#: Largest value of a row counter (a real id of six digits or fewer is a code).
_COUNTER_MAX_DIGITS = 6


def summary_kind(text: object) -> str | None:
    """Return ``"total"``, ``"note"`` or None for a cell as written."""
    if not isinstance(text, str) or not text.strip():
        return None
    if _NOTE.match(text) or _FOOTNOTE.match(text):
        return "note"
    return "total" if _TOTAL.match(fold(text[:_SUMMARY_FOLDED])) else None


def summary_kinds(values: np.ndarray, *, folded: np.ndarray | None = None) -> np.ndarray:
    """Return :func:`summary_kind` of each cell, asking it only of the cells that may be one.

    Every summary line holds a ``:`` (a note), a ``*`` (a footnote) or, folded, the
    letters "total" (every total pattern does). Those three tests run on the whole
    column at once (:func:`geo.io.text_columns.fold_column`, Arrow); only the cells
    that pass one, the cells longer than the 200 characters :func:`summary_kind`
    folds, and anything not text are asked.

    Parameters
    ----------
    values
        Object array of cells as written (``str`` or None).
    folded
        ``fold_column(values)`` when the caller has it already.

    Returns
    -------
    numpy.ndarray
        Object array of ``"total"``, ``"note"`` or None.
    """
    out = np.full(len(values), None, dtype=object)
    is_text, text = text_cells(values)
    keys = fold_column(values[is_text]) if folded is None else folded[is_text]
    maybe = [
        pc.match_substring(text, ":"),
        pc.match_substring(text, "*"),
        pc.greater(pc.utf8_length(text), _SUMMARY_FOLDED),
        pc.match_substring(pa.array(keys, type=pa.large_string()), "total"),
    ]
    ask = np.zeros(len(values), dtype=bool)
    ask[is_text] = np.logical_or.reduce([m.to_numpy(zero_copy_only=False) for m in maybe])
    ask |= ~is_text & pd.notna(values)  # not text: summary_kind decides (it says None)
    out[ask] = [summary_kind(v) for v in values[ask]]
    return out


#: A first cell that may open a note or a total (checked exactly by :func:`summary_kind`).
_LOOSE = (
    r"^\s*(?:\(?\*|fuente|nota|source|note|elaborad|elaboraci|corte|fecha de corte|"
    r"observaci|sub ?total|total|gran total|suma)"
)
#: :data:`_LOOSE` for Arrow (RE2), which Python's ``re`` reads differently in two places:
#: ``\s`` is every character ``str.isspace`` accepts, and ignoring case, ``i`` is also
#: matched by İ and ı (every other letter of the pattern matches the same characters).
_LOOSE_RE2 = _LOOSE.replace("i", "[i\u0130\u0131]").replace(
    r"\s", "[" + "".join(f"\\x{{{ord(c):x}}}" for c in WHITE_SPACE) + "]"
)


def _first_column_looks_summary(tables: list[RawTable], rows: OrgRows) -> np.ndarray:
    """Mark rows whose first cell in the file may open a note or a total (checked later)."""
    out = np.zeros(len(rows.df), dtype=bool)
    table_ids = rows.df["_table"].to_numpy()
    positions = rows.df["_pos"].to_numpy()
    for raw in tables:
        if raw.frame.shape[1] == 0:
            continue
        cells = pa.array(raw.frame.iloc[:, 0].astype(TEXT_DTYPE), type=pa.large_string())
        first = pc.match_substring_regex(cells, _LOOSE_RE2, ignore_case=True)
        hits = pc.fill_null(first, False).to_numpy(zero_copy_only=False)
        mine = table_ids == id(raw)
        out[mine] = hits[positions[mine]]
    return out


def _first_cells(tables: list[RawTable], rows: OrgRows, candidates: np.ndarray) -> np.ndarray:
    """Return the first filled cell of each candidate row, as written in the file."""
    out = np.full(len(rows.df), None, dtype=object)
    by_id = {id(raw): raw for raw in tables}
    table_ids = rows.df["_table"].to_numpy()
    positions = rows.df["_pos"].to_numpy()
    for i in np.flatnonzero(candidates):
        values = by_id[table_ids[i]].frame.iloc[int(positions[i])].tolist()
        out[i] = next((v for v in values if isinstance(v, str) and v.strip()), None)
    return out


def text_fields(rows: OrgRows, tables: list[RawTable]) -> None:
    """Strip text fields, empty placeholder departments; reject summary lines, nameless rows."""
    df = rows.df
    for col in TEXT_FIELDS:
        df[col] = strip_values(df[col])
    blank_department_placeholders(rows)
    names = df["name"].to_numpy(dtype=object)
    rows.folded_names = folded_names = fold_column(names)
    empty = pd.isna(names)
    look = empty | _first_column_looks_summary(tables, rows)
    first = _first_cells(tables, rows, look)
    written = np.where(look & pd.notna(first), first, names)
    # A named row whose first cell is no summary keeps its name (asked of those rows only).
    keep_name = look & ~empty
    keep_name[keep_name] = [summary_kind(v) is None for v in written[keep_name]]
    written = np.where(keep_name, names, written)
    folded = folded_names.copy()
    first_cell = look & pd.notna(first) & ~keep_name  # the rows whose first cell is tested
    folded[first_cell] = fold_column(written[first_cell])
    kinds = summary_kinds(written, folded=folded)

    def summary_message(i: int) -> str:
        what = "row.summary_total" if kinds[i] == "total" else "row.summary_note"
        return Notice(what, where=rows.where(i), value=repr(written[i]))

    rows.reject(kinds != None, "summary_row", summary_message)  # noqa: E711
    rows.reject(
        empty,
        "missing_name",
        lambda i: Notice("row.missing_name", where=rows.where(i)),
    )


@dataclass
class CounterCheck:
    """Tell whether an id column counts rows: small whole numbers that restart or count up.

    Fed the column in one piece or chunk by chunk (in file order), it reaches the
    same answer.
    """

    filled: int = 0  # cells with a value
    pairs: int = 0  # cells holding a small whole number
    equal: int = 0  # ... equal to their row number
    steps: int = 0  # consecutive small numbers
    counting: int = 0  # ... that count up by one or restart at 0 or 1
    first: int | None = None
    last: int | None = None

    def add(self, values: list[str | None], row_numbers: np.ndarray) -> None:
        """Read the next cells of the column and their row numbers."""
        for value, number in zip(values, row_numbers, strict=True):
            if value is None:
                continue
            self.filled += 1
            if not (value.isascii() and value.isdigit() and len(value) <= _COUNTER_MAX_DIGITS):
                continue
            k = int(value)
            self.pairs += 1
            self.equal += k == int(number)
            if self.last is None:
                self.first = k
            else:
                self.steps += 1
                self.counting += k == self.last + 1 or (k in (0, 1) and self.last >= k)
            self.last = k

    @property
    def is_counter(self) -> bool:
        """True when the column read so far is a row counter."""
        if self.pairs < 3 or self.pairs < 0.95 * self.filled:
            return False
        if self.equal >= 0.95 * self.pairs:
            return True
        return self.first in (0, 1) and self.counting >= 0.9 * self.steps


def _counter_tables(rows: OrgRows) -> list[dict[str, Any]]:
    """Find the files whose id column is a row counter; empty their ids.

    A chunk of a file takes the whole file's answer from ``rows.facts``.
    """
    df = rows.df
    found = []
    for table_id, idx in df.groupby("_table", sort=False).indices.items():
        header = rows.headers.get(table_id, {}).get("org_id")
        if header is None:
            continue
        facts = rows.facts.get(table_id)
        if facts is not None:
            counter = facts.id_counter
        else:
            check = CounterCheck()
            check.add(df["org_id"].iloc[idx].tolist(), df["source_row"].to_numpy()[idx])
            counter = check.is_counter
        if counter:
            df.loc[df.index[idx], "org_id"] = None
            found.append({"file": df["source_file"].iat[idx[0]], "column": header})
    return found


def ids(rows: OrgRows) -> None:
    """Organization ids: set counters aside, generate missing ids, reject later duplicates."""
    df = rows.df
    rows.notes["id_counters"] = _counter_tables(rows)
    no_id = df["org_id"].isna().to_numpy()
    if no_id.any():
        generated = (
            df["source_file"].map(lambda s: Path(s).stem) + ":" + df["source_row"].astype(str)
        )
        df.loc[no_id, "org_id"] = generated[no_id]
        rows.flag(no_id, "generated_id")
    alive = rows.alive
    key = df["org_id"].where(alive)
    dup = key.duplicated(keep="first").to_numpy() & alive
    kept: dict[str, tuple[str, int]] = {}
    earlier = rows.earlier_ids  # the ids of a file's earlier chunks (and earlier files)
    if earlier is not None:
        idx = np.flatnonzero(alive)
        org_ids = df["org_id"].to_numpy(dtype=object)
        found = earlier.find(org_ids[idx])
        kept = {org_ids[i]: at for i, at in zip(idx, found, strict=True) if at}
        seen = np.zeros(len(df), dtype=bool)
        seen[idx] = [at is not None for at in found]
        new = alive & ~dup & ~seen
        earlier.add(
            org_ids[new],
            df["source_file"].to_numpy(dtype=object)[new],
            df["source_row"].to_numpy(dtype="int64")[new],
        )
        dup |= seen
    if not dup.any():
        return
    # where each id repeated within the chunk was first seen: one look-up a message
    org_id = df["org_id"].to_numpy(dtype=object)
    within = {v for v in org_id[dup] if v not in kept}
    at = np.flatnonzero(alive & df["org_id"].isin(within).to_numpy())
    files, numbers = df["source_file"].to_numpy(dtype=object), df["source_row"].to_numpy()
    first_at: dict[str, tuple[str, int]] = {}
    for i in at:
        first_at.setdefault(org_id[i], (files[i], int(numbers[i])))

    def dup_message(i: int) -> str:
        where = kept.get(org_id[i]) or first_at[org_id[i]]
        return Notice(
            "row.duplicate_id", where=rows.where(i), value=repr(org_id[i]), kept=row_at(*where)
        )

    rows.reject(dup, "duplicate_id", dup_message)
