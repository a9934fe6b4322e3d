"""Fold a whole column of text at once: :func:`geo.io.text.fold` of every cell, vectorised.

A build folds every organization name (the possible-duplicate key is the folded name
and the unit), about a million calls for a million rows. For a cell of Latin letters
(code points below U+0250) without the characters :func:`~geo.io.text.fold` repairs
as mojibake, fold is four steps Arrow does on a whole column at once: compatibility
decomposition (NFKD; these characters have had the same decomposition in every Unicode
version, so Arrow's utf8proc and Python's unicodedata agree), drop what is not ASCII,
lower case, every run of other characters than ``0-9a-z`` made one space, trimmed. Every
other cell is given to :func:`~geo.io.text.fold` itself, once per distinct value.
``tests/test_import_columns.py`` checks the two agree.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from geo.io.text import fold

#: Cells Arrow folds: code points up to U+024F (Latin) except those fold treats as
#: mojibake (U+0080-U+009F, Â, Ã, â, and ¤ ¥ ± Ð ð).
_PLAIN_LATIN = (
    r"^[\x{0}-\x{7f}\x{a0}-\x{a3}\x{a6}-\x{b0}\x{b2}-\x{c1}\x{c4}-\x{cf}\x{d1}-\x{e1}"
    r"\x{e3}-\x{ef}\x{f1}-\x{24f}]*$"
)


#: A run of other characters than ``0-9a-z`` that is not a single space, the only runs
#: whose replacement by one space changes the text: the same result as replacing every
#: run, three times faster (most names have no other runs than the spaces between words).
_OTHER_RUN = r"[^0-9a-z]*[^0-9a-z ][^0-9a-z]*|  +"


#: What :meth:`str.strip` strips: every character whose ``isspace()`` is true (none is
#: above U+3000), for Arrow's ``utf8_trim``.
WHITE_SPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace())


def text_cells(values: np.ndarray) -> tuple[np.ndarray, pa.Array]:
    """Return which cells are text (``str``) and those cells as one Arrow array.

    Arrow converts the whole array and its validity says which cells are text, when it
    types the array as text (every cell a string or missing); any other array is tested
    cell by cell (``isinstance``), as before.

    Parameters
    ----------
    values
        Object array of cells.

    Returns
    -------
    is_text : numpy.ndarray
        bool, True where the cell is a ``str``.
    text : pyarrow.Array
        ``large_string``: the text cells, in order.
    """
    try:
        arrow = pa.array(values, from_pandas=True)  # None, NaN and pd.NA become null
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # text mixed with numbers
        arrow = None
    if arrow is not None and (pa.types.is_string(arrow.type) or pa.types.is_null(arrow.type)):
        is_text = arrow.is_valid().to_numpy(zero_copy_only=False)
        text = arrow.filter(pa.array(is_text)) if arrow.null_count else arrow
        return is_text, text.cast(pa.large_string())
    is_text = np.fromiter((isinstance(v, str) for v in values), dtype=bool, count=len(values))
    return is_text, pa.array(values[is_text], type=pa.large_string())


def fold_column(values: np.ndarray) -> np.ndarray:
    """Return ``fold(v)`` of each text cell, None for the others.

    Parameters
    ----------
    values
        Object array of cells (``str``, None or anything else).

    Returns
    -------
    numpy.ndarray
        Object array: the folded text, or None where the cell is not text.
    """
    values = np.asarray(values, dtype=object)
    out = np.full(len(values), None, dtype=object)
    is_text, text = text_cells(values)
    plain = pc.match_substring_regex(text, _PLAIN_LATIN).to_numpy(zero_copy_only=False)
    ascii_only = pc.replace_substring_regex(
        pc.utf8_normalize(text.filter(plain), "NFKD"), r"[^\x{0}-\x{7f}]+", ""
    )
    folded = pc.utf8_trim(
        pc.replace_substring_regex(pc.ascii_lower(ascii_only), _OTHER_RUN, " "), characters=" "
    )
    where = np.flatnonzero(is_text)
    out[where[plain]] = folded.to_numpy(zero_copy_only=False)
    others = where[~plain]
    if len(others):
        codes, uniques = pd.factorize(values[others])
        out[others] = np.array([fold(u) for u in uniques], dtype=object)[codes]
    return out
