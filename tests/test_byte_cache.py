"""The byte-bounded cache of a worker's recent answers (geo.byte_cache)."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from geo.byte_cache import ByteCache


def test_least_recently_used_values_go_first_once_the_budget_is_passed() -> None:
    cache: ByteCache[bytes] = ByteCache(10, len)
    cache.put("a", b"aaaa")  # 4 bytes
    cache.put("b", b"bbbb")  # 8
    assert cache.get("a") == b"aaaa"  # "a" is now the most recent, "b" the least
    cache.put("c", b"ccc")  # 11 > 10: "b" goes, 7 left
    assert cache.get("b") is None
    assert (cache.get("a"), cache.get("c"), cache.size, len(cache)) == (b"aaaa", b"ccc", 7, 2)


def test_a_value_larger_than_the_budget_is_kept_alone() -> None:
    cache: ByteCache[bytes] = ByteCache(10, len)
    cache.put("a", b"aa")
    cache.put("big", b"x" * 25)
    assert cache.get("a") is None
    assert cache.get("big") == b"x" * 25
    assert (cache.size, len(cache)) == (25, 1)
    cache.put("b", b"bb")  # the next one pushes it out
    assert (cache.get("big"), cache.size) == (None, 2)


def test_a_key_put_again_counts_once() -> None:
    cache: ByteCache[bytes] = ByteCache(100, len)
    cache.put("a", b"a" * 40)
    cache.put("a", b"a" * 30)
    assert (cache.size, len(cache)) == (30, 1)
    assert cache.pop("a") == b"a" * 30
    assert (cache.size, cache.pop("a")) == (0, None)


def test_arrays_by_their_bytes_and_threads_keep_the_count() -> None:
    cache: ByteCache[np.ndarray] = ByteCache(8 * 1000, lambda a: a.nbytes)  # 8,000 bytes

    def fill(start: int) -> None:
        for i in range(start, start + 200):
            cache.put(i, np.zeros(100))  # 800 bytes each: ten fit

    threads = [threading.Thread(target=fill, args=(k * 200,)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert (len(cache), cache.size) == (10, 8000)


def test_a_budget_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        ByteCache(0, len)
