"""Read a CSV text into a raw table: delimiter detection, fast and careful parsers.

**Delimiter.** ``csv.Sniffer`` restricted to ``, ; TAB |`` proposes one; it is
kept when it splits the header line into as many fields as the best candidate,
otherwise the candidate giving the most header fields wins (ties in that order).

**Width.** The header's fields are counted (quote-aware, in one pass over the
line) before either parser runs, so a header wider than
:data:`geo.io.raw_table.MAX_COLUMNS` (or one huge line of short fields) is refused
without building a cell of it.

**Cost** (:mod:`geo.io.read_limits`). Blank lines after the table are cut off before
either parser sees them (one pass in C over the text's end). Both parsers then read
record by record (pandas in chunks of :data:`CHUNK_ROWS`), dropping blank rows as
they go, and stop at the first data row past ``max_rows``, at the first blank line
past :data:`geo.io.read_limits.MAX_BLANK_LINES` and at the first cell longer than
:data:`geo.io.read_limits.MAX_CELL_CHARS` (one quoted field holding a whole file).

The text arrives decoded (see :mod:`geo.io.readers` for the encoding rule); the
rows follow :mod:`geo.io.raw_table`.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from geo._errors import InputValidationError
from geo.io.raw_table import (
    FIX,
    MAX_COLUMNS,
    TEXT_DTYPE,
    RawTable,
    assemble_rows,
    too_wide_error,
    unique_names,
)
from geo.io.read_limits import (
    MAX_BLANK_LINES,
    MAX_CELL_CHARS,
    LimitError,
    cell_too_long,
    too_many_rows,
)

DELIMITERS = (",", ";", "\t", "|")
_QUOTED = re.compile(r'"[^"]*"')  # a doubled quote inside a field splits it in two: harmless

#: Records pandas parses at a time.
CHUNK_ROWS = 100_000
#: Characters of blank lines after the table worth cutting off before parsing.
_TAIL_CUT_CHARS = 65_536

#: Codec names pandas should use for the encodings :func:`geo.io.readers.read_table` detects.
_PANDAS_ENCODING = {"utf-8": "utf-8", "utf-8-sig": "utf-8-sig", "cp1252": "cp1252"}


def detect_delimiter(text: str) -> str:
    """Return the delimiter of a CSV text by the rule in the module docstring."""
    sample = text[:20000]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[: sample.rfind("\n")]  # whole lines only
    # The header is the first line with a letter or digit (a line of empty quoted
    # cells or delimiters above it must not decide the delimiter).
    lines = sample.splitlines()
    header = next((line for line in lines if any(c.isalnum() for c in line)), None)
    if header is None:
        header = next((line for line in lines if line.strip()), "")
    fields = {d: len(next(csv.reader([header], delimiter=d), [])) for d in DELIMITERS}
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        sniffed = None
    if sniffed in fields and fields[sniffed] == max(fields.values()):
        return sniffed
    return max(DELIMITERS, key=fields.__getitem__)


def header_width(text: str, delimiter: str) -> int:
    """Count the fields of the first non-blank line (to its last non-empty one) without cells."""
    blank = f'{delimiter}"\ufeff \t\r\n'
    first = len(text) - len(text.lstrip(blank))  # skips any number of blank lines in C
    if first == len(text):
        return 0
    start = text.rfind("\n", 0, first) + 1
    end = text.find("\n", first)
    line = text[start : len(text) if end < 0 else end]
    line = line.rstrip(f"{delimiter} \t\r")  # trailing empty columns are dropped
    return _QUOTED.sub("", line).count(delimiter) + 1


#: How many non-blank lines at the top are looked at for title lines.
TITLE_SEARCH_LINES = 30


def _records(head: str, delimiter: str) -> list[tuple[int, int]]:
    """Return ``(lines before it, width)`` of the first non-blank records of ``head``.

    The width counts fields up to the last non-empty one. Lines are physical lines
    as :mod:`csv` reads them, so a quoted cell over several lines is one record.
    """
    reader = csv.reader(io.StringIO(head, newline=""), delimiter=delimiter)
    found: list[tuple[int, int]] = []
    before = 0
    for record in reader:
        width = max((k + 1 for k, cell in enumerate(record) if cell.strip()), default=0)
        if width:
            found.append((before, width))
            if len(found) >= TITLE_SEARCH_LINES:
                break
        before = reader.line_num
    return found


def title_lines(text: str) -> int:
    """Return how many lines at the top are titles: one field each, above a wider table.

    Registries copied from reports start with a title and a date on lines of their
    own ("LISTA DE COOPERATIVAS", "Quito, diciembre de 2014"), without delimiters,
    above the header. Those lines are skipped (and counted, so row numbers stay the
    file's); a title written with trailing delimiters is left to
    :mod:`geo.io.header_row`.
    """
    head = text[:200_000]
    if len(text) > len(head) and "\n" in head:
        head = head[: head.rfind("\n") + 1]
    first = next((line for line in head.splitlines() if line.strip(" \t\ufeff")), "")
    try:
        fields = next(csv.reader([first], delimiter=detect_delimiter(text)), [])
    except csv.Error:  # e.g. one field longer than csv's limit: not a title line
        return 0
    if len(fields) != 1 or not fields[0].strip():
        # several fields (a header whose last names are blank, or a title written with
        # trailing delimiters, which geo.io.header_row finds): no title line here
        return 0
    # The file's delimiter is the one most records agree on (then the widest).
    best: tuple[int, int] = (0, 0)  # (records agreeing, table width)
    table: list[tuple[int, int]] = []
    for delimiter in DELIMITERS:
        try:
            records = _records(head, delimiter)
        except csv.Error:
            return 0
        wide = Counter(width for _, width in records if width > 1)
        if not wide:
            continue
        width, agreeing = wide.most_common(1)[0]
        if (agreeing, width) > best:
            best, table = (agreeing, width), records
    agreeing, width = best
    if width == 0 or len(table) < 3 or agreeing * 2 < len(table):
        return 0
    first_table = next(k for k, (_, w) in enumerate(table) if w > 1)
    if first_table == 0 or table[first_table][1] != width:
        return 0  # no title above, or the first wide record is not the table's header
    return table[first_table][0]


def read_csv(
    text: str,
    name: str,
    encoding: str,
    *,
    path: Path | None = None,
    max_rows: int | None = None,
) -> RawTable:
    """Read decoded CSV text into a raw table.

    Parameters
    ----------
    text
        The whole file, decoded.
    name
        The file name, for ``source_file`` and messages.
    encoding
        The encoding ``text`` was decoded with (kept in the table).
    path
        The file itself; when given (and pandas knows the encoding), the fast
        parser reads it from disk instead of from ``text``.
    max_rows
        Stop and refuse the file at the first data row past this many.

    Returns
    -------
    RawTable

    Raises
    ------
    InputValidationError
        The text is empty, its quotes do not balance, it has more than
        :data:`geo.io.raw_table.MAX_COLUMNS` columns, or it breaks a limit of
        :mod:`geo.io.read_limits`.
    """
    titles = title_lines(text)
    if titles:
        # Read from the table's first line; row numbers are shifted back below.
        skipped = "".join(itertools.islice(io.StringIO(text, newline=""), titles))
        text = text[len(skipped) :]
        path = None
        table = _read_table(text, name, encoding, path=None, max_rows=max_rows)
        return replace(table, header_row=table.header_row + titles)
    return _read_table(text, name, encoding, path=path, max_rows=max_rows)


def _without_blank_tail(text: str, delimiter: str) -> str:
    """Return ``text`` without the blank lines after its last line with a value."""
    kept = len(text.rstrip(f" \t\r\n{delimiter}"))
    end = text.find("\n", kept)
    return text if end < 0 else text[: end + 1]


class _Counter:
    """Blank and data rows seen so far; refuses the file past a limit.

    Blank lines after the last line with a value do not count: ``tail`` of them
    (an upper bound: every line break of the tail) are allowed on top of the limit.
    """

    def __init__(self, name: str, max_rows: int | None, *, tail: int = 0) -> None:
        self.name, self.max_rows, self.tail = name, max_rows, tail
        self.blank = self.filled = 0

    def add(self, *, blank: int, filled: int) -> None:
        self.blank += blank
        self.filled += filled
        if self.blank > MAX_BLANK_LINES + self.tail:
            raise LimitError("limit.blank_lines", name=self.name, limit=MAX_BLANK_LINES)
        if self.max_rows is not None and self.filled > self.max_rows + 1:  # + the header
            raise too_many_rows(self.name, self.max_rows)


def _read_table(
    text: str, name: str, encoding: str, *, path: Path | None, max_rows: int | None
) -> RawTable:
    delimiter = detect_delimiter(text)
    width = header_width(text, delimiter)
    if width > MAX_COLUMNS:
        raise too_wide_error(name, f"{width:,} columns in its header")
    body = _without_blank_tail(text, delimiter)
    if len(text) - len(body) > _TAIL_CUT_CHARS:
        text, path = body, None  # parse the text without its tail, not the file
    tail = text[len(body) :]
    allowed = tail.count("\n") + tail.count("\r")
    fast = _read_csv_fast(
        text, name, encoding, delimiter, path=path, counter=_Counter(name, max_rows, tail=allowed)
    )
    if fast is not None:
        return fast
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[tuple[int, list[str | None]]] = []
    counter = _Counter(name, max_rows, tail=allowed)
    try:
        for number, record in enumerate(reader, 1):
            if len(record) > MAX_COLUMNS and any(record[MAX_COLUMNS:]):
                raise too_wide_error(name, f"{len(record):,} fields on line {reader.line_num:,}")
            for position, cell in enumerate(record):
                if len(cell) > MAX_CELL_CHARS:
                    column = f"column_{position + 1}"
                    raise cell_too_long(name, column=column, row=number, found=len(cell))
            filled = any(cell.strip() for cell in record)
            counter.add(blank=not filled, filled=filled)
            if filled:  # blank records are skipped by assemble_rows: never kept
                records.append((number, [cell if cell != "" else None for cell in record]))
    except csv.Error as exc:
        raise InputValidationError(
            f"file {name!r} could not be read as CSV near line {reader.line_num} ({exc}); "
            f"check that quotes are balanced, or {FIX}"
        ) from exc
    return assemble_rows(records, name=name, kind="csv", encoding=encoding, delimiter=delimiter)


def _read_csv_fast(
    text: str,
    name: str,
    encoding: str,
    delimiter: str,
    *,
    path: Path | None = None,
    counter: _Counter,
) -> RawTable | None:
    """Read a well-formed CSV with pandas' C parser; None when a row is longer than the first.

    Gives the same table as the record-by-record reader (which handles the rest):
    blank rows are skipped but counted, trailing empty columns dropped, cells kept
    as written (empty cells missing). Records are parsed :data:`CHUNK_ROWS` at a
    time; blank ones are dropped from each chunk before the next is parsed.
    """
    use_file = path is not None and encoding in _PANDAS_ENCODING
    parts, numbers, offset = [], [], 0
    try:
        reader = pd.read_csv(
            # From the file itself when we have it: a StringIO of a large text holds
            # it again at up to four bytes a character.
            path if use_file else io.StringIO(text),
            encoding=encoding if use_file else None,
            sep=delimiter,
            header=None,
            dtype=TEXT_DTYPE,
            keep_default_na=False,
            na_values=[""],
            skip_blank_lines=False,
            engine="c",
            quoting=csv.QUOTE_MINIMAL,
            chunksize=CHUNK_ROWS,
        )
        with reader:
            for chunk in reader:
                blank = blank_rows(chunk)
                kept = chunk.loc[~blank]
                check_lengths(kept, name)
                counter.add(blank=int(blank.sum()), filled=len(kept))
                parts.append(kept)
                numbers.append(np.flatnonzero(~blank) + 1 + offset)
                offset += len(chunk)
    except InputValidationError:  # a limit (a ValueError too): not a parser's failure
        raise
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError):
        return None
    raw = pd.concat(parts) if parts else pd.DataFrame()
    found = np.concatenate(numbers) if numbers else np.zeros(0, dtype=np.int64)
    if found.size == 0:
        raise InputValidationError(
            f"file {name!r} is empty; expected a header row and at least one data row"
        )
    filled = raw.notna().to_numpy()
    width = int(np.flatnonzero(filled.any(axis=0)).max()) + 1
    header = [None if pd.isna(v) else v for v in raw.iloc[0, :width].tolist()]
    header_width = max((i + 1 for i, v in enumerate(header) if v is not None), default=0)
    if width > header_width:
        return None  # rows longer than the header: the careful reader reports them
    data = raw.iloc[1:, :width].reset_index(drop=True)
    data.columns = unique_names(header)
    return RawTable(
        frame=data,
        source_file=name,
        kind="csv",
        encoding=encoding,
        delimiter=delimiter,
        row_numbers=(found[1:] - found[0]).tolist(),
        header_row=int(found[0]),
    )


def blank_rows(chunk: pd.DataFrame) -> np.ndarray:
    """Return which rows of a parsed chunk (text columns) hold nothing but white space.

    The test of ``fillna("").str.strip().eq("")`` on every column, run by Arrow
    (``utf8_trim_whitespace``, the kernel pandas' ``str.strip`` runs) without pandas'
    three copies of each column: 30-44 against 12-13 ms for 50,000 rows of 15 columns.
    """
    filled = np.zeros(len(chunk), dtype=bool)
    for column in chunk.columns:
        cells = pa.array(chunk[column], type=pa.large_string())
        has_text = pc.fill_null(pc.not_equal(pc.utf8_trim_whitespace(cells), ""), False)
        filled |= has_text.to_numpy(zero_copy_only=False)
    return ~filled


def check_lengths(chunk: pd.DataFrame, name: str) -> None:
    """Refuse the first cell of ``chunk`` longer than MAX_CELL_CHARS (index: record - 1).

    A column whose longest cell has at most MAX_CELL_CHARS bytes (Arrow's offsets, no
    pass over the text) has no cell of more characters, and is not counted.
    """
    for position, column in enumerate(chunk.columns):
        cells = pa.array(chunk[column], type=pa.large_string())
        longest = pc.max(pc.binary_length(cells)).as_py()
        if longest is None or longest <= MAX_CELL_CHARS:
            continue
        lengths = chunk[column].str.len().fillna(0).to_numpy(dtype=np.int64)
        if lengths.size and lengths.max() > MAX_CELL_CHARS:
            at = int(lengths.argmax())
            record = int(chunk.index[at]) + 1
            found = int(lengths[at])
            raise cell_too_long(name, column=f"column_{position + 1}", row=record, found=found)
