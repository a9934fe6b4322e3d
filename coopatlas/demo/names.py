"""Demo organization names and codes: built from type, product and place, unique within a unit."""

from __future__ import annotations

import numpy as np
import pandas as pd

from coopatlas.demo.sampling import choose_disjoint
from coopatlas.demo.vocabulary import DemoVocabulary, load_vocabulary


def codes(
    rng: np.random.Generator, country: np.ndarray, *, n_reused: int
) -> tuple[np.ndarray, np.ndarray]:
    """Codes "CO-000001", ... in row order; a few later rows reuse an earlier row's code.

    Parameters
    ----------
    rng
        Random generator.
    country
        Country index per row.
    n_reused
        Number of rows that reuse the code of an earlier row.

    Returns
    -------
    codes : numpy.ndarray
        Code per row.
    shared : numpy.ndarray
        True on rows whose code is not unique (both the row that reuses a code and
        the row it was taken from).
    """
    n = len(country)
    width = max(6, len(str(n)))
    prefix = np.array(load_vocabulary().countries, dtype=object)[country]
    out = np.array([f"{p}-{i:0{width}d}" for i, p in enumerate(prefix, start=1)], dtype=object)
    (reusing,) = choose_disjoint(rng, np.arange(1, n), [n_reused])
    duplicate = np.zeros(n, dtype=bool)
    duplicate[reusing] = True
    for i in reusing.tolist():
        j = int(rng.integers(0, i))
        while duplicate[j]:  # row 0 never reuses, so this ends
            j = int(rng.integers(0, i))
        out[i] = out[j]
    return out, pd.Series(out).duplicated(keep=False).to_numpy()


def split_template(template: str) -> tuple[str, int]:
    """Split a name template into its head and tail kind (0 none, 1 " de {P}", 2 " de {U}").

    Parameters
    ----------
    template
        Name template: {A} adjective, {N} product noun, {D} distinctive name, and at
        the end only, {P} place (capital or unit) or {U} unit short name.

    Returns
    -------
    head : str
        The template without its place tail.
    kind : int
        0 (no place), 1 (" de {P}") or 2 (" de {U}").

    Raises
    ------
    ValueError
        If a place field is anywhere but at the end.
    """
    for kind, tail in ((1, " de {P}"), (2, " de {U}")):
        if template.endswith(tail):
            template, found = template[: -len(tail)], kind
            break
    else:
        found = 0
    if "{P}" in template or "{U}" in template:
        raise ValueError(f"name template must end with its place: {template!r}")
    return template, found


def names(
    rng: np.random.Generator,
    units: pd.DataFrame,
    rows: dict[str, np.ndarray],
    in_capital: np.ndarray,
) -> np.ndarray:
    """Build names from type, product and place; redraw collisions.

    A name is a head ("Asociación de Productores de Café San Isidro", formatted once
    per distinct combination) plus a place tail (" de Pitalito"). A name equal to an
    earlier one anywhere is redrawn up to three times; one still equal to an earlier
    name of the same unit is then numbered ("... N° 2"), so names are unique within a
    unit (a name may repeat across units in large registries).

    Parameters
    ----------
    rng
        Random generator.
    units
        Unit table of the generator (``place``, ``capital``).
    rows
        Drawn rows (``unit``, ``label``, ``sector``, ``country`` index arrays).
    in_capital
        True where the place tail names the capital rather than the unit.

    Returns
    -------
    numpy.ndarray
        Name per row.
    """
    draw = _NameDraw(rng, units, rows, in_capital)
    unit = rows["unit"]
    head, tail = draw.build(np.arange(len(unit)))
    n_tails = len(draw.tail_text)
    for _ in range(3):
        again = np.flatnonzero(pd.Series(head * n_tails + tail).duplicated().to_numpy())
        if len(again) == 0:
            break
        head[again], tail[again] = draw.build(again)
    key = pd.Series((head * n_tails + tail) * len(units) + unit)
    occurrence = key.groupby(key, sort=False).cumcount().to_numpy()
    out = (
        np.array(draw.head_text, dtype=object)[head]
        + np.asarray(draw.tail_text, dtype=object)[tail]
    )
    repeated = np.flatnonzero(occurrence > 0)
    out[repeated] = [f"{out[i]} N° {occurrence[i] + 1}" for i in repeated]
    return out


class _NameDraw:
    """Draws name heads and place tails for rows, formatting each distinct head once."""

    def __init__(
        self,
        rng: np.random.Generator,
        units: pd.DataFrame,
        rows: dict[str, np.ndarray],
        in_capital: np.ndarray,
    ) -> None:
        v = load_vocabulary()
        self.rng, self.v, self.in_capital = rng, v, in_capital
        self.unit, self.label = rows["unit"], rows["label"]
        self.sector, self.country = rows["sector"], rows["country"]
        self.words, self.options, self.n_options = _distinctive_options(v)
        self.split = [[split_template(t) for t in v.name_templates[lbl]] for lbl in v.labels]
        self.n_templates = np.array([len(s) for s in self.split])
        self.max_t = int(self.n_templates.max())
        self.kinds = np.zeros((len(v.labels), self.max_t), dtype=np.int64)
        for li, templates in enumerate(self.split):
            self.kinds[li, : len(templates)] = [kind for _, kind in templates]
        # Tails: "" then, per unit, " de <place>" and " de <capital>"; equal strings share an id.
        pairs = zip(units["place"], units["capital"], strict=True)
        tails = ["", *(f" de {x}" for pair in pairs for x in pair)]
        self.tail_id, self.tail_text = pd.factorize(np.array(tails, dtype=object))
        self.head_ids: dict[str, int] = {}
        self.head_text: list[str] = []

    def build(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Draw a template and a distinctive word per row; return head and tail ids."""
        rng, label, n_sectors = self.rng, self.label[rows], len(self.v.sectors)
        n_words = len(self.words)
        t = np.floor(rng.random(len(rows)) * self.n_templates[label]).astype(np.int64)
        c = self.country[rows]
        d = self.options[c, np.floor(rng.random(len(rows)) * self.n_options[c]).astype(np.int64)]
        combo = ((label * self.max_t + t) * n_sectors + self.sector[rows]) * n_words + d
        distinct, inverse = np.unique(combo, return_inverse=True)
        ids = np.array([self._head_id(code) for code in distinct.tolist()], dtype=np.int64)
        kind = self.kinds[label, t]
        capital = (kind == 1) & self.in_capital[rows]
        tail = np.where(kind == 0, 0, 1 + 2 * self.unit[rows] + capital)
        return ids[inverse.ravel()], self.tail_id[tail]

    def _head_id(self, code: int) -> int:
        """Format the head a combination code stands for, once; return its id."""
        rest, di = divmod(code, len(self.words))
        rest, si = divmod(rest, len(self.v.sectors))
        li, ti = divmod(rest, self.max_t)
        adjective, noun = self.v.sector_words[self.v.sectors[si]]
        text = self.split[li][ti][0].format(A=adjective, N=noun, D=self.words[di])
        if text not in self.head_ids:
            self.head_ids[text] = len(self.head_text)
            self.head_text.append(text)
        return self.head_ids[text]


def _distinctive_options(v: DemoVocabulary) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Distinctive words (common ones, then each country's) and the indices each country may use."""
    words = list(v.distinctive)
    options = np.zeros((len(v.countries), len(v.distinctive) + 32), dtype=np.int64)
    n_options = np.zeros(len(v.countries), dtype=np.int64)
    for ci, c in enumerate(v.countries):
        own = range(len(words), len(words) + len(v.distinctive_by_country[c]))
        words.extend(v.distinctive_by_country[c])
        allowed = [*range(len(v.distinctive)), *own]
        options[ci, : len(allowed)] = allowed
        n_options[ci] = len(allowed)
    return words, options, n_options


def plant_names(
    rng: np.random.Generator,
    names: np.ndarray,
    unit: np.ndarray,
    *,
    clean: np.ndarray,
    hostile: tuple[str, ...],
) -> None:
    """Put the hostile names and the same-name same-unit pairs on clean rows (in place).

    Parameters
    ----------
    rng
        Random generator.
    names
        Name per row, changed in place.
    unit
        Unit index per row.
    clean
        Rows that carry no other fault.
    hostile
        Names each written on exactly one clean row.
    """
    n = len(names)
    n_pairs = max(3, round(n / 1000))
    picked = rng.choice(np.flatnonzero(clean), size=len(hostile) + n_pairs, replace=False)
    for i, name in zip(picked[: len(hostile)], hostile, strict=True):
        names[i] = name
    taken = set(picked[: len(hostile)].tolist())
    order = np.argsort(unit, kind="stable")
    position = np.empty(n, dtype=np.int64)
    position[order] = np.arange(n)
    counts = np.bincount(unit)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    for i in picked[len(hostile) :].tolist():
        if i in taken:
            continue
        # The partner is the next clean row of the same unit, in unit order.
        start, size = starts[unit[i]], counts[unit[i]]
        k = position[i] - start
        for step in range(1, size):
            partner = int(order[start + (k + step) % size])
            if clean[partner] and partner not in taken:
                break
        else:
            continue
        names[partner] = names[i]
        taken.update((i, partner))
