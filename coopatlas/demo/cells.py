"""Demo attribute cells: member counts, founding years, federations, services and country words."""

from __future__ import annotations

import numpy as np

from coopatlas.demo.sampling import pick
from coopatlas.demo.vocabulary import load_vocabulary

_SAVINGS = "Cooperativa de ahorro y crédito"
_MEMBER_MEDIAN = 30.0
_MEMBER_SIGMA = 1.0
_MEMBER_FACTOR_SAVINGS = 3.0
_MEMBERS_MIN, _MEMBERS_MAX = 5, 15000

_YEAR_MIN, _YEAR_MAX = 1960, 2025
_YEAR_SCALE = 14.0  # mean age in years of the exponential founding-year draw

#: Federation that only federates Peruvian coffee organizations, and most of them.
_COFFEE_BOARD = "JNC (Junta Nacional del Café)"


def int_text(values: np.ndarray, blank: np.ndarray) -> np.ndarray:
    """Non-negative integers as text through a lookup table ("" where blank or negative).

    Parameters
    ----------
    values
        Integers.
    blank
        True where the cell is left blank.

    Returns
    -------
    numpy.ndarray
        Object array of str.
    """
    top = int(values.max(initial=0))
    lookup = np.array([*(str(i) for i in range(top + 1)), ""], dtype=object)
    return lookup[np.where(blank | (values < 0), -1, values)]


def members(rng: np.random.Generator, klass: np.ndarray, label: np.ndarray) -> np.ndarray:
    """Members: lognormal, median 35, scaled by class; savings cooperatives larger.

    Parameters
    ----------
    rng
        Random generator.
    klass, label
        Class and type-label index per row.

    Returns
    -------
    numpy.ndarray
        Member count per row, 5 to 15,000.
    """
    v = load_vocabulary()
    factor = v.member_factor[klass] * np.where(
        label == v.label_index[_SAVINGS], _MEMBER_FACTOR_SAVINGS, 1.0
    )
    draw = rng.lognormal(np.log(_MEMBER_MEDIAN), _MEMBER_SIGMA, len(klass)) * factor
    return np.clip(np.rint(draw), _MEMBERS_MIN, _MEMBERS_MAX).astype(np.int64)


def founding_years(rng: np.random.Generator, n: int) -> np.ndarray:
    """Founding years 1960-2025, exponentially more common in recent years.

    Parameters
    ----------
    rng
        Random generator.
    n
        Number of rows.

    Returns
    -------
    numpy.ndarray
    """
    year = _YEAR_MAX - np.floor(rng.exponential(_YEAR_SCALE, n)).astype(np.int64)
    too_old = year < _YEAR_MIN
    year[too_old] = rng.integers(_YEAR_MIN, _YEAR_MAX + 1, int(too_old.sum()))
    return year


def _mask_text(masks: np.ndarray, names: tuple[str, ...]) -> np.ndarray:
    """Join the names whose bits are set, "; "-separated, through a lookup table."""
    lookup = np.array(
        [
            "; ".join(name for b, name in enumerate(names) if m >> b & 1)
            for m in range(1 << len(names))
        ],
        dtype=object,
    )
    return lookup[masks]


def federation_cells(
    rng: np.random.Generator, country: np.ndarray, klass: np.ndarray, sector: np.ndarray
) -> np.ndarray:
    """Federations of each row (one or two of its country's, "; "-separated), or "".

    Parameters
    ----------
    rng
        Random generator.
    country, klass, sector
        Country, class and sector index per row.

    Returns
    -------
    numpy.ndarray
        Object array of str.
    """
    v = load_vocabulary()
    n = len(country)
    has = rng.random(n) < v.federation_share[klass]
    second = rng.random(n) < 0.25
    u1, u2 = rng.random(n), rng.random(n)
    masks = np.zeros(n, dtype=np.int64)
    for ci, c in enumerate(v.countries):
        options = np.array(v.federations_by_country[c])
        rows = country == ci
        k = len(options)
        first = np.floor(u1[rows] * k).astype(np.int64)
        other = (first + 1 + np.floor(u2[rows] * (k - 1)).astype(np.int64)) % k
        mask = (1 << options[first]) | np.where(second[rows], 1 << options[other], 0)
        masks[rows] = mask
    board = v.federations.index(_COFFEE_BOARD)
    pe = country == v.countries.index("PE")
    coffee = sector == v.sector_index["Café"]
    masks = np.where(pe & ~coffee, masks & ~(1 << board), masks)
    masks = np.where(pe & coffee & (u2 < 0.7), masks | (1 << board), masks)
    masks = np.where(masks == 0, 1 << v.federations_by_country["PE"][0], masks)
    return np.where(has, _mask_text(masks, v.federations), "").astype(object)


def service_cells(rng: np.random.Generator, klass: np.ndarray, label: np.ndarray) -> np.ndarray:
    """Social services of each row ("; "-separated), or "".

    Parameters
    ----------
    rng
        Random generator.
    klass, label
        Class and type-label index per row.

    Returns
    -------
    numpy.ndarray
        Object array of str.
    """
    v = load_vocabulary()
    n = len(klass)
    has = rng.random(n) < v.services_share[klass]
    probs = np.tile(v.service_probability, (n, 1))
    probs[label == v.label_index[_SAVINGS], v.services.index("Ahorro y crédito")] = 0.8
    bits = rng.random((n, len(v.services))) < probs
    masks = bits.astype(np.int64) @ (1 << np.arange(len(v.services)))
    masks = np.where(masks == 0, 1 << v.services.index("Capacitación"), masks)
    return np.where(has, _mask_text(masks, v.services), "").astype(object)


def country_cells(rng: np.random.Generator, country: np.ndarray) -> np.ndarray:
    """Write the country as each row spells it ("Perú", "Peru", "PE", ...).

    Parameters
    ----------
    rng
        Random generator.
    country
        Country index per row.

    Returns
    -------
    numpy.ndarray
        Object array of str.
    """
    v = load_vocabulary()
    width = max(len(s) for s in v.country_spellings.values())
    probs = np.zeros((len(v.countries), width))
    words = np.full((len(v.countries), width), "", dtype=object)
    for ci, c in enumerate(v.countries):
        for j, (word, p) in enumerate(v.country_spellings[c]):
            words[ci, j], probs[ci, j] = word, p
    return words.ravel()[country * width + pick(rng, probs, country)]
