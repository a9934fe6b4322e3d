"""The priority index: components, weights, score and stable ranking, worked by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo._errors import DataFileError, InputValidationError, MissingDataError
from geo.indicators.priority import (
    COMPONENTS,
    WEIGHTS_FILE,
    load_weights,
    priority_columns,
    priority_components,
    rank_units,
    score_priority,
    validate_weights,
)

NAN = float("nan")
DEFAULT = {
    "organizations": 2.0,
    "members": 1.0,
    "association_share": 2.0,
    "youth_share": 1.0,
    "coverage_gap": 4.0,
    "need": 0.0,
    "rurality": 0.0,
}
EQUAL = dict.fromkeys(COMPONENTS, 1.0)


def unit_row(iso, orgs, assoc, precoop, members, known, youth, reached):
    return {
        "unit_id": iso,
        "orgs": orgs,
        "orgs_producer_association": assoc,
        "orgs_pre_cooperative": precoop,
        "members_total": members,
        "members_known_orgs": known,
        "youth_share": youth,
        "reached_any": reached,
    }


# Antioquia: 6 orgs (1 association, 1 pre-cooperative), 210 members known in 5 orgs,
#   youth 25/160 = 0.15625, 2 reached.
# Boyacá: no organization.
# Cusco: 4 orgs (2 associations), 390 members in 4 orgs, youth 0.2, 2 reached.
ANT = unit_row("CO-ANT", 6, 1, 1, 210, 5, 25 / 160, 2)
BOY = unit_row("CO-BOY", 0, 0, 0, 0, 0, NAN, 0)
CUS = unit_row("PE-CUS", 4, 2, 0, 390, 4, 0.2, 2)


def frame(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


def test_components_by_hand() -> None:
    comps = priority_components(frame(ANT, BOY, CUS))
    # organizations: ln(1 + 6) / ln(1 + 6) = 1;  ln(1 + 4) / ln(7) = 1.609438 / 1.945910 = 0.827087
    # members: ln(211) / ln(391) = 5.351858 / 5.968708 = 0.896653;  ln(391) / ln(391) = 1
    # association share: (1 + 1) / 6 = 0.333333;  (2 + 0) / 4 = 0.5
    # coverage gap: 1 - 2/6 = 0.666667;  1 - 2/4 = 0.5
    expected = pd.DataFrame(
        {
            "priority_organizations": [1.0, NAN, math.log(5) / math.log(7)],
            "priority_members": [math.log(211) / math.log(391), NAN, 1.0],
            "priority_association_share": [2 / 6, NAN, 0.5],
            "priority_youth_share": [0.15625, NAN, 0.2],
            "priority_coverage_gap": [4 / 6, NAN, 0.5],
            "priority_need": [NAN, NAN, NAN],  # no poverty_percentile column
            "priority_rurality": [NAN, NAN, NAN],  # no rural_share column
        }
    )
    pd.testing.assert_frame_equal(comps, expected, rtol=1e-12)
    assert comps["priority_organizations"].iloc[2] == pytest.approx(0.827087, abs=1e-6)
    assert comps["priority_members"].iloc[0] == pytest.approx(0.896653, abs=1e-6)


def test_score_points_and_rank_with_default_weights() -> None:
    result = score_priority(frame(ANT, BOY, CUS), DEFAULT)
    # weights 2, 1, 2, 1, 4 (sum 10; need and rurality weigh 0 by default);
    # points = 100 * weight * component / 10
    #   ANT: 20.0 + 8.96653 + 6.66667 + 1.5625 + 26.66667 = 63.86236
    #   CUS: 16.54175 + 10.0 + 10.0 + 2.0 + 20.0 = 58.54175
    ant, boy, cus = (result.iloc[i] for i in range(3))
    assert ant["priority_organizations_points"] == pytest.approx(20.0)
    assert ant["priority_members_points"] == pytest.approx(8.96653, abs=1e-5)
    assert ant["priority_association_share_points"] == pytest.approx(6.66667, abs=1e-5)
    assert ant["priority_youth_share_points"] == pytest.approx(1.5625)
    assert ant["priority_coverage_gap_points"] == pytest.approx(26.66667, abs=1e-5)
    assert ant["priority_score"] == pytest.approx(63.86236, abs=1e-5)
    assert cus["priority_organizations_points"] == pytest.approx(16.54175, abs=1e-5)
    assert cus["priority_score"] == pytest.approx(58.54175, abs=1e-5)
    points = [f"priority_{c}_points" for c in COMPONENTS]
    for row in (ant, cus):
        assert sum(row[p] for p in points if not math.isnan(row[p])) == pytest.approx(
            row["priority_score"]
        )
    assert math.isnan(boy["priority_score"])
    assert result["priority_rank"].tolist() == [1, pd.NA, 2]
    assert result["priority_missing"].tolist() == ["", "", ""]  # need, rurality weigh 0
    assert list(result.columns) == priority_columns()


def test_default_weights_come_from_the_settings_file() -> None:
    assert load_weights() == DEFAULT
    assert load_weights(WEIGHTS_FILE) == DEFAULT
    default = score_priority(frame(ANT, BOY, CUS))
    explicit = score_priority(frame(ANT, BOY, CUS), DEFAULT)
    pd.testing.assert_frame_equal(default, explicit)


def test_weights_change_the_ranking_and_only_ratios_matter() -> None:
    coverage_only = dict.fromkeys(COMPONENTS, 0.0) | {"coverage_gap": 1.0}
    result = score_priority(frame(ANT, CUS), coverage_only)
    # score = 100 * coverage gap: ANT 66.67, CUS 50
    assert result["priority_score"].tolist() == pytest.approx([100 * 4 / 6, 50.0])
    association_only = dict.fromkeys(COMPONENTS, 0.0) | {"association_share": 3.0}
    result = score_priority(frame(ANT, CUS), association_only)
    assert result["priority_score"].tolist() == pytest.approx([100 * 2 / 6, 50.0])
    assert result["priority_rank"].tolist() == [2, 1]  # Cusco first now
    scaled = {k: v * 10 for k, v in DEFAULT.items()}
    pd.testing.assert_frame_equal(
        score_priority(frame(ANT, CUS), scaled), score_priority(frame(ANT, CUS), DEFAULT)
    )


def test_ties_are_ranked_by_iso_code_whatever_the_row_order() -> None:
    twin_pe = unit_row("PE-ZZZ", 3, 1, 0, 90, 3, 0.1, 1)
    twin_co = unit_row("CO-AAA", 3, 1, 0, 90, 3, 0.1, 1)
    for rows in ((twin_pe, twin_co), (twin_co, twin_pe)):
        result = score_priority(frame(*rows), EQUAL)
        ranks = dict(zip([r["unit_id"] for r in rows], result["priority_rank"], strict=True))
        assert ranks == {"CO-AAA": 1, "PE-ZZZ": 2}
        assert result["priority_score"].iloc[0] == result["priority_score"].iloc[1]


def test_scores_equal_up_to_float_noise_count_as_ties() -> None:
    # 0.1 + 0.2 = 0.30000000000000004 != 0.3, so PE-B's raw score is a hair higher;
    # the scores still tie and the tie goes to the smaller ISO code, CO-Z.
    a = unit_row("PE-B", 2, 0, 0, 10, 2, 0.1 + 0.2, 1)
    b = unit_row("CO-Z", 2, 0, 0, 10, 2, 0.3, 1)
    youth_only = dict.fromkeys(COMPONENTS, 0.0) | {"youth_share": 1.0}
    result = score_priority(frame(a, b), youth_only)
    assert result["priority_score"].iloc[0] > result["priority_score"].iloc[1]  # 30.000...04
    assert result["priority_rank"].tolist() == [2, 1]


def test_missing_component_spreads_its_weight_over_the_others() -> None:
    no_youth = unit_row("CO-NOY", 6, 1, 1, 210, 5, NAN, 2)
    result = score_priority(frame(ANT, CUS, no_youth), DEFAULT).iloc[2]
    # same as Antioquia without youth: weights 2 + 1 + 2 + 4 = 9
    # 100 * (2 * 1 + 1 * 0.896653 + 2 * 0.333333 + 4 * 0.666667) / 9
    #   = 100 * (2 + 0.896653 + 0.666667 + 2.666667) / 9 = 100 * 6.229987 / 9 = 69.2221
    members = math.log(211) / math.log(391)
    expected = 100 * (2 * 1 + 1 * members + 2 * (2 / 6) + 4 * (4 / 6)) / 9
    assert result["priority_score"] == pytest.approx(expected)
    assert result["priority_score"] == pytest.approx(69.2221, abs=1e-4)
    assert math.isnan(result["priority_youth_share_points"])
    assert result["priority_missing"] == "youth_share"


def test_unknown_members_make_the_members_component_missing() -> None:
    unknown = unit_row("CO-UNK", 2, 0, 0, 0, 0, NAN, 0)
    result = score_priority(frame(unknown), EQUAL).iloc[0]
    # organizations ln3/ln3 = 1, association 0, coverage gap 1: 100 * (1 + 0 + 1) / 3
    assert result["priority_score"] == pytest.approx(200 / 3)
    assert result["priority_missing"] == "members|youth_share|need|rurality"


def test_members_all_zero_give_a_zero_component() -> None:
    zero = unit_row("CO-ZER", 1, 0, 0, 0, 1, 0.0, 0)
    comps = priority_components(frame(zero))
    assert comps["priority_members"].tolist() == [0.0]


def test_no_usable_weight_gives_no_score() -> None:
    youth_only = dict.fromkeys(COMPONENTS, 0.0) | {"youth_share": 1.0}
    no_youth = unit_row("CO-NOY", 6, 1, 1, 210, 5, NAN, 2)
    result = score_priority(frame(ANT, no_youth), youth_only)
    assert result["priority_score"].iloc[0] == pytest.approx(100 * 0.15625)
    assert math.isnan(result["priority_score"].iloc[1])
    assert result["priority_rank"].tolist() == [1, pd.NA]


def test_rank_units_puts_units_without_score_last() -> None:
    table = frame(BOY, CUS, ANT, unit_row("CO-AMA", 0, 0, 0, 0, 0, NAN, 0))
    table = pd.concat([table, score_priority(table, DEFAULT)], axis=1)
    ordered = rank_units(table)
    assert ordered["unit_id"].tolist() == ["CO-ANT", "PE-CUS", "CO-AMA", "CO-BOY"]
    assert ordered["priority_rank"].tolist() == [1, 2, pd.NA, pd.NA]


def test_result_keeps_the_input_index() -> None:
    table = frame(ANT, CUS).set_axis([10, 20])
    assert score_priority(table, DEFAULT).index.tolist() == [10, 20]


def test_missing_columns_are_named() -> None:
    with pytest.raises(InputValidationError, match=r"lacks columns \['reached_any'\]"):
        score_priority(frame(ANT).drop(columns="reached_any"), DEFAULT)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 500),
            st.integers(0, 500),
            st.integers(0, 10_000),
            st.one_of(st.just(NAN), st.floats(0, 1)),
            st.integers(0, 500),
        ),
        min_size=1,
        max_size=12,
    ),
    st.lists(st.floats(0, 10), min_size=len(COMPONENTS), max_size=len(COMPONENTS)).filter(
        lambda w: sum(w) > 0
    ),
)
def test_score_is_between_0_and_100_and_points_add_up(rows, weights) -> None:
    units = []
    for i, (orgs, assoc, members, youth, reached) in enumerate(rows):
        assoc, reached = min(assoc, orgs), min(reached, orgs)
        units.append(unit_row(f"CO-{i:03d}", orgs, assoc, 0, members, orgs, youth, reached))
    result = score_priority(frame(*units), dict(zip(COMPONENTS, weights, strict=True)))
    score = result["priority_score"].to_numpy()
    finite = ~np.isnan(score)
    assert ((score[finite] >= -1e-9) & (score[finite] <= 100 + 1e-9)).all()
    points = result[[f"priority_{c}_points" for c in COMPONENTS]].sum(axis=1).to_numpy()
    assert np.allclose(points[finite], score[finite])
    ranks = result["priority_rank"].dropna().sort_values().tolist()
    assert ranks == list(range(1, int(finite.sum()) + 1))


# ---------------------------------------------------------------------------- weights


def test_validate_weights_lists_every_problem() -> None:
    with pytest.raises(InputValidationError) as info:
        validate_weights(
            {
                "organizations": -1,
                "members": "high",
                "association_share": True,
                "youth": 1,
                "coverage_gap": math.inf,
            }
        )
    problems = info.value.problems
    assert problems[0] == (
        "unknown weight keys ['youth']; allowed keys are ['organizations', 'members', "
        "'association_share', 'youth_share', 'coverage_gap', 'need', 'rurality']"
    )
    assert "missing weights for ['youth_share']" in problems[1]
    text = "\n".join(problems)
    for part in (
        "'organizations' must be >= 0",
        "'members' must be a number",
        "'association_share' must be a number",
        "'coverage_gap' must be finite",
    ):
        assert part in text
    assert len(problems) == 6


def test_all_zero_weights_are_rejected() -> None:
    with pytest.raises(InputValidationError, match="all weights are 0"):
        validate_weights(dict.fromkeys(COMPONENTS, 0))
    with pytest.raises(InputValidationError, match="mapping"):
        validate_weights([1, 2, 3])  # type: ignore[arg-type]
    assert validate_weights(dict.fromkeys(COMPONENTS, 1)) == EQUAL


def _write(tmp_path, text: str):
    path = tmp_path / "weights.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_load_weights_from_a_file(tmp_path) -> None:
    path = _write(
        tmp_path,
        "[weights]\norganizations = 1\nmembers = 0\nassociation_share = 0.5\n"
        "youth_share = 0\ncoverage_gap = 3\n",
    )
    assert load_weights(path) == {
        "organizations": 1.0,
        "members": 0.0,
        "association_share": 0.5,
        "youth_share": 0.0,
        "coverage_gap": 3.0,
        "need": 0.0,  # a file written before the need components: they weigh 0
        "rurality": 0.0,
    }


def test_load_weights_names_the_file_and_unknown_keys(tmp_path) -> None:
    path = _write(
        tmp_path,
        "title = 'x'\n[weights]\norganizations = 1\nmembers = 1\nassociation_share = 1\n"
        "youth = 1\ncoverage_gap = -2\n",
    )
    with pytest.raises(InputValidationError) as info:
        load_weights(path)
    problems = info.value.problems
    assert all(p.startswith(str(path)) for p in problems)
    text = "\n".join(problems)
    assert "unknown top-level keys ['title']" in text
    assert "unknown weight keys ['youth']" in text
    assert "missing weights for ['youth_share']" in text
    assert "'coverage_gap' must be >= 0" in text


def test_load_weights_file_errors(tmp_path) -> None:
    with pytest.raises(MissingDataError, match="not found"):
        load_weights(tmp_path / "nope.toml")
    with pytest.raises(DataFileError, match="not valid TOML"):
        load_weights(_write(tmp_path, "[weights\n"))
    with pytest.raises(InputValidationError, match=r"no \[weights\] table"):
        load_weights(_write(tmp_path, "organizations = 1\n"))


def test_need_changes_the_ranking_by_hand() -> None:
    # Two units of one country, no members or youth reported (those weights are spread):
    #   BIG:  8 orgs, none reached, least poor (percentile 0)
    #   POOR: 2 orgs, none reached, poorest (percentile 1)
    # organizations: ln(9)/ln(9) = 1 and ln(3)/ln(9) = 0.5; coverage gap 1 and 1.
    big = unit_row("CO-BIG", 8, 0, 0, 0, 0, NAN, 0) | {"poverty_percentile": 0.0}
    poor = unit_row("CO-POO", 2, 0, 0, 0, 0, NAN, 0) | {"poverty_percentile": 1.0}
    base = dict.fromkeys(COMPONENTS, 0.0) | {"organizations": 2.0, "coverage_gap": 2.0}
    # Without need: BIG 100 * (2 * 1 + 2 * 1) / 4 = 100; POOR 100 * (2 * 0.5 + 2 * 1) / 4 = 75.
    result = score_priority(frame(big, poor), base)
    assert result["priority_score"].tolist() == pytest.approx([100.0, 75.0])
    assert result["priority_rank"].tolist() == [1, 2]
    # Need weighted 2: BIG 100 * (2 + 2 + 2 * 0) / 6 = 66.67; POOR 100 * (1 + 2 + 2) / 6 = 83.33.
    result = score_priority(frame(big, poor), base | {"need": 2.0})
    assert result["priority_score"].tolist() == pytest.approx([400 / 6, 500 / 6])
    assert result["priority_need_points"].tolist() == pytest.approx([0.0, 200 / 6])
    assert result["priority_rank"].tolist() == [2, 1]  # the poorer unit first now


def test_rurality_is_the_rural_share_and_optional() -> None:
    rural = unit_row("CO-RUR", 4, 2, 0, 390, 4, 0.2, 2) | {"rural_share": 0.8}
    result = score_priority(frame(rural), dict.fromkeys(COMPONENTS, 0.0) | {"rurality": 1.0})
    assert result["priority_rurality"].tolist() == [0.8]
    assert result["priority_score"].tolist() == pytest.approx([80.0])
    # weighted 0, a missing rurality is not reported as missing
    no_share = unit_row("CO-NOS", 4, 2, 0, 390, 4, 0.2, 2)
    assert score_priority(frame(no_share), EQUAL | {"rurality": 0.0})[
        "priority_missing"
    ].tolist() == ["need"]
