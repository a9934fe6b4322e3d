"""Read the type (and sector) of a whole column of names at once: :func:`read_name`, vectorised.

Registry names are nearly all distinct, so asking :func:`geo.importer.org_names.read_name`
once per distinct name is still a Python call per row. The same rules run here on the
whole column with Arrow's regular expressions (RE2), with the same patterns
(:data:`geo.importer.org_names._NAME_FORMS` and the others, described once there):

1. the first 500 characters of each name, folded (:func:`geo.io.text_columns.fold_column`);
2. abbreviations expanded: only the names where the abbreviation pattern matches are
   given to Python's ``re.sub`` (few; the expansion itself is then exactly the cell rule's);
3. the form written earliest: the smallest position where a form matches and, at that
   position, the first form in :data:`~geo.importer.org_names._NAME_FORMS` order. That is
   what one search of the combined pattern answers (``extract_regex``, a named group per
   form): an alternation's match is the leftmost position where any alternative matches,
   and at that position its first alternative that matches; the group that took part
   names the form (no form matches empty text). One search costs about half of one
   ``find_substring_regex`` per form (26 against 45 ms for 50,000 names);
4. failing a form, the "Coo…" first word, then a trailing "Ltda.";
5. the sector, where asked: the first sector rule that matches the expanded key
   (:data:`geo.importer.schema._SECTOR_RULES`), ``caja central`` naming savings and credit.

Folded keys are ASCII, where Python and RE2 agree on word boundaries. ``tests/test_name_columns.py``
compares the column with the cell rule on the edges and on generated names.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from geo.importer.org_names import (
    _ABBREVIATION,
    _ABBREVIATIONS,
    _COO_WORD,
    _LTDA,
    _NAME_FORMS,
    _NOT_COO,
    NAME_CHARS,
    _form_type,
)
from geo.importer.schema import _SECTOR_RULES
from geo.io.text_columns import fold_column, text_cells


@dataclass(frozen=True)
class NameColumns:
    """What each name says, one entry per row (None where the name says nothing).

    Attributes
    ----------
    org_type
        The canonical type read from the name, or None.
    sector
        The sector read from the name (None where not asked, unclear or no type).
    evidence
        ``"form"``, ``"coo"`` or ``"ltda"`` (see :data:`geo.importer.org_names.Evidence`),
        or None.
    """

    org_type: np.ndarray
    sector: np.ndarray
    evidence: np.ndarray


def _expanded_keys(names: np.ndarray, folded: np.ndarray | None) -> pa.Array:
    """Return each name's key: its first characters folded, abbreviations expanded."""
    out = np.full(len(names), "", dtype=object)
    is_text, text = text_cells(names)
    if folded is None:
        head = pc.utf8_slice_codeunits(text, 0, NAME_CHARS)
        out[is_text] = fold_column(head.to_numpy(zero_copy_only=False))
    else:  # the whole name folded: only the longer names are folded again, cut
        out[is_text] = folded[is_text]
        long = np.zeros(len(names), dtype=bool)
        long[is_text] = pc.greater(pc.utf8_length(text), NAME_CHARS).to_numpy(zero_copy_only=False)
        out[long] = fold_column(np.array([v[:NAME_CHARS] for v in names[long]], dtype=object))
    keys = pa.array(out, type=pa.large_string())
    short = pc.match_substring_regex(keys, _ABBREVIATION.pattern).to_numpy(zero_copy_only=False)
    if short.any():
        out[short] = [
            _ABBREVIATION.sub(lambda found: _ABBREVIATIONS[found.group(0)], k) for k in out[short]
        ]
        keys = pa.array(out, type=pa.large_string())
    return keys


#: Every form's pattern as one alternation, a named group per form, in their order.
_ANY_FORM = "|".join(
    f"(?P<form{k}>{pattern.pattern})" for k, (pattern, _) in enumerate(_NAME_FORMS)
)


def _earliest_form(keys: pa.Array) -> np.ndarray:
    """Return the index in :data:`_NAME_FORMS` of each key's earliest form, -1 for none."""
    found = pc.extract_regex(keys, _ANY_FORM)  # null where no form matches
    best = np.full(len(keys), -1, dtype=np.int64)
    decided = ~found.is_valid().to_numpy(zero_copy_only=False)
    for k in range(len(_NAME_FORMS)):
        took_part = pc.not_equal(found.field(f"form{k}"), "")  # a group that did not: ""
        here = pc.fill_null(took_part, False).to_numpy(zero_copy_only=False) & ~decided
        best[here] = k
        decided |= here
    return best


def _matches(keys: pa.Array, pattern: str) -> np.ndarray:
    return pc.match_substring_regex(keys, pattern).to_numpy(zero_copy_only=False)


def _sectors(keys: pa.Array) -> np.ndarray:
    """Return the first sector rule's sector matching each key, None for "other"."""
    out = np.full(len(keys), None, dtype=object)
    for pattern, sector in _SECTOR_RULES:
        out[(out == None) & _matches(keys, pattern.pattern)] = sector  # noqa: E711
    return out


def read_names(
    names: np.ndarray, *, with_sector: np.ndarray | None = None, folded: np.ndarray | None = None
) -> NameColumns:
    """Return :func:`geo.importer.org_names.read_name` of each name, on the whole column.

    Parameters
    ----------
    names
        Object array of names as written (``str``, None or anything else).
    with_sector
        Boolean mask of the rows whose sector is wanted (default: none; the type alone is
        cheaper).
    folded
        ``fold_column(names)``, when the caller has it (names longer than 500 characters
        are then folded again, cut).

    Returns
    -------
    NameColumns
        Row ``i`` holds ``read_name(names[i], with_sector=with_sector[i])``'s fields, or
        None in each where that is None.
    """
    names = np.asarray(names, dtype=object)
    n = len(names)
    keys = _expanded_keys(names, None if folded is None else np.asarray(folded, dtype=object))
    form = _earliest_form(keys)
    labels = np.full(n, None, dtype=object)
    evidence = np.full(n, None, dtype=object)
    has_form = form >= 0
    form_labels = np.array([label for _, label in _NAME_FORMS], dtype=object)
    labels[has_form] = form_labels[form[has_form]]
    evidence[has_form] = "form"
    coo = ~has_form & _matches(keys, _COO_WORD.pattern) & ~_matches(keys, _NOT_COO.pattern)
    labels[coo], evidence[coo] = "cooperativa", "coo"
    ltda = ~has_form & ~coo & _matches(keys, _LTDA.pattern)
    labels[ltda], evidence[ltda] = "cooperativa", "ltda"
    read = has_form | coo | ltda
    org_type = np.full(n, None, dtype=object)
    form_types = np.array([_form_type(label) for label in form_labels], dtype=object)
    org_type[has_form] = form_types[form[has_form]]
    org_type[coo | ltda] = _form_type("cooperativa")
    sector = np.full(n, None, dtype=object)
    asked = read & (False if with_sector is None else np.asarray(with_sector, dtype=bool))
    if asked.any():
        where = np.flatnonzero(asked)
        found = _sectors(keys.take(pa.array(where)))
        savings = (found == None) & (labels[where] == "caja central")  # noqa: E711
        found[savings] = "savings_credit"
        sector[where] = found
    return NameColumns(org_type, sector, evidence)
