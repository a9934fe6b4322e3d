"""Keys seen across the chunks of a build, kept small: 128-bit hashes, not the text.

A build read in chunks still needs two facts about all rows: whether an
organization id was used by an earlier row (``duplicate_id``,
:class:`SeenIds`) and whether another accepted row has the same name in the same
unit (``possible_duplicate``, :class:`KeyCounts`). Holding every key as Python
text would cost about 100 bytes a row; these classes keep two independent 64-bit
hashes (:func:`pandas.util.hash_array` with two keys) and, for ids, where the
first one was found: 24 bytes a row. Two different keys sharing both hashes (about
one chance in 10^25 for five million rows) would be taken for one key.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

_HASH_KEYS = ("coopatlas-key-01", "coopatlas-key-02")  # 16 characters each
_ROW_BITS = 40  # a location is file index << 40 | row number

#: Runs are not merged beyond this many keys: a merge copies its runs, and the copy of
#: everything seen would grow with the file (five million ids: about 24 runs to search).
MERGE_LIMIT = 1 << 20


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


class SeenIds:
    """Organization ids of the rows kept so far, and where each was first found.

    Sorted runs are merged as they grow (like a log-structured merge), so adding a
    chunk costs about its own size, not the size of everything seen.
    """

    def __init__(self) -> None:
        self._runs: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []  # h1, h2, location
        self._files: list[str] = []

    def __len__(self) -> int:
        return sum(len(run[0]) for run in self._runs)

    def find(self, keys: np.ndarray) -> list[tuple[str, int] | None]:
        """Return, for each key, the file and row where it was first seen, or None."""
        h1, h2 = hash_keys(keys)
        out: list[tuple[str, int] | None] = [None] * len(h1)
        for run1, run2, where in self._runs:
            left = np.searchsorted(run1, h1, side="left")
            right = np.searchsorted(run1, h1, side="right")
            for i in np.flatnonzero(right > left):  # rare: a real repeat (or a h1 collision)
                for j in range(left[i], right[i]):
                    if run2[j] == h2[i]:
                        code = int(where[j])
                        out[i] = (self._files[code >> _ROW_BITS], code & ((1 << _ROW_BITS) - 1))
                        break
        return out

    def add(self, keys: np.ndarray, files: np.ndarray, rows: np.ndarray) -> None:
        """Remember new keys (none seen before) with the file and row of each."""
        if len(keys) == 0:
            return
        codes = np.empty(len(keys), dtype="int64")
        for name in pd.unique(np.asarray(files, dtype=object)):
            if name not in self._files:
                self._files.append(name)
            codes[np.asarray(files, dtype=object) == name] = self._files.index(name) << _ROW_BITS
        codes |= np.asarray(rows, dtype="int64")
        h1, h2 = hash_keys(keys)
        order = np.argsort(h1, kind="stable")
        self._runs.append((h1[order], h2[order], codes[order]))
        while (
            len(self._runs) > 1
            and len(self._runs[-1][0]) * 2 >= len(self._runs[-2][0])
            and len(self._runs[-1][0]) + len(self._runs[-2][0]) <= MERGE_LIMIT
        ):
            newer, older = self._runs.pop(), self._runs.pop()
            merged = [np.concatenate([o, n]) for o, n in zip(older, newer, strict=True)]
            order = np.argsort(merged[0], kind="stable")
            self._runs.append((merged[0][order], merged[1][order], merged[2][order]))


class KeyCounts:
    """Keys of the accepted rows in order; at the end, which occur more than once."""

    def __init__(self) -> None:
        self._parts: list[tuple[np.ndarray, np.ndarray]] = []

    def __len__(self) -> int:
        return sum(len(part[0]) for part in self._parts)

    def add(self, keys: np.ndarray) -> None:
        """Append the keys of the next accepted rows."""
        self._parts.append(hash_keys(keys))

    def repeated(self) -> np.ndarray:
        """Return the mask, over every key added, of the keys that occur more than once."""
        if not self._parts:
            return np.zeros(0, dtype=bool)
        h1 = np.concatenate([p[0] for p in self._parts])
        order = np.argsort(h1, kind="stable")
        sorted1 = h1[order]
        # Keys sharing the first hash are rare (real repeats, or a collision): only
        # those are compared on both hashes.
        same = np.flatnonzero(sorted1[1:] == sorted1[:-1])
        del sorted1
        shared = np.zeros(len(order), dtype=bool)
        shared[same] = shared[same + 1] = True
        candidates = order[shared]
        del order
        h2 = np.concatenate([p[1] for p in self._parts])
        pairs = pd.DataFrame({"h1": h1[candidates], "h2": h2[candidates]})
        out = np.zeros(len(h1), dtype=bool)
        out[candidates] = pairs.duplicated(keep=False).to_numpy()
        return out
