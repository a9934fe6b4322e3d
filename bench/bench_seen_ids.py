"""The seen-id check of a chunked build alone: CPU and peak memory as the ids grow.

Usage::

    git archive <commit> | tar -x -C /tmp/base       # the code before, beside this one
    python -m bench.bench_seen_ids --base /tmp/base --ids 1000000 5000000

:class:`geo.importer.seen_keys.SeenIds` is fed as the import feeds it: chunks of
50,000 new ids, each first looked up (``find``; 100 ids of each chunk repeat ids of
the chunk before, as a registry's duplicates) and then added (``add``). Each size
runs in a child process for this checkout and, with ``--base``, for the
``seen_keys.py`` of an older tree, alternately; each child reports the CPU time of
``find`` and of ``add``, the repeats found and its peak resident memory (``VmHWM``,
which includes the ids' text). Writes ``bench/results/seen_ids.json``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench._common import write_results

CHUNK = 50_000
REPEATS = 100  # ids of each chunk that repeat the chunk before's

_CHILD = """
import importlib.util, json, sys, tempfile, time
from pathlib import Path
import numpy as np
spec = importlib.util.spec_from_file_location("seen_keys_measured", sys.argv[1])
mod = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = mod
spec.loader.exec_module(mod)
ids, chunk, repeats = (int(a) for a in sys.argv[2:5])
find_s = add_s = 0.0
found = 0
with tempfile.TemporaryDirectory() as tmp:
    seen = mod.SeenIds(Path(tmp) / "ids")
    for c in range(ids // chunk):
        keys = np.array([f"ID{c * chunk + k:09d}" for k in range(chunk)], dtype=object)
        asked = keys.copy()
        if c:
            asked[:repeats] = [f"ID{(c - 1) * chunk + k:09d}" for k in range(repeats)]
        start = time.process_time()
        found += sum(at is not None for at in seen.find(asked))
        find_s += time.process_time() - start
        start = time.process_time()
        seen.add(keys, np.full(chunk, "f.csv", dtype=object), np.arange(chunk))
        add_s += time.process_time() - start
status = open("/proc/self/status").read()
hwm = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
print(json.dumps({"find_s": round(find_s, 2), "add_s": round(add_s, 2), "found": found,
                  "peak_mb": round(int(hwm.split()[1]) / 1024)}))
"""


def _run(module: Path, ids: int) -> dict[str, Any]:
    command = [sys.executable, "-c", _CHILD, str(module), str(ids), str(CHUNK), str(REPEATS)]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(done.stdout)
    expected = REPEATS * (ids // CHUNK - 1)  # every repeat is found, nothing else
    if result["found"] != expected:
        raise SystemExit(f"{module}: {result['found']} repeats found, expected {expected}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ids", type=int, nargs="+", default=[1_000_000, 5_000_000])
    parser.add_argument("--base", type=Path, help="source tree of the old code")
    args = parser.parse_args()
    here = Path(__file__).resolve().parent.parent / "geo" / "importer" / "seen_keys.py"
    trees = {"new": here}
    if args.base is not None:
        trees = {"old": args.base / "geo" / "importer" / "seen_keys.py", **trees}
    runs: dict[str, dict[str, Any]] = {name: {} for name in trees}
    for ids in args.ids:
        for name, module in trees.items():
            runs[name][str(ids)] = _run(module, ids)
            print(f"{name}, {ids:,} ids: {runs[name][str(ids)]}", flush=True)
    path = write_results("seen_ids", {"chunk": CHUNK, "repeats": REPEATS, "runs": runs})
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
