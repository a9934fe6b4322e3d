"""Read a GeoParquet file within the limits of :mod:`geo.io.read_limits`.

A Parquet file can hold far more than its size: one dictionary value repeated a
million times by run-length encoding is a few kilobytes on disk and a gigabyte in
memory. So the file is judged twice before it is read whole:

1. **Metadata** (footer only): the rows, the columns and the uncompressed size of
   every row group, against ``max_rows``, :func:`geo.io.read_limits.cell_budget` and
   :func:`geo.io.read_limits.text_budget`. Attribute columns of nested types (lists,
   structs, maps) are refused: a registry has one value a cell.
2. **Content**, row group by row group in batches of :data:`BATCH_ROWS` rows, with
   text columns kept dictionary-encoded: the rows actually decoded (a footer can
   lie), the decoded length of every text cell (a dictionary value is measured
   once, then counted by its indices) against :data:`geo.io.read_limits.MAX_CELL_CHARS`,
   and the total of text and binary bytes against the text budget. Nothing of a
   batch is kept.

Only then does GeoPandas read the file, whose cost is now known to be bounded.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from geo.io.raw_table import MAX_COLUMNS, too_wide_error
from geo.io.read_limits import (
    MAX_CELL_CHARS,
    LimitError,
    cell_too_long,
    check_cells,
    text_budget,
    too_many_rows,
    too_much_text,
)

#: Rows decoded at a time while the content is checked.
BATCH_ROWS = 65_536


def _is_text(kind: pa.DataType) -> bool:
    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind))


def _is_bytes(kind: pa.DataType) -> bool:
    return bool(pa.types.is_binary(kind) or pa.types.is_large_binary(kind))


def check_metadata(file: pq.ParquetFile, name: str, size: int, *, max_rows: int | None) -> None:
    """Refuse a Parquet file by its footer: width, rows, cells, uncompressed bytes.

    Raises
    ------
    InputValidationError
        Too many columns, or a :class:`geo.io.read_limits.LimitError`.
    """
    schema = file.schema_arrow
    width = len(schema.names) - 1  # the geometry is not an attribute
    if width > MAX_COLUMNS:
        raise too_wide_error(name, f"{width:,} attribute columns")
    for field in schema:
        if pa.types.is_nested(field.type):
            raise LimitError("limit.nested", name=name, column=field.name, type=str(field.type))
    meta = file.metadata
    if max_rows is not None and meta.num_rows > max_rows:
        raise too_many_rows(name, max_rows)
    check_cells(name, meta.num_rows, len(schema), size)
    unpacked = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    if unpacked > text_budget(size):
        raise too_much_text(name, unpacked, size)


def check_content(path: Path, name: str, size: int, *, max_rows: int | None) -> None:
    """Decode the file batch by batch and refuse it when it breaks a limit (see module).

    Raises
    ------
    LimitError
        Too many rows or cells, a cell too long, too much text.
    """
    probe = pq.ParquetFile(path)
    schema = probe.schema_arrow
    dictionary = [field.name for field in schema if _is_text(field.type)]
    file = pq.ParquetFile(path, read_dictionary=dictionary)
    rows = decoded = 0
    for batch in file.iter_batches(batch_size=BATCH_ROWS, use_threads=False):
        for position, column in enumerate(batch.columns):
            decoded += _checked_bytes(column, name, str(batch.schema.names[position]), rows)
        rows += batch.num_rows
        if max_rows is not None and rows > max_rows:
            raise too_many_rows(name, max_rows)
        check_cells(name, rows, len(schema), size)
        if decoded > text_budget(size):
            raise too_much_text(name, decoded, size)


def _checked_bytes(column: pa.Array, name: str, column_name: str, before: int) -> int:
    """Return the bytes ``column`` decodes to; refuse a text cell over MAX_CELL_CHARS.

    ``before`` is the number of rows in earlier batches (for the row in the message).
    """
    if isinstance(column, pa.DictionaryArray):
        values, indices = column.dictionary, column.indices
    else:
        values, indices = column, None
    if not (_is_text(values.type) or _is_bytes(values.type)):
        return 0
    lengths = pc.binary_length(values)
    if indices is not None:
        lengths = pc.take(lengths, indices)  # each cell as decoded, by its dictionary value
    if _is_text(values.type):
        chars = pc.utf8_length(values)
        if indices is not None:
            chars = pc.take(chars, indices)
        longest = pc.max(chars).as_py()
        if longest is not None and longest > MAX_CELL_CHARS:
            position = pc.index(chars, longest).as_py()
            raise cell_too_long(name, column=column_name, row=before + position + 1, found=longest)
    total = pc.sum(lengths).as_py()
    return int(total or 0)


def read_parquet(path: Path, name: str, *, max_rows: int | None) -> gpd.GeoDataFrame:
    """Read a GeoParquet file after checking its metadata and its content.

    Parameters
    ----------
    path
        The file.
    name
        The file name, for messages.
    max_rows
        Refuse more data rows than this; ``None``: only the size-based limits.

    Returns
    -------
    geopandas.GeoDataFrame

    Raises
    ------
    InputValidationError
        Too wide, or a :class:`geo.io.read_limits.LimitError`.
    """
    size = path.stat().st_size
    check_metadata(pq.ParquetFile(path), name, size, max_rows=max_rows)
    check_content(path, name, size, max_rows=max_rows)
    return gpd.read_parquet(path)
