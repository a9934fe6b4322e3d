"""Placeholders written where a department should be: counted as empty, and flagged.

Web exports and hand-kept lists fill an unknown department with "Not Applicable", "N/A",
"-", "Sin información" or the country's own name ("COLOMBIA"). None of them is a
department: :func:`is_placeholder` tells them apart (a pure function of the cell), and
:func:`blank_department_placeholders` empties those cells, so the next evidence (the
municipality, the point) decides, and flags the rows ``department_placeholder``.
"""

from __future__ import annotations

from geo.importer.rows import Rows, map_unique
from geo.io.text import fold
from geo.vocab import COUNTRY_NAMES

#: Folded placeholders (a cell of punctuation only, "-" or "?", folds to "" and counts too).
PLACEHOLDERS: frozenset[str] = frozenset(
    {
        "not applicable", "n a", "na", "no aplica", "no aplicable", "n d", "nd", "s d",
        "s i", "sin dato", "sin datos", "sin informacion", "sin info", "no disponible",
        "no registra", "no reporta", "ninguno", "none", "null", "nan", "unknown",
        "desconocido", "por definir", "sin definir", "not available",
    }
)  # fmt: skip

#: The countries' names as a department cell may hold them (folded).
COUNTRY_WORDS: frozenset[str] = frozenset(
    {fold(name) for name in COUNTRY_NAMES.values()}
    | {
        f"republica {w} {fold(name)}"
        for name, w in (("Colombia", "de"), ("Perú", "del"), ("Ecuador", "del"))
    }
)


def is_placeholder(value: str) -> bool:
    """Tell whether a department cell holds a placeholder, not a department.

    Examples
    --------
    >>> [is_placeholder(v) for v in ("Not Applicable", "N/A", "-", "COLOMBIA", "Nariño")]
    [True, True, True, True, False]
    """
    key = fold(value[:100])
    return key == "" or key in PLACEHOLDERS or key in COUNTRY_WORDS


def blank_department_placeholders(rows: Rows) -> None:
    """Empty the department cells that hold a placeholder; flag ``department_placeholder``."""
    df = rows.df
    found = map_unique(df["department"], lambda v: isinstance(v, str) and is_placeholder(v))
    mask = found.to_numpy(dtype=bool)
    if mask.any():
        df.loc[mask, "department"] = None
    rows.flag(mask, "department_placeholder")
