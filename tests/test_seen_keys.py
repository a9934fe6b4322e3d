"""The keys a chunked build remembers on disk: ids seen (and where), keys repeated.

Expected answers are worked out by hand from the keys added; the runs and buckets
are forced small so that merges and several buckets happen on a few keys.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from geo.importer import seen_keys
from geo.importer.seen_keys import KeyCounts, SeenIds


def _ids(*values: str) -> np.ndarray:
    return np.array(values, dtype=object)


def test_seen_ids_name_the_file_and_row_of_the_first_sighting(tmp_path: Path) -> None:
    seen = SeenIds(tmp_path / "ids")
    seen.add(_ids("A", "B"), _ids("a.csv", "a.csv"), np.array([2, 3]))
    seen.add(_ids("C"), _ids("b.csv"), np.array([7]))
    # "B" was added from a.csv row 3, "C" from b.csv row 7; "D" never.
    assert seen.find(_ids("B", "D", "C")) == [("a.csv", 3), None, ("b.csv", 7)]
    assert len(seen) == 3


def test_seen_ids_survive_merges_of_runs(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(seen_keys, "MERGE_LIMIT", 4)  # runs of at most 4 ids
    seen = SeenIds(tmp_path / "ids")
    for row in range(10):  # ten chunks of one id: id-k first seen at row k + 2
        seen.add(_ids(f"id-{row}"), _ids("f.csv"), np.array([row + 2]))
    runs = sorted((tmp_path / "ids").glob("run-*.npy"))
    assert 1 < len(runs) < 10  # merged, but not beyond the limit
    found = seen.find(_ids(*(f"id-{k}" for k in range(10)), "id-10"))
    assert found == [("f.csv", k + 2) for k in range(10)] + [None]


def test_seen_ids_keep_only_a_filter_in_memory(tmp_path: Path) -> None:
    seen = SeenIds(tmp_path / "ids")
    keys = _ids(*(f"x{k}" for k in range(1000)))
    seen.add(keys, np.full(1000, "f.csv", dtype=object), np.arange(1000))
    in_memory = sum(top.nbytes for top, _ in seen._runs)
    assert in_memory == 4 * 1000  # 4 bytes an id; the 24 bytes of each are on disk
    assert seen.find(_ids("x999")) == [("f.csv", 999)]


@pytest.mark.parametrize("buckets", [1, 64])
def test_key_counts_mark_every_copy_of_a_repeated_key(
    tmp_path: Path, monkeypatch, buckets: int
) -> None:
    monkeypatch.setattr(seen_keys, "BUCKETS", buckets)
    counts = KeyCounts(tmp_path / "keys")
    counts.add(_ids("a@CO-ANT", "b@CO-ANT", "a@CO-BOY"))
    counts.add(_ids("c@PE-LIM", "a@CO-ANT"))
    counts.add(_ids())
    counts.add(_ids("b@CO-ANT"))
    # positions 0 and 4 share "a@CO-ANT", 1 and 5 "b@CO-ANT"; 2 and 3 are alone
    assert counts.repeated().tolist() == [True, True, False, False, True, True]
    assert len(counts) == 6


def test_key_counts_of_nothing(tmp_path: Path) -> None:
    assert KeyCounts(tmp_path / "keys").repeated().tolist() == []
