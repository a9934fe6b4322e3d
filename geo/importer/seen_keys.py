"""Keys seen across the chunks of a build, kept on disk: memory does not grow with the file.

A build read in chunks still needs two facts about all rows: whether an
organization id was used by an earlier row (``duplicate_id``, :class:`SeenIds`) and
whether another accepted row has the same name in the same unit
(``possible_duplicate``, :class:`KeyCounts`). A key is two independent 64-bit hashes
(:func:`pandas.util.hash_array` with two keys); two different keys sharing both (about
one chance in 10^25 for five million rows) would be taken for one key.

Neither class keeps the keys in memory:

* :class:`SeenIds` writes each sorted run of ids (both hashes and where the id was
  first found, 24 bytes a row) to a file, and keeps in memory a Bloom filter of fixed
  size over all ids (8 MB, :data:`FILTER_BITS`) and the first hash of every 256th
  record of each run (:data:`FENCE`; 160 KB at five million ids): an id the filter
  rejects was never seen; the rare ids it lets through (real repeats, or about one id
  in 120 at five million rows) are looked up in one block of each run file. Runs are
  merged a block at a time (:data:`MERGE_BLOCK`), never read whole.
* :class:`KeyCounts` appends each key (24 bytes with its position) to one of
  :data:`BUCKETS` files by its first hash; at the end each bucket is read alone and
  its repeated keys found, so the largest thing in memory is one bucket and a mask of
  one byte a row.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

_HASH_KEYS = ("coopatlas-key-01", "coopatlas-key-02")  # 16 characters each
_ROW_BITS = 40  # a location is file index << 40 | row number

#: Runs are not merged beyond this many keys: a merge rewrites both runs on disk, and
#: merging everything seen would rewrite the whole file each time it doubles.
MERGE_LIMIT = 1 << 20

#: Keys read at a time when runs are merged (1.5 MB a block): a merge holds two blocks
#: and their merged part, whatever the size of the runs.
MERGE_BLOCK = 1 << 16

#: Bits of the Bloom filter of :class:`SeenIds` (8 MB), three bits an id: the share of
#: new ids it lets through to a lookup on disk is about 0.008 % at one million ids,
#: 0.8 % at five million and 4.7 % at ten million ((1 - exp(-3n / FILTER_BITS)) ** 3).
FILTER_BITS = 1 << 26

#: Records of a run per block looked up on disk (6 KB); the first hash of each block
#: is kept in memory (8 bytes per FENCE ids: 160 KB at five million).
FENCE = 256

#: Files the keys of :class:`KeyCounts` are spread over (by the first hash, modulo this).
BUCKETS = 64

#: One key on disk: both hashes and a number (a location, or the key's position).
_KEY = np.dtype([("h1", "<u8"), ("h2", "<u8"), ("at", "<i8")])


def hash_keys(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return two independent uint64 hashes of each text key.

    Parameters
    ----------
    keys
        Object array of ``str``.

    Returns
    -------
    tuple of numpy.ndarray
        ``uint64`` arrays, one value per key.
    """
    values = np.asarray(keys, dtype=object)
    first, second = (
        pd.util.hash_array(values, hash_key=key, categorize=False) for key in _HASH_KEYS
    )
    return first, second


def _records(h1: np.ndarray, h2: np.ndarray, at: np.ndarray) -> np.ndarray:
    out = np.empty(len(h1), dtype=_KEY)
    out["h1"], out["h2"], out["at"] = h1, h2, at
    return out


class SeenIds:
    """Organization ids of the rows kept so far, and where each was first found.

    Sorted runs are merged as they grow (like a log-structured merge), so adding a
    chunk costs about its own size, not the size of everything seen. In memory: a
    Bloom filter of :data:`FILTER_BITS` bits over every id (its size does not depend
    on the ids), and of each run the first hash of every :data:`FENCE` th record, which
    says which block of the run file to read for an id the filter lets through.

    Parameters
    ----------
    folder
        Where the runs are written (created; the caller removes it when done).
    """

    def __init__(self, folder: Path) -> None:
        self._folder = Path(folder)
        self._folder.mkdir(parents=True, exist_ok=True)
        self._filter = np.zeros(FILTER_BITS // 8, dtype=np.uint8)
        self._runs: list[_Run] = []
        self._files: list[str] = []
        self._written = 0  # runs written, to name the next one

    def __len__(self) -> int:
        return sum(run.size for run in self._runs)

    def find(self, keys: np.ndarray) -> list[tuple[str, int] | None]:
        """Return, for each key, the file and row where it was first seen, or None."""
        h1, h2 = hash_keys(keys)
        out: list[tuple[str, int] | None] = [None] * len(h1)
        bits = _filter_bits(h1, h2)
        maybe = np.all(self._filter[bits >> 3] & (1 << (bits & 7)).astype(np.uint8), axis=0)
        for i in np.flatnonzero(maybe):  # a real repeat, or the filter's false positive
            for run in self._runs:
                code = run.locate(h1[i], h2[i])
                if code is not None:
                    out[i] = (self._files[code >> _ROW_BITS], code & ((1 << _ROW_BITS) - 1))
                    break
        return out

    def add(self, keys: np.ndarray, files: np.ndarray, rows: np.ndarray) -> None:
        """Remember new keys (none seen before) with the file and row of each."""
        if len(keys) == 0:
            return
        codes = np.empty(len(keys), dtype="int64")
        names = np.asarray(files, dtype=object)
        for name in pd.unique(names):
            if name not in self._files:
                self._files.append(name)
            codes[names == name] = self._files.index(name) << _ROW_BITS
        codes |= np.asarray(rows, dtype="int64")
        h1, h2 = hash_keys(keys)
        bits = _filter_bits(h1, h2).ravel()
        np.bitwise_or.at(self._filter, bits >> 3, (1 << (bits & 7)).astype(np.uint8))
        self._push(_records(h1, h2, codes))
        while (
            len(self._runs) > 1
            and self._runs[-1].size * 2 >= self._runs[-2].size
            and self._runs[-1].size + self._runs[-2].size <= MERGE_LIMIT
        ):
            newer, older = self._runs.pop(), self._runs.pop()
            self._runs.append(self._merge(older.path, newer.path, older.size + newer.size))
            older.path.unlink()
            newer.path.unlink()

    def _next_path(self) -> Path:
        path = self._folder / f"run-{self._written:06d}.bin"
        self._written += 1
        return path

    def _push(self, records: np.ndarray) -> None:
        """Sort ``records`` by first hash (stable), write them, keep their fences."""
        records = records[np.argsort(records["h1"], kind="stable")]
        path = self._next_path()
        records.tofile(path)
        self._runs.append(_Run(path, len(records), records["h1"][::FENCE].copy()))

    def _merge(self, older: Path, newer: Path, size: int) -> _Run:
        """Merge two sorted runs into one, a block at a time; return it.

        The result is the stable sort of the older run followed by the newer (on an
        equal first hash the older record comes first), without either run in memory.
        """
        path = self._next_path()
        fences = np.empty(-(-size // FENCE), dtype=np.uint64)
        filled = 0
        left, right = _blocks(older), _blocks(newer)
        a, b = next(left, _EMPTY), next(right, _EMPTY)
        with path.open("wb") as out:
            while len(a) or len(b):
                if len(a) and len(b):  # what is below the smaller last hash is final
                    limit = min(a["h1"][-1], b["h1"][-1])
                    ka = int(np.searchsorted(a["h1"], limit, side="right"))
                    # the older run's next block may hold more of ``limit``: they go first
                    more = a["h1"][-1] == limit
                    kb = int(np.searchsorted(b["h1"], limit, side="left" if more else "right"))
                else:
                    ka, kb = len(a), len(b)
                part = np.concatenate([a[:ka], b[:kb]])
                part = part[np.argsort(part["h1"], kind="stable")]
                part.tofile(out)
                # the fences that fall in this part: records at multiples of FENCE
                lo, hi = -(-filled // FENCE), -(-(filled + len(part)) // FENCE)
                fences[lo:hi] = part["h1"][lo * FENCE - filled :: FENCE]
                filled += len(part)
                a, b = a[ka:], b[kb:]
                if not len(a):
                    a = next(left, _EMPTY)
                if not len(b):
                    b = next(right, _EMPTY)
        return _Run(path, size, fences)


@dataclass(frozen=True)
class _Run:
    """A sorted run on disk: its file, its records, every :data:`FENCE` th first hash."""

    path: Path
    size: int
    fences: np.ndarray

    def locate(self, h1: np.uint64, h2: np.uint64) -> int | None:
        """Return the location stored with the key (``h1``, ``h2``), or None."""
        first = max(int(np.searchsorted(self.fences, h1, side="left")) - 1, 0)
        end = int(np.searchsorted(self.fences, h1, side="right"))  # blocks that may hold h1
        if end <= first:
            return None
        count = min(end * FENCE, self.size) - first * FENCE
        block = np.fromfile(
            self.path, dtype=_KEY, count=count, offset=first * FENCE * _KEY.itemsize
        )
        match = np.flatnonzero((block["h1"] == h1) & (block["h2"] == h2))
        return int(block["at"][match[0]]) if len(match) else None


_EMPTY = np.empty(0, dtype=_KEY)


def _filter_bits(h1: np.ndarray, h2: np.ndarray) -> np.ndarray:
    """Return the Bloom filter's bits of each key: three rows of ``len(h1)`` positions."""
    mask = np.uint64(FILTER_BITS - 1)
    return np.stack([h1 & mask, (h1 >> np.uint64(32)) & mask, h2 & mask]).astype(np.int64)


def _blocks(path: Path) -> Iterator[np.ndarray]:
    """Yield the records of a run file, :data:`MERGE_BLOCK` at a time."""
    with path.open("rb") as handle:
        while len(block := np.fromfile(handle, dtype=_KEY, count=MERGE_BLOCK)):
            yield block


class KeyCounts:
    """Keys of the accepted rows in order; at the end, which occur more than once.

    Parameters
    ----------
    folder
        Where the buckets are written (created; the caller removes it when done).
    """

    def __init__(self, folder: Path) -> None:
        self._folder = Path(folder)
        self._folder.mkdir(parents=True, exist_ok=True)
        self._count = 0
        self._buckets = BUCKETS

    def __len__(self) -> int:
        return self._count

    def _bucket(self, k: int) -> Path:
        return self._folder / f"bucket-{k:03d}.bin"

    def add(self, keys: np.ndarray) -> None:
        """Append the keys of the next accepted rows."""
        if len(keys) == 0:
            return
        h1, h2 = hash_keys(keys)
        records = _records(h1, h2, np.arange(self._count, self._count + len(keys)))
        self._count += len(keys)
        bucket = (h1 % np.uint64(self._buckets)).astype(np.intp)
        order = np.argsort(bucket, kind="stable")
        bounds = np.searchsorted(bucket[order], np.arange(self._buckets + 1))
        for k in np.flatnonzero(np.diff(bounds)):
            with self._bucket(int(k)).open("ab") as handle:
                records[order[bounds[k] : bounds[k + 1]]].tofile(handle)

    def repeated(self) -> np.ndarray:
        """Return the mask, over every key added, of the keys that occur more than once."""
        out = np.zeros(self._count, dtype=bool)
        for k in range(self._buckets):
            path = self._bucket(k)
            if not path.exists():
                continue
            records = np.fromfile(path, dtype=_KEY)
            pairs = pd.DataFrame({"h1": records["h1"], "h2": records["h2"]})
            out[records["at"][pairs.duplicated(keep=False).to_numpy()]] = True
        return out
