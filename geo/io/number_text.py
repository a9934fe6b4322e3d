"""Parse numbers written as text by Spanish and English registries."""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import TypeAlias

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from geo._errors import InputValidationError
from geo.io.text_columns import WHITE_SPACE, text_cells

MISSING_TOKENS = frozenset(
    {"", "-", "--", "---", "–", "—", ".", "?", "na", "n/a", "n.a.", "#n/a", "nan", "null",
     "none", "nd", "n/d", "n.d.", "sd", "s/d", "s.d.", "s.i.", "s/i", "sin dato",
     "sin datos", "sin información", "sin informacion", "no aplica", "no disponible"}
)  # fmt: skip
# Fast paths: a plain integer, and a decimal whose separator cannot be a thousands
# separator (not followed by exactly three digits).
_FAST_INT = r"[+-]?(?:0|[1-9][0-9]{0,14})"
_FAST_DECIMAL = {
    sep: rf"[+-]?(?:0|[1-9][0-9]{{0,14}}){re.escape(sep)}(?:[0-9]{{1,2}}|[0-9]{{4,15}})"
    for sep in ".,"
}
_BODY = re.compile(r"[0-9][0-9., ]*|[.,][0-9]+")  # what may follow the sign
# an integer part: plain digits, or 1-3 digits then groups of three split by ``sep`` or spaces
_GROUPED = {
    sep: re.compile(
        rf"[0-9]+|[1-9][0-9]{{0,2}}(?:\{sep}[0-9]{{3}})+|[1-9][0-9]{{0,2}}(?: [0-9]{{3}})+"
    )
    for sep in ".,"
}
#: Distinct values: any objects, or Arrow text (:func:`_distinct`).
_Uniques: TypeAlias = np.ndarray | pd.api.extensions.ExtensionArray

_AMBIGUOUS = {sep: re.compile(rf"[1-9][0-9]{{0,2}}\{sep}[0-9]{{3}}") for sep in ".,"}


def parse_numbers(
    values: pd.Series, *, decimal: str | None = None, votes: Counter[str] | None = None
) -> tuple[pd.Series, pd.Series]:
    """Parse numbers written as Spanish or English registries write them.

    Surrounding white space is ignored; thousands may be grouped by ``.``, ``,``,
    a space or a no-break space (groups of exactly three digits, first group
    1-3 digits not starting with 0); a sign ``-``/``+``/``−`` may lead. Empty
    cells and the :data:`MISSING_TOKENS` (``"N/A"``, ``"s.d."``, ``"-"``, ...,
    case-insensitive) are missing, not invalid. Anything else (units, ``%``,
    scientific notation, two decimal separators) is invalid.

    Parameters
    ----------
    values
        Text cells (``str``/``None``/NaN); numbers already parsed pass through.
    decimal
        ``","`` or ``"."``: the decimal separator, the other one can only group
        thousands (with ``","``, ``"1.234"`` is 1234 and ``"3.75"`` is invalid).
        ``None`` infers it, per value then per column:

        * a value that shows its separator unambiguously is read that way: the
          last of ``.`` and ``,`` when both occur (``"1.234,5"``, ``"1,234.5"``);
          the other one when a separator repeats (``"1.234.567"``); the only one
          when it is not followed by exactly three digits or the part before it
          cannot be a thousands group (``"12,5"``, ``"-74,0721"``, ``"0.125"``);
        * an ambiguous value (``"1.234"``, ``"1,234"``) follows the decimal
          separator most unambiguous values of the column use; when they give no
          majority (none, or a tie) it is read as thousands (1234), because
          registries write counts far more often than three-decimal fractions.
          Pass ``decimal`` when the file's convention is known: a Spanish column
          of coordinates that all have three decimals (``"4,609"``) needs it.
    votes
        The whole column's :func:`decimal_votes`, when ``values`` is a slice of it
        (a chunk of a file): ambiguous values then follow the whole column's vote,
        as they would if the column were parsed at once.

    Returns
    -------
    numbers : pandas.Series
        float64, NaN where missing or invalid; same index and name as ``values``.
    invalid : pandas.Series
        bool, True where the cell was neither missing nor a number.
    """
    if decimal not in (None, ",", "."):
        raise InputValidationError(f"decimal must be ',', '.' or None; got {decimal!r}")
    # Work on distinct values, weighted by how often they occur (the column vote
    # counts every cell).
    uniques, counts, codes = _distinct(values)
    parsed, bad = _parse_distinct(uniques, counts, decimal, votes)
    known = codes >= 0
    numbers = np.full(len(codes), np.nan)
    invalid = np.zeros(len(codes), dtype=bool)
    numbers[known] = parsed[codes[known]]
    invalid[known] = bad[codes[known]]
    index, label = values.index, values.name
    return (
        pd.Series(numbers, index=index, dtype="float64", name=label),
        pd.Series(invalid, index=index, dtype=bool, name=label),
    )


def decimal_votes(values: pd.Series) -> Counter[str]:
    """Count the cells that show their decimal separator unambiguously, by separator.

    The counts of the slices of a column add up to the column's, so a file read in
    chunks gets the vote :func:`parse_numbers` would take over the whole column.

    Parameters
    ----------
    values
        Text cells, as for :func:`parse_numbers`.

    Returns
    -------
    collections.Counter
        ``","`` and ``"."`` -> number of cells.
    """
    uniques, counts, _ = _distinct(values)
    _, own, done = _parse_fast(uniques, None)
    rest = np.flatnonzero(~done)
    for i, value in zip(rest, _objects(uniques, rest), strict=True):
        _, body = _split_sign(value)
        own[i] = _vote(body) if body else None
    return _tally(own, counts)


def _distinct(values: pd.Series) -> tuple[_Uniques, np.ndarray, np.ndarray]:
    """Return the distinct values, how many cells hold each, and each cell's code (-1: NA).

    The distinct values of Arrow text stay Arrow text (every one a string): the fast
    path reads them as they are, and only the values it leaves become Python strings.
    """
    arrow = isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow"
    text = isinstance(values.dtype, pd.StringDtype)  # text is hashed as it is
    codes, uniques = pd.factorize(values if text else values.astype(object), use_na_sentinel=True)
    counts = np.bincount(codes[codes >= 0], minlength=len(uniques))
    return (uniques.array if arrow else np.asarray(uniques, dtype=object)), counts, codes


def _objects(uniques: _Uniques, at: np.ndarray) -> np.ndarray:
    """Return the distinct values at positions ``at`` as Python objects."""
    return np.asarray(uniques[at], dtype=object)


def _parse_distinct(
    uniques: np.ndarray,
    counts: np.ndarray,
    decimal: str | None,
    votes: Counter[str] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Parse distinct values (``counts[i]`` cells hold ``uniques[i]``): numbers and invalid mask.

    Plain integers and unambiguous decimals are parsed with vectorised regular
    expressions, the rest one by one, ambiguous ones following the column's vote
    (``votes`` when given, else the vote of these values).
    """
    parsed, own, done = _parse_fast(uniques, decimal)
    bad = np.zeros(len(uniques), dtype=bool)
    rest = np.flatnonzero(~done)
    cells = {i: _split_sign(v) for i, v in zip(rest, _objects(uniques, rest), strict=True)}
    for i, (_, body) in cells.items():
        own[i] = _vote(body) if body else None
    column = _majority(_tally(own, counts) if votes is None else votes)
    for i, (sign, body) in cells.items():
        if body is None:  # missing (NaN) or already a number
            parsed[i] = sign
            continue
        ambiguous = "," if "." in body else "."  # an ambiguous separator groups thousands
        number = _parse(body, decimal or own[i] or column or ambiguous)
        parsed[i] = math.nan if number is None else sign * number
        bad[i] = number is None
    return parsed, bad


def _parse_fast(
    uniques: _Uniques, decimal: str | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Parse plain integers and unambiguous decimals at once.

    The text values are stripped (the characters :meth:`str.strip` strips), matched
    whole against the fast patterns and the matching ones converted, all by Arrow on
    all of them at once (Arrow's conversion of such text gives the double Python's
    ``float`` gives: both round correctly).

    Returns the numbers (NaN where not parsed), each value's own decimal
    separator (``None`` when it shows none) and the mask of parsed values.
    """
    n = len(uniques)
    parsed = np.full(n, np.nan)
    own = np.full(n, None, dtype=object)
    if isinstance(uniques, np.ndarray):  # any values
        is_str, text = text_cells(np.asarray(uniques, dtype=object))
    else:  # Arrow text (see _distinct)
        is_str = np.ones(n, dtype=bool)
        text = pa.array(uniques, type=pa.large_string())
    where = np.flatnonzero(is_str)  # the text values, in the order of ``text``
    text = pc.utf8_trim(text, characters=WHITE_SPACE)

    def whole(pattern: str) -> np.ndarray:
        return pc.match_substring_regex(text, f"^(?:{pattern})$").to_numpy(zero_copy_only=False)

    fast = {
        "int": (whole(_FAST_INT), None),
        ".": (whole(_FAST_DECIMAL["."]), "."),
        ",": (whole(_FAST_DECIMAL[","]), ","),
    }
    done = np.zeros(len(where), dtype=bool)
    for mask, separator in fast.values():
        mask = mask & ~done
        if separator is not None and decimal not in (None, separator):
            continue
        if mask.any():
            cells = text.filter(mask)
            if separator == ",":
                cells = pc.replace_substring(cells, ",", ".")
            parsed[where[mask]] = pc.cast(cells, pa.float64()).to_numpy(zero_copy_only=False)
            done |= mask
            own[where[mask]] = separator
    parsed_mask = np.zeros(n, dtype=bool)
    parsed_mask[where] = done
    return parsed, own, parsed_mask


def _tally(own: np.ndarray, counts: np.ndarray) -> Counter[str]:
    """Count the cells of each unambiguous decimal separator."""
    votes: Counter[str] = Counter()
    for separator in (".", ","):  # the order the cells first showed them does not matter
        cells = int(counts[own == separator].sum())
        if cells:
            votes[separator] = cells
    return votes


def _majority(votes: Counter[str]) -> str | None:
    """Return the decimal separator most cells show unambiguously; None without a majority."""
    votes = +votes  # drop zero counts
    if len(votes) == 1 or (len(votes) == 2 and votes[","] != votes["."]):
        return votes.most_common(1)[0][0]
    return None


def _split_sign(value: object) -> tuple[float, str | None]:
    """Return (sign, unsigned body), ``(number, None)`` for numbers and NaN for missing."""
    if value is None or value is pd.NA or value is pd.NaT:
        return math.nan, None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value), None
    text = re.sub(r"\s", " ", str(value)).strip()
    if text.casefold() in MISSING_TOKENS:
        return math.nan, None
    sign = 1.0
    if text[:1] in ("-", "+", "\u2212"):
        sign, text = (1.0 if text[0] == "+" else -1.0), text[1:].lstrip()
    return sign, text if _BODY.fullmatch(text) else ""


def _vote(body: str) -> str | None:
    """Return the decimal separator ``body`` shows unambiguously, or None."""
    dot, comma = body.rfind("."), body.rfind(",")
    vote: str | None
    if dot >= 0 and comma >= 0:
        vote = "." if dot > comma else ","
    elif body.count(".") > 1 or body.count(",") > 1:
        vote = "," if "." in body else "."
    elif dot >= 0 or comma >= 0:
        sep = "." if dot >= 0 else ","
        vote = None if _AMBIGUOUS[sep].fullmatch(body) else sep
    else:
        vote = None
    return vote if vote and _parse(body, vote) is not None else None


def _parse(body: str, decimal: str) -> float | None:
    """Parse an unsigned body with the given decimal separator; None when invalid."""
    whole, separator, fraction = body.partition(decimal)
    thousands = "," if decimal == "." else "."
    if not (whole or fraction) or (separator and not fraction.isdigit()):
        return None
    if whole and not _GROUPED[thousands].fullmatch(whole):
        return None
    digits = whole.replace(thousands, "").replace(" ", "")
    return float(f"{digits or 0}.{fraction or 0}")
