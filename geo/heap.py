"""Give memory the program has freed back to the operating system.

A process that allocates and frees large blocks over and over (a chunked build, chunk
after chunk; a web worker, request after request) sees its resident memory grow while
what it holds stays the same:

* glibc's ``malloc`` keeps freed blocks in its heap for later allocations, and the
  free space between blocks still in use is never given back by ``free`` itself
  (only the top of the heap is), so the heap fragments and its resident size creeps
  up with every round;
* Arrow's memory pool (mimalloc by default) keeps freed pages for reuse.

:func:`release_free_memory` asks both to give their free pages back: glibc's
``malloc_trim(0)`` returns every whole free page of every heap (with
``madvise(MADV_DONTNEED)``, so the addresses stay valid and cost nothing until
reused), and Arrow's ``release_unused``. Nothing held is touched: it only changes
how much of the freed memory stays resident. Measured on a chunked build of 600,000
rows in 24 chunks (``docs/benchmarks.md``, "Build memory"): without it glibc's free
space grew from 16 to 34 MB and the resident memory from 328 to 365 MB while the
memory in use stayed at 60-62 MB; with it, once per chunk, 329 to 338 MB.

Where the C library has no ``malloc_trim`` (musl, macOS) only Arrow's pool is asked.

A process that builds (``coopatlas build``) goes further with
:func:`use_system_arrow_pool`: Arrow then allocates with the C library's ``malloc``, so
its freed buffers are trimmed with the rest of the heap. mimalloc kept about 75 MB
resident that Arrow no longer held (a 1 GB reservation with 94-100 MB resident while
Arrow's allocated bytes were 21-22 MB, chunk after chunk of a 2M-row build); with the
system pool a 1M-row build peaked at 373-374 MB instead of 440 MB, in the same CPU
time (25.8-25.9 against 26.6 s).
"""

from __future__ import annotations

import ctypes
import functools
import os
import sys
from collections.abc import Callable


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """Return glibc's ``malloc_trim``, or None when the C library has none."""
    try:
        trim = ctypes.CDLL(None).malloc_trim  # the C library the process already uses
    except (AttributeError, OSError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


def release_free_memory() -> None:
    """Return the free pages of the C heap and of Arrow's pool to the operating system.

    Cheap (a walk over the free lists: about a millisecond for a heap of 100 MB); call
    it after a piece of work that freed a lot, not in a tight loop.
    """
    arrow = sys.modules.get("pyarrow")  # not imported for it: only a pool in use has pages
    if arrow is not None:
        arrow.default_memory_pool().release_unused()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def use_system_arrow_pool() -> bool:
    """Make Arrow allocate from the C library's heap, which :func:`release_free_memory` trims.

    Arrow chooses its default pool once, when it is first imported, from the
    environment variable ``ARROW_DEFAULT_MEMORY_POOL`` (``pyarrow.set_memory_pool``
    changes only what Python asks for, not what Arrow's readers and writers use). This
    sets the variable (unless it is set already), so it must run before pyarrow is
    imported: at the start of a process whose memory matters more than the last per
    cent of Arrow's speed (the build command), not in a library function. Once pyarrow
    is imported it does nothing, and leaves the environment of child processes alone.

    Returns
    -------
    bool
        Whether it was in time (pyarrow not yet imported).
    """
    if "pyarrow" in sys.modules:  # too late: leave the environment of children alone
        return False
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
    return True
