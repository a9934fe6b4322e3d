"""Uploaded registries: limits, private per-session storage, expiry."""

from __future__ import annotations

import base64
import os
import shutil
import time
from pathlib import Path

import pytest

from dashboard import uploads
from geo._errors import InputValidationError, MissingColumnsError
from geo.io.read_limits import LimitError
from geo.settings import bundled_data_dir

CSV = (
    "Razón social;Departamento;País;Tipo de organización\n"
    "Cooperativa Uno;Huila;CO;Cooperativa\n"
    "Asociación Dos;Cusco;PE;Asociación\n"
    "Sin lugar;Atlantida;CO;Asociación\n"
).encode("latin-1")


def data_url(content: bytes, mime: str = "text/csv") -> str:
    return f"data:{mime};base64,{base64.b64encode(content).decode()}"


@pytest.fixture(autouse=True)
def private_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COOPATLAS_SESSION_DIR", str(tmp_path))
    return tmp_path / "coopatlas-sessions"


def test_upload_is_imported_into_a_private_session(private_root: Path) -> None:
    before = sorted(p for p in bundled_data_dir().rglob("*") if "processed" not in p.parts)
    outcome = uploads.process_upload(data_url(CSV), "C:\\Users\\ana\\registro ñ.csv")
    report = outcome.result.report["organizations"]
    # 3 rows: Huila and Cusco accepted, "Atlantida" unmatched and rejected.
    assert (report["input_rows"], report["accepted"], report["rejected"]) == (3, 2, 1)
    assert report["files"][0]["file"] == "registro ñ.csv"  # shown, never used on disk
    folder = private_root / outcome.token
    assert folder.is_dir()
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
    names = {p.name for p in folder.rglob("*")}
    assert "registro ñ.csv" not in names and not any(n.endswith(".upload") for n in names)
    data = uploads.session_data(outcome.token)
    assert data is not None
    assert sorted(data.organizations["iso_3166_2"]) == ["CO-HUI", "PE-CUS"]
    rejected = uploads.rejected_csv(outcome.token)
    assert rejected is not None and b"Atlantida" in rejected
    after = sorted(p for p in bundled_data_dir().rglob("*") if "processed" not in p.parts)
    assert before == after  # nothing written under the project's data folders


def test_each_upload_gets_its_own_session() -> None:
    a = uploads.process_upload(data_url(CSV), "a.csv")
    b = uploads.process_upload(data_url(CSV), "b.csv")
    assert a.token != b.token
    assert uploads.session_data(None) is None
    assert uploads.session_data("not-a-token") is None
    assert uploads.session_data("../../etc/passwd") is None


@pytest.mark.parametrize("token", ["../x", "a" * 31, "a/b" + "c" * 29, "", "ñ" * 32])
def test_only_issued_tokens_name_a_folder(token: str) -> None:
    with pytest.raises(InputValidationError):
        uploads.session_dir(token)


def test_size_limit_is_checked_before_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(uploads, "MAX_UPLOAD_MB", 0.001)  # about 1 KB
    with pytest.raises(InputValidationError, match=r"big\.csv is larger than the upload limit"):
        uploads.process_upload(data_url(b"x" * 5000), "big.csv")


def test_row_limit(monkeypatch: pytest.MonkeyPatch, private_root: Path) -> None:
    monkeypatch.setattr(uploads, "MAX_UPLOAD_ROWS", 2)
    with pytest.raises(LimitError, match=r"'r\.csv' has more than 2 data rows") as caught:
        uploads.process_upload(data_url(CSV), "r.csv")
    assert list(private_root.iterdir()) == []  # nothing half-applied
    assert uploads.error_text(caught.value, "es") == (
        "el archivo 'r.csv' tiene más de 2 filas de datos, el límite aquí; "
        "divídalo en archivos de 2 filas como máximo"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "PNG image"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "Excel 97-2003"),
        (b"", "empty"),
    ],
)
def test_wrong_content_is_refused_whatever_the_name(content: bytes, message: str) -> None:
    with pytest.raises(InputValidationError, match=message):
        uploads.process_upload(data_url(content), "looks_fine.csv")


def test_damaged_upload() -> None:
    with pytest.raises(InputValidationError, match="damaged"):
        uploads.process_upload("data:text/csv;base64,@@@@", "x.csv")
    with pytest.raises(InputValidationError, match="incomplete"):
        uploads.process_upload("no comma here", "x.csv")


def test_missing_columns_then_mapping() -> None:
    odd = b"Entidad;Dpto. domicilio\nCoop;Meta\n"
    with pytest.raises(MissingColumnsError, match="Headers found") as caught:
        uploads.process_upload(data_url(odd), "odd.csv")
    (missing,) = caught.value.missing  # data for the page: no path, no command-line flag
    assert (missing.file, missing.fields) == ("odd.csv", ("department",))
    assert missing.headers == ("Entidad", "Dpto. domicilio")
    outcome = uploads.process_upload(
        data_url(odd), "odd.csv", mapping={"name": "Entidad", "department": "Dpto. domicilio"}
    )
    assert outcome.result.report["organizations"]["accepted"] == 1


def test_sessions_expire(private_root: Path) -> None:
    outcome = uploads.process_upload(data_url(CSV), "old.csv")
    folder = private_root / outcome.token
    old = time.time() - (uploads.SESSION_TTL_HOURS * 3600 + 60)
    os.utime(folder, (old, old))
    assert uploads.expire_sessions() == 1
    assert not folder.exists()
    assert uploads.session_data(outcome.token) is None


def test_a_cached_session_is_dropped_once_its_folder_is_gone(private_root: Path) -> None:
    # another worker's Clear removes the folder; this worker's cache must not serve it
    outcome = uploads.process_upload(data_url(CSV), "x.csv")
    assert uploads.session_data(outcome.token) is not None  # now cached here
    shutil.rmtree(private_root / outcome.token)
    assert uploads.session_data(outcome.token) is None


def test_a_cached_session_is_dropped_once_it_has_expired(private_root: Path) -> None:
    outcome = uploads.process_upload(data_url(CSV), "x.csv")
    assert uploads.session_data(outcome.token) is not None  # now cached here
    old = time.time() - (uploads.SESSION_TTL_HOURS * 3600 + 60)
    os.utime(private_root / outcome.token, (old, old))  # expired, not yet deleted
    assert uploads.session_data(outcome.token) is None


def test_discard() -> None:
    outcome = uploads.process_upload(data_url(CSV), "x.csv")
    uploads.discard(outcome.token)
    assert uploads.session_data(outcome.token) is None
    uploads.discard("../../whatever")  # refused quietly, deletes nothing


def test_a_token_whose_upload_was_cleared_or_expired_is_gone(private_root: Path) -> None:
    assert not uploads.is_gone(None)  # a tab without an upload
    live = uploads.process_upload(data_url(CSV), "x.csv").token
    assert not uploads.is_gone(live)
    uploads.discard(live)
    assert uploads.is_gone(live)
    expired = uploads.process_upload(data_url(CSV), "y.csv").token
    old = time.time() - (uploads.SESSION_TTL_HOURS * 3600 + 60)
    os.utime(private_root / expired, (old, old))
    assert uploads.is_gone(expired)


def test_display_name_is_only_for_messages() -> None:
    assert uploads.display_name("../../etc/passwd", "f") == "passwd"
    assert uploads.display_name("a\x00b\nc.csv", "f") == "abc.csv"
    assert uploads.display_name("", "the file") == "the file"


def test_the_token_is_found_only_from_its_cookie_and_matching_handle() -> None:
    outcome = uploads.process_upload(data_url(CSV), "x.csv")
    token = outcome.token
    handle = uploads.token_handle(token)
    assert token not in handle and len(handle) == 20
    cookies = {uploads.cookie_name(handle): token}
    assert uploads.token_from_cookies(handle, cookies) == token
    assert uploads.token_from_cookies(None, cookies) is None  # a tab with no upload
    assert uploads.token_from_cookies("0" * 20, cookies) is None  # another tab's handle
    other = uploads.process_upload(data_url(CSV), "y.csv").token
    forged = {uploads.cookie_name(handle): other}  # a cookie that does not match its name
    assert uploads.token_from_cookies(handle, forged) is None
    assert uploads.token_from_cookies("../../etc", cookies) is None


def test_rejected_rows_after_clear_or_expiry_are_none_not_an_error(private_root: Path) -> None:
    outcome = uploads.process_upload(data_url(CSV), "x.csv")
    assert b"Atlantida" in (uploads.rejected_csv(outcome.token) or b"")
    uploads.discard(outcome.token)
    assert uploads.rejected_csv(outcome.token) is None
    late = uploads.process_upload(data_url(CSV), "x.csv")
    old = time.time() - (uploads.SESSION_TTL_HOURS * 3600 + 60)
    os.utime(private_root / late.token, (old, old))
    assert uploads.rejected_csv(late.token) is None
    assert uploads.rejected_csv("not a token") is None


def test_a_full_disk_during_an_upload_is_one_clear_message(
    private_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from geo._errors import OutputError

    def full(self: Path, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", full)
    with pytest.raises(OutputError, match="the disk is full") as caught:
        uploads.process_upload(data_url(CSV + b"Otra;Meta;CO;Cooperativa\n"), "x.csv")
    assert str(private_root) not in str(caught.value)
    assert list(private_root.iterdir()) == []  # nothing half-kept


def test_a_broken_parquet_upload_names_no_server_path(private_root: Path) -> None:
    broken = b"PAR1" + b"\x00" * 64 + b"PAR1"
    with pytest.raises(InputValidationError) as caught:
        uploads.process_upload(data_url(broken, "application/octet-stream"), "datos.parquet")
    message = str(caught.value)
    assert str(private_root) not in message and "/tmp" not in message
    assert "'datos.parquet' looks like GeoParquet but could not be read" in message
    assert list(private_root.iterdir()) == []


def test_applying_an_upload_drops_stale_cookies_and_caps_live_ones(private_root: Path) -> None:
    live = [uploads.process_upload(data_url(CSV), f"r{i}.csv").token for i in range(10)]
    gone = uploads.process_upload(data_url(CSV), "gone.csv").token
    uploads.discard(gone)
    cookies = {uploads.cookie_name(uploads.token_handle(t)): t for t in [*live, gone]}
    cookies[uploads.COOKIE_PREFIX + "0" * 20] = "not a token"
    cookies["unrelated"] = "kept"
    stale = uploads.stale_cookies(cookies, keep=live[-1])
    assert uploads.cookie_name(uploads.token_handle(gone)) in stale
    assert uploads.COOKIE_PREFIX + "0" * 20 in stale
    assert "unrelated" not in stale
    kept = [t for t in live if uploads.cookie_name(uploads.token_handle(t)) not in stale]
    assert live[-1] in kept and len(kept) == uploads.MAX_UPLOAD_COOKIES
