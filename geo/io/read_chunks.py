"""Read a registry file in chunks of rows, each cut as the whole reader would cut it.

:func:`open_chunks` returns a source whose :meth:`chunks` yields
:class:`geo.io.raw_table.RawTable` pieces of at most ``rows`` data rows, in file order,
with the row numbers, header row and columns of the whole table:

* a **CSV** file that pandas' fast parser reads (the common case) is streamed
  (:class:`CsvChunks`): its encoding is found by decoding it block by block with
  the rule of :mod:`geo.io.readers`, its title lines and delimiter from its first
  :data:`HEAD_CHARS` characters (:mod:`geo.io.read_csv`), and pandas reads it
  ``rows`` records at a time; memory does not grow with the file;
* every **other** file (XLSX, GeoJSON, GeoPackage, GeoParquet; a CSV that only
  the careful reader reads: rows longer than the header, unbalanced quotes, a
  binary or JSON look, a hostile header) is read whole by
  :func:`geo.io.readers.read_table` and cut (:class:`WholeChunks`). A CSV found
  unsuitable while streaming raises :class:`NotStreamableError`; the caller reads it
  whole instead (:func:`whole_chunks`).
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TextIO

import numpy as np
import pandas as pd

from geo._errors import InputValidationError
from geo.io.raw_table import MAX_COLUMNS, TEXT_DTYPE, RawTable, unique_names
from geo.io.read_csv import (
    blank_rows,
    check_lengths,
    detect_delimiter,
    header_width,
    title_lines,
)
from geo.io.read_limits import MAX_BLANK_LINES, LimitError
from geo.io.readers import looks_binary, read_table

#: How many characters at the top of a CSV decide its title lines and delimiter.
HEAD_CHARS = 1_000_000

#: Bytes read at a time while finding a CSV's encoding.
_BLOCK = 1 << 23

#: First bytes of files that are not CSV (the whole reader names or reads them).
_NOT_TEXT = (b"PK\x03\x04", b"PK\x05\x06", b"SQLite format 3\x00", b"PAR1", b"\xd0\xcf\x11\xe0")


class NotStreamableError(Exception):
    """A CSV that the fast parser does not read as the whole reader would; read it whole."""


def slice_table(raw: RawTable, start: int, stop: int) -> RawTable:
    """Return rows ``start:stop`` of ``raw`` as a table of their own (same file, same header)."""
    return replace(
        raw,
        frame=raw.frame.iloc[start:stop].reset_index(drop=True),
        row_numbers=raw.row_numbers[start:stop],
        row_problems={p - start: m for p, m in raw.row_problems.items() if start <= p < stop},
    )


class WholeChunks:
    """A table read whole, cut into chunks."""

    def __init__(self, raw: RawTable) -> None:
        self.raw = raw
        self.name = raw.source_file

    def chunks(self, rows: int) -> Iterator[RawTable]:
        """Yield the table ``rows`` data rows at a time (one empty chunk for no rows)."""
        n = len(self.raw.frame)
        for start in range(0, max(n, 1), rows):
            yield slice_table(self.raw, start, start + rows)


class CsvChunks:
    """A well-formed CSV file read by pandas a chunk at a time.

    Parameters
    ----------
    path
        The file.
    encoding, delimiter
        As :func:`geo.io.readers.read_table` would find them.
    titles
        Title lines above the table (skipped; row numbers count them).
    """

    def __init__(self, path: Path, encoding: str, delimiter: str, titles: int) -> None:
        self.path, self.encoding, self.delimiter, self.titles = path, encoding, delimiter, titles
        self.name = path.name
        #: The rows per chunk, first chunk and the rest of a reading begun by :meth:`head`.
        self._begun: tuple[int, RawTable, Iterator[RawTable]] | None = None

    def head(self, rows: int) -> RawTable:
        """Return the first chunk of ``rows`` records; the next :meth:`chunks` starts with it.

        A build reads the first chunk to check the file's header before it reads the
        file; the next :meth:`chunks` of as many rows yields that chunk and goes on
        from where it stopped, so the first chunk is not parsed twice.

        Raises
        ------
        NotStreamableError
            As :meth:`chunks`.
        """
        reading = self.chunks(rows)
        first = next(reading)
        self._begun = (rows, first, reading)
        return first

    def chunks(self, rows: int) -> Iterator[RawTable]:
        """Yield the data rows ``rows`` records at a time.

        Raises
        ------
        NotStreamableError
            The fast parser fails, a row is longer than the header, or there is no
            header: the whole reader decides what to do with such a file.
        """
        begun, self._begun = self._begun, None
        if begun is not None and begun[0] == rows:
            yield begun[1]
            yield from begun[2]
            return
        with self.path.open(encoding=self.encoding, newline="") as handle:
            for _ in itertools.islice(handle, self.titles):
                pass  # the same lines geo.io.read_csv skips
            try:
                yield from self._read(handle, rows)
            except InputValidationError:  # a limit (a ValueError too): not a parser's failure
                raise
            except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
                raise NotStreamableError(str(exc)) from exc

    def _read(self, handle: TextIO, rows: int) -> Iterator[RawTable]:
        reader = pd.read_csv(
            handle,
            sep=self.delimiter,
            header=None,
            dtype=TEXT_DTYPE,
            keep_default_na=False,
            na_values=[""],
            skip_blank_lines=False,
            engine="c",
            quoting=csv.QUOTE_MINIMAL,
            chunksize=rows,
        )
        records = blanks = 0  # records before this chunk (blank ones too), blank ones
        names: list[str] | None = None
        header_number = width = 0
        yielded = False
        for raw in reader:
            blank = blank_rows(raw)
            numbers = np.flatnonzero(~blank) + 1 + records
            records += len(raw)
            if numbers.size:  # blank lines before a line with a value count (as read_csv)
                before_last = int(blank[: numbers[-1] - (records - len(raw))].sum())
                if blanks + before_last > MAX_BLANK_LINES:
                    raise LimitError("limit.blank_lines", name=self.name, limit=MAX_BLANK_LINES)
            blanks += int(blank.sum())
            raw = raw.loc[~blank]
            check_lengths(raw, self.name)
            if names is None:
                if raw.empty:
                    continue
                header = [None if pd.isna(v) else v for v in raw.iloc[0].tolist()]
                width = max((i + 1 for i, v in enumerate(header) if v is not None), default=0)
                names, header_number = unique_names(header[:width]), int(numbers[0])
                raw, numbers = raw.iloc[1:], numbers[1:]
            if raw.iloc[:, width:].notna().to_numpy().any():
                raise NotStreamableError("a row is longer than the header")
            if raw.empty:
                continue
            yielded = True
            yield self._table(raw.iloc[:, :width], names, numbers - header_number, header_number)
        if names is None:
            raise NotStreamableError("no header")
        if not yielded:  # a header and no data rows: one empty chunk, as the whole table
            empty = pd.DataFrame({n: pd.Series([], dtype=TEXT_DTYPE) for n in names})
            yield self._table(empty, names, np.array([], dtype="int64"), header_number)

    def _table(
        self, data: pd.DataFrame, names: list[str], numbers: np.ndarray, header_number: int
    ) -> RawTable:
        data = data.reset_index(drop=True)
        data.columns = names
        return RawTable(
            frame=data,
            source_file=self.name,
            kind="csv",
            encoding=self.encoding,
            delimiter=self.delimiter,
            row_numbers=numbers.tolist(),
            header_row=header_number + self.titles,
        )


def _text_head(path: Path) -> tuple[str, str] | None:
    """Return the first :data:`HEAD_CHARS` characters and the encoding of a text file.

    The encoding follows :mod:`geo.io.readers` (UTF-16 by its byte-order mark, else
    strict UTF-8, Windows-1252, Latin-1) over the whole file, read in blocks. None
    for a file the whole reader must judge (NUL bytes, undecodable UTF-16).
    """
    with path.open("rb") as handle:
        first = handle.read(4)
    if first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        utf8 = "utf-8-sig" if first.startswith(codecs.BOM_UTF8) else "utf-8"
        encodings = (utf8, "cp1252", "latin-1")
    for encoding in encodings:
        decoder = codecs.getincrementaldecoder(encoding)()
        head = ""
        try:
            with path.open("rb") as handle:
                while block := handle.read(_BLOCK):
                    if encoding != "utf-16" and b"\x00" in block:
                        return None
                    text = decoder.decode(block)
                    if len(head) < HEAD_CHARS:
                        head += text[: HEAD_CHARS - len(head)]
                head += decoder.decode(b"", final=True)[: HEAD_CHARS - len(head)]
        except UnicodeDecodeError:
            continue
        return head, encoding
    return None


def _csv_chunks(path: Path) -> CsvChunks | None:
    """Return a streaming source for a plain CSV file, or None to read it whole."""
    with path.open("rb") as handle:
        if handle.read(100).startswith(_NOT_TEXT):
            return None
    found = _text_head(path)
    if found is None:
        return None
    head, encoding = found
    complete = len(head) < HEAD_CHARS  # the head is the whole text
    if looks_binary(head) or head.lstrip().startswith("{") or not head.strip():
        return None
    if not complete and head.count("\n") < 2:
        return None  # a first line longer than the head: the whole reader judges it
    titles = title_lines(head)
    table = head
    if titles:
        skipped = "".join(itertools.islice(io.StringIO(head, newline=""), titles))
        table = head[len(skipped) :]
    delimiter = detect_delimiter(table)
    if header_width(table, delimiter) > MAX_COLUMNS:
        return None
    return CsvChunks(path, encoding, delimiter, titles)


def open_chunks(path: Path, *, sheet: str | None = None) -> CsvChunks | WholeChunks:
    """Return a chunk source for a registry file (see the module).

    Parameters
    ----------
    path
        The file.
    sheet
        Worksheet or layer name, as for :func:`geo.io.readers.read_table`.

    Raises
    ------
    geo._errors.InputValidationError, geo._errors.MissingDataError
        As :func:`geo.io.readers.read_table`, for a file read whole.
    """
    path = Path(path)
    if path.is_file():
        source = _csv_chunks(path)
        if source is not None:
            return source
    return whole_chunks(path, sheet=sheet)


def whole_chunks(path: Path, *, sheet: str | None = None) -> WholeChunks:
    """Read ``path`` whole with :func:`geo.io.readers.read_table`, to be cut into chunks."""
    return WholeChunks(read_table(Path(path), sheet=sheet))
