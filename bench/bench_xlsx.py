"""Reading a workbook: the one-pass sheet reader against openpyxl's read-only reading.

Usage: ``python -m bench.bench_xlsx [--rows 100000]``. Writes ``bench/results/xlsx.json``.

Three workbooks, each new to the run (written with a different seed, so no cache
helps):

* **registry**: a registry as Excel writes it (openpyxl's writer: a ``<dimension>``,
  shared strings, a date column with a date style), ``--rows`` rows of 7 columns;
* **no_dimension**: the same sheet without its ``<dimension>`` element, as some
  exporters write it (openpyxl then walks the sheet once more to size it);
* **refused**: 300,000 one-cell rows (``tests/test_hostile_contents.py``), refused at
  row 200,001.

For each, CPU seconds of :func:`geo.io.read_xlsx.read_xlsx` (what uploads and builds
use) against the baseline in the same run: openpyxl ``load_workbook(read_only=True,
data_only=True)``, its rows turned to text by the same ``cell_text`` and kept, as
the project read workbooks before (without its own pass for the limits, so the
baseline is cheaper than the old reader was; and without building the table's
DataFrame, which ours includes). Median of 3, and the extra peak memory of one read in
a fresh process for each.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import openpyxl

from bench._common import write_results
from geo.io.raw_table import cell_text
from geo.io.read_xlsx import read_xlsx
from tests.test_hostile_contents import xlsx_many_rows

_DEPARTMENTS = ["Cusco", "Antioquia", "Azuay", "Piura", "Nariño", "Loja", "Junín", "Cauca"]
_TYPES = ["Cooperativa agraria", "Asociación de productores", "Multiactiva sin sección"]


def write_registry(path: Path, rows: int, seed: int) -> Path:
    """Write a registry workbook of ``rows`` rows with openpyxl's writer."""
    pick = random.Random(seed)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Registro")
    sheet.append(["nombre", "departamento", "tipo", "socios", "fundada", "lat", "activa"])
    start = datetime(1960, 1, 1)
    for n in range(rows):
        sheet.append([
            f"Organización {seed}-{n} de {pick.choice(_DEPARTMENTS)}",
            pick.choice(_DEPARTMENTS),
            pick.choice(_TYPES),
            pick.randint(5, 900),
            start + timedelta(days=pick.randint(0, 23_000)),
            round(pick.uniform(-18.0, 12.0), 6),
            pick.random() < 0.9,
        ])  # fmt: skip
    book.save(path)
    return path


def drop_dimension(source: Path, path: Path) -> Path:
    """Copy a workbook without its sheet's ``<dimension>`` element."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for member in old.infolist():
            data = old.read(member)
            if member.filename.startswith("xl/worksheets/"):
                start = data.find(b"<dimension")
                if start >= 0:
                    data = data[:start] + data[data.index(b"/>", start) + 2 :]
            new.writestr(member, data)
    return path


def openpyxl_read(path: Path) -> int:
    """Count the valued rows as the baseline reads them: openpyxl read-only, kept as text."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    texts = ([cell_text(value) for value in values] for values in book.worksheets[0].values)
    rows = [row for row in texts if any(text is not None for text in row)]  # kept, as we keep
    book.close()
    return len(rows)


def ours(path: Path) -> int:
    """Count the data rows as uploads and builds read them, with the upload row limit."""
    try:
        return len(read_xlsx(path, None, max_rows=200_000).frame)
    except Exception:  # the refused workbook: its refusal is the work measured
        return -1


def cpu_median(read: object, path: Path, repeat: int = 3) -> float:
    """Median CPU seconds of ``read(path)``."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        read(path)  # type: ignore[operator]
        times.append(time.process_time() - start)
    return statistics.median(times)


_PEAK = """
import json, sys
from pathlib import Path
from bench._common import proc_memory_mb, reset_peak_rss
from bench.bench_xlsx import openpyxl_read, ours
reset_peak_rss()
before = proc_memory_mb()["rss_mb"]
{"ours": ours, "openpyxl": openpyxl_read}[sys.argv[1]](Path(sys.argv[2]))
print(json.dumps(proc_memory_mb()["hwm_mb"] - before))
"""


def peak_mb(which: str, path: Path) -> float:
    """Extra peak memory (MB) of one read in a fresh process, above its size after imports."""
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, which, str(path)], capture_output=True, text=True, check=True
    )
    return float(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench_xlsx_"))
    seed = random.randrange(1_000_000)
    registry = write_registry(folder / "registro.xlsx", args.rows, seed)
    workbooks = {
        "registry": registry,
        "no_dimension": drop_dimension(registry, folder / "sin_dimension.xlsx"),
        "refused": xlsx_many_rows(folder),
    }
    results: dict[str, object] = {"rows": args.rows, "seed": seed}
    for label, path in workbooks.items():
        assert label == "refused" or ours(path) == openpyxl_read(path) - 1  # header
        new, old = cpu_median(ours, path), cpu_median(openpyxl_read, path)
        results[label] = {
            "bytes": path.stat().st_size,
            "ours_cpu_s": round(new, 3),
            "openpyxl_cpu_s": round(old, 3),
            "ratio_ours_to_openpyxl": round(new / old, 3),
            "ours_peak_mb": round(peak_mb("ours", path), 1),
            "openpyxl_peak_mb": round(peak_mb("openpyxl", path), 1),
        }
        print(label, json.dumps(results[label]))
    print(write_results("xlsx", results))


if __name__ == "__main__":
    main()
