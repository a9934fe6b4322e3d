"""Sessions and exports that cannot be abused: private folders, quotas, expiry, one download."""

from __future__ import annotations

import base64
import os
import threading
import time
from pathlib import Path

import flask
import pytest

from dashboard import downloads, uploads
from dashboard.private_dirs import private_folder, private_root
from geo._errors import ConfigurationError

CSV = "Razón social,Departamento,País\nCoop Uno,Huila,CO\n".encode()


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "root"
    monkeypatch.setenv("COOPATLAS_SESSION_DIR", str(folder))
    return folder


@pytest.fixture
def client(root: Path):
    app = flask.Flask(__name__)
    downloads.register_routes(app)
    return app.test_client()


def _export(name: str = "f.csv", body: bytes = b"a,b\n", **options: str) -> tuple[str, Path]:
    token, folder = downloads.new_export_folder(**options)
    (folder / name).write_bytes(body)
    return token, folder


def _age(folder: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(folder, (then, then))


# ----------------------------------------------------------------------------- folders


def test_default_root_is_per_user_and_private(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.delenv("COOPATLAS_SESSION_DIR", raising=False)
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    folder = private_root()
    assert folder == tmp_path / f"coopatlas-{os.getuid()}"
    assert folder.stat().st_mode & 0o777 == 0o700


def test_an_open_folder_found_in_place_is_refused(root: Path) -> None:
    (root / "coopatlas-sessions").mkdir(parents=True, mode=0o700)
    os.chmod(root / "coopatlas-sessions", 0o755)  # made by someone else first, say
    with pytest.raises(ConfigurationError, match=r"can be opened by other users \(mode 755\)"):
        uploads.sessions_root()
    with pytest.raises(ConfigurationError, match="mode 755"):
        uploads.process_upload(f"data:text/csv;base64,{base64.b64encode(CSV).decode()}", "r.csv")


def test_a_symbolic_link_in_place_of_the_folder_is_refused(root: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    root.mkdir(mode=0o700)
    (root / "coopatlas-exports").symlink_to(elsewhere)
    with pytest.raises(ConfigurationError, match="is a symbolic link"):
        downloads.new_export_folder()
    assert list(elsewhere.iterdir()) == []  # nothing written through the link


def test_a_folder_of_another_user_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    folder = tmp_path / "theirs"
    folder.mkdir(mode=0o700)
    monkeypatch.setattr(os, "getuid", lambda: os.stat(folder).st_uid + 1)
    with pytest.raises(ConfigurationError, match="belongs to another user"):
        private_folder(folder)


# ----------------------------------------------------------------------------- exports


def test_head_does_not_use_up_the_export(client) -> None:
    token, _ = _export()
    url = downloads.export_url(token, "f.csv")
    head = client.head(url)
    assert head.status_code == 200 and head.get_data() == b""
    head.close()
    response = client.get(url)
    assert response.status_code == 200 and response.get_data() == b"a,b\n"
    response.close()
    assert client.get(url).status_code == 404


def test_of_two_gets_at_once_only_one_gets_the_file(root: Path) -> None:
    token, _ = _export()
    results: list[Path | None] = []
    barrier = threading.Barrier(2)

    def take() -> None:
        barrier.wait()
        results.append(downloads.claim(token, "f.csv"))

    threads = [threading.Thread(target=take) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(result is None for result in results) == [False, True]


def test_an_expired_export_is_not_served_even_before_the_next_export(client) -> None:
    token, folder = _export()
    _age(folder, downloads.EXPORT_TTL_S + 60)
    assert client.get(downloads.export_url(token, "f.csv")).status_code == 404
    assert not folder.exists()


def test_pending_exports_beyond_the_total_quota_go_oldest_first(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(downloads, "MAX_PENDING", 3)
    folders = []
    for age in (40, 30, 20):
        _, folder = _export()
        _age(folder, age)
        folders.append(folder)
    _, newest = _export()
    assert [f.exists() for f in folders] == [False, True, True] and newest.exists()


def test_pending_exports_beyond_the_byte_quota_go_oldest_first(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(downloads, "MAX_PENDING_MB", 2.5)
    folders = []
    for age in (40, 30):
        _, folder = _export(body=b"x" * 1024 * 1024)  # 1 MB each: 2 MB, under 2.5
        _age(folder, age)
        folders.append(folder)
    _export(body=b"x" * 1024 * 1024)  # 2 MB were pending, under the quota: all kept
    assert all(f.exists() for f in folders)
    _, last = _export()  # now 3 MB pending, over 2.5: the oldest goes, then 2 MB remain
    assert [f.exists() for f in folders] == [False, True] and last.exists()


def test_one_owner_keeps_at_most_its_quota_and_others_are_untouched(root: Path) -> None:
    _, other = _export(owner="someone else")
    _age(other, 100)
    mine = []
    for age in (40, 30, 20):
        _, folder = _export(owner="session-a")
        _age(folder, age)
        mine.append(folder)
    _, newest = _export(owner="session-a")
    assert [f.exists() for f in mine] == [False, True, True] and newest.exists()
    assert other.exists()
    assert "session-a" not in (newest / ".owner").read_text()  # a digest only


def test_the_owner_file_is_never_served(client) -> None:
    token, _ = _export(owner="session-a")
    assert client.get(f"/coopatlas/download/{token}/.owner").status_code == 404


# ----------------------------------------------------------------------------- uploads


def _upload() -> str:
    data = f"data:text/csv;base64,{base64.b64encode(CSV).decode()}"
    return uploads.process_upload(data, "r.csv").token


def test_an_upload_never_shown_goes_sooner_than_one_shown(root: Path) -> None:
    shown, never = _upload(), _upload()
    assert uploads.session_data(shown) is not None  # shown on the map: marked applied
    age = uploads.UNAPPLIED_TTL_MIN * 60 + 60  # older than the pending limit, not the TTL
    for token in (shown, never):
        _age(uploads.session_dir(token), age)
    assert uploads.expire_sessions() == 1
    assert uploads.session_dir(shown).exists() and not uploads.session_dir(never).exists()


def test_sessions_beyond_the_quota_go_oldest_first(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(uploads, "MAX_SESSIONS", 2)
    first, second = _upload(), _upload()
    _age(uploads.session_dir(first), 30)
    _age(uploads.session_dir(second), 20)
    third = _upload()  # room for it: the oldest goes
    assert not uploads.session_dir(first).exists()
    assert uploads.session_dir(second).exists() and uploads.session_dir(third).exists()


def test_the_worker_cache_counts_rows_and_bytes_not_entries(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cachetools import LRUCache

    monkeypatch.setattr(
        uploads, "_CACHE", LRUCache(uploads.CACHED_SESSION_ROWS, uploads._session_rows)
    )
    token = _upload()
    data = uploads.session_data(token)
    assert data is not None and len(data.organizations) == 1
    assert uploads._CACHE.currsize == 1 + uploads._SESSION_ROWS_OVERHEAD
    # a table larger than the whole table cache is read and used, never kept
    monkeypatch.setattr(uploads, "_TABLES", LRUCache(maxsize=10, getsizeof=uploads._table_bytes))
    other = CSV + b"Coop Dos,Meta,CO\n"
    outcome = uploads.process_upload(
        f"data:text/csv;base64,{base64.b64encode(other).decode()}", "r2.csv"
    )
    assert outcome.result.report["organizations"]["accepted"] == 2
    assert len(uploads._TABLES) == 0


def test_export_tokens_are_masked_in_gunicorns_access_log() -> None:
    import datetime

    from gunicorn.config import Config

    from dashboard import gunicorn_conf

    config = Config()
    config.set("logger_class", gunicorn_conf.logger_class)
    logger = config.logger_class(config)
    token = "0123456789abcdef" * 2
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/coopatlas/download/{token}/f.csv",
        "PATH_INFO": f"/coopatlas/download/{token}/f.csv",
        "SERVER_PROTOCOL": "HTTP/1.1",
    }

    class Response:
        status, sent, headers = "200 OK", 4, ()

    atoms = logger.atoms(Response(), {}, environ, datetime.timedelta(seconds=1))
    assert atoms["U"] == "/coopatlas/download/…/f.csv"
    assert token not in atoms["r"]
    assert gunicorn_conf.access_log_format % atoms == (  # the line gunicorn writes
        f'- {atoms["t"]} "GET /coopatlas/download/…/f.csv HTTP/1.1" 200 4 1000ms'
    )
