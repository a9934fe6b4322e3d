"""Demo department cells: every unit spelled the ways registries spell it, misspellings included."""

from __future__ import annotations

import unicodedata

import numpy as np
import pandas as pd

from coopatlas.demo.sampling import choose_disjoint, pick

#: Department values no gazetteer can resolve.
UNRESOLVABLE_DEPARTMENTS = ("Sin información", "No registra", "Sin dato", "Por definir")

#: Units whose names are never misspelled: one edit to a Lima name makes it ambiguous
#: between the two Lima units.
NOT_MISSPELLED = frozenset({"PE-LIM", "PE-LMA"})

#: Units never written with a "Departamento de"/"Provincia de" prefix.
_NOT_PREFIXED = ("CO-SAP", "PE-LMA", "PE-LIM")


def ascii_upper(text: str) -> str:
    """Return ``text`` in upper case without accents or commas ("Nariño" -> "NARINO").

    Parameters
    ----------
    text
        A name.

    Returns
    -------
    str
    """
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain.replace(",", "").upper()


def misspellings(name: str) -> list[str]:
    """Up to three one-edit misspellings of a name of eight letters or more.

    Parameters
    ----------
    name
        Official unit name.

    Returns
    -------
    list of str
        Middle letter deleted, the letter at a third doubled, and the middle vowel
        swapped (when there is one); empty for names under eight letters.
    """
    letters = [i for i, ch in enumerate(name) if ch.isalpha()]
    if len(letters) < 8:
        return []
    mid, third = letters[len(letters) // 2], letters[len(letters) // 3]
    deleted = name[:mid] + name[mid + 1 :]
    doubled = name[: third + 1] + name[third] + name[third + 1 :]
    vowels = [i for i in letters[2:-1] if name[i].lower() in "aeiou"]
    out = [deleted, doubled]
    if vowels:
        v = vowels[len(vowels) // 2]
        swap = {"a": "e", "e": "i", "i": "e", "o": "u", "u": "o"}[name[v].lower()]
        out.append(name[:v] + (swap.upper() if name[v].isupper() else swap) + name[v + 1 :])
    return out


def department_variants(units: pd.DataFrame) -> tuple[list[list[str]], np.ndarray]:
    """Department spellings per unit and their probabilities (rows padded with zeros).

    Official name 60 %, upper-case ASCII 20 %, aliases 10 % (shared within a country:
    left out), prefixed "Departamento de"/"Provincia de" 10 %; missing kinds fall back
    to the official name.

    Parameters
    ----------
    units
        Unit table (``iso_3166_2``, ``country``, ``name``, ``unit_type``, ``aliases``).

    Returns
    -------
    variants : list of list of str
        Spellings per unit.
    probs : numpy.ndarray
        ``(units, widest)`` probabilities aligned with ``variants``.
    """
    folded_owner: dict[tuple[str, str], set[str]] = {}
    for row in units.itertuples(index=False):
        for alias in filter(None, (a.strip() for a in row.aliases.split("|"))):
            key = (row.country, ascii_upper(alias))
            folded_owner.setdefault(key, set()).add(row.iso_3166_2)
    variants: list[list[str]] = []
    probs: list[list[float]] = []
    for row in units.itertuples(index=False):
        names = [row.name, ascii_upper(row.name)]
        p = [0.6, 0.2]
        aliases = [
            a.strip()
            for a in row.aliases.split("|")
            if a.strip() and len(folded_owner[(row.country, ascii_upper(a.strip()))]) == 1
        ]
        for alias in aliases:
            names.append(alias)
            p.append(0.1 / len(aliases))
        if not aliases:
            p[0] += 0.1
        if row.unit_type in ("departamento", "provincia") and row.iso_3166_2 not in _NOT_PREFIXED:
            prefix = "Provincia de" if row.country == "EC" else "Departamento de"
            names.append(f"{prefix} {row.name}")
            p.append(0.1)
        else:
            p[0] += 0.1
        variants.append(names)
        probs.append(p)
    width = max(len(v) for v in variants)
    matrix = np.zeros((len(variants), width))
    for i, p in enumerate(probs):
        matrix[i, : len(p)] = p
    return variants, matrix


def department_cells(
    rng: np.random.Generator,
    units: pd.DataFrame,
    unit: np.ndarray,
    *,
    n_unresolvable: int,
    n_misspelled: int,
    trailing_space_share: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Department cells as written, and which rows were made unusable on purpose.

    Parameters
    ----------
    rng
        Random generator.
    units
        Unit table of the generator.
    unit
        Unit index per row.
    n_unresolvable, n_misspelled
        Rows given one of :data:`UNRESOLVABLE_DEPARTMENTS`, and rows given a
        misspelling (disjoint; only units with names of eight letters or more, never
        :data:`NOT_MISSPELLED`).
    trailing_space_share
        Probability of one or two trailing spaces (half each).

    Returns
    -------
    department : numpy.ndarray
        Cells as text.
    bad : numpy.ndarray
        True on unresolvable and misspelled rows.
    """
    n = len(unit)
    variants, probs = department_variants(units)
    width = probs.shape[1]
    table = np.array([v + [""] * (width - len(v)) for v in variants], dtype=object).ravel()
    department = table[unit * width + pick(rng, probs, unit)]

    (unresolvable,) = choose_disjoint(rng, np.arange(n), [n_unresolvable])
    department[unresolvable] = np.array(UNRESOLVABLE_DEPARTMENTS, dtype=object)[
        rng.integers(0, len(UNRESOLVABLE_DEPARTMENTS), len(unresolvable))
    ]
    wrong = [
        [] if iso in NOT_MISSPELLED else misspellings(name)
        for iso, name in zip(units["iso_3166_2"], units["name"], strict=True)
    ]
    eligible = np.array([bool(m) for m in wrong])[unit]
    eligible[unresolvable] = False
    (misspelled,) = choose_disjoint(rng, np.flatnonzero(eligible), [n_misspelled])
    choice = rng.integers(0, 3, len(misspelled))
    department[misspelled] = [
        wrong[unit[i]][c % len(wrong[unit[i]])] for i, c in zip(misspelled, choice, strict=True)
    ]
    spaces = rng.random(n)
    one = np.flatnonzero(spaces < trailing_space_share / 2)
    two = np.flatnonzero((spaces >= trailing_space_share / 2) & (spaces < trailing_space_share))
    department[one] = department[one] + " "
    department[two] = department[two] + "  "
    bad = np.zeros(n, dtype=bool)
    bad[unresolvable] = bad[misspelled] = True
    return department, bad
