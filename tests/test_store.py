"""The processed store: atomic publication, one build at a time, clear write errors."""

from __future__ import annotations

import errno
import threading
from pathlib import Path

import pytest
from filelock import FileLock

from coopatlas.cli import main
from geo._errors import OutputError
from geo.builds.folder import build
from geo.builds.in_memory import import_files
from geo.store import ORGANIZATIONS_FILE, OUTPUT_FILES, open_processed, write

CSV = "Nombre;Departamento;País\nCoop Uno;Huila;CO\nAsoc Dos;Cusco;PE\nAsoc Tres;Azuay;EC\n"


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    path = tmp_path / "in" / "registro.csv"
    path.parent.mkdir()
    path.write_text(CSV, encoding="utf-8")
    return path


def _siblings(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name != out.name)


def test_a_build_is_published_as_a_link_to_a_complete_version(registry: Path, tmp_path) -> None:
    out = tmp_path / "processed"
    build([registry], out=out)
    assert out.is_symlink()
    assert sorted(p.name for p in out.iterdir()) == sorted(OUTPUT_FILES)
    assert len(open_processed(out).organizations) == 3
    versions = [name for name in _siblings(out) if name.startswith(".processed.v")]
    assert len(versions) == 1


def test_the_previous_version_is_kept_and_older_ones_removed(registry: Path, tmp_path) -> None:
    out = tmp_path / "processed"
    targets = []
    for _ in range(4):
        build([registry], out=out)
        targets.append(out.resolve().name)
    versions = [name for name in _siblings(out) if name.startswith(".processed.v")]
    assert sorted(versions) == sorted(targets[-2:])  # current and the one before


def test_a_folder_from_before_versions_is_taken_over(registry: Path, tmp_path) -> None:
    out = tmp_path / "processed"
    out.mkdir()
    (out / ORGANIZATIONS_FILE).write_bytes(b"old build")
    build([registry], out=out)
    assert out.is_symlink()
    legacy = [name for name in _siblings(out) if name.endswith("-legacy")]
    assert len(legacy) == 1
    assert (tmp_path / legacy[0] / ORGANIZATIONS_FILE).read_bytes() == b"old build"


def test_what_a_killed_build_left_is_removed_by_the_next(registry: Path, tmp_path) -> None:
    out = tmp_path / "processed"
    stale = tmp_path / ".processed-k1ll3d"
    stale.mkdir()
    (stale / ORGANIZATIONS_FILE).write_bytes(b"half written")
    (tmp_path / ".processed.link-x").symlink_to("nowhere")
    build([registry], out=out)
    assert not stale.exists()
    assert not (tmp_path / ".processed.link-x").is_symlink()


def test_concurrent_builds_into_one_folder_queue(registry: Path, tmp_path) -> None:
    out = tmp_path / "processed"
    errors: list[BaseException] = []

    def run() -> None:
        try:
            build([registry], out=out)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(open_processed(out).organizations) == 3
    assert [n for n in _siblings(out) if n.startswith(".processed-")] == []


def test_a_build_that_waits_too_long_fails_clearly(registry: Path, tmp_path) -> None:
    out = tmp_path / "processed"
    output = import_files([registry])
    with (
        FileLock(tmp_path / ".processed.lock"),
        pytest.raises(OutputError, match=r"another build is writing 'processed'.*another --out"),
    ):
        write(output, out, lock_timeout=0.2)
    assert not out.exists()


@pytest.mark.parametrize(
    ("code", "words"),
    [(errno.ENOSPC, "the disk is full"), (errno.EACCES, "permission denied")],
)
def test_a_full_disk_or_no_permission_is_one_clear_line(
    registry: Path, tmp_path, monkeypatch: pytest.MonkeyPatch, capsys, code: int, words: str
) -> None:
    out = tmp_path / "processed"
    build([registry], out=out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(code, "simulated")

    monkeypatch.setattr("geo.store.write_report", fail)
    assert main(["build", str(registry), "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert words in err
    assert "previous data are unchanged" in err
    assert "Traceback" not in err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
