"""Read an organization's type (and sector) from its name, and its legal status from a label.

Registries often have no type column, yet the name says the legal form:
"COOPERATIVA DE AHORRO Y CREDITO ... LTDA", "Asociación de productores ...",
"CAJA CENTRAL ...", "Fondo de empleados ...", "COAC ...". :func:`type_from_name`
finds the form written **earliest** in the folded name (abbreviations such as COAC,
CAC, "Coop.", "Asoc.", "Precoop." expanded first) and maps it with the type rules of
:mod:`geo.importer.schema` (one vocabulary), so a name and a type column can never disagree on
what "precooperativa" means. A trailing "Ltda." alone counts as a cooperative (the
form Colombian and Ecuadorian cooperatives add to their names). The sector is read
from the name with the sector rules where they recognise something
("... DE AHORRO Y CREDITO" is ``savings_credit``, "cafetalera" ``coffee``).

:func:`canonical_status` maps ESTADO columns ("ACTIVA", "EN LIQUIDACIÓN",
"CANCELADA"...) to :data:`geo.vocab.STATUSES`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Literal

from geo.importer.schema import COOPERATIVE_WORD, canonical_org_type, canonical_sector
from geo.io.text import fold

#: Abbreviations registries write in names (folded) -> the words they stand for.
_ABBREVIATIONS: dict[str, str] = {
    "coac": "cooperativa de ahorro y credito",
    "cac": "cooperativa de ahorro y credito",
    "coopac": "cooperativa de ahorro y credito",
    "precoop": "precooperativa",
    "coop": "cooperativa",
    "asoc": "asociacion",
    "fdo de empleados": "fondo de empleados",
}
#: All the abbreviations in one pattern: a name is expanded in one pass.
_ABBREVIATION = re.compile(r"\b(?:" + "|".join(_ABBREVIATIONS) + r")\b")

#: Legal forms as they appear in names (folded) -> a label the type rules map; listed
#: so that, at the same position, the more specific form comes first.
_NAME_FORMS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), label)
    for p, label in (
        # A body whose members are cooperatives ("Asociación Nacional de Cooperativas",
        # "Federación de Cooperativas ..."): it mentions cooperatives without being one.
        (
            r"\b(?:asociacion|federacion|confederacion|union|red|central|liga|consejo|"
            r"coordinadora|coordinacion)"
            r"(?: [a-z]+){0,3}? de (?:las )?" + COOPERATIVE_WORD[2:],
            "organismo de integracion",
        ),
        (r"\bpre ?cooperativ", "precooperativa"),
        (r"\bfondos? de empleados\b|\bemployee s? fund\b", "fondo de empleados"),
        (r"\basociacion mutual\b|\bmutual\b", "mutual"),
        (r"\bcaja central\b", "caja central"),
        (COOPERATIVE_WORD + r"|\bco operativ", "cooperativa"),
        (r"\bempresa comunitaria\b", "empresa comunitaria"),
        (r"\bcomuna\b|\bcomunidad (?:campesina|nativa|indigena)\b", "comuna"),
        (r"\basociacion\b|\bassociation\b|\bproducers? association\b", "asociacion"),
    )
)
#: All the forms in one pattern: its leftmost match, and at that position the first form
#: in :data:`_NAME_FORMS` order, is the form written earliest (one search, not eight).
_ANY_FORM = re.compile(
    "|".join(f"(?P<form{k}>{pattern.pattern})" for k, (pattern, _) in enumerate(_NAME_FORMS))
)
_LTDA = re.compile(r"\bltda\b|\blimitada\b")
#: Colombian cooperatives named "Coo" + an acronym (Coomeva, Coomultrasan, Cootrapeldar,
#: Cooprofesores, Coolechera): the name's first word.
_COO_WORD = re.compile(r"^coo[a-z]{3,}\b")
#: First words that start with "coo" and name no cooperative.
_NOT_COO = re.compile(
    r"^coo(?:rdin|rden|peraci|perant|perad|perar|pera\b|per\b|pers\b|pt|k|l\b|ler|ling)"
)

#: What in a name said the type: a legal form written out (or abbreviated), the
#: "Coo…" first word, or a trailing "Ltda." alone.
Evidence = Literal["form", "coo", "ltda"]


@dataclass(frozen=True)
class NameReading:
    """What a name says: the canonical type, the sector (or None) and the evidence."""

    org_type: str
    sector: str | None
    evidence: Evidence


@functools.lru_cache(maxsize=64)
def _form_type(label: str) -> str:
    """Return the canonical type of a form label of :data:`_NAME_FORMS` (a handful, cached)."""
    return canonical_org_type(label)[0]


#: Characters of a name read for its type (a longer cell costs no more).
NAME_CHARS = 500


def _expanded(name: str) -> str:
    key = fold(name[:NAME_CHARS])
    return _ABBREVIATION.sub(lambda found: _ABBREVIATIONS[found.group(0)], key)


def read_name(name: object, *, with_sector: bool = True) -> NameReading | None:
    """Return what a name says about the organization's type, or None.

    The legal form written **earliest** wins ("FONDO DE EMPLEADOS DE LA COOPERATIVA X" is
    an employee fund; "Asociación Nacional de Cooperativas" an integration body, counted
    as ``other_sse``); failing a form, a first word "Coo…" (Coomeva, Coomultrasan; not
    Coordinadora, Cooperación) or a trailing "Ltda." alone read as a cooperative.

    Parameters
    ----------
    name
        The organization's name as written.
    with_sector
        Also read the sector (False: ``sector`` is None; the type alone is cheaper).

    Examples
    --------
    >>> read_name("COOMULTRASAN")
    NameReading(org_type='cooperative', sector=None, evidence='coo')
    >>> read_name("Coordinadora de mujeres") is None
    True
    """
    if not isinstance(name, str) or not name.strip():
        return None
    key = _expanded(name)
    found = _ANY_FORM.search(key)
    evidence: Evidence = "form"
    if found is not None:
        label = _NAME_FORMS[int(str(found.lastgroup)[4:])][1]
    elif _COO_WORD.search(key) and not _NOT_COO.search(key):
        label, evidence = "cooperativa", "coo"
    elif _LTDA.search(key):
        label, evidence = "cooperativa", "ltda"
    else:
        return None
    org_type = _form_type(label)
    if not with_sector:
        return NameReading(org_type, None, evidence)
    sector = canonical_sector(key)
    if label == "caja central" and sector == "other":
        sector = "savings_credit"
    return NameReading(org_type, None if sector == "other" else sector, evidence)


def type_from_name(name: object) -> tuple[str, str | None] | None:
    """Return ``(canonical type, canonical sector or None)`` read from a name, or None.

    Parameters
    ----------
    name
        The organization's name as written.

    Returns
    -------
    tuple or None
        None when the name names no legal form (see :func:`read_name`).

    Examples
    --------
    >>> type_from_name("COOPERATIVA DE AHORRO Y CREDITO SAN JOSE LTDA")
    ('cooperative', 'savings_credit')
    >>> type_from_name("Asoc. de productores de cacao El Progreso")
    ('producer_association', 'cocoa')
    >>> type_from_name("Juan Pérez") is None
    True
    """
    reading = read_name(name)
    return None if reading is None else (reading.org_type, reading.sector)


_STATUS_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), s)
    for p, s in (
        (r"\bliquidacion\b|\bliquidation\b|\bdisolucion\b|\bdissolution\b", "in_liquidation"),
        (
            r"\bcancelad|\bcancel+ed\b|\bliquidad[oa]\b|\bextinguid|\bdisuelt|\binactiv|"
            r"\bsuspendid|\bbaja\b|\bclosed\b|\bdissolved\b|\binactive\b|\bno vigente\b",
            "cancelled",
        ),
        (r"\bactiv[oa]s?\b|\bactive\b|\bvigente\b|\bhabilitad[oa]\b|\bregistrad[oa]\b", "active"),
    )
)


def canonical_status(label: object) -> str:
    """Map a status as written ("ACTIVA", "En liquidación", "CANCELADA") to a canonical one.

    Returns
    -------
    str
        ``"active"``, ``"in_liquidation"``, ``"cancelled"``, or ``"unknown"`` for an empty
        or unrecognised label.
    """
    if not isinstance(label, str):
        return "unknown"
    key = fold(label[:200])
    for pattern, status in _STATUS_RULES:
        if pattern.search(key):
            return status
    return "unknown"
