"""The priority index at level 2 follows the target programme: worked out by hand.

Three municipios of Cauca, five organizations (members, youth members; programmes):

    municipio                        org  type          members  youth  reached by
    CO-19001 Popayán                 P1   cooperative       100     20  My.Coop
                                     P2   association        50     10  Think.Coop
    CO-19698 Santander de Quilichao  P3   association        40      0  -
                                     P4   cooperative        60     30  My.Coop
    CO-19548 Piendamó                P5   association        10      5  Think.Coop
    (Cauca, no municipio written)    P6   cooperative        70      0  -

Components (geo/indicators/priority.py; default weights organizations 2, members 1,
association share 2, youth share 1, coverage gap 4, sum 10):

    unit      orgs  organizations        members              assoc  youth  gap any  gap My.Coop
    19001     2     ln3/ln3 = 1          ln151/ln151 = 1      0.5    0.2    0        0.5
    19698     2     1                    ln101/ln151 = 0.91985 0.5   0.3    0.5      0.5
    19548     1     ln2/ln3 = 0.63093    ln11/ln151 = 0.47793  1.0   0.5    0        1

P6 counts in Cauca at level 1 only. Score = 10 * (2 o + m + 2 a + y + 4 g):

    any programme: 19001 42.0; 19698 62.19845; 19548 42.39787
    My.Coop:       19001 62.0; 19698 62.19845; 19548 82.39787
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from coopatlas.cli import main
from dashboard import logic, planner
from geo.indicators.compute import compute_indicators
from geo.indicators.prepared import prepare
from geo.indicators.selection import selection_totals
from geo.indicators.unit_tables import unit_table
from geo.indicators.view import View

LN = math.log
M_19698 = LN(101) / LN(151)
O_19548, M_19548 = LN(2) / LN(3), LN(11) / LN(151)
ANY = {
    "CO-19001": 10 * (2 + 1 + 1 + 0.2 + 0),
    "CO-19698": 10 * (2 + M_19698 + 1 + 0.3 + 4 * 0.5),
    "CO-19548": 10 * (2 * O_19548 + M_19548 + 2 + 0.5 + 0),
}
MY_COOP = {
    "CO-19001": 10 * (2 + 1 + 1 + 0.2 + 4 * 0.5),
    "CO-19698": ANY["CO-19698"],
    "CO-19548": 10 * (2 * O_19548 + M_19548 + 2 + 0.5 + 4 * 1),
}

ORGS = pd.DataFrame(
    {
        "org_id": ["P1", "P2", "P3", "P4", "P5", "P6"],
        "country": ["CO"] * 6,
        "iso_3166_2": ["CO-CAU"] * 6,
        "admin2_code": ["19001", "19001", "19698", "19698", "19548", None],
        "org_type": ["cooperative", "producer_association", "producer_association",
                     "cooperative", "producer_association", "cooperative"],
        "sector": ["coffee"] * 6,
        "members_total": [100, 50, 40, 60, 10, 70],
        "members_women": [None] * 6,
        "members_youth": [20, 10, 0, 30, 5, 0],
        "year_founded": [2000] * 6,
        "federations": [""] * 6,
        "social_services": [""] * 6,
    }
)  # fmt: skip
PROGRAMMES = pd.DataFrame(
    {
        "org_id": ["P1", "P2", "P4", "P5"],
        "programme": ["My.Coop", "Think.Coop", "My.Coop", "Think.Coop"],
    }
)


@pytest.fixture(scope="module")
def prepared():
    return prepare(ORGS, PROGRAMMES)


def _scores(table: pd.DataFrame) -> dict[str, float]:
    scored = table.loc[table["priority_score"].notna()]
    return dict(zip(scored["unit_id"], scored["priority_score"], strict=True))


def test_level_two_scores_follow_the_target_programme(prepared) -> None:
    view = View(level=2, parent="CO-CAU")
    assert _scores(unit_table(prepared, view)) == pytest.approx(ANY)
    targeted = View(level=2, parent="CO-CAU", programme="my_coop")
    assert _scores(unit_table(prepared, targeted)) == pytest.approx(MY_COOP)


def test_level_two_ranks_are_among_the_parents_units() -> None:
    # five organizations in Medellín would set the log scale if other parents counted
    medellin = ORGS.iloc[[0] * 5].assign(
        org_id=[f"M{i}" for i in range(5)], iso_3166_2="CO-ANT", admin2_code="05001"
    )
    prepared = prepare(pd.concat([ORGS, medellin], ignore_index=True), PROGRAMMES)
    table = unit_table(prepared, View(level=2, parent="CO-CAU", programme="my_coop"))
    assert set(table["parent_id"]) == {"CO-CAU"}
    assert _scores(table) == pytest.approx(MY_COOP)
    ranks = table.set_index("unit_id")["priority_rank"].dropna().astype(int).to_dict()
    assert ranks == {"CO-19548": 1, "CO-19698": 2, "CO-19001": 3}


def test_level_two_selection_totals_by_hand(prepared) -> None:
    view = View(level=2, parent="CO-CAU", selection=("CO-19001", "CO-19548"))
    table = unit_table(prepared, view)
    totals = selection_totals(
        prepared, None, list(view.selection), unit_table=table, place=(2, "CO-CAU")
    ).set_index("level")
    chosen, every = totals.loc["selection"], totals.loc["filtered"]
    assert (chosen["units_in_scope"], chosen["orgs"], chosen["cooperatives"]) == (2, 3, 1)
    assert chosen["coop_share"] == pytest.approx(1 / 3)
    assert chosen["members_total"] == 160
    assert chosen["median_members"] == 50  # of 100, 50, 10
    assert chosen["youth_share"] == pytest.approx(35 / 160)
    assert chosen["coverage_any"] == 1.0  # P1, P2, P5
    # Cauca has 42 municipios (DANE DIVIPOLA); P6 (no municipio) counts at level 1 only
    assert (every["units_in_scope"], every["orgs"], every["reached_any"]) == (42, 5, 4)
    assert compute_indicators(prepared)["orgs"].sum() == 6


def test_planner_panels_at_level_two_speak_of_one_level(prepared) -> None:
    view = View(level=2, parent="CO-CAU", selection=("CO-19001",), programme="my_coop")
    table = unit_table(prepared, view)
    totals = planner.totals_table(prepared, table, view)  # was an HTTP 500 at level 2
    cells = [getattr(c, "children", None) for row in totals.children[2].children
             for c in row.children]  # fmt: skip
    assert cells[:3] == ["Selected units", "1", "2"]  # one municipio, two organizations
    summary = logic.summary_text(table, view)
    assert summary.startswith("5 organizations")  # the filtered row's count, not level 1's 6
    bars = planner.contributions_chart(table, view, None)
    named = " ".join(str(node) for node in bars)
    assert "Piendamó" in named and "Cauca" not in named.replace("CO-CAU", "")


def _write_registry(folder: Path) -> tuple[Path, Path]:
    names = {"19001": "Popayán", "19698": "Santander de Quilichao", "19548": "Piendamó"}
    kinds = {"cooperative": "Cooperativa", "producer_association": "Asociación de productores"}
    registry = pd.DataFrame(
        {
            "Código": ORGS["org_id"],
            "Razón social": [f"Organización {i}" for i in ORGS["org_id"]],
            "País": "Colombia",
            "Departamento": "Cauca",
            "Municipio": [names.get(c, "") for c in ORGS["admin2_code"]],
            "Tipo de organización": [kinds[k] for k in ORGS["org_type"]],
            "Número de asociados": ORGS["members_total"],
            "Jóvenes asociados": ORGS["members_youth"],
        }
    )
    programmes = pd.DataFrame(
        {"Código": PROGRAMMES["org_id"], "Programa": PROGRAMMES["programme"], "Año": 2024}
    )
    registry.to_csv(folder / "registry.csv", index=False)
    programmes.to_csv(folder / "programmes.csv", index=False)
    return folder / "registry.csv", folder / "programmes.csv"


def _exported_scores(path: Path) -> dict[str, float]:
    lines = path.read_text("utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("level,"))
    table = pd.read_csv(path, skiprows=start)
    return dict(zip(table["admin2_id"], table["priority_score"], strict=True))


def test_export_command_at_level_two_with_and_without_target(tmp_path: Path) -> None:
    registry, programmes = _write_registry(tmp_path)
    built = tmp_path / "processed"
    code = main(["build", str(registry), "--programmes", str(programmes), "--out", str(built),
                 "--quiet"])  # fmt: skip
    assert code == 0
    common = ["export", "--data", str(built), "--level", "2", "--parent", "CO-CAU",
              "--indicator", "priority_score", "--format", "csv"]  # fmt: skip
    assert main([*common, "--out", str(tmp_path / "any")]) == 0
    assert main([*common, "--target", "My.Coop", "--out", str(tmp_path / "my")]) == 0
    scores_any = _exported_scores(tmp_path / "any.csv")
    scores_my = _exported_scores(tmp_path / "my.csv")
    scored_any = {k: v for k, v in scores_any.items() if not math.isnan(v)}
    scored_my = {k: v for k, v in scores_my.items() if not math.isnan(v)}
    assert scored_any == pytest.approx(ANY, abs=5e-4)
    assert scored_my == pytest.approx(MY_COOP, abs=5e-4)


def test_export_view_reproduces_a_dashboard_link(tmp_path: Path) -> None:
    registry, programmes = _write_registry(tmp_path)
    built = tmp_path / "processed"
    main(["build", str(registry), "--programmes", str(programmes), "--out", str(built), "--quiet"])
    link = "http://127.0.0.1:8050/?level=2&parent=CO-CAU&ind=priority_score&target=my_coop"
    assert main(["export", "--data", str(built), "--view", link, "--format", "csv",
                 "--out", str(tmp_path / "link")]) == 0  # fmt: skip
    scored = {k: v for k, v in _exported_scores(tmp_path / "link.csv").items() if v == v}
    assert scored == pytest.approx(MY_COOP, abs=5e-4)


def test_export_view_refuses_what_it_cannot_use(tmp_path: Path, capsys) -> None:
    code = main(["export", "--view", "?level=2&parent=CO-XXX&target=nobody", "--format", "csv",
                 "--out", str(tmp_path / "x")])  # fmt: skip
    assert code == 2
    error = capsys.readouterr().err
    assert "CO-XXX" in error and "nobody" in error


def test_exports_name_the_target_programme_in_the_weights_line() -> None:
    from geo.indicators.mapspec import MapSpec

    weights = (("coverage_gap", 4.0), ("organizations", 6.0))
    spec = MapSpec(level=2, parent="CO-CAU", weights=weights, coverage_programme="my_coop")
    assert "My.Coop" in spec.weights_line
    assert "My.Coop" not in MapSpec(level=2, parent="CO-CAU", weights=weights).weights_line
