"""The "compare the units in the filters" button: which units it selects, and when it refuses."""

from __future__ import annotations

import pandas as pd

from dashboard.compare_filter import units_to_compare


def table(in_scope: list[bool]) -> pd.DataFrame:
    return pd.DataFrame(
        {"unit_id": [f"CO-{i:02d}" for i in range(len(in_scope))], "in_scope": in_scope}
    )


def test_up_to_five_units_in_the_filters_are_selected_in_table_order() -> None:
    units, why = units_to_compare(table([True, False, True]), "en")
    assert (units, why) == (["CO-00", "CO-02"], None)
    five, _ = units_to_compare(table([True] * 5), "en")
    assert five == ["CO-00", "CO-01", "CO-02", "CO-03", "CO-04"]


def test_six_units_or_none_are_refused_with_words() -> None:
    units, why = units_to_compare(table([True] * 6), "es")
    assert units is None
    assert why == (
        "Los filtros abarcan 6 unidades: elija como máximo 5 departamentos o provincias "
        "para compararlas."
    )
    nothing, said = units_to_compare(table([False, False]), "en")
    assert nothing is None and said == "No organization matches the filters"
