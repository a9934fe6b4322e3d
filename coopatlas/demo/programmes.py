"""Demo programme participations, concentrated in a few focus units so coverage maps show gaps."""

from __future__ import annotations

import numpy as np
import pandas as pd

from coopatlas.demo.cells import int_text
from coopatlas.demo.sampling import pick
from coopatlas.demo.vocabulary import load_vocabulary

#: Share of organizations reached outside the focus units (``programme_focus.csv``).
PROGRAMME_BACKGROUND = 0.004
_PROGRAMME_LAST_YEAR = 2025


def programme_frame(
    rng: np.random.Generator,
    units: pd.DataFrame,
    rows: dict[str, np.ndarray],
    codes: np.ndarray,
) -> pd.DataFrame:
    """Programme participations concentrated in the focus units, as a text table.

    Parameters
    ----------
    rng
        Random generator.
    units
        Unit table of the generator (``iso_3166_2``).
    rows
        Drawn rows (``unit``, ``class``, ``year``, ``members`` arrays; -1 is unknown).
    codes
        Registry code per row.

    Returns
    -------
    pandas.DataFrame
        ``Código``, ``Programa``, ``Año``, ``Participantes``, ``Mujeres participantes``,
        every cell text.
    """
    v = load_vocabulary()
    unit, klass = rows["unit"], rows["class"]
    n = len(unit)
    reach = np.array(
        [v.programme_focus.get(iso, PROGRAMME_BACKGROUND) for iso in units["iso_3166_2"]]
    )
    p = np.minimum(reach[unit] * v.programme_class_factor[klass], 1.0)
    reached = np.flatnonzero(rng.random(n) < p)
    repeats = 1 + (rng.random(len(reached)) < 0.35) + (rng.random(len(reached)) < 0.12)
    org = np.repeat(reached, repeats)
    m = len(org)
    programme = pick(rng, v.programme_p[None, :], np.zeros(m, dtype=np.int64))
    # A programme year is never before the organization's founding year (when known).
    year = rng.integers(v.programme_first_year[programme], _PROGRAMME_LAST_YEAR + 1)
    year = np.maximum(year, rows["year"][org])
    # Participants: 1 + Poisson(6), at most the members (when known).
    participants = 1 + rng.poisson(6.0, m)
    members = rows["members"][org]
    participants = np.where(members > 0, np.minimum(participants, members), participants)
    women = rng.binomial(participants, 0.45)
    blank_women = rng.random(m) < 0.03
    frame = pd.DataFrame(
        {
            "org": org,
            "Código": codes[org],
            "Programa": np.array(v.programmes, dtype=object)[programme],
            "Año": year,
            "Participantes": participants,
            "Mujeres participantes": women,
            "blank": blank_women,
        }
    )
    frame = frame.drop_duplicates(["Código", "Programa", "Año"]).sort_values(
        ["org", "Año", "Programa"], kind="stable", ignore_index=True
    )
    never = np.zeros(len(frame), dtype=bool)
    return pd.DataFrame(
        {
            "Código": frame["Código"].to_numpy(dtype=object),
            "Programa": frame["Programa"].to_numpy(dtype=object),
            "Año": int_text(frame["Año"].to_numpy(), never),
            "Participantes": int_text(frame["Participantes"].to_numpy(), never),
            "Mujeres participantes": int_text(
                frame["Mujeres participantes"].to_numpy(), frame["blank"].to_numpy()
            ),
        }
    )
