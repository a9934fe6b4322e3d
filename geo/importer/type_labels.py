"""The supervisors' own type vocabularies, read from ``data/organizations/type_labels.csv``.

Registries write an organization's legal class the way their supervisor classifies it:
Colombia's Supersolidaria "Especializada de ahorro y crédito", "Multiactiva sin sección
de ahorro", "Trabajo asociado"; Ecuador's SEPS groups "Producción", "Vivienda"; Peru's
"Agraria cafetalera", "COOPAC". Those labels name no legal form in words the type rules
of :mod:`geo.importer.schema` read ("cooperativa", "asociación"), so they are listed as
data: one row per label, with its country, supervisor, canonical type, canonical sector
(when the class names one) and the official text that defines it (the ``source``
column; ``data/organizations/README.md`` cites the documents).

A label is looked up folded (:func:`geo.io.text.fold`: case, accents, punctuation), as
written and without a leading "Cooperativa(s) (de)" ("COOPERATIVA ESPECIALIZADA DE AHORRO
Y CREDITO" is the class "Especializada de ahorro y crédito"). A folded label has one
type in every country (a test keeps it so), so the lookup needs no country.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import pandas as pd

from geo._errors import DataFileError, MissingDataError
from geo.io.text import fold
from geo.settings import bundled_data_dir
from geo.vocab import ORG_TYPES, SECTORS

TYPE_LABELS_FILE = "type_labels.csv"

#: Columns of the table, in order.
COLUMNS = ("country", "supervisor", "label", "org_type", "sector", "source")

_COOPERATIVE_PREFIX = re.compile(r"^cooperativas? (?:de )?")


@dataclass(frozen=True)
class TypeLabel:
    """One supervisor class: the canonical type and sector it stands for, and its source."""

    org_type: str
    sector: str | None
    country: str
    supervisor: str
    source: str


def _check(table: pd.DataFrame) -> list[str]:
    """Return every problem of the table (unknown types or sectors, a label with two types)."""
    problems = [
        f"row {k + 2}: org_type {t!r} is not one of {', '.join(ORG_TYPES)}"
        for k, t in enumerate(table["org_type"])
        if t not in ORG_TYPES
    ]
    problems += [
        f"row {k + 2}: sector {s!r} is not one of {', '.join(SECTORS)}"
        for k, s in enumerate(table["sector"])
        if s and s not in SECTORS
    ]
    types = table.groupby(table["label"].map(fold))["org_type"].unique()
    problems += [
        f"label {key!r} has several types: {', '.join(found)}"
        for key, found in types.items()
        if len(found) > 1
    ]
    return problems


@functools.lru_cache(maxsize=1)
def type_label_table() -> dict[str, TypeLabel]:
    """Return folded label -> :class:`TypeLabel`, read once from the committed table.

    Raises
    ------
    MissingDataError
        If the table is missing.
    DataFileError
        If it cannot be read, lacks a column, or names a type or sector outside
        :mod:`geo.vocab`, or gives one label two types.
    """
    path = bundled_data_dir() / "organizations" / TYPE_LABELS_FILE
    if not path.is_file():
        raise MissingDataError(
            f"type label table not found: {path}; restore it from the repository"
        )
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise DataFileError(f"type label table {path} could not be read: {exc}") from exc
    missing = [c for c in COLUMNS if c not in table.columns]
    problems = [f"missing column(s) {', '.join(missing)}"] if missing else _check(table)
    if problems:
        raise DataFileError(f"type label table {path}: " + "; ".join(problems))
    out: dict[str, TypeLabel] = {}
    for row in table.itertuples(index=False):
        key = fold(row.label)
        out.setdefault(
            key,
            TypeLabel(row.org_type, row.sector or None, row.country, row.supervisor, row.source),
        )
    return out


def lookup_type_label(label: object) -> TypeLabel | None:
    """Return the supervisor class a type label names, or None.

    Parameters
    ----------
    label
        The type as written ("ESPECIALIZADA DE AHORRO Y CREDITO", "Cooperativa
        multiactiva sin sección de ahorro", "COOPAC").

    Examples
    --------
    >>> lookup_type_label("MULTIACTIVA SIN SECCION DE AHORRO").org_type
    'cooperative'
    >>> lookup_type_label("Cooperativa especializada de ahorro y crédito").sector
    'savings_credit'
    >>> lookup_type_label("Sociedad anónima") is None
    True
    """
    if not isinstance(label, str):
        return None
    key = fold(label[:300])
    table = type_label_table()
    found = table.get(key)
    if found is None:
        bare = _COOPERATIVE_PREFIX.sub("", key)
        found = table.get(bare) if bare != key else None
    return found
