"""A least-recently-used cache bounded by bytes, not by a count of entries.

A web worker keeps recent answers to reuse them (a filter's points while the map moves,
a view's unit table across its callbacks). Bounded by a count, such a cache holds as
many bytes as its largest entries allow: sixteen point sets of 100,000 organizations are
53 MB, held for good by each worker. Bounded by bytes, a worker's caches cost at most
their budgets, whatever the data.

The newest entry is always kept, even when it alone is over the budget (it is then the
only one): a large registry still reuses its last answer, and holds no more than that.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")

MB = 1 << 20


class ByteCache(Generic[V]):
    """Values by key, least recently used first out once ``budget`` bytes are passed.

    Parameters
    ----------
    budget
        Bytes the values may take together (as ``size_of`` counts them).
    size_of
        The bytes one value holds.

    Every method holds the cache's lock: callbacks run in several threads.
    """

    def __init__(self, budget: int, size_of: Callable[[V], int]) -> None:
        if budget <= 0:
            raise ValueError(f"a cache's budget must be positive, not {budget}")
        self.budget = budget
        self._size_of = size_of
        self._values: OrderedDict[Hashable, tuple[V, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._values)

    @property
    def size(self) -> int:
        """Return the bytes the values take now."""
        return self._bytes

    def get(self, key: Hashable) -> V | None:
        """Return the value kept for ``key`` (now the most recently used), or None."""
        with self._lock:
            hit = self._values.get(key)
            if hit is None:
                return None
            self._values.move_to_end(key)
            return hit[0]

    def put(self, key: Hashable, value: V) -> None:
        """Keep ``value``; drop the least recently used values until the budget holds."""
        size = self._size_of(value)
        with self._lock:
            old = self._values.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            self._values[key] = (value, size)
            self._bytes += size
            while self._bytes > self.budget and len(self._values) > 1:
                _, (_, dropped) = self._values.popitem(last=False)
                self._bytes -= dropped

    def pop(self, key: Hashable) -> V | None:
        """Forget ``key``; return its value, or None when none was kept."""
        with self._lock:
            old = self._values.pop(key, None)
            if old is None:
                return None
            self._bytes -= old[1]
            return old[0]

    def clear(self) -> None:
        """Forget every value."""
        with self._lock:
            self._values.clear()
            self._bytes = 0


__all__ = ["MB", "ByteCache"]
