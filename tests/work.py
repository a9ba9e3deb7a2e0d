"""How much work a call does, counted instead of timed.

`calls_made` counts the Python and C function calls a call makes (through sys.setprofile).
The count does not depend on the machine or its load, so a test can compare a small and a
large input and tell linear work from quadratic without a clock. A regular expression's own
backtracking is one call here: the benchmarks in bench/ time those.
"""

import sys
from collections.abc import Callable


def calls_made(function: Callable, *args, **kwargs) -> int:
    count = 0

    def profile(_frame, event, _arg):
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        function(*args, **kwargs)
    finally:
        sys.setprofile(None)
    return count
