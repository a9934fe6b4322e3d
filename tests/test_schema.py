"""Organization-type vocabulary: every rule of the table is reachable for its own labels."""

from __future__ import annotations

import re

import pytest

from geo.importer.schema import _TYPE_RULES, canonical_org_type
from geo.io.text import fold

#: One label per alternative of every rule in ``geo.importer.schema._TYPE_RULES``, with the type a
#: reader of the registry would give it (written by hand, not taken from the table).
TYPE_EXAMPLES: dict[str, str] = {
    "Precooperativa agrícola": "pre_cooperative",
    "Fondo de empleados": "mutual_employee_fund",
    "Mutual de los trabajadores": "mutual_employee_fund",
    "Employee fund": "mutual_employee_fund",
    "Fondo rotatorio": "mutual_employee_fund",
    "Cooperativa agraria": "cooperative",
    "Co-op": "cooperative",
    "COOP": "cooperative",
    "Caja central": "cooperative",
    "Empresa Comunitaria": "other_sse",
    "EMPRESA COMUNITARIA": "other_sse",
    "Organización comunitaria": "community_organization",
    "Comuna": "community_organization",
    "Comunidad campesina": "community_organization",
    "Community group": "community_organization",
    "Junta comunal": "community_organization",
    "Asociación de productores": "producer_association",
    "Asociativo": "producer_association",
    "Farmers association": "producer_association",
    "Gremio de productores": "producer_association",
    "Empresa solidaria": "other_sse",
    "Corporación": "other_sse",
    "Fundación": "other_sse",
    "SSE": "other_sse",
    "Otros": "other_sse",
    "Other": "other_sse",
}


def _alternatives(pattern: str) -> list[str]:
    """Split a regular expression at its top-level ``|`` (groups keep theirs)."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(pattern):
        if char == "(" and pattern[i - 1 : i] != "\\":
            depth += 1
        elif char == ")" and pattern[i - 1 : i] != "\\":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
    parts.append(pattern[start:])
    return parts


def _first_rule(label: str) -> int | None:
    key = fold(label)
    return next((i for i, (p, _) in enumerate(_TYPE_RULES) if p.search(key)), None)


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Empresa Comunitaria", "other_sse"),
        ("EMPRESA COMUNITARIA", "other_sse"),
        ("Empresa comunitaria de acueducto", "other_sse"),
        ("Organización comunitaria", "community_organization"),
        ("Comunitario", "community_organization"),
    ],
)
def test_empresa_comunitaria_is_other_sse_but_comunitaria_stays_community(
    label: str, expected: str
) -> None:
    assert canonical_org_type(label) == (expected, True)


@pytest.mark.parametrize(("label", "expected"), sorted(TYPE_EXAMPLES.items()))
def test_each_example_label_maps_to_its_type(label: str, expected: str) -> None:
    assert canonical_org_type(label) == (expected, True)


def test_no_rule_alternative_is_shadowed_by_an_earlier_rule() -> None:
    """Each alternative of each rule is the first match for at least one example label.

    Fails when a rule (or one of its alternatives) can never fire because an
    earlier rule catches every label it matches, and when a rule is added
    without an example above.
    """
    unreachable = []
    for index, (pattern, org_type) in enumerate(_TYPE_RULES):
        for alternative in _alternatives(pattern.pattern):
            hits = [
                label
                for label in TYPE_EXAMPLES
                if re.search(alternative, fold(label)) and _first_rule(label) == index
            ]
            if not hits:
                unreachable.append(f"rule {index} ({org_type}): {alternative!r}")
    assert unreachable == []


def test_alternatives_splitter() -> None:
    assert _alternatives(r"\bfondo(s)? de\b|\bmutual|^(a|b)$") == [
        r"\bfondo(s)? de\b",
        r"\bmutual",
        r"^(a|b)$",
    ]
