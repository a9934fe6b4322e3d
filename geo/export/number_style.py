"""Numbers in a data file for people: rounded, in the language's signs, with spreadsheet formats.

A :class:`NumberStyle` says how many digits each cell of a table shows and in which
language. :func:`geo.export.tables.write_csv` writes its numbers as text
(``1234,5`` and ``;`` between fields in Spanish; ``1234.5`` and ``,`` in English;
"sí"/"no" for true and false); :func:`geo.export.tables.write_xlsx` rounds them and gives
each number cell a format (:func:`excel_number_format`), which the spreadsheet shows with
its reader's own separators.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.i18n import Lang, list_separator, plain_number, t
from geo.io.safety import neutralise_formula


def is_number(value: object) -> bool:
    """Return True for an int or float cell (not a bool, not missing)."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return math.isfinite(value)


def excel_number_format(digits: int) -> str:
    """Return the spreadsheet format of a number with ``digits`` decimals: ``#,##0.0``..."""
    return "#,##0" + ("." + "0" * digits if digits > 0 else "")


@dataclass(frozen=True)
class NumberStyle:
    """How the numbers of one table are shown.

    Attributes
    ----------
    lang
        Language of the decimal sign, the separator and the words for yes and no.
    cells
        Digits after the decimal sign, one row per table row and one entry per
        column (None: not a number, written as it is).
    """

    lang: Lang
    cells: Sequence[Sequence[int | None]]

    @property
    def delimiter(self) -> str:
        """Return the CSV field separator of the language."""
        return list_separator(self.lang)

    def digits(self, row: int, column: int) -> int | None:
        """Return the digits of one cell."""
        return self.cells[row][column]

    @staticmethod
    def rounded(value: object, digits: int) -> int | float:
        """Return ``value`` rounded to ``digits`` (a whole number as int)."""
        number = float(value.item() if isinstance(value, np.generic) else value)  # type: ignore[arg-type]
        return round(number) if digits == 0 else round(number, digits)

    def csv_cell(self, value: object, digits: int | None) -> str:
        """Return the text of one CSV cell."""
        if isinstance(value, np.generic):
            value = value.item()
        if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
            return ""
        if isinstance(value, bool):
            return t("describe.yes" if value else "describe.no", self.lang)
        if is_number(value):
            if digits is None:
                digits = 0 if isinstance(value, int) else 6
            return plain_number(float(value), self.lang, digits)  # type: ignore[arg-type]
        return neutralise_formula(str(value))
