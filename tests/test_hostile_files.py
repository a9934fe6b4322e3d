"""Hostile registry files: cost bounded by the file, never by its content.

Every fixture is made here by code (no committed binaries). Each one is read in a
fresh Python process so that its CPU time (``ru_utime + ru_stime``: a busy machine
does not inflate it) and its peak memory
(``resource.getrusage(RUSAGE_SELF).ru_maxrss``, measured after the imports) are
its own. A fixture must end within :data:`TIME_LIMIT_S` and
:data:`MEMORY_LIMIT_MB` of extra peak memory, either with a correct import or
with an :class:`InputValidationError` naming the file, what was found, the
limit and the fix; never with a traceback.

Header cells that a spreadsheet would run as formulas are checked in every file
a spreadsheet may open: ``rejected.csv`` (and its download), and the CSV and
XLSX exports of organizations and rejected rows.

Run this module as a script (``python tests/test_hostile_files.py``) to print
the time and peak memory of every fixture.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from dashboard import uploads
from geo._errors import InputValidationError, MissingColumnsError
from geo.export.data import write_rejected
from geo.export.tables import write_csv, write_xlsx
from geo.io.readers import read_table

TIME_LIMIT_S = 5.0
MEMORY_LIMIT_MB = 500.0
UPLOAD_LIMIT_BYTES = 25 * 1024 * 1024
ROOT = Path(__file__).resolve().parents[1]

# ----------------------------------------------------------------------------- fixtures


def _wide_repeated(folder: Path) -> Path:
    """A 12 KB CSV whose header repeats one name 3,000 times."""
    path = folder / "wide_repeated.csv"
    path.write_text(",".join(["nombre"] * 3000) + "\n" + ",".join(["x"] * 3000) + "\n")
    return path


def _wide_distinct(folder: Path) -> Path:
    """A CSV with 100,000 distinct header names and one data row."""
    path = folder / "wide_distinct.csv"
    header = ",".join(f"c{i}" for i in range(100_000))
    path.write_text(header + "\n" + ",".join(["1"] * 100_000) + "\n")
    return path


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def write_xlsx_parts(
    path: Path,
    dimension: str | None,
    rows: list[str],
    *,
    extra: dict[str, str] | None = None,
    content_types: str = _CONTENT_TYPES,
) -> Path:
    """Write a minimal workbook whose sheet XML is ``rows`` (``<row>`` elements), by hand."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{dim}<sheetData>{''.join(rows)}</sheetData></worksheet>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        for member, text in (extra or {}).items():
            archive.writestr(member, text)
    return path


def _xlsx_far_column(folder: Path) -> Path:
    """An XLSX with one cell in column XFD (16,384) on each of 1,500 rows."""
    rows = [f'<row r="1">{_cell("A1", "nombre")}{_cell("XFD1", "lejos")}</row>']
    rows += [
        f'<row r="{n}">{_cell(f"A{n}", f"Coop {n}")}{_cell(f"XFD{n}", "x")}</row>'
        for n in range(2, 1502)
    ]
    return write_xlsx_parts(folder / "far_column.xlsx", "A1:XFD1501", rows)


def _xlsx_claims_whole_sheet(folder: Path) -> Path:
    """An XLSX whose ``<dimension>`` claims A1:XFD1048576 but holds three small rows."""
    rows = [
        f'<row r="1">{_cell("A1", "nombre")}{_cell("B1", "pais")}</row>',
        f'<row r="2">{_cell("A2", "Coop Uno")}{_cell("B2", "CO")}</row>',
        f'<row r="3">{_cell("A3", "Coop Dos")}{_cell("B3", "PE")}</row>',
    ]
    return write_xlsx_parts(folder / "claims_whole_sheet.xlsx", "A1:XFD1048576", rows)


def _xlsx_far_row(folder: Path) -> Path:
    """An XLSX whose header is on row 1 and only data row on row 1,048,576."""
    rows = [
        f'<row r="1">{_cell("A1", "nombre")}</row>',
        f'<row r="1048576">{_cell("A1048576", "Coop lejana")}</row>',
    ]
    return write_xlsx_parts(folder / "far_row.xlsx", None, rows)


def _xlsx_unnumbered_cells(folder: Path) -> Path:
    """An XLSX row of 20,000 cells without references (columns counted, not named)."""
    cells = '<c t="inlineStr"><is><t>x</t></is></c>' * 20_000
    rows = [f'<row r="1">{_cell("A1", "nombre")}</row>', f"<row>{cells}</row>"]
    return write_xlsx_parts(folder / "unnumbered.xlsx", "A1:A2", rows)


def _single_line(folder: Path) -> Path:
    """A 20 MB CSV that is one line (two million short fields, no line break)."""
    path = folder / "single_line.csv"
    path.write_bytes(b"abcdefghi," * 2_000_000)
    return path


def _single_field(folder: Path) -> Path:
    """A 20 MB CSV that is one line and one field."""
    path = folder / "single_field.csv"
    path.write_bytes(b"a" * 20_000_000)
    return path


def _deep_geojson(folder: Path) -> Path:
    """A GeoJSON FeatureCollection whose geometry nests 100,000 arrays."""
    path = folder / "deep.geojson"
    depth = 100_000
    path.write_text(
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": '
        '{"name": "Coop"}, "geometry": {"type": "Point", "coordinates": '
        + "[" * depth
        + "0"
        + "]" * depth
        + "}}]}"
    )
    return path


def _many_properties(folder: Path) -> Path:
    """A GeoJSON FeatureCollection with one feature of 10,000 properties."""
    path = folder / "many_properties.geojson"
    properties = {f"p{i}": i for i in range(10_000)} | {"name": "Coop"}
    feature = {
        "type": "Feature",
        "properties": properties,
        "geometry": {"type": "Point", "coordinates": [-74.0, 4.6]},
    }
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    return path


def _tiny_rows(folder: Path) -> Path:
    """A CSV of 3 million tiny rows, just under the 25 MB upload limit."""
    path = folder / "tiny_rows.csv"
    path.write_bytes(b"nombre,n\n" + b"ab,1234\n" * 3_000_000)
    assert path.stat().st_size < UPLOAD_LIMIT_BYTES
    return path


FIXTURES: dict[str, Callable[[Path], Path]] = {
    "wide_repeated": _wide_repeated,
    "wide_distinct": _wide_distinct,
    "xlsx_far_column": _xlsx_far_column,
    "xlsx_claims_whole_sheet": _xlsx_claims_whole_sheet,
    "xlsx_far_row": _xlsx_far_row,
    "xlsx_unnumbered_cells": _xlsx_unnumbered_cells,
    "single_line": _single_line,
    "single_field": _single_field,
    "deep_geojson": _deep_geojson,
    "many_properties": _many_properties,
    "tiny_rows": _tiny_rows,
}

# ----------------------------------------------------------------------------- measuring

#: Run in a fresh interpreter: import everything, then time one read and report the CPU
#: seconds and the peak resident memory it added (ru_maxrss is in KiB on Linux). Modes:
#: "read" (geo.io.readers.read_table, the command line's whole reader, no row limit),
#: "chunks" (geo.io.read_chunks.open_chunks, the command line's default build, 50,000 rows a
#: chunk), "upload" (dashboard.uploads.process_upload, the browser's path, base64 first).
_PROBE = """
import base64, json, os, resource, sys, tempfile, time
from geo._errors import CoopAtlasError
from geo.io.read_chunks import open_chunks
from geo.io.readers import read_table
from dashboard import uploads

path, limit, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
if mode == "upload":
    os.environ["COOPATLAS_SESSION_DIR"] = tempfile.mkdtemp()
    with open(path, "rb") as handle:
        contents = "data:text/csv;base64," + base64.b64encode(handle.read()).decode()
    # the reading child's baseline (Python and the readers): a tiny file read first
    tiny = base64.b64encode(b"nombre,departamento,pais\\nA,Cusco,PE\\n").decode()
    uploads.process_upload("data:text/csv;base64," + tiny, "tiny.csv")
child_before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss

def cpu():  # an upload is read in a child process (dashboard.upload_sandbox): counted too
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return sum(u.ru_utime + u.ru_stime for u in usage)

before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start, cpu_start = time.perf_counter(), cpu()
outcome = {"error": None}
try:
    if mode == "read":
        outcome["shape"] = list(read_table(path, max_bytes=limit).frame.shape)
    elif mode == "chunks":
        rows = sum(len(chunk.frame) for chunk in open_chunks(path).chunks(50_000))
        outcome["shape"] = [rows]
    else:
        done = uploads.process_upload(contents, os.path.basename(path))
        outcome["shape"] = [done.result.report["organizations"]["input_rows"]]
except CoopAtlasError as exc:
    outcome["error"] = str(exc)
    if hasattr(exc, "text"):
        outcome["error_es"] = exc.text("es")
outcome["seconds"] = time.perf_counter() - start
outcome["cpu_seconds"] = cpu() - cpu_start
outcome["extra_mb"] = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
# the reading child's peak above its baseline, if it was larger
child_mb = (resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss - child_before) / 1024
outcome["extra_mb"] = max(outcome["extra_mb"], child_mb)
print(json.dumps(outcome))
"""


def measure(path: Path, *, timeout: float = 600.0, mode: str = "read") -> dict[str, Any]:
    """Read ``path`` in a fresh process; return its outcome, CPU seconds and extra peak MB.

    The budget is CPU time, which a busy machine hardly changes; ``timeout`` (wall
    clock) only stops a hang. At 60 s it ended three reads on a machine with load
    13-15 (about 2 s of CPU each, imports included).
    """
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(path), str(UPLOAD_LIMIT_BYTES), mode],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )
    assert done.returncode == 0, f"{path.name} crashed:\n{done.stderr[-3000:]}"
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize("fixture", sorted(FIXTURES))
def test_hostile_file_ends_within_budget(fixture: str, tmp_path: Path) -> None:
    path = FIXTURES[fixture](tmp_path)
    outcome = measure(path)
    assert outcome["cpu_seconds"] < TIME_LIMIT_S, outcome
    assert outcome["extra_mb"] < MEMORY_LIMIT_MB, outcome
    if outcome["error"] is not None:
        message = str(outcome["error"])
        assert path.name in message, message  # names the file
        assert "limit" in message, message  # states the limit
    expected = EXPECTED[fixture]
    if expected == "import":
        assert outcome["error"] is None, outcome
    else:
        assert outcome["error"] is not None and expected in str(outcome["error"]), outcome


#: What each fixture must give: "import", or a phrase of the refusal.
EXPECTED = {
    "wide_repeated": "3,000 columns",
    "wide_distinct": "100,000 columns",
    "xlsx_far_column": "a cell in column 16,384 (XFD1)",
    "xlsx_claims_whole_sheet": "import",
    "xlsx_far_row": "import",
    "xlsx_unnumbered_cells": "column 501",
    "single_line": "2,000,000 columns",
    "single_field": "20,000,000 characters",
    "deep_geojson": "nested",
    "many_properties": "10,001 properties",
    "tiny_rows": "import",
}


# ----------------------------------------------------------------------------- macros

_SMALL_ROWS = [
    f'<row r="1">{_cell("A1", "nombre")}</row>',
    f'<row r="2">{_cell("A2", "Coop Uno")}</row>',
]


@pytest.mark.parametrize(
    ("extra", "content_types", "found"),
    [
        ({"xl/VBAProject.bin": "macro"}, _CONTENT_TYPES, "xl/VBAProject.bin"),
        ({"XL/vbaproject.BIN": "macro"}, _CONTENT_TYPES, "XL/vbaproject.BIN"),
        (
            {},
            _CONTENT_TYPES.replace("sheet.main+xml", "sheet.macroEnabled.main+xml"),
            "macro-enabled",
        ),
        ({"xl/activeX/activeX1.xml": "<ax/>"}, _CONTENT_TYPES, "ActiveX"),
    ],
)
def test_macros_and_activex_are_refused_in_any_letter_case(
    tmp_path: Path, extra: dict[str, str], content_types: str, found: str
) -> None:
    path = write_xlsx_parts(
        tmp_path / "macros.xlsx", "A1:A2", _SMALL_ROWS, extra=extra, content_types=content_types
    )
    with pytest.raises(InputValidationError, match=f"'macros.xlsx'.*{re.escape(found)}"):
        read_table(path)


def test_plain_handmade_workbook_is_read(tmp_path: Path) -> None:
    table = read_table(write_xlsx_parts(tmp_path / "plain.xlsx", None, _SMALL_ROWS))
    assert table.frame.to_dict("list") == {"nombre": ["Coop Uno"]}


# ----------------------------------------------------------------------------- upload read once


@pytest.fixture
def session_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COOPATLAS_SESSION_DIR", str(tmp_path / "sessions"))
    return tmp_path / "sessions"


def _data_url(content: bytes) -> str:
    return f"data:text/csv;base64,{base64.b64encode(content).decode()}"


def test_upload_is_read_once_for_the_mapping_step(
    session_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[Path] = []
    contained = uploads.read_contained  # the upload's reader, in its child process

    def counting_read(path: Path, **options: object) -> object:
        reads.append(path)
        return contained(path, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(uploads, "read_contained", counting_read)
    odd = b"Entidad;Dpto. de la sede\nCoop read once;Meta\n"
    with pytest.raises(MissingColumnsError, match="Headers found") as caught:
        uploads.process_upload(_data_url(odd), "odd.csv")
    assert caught.value.missing[0].headers == ("Entidad", "Dpto. de la sede")
    outcome = uploads.process_upload(
        _data_url(odd), "odd.csv", mapping={"name": "Entidad", "department": "Dpto. de la sede"}
    )
    assert outcome.result.report["organizations"]["accepted"] == 1
    assert len(reads) == 1


# ----------------------------------------------------------------------------- formula headers

#: Header cells a spreadsheet would run as formulas (tab and CR are stripped on reading).
HOSTILE_HEADERS = [
    '=HYPERLINK("http://example.org/x","click")',
    "+cmd",
    "@x",
    "-1+1",
    " =SUM(A1:A2)",
    "\t=tab",
    "\r=cr",
]


def _formula_registry() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Razón social", "Departamento", "País", *HOSTILE_HEADERS])
    writer.writerow(["Cooperativa Uno", "Huila", "CO", *["=1+1"] * len(HOSTILE_HEADERS)])
    writer.writerow(["Asociación Dos", "Atlantida", "CO", *["@SUM(1)"] * len(HOSTILE_HEADERS)])
    return out.getvalue().encode("utf-8")


def _unsafe(cells: Sequence[object]) -> list[str]:
    """Text cells a spreadsheet would run: starting with = + - @ once stripped."""
    return [c for c in cells if isinstance(c, str) and c.strip().startswith(("=", "+", "-", "@"))]


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _xlsx_rows(path: Path) -> list[list[object]]:
    from openpyxl import load_workbook

    book = load_workbook(path)
    return [list(row) for row in book.active.iter_rows(values_only=True)]


def test_formula_headers_are_neutralised_in_every_spreadsheet_file(
    session_root: Path, tmp_path: Path
) -> None:
    outcome = uploads.process_upload(_data_url(_formula_registry()), "formulas.csv")
    report = outcome.result.report["organizations"]
    assert (report["accepted"], report["rejected"]) == (1, 1)

    # rejected.csv, as the dashboard serves it for download
    rejected = uploads.rejected_csv(outcome.token)
    assert rejected is not None
    rows = _csv_rows(rejected)
    assert '\'=HYPERLINK("http://example.org/x","click")' in rows[0]
    assert "'+cmd" in rows[0] and "'-1+1" in rows[0] and "'=SUM(A1:A2)" in rows[0]
    assert _unsafe([cell for row in rows for cell in row]) == []

    # the rejected-rows export and generic table writers, CSV and XLSX
    processed = session_root / "coopatlas-sessions" / outcome.token / "processed"
    for fmt in ("csv", "xlsx"):
        path = write_rejected(processed, tmp_path / f"rejected.{fmt}", fmt=fmt)
        cells = _csv_rows(path.read_bytes()) if fmt == "csv" else _xlsx_rows(path)
        header = next(row for row in cells if "source_file" in row)
        assert len(_unsafe(header)) == 0 and len(header) >= len(HOSTILE_HEADERS)
        assert _unsafe([cell for row in cells for cell in row]) == []

    table = read_table(processed / "rejected.csv")
    frame = table.frame.rename(columns=lambda c: c.lstrip("'"))  # as a user might re-import it
    assert len(_unsafe(list(frame.columns))) >= 4
    written: list[Sequence[Sequence[object]]] = [
        _csv_rows(write_csv(frame, tmp_path / "t.csv", header_lines=["=title"]).read_bytes()),
        _xlsx_rows(write_xlsx(frame, tmp_path / "t.xlsx", header_lines=["+title"])),
    ]
    for rows_written in written:
        assert _unsafe([cell for row in rows_written for cell in row]) == []


if __name__ == "__main__":  # print time and peak memory of every fixture
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        for key, make in FIXTURES.items():
            made = make(Path(tmp))
            try:
                got = measure(made, timeout=float(sys.argv[1]) if len(sys.argv) > 1 else 60)
            except subprocess.TimeoutExpired as exc:
                print(f"{key:26} timed out after {exc.timeout:.0f} s")
                continue
            except AssertionError as exc:
                print(f"{key:26} CRASH {str(exc).splitlines()[-1][:150]}")
                continue
            shown = got.get("error") or f"imported {got.get('shape')}"
            print(
                f"{key:26} {got['cpu_seconds']:6.2f} CPU-s {got['extra_mb']:8.0f} MB  "
                f"{str(shown)[:110]}"
            )
