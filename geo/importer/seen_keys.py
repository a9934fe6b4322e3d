"""Keys seen across the chunks of a build, kept on disk: memory does not grow with the file.

A build read in chunks still needs two facts about all rows: whether an
organization id was used by an earlier row (``duplicate_id``, :class:`SeenIds`) and
whether another accepted row has the same name in the same unit
(``possible_duplicate``, :class:`KeyCounts`). A key is two independent 64-bit hashes
(:func:`pandas.util.hash_array` with two keys); two different keys sharing both (about
one chance in 10^25 for five million rows) would be taken for one key.

Neither class keeps the keys in memory:

* :class:`SeenIds` writes each sorted run of ids (both hashes and where the id was
  first found, 24 bytes a row) to a file, and keeps in memory only the top 32 bits of
  the first hash of each run (4 bytes a row) as a filter: an id whose 32 bits match
  nothing was never seen; the rare ids that match (real repeats, or about one id in
  800 at five million rows) are checked against the file, opened for that lookup only.
* :class:`KeyCounts` appends each key (24 bytes with its position) to one of
  :data:`BUCKETS` files by its first hash; at the end each bucket is read alone and
  its repeated keys found, so the largest thing in memory is one bucket and a mask of
  one byte a row.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

_HASH_KEYS = ("coopatlas-key-01", "coopatlas-key-02")  # 16 characters each
_ROW_BITS = 40  # a location is file index << 40 | row number

#: Runs are not merged beyond this many keys: a merge reads its runs into memory, and a
#: merge of everything seen would grow with the file (five million ids: about 24 runs).
MERGE_LIMIT = 1 << 20

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
    chunk costs about its own size, not the size of everything seen.

    Parameters
    ----------
    folder
        Where the runs are written (created; the caller removes it when done).
    """

    def __init__(self, folder: Path) -> None:
        self._folder = Path(folder)
        self._folder.mkdir(parents=True, exist_ok=True)
        self._runs: list[tuple[np.ndarray, Path]] = []  # top 32 bits of h1, the run's file
        self._files: list[str] = []
        self._written = 0  # runs written, to name the next one

    def __len__(self) -> int:
        return sum(len(top) for top, _ in self._runs)

    def find(self, keys: np.ndarray) -> list[tuple[str, int] | None]:
        """Return, for each key, the file and row where it was first seen, or None."""
        h1, h2 = hash_keys(keys)
        top1 = (h1 >> np.uint64(32)).astype(np.uint32)
        out: list[tuple[str, int] | None] = [None] * len(h1)
        for top, path in self._runs:
            left = np.searchsorted(top, top1, side="left")
            right = np.searchsorted(top, top1, side="right")
            hits = np.flatnonzero(right > left)  # rare: a real repeat or 32 bits in common
            if not len(hits):
                continue
            run = np.load(path, mmap_mode="r")  # only the pages of these hits are read
            for i in hits:
                if out[i] is not None:
                    continue
                for record in run[left[i] : right[i]]:
                    if record["h1"] == h1[i] and record["h2"] == h2[i]:
                        code = int(record["at"])
                        out[i] = (self._files[code >> _ROW_BITS], code & ((1 << _ROW_BITS) - 1))
                        break
            del run
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
        self._push(_records(h1, h2, codes))
        while (
            len(self._runs) > 1
            and len(self._runs[-1][0]) * 2 >= len(self._runs[-2][0])
            and len(self._runs[-1][0]) + len(self._runs[-2][0]) <= MERGE_LIMIT
        ):
            (_, newer), (_, older) = self._runs.pop(), self._runs.pop()
            merged = np.concatenate([np.load(older), np.load(newer)])
            older.unlink()
            newer.unlink()
            self._push(merged)

    def _push(self, records: np.ndarray) -> None:
        """Sort ``records`` by first hash (stable), write them, keep their filter."""
        records = records[np.argsort(records["h1"], kind="stable")]
        path = self._folder / f"run-{self._written:06d}.npy"
        self._written += 1
        np.save(path, records)
        top = (records["h1"] >> np.uint64(32)).astype(np.uint32)
        self._runs.append((top, path))


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
