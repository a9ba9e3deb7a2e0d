"""The csv module's field size limit, raised for a block of code only.

``csv.field_size_limit`` is one setting for the whole process (131 072 characters by
default). Raising it once at import time, as a side effect, changes it for every reader of
the process: a file one process refused was read by another, depending on which modules
happened to be imported. A reader that needs longer fields raises the limit for as long as
it reads instead::

    with field_size_limit(16 * 1024 * 1024):
        for record in csv.reader(handle): ...

Blocks may nest and may be open in several threads at once: the limit in force is the
largest any open block asked for (never lower than the limit from before), and the limit
from before is put back when the last block ends. A reader that wants a lower limit than
csv's checks the length of its cells itself.
"""

from __future__ import annotations

import csv
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_asked: list[int] = []  # the limits of the open blocks
_before = 0  # the limit when the first open block began


@contextmanager
def field_size_limit(limit: int) -> Iterator[None]:
    """Let csv readers in this block read fields of up to `limit` characters."""
    global _before
    with _lock:
        if not _asked:
            _before = csv.field_size_limit()
        _asked.append(limit)
        csv.field_size_limit(max(_before, *_asked))
    try:
        yield
    finally:
        with _lock:
            _asked.remove(limit)
            csv.field_size_limit(max(_before, *_asked) if _asked else _before)


def is_field_limit_error(error: csv.Error) -> bool:
    """Is this the csv module refusing a field over its limit (rather than a damaged file)?"""
    return "field larger than field limit" in str(error)
