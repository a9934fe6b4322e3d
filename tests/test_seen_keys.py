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
    runs = sorted((tmp_path / "ids").glob("run-*.bin"))
    assert 1 < len(runs) < 10  # merged, but not beyond the limit
    found = seen.find(_ids(*(f"id-{k}" for k in range(10)), "id-10"))
    assert found == [("f.csv", k + 2) for k in range(10)] + [None]


def test_seen_ids_keep_a_filter_of_fixed_size_in_memory(tmp_path: Path) -> None:
    sizes = []
    for n in (1000, 20000):
        seen = SeenIds(tmp_path / f"ids{n}")
        keys = _ids(*(f"x{k}" for k in range(n)))
        seen.add(keys, np.full(n, "f.csv", dtype=object), np.arange(n))
        fences = sum(run.fences.nbytes for run in seen._runs)
        assert fences == 8 * -(-n // seen_keys.FENCE)  # 8 bytes a block of the run on disk
        sizes.append(seen._filter.nbytes)
        assert seen.find(_ids(f"x{n - 1}", "y")) == [("f.csv", n - 1), None]
    assert sizes == [seen_keys.FILTER_BITS // 8] * 2  # the same for 20 times the ids


@pytest.mark.parametrize("bits", [8, 1 << 12])
def test_ids_the_filter_lets_through_are_looked_up_on_disk(
    tmp_path: Path, monkeypatch, bits: int
) -> None:
    # 8 bits: every id passes the filter; 4096: some do. Small blocks and runs, so
    # that lookups cross block boundaries and merged runs.
    monkeypatch.setattr(seen_keys, "FILTER_BITS", bits)
    monkeypatch.setattr(seen_keys, "FENCE", 3)
    monkeypatch.setattr(seen_keys, "MERGE_LIMIT", 40)
    monkeypatch.setattr(seen_keys, "MERGE_BLOCK", 5)
    seen = SeenIds(tmp_path / "ids")
    for chunk in range(12):  # 12 chunks of 9 ids; id-k first seen in file f<k % 2> row k
        ks = range(chunk * 9, chunk * 9 + 9)
        seen.add(
            _ids(*(f"id-{k}" for k in ks)),
            _ids(*(f"f{k % 2}.csv" for k in ks)),
            np.array(list(ks)),
        )
    assert len(seen) == 108 and len(seen._runs) > 1
    asked = [f"id-{k}" for k in range(0, 120, 7)]  # 0, 7, ..., 119: the last two unseen
    expected = [(f"f{k % 2}.csv", k) if k < 108 else None for k in range(0, 120, 7)]
    assert seen.find(_ids(*asked)) == expected


def test_a_lookup_finds_a_first_hash_shared_across_a_block_boundary(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(seen_keys, "FENCE", 2)
    # Three records share the first hash 5 (told apart by the second), across the
    # blocks of 2 records of a run: the fences are [1, 5, 9].
    records = np.array(
        [(1, 0, 0), (5, 1, 1), (5, 2, 2), (5, 3, 3), (9, 0, 4)], dtype=seen_keys._KEY
    )
    records.tofile(tmp_path / "run.bin")
    run = seen_keys._Run(tmp_path / "run.bin", 5, records["h1"][::2].copy())
    found = [run.locate(np.uint64(5), np.uint64(h2)) for h2 in (1, 2, 3, 4)]
    assert found == [1, 2, 3, None]
    assert run.locate(np.uint64(0), np.uint64(0)) is None  # below every record
    assert run.locate(np.uint64(9), np.uint64(0)) == 4  # the last record
    assert run.locate(np.uint64(10), np.uint64(0)) is None  # above every record


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


@pytest.mark.parametrize("block", [1, 2, 3, 100])
def test_a_merge_of_runs_a_block_at_a_time_is_the_stable_sort_of_both(
    tmp_path: Path, monkeypatch, block: int
) -> None:
    monkeypatch.setattr(seen_keys, "MERGE_BLOCK", block)
    seen = SeenIds(tmp_path / "ids")
    # first hashes with ties inside a run and across the runs; "at" tells records apart
    older = np.array([(1, 0, 10), (5, 0, 11), (5, 0, 12), (9, 0, 13)], dtype=seen_keys._KEY)
    newer = np.array([(0, 0, 20), (5, 0, 21), (9, 0, 22), (12, 0, 23), (12, 0, 24)], seen_keys._KEY)
    older.tofile(tmp_path / "older.bin")
    newer.tofile(tmp_path / "newer.bin")
    monkeypatch.setattr(seen_keys, "FENCE", 2)
    run = seen._merge(tmp_path / "older.bin", tmp_path / "newer.bin", 9)
    merged = np.fromfile(run.path, dtype=seen_keys._KEY)
    # by first hash; on a tie the older run's records first, each run in its own order
    assert merged["at"].tolist() == [20, 10, 11, 12, 21, 13, 22, 23, 24]
    assert merged["h1"].tolist() == [0, 1, 5, 5, 5, 9, 9, 12, 12]
    assert run.fences.tolist() == [0, 5, 5, 9, 12]  # every second first hash


def test_a_merge_with_an_empty_side_copies_the_other(tmp_path: Path) -> None:
    seen = SeenIds(tmp_path / "ids")
    older = np.array([(3, 1, 1), (4, 2, 2)], dtype=seen_keys._KEY)
    older.tofile(tmp_path / "older.bin")
    (tmp_path / "newer.bin").write_bytes(b"")
    run = seen._merge(tmp_path / "older.bin", tmp_path / "newer.bin", 2)
    assert np.fromfile(run.path, dtype=seen_keys._KEY).tolist() == older.tolist()
    assert run.fences.tolist() == [older["h1"][0]]


@pytest.mark.parametrize("block", [1, 4, 7, 1000])
def test_a_merge_by_blocks_agrees_with_sorting_both_runs_at_once(
    tmp_path: Path, monkeypatch, block: int
) -> None:
    monkeypatch.setattr(seen_keys, "MERGE_BLOCK", block)
    rng = np.random.default_rng(block)
    runs = []
    for name, size in (("older", 60), ("newer", 45)):
        run = np.zeros(size, dtype=seen_keys._KEY)
        run["h1"] = np.sort(rng.integers(0, 12, size)).astype(np.uint64) << np.uint64(31)
        run["at"] = np.arange(size) + (1000 if name == "newer" else 0)
        run.tofile(tmp_path / f"{name}.bin")
        runs.append(run)
    both = np.concatenate(runs)  # the oracle: one stable sort of everything in memory
    expected = both[np.argsort(both["h1"], kind="stable")]
    monkeypatch.setattr(seen_keys, "FENCE", 4)
    merged = SeenIds(tmp_path / "ids")._merge(tmp_path / "older.bin", tmp_path / "newer.bin", 105)
    assert np.fromfile(merged.path, dtype=seen_keys._KEY).tolist() == expected.tolist()
    assert merged.fences.tolist() == expected["h1"][::4].tolist()
