"""The atomic writer: the target appears complete or not at all, and nothing is left behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo._errors import InputValidationError
from geo.io.atomic import atomic_output


def test_the_target_appears_only_when_the_block_succeeds(tmp_path: Path) -> None:
    target = tmp_path / "out" / "table.csv"  # the folder does not exist yet
    with atomic_output(target) as tmp:
        tmp.write_text("a,b\n", "utf-8")
        assert not target.exists()  # half-way: nothing at the target yet
        tmp.write_text("a,b\n1,2\n", "utf-8")
        assert tmp.parent == target.parent  # same folder: the rename is atomic
    assert target.read_text("utf-8") == "a,b\n1,2\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["table.csv"]


def test_a_replaced_file_is_old_or_new_never_partial(tmp_path: Path) -> None:
    target = tmp_path / "table.csv"
    target.write_text("old\n", "utf-8")
    with atomic_output(target) as tmp:
        tmp.write_text("new, first half\n", "utf-8")
        assert target.read_text("utf-8") == "old\n"
        tmp.write_text("new, first half\nnew, second half\n", "utf-8")
    assert target.read_text("utf-8") == "new, first half\nnew, second half\n"
    assert [p.name for p in tmp_path.iterdir()] == ["table.csv"]


def test_a_failure_while_writing_keeps_the_old_file_and_removes_the_temporary(
    tmp_path: Path,
) -> None:
    target = tmp_path / "table.csv"
    target.write_text("old\n", "utf-8")
    with pytest.raises(RuntimeError, match="disk full"), atomic_output(target) as tmp:
        tmp.write_text("half of the new", "utf-8")
        raise RuntimeError("disk full")
    assert target.read_text("utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["table.csv"]


def test_a_failure_before_anything_was_written_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "table.csv"
    with pytest.raises(KeyboardInterrupt), atomic_output(target):
        raise KeyboardInterrupt  # also on interruption, not only on errors
    assert list(tmp_path.iterdir()) == []


def test_a_folder_as_target_is_refused(tmp_path: Path) -> None:
    with (
        pytest.raises(InputValidationError, match="is a folder; expected a file name"),
        atomic_output(tmp_path),
    ):
        pass
    assert list(tmp_path.iterdir()) == []
