"""geo.heap: freed memory goes back to the operating system; held memory is untouched."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from geo.heap import _malloc_trim

#: A child fills the C heap with 20,000 blocks of 4,000 bytes (80 MB, each written),
#: frees seven of every eight, then reads its resident anonymous memory before and after
#: release_free_memory. The freed blocks lie between kept ones (every 8th: one kept
#: block per 32 KB), so free() alone can return none of them but the heap's top; each
#: free gap of 28 KB holds at least 6 whole pages of 4 KB that a trim hands back:
#: at least 6 x 4 KB x 2,500 gaps = 60 MB, of the 70 MB freed.
_CHILD = """
import json
from geo.heap import release_free_memory

def rss_anon_kb():
    with open("/proc/self/status") as status:
        return int(next(l for l in status if l.startswith("RssAnon:")).split()[1])

blocks = [bytearray(b"x" * 4000) for _ in range(20_000)]
kept = blocks[7::8]  # the last block is kept too: the heap's top cannot be cut off
del blocks
before = rss_anon_kb()
release_free_memory()
after = rss_anon_kb()
intact = all(block == b"x" * 4000 for block in kept)
print(json.dumps({"before": before, "after": after, "intact": intact, "kept": len(kept)}))
"""


@pytest.mark.skipif(_malloc_trim() is None, reason="the C library has no malloc_trim")
def test_freed_blocks_between_kept_ones_leave_resident_memory() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD], capture_output=True, text=True, check=True, timeout=120
    )
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["kept"] == 2_500 and found["intact"], found
    # 6 whole pages of each of the 2,500 gaps, at least: 60,000 KB (see _CHILD)
    assert found["before"] - found["after"] >= 50_000, found


def test_release_without_arrow_or_trim_is_harmless(monkeypatch: pytest.MonkeyPatch) -> None:
    import geo.heap

    monkeypatch.setattr(geo.heap, "_malloc_trim", lambda: None)
    monkeypatch.delitem(sys.modules, "pyarrow", raising=False)
    geo.heap.release_free_memory()  # nothing to ask: returns without an error
