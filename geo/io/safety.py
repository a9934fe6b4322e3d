"""Make exported text safe to open in a spreadsheet.

A CSV or XLSX cell whose text starts with ``=``, ``+``, ``-`` or ``@`` (or a tab
or carriage return) is read as a formula by Excel, LibreOffice and Google
Sheets, so an organization called ``=HYPERLINK(...)`` in a registry could run
when a planner opens an export ("CSV injection", OWASP). Every text cell the
exporters write passes through :func:`neutralise_formula` first, column names
included: a registry's headers are as untrusted as its values.
:func:`neutralise_frame` does a whole table, headers and cells.

**Lookalikes.** Spreadsheets skip some characters before a formula or read wide
forms as the ASCII sign (LibreOffice and Google Sheets trim leading spaces and
line breaks when they import; Excel's Japanese and Chinese input gives ``＝``), so
a cell counts as a formula when, after any leading white space (a line break, a
no-break or ideographic space) and zero-width characters, it starts with a
trigger or its full-width or small form (``＝ ＋ － ＠ ﹦ ﹢ ﹣ ﹫``, the minus sign ``−``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_TRIGGERS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
#: Characters a spreadsheet may skip before a formula: white space and zero-width ones.
_SKIPPED = " \t\n\r\f\v\u0085\u00a0\u1680\u2000-\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff"
#: Triggers and their full-width and small forms (and the minus sign).
_SIGNS = "=+\\-@\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b\u2212"
#: A cell a spreadsheet would run: skipped characters, then a sign (Python re and RE2 alike).
FORMULA_PATTERN = f"^[{_SKIPPED}]*[{_SIGNS}]"
_FORMULA = re.compile(FORMULA_PATTERN)


def looks_like_formula(text: str) -> bool:
    """Return True when a spreadsheet may run ``text`` as a formula (see the module)."""
    return text.startswith(FORMULA_TRIGGERS) or _FORMULA.match(text) is not None


def neutralise_formula(text: str) -> str:
    """Return ``text`` with a leading apostrophe if a spreadsheet would run it as a formula.

    Parameters
    ----------
    text
        Cell text.

    Returns
    -------
    str
        ``"'" + text`` when ``text`` starts with one of :data:`FORMULA_TRIGGERS`
        or a lookalike (:func:`looks_like_formula`), otherwise ``text`` unchanged.
        The apostrophe is the spreadsheet convention for "this is text", so the
        value stays readable.

    Raises
    ------
    TypeError
        If ``text`` is not a string (numbers are not formulas and must not be
        turned into text).

    Examples
    --------
    >>> neutralise_formula("=1+1")
    "'=1+1"
    >>> neutralise_formula("Cooperativa La Esperanza")
    'Cooperativa La Esperanza'
    """
    if not isinstance(text, str):
        raise TypeError(f"neutralise_formula expects str, got {type(text).__name__}")
    return "'" + text if looks_like_formula(text) else text


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with every text column name and text cell neutralised.

    Parameters
    ----------
    frame
        Any table; non-text cells (numbers, missing values) and non-text column
        names are kept as they are.

    Returns
    -------
    pandas.DataFrame
        A new frame with the same dtypes and column order; text that a
        spreadsheet would run as a formula has a leading apostrophe
        (:func:`neutralise_formula`), in the header as in the cells.

    Examples
    --------
    >>> neutralise_frame(pd.DataFrame({"=cmd": ["+1", "ok"]})).to_dict("list")
    {"'=cmd": ["'+1", 'ok']}
    """
    safe = frame.copy(deep=False)
    for position in range(safe.shape[1]):
        column = safe.iloc[:, position]
        if isinstance(column.dtype, pd.StringDtype):
            formula = column.str.contains(FORMULA_PATTERN, regex=True).fillna(False).astype(bool)
            if formula.any():
                safe.isetitem(position, column.mask(formula, "'" + column))
        elif column.dtype == object:
            safe.isetitem(
                position, column.map(lambda v: neutralise_formula(v) if isinstance(v, str) else v)
            )
    safe.columns = [neutralise_formula(c) if isinstance(c, str) else c for c in frame.columns]
    return safe


def write_safe_csv(frame: pd.DataFrame, path: Path, *, append: bool = False) -> None:
    """Write ``frame`` as a spreadsheet-safe UTF-8 CSV (headers and cells neutralised).

    Parameters
    ----------
    frame
        Any table.
    path
        The file.
    append
        Add the rows to the end of ``path``, without a header (a table written in
        parts gives the same bytes as written at once).
    """
    safe = neutralise_frame(frame.astype(object))  # headers come from the registry too
    # "\r\n" (RFC 4180) also makes the writer quote a lone "\r" inside a cell, which
    # spreadsheets would otherwise read as a row break (and a formula after it).
    safe.to_csv(
        path,
        index=False,
        encoding="utf-8",
        lineterminator="\r\n",
        header=not append,
        mode="a" if append else "w",
    )
