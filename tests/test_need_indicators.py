"""Rural share and poverty as indicators at both levels, pooled from people: by hand.

Figures from ``data/boundaries/need_admin*.csv`` (DANE 2018, INEI 2017 and 2018, MINAM):

    unit       population  rural    poverty
    CO-19001      318,059  51,498   IPM 18.4 %
    CO-19548       40,818  26,547   IPM 30.7 %
    CO-CAU      1,464,488  918,586  IPM 38.24 %
    PE-CUS      1,205,527  34.36 % rural (MINAM's estimate)   monetary 24.4 %

Popayán and Piendamó together: rural (51,498 + 26,547) / (318,059 + 40,818); poor
people 0.184 x 318,059 + 0.307 x 40,818 = 58,522.856 + 12,531.126 = 71,053.982 over the
same 358,877 people. Cauca with Cusco: rural people 918,586 + 0.3436 x 1,205,527 =
918,586 + 414,219.08 over 2,670,015 people; poverty none (IPM and monetary poverty are
not one measure).
"""

from __future__ import annotations

import math

import pytest

from geo.indicators.prepared import prepare
from geo.indicators.selection import selection_totals
from geo.indicators.unit_tables import unit_table
from geo.indicators.view import View
from tests.test_level2_targeting import ORGS, PROGRAMMES


@pytest.fixture(scope="module")
def prepared():
    return prepare(ORGS, PROGRAMMES)


def test_each_unit_shows_its_own_figures(prepared) -> None:
    cauca = unit_table(prepared, View(level=2, parent="CO-CAU")).set_index("unit_id")
    assert cauca.at["CO-19001", "rural_share"] == pytest.approx(51_498 / 318_059)
    assert cauca.at["CO-19001", "poverty_rate"] == pytest.approx(0.184)
    level1 = unit_table(prepared, View()).set_index("unit_id")
    assert level1.at["PE-CUS", "rural_share"] == pytest.approx(0.3436)
    assert level1.at["PE-CUS", "poverty_rate"] == pytest.approx(0.244)


def test_a_selection_pools_people_not_rates(prepared) -> None:
    view = View(level=2, parent="CO-CAU")
    totals = selection_totals(
        prepared, None, ["CO-19001", "CO-19548"], unit_table=unit_table(prepared, view),
        place=(2, "CO-CAU"),
    ).set_index("level")  # fmt: skip
    chosen = totals.loc["selection"]
    assert chosen["rural_share"] == pytest.approx((51_498 + 26_547) / 358_877, rel=1e-6)
    assert chosen["poverty_rate"] == pytest.approx(71_053.982 / 358_877, rel=1e-5)


def test_poverty_is_not_pooled_across_countries(prepared) -> None:
    totals = selection_totals(prepared, None, ["CO-CAU", "PE-CUS"]).set_index("level")
    both = totals.loc["selection"]
    assert math.isnan(both["poverty_rate"])
    rural = (918_586 + 0.3436 * 1_205_527) / (1_464_488 + 1_205_527)
    assert both["rural_share"] == pytest.approx(rural, rel=1e-6)
    cauca = selection_totals(prepared, None, ["CO-CAU"]).set_index("level").loc["selection"]
    assert cauca["poverty_rate"] == pytest.approx(0.3824, rel=1e-6)
