"""One message of the catalogue: its English and Spanish text."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple


class Msg(NamedTuple):
    """One message: its English and Spanish text (a string, or plural forms)."""

    en: str | Mapping[str, str]
    es: str | Mapping[str, str]


def plural(one: str, other: str) -> dict[str, str]:
    """Plural forms by CLDR category: ``one`` (1) and ``other`` (everything else)."""
    return {"one": one, "other": other}
