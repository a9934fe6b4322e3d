"""CPU time of each stage of a ``coopatlas build``, in one process: where a build's time goes.

Usage::

    python -m bench.bench_build_stages build <registry.csv> --programmes <p.csv> --out <dir>

The arguments are ``coopatlas``'s. The build's stages (the chunked build's passes, the
importer's stages, the GeoParquet writer) are wrapped with a timer of the process's CPU
time before the build runs; at the end the total CPU time, the imports' and each stage's
(calls and seconds) are printed to standard error. Run it with ``PYTHONPATH`` set to
another checkout to time that code the same way (``bench/results/build_stages_wpbuild.txt``
holds a base and a new run alternately, twice). Stages nest: ``_import_chunk`` holds
``run_stages``, which holds the importer's stages.
"""

from __future__ import annotations

import collections
import functools
import resource
import sys
import time
from collections.abc import Callable
from typing import Any

SECONDS: collections.Counter[str] = collections.Counter()
CALLS: collections.Counter[str] = collections.Counter()

_CHUNKED = ("_open", "_facts", "_import_chunk", "_accepted_among", "programme_output")
_IN_CHUNK = (
    "run_stages", "accepted_frame", "duplicate_keys", "rejected_table",
    "organizations_report", "unmatched_groups", "canonical_frame",
)  # fmt: skip
_STAGES = (
    "_reader_problems", "text_fields", "ids", "_country", "country_from_file", "_coordinates",
    "_written_department", "resolve_written_admin2", "choose_units", "reject_unlocated",
    "types_sectors_services", "_numbers",
)  # fmt: skip
_TEXT = (
    "strip_values", "fold_column", "summary_kinds", "blank_department_placeholders",
    "_first_column_looks_summary", "_first_cells",
)  # fmt: skip


def _wrap(owner: Any, name: str, label: str | None = None) -> None:
    """Replace ``owner.name`` by the same function timed (CPU seconds) under ``label``."""
    function: Callable[..., Any] = getattr(owner, name)
    label = label or f"{getattr(owner, '__name__', '?').split('.')[-1]}.{name}"

    @functools.wraps(function)
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            SECONDS[label] += time.process_time() - start
            CALLS[label] += 1

    setattr(owner, name, timed)


def main() -> None:
    start = time.process_time()
    import geo.builds.chunked as chunked
    import geo.importer.facts as facts
    import geo.importer.ids as ids
    import geo.importer.registry as registry
    import geo.io.parquet_chunks as parquet_chunks
    from coopatlas.cli import main as cli

    imports = time.process_time() - start
    for name in _CHUNKED + _IN_CHUNK:
        _wrap(chunked, name)
    for name in _STAGES:
        _wrap(registry, name)
    for name in _TEXT:
        _wrap(ids, name)
    _wrap(chunked._Writer, "add", "Writer.add")
    _wrap(chunked._Writer, "finish", "Writer.finish")
    _wrap(parquet_chunks.GeoParquetChunks, "add", "pq.add")
    _wrap(parquet_chunks.GeoParquetChunks, "finish", "pq.finish")
    _wrap(facts.FactsGatherer, "add", "facts.add")
    cli(sys.argv[1:])
    usage = resource.getrusage(resource.RUSAGE_SELF)
    total = usage.ru_utime + usage.ru_stime
    print(f"TOTAL CPU {total:.2f}  imports {imports:.2f}", file=sys.stderr)
    for label, seconds in SECONDS.most_common():
        print(f"{seconds:7.2f} {CALLS[label]:4d} {label}", file=sys.stderr)


if __name__ == "__main__":
    main()
