"""The chunked build gives the whole build's outputs, row for row, byte for byte.

The whole build (``chunk_rows=0``) is the oracle: every fixture is built both ways
and the five output files compared (organizations read back and compared as
frames, with their schema and GeoParquet metadata; the CSVs and the report as
bytes). Tiny chunks (1, 2, 7, 13 rows) cross many chunk boundaries; a chunk larger
than the file is the one-chunk case. A few counts are worked out by hand.
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyarrow.parquet as pq
import pytest
from openpyxl import Workbook
from pandas.testing import assert_frame_equal

from coopatlas.demo.generate import write_demo
from geo.builds.chunked import StreamOptions, Targets, stream_build
from geo.builds.folder import build
from geo.io.read_chunks import CsvChunks, NotStreamableError, WholeChunks, open_chunks
from geo.io.readers import read_table
from tests.test_real_registries import EMPTY_ROW, _seps_2014_rows, _write_csv
from tests.test_registry import LATIN1_CSV

FILES = ("rejected.csv", "rejected_programmes.csv", "report.json")


def assert_same_build(whole: Path, chunked: Path) -> None:
    """Compare two processed folders: frames, schema and metadata, bytes."""
    assert_frame_equal(
        gpd.read_parquet(chunked / "organizations.parquet"),
        gpd.read_parquet(whole / "organizations.parquet"),
    )
    schema_c = pq.read_schema(chunked / "organizations.parquet")
    schema_w = pq.read_schema(whole / "organizations.parquet")
    assert schema_c.equals(schema_w, check_metadata=True)
    assert_frame_equal(
        pd.read_parquet(chunked / "programmes.parquet"),
        pd.read_parquet(whole / "programmes.parquet"),
    )
    for name in FILES:
        assert (chunked / name).read_bytes() == (whole / name).read_bytes(), name


def build_both(tmp_path: Path, files: list[Path], sizes: tuple[int, ...], **options) -> dict:
    """Build whole, then chunked at each size; compare; return the whole report."""
    whole = tmp_path / "whole"
    report = build(files, out=whole, chunk_rows=0, **options).report
    for size in sizes:
        out = tmp_path / f"chunks_{size}"
        chunked = build(files, out=out, chunk_rows=size, **options)
        assert_same_build(whole, out)
        assert chunked.report == report
        assert not (out / ".chunks").exists()
    return report


def conserved(report: dict) -> None:
    """Every input row ends accepted or rejected, once."""
    orgs = report["organizations"]
    assert orgs["accepted"] + orgs["rejected"] == orgs["input_rows"]
    assert sum(orgs["rejected_by_reason"].values()) == orgs["rejected"]
    assert sum(f["rows"] for f in orgs["files"]) == orgs["input_rows"]


# --- the fixtures of the whole build's tests, chunked ----------------------------------


def test_demo_registry_with_programmes(tmp_path: Path) -> None:
    registry, programmes = write_demo(tmp_path / "input", n=120, seed=11)
    report = build_both(tmp_path, [registry], (13, 10_000), programmes=[programmes])
    conserved(report)
    assert report["organizations"]["input_rows"] == 120
    assert report["programmes"]["input_rows"] > 0


def test_bad_rows_latin1_decimal_commas(tmp_path: Path) -> None:
    path = tmp_path / "registro.csv"
    path.write_bytes(LATIN1_CSV.encode("latin-1"))
    report = build_both(tmp_path, [path], (1, 2, 7, 100))
    conserved(report)
    # Worked by hand from the 9 rows: row 5 "Atlantida" is no department and has no point,
    # row 6 repeats A1's id, row 7 "Lima" is the region or the metropolis with no point.
    orgs = report["organizations"]
    assert (orgs["input_rows"], orgs["accepted"]) == (9, 6)
    assert orgs["rejected_by_reason"] == {
        "ambiguous_department": 1, "duplicate_id": 1, "unmatched_department": 1,
    }  # fmt: skip
    # Row by row, in chunks of one: each input row is in exactly one output.
    out = tmp_path / "chunks_1"
    accepted = gpd.read_parquet(out / "organizations.parquet")["source_row"].tolist()
    rejected = pd.read_csv(out / "rejected.csv")["source_row"].tolist()
    assert sorted(accepted + rejected) == list(range(1, 10))
    assert rejected == [5, 6, 7]


def test_seps_list_totals_types_and_country_from_the_file(tmp_path: Path) -> None:
    rows = _seps_2014_rows()
    path = _write_csv(tmp_path / "coac_2014.csv", rows)
    report = build_both(tmp_path, [path], (1, 7, 1000))
    conserved(report)
    orgs = report["organizations"]
    # 24 cooperatives and the CAJA CENTRAL accepted; 2 TOTAL lines and the Fuente note not.
    assert (orgs["input_rows"], orgs["accepted"]) == (28, 25)
    assert orgs["rejected_by_reason"] == {"summary_row": 3}
    assert orgs["country_from_file"][0]["country"] == "EC"


def test_restarting_counter_column_chunked(tmp_path: Path) -> None:
    rows = _seps_2014_rows()
    rows[0][0] = "CÓDIGO"  # restarts at 1 in segment 2: a counter only the whole file shows
    path = _write_csv(tmp_path / "coac_codigo.csv", rows)
    report = build_both(tmp_path, [path], (1, 13))
    assert report["organizations"]["id_counters"] == [
        {"file": "coac_codigo.csv", "column": "CÓDIGO"}
    ]
    assert "duplicate_id" not in report["organizations"]["rejected_by_reason"]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_title_rows_above_the_header(tmp_path: Path, kind: str) -> None:
    titles = [["CATASTRO FICTICIO DE COOPERATIVAS"], ["Corte: 31/12/2014"], []]
    body = _seps_2014_rows()
    if kind == "xlsx":
        book = Workbook()
        for row in titles + body:
            book.active.append(row or EMPTY_ROW)
        path = tmp_path / "catastro.xlsx"
        book.save(path)
    else:
        path = _write_csv(tmp_path / "catastro.csv", titles + body)
    report = build_both(tmp_path, [path], (7,))
    assert report["organizations"]["files"][0]["header_row"] == 4
    assert report["organizations"]["accepted"] == 25


def test_header_row_option_reads_the_file_whole(tmp_path: Path) -> None:
    body = _seps_2014_rows()
    path = _write_csv(tmp_path / "catastro.csv", [["TITULO", "", ""], *body])
    report = build_both(tmp_path, [path], (5,), header_row=2)
    assert report["organizations"]["files"][0]["header_row"] == 2


# --- chunk boundaries ------------------------------------------------------------------


DUPLICATES = (
    "id,name,department\n"
    "1,Coop Uno,Meta\n"  # chunk 1
    "2,Coop Dos,Meta\n"  # chunk 1
    "1,Otra,Meta\n"  # chunk 2: the id of row 1, an earlier chunk
    "3,COOP DOS,META\n"  # chunk 2: the name and unit of row 2, an earlier chunk
    "4,Coop Cuatro,Meta\n"  # chunk 3
)


def test_duplicates_across_a_chunk_boundary(tmp_path: Path) -> None:
    path = tmp_path / "dups.csv"
    path.write_text(DUPLICATES, "utf-8")
    build_both(tmp_path, [path], (2,), country="CO")
    out = tmp_path / "chunks_2"
    rejected = pd.read_csv(out / "rejected.csv", dtype=str)
    assert rejected["reason"].tolist() == ["duplicate_id"]
    assert rejected["source_row"].tolist() == ["3"]
    assert "dups.csv, row 1 (kept)" in rejected["message"].iat[0]
    flags = gpd.read_parquet(out / "organizations.parquet").set_index("org_id")["flags"]
    assert flags.str.contains("possible_duplicate").to_dict() == {
        "1": False, "2": True, "3": True, "4": False,
    }  # fmt: skip
    report = json.loads((out / "report.json").read_text("utf-8"))["organizations"]
    assert report["flags_by_kind"]["possible_duplicate"] == 2


def test_duplicates_across_files(tmp_path: Path) -> None:
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text(DUPLICATES, "utf-8")
    b.write_text("id,name,department\n4,Otra Cuatro,Meta\n5,coop uno,meta\n", "utf-8")
    report = build_both(tmp_path, [a, b], (1, 3), country="CO")
    conserved(report)
    assert report["organizations"]["rejected_by_reason"] == {"duplicate_id": 2}


def test_decimal_vote_of_the_whole_column(tmp_path: Path) -> None:
    # "4,609" alone is ambiguous (thousands or decimals): the column's other cells vote
    # for a decimal comma, but only in a later chunk. Whole or chunked: 4.609.
    lines = ["name,department,latitud,longitud"]
    lines += [f'Coop {k},Meta,"4,609","-73,{k:03d}"' for k in range(100, 104)]
    lines += [f'Coop {k},Meta,"4,6091","-73,6091"' for k in range(104, 108)]
    path = tmp_path / "comas.csv"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    build_both(tmp_path, [path], (2,), country="CO")
    orgs = gpd.read_parquet(tmp_path / "chunks_2" / "organizations.parquet")
    assert orgs["latitude"].iloc[0] == pytest.approx(4.609)


def test_unmatched_names_with_as_many_rows_keep_the_whole_order(tmp_path: Path) -> None:
    # "Bolivar" is unmatched in Peru and ambiguous without a country: two groups of two
    # rows. The first chunk (rows 1-3) holds more ambiguous rows than unmatched ones;
    # the whole build lists the name that appears first (unmatched) first on a tie.
    path = tmp_path / "bolivar.csv"
    path.write_text(
        "name,country,department\nA,PE,Bolivar\nB,,Bolivar\nC,,Bolivar\nD,PE,Bolivar\n",
        "utf-8",
    )
    report = build_both(tmp_path, [path], (4,))
    groups = report["organizations"]["unmatched_departments"]
    assert [(g["status"], g["rows"]) for g in groups] == [("unmatched", 2), ("ambiguous", 2)]


def test_row_longer_than_the_header_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "largas.csv"
    rows = ["name,department"] + [f"Coop {k},Meta" for k in range(9)] + ["Coop X,Meta,extra"]
    path.write_text("\n".join(rows) + "\n", "utf-8")
    source = open_chunks(path)
    assert isinstance(source, CsvChunks)
    with pytest.raises(NotStreamableError):
        list(source.chunks(3))
    report = build_both(tmp_path, [path], (3,), country="CO")
    assert report["organizations"]["rejected_by_reason"] == {"malformed_row": 1}


def test_header_only_and_all_rejected_files(tmp_path: Path) -> None:
    empty = tmp_path / "vacio.csv"
    empty.write_text("id,name,department\n", "utf-8")
    rejected = tmp_path / "rechazos.csv"
    rejected.write_text("id,name,department\n1,,Meta\n2,TOTAL,\n", "utf-8")
    report = build_both(tmp_path, [empty, rejected], (1,), country="CO")
    assert report["organizations"]["files"][0]["rows"] == 0
    assert report["organizations"]["accepted"] == 0
    assert report["organizations"]["rejected_by_reason"] == {"missing_name": 1, "summary_row": 1}


# --- chunks of a file ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("a;b\n1;x\n\n2;y\n3;z\n", "utf-8"),
        ('\ufeffa,b\n1,"x\ny"\n\n\n2,z\n', "utf-8"),
        ("Título\n\na,b,c\n1,ñ,3\n2,,\n", "cp1252"),
        ("a\tb\t\n1\tx\t\n2\ty\t\n", "utf-8"),
    ],
)
def test_csv_chunks_cut_the_whole_table(tmp_path: Path, text: str, encoding: str) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(text.encode(encoding))
    whole = read_table(path)
    source = open_chunks(path)
    assert isinstance(source, CsvChunks)
    for size in (1, 2, 50):
        chunks = list(source.chunks(size))
        assert_frame_equal(pd.concat([c.frame for c in chunks], ignore_index=True), whole.frame)
        assert [n for c in chunks for n in c.row_numbers] == whole.row_numbers
        assert {(c.header_row, c.encoding, c.delimiter) for c in chunks} == {
            (whole.header_row, whole.encoding, whole.delimiter)
        }


def test_a_begun_reading_goes_on_from_its_first_chunk(tmp_path: Path) -> None:
    # CsvChunks.head parses the first chunk once; the next reading of as many rows yields
    # it and the rest, and any other reading starts again from the file
    path = tmp_path / "t.csv"
    path.write_text("a,b\n" + "".join(f"{i},x{i}\n" for i in range(1, 8)), encoding="utf-8")
    source = open_chunks(path)
    assert isinstance(source, CsvChunks)
    fresh = [c.frame for c in source.chunks(3)]
    first = source.head(3)
    chunks = list(source.chunks(3))
    assert chunks[0] is first
    # 8 records (the header and 7 rows) read 3 at a time: [header, 1, 2], [3, 4, 5], [6, 7]
    assert [len(c.frame) for c in chunks] == [2, 3, 2]
    for got, expected in zip(chunks, fresh, strict=True):
        assert_frame_equal(got.frame, expected)
    assert [len(c.frame) for c in source.chunks(3)] == [2, 3, 2]  # read again, not replayed
    source.head(3)
    # another size reads the file from the start: [header, 1], [2, 3], [4, 5], [6, 7]
    assert [len(c.frame) for c in source.chunks(2)] == [1, 2, 2, 2]


def test_other_formats_are_read_whole(tmp_path: Path) -> None:
    book = Workbook()
    for row in _seps_2014_rows():
        book.active.append(row)
    path = tmp_path / "lista.xlsx"
    book.save(path)
    source = open_chunks(path)
    assert isinstance(source, WholeChunks)
    assert [len(c.frame) for c in source.chunks(10)] == [10, 10, 8]


# --- progress ----------------------------------------------------------------------------


class Steps:
    """A stand-in for the tqdm bar: records its total and each update."""

    def __init__(self) -> None:
        self.total: int | None = None
        self.updates: list[int] = []

    def reset(self, total: int) -> None:
        self.total = total

    def update(self, n: int = 1) -> None:
        self.updates.append(n)


def test_progress_advances_once_per_chunk(tmp_path: Path) -> None:
    path = _write_csv(tmp_path / "coac_2014.csv", _seps_2014_rows())
    folder = tmp_path / "out"
    folder.mkdir()
    targets = Targets(
        folder / "o.parquet",
        folder / "p.parquet",
        folder / "r.csv",
        folder / "rp.csv",
        folder / "report.json",
        work=folder / "work",
    )
    steps = Steps()
    stream_build([path], [], targets, StreamOptions(), chunk_rows=7, steps=steps)
    # 28 data rows; pandas reads 7 records at a time and the header is the first record:
    # chunks of 6, 7, 7, 7 and 1 data rows, one update each.
    assert steps.total == 28
    assert steps.updates == [6, 7, 7, 7, 1]
    assert steps.updates == [len(c.frame) for c in open_chunks(path).chunks(7)]


@pytest.mark.parametrize("chunk_rows", [0, 50_000])
def test_a_missing_input_file_is_reported_as_missing(tmp_path: Path, chunk_rows: int) -> None:
    from geo._errors import MissingDataError
    from geo.builds.folder import build

    with pytest.raises(MissingDataError, match=r"file 'nope\.csv' was not found"):
        build([tmp_path / "nope.csv"], out=tmp_path / "processed", chunk_rows=chunk_rows)
    assert not (tmp_path / "processed").exists()
