"""Import organization registries in chunks of rows, writing as it goes (bounded memory).

The output is the whole import's (:func:`geo.importer.registry.import_organizations`), row
for row; memory holds a chunk, not the file. Three passes:

1. **Facts.** Each file is read once, chunk by chunk, for what the importer decides
   from a whole file (:mod:`geo.importer.facts`: id counters, a SEPS sector column,
   the file's country, decimal separators). Header rows and columns are checked
   first, for every file, as the whole import checks them.
2. **Import.** Each chunk runs the importer's stages (:func:`geo.importer.registry.run_stages`)
   with those facts fixed; ids are checked against every earlier row
   (:class:`geo.importer.seen_keys.SeenIds`); accepted rows go to GeoParquet parts
   (:class:`geo.io.parquet_chunks.GeoParquetChunks`), rejected rows to a spool, the
   chunk's report to a running total (:class:`geo.importer.tally.ReportTally`).
3. **Finish.** Possible duplicates (same name in the same unit, anywhere in the
   files) are found from the keys of every accepted row
   (:class:`geo.importer.seen_keys.KeyCounts`) and flagged while the parts are written as
   one GeoParquet file; the rejected rows are written as one CSV.

CSV files are streamed; other formats are read whole and cut into chunks
(:mod:`geo.io.read_chunks`).
"""

from __future__ import annotations

import contextlib
import pickle
import shutil
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from tqdm import tqdm

from geo.builds.in_memory import programme_output
from geo.heap import release_free_memory
from geo.importer.facts import FactsGatherer, FileFacts, attach
from geo.importer.inputs import check_inputs, concat_frames, maps_required
from geo.importer.registry import (
    ORG_COLUMNS,
    Context,
    Policy,
    accepted_frame,
    duplicate_keys,
    run_stages,
)
from geo.importer.report import organizations_report, rejected_table, unmatched_groups
from geo.importer.rows import FLAGS, OrgRows, canonical_frame, strip_values
from geo.importer.schema import ORG_HEADERS
from geo.importer.seen_keys import KeyCounts, SeenIds
from geo.importer.tally import ReportTally
from geo.io.parquet_chunks import GeoParquetChunks
from geo.io.raw_table import RawTable
from geo.io.read_chunks import CsvChunks, NotStreamableError, WholeChunks, open_chunks, whole_chunks
from geo.io.readers import read_table
from geo.io.safety import write_safe_csv

#: Rows per chunk by default: about 100 MB of working memory.
CHUNK_ROWS = 50_000


class _Replay:
    """The chunks of a streamed CSV as the first pass parsed them, kept on disk for the second.

    Parsing text into columns is the costliest part of reading a CSV; the first pass
    writes each parsed chunk (Arrow buffers, pickled) to ``path`` as it reads it, and
    the second pass reads them back instead of parsing the file again.
    """

    def __init__(self, path: Path, name: str) -> None:
        self.path, self.name = path, name

    def chunks(self, rows: int) -> Iterator[RawTable]:
        """Yield the chunks the first pass read, in order."""
        with self.path.open("rb") as handle:
            while True:
                try:
                    yield pickle.load(handle)  # our own spool, written by _facts
                except EOFError:
                    return


_Source = CsvChunks | WholeChunks | _Replay


@dataclass(frozen=True)
class StreamOptions:
    """The import options of ``coopatlas build`` (:func:`~geo.builds.in_memory.import_tables`)."""

    country: str | None = None
    policy: Policy = "name"
    mapping: dict[str, str] | None = None
    sheet: str | None = None
    org_type: str | None = None
    header_row: int | None = None


@dataclass(frozen=True)
class Targets:
    """The files a chunked build writes (named by :mod:`geo.store`), and a work folder."""

    organizations: Path
    programmes: Path
    rejected: Path
    rejected_programmes: Path
    report: Path
    work: Path


def stream_build(
    org_files: Sequence[Path],
    programmes: Sequence[Path],
    targets: Targets,
    options: StreamOptions,
    chunk_rows: int = CHUNK_ROWS,
    steps: tqdm | None = None,
) -> dict[str, Any]:
    """Import organizations chunk by chunk, then programmes; write every file but the report.

    Parameters
    ----------
    org_files, programmes
        Organization registries (imported in chunks) and programme participation
        files (read and imported whole: they are small).
    targets
        Where to write.
    options, chunk_rows, steps
        See :func:`stream_organizations`.

    Returns
    -------
    dict
        The build's report (``organizations`` and ``programmes``), for ``targets.report``.
    """
    prog_tables = [read_table(Path(p), sheet=options.sheet) for p in programmes]
    orgs = stream_organizations(
        org_files,
        organizations=targets.organizations,
        rejected=targets.rejected,
        work=targets.work,
        options=options,
        chunk_rows=chunk_rows,
        steps=steps,
    )
    org_ids = _accepted_among(targets.organizations, prog_tables)
    progs = programme_output(prog_tables, org_ids=org_ids, mapping=options.mapping)
    progs.accepted.to_parquet(targets.programmes, index=False)
    write_safe_csv(progs.rejected, targets.rejected_programmes)
    return {"organizations": orgs, "programmes": progs.report or None}


def stream_organizations(
    org_files: Sequence[Path],
    *,
    organizations: Path,
    rejected: Path,
    work: Path,
    options: StreamOptions = StreamOptions(),
    chunk_rows: int = CHUNK_ROWS,
    steps: tqdm | None = None,
) -> dict[str, Any]:
    """Import organization files chunk by chunk; write accepted and rejected rows.

    Parameters
    ----------
    org_files
        Organization registries.
    organizations, rejected
        The GeoParquet and CSV files to write (as :mod:`geo.store` names them).
    work
        A folder for temporary parts (created, and removed when done).
    options
        Import options.
    chunk_rows
        Data rows per chunk (at least 1).
    steps
        A progress bar: its total is set to the rows of every file after the first
        pass, and it advances once per imported chunk by that chunk's rows.

    Returns
    -------
    dict
        The organizations' report, as :func:`geo.importer.registry.import_organizations` gives it.
    """
    if chunk_rows < 1:
        raise ValueError(f"chunk_rows must be at least 1; got {chunk_rows}")
    sources, context, mapping = _open(org_files, options, chunk_rows)
    facts = []
    Path(work).mkdir(parents=True, exist_ok=True)
    for k, source in enumerate(sources):
        spool = Path(work) / f"parsed-{k:04d}.pickle"
        sources[k], found = _gather(source, context, options, chunk_rows, spool)
        facts.append(found)
    if steps is not None:
        steps.reset(total=sum(f.rows for f in facts))
    writer = _Writer(Path(work))
    earlier = SeenIds(Path(work) / "seen_ids")
    for k, (source, file_facts) in enumerate(zip(sources, facts, strict=True)):
        for chunk in source.chunks(chunk_rows):
            writer.add(k, _import_chunk(chunk, file_facts, context, mapping, earlier))
            release_free_memory()  # else the heap's free fragments grow with the file
            if steps is not None:
                steps.update(len(chunk.frame))
    del earlier
    release_free_memory()
    report = writer.finish(organizations, rejected, [f.rows for f in facts])
    shutil.rmtree(work, ignore_errors=True)
    return report


def _accepted_among(organizations: Path, tables: Sequence[RawTable]) -> pa.Array:
    """Return the accepted organization ids that appear in the programme tables.

    The programme import only asks whether its rows' ids were accepted; the ids
    of every programme cell (stripped, as the import strips them) are looked up
    in the written GeoParquet one row group at a time, so the accepted ids of a
    large registry are never all in memory.
    """
    cells = [strip_values(t.frame[c]).to_numpy(dtype=object) for t in tables for c in t.frame]
    values = pd.unique(np.concatenate(cells)) if cells else np.array([], dtype=object)
    wanted = pa.array([v for v in values if v is not None], type=pa.string())
    found = []
    parquet = pq.ParquetFile(organizations)
    for group in range(parquet.num_row_groups):
        ids = parquet.read_row_group(group, columns=["org_id"]).column(0).cast(pa.string())
        found.append(ids.filter(pc.is_in(ids, value_set=wanted)))
    return pa.chunked_array(found, type=pa.string()).combine_chunks()


def _open(
    org_files: Sequence[Path], options: StreamOptions, chunk_rows: int
) -> tuple[list[_Source], Context, dict[str, str] | None]:
    """Open each file and check the options and every file's header, as the whole import."""
    sources: list[_Source] = []
    heads: list[RawTable] = []
    test = maps_required(options.mapping)
    for path in org_files:
        source: CsvChunks | WholeChunks = open_chunks(Path(path), sheet=options.sheet)
        head = _head(source, chunk_rows)
        forced = options.header_row not in (None, head.header_row if head else None)
        if head is None or forced or not test(list(head.frame.columns)):
            if isinstance(source, CsvChunks):  # the whole reader finds its header or says why
                source = whole_chunks(Path(path), sheet=options.sheet)
            head = source.raw
        sources.append(source)
        heads.append(head)
    fixed_country, fixed_type, located, _, _ = check_inputs(
        heads,
        country=options.country,
        policy=options.policy,
        mapping=options.mapping,
        org_type=options.org_type,
        header_row=options.header_row,
    )
    for opened, table in zip(sources, located, strict=True):
        if isinstance(opened, WholeChunks):
            opened.raw = table  # under its header row
    context = Context.make(fixed_country, fixed_type, options.policy)
    return sources, context, options.mapping


def _head(source: CsvChunks | WholeChunks, chunk_rows: int) -> RawTable | None:
    """Return the first chunk of a streamed CSV, kept for its first pass (None: not streamable)."""
    if isinstance(source, WholeChunks):
        return source.raw
    try:
        return source.head(chunk_rows)
    except NotStreamableError:
        return None


def _gather(
    source: _Source, context: Context, options: StreamOptions, chunk_rows: int, spool: Path
) -> tuple[_Source, FileFacts]:
    """First pass over one file: its facts (a CSV the fast parser refuses is read whole).

    A streamed CSV's parsed chunks are kept in ``spool``; the source returned replays them.
    """
    try:
        if isinstance(source, CsvChunks):
            found = _facts(source, context, options, chunk_rows, spool)
            return _Replay(spool, source.name), found
        return source, _facts(source, context, options, chunk_rows)
    except NotStreamableError:
        assert isinstance(source, CsvChunks)
        spool.unlink(missing_ok=True)
        whole = whole_chunks(source.path, sheet=options.sheet)
        checked = check_inputs(
            [whole.raw], country=None, policy=options.policy, mapping=options.mapping,
            header_row=options.header_row,
        )  # fmt: skip
        whole.raw = checked[2][0]
        return whole, _facts(whole, context, options, chunk_rows)


def _facts(
    source: _Source,
    context: Context,
    options: StreamOptions,
    chunk_rows: int,
    spool: Path | None = None,
) -> FileFacts:
    """Read every chunk of ``source`` for its file-level facts (and keep them in ``spool``)."""
    gatherer: FactsGatherer | None = None
    with spool.open("wb") if spool is not None else contextlib.nullcontext() as handle:
        for chunk in source.chunks(chunk_rows):
            if gatherer is None:
                _, found = canonical_frame(
                    chunk, ORG_HEADERS, options.mapping, sector_is_type=False
                )
                gatherer = FactsGatherer(
                    options.mapping,
                    needs_country=context.fixed_country is None and "country" not in found,
                    gazetteer=context.gazetteer,
                    gazetteer2=context.gazetteer2,
                )
            gatherer.add(chunk)
            if handle is not None:
                pickle.dump(chunk, handle, protocol=pickle.HIGHEST_PROTOCOL)
            release_free_memory()
    assert gatherer is not None  # every source yields at least one chunk
    return gatherer.facts()


@dataclass
class _Chunk:
    """What one chunk's import produced."""

    accepted: pd.DataFrame
    rejected: pd.DataFrame
    report: dict[str, Any]
    keys: np.ndarray  # possible-duplicate key of each accepted row


def _import_chunk(
    chunk: RawTable,
    facts: FileFacts,
    context: Context,
    mapping: dict[str, str] | None,
    earlier: SeenIds,
) -> _Chunk:
    """Import one chunk with its file's facts fixed (as the whole import would)."""
    frame, found = canonical_frame(chunk, ORG_HEADERS, mapping, sector_is_type=facts.sector_is_type)
    rows = OrgRows(concat_frames([frame]))
    rows.headers = {id(chunk): found}
    attach(rows, chunk, facts)
    rows.earlier_ids = earlier
    run_stages(rows, [chunk], context)
    keys = duplicate_keys(rows).to_numpy(dtype=object)[rows.alive]
    accepted = accepted_frame(rows, context.gazetteer2)[[*ORG_COLUMNS, "geometry"]]
    rejected = rejected_table([chunk], rows)
    report = organizations_report(
        [chunk], rows, rows.resolved, {chunk.source_file: found}, len(accepted), rejected
    )
    report.update(rows.notes)
    report["unmatched_departments"] = unmatched_groups(rows, rows.resolved)  # file order
    return _Chunk(accepted, rejected, report, keys)


class _Writer:
    """Collects the chunks' outputs; writes the files at the end."""

    def __init__(self, work: Path) -> None:
        work.mkdir(parents=True, exist_ok=True)
        self.work = work
        self.parquet = GeoParquetChunks(work / "organizations")
        self.keys = KeyCounts(work / "keys")
        self.tally = ReportTally()
        self.spool = work / "rejected.pickle"
        self.spool.write_bytes(b"")

    def add(self, file: int, chunk: _Chunk) -> None:
        self.parquet.add(chunk.accepted)
        keys = chunk.keys.copy()
        missing = pd.isna(keys)  # a row without a key is never a duplicate: make it unique
        keys[missing] = [f"\0{len(self.keys)}:{i}" for i in np.flatnonzero(missing)]
        self.keys.add(keys)
        self.tally.add(file, chunk.report, chunk.accepted["status"].tolist())
        if len(chunk.rejected):
            with self.spool.open("ab") as handle:
                pickle.dump(chunk.rejected, handle, protocol=pickle.HIGHEST_PROTOCOL)

    def finish(self, organizations: Path, rejected: Path, rows: list[int]) -> dict[str, Any]:
        repeated = self.keys.repeated()
        self.parquet.finish(organizations, patch=_flag_duplicates(repeated))
        _write_rejected(self.spool, rejected)
        self.spool.unlink()
        extra = Counter({"possible_duplicate": int(repeated.sum())})
        return self.tally.report(rows, extra)


def _flag_duplicates(repeated: np.ndarray) -> Callable[[pa.Table, int], pa.Table]:
    """Return a part patch that adds ``possible_duplicate`` to the repeated rows' flags."""
    order = {code: k for k, code in enumerate(FLAGS)}

    def patch(table: pa.Table, offset: int) -> pa.Table:
        mine = repeated[offset : offset + table.num_rows]
        if not mine.any():
            return table
        flags = table.column("flags").to_numpy(zero_copy_only=False).astype(object)
        for i in np.flatnonzero(mine):
            codes = [c for c in str(flags[i]).split("|") if c] + ["possible_duplicate"]
            flags[i] = "|".join(sorted(codes, key=order.__getitem__))
        at = table.schema.get_field_index("flags")
        return table.set_column(at, "flags", pa.array(flags, type=table.schema.field(at).type))

    return patch


def _spooled(spool: Path) -> Iterator[pd.DataFrame]:
    with spool.open("rb") as handle:
        while True:
            try:
                yield pickle.load(handle)  # our own spool, written above
            except EOFError:
                return


def _write_rejected(spool: Path, path: Path) -> None:
    """Write the spooled rejected chunks as one CSV with every file's columns."""
    columns: dict[str, None] = dict.fromkeys(["source_file", "source_row", "reason", "message"])
    for part in _spooled(spool):
        columns.update(dict.fromkeys(part.columns))
    write_safe_csv(pd.DataFrame(columns=list(columns)), path)
    for part in _spooled(spool):
        write_safe_csv(part.reindex(columns=list(columns)), path, append=True)
        release_free_memory()
