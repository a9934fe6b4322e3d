"""What reading a registry file may cost, checked before the work, and the refusals.

A file's cost is set by its content, not its size: a 12 KB GeoParquet can hold a
million rows (one dictionary value, run-length encoded), a 1.6 KB workbook a cell
on row 1,048,576, a GeoPackage layer can be an SQL view that makes rows without
end. Every reader therefore checks these limits on what the file *declares*
(metadata, schema, sheet XML) before it builds rows, and again on what it
actually decodes, so that time and memory stay in proportion to the file's bytes:

* **Rows.** ``max_rows`` (the upload's limit; none on the command line): reading
  stops at the first data row past it (:func:`too_many_rows`).
* **Cells.** At most :func:`cell_budget` cells (rows x columns): the larger of
  :data:`CELLS_FLOOR` and :data:`CELLS_PER_BYTE` per byte of the file.
* **Text.** At most :func:`text_budget` bytes of decoded text: the larger of
  :data:`TEXT_FLOOR_BYTES` and :data:`EXPANSION_RATIO` per byte of the file (the
  same ratio as an XLSX member's compression limit).
* **One cell.** At most :data:`MAX_CELL_CHARS` characters, Excel's own limit for a
  cell ("Excel specifications and limits", Microsoft).
* **Blank lines.** A CSV may have :data:`MAX_BLANK_LINES` blank lines inside its
  table (blank lines after the table are dropped without being parsed).
* **Row numbers.** An XLSX row past :data:`EXCEL_MAX_ROWS` (the last row Excel has)
  is refused.

Every refusal is a :class:`LimitError`: an :class:`InputValidationError` whose
words come from the catalogue (:mod:`geo.messages`, ids ``limit.*``), in English
as its text, in any language through :meth:`LimitError.text`.
"""

from __future__ import annotations

from typing import NamedTuple

from geo._errors import InputValidationError
from geo.i18n import Lang, format_number, t

#: Excel's limit on the characters of one cell (32,767).
MAX_CELL_CHARS = 32_767
#: The last row of an Excel worksheet (1,048,576 = 2**20).
EXCEL_MAX_ROWS = 1_048_576
#: Cells (rows x columns) any file may make, whatever its size.
CELLS_FLOOR = 2_000_000
#: Cells allowed per byte of the file above the floor.
CELLS_PER_BYTE = 16
#: Bytes of decoded text any file may make, whatever its size.
TEXT_FLOOR_BYTES = 64 * 1024 * 1024
#: Bytes of decoded text allowed per byte of the file above the floor.
EXPANSION_RATIO = 100
#: Blank lines a CSV may have inside its table.
MAX_BLANK_LINES = 1_000_000


def cell_budget(file_bytes: int) -> int:
    """Return the most cells (rows x columns) a file of ``file_bytes`` bytes may make."""
    return max(CELLS_FLOOR, CELLS_PER_BYTE * file_bytes)


def text_budget(file_bytes: int) -> int:
    """Return the most bytes of decoded text a file of ``file_bytes`` bytes may make."""
    return max(TEXT_FLOOR_BYTES, EXPANSION_RATIO * file_bytes)


class Words(NamedTuple):
    """A field of a message that is itself a catalogue text (translated with it)."""

    message_id: str


class LimitError(InputValidationError):
    """A file refused by a limit of this module; its words come from the catalogue.

    Parameters
    ----------
    message_id
        A ``limit.*`` id of :mod:`geo.messages`.
    **fields
        The message's fields; integers are formatted in each language's way.
    """

    def __init__(self, message_id: str, **fields: object) -> None:
        self.message_id = message_id
        self.fields = fields
        super().__init__(self.text("en"))

    def text(self, lang: Lang) -> str:
        """Return the message in ``lang``."""
        shown = {key: _shown(value, lang) for key, value in self.fields.items()}
        return t(self.message_id, lang, **shown)

    def renamed(self, name: str) -> LimitError:
        """Return the same refusal naming the file ``name`` (the user's, not a copy's)."""
        return LimitError(self.message_id, **(self.fields | {"name": name}))


def _shown(value: object, lang: Lang) -> object:
    """Return a field as ``lang`` writes it: numbers grouped, catalogue words translated."""
    if isinstance(value, Words):
        return t(value.message_id, lang)
    if isinstance(value, int) and not isinstance(value, bool):
        return format_number(value, lang)
    return value


def too_many_rows(name: str, limit: int) -> LimitError:
    """Return the refusal of a file with more than ``limit`` data rows."""
    return LimitError("limit.rows", name=name, limit=limit)


def too_many_cells(name: str, found: int, file_bytes: int) -> LimitError:
    """Return the refusal of a file that makes more cells than :func:`cell_budget`."""
    return LimitError(
        "limit.cells", name=name, found=found, size=file_bytes, limit=cell_budget(file_bytes)
    )


def too_much_text(name: str, found: int, file_bytes: int) -> LimitError:
    """Return the refusal of a file that unpacks to more text than :func:`text_budget`."""
    return LimitError(
        "limit.text", name=name, found=found, size=file_bytes, limit=text_budget(file_bytes)
    )


def cell_too_long(name: str, *, column: str, row: int, found: int) -> LimitError:
    """Return the refusal of a cell longer than :data:`MAX_CELL_CHARS` (``row`` 1-based)."""
    return LimitError(
        "limit.cell", name=name, column=column, row=row, found=found, limit=MAX_CELL_CHARS
    )


def check_cells(name: str, rows: int, columns: int, file_bytes: int) -> None:
    """Refuse ``rows`` x ``columns`` cells when more than :func:`cell_budget` allows.

    Raises
    ------
    LimitError
        Naming the file, the cells found, its size and the limit.
    """
    if rows * columns > cell_budget(file_bytes):
        raise too_many_cells(name, rows * columns, file_bytes)
